package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
)

// scenariosScreen lists the what-if scenarios under the plan they change,
// each with its headroom both ways, and the steps of the selected one with
// what each did to the money. From here a scenario is made, copied,
// renamed, deleted, shown on every screen, compared with the plan and
// others, and made the plan.
type scenariosScreen struct {
	baseScreen
	editing
	// list has the plan on its first row, then the scenarios.
	list  table
	steps table
	// onSteps is true when the steps list has the keys.
	onSteps bool
	// cmp is the comparison on view, or nil.
	cmp *comparison
	// fitting is set while the scenario made by f on the plan's row is
	// being saved: once saved, it is compared with the plan and the
	// officer is asked to promote it.
	fitting bool
}

func newScenariosScreen(c *common) *scenariosScreen {
	s := &scenariosScreen{
		baseScreen: baseScreen{c: c},
		editing:    editing{cm: c},
		list: newTable([]column{
			{title: "Scenario", width: 20, flex: true},
			{title: "Steps", width: 5, right: true},
			{title: "Envelope", width: 10, right: true},
			{title: "Allocated", width: 10, right: true},
			{title: "Headroom", width: 10, right: true},
			{title: "On confirmed", width: 12, right: true},
		}),
		steps: newTable([]column{
			{title: "#", width: 2, right: true},
			{title: "Step", width: 30, flex: true},
			{title: "Envelope", width: 10, right: true},
			{title: "Allocated", width: 10, right: true},
		}),
	}
	s.steps.blurred = true
	return s
}

// Title implements screen.
func (s *scenariosScreen) Title() string { return "Scenarios" }

// The rows under the steps list: the selected step in full, and its
// warning.
const stepDetailLines = 2

// SetSize implements screen: the list as tall as it needs (up to half the
// room), a title line, the steps, and the selected step in full.
func (s *scenariosScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	s.sizeTables()
	if s.ed != nil {
		s.ed.SetSize(w, h)
	}
	if s.cmp != nil {
		s.cmp.SetSize(w, h)
	}
}

func (s *scenariosScreen) sizeTables() {
	rows := 1
	if s.snap != nil {
		rows += len(s.snap.saved.scenarios)
	}
	listH := clampInt(rows+1, 2, max(s.height/2, 2))
	s.list.SetSize(s.width, listH)
	s.steps.SetSize(s.width, max(s.height-listH-2-stepDetailLines, 2))
}

// SetSnapshot implements screen, keeping the selected scenario and step.
func (s *scenariosScreen) SetSnapshot(snap *snapshot) {
	keep := s.selectedID()
	first := s.snap == nil
	s.snap = snap
	s.list.SetRows(1 + len(snap.saved.scenarios))
	s.sizeTables()
	switch {
	case first && snap.shown != 0:
		s.selectScenario(snap.shown)
	case keep != 0:
		// A scenario that has gone (promoted, deleted) leaves the cursor
		// on the plan, not on whichever scenario moved up into its row.
		s.list.SetCursor(0)
		s.selectScenario(keep)
	}
	s.syncSteps()
}

// Reloaded implements reloader: a comparison on view is worked out again
// on the plan as now saved.
func (s *scenariosScreen) Reloaded() tea.Cmd {
	if s.cmp == nil {
		return nil
	}
	s.cmp.reworking = true
	return s.compare(s.cmp.ids)
}

// syncSteps points the steps list at the selected scenario.
func (s *scenariosScreen) syncSteps() {
	n := 0
	if st, ok := s.selected(); ok {
		n = len(st.sc.Steps)
	}
	s.steps.SetRows(n)
	if n == 0 {
		s.focusSteps(false)
	}
}

func (s *scenariosScreen) focusSteps(on bool) {
	s.onSteps = on
	s.list.blurred, s.steps.blurred = on, !on
}

// selected returns the selected scenario; ok is false on the plan's row.
func (s *scenariosScreen) selected() (*scenarioState, bool) {
	r := s.list.Cursor()
	if s.snap == nil || r < 1 || r > len(s.snap.saved.scenarios) {
		return nil, false
	}
	return &s.snap.saved.scenarios[r-1], true
}

