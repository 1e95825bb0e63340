package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/store"
)

// memStore is a store that is never written: benchmarks load a generated
// plan straight into the model, so they time the interface alone.
type memStore struct{ store.Store }

func (memStore) ReadOnly() bool { return false }

// benchModel is the interface at 120x40 on the Lines screen of a generated
// plan with n lines.
func benchModel(b *testing.B, n int) Model {
	b.Helper()
	m := New(memStore{}, testOptions())
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	snap := newSnapshot(store.GeneratePlan(n, 20, 1), nil)
	snap.lines() // as the command after the first frame does
	m.setSnapshot(snap)
	next, _ = m.Update(keyText('2'))
	return next.(Model)
}

// BenchmarkLinesKeyPress times one key press on the Lines screen, Update
// and View, as the program does for every key: it moves the cursor down,
// then up, so it never sticks at an end.
func BenchmarkLinesKeyPress(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			keys := []tea.Msg{keyDown, keyUp}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				next, _ := m.Update(keys[i%2])
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}

// BenchmarkLinesFilter times one typed letter in the filter over 10,000
// and 100,000 lines, from no filter to a filter on that letter, Update and
// View.
func BenchmarkLinesFilter(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			next, _ := m.Update(keyText('/'))
			m = next.(Model)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				next, _ := m.Update(keyText('e'))
				m = next.(Model)
				_ = m.View()
				b.StopTimer()
				next, _ = m.Update(keyBack)
				m = next.(Model)
				b.StartTimer()
			}
		})
	}
}

// BenchmarkFormKeyPress times one digit typed into a line's cost, Update
// and View: what the officer waits for. The preview totals it asks for are
// worked out in a command, timed by BenchmarkPreviewTotals.
func BenchmarkFormKeyPress(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			d := &driver{t: b, m: benchModel(b, n)}
			d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter) // open, then on to the cost
			ls := d.m.screens[1].(*linesScreen)
			if ls.ed == nil {
				b.Fatal("no form")
			}
			m := d.m
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				k := keyText('1')
				if i%2 == 1 {
					k = keyBack
				}
				next, _ := m.Update(k)
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}

// BenchmarkPreviewTotals times the preview command for a line's new cost:
// a shallow copy of the plan with the line changed, and its totals.
func BenchmarkPreviewTotals(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			d := &driver{t: b, m: benchModel(b, n)}
			d.press(keyEnter)
			ed := d.m.screens[1].(*linesScreen).ed
			_, compute, ok := ed.preview()
			if !ok {
				b.Fatal("no preview")
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				_ = compute()
			}
		})
	}
}

// benchScenarios are three scenarios of a generated plan: a funding cut, a
// cut to every line, and a make-it-fit.
func benchScenarios(p *model.Plan) []model.Scenario {
	cut, ten := model.Pct("-25"), model.Pct("10")
	return []model.Scenario{
		{ID: 1, Name: "Grant cut", Steps: []model.Step{{Kind: model.StepFunding, Target: p.Funding[0].ID, Percent: &cut}}},
		{ID: 2, Name: "Lines -10%", Steps: []model.Step{{Kind: model.StepCutLines, Percent: &ten}}},
		{ID: 3, Name: "Fit", Steps: []model.Step{{Kind: model.StepFunding, Target: p.Funding[0].ID, Percent: &cut},
			{Kind: model.StepMakeFit, Fit: model.FitConfirmed}}},
	}
}

// BenchmarkScenarioReload times what each reload adds for scenarios: every
// scenario worked out against a plan of 10,000 lines, step by step.
func BenchmarkScenarioReload(b *testing.B) {
	p := store.GeneratePlan(10_000, 20, 1)
	scs := benchScenarios(p)
	b.ReportAllocs()
	for b.Loop() {
		_ = newScenarioStates(p, scs)
	}
}

