package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"csplan/model"
)

// burst is keys as a paste, a fast typist or a script sends them: text is
// typed one rune at a time; "\r" is enter and "\t" tab.
func burst(text string) []tea.Msg {
	var out []tea.Msg
	for _, r := range text {
		switch r {
		case '\r':
			out = append(out, tea.KeyPressMsg{Code: tea.KeyEnter})
		case '\t':
			out = append(out, tea.KeyPressMsg{Code: tea.KeyTab})
		case ' ':
			out = append(out, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
		default:
			out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	return out
}

// runProgram starts the editor as a real program on the built-in plan and
// waits for its first frame.
func runProgram(t *testing.T) (*teatest.TestModel, func(string)) {
	t.Helper()
	s := openStore(t)
	tm := teatest.NewTestModel(t, New(s, testOptions()),
		teatest.WithInitialTermSize(100, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	waitFor := func(want string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			return strings.Contains(ansi.Strip(string(b)), want)
		}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor("Headroom £0 if pending is approved")
	return tm, waitFor
}

// TestProgramBurstFillsLineForm sends the whole line form as one burst of
// keys, with no wait between them, as tmux send-keys or a paste does:
// every key must land in the field that has focus when it is read, so the
// line saved is what a slow typist would have saved. A second line follows
// in the same burst, straight after the first one's last enter: those keys
// wait for the first save and then open and fill the next form.
func TestProgramBurstFillsLineForm(t *testing.T) {
	tm, waitFor := runProgram(t)
	tm.Send(tea.KeyPressMsg{Code: '2', Text: "2"})
	waitFor("14 lines costing")

	var keys []tea.Msg
	keys = append(keys, tea.KeyPressMsg{Code: 'a', Text: "a"})
	// Title, priority (the first), owner, kind, cost, primary PCC
	// priority (none), also supports (none), notes.
	keys = append(keys, burst("Knife crime awareness\r\rCST\rProject\r7500\r\r\rPasted fast\r")...)
	// The second line's title and owner come as bracketed pastes.
	keys = append(keys, tea.KeyPressMsg{Code: 'a', Text: "a"}, tea.PasteMsg{Content: "Second line"})
	keys = append(keys, burst("\r\r")...)
	keys = append(keys, tea.PasteMsg{Content: "YOT"})
	keys = append(keys, burst("\rService\r1250.50\r\r\r\r")...)
	for _, k := range keys {
		tm.Send(k)
	}
	waitFor("Saved: Added line \"Second line\"")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(Model)

	p := mustLoad(t, final.c.store)
	byTitle := map[string]model.Line{}
	for _, l := range p.Lines {
		byTitle[l.Title] = l
	}
	first := p.Priorities[0].ID
	for _, want := range []struct {
		title, owner, kind, cost, notes string
	}{
		{"Knife crime awareness", "CST", "Project", "7500.00", "Pasted fast"},
		{"Second line", "YOT", "Service", "1250.50", ""},
	} {
		l, ok := byTitle[want.title]
		if !ok {
			t.Errorf("no line %q was saved; lines: %v", want.title, titles(p.Lines))
			continue
		}
		if l.Owner != want.owner || l.Kind != want.kind || l.Cost.Plain() != want.cost ||
			l.Notes != want.notes || l.PriorityID != first {
			t.Errorf("line %q saved as owner %q, kind %q, cost %s, notes %q, priority %d; typed %q, %q, %s, %q, %d",
				want.title, l.Owner, l.Kind, l.Cost.Plain(), l.Notes, l.PriorityID,
				want.owner, want.kind, want.cost, want.notes, first)
		}
	}
}

func titles(ls []model.Line) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Title
	}
	return out
}

// TestHuhNavigationFound checks that the editor knows all four of huh's
// navigation commands (next and previous field and group), so a new huh
// that moves some other way fails here rather than losing keys.
func TestHuhNavigationFound(t *testing.T) {
	nav := huhNav()
	if len(nav.nav) != 4 {
		t.Fatalf("found %d of huh's 4 navigation commands: huh has changed how it moves between fields", len(nav.nav))
	}
}
