package tui

import (
	"errors"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"csplan/model"
	"csplan/store"
)

func findLine(t *testing.T, p *model.Plan, title string) (model.Line, bool) {
	t.Helper()
	for _, l := range p.Lines {
		if l.Title == title {
			return l, true
		}
	}
	return model.Line{}, false
}

// selectLine moves the Lines cursor to the line with the given title.
func (d *driver) selectLine(title string) {
	d.t.Helper()
	d.press("2", keyText('g'))
	ls := d.m.screens[1].(*linesScreen)
	for i := 0; i < len(ls.rows); i++ {
		if l, _ := ls.selected(); l.Title == title {
			return
		}
		d.press(keyDown)
	}
	d.t.Fatalf("no line %q on the Lines screen", title)
}

func TestAddLine(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := len(mustLoad(t, s).Lines)

	d.press("2", "a")
	d.requireView("Add a line")
	d.press("Street pastors", keyEnter) // title
	d.press(keyEnter)                   // priority: keep the one offered
	d.press("Community Safety Team", keyEnter)
	d.press("Project", keyEnter)
	d.press("12.5k")
	// While the cost is typed, the bar shows the plan as it would be.
	d.requireView("PREVIEW Allocated", "Allocated £419,500")
	d.press(keyEnter)
	d.press(keyRight, keyEnter) // primary PCC priority: the first
	d.press(keySpace, keyEnter) // also supports: tick the first, the primary again
	d.press(keyEnter)           // notes: none, and save

	p := mustLoad(t, s)
	if len(p.Lines) != before+1 {
		t.Fatalf("lines = %d, want %d", len(p.Lines), before+1)
	}
	l, ok := findLine(t, p, "Street pastors")
	if !ok {
		t.Fatal("the new line is not in the store")
	}
	if !l.Cost.Equal(model.Pounds(12500)) || l.Owner != "Community Safety Team" || len(l.Tags) != 1 || l.PrimaryTag() != sortedTags(p)[0].ID {
		t.Errorf("saved line = %+v", l)
	}
	d.requireView("Allocated £419,500", "Saved:", "Street pastors", "Over budget by £12,500")
	if sel, _ := d.m.screens[1].(*linesScreen).selected(); sel.Title != "Street pastors" {
		t.Errorf("after adding, the cursor is on %q, want the new line", sel.Title)
	}
	d.refuseView("PREVIEW")
}

func TestEditCost(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectLine("Community champions")
	d.press(keyEnter)
	d.requireView("Edit line: Community champions")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter) // title, priority, owner, kind
	d.clear(10)
	d.press("10,000")
	d.requireView("PREVIEW Allocated", "Allocated £405,000", "Headroom £2,000")
	// Nothing is saved while typing.
	if l, _ := findLine(t, mustLoad(t, s), "Community champions"); !l.Cost.Equal(model.Pounds(12000)) {
		t.Fatalf("cost saved before the form was: %s", l.Cost)
	}
	d.press(keyEnter, keyEnter, keyEnter, keyEnter)
	l, _ := findLine(t, mustLoad(t, s), "Community champions")
	if !l.Cost.Equal(model.Pounds(10000)) {
		t.Fatalf("cost = %s, want £10,000", l.Cost)
	}
	d.requireView("Allocated £405,000", "Headroom £2,000", "£10,000")
	d.refuseView("PREVIEW", "Edit line")
}

func TestBadAmount(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectLine("Community champions")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(10)
	d.press("12,0000", keyEnter)
	// The error shows and the form stays on the cost.
	d.requireView("Edit line", "a thousands separator is misplaced")
	d.refuseView("PREVIEW")
	d.press(keyEnter, keyEnter, keyEnter)
	d.requireView("Edit line")
	if l, _ := findLine(t, mustLoad(t, s), "Community champions"); !l.Cost.Equal(model.Pounds(12000)) {
		t.Fatalf("a bad amount changed the cost to %s", l.Cost)
	}
	// esc asks first, as something was typed; y gives up and nothing
	// was saved.
	d.press(keyEsc)
	d.requireView("Discard your changes to this form?")
	d.press("y")
	d.requireView("Cancelled: nothing was saved", "Allocated £407,000")
	if h, _ := s.History(0); len(h) != 1 {
		t.Fatalf("history has %d entries, want only the creation", len(h))
	}
}

func TestDeleteWithConfirm(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectLine("Modern slavery awareness")
	d.press("d")
	d.requireView(`Delete line "Modern slavery awareness" (£5,000)?  y/n`)
	// n keeps it.
	d.press("n")
	d.requireView("Kept: nothing was deleted")
	if _, ok := findLine(t, mustLoad(t, s), "Modern slavery awareness"); !ok {
		t.Fatal("n deleted the line")
	}
	d.press("d", "y")
	if _, ok := findLine(t, mustLoad(t, s), "Modern slavery awareness"); ok {
		t.Fatal("y did not delete the line")
	}
	d.requireView("Allocated £402,000", "Headroom £5,000 if pending is approved")
	d.refuseView("Modern slavery awareness  ")
}

