package tui

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
)

// linesScreen is the table of every line of the plan: sortable, filtered
// as the officer types, with forms to add and edit and a question before a
// delete.
type linesScreen struct {
	baseScreen
	editing
	tbl table
	// rows are the indexes into plan.Lines on screen, in screen order.
	rows     []int32
	sortCol  int
	sortDesc bool
	// filter is the text box; query is the filter in force, lower case.
	filter    textinput.Model
	filtering bool
	query     string
	// rowsQuery is the query rows were filtered by, so one more typed
	// letter filters the rows already found instead of every line.
	rowsQuery string
	// keepID is the line to select once the lines of a snapshot whose
	// lineData is still being worked out arrive (linesReadyMsg).
	keepID model.ID
}

// linesTab is the Lines screen's place among the tabs.
const linesTab = 1

// linesReadyMsg says the lineData of snap is worked out.
type linesReadyMsg struct{ snap *snapshot }

func newLinesScreen(c *common) *linesScreen {
	s := &linesScreen{
		baseScreen: baseScreen{c: c},
		editing:    editing{cm: c},
		tbl:        newTable(lineColumns(false)),
		sortCol:    sortPriority,
	}
	s.filter = textinput.New()
	s.filter.Prompt = "/ "
	s.filter.Placeholder = "type to filter by title, owner, priority or cost"
	st := s.filter.Styles()
	st.Cursor.Blink = false
	s.filter.SetStyles(st)
	s.markSort()
	return s
}

// lineColumns are the Lines table's columns. Below 120 cells the owner
// and PCC priorities move to the line under the table, so titles stay
// readable.
func lineColumns(wide bool) []column {
	cols := []column{
		{title: "Line", width: 24, flex: true, key: sortTitle},
		{title: "SWP priority", width: 22, key: sortPriority},
	}
	if wide {
		cols = append(cols,
			column{title: "Owner", width: 18, key: sortOwner},
			column{title: "PCC priority", width: 22, key: sortTags})
	}
	return append(cols, column{title: "Cost", width: 10, right: true, key: sortCost})
}

// sortNames say what a sort key is, for the line above the table.
var sortNames = [lineSortColumns]string{
	sortPriority: "SWP priority", sortTitle: "title", sortOwner: "owner", sortTags: "primary PCC priority", sortCost: "cost",
}

// markSort shows the sort on the header of its column, if on screen.
func (s *linesScreen) markSort() {
	s.tbl.sortCol, s.tbl.sortDesc = -1, s.sortDesc
	for i, c := range s.tbl.cols {
		if c.key == s.sortCol {
			s.tbl.sortCol = i
		}
	}
}

// Title implements screen.
func (s *linesScreen) Title() string { return "Lines" }

// SetSize implements screen: one line for the filter, the table, and a
// line about the selected line.
func (s *linesScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	s.tbl.SetColumns(lineColumns(w >= 120))
	s.markSort()
	s.tbl.SetSize(w, h-2)
	s.sizeTable()
	s.filter.SetWidth(max(w-len("/ ")-len("  99999 of 99999 lines")-1, 10))
	if s.ed != nil {
		s.ed.SetSize(w, h)
	}
}

// SetSnapshot implements screen, keeping the selected line selected.
func (s *linesScreen) SetSnapshot(snap *snapshot) {
	keep := s.selectedID()
	if keep == 0 {
		keep = s.keepID
	}
	s.snap = snap
	s.rowsQuery = "\x00" // the old rows are of the old plan
	if !snap.linesReady() {
		// Worked out in a command (Model.workOnView); keys typed here
		// wait for it (Model.waiting), and linesReadyMsg brings it.
		s.keepID, s.rows = keep, nil
		s.tbl.SetRows(0)
		s.sizeTable()
		return
	}
	s.keepID = 0
	s.refilter()
	s.selectLine(keep)
	s.sizeTable()
}

// Typing implements screen: a form is open, or the filter takes the keys.
func (s *linesScreen) Typing() bool { return s.filtering || s.editing.Typing() }

