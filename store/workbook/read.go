package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"csplan/model"
	"csplan/store/planfile"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// The limits Read holds a workbook to, so that a broken or hostile file
// (a zip bomb, a sheet that claims a million rows) is refused from what
// it declares, before it is unzipped or its rows are read.
const (
	// MaxUnzipped is the most all the parts of a workbook may come to
	// unzipped, as the zip file declares them (and Go's zip reader holds
	// a part to what it declares). The workbook of a plan of 100,000
	// lines is far below it.
	MaxUnzipped = 256 << 20
	// MaxRows is the most rows a sheet may have: a plan of 100,000 lines
	// and posts has about as many on its Data sheet. A sheet that
	// declares more is not read.
	MaxRows = 250_000
)

// ErrNotWorkbook: the file is not a workbook that csplan can read.
var ErrNotWorkbook = errors.New("not a workbook csplan can read")

// Read reads a plan back from a workbook csplan exported (see Write), from
// its Data sheet, once it has checked that no other sheet was changed
// since (a change there would be lost; see checkPrints: it returns an
// error wrapping ErrSheetsChanged), with what the workbook says beyond the plan: the
// scenario it was made from (the Scenario record, or the title row that
// heads its sheets), which an importer must not take for the plan. Cells
// are read by their saved values; nothing is recalculated. It checks and
// reports as planfile.DecodeRows does, returning a *planfile.DecodeError
// whose problems name the sheet and the cell (Data!H14), and no plan while
// any is wrong.
func Read(r io.ReaderAt, size int64) (*model.Plan, planfile.FileInfo, error) {
	if err := checkZip(r, size); err != nil {
		return nil, planfile.FileInfo{}, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{UnzipSizeLimit: MaxUnzipped})
	if err != nil {
		return nil, planfile.FileInfo{}, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer f.Close()
	if idx, err := f.GetSheetIndex(SheetData); err != nil || idx < 0 {
		return nil, planfile.FileInfo{}, fmt.Errorf("%w: it has no %q sheet, which csplan's own workbooks carry (from this version on): "+
			"export the plan again from csplan, or save the sheet that holds it as CSV in csplan's format and import that",
			ErrNotWorkbook, SheetData)
	}
	if err := checkPrints(f); err != nil {
		return nil, planfile.FileInfo{}, err
	}
	rows, title, problem, err := dataRows(f)
	if err != nil {
		return nil, planfile.FileInfo{}, err
	}
	p, info, err := planfile.DecodeRows(rows)
	var de *planfile.DecodeError
	if errors.As(err, &de) || problem != nil {
		if de == nil {
			de = &planfile.DecodeError{}
		}
		header := []string(nil)
		if len(rows) > 0 {
			header = rows[0].Cells
		}
		placeProblems(de, header)
		if problem != nil {
			de.Problems = append(de.Problems, *problem)
			de.Total++
			de.Rows++
		}
		return nil, planfile.FileInfo{}, de
	}
	if err != nil {
		return nil, planfile.FileInfo{}, err
	}
	if info.Scenario == "" && title != "" {
		info.Scenario = title
	}
	return p, info, nil
}

// checkZip refuses a workbook whose parts would unzip to more than
// MaxUnzipped, or one of whose sheets declares more than MaxRows rows,
// reading no more than the zip's directory and the start of each sheet.
func checkZip(r io.ReaderAt, size int64) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%w: it is a damaged zip file (%v)", ErrNotWorkbook, err)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		if zf.UncompressedSize64 > MaxUnzipped || total > MaxUnzipped {
			return fmt.Errorf("%w: unzipped it would come to more than %d MB, far more than a plan's workbook; it was not read", ErrNotWorkbook, MaxUnzipped>>20)
		}
	}
	for _, zf := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))
		if !strings.HasPrefix(name, "xl/worksheets/") || !strings.HasSuffix(name, ".xml") {
			continue
		}
		rows, err := declaredRows(zf)
		if err != nil {
			return fmt.Errorf("%w: %s cannot be read (%v)", ErrNotWorkbook, zf.Name, err)
		}
		if rows > MaxRows {
			return fmt.Errorf("%w: a sheet declares %d rows, more than the %d csplan reads; it was not read", ErrNotWorkbook, rows, MaxRows)
		}
	}
	return nil
}

// dimension finds a sheet's declared extent, e.g. <dimension ref="A1:T42"/>.
var dimension = regexp.MustCompile(`<(?:\w+:)?dimension\s+ref="([^"]*)"`)

// declaredRows reads the last row a sheet declares, from its dimension
// element near the start of the sheet; 0 when it declares none (the rows
// are then counted as they are read).
func declaredRows(zf *zip.File) (int, error) {
	rc, err := zf.Open()
	if err != nil {
		return 0, err
	}
	defer rc.Close()
	// The dimension comes before the rows, after the namespaces, which
	// some programs make long: 64 KiB is far more than they take.
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(rc, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return 0, err
	}
	head = head[:n]
	if i := bytes.Index(head, []byte("<sheetData")); i >= 0 {
		head = head[:i]
	}
	m := dimension.FindSubmatch(head)
	if m == nil {
		return 0, nil
	}
	ref := string(m[1])
	if i := strings.LastIndexByte(ref, ':'); i >= 0 {
		ref = ref[i+1:]
	}
	_, row, err := excelize.CellNameToCoordinates(strings.ReplaceAll(ref, "$", ""))
	if err != nil {
		return 0, nil // a dimension excelize cannot read: the rows are counted instead
	}
	return row, nil
}

