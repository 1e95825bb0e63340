package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
)

// prioritiesScreen edits the two frameworks a line sits in: the
// partnership's SWP priorities (names, outcomes, order) and the PCC's
// priorities that lines are tagged with.
type prioritiesScreen struct {
	baseScreen
	editing
	swp, pcc table
	// onPCC is true when the PCC list has the keys.
	onPCC bool
	prs   []model.Priority // in order
	tags  []model.Tag      // in order
	// counts of lines and posts per priority, and items per PCC priority.
	lineCount, postCount map[model.ID]int
}

func newPrioritiesScreen(c *common) *prioritiesScreen {
	s := &prioritiesScreen{
		baseScreen: baseScreen{c: c},
		editing:    editing{cm: c},
		swp: newTable([]column{
			{title: "#", width: 2, right: true},
			{title: "SWP priority", width: 20, flex: true},
			{title: "Lines", width: 5, right: true},
			{title: "Posts", width: 5, right: true},
			{title: "Outcomes", width: 8, right: true},
		}),
		pcc: newTable([]column{
			{title: "PCC priority", width: 44},
			// Items and Spend are those whose primary it is; Also counts
			// the items that also support it.
			{title: "Items", width: 5, right: true},
			{title: "Spend", width: 10, right: true},
			{title: "Also", width: 4, right: true},
			{title: "Description", width: 10, flex: true},
		}),
	}
	s.pcc.blurred = true
	return s
}

// Title implements screen.
func (s *prioritiesScreen) Title() string { return "Priorities" }

// SetSize implements screen.
func (s *prioritiesScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	s.sizeTables()
	if s.ed != nil {
		s.ed.SetSize(w, h)
	}
}

// sizeTables gives each list its rows, the PCC list first (it is fixed at
// seven in practice), and what is left to the outcomes in between.
func (s *prioritiesScreen) sizeTables() {
	nPCC, nSWP := len(s.tags), len(s.prs)
	pccH := clampInt(nPCC+1, 2, max(s.height/2, 2))
	swpH := clampInt(nSWP+1, 2, max(s.height-pccH-3, 2))
	s.swp.SetSize(s.width, swpH)
	s.pcc.SetSize(s.width, pccH)
}

// outcomeLines is the room for the selected priority's outcomes: what the
// priority with most outcomes needs, if there is room, so the PCC list
// stays put as the cursor moves.
func (s *prioritiesScreen) outcomeLines() int {
	need := 1
	for _, p := range s.prs {
		need = max(need, len(p.Outcomes))
	}
	return clampInt(need, 1, max(s.height-(s.swp.height+1)-(s.pcc.height+1)-1, 1))
}

// SetSnapshot implements screen.
func (s *prioritiesScreen) SetSnapshot(snap *snapshot) {
	keepPr, keepTag := s.selectedPriority().ID, s.selectedTag().ID
	s.snap = snap
	s.prs = sortedPriorities(snap.plan)
	s.tags = sortedTags(snap.plan)
	s.lineCount = map[model.ID]int{}
	s.postCount = map[model.ID]int{}
	for _, pt := range snap.totals.ByPriority {
		s.lineCount[pt.PriorityID], s.postCount[pt.PriorityID] = pt.LineCount, pt.PostCount
	}
	s.swp.SetRows(len(s.prs))
	s.pcc.SetRows(len(s.tags))
	s.sizeTables()
	s.selectIDs(keepPr, keepTag)
}

func (s *prioritiesScreen) selectIDs(pr, tag model.ID) {
	for i, p := range s.prs {
		if p.ID == pr {
			s.swp.SetCursor(i)
		}
	}
	for i, t := range s.tags {
		if t.ID == tag {
			s.pcc.SetCursor(i)
		}
	}
}

func (s *prioritiesScreen) selectedPriority() model.Priority {
	if r := s.swp.Cursor(); r >= 0 && r < len(s.prs) {
		return s.prs[r]
	}
	return model.Priority{}
}

func (s *prioritiesScreen) selectedTag() model.Tag {
	if r := s.pcc.Cursor(); r >= 0 && r < len(s.tags) {
		return s.tags[r]
	}
	return model.Tag{}
}

