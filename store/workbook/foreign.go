package workbook

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"csplan/model"
	"csplan/store/foreign"
	"csplan/store/planfile"

	"github.com/xuri/excelize/v2"
)

// ReadAny reads a plan from any workbook. csplan's own workbook (one with
// a Data sheet), when no sheet or mapping is asked for, is read exactly by
// Read, and the foreign result is nil. Any other workbook, or a sheet
// named by sheet, is read as the officer laid it out (see package
// foreign): the named sheet, else the first sheet whose headers name a
// title and an amount, with the posts of another sheet (see ReadSheets).
// The bounds of Read hold for both.
func ReadAny(r io.ReaderAt, size int64, sheet string, o foreign.Options) (*model.Plan, planfile.FileInfo, *foreign.Result, error) {
	return ReadSheets(r, size, Sheets{Lines: sheet}, o)
}

// Sheets name the sheets of a workbook of the officer's own layout to
// read.
type Sheets struct {
	// Lines names the sheet of lines (and perhaps posts) that the
	// mapping is of; "" for the first sheet whose headers name a title
	// and an amount, and a sheet of posts beside it found by its headers.
	Lines string
	// Posts names a second sheet, of posts, read by its headers'
	// synonyms; "" for none (when Lines is named).
	Posts string
}

// ReadSheets reads a plan from any workbook, as ReadAny, from the sheets
// named. With no sheet named, a workbook whose lines sheet has no salary
// column but another visible sheet has (Post, FTE, Salary ...; and no
// cost column) gives its posts from that sheet: the officer's plan with
// its posts on a sheet of their own. Such a sheet with no priority column
// is not read, and a note says so.
func ReadSheets(r io.ReaderAt, size int64, want Sheets, o foreign.Options) (*model.Plan, planfile.FileInfo, *foreign.Result, error) {
	if err := checkZip(r, size); err != nil {
		return nil, planfile.FileInfo{}, nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{UnzipSizeLimit: MaxUnzipped})
	if err != nil {
		return nil, planfile.FileInfo{}, nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	own := false
	if idx, err := f.GetSheetIndex(SheetData); err == nil && idx >= 0 {
		own = true
	}
	if own && want.Lines == "" && want.Posts == "" && len(o.Map) == 0 {
		f.Close()
		p, info, err := Read(r, size)
		return p, info, nil, err
	}
	defer f.Close()
	all := f.GetSheetList()
	named := func(name string) (string, error) {
		for _, s := range all {
			if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(name)) {
				return s, nil
			}
		}
		return "", fmt.Errorf("the workbook has no sheet %q; its sheets are %s", name, quoteAll(all))
	}
	table := func(s string) (*foreign.Table, error) {
		t, problem, err := sheetTable(f, s)
		if err != nil {
			return nil, err
		}
		if problem != nil {
			return nil, &planfile.DecodeError{Problems: []planfile.RowProblem{*problem}, Total: 1, Rows: 1}
		}
		return t, nil
	}
	fail := func(err error) (*model.Plan, planfile.FileInfo, *foreign.Result, error) {
		return nil, planfile.FileInfo{}, nil, err
	}
	read := func(parts []foreign.Part, notes []planfile.RowProblem) (*model.Plan, planfile.FileInfo, *foreign.Result, error) {
		res, err := foreign.ReadParts(parts...)
		if err != nil {
			return fail(err)
		}
		res.Notes = append(res.Notes, notes...)
		return res.Plan, planfile.FileInfo{Notes: res.Notes}, res, nil
	}
	if want.Lines != "" {
		s, err := named(want.Lines)
		if err != nil {
			return fail(err)
		}
		t, err := table(s)
		if err != nil {
			return fail(err)
		}
		parts := []foreign.Part{{Table: t, Options: o}}
		if want.Posts != "" {
			ps, err := named(want.Posts)
			if err != nil {
				return fail(err)
			}
			if ps != s {
				pt, err := table(ps)
				if err != nil {
					return fail(err)
				}
				parts = append(parts, foreign.Part{Table: pt})
			}
		}
		return read(parts, nil)
	}

	var (
		tried    []string
		firstErr error
		lines    *foreign.Table
		linesMap foreign.Mapping
		fallback *foreign.Table
		// unmatched is a sheet whose headers csplan cannot match that
		// looks like a table all the same: perhaps the lines.
		unmatched string
	)
	for _, s := range all {
		if !isVisible(f, s) {
			continue
		}
		if lines != nil {
			break
		}
		t, err := table(s)
		if err != nil {
			return fail(err)
		}
		_, m, err := foreign.FindHeader(t, o)
		if err != nil {
			tried = append(tried, s)
			if firstErr == nil {
				firstErr = err
			}
			if l, ok := foreign.Inspect(t, o); ok && likelyTable(l) && unmatched == "" {
				unmatched = s
			}
			continue
		}
		if _, cost := m.Column(foreign.Cost); !cost {
			// A sheet of posts alone: the lines may be on a later one.
			if fallback == nil {
				fallback = t
			}
			continue
		}
		lines, linesMap = t, m
	}
	if lines == nil && fallback != nil {
		if unmatched != "" {
			// Reading the posts alone would drop the lines of a sheet
			// csplan cannot map: the officer says which is which.
			return fail(fmt.Errorf("%w (sheet %q has posts, but %q may hold the lines: name a sheet with --sheet, "+
				"and its columns with --map)", firstErr, fallback.Sheet, unmatched))
		}
		return read([]foreign.Part{{Table: fallback, Options: o}}, nil)
	}
	if lines == nil {
		if firstErr == nil {
			firstErr = fmt.Errorf("%w: the workbook has no sheet to read", foreign.ErrNoHeader)
		}
		if len(tried) > 1 {
			return fail(fmt.Errorf("%w (sheets tried: %s; name one with --sheet)", firstErr, quoteAll(tried)))
		}
		return fail(firstErr)
	}
	parts := []foreign.Part{{Table: lines, Options: o}}
	var notes []planfile.RowProblem
	if _, salary := linesMap.Column(foreign.Salary); !salary {
		ps, note, err := postsSheet(f, lines.Sheet)
		if err != nil {
			return fail(err)
		}
		if note != nil {
			notes = append(notes, *note)
		}
		if ps != "" {
			t, err := table(ps)
			if err != nil {
				return fail(err)
			}
			parts = append(parts, foreign.Part{Table: t})
		}
	}
	return read(parts, notes)
}

