package tui

import (
	"strings"
	"testing"

	"csplan/model"
)

// The make-it-fit form on a scenario lists the lines at the costs the fit
// cuts from, the scenario's after its other steps, not the plan's: after
// a 10% cut to every line, a £45,000 line is offered as £40,500. A fit
// already in the scenario is left out of those costs, since a new one
// replaces it.
func TestMakeFitListsTheScenariosCosts(t *testing.T) {
	s := openStore(t)
	ten := model.Pct("10")
	if _, err := s.SaveScenario(model.Scenario{Name: "Tenth off", Steps: []model.Step{
		{Kind: model.StepCutLines, Percent: &ten},
		{Kind: model.StepMakeFit, Fit: model.FitConfirmed},
	}}); err != nil {
		t.Fatal(err)
	}
	d := start(t, s, 120, 40)
	d.selectScenario("Tenth off")
	d.press("f")
	d.requireText("Targeted community interventions for young people (gangs and youth violence) (£40,500)")
	d.refuseView("(£45,000)")
}

// At 80x24 the step under the cursor is shown in full under the steps
// table, wrapped, and the scenario's notes beside its heading too: a fit
// protecting two lines says both, and what it cut.
func TestStepDetailWrapsAt80x24(t *testing.T) {
	s := openStore(t)
	p := mustLoad(t, s)
	var protect []model.ID
	for _, l := range p.Lines {
		if l.Title == "Critical incident community mediators" || l.Title == "Specialist VAWG services" {
			protect = append(protect, l.ID)
		}
	}
	if _, err := s.SaveScenario(model.Scenario{Name: "Fit keeping two",
		Notes: "What if the carry-forward is refused and the mediators and the VAWG services are kept whole?",
		Steps: []model.Step{{Kind: model.StepMakeFit, Fit: model.FitConfirmed, Protect: protect}}}); err != nil {
		t.Fatal(err)
	}
	d := start(t, s, 80, 24)
	d.selectScenario("Fit keeping two")
	d.requireText("the mediators and the VAWG services are kept whole?")
	d.press(keyRight)
	d.requireText(`1. Make it fit confirmed money (posts protected), protecting "Specialist VAWG services" and "Critical incident community mediators" (allocated -£38,000)`)
	if n := len(strings.Split(d.view(), "\n")); n > 24 {
		t.Errorf("the screen is %d lines tall, more than 24", n)
	}
}
