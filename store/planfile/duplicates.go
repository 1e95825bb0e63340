package planfile

import (
	"fmt"
	"strings"
)

// noteDuplicates notes each Line or Post row that is the same, cell for
// cell, as an earlier one: most likely a row pasted twice, which would
// count its cost twice. It is a note, not a problem: a plan may hold two
// such items (model.Validate only warns of a repeated title), and a file
// csplan wrote of such a plan must read back. The note names both rows and
// is shown before the officer confirms the import. Notes of a file with
// problems are never shown, so rows with problems need no care here.
func (d *decoder) noteDuplicates(rows []rawRow) {
	first := map[string]int{}
	for i := range rows {
		r := &rows[i]
		if r.kind != recLine && r.kind != recPost {
			continue
		}
		var k strings.Builder
		k.WriteString(r.kind)
		for c := range numColumns {
			k.WriteByte(0)
			k.WriteString(strings.TrimSpace(d.cell(r, c)))
		}
		if i := d.legacyTags; i >= 0 && i < len(r.cells) {
			k.WriteByte(0)
			k.WriteString(strings.TrimSpace(r.cells[i]))
		}
		if was, ok := first[k.String()]; ok {
			if len(d.notes) >= MaxListed {
				continue
			}
			what := "line"
			if r.kind == recPost {
				what = "post"
			}
			d.notes = append(d.notes, RowProblem{Row: r.num, Reason: fmt.Sprintf(
				"the row is the same %s as row %d, cell for cell; both were read, as two %ss whose costs both count: "+
					"if one is a slip (a row pasted twice), delete it and import again", what, was, what)})
			continue
		}
		first[k.String()] = r.num
	}
}
