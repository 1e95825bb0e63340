package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"csplan/model"
)

func TestUndoRedoAcrossReopen(t *testing.T) {
	db, path := newTestDB(t)
	v0 := planJSON(t, mustLoad(t, db))

	hate, _, _ := mustLoad(t, db).Line(8)
	hate.Cost = model.Pounds(10000)
	if _, err := db.SaveLine(hate); err != nil {
		t.Fatal(err)
	}
	v1 := planJSON(t, mustLoad(t, db))
	added, err := db.SavePost(model.Post{PriorityID: 4, Title: "YOT Prevention Worker", Tags: []model.ID{6},
		FTE: model.Pounds(1).Decimal(), Salary: model.Pounds(24000), StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("100")})
	if err != nil {
		t.Fatal(err)
	}
	v2 := planJSON(t, mustLoad(t, db))
	if err := db.DeleteLine(9); err != nil {
		t.Fatal(err)
	}
	v3 := planJSON(t, mustLoad(t, db))

	e, err := db.Undo()
	if err != nil {
		t.Fatal(err)
	}
	if e.Summary != `Deleted line "Critical incident community mediators"` || !e.Undone || len(e.Changes) != 1 {
		t.Errorf("undone entry = %+v", e)
	}
	if got := planJSON(t, mustLoad(t, db)); got != v2 {
		t.Error("undoing the delete did not bring the line back")
	}

	// Close and reopen: the cursor is in the file, so undo carries on.
	db = reopen(t, db, path)
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := planJSON(t, mustLoad(t, db)); got != v1 {
		t.Error("undo after reopen did not remove the added post")
	}
	h, err := db.History(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 4 || !h[0].Undone || !h[1].Undone || h[2].Undone || h[3].Undone {
		t.Errorf("history after two undos: %+v", h)
	}
	if h[0].Seq <= h[1].Seq {
		t.Error("history is not newest first")
	}

	db = reopen(t, db, path)
	e, err = db.Redo()
	if err != nil {
		t.Fatal(err)
	}
	if e.Summary != `Added post "YOT Prevention Worker"` || e.Undone {
		t.Errorf("redone entry = %+v", e)
	}
	if got := planJSON(t, mustLoad(t, db)); got != v2 {
		t.Error("redo did not add the post again")
	}
	if _, _, ok := mustLoad(t, db).Post(added.ID); !ok {
		t.Error("redone post lost its ID")
	}
	if _, err := db.Redo(); err != nil {
		t.Fatal(err)
	}
	if got := planJSON(t, mustLoad(t, db)); got != v3 {
		t.Error("second redo did not delete the line again")
	}
	if _, err := db.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("Redo at the end = %v, want ErrNothingToRedo", err)
	}

	for i := 0; i < 3; i++ {
		if _, err := db.Undo(); err != nil {
			t.Fatalf("undo %d: %v", i, err)
		}
	}
	if got := planJSON(t, mustLoad(t, db)); got != v0 {
		t.Error("undoing everything did not give back the seed plan")
	}
	if _, err := db.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("Undo past the base entry = %v, want ErrNothingToUndo", err)
	}
	if err := db.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
}

