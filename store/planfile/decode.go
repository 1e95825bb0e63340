package planfile

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"csplan/model"
)

// RowProblem is one thing wrong with a file being read, placed so the
// officer can find it in a spreadsheet.
type RowProblem struct {
	// Row is the row number as a spreadsheet shows it: the header is row 1
	// (when the file starts with it), and a cell holding a line break does
	// not start a new row. 0 means the problem belongs to no single row.
	Row int
	// Column is the header name of the cell at fault, or "" for the row.
	Column string
	// Reason says what is wrong and, where it helps, what would be right.
	Reason string
	// Sheet names the sheet of a workbook the row is in, "" in a CSV
	// file; Cell is the cell at fault as the spreadsheet names it ("H14"),
	// "" for the row.
	Sheet, Cell string
}

// String formats the problem on one line, e.g.
// `row 7, column "Amount": "12,34" is not a valid amount: ...`, or in a
// workbook `Data!H14 (column "Amount"): ...`.
func (p RowProblem) String() string {
	var b strings.Builder
	switch {
	case p.Sheet != "" && p.Cell != "":
		fmt.Fprintf(&b, "%s!%s", p.Sheet, p.Cell)
		if p.Column != "" {
			fmt.Fprintf(&b, " (column %q)", p.Column)
		}
		b.WriteString(": ")
		b.WriteString(p.Reason)
		return b.String()
	case p.Sheet != "":
		fmt.Fprintf(&b, "sheet %q", p.Sheet)
		if p.Row > 0 {
			b.WriteString(", ")
		}
	}
	if p.Row > 0 {
		fmt.Fprintf(&b, "row %d", p.Row)
	}
	if p.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "column %q", p.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// DecodeError is the problems found in a file that Decode refused. It
// lists them at once, so the officer can mend the file in one go rather
// than one error per attempt: the first MaxListed found, in row order,
// and how many there are in all.
type DecodeError struct {
	Problems []RowProblem
	// Total is how many problems were found, Problems and those not
	// listed; Rows is how many rows they are in (the whole plan counting
	// as one).
	Total, Rows int
}

// Unlisted returns how many problems Problems leaves out.
func (e *DecodeError) Unlisted() int { return max(e.Total-len(e.Problems), 0) }

// Error implements error: one problem per line, in row order, then how
// many more there are.
func (e *DecodeError) Error() string {
	lines := make([]string, len(e.Problems), len(e.Problems)+1)
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	if n := e.Unlisted(); n > 0 {
		lines = append(lines, fmt.Sprintf("and %d more problems, not listed", n))
	}
	return strings.Join(lines, "\n")
}

// report gathers the problems and notes of a file being read.
type report struct {
	// problems are the first MaxListed problems found; total counts them
	// all and badRows the rows they are in.
	problems []RowProblem
	total    int
	badRows  int
	notes    []RowProblem
	bad      rowSet // rows with a problem
}

// problemAt records a problem at a row and a column named as the file
// names it ("": no column).
func (rep *report) problemAt(row int, column, reason string) {
	rep.total++
	if len(rep.problems) < MaxListed {
		rep.problems = append(rep.problems, RowProblem{Row: row, Column: column, Reason: reason})
	}
	if !rep.bad.has(row) {
		rep.bad.add(row)
		rep.badRows++
	}
}

// err returns the problems found, in row order, problems of the whole plan
// last.
func (rep *report) err() error {
	// Row 0 sorts last: such problems concern the plan as a whole.
	last := func(r int) int {
		if r == 0 {
			return math.MaxInt
		}
		return r
	}
	slices.SortStableFunc(rep.problems, func(a, b RowProblem) int { return cmp.Compare(last(a.Row), last(b.Row)) })
	return &DecodeError{Problems: rep.problems, Total: rep.total, Rows: rep.badRows}
}

// rawRow is one non-blank row of the file.
type rawRow struct {
	num   int
	cells []string
	kind  string   // canonical record type, "" when unknown
	id    model.ID // for records that get an ID
}

// decoder holds what is known while a file is read.
type decoder struct {
	col [numColumns]int // index of each column in the file, -1 if absent
	// legacyTags is the index of an older file's one "PCC priorities"
	// column, read instead of the primary and also-supports columns; -1
	// when the file has none. legacyPrimaries counts the items whose
	// primary it gave.
	legacyTags      int
	legacyPrimaries int
	headerRow       int
	// badHeader is set when the header row does not give the columns.
	badHeader bool
	report

	plan        model.Plan
	profiles    map[model.ID]model.Profile
	planRow     int
	scenario    string
	scenarioRow int
	subset      string
	subsetRow   int
	settingRow  map[string]int // setting key → row that gave it
	funding     map[string]int // name key → row
	priorities  map[string]int // name key → index in plan.Priorities
	prRow       map[string]int // name key → row
	tags        map[string]model.ID
	tagRow      map[string]int
	// where maps the Where of a model.Problem to the rows of the records
	// it may name (two lines can share a title), so Validate's findings
	// can be placed.
	where map[string][]int
	// noPlan is set when the missing Plan row is already reported, so
	// Validate's complaints about the empty heading are left out.
	noPlan bool
	// rawText reads text cells as they are, for a workbook's sheet, whose
	// cells are text by type: no apostrophe is taken off (see cellText).
	rawText bool
	// rowsOnly keeps every non-blank row as it is read, with no header
	// or record type checked (see ReadRows).
	rowsOnly bool
}

// Decode reads a plan written by Encode, or the same after a spreadsheet
// has re-saved it: with or without a byte order mark, CRLF or LF line ends,
// amounts with or without £ and thousands separators, percentages with or
// without %, the columns in any order and named in any case, extra columns
// (ignored) and blank rows (ignored). Months may be names, three-letter
// abbreviations or 1 (April) to 12 (March). A Setting row that is missing
// takes its value from model.DefaultSettings. Names that rows refer to
// (priorities, PCC priorities) match ignoring case and surrounding spaces,
// and may be defined anywhere in the file. A post's Amount and Other
// funder amount are not read: they are worked out again from its inputs,
// and an empty On-costs override means the on-costs are worked out too.
//
// Every row is checked before anything is returned. If any is wrong, Decode
// returns a nil plan and a *DecodeError listing every problem found, the
// errors of model.Validate among them (warnings are not problems). It
// never returns part of a plan. Records get IDs 1..n in file order. An
// error that is not a *DecodeError comes from reading r.
func Decode(r io.Reader) (*model.Plan, error) {
	p, _, err := DecodeFile(r)
	return p, err
}

// FileInfo is what a file says beyond its plan.
type FileInfo struct {
	// Scenario is the name of the scenario the file was made from (its
	// Scenario row), or "" for a plan's own export. An importer must not
	// take a scenario's file for the plan without saying so.
	Scenario string
	// Subset says which part of the plan the file holds (its Subset row),
	// or "" for a whole plan. An importer must not take it for the plan:
	// the records left out would be deleted.
	Subset string
	// Notes are what the reader assumed in reading a file that has no
	// problem, which the officer must be told. Today there is one: a file
	// from before csplan had primary PCC priorities (one "PCC priorities"
	// column) gets the first PCC priority of each line and post as its
	// primary.
	Notes []RowProblem
	// Profiles are the lines' and posts' budget profiles that are not the
	// default, by the IDs the file's items were given; nil when the file
	// has no Profile column and so says nothing about profiles.
	Profiles map[model.ID]model.Profile
}

// DecodeFile reads a file as Decode does and also returns what the file
// says beyond its plan.
func DecodeFile(r io.Reader) (*model.Plan, FileInfo, error) {
	d := newDecoder()
	rows, err := d.readRows(r)
	if err != nil {
		return nil, FileInfo{}, err
	}
	return d.decode(rows)
}

// DecodeReadRows decodes the rows ReadRows read from a CSV file exactly as
// DecodeFile would have read the file, so a caller that read the rows to
// look at the header does not read a large file twice.
func DecodeReadRows(rows []Row) (*model.Plan, FileInfo, error) {
	d := newDecoder()
	raw := make([]rawRow, 0, len(rows))
	for _, r := range rows {
		if !d.take(&raw, rawRow{num: r.Num, cells: r.Cells}) {
			break
		}
	}
	return d.decode(raw)
}

// Row is one row of a sheet that holds a plan in the file's layout (see
// DecodeRows): its row number as the spreadsheet shows it, and its cells
// from the first column on.
type Row struct {
	Num   int
	Cells []string
}

// DecodeRows reads a plan from the rows of a spreadsheet's sheet laid out
// as the CSV file is (a header row, then one record a row), as a
// workbook's Data sheet holds it. It checks and reports exactly as
// DecodeFile does, with one difference: a cell of a sheet is text or a
// number by its type, not by its first character, so no leading
// apostrophe is taken off a text (see [Records]). Blank rows are skipped.
func DecodeRows(rows []Row) (*model.Plan, FileInfo, error) {
	d := newDecoder()
	d.rawText = true
	raw := make([]rawRow, 0, len(rows))
	for _, r := range rows {
		blank := true
		for _, c := range r.Cells {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if !blank && !d.take(&raw, rawRow{num: r.Num, cells: r.Cells}) {
			break
		}
	}
	return d.decode(raw)
}

// ReadRows reads the non-blank rows of a CSV file of any layout, with
// the checks and limits DecodeFile holds a file to before it reads a
// header (a workbook or UTF-16 text named for what it is, MaxCells,
// MaxCellBytes), numbering rows as a spreadsheet does. It is how a sheet
// laid out by the officer, not by csplan, is read (see package foreign).
// A problem that stops the reading is returned as a *DecodeError.
func ReadRows(r io.Reader) ([]Row, error) {
	d := newDecoder()
	d.rowsOnly = true
	raw, err := d.readRows(r)
	if err != nil {
		return nil, err
	}
	if d.total > 0 {
		return nil, d.err()
	}
	rows := make([]Row, len(raw))
	for i, r := range raw {
		rows[i] = Row{Num: r.num, Cells: r.cells}
	}
	return rows, nil
}

// IsOwnHeader reports whether a row is the header of csplan's own
// layout: it names the Record column, or half of csplan's columns (a
// header whose Record cell was mistyped is still csplan's, and is
// reported as such rather than read as a layout of the officer's own).
func IsOwnHeader(cells []string) bool {
	known := 0
	seen := map[string]bool{}
	for _, c := range cells {
		k := key(c)
		if k == key(columnNames[colRecord]) {
			return true
		}
		for _, n := range columnNames {
			if k == key(n) && !seen[k] {
				seen[k] = true
				known++
			}
		}
	}
	return known*2 >= int(numColumns)
}

// ColumnName is the header of csplan's own column for a field of a line
// or post, for a reader that builds rows in csplan's layout: "record",
// "priority", "title", "owner", "kind", "pcc", "notes", "cost", "fte",
// "salary", "start", "end", "share".
func ColumnName(field string) string {
	switch field {
	case "record":
		return columnNames[colRecord]
	case "priority":
		return columnNames[colPriority]
	case "title":
		return columnNames[colTitle]
	case "owner":
		return columnNames[colOwner]
	case "kind":
		return columnNames[colKind]
	case "pcc":
		return columnNames[colPrimaryTag]
	case "notes":
		return columnNames[colNotes]
	case "cost":
		return columnNames[colAmount]
	case "fte":
		return columnNames[colFTE]
	case "salary":
		return columnNames[colSalary]
	case "start":
		return columnNames[colStart]
	case "end":
		return columnNames[colEnd]
	case "share":
		return columnNames[colShare]
	}
	return ""
}

// Header is csplan's own header row, in the order Encode writes it.
func Header() []string { return append([]string(nil), columnNames[:]...) }

func newDecoder() *decoder {
	return &decoder{
		settingRow: map[string]int{},
		funding:    map[string]int{},
		priorities: map[string]int{},
		prRow:      map[string]int{},
		tags:       map[string]model.ID{},
		tagRow:     map[string]int{},
		where:      map[string][]int{},
	}
}

// decode reads the plan from the non-blank rows of a file, the header
// first.
func (d *decoder) decode(rows []rawRow) (*model.Plan, FileInfo, error) {
	if len(rows) == 0 {
		if len(d.problems) == 0 {
			d.problem(0, -1, "the file is empty: it needs a header row and a Plan row")
		}
		return nil, FileInfo{}, d.err()
	}
	if d.badHeader {
		return nil, FileInfo{}, d.err()
	}
	d.plan.Settings = model.DefaultSettings()
	if d.col[colProfile] >= 0 {
		d.profiles = map[model.ID]model.Profile{}
	}
	rows = rows[1:]

	// IDs follow file order across every kind of record.
	next := model.ID(1)
	for i := range rows {
		row := &rows[i]
		switch row.kind {
		case recFunding, recPriority, recTag, recLine, recPost:
			row.id = next
			next++
		}
	}
	// Priorities and PCC priorities first, so a line may name one that is
	// defined further down the file.
	for i := range rows {
		switch rows[i].kind {
		case recPriority:
			d.priority(&rows[i])
		case recTag:
			d.tag(&rows[i])
		}
	}
	for i := range rows {
		row := &rows[i]
		switch row.kind {
		case recPlan:
			d.info(row)
		case recScenario:
			d.scenarioName(row)
		case recSubset:
			d.subsetRecord(row)
		case recSetting:
			d.setting(row)
		case recFunding:
			d.fundingSource(row)
		case recOutcome:
			d.outcome(row)
		case recLine:
			d.line(row)
		case recPost:
			d.post(row)
		}
	}
	// Notes are shown only for a file with no problem: a file of many bad
	// rows costs no note each.
	if d.total == 0 {
		d.noteDuplicates(rows)
	}
	if d.planRow == 0 {
		d.problem(0, colRecord, "there is no Plan row: the file needs one, giving the partnership (Title) and the financial year (Kind)")
		d.noPlan = true
	}
	d.validate()
	if len(d.problems) > 0 {
		return nil, FileInfo{}, d.err()
	}
	if d.legacyTags >= 0 && d.legacyPrimaries > 0 {
		d.notes = append(d.notes, RowProblem{Row: d.headerRow, Column: legacyTagsColumn, Reason: fmt.Sprintf(
			"the file is from an older csplan, with one %q column and no %q column: the first PCC priority of each line and post "+
				"was taken as its primary (%d of them), under which the totals count it; the others are kept as PCC priorities it also supports",
			legacyTagsColumn, columnNames[colPrimaryTag], d.legacyPrimaries)})
	}
	if d.col[colLedgerCode] < 0 && len(d.plan.Lines)+len(d.plan.Posts) > 0 {
		d.notes = append(d.notes, RowProblem{Row: d.headerRow, Reason: fmt.Sprintf(
			"the file has no %q column (it is from an older csplan, or the column was deleted): its lines and posts have no ledger codes, "+
				"so ledger rows can be matched to them by title only", columnNames[colLedgerCode])})
	}
	p := d.plan
	return &p, FileInfo{Scenario: d.scenario, Subset: d.subset, Notes: d.notes, Profiles: d.profiles}, nil
}

// readRows reads every non-blank row, numbering rows as a spreadsheet
// does (see readCSV).
func (d *decoder) readRows(r io.Reader) ([]rawRow, error) {
	var rows []rawRow
	err := d.readCSV(r, "the plan file", func(r rawRow) bool { return d.take(&rows, r) })
	return rows, err
}

// readCSV reads every non-blank row of a CSV file and hands it to take,
// numbering rows as a spreadsheet does, until take reports false or the
// file ends. A CSV syntax error ends the reading with a problem: what
// follows a broken quote cannot be trusted. A file saved in a form that is
// not CSV UTF-8 is named as such first (see sniff), and a row or cell
// beyond the limits ends the reading with a problem too (see rowLimiter).
// An error comes only from reading r; what names the file in it.
func (rep *report) readCSV(r io.Reader, what string, take func(rawRow) bool) error {
	r, ok := rep.sniff(r)
	if !ok {
		return nil
	}
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		if _, err := br.Discard(len(bom)); err != nil {
			return err
		}
	}
	cr := csv.NewReader(bufio.NewReader(newRowLimiter(br)))
	cr.FieldsPerRecord = -1 // hand-edited rows may be short; missing cells are empty
	// The csv reader skips empty lines and lets a quoted cell span lines,
	// so the row number is worked out from line numbers: each record
	// starts a row, and so does each empty line skipped before it.
	row, endLine := 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			var le *limitError
			if errors.As(err, &le) {
				rep.problemAt(le.row, "", le.reason)
				return nil
			}
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return fmt.Errorf("reading %s: %w", what, err)
			}
			row += max(1, pe.StartLine-endLine)
			rep.problemAt(row, "", fmt.Sprintf("the file is not valid CSV (line %d, column %d): %v; nothing after this point was read", pe.Line, pe.Column, pe.Err))
			return nil
		}
		line, _ := cr.FieldPos(0)
		row += max(1, line-endLine)
		last := len(rec) - 1
		lastLine, _ := cr.FieldPos(last)
		endLine = lastLine + strings.Count(rec[last], "\n")
		blank := true
		for _, c := range rec {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if !blank && !take(rawRow{num: row, cells: rec}) {
			return nil
		}
	}
}

