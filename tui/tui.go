// Package tui is csplan's terminal interface: a header with the plan, a
// totals bar that always says whether the plan fits its money, and screens
// to read and change the plan. Every change goes to the store in a command
// and the plan is read back after it, so what is on screen is what is saved.
package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
	"csplan/store"
	"csplan/termsafe"
)

// Options change how the interface looks.
type Options struct {
	// NoColor draws without colour. Run sets it when NO_COLOR is set.
	NoColor bool
	// Light assumes a light background until the terminal answers the
	// question about its colour (some never do).
	Light bool
	// FormatTime writes the time of a history entry; nil means local time
	// as "Mon 2 Jan 15:04". Tests set it to get stable views.
	FormatTime func(time.Time) string
}

// Model is the root of the interface. It owns the header, the totals bar,
// the status line and the help, and routes everything else to the screen
// on view.
type Model struct {
	c       *common
	noColor bool
	screens []screen
	active  int

	snap    *snapshot
	loadErr error
	// working is the saved snapshot whose scenarios a command is working
	// out for the Scenarios screen (workOnView).
	working *snapshot
	// reload marks, by tab, the screens whose work for the plan last read
	// is still to do (reloadOnView).
	reload uint32
	// linesFor is the snapshot whose lineData a command is working out,
	// and monFor the one whose monitoring figures.
	linesFor *snapshot
	monFor   *snapshot
	// barSpend is whether the screens were laid out under a totals bar
	// with its line of spend.
	barSpend bool
	// viewing is the scenario the officer asked to see on every screen,
	// 0 for the plan. snap follows it: a plan read back from the store is
	// turned into this view in a command before it is shown.
	viewing model.ID
	// files is the export or import dialog, open over the screens, or nil.
	files *fileDialog
	// exports remembers where each thing (the plan, a scenario) was last
	// exported, so the next export offers the same file; lastFile is the
	// last file exported or imported, which import offers.
	exports  map[model.ID]string
	lastFile string

	status    string
	statusErr bool
	showHelp  bool
	helpTop   int // first line of the full help on view
	help      help.Model

	// fileStamp is the plan file as last seen, in a read-only session
	// looking at a copy of a file another csplan edits.
	fileStamp fileStamp

	// held are the keys (and pastes) that arrived while a form was being
	// saved, in order. They are meant for what comes after the save (the
	// screen, or the form again if the save fails), so they wait for its
	// answer and are then handled as if typed just after it.
	held []tea.Msg

	width, height int
}

// New returns the interface for a store. It reads the plan when the
// program starts it (Init); nothing is read here.
func New(s store.Store, opts Options) Model {
	keys := DefaultKeyMap()
	styles := DefaultStyles(!opts.Light, opts.NoColor)
	format := opts.FormatTime
	if format == nil {
		format = historyTime
	}
	c := &common{store: editingStore{Store: s, snaps: &snapCache{}}, keys: &keys, styles: &styles, readOnly: s.ReadOnly(), formatTime: format}
	// Only a read-only store can be a snapshot; asking a writable one is
	// not needed (and test stores need not answer).
	c.snapshotCopy = c.readOnly && s.Snapshot()
	if c.readOnly {
		// Help offers only what works: no edit keys, and r to read the
		// plan again.
		c.offKeys = keys.readOnly()
	}
	c.workDir, _ = os.Getwd()
	m := Model{c: c, noColor: opts.NoColor, help: help.New(), width: 80, height: 24, exports: map[model.ID]string{}}
	// The screens in tab order; the number keys follow this order, and
	// scenariosTab must name the Scenarios screen.
	m.screens = []screen{
		newOverviewScreen(c),
		newLinesScreen(c),
		newPostsScreen(c),
		newFundingScreen(c),
		newPrioritiesScreen(c),
		newHistoryScreen(c),
		newScenariosScreen(c),
		newSettingsScreen(c),
		newMonitorScreen(c),
	}
	keys.Jump.SetHelp(fmt.Sprintf("1-%d", len(m.screens)), "go to screen")
	m.help.Styles = styles.Help
	m.layout()
	return m
}

// scenariosTab is the place of the Scenarios screen in the tabs.
const scenariosTab = 6

