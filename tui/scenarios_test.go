package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/xuri/excelize/v2"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

// requireStatus fails unless the status line says want, however it is
// wrapped on screen.
func (d *driver) requireStatus(want string) {
	d.t.Helper()
	if !strings.Contains(d.m.status, want) {
		d.t.Fatalf("the status line says %q, want %q", d.m.status, want)
	}
}

func mustScenarios(t *testing.T, s store.Store) []model.Scenario {
	t.Helper()
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	return scs
}

func findScenario(t *testing.T, s store.Store, name string) model.Scenario {
	t.Helper()
	for _, sc := range mustScenarios(t, s) {
		if sc.Name == name {
			return sc
		}
	}
	t.Fatalf("no scenario %q in the store", name)
	return model.Scenario{}
}

// selectScenario opens the Scenarios screen and moves to the named row.
func (d *driver) selectScenario(name string) {
	d.t.Helper()
	d.press("7", keyText('g'))
	ss := d.m.screens[scenariosTab].(*scenariosScreen)
	ss.focusSteps(false)
	for i := 0; i < ss.list.rows; i++ {
		if st, ok := ss.selected(); ok && st.sc.Name == name {
			return
		}
		d.press(keyDown)
	}
	d.t.Fatalf("no scenario %q on the Scenarios screen", name)
}

