package model

import (
	"strings"
	"testing"
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