// exportPath is the file an export offers: where what is on screen was
// last exported, else its default name in the folder of the last export,
// else in the working folder.
func (m Model) exportPath() string {
	if p := m.exports[m.snap.shown]; p != "" {
		return p
	}
	name := defaultExportName(m.snap)
	if m.lastFile != "" {
		return filepath.Join(filepath.Dir(m.lastFile), name)
	}
	return name
}

// shownPart is the part of the plan on screen when the Lines screen has a
// filter in force that keeps some lines, for an export to offer; nil
// otherwise.
func (m Model) shownPart() *exportPart {
	ls, ok := m.screens[m.active].(*linesScreen)
	if !ok {
		return nil
	}
	return ls.part()
}

// partExportPath is the file an export of part of the plan offers: the
// plan's file with the filter added to its name, so the part does not
// offer to write over the whole.
func partExportPath(path, query string) string {
	ext, name := filepath.Ext(path), slug(query)
	if name == "" {
		name = "part"
	}
	return strings.TrimSuffix(path, ext) + "-" + name + ext
}

// comparedColumns are the plan and the scenarios of the comparison on
// view, for a workbook's Comparison sheet; nil when none is on view.
func (m Model) comparedColumns() []model.Column {
	ss, ok := m.screens[scenariosTab].(*scenariosScreen)
	if !ok || m.active != scenariosTab || ss.cmp == nil {
		return nil
	}
	saved := m.snap.saved
	cols := []model.Column{{Name: "Plan", Plan: saved.plan}}
	for _, id := range ss.cmp.ids {
		if st, ok := saved.scenarioByID(id); ok {
			cols = append(cols, model.Column{Name: st.sc.Name, Plan: st.work().plan})
		}
	}
	return cols
}

// importPath is the file import offers: the last one exported or
// imported, as round trips through a spreadsheet are the usual case.
func (m Model) importPath() string { return m.lastFile }

// historyTime writes when a change was made: the weekday for this year's
// changes, the year for older ones, so last year's plan history never
// reads as this year's.
func historyTime(t time.Time) string {
	t = t.Local()
	if t.Year() == time.Now().Year() {
		return t.Format("Mon 2 Jan 15:04")
	}
	return t.Format("2 Jan 2006 15:04")
}

// Run runs the interface full-screen until the officer quits or ctx ends.
// It returns ctx's error when ctx ended it, and the load error when the
// plan could not be read.
func Run(ctx context.Context, s store.Store, opts Options) error {
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	final, err := tea.NewProgram(New(s, opts), tea.WithContext(ctx)).Run()
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, tea.ErrInterrupted):
		return nil
	case err != nil:
		return err
	}
	// A plan that could not be read was shown on screen; the caller still
	// needs to hear of it, to exit with an error.
	if m, ok := final.(Model); ok && m.loadErr != nil {
		return fmt.Errorf("reading the plan: %w", m.loadErr)
	}
	return nil
}

// Init reads the plan and asks the terminal for its background colour.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{loadPlan(m.c.store), tea.RequestBackgroundColor}
	if m.c.snapshotCopy {
		// Another csplan is editing the plan: watch the file, and read
		// it again when it changes.
		path := m.c.store.Path()
		cmds = append(cmds, func() tea.Msg { return checkFile(path) })
	}
	return tea.Batch(cmds...)
}

// saver is a screen or dialog whose form may be waiting for its save.
type saver interface{ Saving() bool }

// waiting reports whether the form on view has asked for a save whose
// answer has not come yet, or the plan is still being read at start-up
// (a large plan takes a moment): keys typed meanwhile wait, and then go
// where they were aimed, rather than being dropped.
func (m *Model) waiting() bool {
	if m.snap == nil && m.loadErr == nil {
		return true
	}
	if m.snap != nil && m.active == linesTab && m.files == nil && !m.snap.linesReady() {
		// The Lines screen's rows are still being worked out.
		return true
	}
	if m.snap != nil && m.active == scenariosTab && m.files == nil && !m.snap.saved.scenariosReady() {
		// The scenarios' figures are being worked out (workOnView): the
		// keys that use them wait rather than stall the screen.
		return true
	}
	var s any = m.screens[m.active]
	if m.files != nil {
		s = m.files
	}
	w, ok := s.(saver)
	return ok && w.Saving()
}