// planJSON is the plan as saved, for comparing plans exactly.
func planJSON(t *testing.T, s store.Store) string {
	t.Helper()
	b, err := json.Marshal(mustLoad(t, s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func linesTotal(p *model.Plan) model.Money {
	var m model.Money
	for _, l := range p.Lines {
		m = m.Add(l.Cost)
	}
	return m
}

func TestNewScenario(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("7", "n")
	d.requireView("New scenario", "Name")
	d.press("IDVA share stops", keyEnter, "Children's Services stop part-funding the IDVA", keyEnter)
	sc := findScenario(t, s, "IDVA share stops")
	if sc.Notes != "Children's Services stop part-funding the IDVA" || len(sc.Steps) != 0 {
		t.Fatalf("saved scenario = %+v", sc)
	}
	d.requireView(`Made scenario "IDVA share stops"`, "IDVA share stops")
	if st, ok := d.m.screens[scenariosTab].(*scenariosScreen).selected(); !ok || st.sc.ID != sc.ID {
		t.Fatal("the new scenario is not selected")
	}
	// The names are unique: a second one of the same name is refused and
	// the form stays open with what was typed.
	d.press("n", "idva share stops", keyEnter, keyEnter)
	d.requireView("Not saved:", "same name", "New scenario")
	d.press(keyEsc)
	if n := len(mustScenarios(t, s)); n != 5 {
		t.Fatalf("%d scenarios, want 5", n)
	}
}

func TestAddLeverStep(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Post vacant until October")
	d.press("+")
	d.requireView(`Add a step to "Post vacant until October"`, "What should the step change?")
	// Down to "End a post early", the ninth lever.
	for range int(leverPostEnd) {
		d.press(keyDown)
	}
	d.press(keyEnter)
	d.requireView("Post", "Last month")
	// The IDVA post is the last of the five.
	d.press(keyText('G'), keyEnter, "December")
	// The totals bar previews the scenario with the step: the post
	// costs three months less.
	d.requireView("PREVIEW")
	d.press(keyEnter)

	sc := findScenario(t, s, "Post vacant until October")
	if len(sc.Steps) != 2 {
		t.Fatalf("steps = %+v", sc.Steps)
	}
	st := sc.Steps[1]
	p := mustLoad(t, s)
	idva := p.Posts[len(p.Posts)-1]
	if st.Kind != model.StepPostEnd || st.Target != idva.ID || st.Month != 9 {
		t.Fatalf("step = %+v, want the IDVA ending after December", st)
	}
	d.requireView(`Added to "Post vacant until October"`, "ends after December", "allocated -£")
	// Working on a scenario does not change what is shown: the plan is
	// still on every screen.
	d.refuseView("SCENARIO: Post vacant until October")
	if d.m.viewing != 0 {
		t.Fatal("adding a step put the scenario on screen")
	}
}

// + on a scenario row while another scenario is shown leaves that one
// shown: the form previews its own scenario on the bar.
func TestAddStepKeepsWhatIsShown(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("IDVA part-funding falls through")
	d.press("v")
	shown := findScenario(t, s, "IDVA part-funding falls through").ID
	d.selectScenario("Carry-forward refused")
	d.press("+")
	d.requireView(`Add a step to "Carry-forward refused"`, `PREVIEW is "Carry-forward refused"`)
	// The bar previews "Carry-forward refused" (£369,000 of envelope),
	// not the IDVA scenario on screen.
	d.requireView("PREVIEW Allocated £407,000 of £369,000")
	d.press(keyEsc)
	if d.m.viewing != shown {
		t.Fatalf("+ changed the scenario on screen to %d, want %d", d.m.viewing, shown)
	}
	d.requireView("SCENARIO: IDVA part-funding falls")
}

// A cut to an SWP priority's lines takes protected lines from the picker:
// they keep their cost and the priority falls by exactly the cut.
func TestCutPriorityWithProtectedLine(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 120, 40)
	d.selectScenario("Carry-forward refused")
	d.press("+")
	for range int(leverCutPriority) {
		d.press(keyDown)
	}
	d.press(keyEnter)
	d.requireView("SWP priority", "Cut by", "Lines to protect")
	// Reducing Reoffending, the first priority: its lines hold £50,000;
	// 10% is £5,000, all of it from the two lines other than the pilot
	// (£6,000 and £14,000): £1,500 and £3,500.
	d.press(keyEnter, "10%", keyEnter, "/", "health and justice", keyEnter, keySpace, keyEnter)
	sc := findScenario(t, s, "Carry-forward refused")
	if len(sc.Steps) != 2 || sc.Steps[1].Kind != model.StepCutPriority || len(sc.Steps[1].Protect) != 1 {
		t.Fatalf("steps = %+v", sc.Steps)
	}
	plan := mustLoad(t, s)
	got := sc.Plan(plan)
	want := map[string]string{
		"Reducing reoffending strategy: development and implementation":  "4500.00",
		"Youth Inclusion Support Panel (through the YOT): interventions": "10500.00",
		"Health and Justice Pathways pilot":                              "30000.00",
	}
	for _, l := range got.Lines {
		if w, ok := want[l.Title]; ok && l.Cost.Plain() != w {
			t.Errorf("%s: %s, want %s", l.Title, l.Cost.Plain(), w)
		}
	}
	d.requireView(`Reducing Reoffending lines -10%, protecting "Health and Justice Pathways pilot"`, "allocated -£5,000")
}

// f on the plan's row makes a scenario of the plan cut to fit, shows it
// beside the plan, and makes it the plan on one y.
func TestMakeThePlanFit(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 120, 40)
	d.press("7", keyText('g'), "f")
	d.requireView("Make the plan fit", "Lines to protect")
	d.press(keyEnter, keyEnter) // confirmed money; no line protected
	sc := findScenario(t, s, "Plan made to fit")
	if len(sc.Steps) != 1 || sc.Steps[0].Kind != model.StepMakeFit {
		t.Fatalf("steps = %+v", sc.Steps)
	}
	// The comparison is on screen, and the question asks to promote.
	d.requireView(`The plan and "Plan made to fit"`, `Make "Plan made to fit" the plan?`, "-£38,000")
	d.press("y")
	if tot := model.ComputeTotals(mustLoad(t, s)); !tot.HeadroomConfirmed.IsZero() || !tot.Allocated.Equal(model.Pounds(369000)) {
		t.Fatalf("after y the plan allocates %s, headroom on confirmed %s", tot.Allocated, tot.HeadroomConfirmed)
	}
	d.requireView(`Scenario "Plan made to fit" is now the plan`)
	// The plan fits now: f again says so and makes nothing.
	n := len(mustScenarios(t, s))
	d.press("f", keyEnter, keyEnter)
	d.requireView("The plan already fits confirmed money")
	if len(mustScenarios(t, s)) != n {
		t.Fatal("f on a plan that fits made a scenario")
	}
}

// n keeps the fitted plan as a scenario and the plan as it was.
func TestMakeThePlanFitDeclined(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 120, 40)
	before := model.ComputeTotals(mustLoad(t, s))
	d.press("7", keyText('g'), "f", keyEnter, keyEnter, "n")
	d.requireView(`the fitted plan stays as scenario "Plan made to fit"`)
	if after := model.ComputeTotals(mustLoad(t, s)); !after.Allocated.Equal(before.Allocated) {
		t.Fatal("n changed the plan")
	}
	findScenario(t, s, "Plan made to fit")
}

