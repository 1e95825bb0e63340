package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// kind is one kind of record as the file sees it: where it lives and what
// Change.Kind calls it. Every write of the plan (save, delete, replace, undo,
// redo) goes through txn.put / txn.apply with a kind, so adding a kind of
// record is one entry here, one in recordKinds, and its typed methods.
type kind struct {
	name   string // Change.Kind
	noun   string // in summaries and errors: `line "X"`
	bucket []byte
	// fixedKey is set for the single-value kinds kept in the meta bucket
	// (info, settings); the others are keyed by ID.
	fixedKey []byte
	// year is set for the kinds that belong to one financial year's
	// monitoring (monitoring.go): their bucket or key names the year, and
	// a Change of them carries it.
	year int
}

func (k *kind) key(id model.ID) []byte {
	if k.fixedKey != nil {
		return k.fixedKey
	}
	return itob(uint64(id))
}

var (
	kindInfo       = &kind{name: "info", noun: "plan details", bucket: bucketMeta, fixedKey: keyInfo}
	kindSettings   = &kind{name: "settings", noun: "settings", bucket: bucketMeta, fixedKey: keySettings}
	kindFunding    = &kind{name: "funding", noun: "funding source", bucket: bucketFunding}
	kindPriorities = &kind{name: "priority", noun: "priority", bucket: bucketPriorities}
	kindTags       = &kind{name: "tag", noun: "PCC priority", bucket: bucketTags}
	kindLines      = &kind{name: "line", noun: "line", bucket: bucketLines}
	kindPosts      = &kind{name: "post", noun: "post", bucket: bucketPosts}
)

// recordKinds are the kinds keyed by ID, each in its own bucket. Order
// matters for ReplacePlan: referenced kinds come before the kinds that
// refer to them.
var recordKinds = []*kind{kindFunding, kindPriorities, kindTags, kindLines, kindPosts}

// allKinds are every kind a history entry can name. Scenarios are stored
// like records but are not part of the plan (see kindScenarios).
var allKinds = append([]*kind{kindInfo, kindSettings, kindScenarios}, recordKinds...)

func kindByName(name string) (*kind, bool) {
	for _, k := range allKinds {
		if k.name == name {
			return k, true
		}
	}
	return nil, false
}

// kindOf returns the kind a history change names: one of allKinds, or a
// year's monitoring kind.
func kindOf(c Change) (*kind, bool) {
	if k, ok := yearKind(c.Kind, c.Year, c.ID); ok {
		return k, true
	}
	if c.Year != 0 {
		return nil, false
	}
	return kindByName(c.Kind)
}

// txn is one write transaction together with the changes it has made so
// far, which become its history entry.
type txn struct {
	tx      *bbolt.Tx
	changes []Change
	// index finds the change already recorded for a record, so touching a
	// record twice (ReplacePlan deletes, then writes again) keeps the first
	// Before and the last After.
	index   map[changeKey]int
	summary string
	// written is every record write in order, as the commit log keeps
	// them (put and apply both add to it).
	written []written
}

type changeKey struct {
	kind string
	year int
	id   model.ID
}

func newTxn(tx *bbolt.Tx) *txn { return &txn{tx: tx, index: map[changeKey]int{}} }

func (t *txn) bucket(k *kind) (*bbolt.Bucket, error) {
	b := t.tx.Bucket(k.bucket)
	if b == nil && k.year != 0 && k.fixedKey == nil {
		// A year's actuals get their bucket with the first one written.
		return t.tx.CreateBucket(k.bucket)
	}
	if b == nil {
		return nil, fmt.Errorf("%w: the %s records are missing", ErrNotPlanFile, k.noun)
	}
	return b, nil
}

// get returns a record as stored (sealed: decode opens it), or nil. The
// slice is only valid inside the transaction.
func (t *txn) get(k *kind, id model.ID) []byte {
	b := t.tx.Bucket(k.bucket)
	if b == nil {
		return nil
	}
	return b.Get(k.key(id))
}

