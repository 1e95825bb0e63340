package model

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// monitorPlan is a plan whose monitoring is easy to work by hand:
//
//	Strategy    line £12,000     even: £1,000 a month
//	DHR         line £18,000     by quarter 0:1:1:1, £2,000 a month from July
//	Mediators   line £5,000.05   even: P1 £416.68, then £416.67
//	Officer     post £24,000     April to March, £2,000 a month (salary
//	                             £24,000, no on-costs), vacant April to June
func monitorPlan() (*Plan, *Monitoring) {
	zero := Money{}
	p := &Plan{
		Info:       Info{Partnership: "Test Partnership", StartYear: 2017},
		Settings:   DefaultSettings(),
		Priorities: []Priority{{ID: 10, Name: "Reducing Reoffending"}, {ID: 11, Name: "Violence Prevention"}},
		Tags:       []Tag{{ID: 20, Name: "Protecting from harm"}, {ID: 21, Name: "Supporting victims of crime"}},
		Lines: []Line{
			{ID: 30, PriorityID: 10, Title: "Strategy", Cost: Pounds(12000), Tags: []ID{20}},
			{ID: 31, PriorityID: 11, Title: "DHR", Cost: Pounds(18000), Tags: []ID{21, 20}},
			{ID: 32, PriorityID: 11, Title: "Mediators", Cost: MustMoney("5000.05")},
		},
		Posts: []Post{{ID: 40, PriorityID: 10, Title: "Officer", FTE: decimal.NewFromInt(1), Salary: Pounds(24000),
			StartMonth: 1, EndMonth: 12, GrantShare: Pct("100"), OnCostOverride: &zero, Tags: []ID{20}}},
	}
	m := NewMonitoring(2017)
	m.Profiles = map[ID]Profile{31: {Kind: ProfileQuarters, Weights: []Money{Pounds(0), Pounds(1), Pounds(1), Pounds(1)}}}
	m.Vacancies = map[ID][]Period{40: {1, 2, 3}}
	m.Actuals = []Actual{
		{ID: 1, Item: 30, Period: 1, Amount: Pounds(900), Description: "Venue"},
		{ID: 2, Item: 30, Period: 2, Amount: Pounds(1100)},
		{ID: 3, Item: 30, Period: 3, Amount: Pounds(1000)},
		{ID: 4, Item: 30, Period: 3, Amount: Pounds(-50), Description: "Refund of deposit"},
		{ID: 5, Item: 32, Period: 2, Amount: MustMoney("1250.02"), Source: ActualSource{File: "ledger.csv", Row: 2}},
		{ID: 6, Item: 32, Period: 5, Amount: Pounds(300)}, // after P3: not to date
		{ID: 7, Item: 99, Period: 1, Amount: Pounds(5)},   // no such item
	}
	return p, m
}

func figures(budget, ptd, atd, vtd, fo, fv string) MonitorFigures {
	return MonitorFigures{MustMoney(budget), MustMoney(ptd), MustMoney(atd), MustMoney(vtd), MustMoney(fo), MustMoney(fv)}
}

func sameFigures(t *testing.T, what string, got, want MonitorFigures) {
	t.Helper()
	g := []Money{got.Budget, got.ProfileToDate, got.ActualToDate, got.VarianceToDate, got.ForecastOutturn, got.ForecastVariance}
	w := []Money{want.Budget, want.ProfileToDate, want.ActualToDate, want.VarianceToDate, want.ForecastOutturn, want.ForecastVariance}
	names := []string{"budget", "profile to date", "actual to date", "variance to date", "forecast outturn", "forecast variance"}
	for i := range g {
		if !g[i].Equal(w[i]) {
			t.Errorf("%s: %s = %s, want %s", what, names[i], g[i].Exact(), w[i].Exact())
		}
	}
}