func (s *linesScreen) selectedID() model.ID {
	if s.snap == nil {
		return 0
	}
	if r := s.tbl.Cursor(); r >= 0 && r < len(s.rows) {
		return s.snap.plan.Lines[s.rows[r]].ID
	}
	return 0
}

func (s *linesScreen) selectLine(id model.ID) {
	if id == 0 {
		return
	}
	for r, i := range s.rows {
		if s.snap.plan.Lines[i].ID == id {
			s.tbl.SetCursor(r)
			return
		}
	}
}

// refilter works out the rows on screen from the sort order and the query.
// It is the one piece of work a typed filter letter costs, so it reuses
// the rows found for a shorter query when it can.
func (s *linesScreen) refilter() {
	order := s.snap.lines().order[s.sortCol]
	if s.sortDesc {
		rev := make([]int32, len(order))
		for i, v := range order {
			rev[len(order)-1-i] = v
		}
		order = rev
	}
	q := s.query
	switch {
	case q == "":
		s.rows = order
	case s.rowsQuery != "\x00" && strings.HasPrefix(q, s.rowsQuery):
		s.rows = filterLines(s.rows, s.snap.lines().search, q)
	default:
		s.rows = filterLines(order, s.snap.lines().search, q)
	}
	s.rowsQuery = q
	s.tbl.SetRows(len(s.rows))
}

// filterLines keeps the lines whose search text holds every word of q.
func filterLines(from []int32, search []string, q string) []int32 {
	words := strings.Fields(q)
	out := make([]int32, 0, len(from)/4)
next:
	for _, i := range from {
		for _, w := range words {
			if !strings.Contains(search[i], w) {
				continue next
			}
		}
		out = append(out, i)
	}
	return out
}

// Update implements screen.
func (s *linesScreen) Update(msg tea.Msg) tea.Cmd {
	cmd := s.update(msg)
	s.sizeTable()
	return cmd
}

// sizeTable gives the table the lines the detail under it does not need:
// the detail wraps, so the selected line's title, owner and PCC
// priorities read in full however narrow the screen.
func (s *linesScreen) sizeTable() {
	s.tbl.SetSize(s.width, s.height-1-len(s.detailLines()))
}

func (s *linesScreen) update(msg tea.Msg) tea.Cmd {
	if ready, ok := msg.(linesReadyMsg); ok {
		if ready.snap == s.snap {
			s.SetSnapshot(s.snap)
		}
		return nil
	}
	if cmd, ok := s.editing.update(msg); ok {
		return cmd
	}
	k := s.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.filtering {
			return s.updateFilter(msg)
		}
		switch {
		case s.tbl.HandleKey(msg, *k):
		case key.Matches(msg, k.Filter):
			s.filtering = true
			return s.filter.Focus()
		case key.Matches(msg, k.Cancel):
			if s.query != "" {
				s.clearFilter()
			}
		case key.Matches(msg, k.Sort):
			s.setSort((s.sortCol+1)%lineSortColumns, false)
		case key.Matches(msg, k.SortReverse):
			s.setSort(s.sortCol, !s.sortDesc)
		case key.Matches(msg, k.Edit):
			if l, ok := s.selected(); ok {
				return s.startEditor(s.editorFor(l), s.snap.totals, s.width, s.height)
			}
		case key.Matches(msg, k.Add) && len(s.snap.plan.Priorities) == 0:
			return status("Add an SWP priority first, on screen 5: every line and post sits under one.", true)
		case key.Matches(msg, k.Add):
			return s.startEditor(s.lineEditor(s.newLine(), s.sinkFor(-1)), s.snap.totals, s.width, s.height)
		case key.Matches(msg, k.Delete):
			if l, ok := s.selected(); ok {
				return s.delete(l)
			}
		}
	case tea.PasteMsg:
		if s.filtering {
			var cmd tea.Cmd
			s.filter, cmd = s.filter.Update(msg)
			s.applyFilter()
			return cmd
		}
	case tea.MouseMsg:
		if col := s.tbl.HandleMouse(msg, msg.Mouse().Y-1); col >= 0 {
			if k := s.tbl.cols[col].key; k == s.sortCol {
				s.setSort(k, !s.sortDesc)
			} else {
				s.setSort(k, false)
			}
		}
	case changeSavedMsg:
		// SetSnapshot has run; select what was just saved.
		s.selectLine(msg.id)
	}
	return nil
}

