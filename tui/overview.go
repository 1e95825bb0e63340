package tui

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
)

// overviewScreen shows where the money goes: by SWP priority, by PCC
// priority, and posts against other spend. It only reads.
type overviewScreen struct {
	baseScreen
	readOnlyScreen
	scroll int
}

func newOverviewScreen(c *common) *overviewScreen {
	return &overviewScreen{baseScreen: baseScreen{c: c}}
}

// Title implements screen.
func (s *overviewScreen) Title() string { return "Overview" }

// Update implements screen: the page scrolls when it does not fit.
func (s *overviewScreen) Update(msg tea.Msg) tea.Cmd {
	k := s.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Up):
			s.scroll--
		case key.Matches(msg, k.Down):
			s.scroll++
		case key.Matches(msg, k.PageUp):
			s.scroll -= s.height
		case key.Matches(msg, k.PageDown):
			s.scroll += s.height
		case key.Matches(msg, k.Top):
			s.scroll = 0
		case key.Matches(msg, k.Bottom):
			s.scroll = math.MaxInt32
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			s.scroll -= 3
		case tea.MouseWheelDown:
			s.scroll += 3
		}
	}
	s.scroll = clampInt(s.scroll, 0, max(len(s.lines())-s.height, 0))
	return nil
}

// View implements screen.
func (s *overviewScreen) View() string {
	lines := s.lines()
	top := clampInt(s.scroll, 0, max(len(lines)-s.height, 0))
	lines = lines[top:min(top+s.height, len(lines))]
	return strings.Join(lines, "\n")
}

// overviewRow is one row of a section of the overview.
type overviewRow struct {
	name   string
	spend  model.Money
	count  string
	noBar  bool
	strong bool
}

// section draws rows as a small table: name, spend, share of base (the
// envelope, or the allocation, as barTitle says) with a bar, and the
// count of items at the end. The name column is as wide as the longest
// name allows, the bar takes the rest.
//
// The rows that are not strong are parts of one whole, and their spend is
// rounded to pounds so that it adds up to their sum as shown (see
// model.RoundParts): the strong row, the total, where the section has one,
// and the allocation for the posts and other lines.
func (s *overviewScreen) section(title, countTitle string, base model.Money, barTitle string, rows []overviewRow) []string {
	st := s.c.styles
	shown := make([]string, len(rows))
	var parts []model.Money
	for _, r := range rows {
		if !r.strong {
			parts = append(parts, r.spend)
		}
	}
	rounded, _ := model.RoundParts(parts)
	for i, r := range rows {
		if r.strong {
			shown[i] = r.spend.Whole()
		} else {
			shown[i], rounded = rounded[0].Whole(), rounded[1:]
		}
	}
	env := base
	const spendW, shareW, minBar = 10, 7, 8
	countW := len(countTitle)
	nameW := len(title)
	for _, r := range rows {
		countW = max(countW, len(r.count))
		nameW = max(nameW, ansi.StringWidth(r.name))
	}
	nameW = min(nameW, max(s.width-spendW-shareW-minBar-countW-4, 12))
	barW := clampInt(s.width-nameW-spendW-shareW-countW-4, 1, 40)
	line := func(name, spend, share, bar, count string) string {
		return padRight(name, nameW) + " " + fmt.Sprintf("%*s %*s ", spendW, spend, shareW, share) +
			padRight(bar, barW) + " " + count
	}
	if barW < len(barTitle) {
		barTitle = ""
	}
	out := []string{st.Heading.Render(line(title, "Spend", "Share", barTitle, countTitle))}
	for i, r := range rows {
		share, bar := "", ""
		if !env.IsZero() {
			f := money2f(r.spend) / money2f(env) * 100
			share = pct(f)
			if !r.noBar {
				bar = strings.Repeat("█", clampInt(int(math.Round(f/100*float64(barW))), 0, barW))
			}
		}
		var text string
		if r.strong {
			text = st.Figure.Render(line(r.name, shown[i], share, bar, r.count))
		} else {
			// Colour only the bar, so the figures keep the text colour.
			text = padRight(r.name, nameW) + " " + fmt.Sprintf("%*s %*s ", spendW, shown[i], shareW, share) +
				st.Bar.Render(bar) + strings.Repeat(" ", barW-ansi.StringWidth(bar)) + " " + r.count
		}
		out = append(out, strings.TrimRight(text, " "))
	}
	return out
}