// Update implements screen.
func (s *prioritiesScreen) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.editing.update(msg); ok {
		return cmd
	}
	k := s.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		tbl := &s.swp
		if s.onPCC {
			tbl = &s.pcc
		}
		switch {
		case key.Matches(msg, k.Left, k.Right):
			s.focusPCC(!s.onPCC)
		case tbl.HandleKey(msg, *k):
		case key.Matches(msg, k.Edit, k.Add, k.Delete, k.MoveUp, k.MoveDown) && s.snap.scenario != nil:
			return refuseInScenario("priorities are the same in every scenario")
		case key.Matches(msg, k.Edit):
			return s.edit(false)
		case key.Matches(msg, k.Add):
			return s.edit(true)
		case key.Matches(msg, k.Delete):
			return s.delete()
		case key.Matches(msg, k.MoveUp):
			return s.move(-1)
		case key.Matches(msg, k.MoveDown):
			return s.move(1)
		}
	case changeSavedMsg:
		// Follow what was saved: a moved or added priority.
		if s.onPCC {
			s.selectIDs(0, msg.id)
		} else {
			s.selectIDs(msg.id, 0)
		}
	case tea.MouseMsg:
		// The SWP list starts at the top; the PCC list after the outcomes.
		y := msg.Mouse().Y
		pccTop := s.swp.height + 1 + s.outcomeLines() + 1
		if y < pccTop {
			s.swp.HandleMouse(msg, y)
			if _, click := msg.(tea.MouseClickMsg); click {
				s.focusPCC(false)
			}
		} else {
			s.pcc.HandleMouse(msg, y-pccTop)
			if _, click := msg.(tea.MouseClickMsg); click {
				s.focusPCC(true)
			}
		}
	}
	return nil
}

func (s *prioritiesScreen) focusPCC(on bool) {
	s.onPCC = on
	s.swp.blurred, s.pcc.blurred = on, !on
}

func (s *prioritiesScreen) edit(add bool) tea.Cmd {
	if s.onPCC {
		t := s.selectedTag()
		if add {
			t = model.Tag{Order: len(s.tags) + 1}
			if n := len(s.tags); n > 0 {
				t.Order = s.tags[n-1].Order + 1
			}
		} else if t.ID == 0 {
			return nil
		}
		return s.startEditor(s.tagEditor(t), s.snap.totals, s.width, s.height)
	}
	p := s.selectedPriority()
	if add {
		p = model.Priority{Order: 1}
		if n := len(s.prs); n > 0 {
			p.Order = s.prs[n-1].Order + 1
		}
	} else if p.ID == 0 {
		return nil
	}
	return s.startEditor(s.priorityEditor(p), s.snap.totals, s.width, s.height)
}

func (s *prioritiesScreen) delete() tea.Cmd {
	st := s.c.store
	if s.onPCC {
		t := s.selectedTag()
		if t.ID == 0 {
			return nil
		}
		if used := usedBy(s.snap.plan, func(pr model.ID, tags []model.ID) bool { return slices.Contains(tags, t.ID) }); used != "" {
			return status(fmt.Sprintf("PCC priority %q cannot be deleted: it is still on %s. Take it off them first.", t.Name, used), true)
		}
		return s.askDelete(fmt.Sprintf("Delete PCC priority %q?", t.Name), func() tea.Cmd {
			return remove(st, func(st store.Store) error { return st.DeleteTag(t.ID) })
		})
	}
	p := s.selectedPriority()
	if p.ID == 0 {
		return nil
	}
	if used := usedBy(s.snap.plan, func(pr model.ID, _ []model.ID) bool { return pr == p.ID }); used != "" {
		return status(fmt.Sprintf("SWP priority %q cannot be deleted: it still has %s. Move them to another priority first.", p.Name, used), true)
	}
	return s.askDelete(fmt.Sprintf("Delete SWP priority %q?", p.Name), func() tea.Cmd {
		return remove(st, func(st store.Store) error { return st.DeletePriority(p.ID) })
	})
}

// usedBy names the lines and posts of a plan that use a priority (uses
// says which do, from a record's SWP priority and PCC tags): how many,
// and the first few by title. It is "" when none do. Deleting is refused
// before it is asked, so no one answers a question only to be told no.
func usedBy(p *model.Plan, uses func(priority model.ID, tags []model.ID) bool) string {
	var lines, posts int
	var names []string
	const shown = 3
	for _, l := range p.Lines {
		if uses(l.PriorityID, l.Tags) {
			lines++
			if len(names) < shown {
				names = append(names, fmt.Sprintf("%q", l.Title))
			}
		}
	}
	for _, po := range p.Posts {
		if uses(po.PriorityID, po.Tags) {
			posts++
			if len(names) < shown {
				names = append(names, fmt.Sprintf("%q", po.Title))
			}
		}
	}
	if lines+posts == 0 {
		return ""
	}
	var count string
	switch {
	case lines > 0 && posts > 0:
		count = plural(lines, "line", "lines") + " and " + plural(posts, "post", "posts")
	case lines > 0:
		count = plural(lines, "line", "lines")
	default:
		count = plural(posts, "post", "posts")
	}
	list := strings.Join(names, ", ")
	if lines+posts > len(names) {
		list += ", …"
	}
	return count + " (" + list + ")"
}

