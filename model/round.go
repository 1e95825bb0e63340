package model

// remainder is one item of a largest-remainder share: its index, and what
// rounding it down to a whole unit left over, measured against a weight
// that is the same for every item of the share.
type remainder struct {
	i int
	r uint64
}

// byLargestRemainder orders remainders largest first, ties to the earlier
// item: a total order, so an unstable O(n log n) sort gives the same answer
// every time.
func byLargestRemainder(a, b remainder) int {
	switch {
	case a.r > b.r:
		return -1
	case a.r < b.r:
		return 1
	}
	return a.i - b.i
}

// RoundParts rounds amounts to whole pounds for display, so that the
// rounded amounts add up to their total as shown: the exact sum rounded to
// whole pounds as Whole rounds it (half away from zero). Use it wherever a
// column of rounded figures stands above or beside its total. Stored money
// stays exact; these figures are only ever shown, never summed again.
//
// It returns the rounded parts, in order, and the rounded total. See
// RoundPartsTo for how the pounds are shared.
func RoundParts(parts []Money) (shown []Money, total Money) {
	var sum penceSum
	for _, p := range parts {
		sum.add(p)
	}
	total = Money{sum.money().d.Round(0)}
	return RoundPartsTo(parts, total), total
}

// RoundPartsTo rounds amounts to whole pounds that add up to total, a
// figure in whole pounds already shown for them elsewhere (say the posts'
// share of an allocation that is itself shown as the sum of two figures).
//
// Each part is first rounded down to a whole pound; the pounds still to
// place go one each to the parts with the largest pence left over (ties to
// the earlier part). When total is within a pound of the parts' exact sum
// (as a total from RoundParts, or a part that RoundParts rounded, always
// is), every part is within a pound of its exact amount, and a part that is
// whole pounds already is shown as it is. A total further off is still met
// exactly, spread over the parts as evenly as it can be. Negative amounts
// round the same way: down, then up by largest remainder.
func RoundPartsTo(parts []Money, total Money) []Money {
	pounds := RoundPoundsTo(parts, total)
	if pounds == nil {
		return nil
	}
	shown := make([]Money, len(pounds))
	for i, p := range pounds {
		shown[i] = Pounds(p)
	}
	return shown
}

// RoundPoundsTo is RoundPartsTo giving each part as a number of pounds:
// a long column keeps these and makes Money of the rows it shows.
func RoundPoundsTo(parts []Money, total Money) []int64 {
	if len(parts) == 0 {
		return nil
	}
	pounds := make([]int64, len(parts))
	rems := make([]remainder, len(parts))
	var floors int64
	for i, p := range parts {
		pence, ok := p.pence()
		if !ok {
			pence = p.Pennies()
		}
		fl := floorDiv(pence, 100)
		pounds[i] = fl
		floors += fl
		rems[i] = remainder{i, uint64(pence - fl*100)}
	}
	diff := total.d.Round(0).IntPart() - floors
	// Within a pound of the exact sum, 0 <= diff <= the number of parts
	// with pence, and as a part with none has the smallest remainder,
	// every pound goes to a part with pence. A total further off first
	// gives every part an even share of the difference.
	if n := int64(len(parts)); diff < 0 || diff >= n {
		each := floorDiv(diff, n)
		for i := range pounds {
			pounds[i] += each
		}
		diff -= each * n
	}
	if diff > 0 {
		largestRemainders(pounds, rems, diff)
	}
	return pounds
}

// floorDiv is a / b rounded towards minus infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// Headline is the totals' headline figures in whole pounds for display,
// worked so that they agree with one another as shown: confirmed + pending
// = envelope, allocated + headroom = envelope (or confirmed money). The
// confirmed money, envelope and allocation are each rounded as Whole rounds
// them; the pending money and the headrooms are what the rounded figures
// leave, so each is within a pound of its exact amount.
type Headline struct {
	Confirmed, Pending, Envelope   Money
	Allocated                      Money
	HeadroomAll, HeadroomConfirmed Money
}

// Headline returns the totals' headline figures in whole pounds.
func (t Totals) Headline() Headline {
	return headline(t.Confirmed, t.EnvelopeAll, t.Allocated)
}