func TestMonitorWorked(t *testing.T) {
	p, m := monitorPlan()
	if errs := m.Check(p); len(errs) != 1 || !strings.Contains(errs[0].Error(), "item 99, which is not in the plan") {
		t.Fatalf("Check = %v, want only the actual against item 99", errs)
	}
	s := Monitor(p, m, 3)
	byTitle := map[string]ItemMonitor{}
	for _, im := range s.Items {
		byTitle[im.Item.Title] = im
	}
	// Strategy: £3,000 profiled to June, £2,950 spent (a £50 refund);
	// forecast £2,950 + 9 x £1,000.
	sameFigures(t, "Strategy", byTitle["Strategy"].MonitorFigures, figures("12000", "3000", "2950", "50", "11950", "50"))
	// DHR: nothing profiled in Q1, nothing spent; forecast the profile.
	sameFigures(t, "DHR", byTitle["DHR"].MonitorFigures, figures("18000", "0", "0", "0", "18000", "0"))
	// Mediators: to date P1-P3 = 416.68 + 416.67 + 416.67; the P5 actual
	// is not to date as at P3.
	sameFigures(t, "Mediators", byTitle["Mediators"].MonitorFigures, figures("5000.05", "1250.02", "1250.02", "0", "5000.05", "0"))
	// Officer, vacant April to June: 3 x £2,000 profiled, nothing paid;
	// forecast 9 x £2,000, a £6,000 "recruitment and retention" saving.
	sameFigures(t, "Officer", byTitle["Officer"].MonitorFigures, figures("24000", "6000", "0", "6000", "18000", "6000"))
	if r := byTitle["Officer"].RAG; r != Red {
		t.Errorf("Officer: £6,000 (25%%) under is %s, want red", r)
	}
	if r := byTitle["Strategy"].RAG; r != Green {
		t.Errorf("Strategy: £50 under is %s, want green", r)
	}
	sameFigures(t, "total", s.Total, figures("59000.05", "10250.02", "4200.02", "6050", "52950.05", "6050"))
	if len(s.Orphans) != 1 || s.Orphans[0].Item != 99 || !s.HasActuals {
		t.Errorf("orphans %v, has actuals %v", s.Orphans, s.HasActuals)
	}
	// By SWP: Strategy and Officer; DHR and Mediators.
	sameFigures(t, "Reducing Reoffending", s.BySWP[0].MonitorFigures, figures("36000", "9000", "2950", "6050", "29950", "6050"))
	sameFigures(t, "Violence Prevention", s.BySWP[1].MonitorFigures, figures("23000.05", "1250.02", "1250.02", "0", "23000.05", "0"))
	// By primary PCC priority: harm has Strategy and Officer, victims the
	// DHR (its primary; harm is only "also supports"), Mediators none.
	sameFigures(t, "harm", s.ByPCC[0].MonitorFigures, figures("36000", "9000", "2950", "6050", "29950", "6050"))
	sameFigures(t, "victims", s.ByPCC[1].MonitorFigures, figures("18000", "0", "0", "0", "18000", "0"))
	sameFigures(t, "untagged", s.Untagged, figures("5000.05", "1250.02", "1250.02", "0", "5000.05", "0"))
	if s.ByPCC[0].Items != 2 || s.ByPCC[1].Items != 1 {
		t.Errorf("PCC item counts %d, %d; want 2, 1", s.ByPCC[0].Items, s.ByPCC[1].Items)
	}

	// The vacancy is left out of the forecast before it happens too: as
	// at P1, the officer's P2 and P3 are not forecast.
	s1 := Monitor(p, m, 1)
	for _, im := range s1.Items {
		if im.Item.Title == "Officer" {
			sameFigures(t, "Officer as at P1", im.MonitorFigures, figures("24000", "2000", "0", "2000", "18000", "6000"))
		}
	}

	// The officer forecasts one review only: £6,000, with a reason. The
	// outturn is the figure, spread over P4-P12 by the profile left.
	m.Forecast = map[ID]ForecastOverride{31: {Outturn: Pounds(6000), Reason: "One review expected this year"}}
	s = Monitor(p, m, 3)
	dhr := s.Items[1]
	sameFigures(t, "DHR forecast", dhr.MonitorFigures, figures("18000", "0", "0", "0", "6000", "12000"))
	if dhr.RAG != Red || dhr.Override == nil || dhr.Override.Reason == "" {
		t.Errorf("DHR with a forecast: RAG %s, override %v", dhr.RAG, dhr.Override)
	}
	_, _, fc := dhr.ByPeriod()
	if !fc.Total().Equal(Pounds(6000)) || !fc.At(3).IsZero() || !fc.At(4).Equal(MustMoney("666.67")) || !fc.At(12).Equal(MustMoney("666.66")) {
		t.Errorf("DHR forecast by period %v", fc)
	}
	sameFigures(t, "total with a forecast", s.Total, figures("59000.05", "10250.02", "4200.02", "6050", "40950.05", "18050"))

	// A forecast with no reason is refused.
	m.Forecast[31] = ForecastOverride{Outturn: Pounds(6000), Reason: " "}
	if errs := m.Check(p); len(errs) != 2 || !strings.Contains(errs[1].Error(), `the forecast for "DHR" has no reason`) {
		t.Errorf("Check = %v", errs)
	}
}