// Update holds the keys that arrive while a form is being saved and
// hands them on, in order, once the save has answered; everything else
// goes to update.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	next, cmd := m.updateHeld(msg)
	m = next.(Model)
	if work := m.workOnView(); work != nil {
		return m, tea.Batch(cmd, work)
	}
	return m, cmd
}

// workOnView asks for the scenarios of the plan on screen to be worked out
// in a command when the Scenarios screen, which lists their figures, is
// on view and they are not yet: a saved change leaves them to be worked
// out when looked at.
func (m *Model) workOnView() tea.Cmd {
	reload := m.reloadOnView()
	// Once their work is done, these must not keep an old plan alive.
	if m.linesFor != nil && m.linesFor.linesReady() {
		m.linesFor = nil
	}
	if m.working != nil && m.working.scenariosReady() {
		m.working = nil
	}
	if m.monFor != nil && m.monFor.monitorReady() {
		m.monFor = nil
	}
	if m.snap != nil && !m.snap.saved.monitorReady() && m.monFor != m.snap.saved {
		// The year's figures for the totals bar, after the change that
		// moved them is on screen.
		m.monFor = m.snap.saved
		saved := m.snap.saved
		reload = tea.Batch(reload, func() tea.Msg { saved.monitor(); return monitorReadyMsg{} })
	}
	if m.snap != nil && !m.snap.linesReady() && m.linesFor != m.snap {
		// The Lines screen's text and sort orders, worked out after the
		// plan is on screen: at 100,000 lines they are a third of a
		// second of the start-up.
		m.linesFor = m.snap
		snap := m.snap
		reload = tea.Batch(reload, func() tea.Msg { snap.lines(); return linesReadyMsg{snap} })
	}
	if m.snap == nil || m.active != scenariosTab || m.working == m.snap.saved || m.snap.saved.scenariosReady() {
		return reload
	}
	m.working = m.snap.saved
	return tea.Batch(reload, workScenarios(m.snap))
}

// reloadOnView returns the work the screen on view has to redo since the
// plan was last read (see reloader), once.
func (m *Model) reloadOnView() tea.Cmd {
	if m.reload&(1<<m.active) == 0 {
		return nil
	}
	m.reload &^= 1 << m.active
	if r, ok := m.screens[m.active].(reloader); ok {
		return r.Reloaded()
	}
	return nil
}

// updateHeld is Update: keys typed while a form saves are held, then
// given in order.
func (m Model) updateHeld(msg tea.Msg) (tea.Model, tea.Cmd) {
	// esc while the save is under way is answered at once (the form
	// says it is too late to cancel), not held to close what comes next.
	if k, ok := msg.(tea.KeyPressMsg); ok && len(m.held) == 0 && key.Matches(k, m.c.keys.Cancel) {
		return m.update(msg)
	}
	if isTyped(msg, m.c.keys) && (len(m.held) > 0 || m.waiting()) {
		m.held = append(m.held, msg)
		return m, nil
	}
	next, cmd := m.update(msg)
	m = next.(Model)
	if len(m.held) == 0 || m.waiting() {
		return m, cmd
	}
	cmds := []tea.Cmd{cmd}
	for len(m.held) > 0 && !m.waiting() {
		k := m.held[0]
		m.held = m.held[1:]
		next, cmd := m.update(k)
		m = next.(Model)
		cmds = append(cmds, cmd)
	}
	return m, tea.Batch(cmds...)
}

// isTyped reports whether msg is a key or a paste that may have to wait
// for a save; ctrl+c never waits.
func isTyped(msg tea.Msg, k *KeyMap) bool {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return !key.Matches(msg, k.ForceQuit, k.Suspend)
	case tea.PasteMsg:
		return true
	}
	return false
}