func headline(confirmed, envelope, allocated Money) Headline {
	h := Headline{
		Confirmed: wholePounds(confirmed),
		Envelope:  wholePounds(envelope),
		Allocated: wholePounds(allocated),
	}
	h.Pending = h.Envelope.Sub(h.Confirmed)
	h.HeadroomAll = h.Envelope.Sub(h.Allocated)
	h.HeadroomConfirmed = h.Confirmed.Sub(h.Allocated)
	return h
}

// wholePounds is m rounded to whole pounds as Whole rounds it.
func wholePounds(m Money) Money { return Money{m.d.Round(0)} }

// RoundComparison gives every figure of a comparison in whole pounds for
// display, so that each column adds up as shown: the summary as Headline
// works it, the SWP priorities to the allocation, and the lines and posts
// together to the allocation (each by RoundPartsTo). PCC priorities are
// each rounded on their own. A cell not present is zero. The difference a
// scenario makes is best shown as its rounded figure less the plan's, so
// that the differences add up too.
func RoundComparison(rows []Row) [][]Money {
	shown := make([][]Money, len(rows))
	if len(rows) == 0 {
		return shown
	}
	n := len(rows[0].Cells)
	backing := make([]Money, len(rows)*n)
	for r, row := range rows {
		shown[r] = backing[r*n : (r+1)*n : (r+1)*n]
		for i, c := range row.Cells {
			if c.Present {
				shown[r][i] = wholePounds(c.Value)
			}
		}
	}
	find := func(label string) int {
		for r, row := range rows {
			if row.Section == SectionSummary && row.Label == label {
				return r
			}
		}
		return -1
	}
	conf, pend, env := find(labelConfirmed), find(labelPending), find(labelEnvelope)
	alloc, headAll, headConf := find(labelAllocated), find(labelHeadroomAll), find(labelHeadroomConfirmed)
	if min(conf, pend, env, alloc, headAll, headConf) < 0 {
		return shown
	}
	for i := 0; i < n; i++ {
		h := headline(rows[conf].Cells[i].Value, rows[env].Cells[i].Value, rows[alloc].Cells[i].Value)
		shown[pend][i], shown[headAll][i], shown[headConf][i] = h.Pending, h.HeadroomAll, h.HeadroomConfirmed
		// Each group of rows, with what the allocation holds beyond them
		// (spend under no priority) as a part not shown, is rounded to
		// the allocation as shown.
		foot := func(in func(section string) bool) {
			var idx []int
			var parts []Money
			var sum penceSum
			for r, row := range rows {
				if in(row.Section) && row.Cells[i].Present {
					idx = append(idx, r)
					parts = append(parts, row.Cells[i].Value)
					sum.add(row.Cells[i].Value)
				}
			}
			if rest := rows[alloc].Cells[i].Value.Sub(sum.money()); !rest.IsZero() {
				parts = append(parts, rest)
			}
			for k, m := range RoundPartsTo(parts, h.Allocated) {
				if k < len(idx) {
					shown[idx[k]][i] = m
				}
			}
		}
		foot(func(s string) bool { return s == SectionPriorities })
		foot(func(s string) bool { return s == SectionLines || s == SectionPosts })
	}
	return shown
}

// largestRemainders gives a pound each to the diff parts with the largest
// pence left over, ties to the earlier part: what sorting rems by
// byLargestRemainder and taking the first diff gives, counted by
// remainder (there are only a hundred), so it is linear in the parts.
func largestRemainders(pounds []int64, rems []remainder, diff int64) {
	var count [100]int64
	for _, x := range rems {
		count[x.r]++
	}
	// Every part with a remainder of cut or more gets a pound; then left
	// of those with cut-1, earliest first.
	cut, left := 100, diff
	for cut > 0 && left >= count[cut-1] {
		cut--
		left -= count[cut]
	}
	for _, x := range rems {
		switch {
		case int(x.r) >= cut:
			pounds[x.i]++
		case left > 0 && int(x.r) == cut-1:
			pounds[x.i]++
			left--
		}
	}
}