func (s *scenariosScreen) selectedID() model.ID {
	if st, ok := s.selected(); ok {
		return st.sc.ID
	}
	return 0
}

func (s *scenariosScreen) selectScenario(id model.ID) {
	for i, st := range s.snap.saved.scenarios {
		if st.sc.ID == id {
			s.list.SetCursor(i + 1)
			return
		}
	}
}

// Update implements screen.
func (s *scenariosScreen) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.editing.update(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case comparisonMsg:
		old := s.cmp
		if old != nil && msg.revision < old.revision {
			// Worked out from an older plan than the one on screen.
			return nil
		}
		s.cmp = newComparison(s.c, msg)
		if old != nil {
			// Worked out again after a change: keep the officer's place.
			s.cmp.hideSame, s.cmp.scroll = old.hideSame, old.scroll
			s.cmp.layoutLines()
		}
		s.cmp.SetSize(s.width, s.height)
		return nil
	case changeSavedMsg:
		if msg.id != 0 {
			s.selectScenario(msg.id)
			s.syncSteps()
		}
		if s.fitting && msg.id != 0 {
			s.fitting = false
			return s.offerFittedPlan(msg.id)
		}
		return nil
	case changeFailedMsg:
		s.fitting = false
	}
	if s.cmp != nil {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, s.c.keys.Compare) {
			return s.startEditor(s.compareEditor(), s.snap.totals, s.width, s.height)
		}
		if !s.cmp.Update(msg) {
			s.cmp = nil
		}
		return nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.onSteps {
			if cmd, done := s.stepKey(msg); done {
				return cmd
			}
		}
		return s.listKey(msg)
	case tea.MouseMsg:
		// The list (header and rows), a blank line, the steps' title,
		// then the steps' header.
		y := msg.Mouse().Y
		stepsTop := s.list.height + 3
		if y < stepsTop {
			s.list.HandleMouse(msg, y)
			s.syncSteps()
			if _, click := msg.(tea.MouseClickMsg); click {
				s.focusSteps(false)
			}
		} else {
			s.steps.HandleMouse(msg, y-stepsTop)
			if _, click := msg.(tea.MouseClickMsg); click && s.steps.rows > 0 {
				s.focusSteps(true)
			}
		}
	}
	return nil
}

// listKey handles a key for the list of scenarios (and the keys that work
// the same from the steps list).
func (s *scenariosScreen) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	st, isScenario := s.selected()
	switch {
	case key.Matches(msg, k.Right) && !s.onSteps:
		if isScenario && len(st.sc.Steps) > 0 {
			s.focusSteps(true)
		}
	case key.Matches(msg, k.Left):
		s.focusSteps(false)
	case !s.onSteps && s.list.HandleKey(msg, *k):
		s.syncSteps()
	case key.Matches(msg, k.View):
		// The command is handed the scenario selected now: it must not
		// look at the screen, where the cursor may have moved.
		id := s.selectedID()
		return func() tea.Msg { return showScenarioMsg{id: id} }
	case key.Matches(msg, k.Cancel) && s.snap.shown != 0:
		return func() tea.Msg { return showScenarioMsg{} }
	case key.Matches(msg, k.Compare) && len(s.snap.saved.scenarios) == 0:
		return status("No scenarios to compare yet: n makes one.", true)
	case key.Matches(msg, k.Compare):
		return s.startEditor(s.compareEditor(), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.NewScenario):
		return s.startEditor(s.nameEditor(model.Scenario{}, "New scenario"), s.snap.totals, s.width, s.height)
	case !isScenario && key.Matches(msg, k.CopyScenario):
		return s.startEditor(s.nameEditor(model.Scenario{}, "New scenario"), s.snap.totals, s.width, s.height)
	case !isScenario && key.Matches(msg, k.MakeFit):
		return s.startEditor(s.fitPlanEditor(), s.snap.totals, s.width, s.height)
	case !isScenario && key.Matches(msg, k.RenameScenario, k.Delete, k.Promote, k.AddStep):
		return status("Choose a scenario first: the first row is the plan itself.", true)
	case key.Matches(msg, k.CopyScenario):
		cp := model.Scenario{Name: "Copy of " + st.sc.Name, Notes: st.sc.Notes, Steps: st.sc.Steps}
		return s.startEditor(s.nameEditor(cp, fmt.Sprintf("Copy %q", st.sc.Name)), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.RenameScenario):
		return s.startEditor(s.nameEditor(st.sc, fmt.Sprintf("Rename %q", st.sc.Name)), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.Delete):
		return s.askDelete(s.deleteQuestion(st), s.deleteScenario(st))
	case key.Matches(msg, k.Promote):
		return s.askThen(s.promoteQuestion(st), "Not promoted: the plan is unchanged.", s.promote(st))
	case key.Matches(msg, k.AddStep):
		return s.work(st, s.stepEditor(st, newStepDraft(model.Step{}, leverFundingPercent), -1))
	case key.Matches(msg, k.MakeFit):
		return s.makeFit(st)
	}
	return nil
}

