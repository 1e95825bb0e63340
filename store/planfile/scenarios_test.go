package planfile

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"csplan/model"
)

// The built-in scenarios are what an officer would run in February 2017,
// each applied to the built-in plan (allocated £407,000 against £369,000
// confirmed and £38,000 pending) with its figures worked by hand.
func TestBuiltInScenarios(t *testing.T) {
	p := BuiltIn()
	scs := BuiltInScenarios(p)
	want := []struct {
		name, step                                string
		allocated, headroomAll, headroomConfirmed string
	}{
		// Refused: the envelope is the £369,000 grant alone.
		{"Carry-forward refused", "Carry-forward of 2016/17 underspend refused", "407000.00", "-38000.00", "-38000.00"},
		// The IDVA costs £36,031.49 a year: pay £27,668, NI £2,691.55
		// (£19,504 x 13.8%), pension £5,533.60, levy £138.34. The grant
		// paid half, £18,015.75; all of it is £18,015.74 more.
		{"IDVA part-funding falls through", `Post "Domestic Violence Advisor (IDVA), Children's Social Care" grant share 100%`, "425015.74", "-18015.74", "-56015.74"},
		// The officer costs £41,313.52 a year (pay £31,601, NI £3,234.31,
		// pension £6,320.20, levy £158.01); October to March is six
		// months, £20,656.76, so £20,656.76 less.
		{"Post vacant until October", `Post "Community Safety Officer (violence prevention)" vacant until October`, "386343.24", "20656.76", "-17343.24"},
		// Pension at 17% not 20%: 3% of each post's pay to the grant,
		// £291.45 + £778.53 + £948.03 + £854.55 (of £9,715, £25,951,
		// £31,601, £28,485) + half of £830.04 for the IDVA (£27,668) =
		// £3,287.58 less.
		{"Pension at the LGPS primary rate", "Employer pension rate at 17%", "403712.42", "3287.58", "-34712.42"},
	}
	if len(scs) != len(want) {
		t.Fatalf("%d scenarios, want %d", len(scs), len(want))
	}
	for i, w := range want {
		sc := scs[i]
		if err := sc.Validate(); err != nil {
			t.Fatal(err)
		}
		got, res := sc.Apply(p)
		if len(res) != 1 || res[0].Warning != "" {
			t.Fatalf("%q: %+v", sc.Name, res)
		}
		tot := model.ComputeTotals(got)
		if sc.Name != w.name || res[0].Text != w.step || tot.Allocated.Plain() != w.allocated || tot.HeadroomAll.Plain() != w.headroomAll || tot.HeadroomConfirmed.Plain() != w.headroomConfirmed {
			t.Errorf("%q: step %q, allocated %s, headroom %s / %s; want %q: %q, %s, %s / %s", sc.Name, res[0].Text, tot.Allocated.Plain(),
				tot.HeadroomAll.Plain(), tot.HeadroomConfirmed.Plain(), w.name, w.step, w.allocated, w.headroomAll, w.headroomConfirmed)
		}
		if sc.Notes == "" {
			t.Errorf("%q has no notes saying what it asks", sc.Name)
		}
	}
}

// The worked example: with the carry-forward refused, making the
// plan fit confirmed money with posts protected cuts exactly £38,000 from
// the lines, in whole pounds, each in proportion to its cost within £1.
func TestCarryForwardRefusedMakeItFit(t *testing.T) {
	p := BuiltIn()
	sc := BuiltInScenarios(p)[0]
	sc.Steps = append(sc.Steps, model.Step{Kind: model.StepMakeFit, Fit: model.FitConfirmed})
	got, res := sc.Apply(p)
	if res[1].Warning != "" {
		t.Fatal(res[1].Warning)
	}
	tot := model.ComputeTotals(got)
	if !tot.HeadroomConfirmed.IsZero() || !tot.HeadroomAll.IsZero() {
		t.Errorf("headroom after make-it-fit: %s / %s", tot.HeadroomConfirmed, tot.HeadroomAll)
	}
	var linesBefore model.Money
	for _, l := range p.Lines {
		linesBefore = linesBefore.Add(l.Cost)
	}
	var cut model.Money
	for i, l := range got.Lines {
		c := p.Lines[i].Cost.Sub(l.Cost)
		if !c.Decimal().Equal(c.Decimal().Truncate(0)) {
			t.Errorf("line %q cut by %s, not whole pounds", l.Title, c)
		}
		ideal := model.Pounds(38000).Decimal().Mul(p.Lines[i].Cost.Decimal()).Div(linesBefore.Decimal())
		if c.Decimal().Sub(ideal).Abs().Cmp(model.Pounds(1).Decimal()) >= 0 {
			t.Errorf("line %q cut by %s, ideal %s", l.Title, c, ideal.StringFixed(2))
		}
		cut = cut.Add(c)
	}
	if cut.Plain() != "38000.00" {
		t.Errorf("total cut %s", cut.Plain())
	}
	for i, po := range got.Posts {
		if !po.Costing(got.Settings).ToGrant.Equal(p.Posts[i].Costing(p.Settings).ToGrant) || !po.Salary.Equal(p.Posts[i].Salary) {
			t.Errorf("post %q touched", po.Title)
		}
	}
}

