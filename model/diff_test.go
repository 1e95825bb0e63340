package model

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestScenarioFromPlan(t *testing.T) {
	base := smallPlan()
	// The same plan as read back from a file: other IDs, some figures changed.
	target := smallPlan()
	renumber := func(p *Plan) {
		p.Priorities[0].ID, p.Priorities[1].ID = 110, 111
		for i := range p.Lines {
			p.Lines[i].ID += 1000
			p.Lines[i].PriorityID += 100
		}
		p.Posts[0].ID += 1000
		p.Posts[0].PriorityID += 100
	}
	renumber(target)
	target.Lines[0].Cost = Pounds(40000)
	target.Lines = append(target.Lines[:1], Line{ID: 2000, PriorityID: 110, Title: "Brand new", Cost: Pounds(300), Tags: []ID{20}})
	target.Funding[1].Status = Refused
	target.Posts[0].GrantShare = Pct("50")
	target.Posts[0].Salary = Pounds(17000)

	s, missed := ScenarioFromPlan("From file", base, target)
	got := s.Plan(base)
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	tot := ComputeTotals(got)
	// Lines: 40,000 + 300; post at 50% of 2,410 = 1,205; carry-forward refused.
	if tot.Allocated.Plain() != "41505.00" || tot.EnvelopeAll.Plain() != "100000.00" {
		t.Errorf("allocated %s envelope %s", tot.Allocated.Plain(), tot.EnvelopeAll.Plain())
	}
	var texts []string
	for _, st := range s.Steps {
		texts = append(texts, st.Describe(base))
	}
	joined := strings.Join(texts, "\n")
	for _, want := range []string{`Line "Strategy" cost £40,000`, `Line "Brand new" added, cost £300`, `Line "VAWG services" removed`, `Carry-forward refused`, `Post "Coordinator" grant share 50%`} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing step %q in:\n%s", want, joined)
		}
	}
	if len(missed) != 1 || !strings.Contains(missed[0], `post "Coordinator": its salary`) {
		t.Errorf("missed = %q", missed)
	}
	// The same plan gives no steps.
	same, missed := ScenarioFromPlan("Same", base, smallPlan())
	if len(same.Steps) != 0 || len(missed) != 0 {
		t.Errorf("identical plans: steps %v missed %v", same.Steps, missed)
	}
}

func TestAdoptIDs(t *testing.T) {
	base := smallPlan()
	imported := smallPlan()
	// As a file gives it: IDs 1..n in file order, one line new, one gone.
	imported.Priorities[0].ID, imported.Priorities[1].ID = 1, 2
	imported.Tags[0].ID, imported.Tags[1].ID = 3, 4
	imported.Funding[0].ID, imported.Funding[1].ID, imported.Funding[2].ID = 5, 6, 7
	imported.Lines = []Line{
		{ID: 8, PriorityID: 2, Title: "VAWG SERVICES", Cost: Pounds(1), Tags: []ID{3, 4}},
		{ID: 9, PriorityID: 1, Title: "New line", Cost: Pounds(2), Tags: []ID{4}},
	}
	imported.Posts[0].ID, imported.Posts[0].PriorityID, imported.Posts[0].Tags = 10, 2, []ID{4}

	got := AdoptIDs(base, imported)
	if got.Lines[0].ID != 31 || got.Lines[0].PriorityID != 11 || got.Lines[0].Tags[0] != 20 || got.Lines[0].Tags[1] != 21 {
		t.Errorf("matched line: %+v", got.Lines[0])
	}
	if !got.Lines[1].ID.Provisional() || got.Lines[1].PriorityID != 10 || got.Lines[1].Tags[0] != 21 {
		t.Errorf("new line: %+v", got.Lines[1])
	}
	if got.Posts[0].ID != 40 || got.Funding[2].ID != 3 || got.Priorities[1].ID != 11 {
		t.Errorf("post %d funding %d priority %d", got.Posts[0].ID, got.Funding[2].ID, got.Priorities[1].ID)
	}
	if ps := Errors(got.Validate()); len(ps) != 0 {
		t.Errorf("adopted plan invalid: %v", ps)
	}
	if imported.Lines[0].ID != 8 {
		t.Error("AdoptIDs changed its input")
	}
}

func TestDuplicateTitlesPairInOrder(t *testing.T) {
	base := smallPlan()
	second := base.Posts[0]
	second.ID = 41
	second.FTE = decimal.RequireFromString("1")
	base.Posts = append(base.Posts, second) // two "Coordinator" posts in the same team
	target := base.Clone()

	s, missed := ScenarioFromPlan("Same", base, target)
	if len(s.Steps) != 0 || len(missed) != 0 {
		t.Errorf("identical plans with duplicate titles: steps %v missed %v", s.Steps, missed)
	}
	got := AdoptIDs(base, target)
	if got.Posts[0].ID != 40 || got.Posts[1].ID != 41 {
		t.Errorf("duplicate posts took IDs %d and %d", got.Posts[0].ID, got.Posts[1].ID)
	}

	// A second "Strategy" line in the file is a new line, not a change of
	// the first one's cost.
	target.Lines = append(target.Lines, Line{ID: 99, PriorityID: 10, Title: "Strategy", Cost: Pounds(7000), Tags: []ID{20}})
	s, _ = ScenarioFromPlan("Extra", base, target)
	if len(s.Steps) != 1 || s.Steps[0].Kind != StepAddLine {
		t.Errorf("steps %+v", s.Steps)
	}
	if a, b := ComputeTotals(s.Plan(base)).Allocated, ComputeTotals(target).Allocated; !a.Equal(b) {
		t.Errorf("scenario allocates %s, the file %s", a, b)
	}
}