// stepKey handles a key for the steps list; done is false for keys the
// list of scenarios handles.
func (s *scenariosScreen) stepKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := s.c.keys
	st, ok := s.selected()
	i := s.steps.Cursor()
	if !ok || i < 0 {
		return nil, false
	}
	switch {
	case s.steps.HandleKey(msg, *k):
	case key.Matches(msg, k.EditStep):
		return s.editStep(st, i), true
	case key.Matches(msg, k.RemoveStep):
		return s.removeStep(st, i), true
	case key.Matches(msg, k.MoveUp):
		return s.moveStep(st, i, -1), true
	case key.Matches(msg, k.MoveDown):
		return s.moveStep(st, i, 1), true
	default:
		return nil, false
	}
	return nil, true
}

// work opens a form that changes a scenario's steps. What is on screen
// stays as it is (the officer chooses that with enter); the totals bar
// previews the scenario with the step, measured against what is shown.
func (s *scenariosScreen) work(st *scenarioState, ed *editor) tea.Cmd {
	if s.c.readOnly {
		return refuseReadOnly()
	}
	return s.startEditor(ed, s.snap.totals, s.width, s.height)
}

// makeFit opens the make-it-fit form, on the scenario's make-it-fit step
// if it has one: saving it replaces that step.
func (s *scenariosScreen) makeFit(st *scenarioState) tea.Cmd {
	for _, step := range st.sc.Steps {
		if step.Kind == model.StepMakeFit {
			return s.work(st, s.stepEditor(st, newStepDraft(step, leverMakeFit), -1))
		}
	}
	return s.work(st, s.stepEditor(st, newStepDraft(model.Step{}, leverMakeFit), -1))
}

// fitPlanEditor is the form behind f on the plan's row: which money to
// fit and which lines to protect. Saving it makes a scenario of the plan
// made to fit, which is then compared with the plan and offered for
// promotion on one y.
func (s *scenariosScreen) fitPlanEditor() *editor {
	base := s.snap.saved.plan
	d := newStepDraft(model.Step{}, leverMakeFit)
	sc := model.Scenario{Name: s.freeName("Plan made to fit")}
	draft := func() (model.Scenario, model.FitOutcome, model.Step, error) {
		step, err := d.step()
		if err != nil {
			return sc, model.FitOutcome{}, step, err
		}
		next, out := sc.WithFit(base, step)
		return next, out, step, nil
	}
	return &editor{
		c:     s.c,
		title: "Make the plan fit",
		build: func() *huh.Form {
			return huh.NewForm(fitGroup(d, lineItems(base, nil), max(s.height-6, 4)))
		},
		save: func() (tea.Cmd, error) {
			next, out, step, err := draft()
			if err != nil {
				return nil, err
			}
			switch {
			case out.Already:
				return tea.Batch(status(capitalise(out.Said("", step.Fit))+".", false),
					func() tea.Msg { return fitNothingMsg{} }), nil
			case !out.Fits():
				return nil, fmt.Errorf("%s: protect fewer lines", capitalise(out.Said("", step.Fit)))
			}
			next.Notes = "Made by f on the plan's row: the plan cut to fit."
			s.fitting = true
			return saveScenario(s.c.store, next, func(snap *snapshot) string {
				return stepSaid(snap, snapScenarioID(snap, next.Name), 0, "Made scenario")
			}), nil
		},
		preview: func() (string, func() model.Totals, bool) {
			next, out, step, err := draft()
			if err != nil || out.Already {
				return "", nil, false
			}
			return stepKey(step), func() model.Totals { return model.ComputeTotals(next.Plan(base)) }, true
		},
		note: func() string {
			return "Makes a scenario of the plan cut to fit, compares it with the plan, and asks before making it the plan."
		},
	}
}

