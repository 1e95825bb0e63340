package model

import (
	"math/bits"
	"slices"
)

// ShareCut shares a cut across items in proportion to their amounts, in
// whole units (a penny, or a pound), so that the parts add up to the cut
// exactly and no part is more than its item can give. A cut that is not a
// whole number of units is not rounded: its whole units are shared as
// below, then its odd pennies are shared the same way a penny at a time,
// so one part or a few may hold pennies; a caller that wants whole units
// throughout asks for a whole number of them.
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
	if cut.Sign() <= 0 {
		return make([]Money, len(amounts)), Money{}
	}
	unitP := unit.Pennies()
	if unitP <= 0 {
		unitP = 1
	}
	cutP := cut.Pennies()
	parts, uncovered = shareUnits(amounts, uint64(cutP/unitP), unitP)
	if odd := cutP % unitP; odd > 0 {
		left := make([]Money, len(amounts))
		for i, a := range amounts {
			left[i] = a.Max(Money{}).Sub(parts[i])
		}
		more, unc := shareUnits(left, uint64(odd), 1)
		for i := range parts {
			parts[i] = parts[i].Add(more[i])
		}
		uncovered = uncovered.Add(unc)
	}
	return parts, uncovered
}

// shareUnits shares want units of unitP pence each as ShareCut says, and
// returns the parts and what could not be placed.
func shareUnits(amounts []Money, want uint64, unitP int64) (parts []Money, uncovered Money) {
	parts = make([]Money, len(amounts))
	if want == 0 {
		return parts, Money{}
	}
	// Work in pence as integers: every amount csplan holds is under £1bn
	// (10^11 pence), so a plan's total fits an int64 many times over, and
	// the one product that could not (remaining x amount) is taken in 128
	// bits. Integer shares make this exact and fast enough to run on every
	// reload of a large plan.
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
	if want > capSum {
		for i := range parts {
			parts[i] = Pence(int64(caps[i]) * unitP)
		}
		return parts, Pence(int64(want-capSum) * unitP)
	}
	got := shareCapped(pennies, caps, want)
	for i := range parts {
		parts[i] = Pence(int64(got[i]) * unitP)
	}
	return parts, Money{}
}

// shareCapped shares want units among items in proportion to their
// weights, each item taking at most its cap, by largest remainder: every
// ideal share want x weight / total weight is rounded down, and the units
// still to place go one each to the largest remainders (ties to the
// earlier item); when an item reaches its cap, the rest is shared again
// among the others. want must be at most the sum of the caps, and an item
// with a cap above zero must have a weight above zero.
func shareCapped(weights, caps []uint64, want uint64) []uint64 {
	got := make([]uint64, len(weights))
	open := make([]bool, len(weights))
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
				weight += weights[i]
			}
		}
		var rems []remainder // of the ideal shares, over the weight
		var placed uint64
		capped := false
		for i, ok := range open {
			if !ok {
				continue
			}
			hi, lo := bits.Mul64(remaining, weights[i])
			// hi < weight, as weights[i] <= weight: the quotient fits.
			fl, r := bits.Div64(hi, lo, weight)
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
	return got
}

// ShareByWeights shares total among items in proportion to their weights,
// to the penny, so that the parts add up to total exactly: each part is
// within a penny of its ideal share total x weight / sum of weights, the
// odd pennies going to the largest remainders, ties to the earlier item
// (the same rule as ShareCut, with no item capped). A negative total is
// shared as its size and the parts negated, so that a credit is spread as
// a cost would be. Weights are amounts of money or plain counts written as
// money (Pounds(1) each for an even share); a negative weight counts as
// zero. When no weight is above zero, ok is false and the parts are all
// zero.
func ShareByWeights(total Money, weights []Money) (parts []Money, ok bool) {
	w := make([]uint64, len(weights))
	for i, x := range weights {
		if x.Sign() > 0 {
			w[i] = uint64(toPence(x))
		}
	}
	got, ok := sharePence(toPence(total), w)
	parts = make([]Money, len(weights))
	for i, g := range got {
		parts[i] = Pence(g)
	}
	return parts, ok
}

// sharePence is ShareByWeights in pence: total shared by the weights,
// no part capped below the whole. ok is false when every weight is zero.
func sharePence(total int64, weights []uint64) (parts []int64, ok bool) {
	parts = make([]int64, len(weights))
	want := total
	if want < 0 {
		want = -want
	}
	caps := make([]uint64, len(weights))
	for i, x := range weights {
		if x > 0 {
			caps[i] = uint64(want)
			ok = true
		}
	}
	if !ok {
		return parts, false
	}
	for i, g := range shareCapped(weights, caps, uint64(want)) {
		parts[i] = int64(g)
		if total < 0 {
			parts[i] = -parts[i]
		}
	}
	return parts, true
}
