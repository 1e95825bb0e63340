package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// joinHistory turns a schema-4 history (summaries and payloads apart) back
// into schema 3's, one sealed whole entry per seq and no undo bucket: the
// file as csplan schema 3 wrote it.
func joinHistory(tx *bbolt.Tx) error {
	h, u := tx.Bucket(bucketHistory), tx.Bucket(bucketUndo)
	if u == nil {
		return fmt.Errorf("no undo bucket")
	}
	var all []Entry
	c := h.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		e, err := decodeSummary(k, v)
		if err != nil {
			return err
		}
		if e.Changes, err = decodePayload(k, getPayload(u, k)); err != nil {
			return err
		}
		all = append(all, e)
	}
	for _, e := range all {
		raw, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if err := putSealed(h, itob(e.Seq), raw); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bucketUndo)
}

// payloadOf reads the changes stored for undo of entry seq.
func payloadOf(t *testing.T, db *DB, seq uint64) []Change {
	t.Helper()
	var cs []Change
	err := db.view(func(tx *bbolt.Tx) error {
		e, err := readEntry(tx, seq)
		cs = e.Changes
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// editedDB makes a plan file with n saved edits after its creation and
// returns it closed.
func editedDB(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return testPlan(), nil }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range n {
		l := mustLoad(t, db).Lines[0]
		l.Cost = model.Pounds(int64(1000 + i))
		if _, err := db.SaveLine(l); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func summaries(t *testing.T, es []Entry) []string {
	t.Helper()
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%d %s %s %s %v", e.Seq, e.Time.Format(time.RFC3339), e.User, e.Summary, e.Undone))
	}
	return out
}

// TestCompactKeepsSummariesAndTheLastPayloads: compact keeps every
// summary, what undo needs for the newest changes only, and undo works
// after it until it reaches a change whose payload was dropped, which it
// refuses in plain words.
func TestCompactKeepsSummariesAndTheLastPayloads(t *testing.T) {
	path := editedDB(t, 8)
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	before, err := db.History(0)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan := planJSON(t, mustLoad(t, db))
	_ = db.Close()

	rep, err := Compact(path, testOptions(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Dropped != 5 || rep.Keep != 3 || rep.Backup == "" {
		t.Errorf("report = %+v, want 5 dropped, 3 kept, a backup", rep)
	}
	for _, p := range []string{path, rep.Backup} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, mode %v, want 0600", p, err, fi.Mode().Perm())
		}
	}
	// The backup is the file as it was: every change still undoable.
	backup, err := Open(rep.Backup, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	kept, err := backup.History(0)
	_ = backup.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range kept {
		if e.UndoDropped {
			t.Errorf("the backup has lost the undo record of entry %d", e.Seq)
		}
	}
	if left, _ := filepath.Glob(path + ".compact-*"); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	db, err = Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("check after compact: %v", err)
	}
	if got := planJSON(t, mustLoad(t, db)); got != wantPlan {
		t.Error("compact changed the plan")
	}
	after, err := db.History(0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(summaries(t, after), summaries(t, before)) || len(after) != 9 {
		t.Errorf("history after compact:\n%v\nwant:\n%v", summaries(t, after), summaries(t, before))
	}
	for i, e := range after {
		if want := i >= 3 && i < 8; e.UndoDropped != want {
			t.Errorf("entry %d: UndoDropped = %v, want %v", e.Seq, e.UndoDropped, want)
		}
	}
	for range 3 {
		if _, err := db.Undo(); err != nil {
			t.Fatalf("undo after compact: %v", err)
		}
	}
	_, err = db.Undo()
	if !errors.Is(err, ErrUndoDropped) || !strings.Contains(err.Error(), "cannot undo") || !strings.Contains(err.Error(), "compact") {
		t.Errorf("undo past the kept changes = %v, want it refused as dropped by compact", err)
	}
	if _, err := db.Redo(); err != nil {
		t.Errorf("redo after compact: %v", err)
	}
	// The setting is kept for the next compact.
	_ = db.Close()
	rep, err = Compact(path, testOptions(), 0)
	if err != nil || rep.Keep != 3 {
		t.Errorf("second compact: %+v, %v; want it to keep 3 as set", rep, err)
	}
}

// TestCompactRefusedWhileOpen: another csplan has the plan open, so
// compact refuses and the file is left as it was.
func TestCompactRefusedWhileOpen(t *testing.T) {
	path := editedDB(t, 2)
	for _, ro := range []bool{false, true} {
		opts := testOptions()
		opts.ReadOnly = ro
		db, err := Open(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		sum := fileSum(t, path)
		_, err = Compact(path, testOptions(), 1)
		if !errors.Is(err, ErrLocked) {
			t.Errorf("compact beside a csplan (read-only %v) = %v, want ErrLocked", ro, err)
		}
		if fileSum(t, path) != sum {
			t.Error("the file was written")
		}
		if m, _ := filepath.Glob(path + ".*-*"); len(m) != 0 {
			t.Errorf("files made: %v", m)
		}
		_ = db.Close()
	}
}

// TestHistoryReadsNoPayloads: a damaged undo record does not stop the
// history from listing; only the undo that needs it is refused.
func TestHistoryReadsNoPayloads(t *testing.T) {
	path := editedDB(t, 2)
	tamper(t, path, func(tx *bbolt.Tx) error {
		u := tx.Bucket(bucketUndo)
		k, _ := u.Cursor().Last()
		b := u.Bucket(k)
		v := append([]byte(nil), b.Get(keyPayload)...)
		v[len(v)-3] ^= 0x01
		return b.Put(keyPayload, v)
	})
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := db.History(0)
	if err != nil || len(h) != 3 {
		t.Fatalf("History with a damaged undo record = %d entries, %v; want all 3", len(h), err)
	}
	if _, err := db.ReadState(10); err != nil {
		t.Errorf("ReadState with a damaged undo record: %v", err)
	}
	if _, err := db.Undo(); !errors.Is(err, ErrDamaged) {
		t.Errorf("undo of the damaged entry = %v, want ErrDamaged", err)
	}
}

// TestMigrationFromSchema3KeepsHistory: the upgrade to schema 4 keeps
// every entry, undone ones included, and undo and redo work after it.
func TestMigrationFromSchema3KeepsHistory(t *testing.T) {
	path := editedDB(t, 3)
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	want, _ := db.History(0)
	wantPlan := planJSON(t, mustLoad(t, db))
	_ = db.Close()
	db = upgraded(t, path, 3, joinHistory, want, wantPlan)
	if _, err := db.Redo(); err != nil {
		t.Errorf("redo after the upgrade: %v", err)
	}
	for range 3 {
		if _, err := db.Undo(); err != nil {
			t.Errorf("undo after the upgrade: %v", err)
		}
	}
	if _, err := db.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo past the start = %v", err)
	}
}

// flattenPayloads puts every undo payload back as a value of the undo
// bucket, as schema 4 kept them.
func flattenPayloads(tx *bbolt.Tx) error {
	u := tx.Bucket(bucketUndo)
	var keys [][]byte
	c := u.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil {
			keys = append(keys, append([]byte(nil), k...))
		}
	}
	for _, k := range keys {
		v := append([]byte(nil), u.Bucket(k).Get(keyPayload)...)
		if err := u.DeleteBucket(k); err != nil {
			return err
		}
		if err := u.Put(k, v); err != nil {
			return err
		}
	}
	return nil
}

func TestMigrationFromSchema4MovesPayloads(t *testing.T) {
	path := editedDB(t, 3)
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := db.History(0)
	wantPlan := planJSON(t, mustLoad(t, db))
	_ = db.Close()
	db = upgraded(t, path, 4, flattenPayloads, want, wantPlan)
	for range 3 {
		if _, err := db.Undo(); err != nil {
			t.Errorf("undo after the upgrade: %v", err)
		}
	}
	if _, err := db.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("undo past the start = %v", err)
	}
}

// TestRepeatedImportsHardlyGrowTheFile is issue 12's check: the same
// large plan imported three times (one line's cost changed before the
// second and the third, as an officer re-imports a corrected sheet) grows
// the file by less than 20% over the first import, and undo still takes
// each import back.
func TestRepeatedImportsHardlyGrowTheFile(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a 5,000-line plan three times")
	}
	db, path := newTestDB(t)
	defer db.Close()
	p := GeneratePlan(5000, 200, 1)
	if err := db.ReplacePlan(p, "Imported the plan"); err != nil {
		t.Fatal(err)
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	first := size()
	for i := 2; i <= 3; i++ {
		q := mustLoad(t, db)
		q.Lines[100*i].Cost = q.Lines[100*i].Cost.Add(model.Pounds(1))
		if err := db.ReplacePlan(q, fmt.Sprintf("Import %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := size(); float64(got) > 1.2*float64(first) {
		t.Fatalf("three imports grew the file from %d to %d bytes (%.0f%%), want under 20%%",
			first, got, 100*float64(got-first)/float64(first))
	}
	for range 3 {
		if _, err := db.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(mustLoad(t, db).Lines); n != len(testPlan().Lines) {
		t.Fatalf("after undoing the three imports the plan has %d lines, want the %d it started with", n, len(testPlan().Lines))
	}
}

// upgraded turns the closed file at path back into schema from (undo does
// what the older schema did), opens it, which upgrades it after a backup,
// and checks the file, its history (want) and its plan (wantPlan) came
// through. The store is closed when the test ends.
func upgraded(t *testing.T, path string, from int, undo func(*bbolt.Tx) error, want []Entry, wantPlan string) *DB {
	t.Helper()
	tamper(t, path, func(tx *bbolt.Tx) error {
		if err := undo(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(from)))
	})
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("open with a migration: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if m, _ := filepath.Glob(path + fmt.Sprintf(".backup-v%d-*", from)); len(m) != 1 {
		t.Errorf("backups: %v", m)
	}
	if err := db.Check(); err != nil {
		t.Fatalf("check after the upgrade: %v", err)
	}
	got, _ := db.History(0)
	if !slices.Equal(summaries(t, got), summaries(t, want)) {
		t.Errorf("history after the upgrade:\n%v\nwant:\n%v", summaries(t, got), summaries(t, want))
	}
	if planJSON(t, mustLoad(t, db)) != wantPlan {
		t.Error("the plan changed in the upgrade")
	}
	return db
}