// freeName is name, or name with a number, so that no scenario has it.
func (s *scenariosScreen) freeName(name string) string {
	taken := func(n string) bool {
		for _, st := range s.snap.saved.scenarios {
			if strings.EqualFold(strings.TrimSpace(st.sc.Name), n) {
				return true
			}
		}
		return false
	}
	try := name
	for i := 2; taken(try); i++ {
		try = fmt.Sprintf("%s %d", name, i)
	}
	return try
}

// offerFittedPlan compares the scenario f on the plan's row made with the
// plan, and asks whether to make it the plan.
func (s *scenariosScreen) offerFittedPlan(id model.ID) tea.Cmd {
	st, ok := s.snap.saved.scenarioByID(id)
	if !ok {
		return nil
	}
	promote := s.promote(st)
	s.ask = &question{
		text: s.promoteQuestion(st),
		yes: func() tea.Cmd {
			s.cmp = nil
			return promote()
		},
		no:   fmt.Sprintf("Not promoted: the plan is unchanged; the fitted plan stays as scenario %q.", st.sc.Name),
		keys: []key.Binding{s.c.keys.Confirm, s.c.keys.Decline},
	}
	return s.compare([]model.ID{id})
}

func (s *scenariosScreen) editStep(st *scenarioState, i int) tea.Cmd {
	step := st.sc.Steps[i]
	lv, ok := leverOf(step)
	if !ok {
		return status("This step adds a line: show the scenario (enter) and edit the line on the Lines screen.", false)
	}
	return s.work(st, s.stepEditor(st, newStepDraft(step, lv), i))
}

func (s *scenariosScreen) removeStep(st *scenarioState, i int) tea.Cmd {
	if s.c.readOnly {
		return refuseReadOnly()
	}
	next := st.sc
	next.Steps = append(append([]model.Step(nil), st.sc.Steps[:i]...), st.sc.Steps[i+1:]...)
	text := st.work().results[i].Text
	return saveScenario(s.c.store, next, func(snap *snapshot) string {
		return fmt.Sprintf("Removed from %q: %s. %s u puts it back.", next.Name, text, headroomSaid(snap, next.ID))
	})
}

func (s *scenariosScreen) moveStep(st *scenarioState, i, by int) tea.Cmd {
	j := i + by
	if j < 0 || j >= len(st.sc.Steps) {
		return nil
	}
	if s.c.readOnly {
		return refuseReadOnly()
	}
	next := st.sc
	next.Steps = append([]model.Step(nil), st.sc.Steps...)
	next.Steps[i], next.Steps[j] = next.Steps[j], next.Steps[i]
	s.steps.SetCursor(j)
	return saveScenario(s.c.store, next, func(snap *snapshot) string {
		return fmt.Sprintf("Moved step %d of %q to place %d. %s", i+1, next.Name, j+1, headroomSaid(snap, next.ID))
	})
}