// put stores (after != nil) or deletes (after == nil) a record and records
// the change for the history entry. It reports whether anything changed. A
// record whose seal does not match is not overwritten: its value before
// the change is not known.
func (t *txn) put(k *kind, id model.ID, after []byte) (bool, error) {
	b, err := t.bucket(k)
	if err != nil {
		return false, err
	}
	key := k.key(id)
	before, err := getSealed(b, key, k.what(id))
	if err != nil {
		return false, err
	}
	if bytes.Equal(before, after) && (before == nil) == (after == nil) {
		return false, nil
	}
	ck := changeKey{k.name, k.year, id}
	a := cloneRaw(after)
	if i, ok := t.index[ck]; ok {
		t.changes[i].After = a
	} else {
		t.index[ck] = len(t.changes)
		t.changes = append(t.changes, Change{Kind: k.name, Year: k.year, ID: id, Before: cloneRaw(before), After: a})
	}
	t.written = append(t.written, written{k: k, id: id, value: a})
	if after == nil {
		return true, b.Delete(key)
	}
	return true, putSealed(b, key, after)
}

// what names a record in errors: "line 12", "settings".
func (k *kind) what(id model.ID) string {
	if k.fixedKey != nil {
		return "the " + k.noun
	}
	return fmt.Sprintf("%s %d", k.noun, id)
}

// apply writes a value from a history entry back (undo and redo) after
// checking that the record is as the entry left it, so a file changed behind
// csplan's back is reported rather than silently overwritten.
func (t *txn) apply(c Change, expect, value json.RawMessage) error {
	k, ok := kindOf(c)
	if !ok {
		return fmt.Errorf("the history names an unknown kind of record %q", c.Kind)
	}
	id := c.ID
	b, err := t.bucket(k)
	if err != nil {
		return err
	}
	key := k.key(id)
	cur, err := getSealed(b, key, k.what(id))
	if err != nil {
		return err
	}
	if !sameJSON(cur, expect) {
		return fmt.Errorf("%s %d is not as the history says it should be; the change was not undone or redone", k.noun, id)
	}
	if isNull(value) {
		t.written = append(t.written, written{k: k, id: id})
		return b.Delete(key)
	}
	t.written = append(t.written, written{k: k, id: id, value: cloneRaw(value)})
	return putSealed(b, key, []byte(value))
}

// nextID gives the next ID of the single sequence shared by every kind, so
// an ID names one record of the plan whatever its kind. An ID already in
// use (a sequence set back by damage or by hand) is skipped, never handed
// out again: a new record never overwrites another.
func (t *txn) nextID() (model.ID, error) {
	b := t.tx.Bucket(bucketIDs)
	if b == nil {
		return 0, fmt.Errorf("%w: the ID sequence is missing", ErrNotPlanFile)
	}
	for {
		n, err := b.NextSequence()
		if err != nil {
			return 0, err
		}
		if !idInUse(t.tx, n) {
			return model.ID(n), nil
		}
	}
}

// idInUse reports whether any record, scenario or actual has the ID.
func idInUse(tx *bbolt.Tx, id uint64) bool {
	for _, k := range idKinds() {
		if b := tx.Bucket(k.bucket); b != nil && b.Get(itob(id)) != nil {
			return true
		}
	}
	for _, b := range actualBuckets(tx) {
		if b.Get(itob(id)) != nil {
			return true
		}
	}
	return false
}

// idKinds are the kinds that take their IDs from the shared sequence.
func idKinds() []*kind { return append([]*kind{kindScenarios}, recordKinds...) }

// raiseIDs makes sure the sequence is at least max, so IDs written from an
// imported plan are never handed out again.
func (t *txn) raiseIDs(max model.ID) error {
	b := t.tx.Bucket(bucketIDs)
	if b == nil {
		return fmt.Errorf("%w: the ID sequence is missing", ErrNotPlanFile)
	}
	if uint64(max) > b.Sequence() {
		return b.SetSequence(uint64(max))
	}
	return nil
}

func cloneRaw(b []byte) json.RawMessage {
	if b == nil {
		return nil
	}
	return append(json.RawMessage(nil), b...)
}

func isNull(b []byte) bool { return len(b) == 0 || string(b) == "null" }

// sameJSON compares a stored value with one from a history entry. Entries
// are stored as JSON, and encoding/json compacts raw messages, so equal
// values are equal bytes after compaction; records are written compact, so
// the fast path is a byte comparison.
func sameJSON(stored, fromEntry []byte) bool {
	if isNull(stored) || isNull(fromEntry) {
		return isNull(stored) == isNull(fromEntry)
	}
	if bytes.Equal(stored, fromEntry) {
		return true
	}
	var a, b bytes.Buffer
	if json.Compact(&a, stored) != nil || json.Compact(&b, fromEntry) != nil {
		return false
	}
	return bytes.Equal(a.Bytes(), b.Bytes())
}

