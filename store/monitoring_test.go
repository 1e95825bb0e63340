package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"csplan/model"
)

func readMonitoring(t *testing.T, db *DB) *model.Monitoring {
	t.Helper()
	st, err := db.ReadState(0)
	if err != nil {
		t.Fatal(err)
	}
	if st.Monitoring == nil || st.Monitoring.Year != st.Plan.Info.StartYear {
		t.Fatalf("ReadState's monitoring = %+v, want the plan's year %d", st.Monitoring, st.Plan.Info.StartYear)
	}
	return st.Monitoring
}

func TestActualsAreOneUndoableChange(t *testing.T) {
	db, _ := newTestDB(t)
	if m := readMonitoring(t, db); len(m.Actuals) != 0 || fmt.Sprint(m.Thresholds) != fmt.Sprint(model.DefaultRAGThresholds()) {
		t.Fatalf("a new plan's monitoring = %+v, want none and the default thresholds", m)
	}
	in := []model.Actual{
		{Item: 8, Period: 1, Amount: model.Pounds(1000), Description: "April invoice", Source: model.ActualSource{File: "ledger.csv", Row: 2}},
		{Item: 10, Period: 2, Amount: model.Pence(233350)},
		{Item: 8, Period: 2, Amount: model.Pounds(-50), Description: "credit note"},
	}
	out, err := db.AddActuals(in, nil, "Imported 3 actuals from ledger.csv")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[model.ID]bool{}
	for i, a := range out {
		if a.ID == 0 || seen[a.ID] || a.ID <= 10 {
			t.Fatalf("actual %d got ID %d: want a new ID of the shared sequence", i, a.ID)
		}
		seen[a.ID] = true
	}
	m := readMonitoring(t, db)
	if len(m.Actuals) != 3 || !m.Actuals[1].Amount.Equal(model.Pence(233350)) || m.Actuals[0].Source.Row != 2 {
		t.Fatalf("actuals read back = %+v", m.Actuals)
	}
	if got := lastSummary(t, db); got != "Imported 3 actuals from ledger.csv" {
		t.Fatalf("history says %q", got)
	}
	// A new line after the actuals does not take an actual's ID.
	l, err := db.SaveLine(model.Line{PriorityID: 3, Title: "New line", Cost: model.Pounds(5)})
	if err != nil {
		t.Fatal(err)
	}
	if seen[l.ID] {
		t.Fatalf("new line took actual ID %d", l.ID)
	}
	if _, err := db.Undo(); err != nil { // the line
		t.Fatal(err)
	}
	if _, err := db.Undo(); err != nil { // the actuals, all three
		t.Fatal(err)
	}
	if m := readMonitoring(t, db); len(m.Actuals) != 0 {
		t.Fatalf("after undo %d actuals remain", len(m.Actuals))
	}
	if _, err := db.Redo(); err != nil {
		t.Fatal(err)
	}
	if m := readMonitoring(t, db); len(m.Actuals) != 3 {
		t.Fatalf("after redo %d actuals, want 3", len(m.Actuals))
	}
	if err := db.Check(); err != nil {
		t.Fatalf("check after actuals, undo and redo: %v", err)
	}
}

func TestActualsRefusedWhole(t *testing.T) {
	db, path := newTestDB(t)
	before := fileSum(t, path)
	_, err := db.AddActuals([]model.Actual{
		{Item: 8, Period: 1, Amount: model.Pounds(10)},
		{Item: 99, Period: 13, Amount: model.Pounds(0)},
	}, nil, "")
	var inv *InvalidError
	if !errors.As(err, &inv) {
		t.Fatalf("err = %v, want the problems", err)
	}
	msg := err.Error()
	for _, want := range []string{"item 99 is not a line or post", "P13 is not a period", "£0.00 records nothing"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	if fileSum(t, path) != before {
		t.Fatal("a refused import changed the file")
	}
}

func TestLedgerFileCountedOnce(t *testing.T) {
	db, _ := newTestDB(t)
	imp := &model.LedgerImport{File: "ledger-q1.csv", SHA256: strings.Repeat("ab", 32), Rows: 1}
	a := []model.Actual{{Item: 8, Period: 1, Amount: model.Pounds(100)}}
	if _, err := db.AddActuals(a, imp, "Imported ledger-q1.csv"); err != nil {
		t.Fatal(err)
	}
	m := readMonitoring(t, db)
	if len(m.Imports) != 1 || m.Imports[0].Rows != 1 || m.Imports[0].File != "ledger-q1.csv" || !m.Imports[0].At.Equal(testNow) {
		t.Fatalf("imports = %+v", m.Imports)
	}
	again := *imp
	again.File = "renamed.csv"
	_, err := db.AddActuals(a, &again, "")
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "imported already, as ledger-q1.csv on 26 November 2026") {
		t.Fatalf("second import: %v", err)
	}
	if m := readMonitoring(t, db); len(m.Actuals) != 1 {
		t.Fatalf("the refused import left %d actuals", len(m.Actuals))
	}
	// Undoing the import forgets the file too, so it can be imported again.
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddActuals(a, imp, ""); err != nil {
		t.Fatalf("import after undo: %v", err)
	}
}