// The groups add up to the total for every figure, and each item's
// forecast by period adds up to its outturn, at every as-at period.
func TestMonitorAddsUp(t *testing.T) {
	p, m := monitorPlan()
	m.Forecast = map[ID]ForecastOverride{30: {Outturn: Pounds(20000), Reason: "Extra events"}}
	for asAt := Period(0); asAt <= Periods; asAt++ {
		s := Monitor(p, m, asAt)
		var swp, pcc MonitorFigures
		for _, g := range s.BySWP {
			swp.add(g.MonitorFigures)
		}
		swp.add(s.Unassigned)
		for _, g := range s.ByPCC {
			pcc.add(g.MonitorFigures)
		}
		pcc.add(s.Untagged)
		sameFigures(t, "SWP groups as at "+asAt.String(), swp, s.Total)
		sameFigures(t, "PCC groups as at "+asAt.String(), pcc, s.Total)
		for _, im := range s.Items {
			prof, act, fc := im.ByPeriod()
			if !fc.Total().Equal(im.ForecastOutturn) || !prof.Total().Equal(im.Budget) ||
				!prof.To(asAt).Equal(im.ProfileToDate) || !act.To(asAt).Equal(im.ActualToDate) {
				t.Errorf("%s as at %s: profile %v, actual %v, forecast %v; figures %+v", im.Item.Title, asAt, prof, act, fc, im.MonitorFigures)
			}
		}
	}
}

func TestRAGStatus(t *testing.T) {
	either := DefaultRAGThresholds()
	both := either
	both.Rule = RAGBoth
	for _, c := range []struct {
		budget, variance string
		either, both     RAG
	}{
		{"10000", "0", Green, Green},
		{"10000", "499.99", Green, Green},
		{"10000", "500", Amber, Green},   // 5%, under £1,000
		{"10000", "-500", Amber, Green},  // an overspend alike
		{"10000", "1000", Red, Amber},    // 10%; £1,000
		{"100000", "1000", Amber, Green}, // 1%, £1,000
		{"100000", "4999.99", Amber, Green},
		{"100000", "5000", Red, Amber}, // £5,000, 5%
		{"100000", "10000", Red, Red},  // 10%, £10,000
		{"500", "50", Red, Green},      // 10% of a small item
		{"0", "999.99", Green, Green},  // no budget: the amount alone
		{"0", "1000", Amber, Amber},
		{"0", "-5000", Red, Red},
	} {
		b, v := MustMoney(c.budget), MustMoney(c.variance)
		if got := either.Status(b, v); got != c.either {
			t.Errorf("either: %s on %s = %s, want %s", c.variance, c.budget, got, c.either)
		}
		if got := both.Status(b, v); got != c.both {
			t.Errorf("both: %s on %s = %s, want %s", c.variance, c.budget, got, c.both)
		}
	}
	if err := either.Check(); err != nil {
		t.Errorf("defaults: %v", err)
	}
	bad := either
	bad.RedAmount = Pounds(500)
	if err := bad.Check(); err == nil || !strings.Contains(err.Error(), "red from £500 is below amber from £1,000") {
		t.Errorf("red below amber: %v", err)
	}
}

// The monitoring record survives JSON, as the store will keep it: the
// same record gives the same summary after a round trip.
func TestMonitoringJSON(t *testing.T) {
	p, m := monitorPlan()
	m.Forecast = map[ID]ForecastOverride{31: {Outturn: Pounds(6000), Reason: "One review"}}
	m.Thresholds.Rule = RAGBoth
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Monitoring
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	b2, _ := json.Marshal(&back)
	if string(b) != string(b2) {
		t.Errorf("round trip changed the record:\n%s\n%s", b, b2)
	}
	want, got := Monitor(p, m, 3), Monitor(p, &back, 3)
	sameFigures(t, "total after JSON", got.Total, want.Total)
	for i := range want.Items {
		if got.Items[i].RAG != want.Items[i].RAG {
			t.Errorf("%s: RAG %s after JSON, %s before", want.Items[i].Item.Title, got.Items[i].RAG, want.Items[i].RAG)
		}
	}
}
