package tui

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
)

// comparisonMsg carries a comparison worked out in a command: the plan and
// each scenario side by side, with the text of every cell.
type comparisonMsg struct {
	// ids are the scenarios compared, in column order after the plan.
	ids   []model.ID
	names []string
	rows  []model.Row
	// values and diffs are each row's cells as text: a value per column,
	// and per scenario column its difference from the plan ("" for none).
	values, diffs [][]string
	// revision is the saved plan's the comparison was worked out from:
	// one from an older plan, arriving late, is dropped.
	revision uint64
}

// endsForm implements formResult: the form that chose the scenarios
// closes when their comparison arrives.
func (comparisonMsg) endsForm() {}

// compare works out the comparison of the plan with scenarios ids in a
// command. At 10,000 lines it is tens of milliseconds of work.
func (s *scenariosScreen) compare(ids []model.ID) tea.Cmd {
	saved := s.snap.saved
	return func() tea.Msg {
		msg := comparisonMsg{names: []string{"Plan"}, revision: saved.revision}
		cols := []model.Column{{Name: "Plan", Plan: saved.plan, Costings: saved.costings}}
		for _, id := range ids {
			if st, ok := saved.scenarioByID(id); ok {
				w := st.work()
				cols = append(cols, model.Column{Name: st.sc.Name, Plan: w.plan, Costings: w.costings})
				msg.ids = append(msg.ids, id)
				msg.names = append(msg.names, st.sc.Name)
			}
		}
		msg.rows = model.Compare(cols)
		// Whole pounds that add up down each column; a difference is the
		// scenario's figure as shown less the plan's, so the differences
		// add up too.
		shown := model.RoundComparison(msg.rows)
		msg.values = make([][]string, len(msg.rows))
		msg.diffs = make([][]string, len(msg.rows))
		for r, row := range msg.rows {
			vals := make([]string, len(row.Cells))
			diffs := make([]string, len(row.Cells))
			for i, c := range row.Cells {
				vals[i] = "—"
				if c.Present {
					vals[i] = shown[r][i].Whole()
				}
				if i > 0 && !row.Diff(i).IsZero() {
					diffs[i] = signedWhole(shown[r][i].Sub(shown[r][0]))
				}
			}
			msg.values[r], msg.diffs[r] = vals, diffs
		}
		return msg
	}
}

// compareDraft is the choice of scenarios to compare with the plan.
type compareDraft struct{ IDs []model.ID }

// compareEditor asks which scenarios to lay beside the plan: those on
// view already, else the selected one, else all of them.
func (s *scenariosScreen) compareEditor() *editor {
	scs := s.snap.saved.scenarios
	d := &compareDraft{}
	switch st, ok := s.selected(); {
	case s.cmp != nil:
		d.IDs = append(d.IDs, s.cmp.ids...)
	case ok:
		d.IDs = []model.ID{st.sc.ID}
	default:
		for _, st := range scs {
			d.IDs = append(d.IDs, st.sc.ID)
		}
	}
	opts := make([]huh.Option[model.ID], 0, len(scs))
	for _, st := range scs {
		opts = append(opts, huh.NewOption(fmt.Sprintf("%s (headroom %s, %s on confirmed money)",
			st.sc.Name, st.work().totals.HeadroomAll.Whole(), st.work().totals.HeadroomConfirmed.Whole()), st.sc.ID))
	}
	return &editor{
		c:         s.c,
		title:     "Compare the plan with…",
		cancelled: "Cancelled: nothing to compare.",
		reads:     true,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewMultiSelect[model.ID]().Title("Scenarios (space ticks, enter compares)").
					Options(opts...).Value(&d.IDs).Height(min(len(opts)+2, max(s.height-4, 3))),
			))
		},
		save: func() (tea.Cmd, error) {
			if len(d.IDs) == 0 {
				return nil, fmt.Errorf("tick at least one scenario to compare with the plan")
			}
			// Columns follow the list's order, whatever order they were ticked.
			in := map[model.ID]bool{}
			for _, id := range d.IDs {
				in[id] = true
			}
			var ids []model.ID
			for _, st := range scs {
				if in[st.sc.ID] {
					ids = append(ids, st.sc.ID)
				}
			}
			return s.compare(ids), nil
		},
	}
}

// comparison shows a comparison: a title, a header that stays put, and
// rows that scroll, grouped by section. Unchanged rows can be hidden.
type comparison struct {
	c *common
	comparisonMsg
	hideSame bool
	// lines are the lines on the page in order: a section heading is
	// -1-k for section k, a row is its index in rows. A row whose label
	// is wider than the label column takes a line for each part of it
	// wrapped, parts[i] saying which; its figures stand on its first.
	lines    []int
	parts    []int
	labels   [][]string // each row's label, wrapped to the label column
	sections []string
	hidden   int
	scroll   int
	width    int
	height   int
	// reworking is set while the comparison is worked out again for a
	// plan saved since: the title says so until it comes.
	reworking bool
	// widest is the widest value, difference and label (with its mark)
	// of all the rows, worked out once: layout needs them on every key,
	// and at 100,000 lines a pass over the rows is a third of a second.
	widest struct{ val, diff, label int }
}

