package model_test

import (
	"fmt"
	"testing"

	"csplan/model"
	"csplan/store"
)

// BenchmarkScaleTotals works out every total of a generated plan of 10,000
// and 100,000 lines (a post for every twenty lines): what the totals bar
// and every preview cost.
func BenchmarkScaleTotals(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			p := store.GeneratePlan(n, n/20, 1)
			b.ReportAllocs()
			for b.Loop() {
				_ = model.ComputeTotals(p)
			}
		})
	}
}

// threeScenarios are the what-ifs an officer compares: a grant cut made to
// fit, a refused carry-forward with a cut to every line, and a trimmed
// priority with a line removed and a post ended early.
func threeScenarios(p *model.Plan) []model.Scenario {
	pct := func(s string) *model.Percent { v := model.Pct(s); return &v }
	refused := model.Refused
	return []model.Scenario{
		{Name: "Grant cut 10%", Steps: []model.Step{
			{Kind: model.StepFunding, Target: p.Funding[0].ID, Percent: pct("-10")},
			{Kind: model.StepMakeFit, Fit: model.FitConfirmed, Protect: []model.ID{p.Lines[0].ID}},
		}},
		{Name: "Carry-forward refused", Steps: []model.Step{
			{Kind: model.StepFunding, Target: p.Funding[1].ID, Status: &refused},
			{Kind: model.StepCutLines, Percent: pct("5")},
		}},
		{Name: "Trim a priority", Steps: []model.Step{
			{Kind: model.StepCutPriority, Target: p.Priorities[0].ID, Percent: pct("15")},
			{Kind: model.StepRemoveLine, Target: p.Lines[len(p.Lines)/2].ID},
			{Kind: model.StepPostEnd, Target: p.Posts[0].ID, Month: 9},
		}},
	}
}

// BenchmarkScaleCompare applies three scenarios to the plan and lays the
// four side by side (model.Compare), as `csplan scenario compare` and the
// Compare screen do.
func BenchmarkScaleCompare(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			p := store.GeneratePlan(n, n/20, 1)
			scs := threeScenarios(p)
			b.ReportAllocs()
			for b.Loop() {
				cols := []model.Column{{Name: "Plan", Plan: p}}
				for i := range scs {
					cols = append(cols, model.Column{Name: scs[i].Name, Plan: scs[i].Plan(p)})
				}
				if rows := model.Compare(cols); len(rows) < n {
					b.Fatalf("%d rows", len(rows))
				}
			}
		})
	}
}

// BenchmarkScaleMonitor works out the monitoring of a generated plan of
// 10,000 lines (a post for every twenty) with an actual in each of the
// twelve periods for every item, as at P6: what the Monitor screen will
// redo after each saved change.
func BenchmarkScaleMonitor(b *testing.B) {
	p := store.GeneratePlan(10_000, 500, 1)
	m := model.NewMonitoring(p.Info.StartYear)
	for _, it := range p.Items() {
		for per := model.Period(1); per <= model.Periods; per++ {
			m.Actuals = append(m.Actuals, model.Actual{ID: model.ID(len(m.Actuals) + 1), Item: it.ID, Period: per, Amount: model.Pence(12345)})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if s := model.Monitor(p, m, 6); len(s.Items) != 10_500 {
			b.Fatalf("%d items", len(s.Items))
		}
	}
}