func (s *linesScreen) updateFilter(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	switch {
	case key.Matches(msg, k.Cancel):
		s.clearFilter()
		return nil
	case key.Matches(msg, k.Accept, k.Down, k.Up) && !isLetter(msg):
		// Keep the filter and go back to the table; an arrow also moves.
		s.filtering = false
		s.filter.Blur()
		s.tbl.HandleKey(msg, *k)
		return nil
	}
	var cmd tea.Cmd
	s.filter, cmd = s.filter.Update(msg)
	s.applyFilter()
	return cmd
}

// applyFilter filters by what the filter box holds, if it changed.
func (s *linesScreen) applyFilter() {
	if q := strings.ToLower(strings.TrimSpace(s.filter.Value())); q != s.query {
		s.query = q
		s.refilter()
		s.tbl.SetCursor(0)
	}
}

// isLetter reports whether a key types text, so j and k go into the filter
// rather than moving the cursor.
func isLetter(msg tea.KeyPressMsg) bool { return msg.Text != "" }

func (s *linesScreen) clearFilter() {
	id := s.selectedID()
	s.filtering = false
	s.filter.Blur()
	s.filter.SetValue("")
	s.query = ""
	s.refilter()
	s.selectLine(id)
}

func (s *linesScreen) setSort(col int, desc bool) {
	id := s.selectedID()
	s.sortCol, s.sortDesc = col, desc
	s.markSort()
	s.rowsQuery = "\x00"
	s.refilter()
	s.selectLine(id)
}

func (s *linesScreen) selected() (model.Line, bool) {
	r := s.tbl.Cursor()
	if s.snap == nil || r < 0 || r >= len(s.rows) {
		return model.Line{}, false
	}
	return s.snap.plan.Lines[s.rows[r]], true
}

// newLine is the starting point for an added line: under the priority of
// the selected line, so adding several lines to one priority is quick.
func (s *linesScreen) newLine() model.Line {
	var l model.Line
	if cur, ok := s.selected(); ok {
		l.PriorityID = cur.PriorityID
	} else if len(s.snap.plan.Priorities) > 0 {
		l.PriorityID = s.snap.plan.Priorities[0].ID
	}
	return l
}

// lineSink is where a line form sends the line: to the plan, or as a step
// of the scenario on screen. save returns the command that keeps the line;
// preview the work of the totals with it kept.
type lineSink struct {
	// where prefixes the form's title, e.g. `In scenario "X": `.
	where   string
	save    func(model.Line) tea.Cmd
	preview func(model.Line) func() model.Totals
	// key adds to the preview's key what else the totals depend on.
	key func(model.Line) string
}

// sinkFor returns where a line form sends its line: the plan, or the
// scenario on screen, as a new line (step < 0) or as the line the
// scenario's step number step added.
func (s *linesScreen) sinkFor(step int) lineSink {
	sc, ok := s.viewed()
	if !ok {
		plan := s.snap.plan
		return lineSink{
			save: func(line model.Line) tea.Cmd {
				return change(s.c.store, func(st store.Store) (model.ID, error) {
					saved, err := st.SaveLine(line)
					return saved.ID, err
				})
			},
			preview: func(line model.Line) func() model.Totals {
				return func() model.Totals {
					p := *plan
					p.Lines = replaceOrAppend(plan.Lines, line, func(x model.Line) bool { return x.ID == line.ID && line.ID != 0 })
					return model.ComputeTotals(&p)
				}
			},
			key: func(model.Line) string { return "" },
		}
	}
	base := s.snap.saved.plan
	with := func(line model.Line) model.Scenario {
		l := line
		add := model.Step{Kind: model.StepAddLine, Line: &l}
		next := sc
		next.Steps = append([]model.Step(nil), sc.Steps...)
		if step >= 0 && step < len(next.Steps) {
			next.Steps[step] = add
		} else {
			next.Steps = append(next.Steps, add)
		}
		return next
	}
	return lineSink{
		where: fmt.Sprintf("In scenario %q: ", sc.Name),
		save: func(line model.Line) tea.Cmd {
			what := fmt.Sprintf("line %q added, cost %s", line.Title, line.Cost.Whole())
			if step >= 0 {
				what = fmt.Sprintf("the line it adds is now %q, cost %s", line.Title, line.Cost.Whole())
			}
			return recordStep(s.c.store, with(line), what, 0)
		},
		preview: func(line model.Line) func() model.Totals { return scenarioTotals(base, with(line)) },
		key:     func(line model.Line) string { return stepsKey(with(line)) },
	}
}

