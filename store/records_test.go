package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"go.etcd.io/bbolt"

	"csplan/model"
)

func TestCreateWritesSeedWithPrivateModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "csplan")
	path := filepath.Join(dir, "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return testPlan(), nil }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, want 0600 (the file holds salaries)", fi.Mode().Perm())
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode = %v, want 0700", di.Mode().Perm())
	}
	if got, want := planJSON(t, mustLoad(t, db)), planJSON(t, testPlan()); got != want {
		t.Errorf("loaded plan differs from the seed:\n%s\nwant\n%s", got, want)
	}
	h, err := db.History(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Summary != "Created the plan" || h[0].User != "officer" || !h[0].Time.Equal(testNow) {
		t.Fatalf("history = %+v, want one base entry", h)
	}
	if _, err := db.Undo(); !errors.Is(err, ErrNothingToUndo) {
		t.Errorf("Undo of the base entry = %v, want ErrNothingToUndo", err)
	}
	if err := db.Check(); err != nil {
		t.Errorf("Check: %v", err)
	}
}

func TestCreateWithoutSeedIsEmptyWithDefaultSettings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	db, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := mustLoad(t, db)
	want := &model.Plan{Settings: model.DefaultSettings(), Funding: []model.FundingSource{},
		Priorities: []model.Priority{}, Tags: []model.Tag{}, Lines: []model.Line{}, Posts: []model.Post{}}
	if planJSON(t, p) != planJSON(t, want) {
		t.Errorf("empty plan = %s", planJSON(t, p))
	}
	// The first record gets ID 1: the sequence is shared and starts fresh.
	pr, err := db.SavePriority(model.Priority{Name: "Violence Prevention"})
	if err != nil || pr.ID != 1 {
		t.Fatalf("SavePriority = %+v, %v", pr, err)
	}
}

func TestCreateFailureLeavesNoFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) {
		p := testPlan()
		p.Lines[0].PriorityID = 999 // no such priority
		return p, nil
	}
	_, err := Open(path, opts)
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Hate crime action plan") {
		t.Fatalf("Open with a bad seed = %v, want ErrInvalid naming the line", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("half-made file left behind: %v", err)
	}

	opts.Seed = func() (*model.Plan, error) { return nil, errors.New("no built-in plan") }
	if _, err := Open(path, opts); err == nil {
		t.Fatal("Open with a failing seed succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("file created although the seed failed: %v", err)
	}
}

// reopen closes db and opens the same file again, so a test sees what was
// really written.
func reopen(t *testing.T, db *DB, path string) *DB {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { _ = db2.Close() })
	return db2
}

func TestLineRoundTrip(t *testing.T) {
	db, path := newTestDB(t)
	l, err := db.SaveLine(model.Line{PriorityID: 4, Title: "Youth violence strategy", Owner: "YOT",
		Cost: model.Pence(1050050), Tags: []model.ID{6, 7}, Notes: "Q1"})
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != 11 {
		t.Errorf("new line ID = %d, want 11 (after the seed's 1-10)", l.ID)
	}
	if got := lastSummary(t, db); got != `Added line "Youth violence strategy"` {
		t.Errorf("summary = %q", got)
	}
	db = reopen(t, db, path)
	got, _, ok := mustLoad(t, db).Line(l.ID)
	if !ok || got.Title != l.Title || !got.Cost.Equal(l.Cost) || len(got.Tags) != 2 || got.Owner != "YOT" || got.Notes != "Q1" {
		t.Fatalf("reloaded line = %+v, want %+v", got, l)
	}

	hate, _, _ := mustLoad(t, db).Line(8)
	hate.Cost = model.Pounds(10000)
	if _, err := db.SaveLine(hate); err != nil {
		t.Fatal(err)
	}
	if got := lastSummary(t, db); got != `Changed line "Hate crime action plan": cost £12,000 → £10,000` {
		t.Errorf("summary = %q", got)
	}
	hate.PriorityID = 4
	hate.Tags = []model.ID{6, 7}
	hate.Notes = "moved"
	if _, err := db.SaveLine(hate); err != nil {
		t.Fatal(err)
	}
	want := `Changed line "Hate crime action plan": priority "Reducing Victimisation" → "Violence Prevention", ` +
		`PCC priorities Protecting from harm → Protecting from harm, Supporting victims of crime, notes edited`
	if got := lastSummary(t, db); got != want {
		t.Errorf("summary = %q\nwant      %q", got, want)
	}

	// Saving a record unchanged records nothing.
	n := historyLen(t, db)
	if _, err := db.SaveLine(hate); err != nil {
		t.Fatal(err)
	}
	if historyLen(t, db) != n {
		t.Error("an unchanged save added a history entry")
	}

	if err := db.DeleteLine(l.ID); err != nil {
		t.Fatal(err)
	}
	if got := lastSummary(t, db); got != `Deleted line "Youth violence strategy"` {
		t.Errorf("summary = %q", got)
	}
	db = reopen(t, db, path)
	if _, _, ok := mustLoad(t, db).Line(l.ID); ok {
		t.Error("deleted line is still there after reopening")
	}
	if err := db.DeleteLine(l.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting it again = %v, want ErrNotFound", err)
	}
}

