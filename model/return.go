package model

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// QuarterlyReturn is the return the partnership sends the PCC's office for
// a quarter: the heading (who, which year and quarter, as at which period,
// prepared by whom and when), every item's figures, narrative and
// measures, and the totals by SWP priority, by primary PCC priority and in
// all. Every figure is exact; the groups of each kind add up to Total to
// the penny. It is a plain value, so a submitted return is kept exactly as
// sent (see SubmittedReturn) and written again from the copy.
type QuarterlyReturn struct {
	Partnership string `json:"partnership"`
	// Year is the calendar year the financial year starts in: 2017 for
	// 2017/18.
	Year    int     `json:"year"`
	Quarter Quarter `json:"quarter"`
	AsAt    Period  `json:"as_at"`
	// PreparedBy and PreparedAt say who made the return and when.
	PreparedBy string    `json:"prepared_by"`
	PreparedAt time.Time `json:"prepared_at"`
	// Submitted is when the return was submitted; zero for a draft. A
	// return written from a submitted copy says so.
	Submitted time.Time `json:"submitted,omitzero"`
	// Items are grouped by SWP priority, in the priorities' order (items
	// under no priority of the plan last), and in the plan's order
	// (lines, then posts) within a priority.
	Items []ReturnItem `json:"items"`
	// BySWP has one group per SWP priority of the plan, in order, and a
	// last group "No SWP priority" when any item is under none.
	BySWP []ReturnGroup `json:"by_swp"`
	// ByPCC has one group per PCC priority of the plan, in order, and a
	// last group "No PCC priority" when any item has no primary.
	ByPCC []ReturnGroup `json:"by_pcc"`
	Total ReturnFigures `json:"total"`
	RAG   RAG           `json:"rag"`
	// Notes are what the reader should know that the figures do not say:
	// spend against items since removed, a profile that could not be used.
	Notes []string `json:"notes,omitempty"`
}

// The names of the groups of items under no SWP priority and with no
// primary PCC priority.
const (
	NoSWPPriority = "No SWP priority"
	NoPCCPriority = "No PCC priority"
)

// YearLabel returns the financial year: "2017/18".
func (r QuarterlyReturn) YearLabel() string { return FinancialYear(r.Year) }

// QuarterLabel returns the quarter with its months: "Q1, Apr-Jun 2017".
func (r QuarterlyReturn) QuarterLabel() string { return r.Quarter.Label(r.Year) }

// AsAtLabel returns the as-at period with its month: "P3, June 2017".
func (r QuarterlyReturn) AsAtLabel() string { return r.AsAt.Label(r.Year) }

// Status returns "Draft" or "Submitted 14 July 2017", to head a return
// written from a submitted copy so it is never taken for a fresh one.
func (r QuarterlyReturn) Status() string {
	if r.Submitted.IsZero() {
		return "Draft"
	}
	return "Submitted " + r.Submitted.Format("2 January 2006")
}

// ReturnFigures are the money columns of the return. Variance is Budget
// less ForecastOutturn: positive is an underspend.
type ReturnFigures struct {
	Budget Money `json:"budget"`
	// SpendInQuarter is the actuals in the quarter's periods, up to the
	// as-at period.
	SpendInQuarter Money `json:"spend_in_quarter"`
	// SpendToDate is the actuals from P1 to the as-at period.
	SpendToDate     Money `json:"spend_to_date"`
	ForecastOutturn Money `json:"forecast_outturn"`
	Variance        Money `json:"variance"`
}

// returnPence are ReturnFigures in pence, for the sums over a large
// plan's items: exact, as every figure is whole pence, and without a
// decimal allocated for each addition.
type returnPence [5]penceSum

func (f *returnPence) add(o ReturnFigures) {
	for i, m := range [5]Money{o.Budget, o.SpendInQuarter, o.SpendToDate, o.ForecastOutturn, o.Variance} {
		f[i].add(m)
	}
}

func (f *returnPence) figures() ReturnFigures {
	return ReturnFigures{f[0].money(), f[1].money(), f[2].money(), f[3].money(), f[4].money()}
}