func (s *scenariosScreen) deleteQuestion(st *scenarioState) string {
	return fmt.Sprintf("Delete scenario %q (%s)? The plan is not changed.", st.sc.Name, plural(len(st.sc.Steps), "step", "steps"))
}

func (s *scenariosScreen) deleteScenario(st *scenarioState) func() tea.Cmd {
	id, name, shown := st.sc.ID, st.sc.Name, s.snap.shown == st.sc.ID
	return func() tea.Cmd {
		db := s.c.store // copied here: the command reads nothing of the screen
		return func() tea.Msg {
			msg := changeOr(db, "Not deleted", func(*snapshot) string {
				return fmt.Sprintf("Deleted scenario %q; the plan is unchanged. u brings it back.", name)
			}, func(st store.Store) (model.ID, error) { return 0, st.DeleteScenario(id) })()
			if saved, ok := msg.(changeSavedMsg); ok {
				saved.showPlan = shown
				return saved
			}
			return msg
		}
	}
}

// promoteQuestion states what making the scenario the plan does to the
// totals, before and after.
func (s *scenariosScreen) promoteQuestion(st *scenarioState) string {
	b, a := s.snap.saved.totals, st.work().totals
	return fmt.Sprintf("Make %q the plan? Allocated %s → %s, headroom %s → %s, on confirmed money %s → %s. u undoes it.",
		st.sc.Name, b.Allocated.Whole(), a.Allocated.Whole(), b.HeadroomAll.Whole(), a.HeadroomAll.Whole(),
		b.HeadroomConfirmed.Whole(), a.HeadroomConfirmed.Whole())
}

func (s *scenariosScreen) promote(st *scenarioState) func() tea.Cmd {
	id, name, shown := st.sc.ID, st.sc.Name, s.snap.shown == st.sc.ID
	return func() tea.Cmd {
		db := s.c.store // copied here: the command reads nothing of the screen
		return func() tea.Msg {
			msg := changeOr(db, "Not promoted", func(*snapshot) string {
				return fmt.Sprintf("Scenario %q is now the plan (its steps are applied and it has left the list). u undoes it.", name)
			}, func(st store.Store) (model.ID, error) { return 0, st.PromoteScenario(id) })()
			if saved, ok := msg.(changeSavedMsg); ok {
				saved.showPlan = shown
				return saved
			}
			return msg
		}
	}
}

// scenarioDraft is a scenario's name and notes as typed.
type scenarioDraft struct {
	Name  string
	Notes string
}

// nameEditor is the form for a new scenario (ID 0, possibly with copied
// steps) or a scenario's name and notes.
func (s *scenariosScreen) nameEditor(sc model.Scenario, title string) *editor {
	d := &scenarioDraft{Name: sc.Name, Notes: sc.Notes}
	return &editor{
		c:     s.c,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Name")).Value(&d.Name).Validate(required).Inline(true).
					Placeholder("e.g. Children's Services stop the IDVA share"),
				huh.NewInput().Title(label("Notes")).Value(&d.Notes).Inline(true).
					Placeholder("what the scenario asks, for whoever reads it next"),
			))
		},
		save: func() (tea.Cmd, error) {
			if err := required(d.Name); err != nil {
				return nil, fmt.Errorf("name: %w", err)
			}
			next := sc
			next.Name, next.Notes = strings.TrimSpace(d.Name), strings.TrimSpace(d.Notes)
			next.Steps = append([]model.Step(nil), sc.Steps...)
			return saveScenario(s.c.store, next, func(*snapshot) string {
				switch {
				case sc.ID != 0:
					return fmt.Sprintf("Saved scenario %q.", next.Name)
				case len(next.Steps) > 0:
					return fmt.Sprintf("Made scenario %q with %s. enter shows it on every screen.", next.Name,
						plural(len(next.Steps), "step", "steps"))
				}
				return fmt.Sprintf("Made scenario %q. + adds a step; or show it (enter) and change lines, posts and funding.", next.Name)
			}), nil
		},
	}
}

