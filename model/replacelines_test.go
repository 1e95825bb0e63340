package model

import "testing"

func TestReplaceLinesKeepsFundingAndPostsAndListsNewPriorities(t *testing.T) {
	base := &Plan{
		Priorities: []Priority{{ID: 1, Name: "Violence Prevention", Order: 1}},
		Funding:    []FundingSource{{ID: 2, Name: "PCC grant"}},
		Lines:      []Line{{ID: 3, PriorityID: 1, Title: "Old line"}},
		Posts:      []Post{{ID: 4, PriorityID: 1, Title: "Officer"}},
	}
	from := &Plan{
		Priorities: []Priority{{ID: 1, Name: " violence prevention "}, {ID: 2, Name: "Reducing Reoffending"}},
		Lines:      []Line{{ID: 3, PriorityID: 1, Title: "New A"}, {ID: 4, PriorityID: 2, Title: "New B"}},
	}
	if next, prs, _ := ReplaceLines(base, from, false); next != nil || len(prs) != 1 || prs[0] != "Reducing Reoffending" {
		t.Fatalf("without create: next %v, new %v; want nil and the one missing priority", next, prs)
	}
	next, _, _ := ReplaceLines(base, from, true)
	if len(next.Funding) != 1 || len(next.Posts) != 1 || next.Posts[0].Title != "Officer" {
		t.Errorf("funding or posts not kept: %+v %+v", next.Funding, next.Posts)
	}
	if len(next.Lines) != 2 || next.Lines[0].PriorityID != 1 || next.Lines[0].Title != "New A" {
		t.Errorf("lines %+v: want the file's, the first under the plan's own priority", next.Lines)
	}
	if len(next.Priorities) != 2 || next.Lines[1].PriorityID != next.Priorities[1].ID {
		t.Errorf("the new priority was not created and used: %+v", next.Priorities)
	}
	if len(base.Lines) != 1 || base.Lines[0].Title != "Old line" {
		t.Errorf("base changed")
	}
}