// editorFor is the form that edits a line: the whole line in the plan; in
// a scenario, the cost alone of a plan's line (a scenario holds no other
// change to it), or the whole of a line the scenario added.
func (s *linesScreen) editorFor(l model.Line) *editor {
	sc, ok := s.viewed()
	if !ok {
		return s.lineEditor(l, s.sinkFor(-1))
	}
	if l.ID != 0 {
		return s.costEditor(sc, l)
	}
	return s.lineEditor(l, s.sinkFor(addedLineStep(sc, s.addedBefore())))
}

// addedBefore counts the lines without an ID (added by the scenario on
// screen) before the selected line, to find the step that added it.
func (s *linesScreen) addedBefore() int {
	n := 0
	at := int(s.rows[s.tbl.Cursor()])
	for i := 0; i < at; i++ {
		if s.snap.plan.Lines[i].ID == 0 {
			n++
		}
	}
	return n
}

// delete asks before deleting a line from the plan, or before removing it
// from the scenario on screen.
func (s *linesScreen) delete(l model.Line) tea.Cmd {
	sc, ok := s.viewed()
	if !ok {
		return s.askDelete(fmt.Sprintf("Delete line %q (%s)?", l.Title, l.Cost.Whole()), func() tea.Cmd {
			return remove(s.c.store, func(st store.Store) error { return st.DeleteLine(l.ID) })
		})
	}
	if l.ID == 0 {
		i := addedLineStep(sc, s.addedBefore())
		return s.askDelete(fmt.Sprintf("Take out line %q, which scenario %q adds?", l.Title, sc.Name), func() tea.Cmd {
			next := withoutSteps(sc, func(j int, _ model.Step) bool { return j == i })
			return recordStep(s.c.store, next, fmt.Sprintf("it no longer adds line %q", l.Title), 0)
		})
	}
	return s.askDelete(fmt.Sprintf("Remove line %q (%s) in scenario %q? The plan keeps it.", l.Title, l.Cost.Whole(), sc.Name),
		func() tea.Cmd {
			// A cost the scenario gave the line means nothing once it is gone.
			next := withoutSteps(sc, func(_ int, st model.Step) bool {
				return st.Kind == model.StepLineCost && st.Target == l.ID
			})
			next = withStep(next, model.Step{Kind: model.StepRemoveLine, Target: l.ID})
			return recordStep(s.c.store, next, fmt.Sprintf("line %q removed", l.Title), 0)
		})
}

// costDraft is a line's cost in a scenario, as typed.
type costDraft struct{ Cost string }