// TestMakeItFit makes "Carry-forward refused" fit the confirmed money with
// posts protected: exactly £38,000 comes off the lines, in whole pounds.
func TestMakeItFit(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	plan := mustLoad(t, s)
	d.selectScenario("Carry-forward refused")
	d.press("f")
	d.requireView(`Make "Carry-forward refused" fit`, "Lines to protect")
	d.press(keyEnter, keyEnter) // confirmed money; no line protected
	sc := findScenario(t, s, "Carry-forward refused")
	if len(sc.Steps) != 2 || sc.Steps[1].Kind != model.StepMakeFit || sc.Steps[1].Fit != model.FitConfirmed {
		t.Fatalf("steps = %+v", sc.Steps)
	}
	got := sc.Plan(plan)
	if cut := linesTotal(plan).Sub(linesTotal(got)); !cut.Equal(model.Pounds(38000)) {
		t.Fatalf("make it fit cut %s from the lines, want £38,000", cut)
	}
	for i, l := range got.Lines {
		if !l.Cost.Equal(model.MoneyFromDecimal(l.Cost.Decimal().Round(0))) && !plan.Lines[i].Cost.Sub(l.Cost).Decimal().IsInteger() {
			t.Errorf("line %q was cut by %s, not whole pounds", l.Title, plan.Lines[i].Cost.Sub(l.Cost))
		}
	}
	tot := model.ComputeTotals(got)
	if !tot.HeadroomConfirmed.IsZero() || !tot.HeadroomAll.IsZero() {
		t.Fatalf("headroom %s / %s after make it fit, want £0", tot.HeadroomAll, tot.HeadroomConfirmed)
	}
	d.requireText("Headroom in the scenario now £0, £0 on confirmed money (the plan's: £0)", "allocated -£38,000")
	// The plan itself is untouched.
	if !linesTotal(mustLoad(t, s)).Equal(linesTotal(plan)) {
		t.Fatal("make it fit changed the plan")
	}
	// f again, protecting a line, replaces the step rather than adding a
	// second.
	d.press("f", keyEnter, "/", "mediators", keyEnter, keySpace, keyEnter)
	sc = findScenario(t, s, "Carry-forward refused")
	if len(sc.Steps) != 2 || len(sc.Steps[1].Protect) != 1 {
		t.Fatalf("steps after a second f: %+v", sc.Steps)
	}
	d.selectScenario("Carry-forward refused")
	d.press(keyText('l'), keyDown)
	d.requireView(`2. Make it fit confirmed money (posts protected), protecting "Critical incident`)
}

// TestEditLineInScenario changes a line's cost while a scenario is shown:
// a step is recorded, the plan is left alone, and the totals bar shows the
// scenario's figures.
func TestEditLineInScenario(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := planJSON(t, s)
	d.selectScenario("Carry-forward refused")
	d.press(keyEnter)
	d.requireView("SCENARIO: Carry-forward refused", "Allocated £407,000 of £369,000", "Over budget by £38,000")

	d.selectLine("Community champions")
	d.press(keyEnter)
	d.requireView(`In scenario "Carry-forward refused": Community champions`, "Cost")
	d.clear(10)
	d.press("2,000")
	d.requireView("PREVIEW Allocated", "Allocated £397,000")
	d.press(keyEnter)

	if planJSON(t, s) != before {
		t.Fatal("editing inside a scenario changed the plan")
	}
	sc := findScenario(t, s, "Carry-forward refused")
	l, _ := findLine(t, mustLoad(t, s), "Community champions")
	last := sc.Steps[len(sc.Steps)-1]
	if len(sc.Steps) != 2 || last.Kind != model.StepLineCost || last.Target != l.ID || !last.Amount.Equal(model.Pounds(2000)) {
		t.Fatalf("steps = %+v", sc.Steps)
	}
	d.requireView(`Recorded in scenario "Carry-forward refused"`, "The plan is unchanged", "Allocated £397,000 of £369,000", "£2,000")
	d.refuseView("PREVIEW")

	// A second edit of the same cost replaces the step.
	d.press(keyEnter)
	d.clear(10)
	d.press("3000", keyEnter)
	if sc := findScenario(t, s, "Carry-forward refused"); len(sc.Steps) != 2 || !sc.Steps[1].Amount.Equal(model.Pounds(3000)) {
		t.Fatalf("steps after a second edit = %+v", sc.Steps)
	}

	// What a scenario cannot hold is refused, with what to do instead.
	d.press("5", keyEnter)
	d.requireView("Priorities are the same in every scenario", "b goes back")
	d.press("3", "a")
	d.requireView("cannot add a post")

	// b goes back to the plan, whose figures are as they were.
	d.press("b")
	d.refuseView("SCENARIO:")
	d.requireView("Allocated £407,000 of £407,000")
	d.press("2")
	d.requireView("£12,000")
	if planJSON(t, s) != before {
		t.Fatal("the plan changed")
	}
}

// TestScenarioEditsOnEveryScreen records a removed line, a post's FTE and
// a funding status in a scenario, and undoes one.
func TestScenarioEditsOnEveryScreen(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := planJSON(t, s)
	d.selectScenario("Post vacant until October")
	d.press(keyEnter)

	d.selectLine("Modern slavery awareness")
	d.press("d")
	d.requireView(`Remove line "Modern slavery awareness" (£5,000) in scenario`, "The plan keeps it.  y/n")
	d.press("y")
	d.refuseView("Modern slavery awareness  ")

	d.press("3", keyEnter)
	d.requireView(`In scenario "Post vacant until October": IOM administrator`)
	d.clear(6)
	d.press("0.4", keyEnter, keyEnter, keyEnter)
	// The post's cost to the grant is marked as the scenario's, with the
	// plan's beside it.
	d.requireView("* £9,365", "(* plan £11,921)")

	d.press("4", keyDown, keySpace) // the carry-forward: pending -> refused
	d.requireView(`Recorded in scenario "Post vacant until October": Carry-forward of 2016/17`)

	sc := findScenario(t, s, "Post vacant until October")
	var kinds []model.StepKind
	for _, st := range sc.Steps {
		kinds = append(kinds, st.Kind)
	}
	want := []model.StepKind{model.StepPostStart, model.StepRemoveLine, model.StepPostFTE, model.StepFunding}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Fatalf("steps %v, want %v", kinds, want)
	}
	if planJSON(t, s) != before {
		t.Fatal("the plan changed")
	}
	// Undo takes back the last step; the scenario stays on screen.
	d.press("u")
	if n := len(findScenario(t, s, "Post vacant until October").Steps); n != 3 {
		t.Fatalf("%d steps after undo, want 3", n)
	}
	d.requireView("Undone:", "SCENARIO: Post vacant until October")
}

