package foreign

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"csplan/model"
	"csplan/store/planfile"
)

// Row is one row of a sheet: its number as the spreadsheet shows it, its
// cells from column A on (saved values, as text), and whether the
// spreadsheet hides it.
type Row struct {
	Num    int
	Cells  []string
	Hidden bool
}

// Table is a sheet as read from a CSV file or a workbook.
type Table struct {
	// Sheet names the workbook's sheet, "" for a CSV file.
	Sheet string
	// Rows are the sheet's rows, blank ones left out, in order.
	Rows []Row
	// Formula returns the formula of a cell (row as numbered, col from 0),
	// "" when it holds none; nil for a CSV file.
	Formula func(row, col int) string
	// Calc works out a formula that has no saved value; nil for a CSV file.
	Calc func(row, col int) (string, error)
	// Date returns the date a cell holds when the spreadsheet formats its
	// number as a date (a post starting 1/4/2017 is held as 42826); nil
	// for a CSV file, whose dates are text.
	Date func(row, col int) (time.Time, bool)
	// Notes are what the reader of the sheet did that the officer must be
	// told (a merged cell taken for each of its rows).
	Notes []planfile.RowProblem
}

// Options are the officer's corrections to the mapping.
type Options struct {
	// Map names the header of a field's column, overriding the synonyms.
	Map map[Field]string
	// Only reads the columns Map names and no others, as a mapping the
	// officer went through column by column says.
	Only bool
}

// Result is what a foreign sheet holds.
type Result struct {
	// Plan holds the lines and posts read, and the SWP priorities and
	// PCC priorities they name (in the order first named). Its funding,
	// settings and heading are not the file's: a foreign sheet has none.
	Plan *model.Plan
	// Layout is the header row read and each field's column: of the
	// first sheet read, when there are more (see ReadParts).
	Layout
	// Parts are the layouts of every sheet read, the first first.
	Parts []Layout
	// Notes say what was assumed, skipped or filled in.
	Notes []planfile.RowProblem
}

// headerSearch is how many rows from the top a header row is looked for
// in: a title, a date and a merged heading or two come before it.
const headerSearch = 30

// ErrNoHeader: no row near the top names the columns a plan needs.
var ErrNoHeader = errors.New("no header row")

// FindHeader returns the index in t.Rows of the header row and its
// mapping: the first row near the top whose headers give a title and an
// amount (cost or salary) and every header the officer named.
func FindHeader(t *Table, o Options) (int, Mapping, error) {
	var missing []string
	for i, r := range t.Rows {
		if i >= headerSearch {
			break
		}
		m, miss := mapHeader(r.Cells, o.Map, o.Only)
		if len(miss) == 0 && m.usable() {
			return i, m, nil
		}
		if len(miss) > 0 && m.usable() && missing == nil {
			missing = miss
		}
	}
	where := "the file"
	if t.Sheet != "" {
		where = fmt.Sprintf("sheet %q", t.Sheet)
	}
	if len(t.Rows) == 0 {
		return 0, nil, fmt.Errorf("%w: %s has no rows", ErrNoHeader, where)
	}
	l := guessHeader(t, o)
	if _, miss := mapHeader(t.Rows[l.index].Cells, o.Map, o.Only); len(miss) > 0 {
		missing = miss
	}
	found := fmt.Sprintf("the headers in row %d are %s", l.HeaderRow, l.headersSaid())
	if missing != nil {
		return 0, nil, fmt.Errorf("%w: no row of %s has the column(s) named by --map %s (headers are matched ignoring case and punctuation); %s",
			ErrNoHeader, where, strings.Join(missing, ", --map "), found)
	}
	return 0, nil, fmt.Errorf("%w: no row in the first %d of %s names a title column (%s) and a cost column (%s); %s; "+
		"name the columns with --map FIELD=HEADER, e.g. %s", ErrNoHeader, headerSearch, where,
		strings.Join(Synonyms[Title][:5], ", "), strings.Join(Synonyms[Cost][:5], ", "), found, l.MapExample())
}

// sumFormula is an amount worked out as a total of other cells.
var sumFormula = regexp.MustCompile(`(?i)^\s*=?\s*(_xlfn\.)?(SUM|SUBTOTAL|AGGREGATE)\s*\(`)

