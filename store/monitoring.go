package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// The year's monitoring (issue 13) is kept by the financial year it
// belongs to, so that a file can hold several years' plans without the
// records moving again:
//
//   - bucket "actuals/2017": the year's actuals, by ID (IDs come from the
//     shared sequence, so an ID still names one record of the file);
//   - meta key "monitoring/2017": the rest of the year's record (profiles,
//     forecasts, vacancies, thresholds, narratives, measures, the ledger
//     files imported), as model.Monitoring without its actuals and returns;
//   - meta key "return/2017/Q1": a quarterly return as submitted, kept
//     apart because it is written once and may be large.
//
// Each is a kind (records.go) whose name stays "actual", "monitoring" or
// "return" and whose Change carries the year, so history, undo and redo
// treat them as every other record.

const (
	kindNameActual     = "actual"
	kindNameMonitoring = "monitoring"
	kindNameReturn     = "return"
	actualsPrefix      = "actuals/"
	monitoringPrefix   = "monitoring/"
	returnPrefix       = "return/"
)

// actualsKind is the kind of a year's actuals.
func actualsKind(year int) *kind {
	return &kind{name: kindNameActual, noun: "actual", bucket: []byte(actualsPrefix + strconv.Itoa(year)), year: year}
}

// monitoringKind is the kind of a year's monitoring record.
func monitoringKind(year int) *kind {
	return &kind{name: kindNameMonitoring, noun: fmt.Sprintf("monitoring record of %s", model.FinancialYear(year)),
		bucket: bucketMeta, fixedKey: []byte(monitoringPrefix + strconv.Itoa(year)), year: year}
}

// returnKind is the kind of a year's submitted return for quarter q; its
// changes carry q as their ID.
func returnKind(year int, q model.Quarter) *kind {
	return &kind{name: kindNameReturn, noun: fmt.Sprintf("%s return of %s", q, model.FinancialYear(year)),
		bucket: bucketMeta, fixedKey: []byte(fmt.Sprintf("%s%d/%s", returnPrefix, year, q)), year: year}
}

// validYear is the range of financial years a monitoring key may name.
func validYear(y int) bool { return y >= 1900 && y <= 9999 }

// yearKind returns the monitoring kind a history change names.
func yearKind(name string, year int, id model.ID) (*kind, bool) {
	if !validYear(year) {
		return nil, false
	}
	switch name {
	case kindNameActual:
		return actualsKind(year), true
	case kindNameMonitoring:
		return monitoringKind(year), true
	case kindNameReturn:
		if q := model.Quarter(id); q.Valid() {
			return returnKind(year, q), true
		}
	}
	return nil, false
}

// actualBuckets returns every year's actuals bucket.
func actualBuckets(tx *bbolt.Tx) []*bbolt.Bucket {
	var out []*bbolt.Bucket
	c := tx.Cursor()
	prefix := []byte(actualsPrefix)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if b := tx.Bucket(k); b != nil {
			out = append(out, b)
		}
	}
	return out
}

// loadMonitoring reads a year's monitoring: the record, the actuals in ID
// order and the returns submitted. A year with nothing stored reads as a
// new record with the default thresholds.
func loadMonitoring(tx *bbolt.Tx, year int) (*model.Monitoring, error) {
	return loadMonitoringAs(tx, year, true)
}

