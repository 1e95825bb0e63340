package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"csplan/store"
)

// e on a filtered Lines list offers the lines on screen or the whole plan,
// the lines first. Their file says it is part of the plan, holds only
// those lines, cannot be imported as the plan, and imported as a scenario
// changes nothing it left out.
func TestExportFilteredLines(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	dir := t.TempDir()
	whole := len(mustLoad(t, s).Lines)

	d.press("2", "/", "youth", keyEnter)
	d.press("e")
	d.requireView("These ", "(filter: youth)", "The whole plan")
	d.press(keyEnter, keyEnter) // these lines; CSV
	d.clear(120)
	path := filepath.Join(dir, "youth.csv")
	d.press(path, keyEnter)
	d.requireStatus("of the plan (filter: youth) to " + path)

	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(written)
	n := strings.Count(text, "\r\nLine,")
	if n == 0 || n >= whole {
		t.Fatalf("the file holds %d of %d lines, want the filtered few", n, whole)
	}
	if strings.Contains(text, "\r\nPost,") {
		t.Error("a file of lines holds posts")
	}
	marker := fmt.Sprintf("\r\nSubset,,\"%d of %d lines, filter: youth\",", n, whole)
	if !strings.Contains(text, marker) {
		t.Errorf("the file has no Subset row %q:\n%.600s", marker, text)
	}
	_, info, err := store.ReadPlanFile(path)
	if err != nil || info.Subset != fmt.Sprintf("%d of %d lines, filter: youth", n, whole) {
		t.Errorf("the file reads back as subset %q (%v)", info.Subset, err)
	}

	// Imported as the plan it is refused, saying what to do; nothing changes.
	before := planJSON(t, s)
	d.press(keyEsc, "i")
	d.clear(120)
	d.press(path, keyEnter, keyDown, keyEnter)
	d.requireText("youth.csv holds part of the plan", "it would delete every line and post it leaves out",
		"Import it as a scenario", "export the whole plan")
	if planJSON(t, s) != before {
		t.Fatal("the plan changed")
	}

	// Imported as a scenario it keeps what it left out: no step removes
	// a line or a post.
	d.press("i")
	d.clear(120)
	d.press(path, keyEnter, keyUp, keyEnter) // as a new scenario
	d.clear(40)
	d.press("Youth part", keyEnter)
	d.requireText("with 0 steps")

	// With the filter cleared, e offers the whole plan under its own
	// name, not the part's.
	d.press(keyEsc, "2", keyEsc, "e")
	d.requireView("Export the plan")
	d.refuseView("youth", "These ")
	d.press(keyEsc)

	// The whole plan, chosen instead, has no Subset row.
	d.press("/", "youth", keyEnter, "e", keyDown, keyEnter, keyEnter)
	d.clear(120)
	all := filepath.Join(dir, "all.csv")
	d.press(all, keyEnter)
	d.requireStatus("Exported the plan to " + all)
	if b, err := os.ReadFile(all); err != nil || strings.Contains(string(b), "\r\nSubset,") || strings.Count(string(b), "\r\nLine,") != whole {
		t.Errorf("the whole plan's file is not the whole plan (%v):\n%.400s", err, b)
	}
}
