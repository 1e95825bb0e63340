package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestTableScrolls checks the cursor stays on screen and inside the rows
// however it is moved, and that only the rows on screen are drawn.
func TestTableScrolls(t *testing.T) {
	keys := DefaultKeyMap()
	st := DefaultStyles(true, true)
	tb := newTable([]column{{title: "Row", width: 10, flex: true}, {title: "Cost", width: 8, right: true}})
	tb.SetSize(30, 6) // header + 5 rows
	tb.SetRows(100)
	asked := map[int]bool{}
	cell := func(r, c int) string { asked[r] = true; return fmt.Sprintf("row %d", r) }

	check := func(wantCursor, wantOffset int) {
		t.Helper()
		if tb.Cursor() != wantCursor || tb.offset != wantOffset {
			t.Fatalf("cursor %d offset %d, want %d %d", tb.Cursor(), tb.offset, wantCursor, wantOffset)
		}
		clear(asked)
		view := tb.View(&st, cell)
		if lines := strings.Split(view, "\n"); len(lines) != 6 {
			t.Fatalf("view has %d lines, want 6", len(lines))
		}
		for r := range asked {
			if r < tb.offset || r >= tb.offset+5 {
				t.Fatalf("row %d was drawn while rows %d-%d are on screen", r, tb.offset, tb.offset+4)
			}
		}
		for _, l := range strings.Split(view, "\n") {
			if w := ansi.StringWidth(l); w > 30 {
				t.Fatalf("line %q is %d wide", l, w)
			}
		}
	}
	check(0, 0)
	tb.HandleKey(keyUp, keys)
	check(0, 0)
	for i := 0; i < 7; i++ {
		tb.HandleKey(keyDown, keys)
	}
	check(7, 3)
	tb.HandleKey(tea.KeyPressMsg{Code: tea.KeyPgDown}, keys)
	check(12, 8)
	tb.HandleKey(tea.KeyPressMsg{Code: tea.KeyEnd}, keys)
	check(99, 95)
	tb.HandleKey(tea.KeyPressMsg{Code: tea.KeyPgUp}, keys)
	check(94, 94)
	tb.HandleMouse(tea.MouseClickMsg{X: 2, Y: 3, Button: tea.MouseLeft}, 3)
	check(96, 94)
	tb.HandleMouse(tea.MouseWheelMsg{X: 2, Y: 3, Button: tea.MouseWheelUp}, 3)
	check(93, 93)
	// Fewer rows than before: the cursor comes back inside.
	tb.SetRows(3)
	check(2, 0)
	tb.SetRows(0)
	if tb.Cursor() != -1 {
		t.Fatalf("an empty table has cursor %d", tb.Cursor())
	}
	if col := tb.HandleMouse(tea.MouseClickMsg{X: 25, Y: 0, Button: tea.MouseLeft}, 0); col != 1 {
		t.Fatalf("a click on the Cost header gave column %d", col)
	}
}

func TestFitCuts(t *testing.T) {
	tb := newTable([]column{{title: "A", width: 6}, {title: "B", width: 6, right: true}})
	tb.SetSize(13, 3)
	for _, tc := range []struct{ in, left, right string }{
		{"abc", "abc   ", "   abc"},
		{"abcdefgh", "abcde…", "abcde…"},
		{"£1,234", "£1,234", "£1,234"},
		{"日本語です", "日本… ", " 日本…"},
	} {
		if got := tb.fit(tc.in, 0); got != tc.left {
			t.Errorf("fit(%q) left = %q, want %q", tc.in, got, tc.left)
		}
		if got := tb.fit(tc.in, 1); got != tc.right {
			t.Errorf("fit(%q) right = %q, want %q", tc.in, got, tc.right)
		}
	}
}
