package model

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

func TestRoundPartsWorked(t *testing.T) {
	for _, c := range []struct {
		name  string
		parts []string
		want  []string
		total string
	}{
		// The built-in plan's SWP priorities: each rounded on its own they
		// come to £406,999 against £407,000.
		{"priorities", []string{"95646.19", "216209.33", "95144.48"}, []string{"95646", "216209", "95145"}, "407000"},
		{"whole pounds stay", []string{"6000", "14000.50", "30000"}, []string{"6000", "14001", "30000"}, "50001"},
		// A tie goes to the earlier part.
		{"tie", []string{"0.50", "0.50", "0.50", "0.50"}, []string{"1", "1", "0", "0"}, "2"},
		{"half rounds away from zero", []string{"0.25", "0.25"}, []string{"1", "0"}, "1"},
		{"negative", []string{"-1.50", "-1.50", "2.00"}, []string{"-1", "-2", "2"}, "-1"},
		{"negative total half away from zero", []string{"-0.25", "-0.25"}, []string{"0", "-1"}, "-1"},
		{"empty", nil, []string{}, "0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			parts := make([]Money, len(c.parts))
			for i, s := range c.parts {
				parts[i] = MustMoney(s)
			}
			shown, total := RoundParts(parts)
			if !total.Equal(MustMoney(c.total)) {
				t.Errorf("total %s, want %s", total.Plain(), c.total)
			}
			if len(shown) != len(c.want) {
				t.Fatalf("%d parts, want %d", len(shown), len(c.want))
			}
			for i, w := range c.want {
				if !shown[i].Equal(MustMoney(w)) {
					t.Errorf("part %d (%s) shown as %s, want %s", i, c.parts[i], shown[i].Plain(), w)
				}
			}
		})
	}
}

// drawAmount draws an amount of up to £10m either way.
func drawAmount(t *rapid.T, label string) Money {
	return Pence(rapid.Int64Range(-1_000_000_000, 1_000_000_000).Draw(t, label))
}

func TestRoundPartsProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "n")
		parts := make([]Money, n)
		var exact Money
		for i := range parts {
			if rapid.Bool().Draw(t, "whole") {
				parts[i] = Pounds(rapid.Int64Range(-10_000_000, 10_000_000).Draw(t, "pounds"))
			} else {
				parts[i] = drawAmount(t, "amount")
			}
			exact = exact.Add(parts[i])
		}
		shown, total := RoundParts(parts)
		// The total is the exact sum as Whole shows it.
		if total.String() != exact.Whole() {
			t.Fatalf("total %s, exact sum %s shows as %s", total, exact, exact.Whole())
		}
		checkFoots(t, parts, shown, total)
		// The same input gives the same answer.
		again, _ := RoundParts(parts)
		for i := range shown {
			if !again[i].Equal(shown[i]) {
				t.Fatalf("part %d shown as %s, then %s", i, shown[i], again[i])
			}
		}
	})
}

// A total shown elsewhere, within a pound of the exact sum, is met with
// every part within a pound; one further off is met all the same.
func TestRoundPartsToProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		parts := make([]Money, n)
		var exact Money
		for i := range parts {
			parts[i] = drawAmount(t, "amount")
			exact = exact.Add(parts[i])
		}
		floor := exact.Decimal().Floor()
		near := Money{floor}
		if rapid.Bool().Draw(t, "ceil") {
			near = Money{exact.Decimal().Ceil()}
		}
		checkFoots(t, parts, RoundPartsTo(parts, near), near)

		far := Pounds(rapid.Int64Range(-100_000_000, 100_000_000).Draw(t, "far"))
		shown := RoundPartsTo(parts, far)
		var sum Money
		for _, s := range shown {
			sum = sum.Add(s)
		}
		if !sum.Equal(far) {
			t.Fatalf("parts shown add up to %s, want %s", sum, far)
		}
	})
}

// checkFoots checks that the parts shown are whole pounds, each within a
// pound of its exact amount (equal when it is whole pounds), and add up to
// total.
func checkFoots(t *rapid.T, parts, shown []Money, total Money) {
	t.Helper()
	if len(shown) != len(parts) {
		t.Fatalf("%d parts shown for %d", len(shown), len(parts))
	}
	var sum Money
	for i, s := range shown {
		if !s.Decimal().Equal(s.Decimal().Truncate(0)) {
			t.Fatalf("part %d shown as %s, not whole pounds", i, s)
		}
		off := s.Sub(parts[i]).Decimal().Abs()
		if off.Cmp(Pounds(1).Decimal()) >= 0 {
			t.Fatalf("part %d is %s but shown as %s", i, parts[i], s)
		}
		if parts[i].Decimal().Equal(parts[i].Decimal().Truncate(0)) && !s.Equal(parts[i]) {
			t.Fatalf("part %d is whole %s but shown as %s", i, parts[i], s)
		}
		sum = sum.Add(s)
	}
	if !sum.Equal(total) {
		t.Fatalf("parts shown add up to %s, total shown %s", sum, total)
	}
}

