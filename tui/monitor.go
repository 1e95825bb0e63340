package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/termsafe"
)

// monitorTab is the place of the Monitor screen in the tabs.
const monitorTab = 8

// The money columns of the Monitor screen, in screen order.
const (
	colBudget = iota
	colProfile
	colActual
	colVariance
	colForecast
	colForecastVar
	monitorColumns
)

// The orders the Monitor screen can list the items in; s cycles them.
const (
	monitorPlanOrder = iota
	monitorByRAG
	monitorByVariance
	monitorSorts
)

// monitorSortNames say in the screen's first line what the list is sorted by.
var monitorSortNames = [monitorSorts]string{
	monitorPlanOrder:  "plan order",
	monitorByRAG:      "RAG, red first",
	monitorByVariance: "size of forecast variance",
}

// monitorView is the plan's monitoring as at one period, worked out for
// the Monitor screen in a command: at 10,000 lines the monitoring, its
// rounding and its sort orders take tens of milliseconds, too long for a
// key press.
type monitorView struct {
	// revision is the store's revision the plan and monitoring were read
	// at, so a view worked out before a later change is dropped.
	revision uint64
	asAt     model.Period
	sum      model.MonitorSummary
	// shown are the items' money columns in whole pounds, each column
	// adding up to total as shown (largest remainder).
	shown [monitorColumns][]model.Money
	total [monitorColumns]model.Money
	// order holds, per sort, the item indexes in the order listed.
	order [monitorSorts][]int32
	// widths are the widest figure of each money column, total included.
	widths [monitorColumns]int
}

// monitorColumnsOf returns the money columns of a row of figures.
func monitorColumnsOf(f *model.MonitorFigures) [monitorColumns]model.Money {
	return [monitorColumns]model.Money{f.Budget, f.ProfileToDate, f.ActualToDate, f.VarianceToDate,
		f.ForecastOutturn, f.ForecastVariance}
}

// newMonitorView works out the monitoring of plan p as at asAt. It is
// called in commands (and in readSnapshot), never in Update.
func newMonitorView(p *model.Plan, m *model.Monitoring, asAt model.Period, revision uint64) *monitorView {
	v := &monitorView{revision: revision, asAt: asAt, sum: model.Monitor(p, m, asAt)}
	n := len(v.sum.Items)
	var parts [monitorColumns][]model.Money
	for c := range parts {
		parts[c] = make([]model.Money, n)
	}
	for i := range v.sum.Items {
		cols := monitorColumnsOf(&v.sum.Items[i].MonitorFigures)
		for c := range cols {
			parts[c][i] = cols[c]
		}
	}
	for c := range parts {
		v.shown[c], v.total[c] = model.RoundParts(parts[c])
		// The widest figure is the largest or the most negative: only
		// those are written out, not every figure of a large plan.
		hi, lo := v.total[c], v.total[c]
		for _, m := range v.shown[c] {
			if m.Cmp(hi) > 0 {
				hi = m
			}
			if m.Cmp(lo) < 0 {
				lo = m
			}
		}
		v.widths[c] = max(utf8.RuneCountInString(v.total[c].Whole()), utf8.RuneCountInString(hi.Whole()),
			utf8.RuneCountInString(lo.Whole()))
	}
	// Sorts compare pence, and are stable, so equal keys keep the plan's
	// order and rows do not shuffle between reloads.
	size := make([]int64, n)
	for i := range v.sum.Items {
		fv := v.sum.Items[i].ForecastVariance.Pennies()
		size[i] = max(fv, -fv)
	}
	for o := range v.order {
		order := make([]int32, n)
		for i := range order {
			order[i] = int32(i)
		}
		switch o {
		case monitorByRAG:
			slices.SortStableFunc(order, func(a, b int32) int {
				if ra, rb := v.sum.Items[a].RAG, v.sum.Items[b].RAG; ra != rb {
					return int(rb) - int(ra)
				}
				return cmp.Compare(size[b], size[a])
			})
		case monitorByVariance:
			slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(size[b], size[a]) })
		}
		v.order[o] = order
	}
	return v
}

// defaultAsAt is the period the Monitor screen opens at: the last period
// with any actual, else the start of the year (0: no period closed, so
// every forecast is its profile), as csplan monitor does. Opening at P1
// before any spend would show April closed and unspent: every item Amber.
func defaultAsAt(m *model.Monitoring) model.Period { return m.LatestPeriod() }

// quarterOf is the quarter whose comments and return go with an as-at
// period: Q1 at the start of the year.
func quarterOf(p model.Period) model.Quarter { return max(p, 1).Quarter() }