// ReturnItem is one line or post of the return.
type ReturnItem struct {
	ID     ID     `json:"id"`
	Title  string `json:"title"`
	IsPost bool   `json:"is_post,omitempty"`
	// SWP is the name of the item's SWP priority, NoSWPPriority if none;
	// PCC of its primary PCC priority, NoPCCPriority if none.
	SWP string `json:"swp"`
	PCC string `json:"pcc"`
	ReturnFigures
	RAG RAG `json:"rag"`
	// ForecastReason is the officer's reason when the forecast outturn is
	// their figure rather than the worked one.
	ForecastReason string `json:"forecast_reason,omitempty"`
	// Narrative is the officer's comment for the quarter.
	Narrative string          `json:"narrative,omitempty"`
	Measures  []ReturnMeasure `json:"measures,omitempty"`
}

// ReturnMeasure is an output of an item as the return reports it.
type ReturnMeasure struct {
	Name   string          `json:"name"`
	Unit   string          `json:"unit,omitempty"`
	Target decimal.Decimal `json:"target"`
	// Quarter is the value for the return's quarter, nil if not reported.
	Quarter *decimal.Decimal `json:"quarter"`
	// ToDate is the sum of the values reported from Q1 to the return's
	// quarter.
	ToDate decimal.Decimal `json:"to_date"`
}

// ReturnGroup is the total of the items under one SWP or PCC priority.
type ReturnGroup struct {
	Name  string `json:"name"`
	Items int    `json:"items"`
	ReturnFigures
	RAG RAG `json:"rag"`
}

