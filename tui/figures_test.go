package tui

import (
	"regexp"
	"strings"
	"testing"

	"csplan/model"
)

// These tests read the figures off the screen, as the officer would, and
// add them up: a column of rounded figures must come to the total shown
// with it.

var figureRE = regexp.MustCompile(`[+-]?-?£[0-9,]+(\.[0-9]{2})?|—`)

// figures returns the amounts on a line of the screen, in order; a "—"
// (no figure) reads as zero.
func figures(t *testing.T, line string) []model.Money {
	t.Helper()
	var out []model.Money
	for _, f := range figureRE.FindAllString(line, -1) {
		if f == "—" {
			out = append(out, model.Money{})
			continue
		}
		m, err := model.ParseSignedMoney(strings.TrimPrefix(f, "+"))
		if err != nil {
			t.Fatalf("%q on line %q: %v", f, line, err)
		}
		out = append(out, m)
	}
	return out
}

// lineStarting finds the line of view that starts with prefix (after any
// spaces).
func lineStarting(t *testing.T, view, prefix string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " *"), prefix) {
			return l
		}
	}
	t.Fatalf("no line starts with %q:\n%s", prefix, view)
	return ""
}

// linesBetween returns the lines of view after the first that starts with
// from, up to (not including) the first after it that starts with to.
func linesBetween(t *testing.T, view, from, to string) []string {
	t.Helper()
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		if !strings.HasPrefix(l, from) {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(strings.TrimLeft(lines[j], " *"), to) {
				return lines[i+1 : j]
			}
		}
	}
	t.Fatalf("no lines from %q to %q:\n%s", from, to, view)
	return nil
}

func sum(ms ...model.Money) model.Money {
	var s model.Money
	for _, m := range ms {
		s = s.Add(m)
	}
	return s
}

// overviewFigures reads the Overview: each SWP priority's spend, the
// allocation, and the posts' and other lines' spend.
func overviewFigures(t *testing.T, view string) (swp []model.Money, allocated, posts, lines model.Money) {
	t.Helper()
	found := false
	for _, l := range linesBetween(t, view, "SWP priority", "Primary PCC priority") {
		switch {
		case strings.TrimSpace(l) == "":
		case strings.HasPrefix(l, "Allocated "):
			allocated, found = figures(t, l)[0], true
		default:
			swp = append(swp, figures(t, l)[0])
		}
	}
	if !found {
		t.Fatalf("no Allocated row under the SWP priorities:\n%s", view)
	}
	posts = figures(t, lineStarting(t, view, "Posts (the grant's share)"))[0]
	lines = figures(t, lineStarting(t, view, "Other lines"))[0]
	return
}

// TestOverviewFoots: on the built-in plan the three SWP priorities, each
// rounded on its own, came to £406,999 against "Allocated £407,000".
func TestOverviewFoots(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		d := start(t, openStore(t), size[0], size[1])
		d.press("1")
		swp, allocated, posts, lines := overviewFigures(t, d.view())
		if len(swp) != 3 {
			t.Fatalf("%d SWP priorities on screen, want 3", len(swp))
		}
		if s := sum(swp...); !s.Equal(allocated) {
			t.Errorf("%dx%d: SWP priorities shown add up to %s, allocated shown %s", size[0], size[1], s, allocated)
		}
		if s := sum(posts, lines); !s.Equal(allocated) {
			t.Errorf("%dx%d: posts %s + other lines %s = %s, allocated shown %s", size[0], size[1], posts, lines, s, allocated)
		}
	}
}

// postsFigures reads the Posts screen: each post's FTE, to grant and by
// others, and the totals row's.
func postsFigures(t *testing.T, view string) (fte []string, toGrant, byOthers []model.Money, total []string, totalFigures []model.Money) {
	t.Helper()
	for _, l := range linesBetween(t, view, "Post ", "Total") {
		f := figures(t, l)
		if len(f) != 4 {
			t.Fatalf("%d figures on %q, want salary, on-costs, to grant and by others", len(f), l)
		}
		toGrant, byOthers = append(toGrant, f[2]), append(byOthers, f[3])
		before := strings.Fields(l[:strings.Index(l, "£")])
		fte = append(fte, before[len(before)-1])
	}
	tl := lineStarting(t, view, "Total")
	totalFigures = figures(t, tl)
	return fte, toGrant, byOthers, strings.Fields(tl[:strings.Index(tl, "£")]), totalFigures
}

// TestPostsFoot: the "To grant" column came to £142,106 while the
// Overview said £142,104, and there was no totals row.
func TestPostsFoot(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		d := start(t, openStore(t), size[0], size[1])
		_, _, overviewPosts, _ := overviewFigures(t, d.view())
		d.press("3")
		fte, toGrant, byOthers, total, totalFigures := postsFigures(t, d.view())
		if len(toGrant) != 5 || len(totalFigures) != 2 {
			t.Fatalf("%d posts, %d figures in the totals row:\n%s", len(toGrant), len(totalFigures), d.view())
		}
		if s := sum(toGrant...); !s.Equal(totalFigures[0]) || !s.Equal(overviewPosts) {
			t.Errorf("%dx%d: to grant shown adds up to %s; the totals row says %s, the Overview %s",
				size[0], size[1], s, totalFigures[0], overviewPosts)
		}
		if s := sum(byOthers...); !s.Equal(totalFigures[1]) {
			t.Errorf("%dx%d: by others shown adds up to %s; the totals row says %s", size[0], size[1], s, totalFigures[1])
		}
		var fteSum model.Money // FTEs have at most two decimals: add them as amounts
		for _, f := range fte {
			fteSum = fteSum.Add(model.MustMoney(f))
		}
		if got := total[len(total)-1]; !model.MustMoney(got).Equal(fteSum) {
			t.Errorf("%dx%d: FTE total %s, the rows add up to %s", size[0], size[1], got, fteSum.Plain())
		}
	}
}