// take adds a non-blank row to rows as it is read. The first is the
// header: without its columns nothing else can be read, so take reports
// false when it does not give them. A later row of no known record type is
// reported now and not kept: a file of a million such rows costs its
// problem count, not a row each (only the first MaxListed reasons are
// written).
func (d *decoder) take(rows *[]rawRow, r rawRow) bool {
	if d.rowsOnly {
		*rows = append(*rows, r)
		return true
	}
	if len(*rows) == 0 {
		*rows = append(*rows, r)
		if !d.readHeader(r) {
			d.badHeader = true
			return false
		}
		return true
	}
	d.checkUTF8(&r)
	if r.kind = d.recordType(&r); r.kind != "" {
		*rows = append(*rows, r)
	}
	return true
}

// readHeader finds the columns. It reports false when the rows cannot be
// read because a column is missing or given twice.
func (d *decoder) readHeader(h rawRow) bool {
	byKey := make(map[string]int, numColumns)
	for c, name := range columnNames {
		byKey[key(name)] = c
		d.col[c] = -1
	}
	d.legacyTags, d.headerRow = -1, h.num
	ok, found := true, false
	for i, cell := range h.cells {
		if key(cell) == key(legacyTagsColumn) {
			if d.legacyTags >= 0 {
				d.problemAt(h.num, legacyTagsColumn, "the column appears twice in the header")
				ok = false
			}
			d.legacyTags = i
			found = true
			continue
		}
		c, known := byKey[key(cell)]
		if !known {
			continue // an extra column, e.g. the officer's own comments
		}
		if d.col[c] >= 0 {
			d.problem(h.num, c, "the column appears twice in the header")
			ok = false
			continue
		}
		d.col[c] = i
		found = true
	}
	if !found {
		// Not one column matched: the file is not a plan file at all, or
		// a spreadsheet saved it with another separator. One problem says
		// so better than a complaint about each column.
		reason := "the first row is not the plan file's header row"
		if strings.Contains(strings.Join(h.cells, ","), ";") {
			reason += "; the cells seem to be separated by ; rather than commas: save the file as CSV (comma delimited)"
		}
		d.problem(h.num, -1, reason+"; the header row must name: "+strings.Join(columnNames[:], ", "))
		return false
	}
	// An older file names every PCC priority in one column; a file with
	// that column and the newer ones would say two things about an item.
	legacy := d.legacyTags >= 0
	if legacy && (d.col[colPrimaryTag] >= 0 || d.col[colAlsoTags] >= 0) {
		d.problemAt(h.num, legacyTagsColumn, fmt.Sprintf("the file also has the %q and %q columns that replace it: delete this column, "+
			"or move its names into those two", columnNames[colPrimaryTag], columnNames[colAlsoTags]))
		return false
	}
	for c := range numColumns {
		if legacy && (c == colPrimaryTag || c == colAlsoTags) {
			continue
		}
		if d.col[c] < 0 && !optionalColumns[c] {
			d.problem(h.num, c, "the header row has no such column")
			ok = false
		}
	}
	return ok
}