func TestPostRoundTrip(t *testing.T) {
	db, path := newTestDB(t)
	over := model.Pounds(4000)
	po, err := db.SavePost(model.Post{PriorityID: 3, Title: "IOM admin support", Team: "Community Safety Team",
		Tags: []model.ID{6}, FTE: decimal.RequireFromString("0.5"), Salary: model.Pounds(19500),
		StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("100"), OnCostOverride: &over})
	if err != nil {
		t.Fatal(err)
	}
	if got := lastSummary(t, db); got != `Added post "IOM admin support"` {
		t.Errorf("summary = %q", got)
	}
	db = reopen(t, db, path)
	got, _, ok := mustLoad(t, db).Post(po.ID)
	if !ok || !got.FTE.Equal(po.FTE) || got.OnCostOverride == nil || !got.OnCostOverride.Equal(over) || !got.GrantShare.Equal(po.GrantShare) {
		t.Fatalf("reloaded post = %+v", got)
	}
	got.FTE = decimal.RequireFromString("0.6")
	got.EndMonth = 6
	if _, err := db.SavePost(got); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != `Changed post "IOM admin support": FTE 0.5 → 0.6, months April-March → April-September` {
		t.Errorf("summary = %q", s)
	}
	// A post whose own figures are wrong is refused, in Validate's words.
	bad := got
	bad.FTE = decimal.RequireFromString("2")
	if _, err := db.SavePost(bad); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "at most 1.5") {
		t.Errorf("post with FTE 2 = %v, want ErrInvalid", err)
	}
	if err := db.DeletePost(po.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := mustLoad(t, reopen(t, db, path)).Post(po.ID); ok {
		t.Error("deleted post is still there")
	}
}

