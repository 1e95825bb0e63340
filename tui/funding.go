package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
	"csplan/store"
)

// fundingScreen lists the sources that make the envelope. One key moves a
// source through confirmed, pending and refused, and the totals bar
// follows as soon as the change is saved.
type fundingScreen struct {
	baseScreen
	editing
	tbl table
}

func newFundingScreen(c *common) *fundingScreen {
	return &fundingScreen{
		baseScreen: baseScreen{c: c},
		editing:    editing{cm: c},
		tbl: newTable([]column{
			{title: "Funding source", width: 20, flex: true},
			{title: "Amount", width: 10, right: true},
			{title: "Status", width: 10},
			{title: "Note", width: 12, flex: true},
		}),
	}
}

// Title implements screen.
func (s *fundingScreen) Title() string { return "Funding" }

// SetSize implements screen.
func (s *fundingScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	s.sizeTable()
	if s.ed != nil {
		s.ed.SetSize(w, h)
	}
}

func (s *fundingScreen) sizeTable() {
	rows := 0
	if s.snap != nil {
		rows = len(s.snap.plan.Funding)
	}
	// The name takes the width it needs and the note what is left (at
	// least noteMin): a name is what the officer reads the row by, and
	// the selected source's note is shown in full under the table.
	const fixed, noteMin = 10 + 10 + 3, 12
	longest := 20
	if s.snap != nil {
		for _, f := range s.snap.plan.Funding {
			longest = max(longest, ansi.StringWidth(f.Name))
		}
	}
	s.tbl.cols[0].width = max(min(longest, s.width-fixed-noteMin), 20)
	s.tbl.cols[0].flex = false
	s.tbl.SetSize(s.width, clampInt(rows+1, 2, max(s.height-8, 2)))
}

// SetSnapshot implements screen.
func (s *fundingScreen) SetSnapshot(snap *snapshot) {
	keep := s.selectedID()
	s.snap = snap
	s.tbl.SetRows(len(snap.plan.Funding))
	s.sizeTable()
	s.selectSource(keep)
}

func (s *fundingScreen) selected() (model.FundingSource, bool) {
	r := s.tbl.Cursor()
	if s.snap == nil || r < 0 || r >= len(s.snap.plan.Funding) {
		return model.FundingSource{}, false
	}
	return s.snap.plan.Funding[r], true
}

func (s *fundingScreen) selectedID() model.ID {
	f, _ := s.selected()
	return f.ID
}

func (s *fundingScreen) selectSource(id model.ID) {
	if _, i, ok := s.snap.plan.FundingSource(id); ok && id != 0 {
		s.tbl.SetCursor(i)
	}
}

// Update implements screen.
func (s *fundingScreen) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.editing.update(msg); ok {
		return cmd
	}
	k := s.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case s.tbl.HandleKey(msg, *k):
		case key.Matches(msg, k.CycleStatus):
			f, ok := s.selected()
			if !ok {
				return nil
			}
			if s.c.readOnly {
				return refuseReadOnly()
			}
			if sc, in := s.viewed(); in {
				// The status after the source's in the scenario as
				// stored: two quick presses record two changes.
				id, name := f.ID, f.Name
				return recordEdit(s.c.store, sc, func(x *model.Scenario, base *model.Plan) (string, error) {
					cur, _, ok := x.Plan(base).FundingSource(id)
					if !ok {
						return "", fmt.Errorf("funding source %q: %w", name, store.ErrNotFound)
					}
					status := cur.Status.Next()
					x.SetStep(model.Step{Kind: model.StepFunding, Target: id, Status: &status})
					return fmt.Sprintf("%s %s", name, status), nil
				}, f.ID)
			}
			// The next status of the source as stored, not as on screen:
			// two quick presses make two changes.
			id := f.ID
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				saved, err := st.CycleFundingStatus(id)
				return saved.ID, err
			})
		case key.Matches(msg, k.Edit):
			if f, ok := s.selected(); ok {
				return s.startEditor(s.fundingEditor(f), s.snap.totals, s.width, s.height)
			}
		case key.Matches(msg, k.Add, k.Delete) && s.snap.scenario != nil:
			return refuseInScenario("a scenario cannot add or delete a funding source; " +
				"it can set one to £0 or refused (enter)")
		case key.Matches(msg, k.Add):
			return s.startEditor(s.fundingEditor(model.FundingSource{Status: model.Pending}), s.snap.totals, s.width, s.height)
		case key.Matches(msg, k.Delete):
			if f, ok := s.selected(); ok {
				return s.askDelete(fmt.Sprintf("Delete funding source %q (%s, %s)?", f.Name, f.Amount.Whole(), f.Status),
					func() tea.Cmd {
						return remove(s.c.store, func(st store.Store) error { return st.DeleteFunding(f.ID) })
					})
			}
		}
	case tea.MouseMsg:
		s.tbl.HandleMouse(msg, msg.Mouse().Y)
	case changeSavedMsg:
		s.selectSource(msg.id)
	}
	return nil
}