func TestPostChangesAScenarioCannotHoldAreReported(t *testing.T) {
	base := smallPlan()
	target := base.Clone()
	target.Posts[0].PriorityID = 10
	target.Posts[0].Tags = []ID{20}
	_, missed := ScenarioFromPlan("Moved", base, target)
	if len(missed) != 1 || !strings.Contains(missed[0], "priority, PCC priorities, other funder or notes changed") {
		t.Errorf("missed %q", missed)
	}
}

// Swapping which PCC priority is primary moves money between the by-PCC
// totals, so a scenario that cannot hold it says so rather than drop it.
func TestChangedPrimaryTagIsReported(t *testing.T) {
	base := smallPlan()
	target := base.Clone()
	target.Lines[1].Tags = []ID{21, 20} // was harm first, then victims
	_, missed := ScenarioFromPlan("Swapped", base, target)
	if len(missed) != 1 || !strings.Contains(missed[0], `line "VAWG services"`) || !strings.Contains(missed[0], "primary") {
		t.Errorf("missed %q, want the VAWG services line's primary reported", missed)
	}
	// Also-supports tags in another order are the same alignment.
	base.Lines[1].Tags = []ID{20, 21, 22}
	base.Tags = append(base.Tags, Tag{ID: 22, Name: "Standing up for young people"})
	target = base.Clone()
	target.Lines[1].Tags = []ID{20, 22, 21}
	if _, missed := ScenarioFromPlan("Reordered", base, target); len(missed) != 0 {
		t.Errorf("missed %q, want nothing", missed)
	}
}

// A post that starts later and ends earlier in the file is a vacancy and an
// early end; one that starts earlier cannot be held and is reported.
func TestScenarioFromPlanPostMonths(t *testing.T) {
	base := smallPlan() // the post runs July (4) to September (6)
	target := base.Clone()
	target.Posts[0].StartMonth, target.Posts[0].EndMonth = 5, 5
	s, missed := ScenarioFromPlan("Shorter", base, target)
	if len(missed) != 0 || len(s.Steps) != 2 || s.Steps[0].Kind != StepPostStart || s.Steps[0].Month != 5 || s.Steps[1].Kind != StepPostEnd || s.Steps[1].Month != 5 {
		t.Errorf("steps %+v missed %q", s.Steps, missed)
	}
	if got := s.Plan(base).Posts[0]; got.StartMonth != 5 || got.EndMonth != 5 {
		t.Errorf("post runs %d to %d", got.StartMonth, got.EndMonth)
	}
	target.Posts[0].StartMonth = 3
	if _, missed := ScenarioFromPlan("Earlier", base, target); len(missed) != 1 || !strings.Contains(missed[0], "only starting later or ending earlier") {
		t.Errorf("missed %q", missed)
	}
}

// A part of the plan read from a file, filled from the plan, holds every
// line and post again, so the scenario made from it changes only what the
// part changed.
func TestFillSubset(t *testing.T) {
	base := smallPlan()
	part := smallPlan()
	for i := range part.Lines {
		part.Lines[i].ID += 1000
		part.Lines[i].PriorityID += 100
	}
	part.Priorities[0].ID, part.Priorities[1].ID = 110, 111
	part.Lines = part.Lines[1:] // only VAWG services, now cheaper
	part.Lines[0].Cost = Pounds(40000)
	part.Posts = nil

	full := FillSubset(base, part)
	if len(full.Lines) != 2 || len(full.Posts) != 1 {
		t.Fatalf("filled: %d lines, %d posts; want 2 and 1", len(full.Lines), len(full.Posts))
	}
	for _, pr := range full.Validate() {
		if pr.Severity == Error {
			t.Errorf("the filled plan is not valid: %v", pr)
		}
	}
	if full.Lines[1].PriorityID != 110 || full.Posts[0].PriorityID != 111 {
		t.Errorf("put back under priorities %d and %d, want the part's 110 and 111", full.Lines[1].PriorityID, full.Posts[0].PriorityID)
	}
	s, missed := ScenarioFromPlan("Part", base, full)
	if len(s.Steps) != 1 || s.Steps[0].Kind != StepLineCost || len(missed) != 0 {
		t.Errorf("steps %+v, missed %q; want the one cost change", s.Steps, missed)
	}
	if len(part.Lines) != 1 {
		t.Error("FillSubset changed the part it was given")
	}
}
