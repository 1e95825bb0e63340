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

// postsScreen lists the posts with their costing, and under the table
// works out the selected post in full so the officer can check the sum.
type postsScreen struct {
	baseScreen
	editing
	tbl  table
	wide bool // the Team column fits
}

func newPostsScreen(c *common) *postsScreen {
	s := &postsScreen{baseScreen: baseScreen{c: c}, editing: editing{cm: c}}
	s.tbl = newTable(postColumns(false))
	return s
}

func postColumns(wide bool) []column {
	cols := []column{{title: "Post", width: 16, flex: true}}
	if wide {
		cols = append(cols, column{title: "Team", width: 18})
	}
	return append(cols,
		column{title: "FTE", width: 4, right: true},
		column{title: "Salary", width: 8, right: true},
		column{title: "On-costs", width: 8, right: true},
		column{title: "Months", width: 7},
		column{title: "Grant", width: 5, right: true},
		column{title: "To grant", width: 9, right: true},
		column{title: "By others", width: 9, right: true},
	)
}

// Title implements screen.
func (s *postsScreen) Title() string { return "Posts" }

// detailHeight is the room under the table for the selected post.
const detailHeight = 10

// SetSize implements screen.
func (s *postsScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	if wide := w >= 110; wide != s.wide || s.tbl.widths == nil {
		s.wide = wide
		s.tbl.cols = postColumns(wide)
	}
	s.sizeTable()
	if s.ed != nil {
		s.ed.SetSize(w, h)
	}
}

func (s *postsScreen) sizeTable() {
	rows := 0
	if s.snap != nil {
		rows = len(s.snap.plan.Posts)
	}
	// One line under the table is the totals row.
	s.tbl.SetSize(s.width, clampInt(rows+1, 2, max(s.height-detailHeight-1, 2)))
}

// SetSnapshot implements screen.
func (s *postsScreen) SetSnapshot(snap *snapshot) {
	keep := s.selectedID()
	s.snap = snap
	s.tbl.SetRows(len(snap.plan.Posts))
	s.sizeTable()
	s.selectPost(keep)
}

func (s *postsScreen) selectedID() model.ID {
	if p, ok := s.selected(); ok {
		return p.ID
	}
	return 0
}

func (s *postsScreen) selected() (model.Post, bool) {
	r := s.tbl.Cursor()
	if s.snap == nil || r < 0 || r >= len(s.snap.plan.Posts) {
		return model.Post{}, false
	}
	return s.snap.plan.Posts[r], true
}

func (s *postsScreen) selectPost(id model.ID) {
	if _, i, ok := s.snap.plan.Post(id); ok && id != 0 {
		s.tbl.SetCursor(i)
	}
}

// Update implements screen.
func (s *postsScreen) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.editing.update(msg); ok {
		return cmd
	}
	k := s.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case s.tbl.HandleKey(msg, *k):
		case key.Matches(msg, k.Edit):
			p, ok := s.selected()
			if !ok {
				return nil
			}
			if sc, in := s.viewed(); in {
				return s.startEditor(s.scenarioPostEditor(sc, p), s.snap.totals, s.width, s.height)
			}
			return s.startEditor(s.postEditor(p), s.snap.totals, s.width, s.height)
		case key.Matches(msg, k.Add, k.Delete) && s.snap.scenario != nil:
			return s.inScenario(msg)
		case key.Matches(msg, k.Add) && len(s.snap.plan.Priorities) == 0:
			return status("Add an SWP priority first, on screen 5: every line and post sits under one.", true)
		case key.Matches(msg, k.Add):
			var p model.Post
			if cur, ok := s.selected(); ok {
				p.PriorityID = cur.PriorityID
			}
			return s.startEditor(s.postEditor(p), s.snap.totals, s.width, s.height)
		case key.Matches(msg, k.Delete):
			if p, ok := s.selected(); ok {
				return s.askDelete(fmt.Sprintf("Delete post %q (%s to the grant)?", p.Title,
					s.snap.costings[s.tbl.Cursor()].ToGrant.Whole()), func() tea.Cmd {
					return remove(s.c.store, func(st store.Store) error { return st.DeletePost(p.ID) })
				})
			}
		}
	case tea.MouseMsg:
		s.tbl.HandleMouse(msg, msg.Mouse().Y)
	case changeSavedMsg:
		s.selectPost(msg.id)
	}
	return nil
}

