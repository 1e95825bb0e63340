package store

import (
	"bytes"
	"testing"

	"csplan/model"
	"csplan/store/planfile"
)

// A plan read back from its own export is Unchanged, though the file
// numbers the priorities' order afresh. Any change to it that the officer
// could see is not Unchanged, and ReplacePlan gives it a history entry.
func TestUnchangedAgreesWithReplacePlan(t *testing.T) {
	db, path := newTestDB(t)
	current := mustLoad(t, db)
	var b bytes.Buffer
	if err := WritePlan(&b, current, ExportOptions{Format: CSV}); err != nil {
		t.Fatal(err)
	}
	readBack := func() *model.Plan {
		p, err := planfile.Decode(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		return model.AdoptIDs(current, p)
	}

	same := readBack()
	if !Unchanged(current, same) {
		t.Fatal("the plan read back from its own export is not Unchanged")
	}
	// Stored as it is, a plan leaves no trace in the history.
	entries, sum := historyLen(t, db), fileSum(t, path)
	if err := db.ReplacePlan(current, "imported from plan.csv"); err != nil {
		t.Fatal(err)
	}
	if historyLen(t, db) != entries || fileSum(t, path) != sum {
		t.Fatal("ReplacePlan stored the plan as it is stored")
	}

	edits := map[string]func(p *model.Plan){
		"a cost": func(p *model.Plan) { p.Lines[0].Cost = p.Lines[0].Cost.Add(model.Pence(1)) },
		"a note": func(p *model.Plan) { p.Posts[0].Notes = "changed" },
		"a new line": func(p *model.Plan) {
			p.Lines = append(p.Lines, model.Line{ID: model.ProvisionalBase, PriorityID: p.Lines[0].PriorityID, Title: "New"})
		},
		"a lost line":   func(p *model.Plan) { p.Lines = p.Lines[1:] },
		"the year":      func(p *model.Plan) { p.Info.StartYear++ },
		"a setting":     func(p *model.Plan) { p.Settings.PensionRate = model.Pct("21") },
		"a funding row": func(p *model.Plan) { p.Funding[1].Status = model.Confirmed },
		"the order": func(p *model.Plan) {
			p.Priorities[0].Order, p.Priorities[1].Order = p.Priorities[1].Order, p.Priorities[0].Order
		},
		"a PCC priority": func(p *model.Plan) { p.Tags[0].Description = "changed" },
		// As many lines, one of them twice and one gone.
		"a line twice": func(p *model.Plan) { p.Lines[len(p.Lines)-1] = p.Lines[0] },
		"a new post":   func(p *model.Plan) { p.Posts = append(p.Posts, p.Posts[0]); p.Posts[len(p.Posts)-1].ID = 0 },
	}
	for name, edit := range edits {
		next := readBack()
		edit(next)
		if Unchanged(current, next) {
			t.Errorf("%s changed, yet Unchanged", name)
		}
	}
	next := readBack()
	next.Lines[0].Title = "Renamed"
	if err := db.ReplacePlan(next, "imported"); err != nil {
		t.Fatal(err)
	}
	if historyLen(t, db) != entries+1 {
		t.Error("a changed plan made no history entry")
	}
}
