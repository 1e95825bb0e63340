package tui

import (
	"fmt"
	"reflect"
	"testing"

	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/store"
)

// hold delivers msg as send does, but keeps back the results of the
// changes it starts (planLoadedMsg, changeSavedMsg, changeFailedMsg) and
// returns them, so a test can deliver them later, in any order, as a
// program running several commands at once may. The commands have run:
// what they saved is in the store.
func (d *driver) hold(msg tea.Msg) []tea.Msg {
	d.t.Helper()
	var held []tea.Msg
	d.sendHolding(msg, &held)
	return held
}

func (d *driver) sendHolding(msg tea.Msg, held *[]tea.Msg) {
	d.t.Helper()
	next, cmd := d.m.Update(msg)
	d.m = next.(Model)
	d.runHolding(cmd, held)
}

func (d *driver) runHolding(cmd tea.Cmd, held *[]tea.Msg) {
	d.t.Helper()
	if cmd == nil || d.quit || isBlink(cmd) {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.runHolding(c, held)
		}
		return
	case planLoadedMsg, changeSavedMsg, changeFailedMsg:
		*held = append(*held, msg)
		return
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		for i := 0; i < v.Len(); i++ {
			d.runHolding(v.Index(i).Interface().(tea.Cmd), held)
		}
		return
	}
	d.sendHolding(msg, held)
}

// holdOne is hold for a message that starts exactly one change.
func (d *driver) holdOne(msg tea.Msg) tea.Msg {
	d.t.Helper()
	held := d.hold(msg)
	if len(held) != 1 {
		d.t.Fatalf("%v started %d changes, want 1: %v", msg, len(held), held)
	}
	return held[0]
}

// deliver sends held results in the given order.
func (d *driver) deliver(msgs []tea.Msg, order []int) {
	d.t.Helper()
	for _, i := range order {
		d.send(msgs[i])
	}
}

// bothOrders runs a test once with two results delivered in the order
// they were made and once the other way round.
func bothOrders(t *testing.T, test func(t *testing.T, order []int)) {
	for name, order := range map[string][]int{"in order": {0, 1}, "newer first": {1, 0}} {
		t.Run(name, func(t *testing.T) { test(t, order) })
	}
}

// requireShowsStore fails unless the plan on screen is the plan stored.
func (d *driver) requireShowsStore(s store.Store) {
	d.t.Helper()
	if got, want := planText(d.t, d.m.snap.saved.plan), planText(d.t, mustLoad(d.t, s)); got != want {
		d.t.Fatalf("the screen shows a plan that is not the one stored:\nscreen %s\nstore  %s", got, want)
	}
}

// planText is what these tests compare of a plan: its lines, each
// source's status and the order of the priorities.
func planText(t testing.TB, p *model.Plan) string {
	t.Helper()
	var lines []model.ID
	for _, l := range p.Lines {
		lines = append(lines, l.ID)
	}
	var funding, order []string
	for _, f := range p.Funding {
		funding = append(funding, f.Name+": "+f.Status.String())
	}
	for _, pr := range p.Priorities {
		order = append(order, pr.Name)
	}
	return fmt.Sprintf("lines %v; funding %q; priorities %q", lines, funding, order)
}

// A plan read back before the one on screen never replaces it, whichever
// message carries it.
func TestOlderResultIsDropped(t *testing.T) {
	for name, msgOf := range map[string]func(*snapshot) tea.Msg{
		"change saved": func(s *snapshot) tea.Msg { return changeSavedMsg{snap: s, status: "Saved: a change"} },
		"plan loaded":  func(s *snapshot) tea.Msg { return planLoadedMsg{snap: s} },
	} {
		t.Run(name, func(t *testing.T) {
			s := openStore(t)
			d := start(t, s, 100, 30)
			p := mustLoad(t, s)
			if err := s.DeleteLine(p.Lines[0].ID); err != nil {
				t.Fatal(err)
			}
			older, err := readSnapshot(s)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteLine(p.Lines[1].ID); err != nil {
				t.Fatal(err)
			}
			newer, err := readSnapshot(s)
			if err != nil {
				t.Fatal(err)
			}
			if newer.revision <= older.revision {
				t.Fatalf("revisions %d then %d do not rise", older.revision, newer.revision)
			}
			d.send(msgOf(newer))
			d.send(msgOf(older))
			if d.m.snap.revision != newer.revision {
				t.Errorf("the screen shows revision %d, want the newer %d", d.m.snap.revision, newer.revision)
			}
			d.requireShowsStore(s)
			d.press("2")
			d.refuseView(p.Lines[1].Title)
		})
	}
}

// Two deletes made before either is read back leave the screen showing
// the store, with both lines gone, in whatever order the results arrive.
func TestQuickDeletes(t *testing.T) {
	bothOrders(t, func(t *testing.T, order []int) {
		s := openStore(t)
		d := start(t, s, 100, 30)
		before := len(mustLoad(t, s).Lines)
		ls := d.m.screens[1].(*linesScreen)
		d.press("2", keyText('g'))
		first, _ := ls.selected()
		d.press("d")
		a := d.holdOne(keyText('y'))
		d.press(keyDown)
		second, _ := ls.selected()
		d.press("d")
		b := d.holdOne(keyText('y'))
		d.deliver([]tea.Msg{a, b}, order)

		if n := len(mustLoad(t, s).Lines); n != before-2 {
			t.Fatalf("the store has %d lines, want %d", n, before-2)
		}
		d.requireShowsStore(s)
		for _, l := range d.m.snap.plan.Lines {
			if l.ID == first.ID || l.ID == second.ID {
				t.Errorf("the screen still shows line %q", l.Title)
			}
		}
	})
}