// BuildReturn works out the return for quarter q of plan p from its
// monitoring m (nil: nothing recorded yet), as at period asAt, prepared by
// preparedBy at the given time. asAt 0 means the quarter's last period; an
// as-at before the quarter starts is refused (its spend would be
// nothing), and one after the quarter is allowed, for a return written
// once later periods are open: the quarter's spend is then still its own
// three periods, and the spend to date and forecast are as at asAt.
func BuildReturn(p *Plan, m *Monitoring, q Quarter, asAt Period, preparedBy string, at time.Time) (QuarterlyReturn, error) {
	if p == nil {
		return QuarterlyReturn{}, errors.New("return: no plan")
	}
	if !q.Valid() {
		return QuarterlyReturn{}, fmt.Errorf("return: %q is not a quarter: give Q1 (Apr-Jun) to Q4 (Jan-Mar)", q.String())
	}
	if asAt == 0 {
		asAt = q.Last()
	}
	if !asAt.Valid() {
		return QuarterlyReturn{}, fmt.Errorf("return: as at %s is not a period: periods run from P1 (April) to P12 (March)", asAt)
	}
	if asAt < q.First() {
		return QuarterlyReturn{}, fmt.Errorf("return: a %s return cannot be as at %s: the quarter starts at %s",
			q.Label(p.Info.StartYear), asAt.Label(p.Info.StartYear), q.First().Label(p.Info.StartYear))
	}
	if m != nil && m.Year != p.Info.StartYear {
		return QuarterlyReturn{}, fmt.Errorf("return: the monitoring is for %s but the plan is for %s", FinancialYear(m.Year), p.Info.Year())
	}
	if m == nil {
		m = NewMonitoring(p.Info.StartYear)
	}
	s := Monitor(p, m, asAt)
	th := m.thresholds()

	r := QuarterlyReturn{
		Partnership: p.Info.Partnership, Year: p.Info.StartYear, Quarter: q, AsAt: asAt,
		PreparedBy: preparedBy, PreparedAt: at,
	}

	// The quarter's spend, per item, in pence: from the quarter's first
	// period to the as-at period or the quarter's end.
	index := make(map[ID]int, len(s.Items))
	for i, im := range s.Items {
		index[im.Item.ID] = i
	}
	inQuarter := make([]int64, len(s.Items))
	last := min(asAt, q.Last())
	for _, a := range m.Actuals {
		if i, ok := index[a.Item]; ok && a.Period >= q.First() && a.Period <= last {
			inQuarter[i] += toPence(a.Amount)
		}
	}

	priorities := slices.Clone(p.Priorities)
	slices.SortStableFunc(priorities, func(a, b Priority) int { return cmp.Compare(a.Order, b.Order) })
	tags := slices.Clone(p.Tags)
	slices.SortStableFunc(tags, func(a, b Tag) int { return cmp.Compare(a.Order, b.Order) })
	swpAt := make(map[ID]int, len(priorities))
	for i, pr := range priorities {
		if _, dup := swpAt[pr.ID]; !dup {
			swpAt[pr.ID] = i
		}
	}
	pccAt := make(map[ID]int, len(tags))
	for i, t := range tags {
		if _, dup := pccAt[t.ID]; !dup {
			pccAt[t.ID] = i
		}
	}
	swp := make([]ReturnGroup, len(priorities)+1)
	swpSum := make([]returnPence, len(swp))
	for i, pr := range priorities {
		swp[i].Name = pr.Name
	}
	swp[len(priorities)].Name = NoSWPPriority
	pcc := make([]ReturnGroup, len(tags)+1)
	pccSum := make([]returnPence, len(pcc))
	var total returnPence
	for i, t := range tags {
		pcc[i].Name = t.Name
	}
	pcc[len(tags)].Name = NoPCCPriority

	items := make([]ReturnItem, len(s.Items))
	group := make([]int, len(s.Items))
	for i, im := range s.Items {
		it := ReturnItem{
			ID: im.Item.ID, Title: im.Item.Title, IsPost: im.Item.IsPost,
			ReturnFigures: ReturnFigures{
				Budget: im.Budget, SpendInQuarter: Pence(inQuarter[i]), SpendToDate: im.ActualToDate,
				ForecastOutturn: im.ForecastOutturn, Variance: im.ForecastVariance,
			},
			RAG:       im.RAG,
			Narrative: m.Narratives[im.Item.ID][q],
			Measures:  returnMeasures(m.Measures[im.Item.ID], q),
		}
		if im.Override != nil {
			it.ForecastReason = im.Override.Reason
		}
		g, ok := swpAt[im.Item.PriorityID]
		if !ok || im.Item.PriorityID == 0 {
			g = len(priorities)
		}
		group[i] = g
		it.SWP = swp[g].Name
		swp[g].Items++
		swpSum[g].add(it.ReturnFigures)
		k, ok := pccAt[im.Item.PrimaryTag]
		if !ok || im.Item.PrimaryTag == 0 {
			k = len(tags)
		}
		it.PCC = pcc[k].Name
		pcc[k].Items++
		pccSum[k].add(it.ReturnFigures)
		total.add(it.ReturnFigures)
		items[i] = it
	}
	// Group the items by SWP priority, keeping the plan's order within.
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(group[a], group[b]) })
	r.Items = make([]ReturnItem, len(items))
	for i, k := range order {
		r.Items[i] = items[k]
	}

	for i := range swp {
		swp[i].ReturnFigures = swpSum[i].figures()
	}
	for i := range pcc {
		pcc[i].ReturnFigures = pccSum[i].figures()
	}
	r.Total = total.figures()
	if swp[len(priorities)].Items == 0 {
		swp = swp[:len(priorities)]
	}
	if pcc[len(tags)].Items == 0 {
		pcc = pcc[:len(tags)]
	}
	for _, gs := range [][]ReturnGroup{swp, pcc} {
		for i := range gs {
			gs[i].RAG = th.Status(gs[i].Budget, gs[i].Variance)
		}
	}
	r.BySWP, r.ByPCC = swp, pcc
	r.RAG = th.Status(r.Total.Budget, r.Total.Variance)

	if len(s.Orphans) > 0 {
		var sum Money
		for _, a := range s.Orphans {
			sum = sum.Add(a.Amount)
		}
		r.Notes = append(r.Notes, fmt.Sprintf("%d actual(s) totalling %s are against items no longer in the plan and are not counted in this return.",
			len(s.Orphans), sum.Exact()))
	}
	for _, im := range s.Items {
		if im.ProfileErr != nil {
			r.Notes = append(r.Notes, fmt.Sprintf("%s: its profile could not be used (%v); even twelfths were used instead.", im.Item.Title, im.ProfileErr))
		}
	}
	return r, nil
}

// returnMeasures reports an item's measures for quarter q.
func returnMeasures(ms []Measure, q Quarter) []ReturnMeasure {
	if len(ms) == 0 {
		return nil
	}
	out := make([]ReturnMeasure, len(ms))
	for i, ms := range ms {
		rm := ReturnMeasure{Name: ms.Name, Unit: ms.Unit, Target: ms.Target}
		if v := ms.Values[q-1]; v != nil {
			c := *v
			rm.Quarter = &c
		}
		rm.ToDate = ms.ToDate(q)
		out[i] = rm
	}
	return out
}