// costEditor is the form that gives a plan's line another cost in the
// scenario on screen.
func (s *linesScreen) costEditor(sc model.Scenario, l model.Line) *editor {
	d := &costDraft{Cost: plainMoney(l.Cost)}
	base := s.snap.saved.plan
	with := func() (model.Scenario, model.Money, error) {
		cost, err := model.ParseMoney(d.Cost)
		if err != nil {
			return sc, cost, fmt.Errorf("cost: %w", err)
		}
		return withStep(sc, model.Step{Kind: model.StepLineCost, Target: l.ID, Amount: &cost}), cost, nil
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: fmt.Sprintf("In scenario %q: %s", sc.Name, l.Title),
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Cost")).Value(&d.Cost).Validate(validMoney).Inline(true).
					Placeholder("e.g. 10,000 or 10k"),
			))
		},
		save: func() (tea.Cmd, error) {
			next, cost, err := with()
			if err != nil {
				return nil, err
			}
			if cost.Equal(l.Cost) {
				return nil, fmt.Errorf("the line already costs %s in this scenario: type another cost, or esc", cost.Whole())
			}
			return recordStep(s.c.store, next, fmt.Sprintf("line %q cost %s", l.Title, cost.Whole()), l.ID), nil
		},
		preview: func() (string, func() model.Totals, bool) {
			next, _, err := with()
			if err != nil {
				return "", nil, false
			}
			return stepsKey(next), scenarioTotals(base, next), true
		},
		note: func() string {
			return "A scenario holds only the cost of a plan's line; for the rest, edit the plan (b)."
		},
	}
}

// lineEditor is the form for a line; sink says where the line goes.
// usedKinds are the kinds the plan's lines already have, the most used
// first, each once whatever its case: a form offers them so that a kind
// is typed the same way each time and the lines sort together.
func usedKinds(p *model.Plan) []string {
	count := map[string]int{}
	spelt := map[string]string{}
	for _, l := range p.Lines {
		k := strings.TrimSpace(l.Kind)
		if k == "" {
			continue
		}
		low := strings.ToLower(k)
		if _, ok := spelt[low]; !ok {
			spelt[low] = k
		}
		count[low]++
	}
	out := make([]string, 0, len(spelt))
	for low := range spelt {
		out = append(out, low)
	}
	sort.Slice(out, func(i, j int) bool {
		if count[out[i]] != count[out[j]] {
			return count[out[i]] > count[out[j]]
		}
		return out[i] < out[j]
	})
	for i, low := range out {
		out[i] = spelt[low]
	}
	return out
}

// kindHint is the Kind field's placeholder: the kinds in use, and the key
// that completes one.
func kindHint(kinds []string) string {
	if len(kinds) == 0 {
		return "service, project, running cost…"
	}
	// As many as fit the field at 80 columns.
	const room = 55
	tail := " (ctrl+e completes)"
	shown := kinds[:1]
	for i := 2; i <= len(kinds); i++ {
		more := ""
		if i < len(kinds) {
			more = ", …"
		}
		if len(strings.Join(kinds[:i], ", "))+len(more)+len(tail) > room {
			break
		}
		shown = kinds[:i]
	}
	text := strings.Join(shown, ", ")
	if len(shown) < len(kinds) {
		text += ", …"
	}
	return text + tail
}

func (s *linesScreen) lineEditor(l model.Line, sink lineSink) *editor {
	d := newLineDraft(l)
	plan := s.snap.plan
	kinds := usedKinds(plan)
	d.kinds = kinds
	title := sink.where + "Add a line"
	if l.ID != 0 || sink.where != "" && l.Title != "" {
		title = sink.where + "Edit line: " + l.Title
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Title")).Value(&d.Title).Validate(required).Inline(true),
				priorityField(plan, &d.Priority),
				huh.NewInput().Title(label("Owner")).Value(&d.Owner).Inline(true),
				huh.NewInput().Title(label("Kind")).Value(&d.Kind).Inline(true).
					Suggestions(kinds).Placeholder(kindHint(kinds)),
				huh.NewInput().Title(label("Cost")).Value(&d.Cost).Validate(validMoney).Inline(true).
					Placeholder("e.g. 12,500 or 12.5k"),
				primaryTagField(plan, &d.PrimaryTag),
				alsoTagsField(plan, &d.AlsoTags),
				huh.NewInput().Title(label("Notes")).Value(&d.Notes).Inline(true),
			))
		},
		save: func() (tea.Cmd, error) {
			line, err := d.line()
			if err != nil {
				return nil, err
			}
			return sink.save(line), nil
		},
		preview: func() (string, func() model.Totals, bool) {
			line, err := d.line()
			if err != nil {
				return "", nil, false
			}
			// Totals depend on the cost, the priority and the PCC tags.
			key := fmt.Sprint(line.Cost, line.PriorityID, line.Tags) + sink.key(line)
			return key, sink.preview(line), true
		},
	}
}

