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

// settingsScreen shows the plan's heading (partnership, accountable body,
// year, notes) and the assumptions every post is costed with. enter edits
// the heading or the costing settings, whichever the selected row is in;
// each save is one change that u undoes. While a rate is typed, the totals
// bar shows the plan as it would be.
type settingsScreen struct {
	baseScreen
	editing
	tbl table
}

// The rows of the Settings screen: the heading first, then the costing.
const (
	rowPartnership = iota
	rowBody
	rowYear
	rowNotes
	headingRows
)

func newSettingsScreen(c *common) *settingsScreen {
	return &settingsScreen{
		baseScreen: baseScreen{c: c},
		editing:    editing{cm: c},
		tbl: newTable([]column{
			{title: "Setting", width: 26},
			{title: "Value", width: 20, flex: true},
		}),
	}
}

// Title implements screen.
func (s *settingsScreen) Title() string { return "Settings" }

// SetSize implements screen.
func (s *settingsScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	// The table takes what the note under it leaves.
	below := 1 + strings.Count(wrapText(s.note(), w), "\n")
	s.tbl.SetSize(w, min(s.rows()+1, max(h-below, 2)))
	if s.ed != nil {
		s.ed.SetSize(w, h)
	}
}

func (s *settingsScreen) rows() int { return headingRows + len(model.SettingNames) + ragRows }

// ragRows are the year's RAG thresholds, the last rows of the screen.
const ragRows = 5

// isRAGRow reports whether row r is one of the RAG thresholds.
func isRAGRow(r int) bool { return r >= headingRows+len(model.SettingNames) }

// SetSnapshot implements screen.
func (s *settingsScreen) SetSnapshot(snap *snapshot) {
	s.snap = snap
	s.tbl.SetRows(s.rows())
}

// Update implements screen.
func (s *settingsScreen) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.editing.update(msg); ok {
		return cmd
	}
	k := s.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case s.tbl.HandleKey(msg, *k):
		case key.Matches(msg, k.Edit):
			if s.tbl.Cursor() < headingRows {
				if _, in := s.viewed(); in {
					return refuseInScenario("a scenario cannot change the plan's partnership, year or notes")
				}
				return s.startEditor(s.headingEditor(), s.snap.totals, s.width, s.height)
			}
			if isRAGRow(s.tbl.Cursor()) {
				if _, in := s.viewed(); in {
					return refuseInScenario("the RAG thresholds belong to the year's monitoring of the plan, not to a scenario")
				}
				return s.startEditor(s.ragEditor(), s.snap.totals, s.width, s.height)
			}
			return s.startEditor(s.costingEditor(), s.snap.totals, s.width, s.height)
		}
	case tea.MouseMsg:
		s.tbl.HandleMouse(msg, msg.Mouse().Y)
	}
	return nil
}

// infoDraft is the plan's heading as typed.
type infoDraft struct {
	Partnership, Body, Year, Notes string
}

func (d *infoDraft) info() (model.Info, error) {
	i := model.Info{Partnership: strings.TrimSpace(d.Partnership), AccountableBody: strings.TrimSpace(d.Body), Notes: d.Notes}
	if i.Partnership == "" {
		return i, fmt.Errorf("partnership: it needs a name")
	}
	y, err := model.ParseFinancialYear(d.Year)
	if err != nil {
		return i, fmt.Errorf("year: %w", err)
	}
	i.StartYear = y
	return i, nil
}

func (s *settingsScreen) headingEditor() *editor {
	info := s.snap.saved.plan.Info
	d := &infoDraft{Partnership: info.Partnership, Body: info.AccountableBody, Year: info.Year(), Notes: info.Notes}
	return &editor{
		c:     s.c,
		draft: d,
		title: "Edit the plan's heading",
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Partnership")).Value(&d.Partnership).Validate(required).Inline(true),
				huh.NewInput().Title(label("Accountable")).Value(&d.Body).Inline(true),
				huh.NewInput().Title(label("Year")).Value(&d.Year).Inline(true).Placeholder("e.g. 2017/18").
					Validate(func(v string) error { _, err := model.ParseFinancialYear(v); return err }),
				huh.NewText().Title("Notes").Value(&d.Notes).Lines(4),
			))
		},
		save: func() (tea.Cmd, error) {
			next, err := d.info()
			if err != nil {
				return nil, err
			}
			return change(s.c.store, func(st store.Store) (model.ID, error) { return 0, st.SaveInfo(next) }), nil
		},
	}
}

// settingsDraft is the costing settings as typed.
type settingsDraft struct {
	NIRate, NIThreshold, PensionRate, LevyRate string
	LevyOn                                     bool
}

func newSettingsDraft(s model.Settings) *settingsDraft {
	return &settingsDraft{
		NIRate: s.NIRate.Plain(), NIThreshold: plainMoney(s.NIThreshold),
		PensionRate: s.PensionRate.Plain(), LevyRate: s.LevyRate.Plain(), LevyOn: s.LevyOn(),
	}
}

