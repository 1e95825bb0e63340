package model

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// smallPlan is a plan whose totals are easy to work by hand.
func smallPlan() *Plan {
	return &Plan{
		Info:     Info{Partnership: "Test Partnership", StartYear: 2017},
		Settings: DefaultSettings(),
		Funding: []FundingSource{
			{ID: 1, Name: "Grant", Amount: Pounds(100000), Status: Confirmed},
			{ID: 2, Name: "Carry-forward", Amount: Pounds(10000), Status: Pending},
			{ID: 3, Name: "Bid", Amount: Pounds(5000), Status: Refused},
		},
		Priorities: []Priority{{ID: 10, Name: "Reducing Reoffending"}, {ID: 11, Name: "Violence Prevention"}},
		Tags:       []Tag{{ID: 20, Name: "Protecting from harm"}, {ID: 21, Name: "Supporting victims of crime"}},
		Lines: []Line{
			{ID: 30, PriorityID: 10, Title: "Strategy", Cost: Pounds(50000), Tags: []ID{20}},
			{ID: 31, PriorityID: 11, Title: "VAWG services", Cost: Pence(4567890), Tags: []ID{20, 21}},
		},
		Posts: []Post{{
			// 16,000 x 0.5 for 3 months = £2,410 (see the costing test).
			ID: 40, PriorityID: 11, Title: "Coordinator", FTE: decimal.RequireFromString("0.5"),
			Salary: Pounds(16000), StartMonth: 4, EndMonth: 6, GrantShare: Pct("100"), Tags: []ID{21},
		}},
	}
}

func TestComputeTotals(t *testing.T) {
	tot := ComputeTotals(smallPlan())
	want := map[string]string{
		"confirmed":          "100000.00",
		"pending":            "10000.00",
		"refused":            "5000.00",
		"envelope":           "110000.00",
		"lines":              "95678.90",
		"posts":              "2410.00",
		"allocated":          "98088.90",
		"headroom confirmed": "1911.10",
		"headroom all":       "11911.10",
		"priority 1":         "50000.00",
		"priority 2":         "48088.90",
		// Each item once, under its primary (the first tag): the strategy
		// and VAWG services under harm, the coordinator under victims.
		"tag harm":    "95678.90",
		"tag victims": "2410.00",
	}
	got := map[string]Money{
		"confirmed": tot.Confirmed, "pending": tot.Pending, "refused": tot.Refused,
		"envelope": tot.EnvelopeAll, "lines": tot.LinesTotal, "posts": tot.PostsTotal,
		"allocated": tot.Allocated, "headroom confirmed": tot.HeadroomConfirmed,
		"headroom all": tot.HeadroomAll, "priority 1": tot.ByPriority[0].Total,
		"priority 2": tot.ByPriority[1].Total, "tag harm": tot.ByTag[0].Total,
		"tag victims": tot.ByTag[1].Total,
	}
	for k, w := range want {
		if got[k].Plain() != w {
			t.Errorf("%s = %s, want %s", k, got[k].Plain(), w)
		}
	}
	if tot.Fit != Fits {
		t.Errorf("fit = %v", tot.Fit)
	}
	if tot.ByPriority[1].LineCount != 1 || tot.ByPriority[1].PostCount != 1 {
		t.Errorf("counts under priority 2: %+v", tot.ByPriority[1])
	}
	// 50,000 / 110,000 = 45.4545...%
	if s := tot.ByPriority[0].ShareOfEnvelope.StringFixed(2); s != "45.45" {
		t.Errorf("share of envelope = %s", s)
	}
}

func TestFitFollowsFundingStatus(t *testing.T) {
	p := smallPlan()
	p.Lines[0].Cost = Pounds(105000) // now 150,678.90 + 2,410 > 110,000
	if f := ComputeTotals(p).Fit; f != Over {
		t.Errorf("fit = %v, want over", f)
	}
	p.Lines[0].Cost = Pounds(55000) // 103,088.90: over confirmed, within pending
	if f := ComputeTotals(p).Fit; f != ReliesOnPending {
		t.Errorf("fit = %v, want relies on pending", f)
	}
	p.Funding[1].Status = Refused
	tot := ComputeTotals(p)
	if tot.Fit != Over || tot.HeadroomAll.Plain() != "-3088.90" {
		t.Errorf("with the carry-forward refused: fit %v headroom %s", tot.Fit, tot.HeadroomAll.Plain())
	}
}