// inScenario adds or removes a post in the scenario on screen: a scenario
// can drop a post but not make one.
func (s *postsScreen) inScenario(msg tea.KeyPressMsg) tea.Cmd {
	sc, _ := s.viewed()
	if key.Matches(msg, s.c.keys.Add) {
		return refuseInScenario("a scenario cannot add a post (it can add a line for the cost)")
	}
	p, ok := s.selected()
	if !ok {
		return nil
	}
	toGrant := s.snap.costings[s.tbl.Cursor()].ToGrant
	return s.askDelete(fmt.Sprintf("Remove post %q (%s to the grant) in scenario %q? The plan keeps it.", p.Title,
		toGrant.Whole(), sc.Name), func() tea.Cmd {
		// What the scenario did to the post means nothing once it is gone.
		next := withoutSteps(sc, func(_ int, st model.Step) bool {
			switch st.Kind {
			case model.StepPostEnd, model.StepPostStart, model.StepPostFTE, model.StepPostShare:
				return st.Target == p.ID
			}
			return false
		})
		next = withStep(next, model.Step{Kind: model.StepRemovePost, Target: p.ID})
		return recordStep(s.c.store, next, fmt.Sprintf("post %q removed", p.Title), 0)
	})
}

// scenarioPostDraft is what a scenario can change of a post, as typed.
type scenarioPostDraft struct {
	FTE   string
	Share string
	End   string
}

// scenarioPostEditor is the form for a post in the scenario on screen: its
// FTE, the grant's share and an earlier last month, each recorded as a
// step. Pay and everything else stay as the plan has them.
func (s *postsScreen) scenarioPostEditor(sc model.Scenario, p model.Post) *editor {
	d := &scenarioPostDraft{FTE: p.FTE.String(), Share: p.GrantShare.Plain(), End: model.MonthName(p.EndMonth)}
	base := s.snap.saved.plan
	planPost, _, _ := base.Post(p.ID)
	settings := s.snap.plan.Settings
	with := func() (model.Scenario, model.Post, []string, error) {
		next, post := sc, p
		var said []string
		fte, err := parseFTE(d.FTE)
		if err != nil {
			return sc, p, nil, fmt.Errorf("FTE: %w", err)
		}
		share, err := parseShare(d.Share)
		if err != nil {
			return sc, p, nil, fmt.Errorf("grant share: %w", err)
		}
		end, err := model.ParseMonth(d.End)
		if err != nil {
			return sc, p, nil, fmt.Errorf("last month: %w", err)
		}
		if end < p.StartMonth {
			return sc, p, nil, fmt.Errorf("last month: %s is before the post starts, in %s", model.MonthName(end), model.MonthName(p.StartMonth))
		}
		if end > planPost.EndMonth {
			return sc, p, nil, fmt.Errorf("last month: a scenario can end a post early, not later than the plan's %s",
				model.MonthName(planPost.EndMonth))
		}
		if !fte.Equal(p.FTE) {
			next = withStep(next, model.Step{Kind: model.StepPostFTE, Target: p.ID, FTE: &fte})
			post.FTE = fte
			said = append(said, "FTE "+fte.String())
		}
		if !share.Equal(p.GrantShare) {
			next = withStep(next, model.Step{Kind: model.StepPostShare, Target: p.ID, Percent: &share})
			post.GrantShare = share
			said = append(said, "grant share "+share.String())
		}
		if end != p.EndMonth {
			next = withStep(next, model.Step{Kind: model.StepPostEnd, Target: p.ID, Month: end})
			post.EndMonth = end
			said = append(said, "ends after "+model.MonthName(end))
		}
		return next, post, said, nil
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: fmt.Sprintf("In scenario %q: %s", sc.Name, p.Title),
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("FTE")).Value(&d.FTE).Validate(validFTE).Inline(true).
					Placeholder("1, or 0.5 for half time"),
				huh.NewInput().Title(label("Grant pays %")).Value(&d.Share).Validate(validShare).Inline(true).
					Placeholder("100"),
				monthField("Last month", &d.End, func(end int) error {
					if end < p.StartMonth {
						return fmt.Errorf("%s is before the post starts, in %s", model.MonthName(end), model.MonthName(p.StartMonth))
					}
					if end > planPost.EndMonth {
						return fmt.Errorf("a scenario can end a post early, not later than the plan's %s",
							model.MonthName(planPost.EndMonth))
					}
					return nil
				}),
			))
		},
		save: func() (tea.Cmd, error) {
			next, _, said, err := with()
			if err != nil {
				return nil, err
			}
			if len(said) == 0 {
				return nil, fmt.Errorf("nothing changed: type a new FTE, share or last month, or esc")
			}
			return recordStep(s.c.store, next, fmt.Sprintf("post %q %s", p.Title, strings.Join(said, ", ")), p.ID), nil
		},
		preview: func() (string, func() model.Totals, bool) {
			next, _, _, err := with()
			if err != nil {
				return "", nil, false
			}
			return stepsKey(next), scenarioTotals(base, next), true
		},
		note: func() string {
			_, post, _, err := with()
			if err != nil {
				return "As typed: " + err.Error()
			}
			c := post.Costing(settings)
			split, inYear := model.RoundParts([]model.Money{c.ToGrant, c.ToOther})
			return fmt.Sprintf("As typed: %s for %d months: grant %s, others %s.",
				inYear.Whole(), c.Months, split[0].Whole(), split[1].Whole())
		},
	}
}