// settings reads the draft over base; the error names the setting.
func (d *settingsDraft) settings(base model.Settings) (model.Settings, error) {
	s := base
	for _, f := range []struct {
		name  model.SettingName
		value string
	}{
		{model.SettingNIRate, d.NIRate}, {model.SettingNIThreshold, d.NIThreshold},
		{model.SettingPensionRate, d.PensionRate}, {model.SettingLevyRate, d.LevyRate},
		{model.SettingLevy, model.OnOff(d.LevyOn)},
	} {
		if err := s.Set(f.name, f.value); err != nil {
			return base, err
		}
	}
	return s, nil
}

// validSetting checks one typed value of a setting, for the form.
func validSetting(n model.SettingName) func(string) error {
	return func(v string) error {
		var s model.Settings
		return s.Set(n, v)
	}
}

// costingEditor edits the costing settings: of the plan, or, while a
// scenario is on screen, of the scenario, each changed setting recorded
// as one of its steps.
func (s *settingsScreen) costingEditor() *editor {
	shown := s.snap.plan
	d := newSettingsDraft(shown.Settings)
	ed := &editor{
		c:     s.c,
		draft: d,
		title: "Edit the costing settings",
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Employer NI %")).Value(&d.NIRate).Inline(true).
					Validate(validSetting(model.SettingNIRate)),
				huh.NewInput().Title(label("NI threshold")).Value(&d.NIThreshold).Inline(true).
					Placeholder("a year's worth, e.g. 8,164").Validate(validSetting(model.SettingNIThreshold)),
				huh.NewInput().Title(label("Pension %")).Value(&d.PensionRate).Inline(true).
					Validate(validSetting(model.SettingPensionRate)),
				huh.NewInput().Title(label("Levy %")).Value(&d.LevyRate).Inline(true).
					Validate(validSetting(model.SettingLevyRate)),
				huh.NewConfirm().Title(label("Levy charged")).Value(&d.LevyOn).
					Affirmative("yes").Negative("no: held centrally").Inline(true),
			))
		},
		note: func() string {
			return "Every post is costed with these; the totals bar shows the plan as it would be."
		},
	}
	if sc, in := s.viewed(); in {
		base := s.snap.saved.plan
		with := func() (model.Scenario, []string, error) {
			next, err := d.settings(shown.Settings)
			if err != nil {
				return sc, nil, err
			}
			out, said := sc, []string(nil)
			for _, n := range model.SettingNames {
				if v := next.Value(n); v != shown.Settings.Value(n) {
					st, err := model.SettingStep(n, v)
					if err != nil {
						return sc, nil, err
					}
					out = withStep(out, st)
					said = append(said, st.Describe(base))
				}
			}
			return out, said, nil
		}
		ed.title = fmt.Sprintf("In scenario %q: costing settings", sc.Name)
		ed.save = func() (tea.Cmd, error) {
			next, said, err := with()
			if err != nil {
				return nil, err
			}
			if len(said) == 0 {
				return nil, fmt.Errorf("nothing changed: type a new rate, or esc")
			}
			return recordStep(s.c.store, next, strings.Join(said, ", "), 0), nil
		}
		ed.preview = func() (string, func() model.Totals, bool) {
			next, _, err := with()
			if err != nil {
				return "", nil, false
			}
			return stepsKey(next), scenarioTotals(base, next), true
		}
		ed.note = func() string {
			return "Each changed setting becomes a step of the scenario; the plan's own settings are untouched."
		}
		return ed
	}
	plan := s.snap.saved.plan
	ed.save = func() (tea.Cmd, error) {
		next, err := d.settings(plan.Settings)
		if err != nil {
			return nil, err
		}
		return change(s.c.store, func(st store.Store) (model.ID, error) { return 0, st.SaveSettings(next) }), nil
	}
	ed.preview = func() (string, func() model.Totals, bool) {
		next, err := d.settings(plan.Settings)
		if err != nil {
			return "", nil, false
		}
		key := fmt.Sprint(next.NIRate, next.NIThreshold, next.PensionRate, next.LevyRate, next.LevyOn())
		return key, func() model.Totals {
			p := *plan
			p.Settings = next
			return model.ComputeTotals(&p)
		}, true
	}
	return ed
}

// View implements screen.
func (s *settingsScreen) View() string {
	if s.ed != nil {
		return s.ed.View()
	}
	st := s.c.styles
	out := s.tbl.View(st, s.cell)
	out += "\n" + st.Muted.Render(wrapText(s.note(), s.width))
	return out
}

// note is the line under the table: how posts are costed, and what enter
// edits.
func (s *settingsScreen) note() string {
	what := "enter edits the heading, costing or RAG thresholds; u undoes."
	if sc, in := s.viewed(); s.snap != nil && in {
		what = fmt.Sprintf("These are scenario %q's settings: a change becomes one of its steps. The heading is the plan's.", sc.Name)
	}
	return "Posts cost pay + NI above the threshold + pension + levy (unless held centrally). " + what
}

