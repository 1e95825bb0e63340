package store

import (
	"io"
	"testing"
	"time"

	"csplan/model"
	"csplan/store/planfile"
	"csplan/store/workbook"
)

// BenchmarkReturn10k works out the Q4 return of a plan of 10,000 lines and
// 500 posts with a year of actuals (one per item and period, 126,000 in
// all) and writes it as CSV and as XLSX: build, csv and xlsx alone, and
// all three as `csplan return` does them.
func BenchmarkReturn10k(b *testing.B) {
	p := GeneratePlan(10_000, 500, 1)
	m := model.NewMonitoring(p.Info.StartYear)
	for _, it := range p.Items() {
		s, err := model.Profile{}.Spread(it)
		if err != nil {
			b.Fatal(err)
		}
		for per := model.Period(1); per <= model.Periods; per++ {
			// A little off profile, so variances and RAGs vary.
			amt := s.At(per).Add(model.Pence(int64(it.ID%7) * 1_000))
			m.Actuals = append(m.Actuals, model.Actual{ID: model.ID(len(m.Actuals) + 1), Item: it.ID, Period: per, Amount: amt})
		}
	}
	at := time.Date(2018, time.April, 12, 9, 0, 0, 0, time.UTC)
	build := func(b *testing.B) model.QuarterlyReturn {
		r, err := model.BuildReturn(p, m, 4, 12, "Bench", at)
		if err != nil {
			b.Fatal(err)
		}
		return r
	}
	r := build(b)
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			build(b)
		}
	})
	b.Run("csv", func(b *testing.B) {
		for b.Loop() {
			if err := planfile.WriteReturnCSV(io.Discard, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xlsx", func(b *testing.B) {
		for b.Loop() {
			if err := workbook.WriteReturnXLSX(io.Discard, r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			r := build(b)
			if err := planfile.WriteReturnCSV(io.Discard, r); err != nil {
				b.Fatal(err)
			}
			if err := workbook.WriteReturnXLSX(io.Discard, r); err != nil {
				b.Fatal(err)
			}
		}
	})
}