// decode reads one stored record: it opens the seal and decodes the JSON
// strictly. key nil means the kind's fixed key. Values from bbolt die with
// their transaction, so every read decodes inside it. Errors name the
// record, never its content (a post or scenario may hold a salary).
func decode[T any](k *kind, key, raw []byte, v *T) error {
	if key == nil {
		key = k.fixedKey
	}
	id := model.ID(btoi(key))
	value, ok := unseal(key, raw)
	if !ok {
		return damaged(k.what(id))
	}
	if err := strictJSON(value, v); err != nil {
		return fmt.Errorf("%s cannot be read: %w: %w; run csplan check", k.what(id), ErrDamaged, err)
	}
	return nil
}

// decodePart reads some fields of a stored record (others are ignored),
// after opening its seal.
func decodePart[T any](k *kind, key, raw []byte, v *T) error {
	value, ok := unseal(key, raw)
	if !ok {
		return damaged(k.what(model.ID(btoi(key))))
	}
	if err := json.Unmarshal(value, v); err != nil {
		return fmt.Errorf("%s cannot be read: %w: %w; run csplan check", k.what(model.ID(btoi(key))), ErrDamaged, jsonProblem(err))
	}
	return nil
}

// loadAll decodes every record of a kind, in ID order. Decoding is most of
// the time a load takes (JSON, about 4 µs a line), so a large kind is
// decoded in parallel, in as many runs of records as there are CPUs; an
// error is the first record's in ID order, as one pass would report it.
func loadAll[T any](tx *bbolt.Tx, k *kind) ([]T, error) {
	b := tx.Bucket(k.bucket)
	if b == nil {
		return nil, fmt.Errorf("%w: the %s records are missing", ErrNotPlanFile, k.noun)
	}
	type stored struct{ key, raw []byte }
	var all []stored
	c := b.Cursor()
	for key, raw := c.First(); key != nil; key, raw = c.Next() {
		all = append(all, stored{key, raw})
	}
	out := make([]T, len(all)) // empty, not nil: a loaded plan reads the same however it was made
	decodeRun := func(from, to int) error {
		for i := from; i < to; i++ {
			if err := decode(k, all[i].key, all[i].raw, &out[i]); err != nil {
				return err
			}
		}
		return nil
	}
	runs := min(runtime.GOMAXPROCS(0), len(all)/parallelDecodeMin)
	if runs <= 1 {
		if err := decodeRun(0, len(all)); err != nil {
			return nil, err
		}
		return out, nil
	}
	errs := make([]error, runs)
	var wg sync.WaitGroup
	for r := range runs {
		wg.Go(func() { errs[r] = decodeRun(r*len(all)/runs, (r+1)*len(all)/runs) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// parallelDecodeMin is the fewest records worth a goroutine of their own.
const parallelDecodeMin = 4096

// recordType tells the generic save and delete code how to handle one Go
// type of record.
type recordType[T any] struct {
	kind   *kind
	id     func(*T) *model.ID
	title  func(*T) string
	fields []field[T]
	// check returns the problems that stop the record being saved.
	check func(t *txn, v *T) ([]model.Problem, error)
}

// where names a record as model.Problem does: `line "X"`.
func (rt recordType[T]) where(v *T) string { return fmt.Sprintf("%s %q", rt.kind.noun, rt.title(v)) }

// saveRecord adds (ID 0) or changes a record in one transaction with its
// history entry. Saving a record unchanged writes nothing.
func saveRecord[T any](s *DB, rt recordType[T], v T) (T, error) {
	var zero T
	err := s.update(func(t *txn) error { return saveIn(t, rt, &v) })
	if err != nil {
		return zero, err
	}
	return v, nil
}

// editRecord changes a stored record in one transaction with its history
// entry: edit is handed the record as stored, inside the transaction, so a
// change expressed against the stored state ("the next status") is never
// made against a stale copy. It returns the record as saved.
func editRecord[T any](s *DB, rt recordType[T], id model.ID, edit func(*T)) (T, error) {
	var v T
	err := s.update(func(t *txn) error {
		raw := t.get(rt.kind, id)
		if raw == nil || id == 0 {
			return fmt.Errorf("%s %d: %w", rt.kind.noun, id, ErrNotFound)
		}
		if err := decode(rt.kind, rt.kind.key(id), raw, &v); err != nil {
			return err
		}
		edit(&v)
		return saveIn(t, rt, &v)
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// saveIn adds (ID 0) or changes the record *v inside a transaction and
// sets the summary; a new record's ID is set in *v.
func saveIn[T any](t *txn, rt recordType[T], v *T) error {
	idp := rt.id(v)
	var before *T
	if *idp == 0 {
		id, err := t.nextID()
		if err != nil {
			return err
		}
		*idp = id
	} else {
		raw := t.get(rt.kind, *idp)
		if raw == nil {
			return fmt.Errorf("%s %d: %w", rt.kind.noun, *idp, ErrNotFound)
		}
		before = new(T)
		if err := decode(rt.kind, rt.kind.key(*idp), raw, before); err != nil {
			return err
		}
	}
	ps, err := rt.check(t, v)
	if err != nil {
		return err
	}
	if len(ps) > 0 {
		return &InvalidError{Problems: ps}
	}
	after, err := json.Marshal(*v)
	if err != nil {
		return fmt.Errorf("%s: %w", rt.where(v), err)
	}
	if _, err := t.put(rt.kind, *idp, after); err != nil {
		return err
	}
	if before == nil {
		t.summary = fmt.Sprintf("Added %s", rt.where(v))
	} else {
		t.summary = changeSummary(rt.kind, rt.title(before), changedFields(rt.fields, *before, *v, t.namer()))
	}
	return nil
}

// deleteRecord removes a record in one transaction with its history entry;
// inUse, when set, may refuse.
func deleteRecord[T any](s *DB, rt recordType[T], id model.ID, inUse func(t *txn, v *T) error) error {
	return s.update(func(t *txn) error {
		raw := t.get(rt.kind, id)
		if raw == nil || id == 0 {
			return fmt.Errorf("%s %d: %w", rt.kind.noun, id, ErrNotFound)
		}
		var v T
		if err := decode(rt.kind, rt.kind.key(id), raw, &v); err != nil {
			return err
		}
		if inUse != nil {
			if err := inUse(t, &v); err != nil {
				return err
			}
		}
		if _, err := t.put(rt.kind, id, nil); err != nil {
			return err
		}
		t.summary = fmt.Sprintf("Deleted %s", rt.where(&v))
		return nil
	})
}

// namer returns the names of priorities and PCC priorities for summaries,
// read from the transaction so they are the names at the time of the change.
func (t *txn) namer() namer {
	return func(k *kind, id model.ID) string {
		var n struct {
			Name string `json:"name"`
		}
		raw := t.get(k, id)
		if raw == nil || decodePart(k, k.key(id), raw, &n) != nil {
			return fmt.Sprintf("#%d", id)
		}
		return n.Name
	}
}

// usage counts the lines and posts that sit under a priority (byPriority)
// or carry a PCC priority (otherwise). It decodes only the two fields it
// needs, as it reads every line.
func (t *txn) usage(id model.ID, byPriority bool) (lines, posts int, err error) {
	var place struct {
		Priority model.ID   `json:"priority"`
		Tags     []model.ID `json:"tags"`
	}
	for _, k := range []*kind{kindLines, kindPosts} {
		b, err := t.bucket(k)
		if err != nil {
			return 0, 0, err
		}
		n := 0
		c := b.Cursor()
		for key, raw := c.First(); key != nil; key, raw = c.Next() {
			place.Priority, place.Tags = 0, place.Tags[:0]
			if err := decodePart(k, key, raw, &place); err != nil {
				return 0, 0, err
			}
			if byPriority && place.Priority == id {
				n++
			} else if !byPriority && containsID(place.Tags, id) {
				n++
			}
		}
		if k == kindLines {
			lines = n
		} else {
			posts = n
		}
	}
	return lines, posts, nil
}

func containsID(ids []model.ID, id model.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// InvalidError is returned when a record or a plan has problems that would
// make the plan inconsistent; nothing was written. It wraps ErrInvalid.
type InvalidError struct {
	Problems []model.Problem
}

// ErrInvalid is wrapped by InvalidError: the change was refused because the
// record or plan has errors.
var ErrInvalid = errors.New("the change was not saved because of problems")

// Error lists the first few problems, which is enough to act on; the rest
// are in Problems.
func (e *InvalidError) Error() string {
	const show = 3
	var b strings.Builder
	b.WriteString(ErrInvalid.Error())
	b.WriteString(": ")
	for i, p := range e.Problems {
		if i == show {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-show)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", p.Where, p.Message)
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// sortByOrder sorts priorities or PCC priorities by Order, then ID, the
// order the officer set.
func sortByOrder[T any](xs []T, order func(*T) (int, model.ID)) {
	sort.SliceStable(xs, func(i, j int) bool {
		oi, ii := order(&xs[i])
		oj, ij := order(&xs[j])
		if oi != oj {
			return oi < oj
		}
		return ii < ij
	})
}
