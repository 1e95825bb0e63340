package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"csplan/model"
)

func testNamer(k *kind, id model.ID) string { return fmt.Sprintf("%s-%d", k.name, id) }

func TestChangedFields(t *testing.T) {
	base := model.Line{ID: 1, PriorityID: 3, Title: "Hate crime action plan", Cost: model.Pounds(12000), Tags: []model.ID{6}}
	tests := []struct {
		name   string
		change func(l *model.Line)
		want   string
	}{
		{"nothing", func(*model.Line) {}, ""},
		{"cost to pence", func(l *model.Line) { l.Cost = model.Pence(1000050) }, "cost £12,000 → £10,000.50"},
		{"same cost written differently", func(l *model.Line) { l.Cost = model.MustMoney("12000.00") }, ""},
		{"title", func(l *model.Line) { l.Title = "Hate crime plan" }, `title "Hate crime action plan" → "Hate crime plan"`},
		{"owner from empty", func(l *model.Line) { l.Owner = "CST" }, `owner (none) → "CST"`},
		{"priority by name", func(l *model.Line) { l.PriorityID = 4 }, `priority "priority-3" → "priority-4"`},
		{"tags", func(l *model.Line) { l.Tags = nil }, "PCC priorities tag-6 → (none)"},
		{"notes are not quoted", func(l *model.Line) { l.Notes = "a long note with a name in it" }, "notes edited"},
		{"two fields in order", func(l *model.Line) { l.Notes = "x"; l.Cost = model.Pounds(1) }, "cost £12,000 → £1, notes edited"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := base
			after.Tags = append([]model.ID(nil), base.Tags...)
			tt.change(&after)
			got := strings.Join(changedFields(lineFields, base, after, testNamer), ", ")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}

	po := model.Post{Title: "IDVA", FTE: decimal.NewFromInt(1), Salary: model.Pounds(28000), StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("60")}
	po2 := po
	over := model.Pounds(5000)
	po2.OnCostOverride = &over
	po2.GrantShare = model.Pct("100")
	if got := strings.Join(changedFields(postFields, po, po2, testNamer), ", "); got != "grant share 60% → 100%, on-cost override (none) → £5,000" {
		t.Errorf("post: %q", got)
	}
}

func TestChangeSummary(t *testing.T) {
	tests := []struct {
		k       *kind
		title   string
		changes []string
		want    string
	}{
		{kindLines, "Hate crime action plan", []string{"cost £12,000 → £10,000"}, `Changed line "Hate crime action plan": cost £12,000 → £10,000`},
		{kindFunding, "Carry-forward 2016/17", []string{"status pending → refused"}, `Funding "Carry-forward 2016/17": pending → refused`},
		{kindFunding, "Grant", []string{"amount £1 → £2", "status pending → refused"}, `Changed funding source "Grant": amount £1 → £2, status pending → refused`},
		{kindTags, "Protecting from harm", []string{"description edited"}, `Changed PCC priority "Protecting from harm": description edited`},
		{kindSettings, "", []string{"pension rate 20% → 18%"}, "Changed settings: pension rate 20% → 18%"},
		{kindInfo, "", nil, "Changed plan details"},
	}
	for _, tt := range tests {
		if got := changeSummary(tt.k, tt.title, tt.changes); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestGeneratePlan(t *testing.T) {
	p := GeneratePlan(400, 30, 42)
	if len(p.Lines) != 400 || len(p.Posts) != 30 || len(p.Priorities) != 3 || len(p.Tags) != 7 {
		t.Fatalf("sizes: %d lines, %d posts, %d priorities, %d tags", len(p.Lines), len(p.Posts), len(p.Priorities), len(p.Tags))
	}
	if ps := model.Errors(p.Validate()); len(ps) > 0 {
		t.Fatalf("generated plan has errors: %v", ps[:min(3, len(ps))])
	}
	a, b := GeneratePlan(50, 5, 9), GeneratePlan(50, 5, 9)
	if planJSON(t, a) != planJSON(t, b) {
		t.Error("same seed gave different plans")
	}
	if planJSON(t, a) == planJSON(t, GeneratePlan(50, 5, 10)) {
		t.Error("different seeds gave the same plan")
	}
	var pence, shares, ftes = false, map[string]bool{}, map[string]bool{}
	for _, l := range p.Lines {
		if l.Cost.Pennies()%100 != 0 {
			pence = true
		}
	}
	for _, po := range p.Posts {
		shares[po.GrantShare.String()] = true
		ftes[po.FTE.String()] = true
	}
	if !pence || len(shares) < 2 || len(ftes) < 2 {
		t.Errorf("generated plan is not varied: pence %v, shares %v, FTEs %v", pence, shares, ftes)
	}
}
