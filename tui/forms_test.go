package tui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/store"
)

// A month field reads numbers counted from April and says which month a
// number is as it is typed.
func TestMonthFieldSaysWhichMonth(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("3", keyEnter)
	// Title, priority, team, FTE, salary, first month: to the last month.
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(10)
	d.requireView("1 = April")
	d.press("12")
	d.requireView("12 = March")
	d.clear(2)
	d.press("9")
	d.requireView("9 = December")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	p := mustLoad(t, s)
	if got := p.Posts[0].EndMonth; got != 9 {
		t.Fatalf("last month = %s, want December", model.MonthName(got))
	}
}

// A last month before the first is caught on the last month's field,
// which keeps the focus, not at the final save.
func TestMonthRangeCaughtOnTheField(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("3", keyEnter)
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter) // to the first month
	d.clear(10)
	d.press("January", keyEnter)
	d.clear(10)
	d.press("June", keyEnter)
	d.requireView("✗ June is before the first month, January")
	// The focus stayed: what is typed now goes into the last month.
	d.clear(10)
	d.press("March", keyEnter)
	d.refuseView("✗")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	p := mustLoad(t, s)
	if po := p.Posts[0]; po.StartMonth != 10 || po.EndMonth != 12 {
		t.Fatalf("months = %s to %s, want January to March", model.MonthName(po.StartMonth), model.MonthName(po.EndMonth))
	}
}

// A new post's form does not open with a complaint about a title not yet
// typed.
func TestNewPostOpensWithoutError(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("3", "a")
	d.requireView("Add a post")
	d.refuseView("must not be empty", "✗")
	d.requireView("Type the salary to see what the post costs.")
}

// esc on a form typed in asks before dropping what was typed; n goes back
// to the form as it was, y closes it. An untouched form closes at once.
func TestEscAsksBeforeDiscarding(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("2", keyEnter)
	d.requireView("Edit line")
	d.press(keyEsc)
	d.requireView("Cancelled: nothing was saved")
	d.refuseView("Discard")

	d.press(keyEnter, " (west)")
	d.press(keyEsc)
	d.requireView("Discard your changes to this form?  y/n", "Edit line")
	d.press("n")
	d.requireView("Kept: the form is as you left it.", "(west)")
	// The form still takes keys where they were.
	d.press("!")
	d.requireView("(west)!")
	d.press(keyEsc, "y")
	d.requireView("Cancelled: nothing was saved")
	d.refuseView("Edit line")
	if h, _ := s.History(0); len(h) != 1 {
		t.Fatalf("history has %d entries, want only the creation", len(h))
	}
}

// A form put back as it opened closes at once too.
func TestEscOnFormTypedBackCloses(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("4", keyEnter, "x", keyBack, keyEsc)
	d.requireView("Cancelled: nothing was saved")
}

// Deleting an SWP priority that still has lines is refused before any
// question, naming what still sits under it; an unused one is asked.
func TestDeletePriorityInUseRefusedFirst(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 120, 40)
	first := sortedPriorities(mustLoad(t, s))[0]
	d.press("5", "d")
	d.refuseView("Delete SWP priority", "y/n")
	d.requireText(fmt.Sprintf("SWP priority %q cannot be deleted: it still has", first.Name), "Move them to another priority first.")
	var title string
	for _, l := range mustLoad(t, s).Lines {
		if l.PriorityID == first.ID {
			title = l.Title
			break
		}
	}
	d.requireText(fmt.Sprintf("%q", title))

	// A new priority with nothing under it is asked about, then deleted.
	d.press("a", "Empty one", keyEnter, keyEnter)
	d.requireView("Empty one")
	d.press("G", "d")
	d.requireView(`Delete SWP priority "Empty one"?`)
	d.press("y")
	d.requireView(`Saved: Deleted priority "Empty one"`)
	for _, p := range mustLoad(t, s).Priorities {
		if p.Name == "Empty one" {
			t.Fatal("the unused priority was not deleted")
		}
	}
}