// saveScenario saves a scenario in a command and reads the plan back; say
// writes the status line from what was read back.
func saveScenario(s store.Store, sc model.Scenario, say func(*snapshot) string) tea.Cmd {
	return changeOr(s, "Not saved", say, func(st store.Store) (model.ID, error) {
		saved, err := st.SaveScenario(sc)
		return saved.ID, err
	})
}

// stepSaid says what step i of a scenario just saved did, with its effect
// on the money, any warning, and the scenario's headroom now.
func stepSaid(snap *snapshot, id model.ID, i int, verb string) string {
	st, ok := snap.scenarioByID(id)
	if !ok || i >= len(st.work().results) {
		return "Saved."
	}
	r := st.work().results[i]
	text := fmt.Sprintf("%s %q: %s%s. %s", verb, st.sc.Name, r.Text, effectSaid(r), headroomSaid(snap, id))
	if r.Warning != "" {
		text += " ! " + capitalise(r.Warning) + "."
	}
	return text
}

// effectSaid is a step's effect on the money, e.g. " (allocated -£38,000)".
func effectSaid(r model.StepResult) string {
	var parts []string
	if !r.Envelope.IsZero() {
		parts = append(parts, "envelope "+signedWhole(r.Envelope))
	}
	if !r.Allocated.IsZero() {
		parts = append(parts, "allocated "+signedWhole(r.Allocated))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// headroomSaid is a scenario's headroom both ways, as a sentence that
// says whose it is: the totals bar shows the plan's, which differs.
func headroomSaid(snap *snapshot, id model.ID) string {
	st, ok := snap.scenarioByID(id)
	if !ok {
		return ""
	}
	return fmt.Sprintf("Headroom in the scenario now %s, %s on confirmed money (the plan's: %s).",
		st.work().totals.HeadroomAll.Whole(), st.work().totals.HeadroomConfirmed.Whole(), snap.saved.totals.HeadroomAll.Whole())
}

// signedWhole writes a change in whole pounds with its sign: +£5,000.
func signedWhole(m model.Money) string {
	if m.Sign() > 0 {
		return "+" + m.Whole()
	}
	return m.Whole()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// View implements screen.
func (s *scenariosScreen) View() string {
	if s.ed != nil {
		return s.ed.View()
	}
	if s.cmp != nil {
		return s.cmp.View()
	}
	st := s.c.styles
	out := s.list.View(st, s.listCell) + "\n\n"
	sel, ok := s.selected()
	if !ok {
		text := "The plan as saved. A scenario changes it step by step without touching it: n makes one, " +
			"enter on a scenario shows it on every screen, m compares them side by side."
		if len(s.snap.saved.scenarios) == 0 {
			text = "No scenarios yet. " + text
		}
		return out + st.Muted.Render(wrapText(text, s.width))
	}
	title := fmt.Sprintf("Steps of %q", sel.sc.Name)
	if sel.sc.ID == s.snap.shown {
		title += " (on screen)"
	}
	// The heading and the scenario's notes, and the step in full under
	// the table, wrap rather than lose words; the table gives up the
	// lines they need beyond the ones kept for them.
	head := wrap(title, s.width)
	if sel.sc.Notes != "" {
		head = wrap(title+" · "+sel.sc.Notes, s.width)
	}
	heads := make([]string, len(head))
	for i, l := range head {
		if i == 0 && strings.HasPrefix(l, title) {
			heads[i] = st.Heading.Render(title) + st.Muted.Render(strings.TrimPrefix(l, title))
		} else {
			heads[i] = st.Muted.Render(l)
		}
	}
	out += strings.Join(heads, "\n") + "\n"
	if len(sel.sc.Steps) == 0 {
		return out + st.Muted.Render(wrapText("No steps yet: + adds one (a cut, a funding change, a post ending early…) "+
			"and f makes it fit. Or show it with enter: changes to lines, posts and funding then become its steps.", s.width))
	}
	detail := s.stepDetail(sel)
	tbl := s.steps
	if extra := len(head) - 1 + strings.Count(detail, "\n") + 1 - stepDetailLines; extra > 0 {
		tbl.height = max(tbl.height-extra, 1)
		tbl.clamp()
	}
	out += tbl.View(st, s.stepCell) + "\n"
	return out + detail
}

// stepDetail is the selected step in full, with its warning if any,
// wrapped to the screen's width.
func (s *scenariosScreen) stepDetail(sel *scenarioState) string {
	st := s.c.styles
	i := s.steps.Cursor()
	if !sel.ready() {
		return st.Muted.Render("Working out the scenario against the plan as saved…")
	}
	if !s.onSteps || i < 0 || i >= len(sel.work().results) {
		return st.Muted.Render(wrapText("→ chooses a step to change, move or remove.", s.width))
	}
	r := sel.work().results[i]
	lines := []string{st.Muted.Render(wrapText(fmt.Sprintf("%d. %s%s", i+1, r.Text, effectSaid(r)), s.width))}
	if r.Warning != "" {
		lines = append(lines, st.Error.Render(wrapText("! "+capitalise(r.Warning), s.width)))
	}
	return strings.Join(lines, "\n")
}

func (s *scenariosScreen) listCell(r, col int) string {
	var name string
	var steps string
	var t model.Totals
	if r == 0 {
		name, t = "The plan (as saved)", s.snap.saved.totals
	} else {
		st := &s.snap.saved.scenarios[r-1]
		name, steps = "  "+st.sc.Name, fmt.Sprint(len(st.sc.Steps))
		if st.sc.ID == s.snap.shown {
			// The header says which in words; the list points to it.
			name = "▶ " + st.sc.Name
		}
		if col >= 2 && !st.ready() {
			// Worked out in a command since the last change; the screen
			// draws again when it is.
			return "…"
		}
		if col >= 2 {
			t = st.work().totals
		}
	}
	switch col {
	case 0:
		return name
	case 1:
		return steps
	case 2:
		return t.EnvelopeAll.Whole()
	case 3:
		return t.Allocated.Whole()
	case 4:
		return t.HeadroomAll.Whole()
	case 5:
		return t.HeadroomConfirmed.Whole()
	}
	return ""
}

func (s *scenariosScreen) stepCell(r, col int) string {
	sel, ok := s.selected()
	if ok && !sel.ready() {
		if r == 0 && col == 1 {
			return "working out…"
		}
		return ""
	}
	if !ok || r >= len(sel.work().results) {
		return ""
	}
	res := sel.work().results[r]
	switch col {
	case 0:
		return fmt.Sprint(r + 1)
	case 1:
		if res.Warning != "" {
			return "! " + res.Text
		}
		return res.Text
	case 2:
		if res.Envelope.IsZero() {
			return ""
		}
		return signedWhole(res.Envelope)
	case 3:
		if res.Allocated.IsZero() {
			return ""
		}
		return signedWhole(res.Allocated)
	}
	return ""
}

// ShortHelp implements help.KeyMap.
func (s *scenariosScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	switch {
	case s.ed != nil:
		return s.ed.ShortHelp()
	case s.ask != nil:
		return s.askHelp()
	case s.cmp != nil:
		return s.cmp.ShortHelp()
	case s.onSteps:
		return []key.Binding{k.EditStep, k.RemoveStep, k.MoveUp, k.AddStep, k.MakeFit, k.Left}
	}
	return []key.Binding{k.View, k.AddStep, k.MakeFit, k.Compare, k.NewScenario, k.Promote, k.Right}
}

// FullHelp implements help.KeyMap.
func (s *scenariosScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	if s.cmp != nil {
		return s.cmp.FullHelp()
	}
	return [][]key.Binding{
		{k.Up, k.Down, k.Right, k.View, k.ShowPlan},
		{k.NewScenario, k.CopyScenario, k.RenameScenario, k.Delete, k.Promote},
		{k.AddStep, k.MakeFit, k.EditStep, k.RemoveStep, k.MoveUp},
		{k.Compare, k.HideSame},
	}
}