// The VAWG services line is tagged harm then victims: it counts under harm,
// its primary, and as also supporting victims, whose money it does not add.
func TestTagTotalsCountEachItemOnceUnderItsPrimary(t *testing.T) {
	tot := ComputeTotals(smallPlan())
	harm, victims := tot.ByTag[0], tot.ByTag[1]
	if harm.Count != 2 || harm.AlsoCount != 0 || victims.Count != 1 || victims.AlsoCount != 1 {
		t.Errorf("harm %d items (also %d), victims %d items (also %d); want 2 (0), 1 (1)",
			harm.Count, harm.AlsoCount, victims.Count, victims.AlsoCount)
	}
	sum := tot.Untagged
	for _, tt := range tot.ByTag {
		sum = sum.Add(tt.Total)
	}
	if !sum.Equal(tot.Allocated) {
		t.Errorf("by-PCC totals add up to %s, want the allocation %s", sum, tot.Allocated)
	}
	// 95,678.90 / 98,088.90 = 97.5430...%
	if s := harm.ShareOfAllocated.StringFixed(2); s != "97.54" {
		t.Errorf("harm's share of the allocation = %s", s)
	}
}

// Whatever the tags (none, repeats, unknown IDs), the by-PCC totals and
// the untagged spend add up to the allocation, and each item is counted
// once.
func TestTagTotalsFootToTheAllocation(t *testing.T) {
	p := smallPlan()
	p.Lines = append(p.Lines,
		Line{ID: 32, PriorityID: 10, Title: "No tags", Cost: Pence(1234)},
		Line{ID: 33, PriorityID: 10, Title: "Repeats", Cost: Pence(99), Tags: []ID{21, 21, 20, 21}},
		Line{ID: 34, PriorityID: 10, Title: "Unknown primary", Cost: Pence(5), Tags: []ID{77, 20}},
	)
	tot := ComputeTotals(p)
	sum, items := tot.Untagged, tot.UntaggedCount
	for _, tt := range tot.ByTag {
		sum = sum.Add(tt.Total)
		items += tt.Count
	}
	if !sum.Equal(tot.Allocated) || items != len(p.Lines)+len(p.Posts) {
		t.Errorf("by-PCC totals add up to %s over %d items, want %s over %d", sum, items, tot.Allocated, len(p.Lines)+len(p.Posts))
	}
	if tot.Untagged.Plain() != "12.39" || tot.UntaggedCount != 2 {
		t.Errorf("untagged %s over %d items, want 12.39 over 2", tot.Untagged.Plain(), tot.UntaggedCount)
	}
	// "Repeats" is victims' and also supports harm once; "Unknown
	// primary" also supports harm; VAWG services also supports victims.
	if a, b := tot.ByTag[0].AlsoCount, tot.ByTag[1].AlsoCount; a != 2 || b != 1 {
		t.Errorf("also supports: harm %d, victims %d; want 2, 1", a, b)
	}
}

func TestPrimaryTagAndAlsoSupports(t *testing.T) {
	l := Line{Tags: []ID{21, 20, 21, 22, 20}}
	if got := l.PrimaryTag(); got != 21 {
		t.Errorf("primary = %d, want 21 (the first tag)", got)
	}
	if got := fmt.Sprint(l.AlsoSupports()); got != "[20 22]" {
		t.Errorf("also supports = %s, want [20 22]", got)
	}
	if got := (&Post{}).PrimaryTag(); got != 0 {
		t.Errorf("primary of an untagged post = %d, want 0", got)
	}
	if got := fmt.Sprint(WithPrimaryTag(22, []ID{20, 22, 21, 20})); got != "[22 20 21]" {
		t.Errorf("WithPrimaryTag = %s, want [22 20 21]", got)
	}
	if got := WithPrimaryTag(0, []ID{20}); got != nil {
		t.Errorf("WithPrimaryTag with no primary = %v, want none", got)
	}
}

func TestTotalsUnassignedAndUntagged(t *testing.T) {
	p := smallPlan()
	p.Lines = append(p.Lines, Line{ID: 32, PriorityID: 99, Title: "Orphan", Cost: Pounds(7)})
	tot := ComputeTotals(p)
	if tot.Unassigned.Plain() != "7.00" || tot.Untagged.Plain() != "7.00" {
		t.Errorf("unassigned %s untagged %s", tot.Unassigned, tot.Untagged)
	}
}

