package model

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func spreadOf(ss ...string) Spread {
	var s Spread
	for i, x := range ss {
		s[i] = MustMoney(x)
	}
	return s
}

func TestProfileSpreadWorked(t *testing.T) {
	line := func(budget string) Item { return Item{Budget: MustMoney(budget), StartMonth: 1, EndMonth: 12} }
	w := func(xs ...int64) []Money {
		out := make([]Money, len(xs))
		for i, x := range xs {
			out[i] = Pounds(x)
		}
		return out
	}
	for _, c := range []struct {
		name string
		pr   Profile
		it   Item
		want Spread
	}{
		// 10,001p / 12 = 833p rem 5: the five odd pennies go to P1-P5
		// (equal remainders, ties to the earlier period).
		{"even twelfths", Profile{}, line("100.01"),
			spreadOf("8.34", "8.34", "8.34", "8.34", "8.34", "8.33", "8.33", "8.33", "8.33", "8.33", "8.33", "8.33")},
		{"even, explicitly", Profile{Kind: ProfileEven}, line("12000"),
			spreadOf("1000", "1000", "1000", "1000", "1000", "1000", "1000", "1000", "1000", "1000", "1000", "1000")},
		// Quarters 1:2:3:4 of £1,000 = £100, £200, £300, £400; £100 / 3 =
		// 33.33 rem 1p to the quarter's first month.
		{"by quarter", Profile{Kind: ProfileQuarters, Weights: w(1, 2, 3, 4)}, line("1000"),
			spreadOf("33.34", "33.33", "33.33", "66.67", "66.67", "66.66", "100", "100", "100", "133.34", "133.33", "133.33")},
		{"by quarter, one empty", Profile{Kind: ProfileQuarters, Weights: w(0, 1, 1, 0)}, line("600"),
			spreadOf("0", "0", "0", "100", "100", "100", "100", "100", "100", "0", "0", "0")},
		// Amounts that add up to the budget are kept exactly.
		{"by period, given amounts", Profile{Kind: ProfilePeriods, Weights: []Money{
			MustMoney("0.01"), Pounds(0), Pounds(500), Pounds(0), Pounds(0), MustMoney("1499.99"),
			Pounds(0), Pounds(0), Pounds(0), Pounds(0), Pounds(0), Pounds(1000)}}, line("3000"),
			spreadOf("0.01", "0", "500", "0", "0", "1499.99", "0", "0", "0", "0", "0", "1000")},
		{"all in one period", Profile{Kind: ProfileOnePeriod, Period: 9}, line("18000"),
			spreadOf("0", "0", "0", "0", "0", "0", "0", "0", "18000", "0", "0", "0")},
		// A post from July (month 4) to March: 9 months, £9,000.09 =
		// £1,000.01 a month.
		{"post: months in post", Profile{}, Item{IsPost: true, Budget: MustMoney("9000.09"), StartMonth: 4, EndMonth: 12},
			spreadOf("0", "0", "0", "1000.01", "1000.01", "1000.01", "1000.01", "1000.01", "1000.01", "1000.01", "1000.01", "1000.01")},
		// A credit budget spreads as a cost would, negated.
		{"negative", Profile{}, line("-100.01"),
			spreadOf("-8.34", "-8.34", "-8.34", "-8.34", "-8.34", "-8.33", "-8.33", "-8.33", "-8.33", "-8.33", "-8.33", "-8.33")},
	} {
		got, err := c.pr.Spread(c.it)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range got {
			if !got[i].Equal(c.want[i]) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
				break
			}
		}
		if !got.Total().Equal(c.it.Budget) {
			t.Errorf("%s: adds up to %s, not the budget %s", c.name, got.Total(), c.it.Budget)
		}
	}
}

// A profile keeps its pattern, not amounts: after the budget changes, the
// same profile spreads the new budget in the same proportions.
func TestProfileFollowsBudget(t *testing.T) {
	pr := Profile{Kind: ProfileQuarters, Weights: []Money{Pounds(1000), Pounds(1000), Pounds(2000), Pounds(0)}}
	s, _ := pr.Spread(Item{Budget: Pounds(4000)})
	if !s.Quarter(3).Equal(Pounds(2000)) {
		t.Fatalf("Q3 of £4,000 = %s, want £2,000", s.Quarter(3))
	}
	s, _ = pr.Spread(Item{Budget: Pounds(6000)})
	for q, want := range []int64{1500, 1500, 3000, 0} {
		if got := s.Quarter(Quarter(q + 1)); !got.Equal(Pounds(want)) {
			t.Errorf("after the budget rose to £6,000, Q%d = %s, want £%d", q+1, got, want)
		}
	}
}

func TestProfileCheck(t *testing.T) {
	for _, c := range []struct {
		pr   Profile
		want string
	}{
		{Profile{Kind: ProfileQuarters, Weights: []Money{Pounds(1)}}, "needs 4 figures, one for each quarter, not 1"},
		{Profile{Kind: ProfilePeriods, Weights: make([]Money, 12)}, "all zero"},
		{Profile{Kind: ProfileQuarters, Weights: []Money{Pounds(1), Pounds(-1), Pounds(1), Pounds(1)}}, "figure for Q2 is negative"},
		{Profile{Kind: ProfileOnePeriod, Period: 13}, "needs a period P1 (April) to P12 (March), not P13"},
		{Profile{Kind: ProfileEven, Period: 3}, "takes no figures"},
		{Profile{Kind: "weekly"}, `"weekly" is not a kind of profile`},
	} {
		err := c.pr.Check()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: Check = %v, want %q", c.pr, err, c.want)
		}
		// A bad profile still gives a spread that adds up: the default.
		it := Item{Budget: MustMoney("1234.56"), StartMonth: 1, EndMonth: 12}
		s, err := c.pr.Spread(it)
		if err == nil || !s.Total().Equal(it.Budget) || !s.At(1).Equal(MustMoney("102.88")) {
			t.Errorf("%+v: Spread = %v, %v; want even twelfths and the error", c.pr, s, err)
		}
	}
	post := Item{IsPost: true, Budget: Pounds(1200), StartMonth: 9, EndMonth: 3}
	s, err := Profile{}.Spread(post)
	if err != ErrNoMonthsInPost || !s.Total().Equal(post.Budget) {
		t.Errorf("post with months out of order: %v, %v", s, err)
	}
}