func newComparison(c *common, msg comparisonMsg) *comparison {
	cmp := &comparison{c: c, comparisonMsg: msg}
	for r := range cmp.rows {
		for i := range cmp.values[r] {
			cmp.widest.val = max(cmp.widest.val, utf8.RuneCountInString(cmp.values[r][i]))
			cmp.widest.diff = max(cmp.widest.diff, utf8.RuneCountInString(cmp.diffs[r][i]))
		}
		cmp.widest.label = max(cmp.widest.label, ansi.StringWidth(cmp.rows[r].Label)+2)
	}
	cmp.layoutLines()
	return cmp
}

// layoutLines works out which lines the page has: headings and rows, less
// the unchanged rows when they are hidden.
func (cmp *comparison) layoutLines() {
	cmp.lines, cmp.parts, cmp.sections, cmp.hidden = cmp.lines[:0], cmp.parts[:0], cmp.sections[:0], 0
	// Labels wrap between words to the label column (less the two cells
	// of the mark), so no title is cut.
	labelW := max(cmp.layout().labelW-2, 4)
	if len(cmp.labels) != len(cmp.rows) {
		cmp.labels = make([][]string, len(cmp.rows))
	}
	section := ""
	for i, r := range cmp.rows {
		if r.Section != section {
			section = r.Section
			cmp.sections = append(cmp.sections, section)
			cmp.lines = append(cmp.lines, -len(cmp.sections))
			cmp.parts = append(cmp.parts, 0)
		}
		if cmp.hideSame && !r.Changed {
			cmp.hidden++
			continue
		}
		if len(r.Label) <= labelW {
			cmp.labels[i] = []string{r.Label}
		} else {
			cmp.labels[i] = wrap(r.Label, labelW)
		}
		for k := range cmp.labels[i] {
			cmp.lines = append(cmp.lines, i)
			cmp.parts = append(cmp.parts, k)
		}
	}
	cmp.clampScroll()
}

// SetSize fits the comparison to the screen.
func (cmp *comparison) SetSize(w, h int) {
	cmp.width, cmp.height = w, h
	cmp.layoutLines()
}

// bodyHeight is the room for scrolling lines: all but the title and the
// two lines of the column header.
func (cmp *comparison) bodyHeight() int {
	return max(cmp.height-2-len(cmp.titleLines(cmp.layout())), 1)
}

// titleLines are what the comparison shows and how to read it, wrapped to
// the width.
func (cmp *comparison) titleLines(l compareLayout) []string {
	st := cmp.c.styles
	quoted := make([]string, len(cmp.names)-1)
	for i, n := range cmp.names[1:] {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	title := "The plan and " + strings.Join(quoted, ", ")
	var how string
	switch {
	case cmp.reworking:
		how = " · working out again for the plan as saved now…"
	case cmp.hideSame:
		how = fmt.Sprintf(" · %d unchanged rows hidden (h shows them)", cmp.hidden)
	case !l.wide:
		how = " · * a changed row · h hides the rest"
	default:
		how = " · each scenario's figure, then its change · h hides rows alike"
	}
	lines := wrap(title+how, cmp.width)
	for i, line := range lines {
		if i == 0 && strings.HasPrefix(line, title) {
			lines[i] = st.Heading.Render(title) + st.Muted.Render(strings.TrimPrefix(line, title))
		} else {
			lines[i] = st.Muted.Render(line)
		}
	}
	return lines
}

func (cmp *comparison) clampScroll() {
	cmp.scroll = clampInt(cmp.scroll, 0, max(len(cmp.lines)-cmp.bodyHeight(), 0))
}

// Update scrolls and toggles the unchanged rows; it returns false when the
// officer closes the comparison.
func (cmp *comparison) Update(msg tea.Msg) bool {
	k := cmp.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Close):
			return false
		case key.Matches(msg, k.HideSame):
			cmp.hideSame = !cmp.hideSame
			cmp.layoutLines()
		case key.Matches(msg, k.Up):
			cmp.scroll--
		case key.Matches(msg, k.Down):
			cmp.scroll++
		// A page is one line short of the body, as the first line may be
		// taken by the section's heading.
		case key.Matches(msg, k.PageUp):
			cmp.scroll -= cmp.bodyHeight() - 1
		case key.Matches(msg, k.PageDown):
			cmp.scroll += cmp.bodyHeight() - 1
		case key.Matches(msg, k.Top):
			cmp.scroll = 0
		case key.Matches(msg, k.Bottom):
			cmp.scroll = math.MaxInt32
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			cmp.scroll -= 3
		case tea.MouseWheelDown:
			cmp.scroll += 3
		}
	}
	cmp.clampScroll()
	return true
}

// layout is how a comparison's columns share the width.
type compareLayout struct {
	labelW, valW, diffW int
	// wide is false when the label would be too narrow to read with the
	// differences: they go, and a changed row is marked with * instead.
	wide bool
}