// TestPromoteThenUndo makes a scenario the plan and undoes it: the plan is
// back exactly, and so is the scenario.
func TestPromoteThenUndo(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := planJSON(t, s)
	d.selectScenario("Carry-forward refused")
	d.press("f", keyEnter, keyEnter) // make it fit; now on screen
	d.selectScenario("Carry-forward refused")
	d.press("p")
	d.requireView(`Make "Carry-forward refused" the plan? Allocated £407,000 → £369,000, headroom`,
		"on confirmed money -£38,000 → £0. u undoes it.  y/n")
	d.press("n")
	d.requireView("Not promoted: the plan is unchanged.")
	if planJSON(t, s) != before {
		t.Fatal("no changed the plan")
	}
	d.press("p", "y")
	d.requireView(`Scenario "Carry-forward refused" is now the plan`, "u undoes it", "Allocated £369,000 of £369,000")
	d.refuseView("SCENARIO:")
	if d.m.viewing != 0 {
		t.Fatal("still showing the promoted scenario")
	}
	p := mustLoad(t, s)
	if !model.ComputeTotals(p).Allocated.Equal(model.Pounds(369000)) || len(mustScenarios(t, s)) != 3 {
		t.Fatalf("after promote: allocated %s, %d scenarios", model.ComputeTotals(p).Allocated, len(mustScenarios(t, s)))
	}
	d.press("u")
	if planJSON(t, s) != before {
		t.Fatal("undo did not restore the plan exactly")
	}
	if len(mustScenarios(t, s)) != 4 {
		t.Fatal("undo did not bring the scenario back")
	}
	d.requireView("Undone:", "Allocated £407,000 of £407,000", "Carry-forward refused")
}

func TestRenameCopyDeleteScenario(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Carry-forward refused")
	d.press("c")
	d.requireView(`Copy "Carry-forward refused"`, "Copy of Carry-forward refused")
	d.press(keyEnter, keyEnter)
	cp := findScenario(t, s, "Copy of Carry-forward refused")
	if len(cp.Steps) != 1 {
		t.Fatalf("copy has %d steps", len(cp.Steps))
	}
	d.press("r")
	d.clear(40)
	d.press("No carry-forward, lines cut", keyEnter, keyEnter)
	findScenario(t, s, "No carry-forward, lines cut")
	d.press(keyEnter) // show it, then delete it: the screens go back to the plan
	d.requireView("SCENARIO: No carry-forward, lines cut")
	d.selectScenario("No carry-forward, lines cut")
	d.press("d")
	d.requireView(`Delete scenario "No carry-forward, lines cut" (1 step)? The plan is not changed.`)
	d.press("y")
	d.requireView(`Deleted scenario "No carry-forward, lines cut"`)
	d.refuseView("SCENARIO:")
	if len(mustScenarios(t, s)) != 4 {
		t.Fatal("not deleted")
	}
	// The plan's row has nothing to rename.
	d.press(keyText('g'), "r")
	d.requireView("Choose a scenario first")
}

func TestStepsReorderAndRemove(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Carry-forward refused")
	d.press("f", keyEnter, keyEnter)
	d.selectScenario("Carry-forward refused")
	d.press(keyText('l')) // to the steps
	d.requireView("1. Carry-forward of 2016/17 underspend refused")
	d.press("J")
	sc := findScenario(t, s, "Carry-forward refused")
	if sc.Steps[0].Kind != model.StepMakeFit {
		t.Fatalf("after J the first step is %s", sc.Steps[0].Kind)
	}
	// Make it fit runs first now; the carry-forward was never confirmed
	// money, so it still fits.
	d.requireText("Moved step 1", "Headroom in the scenario now £0")
	d.press("x")
	sc = findScenario(t, s, "Carry-forward refused")
	if len(sc.Steps) != 1 || sc.Steps[0].Kind != model.StepMakeFit {
		t.Fatalf("after x: %+v", sc.Steps)
	}
	d.requireView(`Removed from "Carry-forward refused"`)
}

func TestEditStep(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Post vacant until October")
	d.press(keyText('l'), keyEnter)
	d.requireView(`Step 1 of "Post vacant until October"`, "Vacant until")
	d.press(keyEnter) // the post stays
	d.clear(7)
	d.press("January", keyEnter)
	sc := findScenario(t, s, "Post vacant until October")
	if len(sc.Steps) != 1 || sc.Steps[0].Kind != model.StepPostStart || sc.Steps[0].Month != 10 {
		t.Fatalf("steps = %+v", sc.Steps)
	}
	// The officer costs £41,313.52 a year; January to March is £10,328.38,
	// £30,985.14 less than the plan's.
	d.requireView("allocated -£30,985")
}

