package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"csplan/model"
	"csplan/store/planfile"
)

// scaleSizes are the plan sizes of the scale benchmarks: the seven West
// Midlands areas planning together, and ten times that.
var scaleSizes = []int{1_000, 10_000, 100_000}

// scalePlan is the generated plan of n lines, with a post for every twenty
// lines, as the scale benchmarks use it.
func scalePlan(n int) *model.Plan { return GeneratePlan(n, n/20, 1) }

// scaleFile writes scalePlan(n) to a new plan file and returns its path.
func scaleFile(b *testing.B, n int) string { return planFile(b, scalePlan(n)) }

// BenchmarkScaleOpenLoad is what the officer waits for at start-up: open
// the file (with its checks), read the whole plan, close it.
func BenchmarkScaleOpenLoad(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			path := scaleFile(b, n)
			b.ReportAllocs()
			for b.Loop() {
				db, err := Open(path, testOptions())
				if err != nil {
					b.Fatal(err)
				}
				if p, err := db.Load(); err != nil || len(p.Lines) != n {
					b.Fatal(err)
				}
				_ = db.Close()
			}
		})
	}
}

// BenchmarkScaleExport writes the whole plan as CSV and as a workbook, to
// memory (the file system's share is left out: it is the disk's).
func BenchmarkScaleExport(b *testing.B) {
	for _, format := range []Format{CSV, XLSX} {
		for _, n := range scaleSizes {
			b.Run(fmt.Sprintf("%s/lines=%d", format, n), func(b *testing.B) {
				p := scalePlan(n)
				var buf bytes.Buffer
				b.ReportAllocs()
				for b.Loop() {
					buf.Reset()
					if err := WritePlan(&buf, p, ExportOptions{Format: format}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(buf.Len())/1e6, "MB/file")
			})
		}
	}
}

// BenchmarkScaleImportCSV reads a whole exported plan back: decoding and
// checking every row, as `csplan import` does before it replaces the plan.
func BenchmarkScaleImportCSV(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			var buf bytes.Buffer
			if err := WritePlan(&buf, scalePlan(n), ExportOptions{Format: CSV}); err != nil {
				b.Fatal(err)
			}
			data := buf.Bytes()
			b.ReportAllocs()
			for b.Loop() {
				p, err := planfile.Decode(bytes.NewReader(data))
				if err != nil || len(p.Lines) != n {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScaleImportPreview is what an import shows before it asks: the
// file's plan matched against the plan, record by record
// (model.ScenarioFromPlan), with one line's cost changed.
func BenchmarkScaleImportPreview(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			base := scalePlan(n)
			next := base.Clone()
			next.Lines[n/2].Cost = next.Lines[n/2].Cost.Add(model.Pounds(1))
			b.ReportAllocs()
			for b.Loop() {
				if sc, _ := model.ScenarioFromPlan("", base, next); len(sc.Steps) != 1 {
					b.Fatalf("%d steps, want 1", len(sc.Steps))
				}
			}
		})
	}
}

// BenchmarkScaleTotalsCommand is what `csplan totals` does with the file:
// open it read-only, read the whole plan, work out the totals, close.
func BenchmarkScaleTotalsCommand(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			path := scaleFile(b, n)
			ro := testOptions()
			ro.ReadOnly = true
			b.ReportAllocs()
			for b.Loop() {
				db, err := Open(path, ro)
				if err != nil {
					b.Fatal(err)
				}
				p, err := db.Load()
				if err != nil {
					b.Fatal(err)
				}
				if t := model.ComputeTotals(p); t.Allocated.IsZero() {
					b.Fatal("no allocation")
				}
				_ = db.Close()
			}
		})
	}
}

// BenchmarkScaleImportFile is `csplan import FILE --yes` with the file
// open: read and check the CSV file, read the plan, see that it differs,
// list the changes, and replace the plan. Two files that differ in one
// line's cost are imported in turn, so every import changes one line.
func BenchmarkScaleImportFile(b *testing.B) {
	for _, n := range scaleSizes {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			opts := testOptions()
			opts.Seed = func() (*model.Plan, error) { return scalePlan(n), nil }
			db, err := Open(filepath.Join(dir, "plan.db"), opts)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			p, err := db.Load()
			if err != nil {
				b.Fatal(err)
			}
			var files [2]string
			for i := range files {
				if i == 1 {
					p.Lines[n/2].Cost = p.Lines[n/2].Cost.Add(model.Pounds(1))
				}
				var buf bytes.Buffer
				if err := WritePlan(&buf, p, ExportOptions{Format: CSV}); err != nil {
					b.Fatal(err)
				}
				files[i] = filepath.Join(dir, fmt.Sprintf("plan-%d.csv", i))
				if err := os.WriteFile(files[i], buf.Bytes(), 0o600); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				next, _, _, err := ReadImportFile(files[(i+1)%2], ImportOptions{})
				if err != nil {
					b.Fatal(err)
				}
				current, err := db.Load()
				if err != nil {
					b.Fatal(err)
				}
				if Unchanged(current, next) {
					b.Fatal("the file holds the plan as it is")
				}
				if sc, _ := model.ScenarioFromPlan("", current, next); len(sc.Steps) != 1 {
					b.Fatalf("%d changes, want 1", len(sc.Steps))
				}
				if err := db.ReplacePlan(next, "imported"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