// groupW is the width of a scenario's figures: its value, and in a wide
// layout its difference.
func (l compareLayout) groupW() int {
	if l.wide {
		return l.valW + 1 + l.diffW
	}
	return l.valW
}

// gap is the space before each column of figures; scenarios get two in a
// wide layout, so each value sits with its own difference.
func (l compareLayout) gap(i int) int {
	if l.wide && i > 0 {
		return 2
	}
	return 1
}

// layout works out the columns: the figures as wide as their widest text,
// and the label the rest, up to the longest label.
func (cmp *comparison) layout() compareLayout {
	l := compareLayout{valW: max(len("£0,000"), cmp.widest.val), diffW: max(len("+£0,000"), cmp.widest.diff), wide: true}
	longest := cmp.widest.label
	figures := func() int {
		w := 0
		for i := range cmp.names {
			w += l.gap(i)
			if i == 0 {
				w += l.valW
			} else {
				w += l.groupW()
			}
		}
		return w
	}
	l.labelW = cmp.width - figures()
	if l.labelW < 20 {
		l.wide = false
		l.labelW = cmp.width - figures()
	}
	// A label much wider than its figures makes the eye travel: on a wide
	// terminal, long titles are cut at 60 cells (or half the width).
	l.labelW = clampInt(l.labelW, 4, max(min(longest, max(60, cmp.width/2)), 24))
	return l
}

// header is the two lines over the figures: each scenario's name, wrapped
// over two lines to the width of its figures, so names read in full where
// they can.
func (cmp *comparison) header(l compareLayout) [2]string {
	var out [2]string
	out[0] = strings.Repeat(" ", l.labelW)
	out[1] = out[0]
	for i, n := range cmp.names {
		w := l.valW
		if i > 0 {
			w = l.groupW()
		}
		lines := wrap(n, w)
		if len(lines) > 2 {
			lines = []string{lines[0], strings.Join(lines[1:], " ")}
		}
		if len(lines) == 1 {
			lines = []string{"", lines[0]}
		}
		for k := range out {
			out[k] += strings.Repeat(" ", l.gap(i)) + fmt.Sprintf("%*s", w, truncate(lines[k], w))
		}
	}
	return out
}

// View draws the title, the column header and the lines on view.
func (cmp *comparison) View() string {
	st := cmp.c.styles
	l := cmp.layout()
	var b strings.Builder
	b.WriteString(strings.Join(cmp.titleLines(l), "\n") + "\n")
	head := cmp.header(l)
	b.WriteString(st.Header.Render(truncate(head[0], cmp.width)) + "\n")
	b.WriteString(st.Header.Render(truncate(head[1], cmp.width)))

	end := min(cmp.scroll+cmp.bodyHeight(), len(cmp.lines))
	top := cmp.scroll
	// Scrolled into a section, its heading stays on the first line.
	if top < end && cmp.lines[top] >= 0 {
		section := cmp.rows[cmp.lines[top]].Section
		b.WriteString("\n" + st.Heading.Render(truncate(section+" (continued)", cmp.width)))
		top++
	}
	for j := top; j < end; j++ {
		li := cmp.lines[j]
		b.WriteByte('\n')
		if li < 0 {
			b.WriteString(st.Heading.Render(truncate(cmp.sections[-li-1], cmp.width)))
			continue
		}
		b.WriteString(truncate(cmp.row(li, cmp.parts[j], l), cmp.width))
	}
	if len(cmp.lines) == 0 {
		b.WriteString("\n" + st.Muted.Render("Nothing to compare."))
	}
	return b.String()
}

// row draws one line of a row: the part-th line of its label, and on the
// first its figures.
func (cmp *comparison) row(r, part int, l compareLayout) string {
	st := cmp.c.styles
	row := cmp.rows[r]
	mark := "  "
	if !l.wide && row.Changed && part == 0 {
		mark = "* "
	}
	label := row.Label
	if r < len(cmp.labels) && part < len(cmp.labels[r]) {
		label = cmp.labels[r][part]
	}
	if part > 0 {
		// Indented under the row's first line, so it reads as the same
		// title and not as a row of its own.
		return mark + "  " + label
	}
	var b strings.Builder
	b.WriteString(padRight(mark+label, l.labelW))
	for i, v := range cmp.values[r] {
		b.WriteString(strings.Repeat(" ", l.gap(i)))
		cell := fmt.Sprintf("%*s", l.valW, v)
		if i > 0 && cmp.diffs[r][i] != "" {
			cell = st.Figure.Render(cell)
		}
		b.WriteString(cell)
		if l.wide && i > 0 {
			b.WriteString(" " + st.Figure.Render(fmt.Sprintf("%*s", l.diffW, cmp.diffs[r][i])))
		}
	}
	return b.String()
}

// ShortHelp lists the comparison's keys.
func (cmp *comparison) ShortHelp() []key.Binding {
	k := cmp.c.keys
	return []key.Binding{k.HideSame, k.Close, k.Down, k.PageDown, k.Compare}
}

// FullHelp lists the comparison's keys.
func (cmp *comparison) FullHelp() [][]key.Binding {
	k := cmp.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.HideSame, k.Compare, k.Close}}
}