func TestCompare(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Carry-forward refused")
	d.press("m")
	d.requireView("Compare the plan with", "✓ Carry-forward refused", "• Post vacant until October")
	d.press(keyEnter)
	d.requireView(`The plan and "Carry-forward refused"`, "Summary", "Confirmed money", "-£38,000")
	// h hides the rows that do not change.
	d.press("h")
	d.requireView("unchanged rows hidden")
	d.refuseView("Community champions")
	d.press("h")
	d.press(keyText('G'))
	d.requireView("Posts")
	d.press(keyEsc)
	d.refuseView("The plan and")
}

// TestComparisonFollowsChanges checks a comparison on view is worked out
// again after a change (here an undo).
func TestComparisonFollowsChanges(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.selectScenario("Carry-forward refused")
	d.press("f", keyEnter, keyEnter)
	d.selectScenario("Carry-forward refused")
	d.press("m", keyEnter, "h")
	cmp := func() *comparison { return d.m.screens[scenariosTab].(*scenariosScreen).cmp }
	hidden := cmp().hidden
	d.requireView(fmt.Sprintf("%d unchanged rows hidden", hidden))
	// Undo the make it fit: no line is cut now, so more rows are the same.
	d.press("u")
	d.requireView(`The plan and "Carry-forward refused"`)
	if cmp().hidden <= hidden {
		t.Fatalf("%d rows hidden after the undo, %d before", cmp().hidden, hidden)
	}
}

// TestViewsOfScenarios keeps goldens of the Scenarios screen with steps,
// of comparisons, of the header while a scenario is shown, and of the
// import problems, at the smallest size and a roomy one.
func TestViewsOfScenarios(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	writeBadCSV(t, bad)
	// Make "Carry-forward refused" fit, then show it (f does not).
	fit := []any{"7", keyDown, "f", keyEnter, keyEnter, "v"}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, tc := range []struct {
			name string
			keys []any
		}{
			{"steps", append(append([]any{}, fit...), "7", keyText('l'), keyDown)},
			{"compare-fit", append(append([]any{}, fit...), "7", "m", keyEnter)},
			{"compare-fit-changed", append(append([]any{}, fit...), "7", "m", keyEnter, "h")},
			{"compare-both", append(append([]any{}, fit...), "7", "m", keyDown, keySpace, keyEnter)},
			{"compare-both-changed", append(append([]any{}, fit...), "7", "m", keyDown, keySpace, keyEnter, "h")},
			{"lines-in-scenario", append(append([]any{}, fit...), "2")},
			{"lever-form", []any{"7", keyDown, "+"}},
			// The protect list of make-it-fit shows every title whole:
			// "Targeted community interventions ... (gangs and youth
			// violence) (£45,000)" wraps at 80x24, between words.
			{"make-fit-protect", []any{"7", "f", keyEnter}},
		} {
			t.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], tc.name), func(t *testing.T) {
				d := start(t, openStore(t), size[0], size[1])
				d.press(tc.keys...)
				golden.RequireEqual(t, d.view())
			})
		}
		t.Run(fmt.Sprintf("%dx%d/import-problems", size[0], size[1]), func(t *testing.T) {
			d := start(t, openStore(t), size[0], size[1])
			d.press("i", bad, keyEnter, keyEnter, keyEnter)
			// The folder differs on every run.
			golden.RequireEqual(t, strings.ReplaceAll(d.view(), filepath.Dir(bad), "/tmp/x"))
		})
	}
}