// Each lever on the built-in plan (allocated £407,000, envelope £407,000),
// with the figure it should give worked by hand in the comment.
func TestEachLeverOnTheBuiltInPlan(t *testing.T) {
	p := BuiltIn()
	find := func(kind, name string) model.ID {
		t.Helper()
		for _, f := range p.Funding {
			if kind == "funding" && f.Name == name {
				return f.ID
			}
		}
		for _, pr := range p.Priorities {
			if kind == "priority" && pr.Name == name {
				return pr.ID
			}
		}
		for _, tg := range p.Tags {
			if kind == "tag" && tg.Name == name {
				return tg.ID
			}
		}
		for _, l := range p.Lines {
			if kind == "line" && l.Title == name {
				return l.ID
			}
		}
		for _, po := range p.Posts {
			if kind == "post" && strings.HasPrefix(po.Title, name) {
				return po.ID
			}
		}
		t.Fatalf("no %s %q", kind, name)
		return 0
	}
	pct := func(s string) *model.Percent { v := model.Pct(s); return &v }
	money := func(s string) *model.Money { v := model.MustMoney(s); return &v }
	fte := decimal.NewFromInt(1)
	grant := find("funding", "PCC Police Grant Community Fund 2017/18")
	idva := find("post", "Domestic Violence Advisor")
	cases := []struct {
		name                string
		step                model.Step
		allocated, envelope string
	}{
		// £369,000 set to £300,000: envelope 300,000 + 38,000.
		{"grant set", model.Step{Kind: model.StepFunding, Target: grant, Amount: money("300k")}, "407000.00", "338000.00"},
		// Violence Prevention lines total £174,895.81; 10% is £17,489.58.
		{"priority -10%", model.Step{Kind: model.StepCutPriority, Target: find("priority", "Violence Prevention"), Percent: pct("10")}, "389510.42", "407000.00"},
		// The two lines aligned to national threats lose £1,000 between them.
		{"tag -£1,000", model.Step{Kind: model.StepCutTag, Target: find("tag", "Tackling national and international threats"), Amount: money("1000")}, "406000.00", "407000.00"},
		// Lines total £264,895.81; half is £132,447.905, rounded to £132,447.91.
		{"all lines -50%", model.Step{Kind: model.StepCutLines, Percent: pct("50")}, "274552.09", "407000.00"},
		{"line removed", model.Step{Kind: model.StepRemoveLine, Target: find("line", "Modern slavery awareness")}, "402000.00", "407000.00"},
		// Domestic homicide reviews £18,000 to £12,000.
		{"line cost", model.Step{Kind: model.StepLineCost, Target: find("line", "Domestic homicide reviews"), Amount: money("12000")}, "401000.00", "407000.00"},
		{"line added", model.Step{Kind: model.StepAddLine, Line: &model.Line{PriorityID: find("priority", "Violence Prevention"), Title: "Knife crime week", Cost: model.Pounds(2500), Tags: []model.ID{find("tag", "Protecting from harm")}}}, "409500.00", "407000.00"},
		// The IDVA costs £36,031.49 a year; nine months is £27,023.6175,
		// £27,023.62, of which the grant pays half, £13,511.81, instead of
		// £18,015.75.
		{"IDVA ends after December", model.Step{Kind: model.StepPostEnd, Target: idva, Month: 9}, "402496.06", "407000.00"},
		// All of £36,031.49 instead of half: £18,015.74 more.
		{"IDVA grant share 100%", model.Step{Kind: model.StepPostShare, Target: idva, Percent: pct("100")}, "425015.74", "407000.00"},
		// The IOM administrator at full time: pay £19,430, NI £1,554.71
		// (£11,266 x 13.8%), pension £3,886, levy £97.15: £24,967.86 instead
		// of £11,920.62.
		{"IOM administrator full time", model.Step{Kind: model.StepPostFTE, Target: find("post", "IOM administrator"), FTE: &fte}, "420047.24", "407000.00"},
		{"post removed", model.Step{Kind: model.StepRemovePost, Target: find("post", "Business Crime Coordinator")}, "369871.27", "407000.00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := model.Scenario{Name: c.name, Steps: []model.Step{c.step}}
			if err := sc.Validate(); err != nil {
				t.Fatal(err)
			}
			got, res := sc.Apply(p)
			if res[0].Warning != "" {
				t.Errorf("warning: %s", res[0].Warning)
			}
			tot := model.ComputeTotals(got)
			if tot.Allocated.Plain() != c.allocated || tot.EnvelopeAll.Plain() != c.envelope {
				t.Errorf("%s: allocated %s envelope %s, want %s and %s", res[0].Text, tot.Allocated.Plain(), tot.EnvelopeAll.Plain(), c.allocated, c.envelope)
			}
		})
	}
}
