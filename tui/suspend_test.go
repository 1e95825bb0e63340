package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestCtrlZSuspends checks that ctrl+z asks the program to suspend, on a
// screen and in the middle of a form, and that the form is still there,
// as typed, for when the program resumes.
func TestCtrlZSuspends(t *testing.T) {
	d := start(t, openStore(t), 100, 30)
	ctrlZ := tea.KeyPressMsg{Code: 'z', Mod: tea.ModCtrl}
	for _, where := range []string{"screen", "form"} {
		if where == "form" {
			d.press("2", "a", "Half typed")
		}
		_, cmd := d.m.Update(ctrlZ)
		if cmd == nil {
			t.Fatalf("ctrl+z on a %s does nothing", where)
		}
		if _, ok := cmd().(tea.SuspendMsg); !ok {
			t.Fatalf("ctrl+z on a %s does not suspend", where)
		}
	}
	d.requireView("Add a line", "Half typed")
}
