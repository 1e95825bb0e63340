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

// lines draws the whole page; it leaves out the blank lines between the
// sections when the page would not fit without them.
func (s *overviewScreen) lines() []string {
	st := s.c.styles
	t := s.snap.totals
	w := s.width
	nameW := clampInt(w-56, 18, 40)
	barW := max(w-nameW-5-5-10-7-5, 4)
	row := func(name, a, b, spend, share, bar string) string {
		return fmt.Sprintf("%s %5s %5s %10s %7s %s", padRight(name, nameW), a, b, spend, share, bar)
	}
	bar := func(m model.Money) (string, string) {
		if t.EnvelopeAll.IsZero() {
			return "", ""
		}
		f := money2f(m) / money2f(t.EnvelopeAll) * 100
		n := int(math.Round(f / 100 * float64(barW)))
		return pct(f), st.Bar.Render(strings.Repeat("█", clampInt(n, 0, barW)))
	}
	var swp []string
	swp = append(swp, st.Heading.Render(row("SWP priority", "Lines", "Posts", "Spend", "Share", "of the envelope")))
	byPriority := append([]model.PriorityTotal(nil), t.ByPriority...)
	sort.SliceStable(byPriority, func(i, j int) bool {
		return s.snap.priorityRank[byPriority[i].PriorityID] < s.snap.priorityRank[byPriority[j].PriorityID]
	})
	for _, pt := range byPriority {
		share, b := bar(pt.Total)
		swp = append(swp, row(pt.Name, fmt.Sprint(pt.LineCount), fmt.Sprint(pt.PostCount), pt.Total.Whole(), share, b))
	}
	if !t.Unassigned.IsZero() {
		share, _ := bar(t.Unassigned)
		swp = append(swp, st.Negative.Render(row("Under no priority", "", "", t.Unassigned.Whole(), share, "")))
	}
	share, _ := bar(t.Allocated)
	swp = append(swp, st.Figure.Render(row("Allocated", fmt.Sprint(len(s.snap.plan.Lines)),
		fmt.Sprint(len(s.snap.plan.Posts)), t.Allocated.Whole(), share, "")))

	var pcc []string
	pcc = append(pcc, st.Heading.Render(row("PCC priority", "Items", "", "Spend", "Share", "(an item counts under each it carries)")))
	for _, tt := range t.ByTag {
		share, b := bar(tt.Total)
		pcc = append(pcc, row(tt.Name, fmt.Sprint(tt.Count), "", tt.Total.Whole(), share, b))
	}
	if !t.Untagged.IsZero() {
		share, b := bar(t.Untagged)
		pcc = append(pcc, st.Pending.Render(row("Not aligned to any", "", "", t.Untagged.Whole(), share, ""))+b)
	}

	var posts []string
	posts = append(posts, st.Heading.Render(row("Posts against other spend", "", "", "Spend", "Share", "")))
	share, b := bar(t.PostsTotal)
	posts = append(posts, row("Posts (grant's share)", "", fmt.Sprint(len(s.snap.plan.Posts)), t.PostsTotal.Whole(), share, b))
	share, b = bar(t.LinesTotal)
	posts = append(posts, row("Other lines", fmt.Sprint(len(s.snap.plan.Lines)), "", t.LinesTotal.Whole(), share, b))
	if !t.PostsOther.IsZero() {
		posts = append(posts, st.Muted.Render(truncate(fmt.Sprintf("Other funders pay %s towards posts, outside the envelope.",
			t.PostsOther.Whole()), w)))
	}

	sections := [][]string{swp, pcc, posts}
	n := 0
	for _, sec := range sections {
		n += len(sec)
	}
	gap := n+len(sections)-1 <= s.height
	var out []string
	for i, sec := range sections {
		if i > 0 && gap {
			out = append(out, "")
		}
		for _, l := range sec {
			out = append(out, truncate(l, w))
		}
	}
	return out
}

// ShortHelp implements help.KeyMap.
func (s *overviewScreen) ShortHelp() []key.Binding {
	k := s.c.keys
	return []key.Binding{k.Jump, k.NextTab, k.Undo, k.Redo}
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