// postEditor is the form for a post. While it is open the totals bar and
// the line under the title show the post costed as typed.
func (s *postsScreen) postEditor(p model.Post) *editor {
	d := newPostDraft(p)
	plan := s.snap.plan
	title := "Add a post"
	if p.ID != 0 {
		title = "Edit post: " + p.Title
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Title")).Value(&d.Title).Validate(required).Inline(true),
				priorityField(plan, &d.Priority),
				huh.NewInput().Title(label("Team")).Value(&d.Team).Inline(true),
				huh.NewInput().Title(label("FTE")).Value(&d.FTE).Validate(validFTE).Inline(true).
					Placeholder("1, or 0.5 for half time"),
				huh.NewInput().Title(label("Salary")).Value(&d.Salary).Validate(validMoney).Inline(true).
					Placeholder("full-time a year, e.g. 28,000 or 28k"),
				monthField("First month", &d.Start, nil),
				monthField("Last month", &d.End, monthOrder(&d.Start)),
				huh.NewInput().Title(label("Grant pays %")).Value(&d.Share).Validate(validShare).Inline(true).
					Placeholder("100"),
				huh.NewInput().Title(label("Other funder")).Value(&d.OtherFunder).Inline(true).
					Placeholder("who pays the rest, if the grant pays under 100%"),
				huh.NewInput().Title(label("On-costs")).Value(&d.OnCosts).Validate(validOptionalMoney).Inline(true).
					Placeholder("blank: worked out from NI, pension and levy"),
				primaryTagField(plan, &d.PrimaryTag),
				alsoTagsField(plan, &d.AlsoTags),
				huh.NewInput().Title(label("Notes")).Value(&d.Notes).Inline(true),
			))
		},
		save: func() (tea.Cmd, error) {
			post, err := d.post()
			if err != nil {
				return nil, err
			}
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				saved, err := st.SavePost(post)
				return saved.ID, err
			}), nil
		},
		preview: func() (string, func() model.Totals, bool) {
			post, err := d.post()
			if err != nil {
				return "", nil, false
			}
			// Totals depend on the costing, the priority and the PCC tags.
			c := post.Costing(plan.Settings)
			key := fmt.Sprint(c.ToGrant, c.ToOther, post.PriorityID, post.Tags)
			return key, func() model.Totals {
				p := *plan
				p.Posts = replaceOrAppend(plan.Posts, post, func(x model.Post) bool { return x.ID == post.ID && post.ID != 0 })
				return model.ComputeTotals(&p)
			}, true
		},
		note: func() string {
			// The note is the post's cost; what else is missing (a
			// title, say) is said on the field when it is left.
			if strings.TrimSpace(d.Salary) == "" {
				return "Type the salary to see what the post costs."
			}
			post, err := d.costed()
			if err != nil {
				return "As typed: " + err.Error()
			}
			c := post.Costing(plan.Settings)
			// Grant and others rounded so that they add up to the year's cost.
			split, inYear := model.RoundParts([]model.Money{c.ToGrant, c.ToOther})
			return fmt.Sprintf("As typed: %s a year, %s for %d months: grant %s, others %s",
				c.Annual.Whole(), inYear.Whole(), c.Months, split[0].Whole(), split[1].Whole())
		},
	}
}

// View implements screen.
func (s *postsScreen) View() string {
	if s.ed != nil {
		return s.ed.View()
	}
	out := s.tbl.View(s.c.styles, s.cell)
	if p, ok := s.selected(); ok {
		out += "\n" + s.c.styles.Figure.Render(s.tbl.Row(s.totalCell))
		out += "\n\n" + strings.Join(s.detail(p, s.snap.costings[s.tbl.Cursor()]), "\n")
	} else {
		out += "\n\n" + s.c.styles.Muted.Render("No posts yet: press a to add one.")
	}
	return out
}

