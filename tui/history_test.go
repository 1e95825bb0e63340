package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

// After csplan compact the History screen still lists every change, and
// marks those that can no longer be undone.
func TestHistoryMarksCompactedChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	opts := store.Options{Seed: func() (*model.Plan, error) { return planfile.BuiltIn(), nil }, User: "officer", Now: testClock()}
	s, err := store.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"First change", "Second change", "Third change"} {
		p, err := s.Load()
		if err != nil {
			t.Fatal(err)
		}
		p.Info.Partnership = name
		if err := s.SaveInfo(p.Info); err != nil {
			t.Fatal(err)
		}
	}
	_ = s.Close()
	if _, err := store.Compact(path, opts, 1); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	d := start(t, s, 120, 40)
	d.press("6") // History
	v := d.view()
	if !strings.Contains(v, "(compacted)") {
		t.Fatalf("the History screen does not mark compacted changes:\n%s", v)
	}
	if n := strings.Count(v, "(compacted)"); n < 2 {
		t.Fatalf("want the two older changes marked, got %d:\n%s", n, v)
	}
}

// Keys typed while the plan is still being read at start-up (a large plan
// takes a moment) wait, then go where they were aimed.
func TestKeysTypedWhileLoadingAreKept(t *testing.T) {
	s := openStore(t)
	d := &driver{t: t, m: New(s, testOptions())}
	d.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	d.send(keyText('2'))
	d.send(keyText('/'))
	d.send(keyText('v'))
	d.run(d.m.Init())
	if d.m.snap == nil {
		t.Fatalf("the plan did not load: %v", d.m.loadErr)
	}
	if d.m.active != 1 {
		t.Fatalf("the 2 typed while loading was lost: screen %d on view", d.m.active+1)
	}
	d.requireView("VAWG")
}
