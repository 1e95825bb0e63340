package store

import (
	"fmt"
	"strings"

	"csplan/model"
)

// namer returns the name of a priority or PCC priority by ID, so a summary
// can say "priority "Violence Prevention"" rather than an ID.
type namer func(k *kind, id model.ID) string

// field is one field of a record as a summary shows it.
type field[T any] struct {
	name string
	// show formats the field's value in the officer's words.
	show func(v *T, n namer) string
	// quiet fields (notes, outcomes) are long free text: a summary says
	// they were edited rather than quoting them.
	quiet bool
	// diff, if set, says how the field changed in its own words (a step
	// moved); "" falls back to "name before → after" when they differ.
	diff func(before, after *T) string
}

// changedFields lists the fields that differ between two versions of a
// record, as "cost £12,000 → £10,000" or "notes edited". It is pure: the
// namer is the only way it learns anything beyond the two records.
func changedFields[T any](fields []field[T], before, after T, n namer) []string {
	var out []string
	for _, f := range fields {
		if f.diff != nil {
			if d := f.diff(&before, &after); d != "" {
				out = append(out, d)
				continue
			}
		}
		a, b := f.show(&before, n), f.show(&after, n)
		if a == b {
			continue
		}
		if f.quiet {
			out = append(out, f.name+" edited")
		} else {
			out = append(out, fmt.Sprintf("%s %s → %s", f.name, a, b))
		}
	}
	return out
}

// changeSummary is the summary of a changed record:
// `Changed line "Hate crime action plan": cost £12,000 → £10,000`. A change
// of status alone reads as the officer says it:
// `Funding "Carry-forward 2016/17": pending → refused`.
func changeSummary(k *kind, title string, changes []string) string {
	if k == kindFunding && len(changes) == 1 && strings.HasPrefix(changes[0], "status ") {
		return fmt.Sprintf("Funding %q: %s", title, strings.TrimPrefix(changes[0], "status "))
	}
	head := fmt.Sprintf("Changed %s %q", k.noun, title)
	if k.fixedKey != nil {
		head = "Changed " + k.noun
	}
	if len(changes) == 0 {
		return head
	}
	return head + ": " + strings.Join(changes, ", ")
}

func quoted(s string) string {
	if strings.TrimSpace(s) == "" {
		return "(none)"
	}
	return fmt.Sprintf("%q", s)
}

func tagList(ids []model.ID, n namer) string {
	if len(ids) == 0 {
		return "(none)"
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = n(kindTags, id)
	}
	return strings.Join(names, ", ")
}

func months(start, end int) string {
	return fmt.Sprintf("%s-%s", model.MonthName(start), model.MonthName(end))
}

var lineFields = []field[model.Line]{
	{name: "title", show: func(v *model.Line, _ namer) string { return quoted(v.Title) }},
	{name: "priority", show: func(v *model.Line, n namer) string { return quoted(n(kindPriorities, v.PriorityID)) }},
	{name: "owner", show: func(v *model.Line, _ namer) string { return quoted(v.Owner) }},
	{name: "kind", show: func(v *model.Line, _ namer) string { return quoted(v.Kind) }},
	{name: "cost", show: func(v *model.Line, _ namer) string { return v.Cost.String() }},
	{name: "PCC priorities", show: func(v *model.Line, n namer) string { return tagList(v.Tags, n) }},
	{name: "notes", quiet: true, show: func(v *model.Line, _ namer) string { return v.Notes }},
}

var postFields = []field[model.Post]{
	{name: "title", show: func(v *model.Post, _ namer) string { return quoted(v.Title) }},
	{name: "priority", show: func(v *model.Post, n namer) string { return quoted(n(kindPriorities, v.PriorityID)) }},
	{name: "team", show: func(v *model.Post, _ namer) string { return quoted(v.Team) }},
	{name: "PCC priorities", show: func(v *model.Post, n namer) string { return tagList(v.Tags, n) }},
	{name: "FTE", show: func(v *model.Post, _ namer) string { return v.FTE.String() }},
	{name: "salary", show: func(v *model.Post, _ namer) string { return v.Salary.String() }},
	{name: "months", show: func(v *model.Post, _ namer) string { return months(v.StartMonth, v.EndMonth) }},
	{name: "grant share", show: func(v *model.Post, _ namer) string { return v.GrantShare.String() }},
	{name: "other funder", show: func(v *model.Post, _ namer) string { return quoted(v.OtherFunder) }},
	{name: "on-cost override", show: func(v *model.Post, _ namer) string {
		if v.OnCostOverride == nil {
			return "(none)"
		}
		return v.OnCostOverride.String()
	}},
	{name: "notes", quiet: true, show: func(v *model.Post, _ namer) string { return v.Notes }},
}

var fundingFields = []field[model.FundingSource]{
	{name: "name", show: func(v *model.FundingSource, _ namer) string { return quoted(v.Name) }},
	{name: "amount", show: func(v *model.FundingSource, _ namer) string { return v.Amount.String() }},
	{name: "status", show: func(v *model.FundingSource, _ namer) string { return v.Status.String() }},
	{name: "note", quiet: true, show: func(v *model.FundingSource, _ namer) string { return v.Note }},
}

var priorityFields = []field[model.Priority]{
	{name: "name", show: func(v *model.Priority, _ namer) string { return quoted(v.Name) }},
	{name: "outcomes", quiet: true, show: func(v *model.Priority, _ namer) string { return strings.Join(v.Outcomes, "\x00") }},
	{name: "order", show: func(v *model.Priority, _ namer) string { return fmt.Sprint(v.Order) }},
}

var tagFields = []field[model.Tag]{
	{name: "name", show: func(v *model.Tag, _ namer) string { return quoted(v.Name) }},
	{name: "description", quiet: true, show: func(v *model.Tag, _ namer) string { return v.Description }},
	{name: "order", show: func(v *model.Tag, _ namer) string { return fmt.Sprint(v.Order) }},
}

var infoFields = []field[model.Info]{
	{name: "partnership", show: func(v *model.Info, _ namer) string { return quoted(v.Partnership) }},
	{name: "accountable body", show: func(v *model.Info, _ namer) string { return quoted(v.AccountableBody) }},
	{name: "year", show: func(v *model.Info, _ namer) string { return v.Year() }},
	{name: "notes", quiet: true, show: func(v *model.Info, _ namer) string { return v.Notes }},
}

var settingsFields = []field[model.Settings]{
	{name: "employer NI rate", show: func(v *model.Settings, _ namer) string { return v.NIRate.String() }},
	{name: "NI threshold", show: func(v *model.Settings, _ namer) string { return v.NIThreshold.String() }},
	{name: "pension rate", show: func(v *model.Settings, _ namer) string { return v.PensionRate.String() }},
	{name: "apprenticeship levy rate", show: func(v *model.Settings, _ namer) string { return v.LevyRate.String() }},
	{name: "apprenticeship levy", show: func(v *model.Settings, _ namer) string { return model.OnOff(v.LevyOn()) }},
}
