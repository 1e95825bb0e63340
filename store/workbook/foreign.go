package workbook

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

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
// title and an amount. The bounds of Read hold for both.
func ReadAny(r io.ReaderAt, size int64, sheet string, o foreign.Options) (*model.Plan, planfile.FileInfo, *foreign.Result, error) {
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
	if own && sheet == "" && len(o.Map) == 0 {
		f.Close()
		p, info, err := Read(r, size)
		return p, info, nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	var tried []string
	if sheet != "" {
		found := ""
		for _, s := range sheets {
			if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(sheet)) {
				found = s
			}
		}
		if found == "" {
			return nil, planfile.FileInfo{}, nil, fmt.Errorf("the workbook has no sheet %q; its sheets are %s", sheet, quoteAll(sheets))
		}
		sheets = []string{found}
	}
	var firstErr error
	for _, s := range sheets {
		if sheet == "" {
			if v, err := f.GetSheetVisible(s); err == nil && !v {
				continue
			}
		}
		t, problem, err := sheetTable(f, s)
		if err != nil {
			return nil, planfile.FileInfo{}, nil, err
		}
		if problem != nil {
			return nil, planfile.FileInfo{}, nil, &planfile.DecodeError{Problems: []planfile.RowProblem{*problem}, Total: 1, Rows: 1}
		}
		if _, _, err := foreign.FindHeader(t, o); err != nil {
			tried = append(tried, s)
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		res, err := foreign.Read(t, o)
		if err != nil {
			return nil, planfile.FileInfo{}, nil, err
		}
		return res.Plan, planfile.FileInfo{Notes: res.Notes}, res, nil
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("%w: the workbook has no sheet to read", foreign.ErrNoHeader)
	}
	if len(tried) > 1 {
		return nil, planfile.FileInfo{}, nil, fmt.Errorf("%w (sheets tried: %s; name one with --sheet)", firstErr, quoteAll(tried))
	}
	return nil, planfile.FileInfo{}, nil, firstErr
}

// Layout finds the header row of a workbook of the officer's own layout
// and maps its columns as far as their headers allow (see
// foreign.Inspect): of the sheet named, else of the first visible sheet
// whose headers name a title and an amount, else of the first visible
// sheet with rows. It returns nil for csplan's own workbook (when no
// sheet or mapping is asked for) and for a workbook with no rows.
func Layout(r io.ReaderAt, size int64, sheet string, o foreign.Options) (*foreign.Layout, error) {
	if err := checkZip(r, size); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{UnzipSizeLimit: MaxUnzipped})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(SheetData); err == nil && idx >= 0 && sheet == "" && len(o.Map) == 0 {
		return nil, nil
	}
	var guess *foreign.Layout
	for _, s := range f.GetSheetList() {
		if sheet != "" && !strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(sheet)) {
			continue
		}
		if sheet == "" {
			if v, err := f.GetSheetVisible(s); err == nil && !v {
				continue
			}
		}
		t, problem, err := sheetTable(f, s)
		if err != nil {
			return nil, err
		}
		if problem != nil {
			return nil, &planfile.DecodeError{Problems: []planfile.RowProblem{*problem}, Total: 1, Rows: 1}
		}
		l, ok := foreign.Inspect(t, o)
		if !ok {
			continue
		}
		if !l.Guessed {
			return &l, nil
		}
		if guess == nil {
			guess = &l
		}
	}
	return guess, nil
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
