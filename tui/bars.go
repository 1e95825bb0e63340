package tui

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"csplan/model"
)

// renderHeader draws the first line: the app and the plan on the left, and
// on the right markers (already styled) that change what the screens mean,
// such as a scenario on screen or read-only (see Model.headerMarkers). The
// markers matter more, so the plan's name gives way to them.
func renderHeader(st *Styles, info model.Info, markers []string, width int) string {
	plan := func(name string) string {
		return st.Title.Render("csplan") + "  " + st.PlanName.Render(name) + st.Muted.Render(" · ") +
			st.PlanName.Render(info.Year())
	}
	right := strings.Join(markers, "  ")
	rw := ansi.StringWidth(right)
	if right == "" {
		return truncate(plan(info.Partnership), width)
	}
	if rw+1+len("csplan") > width {
		return truncate(right, width)
	}
	// The partnership's name shortens to its initials before the year is
	// cut: what year, and what is on screen, matter more.
	for _, left := range []string{plan(info.Partnership), plan(initials(info.Partnership))} {
		if ansi.StringWidth(left)+1+rw <= width {
			return spread(left, right, width)
		}
	}
	return spread(truncate(st.Title.Render("csplan"), width-1-rw), right, width)
}

// initials shortens a name to the first letters of its capitalised words:
// Safer Wolverhampton Partnership is SWP.
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if r := []rune(w)[0]; unicode.IsUpper(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// renderTabs draws the screen names with their number keys.
func renderTabs(st *Styles, screens []screen, active, width int) string {
	var b strings.Builder
	for i, label := range tabLabels(screens, active, width) {
		if i == active {
			b.WriteString(st.ActiveTab.Render(label))
		} else {
			b.WriteString(st.Tab.Render(label))
		}
	}
	return truncate(b.String(), width)
}

// tabLabels are the labels of the tabs, "1 Overview" and so on. When they
// do not all fit the width, the longest titles of the tabs not on view
// are shortened ("4 Fund…") one letter at a time until they do, so every
// tab keeps its number and the start of its name.
func tabLabels(screens []screen, active, width int) []string {
	titles := make([][]rune, len(screens))
	total := 0
	for i, s := range screens {
		titles[i] = []rune(s.Title())
		// Each tab is its number, a space and its title, with a space
		// either side.
		total += len(fmt.Sprint(i+1)) + 1 + len(titles[i]) + 2
	}
	cut := make([]bool, len(screens))
	for total > width {
		longest := -1
		for i := range titles {
			if i != active && len(titles[i]) > 2 && (longest < 0 || len(titles[i]) > len(titles[longest])) {
				longest = i
			}
		}
		if longest < 0 {
			break
		}
		if !cut[longest] {
			// The ellipsis takes the place of the letter dropped.
			cut[longest] = true
		} else {
			total--
		}
		titles[longest] = titles[longest][:len(titles[longest])-1]
	}
	labels := make([]string, len(screens))
	for i, t := range titles {
		labels[i] = fmt.Sprintf("%d %s", i+1, string(t))
		if cut[i] {
			labels[i] += "…"
		}
	}
	return labels
}

// tabAt returns the tab under column x of the tab row, or -1. It follows
// renderTabs: each tab is its label with one space either side.
func tabAt(screens []screen, active, width, x int) int {
	pos := 0
	for i, label := range tabLabels(screens, active, width) {
		w := ansi.StringWidth(label) + 2
		if x >= pos && x < pos+w {
			return i
		}
		pos += w
	}
	return -1
}

// renderTotals draws the three lines of the totals bar: what is allocated
// against which money, the headroom both ways, and a gauge with the answer
// to "does it fit?" in words, so colour is never the only signal.
func renderTotals(st *Styles, t model.Totals, preview bool, width int) string {
	fig := func(label string, m model.Money) string {
		return st.Label.Render(label+" ") + st.Figure.Render(m.Whole())
	}
	sep := st.Muted.Render(" · ")
	var head string
	if preview {
		head = st.Preview.Render("PREVIEW") + " "
	}
	head += fig("Allocated", t.Allocated) + st.Label.Render(" of ") + st.Figure.Render(t.EnvelopeAll.Whole()) +
		sep + fig("confirmed", t.Confirmed)
	pending := sep + fig("pending", t.Pending)
	refused := ""
	if !t.Refused.IsZero() {
		refused = sep + fig("refused", t.Refused)
	}
	// Refused money counts for nothing, so it is the first to go when the
	// line is too long; pending money of nothing goes before it.
	l1 := head + pending + refused
	if ansi.StringWidth(l1) > width && t.Pending.IsZero() {
		l1 = head + refused
	}
	if ansi.StringWidth(l1) > width {
		l1 = head + pending
	}

	money := func(m model.Money) string {
		if m.Sign() < 0 {
			return st.Over.Render(m.Whole())
		}
		return st.Figure.Render(m.Whole())
	}
	l2 := st.Label.Render("Headroom ") + money(t.HeadroomAll) + st.Label.Render(" if pending is approved") +
		sep + money(t.HeadroomConfirmed) + st.Label.Render(" on confirmed money alone")

	verdict := fitVerdict(st, t)
	gw := max(width-ansi.StringWidth(verdict)-1, 10)
	l3 := renderGauge(st, t, gw) + " " + verdict
	return truncate(l1, width) + "\n" + truncate(l2, width) + "\n" + truncate(l3, width)
}

// renderSpend draws the totals bar's line of the year's spend, once any
// is recorded: spent to date (the last period with spend), the forecast
// outturn, and the forecast under- or overspend against the envelope, in
// words. The difference is worked from the rounded figures shown, so the
// line adds up as read. The longest wording that fits is used.
func renderSpend(st *Styles, sum model.MonitorSummary, envelope model.Money, year, width int) string {
	spent, outturn := sum.Total.ActualToDate, sum.Total.ForecastOutturn
	env := model.Pounds(envelope.Decimal().Round(0).IntPart())
	out := model.Pounds(outturn.Decimal().Round(0).IntPart())
	diff := env.Sub(out)
	fig := func(m model.Money) string { return st.Figure.Render(m.Whole()) }
	sep := st.Muted.Render(" · ")
	var verdict, short string
	switch {
	case diff.Sign() > 0:
		verdict = st.Label.Render("forecast underspend ") + fig(diff)
		short = verdict
	case diff.Sign() < 0:
		verdict = st.Over.Render("forecast overspend " + diff.Neg().Whole())
		short = verdict
	default:
		verdict = st.Fits.Render("forecast to spend the envelope exactly")
		short = st.Fits.Render("forecast on budget")
	}
	asAt := sum.AsAt
	for _, l := range []string{
		st.Label.Render("Spent to date ") + fig(spent) + st.Label.Render(fmt.Sprintf(" (to %s, %s)", asAt, model.MonthDate(year, int(asAt)))) +
			sep + st.Label.Render("forecast outturn ") + fig(outturn) + sep + verdict + st.Label.Render(" against the envelope ") + fig(env),
		st.Label.Render("Spent to date ") + fig(spent) + st.Label.Render(fmt.Sprintf(" (to %s)", asAt)) +
			sep + st.Label.Render("forecast outturn ") + fig(outturn) + sep + verdict + st.Label.Render(" against ") + fig(env),
		st.Label.Render("Spent ") + fig(spent) + st.Label.Render(fmt.Sprintf(" to %s", asAt)) +
			sep + st.Label.Render("outturn ") + fig(outturn) + sep + verdict,
		st.Label.Render("Spent ") + fig(spent) + st.Label.Render(fmt.Sprintf(" to %s", asAt)) +
			sep + st.Label.Render("outturn ") + fig(outturn) + sep + short,
	} {
		if ansi.StringWidth(l) <= width {
			return l
		}
	}
	return truncate(st.Label.Render("Spent ")+fig(spent)+sep+short, width)
}

// fitVerdict says in words (and colour) whether the plan fits.
func fitVerdict(st *Styles, t model.Totals) string {
	switch t.Fit {
	case model.Fits:
		return st.Fits.Render("✓ Fits the confirmed money")
	case model.ReliesOnPending:
		return st.Relies.Render("! Fits only if pending money is approved")
	}
	return st.Over.Render("✗ Over budget by " + t.HeadroomAll.Neg().Whole())
}

// renderGauge draws allocation against the envelope in width cells. The
// shade of a block says what money it spends, so the gauge reads without
// colour: █ confirmed, ▓ pending, ▒ money there is not; ░ is envelope not
// yet allocated. The spent part takes the colour of the verdict.
func renderGauge(st *Styles, t model.Totals, width int) string {
	alloc := money2f(t.Allocated)
	conf := money2f(t.Confirmed)
	env := money2f(t.EnvelopeAll)
	scale := math.Max(alloc, env)
	if scale <= 0 {
		return st.GaugeFree.Render(strings.Repeat("░", width))
	}
	cells := func(x float64) int { return int(math.Round(x / scale * float64(width))) }
	onConfirmed := cells(math.Min(alloc, conf))
	onPending := cells(math.Min(alloc, env)) - onConfirmed
	over := 0
	if alloc > env {
		over = width - onConfirmed - onPending
	}
	free := max(width-onConfirmed-onPending-over, 0)
	// A plan over budget by a sliver still shows one cell of it.
	if alloc > env && over == 0 {
		over, onPending = 1, max(onPending-1, 0)
	}
	spent := st.Fits
	switch t.Fit {
	case model.ReliesOnPending:
		spent = st.Relies
	case model.Over:
		spent = st.Over
	}
	return spent.Render(strings.Repeat("█", onConfirmed)+strings.Repeat("▓", onPending)+strings.Repeat("▒", over)) +
		st.GaugeFree.Render(strings.Repeat("░", free))
}

func money2f(m model.Money) float64 {
	f, _ := m.Decimal().Float64()
	return f
}

// spread puts left and right on one line of the given width.
func spread(left, right string, width int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if right == "" || lw+rw+1 > width {
		if right != "" {
			return truncate(left+" "+right, width)
		}
		return truncate(left, width)
	}
	return left + strings.Repeat(" ", width-lw-rw) + right
}

// truncate cuts s to width cells, with an ellipsis.
func truncate(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// fitHeight makes s exactly h lines: cut below, padded with empty lines.
func fitHeight(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// wrap breaks text into lines of at most width cells, between words; a
// word longer than a line is broken too, so nothing runs off the edge.
func wrap(s string, width int) []string {
	if width <= 0 {
		return []string{s}
	}
	lines := strings.Split(ansi.Wrap(s, width, ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// wrapText breaks text into lines of at most width cells.
func wrapText(s string, width int) string { return strings.Join(wrap(s, width), "\n") }

// pct formats a share of the envelope with one decimal place.
func pct(share float64) string { return fmt.Sprintf("%.1f%%", share) }
