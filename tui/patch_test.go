package tui

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"weak"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"pgregory.net/rapid"

	"csplan/model"
	"csplan/store"
)

// snapshotJSON is everything a saved snapshot shows, compared by value.
func snapshotJSON(t *testing.T, s *snapshot) string {
	t.Helper()
	type scenario struct {
		Sc      model.Scenario
		Plan    *model.Plan
		Totals  model.Totals
		Results []model.StepResult
	}
	scs := make([]scenario, len(s.scenarios))
	for i := range s.scenarios {
		w := s.scenarios[i].work()
		scs[i] = scenario{s.scenarios[i].sc, w.plan, w.totals, w.results}
	}
	var monitor any
	if v := s.monitor(); v != nil {
		monitor = struct {
			AsAt  model.Period
			Sum   model.MonitorSummary
			Shown any
			Total any
			Order any
		}{v.asAt, v.sum, v.shown, v.total, v.order}
	}
	b, err := json.MarshalIndent(map[string]any{
		"plan": s.plan, "stored": s.stored, "totals": s.totals, "history": s.history, "revision": s.revision,
		"priorityName": s.priorityName, "priorityRank": s.priorityRank, "tagName": s.tagName,
		"lineTags": s.lines().tags, "lineSearch": s.lines().search, "lineOwner": s.lines().owner, "linePence": s.lines().pence,
		"lineOrder": s.lines().order, "lineShown": s.lines().shown,
		"postTags": s.postTags, "costings": s.costings, "spendShown": s.spendShown,
		"toGrantShown": s.toGrantShown, "toOtherShown": s.toOtherShown, "otherShown": s.otherShown,
		"fteTotal": s.fteTotal, "scenarios": scs, "monitoring": s.monitoring, "monitor": monitor,
	}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPatchedSnapshotIsTheSavedOne makes random changes to a generated
// plan (many lines share a priority, owner or cost, so the sort orders
// have ties) and checks, after each, that the snapshot the editor patches
// is the one derived whole from the plan read again: the same text, sort
// orders, rounded columns, totals, scenarios and monitoring.
func TestPatchedSnapshotIsTheSavedOne(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		s, err := store.Open(filepath.Join(t.TempDir(), "plan.db"), store.Options{
			Seed: func() (*model.Plan, error) { return store.GeneratePlan(60, 6, 7), nil },
			SeedScenarios: func(p *model.Plan) []model.Scenario {
				cut := model.Pct("10")
				return []model.Scenario{{Name: "Lines cut 10%", Steps: []model.Step{{Kind: model.StepCutLines, Percent: &cut}}}}
			},
			User: "officer",
			Now:  testClock(),
		})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		es := editingStore{Store: s, snaps: &snapCache{}}
		if _, err := readSnapshot(es); err != nil {
			t.Fatal(err)
		}
		steps := rapid.IntRange(1, 10).Draw(rt, "steps")
		for i := range steps {
			p := es.snaps.latest.stored
			pick := func(n int, label string) int { return rapid.IntRange(0, n-1).Draw(rt, label) }
			var what string
			var err error
			switch op := rapid.IntRange(0, 10).Draw(rt, "op"); op {
			case 0:
				// Same priority, owner and cost as another: ties.
				l := p.Lines[pick(len(p.Lines), "like")]
				l.ID, l.Title = 0, fmt.Sprintf("Added %d", i)
				what = "add line"
				_, err = s.SaveLine(l)
			case 1, 2:
				l := p.Lines[pick(len(p.Lines), "line")]
				switch rapid.IntRange(0, 3).Draw(rt, "field") {
				case 0:
					l.Cost = model.Pence(int64(rapid.IntRange(0, 5_000_000).Draw(rt, "pence")))
				case 1:
					l.Title = rapid.SampledFrom([]string{"a", "Zebra", "Mediation", "\x1b[31mred"}).Draw(rt, "title")
				case 2:
					l.Owner = rapid.SampledFrom([]string{"", "CWC", "cwc", "Police"}).Draw(rt, "owner")
				case 3:
					l.PriorityID = p.Priorities[pick(len(p.Priorities), "pr")].ID
				}
				what = "edit line"
				_, err = s.SaveLine(l)
			case 3:
				what = "delete line"
				err = s.DeleteLine(p.Lines[pick(len(p.Lines), "line")].ID)
			case 4:
				po := p.Posts[pick(len(p.Posts), "post")]
				po.Salary = po.Salary.Add(model.Pounds(int64(rapid.IntRange(1, 5000).Draw(rt, "rise"))))
				what = "edit post"
				_, err = s.SavePost(po)
			case 5:
				what = "cycle funding"
				_, err = s.CycleFundingStatus(p.Funding[pick(len(p.Funding), "funding")].ID)
			case 6:
				pr := p.Priorities[pick(len(p.Priorities), "pr")]
				pr.Name += " and more"
				what = "rename priority"
				_, err = s.SavePriority(pr)
			case 7:
				st := p.Settings
				st.LevyHeldCentrally = !st.LevyHeldCentrally
				what = "settings"
				err = s.SaveSettings(st)
			case 8:
				what = "undo"
				_, err = s.Undo()
			case 9:
				what = "redo"
				_, err = s.Redo()
			case 10:
				what = "add actual"
				_, err = s.AddActuals([]model.Actual{{Item: p.Lines[pick(len(p.Lines), "line")].ID, Period: 2,
					Amount: model.Pounds(int64(rapid.IntRange(1, 900).Draw(rt, "spend")))}}, nil, "Spend")
			}
			if err != nil {
				what += " (refused)"
			}
			patched, err := readSnapshot(es)
			if err != nil {
				t.Fatal(err)
			}
			whole, err := readWhole(s)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := snapshotJSON(t, patched), snapshotJSON(t, whole); got != want {
				t.Fatalf("after %s the patched snapshot differs from the one read whole\npatched:\n%s\nwhole:\n%s", what, got, want)
			}
		}
	})
}