func (s *fundingScreen) fundingEditor(f model.FundingSource) *editor {
	d := newFundingDraft(f)
	plan := s.snap.plan
	title := "Add a funding source"
	if f.ID != 0 {
		title = "Edit funding source: " + f.Name
	}
	statuses := make([]huh.Option[model.FundingStatus], 0, len(model.FundingStatuses))
	for _, st := range model.FundingStatuses {
		statuses = append(statuses, huh.NewOption(st.String(), st))
	}
	ed := &editor{
		c:     s.c,
		draft: d,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Name")).Value(&d.Name).Validate(required).Inline(true),
				huh.NewInput().Title(label("Amount")).Value(&d.Amount).Validate(validMoney).Inline(true).
					Placeholder("e.g. 369,000 or 369k"),
				huh.NewSelect[model.FundingStatus]().Title(label("Status")).Options(statuses...).
					Value(&d.Status).Inline(true),
				huh.NewInput().Title(label("Note")).Value(&d.Note).Inline(true),
			))
		},
		save: func() (tea.Cmd, error) {
			src, err := d.source()
			if err != nil {
				return nil, err
			}
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				saved, err := st.SaveFunding(src)
				return saved.ID, err
			}), nil
		},
		preview: func() (string, func() model.Totals, bool) {
			src, err := d.source()
			if err != nil {
				return "", nil, false
			}
			key := fmt.Sprint(src.Amount, src.Status)
			return key, func() model.Totals {
				p := *plan
				p.Funding = replaceOrAppend(plan.Funding, src, func(x model.FundingSource) bool { return x.ID == src.ID && src.ID != 0 })
				return model.ComputeTotals(&p)
			}, true
		},
	}
	if sc, in := s.viewed(); in {
		s.inScenario(ed, d, sc, f)
	}
	return ed
}

// inScenario turns the funding form into one for the scenario on screen:
// the amount and status only, each recorded as a step. The name and note
// are the plan's.
func (s *fundingScreen) inScenario(ed *editor, d *fundingDraft, sc model.Scenario, f model.FundingSource) {
	base := s.snap.saved.plan
	statuses := make([]huh.Option[model.FundingStatus], 0, len(model.FundingStatuses))
	for _, st := range model.FundingStatuses {
		statuses = append(statuses, huh.NewOption(st.String(), st))
	}
	with := func() (model.Scenario, []string, error) {
		amount, err := model.ParseMoney(d.Amount)
		if err != nil {
			return sc, nil, fmt.Errorf("amount: %w", err)
		}
		next := sc
		var said []string
		if !amount.Equal(f.Amount) {
			next = withStep(next, model.Step{Kind: model.StepFunding, Target: f.ID, Amount: &amount})
			said = append(said, "set to "+amount.Whole())
		}
		if status := d.Status; status != f.Status {
			next = withStep(next, model.Step{Kind: model.StepFunding, Target: f.ID, Status: &status})
			said = append(said, status.String())
		}
		return next, said, nil
	}
	ed.title = fmt.Sprintf("In scenario %q: %s", sc.Name, f.Name)
	ed.build = func() *huh.Form {
		return huh.NewForm(huh.NewGroup(
			huh.NewInput().Title(label("Amount")).Value(&d.Amount).Validate(validMoney).Inline(true).
				Placeholder("e.g. 300,000 or 300k"),
			huh.NewSelect[model.FundingStatus]().Title(label("Status")).Options(statuses...).
				Value(&d.Status).Inline(true),
		))
	}
	ed.save = func() (tea.Cmd, error) {
		next, said, err := with()
		if err != nil {
			return nil, err
		}
		if len(said) == 0 {
			return nil, fmt.Errorf("nothing changed: type a new amount or choose a status, or esc")
		}
		return recordStep(s.c.store, next, f.Name+" "+strings.Join(said, ", "), f.ID), nil
	}
	ed.preview = func() (string, func() model.Totals, bool) {
		next, _, err := with()
		if err != nil {
			return "", nil, false
		}
		return stepsKey(next), scenarioTotals(base, next), true
	}
	ed.note = func() string {
		return "A scenario holds a source's amount and status; to rename it, edit the plan (b)."
	}
}

// View implements screen.
func (s *fundingScreen) View() string {
	if s.ed != nil {
		return s.ed.View()
	}
	st := s.c.styles
	t := s.snap.totals
	out := s.tbl.View(st, s.cell)
	if f, ok := s.selected(); ok && f.Note != "" {
		note := wrap("Note: "+f.Note, s.width)
		if len(note) > 3 {
			note = note[:3]
		}
		out += "\n" + st.Muted.Render(strings.Join(note, "\n"))
	}
	out += "\n\n" + truncate(st.Label.Render("Confirmed ")+st.Confirmed.Render(t.Confirmed.Whole())+
		st.Label.Render("  ·  pending ")+st.Pending.Render(t.Pending.Whole())+
		st.Label.Render("  ·  refused ")+st.Refused.Render(t.Refused.Whole()), s.width)
	out += "\n" + st.Muted.Render(wrapText("Only confirmed money is safe to spend; pending money counts if it is "+
		"approved; refused money counts for nothing. space changes the status: confirmed → pending → refused.", s.width))
	return out
}

func (s *fundingScreen) cell(r, col int) string {
	f := &s.snap.plan.Funding[r]
	switch col {
	case 0:
		return f.Name
	case 1:
		return f.Amount.Whole()
	case 2:
		return f.Status.String()
	case 3:
		return f.Note
	}
	return ""
}

// ShortHelp implements help.KeyMap.
func (s *fundingScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	switch {
	case s.ed != nil:
		return s.ed.ShortHelp()
	case s.ask != nil:
		return k.confirmHelp()
	}
	return []key.Binding{k.CycleStatus, k.Edit, k.Add, k.Delete, k.Undo}
}

// FullHelp implements help.KeyMap.
func (s *fundingScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down}, {k.CycleStatus, k.Edit, k.Add, k.Delete}}
}
