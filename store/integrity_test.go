package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// tamper changes a closed plan file with bbolt directly, as a bad tool or
// a damaged disk might.
func tamper(t *testing.T, path string, fn func(tx *bbolt.Tx) error) {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// newScenarioDB is newTestDB with one scenario (ID 11) and a few edits.
func newScenarioDB(t *testing.T) (*DB, string) {
	t.Helper()
	db, path := newTestDB(t)
	if _, err := db.SaveScenario(model.Scenario{Name: "Cut a tenth", Steps: []model.Step{{Kind: model.StepCutLines, Percent: ptrPct("10")}}}); err != nil {
		t.Fatal(err)
	}
	l := mustLoad(t, db).Lines[0]
	l.Cost = model.Pounds(11000)
	if _, err := db.SaveLine(l); err != nil {
		t.Fatal(err)
	}
	return db, path
}

func ptrPct(s string) *model.Percent { p := model.Pct(s); return &p }

// TestCheckReadsEveryBucket damages one value at a time, keeping a seal
// that matches (as a tool that knows the format might), and wants check
// to name the record, never its content.
func TestCheckReadsEveryBucket(t *testing.T) {
	cases := []struct {
		name string
		fn   func(tx *bbolt.Tx) error
		want string
	}{
		{"a history entry with a field csplan does not know", func(tx *bbolt.Tx) error {
			h := tx.Bucket(bucketHistory)
			k, _ := h.Cursor().Last()
			return putSealed(h, k, []byte(fmt.Sprintf(`{"seq":%d,"time":"2026-11-26T06:30:00Z","user":"x","summary":"s","salary":"28000.00"}`, btoi(k))))
		}, "history entry 3 cannot be read: it has a field csplan does not know"},
		{"a junk scenario", func(tx *bbolt.Tx) error {
			return putSealed(tx.Bucket(bucketScenarios), itob(11), []byte(`{"id":11,"name":""}`))
		}, "scenario 11 cannot be read: it is not a scenario csplan would save"},
		{"a history change holding junk", func(tx *bbolt.Tx) error {
			u := tx.Bucket(bucketUndo)
			k, _ := u.Cursor().Last()
			return putPayload(u, k, []byte(`[{"kind":"post","id":10,"after":{"id":10,"salary":"28000.00x"}}]`))
		}, "the undo record of history entry 3, change 1 (post 10, after): it cannot be read"},
		{"a history entry that lost its undo record", func(tx *bbolt.Tx) error {
			return deletePayload(tx.Bucket(bucketUndo), itob(3))
		}, "history entry 3 has lost its undo record"},
		{"an undo record of no entry", func(tx *bbolt.Tx) error {
			return putPayload(tx.Bucket(bucketUndo), itob(9), []byte(`[]`))
		}, "the undo record of history entry 9 belongs to no entry"},
		{"an ID sequence below a scenario's ID", func(tx *bbolt.Tx) error {
			return tx.Bucket(bucketIDs).SetSequence(10)
		}, "the ID sequence (10) is below the highest ID (11)"},
		{"a history sequence below an entry", func(tx *bbolt.Tx) error {
			return tx.Bucket(bucketHistory).SetSequence(1)
		}, "the history sequence (1) is below the newest entry (3)"},
		{"a line with a misspelt field", func(tx *bbolt.Tx) error {
			return putSealed(tx.Bucket(bucketLines), itob(8), []byte(`{"id":8,"priority":5,"title":"Hate crime action plan","cost":"12000.00","tgs":[6]}`))
		}, "line 8 cannot be read: it has a field csplan does not know"},
		{"a post with one byte changed", func(tx *bbolt.Tx) error {
			b := tx.Bucket(bucketPosts)
			v := append([]byte(nil), b.Get(itob(10))...)
			i := strings.Index(string(v), "28000")
			v[i] = '3'
			return b.Put(itob(10), v)
		}, "post 10 is damaged: its checksum does not match"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db, path := newScenarioDB(t)
			_ = db.Close()
			tamper(t, path, c.fn)
			ro := testOptions()
			ro.ReadOnly = true
			db, err := Open(path, ro)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Check()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Check = %v\nwant it to say %q", err, c.want)
			}
			if strings.Contains(err.Error(), "28000") || strings.Contains(err.Error(), "38000") {
				t.Errorf("the check quotes a salary: %v", err)
			}
		})
	}
}

// TestNewIDNeverOverwrites: with the ID sequence set back below a
// scenario's ID, a new scenario (or record) gets an ID not in use.
func TestNewIDNeverOverwrites(t *testing.T) {
	db, path := newScenarioDB(t)
	_ = db.Close()
	tamper(t, path, func(tx *bbolt.Tx) error { return tx.Bucket(bucketIDs).SetSequence(7) })
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sc, err := db.SaveScenario(model.Scenario{Name: "Another"})
	if err != nil {
		t.Fatal(err)
	}
	scs, err := db.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 2 || scs[0].Name != "Cut a tenth" {
		t.Fatalf("scenarios after adding one with the sequence set back: %+v", scs)
	}
	if sc.ID <= 11 {
		t.Errorf("the new scenario has ID %d, in use or below the highest", sc.ID)
	}
	f, err := db.SaveFunding(model.FundingSource{Name: "New fund", Amount: model.Pounds(1), Status: model.Pending})
	if err != nil {
		t.Fatal(err)
	}
	if p := mustLoad(t, db); len(p.Funding) != 3 || f.ID <= 11 {
		t.Errorf("new funding source %d; funding %d", f.ID, len(p.Funding))
	}
}

