package model

import (
	"errors"
	"fmt"
)

// Spread is an amount for each period of the year: Spread[0] is P1
// (April), Spread[11] is P12 (March).
type Spread [Periods]Money

// At returns the amount for period p, zero outside P1-P12.
func (s Spread) At(p Period) Money {
	if !p.Valid() {
		return Money{}
	}
	return s[p-1]
}

// To returns the sum of the periods up to and including p: P1 to p. It is
// zero for p = 0 (nothing to date) and the whole year for p >= P12.
func (s Spread) To(p Period) Money {
	var sum Money
	for i := 0; i < int(min(p, Periods)); i++ {
		sum = sum.Add(s[i])
	}
	return sum
}

// After returns the sum of the periods after p: p+1 to P12.
func (s Spread) After(p Period) Money {
	var sum Money
	for i := int(max(p, 0)); i < Periods; i++ {
		sum = sum.Add(s[i])
	}
	return sum
}

// Total returns the sum of all twelve periods.
func (s Spread) Total() Money { return s.To(Periods) }

// Quarter returns the sum of the quarter's three periods.
func (s Spread) Quarter(q Quarter) Money {
	if !q.Valid() {
		return Money{}
	}
	return s.To(q.Last()).Sub(s.To(q.First() - 1))
}

// ProfileKind says how an item's budget falls across the periods.
type ProfileKind string

// The profile kinds. The default is even twelfths for a line and the
// months in post for a post, so an item nobody has profiled still has a
// profile that adds up.
const (
	ProfileDefault      ProfileKind = ""
	ProfileEven         ProfileKind = "even"
	ProfileQuarters     ProfileKind = "quarters"
	ProfilePeriods      ProfileKind = "periods"
	ProfileOnePeriod    ProfileKind = "one period"
	ProfileMonthsInPost ProfileKind = "months in post"
)

// Profile is the pattern of an item's budget across the year, not the
// amounts: the amounts are worked from the budget each time (Spread), so a
// profile follows a change of budget and always adds up to it.
type Profile struct {
	Kind ProfileKind `json:"kind,omitempty"`
	// Weights are, for ProfileQuarters, four (Q1-Q4) and, for
	// ProfilePeriods, twelve (P1-P12): amounts the officer gave or plain
	// weights, never negative, at least one above zero. The budget is
	// shared in proportion to them, so amounts that add up to the budget
	// are kept exactly, and after a change of budget the same pattern
	// holds.
	Weights []Money `json:"weights,omitempty"`
	// Period is where the whole budget falls, for ProfileOnePeriod.
	Period Period `json:"period,omitempty"`
}

// String describes the profile in the officer's words.
func (pr Profile) String() string {
	switch pr.Kind {
	case ProfileDefault:
		return "default"
	case ProfileQuarters:
		return "by quarter"
	case ProfilePeriods:
		return "by period"
	case ProfileOnePeriod:
		return "all in " + pr.Period.String()
	}
	return string(pr.Kind)
}

// Check reports what is wrong with the profile's pattern, or nil.
func (pr Profile) Check() error {
	weights := func(n int, what string) error {
		if len(pr.Weights) != n {
			return fmt.Errorf("a profile by %s needs %d figures, one for each %s, not %d", what, n, what, len(pr.Weights))
		}
		var any bool
		for i, w := range pr.Weights {
			if w.Sign() < 0 {
				return fmt.Errorf("the profile's figure for %s is negative (%s): use zero for a %s with no spend", weightName(what, i), w, what)
			}
			if tooLarge(w) {
				return fmt.Errorf("the profile's figure for %s must be under £1,000,000,000", weightName(what, i))
			}
			any = any || w.Sign() > 0
		}
		if !any {
			return fmt.Errorf("the profile's figures are all zero: give at least one %s a figure", what)
		}
		return nil
	}
	switch pr.Kind {
	case ProfileDefault, ProfileEven, ProfileMonthsInPost:
		if len(pr.Weights) > 0 || pr.Period != 0 {
			return fmt.Errorf("a %s profile takes no figures and no period", pr)
		}
		return nil
	case ProfileQuarters:
		return weights(4, "quarter")
	case ProfilePeriods:
		return weights(Periods, "period")
	case ProfileOnePeriod:
		if !pr.Period.Valid() {
			return fmt.Errorf("an all-in-one-period profile needs a period P1 (April) to P12 (March), not %s", pr.Period)
		}
		return nil
	}
	return fmt.Errorf("%q is not a kind of profile: use even, quarters, periods, one period or months in post", string(pr.Kind))
}

