package model

import (
	"fmt"
	"slices"
)

// Column is one plan in a comparison: the plan itself or a scenario of it.
type Column struct {
	Name string
	Plan *Plan
	// Costings are Plan's posts' costings, in the order of Plan.Posts,
	// when the caller has worked them out already (a screen keeps them
	// with the plan); nil works them out. Costing every post again for
	// each column was a quarter of a comparison at 100,000 lines.
	Costings []PostCosting
}

// costings returns the column's post costings, working them out if the
// caller did not give them.
func (c Column) costings() []PostCosting {
	if len(c.Costings) == len(c.Plan.Posts) {
		return c.Costings
	}
	out := make([]PostCosting, len(c.Plan.Posts))
	for i := range c.Plan.Posts {
		out[i] = c.Plan.Posts[i].Costing(c.Plan.Settings)
	}
	return out
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
	SectionSummary    = "Summary"
	SectionPriorities = "SWP priorities"
	// SectionPCCPriorities has the totals by primary PCC priority.
	SectionPCCPriorities = "Primary PCC priorities"
	SectionLines         = "Lines"
	SectionPosts         = "Posts (cost to the grant)"
)

// The labels of the summary rows of a comparison.
const (
	labelConfirmed         = "Confirmed money"
	labelPending           = "Pending money"
	labelEnvelope          = "Envelope (confirmed + pending)"
	labelAllocated         = "Allocated"
	labelHeadroomAll       = "Headroom if pending approved"
	labelHeadroomConfirmed = "Headroom on confirmed money"
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
	cols = slices.Clone(cols) // the costings are kept in the copy
	totals := make([]Totals, n)
	for i := range cols {
		cols[i].Costings = cols[i].costings()
		totals[i] = ComputeTotalsCosted(cols[i].Plan, cols[i].Costings)
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
	summary(labelConfirmed, func(t Totals) Money { return t.Confirmed })
	summary(labelPending, func(t Totals) Money { return t.Pending })
	summary(labelEnvelope, func(t Totals) Money { return t.EnvelopeAll })
	summary(labelAllocated, func(t Totals) Money { return t.Allocated })
	summary(labelHeadroomAll, func(t Totals) Money { return t.HeadroomAll })
	summary(labelHeadroomConfirmed, func(t Totals) Money { return t.HeadroomConfirmed })

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

	// Lines and posts: one row per record across all columns, in the order
	// first seen. One index from record to row serves every column, and
	// the cells of all rows share one allocation: at 100,000 lines a map
	// per column, or a slice per row, costs more than the comparison.
	type key struct {
		id  ID
		col int // for a line a scenario added (ID 0): which column
		pos int // and where in it
	}
	section := func(name string, count func(c Column) int, each func(c Column, col int, add func(k key, label string, v Money))) {
		total := 0
		for _, c := range cols {
			total += count(c)
		}
		index := make(map[key]int, count(cols[0]))
		var sec []Row
		var backing []Cell
		each2 := func(col int) func(k key, label string, v Money) {
			return func(k key, label string, v Money) {
				r, ok := index[k]
				if !ok {
					if len(backing) < n {
						backing = make([]Cell, n*max(64, total/4))
					}
					r = len(sec)
					index[k] = r
					sec = append(sec, Row{Section: name, Label: label, Cells: backing[:n:n]})
					backing = backing[n:]
				}
				sec[r].Cells[col] = Cell{v, true}
			}
		}
		for i, c := range cols {
			each(c, i, each2(i))
		}
		for _, r := range sec {
			add(r.Section, r.Label, r.Cells)
		}
	}
	section(SectionLines, func(c Column) int { return len(c.Plan.Lines) }, func(c Column, col int, put func(key, string, Money)) {
		for j, l := range c.Plan.Lines {
			if l.ID == 0 {
				put(key{col: col, pos: j}, fmt.Sprintf("%s (new in %s)", l.Title, c.Name), l.Cost)
			} else {
				put(key{id: l.ID}, l.Title, l.Cost)
			}
		}
	})
	section(SectionPosts, func(c Column) int { return len(c.Plan.Posts) }, func(c Column, _ int, put func(key, string, Money)) {
		for j, po := range c.Plan.Posts {
			put(key{id: po.ID}, po.Title, c.Costings[j].ToGrant)
		}
	})
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
