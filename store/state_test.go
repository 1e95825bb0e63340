package store

import (
	"errors"
	"slices"
	"sync"
	"testing"

	"csplan/model"
)

func mustState(t *testing.T, db *DB, limit int) State {
	t.Helper()
	st, err := db.ReadState(limit)
	if err != nil {
		t.Fatalf("ReadState: %v", err)
	}
	return st
}

// ReadState gives what Load, History and Scenarios give, and a revision
// that rises with every saved change (undo and redo too), stays put across
// reads and across an edit that changes nothing.
func TestReadStateRevision(t *testing.T) {
	db, path := newTestDB(t)
	first := mustState(t, db, 0)
	if planJSON(t, first.Plan) != planJSON(t, mustLoad(t, db)) {
		t.Error("ReadState's plan is not Load's")
	}
	if len(first.History) != historyLen(t, db) {
		t.Errorf("ReadState read %d history entries, History %d", len(first.History), historyLen(t, db))
	}
	if again := mustState(t, db, 0); again.Revision != first.Revision {
		t.Errorf("a read with no write between moved the revision %d → %d", first.Revision, again.Revision)
	}

	rev := first.Revision
	step := func(what string, edit func() error) {
		t.Helper()
		if err := edit(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		next := mustState(t, db, 1)
		if next.Revision <= rev {
			t.Fatalf("after %s the revision is %d, not above %d", what, next.Revision, rev)
		}
		rev = next.Revision
	}
	step("a save", func() error {
		_, err := db.SaveScenario(model.Scenario{Name: "Pension at 16.1%"})
		return err
	})
	step("a delete", func() error { return db.DeleteLine(8) })
	step("an undo", func() error { _, err := db.Undo(); return err })
	step("a redo", func() error { _, err := db.Redo(); return err })

	// Saving a record as it is writes nothing, so the revision stays.
	f, _, _ := mustLoad(t, db).FundingSource(1)
	if _, err := db.SaveFunding(f); err != nil {
		t.Fatal(err)
	}
	if got := mustState(t, db, 0).Revision; got != rev {
		t.Errorf("an edit that changed nothing moved the revision %d → %d", rev, got)
	}
	if st := mustState(t, db, 1); len(st.History) != 1 || len(st.Scenarios) != 1 {
		t.Errorf("ReadState(1) read %d entries and %d scenarios, want 1 and 1", len(st.History), len(st.Scenarios))
	}

	// The revision is kept in the file: it carries on after a reopen.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := mustState(t, db, 0).Revision; got < rev {
		t.Errorf("after a reopen the revision went back %d → %d", rev, got)
	}
}

// Two cycles started together make two changes, each from the stored
// status, whatever order they run in.
func TestCycleFundingStatus(t *testing.T) {
	db, _ := newTestDB(t)
	// Source 2 is pending: pending → refused → confirmed.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = db.CycleFundingStatus(2) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	f, _, _ := mustLoad(t, db).FundingSource(2)
	if f.Status != model.Confirmed {
		t.Errorf("two cycles from pending gave %s, want confirmed", f.Status)
	}
	if got := lastSummary(t, db); got != `Funding "Carry-forward 2016/17": refused → confirmed` {
		t.Errorf("summary = %q", got)
	}
	saved, err := db.CycleFundingStatus(2)
	if err != nil || saved.Status != model.Pending || saved.Name != f.Name {
		t.Errorf("CycleFundingStatus = %+v, %v; want the source, pending", saved, err)
	}
	if _, err := db.CycleFundingStatus(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("cycling a missing source: %v, want ErrNotFound", err)
	}
	// Undo takes back one press.
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if f, _, _ := mustLoad(t, db).FundingSource(2); f.Status != model.Confirmed {
		t.Errorf("after undo the status is %s, want confirmed", f.Status)
	}
}

func priorityOrder(t *testing.T, db *DB) []model.ID {
	t.Helper()
	var ids []model.ID
	for _, p := range mustLoad(t, db).Priorities {
		ids = append(ids, p.ID)
	}
	return ids
}

// Moves are relative to the stored order: two moves up take a priority up
// two places, and a move past either end changes nothing.
func TestMovePriority(t *testing.T) {
	db, _ := newTestDB(t)
	// The order is 3, 4, 5.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { errs[i] = db.MovePriority(5, -1) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := priorityOrder(t, db); !slices.Equal(got, []model.ID{5, 3, 4}) {
		t.Fatalf("after two moves up the order is %v, want [5 3 4]", got)
	}
	n := historyLen(t, db)
	if err := db.MovePriority(5, -1); err != nil {
		t.Fatal(err)
	}
	if historyLen(t, db) != n {
		t.Error("a move up from the top was recorded")
	}
	if err := db.MovePriority(3, 5); err != nil {
		t.Fatal(err)
	}
	if got := priorityOrder(t, db); !slices.Equal(got, []model.ID{5, 4, 3}) {
		t.Errorf("a move down past the end gave %v, want [5 4 3]", got)
	}
	if got := lastSummary(t, db); got != "Reordered priorities: Reducing Victimisation, Violence Prevention, Reducing Reoffending" {
		t.Errorf("summary = %q", got)
	}
	if err := db.MovePriority(8, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("moving a line as a priority: %v, want ErrNotFound", err)
	}
}

// EditScenario hands the edit the scenario and plan as stored, so two
// edits started together both count; an edit's error writes nothing.
func TestEditScenario(t *testing.T) {
	db, _ := newTestDB(t)
	sc, err := db.SaveScenario(model.Scenario{Name: "Carry-forward refused"})
	if err != nil {
		t.Fatal(err)
	}
	next := func(x *model.Scenario, base *model.Plan) error {
		f, _, _ := x.Plan(base).FundingSource(2)
		status := f.Status.Next()
		x.SetStep(model.Step{Kind: model.StepFunding, Target: 2, Status: &status})
		return nil
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = db.EditScenario(sc.ID, next) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	scs, err := db.Scenarios()
	if err != nil || len(scs) != 1 {
		t.Fatalf("Scenarios = %v, %v", scs, err)
	}
	// Source 2 is pending in the plan: two edits make it confirmed.
	if f, _, _ := scs[0].Plan(mustLoad(t, db)).FundingSource(2); f.Status != model.Confirmed {
		t.Errorf("after two edits the scenario has source 2 %s, want confirmed", f.Status)
	}

	n := historyLen(t, db)
	refuse := errors.New("no")
	if _, err := db.EditScenario(sc.ID, func(x *model.Scenario, _ *model.Plan) error {
		x.Name = "Renamed"
		return refuse
	}); !errors.Is(err, refuse) {
		t.Errorf("an edit's error came back as %v", err)
	}
	if historyLen(t, db) != n {
		t.Error("a refused edit was recorded")
	}
	if _, err := db.EditScenario(99, next); !errors.Is(err, ErrNotFound) {
		t.Errorf("editing a missing scenario: %v, want ErrNotFound", err)
	}
}
