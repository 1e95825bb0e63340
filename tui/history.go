package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// historyScreen lists the changes to the plan, newest first: when, who and
// what. Undone changes stay listed, marked; so do those undone and then
// replaced by a later change, which can no longer be redone.
type historyScreen struct {
	baseScreen
	readOnlyScreen
	tbl table
}

func newHistoryScreen(c *common) *historyScreen {
	return &historyScreen{
		baseScreen: baseScreen{c: c},
		tbl: newTable([]column{
			{title: "When", width: 16},
			{title: "Who", width: 10},
			{title: "What changed", width: 30, flex: true},
		}),
	}
}

// Title implements screen.
func (s *historyScreen) Title() string { return "History" }

// SetSize implements screen: the table, then the selected change in full.
func (s *historyScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	s.tbl.SetSize(w, max(h-4, 2))
}

// SetSnapshot implements screen. A new change goes on top, so the cursor
// goes back to the newest.
func (s *historyScreen) SetSnapshot(snap *snapshot) {
	s.snap = snap
	s.tbl.SetRows(len(snap.history))
	s.tbl.SetCursor(0)
}

// Update implements screen.
func (s *historyScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		s.tbl.HandleKey(msg, *s.c.keys)
	case tea.MouseMsg:
		s.tbl.HandleMouse(msg, msg.Mouse().Y)
	}
	return nil
}

// View implements screen.
func (s *historyScreen) View() string {
	st := s.c.styles
	if len(s.snap.history) == 0 {
		return st.Muted.Render("No changes yet. Every change you make is listed here and can be undone with u.")
	}
	out := s.tbl.View(st, s.cell) + "\n"
	if r := s.tbl.Cursor(); r >= 0 {
		e := s.snap.history[r]
		text := e.Summary
		switch {
		case e.Replaced:
			text = "Undone, then replaced by a later change (it cannot be redone): " + text
		case e.Undone:
			text = "Undone (ctrl+r redoes it): " + text
		}
		if e.UndoDropped {
			text += " (csplan compact has dropped what undo needs for it: it can no longer be undone or redone; it stays listed)"
		}
		lines := wrap(text, s.width)
		if len(lines) > 3 {
			lines = lines[:3]
		}
		out += "\n" + st.Muted.Render(strings.Join(lines, "\n"))
	}
	return out
}

func (s *historyScreen) cell(r, col int) string {
	e := &s.snap.history[r]
	switch col {
	case 0:
		return s.c.formatTime(e.Time)
	case 1:
		return e.User
	case 2:
		text := e.Summary
		if e.UndoDropped {
			text = "(compacted) " + text
		}
		if e.Undone {
			text = "(undone) " + text
		}
		return text
	}
	return ""
}

// ShortHelp implements help.KeyMap.
func (s *historyScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Undo, k.Redo, k.Jump}
}

// FullHelp implements help.KeyMap.
func (s *historyScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}