// loadMonitoringAs is loadMonitoring; with whole false each submitted
// return is read without its figures (quarter, as-at, who and when only),
// as the screens need it after every change: a return at 10,000 lines is
// megabytes of JSON.
func loadMonitoringAs(tx *bbolt.Tx, year int, whole bool) (*model.Monitoring, error) {
	m := model.NewMonitoring(year)
	k := monitoringKind(year)
	if raw := tx.Bucket(bucketMeta).Get(k.fixedKey); raw != nil {
		if err := decode(k, nil, raw, m); err != nil {
			return nil, err
		}
	}
	m.Year = year
	if b := tx.Bucket(actualsKind(year).bucket); b != nil {
		ak := actualsKind(year)
		c := b.Cursor()
		for key, raw := c.First(); key != nil; key, raw = c.Next() {
			var a model.Actual
			if err := decode(ak, key, raw, &a); err != nil {
				return nil, err
			}
			m.Actuals = append(m.Actuals, a)
		}
	}
	for q := model.Quarter(1); q <= 4; q++ {
		rk := returnKind(year, q)
		raw := tx.Bucket(bucketMeta).Get(rk.fixedKey)
		if raw == nil {
			continue
		}
		var r model.SubmittedReturn
		if whole {
			if err := decode(rk, nil, raw, &r); err != nil {
				return nil, err
			}
		} else {
			var head struct {
				Quarter    model.Quarter `json:"quarter"`
				AsAt       model.Period  `json:"as_at"`
				PreparedBy string        `json:"prepared_by"`
				At         time.Time     `json:"at"`
			}
			if err := decodePart(rk, rk.fixedKey, raw, &head); err != nil {
				return nil, err
			}
			r = model.SubmittedReturn{Quarter: head.Quarter, AsAt: head.AsAt, PreparedBy: head.PreparedBy, At: head.At}
		}
		if m.Returns == nil {
			m.Returns = map[model.Quarter]model.SubmittedReturn{}
		}
		m.Returns[q] = r
	}
	return m, nil
}

// Monitoring reads the monitoring of the plan's year.
func (s *DB) Monitoring() (*model.Monitoring, error) {
	var m *model.Monitoring
	err := s.view(func(tx *bbolt.Tx) error {
		var info model.Info
		if err := decode(kindInfo, nil, tx.Bucket(bucketMeta).Get(keyInfo), &info); err != nil {
			return err
		}
		var err error
		m, err = loadMonitoring(tx, info.StartYear)
		return err
	})
	return m, err
}

// putMonitoringRecord writes the year's record, without its actuals and
// returns (they are records of their own).
func putMonitoringRecord(t *txn, m *model.Monitoring) error {
	rec := *m
	rec.Actuals, rec.Returns = nil, nil
	raw, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("the monitoring record: %w", err)
	}
	_, err = t.put(monitoringKind(m.Year), 0, raw)
	return err
}

// monitoringTxn reads the plan and its year's monitoring inside a write.
func monitoringTxn(t *txn) (*model.Plan, *model.Monitoring, error) {
	p, err := loadPlan(t.tx)
	if err != nil {
		return nil, nil, err
	}
	m, err := loadMonitoring(t.tx, p.Info.StartYear)
	if err != nil {
		return nil, nil, err
	}
	return p, m, nil
}

// itemTitles maps the plan's items to their titles.
func itemTitles(p *model.Plan) map[model.ID]model.Item {
	out := make(map[model.ID]model.Item, len(p.Lines)+len(p.Posts))
	for _, it := range p.Items() {
		out[it.ID] = it
	}
	return out
}

// maxDescription is the longest description an actual may carry.
const maxDescription = 500

// actualProblems returns what stops an actual being saved, naming it as
// the officer would know it (its item and period, or its file and row).
func actualProblems(items map[model.ID]model.Item, a *model.Actual) []model.Problem {
	where := "actual"
	it, ok := items[a.Item]
	if ok {
		where = fmt.Sprintf("actual against %q", it.Title)
	}
	if a.Source.File != "" {
		where += " (" + a.Source.String() + ")"
	}
	var ps []model.Problem
	bad := func(field, msg string) {
		ps = append(ps, model.Problem{Severity: model.Error, Where: where, Message: field + ": " + msg})
	}
	if !ok {
		bad("item", fmt.Sprintf("item %d is not a line or post of the plan", a.Item))
	}
	if !a.Period.Valid() {
		bad("period", fmt.Sprintf("%s is not a period of the year: periods run from P1 (April) to P12 (March)", a.Period))
	}
	if a.Amount.IsZero() {
		bad("amount", "an actual of £0.00 records nothing: enter the amount spent, negative for a credit")
	}
	if a.Amount.Decimal().Abs().Cmp(model.MaxMoney.Decimal()) >= 0 {
		bad("amount", "must be under £1,000,000,000")
	}
	if n := len([]rune(a.Description)); n > maxDescription {
		bad("description", fmt.Sprintf("is %d characters long: at most %d", n, maxDescription))
	}
	return ps
}

