package tui

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestNothingCutAt80x24 runs every screen and dialog at the smallest size
// csplan supports and checks that nothing a person needs to read is cut:
// every key of the full help can be seen (scrolling it), a long message
// and a form's error are shown in full, wrapped between words, and the
// line of keys at the foot is never cut short.
func TestNothingCutAt80x24(t *testing.T) {
	long := "Imported plan.csv as the plan: 3 lines changed (Community champions £12,000 → £14,000, " +
		"Modern slavery awareness £5,000 → £4,000, Domestic homicide reviews £18,000 → £20,000); " +
		"headroom of the plan now £1,000. u undoes it."
	for i, name := range []string{"Overview", "Lines", "Posts", "Funding", "Priorities", "History", "Scenarios", "Settings", "Monitor"} {
		t.Run(fmt.Sprintf("%d-%s", i+1, name), func(t *testing.T) {
			d := start(t, openStore(t), 80, 24)
			d.press(fmt.Sprint(i + 1))
			footOK(t, d)

			// The full help, read to its end.
			d.press("?")
			var seen []string
			for range 10 {
				seen = append(seen, d.view())
				d.press(keyDown)
			}
			text := strings.Join(seen, "\n")
			var groups [][]key.Binding
			groups = append(groups, d.m.screens[i].FullHelp()...)
			k := d.m.c.keys
			groups = append(groups, []key.Binding{k.Undo, k.Redo, k.Export, k.Import, k.Help, k.Quit, k.Suspend})
			for _, g := range groups {
				for _, b := range g {
					if !b.Enabled() {
						continue
					}
					h := b.Help()
					if !strings.Contains(text, h.Key) || !strings.Contains(text, h.Desc) {
						t.Fatalf("the help never shows %q %q:\n%s", h.Key, h.Desc, text)
					}
				}
			}
			d.press(keyEsc)

			// A long message, in full.
			d.send(statusMsg{text: long})
			d.requireText(long)
		})
	}
}

// footOK fails when the line of keys at the foot is cut short.
func footOK(t *testing.T, d *driver) {
	t.Helper()
	lines := strings.Split(d.view(), "\n")
	if foot := lines[len(lines)-1]; strings.Contains(foot, "…") {
		t.Fatalf("the keys at the foot are cut: %q", foot)
	}
}

// A form's error, and a question, are shown in full at 80x24.
func TestFormErrorAndQuestionWrapAt80x24(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.selectLine("Hate Crime action plan and third party reporting centres")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(10)
	d.press("12,00", keyEnter)
	errs := d.m.screens[1].(*linesScreen).ed.form.Errors()
	if len(errs) == 0 {
		t.Fatal("no error for 12,00")
	}
	d.requireText("✗ " + errs[0].Error())
	d.press(keyEsc, "y")

	d.press("d")
	q := d.m.screens[1].Question()
	if len(q) <= 80 {
		t.Fatalf("the question %q is too short to test wrapping", q)
	}
	d.requireText(q)
}
