package tui

import (
	"fmt"
	"path/filepath"
	"testing"

	"csplan/model"
	"csplan/store"
)

// roundTripStore writes a generated plan of n lines (a post for every
// twenty) with three scenarios to a real file, as `csplan dev gen` does.
func roundTripStore(b *testing.B, n int) *store.DB {
	b.Helper()
	s, err := store.Open(filepath.Join(b.TempDir(), "plan.db"), store.Options{
		Seed: func() (*model.Plan, error) { return store.GeneratePlan(n, n/20, 1), nil },
		SeedScenarios: func(p *model.Plan) []model.Scenario {
			cut, grant := model.Pct("10"), model.Pct("-25")
			refused := model.Refused
			return []model.Scenario{
				{Name: "Lines cut 10%", Steps: []model.Step{{Kind: model.StepCutLines, Percent: &cut}}},
				{Name: "Grant cut 25%", Steps: []model.Step{{Kind: model.StepFunding, Target: p.Funding[0].ID, Percent: &grant}}},
				{Name: "Carry-forward refused", Steps: []model.Step{{Kind: model.StepFunding, Target: p.Funding[1].ID, Status: &refused}}},
			}
		},
		User: "officer",
		Now:  testClock(),
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// BenchmarkEditRoundTrip times what the officer waits for after a key
// press that changes the plan, through the real command path and a real
// file: the key, the change saved (fsynced), the plan on screen brought up
// to the saved revision, and the screen drawn showing it. "delete" is d, y
// on the Lines screen's first line; "undo" is u, putting it back. Each
// undo (or delete) is done with the timer stopped, so the plan keeps its
// size.
func BenchmarkEditRoundTrip(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		for _, what := range []string{"delete", "undo"} {
			b.Run(fmt.Sprintf("lines=%d/%s", n, what), func(b *testing.B) {
				s := roundTripStore(b, n)
				d := start(b, s, 120, 40)
				d.press("2")
				deleteLine := func() {
					before := len(d.m.snap.plan.Lines)
					d.press("d", "y")
					_ = d.m.View()
					if got := len(d.m.snap.plan.Lines); got != before-1 {
						b.Fatalf("after the delete the screen shows %d lines, want %d", got, before-1)
					}
				}
				undoLine := func() {
					before := len(d.m.snap.plan.Lines)
					d.press("u")
					_ = d.m.View()
					if got := len(d.m.snap.plan.Lines); got != before+1 {
						b.Fatalf("after the undo the screen shows %d lines, want %d", got, before+1)
					}
				}
				b.ReportAllocs()
				for b.Loop() {
					if what == "delete" {
						deleteLine()
						b.StopTimer()
						undoLine()
						b.StartTimer()
					} else {
						b.StopTimer()
						deleteLine()
						b.StartTimer()
						undoLine()
					}
				}
			})
		}
	}
}