// update handles window size, the terminal's colours, global keys and the
// app's own messages, and passes the rest to the export or import dialog
// when one is open, else to the screen on view.
func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var reload tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		*m.c.styles = DefaultStyles(msg.IsDark(), m.noColor)
		m.help.Styles = m.c.styles.Help
		return m, nil
	case planLoadedMsg:
		if m.stale(msg.snap) {
			// A newer plan is on screen already; only the word is kept.
			if msg.status != "" {
				m.setStatus(msg.status, false)
			}
			return m, nil
		}
		again := func(s *snapshot) tea.Msg { msg.snap = s; return msg }
		if cmd := m.follow(msg.snap, again); cmd != nil {
			return m, cmd
		}
		m.setStatus(msg.status+m.lostView(msg.snap), false)
		return m, m.setSnapshot(msg.snap)
	case loadFailedMsg:
		m.loadErr = msg.err
		return m, nil
	case showScenarioMsg:
		return m, m.show(msg.id)
	case changeSavedMsg:
		if msg.showPlan {
			m.viewing = 0
		}
		if m.stale(msg.snap) {
			// Commands run at once and their results arrive in any
			// order: this one was read before the plan on screen, so it
			// must not replace it. Its form still closes (below), and
			// what it saved is in the newer plan already.
			m.setStatus(msg.status, false)
			if m.snap.shown != m.viewing {
				// It asked for the plan (the scenario on screen was
				// promoted or deleted): show it from the newer read.
				reload = m.setSnapshot(m.snap.saved)
			}
			break
		}
		again := func(s *snapshot) tea.Msg { msg.snap, msg.showPlan = s, false; return msg }
		if cmd := m.follow(msg.snap, again); cmd != nil {
			return m, cmd
		}
		m.setStatus(msg.status+m.lostView(msg.snap), false)
		reload = m.setSnapshot(msg.snap)
	case changeFailedMsg:
		m.setStatus(msg.outcome+": "+msg.err.Error(), true)
	case returnWrittenMsg:
		m.files = nil
		m.setStatus(msg.status, false)
		return m, nil
	case exportedMsg:
		if !msg.part {
			m.exports[msg.shown] = msg.path
		}
		// Import reads csplan's CSV files and workbooks alike, so it
		// offers the last file written.
		m.lastFile = msg.path
		m.files = nil
		m.setStatus(msg.status, false)
		return m, nil
	case importUnchangedMsg:
		m.lastFile = msg.path
		m.files = nil
		m.setStatus(msg.status(), false)
		return m, nil
	case importProblemsMsg:
		m.lastFile = msg.path
	case importedMsg:
		m.lastFile = msg.path
		if m.files != nil {
			m.files.Update(msg)
		}
		return m.Update(msg.saved)
	case monitorReadyMsg:
		// The totals bar's figures for the plan on screen: the bar may
		// gain or lose its line of spend, and the Monitor screen may
		// take them.
		if m.spendLine() != m.barSpend {
			m.layout()
		}
		if m.snap != nil {
			m.screens[monitorTab].SetSnapshot(m.snap)
		}
		return m, nil
	case linesReadyMsg:
		// The lines belong to the Lines screen, wherever the officer is.
		return m, m.screens[linesTab].Update(msg)
	case monitorMsg:
		// The figures belong to the Monitor screen, wherever the officer
		// is now.
		return m, m.screens[monitorTab].Update(msg)
	case comparisonMsg:
		// The comparison belongs to the Scenarios screen, even if the
		// officer has moved on while it was worked out.
		return m, m.screens[scenariosTab].Update(msg)
	case statusMsg:
		m.setStatus(msg.text, msg.isError)
		return m, nil
	case fileCheckedMsg:
		// The file another csplan edits changed: read it again. Keys
		// held for a form wait; the refresh is not a key.
		next := watchFile(msg.path)
		if msg.err != nil || msg.stamp == m.fileStamp {
			return m, next
		}
		first := m.fileStamp == (fileStamp{})
		m.fileStamp = msg.stamp
		if first {
			return m, next
		}
		return m, tea.Batch(next, refreshPlan(m.c.store, "The plan was saved by the csplan editing it: read again."))
	case tea.KeyPressMsg:
		if cmd, done := m.handleKey(msg); done {
			return m, cmd
		}
	case tea.MouseMsg:
		return m, m.handleMouse(msg)
	}
	if m.snap == nil {
		return m, nil
	}
	if m.files != nil {
		cmd := m.files.Update(msg)
		if !m.files.isOpen() {
			m.files = nil
		}
		return m, tea.Batch(reload, cmd)
	}
	return m, tea.Batch(reload, m.screens[m.active].Update(msg))
}

// stale reports whether snap was read from the store before the snapshot
// on screen, so showing it would take the screen back in time. A view of
// the same read (a scenario shown) is not stale.
func (m *Model) stale(snap *snapshot) bool {
	return m.snap != nil && snap.revision < m.snap.revision
}