// TestComparisonFoots: the make-it-fit comparison of the built-in plan
// summed to £368,999 against "Allocated £369,000". Every column, and the
// differences, must add up as shown.
func TestComparisonFoots(t *testing.T) {
	d := start(t, openStore(t), 120, 80)
	d.press("7", keyDown, "f", keyEnter, keyEnter, "7", "m", keyEnter)
	view := d.view()
	section := func(from, to string) [][]model.Money {
		var out [][]model.Money
		for _, l := range linesBetween(t, view, from, to) {
			// A long title wraps: its later lines carry no figures.
			if strings.TrimSpace(l) == "" || !strings.Contains(l, "£") {
				continue
			}
			f := figures(t, l)
			for len(f) < 3 {
				f = append(f, model.Money{}) // no difference shown
			}
			out = append(out, f)
		}
		return out
	}
	summary := section("Summary", "SWP priorities")
	if len(summary) != 6 {
		t.Fatalf("%d summary rows, want 6:\n%s", len(summary), view)
	}
	conf, pend, env, alloc, headAll, headConf := summary[0], summary[1], summary[2], summary[3], summary[4], summary[5]
	swp := section("SWP priorities", "Primary PCC priorities")
	spend := append(section("Lines", "Posts (cost"), section("Posts (cost", "h hide")...)
	if len(swp) != 3 || len(spend) != 19 {
		t.Fatalf("%d SWP rows and %d lines and posts on screen, want 3 and 19:\n%s", len(swp), len(spend), view)
	}
	for i, col := range []string{"plan", "scenario", "difference"} {
		var s1, s2 model.Money
		for _, r := range swp {
			s1 = s1.Add(r[i])
		}
		for _, r := range spend {
			s2 = s2.Add(r[i])
		}
		if !s1.Equal(alloc[i]) || !s2.Equal(alloc[i]) {
			t.Errorf("%s: SWP priorities add up to %s, lines and posts to %s, allocated shown %s", col, s1, s2, alloc[i])
		}
		if !conf[i].Add(pend[i]).Equal(env[i]) || !alloc[i].Add(headAll[i]).Equal(env[i]) || !alloc[i].Add(headConf[i]).Equal(conf[i]) {
			t.Errorf("%s: summary does not add up: confirmed %s pending %s envelope %s allocated %s headroom %s / %s",
				col, conf[i], pend[i], env[i], alloc[i], headAll[i], headConf[i])
		}
	}
}

// TestPostDetailAddsUp: the worked costing of the part-funded IDVA read
// "In 2017/18 £36,031", "To grant £18,016", "By others £18,016".
func TestPostDetailAddsUp(t *testing.T) {
	d := start(t, openStore(t), 120, 40)
	d.press("3", "G")
	view := d.view()
	one := func(label string) model.Money {
		t.Helper()
		var found []model.Money
		for _, l := range strings.Split(view, "\n") {
			if strings.HasPrefix(l, "  "+label+" ") {
				found = append(found, figures(t, l)[0])
			}
		}
		if len(found) != 1 {
			t.Fatalf("%d detail lines for %q:\n%s", len(found), label, view)
		}
		return found[0]
	}
	if s := one("To grant").Add(one("By others")); !s.Equal(one("In 2017/18")) {
		t.Errorf("to grant + by others = %s, in the year %s", s, one("In 2017/18"))
	}
	if s := one("Pay").Add(one("On-costs")); !s.Equal(one("A year")) {
		t.Errorf("pay + on-costs = %s, a year %s", s, one("A year"))
	}
}

// TestLinesFoot: the Lines screen's Cost column adds up to the total it
// states, and that to the Overview's "Other lines", with lines in pence
// whose own roundings would not add up.
func TestLinesFoot(t *testing.T) {
	s := openStore(t)
	p := mustLoad(t, s)
	for i, pence := range []int64{40, 40, 40} {
		l := p.Lines[i]
		l.Cost = l.Cost.Add(model.Pence(pence))
		if _, err := s.SaveLine(l); err != nil {
			t.Fatal(err)
		}
	}
	d := start(t, s, 140, 60)
	_, _, _, overviewLines := overviewFigures(t, d.view())
	d.press("2")
	view := d.view()
	var costs model.Money
	n := 0
	for _, l := range linesBetween(t, view, "Line ", "Owner:") {
		if f := figures(t, l); len(f) == 1 {
			costs, n = costs.Add(f[0]), n+1
		}
	}
	total := figures(t, lineStarting(t, view, "14 lines costing"))[0]
	if n != 14 || !costs.Equal(total) || !total.Equal(overviewLines) {
		t.Errorf("%d lines shown adding up to %s; the screen says %s, the Overview %s:\n%s", n, costs, total, overviewLines, view)
	}
}