// toDate labels the "to date" columns: "to P3", or "to date" at the
// start of the year.
func toDate(p model.Period) string {
	if !p.Valid() {
		return "to date"
	}
	return "to " + p.String()
}

// monitorMsg carries a monitoring view worked out in a command. It goes
// to the Monitor screen wherever the officer is.
type monitorMsg struct{ view *monitorView }

// workMonitor returns the command that works out the monitoring as at
// asAt from the saved plan and monitoring in snap (copied here: the
// command reads nothing of the screen).
func workMonitor(snap *snapshot, asAt model.Period) tea.Cmd {
	saved := snap.saved
	plan, mon, rev := saved.plan, saved.monitoring, saved.revision
	return func() tea.Msg { return monitorMsg{view: newMonitorView(plan, mon, asAt, rev)} }
}

// quarterState is a quarter's standing for the return: not started, draft
// (spend recorded in it, not submitted) or submitted on a date.
func quarterStates(m *model.Monitoring) string {
	if m == nil {
		return ""
	}
	var spent [5]bool
	for _, a := range m.Actuals {
		if q := a.Period.Quarter(); q.Valid() {
			spent[q] = true
		}
	}
	parts := make([]string, 0, 4)
	for q := model.Quarter(1); q <= 4; q++ {
		switch r, ok := m.Returns[q]; {
		case ok:
			parts = append(parts, fmt.Sprintf("%s submitted %s", q, r.At.Format("2 Jan")))
		case spent[q]:
			parts = append(parts, q.String()+" draft")
		default:
			parts = append(parts, q.String()+" not started")
		}
	}
	return strings.Join(parts, " · ")
}

// monitorScreen is the year's monitoring: per item its budget, profile,
// actual and variance to the as-at period, its forecast outturn and
// variance for the year with a RAG flag, and the quarter's comment. enter
// opens an item's periods and actuals.
type monitorScreen struct {
	baseScreen
	editing
	tbl   table
	kinds []int
	// asAt is the as-at period on view; chosen is set once the officer
	// moves it, until then it follows the last period with spend.
	asAt   model.Period
	chosen bool
	sortBy int
	// view is the monitoring on screen; it may be of an earlier period
	// or revision while the one asked for is worked out (working).
	view    *monitorView
	working bool
	// quarters is the line of the four quarters' standing.
	quarters string
	// detail is the item open, or nil for the list.
	detail *itemDetail
}

func newMonitorScreen(c *common) *monitorScreen {
	s := &monitorScreen{baseScreen: baseScreen{c: c}, editing: editing{cm: c}, asAt: 1}
	s.kinds = monitorKinds(80)
	s.tbl = newTable(monitorTableColumns(s.kinds, [monitorColumns]int{}, 12))
	return s
}

// The kinds of the list's columns: the money columns are colBudget to
// colForecastVar.
const (
	kindItem = monitorColumns + iota
	kindPriority
	kindRAG
	kindComment
)

// monitorKinds are the list's columns for a width. At 80 columns the
// variance to date gives way (the profile and actual stand side by side,
// and the item's detail shows it), so titles keep room to be read; from
// 110 every figure shows with the SWP priority; from 150 the quarter's
// comment too. At every width the line under the totals shows the
// selected item's comment, and its detail shows it whole.
func monitorKinds(width int) []int {
	switch {
	case width >= 150:
		return []int{kindItem, kindPriority, colBudget, colProfile, colActual, colVariance, colForecast, colForecastVar,
			kindRAG, kindComment}
	case width >= 110:
		return []int{kindItem, kindPriority, colBudget, colProfile, colActual, colVariance, colForecast, colForecastVar,
			kindRAG}
	}
	return []int{kindItem, colBudget, colProfile, colActual, colForecast, colForecastVar, kindRAG}
}

// monitorTableColumns are the columns of the given kinds; money are the
// widths of the money columns, priority the width of the priority column.
func monitorTableColumns(kinds []int, money [monitorColumns]int, priority int) []column {
	titles := [monitorColumns]string{"Budget", "Profile", "Actual", "Variance", "Outturn", "Variance"}
	cols := make([]column, len(kinds))
	for i, k := range kinds {
		switch k {
		case kindItem:
			cols[i] = column{title: "Item", width: 20, flex: true}
		case kindPriority:
			cols[i] = column{title: "SWP priority", width: priority}
		case kindRAG:
			cols[i] = column{title: "RAG", width: 5}
		case kindComment:
			cols[i] = column{title: "Comment", width: 20, flex: true}
		default:
			cols[i] = column{title: titles[k], width: max(money[k], len(titles[k])), right: true}
		}
	}
	return cols
}