// Two quick presses of space move a source on two statuses, from the one
// stored, not twice to the one after the status on screen.
func TestQuickFundingPresses(t *testing.T) {
	bothOrders(t, func(t *testing.T, order []int) {
		s := openStore(t)
		d := start(t, s, 100, 30)
		d.press("4")
		f, _ := d.m.screens[3].(*fundingScreen).selected()
		a := d.holdOne(keySpace)
		b := d.holdOne(keySpace)
		d.deliver([]tea.Msg{a, b}, order)

		got, _, _ := mustLoad(t, s).FundingSource(f.ID)
		if want := f.Status.Next().Next(); got.Status != want {
			t.Errorf("two presses took %q from %s to %s, want %s", f.Name, f.Status, got.Status, want)
		}
		d.requireShowsStore(s)
	})
}

// Two quick presses of K move a priority up two places.
func TestQuickPriorityMoves(t *testing.T) {
	bothOrders(t, func(t *testing.T, order []int) {
		s := openStore(t)
		d := start(t, s, 100, 30)
		ps := d.m.screens[4].(*prioritiesScreen)
		d.press("5", keyText('G'))
		before := mustLoad(t, s).Priorities
		moved := ps.selectedPriority()
		if n := len(before); n < 3 || moved.ID != before[n-1].ID {
			t.Fatalf("the last of %d priorities is not selected: %q", n, moved.Name)
		}
		a := d.holdOne(keyText('K'))
		b := d.holdOne(keyText('K'))
		d.deliver([]tea.Msg{a, b}, order)

		after := mustLoad(t, s).Priorities
		if got := after[len(after)-3]; got.ID != moved.ID {
			t.Errorf("after two moves up %q is third from the end, want %q", got.Name, moved.Name)
		}
		d.requireShowsStore(s)
	})
}

// While a form's save is in flight, esc does not claim nothing was saved,
// and a save read back before the plan on screen still closes its form
// without taking the screen back.
func TestStaleSaveClosesItsForm(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 30)
	fs := d.m.screens[3].(*fundingScreen)
	d.press("4")
	f, _ := fs.selected()
	d.press(keyEnter, keyEnter) // edit; to the amount
	d.clear(20)
	d.press("370000", keyEnter, keyEnter) // amount; status kept
	saved := d.holdOne(keyEnter)          // note kept; save

	d.press(keyEsc)
	d.refuseView("nothing was saved")
	d.requireView("Already saving")
	if !fs.Typing() {
		t.Fatal("esc closed the form while it was saving")
	}

	// Another change lands and is shown before this save's result.
	other := mustLoad(t, s).Funding[1]
	if _, err := s.CycleFundingStatus(other.ID); err != nil {
		t.Fatal(err)
	}
	newer, err := readSnapshot(s)
	if err != nil {
		t.Fatal(err)
	}
	d.send(planLoadedMsg{snap: newer})
	d.send(saved)

	if fs.Typing() {
		t.Error("the form stayed open after its save was read back")
	}
	if d.m.snap.revision != newer.revision {
		t.Errorf("the screen went back to revision %d from %d", d.m.snap.revision, newer.revision)
	}
	got, _, _ := mustLoad(t, s).FundingSource(f.ID)
	if !got.Amount.Equal(model.Pounds(370000)) {
		t.Errorf("amount saved = %s, want £370,000", got.Amount.Whole())
	}
	d.requireShowsStore(s)
	d.requireView("Saved:")
}

// The command that shows a scenario is handed the scenario selected when
// enter was pressed; moving on before it runs does not change which.
func TestShowScenarioReadsNoScreen(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 30)
	ss := d.m.screens[scenariosTab].(*scenariosScreen)
	d.press("7", keyDown)
	want := ss.selectedID()
	if want == 0 || len(d.m.snap.saved.scenarios) < 2 {
		t.Fatalf("the test needs two scenarios, the first selected (%d)", want)
	}
	next, cmd := d.m.Update(keyEnter)
	d.m = next.(Model)
	d.press(keyDown)
	if ss.selectedID() == want {
		t.Fatal("the cursor did not move")
	}
	d.run(cmd)
	if d.m.viewing != want || d.m.snap.scenario == nil || d.m.snap.scenario.ID != want {
		t.Errorf("showing scenario %d, want %d, the one selected at enter", d.m.viewing, want)
	}
}

// In a scenario, two quick presses of space record two changes of status,
// each from the scenario as stored.
func TestQuickFundingPressesInScenario(t *testing.T) {
	bothOrders(t, func(t *testing.T, order []int) {
		s := openStore(t)
		d := start(t, s, 100, 30)
		d.press("7", keyDown, keyEnter, "4")
		sc := d.m.snap.scenario
		if sc == nil {
			t.Fatal("no scenario on screen")
		}
		f, _ := d.m.screens[3].(*fundingScreen).selected()
		a := d.holdOne(keySpace)
		b := d.holdOne(keySpace)
		d.deliver([]tea.Msg{a, b}, order)

		scs, err := s.Scenarios()
		if err != nil {
			t.Fatal(err)
		}
		for _, stored := range scs {
			if stored.ID != sc.ID {
				continue
			}
			got, _, _ := stored.Plan(mustLoad(t, s)).FundingSource(f.ID)
			if want := f.Status.Next().Next(); got.Status != want {
				t.Errorf("two presses in the scenario took %q from %s to %s, want %s", f.Name, f.Status, got.Status, want)
			}
			shown, _, _ := d.m.snap.plan.FundingSource(f.ID)
			if shown.Status != got.Status {
				t.Errorf("the screen shows %s, the store %s", shown.Status, got.Status)
			}
			return
		}
		t.Fatal("the scenario is gone")
	})
}
