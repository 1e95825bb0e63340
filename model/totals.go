package model

import "github.com/shopspring/decimal"

// Fit says whether the plan fits its money.
type Fit int

// The three answers to "does the plan fit?".
const (
	// Fits: the plan is within the confirmed money alone.
	Fits Fit = iota
	// ReliesOnPending: it fits only if the pending money is approved.
	ReliesOnPending
	// Over: it costs more than confirmed and pending money together.
	Over
)

// String says the answer in the officer's words, as the end of a sentence
// that starts "The plan ...".
func (f Fit) String() string {
	switch f {
	case Fits:
		return "fits the confirmed money"
	case ReliesOnPending:
		return "fits only if pending money is approved"
	}
	return "is over budget, even if pending money is approved"
}

// PriorityTotal is the spend under one SWP priority.
type PriorityTotal struct {
	PriorityID ID
	Name       string
	Lines      Money // cost of its lines
	Posts      Money // the grant's share of its posts
	Total      Money
	LineCount  int
	PostCount  int
	// ShareOfEnvelope is Total as a percentage of confirmed+pending money
	// (zero when there is none), for display; it is never summed.
	ShareOfEnvelope decimal.Decimal
}

// TagTotal is the spend whose primary PCC priority is one PCC priority.
// Each line and post counts once, under its primary, so these totals and
// Totals.Untagged add up to Totals.Allocated. The items that also support
// the priority, under another primary, are counted in AlsoCount, and their
// money is not added here.
type TagTotal struct {
	TagID ID
	Name  string
	// Total is the cost of the lines and the grant's share of the posts
	// whose primary PCC priority this is.
	Total Money
	// Count is the number of those lines and posts.
	Count int
	// AlsoCount is the number of lines and posts that also support this
	// PCC priority, their primary being another.
	AlsoCount int
	// ShareOfAllocated is Total as a percentage of Totals.Allocated (zero
	// when nothing is allocated), for display.
	ShareOfAllocated decimal.Decimal
}

// Totals are the plan's figures against its envelope.
type Totals struct {
	Confirmed Money // confirmed funding
	Pending   Money // pending funding
	Refused   Money // refused funding, for information
	// EnvelopeAll is confirmed + pending.
	EnvelopeAll Money

	LinesTotal Money // cost of all lines
	PostsTotal Money // the grant's share of all posts
	// PostsOther is what other funders pay towards posts; it is outside
	// the envelope.
	PostsOther Money
	// Allocated is LinesTotal + PostsTotal: what counts against the envelope.
	Allocated Money

	// HeadroomConfirmed is Confirmed - Allocated; HeadroomAll is
	// EnvelopeAll - Allocated. Negative means over.
	HeadroomConfirmed Money
	HeadroomAll       Money

	ByPriority []PriorityTotal
	// Unassigned collects lines and posts whose priority does not exist; it
	// is zero in a valid plan.
	Unassigned Money
	// ByTag is the spend by primary PCC priority, in the plan's order of
	// PCC priorities.
	ByTag []TagTotal
	// Untagged is the spend on items with no PCC priority (or one that does
	// not exist); UntaggedCount is how many there are. The ByTag totals
	// and Untagged add up to Allocated.
	Untagged      Money
	UntaggedCount int
	// UntaggedShare is Untagged as a percentage of Allocated.
	UntaggedShare decimal.Decimal

	Fit Fit
}

// ComputeTotals works out the totals of a plan. It is a pure function of
// the plan and exact to the penny.
func ComputeTotals(p *Plan) Totals {
	return ComputeTotalsCosted(p, nil)
}

