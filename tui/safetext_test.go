package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
	"csplan/termsafe"
	"csplan/termsafe/termsafetest"
)

// openHostileStore opens a store seeded with a plan and scenarios whose
// every text field ends in text.
func openHostileStore(t testing.TB, text string) *store.DB {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "plan.db"), store.Options{
		Seed:          func() (*model.Plan, error) { return termsafetest.Plan(text), nil },
		SeedScenarios: termsafetest.Scenarios(text),
		User:          "officer",
		Now:           testClock(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// checkFrame fails the test if the frame or the window title holds a
// control character from the data.
func checkFrame(t testing.TB, d *driver, after string) {
	t.Helper()
	v := d.m.View()
	if err := termsafetest.Check(v.Content, ansi.Strip(v.Content)); err != nil {
		t.Fatalf("after %s, the screen: %v\n%s", after, err, ansi.Strip(v.Content))
	}
	if err := termsafetest.Check(v.WindowTitle, v.WindowTitle); err != nil || strings.Contains(v.WindowTitle, "\n") {
		t.Fatalf("after %s, the window title %q: %v", after, v.WindowTitle, err)
	}
}

// hostilePaths are key presses that between them open every screen, on
// the plan and on a scenario, every kind of form and question, the
// dialogs, the help, a comparison and the status messages.
func hostilePaths(importFile string) [][]any {
	var paths [][]any
	// Every screen on a scenario: making it fit is slow, so one path
	// visits them all.
	scenario := []any{"7", keyDown, "f", keyEnter, keyEnter}
	for i := 1; i <= 7; i++ {
		scenario = append(scenario, fmt.Sprint(i), keyDown, keyEnter, keyEsc, "d", keyEsc)
	}
	paths = append(paths, scenario)
	for i := 1; i <= 7; i++ {
		n := fmt.Sprint(i)
		paths = append(paths,
			[]any{n, keyDown},
			[]any{n, keyEnter, keyTab, keyTab},
			[]any{n, keyDown, keyEnter},
			[]any{n, "a"},
			[]any{n, "d"},
			[]any{n, "?"},
			[]any{n, "/", "e"},
			[]any{n, "s", "s"},
			[]any{n, tea.KeyPressMsg{Code: tea.KeyRight}, keyEnter},
		)
	}
	return append(paths,
		[]any{"4", keySpace},
		[]any{"4", keySpace, "u", "6"},
		[]any{"4", keySpace, "u", keyCtrlR},
		[]any{"7", "m", keyEnter},
		[]any{"7", "m", keyDown, keySpace, keyEnter, "h"},
		[]any{"7", keyDown, "+", keyEnter, keyDown, keyEnter},
		[]any{"7", "r"},
		[]any{"7", "c"},
		[]any{"7", "n"},
		[]any{"7", "p"},
		[]any{"7", keyEnter, "e"},
		[]any{"e"},
		[]any{"i", importFile, keyEnter, keyEnter, keyEnter},
		[]any{"i", importFile, keyEnter, keyDown, keyEnter, keyEnter},
	)
}

// writeHostileCSV writes the hostile plan as CSV, with a bad amount that
// holds the payloads too, so the import's problems quote it. A PCC
// priority name cannot hold ";" in a file, so the file has ":" instead.
func writeHostileCSV(t testing.TB, dir string) string {
	t.Helper()
	var b bytes.Buffer
	if err := planfile.Encode(&b, termsafetest.Plan(strings.ReplaceAll(termsafetest.Hostile, ";", ":")), planfile.EncodeOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(b.String(), "369000.00", "12\x1b[2J\x1b[5m", 1)
	path := filepath.Join(dir, "bad\x1b[8m.csv")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNoControlCharacterReachesTheTerminal shows a plan whose every text
// holds escape sequences (OSC 52, clear screen, blink, conceal, an 8-bit
// CSI, DEL, bidi overrides) on every screen, form, question and dialog,
// checking the frame and the window title after every key.
func TestNoControlCharacterReachesTheTerminal(t *testing.T) {
	file := writeHostileCSV(t, t.TempDir())
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, keys := range hostilePaths(file) {
			name := strings.ReplaceAll(termsafe.Visible(fmt.Sprint(keys...)), "/", "∕")
			name = name[:min(len(name), 40)]
			t.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], name), func(t *testing.T) {
				d := start(t, openHostileStore(t, termsafetest.Hostile), size[0], size[1])
				checkFrame(t, d, "start")
				for i, k := range keys {
					d.press(k)
					checkFrame(t, d, termsafe.Visible(fmt.Sprint(keys[:i+1]...)))
				}
			})
		}
	}
}

// TestFormKeepsStoredText saves forms filled from text made visible: a
// field the officer did not touch keeps its stored text, control
// characters and all; a field the officer typed in is saved as typed.
func TestFormKeepsStoredText(t *testing.T) {
	s := openHostileStore(t, termsafetest.Hostile)
	before := mustLoad(t, s).Funding[0]
	d := start(t, s, 80, 24)
	d.press("4", keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	if got := mustLoad(t, s).Funding[0]; got.Name != before.Name || got.Note != before.Note {
		t.Fatalf("saving an untouched form changed the source:\n%q %q\nto\n%q %q", before.Name, before.Note, got.Name, got.Note)
	}

	d.press(keyEnter, keyEnter, keyEnter, keyEnter, "!", keyEnter)
	got := mustLoad(t, s).Funding[0]
	if got.Name != before.Name {
		t.Errorf("the name, untouched, became %q", got.Name)
	}
	// The input drops U+FFFD (the store's reading of the bare \x9b).
	if want := strings.ReplaceAll(termsafe.Visible(before.Note), "\uFFFD", "") + "!"; got.Note != want {
		t.Errorf("the note, typed in, is %q; want %q", got.Note, want)
	}
}

// FuzzViews shows a plan, its scenarios and its history holding arbitrary
// text on every screen, on the plan and on a scenario, and fails on any
// control character in a frame or the window title.
func FuzzViews(f *testing.F) {
	for _, s := range append(append([]string{}, termsafetest.Payloads...), termsafetest.Hostile, "", "plain") {
		f.Add(s)
	}
	d := start(f, openStore(f), 100, 30)
	f.Fuzz(func(t *testing.T, text string) {
		d.t = t
		p := termsafetest.Plan(text)
		snap := newSnapshot(p, []store.Entry{{Seq: 1, User: "officer" + text, Summary: "Changed" + text}})
		snap.scenarios = newScenarioStates(p, termsafetest.Scenarios(text)(p))
		d.send(planLoadedMsg{snap: snap, status: "Loaded" + text})
		for _, keys := range [][]any{{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7", keyDown},
			{keyEnter, "1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"7", "b"}} {
			d.press(keys...)
			checkFrame(t, d, termsafe.Visible(fmt.Sprint(keys...)))
		}
	})
}
