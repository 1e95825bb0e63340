package tui

import (
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
