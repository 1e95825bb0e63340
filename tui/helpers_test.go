package tui

import (
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

// testClock is the store's clock in tests: one minute on per change from a
// fixed start, so history times are the same on every run.
func testClock() func() time.Time {
	t := time.Date(2017, 3, 1, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		t = t.Add(time.Minute)
		return t
	}
}

// openStore opens a real store on a temporary file, seeded with the
// built-in 2017/18 plan and its two example scenarios.
func openStore(t testing.TB) *store.DB {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "plan.db"), store.Options{
		Seed:          func() (*model.Plan, error) { return planfile.BuiltIn(), nil },
		SeedScenarios: planfile.BuiltInScenarios,
		User:          "officer",
		Now:           testClock(),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// testOptions give stable views: UTC times, dark background.
func testOptions() Options {
	return Options{FormatTime: func(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04") }}
}

// driver drives a Model as the program would: it feeds messages to Update
// and runs the commands that come back, synchronously, until none is left.
type driver struct {
	t    testing.TB
	m    Model
	quit bool
	// later, when not nil, collects the work the model asks for once a
	// change is on screen (Model.workOnView: lines, spend, scenarios)
	// instead of running it, so a benchmark can time what the officer
	// waits for and run the rest after.
	later *[]tea.Cmd
}

// afterShown reports whether cmd is work the model does after a change is
// on screen.
func afterShown(cmd tea.Cmd) bool {
	return strings.Contains(runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name(), "workOnView")
}

// start builds the model on s at the given size and runs Init.
func start(t testing.TB, s store.Store, w, h int) *driver {
	t.Helper()
	d := &driver{t: t, m: New(s, testOptions())}
	d.send(tea.WindowSizeMsg{Width: w, Height: h})
	d.run(d.m.Init())
	if d.m.snap == nil {
		t.Fatalf("the plan did not load: %v", d.m.loadErr)
	}
	return d
}

// send delivers one message and runs what it leads to.
func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	if _, ok := msg.(tea.QuitMsg); ok {
		d.quit = true
		return
	}
	next, cmd := d.m.Update(msg)
	d.m = next.(Model)
	d.run(cmd)
}

// run executes a command and feeds its messages back, depth first, the
// way the program would deliver them one after the other. Cursor blink
// timers are skipped: they only wait half a second to flash the cursor;
// so are ticks (a read-only session's look at its file), which wait and
// then ask for the next: tests deliver what they would.
func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	if cmd == nil || d.quit || isBlink(cmd) {
		return
	}
	if d.later != nil && afterShown(cmd) {
		*d.later = append(*d.later, cmd)
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
		return
	}
	// tea.Sequence's message type is not exported; it is a []tea.Cmd.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		for i := 0; i < v.Len(); i++ {
			d.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	d.send(msg)
}

func isBlink(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.Contains(name, "bubbles/v2/cursor.(*Model).Blink") ||
		strings.Contains(name, "bubbletea/v2.Tick.func")
}

// keys built as the terminal would send them.
func keyText(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

var (
	keyEnter    = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyEsc      = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyDown     = tea.KeyPressMsg{Code: tea.KeyDown}
	keyRight    = tea.KeyPressMsg{Code: tea.KeyRight}
	keyUp       = tea.KeyPressMsg{Code: tea.KeyUp}
	keyTab      = tea.KeyPressMsg{Code: tea.KeyTab}
	keySpace    = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	keyBack     = tea.KeyPressMsg{Code: tea.KeyBackspace}
	keyCtrlR    = tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
	keyCtrlC    = tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	keyShiftTab = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
)

// press sends keys: a string is typed letter by letter, a KeyPressMsg is
// sent as it is.
func (d *driver) press(keys ...any) {
	d.t.Helper()
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			for _, r := range k {
				d.send(keyText(r))
			}
		case tea.KeyPressMsg:
			d.send(k)
		default:
			d.t.Fatalf("press: %T is not a key", k)
		}
	}
}

// clear empties the focused text field.
func (d *driver) clear(n int) {
	for i := 0; i < n; i++ {
		d.send(keyBack)
	}
}

// view is the screen as text, colours stripped.
func (d *driver) view() string { return ansi.Strip(d.m.View().Content) }

// requireView fails unless the screen shows every one of want.
func (d *driver) requireView(want ...string) {
	d.t.Helper()
	v := d.view()
	for _, w := range want {
		if !strings.Contains(v, w) {
			d.t.Fatalf("the screen does not show %q:\n%s", w, v)
		}
	}
}

// refuseView fails if the screen shows any of bad.
func (d *driver) refuseView(bad ...string) {
	d.t.Helper()
	v := d.view()
	for _, b := range bad {
		if strings.Contains(v, b) {
			d.t.Fatalf("the screen shows %q:\n%s", b, v)
		}
	}
}

func mustLoad(t testing.TB, s store.Store) *model.Plan {
	t.Helper()
	p, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// requireText fails unless the screen shows every one of want, read as
// running text: a message wrapped over several lines counts, a message
// cut short does not.
func (d *driver) requireText(want ...string) {
	d.t.Helper()
	// Runs of spaces count as one: wrapping takes them at a line's end.
	text := strings.Join(strings.Fields(d.view()), " ")
	for _, w := range want {
		if !strings.Contains(text, strings.Join(strings.Fields(w), " ")) {
			d.t.Fatalf("the screen does not show %q, even wrapped:\n%s", w, d.view())
		}
	}
}