// randomPlan is a plan of lines only, with pence in their costs, spread
// over three priorities and funded by two sources.
func randomPlan(t *rapid.T, label string) *Plan {
	p := &Plan{
		Settings: DefaultSettings(),
		Funding: []FundingSource{
			{ID: 1, Name: "Grant", Amount: Pence(rapid.Int64Range(0, 50_000_000).Draw(t, label+" grant")), Status: Confirmed},
			{ID: 2, Name: "Carry", Amount: Pence(rapid.Int64Range(0, 5_000_000).Draw(t, label+" carry")), Status: Pending},
		},
		Priorities: []Priority{{ID: 10, Name: "A"}, {ID: 11, Name: "B"}, {ID: 12, Name: "C"}},
	}
	n := rapid.IntRange(0, 12).Draw(t, label+" lines")
	for i := 0; i < n; i++ {
		p.Lines = append(p.Lines, Line{
			ID:         ID(100 + i),
			PriorityID: ID(10 + rapid.IntRange(0, 2).Draw(t, label+" priority")),
			Title:      "line",
			Cost:       Pence(rapid.Int64Range(0, 10_000_000).Draw(t, label+" cost")),
		})
	}
	return p
}

// TestRoundComparisonFoots checks every column of a comparison as shown:
// the summary agrees with itself, and the SWP priorities and the lines and
// posts each add up to the allocation.
func TestRoundComparisonFoots(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := Compare([]Column{{Name: "Plan", Plan: randomPlan(t, "plan")}, {Name: "What-if", Plan: randomPlan(t, "what-if")}})
		shown := RoundComparison(rows)
		for i := range 2 {
			get := func(label string) Money {
				for r, row := range rows {
					if row.Section == SectionSummary && row.Label == label {
						return shown[r][i]
					}
				}
				t.Fatalf("no row %q", label)
				return Money{}
			}
			alloc, env, conf := get(labelAllocated), get(labelEnvelope), get(labelConfirmed)
			if !conf.Add(get(labelPending)).Equal(env) {
				t.Fatalf("column %d: confirmed %s + pending %s != envelope %s", i, conf, get(labelPending), env)
			}
			if !alloc.Add(get(labelHeadroomAll)).Equal(env) || !alloc.Add(get(labelHeadroomConfirmed)).Equal(conf) {
				t.Fatalf("column %d: headrooms do not agree with the allocation shown", i)
			}
			var swp, spend Money
			for r, row := range rows {
				if !row.Cells[i].Present {
					continue
				}
				if off := shown[r][i].Sub(row.Cells[i].Value).Decimal().Abs(); off.Cmp(Pounds(1).Decimal()) >= 0 {
					t.Fatalf("%s %q is %s, shown as %s", row.Section, row.Label, row.Cells[i].Value, shown[r][i])
				}
				switch row.Section {
				case SectionPriorities:
					swp = swp.Add(shown[r][i])
				case SectionLines, SectionPosts:
					spend = spend.Add(shown[r][i])
				}
			}
			if !swp.Equal(alloc) || !spend.Equal(alloc) {
				t.Fatalf("column %d: priorities %s, lines and posts %s, allocated %s", i, swp, spend, alloc)
			}
		}
	})
}

// TestLargestRemaindersIsTheSort checks the counting of largestRemainders
// against sorting the remainders and taking the first diff.
func TestLargestRemaindersIsTheSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 300).Draw(t, "n")
		rems := make([]remainder, n)
		for i := range rems {
			// Few distinct remainders, so ties are common.
			rems[i] = remainder{i, uint64(rapid.SampledFrom([]int{0, 1, 50, 99, rapid.IntRange(0, 99).Draw(t, "r")}).Draw(t, "rem"))}
		}
		diff := rapid.Int64Range(1, int64(n)-1+1).Draw(t, "diff")
		if diff >= int64(n) {
			diff = int64(n) - 1
		}
		got := make([]int64, n)
		largestRemainders(got, rems, diff)
		want := make([]int64, n)
		sorted := slices.Clone(rems)
		slices.SortFunc(sorted, byLargestRemainder)
		for _, x := range sorted[:diff] {
			want[x.i]++
		}
		if !slices.Equal(got, want) {
			t.Fatalf("pounds given %v, want %v", got, want)
		}
	})
}
