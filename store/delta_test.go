package store

import (
	"encoding/json"
	"fmt"
	"testing"

	"go.etcd.io/bbolt"
	"pgregory.net/rapid"

	"csplan/model"
)

// stateJSON is a State compared by value (see planJSON).
func stateJSON(t *testing.T, plan *model.Plan, scs []model.Scenario, m *model.Monitoring, h []Entry) string {
	t.Helper()
	b, err := json.MarshalIndent(struct {
		Plan       *model.Plan
		Scenarios  []model.Scenario
		Monitoring *model.Monitoring
		History    []Entry
	}{plan, scs, m, h}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDeltaPatchesToTheSavedState makes random changes of every kind (and
// undoes and redoes some) and checks that the state read before them,
// patched by ReadDelta, is exactly the state ReadState reads after them:
// for one change and for several at once.
func TestDeltaPatchesToTheSavedState(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		db, _ := newTestDB(t)
		for _, sc := range []string{"Grant cut", "Carry-forward refused"} {
			pct := model.Pct("-25")
			if _, err := db.SaveScenario(model.Scenario{Name: sc, Steps: []model.Step{{Kind: model.StepFunding, Target: 1, Percent: &pct}}}); err != nil {
				t.Fatal(err)
			}
		}
		read := func() State {
			st, err := db.ReadState(50)
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		check := func(old State, what string) {
			now := read()
			d, ok, err := db.ReadDelta(old.Revision, 50)
			if err != nil {
				t.Fatalf("%s: ReadDelta: %v", what, err)
			}
			if !ok {
				t.Fatalf("%s: no delta from %d to %d", what, old.Revision, now.Revision)
			}
			if d.From != old.Revision || d.To != now.Revision {
				t.Fatalf("%s: delta from %d to %d, want %d to %d", what, d.From, d.To, old.Revision, now.Revision)
			}
			m := old.Monitoring
			if d.Monitoring != nil {
				m = d.Monitoring
			}
			got := stateJSON(t, d.Apply(old.Plan), d.ApplyScenarios(old.Scenarios), m, d.History)
			want := stateJSON(t, now.Plan, now.Scenarios, now.Monitoring, now.History)
			if got != want {
				t.Fatalf("%s: the patched state differs from the saved one\npatched:\n%s\nsaved:\n%s", what, got, want)
			}
		}
		first := read()
		steps := rapid.IntRange(1, 12).Draw(rt, "steps")
		for i := range steps {
			before := read()
			p := before.Plan
			pick := func(n int, label string) int { return rapid.IntRange(0, n-1).Draw(rt, label) }
			var what string
			var err error
			switch op := rapid.IntRange(0, 15).Draw(rt, "op"); op {
			case 0:
				l := model.Line{PriorityID: p.Priorities[pick(len(p.Priorities), "pr")].ID, Title: fmt.Sprintf("New line %d", i),
					Cost: model.Pence(int64(rapid.IntRange(1, 10_000_00).Draw(rt, "cost")))}
				what = "add line"
				_, err = db.SaveLine(l)
			case 1, 2:
				if len(p.Lines) == 0 {
					continue
				}
				l := p.Lines[pick(len(p.Lines), "line")]
				l.Cost = model.Pence(int64(rapid.IntRange(0, 10_000_00).Draw(rt, "cost")))
				l.Title += "!"
				what = "edit line"
				_, err = db.SaveLine(l)
			case 3:
				if len(p.Lines) == 0 {
					continue
				}
				what = "delete line"
				err = db.DeleteLine(p.Lines[pick(len(p.Lines), "line")].ID)
			case 4:
				if len(p.Posts) == 0 {
					continue
				}
				po := p.Posts[pick(len(p.Posts), "post")]
				po.Salary = po.Salary.Add(model.Pounds(100))
				what = "edit post"
				_, err = db.SavePost(po)
			case 5:
				what = "cycle funding"
				_, err = db.CycleFundingStatus(p.Funding[pick(len(p.Funding), "funding")].ID)
			case 6:
				pr := p.Priorities[pick(len(p.Priorities), "pr")]
				pr.Name += " (renamed)"
				what = "rename priority"
				_, err = db.SavePriority(pr)
			case 7:
				what = "move priority"
				err = db.MovePriority(p.Priorities[pick(len(p.Priorities), "pr")].ID, rapid.IntRange(-2, 2).Draw(rt, "by"))
			case 8:
				tg := p.Tags[pick(len(p.Tags), "tag")]
				tg.Name += "*"
				what = "rename tag"
				_, err = db.SaveTag(tg)
			case 9:
				st := p.Settings
				st.PensionRate = model.Pct(fmt.Sprint(rapid.IntRange(0, 40).Draw(rt, "oncost")))
				what = "settings"
				err = db.SaveSettings(st)
			case 10:
				info := p.Info
				info.Notes += "."
				what = "info"
				err = db.SaveInfo(info)
			case 11:
				what = "undo"
				_, err = db.Undo()
			case 12:
				what = "redo"
				_, err = db.Redo()
			case 13:
				if len(before.Scenarios) == 0 {
					continue
				}
				what = "delete scenario"
				err = db.DeleteScenario(before.Scenarios[pick(len(before.Scenarios), "sc")].ID)
			case 14:
				if len(p.Lines) == 0 {
					continue
				}
				what = "add actual"
				_, err = db.AddActuals([]model.Actual{{Item: p.Lines[pick(len(p.Lines), "line")].ID, Period: 1,
					Amount: model.Pounds(int64(rapid.IntRange(1, 900).Draw(rt, "spend")))}}, nil, "Spend")
			case 15:
				q := p.Clone()
				q.Lines = q.Lines[:len(q.Lines)/2]
				what = "replace plan"
				err = db.ReplacePlan(q, "Imported")
			}
			if err != nil {
				// A refused change (nothing to undo, a name in use) saves
				// nothing: the delta is empty and still exact.
				what += " (refused: " + err.Error() + ")"
			}
			check(before, what)
		}
		check(first, "all the changes at once")
	})
}

// TestDeltaRefusesWhatItCannotSay checks the cases where the reader must
// read everything again: a revision from before the session's log, a
// write the log did not see, and a read-only store.
func TestDeltaRefusesWhatItCannotSay(t *testing.T) {
	db, path := newTestDB(t)
	st, err := db.ReadState(10)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.ReadDelta(st.Revision-1, 10); err != nil || ok {
		t.Errorf("a delta from before the file was opened: ok %v, %v; want none", ok, err)
	}
	if d, ok, err := db.ReadDelta(st.Revision, 10); err != nil || !ok || d.Records() != 0 {
		t.Errorf("nothing changed: ok %v, %d records, %v; want an empty delta", ok, d.Records(), err)
	}
	// A write that does not go through the log (compact's setting is one)
	// leaves a gap.
	if err := db.write(func(tx *bbolt.Tx) error {
		return putSealed(tx.Bucket(bucketMeta), keyUndoKeep, []byte("5"))
	}); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.ReadDelta(st.Revision, 10); ok {
		t.Errorf("a delta over a write the log did not see")
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.ReadOnly = true
	ro, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rs, err := ro.ReadState(10)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ro.ReadDelta(rs.Revision, 10); ok {
		t.Errorf("a read-only store gave a delta")
	}
}

// TestCommitLogOrder: commits logged out of order (bbolt runs OnCommit
// after the next writer may have committed) and a commit logged after a
// reader's transaction began still give the delta between two revisions.
func TestCommitLogOrder(t *testing.T) {
	var l commitLog
	w := func(id model.ID) []written { return []written{{k: kindLines, id: id, value: []byte(`{}`)}} }
	l.add(11, w(11))
	l.add(13, w(13))
	l.add(12, w(12)) // late
	l.add(14, w(14)) // after the reader's transaction, at 13
	recs, ok := l.since(10, 13)
	if !ok || len(recs) != 3 || recs[0].id != 11 || recs[1].id != 12 || recs[2].id != 13 {
		t.Fatalf("since(10, 13) = %v, %v; want lines 11, 12, 13", recs, ok)
	}
	if _, ok := l.since(9, 13); ok {
		t.Error("since(9, 13) gave a delta without commit 10")
	}
	l.add(20, make([]written, 1)) // a commit after a gap
	if _, ok := l.since(13, 20); ok {
		t.Error("since(13, 20) gave a delta over the gap 15-19")
	}
}
