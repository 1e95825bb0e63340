package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func pctp(s string) *Percent { p := Pct(s); return &p }
func monp(m Money) *Money    { return &m }
func statusp(s FundingStatus) *FundingStatus {
	return &s
}

func TestScenarioLevers(t *testing.T) {
	base := smallPlan() // allocated 98,088.90 against 100,000 + 10,000 pending
	cases := []struct {
		name      string
		step      Step
		text      string
		allocated string // after
		envelope  string // after
	}{
		{"grant cut 25%", Step{Kind: StepFunding, Target: 1, Percent: pctp("-25")},
			`Grant -25%`, "98088.90", "85000.00"},
		{"carry-forward refused", Step{Kind: StepFunding, Target: 2, Status: statusp(Refused)},
			`Carry-forward refused`, "98088.90", "100000.00"},
		{"grant set", Step{Kind: StepFunding, Target: 1, Amount: monp(Pounds(90000))},
			`Grant set to £90,000`, "98088.90", "100000.00"},
		// 10% of the priority's lines (45,678.90) = 4,567.89.
		{"priority cut 10%", Step{Kind: StepCutPriority, Target: 11, Percent: pctp("10")},
			`Violence Prevention lines -10%`, "93521.01", "110000.00"},
		{"tag cut by amount", Step{Kind: StepCutTag, Target: 20, Amount: monp(Pounds(1000))},
			`Lines aligned to Protecting from harm cut by £1,000`, "97088.90", "110000.00"},
		{"all lines cut", Step{Kind: StepCutLines, Percent: pctp("50")},
			`All lines (not posts) -50%`, "50249.45", "110000.00"},
		{"line removed", Step{Kind: StepRemoveLine, Target: 30},
			`Line "Strategy" removed`, "48088.90", "110000.00"},
		{"line cost", Step{Kind: StepLineCost, Target: 30, Amount: monp(Pounds(12000))},
			`Line "Strategy" cost £12,000`, "60088.90", "110000.00"},
		{"line added", Step{Kind: StepAddLine, Line: &Line{PriorityID: 10, Title: "New", Cost: Pounds(1)}},
			`Line "New" added, cost £1`, "98089.90", "110000.00"},
		// The post costs 2,410 for months 4-6 (July to September): ending
		// after August leaves two months, 1,606.67.
		{"post ends early", Step{Kind: StepPostEnd, Target: 40, Month: 5},
			`Post "Coordinator" ends after August`, "97285.57", "110000.00"},
		// Vacant until August: August and September, 1,606.67.
		{"post vacant until August", Step{Kind: StepPostStart, Target: 40, Month: 5},
			`Post "Coordinator" vacant until August`, "97285.57", "110000.00"},
		{"post removed", Step{Kind: StepRemovePost, Target: 40},
			`Post "Coordinator" removed`, "95678.90", "110000.00"},
		{"post half grant", Step{Kind: StepPostShare, Target: 40, Percent: pctp("50")},
			`Post "Coordinator" grant share 50%`, "96883.90", "110000.00"},
		{"post FTE", Step{Kind: StepPostFTE, Target: 40, FTE: func() *decimal.Decimal { d := decimal.RequireFromString("0.25"); return &d }()},
			`Post "Coordinator" FTE 0.25`, "96883.90", "110000.00"},
		// The post's pay is 8,000 (under the NI threshold): pension at
		// 16.1% is 1,288 instead of 1,600, so a quarter year costs 2,332.
		{"pension rate", Step{Kind: StepSetting, Setting: SettingPensionRate, Percent: pctp("16.1")},
			`Employer pension rate at 16.1%`, "98010.90", "110000.00"},
		// Without the levy (40 a year) the quarter costs 2,400.
		{"levy off", Step{Kind: StepSetting, Setting: SettingLevy, On: func() *bool { b := false; return &b }()},
			`Apprenticeship levy off`, "98078.90", "110000.00"},
		// NI (8,000 - 5,000) x 13.8% = 414; annual 10,054; a quarter 2,513.50.
		{"NI threshold", Step{Kind: StepSetting, Setting: SettingNIThreshold, Amount: monp(Pounds(5000))},
			`Employer NI threshold at £5,000`, "98192.40", "110000.00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Scenario{Name: c.name, Steps: []Step{c.step}}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			got, results := s.Apply(base)
			if results[0].Text != c.text {
				t.Errorf("text = %q, want %q", results[0].Text, c.text)
			}
			if results[0].Warning != "" {
				t.Errorf("warning %q", results[0].Warning)
			}
			tot := ComputeTotals(got)
			if tot.Allocated.Plain() != c.allocated || tot.EnvelopeAll.Plain() != c.envelope {
				t.Errorf("allocated %s envelope %s, want %s %s", tot.Allocated.Plain(), tot.EnvelopeAll.Plain(), c.allocated, c.envelope)
			}
			if ComputeTotals(base).Allocated.Plain() != "98088.90" || len(base.Lines) != 2 || len(base.Posts) != 1 {
				t.Error("applying a scenario changed the plan")
			}
		})
	}
}

