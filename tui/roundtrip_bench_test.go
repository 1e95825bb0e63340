package tui

import (
	tea "charm.land/bubbletea/v2"
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"path/filepath"
	"runtime"
	"strings"
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
//
// "with-spend" is the delete with spend recorded on every line in each of
// the first three periods, so the totals bar shows the year's spend.
// "after-import" is the delete again after the whole plan was imported
// (ReplacePlan with one line changed, read back as the editor does after
// an import). Each reports the live heap once done (MB-live: after a
// garbage collection, so it is what the editor holds, not what it has
// thrown away).
func BenchmarkEditRoundTrip(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		for _, what := range []string{"delete", "undo", "after-import", "with-spend"} {
			b.Run(fmt.Sprintf("lines=%d/%s", n, what), func(b *testing.B) {
				s := roundTripStore(b, n)
				if what == "with-spend" {
					// The year under way: spend on every line in each of
					// the first three periods, as the totals bar shows.
					p, err := s.Load()
					if err != nil {
						b.Fatal(err)
					}
					var spend []model.Actual
					for _, l := range p.Lines {
						for period := model.Period(1); period <= 3; period++ {
							spend = append(spend, model.Actual{Item: l.ID, Period: period, Amount: model.Pounds(10)})
						}
					}
					if _, err := s.AddActuals(spend, nil, "Spend"); err != nil {
						b.Fatal(err)
					}
				}
				d := start(b, s, 120, 40)
				if what == "after-import" {
					p, err := s.Load()
					if err != nil {
						b.Fatal(err)
					}
					p.Lines[n/2].Cost = p.Lines[n/2].Cost.Add(model.Pounds(1))
					if err := s.ReplacePlan(p, "imported"); err != nil {
						b.Fatal(err)
					}
					d.run(refreshPlan(d.m.c.store, "imported"))
					if d.m.snap.saved.plan.Lines[n/2].Cost.Cmp(p.Lines[n/2].Cost) != 0 {
						b.Fatal("the editor does not show the imported plan")
					}
				}
				d.press("2")
				// What the model works out once the change is on screen
				// (the spend, after a change with a year of spend) runs
				// after the timer stops, as it runs in the background.
				var later []tea.Cmd
				d.later = &later
				runLater := func() {
					d.later = nil
					for len(later) > 0 {
						cmd := later[0]
						later = later[1:]
						d.run(cmd)
					}
					d.later = &later
				}
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
					if what != "undo" {
						deleteLine()
						b.StopTimer()
						runLater()
						undoLine()
						runLater()
						b.StartTimer()
					} else {
						b.StopTimer()
						deleteLine()
						runLater()
						b.StartTimer()
						undoLine()
						b.StopTimer()
						runLater()
						b.StartTimer()
					}
				}
				runLater()
				b.ReportMetric(liveHeapMB(), "MB-live")
				runtime.KeepAlive(d)
			})
		}
	}
}

// liveHeapMB is the heap in use after a garbage collection, in MB.
func liveHeapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / 1e6
}

// BenchmarkFirstFrame is what the officer waits for at start-up, after
// the file is open: the editor reads the plan, derives what the Overview
// shows, and draws it. The Lines screen's text and sort orders are worked
// out by a command that follows (not timed here; "lines" times it). It
// reports the live heap with the plan on screen and the lines worked out
// (MB-live).
func BenchmarkFirstFrame(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		s := roundTripStore(b, n)
		first := func() Model {
			m := New(s, testOptions())
			next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			next, _ = next.Update(loadPlan(m.c.store)())
			m = next.(Model)
			if !strings.Contains(ansi.Strip(m.View().Content), "Headroom") {
				b.Fatal("the Overview does not show the plan")
			}
			return m
		}
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			var m Model
			for b.Loop() {
				m = first()
			}
			m.snap.lines()
			b.ReportMetric(liveHeapMB(), "MB-live")
			runtime.KeepAlive(m)
		})
		b.Run(fmt.Sprintf("lines=%d/lines", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				m := first()
				b.StartTimer()
				m.snap.lines()
			}
		})
	}
}
