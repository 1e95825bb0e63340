package tui

import (
	"errors"
	"image/color"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"csplan/model"
	"csplan/store"
)

func TestEditPostSalary(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("3", keyEnter)
	d.requireView("Edit post: IOM administrator (part-time)")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter) // title, priority, team, FTE
	d.clear(10)
	d.press("25k")
	// The post is costed as typed: £12,500 pay and its on-costs.
	d.requireView("PREVIEW Allocated", "As typed: £15,661 a year")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	p := mustLoad(t, s)
	if po, _, _ := p.Post(p.Posts[0].ID); !po.Salary.Equal(model.Pounds(25000)) {
		t.Fatalf("salary = %s, want £25,000", po.Salary)
	}
	d.requireView("£25,000", "Saved:")
	d.refuseView("PREVIEW")
}

func TestPostFTEOutOfRange(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("3", keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(5)
	d.press("2", keyEnter)
	d.requireView("✗ 2 must be more than 0 and at most 1.5")
	d.press(keyEsc)
	if p := mustLoad(t, s); !p.Posts[0].FTE.Equal(model.MustMoney("0.5").Decimal()) {
		t.Fatalf("FTE = %s after a refused value", p.Posts[0].FTE)
	}
}

func TestPriorities(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	first := sortedPriorities(mustLoad(t, s))[0]

	// Rename the first priority and add an outcome.
	d.press("5", keyEnter)
	d.requireView("Edit SWP priority: " + first.Name)
	d.press(" (adults and youth)", keyEnter)
	d.press(tea.KeyPressMsg{Code: tea.KeyEnd, Mod: tea.ModCtrl})
	d.press(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl}, "Fewer first-time entrants", keyEnter)
	pr, _ := mustLoad(t, s).Priority(first.ID)
	if pr.Name != first.Name+" (adults and youth)" {
		t.Fatalf("name = %q", pr.Name)
	}
	if got := pr.Outcomes[len(pr.Outcomes)-1]; got != "Fewer first-time entrants" {
		t.Fatalf("last outcome = %q (outcomes %q)", got, pr.Outcomes)
	}
	d.requireView(first.Name + " (adults and youth)")

	// Move it down one place.
	d.press("J")
	if got := sortedPriorities(mustLoad(t, s))[1].ID; got != first.ID {
		t.Fatalf("after J the second priority is %d, want %d", got, first.ID)
	}

	// A PCC priority in use cannot be deleted; the status line says why
	// at once, and asks nothing.
	d.press(keyText('l'), "d")
	d.refuseView("Delete PCC priority")
	d.requireText("cannot be deleted: it is still on", "Take it off them first.")
}

func TestMouse(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	// A click on a tab opens it.
	d.send(tea.MouseClickMsg{X: 13, Y: tabsRow, Button: tea.MouseLeft})
	if d.m.active != 1 {
		t.Fatalf("click on the Lines tab opened screen %d", d.m.active)
	}
	ls := d.m.screens[1].(*linesScreen)
	// Rows start under the info line and the header.
	d.send(tea.MouseClickMsg{X: 5, Y: contentTop + 2 + 2, Button: tea.MouseLeft})
	if ls.tbl.Cursor() != 2 {
		t.Fatalf("click on the third row selected row %d", ls.tbl.Cursor())
	}
	d.send(tea.MouseWheelMsg{X: 5, Y: contentTop + 4, Button: tea.MouseWheelDown})
	if ls.tbl.Cursor() != 5 {
		t.Fatalf("wheel down moved to row %d, want 5", ls.tbl.Cursor())
	}
	// A click on the Cost header sorts by cost.
	d.send(tea.MouseClickMsg{X: 76, Y: contentTop + 1, Button: tea.MouseLeft})
	d.requireView("sorted by cost")
}

// TestLayoutFits checks every screen fills the terminal exactly, no line
// too wide, at both sizes and after a resize from one to the other.
func TestLayoutFits(t *testing.T) {
	d := start(t, openStore(t), 120, 40)
	check := func(w, h int) {
		t.Helper()
		for i := range d.m.screens {
			d.press(string(rune('1' + i)))
			lines := strings.Split(d.view(), "\n")
			if len(lines) != h {
				t.Errorf("%dx%d screen %d: %d lines", w, h, i+1, len(lines))
			}
			if help := lines[len(lines)-1]; !strings.HasSuffix(help, "q quit") {
				t.Errorf("%dx%d screen %d: the help is cut short: %q", w, h, i+1, help)
			}
			for n, l := range lines {
				if ansi.StringWidth(l) > w {
					t.Errorf("%dx%d screen %d line %d is %d wide: %q", w, h, i+1, n, ansi.StringWidth(l), l)
				}
			}
		}
	}
	check(120, 40)
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	check(80, 24)
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	check(100, 30)
}