// lines draws the whole page; it leaves out the blank lines between the
// sections when the page would not fit with them.
func (s *overviewScreen) lines() []string {
	t := s.snap.totals
	plural := func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %s", n, many)
	}
	items := func(lines, posts int) string {
		return plural(lines, "line", "lines") + ", " + plural(posts, "post", "posts")
	}
	byPriority := append([]model.PriorityTotal(nil), t.ByPriority...)
	sort.SliceStable(byPriority, func(i, j int) bool {
		return s.snap.priorityRank[byPriority[i].PriorityID] < s.snap.priorityRank[byPriority[j].PriorityID]
	})
	var swp []overviewRow
	for _, pt := range byPriority {
		swp = append(swp, overviewRow{name: pt.Name, spend: pt.Total, count: items(pt.LineCount, pt.PostCount)})
	}
	if !t.Unassigned.IsZero() {
		swp = append(swp, overviewRow{name: "Under no priority", spend: t.Unassigned})
	}
	swp = append(swp, overviewRow{name: "Allocated", spend: t.Allocated, noBar: true, strong: true,
		count: items(len(s.snap.plan.Lines), len(s.snap.plan.Posts))})

	// By primary PCC priority: each item once, so the column foots to the
	// allocation; the items that also support a priority are counted
	// beside it, their money staying under their own primary.
	var pcc []overviewRow
	for _, tt := range t.ByTag {
		count := plural(tt.Count, "item", "items")
		if tt.AlsoCount > 0 {
			count += fmt.Sprintf(", %d also", tt.AlsoCount)
		}
		pcc = append(pcc, overviewRow{name: tt.Name, spend: tt.Total, count: count})
	}
	if t.UntaggedCount > 0 {
		pcc = append(pcc, overviewRow{name: "No PCC priority", spend: t.Untagged, count: plural(t.UntaggedCount, "item", "items")})
	}
	footPounds(pcc)
	pcc = append(pcc, overviewRow{name: "Allocated", spend: t.Allocated, noBar: true, strong: true,
		count: plural(len(s.snap.plan.Lines)+len(s.snap.plan.Posts), "item", "items")})

	posts := []overviewRow{
		{name: "Posts (the grant's share)", spend: t.PostsTotal, count: plural(len(s.snap.plan.Posts), "post", "posts")},
		{name: "Other lines", spend: t.LinesTotal, count: plural(len(s.snap.plan.Lines), "line", "lines")},
	}

	sections := [][]string{
		s.section("SWP priority", "", t.EnvelopeAll, "of the envelope", swp),
		s.section("Primary PCC priority", "", t.Allocated, "of the allocation", pcc),
		s.section("Posts and other spend", "", t.EnvelopeAll, "of the envelope", posts),
	}
	if !t.PostsOther.IsZero() {
		sections[2] = append(sections[2], s.c.styles.Muted.Render(fmt.Sprintf(
			"Other funders pay %s towards posts, outside the envelope.", t.PostsOther.Whole())))
	}
	n := 0
	for _, sec := range sections {
		n += len(sec)
	}
	// The note on what "also" counts goes in when there is room.
	if len(t.ByTag) > 0 && n < s.height {
		sections[1] = append(sections[1], s.c.styles.Muted.Render(
			"Each item counts once, under its primary; \"also\": items that also support it."))
		n++
	}
	gap := n+len(sections)-1 <= s.height
	var out []string
	for i, sec := range sections {
		if i > 0 && gap {
			out = append(out, "")
		}
		for _, l := range sec {
			out = append(out, truncate(l, s.width))
		}
	}
	return out
}

// footPounds rounds the rows' spend to whole pounds so that, shown, they
// add up to their exact sum shown in whole pounds (the allocation, for
// the PCC section): each is rounded down, and the pounds left go one each
// to the rows with the most pence over, ties to the earlier row. Rows
// already in whole pounds are left as they are, so rounding them again
// changes nothing.
func footPounds(rows []overviewRow) {
	var sum int64
	floors := make([]int64, len(rows))
	order := make([]int, len(rows))
	for i, r := range rows {
		p := r.spend.Pennies()
		sum += p
		floors[i] = p - ((p%100)+100)%100
		order[i] = i
	}
	total := (sum + 50) / 100 * 100 // half up, as Whole shows a sum of costs
	if sum < 0 {
		return // never for spend; Whole's own rounding is shown
	}
	left := total
	for _, f := range floors {
		left -= f
	}
	rem := func(i int) int64 { return rows[i].spend.Pennies() - floors[i] }
	sort.SliceStable(order, func(a, b int) bool { return rem(order[a]) > rem(order[b]) })
	for _, i := range order {
		if left < 100 {
			break
		}
		if rem(i) > 0 {
			floors[i] += 100
			left -= 100
		}
	}
	for i := range rows {
		rows[i].spend = model.Pence(floors[i])
	}
}

// ShortHelp implements help.KeyMap.
func (s *overviewScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Jump, k.NextTab, k.Undo, k.Redo, k.Export, k.Import}
}

// FullHelp implements help.KeyMap.
func (s *overviewScreen) FullHelp() [][]key.Binding {
	k := s.c.keys
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown}}
}

func clampInt(v, lo, hi int) int { return min(max(v, lo), hi) }

// padRight pads or cuts s to exactly w cells.
func padRight(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// sortedPriorities returns the SWP priorities in their order.
func sortedPriorities(p *model.Plan) []model.Priority {
	out := append([]model.Priority(nil), p.Priorities...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

// sortedTags returns the PCC priorities in their order.
func sortedTags(p *model.Plan) []model.Tag {
	out := append([]model.Tag(nil), p.Tags...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}