// replaceOrAppend returns a copy of xs with the element that match picks
// replaced by x, or with x added when none matches. The copy is shallow:
// the preview only reads it.
func replaceOrAppend[T any](xs []T, x T, match func(T) bool) []T {
	out := make([]T, len(xs), len(xs)+1)
	copy(out, xs)
	for i := range out {
		if match(out[i]) {
			out[i] = x
			return out
		}
	}
	return append(out, x)
}

// label pads a field's title so the inline fields line up.
func label(s string) string { return fmt.Sprintf("%-14s", s) }

// priorityField is the SWP priority a line or post sits under, as every
// form asks it.
func priorityField(p *model.Plan, v *model.ID) huh.Field {
	return huh.NewSelect[model.ID]().Title(label("SWP priority")).Options(priorityOptions(p)...).Value(v).Inline(true)
}

// primaryTagField is the primary PCC priority of a line or post, the one
// its money counts under in the totals; ← and → choose it.
func primaryTagField(p *model.Plan, v *model.ID) huh.Field {
	opts := append([]huh.Option[model.ID]{huh.NewOption("None", model.ID(0))}, tagOptions(p)...)
	return huh.NewSelect[model.ID]().Title(label("PCC priority")).Options(opts...).Value(v).Inline(true)
}

// alsoTagsField is the other PCC priorities a line or post supports; they
// are shown, not added to their totals.
func alsoTagsField(p *model.Plan, v *[]model.ID) huh.Field {
	return huh.NewMultiSelect[model.ID]().Title("Also supports (space to tick)").Options(tagOptions(p)...).Value(v)
}

func priorityOptions(p *model.Plan) []huh.Option[model.ID] {
	opts := make([]huh.Option[model.ID], 0, len(p.Priorities))
	for _, pr := range sortedPriorities(p) {
		opts = append(opts, huh.NewOption(pr.Name, pr.ID))
	}
	return opts
}

func tagOptions(p *model.Plan) []huh.Option[model.ID] {
	opts := make([]huh.Option[model.ID], 0, len(p.Tags))
	for _, t := range sortedTags(p) {
		opts = append(opts, huh.NewOption(t.Name, t.ID))
	}
	return opts
}

// View implements screen.
func (s *linesScreen) View() string {
	if s.ed != nil {
		return s.ed.View()
	}
	if s.snap != nil && !s.snap.linesReady() {
		return s.c.styles.Muted.Render(fmt.Sprintf("Working out %d lines…", len(s.snap.plan.Lines)))
	}
	return s.infoLine() + "\n" + s.tbl.View(s.c.styles, s.cell) + "\n" + s.detailLine()
}

// detailLine says what the columns leave out about the selected line.
func (s *linesScreen) detailLine() string {
	return strings.Join(s.detailLines(), "\n")
}

// detailLines say what the columns leave out about the selected line,
// its title first when the table cuts it, wrapped to the width.
func (s *linesScreen) detailLines() []string {
	st := s.c.styles
	l, ok := s.selected()
	if !ok {
		if s.query != "" {
			return []string{st.Muted.Render("No line matches the filter; esc clears it.")}
		}
		return []string{st.Muted.Render("No lines yet: press a to add one.")}
	}
	var parts []string
	if s.titleCut(l.Title) {
		parts = append(parts, l.Title)
	}
	if ch := s.snap.lineChange(&l); ch != "" {
		parts = append(parts, "* "+capitalise(ch))
	}
	if l.Owner != "" {
		parts = append(parts, "Owner: "+l.Owner)
	}
	if l.Kind != "" {
		parts = append(parts, l.Kind)
	}
	if tags := s.snap.lines().tags[s.rows[s.tbl.Cursor()]]; tags != "" {
		parts = append(parts, "PCC: "+tags)
	} else {
		parts = append(parts, "not aligned to a PCC priority")
	}
	lines := wrap(strings.Join(parts, " · "), s.width)
	for i, line := range lines {
		lines[i] = st.Muted.Render(line)
	}
	return lines
}