// isTotalLabel reports whether a title or priority cell names a total
// row: "Total", "Subtotal", "Grand total", "Total for ...", "... total".
// "Total Place" (a programme's name) is not one.
func isTotalLabel(s string) bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
	if len(words) == 0 {
		return false
	}
	first, last := words[0], words[len(words)-1]
	switch {
	case first == "subtotal" || first == "sub-total" || (first == "grand" && len(words) > 1 && words[1] == "total"):
		return true
	case (first == "total" || first == "totals") && (len(words) == 1 || words[1] == "for" || words[1] == "of"):
		return true
	case len(words) > 1 && (last == "total" || last == "subtotal" || last == "sub-total" || last == "totals"):
		return true
	}
	return false
}

// Read reads the lines and posts of a foreign sheet. It returns a
// *planfile.DecodeError naming each bad cell (Plan!D14) and nothing else
// while any row is bad, or an error wrapping ErrNoHeader.
func Read(t *Table, o Options) (*Result, error) {
	return ReadParts(Part{Table: t, Options: o})
}

// Part is a sheet to read as part of a plan, and the officer's mapping
// of its columns.
type Part struct {
	Table   *Table
	Options Options
}

// ReadParts reads the lines and posts of one or more foreign sheets as
// one plan: the lines of one sheet and the posts of another, say. The
// Result's Layout is the first part's; Parts holds each. Problems are
// named at each sheet's own cells, and nothing is returned while any row
// of any part is bad.
func ReadParts(parts ...Part) (*Result, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("%w: no sheet to read", ErrNoHeader)
	}
	type found struct {
		t  *Table
		hi int
		m  Mapping
		// offset is added to the part's row numbers so that no two
		// parts share one, last is the part's last row so offset.
		offset, last int
	}
	var fs []found
	offset := 0
	for _, p := range parts {
		hi, m, err := FindHeader(p.Table, p.Options)
		if err != nil {
			return nil, err
		}
		last := offset
		if n := len(p.Table.Rows); n > 0 {
			last = offset + p.Table.Rows[n-1].Num
		}
		fs = append(fs, found{p.Table, hi, m, offset, last})
		offset = last
	}
	res := &Result{}
	de := &planfile.DecodeError{}
	bad := map[int]bool{}
	priorities, tags := []string{}, []string{}
	seenPr, seenTag := map[string]bool{}, map[string]bool{}
	rows := []planfile.Row{{Num: 0, Cells: planfile.Header()}}
	col := map[string]int{}
	for i, h := range rows[0].Cells {
		col[h] = i
	}
	set := func(cells []string, field, v string) { cells[col[planfile.ColumnName(field)]] = v }

	var dated []datedCell
	for _, part := range fs {
		t, hi, m := part.t, part.hi, part.m
		header := t.Rows[hi]
		res.Notes = append(res.Notes, t.Notes...)
		if hi > 0 {
			res.Notes = append(res.Notes, planfile.RowProblem{Sheet: t.Sheet, Row: header.Num, Reason: fmt.Sprintf(
				"the headers are in this row; the %d row(s) above them (a title or heading) were not read", hi)})
		}
		problem := func(row int, c Column, reason string) {
			de.Total++
			if !bad[part.offset+row] {
				bad[part.offset+row] = true
				de.Rows++
			}
			if len(de.Problems) < planfile.MaxListed {
				de.Problems = append(de.Problems, planfile.RowProblem{Sheet: t.Sheet, Row: row, Column: c.Header, Cell: cellName(t.Sheet, c.Index, row), Reason: reason})
			}
		}

		// value is the saved value of a field's cell; a formula with no
		// saved value is worked out, or reported.
		value := func(r Row, f Field) string {
			c, ok := m.Column(f)
			if !ok {
				return ""
			}
			v := ""
			if c.Index < len(r.Cells) {
				v = strings.TrimSpace(r.Cells[c.Index])
			}
			if v != "" || t.Formula == nil {
				return v
			}
			fx := t.Formula(r.Num, c.Index)
			if fx == "" {
				return ""
			}
			if t.Calc != nil {
				if got, err := t.Calc(r.Num, c.Index); err == nil && strings.TrimSpace(got) != "" {
					return strings.TrimSpace(got)
				}
			}
			problem(r.Num, c, fmt.Sprintf("the formula =%s has no saved value and csplan cannot work it out: "+
				"open the workbook in Excel or LibreOffice, let it recalculate, and save it again", strings.TrimPrefix(fx, "=")))
			return ""
		}

		var (
			subtotals, hidden, skipped, filled []int
			lastPriority                       string
			postDefaults                       bool
		)
		_, hasSalary := m.Column(Salary)
		_, hasPriority := m.Column(Priority)
		for _, r := range t.Rows[hi+1:] {
			title, prName := value(r, Title), value(r, Priority)
			if isTotalLabel(title) || (title == "" && isTotalLabel(prName)) {
				subtotals = append(subtotals, r.Num)
				continue
			}
			if c, ok := m.Column(Cost); ok && t.Formula != nil && sumFormula.MatchString(t.Formula(r.Num, c.Index)) {
				subtotals = append(subtotals, r.Num)
				continue
			}
			cost, salary := value(r, Cost), value(r, Salary)
			if title == "" && cost == "" && salary == "" {
				skipped = append(skipped, r.Num)
				continue
			}
			if hasPriority && prName == "" && lastPriority != "" {
				prName = lastPriority
				filled = append(filled, r.Num)
			}
			lastPriority = prName
			if r.Hidden {
				hidden = append(hidden, r.Num)
			}
			cells := make([]string, len(rows[0].Cells))
			set(cells, "record", "Line")
			set(cells, "title", title)
			set(cells, "priority", prName)
			set(cells, "owner", value(r, Owner))
			set(cells, "kind", value(r, Kind))
			set(cells, "notes", value(r, Notes))
			pcc := value(r, PCC)
			primary, also, _ := strings.Cut(pcc, planfile.TagSeparator)
			set(cells, "pcc", strings.TrimSpace(primary))
			cells[col["Also supports PCC priorities"]] = strings.TrimSpace(also)
			for _, n := range strings.Split(pcc, planfile.TagSeparator) {
				if n = strings.TrimSpace(n); n != "" && !seenTag[strings.ToLower(n)] {
					seenTag[strings.ToLower(n)] = true
					tags = append(tags, n)
				}
			}
			if prName != "" && !seenPr[strings.ToLower(prName)] {
				seenPr[strings.ToLower(prName)] = true
				priorities = append(priorities, prName)
			}
			if hasSalary && salary != "" {
				set(cells, "record", "Post")
				set(cells, "salary", salary)
				for f, def := range map[Field]string{FTE: "1", Start: "April", End: "March", Share: "100"} {
					v := value(r, f)
					if v == "" {
						v, postDefaults = def, true
					}
					set(cells, string(f), v)
					if c, ok := m.Column(f); ok && (f == Start || f == End) {
						if d, ok := dateOf(t, r, c, v); ok {
							dated = append(dated, datedCell{cells: cells, at: col[planfile.ColumnName(string(f))],
								field: f, date: d, sheet: t.Sheet, row: r.Num, column: c, key: part.offset + r.Num})
						}
					}
				}
			} else {
				set(cells, "cost", cost)
			}
			rows = append(rows, planfile.Row{Num: part.offset + r.Num, Cells: cells})
		}
		if !hasPriority {
			c := Column{Header: ""}
			problem(header.Num, c, "no column gives the SWP priority of each line (Priority, Theme, Strategic priority, Outcome area): "+
				"name it with --map priority=HEADER")
			if n := len(de.Problems); n > 0 {
				de.Problems[n-1].Cell = ""
			}
		}
		note := func(rows []int, format string) {
			if len(rows) > 0 {
				res.Notes = append(res.Notes, planfile.RowProblem{Sheet: t.Sheet, Reason: fmt.Sprintf(format, rowList(rows))})
			}
		}
		note(subtotals, "%s: a total or subtotal (a title of Total, Subtotal or Grand total, or an amount that is a SUM of other cells), left out so nothing is counted twice")
		note(hidden, "%s: hidden in the workbook, imported like any other row (the sheet's own totals count hidden rows too); delete a line after import if it is not part of the plan")
		note(filled, "%s: no priority of their own, so each took the priority of the row above (as a merged or grouped priority cell reads)")
		note(skipped, "%s: no title and no amount, so not read")
		if postDefaults {
			res.Notes = append(res.Notes, planfile.RowProblem{Sheet: t.Sheet, Reason: "a post with no FTE, start, end or grant share given was taken as 1 FTE, April to March, 100% on the grant"})
		}
	}
	res.Notes = append(res.Notes, monthsOfDates(dated, func(d datedCell, reason string) {
		de.Total++
		if !bad[d.key] {
			bad[d.key] = true
			de.Rows++
		}
		if len(de.Problems) < planfile.MaxListed {
			de.Problems = append(de.Problems, planfile.RowProblem{Sheet: d.sheet, Row: d.row, Column: d.column.Header,
				Cell: cellName(d.sheet, d.column.Index, d.row), Reason: reason})
		}
	})...)
	if de.Total > 0 {
		return nil, de
	}

	// The records the lines name, given as csplan's file gives them, so
	// planfile reads the whole sheet as it reads an export.
	// They take row numbers past every part's last, which no cell has.
	past := offset + 1
	head := make([]string, len(rows[0].Cells))
	set(head, "record", "Plan")
	set(head, "title", "Imported")
	set(head, "kind", "2017/18")
	defs := []planfile.Row{{Num: past, Cells: head}}
	for _, n := range priorities {
		c := make([]string, len(head))
		set(c, "record", "Priority")
		set(c, "priority", n)
		defs = append(defs, planfile.Row{Num: past + len(defs), Cells: c})
	}
	for _, n := range tags {
		c := make([]string, len(head))
		set(c, "record", "PCC priority")
		set(c, "title", n)
		defs = append(defs, planfile.Row{Num: past + len(defs), Cells: c})
	}
	all := append([]planfile.Row{rows[0]}, defs...)
	all = append(all, rows[1:]...)
	p, _, err := planfile.DecodeRows(all)
	if errors.As(err, &de) {
		for i := range de.Problems {
			pr := &de.Problems[i]
			if pr.Row >= past {
				pr.Sheet, pr.Row, pr.Column = fs[0].t.Sheet, 0, ""
				continue
			}
			if pr.Row <= 0 {
				pr.Sheet = fs[0].t.Sheet
				if c, ok := columnOf(fs[0].m, pr.Column); ok {
					pr.Column = c.Header
				}
				continue
			}
			for _, part := range fs {
				if pr.Row > part.offset && pr.Row <= part.last {
					pr.Sheet, pr.Row = part.t.Sheet, pr.Row-part.offset
					if c, ok := columnOf(part.m, pr.Column); ok {
						pr.Column, pr.Cell = c.Header, cellName(part.t.Sheet, c.Index, pr.Row)
					}
					break
				}
			}
		}
		return nil, de
	}
	if err != nil {
		return nil, err
	}
	res.Plan = p
	for _, part := range fs {
		res.Parts = append(res.Parts, layoutAt(part.t, part.hi, part.m))
	}
	res.Layout = res.Parts[0]
	return res, nil
}