// A read-only session offers only the keys that work: no undo, redo,
// edit or add in the help, and r to read the plan again.
func TestReadOnlyHelpHidesEditKeys(t *testing.T) {
	w := openStore(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(w.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	d := start(t, ro, 120, 40)
	d.refuseView("u undo", "ctrl+r redo")
	d.requireView("r read again")
	d.press("2")
	d.refuseView("enter edit", "a add", "d delete")
	d.press("?")
	d.refuseView("u undo", "ctrl+r redo", "i import", "enter edit", "a add")
	d.requireView("r", "read again", "e", "export")
	d.press(keyEsc, "7")
	d.refuseView("n new", "r rename", "p make it the plan", "+ add step")
	// A key that is off still says why, in words.
	d.press("a")
	d.requireView("open read-only", "r reads the plan again")
}

// In a read-only copy of a plan another csplan is editing, r and a change
// of the file both show what was saved there since.
func TestReadOnlySnapshotRefreshes(t *testing.T) {
	w := openStore(t)
	ro, err := store.Open(w.Path(), store.Options{ReadOnlyIfLocked: true, Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.Snapshot() {
		t.Fatal("the second opener did not get a snapshot")
	}
	d := start(t, ro, 120, 40)
	d.press("4")
	d.requireView("READ-ONLY SNAPSHOT")
	d.refuseView("Lottery bid")

	f, err := w.SaveFunding(model.FundingSource{Name: "Lottery bid", Amount: model.Pounds(5000), Status: model.Pending})
	if err != nil {
		t.Fatal(err)
	}
	d.press("r")
	d.requireView("Lottery bid", "Read the plan again")

	// Another save, seen by the look at the file the tick makes.
	f.Name = "Lottery bid (round 2)"
	if _, err := w.SaveFunding(f); err != nil {
		t.Fatal(err)
	}
	d.send(checkFile(w.Path()))
	d.requireView("Lottery bid (round 2)", "saved by the csplan editing it")
}

// Funding names are shown in full at 80x24; the note gives way.
func TestFundingNamesInFull(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("4")
	for _, f := range mustLoad(t, s).Funding {
		d.requireView(f.Name)
	}
}

// The filter says what the lines it keeps cost, as the column adds up.
func TestLinesFilterSaysCost(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("2", "/", "hate")
	d.requireView("1 of 14 lines, £9,000")
	d.press(keyEnter)
	d.requireView("1 of 14 lines, £9,000")
}

// The Kind field offers the kinds already used: ctrl+e completes one, so
// "proj" becomes the plan's "Project", not a new kind.
func TestLineKindOffersKindsUsed(t *testing.T) {
	s := openStore(t)
	p := mustLoad(t, s)
	kinds := usedKinds(p)
	if len(kinds) == 0 {
		t.Fatal("the built-in plan has no kinds")
	}
	want := kinds[0]
	d := start(t, s, 80, 24)
	d.press("2", "a", "Street pastors", keyEnter, keyEnter, keyEnter)
	d.requireView("(ctrl+e completes)")
	d.press(strings.ToLower(want[:3]), tea.KeyPressMsg{Code: 'e', Mod: tea.ModCtrl}, keyEnter, "4000", keyEnter, keyEnter, keyEnter, keyEnter)
	l, _ := findLine(t, mustLoad(t, s), "Street pastors")
	if l.Kind != want {
		t.Fatalf("kind = %q, want %q", l.Kind, want)
	}
}

// A change undone and then overtaken by a new one stays on the History
// screen, marked, and says it cannot be redone.
func TestHistoryKeepsReplacedChanges(t *testing.T) {
	d := start(t, openStore(t), 120, 40)
	d.press("4", keyDown, keySpace) // carry-forward: pending → refused
	d.press("u")
	d.press(keyDown, keySpace) // a new change after the undo
	d.press("6")
	d.requireView("(undone) Funding", "Created the plan")
	d.press(keyDown)
	d.requireView("Undone, then replaced by a later change (it cannot be redone)")
	d.press(keyCtrlR)
	d.requireView("Nothing to redo")
}

// Importing as the plan lists the rows that change before asking; a file
// the same as the plan says so, asks nothing and saves nothing.
func TestImportAsPlanListsChanges(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 120, 40)
	p := mustLoad(t, s)
	last := p.Lines[len(p.Lines)-1]
	p.Lines = p.Lines[:len(p.Lines)-1]
	path := filepath.Join(t.TempDir(), "smaller.csv")
	if err := store.ExportFile(path, p, store.ExportOptions{Format: store.CSV}); err != nil {
		t.Fatal(err)
	}
	d.press("i", path, keyEnter, keyDown, keyEnter)
	d.requireText("What changes (1):", last.Title)
	d.press("n")

	same := filepath.Join(t.TempDir(), "same.csv")
	if err := store.ExportFile(same, mustLoad(t, s), store.ExportOptions{Format: store.CSV}); err != nil {
		t.Fatal(err)
	}
	h, _ := s.History(0)
	d.press("i")
	d.clear(200)
	d.press(same, keyEnter, keyDown, keyEnter)
	d.requireText("No changes: " + same + " holds the same plan as the one open; nothing was saved.")
	d.refuseView("u undoes", "Replace the plan")
	if h2, _ := s.History(0); len(h2) != len(h) {
		t.Fatalf("an identical file added %d history entries", len(h2)-len(h))
	}
}