func (s *settingsScreen) cell(r, col int) string {
	p := s.snap.plan
	if isRAGRow(r) {
		t := model.DefaultRAGThresholds()
		if m := s.snap.saved.monitoring; m != nil && m.Thresholds != (model.RAGThresholds{}) {
			t = m.Thresholds
		}
		i := r - headingRows - len(model.SettingNames)
		labels := [ragRows]string{"RAG: amber from %", "RAG: amber from £", "RAG: red from %", "RAG: red from £", "RAG: rule"}
		if col == 0 {
			return labels[i]
		}
		switch i {
		case 0:
			return t.AmberPercent.String()
		case 1:
			return t.AmberAmount.Exact()
		case 2:
			return t.RedPercent.String()
		case 3:
			return t.RedAmount.Exact()
		}
		if t.Rule == model.RAGBoth {
			return "both: the % and the £ together"
		}
		return "either: the % or the £"
	}
	if r >= headingRows {
		n := model.SettingNames[r-headingRows]
		if col == 0 {
			return n.Label()
		}
		v := p.Settings.Value(n)
		if n == model.SettingLevy && !p.Settings.LevyOn() {
			v = "off: held centrally, posts not charged"
		}
		return v
	}
	labels := [headingRows]string{"Partnership", "Accountable body", "Financial year", "Notes"}
	if col == 0 {
		return labels[r]
	}
	switch r {
	case rowPartnership:
		return p.Info.Partnership
	case rowBody:
		return p.Info.AccountableBody
	case rowYear:
		return p.Info.Year()
	}
	return strings.Join(strings.Fields(p.Info.Notes), " ")
}

// ShortHelp implements help.KeyMap.
func (s *settingsScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	if s.ed != nil {
		return s.ed.ShortHelp()
	}
	return []key.Binding{k.Edit, k.Undo}
}

// FullHelp implements help.KeyMap.
func (s *settingsScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down}, {k.Edit, k.Undo}}
}

// ragDraft is the year's RAG thresholds as typed.
type ragDraft struct {
	AmberPercent, AmberAmount, RedPercent, RedAmount string
	Both                                             bool
}

// thresholds reads the draft; the error names the field at fault.
func (d *ragDraft) thresholds() (model.RAGThresholds, error) {
	var t model.RAGThresholds
	var err error
	if t.AmberPercent, err = model.ParsePercent(d.AmberPercent); err != nil {
		return t, fmt.Errorf("amber from %%: %w", err)
	}
	if t.AmberAmount, err = model.ParseMoney(d.AmberAmount); err != nil {
		return t, fmt.Errorf("amber from £: %w", err)
	}
	if t.RedPercent, err = model.ParsePercent(d.RedPercent); err != nil {
		return t, fmt.Errorf("red from %%: %w", err)
	}
	if t.RedAmount, err = model.ParseMoney(d.RedAmount); err != nil {
		return t, fmt.Errorf("red from £: %w", err)
	}
	if d.Both {
		t.Rule = model.RAGBoth
	}
	return t, t.Check()
}

// ragEditor changes the year's RAG thresholds in one change.
func (s *settingsScreen) ragEditor() *editor {
	t := model.DefaultRAGThresholds()
	if m := s.snap.saved.monitoring; m != nil && m.Thresholds != (model.RAGThresholds{}) {
		t = m.Thresholds
	}
	d := &ragDraft{AmberPercent: t.AmberPercent.Plain(), AmberAmount: t.AmberAmount.Plain(),
		RedPercent: t.RedPercent.Plain(), RedAmount: t.RedAmount.Plain(), Both: t.Rule == model.RAGBoth}
	pct := func(v string) error { _, err := model.ParsePercent(v); return err }
	amt := func(v string) error { _, err := model.ParseMoney(v); return err }
	return &editor{
		c:     s.c,
		draft: d,
		title: "RAG thresholds for " + s.snap.saved.plan.Info.Year(),
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Amber from %")).Value(&d.AmberPercent).Inline(true).Validate(pct),
				huh.NewInput().Title(label("Amber from £")).Value(&d.AmberAmount).Inline(true).Validate(amt),
				huh.NewInput().Title(label("Red from %")).Value(&d.RedPercent).Inline(true).Validate(pct),
				huh.NewInput().Title(label("Red from £")).Value(&d.RedAmount).Inline(true).Validate(amt),
				huh.NewConfirm().Title(label("Rule")).Affirmative("both").Negative("either").Value(&d.Both),
			))
		},
		note: func() string {
			return "A forecast variance (under or over) turns amber, then red, from its % of the budget or its £ amount; both needs the two together."
		},
		save: func() (tea.Cmd, error) {
			next, err := d.thresholds()
			if err != nil {
				return nil, err
			}
			summary := fmt.Sprintf("Set the RAG thresholds: amber from %s or %s, red from %s or %s",
				next.AmberPercent, next.AmberAmount.Whole(), next.RedPercent, next.RedAmount.Whole())
			if next.Rule == model.RAGBoth {
				summary = strings.ReplaceAll(summary, " or ", " and ")
			}
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				_, err := st.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					m.Thresholds = next
					return nil
				})
				return 0, err
			}), nil
		},
	}
}
