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
	// no is what the status line says on a no; "" means nothing was
	// deleted. noDo, if set, is run on a no as well.
	no   string
	noDo func() tea.Cmd
	// keys are the answers as the help shows them; nil means the answers
	// to a delete ("yes, delete", "no, keep it").
	keys []key.Binding
}

// help lists the answers for the short help.
func (q *question) help(k *KeyMap) []key.Binding {
	if q.keys != nil {
		return q.keys
	}
	return k.confirmHelp()
}

// answer handles a key while the question waits. It returns the command to
// run and whether the question is answered (and should be dropped).
func (q *question) answer(msg tea.KeyPressMsg, k *KeyMap) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, k.Yes):
		return q.yes(), true
	case key.Matches(msg, k.No):
		text := q.no
		if text == "" {
			text = "Kept: nothing was deleted."
		}
		if q.noDo != nil {
			return tea.Batch(status(text, false), q.noDo()), true
		}
		return status(text, false), true
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

// Typing implements screen: a form is open.
func (e *editing) Typing() bool { return e.ed != nil }

// Question implements screen: the question asked, or the open form's.
func (e *editing) Question() string {
	if e.ed != nil {
		return e.ed.question()
	}
	return e.question()
}

// Saving implements saver: the open form has asked the store to save it.
func (e *editing) Saving() bool { return e.ed != nil && e.ed.saving }

// Preview implements screen: the plan as it would be once the form saves.
func (e *editing) Preview() (model.Totals, bool) {
	if e.ed == nil {
		return model.Totals{}, false
	}
	return e.ed.Preview()
}

// update passes a message to the open form or question. handled is false
// when neither is open.
func (e *editing) update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	if e.ed != nil {
		res, cmd := e.ed.Update(msg)
		if res == editorClosed {
			e.ed = nil
		}
		// The screen also sees the answer to a form, to select what was
		// saved or show what was asked for.
		_, answer := msg.(formResult)
		return cmd, !answer
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
	if e.cm.readOnly && !ed.reads {
		return refuseReadOnly()
	}
	ed.SetSize(w, h)
	ed.base = base
	e.ed = ed
	return ed.open()
}

// askDelete asks before deleting, or refuses in a read-only session.
func (e *editing) askDelete(text string, yes func() tea.Cmd) tea.Cmd {
	return e.askThen(text, "", yes)
}

// askThen asks a yes/no question before a change that is not a delete;
// no is what a no says. It refuses in a read-only session.
func (e *editing) askThen(text, no string, yes func() tea.Cmd) tea.Cmd {
	if e.cm.readOnly {
		return refuseReadOnly()
	}
	e.ask = &question{text: text, yes: yes, no: no, keys: []key.Binding{e.cm.keys.Confirm, e.cm.keys.Decline}}
	return nil
}

// askHelp is the help for the question being asked.
func (e *editing) askHelp() []key.Binding { return e.ask.help(e.cm.keys) }

func (e *editing) question() string {
	if e.ask == nil {
		return ""
	}
	return e.ask.prompt()
}