// BenchmarkCompareView times the comparison of a plan of 10,000 lines with
// three scenarios, as the command works it out, and one page of it drawn.
func BenchmarkCompareView(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			snap := newSnapshot(store.GeneratePlan(n, n/20, 1), nil)
			scs := benchScenarios(snap.plan)
			snap.scenarios = newScenarioStates(snap.plan, scs)
			for i := range snap.scenarios {
				// Worked out when the Scenarios screen was looked at,
				// before the comparison is asked for.
				snap.scenarios[i].work()
			}
			ss := m.screens[scenariosTab].(*scenariosScreen)
			ss.SetSnapshot(snap)
			ids := []model.ID{1, 2, 3}
			b.ReportAllocs()
			for b.Loop() {
				msg := ss.compare(ids)().(comparisonMsg)
				cmp := newComparison(m.c, msg)
				cmp.SetSize(120, 33)
				_ = cmp.View()
			}
		})
	}
}

// BenchmarkStepFormOpen times opening the scenario-step form on a plan of
// 10,000 lines and choosing "Change a line's cost", with every key's
// Update and the last View: what the officer waits for before the list of
// lines shows.
func BenchmarkStepFormOpen(b *testing.B) {
	m := benchModel(b, 10_000)
	snap := newSnapshot(store.GeneratePlan(10_000, 20, 1), nil)
	snap.scenarios = newScenarioStates(snap.plan, benchScenarios(snap.plan))
	m.setSnapshot(snap)
	d := &driver{t: b, m: m}
	d.press("7", keyDown)
	keys := []any{"+"}
	for range int(leverLineCost) {
		keys = append(keys, keyDown)
	}
	keys = append(keys, keyEnter)
	b.ReportAllocs()
	for b.Loop() {
		d.press(keys...)
		_ = d.m.View()
		b.StopTimer()
		if !strings.Contains(d.view(), "New cost") {
			b.Fatalf("the line's cost is not asked for:\n%s", d.view())
		}
		d.press(keyEsc)
		b.StartTimer()
	}
}

// benchMonitor is the interface at 120x40 on the Monitor screen of a
// generated plan of n lines (a post for every twenty), with an actual in
// each of the twelve periods for every item, as at P6.
func benchMonitor(b *testing.B, n int) Model {
	b.Helper()
	m := New(memStore{}, testOptions())
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	p := store.GeneratePlan(n, n/20, 1)
	mon := model.NewMonitoring(p.Info.StartYear)
	for _, it := range p.Items() {
		for per := model.Period(1); per <= model.Periods; per++ {
			mon.Actuals = append(mon.Actuals, model.Actual{ID: model.ID(len(mon.Actuals) + 1), Item: it.ID, Period: per,
				Amount: model.Pence(12345)})
		}
	}
	snap := newSnapshot(p, nil)
	snap.setMonitoring(mon)
	m.setSnapshot(snap)
	next, _ = m.Update(keyText('9'))
	m = next.(Model)
	for range 6 {
		next, cmd := m.Update(keyText('['))
		m = next.(Model)
		if cmd != nil {
			next, _ = m.Update(cmd())
			m = next.(Model)
		}
	}
	if s := m.screens[monitorTab].(*monitorScreen); s.asAt != 6 || s.working {
		b.Fatalf("as at %s, working %v", s.asAt, s.working)
	}
	return m
}

// BenchmarkMonitorKeyPress times ] (then [) on the Monitor screen, Update
// and View, as the program does for every key: the new period's figures
// are worked out in a command, off the key path, so this is what the
// officer waits for before the screen says the new period.
func BenchmarkMonitorKeyPress(b *testing.B) {
	m := benchMonitor(b, 10_000)
	keys := []tea.Msg{keyText(']'), keyText('[')}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		next, _ := m.Update(keys[i%2])
		m = next.(Model)
		_ = m.View()
	}
}

// BenchmarkMonitorAsAtFigures times the whole path of ] (then [): the key
// press, the command that works out the monitoring as at the new period
// (its rounding and sort orders), its answer delivered and the screen
// drawn with the new figures.
func BenchmarkMonitorAsAtFigures(b *testing.B) {
	m := benchMonitor(b, 10_000)
	keys := []tea.Msg{keyText(']'), keyText('[')}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		next, cmd := m.Update(keys[i%2])
		m = next.(Model)
		next, _ = m.Update(cmd())
		m = next.(Model)
		_ = m.View()
	}
	if s := m.screens[monitorTab].(*monitorScreen); s.working {
		b.Fatal("the figures never arrived")
	}
}