// DiffReturns says in plain English what differs between a return as
// submitted and the same return worked out now: one line per change, such
// as "Youth diversion: spend to date £12,000.00 → £12,450.00", items in
// the order of now (then those gone), then the totals. It is empty when
// nothing that the return reports has changed; who prepared it and when
// are not compared. Work out now as at the submitted return's AsAt, so
// that only late entries, corrections and edits show, not a later period.
func DiffReturns(sent, now QuarterlyReturn) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if sent.Partnership != now.Partnership {
		add("partnership: %q → %q", sent.Partnership, now.Partnership)
	}
	if sent.Year != now.Year || sent.Quarter != now.Quarter {
		add("quarter: %s %s → %s %s", sent.YearLabel(), sent.QuarterLabel(), now.YearLabel(), now.QuarterLabel())
	}
	if sent.AsAt != now.AsAt {
		add("as at: %s → %s", sent.AsAtLabel(), now.AsAtLabel())
	}
	before := make(map[ID]int, len(sent.Items))
	for i, it := range sent.Items {
		before[it.ID] = i
	}
	seen := make(map[ID]bool, len(now.Items))
	for _, it := range now.Items {
		seen[it.ID] = true
		i, ok := before[it.ID]
		if !ok {
			add("%s: new since the return was submitted (budget %s, spend to date %s)", it.Title, it.Budget.Exact(), it.SpendToDate.Exact())
			continue
		}
		out = diffItem(out, sent.Items[i], it)
	}
	for _, it := range sent.Items {
		if !seen[it.ID] {
			add("%s: no longer in the plan (was budget %s, spend to date %s)", it.Title, it.Budget.Exact(), it.SpendToDate.Exact())
		}
	}
	out = diffFigures(out, "Total", sent.Total, now.Total)
	return out
}

func diffItem(out []string, a, b ReturnItem) []string {
	name := b.Title
	add := func(format string, args ...any) { out = append(out, name+": "+fmt.Sprintf(format, args...)) }
	if a.Title != b.Title {
		add("renamed from %q", a.Title)
	}
	if a.SWP != b.SWP {
		add("SWP priority %s → %s", a.SWP, b.SWP)
	}
	if a.PCC != b.PCC {
		add("primary PCC priority %s → %s", a.PCC, b.PCC)
	}
	out = diffFigures(out, name, a.ReturnFigures, b.ReturnFigures)
	if a.RAG != b.RAG {
		add("RAG %s → %s", a.RAG, b.RAG)
	}
	if a.ForecastReason != b.ForecastReason {
		add("forecast reason %s → %s", quoteOrNone(a.ForecastReason), quoteOrNone(b.ForecastReason))
	}
	if a.Narrative != b.Narrative {
		add("narrative changed: %s → %s", quoteOrNone(a.Narrative), quoteOrNone(b.Narrative))
	}
	was := make(map[string]ReturnMeasure, len(a.Measures))
	for _, ms := range a.Measures {
		was[ms.Name] = ms
	}
	for _, ms := range b.Measures {
		old, ok := was[ms.Name]
		delete(was, ms.Name)
		switch {
		case !ok:
			add("measure %q added", ms.Name)
			continue
		case !old.Target.Equal(ms.Target):
			add("%s: annual target %s → %s", ms.Name, old.Target, ms.Target)
		}
		if q0, q1 := measureValue(old.Quarter), measureValue(ms.Quarter); q0 != q1 {
			add("%s: value for the quarter %s → %s", ms.Name, q0, q1)
		}
		if !old.ToDate.Equal(ms.ToDate) {
			add("%s: to date %s → %s", ms.Name, old.ToDate, ms.ToDate)
		}
	}
	for _, ms := range a.Measures {
		if _, gone := was[ms.Name]; gone {
			add("measure %q removed", ms.Name)
		}
	}
	return out
}

func diffFigures(out []string, name string, a, b ReturnFigures) []string {
	for _, c := range []struct {
		what string
		a, b Money
	}{
		{"budget", a.Budget, b.Budget},
		{"spend in the quarter", a.SpendInQuarter, b.SpendInQuarter},
		{"spend to date", a.SpendToDate, b.SpendToDate},
		{"forecast outturn", a.ForecastOutturn, b.ForecastOutturn},
		{"variance", a.Variance, b.Variance},
	} {
		if !c.a.Equal(c.b) {
			out = append(out, fmt.Sprintf("%s: %s %s → %s", name, c.what, c.a.Exact(), c.b.Exact()))
		}
	}
	return out
}

func measureValue(v *decimal.Decimal) string {
	if v == nil {
		return "not reported"
	}
	return v.String()
}

func quoteOrNone(s string) string {
	if strings.TrimSpace(s) == "" {
		return "none"
	}
	const most = 60
	if r := []rune(s); len(r) > most {
		s = string(r[:most]) + "..."
	}
	return fmt.Sprintf("%q", s)
}