// move swaps the selected SWP priority with its neighbour.
func (s *prioritiesScreen) move(by int) tea.Cmd {
	if s.onPCC {
		return status("The PCC priorities keep the order of the Police and Crime Plan.", false)
	}
	i := s.swp.Cursor()
	j := i + by
	if i < 0 || j < 0 || j >= len(s.prs) {
		return nil
	}
	if s.c.readOnly {
		return refuseReadOnly()
	}
	// The move is made against the stored order, not the one on screen:
	// two quick presses move it two places.
	moved := s.prs[i].ID
	st := s.c.store
	return change(st, func(st store.Store) (model.ID, error) { return moved, st.MovePriority(moved, by) })
}

func (s *prioritiesScreen) priorityEditor(p model.Priority) *editor {
	d := newPriorityDraft(p)
	title := "Add an SWP priority"
	if p.ID != 0 {
		title = "Edit SWP priority: " + p.Name
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Name")).Value(&d.Name).Validate(required).Inline(true),
				huh.NewText().Title("Outcomes, one to a line (alt+enter or ctrl+j for a new line)").
					Value(&d.Outcomes).Lines(max(s.height-8, 3)),
			))
		},
		save: func() (tea.Cmd, error) {
			pr, err := d.priority()
			if err != nil {
				return nil, err
			}
			st := s.c.store
			return change(st, func(st store.Store) (model.ID, error) {
				saved, err := st.SavePriority(pr)
				return saved.ID, err
			}), nil
		},
	}
}

func (s *prioritiesScreen) tagEditor(t model.Tag) *editor {
	d := &tagDraft{orig: t, Name: t.Name, Description: t.Description}
	title := "Add a PCC priority"
	if t.ID != 0 {
		title = "Edit PCC priority: " + t.Name
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Name")).Value(&d.Name).Validate(required).Inline(true),
				huh.NewInput().Title(label("Description")).Value(&d.Description).Inline(true),
			))
		},
		save: func() (tea.Cmd, error) {
			tag, err := d.tag()
			if err != nil {
				return nil, err
			}
			st := s.c.store
			return change(st, func(st store.Store) (model.ID, error) {
				saved, err := st.SaveTag(tag)
				return saved.ID, err
			}), nil
		},
	}
}

// View implements screen.
func (s *prioritiesScreen) View() string {
	if s.ed != nil {
		return s.ed.View()
	}
	st := s.c.styles
	var b strings.Builder
	b.WriteString(s.swp.View(st, s.swpCell))
	b.WriteString("\n")
	room := s.outcomeLines()
	var outcomes []string
	if p := s.selectedPriority(); p.ID != 0 {
		if len(p.Outcomes) == 0 {
			outcomes = append(outcomes, st.Muted.Render("No outcomes written for "+p.Name+" yet: enter edits."))
		}
		for _, o := range p.Outcomes {
			outcomes = append(outcomes, truncate(st.Muted.Render("  • "+o), s.width))
		}
	}
	if len(outcomes) > room {
		outcomes = append(outcomes[:room-1], st.Muted.Render(fmt.Sprintf("  … and %d more: enter shows them all", len(outcomes)-room+1)))
	}
	b.WriteString(fitHeight(strings.Join(outcomes, "\n"), room))
	b.WriteString("\n\n")
	b.WriteString(s.pcc.View(st, s.pccCell))
	return b.String()
}

func (s *prioritiesScreen) swpCell(r, col int) string {
	p := s.prs[r]
	switch col {
	case 0:
		return fmt.Sprint(r + 1)
	case 1:
		return p.Name
	case 2:
		return fmt.Sprint(s.lineCount[p.ID])
	case 3:
		return fmt.Sprint(s.postCount[p.ID])
	case 4:
		return fmt.Sprint(len(p.Outcomes))
	}
	return ""
}

func (s *prioritiesScreen) pccCell(r, col int) string {
	t := s.tags[r]
	var tt model.TagTotal
	for _, x := range s.snap.totals.ByTag {
		if x.TagID == t.ID {
			tt = x
		}
	}
	switch col {
	case 0:
		return t.Name
	case 1:
		return fmt.Sprint(tt.Count)
	case 2:
		return tt.Total.Whole()
	case 3:
		return fmt.Sprint(tt.AlsoCount)
	case 4:
		return t.Description
	}
	return ""
}

// ShortHelp implements help.KeyMap.
func (s *prioritiesScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	switch {
	case s.ed != nil:
		return s.ed.ShortHelp()
	case s.ask != nil:
		return k.confirmHelp()
	case s.onPCC:
		return []key.Binding{k.Left, k.Edit, k.Add, k.Delete}
	}
	return []key.Binding{k.Left, k.Edit, k.Add, k.Delete, k.MoveUp}
}

// FullHelp implements help.KeyMap.
func (s *prioritiesScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.Left}, {k.Edit, k.Add, k.Delete}, {k.MoveUp}}
}
