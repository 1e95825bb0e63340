package model

import (
	"math/bits"
	"slices"
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
	// Work in pence as integers: every amount csplan holds is under £1bn
	// (10^11 pence), so a plan's total fits an int64 many times over, and
	// the one product that could not (remaining x amount) is taken in 128
	// bits. Integer shares make this exact and fast enough to run on every
	// reload of a large plan.
	unitP := unit.Pennies()
	if unitP <= 0 {
		unitP = 1
	}
	pennies := make([]uint64, len(amounts))
	caps := make([]uint64, len(amounts))
	var capSum uint64
	for i, a := range amounts {
		if a.Sign() > 0 {
			pennies[i] = uint64(a.Pennies())
			caps[i] = pennies[i] / uint64(unitP)
			capSum += caps[i]
		}
	}
	// The cut in units, rounded up, so a cut never falls short of what was
	// asked.
	want := uint64(cut.d.Div(unit.d).Ceil().IntPart())
	if want > capSum {
		for i := range parts {
			parts[i] = Pence(int64(caps[i]) * unitP)
		}
		return parts, cut.Sub(Pence(int64(capSum) * unitP))
	}
	got := make([]uint64, len(amounts))
	open := make([]bool, len(amounts))
	for i := range open {
		open[i] = caps[i] > 0
	}
	remaining := want
	for remaining > 0 {
		// Share what remains among the items not yet at their cap, by
		// weight of their original amounts.
		var weight uint64
		for i, ok := range open {
			if ok {
				weight += pennies[i]
			}
		}
		var rems []remainder // of the ideal shares, over the weight
		var placed uint64
		capped := false
		for i, ok := range open {
			if !ok {
				continue
			}
			hi, lo := bits.Mul64(remaining, pennies[i])
			fl, r := bits.Div64(hi, lo, weight) // hi < weight: see above
			if got[i]+fl >= caps[i] {
				fl = caps[i] - got[i]
				open[i] = false
				capped = true
			} else {
				rems = append(rems, remainder{i, r})
			}
			got[i] += fl
			placed += fl
		}
		remaining -= placed
		if capped {
			// Caps changed the weights: share the rest again.
			continue
		}
		slices.SortFunc(rems, byLargestRemainder)
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
		parts[i] = Pence(int64(got[i]) * unitP)
	}
	return parts, Money{}
}
