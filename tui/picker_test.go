package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
)

// tenThousandItems are rows "Line 1" to "Line 10000" with IDs 1-10000.
func tenThousandItems() []pickItem {
	return pickItems(10_000, func(i int) (model.ID, string) {
		return model.ID(i + 1), fmt.Sprintf("Line %d", i+1)
	})
}

var keyBackspace = tea.KeyPressMsg{Code: tea.KeyBackspace}

func pickerPress(t *testing.T, p *picker, keys ...any) tea.Cmd {
	t.Helper()
	var cmd tea.Cmd
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			for _, r := range k {
				_, cmd = p.Update(keyText(r))
			}
		case tea.Msg:
			_, cmd = p.Update(k)
		}
	}
	return cmd
}

// The picker filters its rows by what is typed after "/", picks the row
// under the cursor with enter and moves on to the next field, and draws
// only the rows in its window however many it holds.
func TestPickerFiltersAndPicks(t *testing.T) {
	var v model.ID
	p := newPicker("Line", tenThousandItems(), &v, 5)
	p.WithTheme(DefaultStyles(true, true).Form)
	p.WithWidth(60)
	p.Focus()
	if n := strings.Count(p.View(), "\n") + 1; n != 6 {
		t.Fatalf("the picker of 10,000 rows draws %d lines, want the title and 5 rows:\n%s", n, p.View())
	}
	pickerPress(t, p, "/", "line 99")
	// Line 99, 990-999 and 9900-9999: 111 rows.
	if len(p.shown) != 111 || !strings.Contains(p.View(), "/line 99") || !strings.Contains(p.View(), "111 of 10000") {
		t.Fatalf("%d rows match \"line 99\":\n%s", len(p.shown), p.View())
	}
	pickerPress(t, p, "9", keyBackspace, "9") // typed, taken back, typed again
	// Line 999 and 9990-9999: 11 rows.
	if len(p.shown) != 11 || v != 0 {
		t.Fatalf("%d rows match \"line 999\", value %d", len(p.shown), v)
	}
	pickerPress(t, p, keyEnter) // ends the filter; nothing picked yet
	if p.filtering || v != 0 {
		t.Fatalf("enter in the filter: filtering %v, value %d", p.filtering, v)
	}
	cmd := pickerPress(t, p, keyDown, keyDown, keyEnter)
	if v != 9991 {
		t.Errorf("picked %d, want 9991 (the third match)", v)
	}
	if cmd == nil || fmt.Sprint(cmd()) != fmt.Sprint(huh.NextField()) {
		t.Error("enter did not move on to the next field")
	}
	view := p.View()
	if !strings.Contains(view, "Line 9991") || strings.Contains(view, "Line 1\n") {
		t.Errorf("view:\n%s", view)
	}
	// A filter that matches nothing picks nothing and says so.
	pickerPress(t, p, "/", "zzz", keyEnter)
	pickerPress(t, p, keyEnter)
	if v != 9991 || p.Error() == nil || !strings.Contains(p.View(), "No matches") {
		t.Errorf("no match: value %d, error %v", v, p.Error())
	}
}

// The picker of several rows ticks the row under the cursor, in the
// items' order, and keeps the ticks across filters.
func TestMultiPickerTicks(t *testing.T) {
	ids := []model.ID{3}
	p := newMultiPicker("Lines to protect", tenThousandItems(), &ids, 5)
	p.Focus()
	pickerPress(t, p, keySpace) // Line 1
	pickerPress(t, p, "/", "line 5000", keyEnter, keySpace)
	if fmt.Sprint(ids) != "[1 3 5000]" {
		t.Errorf("ticked %v, want [1 3 5000]", ids)
	}
	// The filter taken away, the cursor stays on Line 5000.
	pickerPress(t, p, "/")
	for range len("line 5000") {
		pickerPress(t, p, keyBackspace)
	}
	pickerPress(t, p, keyEnter, keyDown, keySpace, "g", keySpace) // tick Line 5001, untick Line 1
	if fmt.Sprint(ids) != "[3 5000 5001]" {
		t.Errorf("ticked %v, want [3 5000 5001]", ids)
	}
}

// In the step form, the line to remove is found by filtering and picked.
func TestStepFormPicksALineByFilter(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Carry-forward refused")
	d.press("+")
	for range int(leverRemoveLine) {
		d.press(keyDown)
	}
	d.press(keyEnter)
	d.requireView("Line to remove (14, / filters)")
	d.press("/", "slavery")
	d.requireView("Line to remove /slavery", "(1 of 14)", "Modern slavery awareness (£5,000)")
	d.refuseView("Community champions")
	d.press(keyEnter, keyEnter) // end the filter, pick the line: the last field, so it saves
	sc := findScenario(t, s, "Carry-forward refused")
	p := mustLoad(t, s)
	var slavery model.ID
	for _, l := range p.Lines {
		if l.Title == "Modern slavery awareness" {
			slavery = l.ID
		}
	}
	if len(sc.Steps) != 2 || sc.Steps[1].Kind != model.StepRemoveLine || sc.Steps[1].Target != slavery {
		t.Fatalf("steps = %+v, want the second removing line %d", sc.Steps, slavery)
	}
}

// A row wider than the field wraps between words over as many lines as it
// needs, nothing cut; the window counts lines, so the row under the
// cursor is always drawn whole.
func TestPickerWrapsLongRows(t *testing.T) {
	long := "Targeted community interventions for young people (gangs and youth violence) (£45,000)"
	items := pickItems(6, func(i int) (model.ID, string) {
		return model.ID(i + 1), fmt.Sprintf("%d %s", i+1, long)
	})
	var picked []model.ID
	p := newMultiPicker("Lines to protect", items, &picked, 6)
	p.WithTheme(DefaultStyles(true, true).Form)
	p.WithWidth(40)
	p.WithHeight(7)
	p.Focus()
	for range items {
		v := ansi.Strip(p.View())
		lines := strings.Split(v, "\n")
		if len(lines) > 7 {
			t.Fatalf("the picker draws %d lines in a height of 7:\n%s", len(lines), v)
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > 40 || strings.Contains(l, "…") {
				t.Fatalf("a line is %d cells wide or cut:\n%s", w, v)
			}
		}
		// The row under the cursor is drawn whole, every word of it.
		cur := p.items[p.shown[p.cursor]].text
		flat := strings.Join(strings.Fields(strings.ReplaceAll(v, "┃", "")), " ")
		if !strings.Contains(flat, cur) {
			t.Fatalf("the row under the cursor, %q, is not drawn whole:\n%s", cur, v)
		}
		pickerPress(t, p, keyDown)
	}
}