func TestValidate(t *testing.T) {
	if ps := smallPlan().Validate(); len(ps) != 0 {
		t.Fatalf("a good plan has problems: %v", ps)
	}
	p := smallPlan()
	p.Lines[0].PriorityID = 99
	p.Lines[1].Tags = []ID{20, 77}
	p.Posts[0].FTE = decimal.RequireFromString("1.6")
	p.Posts[0].GrantShare = Pct("120")
	p.Posts[0].EndMonth = 2
	p.Funding[1].Name = "grant"
	p.Lines = append(p.Lines, Line{ID: 33, PriorityID: 11, Title: "vawg services ", Cost: Pounds(1), Tags: []ID{20}})
	ps := p.Validate()
	text := ""
	for _, pr := range ps {
		text += pr.String() + "\n"
	}
	for _, want := range []string{
		`error: line "Strategy": sits under a priority that does not exist`,
		`error: line "VAWG services": is tagged with a PCC priority that does not exist`,
		`error: post "Coordinator": FTE 1.6 must be more than 0 and at most 1.5`,
		`error: post "Coordinator": grant share 120% is outside 0%-100%`,
		`error: post "Coordinator": ends (May) before it starts (July)`,
		`error: funding source "grant": has the same name as another funding source`,
		`warning: line "vawg services ": has the same title as line "VAWG services" under the same priority`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing problem %q in:\n%s", want, text)
		}
	}
	if len(Errors(ps)) != 6 {
		t.Errorf("want 6 errors, got %d:\n%s", len(Errors(ps)), text)
	}
	if ps[len(ps)-1].Severity != Warning {
		t.Error("warnings should come after errors")
	}
}

func TestCloneIsDeep(t *testing.T) {
	p := smallPlan()
	c := p.Clone()
	c.Lines[1].Tags[0] = 99
	c.Priorities[0].Name = "changed"
	c.Funding[0].Amount = Pounds(1)
	if p.Lines[1].Tags[0] != 20 || p.Priorities[0].Name == "changed" || !p.Funding[0].Amount.Equal(Pounds(100000)) {
		t.Error("changing the clone changed the original")
	}
}

func TestFinancialYearAndMonths(t *testing.T) {
	if FinancialYear(2017) != "2017/18" || FinancialYear(2099) != "2099/00" {
		t.Error("FinancialYear")
	}
	for in, want := range map[string]int{"2017/18": 2017, "2017-18": 2017, "2017": 2017} {
		if got, err := ParseFinancialYear(in); err != nil || got != want {
			t.Errorf("ParseFinancialYear(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"2017/19", "17/18", "", "abc"} {
		if _, err := ParseFinancialYear(in); err == nil {
			t.Errorf("ParseFinancialYear(%q) accepted", in)
		}
	}
	for in, want := range map[string]int{"April": 1, "apr": 1, "March": 12, "12": 12, " sep ": 6} {
		if got, err := ParseMonth(in); err != nil || got != want {
			t.Errorf("ParseMonth(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "13", "0", "Ap", "Juneteenth"} {
		if _, err := ParseMonth(in); err == nil {
			t.Errorf("ParseMonth(%q) accepted", in)
		}
	}
	if MonthDate(2017, 12) != "March 2018" || MonthDate(2017, 1) != "April 2017" {
		t.Error("MonthDate")
	}
}

func TestFitReadsAsASentence(t *testing.T) {
	for f, want := range map[Fit]string{
		Fits:            "The plan fits the confirmed money.",
		ReliesOnPending: "The plan fits only if pending money is approved.",
		Over:            "The plan is over budget, even if pending money is approved.",
	} {
		if got := "The plan " + f.String() + "."; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestValidateAmountsCsplanCannotReadBack(t *testing.T) {
	p := smallPlan()
	p.Funding[0].Amount = Pounds(1_000_000_000)
	p.Lines[0].Cost = Pounds(1_500_000_000)
	p.Tags[0].Name = "Protecting; harm"
	p.Priorities[0].Outcomes = []string{"Fewer reoffenders", "  "}
	text := ""
	for _, pr := range Errors(p.Validate()) {
		text += pr.String() + "\n"
	}
	for _, want := range []string{
		`funding source "Grant": amount £1,000,000,000 must be under £1,000,000,000`,
		`line "Strategy": cost £1,500,000,000 must be under £1,000,000,000`,
		`PCC priority "Protecting; harm": the name cannot contain ";"`,
		`priority "Reducing Reoffending": outcome 2 is empty`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
	if Compare(nil) != nil {
		t.Error("Compare of nothing")
	}
}