// ComputeTotalsCosted is ComputeTotals given the posts' costings under
// the plan's settings, in the order of p.Posts, worked out already (as a
// screen that shows them has); nil works them out.
func ComputeTotalsCosted(p *Plan, costings []PostCosting) Totals {
	var t Totals
	for _, f := range p.Funding {
		switch f.Status {
		case Confirmed:
			t.Confirmed = t.Confirmed.Add(f.Amount)
		case Pending:
			t.Pending = t.Pending.Add(f.Amount)
		case Refused:
			t.Refused = t.Refused.Add(f.Amount)
		}
	}
	t.EnvelopeAll = t.Confirmed.Add(t.Pending)

	prIndex := make(map[ID]int, len(p.Priorities))
	t.ByPriority = make([]PriorityTotal, len(p.Priorities))
	for i, pr := range p.Priorities {
		prIndex[pr.ID] = i
		t.ByPriority[i] = PriorityTotal{PriorityID: pr.ID, Name: pr.Name}
	}
	tagIndex := make(map[ID]int, len(p.Tags))
	t.ByTag = make([]TagTotal, len(p.Tags))
	for i, tg := range p.Tags {
		tagIndex[tg.ID] = i
		t.ByTag[i] = TagTotal{TagID: tg.ID, Name: tg.Name}
	}
	// Sums run in whole pence (see penceSum): every addend has at most two
	// decimal places, so nothing rounds, and nothing allocates per line.
	var lines, posts, other, unassigned, untagged penceSum
	prLines := make([]penceSum, len(p.Priorities))
	prPosts := make([]penceSum, len(p.Priorities))
	tagSums := make([]penceSum, len(p.Tags))
	add := func(prID ID, tags []ID, amount Money, isPost bool) {
		if i, ok := prIndex[prID]; ok {
			if isPost {
				prPosts[i].add(amount)
				t.ByPriority[i].PostCount++
			} else {
				prLines[i].add(amount)
				t.ByPriority[i].LineCount++
			}
		} else {
			unassigned.add(amount)
		}
		// The item's money goes under its primary PCC priority only; the
		// others it also supports are counted, not added, so the column
		// foots to the allocation.
		if k, ok := tagIndex[PrimaryTag(tags)]; ok {
			tagSums[k].add(amount)
			t.ByTag[k].Count++
		} else {
			untagged.add(amount)
			t.UntaggedCount++
		}
		for _, id := range AlsoSupports(tags) {
			if k, ok := tagIndex[id]; ok {
				t.ByTag[k].AlsoCount++
			}
		}
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		lines.add(l.Cost)
		add(l.PriorityID, l.Tags, l.Cost, false)
	}
	for i := range p.Posts {
		po := &p.Posts[i]
		var c PostCosting
		if i < len(costings) {
			c = costings[i]
		} else {
			c = po.Costing(p.Settings)
		}
		posts.add(c.ToGrant)
		other.add(c.ToOther)
		add(po.PriorityID, po.Tags, c.ToGrant, true)
	}
	t.LinesTotal = lines.money()
	t.PostsTotal = posts.money()
	t.PostsOther = other.money()
	t.Allocated = t.LinesTotal.Add(t.PostsTotal)
	t.HeadroomConfirmed = t.Confirmed.Sub(t.Allocated)
	t.HeadroomAll = t.EnvelopeAll.Sub(t.Allocated)
	t.Unassigned = unassigned.money()
	t.Untagged = untagged.money()
	for i := range t.ByPriority {
		pt := &t.ByPriority[i]
		pt.Lines, pt.Posts = prLines[i].money(), prPosts[i].money()
		pt.Total = pt.Lines.Add(pt.Posts)
		if !t.EnvelopeAll.IsZero() {
			pt.ShareOfEnvelope = pt.Total.d.Mul(hundred).Div(t.EnvelopeAll.d)
		}
	}
	share := func(m Money) decimal.Decimal {
		if t.Allocated.IsZero() {
			return decimal.Zero
		}
		return m.d.Mul(hundred).Div(t.Allocated.d)
	}
	for i := range t.ByTag {
		t.ByTag[i].Total = tagSums[i].money()
		t.ByTag[i].ShareOfAllocated = share(t.ByTag[i].Total)
	}
	t.UntaggedShare = share(t.Untagged)
	switch {
	case t.HeadroomConfirmed.Sign() >= 0:
		t.Fit = Fits
	case t.HeadroomAll.Sign() >= 0:
		t.Fit = ReliesOnPending
	default:
		t.Fit = Over
	}
	return t
}

func dupBefore(ids []ID, j int) bool {
	for i := 0; i < j; i++ {
		if ids[i] == ids[j] {
			return true
		}
	}
	return false
}