// postsSheet finds the visible sheet of posts beside a sheet of lines:
// the first, after the lines sheet and then before it, whose headers give
// a salary and no cost. One with no priority column is not read, and the
// note says so.
func postsSheet(f *excelize.File, lines string) (string, *planfile.RowProblem, error) {
	var after, before []string
	seen := false
	for _, s := range f.GetSheetList() {
		switch {
		case s == lines:
			seen = true
			continue
		case !isVisible(f, s):
			continue
		case seen:
			after = append(after, s)
		default:
			before = append(before, s)
		}
	}
	for _, s := range append(after, before...) {
		head, err := sheetHead(f, s)
		if err != nil {
			return "", nil, err
		}
		_, m, err := foreign.FindHeader(head, foreign.Options{})
		if err != nil {
			continue
		}
		_, salary := m.Column(foreign.Salary)
		_, cost := m.Column(foreign.Cost)
		if !salary || cost {
			continue
		}
		if _, ok := m.Column(foreign.Priority); !ok {
			return "", &planfile.RowProblem{Sheet: s, Reason: "this sheet looks like posts (it has a salary column) " +
				"but no column gives each post's SWP priority (Priority, Theme ...), so it was not read; " +
				"add one, or import it on its own with --sheet"}, nil
		}
		return s, nil, nil
	}
	return "", nil, nil
}

// isVisible reports whether a sheet is shown (not hidden) in the workbook.
func isVisible(f *excelize.File, sheet string) bool {
	v, err := f.GetSheetVisible(sheet)
	return err != nil || v
}

// sheetHead is the first rows of a sheet, as far down as a header row is
// looked for, to tell cheaply what the sheet holds.
func sheetHead(f *excelize.File, sheet string) (*foreign.Table, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, sheet, err)
	}
	defer it.Close()
	t := &foreign.Table{Sheet: sheet}
	for num := 1; it.Next() && num <= headSearch; num++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%w: the %s sheet cannot be read at row %d: %v", ErrNotWorkbook, sheet, num, err)
		}
		if len(cells) > planfile.MaxCells {
			break
		}
		if !blankRow(cells) {
			t.Rows = append(t.Rows, foreign.Row{Num: num, Cells: cells})
		}
	}
	return t, nil
}

// headSearch is how many rows of a sheet sheetHead reads: more than the
// rows foreign.FindHeader looks through, blank ones counted.
const headSearch = 60

