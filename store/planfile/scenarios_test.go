package planfile

import (
	"testing"

	"csplan/model"
)

func TestBuiltInScenarios(t *testing.T) {
	p := BuiltIn()
	scs := BuiltInScenarios(p)
	if len(scs) != 2 {
		t.Fatalf("%d scenarios", len(scs))
	}
	want := []struct {
		name, step                     string
		headroomAll, headroomConfirmed string
	}{
		// Refused: the envelope is the £369,000 grant alone.
		{"Carry-forward refused", "Carry-forward of 2016/17 underspend refused", "-38000.00", "-38000.00"},
		// A quarter off £369,000 is £92,250.
		{"2018/19 grant cut 25%", "PCC Police Grant Community Fund 2017/18 -25%", "-92250.00", "-130250.00"},
	}
	for i, w := range want {
		sc := scs[i]
		if err := sc.Validate(); err != nil {
			t.Fatal(err)
		}
		got, res := sc.Apply(p)
		tot := model.ComputeTotals(got)
		if sc.Name != w.name || res[0].Text != w.step || tot.HeadroomAll.Plain() != w.headroomAll || tot.HeadroomConfirmed.Plain() != w.headroomConfirmed {
			t.Errorf("%q: step %q, headroom %s / %s", sc.Name, res[0].Text, tot.HeadroomAll.Plain(), tot.HeadroomConfirmed.Plain())
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
