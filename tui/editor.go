package tui

import (
	"fmt"
	"reflect"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"csplan/model"
)

// editor shows a huh form bound to a draft and saves it. The draft lives
// outside the form, so when a save fails the form is built again on the
// same draft and nothing typed is lost.
type editor struct {
	c     *common
	title string
	// build makes a form bound to the draft.
	build func() *huh.Form
	// save checks the whole draft and returns the command that saves it,
	// or an error to show without saving.
	save func() (tea.Cmd, error)
	// preview reads the draft and returns what the totals depend on (key)
	// and the work of computing them with the draft saved (compute, which
	// runs in a command: at 100,000 lines it takes tens of milliseconds).
	// ok is false while the draft does not hold valid figures. It may be
	// nil for records that do not move the totals.
	preview func() (key string, compute func() model.Totals, ok bool)
	// note is a line under the title worked out from the draft, such as a
	// post's costing; it may be nil.
	note func() string
	// cancelled is what the status line says on esc; "" means nothing was
	// saved.
	cancelled string
	// reads is set for forms that only read the plan (compare, export),
	// which work in a read-only session too.
	reads bool
	// draft is the pointer the form is bound to. When it is set, esc on
	// a form whose draft differs from how it opened asks before dropping
	// what was typed; nil closes at once (a form that only chooses).
	draft any

	// opening is the draft as the form opened, to tell a form typed in
	// from one left as it was; discarding is set while esc asks.
	opening    string
	openTaken  bool
	discarding bool

	// base are the saved totals: a preview that matches them is no preview.
	base model.Totals

	form          *huh.Form
	saving        bool
	previewTotals model.Totals
	previewOK     bool
	// previewKey is what the last preview asked for was worked out from,
	// and previewSeq numbers the requests, so a late answer to an old
	// request is dropped.
	previewKey    string
	previewSeq    int
	width, height int
}

// open builds the form and returns its first command.
func (e *editor) open() tea.Cmd {
	e.form = e.build().
		WithTheme(e.c.styles.Form).
		WithShowHelp(false).
		WithShowErrors(false).
		WithKeyMap(formKeyMap()).
		WithWidth(max(e.width-2, 20)).
		WithHeight(max(e.height-e.chromeHeight(), 3))
	// The draft is taken as it stands once the form is built, as huh's
	// selects write their first choice into it then; a form built again
	// after a failed save keeps the first opening.
	if !e.openTaken {
		e.opening, e.openTaken = draftPrint(e.draft), true
	}
	e.previewKey = ""
	// A form opened again (after a question said no) waits for nothing.
	e.saving = false
	return tea.Batch(e.form.Init(), e.refreshPreview())
}

// previewMsg carries preview totals worked out in a command.
type previewMsg struct {
	seq    int
	totals model.Totals
}

// formKeyMap is huh's keys less its ctrl+c, which the root keeps for
// quitting.
func formKeyMap() *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Quit = key.NewBinding(key.WithDisabled())
	return k
}

// chromeHeight is the title and the message line above the form.
func (e *editor) chromeHeight() int { return 2 }

// SetSize fits the form to the screen.
func (e *editor) SetSize(w, h int) {
	e.width, e.height = w, h
	if e.form != nil {
		e.form.WithWidth(max(w-2, 20)).WithHeight(max(h-e.chromeHeight(), 3))
	}
}

// editorResult says what became of the editor after a message.
type editorResult int

const (
	editorOpen editorResult = iota
	// editorClosed: cancelled, or saved and read back.
	editorClosed
)

// Update handles a message for the form. The screen passes it every
// message while the editor is open.
func (e *editor) Update(msg tea.Msg) (editorResult, tea.Cmd) {
	if _, done := msg.(formResult); done {
		if e.saving {
			return editorClosed, nil
		}
		return editorOpen, nil
	}
	switch msg := msg.(type) {
	case changeFailedMsg:
		// The root shows the error; the form stays as typed.
		e.saving = false
		return editorOpen, nil
	case previewMsg:
		if msg.seq == e.previewSeq {
			e.setPreview(msg.totals)
		}
		return editorOpen, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, e.c.keys.Cancel) {
			if e.saving {
				// Too late to cancel: the form stays until the save
				// lands (or fails, keeping what was typed).
				text := "Already under way: esc cannot stop it now."
				if !e.reads {
					text = "Already saving: esc cannot stop it now; u undoes it once it is saved."
				}
				return editorOpen, status(text, false)
			}
			if e.discarding {
				e.discarding = false
				return editorOpen, status("Kept: the form is as you left it.", false)
			}
			if e.changed() {
				e.discarding = true
				return editorOpen, nil
			}
			return editorClosed, e.cancel()
		}
		if e.saving {
			return editorOpen, nil
		}
		if e.discarding {
			switch {
			case key.Matches(msg, e.c.keys.Confirm):
				e.discarding = false
				return editorClosed, e.cancel()
			case key.Matches(msg, e.c.keys.Decline):
				e.discarding = false
				return editorOpen, status("Kept: the form is as you left it.", false)
			}
			return editorOpen, nil
		}
	}
	var cmd tea.Cmd
	e.form, cmd = feedForm(e.form, msg)
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		cmd = tea.Batch(cmd, e.refreshPreview())
	}
	if e.form.State != huh.StateCompleted {
		return editorOpen, cmd
	}
	// The form is complete: build it again on the same draft, so it stays
	// on screen while saving and after a failed save.
	reopen := e.open()
	save, err := e.save()
	if err != nil {
		return editorOpen, tea.Batch(reopen, status(err.Error(), true))
	}
	if e.c.readOnly && !e.reads {
		return editorOpen, tea.Batch(reopen, refuseReadOnly())
	}
	e.saving = true
	return editorOpen, tea.Batch(reopen, save)
}