// detail works the selected post's costing through, as the officer would
// on paper, one figure to a line, in pounds and pence so that the sums in
// it add up as shown.
func (s *postsScreen) detail(p model.Post, c model.PostCosting) []string {
	st := s.c.styles
	year := s.snap.plan.Info.StartYear
	head := p.Title
	if p.Team != "" {
		head += " · " + p.Team
	}
	head += " · " + s.snap.priorityName[p.PriorityID]
	row := func(label string, m model.Money, how string) string {
		return fmt.Sprintf("  %-10s %10s  ", label, m.Exact()) + st.Muted.Render(how)
	}
	out := []string{st.Heading.Render(head)}
	out = append(out, row("Pay", c.Pay, fmt.Sprintf("%s salary x %s FTE", p.Salary.Exact(), p.FTE)))
	if p.OnCostOverride != nil {
		out = append(out, row("On-costs", c.OnCosts, "set by hand for this post"))
	} else {
		out = append(out, row("On-costs", c.OnCosts, fmt.Sprintf("NI %s + pension %s + levy %s",
			c.NI.Exact(), c.Pension.Exact(), c.Levy.Exact())))
	}
	out = append(out, row("A year", c.Annual, "pay + on-costs"))
	out = append(out, row("In "+model.FinancialYear(year), c.InYear,
		fmt.Sprintf("%s to %s, %d months", model.MonthDate(year, p.StartMonth), model.MonthDate(year, p.EndMonth), c.Months)))
	how := fmt.Sprintf("the grant pays %s", p.GrantShare)
	if ch := s.snap.postChange(s.tbl.Cursor()); ch != "" {
		how += " (* " + ch + ")"
	}
	out = append(out, row("To grant", c.ToGrant, how))
	if !c.ToOther.IsZero() {
		who := p.OtherFunder
		if who == "" {
			who = "no other funder named yet"
		}
		out = append(out, row("By others", c.ToOther, who))
	}
	if tags := s.snap.postTags[s.tbl.Cursor()]; tags != "" {
		out = append(out, st.Muted.Render("  PCC: "+tags))
	}
	for i := range out {
		out[i] = truncate(out[i], s.width)
	}
	return out
}

func (s *postsScreen) cell(r, col int) string {
	p := &s.snap.plan.Posts[r]
	c := &s.snap.costings[r]
	if !s.wide && col >= 1 {
		col++ // no Team column
	}
	switch col {
	case 0:
		return p.Title
	case 1:
		return p.Team
	case 2:
		return p.FTE.String()
	case 3:
		return p.Salary.Whole()
	case 4:
		return c.OnCosts.Whole()
	case 5:
		return shortMonth(p.StartMonth) + "-" + shortMonth(p.EndMonth)
	case 6:
		return p.GrantShare.String()
	case 7:
		// Rounded so that the column adds up to the totals row.
		if s.snap.postChange(r) != "" {
			return "* " + s.snap.toGrantShown[r].Whole()
		}
		return s.snap.toGrantShown[r].Whole()
	case 8:
		return s.snap.toOtherShown[r].Whole()
	}
	return ""
}

// totalCell is the text of a cell of the totals row under the table: the
// posts' FTE, cost to the grant (as the Overview shows it) and cost to
// other funders.
func (s *postsScreen) totalCell(col int) string {
	if !s.wide && col >= 1 {
		col++ // no Team column
	}
	switch col {
	case 0:
		return "Total, " + plural(len(s.snap.plan.Posts), "post", "posts")
	case 2:
		return s.snap.fteTotal.String()
	case 7:
		return s.snap.spendShown[0].Whole()
	case 8:
		return s.snap.otherShown.Whole()
	}
	return ""
}

func shortMonth(m int) string {
	n := model.MonthName(m)
	if len(n) > 3 {
		return n[:3]
	}
	return n
}

// ShortHelp implements help.KeyMap.
func (s *postsScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	switch {
	case s.ed != nil:
		return s.ed.ShortHelp()
	case s.ask != nil:
		return k.confirmHelp()
	}
	return []key.Binding{k.Edit, k.Add, k.Delete, k.Undo}
}

// FullHelp implements help.KeyMap.
func (s *postsScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Edit, k.Add, k.Delete}}
}