// follow returns the command that turns a plan read from the store into
// the view the officer asked for (a scenario, or the plan), then delivers
// the message again with that view; nil when snap already is that view.
func (m *Model) follow(snap *snapshot, again func(*snapshot) tea.Msg) tea.Cmd {
	if snap.shown == m.viewing {
		return nil
	}
	saved, id := snap.saved, m.viewing
	return func() tea.Msg { return again(viewOf(saved, id)) }
}

// lostView goes back to the plan when the scenario on screen is no longer
// there (deleted, promoted, or its making undone), and says so.
func (m *Model) lostView(snap *snapshot) string {
	if snap.shown == 0 || snap.scenario != nil {
		return ""
	}
	m.viewing = 0
	name := "on screen"
	if m.snap != nil && m.snap.scenario != nil {
		name = fmt.Sprintf("%q", m.snap.scenario.Name)
	}
	return fmt.Sprintf(" The scenario %s is no longer there, so the screens show the plan.", name)
}

// show switches every screen to a scenario (0: the plan). The view is
// worked out in a command: at 100,000 lines applying a scenario is work.
func (m *Model) show(id model.ID) tea.Cmd {
	m.viewing = id
	saved := m.snap.saved
	return func() tea.Msg {
		v := viewOf(saved, id)
		text := "Showing the plan."
		if v.scenario != nil {
			text = fmt.Sprintf("Showing scenario %q: changes to lines, posts and funding become its steps; "+
				"the plan is untouched. b goes back to the plan.", v.scenario.Name)
		}
		return planLoadedMsg{snap: v, status: text}
	}
}

// handleKey takes the global keys; done is false when the key belongs to
// the screen.
func (m *Model) handleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := m.c.keys
	if key.Matches(msg, k.ForceQuit) {
		return tea.Quit, true
	}
	// Suspending keeps everything as it is, a form half typed included;
	// the program redraws it on resume.
	if key.Matches(msg, k.Suspend) {
		return tea.Suspend, true
	}
	// A new key press replaces the last message, so it never goes stale.
	m.status, m.statusErr = "", false
	if m.files != nil && m.snap != nil {
		return nil, false
	}
	if m.snap == nil || m.showHelp {
		switch {
		case key.Matches(msg, k.Quit):
			return tea.Quit, true
		case key.Matches(msg, k.Help, k.Cancel):
			m.showHelp = false
		case m.snap != nil && key.Matches(msg, k.Down, k.PageDown, k.Up, k.PageUp, k.Top, k.Bottom):
			m.scrollHelp(msg)
		}
		return nil, true
	}
	cur := m.screens[m.active]
	if cur.Typing() || cur.Question() != "" {
		return nil, false
	}
	if o, ok := cur.(keyOwner); ok && o.OwnsKey(msg) {
		return nil, false
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit, true
	case key.Matches(msg, k.Help):
		m.showHelp, m.helpTop = true, 0
	case key.Matches(msg, k.NextTab):
		m.active = (m.active + 1) % len(m.screens)
	case key.Matches(msg, k.PrevTab):
		m.active = (m.active + len(m.screens) - 1) % len(m.screens)
	case key.Matches(msg, k.Jump):
		if n := int(msg.Code - '1'); n >= 0 && n < len(m.screens) {
			m.active = n
		}
	case m.active == monitorTab && !m.c.readOnly && key.Matches(msg, k.WriteReturn) && !m.screens[monitorTab].(*monitorScreen).inDetail():
		m.files = newReturnDialog(m.c, m.snap, m.screens[monitorTab].(*monitorScreen).asAt)
		m.files.SetSize(m.width, m.contentHeight())
		return m.files.open(), true
	case key.Matches(msg, k.Refresh):
		return refreshPlan(m.c.store, "Read the plan again, as last saved."), true
	case m.c.readOnly && key.Matches(msg, m.c.offKeys...) && !(m.active == scenariosTab && key.Matches(msg, k.View)):
		// The key is off here, and not in the help; a press of it is
		// still answered.
		return status(capitalise(store.ErrReadOnly.Error())+". r reads the plan again.", true), true
	case key.Matches(msg, k.Undo):
		if m.c.readOnly {
			return refuseReadOnly(), true
		}
		return undo(m.c.store), true
	case key.Matches(msg, k.Redo):
		if m.c.readOnly {
			return refuseReadOnly(), true
		}
		return redo(m.c.store), true
	case key.Matches(msg, k.ShowPlan) && m.viewing != 0:
		return m.show(0), true
	case key.Matches(msg, k.Export):
		path, part := m.exportPath(), m.shownPart()
		if part != nil {
			path = partExportPath(path, part.query)
		}
		m.files = newExportDialog(m.c, m.snap, path, m.comparedColumns(), part)
		m.files.SetSize(m.width, m.contentHeight())
		return m.files.open(), true
	case key.Matches(msg, k.Import):
		if m.c.readOnly {
			return refuseReadOnly(), true
		}
		if m.active == monitorTab {
			// On the Monitor screen a file of spend comes in: the ledger.
			m.files = newLedgerDialog(m.c)
			m.files.SetSize(m.width, m.contentHeight())
			return m.files.open(), true
		}
		m.files = newImportDialog(m.c, m.importPath())
		m.files.SetSize(m.width, m.contentHeight())
		return m.files.open(), true
	default:
		return nil, false
	}
	return nil, true
}