// problem records a problem at a row and column (-1: no column).
func (d *decoder) problem(row, col int, reason string) {
	name := ""
	if col >= 0 {
		name = columnNames[col]
	}
	d.problemAt(row, name, reason)
}

// problemf is problem with the reason formatted only when it will be
// listed: a file of a million bad rows formats a hundred reasons.
func (d *decoder) problemf(row, col int, format string, a ...any) {
	reason := ""
	if len(d.problems) < MaxListed {
		reason = fmt.Sprintf(format, a...)
	}
	d.problem(row, col, reason)
}

// rowSet is a set of row numbers, one bit each: a file of many bad rows
// costs a bit per row, not a map entry.
type rowSet []uint64

func (s rowSet) has(row int) bool { return row/64 < len(s) && s[row/64]&(1<<(row%64)) != 0 }

func (s *rowSet) add(row int) {
	for row/64 >= len(*s) {
		*s = append(*s, 0)
	}
	(*s)[row/64] |= 1 << (row % 64)
}

// cell returns the raw cell of a column, "" when the column or cell is
// missing.
func (d *decoder) cell(r *rawRow, col int) string {
	i := d.col[col]
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// text returns a text cell as the text it stands for.
func (d *decoder) text(r *rawRow, col int) string {
	if d.rawText {
		return normaliseLineBreaks(d.cell(r, col))
	}
	return cellText(d.cell(r, col))
}

// checkUTF8 reports cells that are not UTF-8, which is what Excel's plain
// "CSV" (rather than "CSV UTF-8") writes when a cell holds £ or é.
func (d *decoder) checkUTF8(r *rawRow) {
	const reason = `the cell is not UTF-8 text; in Excel, save the file as "CSV UTF-8"`
	for c := range numColumns {
		d.checkLength(r, c)
		if !utf8.ValidString(d.cell(r, c)) {
			d.problem(r.num, c, reason)
		}
	}
	if i := d.legacyTags; i >= 0 && i < len(r.cells) && !utf8.ValidString(r.cells[i]) {
		d.problemAt(r.num, legacyTagsColumn, reason)
	}
}

func (d *decoder) recordType(r *rawRow) string {
	raw := strings.TrimSpace(d.cell(r, colRecord))
	if raw == "" {
		d.problem(r.num, colRecord, "the record type is empty: use Plan, Scenario, Subset, Setting, Funding, Priority, Outcome, PCC priority, Line or Post")
		return ""
	}
	kind, ok := recordTypes[key(raw)]
	if !ok {
		d.problemf(r.num, colRecord, "%q is not a record type: use Plan, Scenario, Subset, Setting, Funding, Priority, Outcome, PCC priority, Line or Post", raw)
	}
	return kind
}

// name reads a required, unique name from a column. seen maps the keys of
// names already given to their rows; what says what is being named.
func (d *decoder) name(r *rawRow, col int, what string, seen map[string]int) (string, bool) {
	n := d.text(r, col)
	if strings.TrimSpace(n) == "" {
		d.problem(r.num, col, fmt.Sprintf("the %s has no name", what))
		return n, false
	}
	if first, dup := seen[key(n)]; dup {
		d.problem(r.num, col, fmt.Sprintf("%s %q is already defined in row %d; names must differ (ignoring case)", what, strings.TrimSpace(n), first))
		return n, false
	}
	seen[key(n)] = r.num
	return n, true
}

// place records the row of a record for placing Validate's findings.
func (d *decoder) place(where string, row int) {
	d.where[where] = append(d.where[where], row)
}

func (d *decoder) info(r *rawRow) {
	if d.planRow != 0 {
		d.problem(r.num, colRecord, fmt.Sprintf("a second Plan row; the file must have exactly one (the first is row %d)", d.planRow))
		return
	}
	d.planRow = r.num
	d.place("plan", r.num)
	info := model.Info{
		Partnership:     d.text(r, colTitle),
		AccountableBody: d.text(r, colOwner),
		Notes:           d.text(r, colNotes),
	}
	if strings.TrimSpace(info.Partnership) == "" {
		d.problem(r.num, colTitle, "the partnership has no name")
	}
	year := d.cell(r, colKind)
	if strings.TrimSpace(year) == "" {
		d.problem(r.num, colKind, "the financial year is empty: write it as 2017/18")
	} else if y, err := model.ParseFinancialYear(year); err != nil {
		d.problem(r.num, colKind, err.Error())
	} else {
		info.StartYear = y
	}
	d.plan.Info = info
}

// scenarioName reads the Scenario row of a file made from a scenario.
func (d *decoder) scenarioName(r *rawRow) {
	if d.scenarioRow != 0 {
		d.problem(r.num, colRecord, fmt.Sprintf("a second Scenario row; a file is made from one scenario at most (the first is row %d)", d.scenarioRow))
		return
	}
	d.scenarioRow = r.num
	d.scenario = strings.TrimSpace(d.text(r, colTitle))
	if d.scenario == "" {
		d.problem(r.num, colTitle, "the Scenario row names no scenario: give its name, or delete the row if the file is the plan")
	}
}

// subsetRecord reads the Subset row of a file that holds part of the plan.
func (d *decoder) subsetRecord(r *rawRow) {
	if d.subsetRow != 0 {
		d.problem(r.num, colRecord, fmt.Sprintf("a second Subset row; a file says once which part of the plan it holds (the first is row %d)", d.subsetRow))
		return
	}
	d.subsetRow = r.num
	d.subset = strings.TrimSpace(d.text(r, colTitle))
	if d.subset == "" {
		d.problem(r.num, colTitle, "the Subset row does not say which part of the plan the file holds: say so, or delete the row if the file is the whole plan")
	}
}

func (d *decoder) setting(r *rawRow) {
	title := strings.TrimSpace(d.text(r, colTitle))
	k := key(title)
	switch k {
	case key(settingNIRate), key(settingNIThreshold), key(settingPension), key(settingLevy), key(settingLevySwitch):
	default:
		d.problem(r.num, colTitle, fmt.Sprintf("%q is not a setting: use %s, %s, %s, %s or %s",
			title, settingNIRate, settingNIThreshold, settingPension, settingLevy, settingLevySwitch))
		return
	}
	if first, dup := d.settingRow[k]; dup {
		d.problem(r.num, colTitle, fmt.Sprintf("%s is already given in row %d", title, first))
		return
	}
	d.settingRow[k] = r.num
	d.place("settings", r.num)
	s := &d.plan.Settings
	switch k {
	case key(settingNIThreshold):
		if m, ok := d.money(r, colAmount); ok {
			s.NIThreshold = m
		}
	case key(settingNIRate):
		if p, ok := d.percent(r, colAmount); ok {
			s.NIRate = p
		}
	case key(settingPension):
		if p, ok := d.percent(r, colAmount); ok {
			s.PensionRate = p
		}
	case key(settingLevy):
		if p, ok := d.percent(r, colAmount); ok {
			s.LevyRate = p
		}
	case key(settingLevySwitch):
		on, err := model.ParseOnOff(d.cell(r, colStatus))
		if err != nil {
			d.problem(r.num, colStatus, fmt.Sprintf("the apprenticeship levy is %q: use on, or off when the council holds it centrally", d.cell(r, colStatus)))
			return
		}
		s.LevyHeldCentrally = !on
	}
}

func (d *decoder) fundingSource(r *rawRow) {
	f := model.FundingSource{ID: r.id, Note: d.text(r, colNotes)}
	f.Name, _ = d.name(r, colTitle, "funding source", d.funding)
	f.Amount, _ = d.money(r, colAmount)
	status := d.cell(r, colStatus)
	if strings.TrimSpace(status) == "" {
		d.problem(r.num, colStatus, "the status is empty: use confirmed, pending or refused")
	} else if s, err := model.ParseFundingStatus(status); err != nil {
		d.problem(r.num, colStatus, err.Error())
	} else {
		f.Status = s
	}
	d.place(fmt.Sprintf("funding source %q", f.Name), r.num)
	d.plan.Funding = append(d.plan.Funding, f)
}

func (d *decoder) priority(r *rawRow) {
	name, ok := d.name(r, colPriority, "priority", d.prRow)
	if ok {
		d.priorities[key(name)] = len(d.plan.Priorities)
	}
	d.place(fmt.Sprintf("priority %q", name), r.num)
	d.plan.Priorities = append(d.plan.Priorities, model.Priority{
		ID: r.id, Name: name, Order: len(d.plan.Priorities) + 1,
	})
}

func (d *decoder) tag(r *rawRow) {
	name, ok := d.name(r, colTitle, "PCC priority", d.tagRow)
	if strings.Contains(name, TagSeparator) {
		d.problem(r.num, colTitle, fmt.Sprintf("a PCC priority's name cannot contain %q: the file uses it to separate PCC priorities", TagSeparator))
		ok = false
	}
	if ok {
		d.tags[key(name)] = r.id
	}
	d.place(fmt.Sprintf("PCC priority %q", name), r.num)
	d.plan.Tags = append(d.plan.Tags, model.Tag{
		ID: r.id, Name: name, Description: d.text(r, colNotes), Order: len(d.plan.Tags) + 1,
	})
}

// priorityOf finds the priority a row names, reporting a problem (and
// returning -1) when it names none that a Priority row defines.
func (d *decoder) priorityOf(r *rawRow) int {
	n := strings.TrimSpace(d.text(r, colPriority))
	if n == "" {
		d.problem(r.num, colPriority, "no priority is given: name one of those defined by Priority rows")
		return -1
	}
	i, ok := d.priorities[key(n)]
	if !ok {
		d.problem(r.num, colPriority, fmt.Sprintf("%q is not a priority defined by a Priority row", n))
		return -1
	}
	return i
}

func (d *decoder) priorityID(r *rawRow) model.ID {
	if i := d.priorityOf(r); i >= 0 {
		return d.plan.Priorities[i].ID
	}
	return 0
}

// tagsOf reads the PCC priorities a row names, the primary first. In an
// older file they are all in one column, the first being the primary.
func (d *decoder) tagsOf(r *rawRow) []model.ID {
	if i := d.legacyTags; i >= 0 {
		cell := ""
		if i < len(r.cells) {
			cell = cellText(r.cells[i])
		}
		ids := d.tagList(r, cell, legacyTagsColumn)
		if len(ids) > 0 {
			d.legacyPrimaries++
		}
		return ids
	}
	primaryCol, alsoCol := columnNames[colPrimaryTag], columnNames[colAlsoTags]
	primary := strings.TrimSpace(d.text(r, colPrimaryTag))
	also := d.tagList(r, d.text(r, colAlsoTags), alsoCol)
	if strings.Contains(primary, TagSeparator) {
		d.problemAt(r.num, primaryCol, fmt.Sprintf("%q names more than one PCC priority: name the one the item counts under here, "+
			"and list the others under %q", primary, alsoCol))
		return nil
	}
	if primary == "" {
		if len(also) > 0 {
			d.problemAt(r.num, primaryCol, "the item also supports PCC priorities but has no primary one: "+
				"name the one PCC priority its money counts under")
		}
		return nil
	}
	id, ok := d.tags[key(primary)]
	if !ok {
		d.problemAt(r.num, primaryCol, fmt.Sprintf("%q is not a PCC priority defined by a PCC priority row", primary))
		return nil
	}
	return append([]model.ID{id}, also...)
}

// tagList reads a list of PCC priority names from a cell of the named
// column. Empty entries (a stray separator) are skipped.
func (d *decoder) tagList(r *rawRow, cell, column string) []model.ID {
	var ids []model.ID
	for _, n := range strings.Split(cell, TagSeparator) {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		id, ok := d.tags[key(n)]
		if !ok {
			d.problemAt(r.num, column, fmt.Sprintf("%q is not a PCC priority defined by a PCC priority row", n))
			continue
		}
		ids = append(ids, id)
	}
	return ids
}

// title reads a required title.
func (d *decoder) title(r *rawRow, what string) string {
	t := d.text(r, colTitle)
	if strings.TrimSpace(t) == "" {
		d.problem(r.num, colTitle, fmt.Sprintf("the %s has no title", what))
	}
	return t
}

func (d *decoder) outcome(r *rawRow) {
	i := d.priorityOf(r)
	o := d.text(r, colTitle)
	if strings.TrimSpace(o) == "" {
		// Reported here, at its row; kept out of the plan so the whole-plan
		// check does not report it again.
		d.problem(r.num, colTitle, "the outcome is empty")
		return
	}
	if i >= 0 {
		d.plan.Priorities[i].Outcomes = append(d.plan.Priorities[i].Outcomes, o)
	}
}

func (d *decoder) line(r *rawRow) {
	l := model.Line{
		ID:         r.id,
		PriorityID: d.priorityID(r),
		Title:      d.title(r, "line"),
		Owner:      d.text(r, colOwner),
		Kind:       d.text(r, colKind),
		Tags:       d.tagsOf(r),
		Notes:      d.text(r, colNotes),
		LedgerCode: d.text(r, colLedgerCode),
	}
	l.Cost, _ = d.money(r, colAmount)
	d.profile(r)
	d.place(fmt.Sprintf("line %q", l.Title), r.num)
	d.plan.Lines = append(d.plan.Lines, l)
}

func (d *decoder) post(r *rawRow) {
	po := model.Post{
		ID:          r.id,
		PriorityID:  d.priorityID(r),
		Title:       d.title(r, "post"),
		Team:        d.text(r, colOwner),
		Tags:        d.tagsOf(r),
		OtherFunder: d.text(r, colOtherFunder),
		Notes:       d.text(r, colNotes),
		LedgerCode:  d.text(r, colLedgerCode),
	}
	// Amount and Other funder amount are the costing, worked out again
	// from the inputs; what the file says there is not read.
	po.FTE, _ = d.fte(r, colFTE)
	po.Salary, _ = d.money(r, colSalary)
	start, okStart := d.month(r, colStart)
	end, okEnd := d.month(r, colEnd)
	po.StartMonth, po.EndMonth = start, end
	if okStart && okEnd && end < start {
		d.problem(r.num, colEnd, fmt.Sprintf("the post ends (%s) before it starts (%s)", model.MonthName(end), model.MonthName(start)))
	}
	po.GrantShare, _ = d.percent(r, colShare)
	if raw := d.cell(r, colOverride); strings.TrimSpace(raw) != "" {
		if m, ok := d.money(r, colOverride); ok {
			po.OnCostOverride = &m
		}
	}
	d.profile(r)
	d.place(fmt.Sprintf("post %q", po.Title), r.num)
	d.plan.Posts = append(d.plan.Posts, po)
}

// profile reads the Profile cell of a line or post.
func (d *decoder) profile(r *rawRow) {
	if d.col[colProfile] < 0 {
		return
	}
	pr, err := model.ParseProfile(d.text(r, colProfile))
	if err != nil {
		d.problem(r.num, colProfile, err.Error())
		return
	}
	if pr.Kind != model.ProfileDefault {
		d.profiles[r.id] = pr
	}
}

// money reads a required amount that must not be negative.
func (d *decoder) money(r *rawRow, col int) (model.Money, bool) {
	raw := d.cell(r, col)
	if strings.TrimSpace(raw) == "" {
		d.problem(r.num, col, "the amount is empty: give one such as 12000.00")
		return model.Money{}, false
	}
	m, err := model.ParseMoney(raw)
	if err != nil {
		d.problem(r.num, col, err.Error())
		return model.Money{}, false
	}
	return m, true
}

// percent reads a required percentage between 0 and 100.
func (d *decoder) percent(r *rawRow, col int) (model.Percent, bool) {
	raw := d.cell(r, col)
	if strings.TrimSpace(raw) == "" {
		d.problem(r.num, col, "the percentage is empty: give one such as 50 or 13.8%")
		return model.Percent{}, false
	}
	p, err := model.ParsePercent(raw)
	if err != nil {
		d.problem(r.num, col, err.Error())
		return model.Percent{}, false
	}
	if p.Decimal().Sign() < 0 || p.Decimal().Cmp(decimal.NewFromInt(100)) > 0 {
		d.problem(r.num, col, fmt.Sprintf("%q is not between 0%% and 100%%", raw))
		return model.Percent{}, false
	}
	return p, true
}

// fte reads a full-time equivalent: a plain decimal (no exponent, at most
// four decimal places) more than 0 and at most model.MaxFTE.
func (d *decoder) fte(r *rawRow, col int) (decimal.Decimal, bool) {
	raw := d.cell(r, col)
	t := strings.TrimSpace(raw)
	if t == "" {
		d.problem(r.num, col, "the FTE is empty: give one such as 1 or 0.5")
		return decimal.Zero, false
	}
	intPart, frac, _ := strings.Cut(t, ".")
	plain := intPart+frac != "" && len(intPart) <= 3 && len(frac) <= 4 &&
		strings.Trim(intPart, "0123456789") == "" && strings.Trim(frac, "0123456789") == ""
	var v decimal.Decimal
	if plain {
		var err error
		v, err = decimal.NewFromString(t)
		plain = err == nil
	}
	if !plain {
		d.problem(r.num, col, fmt.Sprintf("%q is not a valid FTE: give a number such as 1 or 0.5, with at most four decimal places", raw))
		return decimal.Zero, false
	}
	if v.Sign() <= 0 || v.Cmp(model.MaxFTE) > 0 {
		d.problem(r.num, col, fmt.Sprintf("FTE %s must be more than 0 and at most %s", v, model.MaxFTE))
		return decimal.Zero, false
	}
	return v, true
}

// month reads a month of the financial year.
func (d *decoder) month(r *rawRow, col int) (int, bool) {
	m, err := model.ParseMonth(d.cell(r, col))
	if err != nil {
		d.problem(r.num, col, err.Error())
		return 0, false
	}
	return m, true
}

// validate runs the model's own checks over the plan read, as a last line
// of defence behind the checks of each row, and reports its errors at the
// rows they concern. An error about a record whose row already has a
// problem is left out, since it would only restate it; one that could be
// about any of several records with the same name goes to row 0, its
// wording naming the record.
func (d *decoder) validate() {
	for _, p := range model.Errors(d.plan.Validate()) {
		if p.Where == "plan" && d.noPlan {
			continue
		}
		rows := d.where[p.Where]
		if slices.ContainsFunc(rows, func(r int) bool { return d.bad.has(r) }) {
			continue
		}
		row := 0
		if len(rows) == 1 {
			row = rows[0]
		}
		d.problem(row, -1, p.Where+" "+p.Message)
	}
}