// writeBadCSV writes the built-in plan as CSV with two rows spoilt.
func writeBadCSV(t *testing.T, path string) {
	t.Helper()
	var b bytes.Buffer
	if err := planfile.Encode(&b, planfile.BuiltIn(), planfile.EncodeOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(b.String(), "369000.00", "lots", 1)
	if !strings.Contains(text, ",April,") {
		t.Fatal("the test's second edit has nothing to spoil")
	}
	text = strings.Replace(text, ",April,", ",Smarch,", 1)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestImportBadFile(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	writeBadCSV(t, bad)
	before := planJSON(t, s)
	h0, _ := s.History(0)

	d.press("i")
	d.requireView("Import a plan, or its lines, from a CSV file or a workbook", "File")
	d.press(bad, keyEnter, keyEnter, keyEnter)
	d.requireView("Nothing was imported: 2 problems in 2 rows", `Row 7, column "Amount"`, "lots", "Smarch")
	if planJSON(t, s) != before || len(mustScenarios(t, s)) != 4 {
		t.Fatal("a bad file changed the plan or the scenarios")
	}
	if h, _ := s.History(0); len(h) != len(h0) {
		t.Fatal("a bad file added to the history")
	}
	d.press(keyEsc)
	d.refuseView("Nothing was imported")
	d.requireView("SWP priority") // back on the Overview
	// i again offers the same file, to try once it is mended.
	d.press("i")
	d.requireView(filepath.Base(bad))
}

// TestExportReadsBack exports the plan to CSV and checks the file reads
// back as the same plan; then a scenario to a workbook.
func TestExportReadsBack(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.csv")

	d.press("e")
	d.requireView("Export the plan", "swp-2017-18.csv", "Writes ")
	d.press(keyEnter) // CSV
	d.clear(80)
	d.press(path, keyEnter)
	d.requireStatus("Exported the plan to " + path + " (CSV, 14 lines, 5 posts).")

	read, _, err := store.ReadPlanFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := planfile.Encode(&again, read, planfile.EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	written, _ := os.ReadFile(path)
	if !bytes.Equal(written, again.Bytes()) {
		t.Fatal("the exported file does not read back as the same plan")
	}
	if a, b := model.ComputeTotals(read), model.ComputeTotals(mustLoad(t, s)); !a.Allocated.Equal(b.Allocated) ||
		!a.EnvelopeAll.Equal(b.EnvelopeAll) || !a.Confirmed.Equal(b.Confirmed) {
		t.Fatal("the exported plan has other totals")
	}

	// Exporting again offers the same file, and asks before replacing it.
	d.press("e")
	d.requireView(path)
	d.press(keyEnter, keyEnter)
	d.requireView(path + " already exists. Replace it?")
	d.press("n")
	d.requireView("Export the plan") // the form is back, to change the name
	d.press(keyEsc)

	// A scenario on screen exports as that scenario, to a workbook.
	d.selectScenario("Carry-forward refused")
	d.press(keyEnter, "e")
	d.requireView(`Export scenario "Carry-forward refused"`, "carry-forward-refused.csv")
	d.press(keyDown, keyEnter, keyEnter) // Excel, and the name offered (made .xlsx)
	xlsx := filepath.Join(dir, "swp-2017-18-carry-forward-refused.xlsx")
	d.requireStatus(`Exported scenario "Carry-forward refused" to ` + xlsx + " (Excel workbook, 14 lines, 5 posts).")
	if fi, err := os.Stat(xlsx); err != nil || fi.Size() == 0 {
		t.Fatalf("no workbook: %v", err)
	}
}

func TestExportError(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("e", keyEnter)
	d.clear(80)
	d.press(filepath.Join(t.TempDir(), "no", "such", "folder", "plan.csv"), keyEnter)
	d.requireView("Not exported: cannot write", "Export the plan")
}

// TestImportAsScenario exports the plan, edits the file as a spreadsheet
// would, and imports it back as a scenario.
func TestImportAsScenario(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := planJSON(t, s)
	// The colleague's draft has one line at another cost, saved without
	// the byte order mark and with LF line ends, as some spreadsheets do.
	// A new salary is a difference no scenario can hold: it is listed.
	draft := mustLoad(t, s)
	for i := range draft.Lines {
		if draft.Lines[i].Title == "Community champions" {
			draft.Lines[i].Cost = model.Pounds(8000)
		}
	}
	draft.Posts[0].Salary = draft.Posts[0].Salary.Add(model.Pounds(1000))
	path := filepath.Join(t.TempDir(), "draft.csv")
	var b bytes.Buffer
	if err := planfile.Encode(&b, draft, planfile.EncodeOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, bytes.ReplaceAll(b.Bytes(), []byte("\r\n"), []byte("\n")), 0o600); err != nil {
		t.Fatal(err)
	}

	d.press("i", path, keyEnter, keyEnter)
	d.requireView("Scenario name", "Imported draft")
	d.press("Colleague's draft", keyEnter)
	d.requireView(`as scenario`, `"Colleague's draft" with 1 step`, `1. Line "Community champions" cost £8,000`,
		"A scenario cannot hold these differences", "its salary or on-costs changed")
	// The headroom said is the scenario's, and says so beside the plan's,
	// which the totals bar shows.
	d.requireText("Headroom in the scenario now £4,000", "(the plan's: £0)")
	sc := findScenario(t, s, "Colleague's draft")
	if len(sc.Steps) != 1 || sc.Steps[0].Kind != model.StepLineCost || !sc.Steps[0].Amount.Equal(model.Pounds(8000)) {
		t.Fatalf("steps = %+v", sc.Steps)
	}
	if planJSON(t, s) != before {
		t.Fatal("importing as a scenario changed the plan")
	}
	d.press(keyEsc, "7")
	d.requireView("Colleague's draft")
}

// TestImportAsPlan replaces the plan from a file after a question stating
// the totals before and after, and undoes it.
func TestImportAsPlan(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := planJSON(t, s)
	p := mustLoad(t, s)
	p.Lines = p.Lines[:len(p.Lines)-1] // the file has one line fewer
	path := filepath.Join(t.TempDir(), "smaller.csv")
	if err := store.ExportFile(path, p, store.ExportOptions{Format: store.CSV}); err != nil {
		t.Fatal(err)
	}
	d.press("i", path, keyEnter, keyDown, keyEnter)
	d.requireView("Replace the plan with smaller.csv? Allocated £407,000 → £401,000",
		"The plan now", "From the file", "Lines                            14             13")
	d.press("y")
	if n := len(mustLoad(t, s).Lines); n != 13 {
		t.Fatalf("%d lines after the import", n)
	}
	d.requireView("Imported "+path+" as the plan", "u undoes it")
	d.press("u")
	if planJSON(t, s) != before {
		t.Fatal("undo did not restore the plan")
	}
}

// TestImportOfTheSamePlanSaysNoChanges: a file holding the plan as it is
// asks nothing, saves nothing and promises no undo, which would revert the
// change before it.
func TestImportOfTheSamePlanSaysNoChanges(t *testing.T) {
	s := openStore(t)
	// One change first, which an undo must still find.
	p := mustLoad(t, s)
	p.Lines = p.Lines[:len(p.Lines)-1]
	if err := s.ReplacePlan(p, "a line fewer"); err != nil {
		t.Fatal(err)
	}
	before := planJSON(t, s)
	history, err := s.History(0)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "same.csv")
	if err := store.ExportFile(path, mustLoad(t, s), store.ExportOptions{Format: store.CSV}); err != nil {
		t.Fatal(err)
	}
	d := start(t, s, 100, 24)
	d.press("i", path, keyEnter, keyDown, keyEnter)
	d.requireView("No changes: "+path+" holds the same plan as", "nothing was saved.")
	d.refuseView("Replace the plan", "undoes")
	after, err := s.History(0)
	if err != nil {
		t.Fatal(err)
	}
	if planJSON(t, s) != before || len(after) != len(history) {
		t.Fatal("importing the same plan saved something")
	}
}

func TestReadOnlyScenarios(t *testing.T) {
	w := openStore(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(w.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	d := start(t, ro, 80, 24)
	d.selectScenario("Carry-forward refused")
	for _, k := range []string{"n", "c", "d", "p", "+", "f"} {
		d.press(k)
		d.requireView("open read-only")
	}
	// r, which renames a scenario in an editing session, reads the plan
	// again in a read-only one.
	d.press("r")
	d.requireView("Read the plan again")
	// Showing and comparing still work.
	d.press("m", keyEnter)
	d.requireView(`The plan and "Carry-forward refused"`)
	d.press(keyEsc, keyEnter)
	d.requireView("SCENARIO: Carry-forward refused", "READ-ONLY")
	d.press("2", keyEnter)
	d.requireView("open read-only")
	d.press("i")
	d.requireView("open read-only")
	// Exporting works too.
	path := filepath.Join(t.TempDir(), "ro.csv")
	d.press("e", keyEnter)
	d.clear(80)
	d.press(path, keyEnter)
	d.requireView("Exported scenario")
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

// snapshotStore is a read-only store that says it is a copy taken while
// another csplan edits the plan.
type snapshotStore struct{ *store.DB }

func (snapshotStore) Snapshot() bool { return true }

// TestHeaderMarkers keeps a golden of the header with both markers: a
// scenario on view in a read-only snapshot, at the narrowest size.
func TestHeaderMarkers(t *testing.T) {
	w := openStore(t)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(w.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	d := start(t, snapshotStore{ro}, 80, 24)
	d.requireView("READ-ONLY SNAPSHOT: nothing is saved")
	d.selectScenario("Post vacant until October")
	d.press(keyEnter, "1")
	d.requireView("SCENARIO: Post vacant until October", "READ-ONLY SNAPSHOT")
	golden.RequireEqual(t, d.view())
	if title := d.m.View().WindowTitle; !strings.Contains(title, `scenario "Post vacant until October"`) {
		t.Errorf("window title %q does not name the scenario", title)
	}
}

// TestScenarioLayoutFits checks the new pages fill the terminal exactly,
// no line too wide, at three sizes: the Scenarios screen in each state,
// the forms, the comparison, and every screen while a scenario is shown.
func TestScenarioLayoutFits(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	writeBadCSV(t, bad)
	states := map[string][]any{
		"steps":        {"7", keyDown, "f", keyEnter, keyEnter, "7", keyText('l')},
		"lever form":   {"7", keyDown, "+"},
		"fit form":     {"7", keyDown, "f"},
		"compare form": {"7", "m"},
		"compare all":  {"7", "m", keyEnter},
		"compare h":    {"7", "m", keyEnter, "h"},
		"promote":      {"7", keyDown, "p"},
		"help":         {"7", "?"},
		"export":       {"7", keyDown, keyEnter, "e"},
		"import":       {"i"},
		"import as":    {"i", bad, keyEnter},
		"problems":     {"i", bad, keyEnter, keyEnter, keyEnter},
	}
	for i := 1; i <= 7; i++ {
		states[fmt.Sprintf("scenario on screen %d", i)] = []any{"7", keyDown, keyEnter, fmt.Sprint(i)}
		states[fmt.Sprintf("scenario form on screen %d", i)] = []any{"7", keyDown, keyEnter, fmt.Sprint(i), keyEnter}
	}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {120, 40}} {
		for name, keys := range states {
			d := start(t, openStore(t), size[0], size[1])
			d.press(keys...)
			lines := strings.Split(d.view(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%dx%d %s: %d lines", size[0], size[1], name, len(lines))
			}
			for n, l := range lines {
				if w := ansi.StringWidth(l); w > size[0] {
					t.Errorf("%dx%d %s line %d is %d wide: %q", size[0], size[1], name, n, w, l)
				}
			}
		}
	}
}

func TestScenariosMouse(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.selectScenario("Carry-forward refused")
	d.press("f", keyEnter, keyEnter, "7")
	ss := d.m.screens[scenariosTab].(*scenariosScreen)
	// The list has a header and five rows (lines 0-5); under it a blank
	// line, the steps' title and their header (6-8); then the steps.
	d.send(tea.MouseClickMsg{X: 5, Y: contentTop + 10, Button: tea.MouseLeft})
	if !ss.onSteps || ss.steps.Cursor() != 1 {
		t.Fatalf("the click chose step %d (steps focused: %v), want the second", ss.steps.Cursor()+1, ss.onSteps)
	}
	d.requireView("2. Make it fit")
	// A click on the plan's row goes back to the list.
	d.send(tea.MouseClickMsg{X: 5, Y: contentTop + 1, Button: tea.MouseLeft})
	if ss.onSteps || ss.list.Cursor() != 0 {
		t.Fatalf("the click left the list on row %d (steps focused: %v)", ss.list.Cursor(), ss.onSteps)
	}
}

func TestImportMissingFile(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	missing := filepath.Join(t.TempDir(), "nowhere.csv")
	d.press("i", missing, keyEnter, keyEnter, keyEnter)
	d.requireView("Not imported: cannot read", "Import a plan, or its lines, from a CSV file or a workbook")
	d.press(keyEsc)
	d.requireView("Cancelled: nothing was imported.")
}

// TestExportComparison exports a workbook from the comparison: it gets a
// Comparison sheet.
func TestExportComparison(t *testing.T) {
	d := start(t, openStore(t), 100, 30)
	d.selectScenario("Carry-forward refused")
	d.press("m", keyEnter, "e", keyDown)
	d.requireView("with the comparison")
	d.press(keyEnter)
	d.clear(80)
	path := filepath.Join(t.TempDir(), "compared")
	d.press(path, keyEnter)
	d.requireStatus("Exported the plan to " + path + ".xlsx (Excel workbook")
	f, err := excelize.OpenFile(path + ".xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if i, _ := f.GetSheetIndex("Comparison"); i < 0 {
		t.Fatalf("no Comparison sheet; sheets %v", f.GetSheetList())
	}
}

// TestUndoLosesView undoes the making of the scenario on view: the
// screens go back to the plan and say why.
func TestUndoLosesView(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("7", "n", "Short-lived", keyEnter, keyEnter, keyEnter)
	d.requireView("SCENARIO: Short-lived")
	d.press("u")
	d.refuseView("SCENARIO:")
	d.requireStatus(`The scenario "Short-lived" is no longer there, so the screens show the plan.`)
	if d.m.viewing != 0 {
		t.Fatal("still viewing a scenario that is gone")
	}
}

// TestImportOwnLayoutWorkbookAsLines: a workbook of the officer's own
// layout (LibreOffice-saved) replaces only the plan's lines, after a
// question that says so and names the columns read; funding and posts stay.
func TestImportOwnLayoutWorkbookAsLines(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 40)
	before := mustLoad(t, s)
	path, err := filepath.Abs("../store/workbook/testdata/own-layout.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	d.press("i", path, keyEnter, keyDown, keyEnter)
	// The mapping step: each column with a sample and what it is read as.
	d.requireView(`Columns of own-layout.xlsx, sheet "Delivery plan" (headers in row 3)`, "Ref", "e.g. 1", "Budget 2017/18", "cost", "not read")
	// The officer keeps the Ref column as each line's notes: "not read"
	// moves on to notes, the seventh field; enter through the six columns.
	for range 7 {
		d.press(keyRight)
	}
	for range 6 {
		d.press(keyEnter)
	}
	d.requireView("Replace the plan's lines with own-layout.xlsx?", `notes ← "Ref"`)
	d.press("y")
	after := mustLoad(t, s)
	if len(after.Lines) != 5 || len(after.Posts) != len(before.Posts) || len(after.Funding) != len(before.Funding) {
		t.Fatalf("after: %d lines, %d posts, %d funding sources; want 5 and the plan's own posts and funding",
			len(after.Lines), len(after.Posts), len(after.Funding))
	}
	if l := after.Lines[0]; l.Title != "Street pastors" || l.Notes != "1" {
		t.Errorf("first line %q with notes %q, want Street pastors with the Ref 1 as its notes", l.Title, l.Notes)
	}
}