// keyOwner is a screen that, in some states, takes a key the root would
// otherwise answer (the Monitor screen's e in an item's detail).
type keyOwner interface{ OwnsKey(tea.KeyPressMsg) bool }

// scrollHelp moves the full help up or down a line or a page.
func (m *Model) scrollHelp(msg tea.KeyPressMsg) {
	k := m.c.keys
	h := m.contentHeight()
	last := max(strings.Count(m.fullHelp(), "\n")+1-h, 0)
	switch {
	case key.Matches(msg, k.Down):
		m.helpTop++
	case key.Matches(msg, k.Up):
		m.helpTop--
	case key.Matches(msg, k.PageDown):
		m.helpTop += h - 1
	case key.Matches(msg, k.PageUp):
		m.helpTop -= h - 1
	case key.Matches(msg, k.Top):
		m.helpTop = 0
	case key.Matches(msg, k.Bottom):
		m.helpTop = last
	}
	m.helpTop = clampInt(m.helpTop, 0, last)
}

// handleMouse selects a tab on a click in the tab row and passes other
// mouse events to the screen with y counted from the top of its area.
func (m *Model) handleMouse(msg tea.MouseMsg) tea.Cmd {
	if m.snap == nil || m.showHelp || m.files != nil {
		return nil
	}
	mouse := msg.Mouse()
	if click, ok := msg.(tea.MouseClickMsg); ok && mouse.Y == tabsRow && !m.screens[m.active].Typing() {
		if i := tabAt(m.screens, m.active, m.width, click.X); i >= 0 {
			m.active = i
		}
		return nil
	}
	mouse.Y -= m.bodyTop()
	if mouse.Y < 0 {
		return nil
	}
	var moved tea.Msg
	switch msg.(type) {
	case tea.MouseClickMsg:
		moved = tea.MouseClickMsg(mouse)
	case tea.MouseWheelMsg:
		moved = tea.MouseWheelMsg(mouse)
	default:
		return nil
	}
	return m.screens[m.active].Update(moved)
}

// setSnapshot hands a new snapshot to every screen and returns the work
// some of them must redo in a command (a comparison, say).
func (m *Model) setSnapshot(s *snapshot) tea.Cmd {
	m.snap = s
	m.loadErr = nil
	if m.spendLine() != m.barSpend {
		// The totals bar gained or lost its line of spend.
		m.layout()
	}
	var cmds []tea.Cmd
	for i, sc := range m.screens {
		sc.SetSnapshot(s)
		if _, ok := sc.(reloader); ok {
			// The screen on view redoes its work now; the others when
			// they are looked at (workOnView), so a change at 100,000
			// lines does not wait on figures nobody is looking at.
			m.reload |= 1 << i
		}
	}
	if cmd := m.reloadOnView(); cmd != nil {
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *Model) setStatus(text string, isErr bool) {
	m.status, m.statusErr = text, isErr
}

// The rows of the layout: header, tabs, three lines of totals (four once
// any spend is recorded), then the screen, then the status line and the
// short help.
const (
	tabsRow      = 1
	contentTop   = 5
	footerHeight = 2
)

// bodyTop is the first row of the screen's area: one lower once any spend
// is recorded, as the totals bar then has a line for it.
func (m *Model) bodyTop() int {
	if m.spendLine() {
		return contentTop + 1
	}
	return contentTop
}

// spendLine reports whether the totals bar has its line of spend.
func (m *Model) spendLine() bool {
	if m.snap == nil {
		return false
	}
	v := m.snap.saved.monitorShown()
	return v != nil && v.sum.HasActuals
}

func (m *Model) contentHeight() int { return max(m.height-m.bodyTop()-footerHeight, 3) }

func (m *Model) layout() {
	m.barSpend = m.spendLine()
	m.help.SetWidth(m.width)
	for _, s := range m.screens {
		s.SetSize(m.width, m.contentHeight())
	}
	if m.files != nil {
		m.files.SetSize(m.width, m.contentHeight())
	}
}

// View draws the whole screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "csplan"
	if m.snap != nil {
		v.WindowTitle = fmt.Sprintf("csplan: %s %s", m.snap.plan.Info.Partnership, m.snap.plan.Info.Year())
		if m.snap.scenario != nil {
			v.WindowTitle += fmt.Sprintf(" (scenario %q)", m.snap.scenario.Name)
		}
	}
	// The snapshot's text is display-safe already; the title, one line
	// inside an escape sequence of its own, takes no newline either.
	v.WindowTitle = strings.ReplaceAll(termsafe.Visible(v.WindowTitle), "\n", " ")
	return v
}