// cancel closes the form without saving, and says so.
func (e *editor) cancel() tea.Cmd {
	text := e.cancelled
	if text == "" {
		text = "Cancelled: nothing was saved."
	}
	return status(text, false)
}

// changed reports whether the draft differs from how the form opened.
func (e *editor) changed() bool {
	return e.draft != nil && draftPrint(e.draft) != e.opening
}

// question is the question the form asks, or "".
func (e *editor) question() string {
	if e.discarding {
		return "Discard your changes to this form?  y/n"
	}
	return ""
}

// draftPrint writes out a draft, every field and what its slices hold,
// to compare with itself later.
func draftPrint(d any) string {
	if d == nil {
		return ""
	}
	return fmt.Sprintf("%#v", reflect.Indirect(reflect.ValueOf(d)).Interface())
}

// refreshPreview asks for new preview totals when the figures typed have
// changed. A draft that does not read drops the preview at once, so the
// bar never shows figures the form no longer holds.
func (e *editor) refreshPreview() tea.Cmd {
	if e.preview == nil {
		return nil
	}
	key, compute, ok := e.preview()
	if !ok {
		e.previewOK, e.previewKey = false, ""
		e.previewSeq++
		return nil
	}
	if key == e.previewKey {
		return nil
	}
	e.previewKey = key
	e.previewSeq++
	seq := e.previewSeq
	return func() tea.Msg { return previewMsg{seq: seq, totals: compute()} }
}

// setPreview shows preview totals, unless they are the saved ones: a
// preview that changes nothing would only alarm.
func (e *editor) setPreview(t model.Totals) {
	b := e.base
	e.previewTotals = t
	e.previewOK = !(t.Allocated.Equal(b.Allocated) && t.Confirmed.Equal(b.Confirmed) &&
		t.Pending.Equal(b.Pending) && t.Refused.Equal(b.Refused))
}

// Preview returns the totals with the draft saved.
func (e *editor) Preview() (model.Totals, bool) { return e.previewTotals, e.previewOK }

// View draws the title, the note and the form.
func (e *editor) View() string {
	st := e.c.styles
	var b strings.Builder
	title := e.title
	if e.saving {
		title += "  (saving…)"
	}
	b.WriteString(st.Heading.Render(truncate(title, e.width)))
	b.WriteString("\n")
	// huh puts field errors under the whole group, which a long form
	// pushes off screen; here the error of the field is always seen.
	// A message too long for the line wraps between words and takes
	// room from the bottom of the form: it is never cut.
	var msg []string
	switch errs := e.form.Errors(); {
	case len(errs) > 0:
		msg = wrap("✗ "+errs[0].Error(), e.width)
		for i := range msg {
			msg[i] = st.Error.Render(msg[i])
		}
	case e.note != nil:
		msg = wrap(e.note(), e.width)
		for i := range msg {
			msg[i] = st.Muted.Render(msg[i])
		}
	default:
		msg = []string{st.Muted.Render(truncate("enter moves to the next field and saves on the last; esc cancels", e.width))}
	}
	b.WriteString(strings.Join(msg, "\n"))
	b.WriteString("\n")
	b.WriteString(lipgloss.NewStyle().MaxHeight(max(e.height-1-len(msg), 1)).Render(e.form.View()))
	return b.String()
}

// ShortHelp lists the form's keys, or the answers while it asks.
func (e *editor) ShortHelp() []key.Binding {
	if e.discarding {
		return []key.Binding{e.c.keys.Confirm, e.c.keys.Decline}
	}
	return e.c.keys.formHelp()
}

// FullHelp lists the form's keys.
func (e *editor) FullHelp() [][]key.Binding { return [][]key.Binding{e.c.keys.formHelp()} }