// titleCut reports whether the table's title column is too narrow for
// title.
func (s *linesScreen) titleCut(title string) bool {
	return len(s.tbl.widths) > 0 && ansi.StringWidth(title) > s.tbl.widths[0]
}

// part is the part of the plan the filter in force keeps, for an export;
// nil when no filter is in force or it keeps no line.
func (s *linesScreen) part() *exportPart {
	if s.query == "" || len(s.rows) == 0 || s.snap == nil {
		return nil
	}
	p := &exportPart{of: len(s.snap.plan.Lines), query: s.query, lines: make([]model.Line, len(s.rows))}
	for i, r := range s.rows {
		p.lines[i] = s.snap.plan.Lines[r]
	}
	return p
}

// shownCost is the cost of the lines the filter keeps: the sum of the
// costs the column shows, so the figure adds up to what is on screen.
func (s *linesScreen) shownCost() model.Money {
	var sum int64
	for _, r := range s.rows {
		sum += s.snap.lines().shown[r]
	}
	return model.Pounds(sum)
}

func (s *linesScreen) infoLine() string {
	st := s.c.styles
	n := len(s.snap.plan.Lines)
	if s.filtering || s.query != "" {
		count := st.Muted.Render(fmt.Sprintf("  %d of %d lines, %s", len(s.rows), n, s.shownCost().Whole()))
		if s.filtering {
			return s.filter.View() + count
		}
		return truncate(st.Label.Render("Filter: ")+st.Figure.Render(s.query)+count+
			st.Muted.Render("  (esc clears)"), s.width)
	}
	order := "A to Z"
	if s.sortCol == sortCost || s.sortCol == sortPriority {
		order = "in order"
		if s.sortCol == sortCost {
			order = "smallest first"
		}
	}
	if s.sortDesc {
		order = "reversed"
	}
	changed := ""
	if s.snap.scenario != nil {
		changed = " · * changed by the scenario"
	}
	return truncate(st.Muted.Render(fmt.Sprintf("%d lines costing %s%s · sorted by %s, %s",
		n, s.snap.spendShown[1].Whole(), changed, sortNames[s.sortCol], order)), s.width)
}

// cell is the text of one cell; only rows on screen are asked for.
func (s *linesScreen) cell(r, col int) string {
	i := s.rows[r]
	l := &s.snap.plan.Lines[i]
	switch s.tbl.cols[col].key {
	case sortPriority:
		return s.snap.priorityName[l.PriorityID]
	case sortTitle:
		return l.Title
	case sortOwner:
		return l.Owner
	case sortTags:
		return s.snap.lines().tags[i]
	case sortCost:
		// A scenario's changes are marked, in the cell itself, so they
		// stand out in a long list without colour.
		// Rounded so that the column adds up to the total under it.
		if s.snap.lineChange(l) != "" {
			return "* " + model.Pounds(s.snap.lines().shown[i]).Whole()
		}
		return model.Pounds(s.snap.lines().shown[i]).Whole()
	}
	return ""
}

// ShortHelp implements help.KeyMap.
func (s *linesScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	switch {
	case s.ed != nil:
		return s.ed.ShortHelp()
	case s.ask != nil:
		return k.confirmHelp()
	case s.filtering:
		return []key.Binding{k.Accept, k.Cancel}
	}
	return []key.Binding{k.Edit, k.Add, k.Delete, k.Filter, k.Sort, k.Undo}
}

// FullHelp implements help.KeyMap.
func (s *linesScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Edit, k.Add, k.Delete},
		{k.Filter, k.Cancel, k.Sort, k.SortReverse},
	}
}