// Layout finds the header row of a workbook of the officer's own layout
// and maps its columns as far as their headers allow (see
// foreign.Inspect): of the sheet named, else of the sheet ReadSheets
// would take for the lines, else of the visible sheet whose guessed
// header row has the most headers (the first on a tie): a sheet of notes
// beside the plan has fewer. posts names the sheet of posts beside it
// that ReadSheets would read, "" for none. It returns nil for csplan's
// own workbook (when no sheet or mapping is asked for) and for a
// workbook with no rows.
func Layout(r io.ReaderAt, size int64, sheet string, o foreign.Options) (l *foreign.Layout, posts string, err error) {
	if err := checkZip(r, size); err != nil {
		return nil, "", err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{UnzipSizeLimit: MaxUnzipped})
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(SheetData); err == nil && idx >= 0 && sheet == "" && len(o.Map) == 0 {
		return nil, "", nil
	}
	// As ReadSheets: the first sheet with a title and a cost, else a
	// sheet like a table whose headers csplan cannot match, else the
	// first with a title and a salary (posts alone), else a guess.
	var postsOnly, guess *foreign.Layout
	for _, s := range f.GetSheetList() {
		if sheet != "" && !strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(sheet)) {
			continue
		}
		if sheet == "" && !isVisible(f, s) {
			continue
		}
		t, problem, err := sheetTable(f, s)
		if err != nil {
			return nil, "", err
		}
		if problem != nil {
			return nil, "", &planfile.DecodeError{Problems: []planfile.RowProblem{*problem}, Total: 1, Rows: 1}
		}
		found, ok := foreign.Inspect(t, o)
		switch _, cost := found.Mapping.Column(foreign.Cost); {
		case !ok:
		case !found.Guessed && cost:
			l = &found
		case !found.Guessed:
			if postsOnly == nil {
				postsOnly = &found
			}
		case guess == nil || filled(found.Headers) > filled(guess.Headers):
			guess = &found
		}
		if l != nil {
			break
		}
	}
	switch {
	case l != nil:
	case guess != nil && likelyTable(*guess):
		l = guess
	case postsOnly != nil:
		l = postsOnly
	default:
		l = guess
	}
	if l == nil || sheet != "" {
		return l, "", nil
	}
	if _, salary := l.Mapping.Column(foreign.Salary); !salary {
		posts, _, err = postsSheet(f, l.Sheet)
	}
	return l, posts, err
}

// likelyTable reports whether a sheet whose headers csplan cannot match
// looks like a table all the same: two or more headers with a value
// under one, not a note of one cell.
func likelyTable(l foreign.Layout) bool {
	if filled(l.Headers) < 2 {
		return false
	}
	for _, s := range l.Samples {
		if s != "" {
			return true
		}
	}
	return false
}

// filled counts the headers that are not blank.
func filled(headers []string) int {
	n := 0
	for _, h := range headers {
		if strings.TrimSpace(h) != "" {
			n++
		}
	}
	return n
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// sheetTable reads a sheet's non-blank rows by their saved values, with
// each row's hidden state, a merged cell spanning rows taken for each of
// them (and said), and the sheet's formulas at hand for a cell that has
// no saved value. It stops, with a problem, past MaxRows or at a row of
// more than planfile.MaxCells cells, as Read does.
func sheetTable(f *excelize.File, sheet string) (*foreign.Table, *planfile.RowProblem, error) {
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, sheet, err)
	}
	defer it.Close()
	t := &foreign.Table{Sheet: sheet}
	byNum := map[int]int{} // row number → index in t.Rows
	num := 0
	for it.Next() {
		num++
		if num > MaxRows {
			return nil, &planfile.RowProblem{Sheet: sheet, Row: num, Reason: fmt.Sprintf(
				"the sheet has more than %d rows; nothing was read", MaxRows)}, nil
		}
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, fmt.Errorf("%w: the %s sheet cannot be read at row %d: %v", ErrNotWorkbook, sheet, num, err)
		}
		if len(cells) > planfile.MaxCells {
			return nil, &planfile.RowProblem{Sheet: sheet, Row: num, Reason: fmt.Sprintf(
				"the row has more than %d cells; nothing was read", planfile.MaxCells)}, nil
		}
		for i, c := range cells {
			cells[i] = excelPrecision(c)
		}
		visible, _ := f.GetRowVisible(sheet, num)
		byNum[num] = len(t.Rows)
		t.Rows = append(t.Rows, foreign.Row{Num: num, Cells: cells, Hidden: !visible})
	}
	if err := it.Error(); err != nil {
		return nil, nil, fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, sheet, err)
	}

	// A merged cell holds its value in its top-left cell only; one that
	// spans rows (a priority beside the lines under it) stands for each.
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: the %s sheet's merged cells cannot be read: %v", ErrNotWorkbook, sheet, err)
	}
	for _, mc := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		_, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || r2 <= r1 || r2-r1 > MaxRows {
			continue
		}
		top, ok := byNum[r1]
		if !ok || c1-1 >= len(t.Rows[top].Cells) || strings.TrimSpace(t.Rows[top].Cells[c1-1]) == "" {
			continue
		}
		v := t.Rows[top].Cells[c1-1]
		for r := r1 + 1; r <= r2; r++ {
			i, ok := byNum[r]
			if !ok {
				continue
			}
			row := &t.Rows[i]
			for len(row.Cells) < c1 {
				row.Cells = append(row.Cells, "")
			}
			row.Cells[c1-1] = v
		}
		t.Notes = append(t.Notes, planfile.RowProblem{Sheet: sheet, Reason: fmt.Sprintf(
			"%s:%s is one merged cell; its value %q was taken for each of rows %d to %d", mc.GetStartAxis(), mc.GetEndAxis(), v, r1, r2)})
	}

	blank := t.Rows[:0]
	for _, r := range t.Rows {
		if !blankRow(r.Cells) {
			blank = append(blank, r)
		}
	}
	t.Rows = blank
	t.Formula = func(row, col int) string {
		cell, err := excelize.CoordinatesToCellName(col+1, row)
		if err != nil {
			return ""
		}
		fx, _ := f.GetCellFormula(sheet, cell)
		return fx
	}
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	t.Date = func(row, col int) (time.Time, bool) {
		cell, err := excelize.CoordinatesToCellName(col+1, row)
		if err != nil {
			return time.Time{}, false
		}
		raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			return time.Time{}, false
		}
		serial, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
		if err != nil || serial < 1 || serial > maxDateSerial {
			return time.Time{}, false
		}
		idx, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			return time.Time{}, false
		}
		st, err := f.GetStyle(idx)
		if err != nil || !isDateFormat(st) {
			return time.Time{}, false
		}
		d, err := excelize.ExcelDateToTime(serial, date1904)
		return d, err == nil
	}
	t.Calc = func(row, col int) (string, error) {
		cell, err := excelize.CoordinatesToCellName(col+1, row)
		if err != nil {
			return "", err
		}
		fx, _ := f.GetCellFormula(sheet, cell)
		if !simpleFormula(fx, func(ref string) bool {
			inner, _ := f.GetCellFormula(sheet, ref)
			if inner == "" {
				return true
			}
			v, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
			return v != ""
		}) {
			return "", errors.New("not a formula csplan works out")
		}
		v, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(v, "#") {
			return "", errors.New(v)
		}
		return excelPrecision(v), nil
	}
	return t, nil, nil
}