// TestKeysWaitForTheLines types keys at the Lines screen while its lines
// are still being worked out (a large plan just opened): the screen says
// so, the keys wait, and once the lines arrive they land where they were
// aimed.
func TestKeysWaitForTheLines(t *testing.T) {
	s := openStore(t)
	m := New(s, testOptions())
	next, _ := m.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	// The plan read, its answer delivered; the command working out the
	// lines, which that answer asks for, has not answered yet.
	next, _ = next.Update(loadPlan(m.c.store)())
	m = next.(Model)
	if m.snap.linesReady() {
		t.Fatal("the lines were worked out with the first frame")
	}
	for _, k := range []tea.Msg{keyText('2'), keyDown, keyDown} {
		next, _ = m.Update(k)
		m = next.(Model)
	}
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "Working out 14 lines…") {
		t.Fatalf("the Lines screen does not say it is working:\n%s", v)
	}
	m.snap.lines()
	next, _ = m.Update(linesReadyMsg{m.snap})
	m = next.(Model)
	ls := m.screens[linesTab].(*linesScreen)
	want := m.snap.plan.Lines[m.snap.lines().order[sortPriority][2]]
	if got := ls.selectedID(); m.active != linesTab || got != want.ID {
		t.Fatalf("on tab %d, line %d selected; want the Lines screen with its third line, %q (%d)", m.active, got, want.Title, want.ID)
	}
}

// TestOlderComparisonIsDropped: a comparison worked out from an older plan
// that arrives after a newer one (commands answer in any order) does not
// replace it.
func TestOlderComparisonIsDropped(t *testing.T) {
	d := start(t, openStore(t), 100, 30)
	d.press("7", "m", keyEnter)
	ss := d.m.screens[scenariosTab].(*scenariosScreen)
	if ss.cmp == nil {
		t.Fatal("no comparison on view")
	}
	now := ss.cmp.comparisonMsg
	older := now
	older.revision--
	older.names = []string{"Plan", "From an older plan"}
	d.send(older)
	if ss.cmp.revision != now.revision || ss.cmp.names[1] == "From an older plan" {
		t.Fatal("an older comparison replaced the newer one")
	}
	d.send(now)
	if ss.cmp.revision != now.revision {
		t.Fatal("the comparison of the plan on screen was dropped")
	}
}

// TestOldSnapshotsAreLetGo: once a change is on screen, nothing keeps the
// snapshot before it (and its plan) alive, so the editor's memory does not
// grow with edits.
func TestOldSnapshotsAreLetGo(t *testing.T) {
	d := start(t, openStore(t), 100, 30)
	first := weak.Make(d.m.snap)
	d.press("2", "d", "y", "7", "1", "u")
	if d.m.snap == first.Value() {
		t.Fatal("the changes did not bring a new snapshot")
	}
	runtime.GC()
	runtime.GC()
	if first.Value() != nil {
		t.Fatal("the first snapshot is still held after two changes")
	}
	runtime.KeepAlive(d) // the editor, still open
}

// TestSpendFiguresFollowTheChange: after a saved change, the totals bar's
// spend is worked out in a command once the change is on screen (with a
// year of spend it costs more than the change): until it comes the bar
// shows the figures before the change, in the same place, then the new.
func TestSpendFiguresFollowTheChange(t *testing.T) {
	s := openStore(t)
	if _, err := s.AddActuals([]model.Actual{{Item: itemDHR, Period: 1, Amount: model.Pounds(5000)}}, nil, "Spend"); err != nil {
		t.Fatal(err)
	}
	d := start(t, s, 80, 24)
	d.requireView("Spent £5,000 to P1")
	// The change's answer is delivered; the commands it asks for are not
	// run yet.
	msg := change(d.m.c.store, func(st store.Store) (model.ID, error) {
		a, err := st.SaveActual(model.Actual{Item: itemDHR, Period: 1, Amount: model.Pounds(2500)})
		return a.ID, err
	})()
	next, _ := d.m.Update(msg)
	d.m = next.(Model)
	d.requireView("Saved: Added an actual", "Spent £5,000 to P1")
	if d.m.snap.saved.monitorReady() {
		t.Fatal("the spend was worked out with the change, not after it")
	}
	d.m.snap.saved.monitor()
	d.send(monitorReadyMsg{})
	d.requireView("Spent £7,500 to P1")
}

// TestMonitorScreenTakesTheBarsFigures: on the Monitor screen, after a
// change, the screen's figures for the period the totals bar shows are
// the bar's, worked out once after the change is on screen, not a second
// time by the screen itself.
func TestMonitorScreenTakesTheBarsFigures(t *testing.T) {
	s := openStore(t)
	if _, err := s.AddActuals([]model.Actual{{Item: itemDHR, Period: 1, Amount: model.Pounds(5000)}}, nil, "Spend"); err != nil {
		t.Fatal(err)
	}
	d := start(t, s, 100, 30)
	d.press("9")
	var later []tea.Cmd
	d.later = &later
	d.run(change(d.m.c.store, func(st store.Store) (model.ID, error) {
		a, err := st.SaveActual(model.Actual{Item: itemDHR, Period: 1, Amount: model.Pounds(2500)})
		return a.ID, err
	}))
	d.requireView("Saved: Added an actual", "working out…")
	if len(later) != 1 {
		t.Fatalf("%d pieces of work after the change, want the one", len(later))
	}
	d.later = nil
	d.run(later[0])
	d.requireView("Spent £7,500 to P1")
	d.refuseView("working out…")
}
