package model

// NewMonitoring returns an empty monitoring record for the financial year
// starting in year, with the default RAG thresholds.
func NewMonitoring(year int) *Monitoring {
	return &Monitoring{Year: year, Thresholds: DefaultRAGThresholds()}
}

// thresholds returns the record's thresholds, or the defaults for a record
// that never set them.
func (m *Monitoring) thresholds() RAGThresholds {
	if m == nil || m.Thresholds == (RAGThresholds{}) {
		return DefaultRAGThresholds()
	}
	return m.Thresholds
}

// MonitorFigures are the money columns of the monitoring table, for an
// item or a total. Variances are budget less spend: positive is an
// underspend, negative an overspend.
type MonitorFigures struct {
	Budget        Money `json:"budget"`
	ProfileToDate Money `json:"profile_to_date"`
	ActualToDate  Money `json:"actual_to_date"`
	// VarianceToDate is ProfileToDate - ActualToDate.
	VarianceToDate  Money `json:"variance_to_date"`
	ForecastOutturn Money `json:"forecast_outturn"`
	// ForecastVariance is Budget - ForecastOutturn.
	ForecastVariance Money `json:"forecast_variance"`
}

// add adds o's figures to f's.
func (f *MonitorFigures) add(o MonitorFigures) {
	f.Budget = f.Budget.Add(o.Budget)
	f.ProfileToDate = f.ProfileToDate.Add(o.ProfileToDate)
	f.ActualToDate = f.ActualToDate.Add(o.ActualToDate)
	f.VarianceToDate = f.VarianceToDate.Add(o.VarianceToDate)
	f.ForecastOutturn = f.ForecastOutturn.Add(o.ForecastOutturn)
	f.ForecastVariance = f.ForecastVariance.Add(o.ForecastVariance)
}

// ItemMonitor is one item's monitoring as at a period.
type ItemMonitor struct {
	Item Item
	MonitorFigures
	RAG RAG
	// profile, actual and forecast are by period, kept in pence so that a
	// large plan's summary does not build money for every period of every
	// item; see ByPeriod.
	profile, actual, forecast penceSpread
	// Vacant marks the periods the post is vacant.
	Vacant [Periods]bool
	// Override is the officer's forecast, when one is set; the outturn is
	// then its figure.
	Override *ForecastOverride
	// ProfileErr is why the item's own profile could not be used (its
	// default spread was used instead), or nil.
	ProfileErr error
}

// ByPeriod returns the item's figures by period: the profile (the budget
// by period, adding up to it), the actuals (the spend recorded in each
// period, also after the as-at period) and the forecast (the actual to
// the as-at period and the expected spend after it, adding up to
// ForecastOutturn).
func (im *ItemMonitor) ByPeriod() (profile, actual, forecast Spread) {
	return im.profile.money(), im.actual.money(), im.forecast.money()
}

// MonitorGroup is the monitoring total of the items under one SWP or
// primary PCC priority.
type MonitorGroup struct {
	ID    ID
	Name  string
	Items int
	MonitorFigures
	RAG RAG
}

// MonitorSummary is a plan's monitoring as at a period: each item, the
// totals, and the totals by SWP priority and by primary PCC priority. All
// figures are exact; the groups with Unassigned (or Untagged) add up to
// Total to the penny.
type MonitorSummary struct {
	Year  int
	AsAt  Period
	Items []ItemMonitor
	Total MonitorFigures
	RAG   RAG
	// BySWP is in the plan's order of priorities; Unassigned holds items
	// whose priority is not in the plan.
	BySWP      []MonitorGroup
	Unassigned MonitorFigures
	// ByPCC is by primary PCC priority, in the plan's order; Untagged
	// holds items with no primary PCC priority (or an unknown one).
	ByPCC    []MonitorGroup
	Untagged MonitorFigures
	// Orphans are actuals against no item of the plan (an item since
	// removed): not in any figure above, listed so they are not lost.
	Orphans []Actual
	// HasActuals is whether any actual is recorded against the plan's
	// items, in any period.
	HasActuals bool
}