// Title implements screen.
func (s *monitorScreen) Title() string { return "Monitor" }

// The lines of the list above and below the table: the as-at line, the
// quarters, the line that names the column groups; the totals row and
// the selected item's comment.
const (
	monitorAbove = 3
	monitorBelow = 2
)

// SetSize implements screen.
func (s *monitorScreen) SetSize(w, h int) {
	s.baseScreen.SetSize(w, h)
	s.kinds = monitorKinds(w)
	s.layoutTable()
	if s.ed != nil {
		s.ed.SetSize(w, h)
	}
}

// layoutTable fits the columns to the figures on view.
func (s *monitorScreen) layoutTable() {
	var money [monitorColumns]int
	if s.view != nil {
		money = s.view.widths
	}
	// The priority column is as wide as the longest name, up to 24.
	priority := len("SWP priority")
	if s.snap != nil {
		for _, pr := range s.snap.plan.Priorities {
			priority = max(priority, min(utf8.RuneCountInString(pr.Name), 24))
		}
	}
	s.tbl.SetColumns(monitorTableColumns(s.kinds, money, priority))
	s.tbl.SetSize(s.width, max(s.height-monitorAbove-monitorBelow, 2))
}

// SetSnapshot implements screen. The figures are worked out in Reloaded.
func (s *monitorScreen) SetSnapshot(snap *snapshot) {
	s.snap = snap
	if !s.chosen {
		s.asAt = defaultAsAt(snap.saved.monitoring)
	}
	s.quarters = quarterStates(snap.saved.monitoring)
	if v := snap.saved.monitorShown(); snap.saved.monitorReady() && v != nil && v.asAt == s.asAt {
		s.setView(v)
		s.working = false
		return
	}
	// A scenario shown (or the plan again) is the same saved plan: the
	// figures on screen stand.
	if v := s.view; v != nil && v.revision == snap.saved.revision && v.asAt == s.asAt {
		s.working = false
		return
	}
	s.working = true
}

// Reloaded implements reloader: the figures for the plan just read, when
// the snapshot did not bring them.
func (s *monitorScreen) Reloaded() tea.Cmd {
	if !s.working || s.snap == nil {
		return nil
	}
	if sv := s.snap.saved; !sv.monitorReady() && s.asAt == defaultAsAt(sv.monitoring) {
		// The totals bar's figures, for this very period, are being
		// worked out already (Model.workOnView); monitorReadyMsg brings
		// them here too, so they are not worked out twice.
		return nil
	}
	return workMonitor(s.snap, s.asAt)
}

// setView puts a worked-out view on screen, keeping the selected item.
func (s *monitorScreen) setView(v *monitorView) {
	keep := s.selectedIndex()
	var keepID model.ID
	if s.view != nil && keep >= 0 && keep < len(s.view.sum.Items) {
		keepID = s.view.sum.Items[keep].Item.ID
	}
	s.view = v
	s.tbl.SetRows(len(v.sum.Items))
	s.layoutTable()
	if keepID != 0 {
		s.selectItem(keepID)
	}
}

// selectedIndex is the item under the cursor, as an index of the view's
// items, or -1.
func (s *monitorScreen) selectedIndex() int {
	r := s.tbl.Cursor()
	if s.view == nil || r < 0 || r >= len(s.view.order[s.sortBy]) {
		return -1
	}
	return int(s.view.order[s.sortBy][r])
}

// selectItem puts the cursor on the item with the given ID.
func (s *monitorScreen) selectItem(id model.ID) {
	for r, i := range s.view.order[s.sortBy] {
		if s.view.sum.Items[i].Item.ID == id {
			s.tbl.SetCursor(r)
			return
		}
	}
}

// itemIndex finds an item of the view by ID, or -1.
func (v *monitorView) itemIndex(id model.ID) int {
	for i := range v.sum.Items {
		if v.sum.Items[i].Item.ID == id {
			return i
		}
	}
	return -1
}

// moveAsAt moves the as-at period by delta, within P1-P12, and asks for
// its figures.
func (s *monitorScreen) moveAsAt(delta int) tea.Cmd {
	next := model.Period(min(max(int(s.asAt)+delta, 0), model.Periods))
	if next == s.asAt {
		edge := "The start of the year, before P1 (April) closes, is the first view of the year."
		if delta > 0 {
			edge = "P12 (March) is the last period of the year."
		}
		return status(edge, false)
	}
	s.asAt, s.chosen, s.working = next, true, true
	if v := s.snap.saved.monitorShown(); s.snap.saved.monitorReady() && v != nil && v.asAt == next {
		s.setView(v)
		s.working = false
		return nil
	}
	return workMonitor(s.snap, next)
}

