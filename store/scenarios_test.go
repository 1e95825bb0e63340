package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"csplan/model"
)

func refused() *model.FundingStatus { s := model.Refused; return &s }

func TestScenarioRoundTripAndNames(t *testing.T) {
	db, path := newTestDB(t)
	sc, err := db.SaveScenario(model.Scenario{Name: "Carry-forward refused", Steps: []model.Step{
		{Kind: model.StepFunding, Target: 2, Status: refused()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if sc.ID == 0 {
		t.Fatal("no ID given")
	}
	if _, err := db.SaveScenario(model.Scenario{Name: " carry-forward REFUSED"}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "same name as another scenario") {
		t.Errorf("duplicate name: %v", err)
	}
	if _, err := db.SaveScenario(model.Scenario{Name: "  "}); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty name: %v", err)
	}
	sc.Name = "No carry-forward"
	if _, err := db.SaveScenario(sc); err != nil {
		t.Fatal(err)
	}
	h, _ := db.History(1)
	if h[0].Summary != `Changed scenario "Carry-forward refused": name "Carry-forward refused" → "No carry-forward"` {
		t.Errorf("summary %q", h[0].Summary)
	}
	_ = db.Close()
	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	scs, err := db2.Scenarios()
	if err != nil || len(scs) != 1 || scs[0].Name != "No carry-forward" || len(scs[0].Steps) != 1 || *scs[0].Steps[0].Status != model.Refused {
		t.Fatalf("after reopen: %+v, %v", scs, err)
	}
	// Undo the rename, then the creation.
	if _, err := db2.Undo(); err != nil {
		t.Fatal(err)
	}
	if scs, _ := db2.Scenarios(); scs[0].Name != "Carry-forward refused" {
		t.Errorf("undo rename: %q", scs[0].Name)
	}
	if err := db2.DeleteScenario(scs[0].ID); err != nil {
		t.Fatal(err)
	}
	if scs, _ := db2.Scenarios(); len(scs) != 0 {
		t.Errorf("deleted scenario still there")
	}
	if _, err := db2.Undo(); err != nil {
		t.Fatal(err)
	}
	if scs, _ := db2.Scenarios(); len(scs) != 1 {
		t.Errorf("undo delete: %d scenarios", len(scs))
	}
}

func TestReplacePlanKeepsScenarios(t *testing.T) {
	db, _ := newTestDB(t)
	if _, err := db.SaveScenario(model.Scenario{Name: "Keep me"}); err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, db)
	p.Lines = p.Lines[:1]
	if err := db.ReplacePlan(p, "import"); err != nil {
		t.Fatal(err)
	}
	if scs, _ := db.Scenarios(); len(scs) != 1 {
		t.Errorf("replacing the plan removed scenarios: %d left", len(scs))
	}
}

func TestPromoteThenUndoRestoresPlanExactly(t *testing.T) {
	db, _ := newTestDB(t)
	before := planJSON(t, mustLoad(t, db))
	cut := model.Pct("-25")
	sc, err := db.SaveScenario(model.Scenario{Name: "Grant cut", Steps: []model.Step{
		{Kind: model.StepFunding, Target: 1, Percent: &cut},
		{Kind: model.StepRemoveLine, Target: 8},
		{Kind: model.StepMakeFit, Fit: model.FitConfirmed},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := planJSON(t, sc.Plan(mustLoad(t, db)))
	if err := db.PromoteScenario(sc.ID); err != nil {
		t.Fatal(err)
	}
	if got := planJSON(t, mustLoad(t, db)); got != want {
		t.Errorf("promoted plan differs from the scenario's plan:\n%s\nwant\n%s", got, want)
	}
	tot := model.ComputeTotals(mustLoad(t, db))
	if tot.HeadroomConfirmed.Sign() < 0 {
		t.Errorf("promoted make-it-fit plan is over confirmed money: %s", tot.HeadroomConfirmed)
	}
	if scs, _ := db.Scenarios(); len(scs) != 0 {
		t.Errorf("the promoted scenario is still listed")
	}
	h, _ := db.History(1)
	if h[0].Summary != `Promoted scenario "Grant cut" to the plan` {
		t.Errorf("summary %q", h[0].Summary)
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := planJSON(t, mustLoad(t, db)); got != before {
		t.Errorf("undo of promote did not restore the plan exactly")
	}
	if scs, _ := db.Scenarios(); len(scs) != 1 || scs[0].Name != "Grant cut" {
		t.Errorf("undo of promote did not bring the scenario back: %+v", scs)
	}
	if err := db.PromoteScenario(999); !errors.Is(err, ErrNotFound) {
		t.Errorf("promote unknown: %v", err)
	}
}

func TestSeedScenarios(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return testPlan(), nil }
	opts.SeedScenarios = func(p *model.Plan) []model.Scenario {
		return []model.Scenario{{Name: "Example", Steps: []model.Step{{Kind: model.StepFunding, Target: p.Funding[1].ID, Status: refused()}}}}
	}
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	scs, err := db.Scenarios()
	if err != nil || len(scs) != 1 || scs[0].Steps[0].Target != 2 {
		t.Fatalf("seeded scenarios: %+v %v", scs, err)
	}
	if err := db.Check(); err != nil {
		t.Errorf("check: %v", err)
	}
	if _, err := db.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("the seeded examples can be undone: %v", err)
	}
}

func TestReadOnlyRefusesScenarioEdits(t *testing.T) {
	db, path := newTestDB(t)
	_ = db.Close()
	opts := testOptions()
	opts.ReadOnly = true
	ro, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.SaveScenario(model.Scenario{Name: "x"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("save: %v", err)
	}
	if err := ro.DeleteScenario(1); !errors.Is(err, ErrReadOnly) {
		t.Errorf("delete: %v", err)
	}
	if err := ro.PromoteScenario(1); !errors.Is(err, ErrReadOnly) {
		t.Errorf("promote: %v", err)
	}
}

// A new record of an imported plan must never take an ID that a scenario
// may still name (here, a line that was deleted): it gets a fresh one.
func TestImportedRecordsNeverReuseIDs(t *testing.T) {
	db, _ := newTestDB(t)
	l, err := db.SaveLine(model.Line{PriorityID: 3, Title: "Temp pilot", Cost: model.Pounds(10), Tags: []model.ID{6}})
	if err != nil {
		t.Fatal(err)
	}
	one := model.Pounds(1)
	if _, err := db.SaveScenario(model.Scenario{Name: "Pilot cut", Steps: []model.Step{{Kind: model.StepLineCost, Target: l.ID, Amount: &one}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteLine(l.ID); err != nil {
		t.Fatal(err)
	}
	current := mustLoad(t, db)
	file := current.Clone()
	file.Lines = append(file.Lines,
		model.Line{ID: 501, PriorityID: 3, Title: "New A", Cost: model.Pounds(5), Tags: []model.ID{6}},
		model.Line{ID: 502, PriorityID: 3, Title: "New B", Cost: model.Pounds(6), Tags: []model.ID{6}})
	if err := db.ReplacePlan(model.AdoptIDs(current, file), "import"); err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, db)
	for _, x := range p.Lines {
		if x.ID == l.ID || x.ID.Provisional() {
			t.Errorf("line %q took ID %d", x.Title, x.ID)
		}
	}
	scs, _ := db.Scenarios()
	if _, res := scs[0].Apply(p); res[0].Warning == "" {
		t.Errorf("the scenario's step now acts on another line: %q", res[0].Text)
	}
}

// A file imported as a scenario and then as the plan leaves the scenario
// without the line it added: the plan has it now. Undo brings both back.
func TestReplacePlanMatchesScenarioAddedLines(t *testing.T) {
	db, _ := newTestDB(t)
	base := mustLoad(t, db)
	file := base.Clone()
	file.Lines = append(file.Lines, model.Line{PriorityID: file.Lines[0].PriorityID, Title: "Street pastors", Cost: model.Pounds(3000)})
	sc, _ := model.ScenarioFromPlan("From the file", base, file)
	saved, err := db.SaveScenario(sc)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ReplacePlan(model.AdoptIDs(base, file), "import"); err != nil {
		t.Fatal(err)
	}
	plan := mustLoad(t, db)
	scs, _ := db.Scenarios()
	if len(scs) != 1 || len(scs[0].Steps) != 0 {
		t.Fatalf("scenario steps after the import: %+v", scs)
	}
	if got, want := len(scs[0].Plan(plan).Lines), len(plan.Lines); got != want {
		t.Errorf("scenario has %d lines, the plan %d", got, want)
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	scs, _ = db.Scenarios()
	if len(scs) != 1 || len(scs[0].Steps) != len(saved.Steps) {
		t.Errorf("undo left the scenario with %+v", scs)
	}
}

// A moved step is logged as which step moved where, not as a bare
// "Changed scenario".
func TestMovedStepSummary(t *testing.T) {
	db, _ := newTestDB(t)
	amount := func(n int64) *model.Money { m := model.Pounds(n); return &m }
	sc, err := db.SaveScenario(model.Scenario{Name: "Three steps", Steps: []model.Step{
		{Kind: model.StepFunding, Target: 2, Status: refused()},
		{Kind: model.StepLineCost, Target: 1, Amount: amount(100)},
		{Kind: model.StepLineCost, Target: 3, Amount: amount(200)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		order []int
		want  string
	}{
		{[]int{2, 0, 1}, `Changed scenario "Three steps": step 3 moved to place 1`},
		{[]int{1, 0, 2}, `Changed scenario "Three steps": steps 1 and 2 swapped places`},
	} {
		next := sc
		next.Steps = nil
		for _, i := range tc.order {
			next.Steps = append(next.Steps, sc.Steps[i])
		}
		if _, err := db.SaveScenario(next); err != nil {
			t.Fatal(err)
		}
		h, _ := db.History(1)
		if h[0].Summary != tc.want {
			t.Errorf("summary %q, want %q", h[0].Summary, tc.want)
		}
		if _, err := db.SaveScenario(sc); err != nil {
			t.Fatal(err)
		}
	}
}