// Monitor works out a plan's monitoring as at period asAt (0: before the
// year's first period closes, so nothing is to date). For each item:
//
//	profile to date   = its profile, P1 to asAt
//	actual to date    = its actuals, P1 to asAt (later ones are not yet
//	                    "to date" and are left out, so a past as-at shows
//	                    the figures as they stood)
//	variance to date  = profile to date - actual to date
//	forecast outturn  = the officer's forecast, if set; otherwise actual to
//	                    date + its profile for the periods after asAt,
//	                    leaving out a post's vacant periods
//	forecast variance = budget - forecast outturn
//	RAG               = the thresholds applied to the forecast variance
//
// Totals, and totals by group, are the exact sums of the items' figures;
// their RAG is the thresholds applied to their own forecast variance.
// m may be nil: no actuals, default profiles and thresholds.
func Monitor(p *Plan, m *Monitoring, asAt Period) MonitorSummary {
	asAt = max(0, min(asAt, Periods))
	if m == nil {
		m = NewMonitoring(p.Info.StartYear)
	}
	th := m.thresholds()
	s := MonitorSummary{Year: p.Info.StartYear, AsAt: asAt}
	items := p.Items()
	index := make(map[ID]int, len(items))
	for i, it := range items {
		index[it.ID] = i
	}
	// The sums are taken in pence: exact, as every amount is whole pence,
	// and without a decimal allocated for each of a large plan's sums.
	actual := make([]penceSpread, len(items))
	for _, a := range m.Actuals {
		i, ok := index[a.Item]
		if !ok || !a.Period.Valid() {
			s.Orphans = append(s.Orphans, a)
			continue
		}
		actual[i][a.Period-1] += toPence(a.Amount)
		s.HasActuals = true
	}

	s.Items = make([]ItemMonitor, len(items))
	figs := make([]penceFigures, len(items))
	var total penceFigures
	for i, it := range items {
		im := ItemMonitor{Item: it}
		prof, err := m.Profiles[it.ID].spreadPence(it)
		im.ProfileErr = err
		if it.IsPost {
			for _, per := range m.Vacancies[it.ID] {
				if per.Valid() {
					im.Vacant[per-1] = true
				}
			}
		}
		fc := forecastPence(prof, actual[i], im.Vacant, asAt)
		if o, ok := m.Forecast[it.ID]; ok {
			im.Override = &o
			fc = overridePence(fc, actual[i], asAt, toPence(o.Outturn))
		}
		f := penceFigures{budget: toPence(it.Budget), ptd: prof.to(asAt), atd: actual[i].to(asAt), fo: fc.to(Periods)}
		f.vtd, f.fv = f.ptd-f.atd, f.budget-f.fo
		figs[i] = f
		total.add(f)
		im.MonitorFigures = f.money()
		im.profile, im.actual, im.forecast = prof, actual[i], fc
		im.RAG = th.Status(im.Budget, im.ForecastVariance)
		s.Items[i] = im
	}
	s.Total = total.money()
	s.RAG = th.Status(s.Total.Budget, s.Total.ForecastVariance)
	s.BySWP, s.Unassigned = monitorGroups(items, figs, th, p.Priorities, func(pr Priority) (ID, string) { return pr.ID, pr.Name },
		func(it Item) ID { return it.PriorityID })
	s.ByPCC, s.Untagged = monitorGroups(items, figs, th, p.Tags, func(t Tag) (ID, string) { return t.ID, t.Name },
		func(it Item) ID { return it.PrimaryTag })
	return s
}

// penceFigures are MonitorFigures in pence.
type penceFigures struct{ budget, ptd, atd, vtd, fo, fv int64 }

func (f *penceFigures) add(o penceFigures) {
	f.budget += o.budget
	f.ptd += o.ptd
	f.atd += o.atd
	f.vtd += o.vtd
	f.fo += o.fo
	f.fv += o.fv
}

func (f penceFigures) money() MonitorFigures {
	return MonitorFigures{Pence(f.budget), Pence(f.ptd), Pence(f.atd), Pence(f.vtd), Pence(f.fo), Pence(f.fv)}
}

// forecastPence is the worked forecast by period: the actual up to asAt,
// then the profile, nothing in a vacant period.
func forecastPence(profile, actual penceSpread, vacant [Periods]bool, asAt Period) penceSpread {
	var f penceSpread
	for i := range f {
		switch {
		case Period(i+1) <= asAt:
			f[i] = actual[i]
		case !vacant[i]:
			f[i] = profile[i]
		}
	}
	return f
}

// overridePence is the forecast by period when the officer set the
// outturn: the actual up to asAt, and what the outturn leaves after it
// shared over the periods after asAt in proportion to the worked forecast
// for them (evenly when that is nothing, as for a post vacant for the rest
// of the year; in P12 when no period is left, as for a year-end accrual).
func overridePence(worked, actual penceSpread, asAt Period, outturn int64) penceSpread {
	var f penceSpread
	copy(f[:asAt], actual[:asAt])
	rest := outturn - actual.to(asAt)
	if asAt >= Periods {
		f[Periods-1] += rest
		return f
	}
	weights := make([]uint64, Periods-int(asAt))
	for i := range weights {
		weights[i] = uint64(max(worked[int(asAt)+i], 0))
	}
	parts, ok := sharePence(rest, weights)
	if !ok {
		for i := range weights {
			weights[i] = 1
		}
		parts, _ = sharePence(rest, weights)
	}
	copy(f[asAt:], parts)
	return f
}

// monitorGroups totals the items by group, in the order of groups, and
// returns the total of the items in no group.
func monitorGroups[G any](items []Item, figs []penceFigures, th RAGThresholds, groups []G, key func(G) (ID, string), of func(Item) ID) ([]MonitorGroup, MonitorFigures) {
	out := make([]MonitorGroup, len(groups))
	sums := make([]penceFigures, len(groups))
	at := make(map[ID]int, len(groups))
	for i, g := range groups {
		id, name := key(g)
		out[i] = MonitorGroup{ID: id, Name: name}
		if _, dup := at[id]; !dup {
			at[id] = i
		}
	}
	var rest penceFigures
	for k, it := range items {
		if i, ok := at[of(it)]; ok && of(it) != 0 {
			out[i].Items++
			sums[i].add(figs[k])
		} else {
			rest.add(figs[k])
		}
	}
	for i := range out {
		out[i].MonitorFigures = sums[i].money()
		out[i].RAG = th.Status(out[i].Budget, out[i].ForecastVariance)
	}
	return out, rest.money()
}
