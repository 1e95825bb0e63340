package model

import "fmt"

// Column is one plan in a comparison: the plan itself or a scenario of it.
type Column struct {
	Name string
	Plan *Plan
}

// Cell is one figure of a comparison. Present is false where the record is
// not in that column's plan (a line a scenario removed or added).
type Cell struct {
	Value   Money
	Present bool
}

// Row is one line of a comparison: a figure in every column.
type Row struct {
	// Section groups rows: Summary, SWP priorities, PCC priorities, Lines, Posts.
	Section string
	Label   string
	Cells   []Cell
	// Changed is true where any column differs from the first.
	Changed bool
}

// Diff returns column i's value less the first column's; a missing cell
// counts as zero.
func (r Row) Diff(i int) Money {
	v := func(c Cell) Money {
		if c.Present {
			return c.Value
		}
		return Money{}
	}
	return v(r.Cells[i]).Sub(v(r.Cells[0]))
}

// The sections of a comparison, in order.
const (
	SectionSummary       = "Summary"
	SectionPriorities    = "SWP priorities"
	SectionPCCPriorities = "PCC priorities"
	SectionLines         = "Lines"
	SectionPosts         = "Posts (cost to the grant)"
)

// Compare lays plans side by side, the first being the one the others are
// compared with: the envelope, allocation and headroom, then each SWP
// priority, PCC priority, line and post. Records are matched by ID; a line
// a scenario added (ID 0) has a row of its own.
func Compare(cols []Column) []Row {
	n := len(cols)
	if n == 0 {
		return nil
	}
	totals := make([]Totals, n)
	for i, c := range cols {
		totals[i] = ComputeTotals(c.Plan)
	}
	var rows []Row
	add := func(section, label string, cells []Cell) {
		r := Row{Section: section, Label: label, Cells: cells}
		for i := 1; i < n; i++ {
			if cells[i].Present != cells[0].Present || !cells[i].Value.Equal(cells[0].Value) {
				r.Changed = true
				break
			}
		}
		rows = append(rows, r)
	}
	summary := func(label string, f func(Totals) Money) {
		cells := make([]Cell, n)
		for i := range totals {
			cells[i] = Cell{f(totals[i]), true}
		}
		add(SectionSummary, label, cells)
	}
	summary("Confirmed money", func(t Totals) Money { return t.Confirmed })
	summary("Pending money", func(t Totals) Money { return t.Pending })
	summary("Envelope (confirmed + pending)", func(t Totals) Money { return t.EnvelopeAll })
	summary("Allocated", func(t Totals) Money { return t.Allocated })
	summary("Headroom if pending approved", func(t Totals) Money { return t.HeadroomAll })
	summary("Headroom on confirmed money", func(t Totals) Money { return t.HeadroomConfirmed })

	// Priorities and tags are matched by ID across columns, in the first
	// column's order; scenarios do not add or remove them.
	for k, pt := range totals[0].ByPriority {
		cells := make([]Cell, n)
		for i := range totals {
			cells[i] = findPriorityTotal(totals[i], pt.PriorityID, k)
		}
		add(SectionPriorities, pt.Name, cells)
	}
	for k, tt := range totals[0].ByTag {
		cells := make([]Cell, n)
		for i := range totals {
			cells[i] = findTagTotal(totals[i], tt.TagID, k)
		}
		add(SectionPCCPriorities, tt.Name, cells)
	}

	// Lines: one row per ID across all columns, in first-seen order.
	type key struct {
		id  ID
		col int // for ID 0: which column added it
		pos int // and where
	}
	var order []key
	labels := map[key]string{}
	lineValues := make([]map[key]Money, n)
	for i, c := range cols {
		lineValues[i] = make(map[key]Money, len(c.Plan.Lines))
		for j, l := range c.Plan.Lines {
			k := key{id: l.ID}
			if l.ID == 0 {
				k = key{col: i, pos: j}
			}
			if _, seen := labels[k]; !seen {
				label := l.Title
				if l.ID == 0 {
					label += fmt.Sprintf(" (new in %s)", c.Name)
				}
				labels[k] = label
				order = append(order, k)
			}
			lineValues[i][k] = l.Cost
		}
	}
	for _, k := range order {
		cells := make([]Cell, n)
		for i := range cols {
			v, ok := lineValues[i][k]
			cells[i] = Cell{v, ok}
		}
		add(SectionLines, labels[k], cells)
	}

	var postOrder []ID
	postLabels := map[ID]string{}
	postValues := make([]map[ID]Money, n)
	for i, c := range cols {
		postValues[i] = make(map[ID]Money, len(c.Plan.Posts))
		for _, po := range c.Plan.Posts {
			if _, seen := postLabels[po.ID]; !seen {
				postLabels[po.ID] = po.Title
				postOrder = append(postOrder, po.ID)
			}
			postValues[i][po.ID] = po.Costing(c.Plan.Settings).ToGrant
		}
	}
	for _, id := range postOrder {
		cells := make([]Cell, n)
		for i := range cols {
			v, ok := postValues[i][id]
			cells[i] = Cell{v, ok}
		}
		add(SectionPosts, postLabels[id], cells)
	}
	return rows
}

func findPriorityTotal(t Totals, id ID, hint int) Cell {
	if hint < len(t.ByPriority) && t.ByPriority[hint].PriorityID == id {
		return Cell{t.ByPriority[hint].Total, true}
	}
	for _, pt := range t.ByPriority {
		if pt.PriorityID == id {
			return Cell{pt.Total, true}
		}
	}
	return Cell{}
}

func findTagTotal(t Totals, id ID, hint int) Cell {
	if hint < len(t.ByTag) && t.ByTag[hint].TagID == id {
		return Cell{t.ByTag[hint].Total, true}
	}
	for _, tt := range t.ByTag {
		if tt.TagID == id {
			return Cell{tt.Total, true}
		}
	}
	return Cell{}
}