// drawProfile draws a valid profile of any kind.
func drawProfile(t *rapid.T) Profile {
	kinds := []ProfileKind{ProfileDefault, ProfileEven, ProfileQuarters, ProfilePeriods, ProfileOnePeriod, ProfileMonthsInPost}
	pr := Profile{Kind: rapid.SampledFrom(kinds).Draw(t, "kind")}
	weights := func(n int) []Money {
		w := make([]Money, n)
		for i := range w {
			w[i] = Pence(rapid.Int64Range(0, 10_000_000_000).Draw(t, "weight"))
		}
		w[rapid.IntRange(0, n-1).Draw(t, "nonzero")] = Pence(rapid.Int64Range(1, 10_000_000_000).Draw(t, "weight"))
		return w
	}
	switch pr.Kind {
	case ProfileQuarters:
		pr.Weights = weights(4)
	case ProfilePeriods:
		pr.Weights = weights(Periods)
	case ProfileOnePeriod:
		pr.Period = Period(rapid.IntRange(1, Periods).Draw(t, "period"))
	}
	return pr
}

// Every pattern adds up to the budget to the penny, for any budget
// (pennies, and negative ones, which a valid plan does not hold but a
// credit-only item could), puts nothing in a period its pattern leaves
// empty, and gives no period a sign the budget does not have.
func TestProfileAddsUpProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pr := drawProfile(t)
		start := rapid.IntRange(1, 12).Draw(t, "start")
		it := Item{
			IsPost:     rapid.Bool().Draw(t, "post"),
			Budget:     Pence(rapid.Int64Range(-10_000_000_000, 99_999_999_999).Draw(t, "budget")),
			StartMonth: start,
			EndMonth:   rapid.IntRange(start, 12).Draw(t, "end"),
		}
		s, err := pr.Spread(it)
		if err != nil {
			t.Fatalf("valid profile %+v refused: %v", pr, err)
		}
		if !s.Total().Equal(it.Budget) {
			t.Fatalf("%+v of %s adds up to %s", pr, it.Budget, s.Total())
		}
		for i, x := range s {
			if x.Sign()*it.Budget.Sign() < 0 {
				t.Fatalf("%+v of %s: P%d is %s, against the budget's sign", pr, it.Budget, i+1, x)
			}
			empty := false
			switch k := pr.Kind; {
			case k == ProfileOnePeriod:
				empty = i+1 != int(pr.Period)
			case k == ProfilePeriods:
				empty = pr.Weights[i].IsZero()
			case k == ProfileQuarters:
				empty = pr.Weights[i/3].IsZero()
			case k == ProfileMonthsInPost || (k == ProfileDefault && it.IsPost):
				empty = i+1 < it.StartMonth || i+1 > it.EndMonth
			}
			if empty && !x.IsZero() {
				t.Fatalf("%+v of %s: P%d is %s, but the pattern leaves it empty", pr, it.Budget, i+1, x)
			}
		}
		// Each quarter's amount is within a penny per month of its ideal
		// share, and by period, each period within a penny of its own.
		if pr.Kind == ProfilePeriods {
			var sum decimal.Decimal
			for _, w := range pr.Weights {
				sum = sum.Add(w.Decimal())
			}
			for i, w := range pr.Weights {
				ideal := it.Budget.Decimal().Mul(w.Decimal()).Div(sum)
				if s[i].Decimal().Sub(ideal).Abs().Cmp(decimal.New(1, -2)) >= 0 {
					t.Fatalf("%+v of %s: P%d is %s, a penny or more from its share %s", pr, it.Budget, i+1, s[i], ideal)
				}
			}
		}
	})
}

func TestSpreadSums(t *testing.T) {
	s := spreadOf("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12")
	for _, c := range []struct {
		got  Money
		want int64
	}{
		{s.To(0), 0}, {s.To(3), 6}, {s.To(12), 78}, {s.To(20), 78},
		{s.After(0), 78}, {s.After(3), 72}, {s.After(12), 0},
		{s.Quarter(1), 6}, {s.Quarter(4), 33}, {s.Quarter(5), 0},
		{s.At(0), 0}, {s.At(12), 12}, {s.Total(), 78},
	} {
		if !c.got.Equal(Pounds(c.want)) {
			t.Errorf("got %s, want %d", c.got, c.want)
		}
	}
}

func TestProfileAllInADateIsRefusedPlainly(t *testing.T) {
	for _, s := range []string{"all in 15/06/2017", "all in thirteen"} {
		_, err := ParseProfile(s)
		if err == nil || strings.Contains(err.Error(), "0/01") || !strings.Contains(err.Error(), "P1 (April) to P12 (March)") {
			t.Errorf("ParseProfile(%q) = %v", s, err)
		}
	}
	if pr, err := ParseProfile("all in P9"); err != nil || pr.Period != 9 {
		t.Errorf("all in P9: %v %v", pr, err)
	}
}