// AddActuals adds spend records to the plan's year in one undoable change,
// giving each a new ID, and returns them as saved. imp, when given, is the
// ledger file they came from: a file whose SHA-256 was imported before is
// refused (ErrExists), naming when; otherwise it is recorded with the IDs
// of its actuals. summary is the history's words for the change.
func (s *DB) AddActuals(actuals []model.Actual, imp *model.LedgerImport, summary string) ([]model.Actual, error) {
	out := make([]model.Actual, len(actuals))
	copy(out, actuals)
	err := s.update(func(t *txn) error {
		p, m, err := monitoringTxn(t)
		if err != nil {
			return err
		}
		if len(out) == 0 && imp == nil {
			return nil
		}
		items := itemTitles(p)
		var ps []model.Problem
		for i := range out {
			ps = append(ps, actualProblems(items, &out[i])...)
		}
		if len(ps) > 0 {
			return &InvalidError{Problems: ps}
		}
		k := actualsKind(m.Year)
		for i := range out {
			id, err := t.nextID()
			if err != nil {
				return err
			}
			out[i].ID = id
			raw, err := json.Marshal(out[i])
			if err != nil {
				return err
			}
			if _, err := t.put(k, id, raw); err != nil {
				return err
			}
		}
		if imp != nil {
			for _, prev := range m.Imports {
				if prev.SHA256 == imp.SHA256 {
					return fmt.Errorf("%s was imported already, as %s on %s (%d rows): %w; a file is counted once",
						imp.File, prev.File, prev.At.Format("2 January 2006"), prev.Rows, ErrExists)
				}
			}
			rec := *imp
			id, err := t.nextID()
			if err != nil {
				return err
			}
			rec.ID = id
			if rec.At.IsZero() {
				rec.At = s.now()
			}
			m.Imports = append(m.Imports, rec)
			if err := putMonitoringRecord(t, m); err != nil {
				return err
			}
		}
		t.summary = summary
		if t.summary == "" {
			t.summary = fmt.Sprintf("Added %d actuals", len(out))
			if len(out) == 1 {
				t.summary = fmt.Sprintf("Added an actual of %s in %s (%s)", out[0].Amount.Exact(), out[0].Period, titleOf(p, out[0].Item))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SaveActual adds (ID 0) or changes one actual of the plan's year.
func (s *DB) SaveActual(a model.Actual) (model.Actual, error) {
	if a.ID == 0 {
		out, err := s.AddActuals([]model.Actual{a}, nil, "")
		if err != nil {
			return model.Actual{}, err
		}
		if len(out) == 1 {
			a = out[0]
		}
		return a, nil
	}
	err := s.update(func(t *txn) error {
		p, m, err := monitoringTxn(t)
		if err != nil {
			return err
		}
		k := actualsKind(m.Year)
		raw := t.get(k, a.ID)
		if raw == nil {
			return fmt.Errorf("actual %d: %w", a.ID, ErrNotFound)
		}
		var before model.Actual
		if err := decode(k, k.key(a.ID), raw, &before); err != nil {
			return err
		}
		if ps := actualProblems(itemTitles(p), &a); len(ps) > 0 {
			return &InvalidError{Problems: ps}
		}
		after, err := json.Marshal(a)
		if err != nil {
			return err
		}
		if _, err := t.put(k, a.ID, after); err != nil {
			return err
		}
		t.summary = fmt.Sprintf("Changed the actual of %s in %s (%s)", before.Amount.Exact(), before.Period, titleOf(p, before.Item))
		return nil
	})
	if err != nil {
		return model.Actual{}, err
	}
	return a, nil
}

// DeleteActual removes an actual of the plan's year.
func (s *DB) DeleteActual(id model.ID) error {
	return s.update(func(t *txn) error {
		p, m, err := monitoringTxn(t)
		if err != nil {
			return err
		}
		k := actualsKind(m.Year)
		raw := t.get(k, id)
		if raw == nil || id == 0 {
			return fmt.Errorf("actual %d: %w", id, ErrNotFound)
		}
		var a model.Actual
		if err := decode(k, k.key(id), raw, &a); err != nil {
			return err
		}
		if _, err := t.put(k, id, nil); err != nil {
			return err
		}
		t.summary = fmt.Sprintf("Removed the actual of %s in %s (%s)", a.Amount.Exact(), a.Period, titleOf(p, a.Item))
		return nil
	})
}

// titleOf names an item for a summary.
func titleOf(p *model.Plan, id model.ID) string {
	for _, it := range p.Items() {
		if it.ID == id {
			return it.Title
		}
	}
	return fmt.Sprintf("item %d", id)
}

// EditMonitoring changes the plan's year's monitoring record (profiles,
// forecasts, vacancies, thresholds, narratives, measures) in one undoable
// change: edit is handed the record as stored and the plan, read inside
// the write. Actuals and returns are not changed here (AddActuals,
// SubmitReturn). The change is refused, with the problems, when it makes
// the record fail a check it passed before.
func (s *DB) EditMonitoring(summary string, edit func(m *model.Monitoring, p *model.Plan) error) (*model.Monitoring, error) {
	var out *model.Monitoring
	err := s.update(func(t *txn) error {
		p, m, err := monitoringTxn(t)
		if err != nil {
			return err
		}
		before := problemSet(m.Check(p))
		actuals, returns, imports := m.Actuals, m.Returns, len(m.Imports)
		if err := edit(m, p); err != nil {
			return err
		}
		m.Year, m.Actuals, m.Returns = p.Info.StartYear, actuals, returns
		if len(m.Imports) != imports {
			return errors.New("the ledger files imported are changed only by an import or its undo")
		}
		var ps []model.Problem
		for _, e := range m.Check(p) {
			if !before[e.Error()] {
				ps = append(ps, model.Problem{Severity: model.Error, Where: "monitoring", Message: e.Error()})
			}
		}
		if len(ps) > 0 {
			return &InvalidError{Problems: ps}
		}
		if err := putMonitoringRecord(t, m); err != nil {
			return err
		}
		t.summary = summary
		out = m
		return nil
	})
	if err != nil {
		return nil, err
	}
	if out == nil { // nothing changed
		return s.Monitoring()
	}
	return out, nil
}

func problemSet(errs []error) map[string]bool {
	out := make(map[string]bool, len(errs))
	for _, e := range errs {
		out[e.Error()] = true
	}
	return out
}

// SubmitReturn freezes a quarterly return of the plan's year as sent. A
// quarter already submitted is refused (ErrExists); undo withdraws a
// submission made by mistake.
func (s *DB) SubmitReturn(r model.SubmittedReturn) error {
	if !r.Quarter.Valid() {
		return fmt.Errorf("%s is not a quarter: quarters are Q1 to Q4", r.Quarter)
	}
	return s.update(func(t *txn) error {
		var info model.Info
		if err := decode(kindInfo, nil, t.get(kindInfo, 0), &info); err != nil {
			return err
		}
		// A return worked out for another year or quarter (the plan's
		// year changed while it was open) is not this quarter's.
		if y := r.Return.Year; y != 0 && y != info.StartYear {
			return fmt.Errorf("the return is of %d/%02d, and the plan is of %s: %w; write the return again",
				y, (y+1)%100, info.Year(), ErrInvalid)
		}
		if q := r.Return.Quarter; q != 0 && q != r.Quarter {
			return fmt.Errorf("the return is of %s, not %s: %w; write the return again", q, r.Quarter, ErrInvalid)
		}
		k := returnKind(info.StartYear, r.Quarter)
		if raw := t.get(k, model.ID(r.Quarter)); raw != nil {
			var prev model.SubmittedReturn
			if err := decode(k, nil, raw, &prev); err != nil {
				return err
			}
			return fmt.Errorf("the %s return of %s was submitted on %s: %w; it is kept as sent",
				r.Quarter, info.Year(), prev.At.Format("2 January 2006"), ErrExists)
		}
		if r.At.IsZero() {
			r.At = s.now()
		}
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := t.put(k, model.ID(r.Quarter), raw); err != nil {
			return err
		}
		t.summary = fmt.Sprintf("Submitted the %s return", r.Quarter)
		return nil
	})
}

// monitoring checks every year's monitoring records (schema 5): the
// records open and read strictly, actuals sit under their own IDs, and
// keys name a year and quarter csplan would write.
func (c *checker) monitoring(maxID *model.ID) {
	meta := c.tx.Bucket(bucketMeta)
	cur := meta.Cursor()
	for key, stored := cur.First(); key != nil; key, stored = cur.Next() {
		name := string(key)
		switch {
		case strings.HasPrefix(name, monitoringPrefix):
			y, err := strconv.Atoi(strings.TrimPrefix(name, monitoringPrefix))
			if err != nil || !validYear(y) {
				c.bad("the meta key %q names no year", name)
				continue
			}
			k := monitoringKind(y)
			if raw, ok := c.open(key, stored, "the "+k.noun); ok {
				var m model.Monitoring
				if err := strictJSON(raw, &m); err != nil {
					c.bad("the %s cannot be read: %v", k.noun, err)
				}
			}
		case strings.HasPrefix(name, returnPrefix):
			var y, q int
			if _, err := fmt.Sscanf(name, returnPrefix+"%d/Q%d", &y, &q); err != nil || !validYear(y) || !model.Quarter(q).Valid() ||
				name != string(returnKind(y, model.Quarter(q)).fixedKey) {
				c.bad("the meta key %q names no year and quarter", name)
				continue
			}
			k := returnKind(y, model.Quarter(q))
			if raw, ok := c.open(key, stored, "the "+k.noun); ok {
				var r model.SubmittedReturn
				if err := strictJSON(raw, &r); err != nil {
					c.bad("the %s cannot be read: %v", k.noun, err)
				}
			}
		}
	}
	tc := c.tx.Cursor()
	prefix := []byte(actualsPrefix)
	for name, _ := tc.Seek(prefix); name != nil && bytes.HasPrefix(name, prefix); name, _ = tc.Next() {
		y, err := strconv.Atoi(strings.TrimPrefix(string(name), actualsPrefix))
		if err != nil || !validYear(y) || string(name) != string(actualsKind(y).bucket) {
			c.bad("the bucket %q names no year", name)
			continue
		}
		b := c.tx.Bucket(name)
		if b == nil {
			c.bad("%s is a record, not a bucket", name)
			continue
		}
		ac := b.Cursor()
		for key, stored := ac.First(); key != nil; key, stored = ac.Next() {
			what := fmt.Sprintf("actual %d of %s", btoi(key), model.FinancialYear(y))
			if stored == nil {
				c.bad("%s is a bucket, not a record", what)
				continue
			}
			raw, ok := c.open(key, stored, what)
			if !ok {
				continue
			}
			var a model.Actual
			if err := strictJSON(raw, &a); err != nil {
				c.bad("%s cannot be read: %v", what, err)
				continue
			}
			if len(key) != 8 || uint64(a.ID) != btoi(key) {
				c.bad("%s says it is %d: it is stored under the wrong key", what, a.ID)
			}
			*maxID = max(*maxID, a.ID, model.ID(btoi(key)))
		}
	}
}

// migrateMonitoring is the schema 4 to 5 upgrade. Schema 5 adds the year's
// monitoring records, which are written when first needed (nothing to
// move), and keeps each undo payload in a bucket of its own (putPayload),
// so the payloads move.
func migrateMonitoring(tx *bbolt.Tx) error {
	if tx.Bucket(bucketMeta) == nil {
		return fmt.Errorf("%w: it has no meta bucket", ErrNotPlanFile)
	}
	u := tx.Bucket(bucketUndo)
	if u == nil {
		return fmt.Errorf("%w: the undo bucket is missing", ErrNotPlanFile)
	}
	type kv struct{ k, v []byte }
	var all []kv
	c := u.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v != nil {
			all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
		}
	}
	for _, x := range all {
		if err := u.Delete(x.k); err != nil {
			return err
		}
		b, err := u.CreateBucket(x.k)
		if err != nil {
			return err
		}
		if err := b.Put(keyPayload, x.v); err != nil { // already sealed with its seq
			return err
		}
	}
	return nil
}