func TestUndoRedo(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectLine("Modern slavery awareness")
	d.press("d", "y")
	d.requireView("Allocated £402,000")

	d.press("u")
	if _, ok := findLine(t, mustLoad(t, s), "Modern slavery awareness"); !ok {
		t.Fatal("undo did not bring the line back")
	}
	d.requireView("Undone:", "Allocated £407,000", "Modern slavery awareness")

	d.press(keyCtrlR)
	if _, ok := findLine(t, mustLoad(t, s), "Modern slavery awareness"); ok {
		t.Fatal("redo did not delete the line again")
	}
	d.requireView("Redone:", "Allocated £402,000")

	d.press("u", "u")
	d.requireView("Nothing to undo.", "Allocated £407,000")
}

func TestFundingStatusCycles(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("4", keyDown) // the carry-forward, pending
	d.requireView("! Fits only if pending money is approved")

	d.press(keySpace) // pending -> refused
	p := mustLoad(t, s)
	if p.Funding[1].Status != model.Refused {
		t.Fatalf("status = %s, want refused", p.Funding[1].Status)
	}
	d.requireView("Allocated £407,000 of £369,000", "refused £38,000", "Headroom -£38,000 if pending is approved",
		"✗ Over budget by £38,000")

	d.press(keySpace) // refused -> confirmed
	d.requireView("Allocated £407,000 of £407,000", "confirmed £407,000", "✓ Fits the confirmed money")
	if p := mustLoad(t, s); p.Funding[1].Status != model.Confirmed {
		t.Fatalf("status = %s, want confirmed", p.Funding[1].Status)
	}
}

func TestFilter(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("2", "/", "youth")
	d.requireView("3 of 14 lines", "Youth Inclusion Support Panel", "Youth violence and VAWG", "Targeted community")
	d.refuseView("Modern slavery awareness")
	// While typing, q and digits are text, not commands.
	d.press(" q")
	if d.quit {
		t.Fatal("q in the filter quit")
	}
	d.requireView("0 of 14 lines")
	d.press(keyBack, keyBack, keyEnter)
	d.requireView("Filter: youth", "3 of 14 lines")
	// esc clears the filter.
	d.press(keyEsc)
	d.requireView("14 lines costing", "Modern slavery awareness")
}

func TestSortByCost(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 120, 40)
	d.press("2", "s", "s", "s", "s") // priority -> title -> owner -> PCC -> cost
	d.requireView("sorted by cost, smallest first")
	ls := d.m.screens[1].(*linesScreen)
	if l, _ := ls.selected(); l.Title == "" {
		t.Fatal("nothing selected")
	}
	d.press("S", keyText('g'))
	if l, _ := ls.selected(); l.Title != "Specialist VAWG services" {
		t.Fatalf("largest line = %q", l.Title)
	}
}

func TestReadOnlyRefusesEdits(t *testing.T) {
	w := openStore(t)
	// Reopen the same file read-only, after the writer lets go.
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(w.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	d := start(t, ro, 80, 24)
	d.requireView("READ-ONLY")
	golden.RequireEqual(t, d.view())
	d.press("2", "a")
	d.requireView("open read-only")
	d.refuseView("Add a line")
	d.press("4", keySpace)
	d.requireView("open read-only")
	d.press("u")
	d.requireView("open read-only")
}

// failingStore is a real store whose saves fail, as on a full disk.
type failingStore struct {
	store.Store
	err error
}

func (f failingStore) SaveLine(l model.Line) (model.Line, error) { return model.Line{}, f.err }

func TestStoreErrorKeepsForm(t *testing.T) {
	s := openStore(t)
	diskFull := errors.New("no space left on device")
	d := start(t, failingStore{Store: s, err: diskFull}, 80, 24)
	d.selectLine("Community champions")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(10)
	d.press("9999", keyEnter, keyEnter, keyEnter, keyEnter)
	d.requireView("Not saved: no space left on device", "Edit line: Community champions", "9999")
	if l, _ := findLine(t, mustLoad(t, s), "Community champions"); !l.Cost.Equal(model.Pounds(12000)) {
		t.Fatalf("cost = %s after a failed save", l.Cost)
	}
	// Once the disk has room, saving the same form again works.
	d.m.c.store = s
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	if l, _ := findLine(t, mustLoad(t, s), "Community champions"); !l.Cost.Equal(model.Pounds(9999)) {
		t.Fatalf("cost = %s after saving again, want £9,999", l.Cost)
	}
	d.refuseView("Edit line")
}

func TestQuitKeys(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("q")
	if !d.quit {
		t.Fatal("q did not quit")
	}
	d = start(t, openStore(t), 80, 24)
	d.press("2", "a", "q")
	if d.quit {
		t.Fatal("q in a form quit")
	}
	d.press(keyCtrlC)
	if !d.quit {
		t.Fatal("ctrl+c did not quit from a form")
	}
}

func TestTabsCycle(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	for _, want := range []int{1, 2, 3, 4, 5, 6, 7, 8, 0} {
		d.press(keyTab)
		if d.m.active != want {
			t.Fatalf("tab went to %d, want %d", d.m.active, want)
		}
	}
	d.press(keyShiftTab)
	if d.m.active != 8 {
		t.Fatalf("shift+tab went to %d, want 8", d.m.active)
	}
}