// OwnsKey implements keyOwner: on the list enter opens an item, even in a
// read-only session where enter otherwise edits; in an item's detail e
// corrects an actual rather than exporting.
func (s *monitorScreen) OwnsKey(msg tea.KeyPressMsg) bool {
	k := s.c.keys
	if s.detail != nil {
		return key.Matches(msg, k.CorrectActual)
	}
	return key.Matches(msg, k.Open)
}

// Update implements screen.
func (s *monitorScreen) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := s.editing.update(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case monitorMsg:
		v := msg.view
		if s.snap == nil || v.revision != s.snap.saved.revision || v.asAt != s.asAt {
			return nil // worked out for a period or a plan no longer on view
		}
		s.setView(v)
		s.working = false
		return nil
	case tea.KeyPressMsg:
		if s.view == nil {
			return nil
		}
		k := s.c.keys
		switch {
		case key.Matches(msg, k.PeriodPrev):
			return s.moveAsAt(-1)
		case key.Matches(msg, k.PeriodNext):
			return s.moveAsAt(1)
		}
		if s.detail != nil {
			return s.updateDetail(msg)
		}
		switch {
		case s.tbl.HandleKey(msg, *k):
		case key.Matches(msg, k.Sort):
			i := s.selectedIndex()
			s.sortBy = (s.sortBy + 1) % monitorSorts
			if i >= 0 {
				s.selectItem(s.view.sum.Items[i].Item.ID)
			}
		case key.Matches(msg, k.Open):
			if i := s.selectedIndex(); i >= 0 {
				s.detail = &itemDetail{id: s.view.sum.Items[i].Item.ID}
			}
		}
	case tea.MouseMsg:
		if s.detail == nil && s.view != nil {
			s.tbl.HandleMouse(msg, msg.Mouse().Y-monitorAbove)
		}
	}
	return nil
}

// asAtLine says the period on view with its month and quarter: "As at
// P3 (June 2017), Q1 Apr-Jun 2017".
func (s *monitorScreen) asAtLine() string {
	year := s.snap.plan.Info.StartYear
	line := fmt.Sprintf("As at %s (%s), %s", s.asAt, model.MonthDate(year, int(s.asAt)),
		strings.Replace(s.asAt.Quarter().Label(year), ",", "", 1))
	if !s.asAt.Valid() {
		line = "Start of " + s.snap.plan.Info.Year() + ": no period closed, forecasts follow the profile"
	}
	if s.working {
		line += " (working out…)"
	}
	if s.snap.scenario != nil {
		// Spend is recorded against the plan: a scenario has none.
		line += " · the plan's spend, not the scenario's"
	}
	return line
}

// View implements screen.
func (s *monitorScreen) View() string {
	if s.ed != nil {
		return s.ed.View()
	}
	st := s.c.styles
	if s.view == nil {
		return st.Muted.Render("Working out the monitoring…")
	}
	if s.detail != nil {
		return s.detailView()
	}
	head := st.Heading.Render(s.asAtLine()) + st.Muted.Render(" · sorted by "+monitorSortNames[s.sortBy])
	out := []string{truncate(head, s.width), truncate(st.Muted.Render(s.quarters), s.width), s.groupLine()}
	out = append(out, s.tbl.View(st, s.cell))
	out = append(out, st.Figure.Render(s.tbl.Row(s.totalCell)))
	out = append(out, s.footLine())
	return strings.Join(out, "\n")
}

// groupLine names the groups of columns over the table: the figures to
// the as-at period, and the forecast for the year.
func (s *monitorScreen) groupLine() string {
	w := s.tbl.widths
	var b strings.Builder
	pos := 0
	group := func(label string, in func(k int) bool) {
		from, to := -1, -1
		for i, k := range s.kinds {
			if in(k) {
				if from < 0 {
					from = i
				}
				to = i
			}
		}
		if from < 0 {
			return
		}
		start, width := 0, -1
		for i := 0; i <= to; i++ {
			if i < from {
				start += w[i] + 1
			} else {
				width += w[i] + 1
			}
		}
		b.WriteString(strings.Repeat(" ", max(start-pos, 0)))
		b.WriteString(fitCentre(label, width))
		pos = start + width
	}
	group(toDate(s.asAt), func(k int) bool { return k == colProfile || k == colActual || k == colVariance })
	group("for the year", func(k int) bool { return k == colForecast || k == colForecastVar })
	return s.c.styles.Muted.Render(b.String())
}

