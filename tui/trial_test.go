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

// A comparison wraps a long line title over a second line rather than
// cutting it, and its title line too, at 80 and 120 columns; the figures
// stay on the title's first line.
func TestComparisonWrapsLongTitles(t *testing.T) {
	for _, w := range []int{80, 120} {
		d := start(t, openStore(t), w, 80)
		d.press("7", keyDown, "f", keyEnter, keyEnter, "7", "m", keyEnter)
		// The words of the screen without its figures: a title's first
		// line has them at its end.
		var words []string
		for _, f := range strings.Fields(d.view()) {
			if !strings.Contains(f, "£") && f != "*" {
				words = append(words, f)
			}
		}
		text := strings.Join(words, " ")
		for _, want := range []string{"Targeted community interventions for young people (gangs and youth violence)",
			"each scenario's figure, then its change · h hides rows alike"} {
			if !strings.Contains(text, want) {
				t.Errorf("at %d columns the comparison does not show %q:\n%s", w, want, d.view())
			}
		}
		// Below the tabs (whose names are cut to fit), nothing is cut.
		for _, l := range strings.Split(d.view(), "\n")[2:] {
			if strings.Contains(l, "…") {
				t.Errorf("at %d columns a line is cut: %q", w, l)
			}
		}
	}
}

// At 80x24 the Lines table cuts long titles to fit; the line under it
// gives the selected line's title in full, with its owner and every PCC
// priority it supports, wrapped.
func TestLinesDetailWrapsAt80x24(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("2")
	d.requireText("Reducing reoffending strategy: development and implementation · Owner: Community Safety Team",
		"also supports Building trust and confidence in our police)")
	if n := len(strings.Split(d.view(), "\n")); n > 24 {
		t.Errorf("the screen is %d lines tall, more than 24", n)
	}
}

// A cut of an SWP priority's lines that protects a line of another
// priority is refused, naming both: the step would say it protects a line
// it never touches.
func TestCutProtectsOnlyItsOwnLines(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Carry-forward refused")
	before := planJSON(t, s)
	// Cut Violence Prevention by 10%, protecting the first line in the
	// list, "Reducing reoffending strategy", which is Reducing Reoffending's.
	d.press("+", keyDown, keyDown, keyDown, keyEnter, keyRight, keyEnter, "10%", keyEnter, keySpace, keyEnter)
	d.requireText(`"Reducing reoffending strategy: development and implementation" is not a line of Violence Prevention`)
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range scs {
		if sc.Name == "Carry-forward refused" && len(sc.Steps) != 1 {
			t.Errorf("the scenario has %d steps, want the one it had", len(sc.Steps))
		}
	}
	if planJSON(t, s) != before {
		t.Error("the plan changed")
	}
}