// TestDamagedOldFileIsRefusedBeforeAnythingIsWritten: a schema-1 file with
// a damaged record is refused with nothing written, no backup made.
func TestDamagedOldFileIsRefusedBeforeAnythingIsWritten(t *testing.T) {
	path, _ := makeV1File(t)
	tamper(t, path, func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketLines).Put(itob(8), []byte(`{"id":8,"priority":5,"title":"Hate crime action plan","cost":"12000.00","tgs":[6]}`))
	})
	sum := fileSum(t, path)
	_, err := Open(path, testOptions())
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "line 8") || !strings.Contains(err.Error(), "not upgraded") {
		t.Errorf("Open of a damaged schema-1 file = %v, want it refused as damaged, naming line 8", err)
	}
	if fileSum(t, path) != sum {
		t.Error("the damaged file was written")
	}
	if m, _ := filepath.Glob(path + ".backup-*"); len(m) != 0 {
		t.Errorf("a backup was made of a file then refused: %v", m)
	}
}

// TestMigrationFromSchema2SealsEverything: the upgrade keeps the plan, the
// scenarios and the history (undo and redo still work) and the result
// passes the check.
func TestMigrationFromSchema2SealsEverything(t *testing.T) {
	path, want := makeV2File(t)
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("open with a migration: %v", err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("check after the upgrade: %v", err)
	}
	if got := planJSON(t, mustLoad(t, db)); got != want {
		t.Error("the plan changed in the upgrade")
	}
	if scs, err := db.Scenarios(); err != nil || len(scs) != 1 {
		t.Errorf("scenarios after the upgrade: %v, %v", scs, err)
	}
	if e, err := db.Redo(); err != nil || !strings.Contains(e.Summary, "Added before the upgrade") {
		t.Errorf("redo after the upgrade: %+v, %v", e, err)
	}
	if _, err := db.Undo(); err != nil {
		t.Errorf("undo after the upgrade: %v", err)
	}
	if m, _ := filepath.Glob(path + ".backup-v2-*"); len(m) != 1 {
		t.Errorf("backups: %v", m)
	}
}