// A new change after an undo ends the redo branch but keeps its entries,
// marked undone and replaced: they are listed, never redone, and undo and
// redo step over them.
func TestNewChangeKeepsReplacedEntries(t *testing.T) {
	db, path := newTestDB(t)
	for _, cost := range []int64{1000, 2000, 3000} {
		l, _, _ := mustLoad(t, db).Line(8)
		l.Cost = model.Pounds(cost)
		if _, err := db.SaveLine(l); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if _, err := db.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	// Now at cost £1,000 with two entries to redo; a new change ends them.
	l, _, _ := mustLoad(t, db).Line(8)
	if !l.Cost.Equal(model.Pounds(1000)) {
		t.Fatalf("after two undos cost = %s", l.Cost)
	}
	l.Title = "Hate crime plan"
	if _, err := db.SaveLine(l); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("Redo after a new change = %v, want ErrNothingToRedo", err)
	}
	db = reopen(t, db, path)
	h, err := db.History(0)
	if err != nil {
		t.Fatal(err)
	}
	var sums []string
	for _, e := range h {
		mark := ""
		if e.Undone {
			mark += " (undone)"
		}
		if e.Replaced {
			mark += " (replaced)"
		}
		sums = append(sums, e.Summary+mark)
	}
	want := []string{
		`Changed line "Hate crime action plan": title "Hate crime action plan" → "Hate crime plan"`,
		`Changed line "Hate crime action plan": cost £2,000 → £3,000 (undone) (replaced)`,
		`Changed line "Hate crime action plan": cost £1,000 → £2,000 (undone) (replaced)`,
		`Changed line "Hate crime action plan": cost £12,000 → £1,000`,
		"Created the plan",
	}
	if strings.Join(sums, "\n") != strings.Join(want, "\n") {
		t.Errorf("history =\n%s\nwant\n%s", strings.Join(sums, "\n"), strings.Join(want, "\n"))
	}
	if h2, _ := db.History(2); len(h2) != 2 || h2[0].Seq != h[0].Seq {
		t.Errorf("History(2) = %+v", h2)
	}
	line := func() model.Line { l, _, _ := mustLoad(t, db).Line(8); return l }
	// Undo steps back over the replaced entries: the rename, then the
	// first cost change.
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if l := line(); l.Title != "Hate crime action plan" || !l.Cost.Equal(model.Pounds(1000)) {
		t.Errorf("undo of the rename gave %+v", l)
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if l := line(); !l.Cost.Equal(model.Pounds(12000)) {
		t.Errorf("second undo gave cost %s, want the £12,000 before the replaced changes", l.Cost)
	}
	// Redo brings back the first cost change and then the rename, never
	// the replaced ones.
	if e, err := db.Redo(); err != nil || !strings.Contains(e.Summary, "£12,000 → £1,000") {
		t.Fatalf("first redo = %q, %v", e.Summary, err)
	}
	if e, err := db.Redo(); err != nil || !strings.Contains(e.Summary, "title") {
		t.Fatalf("second redo = %q, %v", e.Summary, err)
	}
	if l := line(); l.Title != "Hate crime plan" || !l.Cost.Equal(model.Pounds(1000)) {
		t.Errorf("after redoing both: %+v", l)
	}
	if _, err := db.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("third redo = %v, want ErrNothingToRedo", err)
	}
	// A new change after undoing over replaced entries replaces only the
	// entry it overtakes.
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	l = line()
	l.Owner = "Someone"
	if _, err := db.SaveLine(l); err != nil {
		t.Fatal(err)
	}
	h, _ = db.History(0)
	replaced := 0
	for _, e := range h {
		if e.Replaced {
			replaced++
		}
	}
	if replaced != 3 || h[1].Replaced != true || !strings.Contains(h[1].Summary, "title") {
		t.Errorf("after a change over the undone rename, %d replaced; newest but one %+v", replaced, h[1])
	}
	if errs := db.Check(); errs != nil {
		t.Errorf("Check: %v", errs)
	}
}

func TestEntryHoldsOnlyTouchedRecords(t *testing.T) {
	path := t.TempDir() + "/plan.db"
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return GeneratePlan(200, 10, 3), nil }
	clock := testNow
	opts.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	opts.User = "cso"
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := mustLoad(t, db)
	l := p.Lines[17]
	l.Cost = l.Cost.Add(model.Pounds(1))
	if _, err := db.SaveLine(l); err != nil {
		t.Fatal(err)
	}
	h, _ := db.History(1)
	e := h[0]
	e.Changes = payloadOf(t, db, e.Seq)
	if len(e.Changes) != 1 || e.Changes[0].Kind != "line" || e.Changes[0].ID != l.ID || e.Changes[0].Before == nil || e.Changes[0].After == nil {
		t.Errorf("entry changes = %+v, want the one line", e.Changes)
	}
	if e.User != "cso" || !e.Time.Equal(testNow.Add(2*time.Minute)) {
		t.Errorf("entry user/time = %q %v", e.User, e.Time)
	}
}