func TestEditMonitoring(t *testing.T) {
	db, path := newTestDB(t)
	_, err := db.EditMonitoring("Forecast for the IDVA", func(m *model.Monitoring, p *model.Plan) error {
		m.Forecast = map[model.ID]model.ForecastOverride{10: {Outturn: model.Pounds(20000), Reason: "vacant until July"}}
		m.Vacancies = map[model.ID][]model.Period{10: {1, 2, 3}}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	m := readMonitoring(t, db)
	if f := m.Forecast[10]; f.Reason != "vacant until July" || len(m.Vacancies[10]) != 3 {
		t.Fatalf("monitoring read back: %+v", m)
	}
	before := fileSum(t, path)
	_, err = db.EditMonitoring("bad", func(m *model.Monitoring, p *model.Plan) error {
		m.Forecast[8] = model.ForecastOverride{Outturn: model.Pounds(1)}
		m.Vacancies[8] = []model.Period{1}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "has no reason") || !strings.Contains(err.Error(), "only a post can be vacant") {
		t.Fatalf("bad edit: %v", err)
	}
	if fileSum(t, path) != before {
		t.Fatal("a refused edit changed the file")
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if m := readMonitoring(t, db); len(m.Forecast) != 0 {
		t.Fatalf("undo left the forecast: %+v", m.Forecast)
	}
}

func TestMonitoringKeyedByYear(t *testing.T) {
	db, _ := newTestDB(t)
	if _, err := db.AddActuals([]model.Actual{{Item: 8, Period: 1, Amount: model.Pounds(100)}}, nil, ""); err != nil {
		t.Fatal(err)
	}
	info := mustLoad(t, db).Info
	info.StartYear = 2018
	if err := db.SaveInfo(info); err != nil {
		t.Fatal(err)
	}
	if m := readMonitoring(t, db); len(m.Actuals) != 0 || m.Year != 2018 {
		t.Fatalf("2018/19 shows %+v", m)
	}
	info.StartYear = 2017
	if err := db.SaveInfo(info); err != nil {
		t.Fatal(err)
	}
	if m := readMonitoring(t, db); len(m.Actuals) != 1 {
		t.Fatalf("2017/18's actual is gone: %+v", m)
	}
	err := db.view(func(tx *bbolt.Tx) error {
		if tx.Bucket([]byte("actuals/2017")) == nil {
			t.Error("no actuals/2017 bucket")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSubmitReturnFreezes(t *testing.T) {
	db, _ := newTestDB(t)
	// A return of another year or quarter is refused, with nothing kept.
	for _, bad := range []model.SubmittedReturn{
		{Quarter: 1, Return: model.QuarterlyReturn{Year: 2016, Quarter: 1}},
		{Quarter: 2, Return: model.QuarterlyReturn{Year: 2017, Quarter: 1}},
	} {
		if err := db.SubmitReturn(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("submitting %+v: %v, want ErrInvalid", bad.Return, err)
		}
	}
	if m, _ := db.Monitoring(); len(m.Returns) != 0 {
		t.Fatalf("a refused return was kept: %+v", m.Returns)
	}
	r := model.SubmittedReturn{Quarter: 1, AsAt: 3, PreparedBy: "officer", Return: model.QuarterlyReturn{Partnership: "Safer Wolverhampton Partnership", Quarter: 1}}
	if err := db.SubmitReturn(r); err != nil {
		t.Fatal(err)
	}
	whole, err := db.Monitoring()
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := whole.Returns[1]; !ok || got.Return.Partnership != r.Return.Partnership || !got.At.Equal(testNow) {
		t.Fatalf("returns = %+v", whole.Returns)
	}
	// The screens' read gives each return's quarter and date, not its
	// figures, which may be megabytes.
	m := readMonitoring(t, db)
	if got, ok := m.Returns[1]; !ok || got.Return.Partnership != "" || !got.At.Equal(testNow) || got.AsAt != 3 {
		t.Fatalf("returns = %+v", m.Returns)
	}
	r.Return.Partnership = "changed"
	if err := db.SubmitReturn(r); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "submitted on 26 November 2026") {
		t.Fatalf("second submit: %v", err)
	}
	if m, _ := db.Monitoring(); m.Returns[1].Return.Partnership != "Safer Wolverhampton Partnership" {
		t.Fatal("the frozen return changed")
	}
	// A monitoring edit keeps the returns (they are records of their own).
	if _, err := db.EditMonitoring("narrative", func(m *model.Monitoring, p *model.Plan) error {
		m.Narratives = map[model.ID]map[model.Quarter]string{8: {1: "Two events held"}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if m := readMonitoring(t, db); len(m.Returns) != 1 || m.Narratives[8][1] != "Two events held" {
		t.Fatalf("after a narrative: %+v", m)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if m := readMonitoring(t, db); len(m.Returns) != 0 {
		t.Fatal("undo did not withdraw the submission")
	}
}

func TestCheckFindsDamagedActual(t *testing.T) {
	db, _ := newTestDB(t)
	out, err := db.AddActuals([]model.Actual{{Item: 8, Period: 1, Amount: model.Pounds(100)}}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	err = db.write(func(tx *bbolt.Tx) error {
		b := tx.Bucket([]byte("actuals/2017"))
		v := append([]byte(nil), b.Get(itob(uint64(out[0].ID)))...)
		v[len(v)-3] ^= 1
		return b.Put(itob(uint64(out[0].ID)), v)
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Check()
	if err == nil || !strings.Contains(err.Error(), "actual") {
		t.Fatalf("check of a damaged actual: %v", err)
	}
}
