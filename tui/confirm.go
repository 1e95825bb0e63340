package tui

import (
	"csplan/model"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// question is a yes/no question shown in the status line, such as "Delete
// this line?". Nothing happens until it is answered.
type question struct {
	text string
	// yes is the command to run on a yes.
	yes func() tea.Cmd
}

// answer handles a key while the question waits. It returns the command to
// run and whether the question is answered (and should be dropped).
func (q *question) answer(msg tea.KeyPressMsg, k *KeyMap) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, k.Yes):
		return q.yes(), true
	case key.Matches(msg, k.No):
		return status("Kept: nothing was deleted.", false), true
	}
	return nil, false
}

// prompt is the question with its keys, for the status line.
func (q *question) prompt() string { return q.text + "  y/n" }

// editing is what the table screens share: an open form or a pending
// question.
type editing struct {
	cm  *common
	ed  *editor
	ask *question
}

// busy reports whether a form or a question has the keys.
func (e *editing) busy() bool { return e.ed != nil || e.ask != nil }

// update passes a message to the open form or question. handled is false
// when neither is open.
func (e *editing) update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if e.ed != nil {
		res, cmd := e.ed.Update(msg)
		if res == editorClosed {
			e.ed = nil
		}
		// The screen also sees a saved change, to select what was saved.
		_, saved := msg.(changeSavedMsg)
		return cmd, !saved
	}
	if e.ask != nil {
		if k, ok := msg.(tea.KeyPressMsg); ok {
			cmd, done := e.ask.answer(k, e.cm.keys)
			if done {
				e.ask = nil
			}
			return cmd, true
		}
	}
	return nil, false
}

// startEditor opens a form, or refuses in a read-only session.
func (e *editing) startEditor(ed *editor, base model.Totals, w, h int) tea.Cmd {
	if e.cm.readOnly {
		return refuseReadOnly()
	}
	ed.SetSize(w, h)
	ed.base = base
	e.ed = ed
	return ed.open()
}

// askDelete asks before deleting, or refuses in a read-only session.
func (e *editing) askDelete(text string, yes func() tea.Cmd) tea.Cmd {
	if e.cm.readOnly {
		return refuseReadOnly()
	}
	e.ask = &question{text: text, yes: yes}
	return nil
}

func (e *editing) question() string {
	if e.ask == nil {
		return ""
	}
	return e.ask.prompt()
}
