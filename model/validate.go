package model

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Severity says whether a problem makes the plan wrong or only untidy.
type Severity int

// The severities of a problem.
const (
	// Error: the plan is inconsistent and its figures cannot be trusted.
	Error Severity = iota
	// Warning: the plan works but something should be looked at.
	Warning
)

// Problem is one thing wrong with a plan, said so an officer can find it.
type Problem struct {
	Severity Severity
	// Where names the record, e.g. `line "Hate crime action plan"`.
	Where   string
	Message string
}

// String formats the problem on one line.
func (p Problem) String() string {
	s := "error"
	if p.Severity == Warning {
		s = "warning"
	}
	return fmt.Sprintf("%s: %s: %s", s, p.Where, p.Message)
}

// TagSeparator separates PCC priority names in a file's cell, so a PCC
// priority's name cannot contain it.
const TagSeparator = ";"

// tooLarge reports an amount csplan could not read back: £1bn or more.
func tooLarge(m Money) bool { return m.d.Abs().Cmp(MaxMoney.d) >= 0 }

// MaxFTE is the largest full-time equivalent a post may have.
var MaxFTE = decimal.NewFromFloat(1.5)

// Errors returns the problems of Error severity.
func Errors(ps []Problem) []Problem {
	var out []Problem
	for _, p := range ps {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// Validate checks a whole plan and returns every problem found, errors
// first in the order of the plan.
func (p *Plan) Validate() []Problem {
	var ps []Problem
	bad := func(sev Severity, where, format string, a ...any) {
		ps = append(ps, Problem{Severity: sev, Where: where, Message: fmt.Sprintf(format, a...)})
	}
	if strings.TrimSpace(p.Info.Partnership) == "" {
		bad(Error, "plan", "the partnership has no name")
	}
	if p.Info.StartYear < 1900 || p.Info.StartYear >= 3000 {
		bad(Error, "plan", "the financial year %d is not plausible", p.Info.StartYear)
	}
	s := p.Settings
	if s.NIRate.d.Sign() < 0 || s.NIRate.d.Cmp(hundred) > 0 {
		bad(Error, "settings", "employer NI rate %s is outside 0%%-100%%", s.NIRate)
	}
	if s.PensionRate.d.Sign() < 0 || s.PensionRate.d.Cmp(hundred) > 0 {
		bad(Error, "settings", "pension rate %s is outside 0%%-100%%", s.PensionRate)
	}
	if s.LevyRate.d.Sign() < 0 || s.LevyRate.d.Cmp(hundred) > 0 {
		bad(Error, "settings", "apprenticeship levy rate %s is outside 0%%-100%%", s.LevyRate)
	}
	if s.NIThreshold.Sign() < 0 {
		bad(Error, "settings", "the NI threshold %s is negative", s.NIThreshold)
	}
	if tooLarge(s.NIThreshold) {
		bad(Error, "settings", "the NI threshold %s must be under £1,000,000,000", s.NIThreshold)
	}

	ids := map[ID]string{}
	checkID := func(id ID, where string) {
		if id == 0 {
			bad(Error, where, "has no ID")
			return
		}
		if other, ok := ids[id]; ok {
			bad(Error, where, "has the same ID (%d) as %s", id, other)
			return
		}
		ids[id] = where
	}
	names := map[string]string{}
	uniqueName := func(kind, name, where string) {
		key := kind + "\x00" + strings.ToLower(strings.TrimSpace(name))
		if strings.TrimSpace(name) == "" {
			bad(Error, where, "has no name")
			return
		}
		if _, ok := names[key]; ok {
			bad(Error, where, "has the same name as another %s", kind)
			return
		}
		names[key] = where
	}

	for _, f := range p.Funding {
		where := fmt.Sprintf("funding source %q", f.Name)
		checkID(f.ID, where)
		uniqueName("funding source", f.Name, where)
		if f.Amount.Sign() < 0 {
			bad(Error, where, "amount %s is negative", f.Amount)
		}
		if tooLarge(f.Amount) {
			bad(Error, where, "amount %s must be under £1,000,000,000", f.Amount)
		}
		if f.Status < Confirmed || f.Status > Refused {
			bad(Error, where, "has an unknown status")
		}
	}
	priorities := map[ID]bool{}
	for _, pr := range p.Priorities {
		where := fmt.Sprintf("priority %q", pr.Name)
		checkID(pr.ID, where)
		uniqueName("priority", pr.Name, where)
		priorities[pr.ID] = true
		for i, o := range pr.Outcomes {
			if strings.TrimSpace(o) == "" {
				bad(Error, where, "outcome %d is empty", i+1)
			}
		}
	}
	tags := map[ID]bool{}
	for _, tg := range p.Tags {
		where := fmt.Sprintf("PCC priority %q", tg.Name)
		checkID(tg.ID, where)
		uniqueName("PCC priority", tg.Name, where)
		tags[tg.ID] = true
		if strings.Contains(tg.Name, TagSeparator) {
			bad(Error, where, "the name cannot contain %q: it separates PCC priorities in files", TagSeparator)
		}
	}
	checkPlace := func(where string, prID ID, tagIDs []ID) {
		if !priorities[prID] {
			bad(Error, where, "sits under a priority that does not exist")
		}
		seen := map[ID]bool{}
		for _, t := range tagIDs {
			if !tags[t] {
				bad(Error, where, "is tagged with a PCC priority that does not exist")
			} else if seen[t] {
				bad(Warning, where, "carries the same PCC priority twice")
			}
			seen[t] = true
		}
		if len(tagIDs) == 0 {
			bad(Warning, where, "is not aligned to any PCC priority")
		}
	}
	itemNames := map[string]string{}
	uniqueItem := func(prID ID, title, where string) {
		if strings.TrimSpace(title) == "" {
			bad(Error, where, "has no title")
			return
		}
		key := fmt.Sprintf("%d\x00%s", prID, strings.ToLower(strings.TrimSpace(title)))
		if other, ok := itemNames[key]; ok {
			bad(Warning, where, "has the same title as %s under the same priority", other)
			return
		}
		itemNames[key] = where
	}
	for _, l := range p.Lines {
		where := fmt.Sprintf("line %q", l.Title)
		checkID(l.ID, where)
		checkPlace(where, l.PriorityID, l.Tags)
		uniqueItem(l.PriorityID, l.Title, where)
		if l.Cost.Sign() < 0 {
			bad(Error, where, "cost %s is negative", l.Cost)
		}
		if tooLarge(l.Cost) {
			bad(Error, where, "cost %s must be under £1,000,000,000", l.Cost)
		}
	}
	for _, po := range p.Posts {
		where := fmt.Sprintf("post %q", po.Title)
		checkID(po.ID, where)
		checkPlace(where, po.PriorityID, po.Tags)
		uniqueItem(po.PriorityID, po.Title, where)
		ps = append(ps, po.Check(where)...)
	}
	// Each amount is under the cap, but a sum of them could pass it: the
	// plan's totals must be figures csplan can read back too.
	t := ComputeTotals(p)
	for _, sum := range []struct {
		what  string
		total Money
	}{
		{"the funding", t.Confirmed.Add(t.Pending).Add(t.Refused)},
		{"the lines", t.LinesTotal},
		{"the posts", t.PostsTotal.Add(t.PostsOther)},
		{"the lines and posts", t.Allocated.Add(t.PostsOther)},
	} {
		if tooLarge(sum.total) {
			bad(Error, "plan", "%s come to %s, which must be under £1,000,000,000", sum.what, sum.total)
		}
	}
	// Errors first, keeping the plan's order within each severity.
	out := make([]Problem, 0, len(ps))
	out = append(out, Errors(ps)...)
	for _, pr := range ps {
		if pr.Severity == Warning {
			out = append(out, pr)
		}
	}
	return out
}

// Check returns the problems with a post's own figures: FTE in (0, 1.5],
// salary not negative, months inside the year and in order, grant share in
// [0, 100]%, and another funder named when the grant does not pay it all.
func (po Post) Check(where string) []Problem {
	var ps []Problem
	bad := func(sev Severity, format string, a ...any) {
		ps = append(ps, Problem{Severity: sev, Where: where, Message: fmt.Sprintf(format, a...)})
	}
	if po.FTE.Sign() <= 0 || po.FTE.Cmp(MaxFTE) > 0 {
		bad(Error, "FTE %s must be more than 0 and at most 1.5", po.FTE)
	}
	if po.Salary.Sign() < 0 {
		bad(Error, "salary %s is negative", po.Salary)
	}
	if tooLarge(po.Salary) {
		bad(Error, "the salary must be under £1,000,000,000")
	}
	if po.StartMonth < 1 || po.StartMonth > 12 {
		bad(Error, "start month %d is outside the year (1 = April to 12 = March)", po.StartMonth)
	}
	if po.EndMonth < 1 || po.EndMonth > 12 {
		bad(Error, "end month %d is outside the year (1 = April to 12 = March)", po.EndMonth)
	}
	if po.EndMonth < po.StartMonth {
		bad(Error, "ends (%s) before it starts (%s)", MonthName(po.EndMonth), MonthName(po.StartMonth))
	}
	if po.GrantShare.d.Sign() < 0 || po.GrantShare.d.Cmp(hundred) > 0 {
		bad(Error, "grant share %s is outside 0%%-100%%", po.GrantShare)
	}
	if po.GrantShare.d.Cmp(hundred) < 0 && strings.TrimSpace(po.OtherFunder) == "" {
		bad(Warning, "the grant pays %s but no other funder is named for the rest", po.GrantShare)
	}
	if po.OnCostOverride != nil && po.OnCostOverride.Sign() < 0 {
		bad(Error, "on-cost override %s is negative", *po.OnCostOverride)
	}
	if po.OnCostOverride != nil && tooLarge(*po.OnCostOverride) {
		bad(Error, "the on-cost override must be under £1,000,000,000")
	}
	return ps
}