func weightName(what string, i int) string {
	if what == "quarter" {
		return Quarter(i + 1).String()
	}
	return Period(i + 1).String()
}

// ErrNoMonthsInPost is the error of a months-in-post profile for an item
// whose months are out of order or outside the year.
var ErrNoMonthsInPost = errors.New("the post has no months in post inside the year: its budget cannot be profiled by months in post")

// Spread works out the item's budget across the periods under the
// profile, to the penny, so that the periods add up to the budget exactly:
//
//	even             budget / 12 in each period
//	months in post   budget / months in post in each month in post
//	by quarter       budget x weight / sum of weights in each quarter,
//	                 then each quarter's amount / 3 in each of its months
//	by period        budget x weight / sum of weights in each period
//	one period       the whole budget in that period
//
// Each share is rounded down to a penny and the pennies left go to the
// largest remainders, ties to the earlier period (ShareByWeights). The
// default profile is even for a line and months in post for a post.
//
// A profile that does not pass Check, or a months-in-post profile for an
// item with no months in the year, gives the item's default spread (even
// when that too is impossible) and the error, so that a caller always has
// a spread that adds up to the budget.
func (pr Profile) Spread(it Item) (Spread, error) {
	ps, err := pr.spreadPence(it)
	return ps.money(), err
}

// penceSpread is a Spread in pence, for working over many items without
// allocating a decimal for every sum.
type penceSpread [Periods]int64

// money returns the spread as money.
func (ps penceSpread) money() Spread {
	var s Spread
	for i, p := range ps {
		s[i] = Pence(p)
	}
	return s
}

// to is Spread.To in pence.
func (ps penceSpread) to(p Period) int64 {
	var sum int64
	for i := 0; i < int(min(p, Periods)); i++ {
		sum += ps[i]
	}
	return sum
}

// spreadPence is Spread in pence.
func (pr Profile) spreadPence(it Item) (penceSpread, error) {
	budget := toPence(it.Budget)
	if err := pr.Check(); err != nil {
		s, _ := Profile{}.spreadPence(it)
		return s, err
	}
	kind := pr.Kind
	if kind == ProfileDefault {
		kind = ProfileEven
		if it.IsPost {
			kind = ProfileMonthsInPost
		}
	}
	var w [Periods]uint64
	switch kind {
	case ProfileEven:
		w = evenWeights
	case ProfileMonthsInPost:
		start, end := it.StartMonth, it.EndMonth
		if start < 1 || end > Periods || end < start {
			s, _ := Profile{Kind: ProfileEven}.spreadPence(it)
			return s, ErrNoMonthsInPost
		}
		for m := start; m <= end; m++ {
			w[m-1] = 1
		}
	case ProfileOnePeriod:
		w[pr.Period-1] = 1
	case ProfilePeriods:
		for i, x := range pr.Weights {
			w[i] = uint64(toPence(x))
		}
	case ProfileQuarters:
		qw := make([]uint64, 4)
		for i, x := range pr.Weights {
			qw[i] = uint64(toPence(x))
		}
		quarters, _ := sharePence(budget, qw)
		var s penceSpread
		for q, amount := range quarters {
			months, _ := sharePence(amount, []uint64{1, 1, 1})
			copy(s[3*q:], months)
		}
		return s, nil
	}
	parts, _ := sharePence(budget, w[:])
	var s penceSpread
	copy(s[:], parts)
	return s, nil
}

var evenWeights = [Periods]uint64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