func TestNoColor(t *testing.T) {
	s := openStore(t)
	opts := testOptions()
	opts.NoColor = true
	d := &driver{t: t, m: New(s, opts)}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.run(d.m.Init())
	colour := regexp.MustCompile(`\x1b\[[0-9;]*(38|48);`)
	for i := range d.m.screens {
		d.press(string(rune('1' + i)))
		if v := d.m.View().Content; colour.MatchString(v) {
			t.Fatalf("screen %d uses colour with NO_COLOR", i+1)
		}
	}
}

func TestLoadError(t *testing.T) {
	d := &driver{t: t, m: New(brokenStore{}, testOptions())}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.run(d.m.Init())
	d.requireView("The plan could not be read: the plan file is damaged")
	d.press("q")
	if !d.quit {
		t.Fatal("q did not quit after a failed load")
	}
}

type brokenStore struct{ store.Store }

func (brokenStore) ReadOnly() bool                     { return false }
func (brokenStore) Load() (*model.Plan, error)         { return nil, errors.New("the plan file is damaged") }
func (brokenStore) History(int) ([]store.Entry, error) { return nil, nil }
func (brokenStore) ReadState(int) (store.State, error) {
	return store.State{}, errors.New("the plan file is damaged")
}

// TestViews keeps goldens of the states a screen can be in besides its
// resting view: full help, a form, a question, read-only.
func TestViews(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys []any
	}{
		{"help", []any{"2", "?"}},
		{"edit-post", []any{"3", keyEnter}},
		{"add-line", []any{"2", "a"}},
		{"edit-funding", []any{"4", keyEnter}},
		{"edit-priority", []any{"5", keyEnter}},
		{"delete-question", []any{"2", "d"}},
		{"filter", []any{"2", "/", "hate"}},
		{"carry-forward-refused", []any{"4", keyDown, keySpace}},
		{"history-after-changes", []any{"4", keyDown, keySpace, "u", "6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := start(t, openStore(t), 80, 24)
			d.press(tc.keys...)
			golden.RequireEqual(t, d.view())
		})
	}
}

// TestSaveKeepsTagOrder opens a post whose PCC
// priorities are not in the plan's order and saves it with one change:
// the history names that change only.
func TestSaveKeepsTagOrder(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("3", keyDown)
	before, _ := d.m.screens[2].(*postsScreen).selected()
	d.press(keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(5)
	d.press("0.8", keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	h, err := s.History(1)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h[0].Summary, "PCC") {
		t.Errorf("saving recorded a PCC change: %s", h[0].Summary)
	}
	after, _, _ := mustLoad(t, s).Post(before.ID)
	if !equalIDs(after.Tags, before.Tags) {
		t.Errorf("tags %v became %v", before.Tags, after.Tags)
	}
}

func equalIDs(a, b []model.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSaveWithoutChange(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("4", keyDown, keySpace) // a change, so the history has one
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.requireView("Nothing to save: it was already as typed.")
	d.refuseView("Edit funding source")
}

func TestPasteIntoFilter(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("2", "/")
	d.send(tea.PasteMsg{Content: "VAWG"})
	d.requireView("2 of 14 lines", "Specialist VAWG services")
}

// TestTinyTerminal checks nothing breaks below the supported size; the
// view is cut, not garbled.
func TestTinyTerminal(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	for _, size := range [][2]int{{40, 12}, {20, 6}, {1, 1}} {
		d.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for i := range d.m.screens {
			d.press(string(rune('1'+i)), keyDown, keyEnter, keyEsc)
			_ = d.view()
		}
	}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	// The Overview is a line taller than 80x24 holds and was scrolled down
	// one line above; home brings its top back.
	d.press("1", tea.KeyPressMsg{Code: tea.KeyHome})
	d.requireView("SWP priority")
}

func TestLightBackground(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	dark := d.m.c.styles.Fits.GetForeground()
	d.send(tea.BackgroundColorMsg{Color: color.White})
	if d.m.c.styles.Fits.GetForeground() == dark {
		t.Fatal("a light background kept the dark colours")
	}
	d.requireView("Fits only if pending money is approved")
}

// TestEmptyPlan visits every screen of a plan with nothing in it and
// tries the edit keys: nothing panics and each screen says what to do.
func TestEmptyPlan(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "empty.db"), store.Options{User: "officer", Now: testClock()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := start(t, s, 80, 24)
	for i := range d.m.screens {
		d.press(string(rune('1'+i)), keyDown, keyEnter, keyEsc, "d", "n", keyText(' '), "a", keyEsc, "s")
	}
	d.press("2")
	d.requireView("No lines yet: press a to add one.")
	d.press("a")
	d.requireView("Add an SWP priority first")
	d.press("3")
	d.requireView("No posts yet: press a to add one.")
	// A funding source can be added to an empty plan.
	d.press("4", "a", "Grant", keyEnter, "100k", keyEnter, keyEnter, keyEnter)
	if p := mustLoad(t, s); len(p.Funding) != 1 || !p.Funding[0].Amount.Equal(model.Pounds(100000)) {
		t.Fatalf("funding = %+v", p.Funding)
	}
	d.requireView("Allocated £0 of £100,000", "✓ Fits the confirmed money")
}