// cellRef is a reference to one cell of the same sheet.
var cellRef = regexp.MustCompile(`\$?[A-Za-z]{1,3}\$?[0-9]{1,7}`)

// arithmetic is what a formula csplan works out may hold once its cell
// references and functions are taken out.
var arithmetic = regexp.MustCompile(`^[0-9.+\-*/(),% ]*$`)

// calcFunctions are the functions a formula csplan works out may call.
var calcFunctions = regexp.MustCompile(`(?i)\b(ROUND|ROUNDUP|ROUNDDOWN|SUM|MIN|MAX|ABS)\(`)

// simpleFormula reports whether a formula that has no saved value is one
// csplan works out itself: short arithmetic on at most 20 cells of the
// same sheet, each holding a value (saved=true), with no range, no other
// sheet and no name. Anything else could cost without bound (a chain of
// a million formulas, a SUM of whole columns) and is reported instead.
func simpleFormula(fx string, saved func(ref string) bool) bool {
	if fx == "" || len(fx) > 200 || strings.ContainsAny(fx, ":!\"'[") {
		return false
	}
	refs := cellRef.FindAllString(fx, 21)
	if len(refs) > 20 {
		return false
	}
	for _, r := range refs {
		if !saved(strings.ReplaceAll(r, "$", "")) {
			return false
		}
	}
	rest := calcFunctions.ReplaceAllString(fx, "(")
	rest = cellRef.ReplaceAllString(rest, "0")
	return arithmetic.MatchString(strings.TrimPrefix(rest, "="))
}

// maxDateSerial is the last day a spreadsheet date can be, 31 Dec 9999.
const maxDateSerial = 2958465

// builtinDateFormats are the number formats, by their built-in ids, that
// show a date: 14 to 22 (d/m/yyyy, d-mmm-yy, ...) and their East Asian
// variants 27 to 36 and 50 to 58; 45 to 47 show times of day only.
func builtinDateFormat(id int) bool {
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)
}

// isDateFormat reports whether a cell's style shows its number as a date:
// a built-in date format, or a format of the officer's own with a day,
// month or year in it (outside quoted text and [colour] or [$-locale]
// sections).
func isDateFormat(st *excelize.Style) bool {
	if st == nil {
		return false
	}
	if builtinDateFormat(st.NumFmt) {
		return true
	}
	if st.CustomNumFmt == nil {
		return false
	}
	quoted, bracket := false, false
	seen := map[rune]bool{}
	for _, r := range strings.ToLower(*st.CustomNumFmt) {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '[':
			bracket = true
		case r == ']':
			bracket = false
		case bracket:
		default:
			seen[r] = true
		}
	}
	// "m" alone may be minutes, as in h:mm.
	return seen['d'] || seen['y'] || (seen['m'] && !seen['h'] && !seen['s'])
}