func TestFundingRoundTrip(t *testing.T) {
	db, path := newTestDB(t)
	f, err := db.SaveFunding(model.FundingSource{Name: "Children's Services contribution", Amount: model.Pounds(11200), Status: model.Confirmed})
	if err != nil {
		t.Fatal(err)
	}
	cf, _, _ := mustLoad(t, db).FundingSource(2)
	cf.Status = model.Refused
	if _, err := db.SaveFunding(cf); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != `Funding "Carry-forward 2016/17": pending → refused` {
		t.Errorf("summary = %q", s)
	}
	cf.Amount = model.Pounds(30000)
	cf.Status = model.Pending
	if _, err := db.SaveFunding(cf); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != `Changed funding source "Carry-forward 2016/17": amount £38,000 → £30,000, status refused → pending` {
		t.Errorf("summary = %q", s)
	}
	dup := model.FundingSource{Name: " carry-forward 2016/17 ", Amount: model.Pounds(1)}
	if _, err := db.SaveFunding(dup); !errors.Is(err, ErrInvalid) {
		t.Errorf("a second funding source of the same name = %v, want ErrInvalid", err)
	}
	db = reopen(t, db, path)
	p := mustLoad(t, db)
	if got, _, ok := p.FundingSource(f.ID); !ok || got.Name != f.Name {
		t.Errorf("added funding source missing after reopen: %+v", p.Funding)
	}
	if err := db.DeleteFunding(f.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := mustLoad(t, db).FundingSource(f.ID); ok {
		t.Error("deleted funding source is still there")
	}
}

func TestPrioritiesAndTags(t *testing.T) {
	db, path := newTestDB(t)
	pr, err := db.SavePriority(model.Priority{Name: "Community cohesion", Outcomes: []string{"More reporting"}, Order: 3})
	if err != nil {
		t.Fatal(err)
	}
	tg, err := db.SaveTag(model.Tag{Name: "Standing up for young people", Order: 2})
	if err != nil {
		t.Fatal(err)
	}
	if pr.ID == tg.ID {
		t.Fatal("a priority and a PCC priority got the same ID: the sequence must be shared")
	}
	if err := db.ReorderPriorities([]model.ID{pr.ID, 4}); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != `Reordered priorities: Community cohesion, Violence Prevention, Reducing Reoffending, Reducing Victimisation` {
		t.Errorf("summary = %q", s)
	}
	db = reopen(t, db, path)
	p := mustLoad(t, db)
	var names []string
	for _, x := range p.Priorities {
		names = append(names, x.Name)
	}
	if got := strings.Join(names, "|"); got != "Community cohesion|Violence Prevention|Reducing Reoffending|Reducing Victimisation" {
		t.Errorf("priority order after reopen = %s", got)
	}
	if err := db.ReorderPriorities([]model.ID{pr.ID, pr.ID}); err == nil {
		t.Error("reorder naming a priority twice succeeded")
	}
	if err := db.ReorderPriorities([]model.ID{999}); !errors.Is(err, ErrNotFound) {
		t.Errorf("reorder with an unknown ID = %v, want ErrNotFound", err)
	}

	pr, _ = p.Priority(pr.ID)
	pr.Name = "Cohesion"
	if _, err := db.SavePriority(pr); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != `Changed priority "Community cohesion": name "Community cohesion" → "Cohesion"` {
		t.Errorf("summary = %q", s)
	}
	if err := db.DeletePriority(pr.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteTag(tg.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveTag(model.Tag{Name: "  "}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a PCC priority with no name = %v, want ErrInvalid", err)
	}
}

func TestDeleteInUseIsRefused(t *testing.T) {
	db, _ := newTestDB(t)
	n := historyLen(t, db)
	err := db.DeletePriority(5) // one line and one post sit under it
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "1 line and 1 post") || !strings.Contains(err.Error(), "Reducing Victimisation") {
		t.Errorf("DeletePriority in use = %v", err)
	}
	err = db.DeleteTag(6) // carried by two lines
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "2 lines") {
		t.Errorf("DeleteTag in use = %v", err)
	}
	err = db.DeleteTag(7) // one line and one post
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "1 line and 1 post") {
		t.Errorf("DeleteTag in use = %v", err)
	}
	if historyLen(t, db) != n {
		t.Error("a refused delete added a history entry")
	}
	if _, ok := mustLoad(t, db).Priority(5); !ok {
		t.Error("the refused delete removed the priority")
	}
}

