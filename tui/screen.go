package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/store"
)

// screen is one page of the app. The root model owns the header, the
// totals bar, the status line and the help; a screen owns what is between.
type screen interface {
	// ShortHelp and FullHelp list the screen's keys in its current state.
	help.KeyMap
	// Title is the screen's name on its tab.
	Title() string
	// SetSize gives the screen its width and height.
	SetSize(width, height int)
	// SetSnapshot hands the screen the plan as saved.
	SetSnapshot(*snapshot)
	// Update handles a message; keys reach it only when the root does not
	// take them.
	Update(tea.Msg) tea.Cmd
	View() string
	// Typing reports whether typed keys belong to a form or a filter, so
	// q, u, the digits and tab must go to the screen, not the root.
	Typing() bool
	// Question is a yes/no question waiting for an answer, or "".
	Question() string
	// Preview returns the totals the plan would have if the open form
	// were saved, while it holds valid figures.
	Preview() (model.Totals, bool)
}

// common is what every screen shares with the root: the store (used only
// inside commands), the keys and the styles. The root replaces the styles
// when it learns the terminal's background.
type common struct {
	store    store.Store
	keys     *KeyMap
	styles   *Styles
	readOnly bool
	// snapshotCopy: the read-only store is a copy taken at open because
	// another csplan is editing the plan.
	snapshotCopy bool
	// offKeys are the keys that change the plan, as they were before a
	// read-only session turned them off: pressing one is answered.
	offKeys []key.Binding
	// formatTime writes a history entry's time.
	formatTime func(time.Time) string
	// workDir is the folder csplan was started in: a file name typed
	// without a folder is read or written there.
	workDir string
}

// baseScreen holds what every screen keeps: its size and the snapshot.
type baseScreen struct {
	c             *common
	width, height int
	snap          *snapshot
}

// reloader is a screen with work to redo when the plan is read again, such
// as a comparison; it returns the command that does it.
type reloader interface{ Reloaded() tea.Cmd }

// showScenarioMsg asks the root to show a scenario on every screen (id 0:
// the plan).
type showScenarioMsg struct{ id model.ID }

func (b *baseScreen) SetSize(w, h int)        { b.width, b.height = w, h }
func (b *baseScreen) SetSnapshot(s *snapshot) { b.snap = s }

// readOnlyScreen gives the answers of a screen that never edits: nothing
// typed, nothing asked, nothing to preview. Screens that edit embed editing
// instead, which answers from its form or question.
type readOnlyScreen struct{}

func (readOnlyScreen) Typing() bool                  { return false }
func (readOnlyScreen) Question() string              { return "" }
func (readOnlyScreen) Preview() (model.Totals, bool) { return model.Totals{}, false }
