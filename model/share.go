package model

import (
	"sort"

	"github.com/shopspring/decimal"
)

// ShareCut shares a cut across items in proportion to their amounts, in
// whole units (a penny, or a pound), so that the parts add up to the cut
// exactly and no part is more than its item can give.
//
// Each item's ideal part is cut x amount / total. Every part is first
// rounded down to a whole unit; the units still to place go one each to
// the items with the largest remainders (ties to the earlier item). An
// item can give at most its amount rounded down to a unit; when one is
// capped, what it could not take is shared again among the others. Each
// part is therefore within one unit of its ideal share unless its cap
// bound it.
//
// It returns the parts, in the order of amounts, and what could not be
// placed because the items together hold less than the cut (zero when they
// cover it). Negative amounts count as zero; a cut of zero or less cuts
// nothing.
func ShareCut(amounts []Money, cut Money, unit Money) (parts []Money, uncovered Money) {
	parts = make([]Money, len(amounts))
	if cut.Sign() <= 0 {
		return parts, Money{}
	}
	if unit.Sign() <= 0 {
		unit = Pence(1)
	}
	u := unit.d
	// Work in whole units as integers: amounts in units (floored), the cut
	// in units (rounded up, so a cut never falls short of what was asked).
	caps := make([]int64, len(amounts))
	var capSum int64
	for i, a := range amounts {
		if a.Sign() > 0 {
			caps[i] = a.d.Div(u).Floor().IntPart()
			capSum += caps[i]
		}
	}
	want := cut.d.Div(u).Ceil().IntPart()
	if want > capSum {
		for i := range parts {
			parts[i] = Money{decimal.NewFromInt(caps[i]).Mul(u)}
		}
		placed := Money{decimal.NewFromInt(capSum).Mul(u)}
		return parts, cut.Sub(placed)
	}
	got := make([]int64, len(amounts))
	open := make([]bool, len(amounts))
	for i := range open {
		open[i] = caps[i] > 0
	}
	remaining := want
	for remaining > 0 {
		// Share what remains among the items not yet at their cap, by
		// weight of their original amounts.
		var weight decimal.Decimal
		for i, ok := range open {
			if ok {
				weight = weight.Add(amounts[i].d)
			}
		}
		type rem struct {
			i int
			r decimal.Decimal
		}
		var rems []rem
		var placed int64
		capped := false
		r := decimal.NewFromInt(remaining)
		for i, ok := range open {
			if !ok {
				continue
			}
			ideal := r.Mul(amounts[i].d).Div(weight)
			fl := ideal.Floor().IntPart()
			if got[i]+fl >= caps[i] {
				fl = caps[i] - got[i]
				open[i] = false
				capped = true
			} else {
				rems = append(rems, rem{i, ideal.Sub(decimal.NewFromInt(fl))})
			}
			got[i] += fl
			placed += fl
		}
		remaining -= placed
		if capped {
			// Caps changed the weights: share the rest again.
			continue
		}
		sort.SliceStable(rems, func(a, b int) bool { return rems[a].r.Cmp(rems[b].r) > 0 })
		for _, x := range rems {
			if remaining == 0 {
				break
			}
			if got[x.i] < caps[x.i] {
				got[x.i]++
				remaining--
			}
		}
	}
	for i := range parts {
		parts[i] = Money{decimal.NewFromInt(got[i]).Mul(u)}
	}
	return parts, Money{}
}