func TestReplacePlanAndUndoRestoresExactly(t *testing.T) {
	db, path := newTestDB(t)
	before := planJSON(t, mustLoad(t, db))

	// The new plan keeps some IDs (lines 8 and 9 are overwritten, funding
	// 1 kept as is) and brings records without IDs, referring to the one
	// new priority and new PCC priority by ID 0.
	p := testPlan()
	p.Info.Notes = "Imported from the spreadsheet"
	p.Funding = p.Funding[:1]
	p.Lines[0].Cost = model.Pounds(9000)
	p.Posts = nil
	p.Priorities = append(p.Priorities, model.Priority{Name: "Community cohesion", Order: 3})
	p.Tags = append(p.Tags, model.Tag{Name: "Standing up for young people", Order: 2})
	p.Lines = append(p.Lines, model.Line{PriorityID: 0, Title: "Community champions", Cost: model.Pounds(5000), Tags: []model.ID{0, 6}})
	if err := db.ReplacePlan(p, "imported plan.csv"); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != "Replaced the plan: imported plan.csv" {
		t.Errorf("summary = %q", s)
	}
	db = reopen(t, db, path)
	got := mustLoad(t, db)
	if len(got.Funding) != 1 || len(got.Posts) != 0 || len(got.Lines) != 3 || got.Info.Notes == "" {
		t.Fatalf("replaced plan = %s", planJSON(t, got))
	}
	champ := got.Lines[2]
	newPr, _ := got.PriorityByName("Community cohesion")
	newTag, _ := got.TagByName("Standing up for young people")
	if champ.ID <= 10 || newPr.ID <= 10 || newTag.ID <= 10 || champ.PriorityID != newPr.ID || champ.Tags[0] != newTag.ID {
		t.Errorf("fresh IDs and references not fixed: line %+v, priority %d, tag %d", champ, newPr.ID, newTag.ID)
	}
	if ps := model.Errors(got.Validate()); len(ps) > 0 {
		t.Errorf("replaced plan has errors: %v", ps)
	}
	h, _ := db.History(1)
	// Unchanged records (funding 1, line 9, priorities, tags) stay out of
	// the entry: 1 funding, 1 post deleted, line 8 changed, info, and the
	// three new records.
	if cs := payloadOf(t, db, h[0].Seq); len(cs) != 7 {
		t.Errorf("replace entry has %d changes, want 7: %+v", len(cs), cs)
	}

	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if after := planJSON(t, mustLoad(t, db)); after != before {
		t.Errorf("undo of ReplacePlan did not restore the plan exactly:\n%s\nwant\n%s", after, before)
	}
	if _, err := db.Redo(); err != nil {
		t.Fatal(err)
	}
	if again := planJSON(t, mustLoad(t, db)); again != planJSON(t, got) {
		t.Error("redo of ReplacePlan differs from the replaced plan")
	}
	// The sequence is above every ID, so the next new record does not
	// collide with an imported one.
	l, err := db.SaveLine(model.Line{PriorityID: 4, Title: "After import", Tags: []model.ID{6}})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID <= champ.ID {
		t.Errorf("new ID %d not above imported IDs (max %d)", l.ID, champ.ID)
	}
	if err := db.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
}

func TestReplacePlanRaisesSequenceAboveImportedIDs(t *testing.T) {
	db, _ := newTestDB(t)
	p := testPlan()
	p.Lines[1].ID = 5000
	if err := db.ReplacePlan(p, ""); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != "Replaced the plan" {
		t.Errorf("summary = %q", s)
	}
	f, err := db.SaveFunding(model.FundingSource{Name: "Top-up", Amount: model.Pounds(1)})
	if err != nil || f.ID != 5001 {
		t.Errorf("next ID = %d, %v; want 5001", f.ID, err)
	}
}

func TestReplacePlanRefusesInvalid(t *testing.T) {
	db, _ := newTestDB(t)
	before := planJSON(t, mustLoad(t, db))
	n := historyLen(t, db)
	p := testPlan()
	p.Lines[0].PriorityID = 77
	p.Lines[1].Cost = model.Pounds(-1)
	p.Posts[0].ID = p.Lines[0].ID // duplicate ID across kinds
	p.Funding[0].Name = ""
	err := db.ReplacePlan(p, "bad import")
	var inv *InvalidError
	if !errors.As(err, &inv) || !errors.Is(err, ErrInvalid) || len(inv.Problems) != 4 {
		t.Fatalf("ReplacePlan of a bad plan = %v", err)
	}
	if !strings.Contains(err.Error(), "and 1 more") {
		t.Errorf("error should list the first three problems and count the rest: %v", err)
	}
	if after := planJSON(t, mustLoad(t, db)); after != before || historyLen(t, db) != n {
		t.Error("a refused ReplacePlan changed the plan or history")
	}
	if err := db.ReplacePlan(nil, "x"); err == nil {
		t.Error("ReplacePlan(nil) succeeded")
	}
	// Replacing with the same plan changes nothing and records nothing.
	if err := db.ReplacePlan(testPlan(), "same"); err != nil || historyLen(t, db) != n {
		t.Errorf("ReplacePlan with an identical plan: %v, history %d → %d", err, n, historyLen(t, db))
	}
}

// TestConcurrentEditsAndLoads runs edits, loads and a close from several
// goroutines, as TUI commands may; run with -race. Every edit must land in
// the history exactly once.
func TestConcurrentEditsAndLoads(t *testing.T) {
	db, _ := newTestDB(t)
	n := historyLen(t, db)
	const writers, edits = 3, 5
	errs := make(chan error, writers*edits*2)
	done := make(chan struct{})
	for w := 0; w < writers; w++ {
		go func(w int) {
			defer func() { done <- struct{}{} }()
			for i := 0; i < edits; i++ {
				_, err := db.SaveLine(model.Line{PriorityID: 4, Title: fmt.Sprintf("Line %d-%d", w, i), Tags: []model.ID{6}})
				errs <- err
				_, err = db.Load()
				errs <- err
			}
		}(w)
	}
	for w := 0; w < writers; w++ {
		<-done
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := historyLen(t, db); got != n+writers*edits {
		t.Errorf("history has %d entries, want %d", got, n+writers*edits)
	}
	if got := len(mustLoad(t, db).Lines); got != 2+writers*edits {
		t.Errorf("%d lines, want %d", got, 2+writers*edits)
	}
}
