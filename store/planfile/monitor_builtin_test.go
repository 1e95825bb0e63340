package planfile_test

import (
	"testing"

	"csplan/model"
	"csplan/store/internal/plantest"
	"csplan/store/planfile"
)

// The first quarter of the built-in 2017/18 plan, worked by hand: the
// Youth Inclusion Support Panel worker is vacant from April to June and the
// domestic homicide reviews line spends nothing; every other item spends
// exactly its profile. As at P3:
//
//	YISP worker   budget £33,725.57 = 3,372,557p; / 12 = 281,046p rem 5, so
//	              P1-P5 £2,810.47 and P6-P12 £2,810.46.
//	              profile to date 3 x 2,810.47 = £8,431.41; actual £0;
//	              forecast P4-P12 = 2 x 2,810.47 + 7 x 2,810.46 = £25,294.16;
//	              variance £33,725.57 - £25,294.16 = £8,431.41 (25%: red).
//	DHR           budget £18,000, £1,500 a month; profile to date £4,500,
//	              actual £0; forecast 9 x £1,500 = £13,500; variance
//	              £4,500 (25%: red). With the officer's forecast of £6,000
//	              ("one review expected"): variance £12,000.
//	Plan          profile to date: the P1-P3 of each item's twelfths (for
//	              a budget of n pence, n / 12 each month and the n mod 12
//	              odd pennies in the first months), £66,223.99 for the
//	              lines and £35,526.13 for the posts, £101,750.12 in all;
//	              actual to date £101,750.12 - £12,931.41 = £88,818.71.
//	              Budget £407,000; everything else on profile, so the
//	              variance to date is £8,431.41 + £4,500 = £12,931.41 and
//	              the forecast outturn £407,000 - £8,431.41 - £4,500 =
//	              £394,068.59 (with the DHR forecast £386,568.59).
func TestMonitorBuiltInFirstQuarter(t *testing.T) {
	p := planfile.BuiltIn()
	m, yispID, dhrID, err := plantest.FirstQuarter(p)
	if err != nil {
		t.Fatal(err)
	}
	const yisp, dhr = plantest.YISPWorker, plantest.DHR

	type want struct{ budget, ptd, atd, vtd, fo, fv string }
	check := func(what string, got model.MonitorFigures, w want) {
		t.Helper()
		for _, c := range []struct {
			name string
			got  model.Money
			want string
		}{
			{"budget", got.Budget, w.budget}, {"profile to date", got.ProfileToDate, w.ptd},
			{"actual to date", got.ActualToDate, w.atd}, {"variance to date", got.VarianceToDate, w.vtd},
			{"forecast outturn", got.ForecastOutturn, w.fo}, {"forecast variance", got.ForecastVariance, w.fv},
		} {
			if !c.got.Equal(model.MustMoney(c.want)) {
				t.Errorf("%s: %s = %s, want £%s", what, c.name, c.got.Exact(), c.want)
			}
		}
	}
	item := func(s model.MonitorSummary, id model.ID) model.ItemMonitor {
		for _, im := range s.Items {
			if im.Item.ID == id {
				return im
			}
		}
		t.Fatalf("item %d missing", id)
		return model.ItemMonitor{}
	}

	s := model.Monitor(p, m, 3)
	post := item(s, yispID)
	check(yisp, post.MonitorFigures, want{"33725.57", "8431.41", "0", "8431.41", "25294.16", "8431.41"})
	if prof, _, _ := post.ByPeriod(); !prof.At(5).Equal(model.MustMoney("2810.47")) || !prof.At(6).Equal(model.MustMoney("2810.46")) {
		t.Errorf("%s: profile %v", yisp, prof)
	}
	check(dhr, item(s, dhrID).MonitorFigures, want{"18000", "4500", "0", "4500", "13500", "4500"})
	for _, im := range s.Items {
		if im.Item.ID != yispID && im.Item.ID != dhrID {
			if !im.ForecastVariance.IsZero() || !im.VarianceToDate.IsZero() || im.RAG != model.Green {
				t.Errorf("%s on profile: variance to date %s, forecast variance %s, %s", im.Item.Title, im.VarianceToDate, im.ForecastVariance, im.RAG)
			}
		}
	}
	if post.RAG != model.Red || item(s, dhrID).RAG != model.Red {
		t.Errorf("RAG: post %s, DHR %s; want red, red", post.RAG, item(s, dhrID).RAG)
	}
	check("plan", s.Total, want{"407000", "101750.12", "88818.71", "12931.41", "394068.59", "12931.41"})

	m.Forecast = map[model.ID]model.ForecastOverride{dhrID: {Outturn: model.Pounds(6000), Reason: "One review expected"}}
	s = model.Monitor(p, m, 3)
	check(dhr+" with a forecast", item(s, dhrID).MonitorFigures, want{"18000", "4500", "0", "4500", "6000", "12000"})
	check("plan with a forecast", s.Total, want{"407000", "101750.12", "88818.71", "12931.41", "386568.59", "20431.41"})
	// By SWP: the post is under Reducing Reoffending, the DHR under
	// Violence Prevention; by primary PCC priority, Standing up for young
	// people and Supporting victims of crime.
	for _, c := range []struct {
		groups []model.MonitorGroup
		name   string
		fv     string
	}{
		{s.BySWP, "Reducing Reoffending", "8431.41"},
		{s.BySWP, "Violence Prevention", "12000"},
		{s.BySWP, "Reducing Victimisation", "0"},
		{s.ByPCC, "Standing up for young people", "8431.41"},
		{s.ByPCC, "Supporting victims of crime", "12000"},
		{s.ByPCC, "Protecting from harm", "0"},
	} {
		found := false
		for _, g := range c.groups {
			if g.Name == c.name {
				found = true
				if !g.ForecastVariance.Equal(model.MustMoney(c.fv)) {
					t.Errorf("%s: forecast variance %s, want £%s", c.name, g.ForecastVariance.Exact(), c.fv)
				}
			}
		}
		if !found {
			t.Errorf("no group %q", c.name)
		}
	}
}