// fitCentre draws a label centred in a rule of width cells: "── to P3 ──".
func fitCentre(label string, width int) string {
	label = " " + label + " "
	if len(label) >= width {
		return truncate(strings.TrimSpace(label), width)
	}
	left := (width - len(label)) / 2
	return strings.Repeat("─", left) + label + strings.Repeat("─", width-len(label)-left)
}

// ragWord is a RAG flag in a word, styled: colour is never the only sign.
func (s *monitorScreen) ragWord(r model.RAG) string {
	st := s.c.styles
	switch r {
	case model.Red:
		return st.Over.Render("Red")
	case model.Amber:
		return st.Relies.Render("Amber")
	}
	return st.Fits.Render("Green")
}

// comment is the item's comment for the as-at quarter, display-safe, on
// one line.
func (s *monitorScreen) comment(id model.ID) string {
	m := s.snap.saved.monitoring
	if m == nil {
		return ""
	}
	text := m.Narratives[id][quarterOf(s.asAt)]
	return strings.Join(strings.Fields(termsafe.Visible(text)), " ")
}

func (s *monitorScreen) cell(r, col int) string {
	i := s.view.order[s.sortBy][r]
	im := &s.view.sum.Items[i]
	switch k := s.kinds[col]; k {
	case kindItem:
		return im.Item.Title
	case kindPriority:
		return s.snap.priorityName[im.Item.PriorityID]
	case kindRAG:
		return s.ragWord(im.RAG)
	case kindComment:
		return s.comment(im.Item.ID)
	default:
		return s.view.shown[k][i].Whole()
	}
}

// totalCell is the totals row: each money column's rounded figures add up
// to it as shown.
func (s *monitorScreen) totalCell(col int) string {
	switch k := s.kinds[col]; k {
	case kindItem:
		return "Total, " + plural(len(s.view.sum.Items), "item", "items")
	case kindPriority, kindComment:
		return ""
	case kindRAG:
		return s.ragWord(s.view.sum.RAG)
	default:
		return s.view.total[k].Whole()
	}
}

// footLine is under the totals: actuals against items no longer in the
// plan, when there are any (they count nowhere, so they are not lost from
// sight), else the selected item's comment for the quarter.
func (s *monitorScreen) footLine() string {
	st := s.c.styles
	if o := s.view.sum.Orphans; len(o) > 0 {
		var sum model.Money
		for _, a := range o {
			sum = sum.Add(a.Amount)
		}
		return truncate(st.Error.Render(fmt.Sprintf("%s (%s) against items no longer in the plan: counted nowhere",
			plural(len(o), "actual", "actuals"), sum.Exact())), s.width)
	}
	i := s.selectedIndex()
	if i < 0 {
		return ""
	}
	q := quarterOf(s.asAt)
	text := s.comment(s.view.sum.Items[i].Item.ID)
	if text == "" {
		return truncate(st.Muted.Render(fmt.Sprintf("No %s comment for this item: enter opens it, n writes one.", q)), s.width)
	}
	return truncate(st.Muted.Render(q.String()+" comment: ")+text, s.width)
}

// ShortHelp implements help.KeyMap.
func (s *monitorScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	switch {
	case s.ed != nil:
		return s.ed.ShortHelp()
	case s.ask != nil:
		return k.confirmHelp()
	case s.detail != nil && s.c.readOnly:
		return []key.Binding{k.Close, k.PeriodPrev}
	case s.detail != nil:
		return []key.Binding{k.Close, k.Add, k.CorrectActual, k.Delete, k.SetForecast, k.SetNarrative, k.AddMeasure, k.SetVacancy, k.SetProfile}
	}
	return []key.Binding{k.Open, k.PeriodPrev, k.Sort, k.ImportSpend, k.WriteReturn, k.Undo}
}

// FullHelp implements help.KeyMap.
func (s *monitorScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	if s.detail != nil && s.c.readOnly {
		return [][]key.Binding{{k.Up, k.Down, k.Close, k.PeriodPrev, k.PeriodNext}}
	}
	if s.detail != nil {
		return [][]key.Binding{{k.Up, k.Down, k.Close, k.PeriodPrev, k.PeriodNext},
			{k.Add, k.CorrectActual, k.Delete}, {k.SetForecast, k.SetVacancy, k.SetNarrative, k.AddMeasure, k.SetProfile}}
	}
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Open, k.PeriodPrev, k.PeriodNext, k.Sort, k.ImportSpend, k.WriteReturn}}
}

// upperFirst capitalises a label's first letter: "to P3" → "To P3".
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// inDetail reports whether an item's detail is open (r is then not the
// return).
func (s *monitorScreen) inDetail() bool { return s.detail != nil }