func TestSettingStepFromTypedValue(t *testing.T) {
	st, err := SettingStep(SettingPensionRate, "16.1%")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(Scenario{Name: "x", Steps: []Step{st}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"kind":"setting","percent":"16.1","setting":"pension-rate"}`; !strings.Contains(string(b), want) {
		t.Errorf("JSON %s does not hold %s", b, want)
	}
	var back Scenario
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := back.Steps[0].Describe(smallPlan()); got != "Employer pension rate at 16.1%" {
		t.Errorf("read back, the step says %q", got)
	}
	if _, err := SettingStep(SettingLevy, "sometimes"); err == nil || !strings.Contains(err.Error(), "levy") {
		t.Errorf("a bad levy switch gives %v", err)
	}
	bad := Scenario{Name: "x", Steps: []Step{{Kind: StepSetting, Setting: SettingPensionRate}}}
	if err := bad.Validate(); err == nil {
		t.Error("a setting step without its rate is valid")
	}
	sc := Scenario{Name: "x"}
	sc.SetStep(st)
	st2, _ := SettingStep(SettingPensionRate, "17")
	sc.SetStep(st2)
	if len(sc.Steps) != 1 || !sc.Steps[0].Percent.Equal(Pct("17")) {
		t.Errorf("setting the pension rate twice leaves %d steps", len(sc.Steps))
	}
}

func TestPostEndAfterMonthWithinRun(t *testing.T) {
	p := smallPlan()
	p.Posts[0].StartMonth, p.Posts[0].EndMonth = 1, 12
	s := Scenario{Steps: []Step{{Kind: StepPostEnd, Target: 40, Month: 9}}}
	got := s.Plan(p)
	if got.Posts[0].EndMonth != 9 {
		t.Fatalf("end month %d", got.Posts[0].EndMonth)
	}
	s.Steps[0].Month = 0
	if err := s.Validate(); err == nil {
		t.Error("month 0 accepted")
	}
}

// A vacancy delays a post's start and never brings it forward; one past
// the post's end leaves it as it was and says so.
func TestPostVacantUntil(t *testing.T) {
	p := smallPlan() // the post runs July (4) to September (6)
	for _, c := range []struct {
		month, start int
		warned       bool
	}{{5, 5, false}, {6, 6, false}, {2, 4, false}, {7, 4, true}} {
		s := Scenario{Name: "vacancy", Steps: []Step{{Kind: StepPostStart, Target: 40, Month: c.month}}}
		got, res := s.Apply(p)
		if got.Posts[0].StartMonth != c.start || (res[0].Warning != "") != c.warned {
			t.Errorf("vacant until %s: starts %s, warning %q", MonthName(c.month), MonthName(got.Posts[0].StartMonth), res[0].Warning)
		}
	}
	s := Scenario{Name: "vacancy", Steps: []Step{{Kind: StepPostStart, Target: 40, Month: 13}}}
	if err := s.Validate(); err == nil {
		t.Error("month 13 accepted")
	}
}

func TestMakeItFit(t *testing.T) {
	p := smallPlan()
	p.Funding[0].Amount = Pounds(90000) // shortfall on confirmed: 8,088.90
	s := Scenario{Steps: []Step{{Kind: StepMakeFit, Fit: FitConfirmed}}}
	got, res := s.Apply(p)
	tot := ComputeTotals(got)
	if tot.HeadroomConfirmed.Sign() < 0 || tot.HeadroomConfirmed.Cmp(Pounds(1)) >= 0 {
		t.Errorf("headroom after make-it-fit = %s, want £0 to £1", tot.HeadroomConfirmed)
	}
	// 8,089 whole pounds shared 50,000 : 45,678.90.
	cut0 := p.Lines[0].Cost.Sub(got.Lines[0].Cost)
	cut1 := p.Lines[1].Cost.Sub(got.Lines[1].Cost)
	if cut0.Add(cut1).Plain() != "8089.00" || cut0.Plain() != "4227.00" {
		t.Errorf("cuts %s + %s", cut0, cut1)
	}
	if !got.Posts[0].Salary.Equal(p.Posts[0].Salary) || res[0].Warning != "" {
		t.Error("post touched or warning")
	}
	// Protect one line: the other takes all of it.
	s.Steps[0].Protect = []ID{30}
	got = s.Plan(p)
	if !got.Lines[0].Cost.Equal(p.Lines[0].Cost) || p.Lines[1].Cost.Sub(got.Lines[1].Cost).Plain() != "8089.00" {
		t.Errorf("protected line cut: %s %s", got.Lines[0].Cost, got.Lines[1].Cost)
	}
	// Cannot cover: protect both.
	s.Steps[0].Protect = []ID{30, 31}
	_, res = s.Apply(p)
	if !strings.Contains(res[0].Warning, "cannot cover the shortfall of £8,088.90") {
		t.Errorf("warning = %q", res[0].Warning)
	}
}

func TestMakeItFitProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallPlan()
		n := rapid.IntRange(0, 25).Draw(t, "lines")
		p.Lines = nil
		var protect []ID
		for i := 0; i < n; i++ {
			id := ID(100 + i)
			p.Lines = append(p.Lines, Line{ID: id, PriorityID: 10, Title: "L", Cost: Pence(rapid.Int64Range(0, 5_000_000).Draw(t, "cost")), Tags: []ID{20}})
			if rapid.Bool().Draw(t, "protect") {
				protect = append(protect, id)
			}
		}
		p.Funding[0].Amount = Pence(rapid.Int64Range(0, 20_000_000).Draw(t, "grant"))
		target := FitConfirmed
		if rapid.Bool().Draw(t, "all") {
			target = FitAll
		}
		s := Scenario{Steps: []Step{{Kind: StepMakeFit, Fit: target, Protect: protect}}}
		got, res := s.Apply(p)
		before, after := ComputeTotals(p), ComputeTotals(got)
		money := after.Confirmed
		if target == FitAll {
			money = after.EnvelopeAll
		}
		var cut Money
		for i, l := range got.Lines {
			c := p.Lines[i].Cost.Sub(l.Cost)
			if c.Sign() < 0 || l.Cost.Sign() < 0 {
				t.Fatalf("line %d went from %s to %s", i, p.Lines[i].Cost, l.Cost)
			}
			if hasID(protect, l.ID) && !c.IsZero() {
				t.Fatalf("protected line %d cut by %s", i, c)
			}
			if !c.Decimal().Equal(c.Decimal().Truncate(0)) {
				t.Fatalf("cut %s is not in whole pounds", c)
			}
			cut = cut.Add(c)
		}
		shortfall := before.Allocated.Sub(money)
		if res[0].Warning == "" {
			if shortfall.Sign() <= 0 && !cut.IsZero() {
				t.Fatalf("cut %s when nothing was short", cut)
			}
			if shortfall.Sign() > 0 {
				if after.Allocated.Cmp(money) > 0 {
					t.Fatalf("still over: %s > %s", after.Allocated, money)
				}
				if cut.Sub(shortfall).Cmp(Pounds(1)) >= 0 {
					t.Fatalf("cut %s for a shortfall of %s", cut, shortfall)
				}
			}
		}
	})
}

func TestSetStepReplacesSameFigure(t *testing.T) {
	var s Scenario
	s.SetStep(Step{Kind: StepLineCost, Target: 30, Amount: monp(Pounds(1))})
	s.SetStep(Step{Kind: StepLineCost, Target: 30, Amount: monp(Pounds(2))})
	s.SetStep(Step{Kind: StepLineCost, Target: 31, Amount: monp(Pounds(3))})
	if len(s.Steps) != 2 || !s.Steps[0].Amount.Equal(Pounds(2)) {
		t.Fatalf("steps %+v", s.Steps)
	}
}

func TestPlanChangeShowsThroughScenario(t *testing.T) {
	p := smallPlan()
	s := Scenario{Steps: []Step{{Kind: StepLineCost, Target: 30, Amount: monp(Pounds(12000))}}}
	p.Lines[1].Cost = Pounds(1) // the plan changes a line the scenario leaves alone
	p.Lines[0].Cost = Pounds(7) // and one it sets
	got := s.Plan(p)
	if !got.Lines[1].Cost.Equal(Pounds(1)) || !got.Lines[0].Cost.Equal(Pounds(12000)) {
		t.Errorf("got %s and %s", got.Lines[0].Cost, got.Lines[1].Cost)
	}
}

func TestScenarioStepOnMissingTargetWarns(t *testing.T) {
	s := Scenario{Steps: []Step{{Kind: StepRemoveLine, Target: 999}}}
	_, res := s.Apply(smallPlan())
	if !strings.Contains(res[0].Warning, "no longer in the plan") {
		t.Errorf("warning %q", res[0].Warning)
	}
}

func TestCompare(t *testing.T) {
	p := smallPlan()
	s := Scenario{Name: "Cut", Steps: []Step{
		{Kind: StepRemoveLine, Target: 30},
		{Kind: StepAddLine, Line: &Line{PriorityID: 10, Title: "Fresh", Cost: Pounds(5)}},
		{Kind: StepFunding, Target: 2, Status: statusp(Refused)},
	}}
	rows := Compare([]Column{{Name: "Plan", Plan: p}, {Name: "Cut", Plan: s.Plan(p)}})
	// Costings a screen has already worked out give the same rows; ones
	// that do not fit the posts are worked out again.
	costed := func(q *Plan) []PostCosting {
		out := make([]PostCosting, len(q.Posts))
		for i := range q.Posts {
			out[i] = q.Posts[i].Costing(q.Settings)
		}
		return out
	}
	cut := s.Plan(p)
	for _, given := range [][]PostCosting{costed(cut), costed(cut)[:0], append(costed(cut), PostCosting{})} {
		got := Compare([]Column{{Name: "Plan", Plan: p, Costings: costed(p)}, {Name: "Cut", Plan: cut, Costings: given}})
		if fmt.Sprint(got) != fmt.Sprint(rows) {
			t.Fatalf("with %d costings given, the comparison differs:\n%v\n%v", len(given), got, rows)
		}
	}
	find := func(section, label string) Row {
		for _, r := range rows {
			if r.Section == section && r.Label == label {
				return r
			}
		}
		t.Fatalf("no row %s / %s", section, label)
		return Row{}
	}
	if r := find(SectionSummary, "Envelope (confirmed + pending)"); !r.Changed || r.Diff(1).Plain() != "-10000.00" {
		t.Errorf("envelope row %+v", r)
	}
	if r := find(SectionLines, "Strategy"); r.Cells[1].Present || r.Diff(1).Plain() != "-50000.00" {
		t.Errorf("removed line row %+v", r)
	}
	if r := find(SectionLines, "Fresh (new in Cut)"); r.Cells[0].Present || r.Diff(1).Plain() != "5.00" {
		t.Errorf("added line row %+v", r)
	}
	if r := find(SectionPosts, "Coordinator"); r.Changed {
		t.Errorf("post unchanged but marked: %+v", r)
	}
	if r := find(SectionPriorities, "Reducing Reoffending"); r.Diff(1).Plain() != "-49995.00" {
		t.Errorf("priority row %+v", r)
	}
}

func TestSumsAgreeWithTotals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := smallPlan()
		p.Lines[0].Cost = Pence(rapid.Int64Range(0, 1e9).Draw(t, "a"))
		p.Funding[1].Status = FundingStatus(rapid.IntRange(0, 2).Draw(t, "status"))
		s, tot := sumsOf(p), ComputeTotals(p)
		if !s.allocated.Equal(tot.Allocated) || !s.envelope.Equal(tot.EnvelopeAll) || !s.confirmed.Equal(tot.Confirmed) {
			t.Fatalf("sums %+v totals %s %s %s", s, tot.Allocated, tot.EnvelopeAll, tot.Confirmed)
		}
	})
}