// render draws the screen as text; tests compare it with golden files.
func (m Model) render() string {
	st := m.c.styles
	if m.snap == nil {
		if m.loadErr != nil {
			return st.Error.Render(termsafe.Visible("The plan could not be read: "+m.loadErr.Error())) + "\n\n" +
				st.Muted.Render("Press q to quit.")
		}
		return st.Muted.Render("Reading the plan…")
	}
	cur := m.front()
	totals, preview := cur.Preview()
	if !preview {
		totals = m.snap.totals
	}
	parts := make([]string, 0, 8)
	parts = append(parts,
		renderHeader(st, m.snap.plan.Info, m.headerMarkers(), m.width),
		renderTabs(st, m.screens, m.active, m.width),
		renderTotals(st, totals, preview, m.width),
	)
	if m.spendLine() {
		sv := m.snap.saved
		parts = append(parts, renderSpend(st, sv.monitorShown().sum, sv.totals.EnvelopeAll, sv.plan.Info.StartYear, m.width))
	}
	var body string
	switch {
	case m.showHelp:
		body = m.helpPage()
	case m.files != nil:
		body = m.files.View()
	default:
		body = cur.View()
	}
	// A long message takes the lines it needs from the bottom of the
	// screen, until the next key: it is never cut.
	foot := m.footer(cur)
	bodyHeight := max(m.height-m.bodyTop()-strings.Count(foot, "\n")-1, 1)
	parts = append(parts, fitHeight(body, bodyHeight), foot)
	return strings.Join(parts, "\n")
}

// headerMarkers say on the header what makes the screens differ from the
// plan as saved and editable: a scenario on screen, a read-only session.
// Each is in words, so colour is never the only signal.
func (m Model) headerMarkers() []string {
	st := m.c.styles
	var out []string
	if sc := m.snap.scenario; sc != nil {
		name := truncate(sc.Name, max(m.width/2-12, 8))
		out = append(out, st.ScenarioBadge.Render("SCENARIO: "+name))
	}
	switch {
	case m.c.snapshotCopy:
		out = append(out, st.Marker.Render("READ-ONLY SNAPSHOT: nothing is saved"))
	case m.c.readOnly:
		out = append(out, st.Marker.Render("READ-ONLY: nothing is saved"))
	}
	return out
}

// footer is the status line and the short help. A message too long for
// one line is wrapped between words and takes the help's line and as
// many more as it needs, until the next key.
func (m Model) footer(cur screen) string {
	st := m.c.styles
	text, style := m.status, st.Status
	if q := cur.Question(); q != "" {
		text, style = q, st.Prompt
	} else if m.statusErr {
		style = st.Error
	}
	// A status can carry an error naming a file or a cell of an import,
	// text that did not come through the snapshot.
	text = termsafe.Visible(text)
	lines := wrap(text, m.width)
	if len(lines) > 1 {
		// The header and three lines of the screen stay in sight.
		if most := max(m.height-m.bodyTop()-3, 2); len(lines) > most {
			lines = lines[:most]
			lines[most-1] = truncate(lines[most-1]+" …", m.width)
		}
		for i, l := range lines {
			lines[i] = style.Render(l)
		}
		return strings.Join(lines, "\n")
	}
	return style.Render(text) + "\n" + m.shortHelp(cur)
}