// TestUpgradeCopyNeverWritesTheFile: csplan check's open of an older file
// reads an upgraded private copy and leaves the file, and its folder, as
// they were.
func TestUpgradeCopyNeverWritesTheFile(t *testing.T) {
	for _, mk := range []func(*testing.T) (string, string){makeV1File, makeV2File} {
		path, want := mk(t)
		sum := fileSum(t, path)
		before, _ := os.ReadDir(filepath.Dir(path))
		opts := testOptions()
		opts.ReadOnly, opts.UpgradeCopy = true, true
		db, err := Open(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if db.UpgradedFrom() == 0 || db.Snapshot() || !db.ReadOnly() {
			t.Errorf("upgraded from %d, snapshot %v, read-only %v", db.UpgradedFrom(), db.Snapshot(), db.ReadOnly())
		}
		if err := db.Check(); err != nil {
			t.Errorf("check of the upgraded copy: %v", err)
		}
		if got := planJSON(t, mustLoad(t, db)); got != want {
			t.Error("the upgraded copy reads a different plan")
		}
		_ = db.Close()
		if fileSum(t, path) != sum {
			t.Error("the file was written")
		}
		if after, _ := os.ReadDir(filepath.Dir(path)); len(after) != len(before) {
			t.Errorf("the folder went from %d to %d files", len(before), len(after))
		}
	}
}

// TestPrivateCopyHasNoName: the copy a read-only csplan takes beside an
// editor is in no folder at any moment, so a kill leaves nothing.
func TestPrivateCopyHasNoName(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	db, path := newTestDB(t)
	defer db.Close()
	opts := testOptions()
	opts.ReadOnly = true
	looked := false
	opts.afterCopy = func() {
		looked = true
		if es, _ := os.ReadDir(tmp); len(es) != 0 {
			t.Errorf("the temporary folder holds %d files while the copy is made", len(es))
		}
		if m, _ := filepath.Glob(copyPattern(path)); len(m) != 0 {
			t.Errorf("a named copy beside the plan: %v", m)
		}
	}
	ro, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !looked || !ro.Snapshot() {
		t.Fatal("no private copy was made")
	}
	_ = ro.Close()
}

// TestLeftoverCopyRemovedAtStart: the fallback copy beside the plan has a
// name for a moment; one a kill left is removed by the next csplan.
func TestLeftoverCopyRemovedAtStart(t *testing.T) {
	db, path := newTestDB(t)
	_ = db.Close()
	left := strings.Replace(copyPattern(path), "*", "0123456789abcdef", 1)
	if err := os.WriteFile(left, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := namedPrivateFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = f.Close()
	opts := testOptions()
	opts.ReadOnly = true
	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	if m, _ := filepath.Glob(copyPattern(path)); len(m) != 0 {
		t.Errorf("copies left beside the plan: %v", m)
	}
}

// flipTrials is how many single-byte flips TestFlippedBytesAreFound tries
// in values and across the file: a CI-sized sample, or every byte of every
// value and 5,000 positions across the file with CSPLAN_LONG=1.
func flipTrials() (inValues, anywhere int) {
	if os.Getenv("CSPLAN_LONG") != "" {
		return 0, 5000 // 0: all
	}
	return 300, 300
}

// TestFlippedBytesAreFound flips single bytes of a real plan file, inside
// the stored values (records, scenarios, history entries, meta values) and
// anywhere in the file, and counts the flips that change what csplan loads
// (plan, history, scenarios) with Open, ReadState and Check all silent.
// Inside values that count must be 0.
func TestFlippedBytesAreFound(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return GeneratePlan(40, 8, 11), nil }
	opts.SeedScenarios = func(p *model.Plan) []model.Scenario {
		return []model.Scenario{
			{Name: "Cut a tenth", Steps: []model.Step{{Kind: model.StepCutLines, Percent: ptrPct("10")}}},
			{Name: "Post share", Steps: []model.Step{{Kind: model.StepPostShare, Target: p.Posts[0].ID, Percent: ptrPct("50")}}},
		}
	}
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, db)
	for i := 0; i < 5; i++ {
		l := p.Lines[i]
		l.Cost = l.Cost.Add(model.Pounds(1))
		if _, err := db.SaveLine(l); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	// Compacted, the file holds each value once (bbolt leaves old copies
	// in free pages), so every value can be found by its bytes.
	path = compacted(t, path)
	if db, err = Open(path, opts); err != nil {
		t.Fatal(err)
	}
	want := loadedState(path)
	if want == "" {
		t.Fatal("the file does not load")
	}
	// Every stored value, found in the file by its bytes.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var inValues []int
	values, unplaced := 0, 0
	err = db.bdb.View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				if v == nil || (string(name) == "meta" && (string(k) == "app" || string(k) == "schema")) {
					return nil
				}
				values++
				at := strings.Index(string(data), string(v))
				if at < 0 || strings.LastIndex(string(data), string(v)) != at {
					unplaced++ // not once in the file: stale copies in free pages
					return nil
				}
				for i := range v {
					inValues = append(inValues, at+i)
				}
				return nil
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	r := rand.New(rand.NewPCG(20261126, 1))
	sample := func(all []int, n int) []int {
		if n == 0 || n >= len(all) {
			return all
		}
		r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
		return all[:n]
	}
	anywhere := make([]int, len(data))
	for i := range anywhere {
		anywhere[i] = i
	}
	trial := filepath.Join(dir, "flipped.db")
	try := func(positions []int) (detected, harmless, silent int) {
		for _, pos := range positions {
			b := append([]byte(nil), data...)
			b[pos] ^= byte(1 + r.IntN(255))
			if err := os.WriteFile(trial, b, 0o600); err != nil {
				t.Fatal(err)
			}
			switch got := loadedState(trial); got {
			case "":
				detected++
			case want:
				harmless++
			default:
				silent++
				if silent <= 3 {
					t.Logf("byte %d flipped: the plan changed with nothing reported", pos)
				}
			}
		}
		return
	}
	nv, na := flipTrials()
	vd, vh, vs := try(sample(inValues, nv))
	ad, ah, as := try(sample(anywhere, na))
	t.Logf("file %d bytes, %d values (%d not placed), %d bytes in values", len(data), values, unplaced, len(inValues))
	t.Logf("flips inside values: %d tried, %d detected, %d harmless, %d changed the plan unreported", vd+vh+vs, vd, vh, vs)
	t.Logf("flips anywhere: %d tried, %d detected, %d harmless, %d changed the plan unreported", ad+ah+as, ad, ah, as)
	if vs != 0 {
		t.Errorf("%d flips inside values changed the plan with Open, Load and Check silent", vs)
	}
	if as != 0 {
		t.Errorf("%d flips in the file changed the plan with Open, Load and Check silent", as)
	}
}

func compacted(t *testing.T, path string) string {
	t.Helper()
	src, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	out := path + ".compact"
	dst, err := bbolt.Open(out, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bbolt.Compact(dst, src, 0); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// loadedState opens a plan file read-only and returns everything csplan
// loads from it (plan, history, scenarios) as JSON, or "" when Open,
// ReadState or Check reports anything.
func loadedState(path string) string {
	opts := testOptions()
	opts.ReadOnly = true
	db, err := Open(path, opts)
	if err != nil {
		return ""
	}
	defer db.Close()
	st, err := db.ReadState(0)
	if err != nil || db.Check() != nil {
		return ""
	}
	st.Revision = 0
	b, err := json.Marshal(st)
	if err != nil {
		return ""
	}
	return string(b)
}