// dateOf reads a post's start or end given as a date: a number the
// workbook formats as a date, or a date written out in a CSV file.
func dateOf(t *Table, r Row, c Column, v string) (time.Time, bool) {
	if t.Date != nil {
		if d, ok := t.Date(r.Num, c.Index); ok {
			return d, true
		}
	}
	return parseTextDate(v)
}

// columnOf finds the mapped column behind one of csplan's own column names.
func columnOf(m Mapping, own string) (Column, bool) {
	for _, c := range m {
		if planfile.ColumnName(string(c.Field)) == own {
			return c, true
		}
	}
	return Column{}, false
}

// cellName names a cell as a spreadsheet does, "D14"; "" for a CSV file
// (whose problems name the row and column instead).
func cellName(sheet string, col, row int) string {
	if sheet == "" || row <= 0 || col < 0 {
		return ""
	}
	return ColumnLetters(col) + strconv.Itoa(row)
}

// ColumnLetters names a column from its index (0 = A) as a spreadsheet
// does: A ... Z, AA ...
func ColumnLetters(col int) string {
	s := ""
	for col++; col > 0; col = (col - 1) / 26 {
		s = string(rune('A'+(col-1)%26)) + s
	}
	return s
}

// rowList says which rows: "row 7", "rows 7, 9 and 12", with the first
// few only of a long list.
func rowList(rows []int) string {
	const most = 8
	parts := make([]string, 0, most)
	for i, r := range rows {
		if i == most {
			break
		}
		parts = append(parts, strconv.Itoa(r))
	}
	if len(rows) == 1 {
		return "row " + parts[0]
	}
	more := ""
	if len(rows) > most {
		more = fmt.Sprintf(" and %d more", len(rows)-most)
		return "rows " + strings.Join(parts, ", ") + more
	}
	return "rows " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
