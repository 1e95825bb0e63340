package store

import (
	"os"
	"path/filepath"
	"testing"

	"csplan/model"
)

// benchDB writes a plan of 10,000 lines and 500 posts to a new file and
// returns its path.
func benchDB(b *testing.B) string { return planFile(b, GeneratePlan(10000, 500, 1)) }

// planFile writes p to a new plan file and returns its path.
func planFile(b *testing.B, p *model.Plan) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return p, nil }
	db, err := Open(path, opts)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkOpenLoad10k is what the officer waits for at start-up: open the
// file (with its checks) and read the whole plan.
func BenchmarkOpenLoad10k(b *testing.B) {
	path := benchDB(b)
	b.ReportAllocs()
	for b.Loop() {
		db, err := Open(path, testOptions())
		if err != nil {
			b.Fatal(err)
		}
		p, err := db.Load()
		if err != nil || len(p.Lines) != 10000 {
			b.Fatal(err)
		}
		_ = db.Close()
	}
}

// BenchmarkLoad10k reads the whole plan from an open file, as the TUI does
// after each saved change.
func BenchmarkLoad10k(b *testing.B) {
	db, err := Open(benchDB(b), testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveLine10k is one durable edit (a committed, synced
// transaction with its history entry) in a plan of 10,000 lines.
func BenchmarkSaveLine10k(b *testing.B) {
	db, err := Open(benchDB(b), testOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	p, err := db.Load()
	if err != nil {
		b.Fatal(err)
	}
	l := p.Lines[5000]
	b.ReportAllocs()
	for b.Loop() {
		l.Cost = l.Cost.Add(model.Pence(1))
		if _, err := db.SaveLine(l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDiskSync is the floor under BenchmarkSaveLine10k: one 4 KiB
// write and fsync in the same folder. A bbolt commit syncs twice (data
// pages, then the meta page), so a durable edit cannot beat two of these.
func BenchmarkDiskSync(b *testing.B) {
	f, err := os.Create(filepath.Join(b.TempDir(), "sync"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, 4096)
	for b.Loop() {
		if _, err := f.WriteAt(page, 0); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
}