func TestSaveUnknownOrBadReferencesWritesNothing(t *testing.T) {
	db, path := newTestDB(t)
	before := planJSON(t, mustLoad(t, db))
	n := historyLen(t, db)

	if _, err := db.SaveLine(model.Line{ID: 999, PriorityID: 4, Title: "X", Tags: []model.ID{6}}); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveLine of unknown ID = %v, want ErrNotFound", err)
	}
	if _, err := db.SavePost(model.Post{ID: 999}); !errors.Is(err, ErrNotFound) {
		t.Errorf("SavePost of unknown ID = %v, want ErrNotFound", err)
	}
	if _, err := db.SaveFunding(model.FundingSource{ID: 999, Name: "X"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveFunding of unknown ID = %v, want ErrNotFound", err)
	}
	// An ID of another kind is not a line.
	if _, err := db.SaveLine(model.Line{ID: 10, PriorityID: 4, Title: "X"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("SaveLine with a post's ID = %v, want ErrNotFound", err)
	}
	_, err := db.SaveLine(model.Line{PriorityID: 999, Title: "Orphan", Tags: []model.ID{6}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `line "Orphan": sits under a priority that does not exist`) {
		t.Errorf("SaveLine with a missing priority = %v", err)
	}
	_, err = db.SaveLine(model.Line{PriorityID: 4, Title: "Mistagged", Tags: []model.ID{6, 3}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "PCC priority that does not exist") {
		t.Errorf("SaveLine tagged with a priority's ID = %v", err)
	}
	_, err = db.SavePost(model.Post{PriorityID: 4, Title: "Orphan post", Tags: []model.ID{77},
		FTE: decimal.NewFromInt(1), StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("100")})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "PCC priority that does not exist") {
		t.Errorf("SavePost with a missing tag = %v", err)
	}
	if _, err := db.SaveLine(model.Line{PriorityID: 4, Title: "Negative", Cost: model.Pounds(-5)}); !errors.Is(err, ErrInvalid) {
		t.Errorf("SaveLine with a negative cost = %v", err)
	}
	if err := db.SaveInfo(model.Info{Partnership: "", StartYear: 2017}); !errors.Is(err, ErrInvalid) {
		t.Errorf("SaveInfo without a partnership = %v", err)
	}
	if historyLen(t, db) != n {
		t.Error("a refused save added a history entry")
	}
	db = reopen(t, db, path)
	if after := planJSON(t, mustLoad(t, db)); after != before {
		t.Error("a refused save changed the plan")
	}
	// The refused adds did not use up IDs.
	l, err := db.SaveLine(model.Line{PriorityID: 4, Title: "Next", Tags: []model.ID{6}})
	if err != nil || l.ID != 11 {
		t.Errorf("next line = %d, %v; want ID 11", l.ID, err)
	}
}

func TestInfoAndSettings(t *testing.T) {
	db, path := newTestDB(t)
	info := mustLoad(t, db).Info
	info.StartYear = 2018
	info.Notes = "Draft"
	if err := db.SaveInfo(info); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != "Changed plan details: year 2017/18 → 2018/19, notes edited" {
		t.Errorf("summary = %q", s)
	}
	st := model.DefaultSettings()
	st.PensionRate = model.Pct("18.5")
	if err := db.SaveSettings(st); err != nil {
		t.Fatal(err)
	}
	if s := lastSummary(t, db); s != "Changed settings: pension rate 20% → 18.5%" {
		t.Errorf("summary = %q", s)
	}
	st.NIRate = model.Pct("150")
	if err := db.SaveSettings(st); !errors.Is(err, ErrInvalid) {
		t.Errorf("NI rate 150%% = %v, want ErrInvalid", err)
	}
	p := mustLoad(t, reopen(t, db, path))
	if p.Info.StartYear != 2018 || p.Info.Notes != "Draft" || !p.Settings.PensionRate.Equal(model.Pct("18.5")) {
		t.Errorf("after reopen: %+v %+v", p.Info, p.Settings)
	}
}

func TestReadOnlyRefusesEdits(t *testing.T) {
	db, path := newTestDB(t)
	want := planJSON(t, mustLoad(t, db))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ro := testOptions()
	ro.ReadOnly = true
	a, err := Open(path, ro)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path, ro) // two readers share the lock
	if err != nil {
		t.Fatalf("second read-only open: %v", err)
	}
	defer b.Close()
	if !a.ReadOnly() || a.Path() != path {
		t.Errorf("ReadOnly() = %v, Path() = %q", a.ReadOnly(), a.Path())
	}
	if got := planJSON(t, mustLoad(t, b)); got != want {
		t.Error("read-only load differs")
	}
	edits := map[string]func() error{
		"SaveLine":          func() error { _, err := a.SaveLine(model.Line{PriorityID: 4, Title: "X"}); return err },
		"DeleteLine":        func() error { return a.DeleteLine(8) },
		"SavePost":          func() error { _, err := a.SavePost(model.Post{}); return err },
		"DeletePost":        func() error { return a.DeletePost(10) },
		"SaveFunding":       func() error { _, err := a.SaveFunding(model.FundingSource{}); return err },
		"DeleteFunding":     func() error { return a.DeleteFunding(1) },
		"SavePriority":      func() error { _, err := a.SavePriority(model.Priority{}); return err },
		"DeletePriority":    func() error { return a.DeletePriority(3) },
		"ReorderPriorities": func() error { return a.ReorderPriorities([]model.ID{4}) },
		"SaveTag":           func() error { _, err := a.SaveTag(model.Tag{}); return err },
		"DeleteTag":         func() error { return a.DeleteTag(6) },
		"SaveInfo":          func() error { return a.SaveInfo(model.Info{}) },
		"SaveSettings":      func() error { return a.SaveSettings(model.Settings{}) },
		"ReplacePlan":       func() error { return a.ReplacePlan(testPlan(), "x") },
		"Undo":              func() error { _, err := a.Undo(); return err },
		"Redo":              func() error { _, err := a.Redo(); return err },
	}
	for name, edit := range edits {
		if err := edit(); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s on a read-only store = %v, want ErrReadOnly", name, err)
		}
	}
	if err := a.Check(); err != nil {
		t.Errorf("Check read-only: %v", err)
	}
}

func TestReadOnlyMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	opts := testOptions()
	opts.ReadOnly = true
	if _, err := Open(path, opts); !errors.Is(err, ErrNoPlanFile) {
		t.Fatalf("read-only open of a missing file = %v, want ErrNoPlanFile", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("a read-only open created the file")
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	db, _ := newTestDB(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
	if _, err := db.Load(); err == nil {
		t.Error("Load after Close succeeded")
	}
	if _, err := db.SaveLine(model.Line{}); err == nil {
		t.Error("SaveLine after Close succeeded")
	}
}

func TestCheckFindsDamage(t *testing.T) {
	db, path := newTestDB(t)
	if err := db.Check(); err != nil {
		t.Fatalf("Check of a new file: %v", err)
	}
	_ = db.Close()
	// Wind the ID sequence back below the highest ID, as a bad tool might.
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bbolt.Tx) error { return tx.Bucket(bucketIDs).SetSequence(3) }); err != nil {
		t.Fatal(err)
	}
	_ = b.Close()
	db, err = Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(); err == nil || !strings.Contains(err.Error(), "ID sequence (3) is below the highest ID (10)") {
		t.Errorf("Check = %v, want the sequence problem", err)
	}
}

// A zero reference in a replaced plan means the one new priority or PCC
// priority that has no ID yet, wherever it stands in the list, never the
// last one.
func TestReplacePlanZeroReferenceMeansTheNewRecord(t *testing.T) {
	db, _ := newTestDB(t)
	p := testPlan()
	p.Priorities = append([]model.Priority{{Name: "Tackling exploitation"}}, p.Priorities...)
	p.Tags = append([]model.Tag{{Name: "Standing up for young people"}}, p.Tags...)
	for i := range p.Priorities {
		p.Priorities[i].Order = i
	}
	for i := range p.Tags {
		p.Tags[i].Order = i
	}
	p.Lines = append(p.Lines, model.Line{Title: "Exploitation awareness", Cost: model.Pounds(500), Tags: []model.ID{0}})
	if err := db.ReplacePlan(p, "new priority first"); err != nil {
		t.Fatal(err)
	}
	got, err := db.Load()
	if err != nil {
		t.Fatal(err)
	}
	var line model.Line
	for _, l := range got.Lines {
		if l.Title == "Exploitation awareness" {
			line = l
		}
	}
	pr, _ := got.Priority(line.PriorityID)
	if pr.Name != "Tackling exploitation" {
		t.Errorf("the new line is under %q, want the new priority", pr.Name)
	}
	if len(line.Tags) != 1 {
		t.Fatalf("tags %v", line.Tags)
	}
	if tg, _ := got.Tag(line.Tags[0]); tg.Name != "Standing up for young people" {
		t.Errorf("the new line carries %q, want the new PCC priority", tg.Name)
	}
}