func (m Model) shortHelp(cur screen) string {
	k := m.c.keys
	if m.showHelp {
		return truncate(m.help.ShortHelpView([]key.Binding{k.Down, k.Up, k.Help, k.Cancel, k.Quit}), m.width)
	}
	own := cur.ShortHelp()
	var tail []key.Binding
	if !cur.Typing() && cur.Question() == "" {
		if m.viewing != 0 && m.files == nil {
			tail = append(tail, k.ShowPlan)
		}
		// Enabled only in a read-only session.
		tail = append(tail, k.Refresh, k.Help, k.Quit)
	}
	// The screen's own keys give way, last first, to the keys that get
	// the officer out (back to the plan, help, quit).
	// The help is measured without a width, as bubbles would cut it.
	h := m.help
	h.SetWidth(0)
	line := h.ShortHelpView(append(own[:len(own):len(own)], tail...))
	for len(own) > 0 && ansi.StringWidth(line) > m.width {
		own = own[:len(own)-1]
		line = h.ShortHelpView(append(own[:len(own):len(own)], tail...))
	}
	// bubbles' help lets one item past the width when the line is exactly
	// full, so the line is cut here as well.
	return truncate(line, m.width)
}

// front is what has the keys below the header: the export or import
// dialog when one is open, else the screen on view.
func (m Model) front() screen {
	if m.files != nil {
		return m.files
	}
	return m.screens[m.active]
}

// helpColumns draws groups of keys side by side as bubbles' help does,
// but starts a new row of columns where the next would pass the width:
// bubbles would drop it, and the keys in it with it.
func (m Model) helpColumns(groups [][]key.Binding) string {
	h := m.help
	h.SetWidth(0)
	sep := lipgloss.Width(h.FullSeparator)
	var rows []string
	var row [][]key.Binding
	width := 0
	for _, g := range groups {
		w := lipgloss.Width(h.FullHelpView([][]key.Binding{g}))
		if w == 0 {
			continue // every key in it is off
		}
		if len(row) > 0 && width+sep+w > m.width {
			rows = append(rows, h.FullHelpView(row))
			row, width = nil, 0
		}
		if len(row) > 0 {
			width += sep
		}
		row = append(row, g)
		width += w
	}
	if len(row) > 0 {
		rows = append(rows, h.FullHelpView(row))
	}
	return strings.Join(rows, "\n\n")
}

// helpPage is the page of the full help on view: it scrolls when it is
// longer than the screen, and says so on its last line.
func (m Model) helpPage() string {
	lines := strings.Split(m.fullHelp(), "\n")
	h := m.contentHeight()
	if len(lines) <= h {
		return strings.Join(lines, "\n")
	}
	top := clampInt(m.helpTop, 0, len(lines)-h)
	page := lines[top : top+h]
	if top+h < len(lines) {
		page[h-1] = m.c.styles.Muted.Render(fmt.Sprintf("… %d more lines: ↓ or pgdn scrolls", len(lines)-top-h))
	}
	return strings.Join(page, "\n")
}

func (m Model) fullHelp() string {
	k := m.c.keys
	st := m.c.styles
	global := m.helpColumns([][]key.Binding{
		{k.Jump, k.NextTab, k.PrevTab, k.ShowPlan},
		{k.Undo, k.Redo, k.Export, k.Import, k.Refresh},
		{k.Help, k.Quit, k.ForceQuit, k.Suspend},
	})
	local := m.helpColumns(m.screens[m.active].FullHelp())
	saving := "Every change is saved the moment it is made; u undoes it, even after a restart. " +
		"Amounts can be typed as 12500, 12,500, £12,500 or 12.5k."
	if m.c.readOnly {
		saving = "This session is read-only: nothing can be changed here, and the keys that change the plan are off. " +
			"r reads the plan again, to see what has been saved since."
	}
	return st.Heading.Render("Keys on "+m.screens[m.active].Title()) + "\n" + local + "\n\n" +
		st.Heading.Render("Keys on every screen") + "\n" + global + "\n\n" +
		st.Muted.Render(wrapText(saving, m.width))
}