// dataRows reads the Data sheet's rows by their saved values: the header
// first, with the title row of a workbook made from a scenario left out
// and the scenario it names returned. Reading stops, with a problem, at a
// row with more cells than planfile.MaxCells or past MaxRows.
func dataRows(f *excelize.File) (rows []planfile.Row, title string, problem *planfile.RowProblem, err error) {
	it, err := f.Rows(SheetData)
	if err != nil {
		return nil, "", nil, fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, SheetData, err)
	}
	defer it.Close()
	var numbers []bool // by column, from the header
	num := 0
	for it.Next() {
		num++
		if num > MaxRows {
			return rows, title, &planfile.RowProblem{Sheet: SheetData, Row: num, Reason: fmt.Sprintf(
				"the sheet has more than %d rows; nothing from here on was read", MaxRows)}, nil
		}
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, "", nil, fmt.Errorf("%w: the %s sheet cannot be read at row %d: %v", ErrNotWorkbook, SheetData, num, err)
		}
		if len(cells) > planfile.MaxCells {
			return rows, title, &planfile.RowProblem{Sheet: SheetData, Row: num, Reason: fmt.Sprintf(
				"the row has more than %d cells; nothing from here on was read", planfile.MaxCells)}, nil
		}
		if blankRow(cells) {
			continue
		}
		if len(rows) == 0 && title == "" {
			if name, ok := scenarioOfTitle(cells); ok {
				title = name
				continue
			}
			if subsetOfTitle(cells) {
				// The Subset record below says the same, and is what
				// import reads.
				continue
			}
		}
		if len(rows) == 0 {
			numbers = make([]bool, len(cells))
			for i, c := range cells {
				numbers[i] = planfile.NumberHeader(c)
			}
		} else {
			for i, c := range cells {
				if i < len(numbers) && numbers[i] {
					cells[i] = excelPrecision(c)
				}
			}
		}
		rows = append(rows, planfile.Row{Num: num, Cells: cells})
	}
	if err := it.Error(); err != nil {
		return nil, "", nil, fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, SheetData, err)
	}
	return rows, title, nil, nil
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// scenarioOfTitle reads the row that heads every sheet of a workbook made
// from a scenario (see ScenarioTitle): its one cell names the scenario.
func scenarioOfTitle(cells []string) (string, bool) {
	if len(cells) != 1 {
		return "", false
	}
	const suffix = " (a what-if, not the plan)"
	c := cells[0]
	if !strings.HasPrefix(c, "Scenario: ") || !strings.HasSuffix(c, suffix) {
		return "", false
	}
	name := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(c, "Scenario: "), suffix))
	return name, name != ""
}

// subsetOfTitle reports whether a row is the one that heads every sheet of
// a workbook of part of the plan (see SubsetTitle).
func subsetOfTitle(cells []string) bool {
	return len(cells) == 1 && strings.HasPrefix(cells[0], "Subset: ") && strings.HasSuffix(cells[0], subsetSuffix)
}

// excelPrecision reads a number as Excel holds it, to 15 significant
// digits. csplan writes its amounts exactly (no amount has more digits),
// but a spreadsheet that saves a number it worked out may write all 17
// digits of the binary fraction, 1234.5599999999999 for 1234.56. Anything
// that is not such a long plain number is left as it is.
func excelPrecision(c string) string {
	if len(c) <= 16 || len(c) > planfile.MaxNumberChars {
		return c
	}
	digits := 0
	for _, r := range c {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == '-' || r == 'E' || r == 'e' || r == '+':
		default:
			return c
		}
	}
	if digits <= 15 {
		return c
	}
	v, err := strconv.ParseFloat(c, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return c
	}
	d, err := decimal.NewFromString(strconv.FormatFloat(v, 'g', 15, 64))
	if err != nil {
		return c
	}
	return d.String()
}

// placeProblems names the sheet and cell of each problem the decoder
// found in the Data sheet, from the column names of its header.
func placeProblems(de *planfile.DecodeError, header []string) {
	col := make(map[string]int, len(header))
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[k]; !dup {
			col[k] = i
		}
	}
	for i := range de.Problems {
		pr := &de.Problems[i]
		if pr.Sheet != "" {
			continue
		}
		pr.Sheet = SheetData
		if pr.Row <= 0 || pr.Column == "" {
			continue
		}
		if c, ok := col[strings.ToLower(strings.TrimSpace(pr.Column))]; ok {
			pr.Cell, _ = excelize.CoordinatesToCellName(c+1, pr.Row)
		}
	}
}

// IsWorkbook reports whether a file starts as a zip file does, as every
// .xlsx workbook does, whatever its name.
func IsWorkbook(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }
