package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// fuzzSeedFile returns the bytes of a small but complete plan file: a few
// lines and posts, scenarios, some edits and an undo, so every bucket and
// the history have records for the fuzzer to mutate.
func fuzzSeedFile(f *testing.F) []byte {
	f.Helper()
	path := filepath.Join(f.TempDir(), "seed.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return GeneratePlan(6, 2, 1), nil }
	db, err := Open(path, opts)
	if err != nil {
		f.Fatal(err)
	}
	p, err := db.Load()
	if err != nil {
		f.Fatal(err)
	}
	l := p.Lines[0]
	l.Cost = l.Cost.Add(model.Pounds(1))
	if _, err := db.SaveLine(l); err != nil {
		f.Fatal(err)
	}
	cut := model.Pct("10")
	if _, err := db.SaveScenario(model.Scenario{Name: "Cut", Steps: []model.Step{{Kind: model.StepCutLines, Percent: &cut}}}); err != nil {
		f.Fatal(err)
	}
	if err := db.DeleteLine(p.Lines[1].ID); err != nil {
		f.Fatal(err)
	}
	if _, err := db.Undo(); err != nil {
		f.Fatal(err)
	}
	if err := db.Close(); err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzOpen opens arbitrary file bytes as a plan, read-only or for editing.
// Open must never panic or hang: it refuses the file, leaving it exactly as
// it was, or opens it, and then reading everything (plan, scenarios,
// history, both checks) must not panic either. A file opened read-only is
// never written to; one opened for editing may be written only to upgrade
// it from an older schema (after a backup).
func FuzzOpen(f *testing.F) {
	real := fuzzSeedFile(f)
	f.Add(real, false)
	f.Add(real, true)
	for _, n := range []int{0, 1, 4096, 8192, len(real) / 2, len(real) - 4096} {
		f.Add(real[:n], false)
	}
	wiped := append([]byte(nil), real...)
	clear(wiped[:4096]) // the first meta page gone: bbolt must use the second
	f.Add(wiped, false)
	f.Add([]byte("Record,Title\nPlan,x\n"), true)
	foreign := filepath.Join(f.TempDir(), "foreign.db")
	bo, err := bbolt.Open(foreign, 0o600, nil)
	if err != nil {
		f.Fatal(err)
	}
	if err := bo.Update(func(tx *bbolt.Tx) error {
		_, err := tx.CreateBucket(bucketMeta)
		return err
	}); err != nil {
		f.Fatal(err)
	}
	_ = bo.Close()
	if b, err := os.ReadFile(foreign); err == nil {
		f.Add(b, false)
	}

	// Each fuzzing worker is its own process running one input at a time,
	// so one folder per process does. Each input gets a new file: when
	// bbolt faults half way through opening a file, the store leaves its
	// memory map to the end of the process, and rewriting a file that many
	// such maps still cover makes the kernel walk them all on every write.
	dir := f.TempDir()
	n := 0
	f.Fuzz(func(t *testing.T, data []byte, readOnly bool) {
		n++
		path := filepath.Join(dir, fmt.Sprintf("plan-%d.db", n))
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		defer func() {
			backups, _ := filepath.Glob(path + "*")
			for _, b := range backups {
				_ = os.Remove(b)
			}
		}()
		opts := testOptions()
		opts.ReadOnly = readOnly
		db, err := Open(path, opts)
		if err != nil {
			if got, rerr := os.ReadFile(path); rerr != nil || !bytes.Equal(got, data) {
				t.Fatalf("Open refused the file (%v) but changed it", err)
			}
			if db != nil {
				t.Fatal("Open returned a store with an error")
			}
			return
		}
		defer db.Close()
		_, _ = db.Load()
		_, _ = db.Scenarios()
		_, _ = db.History(0)
		_ = db.Check()
		if err := db.Close(); err != nil {
			t.Logf("close: %v", err)
		}
		backups, _ := filepath.Glob(path + ".backup-*")
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) && (readOnly || len(backups) == 0) {
			t.Fatalf("Open (read-only %v) accepted the file and wrote to it without an upgrade", readOnly)
		}
	})
}
