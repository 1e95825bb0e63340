package workbook

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"csplan/model"
	"csplan/store/internal/plantest"
	"csplan/store/planfile"
)

// comparedPlan is the workbook of the test plan with all four sheets a
// reader sees (a Comparison sheet too) besides the Data sheet.
func comparedPlan(t *testing.T) []byte {
	t.Helper()
	p := testPlan()
	cols := []model.Column{{Name: "Plan", Plan: p}, {Name: "Same again", Plan: p}}
	return writePlan(t, Options{Title: "Plan", Compare: cols})
}

// planCostCell is the cell of the Plan sheet that shows the cost of the
// line with the given title.
func planCostCell(t *testing.T, f *excelize.File, title string) string {
	t.Helper()
	rows, err := f.GetRows(SheetPlan)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for _, c := range row {
			if c == title {
				return planCost + strconv.Itoa(r+1)
			}
		}
	}
	t.Fatalf("no line %q on the Plan sheet", title)
	return ""
}

// A workbook as csplan exported it, or saved again by another program with
// its sheets' values unchanged, imports as the plan it was made from.
func TestFingerprintedWorkbookImports(t *testing.T) {
	p := planfile.BuiltIn() // its IDs are in file order, as import makes them
	var buf bytes.Buffer
	if err := Write(&buf, p, Options{Title: "Plan", Compare: []model.Column{{Name: "Plan", Plan: p}, {Name: "Same again", Plan: p}}}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	resaved := edit(t, data, func(*excelize.File) {})
	for name, b := range map[string][]byte{"as exported": data, "saved again": resaved} {
		back, _, err := readBytes(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := plantest.DiffPlans(p, back); len(d) > 0 {
			t.Errorf("%s: the plan changed:\n%s", name, strings.Join(d, "\n"))
		}
	}
}

// A cost changed on the Plan sheet, the sheet the officer sees but import
// does not read, is refused by name, and nothing is read: taken in, the
// change would be lost.
func TestPlanSheetEditRefused(t *testing.T) {
	line := testPlan().Lines[0].Title
	data := edit(t, comparedPlan(t), func(f *excelize.File) {
		if err := f.SetCellValue(SheetPlan, planCostCell(t, f, line), 9999.99); err != nil {
			t.Fatal(err)
		}
	})
	back, _, err := readBytes(data)
	if back != nil {
		t.Fatal("a plan was read from a workbook whose Plan sheet was changed")
	}
	if !errors.Is(err, ErrSheetsChanged) {
		t.Fatalf("err = %v, want ErrSheetsChanged", err)
	}
	msg := err.Error()
	for _, want := range []string{"the Plan sheet was changed", "reads the plan only from the Data sheet", "would be lost", "nothing was imported"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not say %q", msg, want)
		}
	}
	for _, other := range []string{SheetPosts, SheetFunding, SheetComparison} {
		if strings.Contains(msg, other) {
			t.Errorf("message %q names the %s sheet, which is unchanged", msg, other)
		}
	}
}

// Every changed sheet is named, and so is one added since the export.
func TestEverySheetChangedOrAddedIsNamed(t *testing.T) {
	data := edit(t, comparedPlan(t), func(f *excelize.File) {
		must(t, f.SetCellValue(SheetPosts, "B3", "Someone else"))
		must(t, f.SetCellValue(SheetComparison, "A40", "a note"))
		_, err := f.NewSheet("My notes")
		must(t, err)
		must(t, f.SetCellValue("My notes", "A1", "Raise £2,000 with the PCC"))
	})
	_, _, err := readBytes(data)
	if !errors.Is(err, ErrSheetsChanged) || !strings.Contains(err.Error(), "the Posts and Comparison sheets were changed, and the My notes sheet was added") {
		t.Fatalf("err = %v, want the Posts and Comparison sheets named as changed and My notes as added", err)
	}
}

// A sheet deleted since the export loses nothing on import, so it is no
// reason to refuse: deleting a changed sheet is how an officer who wants
// the Data sheet read as it is says so.
func TestDeletedSheetsImport(t *testing.T) {
	data := edit(t, comparedPlan(t), func(f *excelize.File) {
		must(t, f.SetCellValue(SheetPlan, planCostCell(t, f, testPlan().Lines[0].Title), 1))
		must(t, f.DeleteSheet(SheetPlan))
	})
	if _, _, err := readBytes(data); err != nil {
		t.Fatalf("without its changed Plan sheet: %v", err)
	}
}

// A workbook with a Data sheet and other sheets but no fingerprint is
// refused: csplan cannot tell whether those sheets were changed. With only
// its Data sheet left, it imports.
func TestMissingFingerprintRefused(t *testing.T) {
	noPrint := func(f *excelize.File) {
		rows, err := f.GetRows(SheetData)
		must(t, err)
		for i, c := range rows[0] {
			if c == FingerprintLabel {
				cell, _ := excelize.CoordinatesToCellName(i+2, 1)
				must(t, f.SetCellStr(SheetData, cell, ""))
				return
			}
		}
		t.Fatal("no fingerprint in the Data sheet's header row")
	}
	data := edit(t, comparedPlan(t), noPrint)
	back, _, err := readBytes(data)
	if back != nil || !errors.Is(err, ErrSheetsChanged) || !strings.Contains(err.Error(), "the Data sheet has no fingerprint") ||
		!strings.Contains(err.Error(), "Plan, Posts, Funding and Comparison sheets were changed") {
		t.Fatalf("err = %v, want the missing fingerprint refused, naming the sheets it would cover", err)
	}
	onlyData := edit(t, data, func(f *excelize.File) {
		for _, s := range []string{SheetPlan, SheetPosts, SheetFunding, SheetComparison} {
			must(t, f.DeleteSheet(s))
		}
	})
	if _, _, err := readBytes(onlyData); err != nil {
		t.Fatalf("the Data sheet alone: %v", err)
	}
}

// A change on the Data sheet is what import reads, and the fingerprint of
// the other sheets still holds.
func TestDataSheetEditImports(t *testing.T) {
	p := testPlan()
	data := edit(t, comparedPlan(t), func(f *excelize.File) {
		must(t, f.SetCellValue(SheetData, findData(t, f, "Line", p.Lines[0].Title, "Amount"), 7500))
	})
	back, _, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := back.Lines[0].Cost, model.Pounds(7500); !got.Equal(want) {
		t.Fatalf("cost read as %s, want %s", got, want)
	}
}

// The fingerprint of a sheet changes with any of its values, or where one
// stands, and not with trailing blanks.
func TestSheetSum(t *testing.T) {
	sum := func(cells map[string]string) string {
		t.Helper()
		f := excelize.NewFile()
		defer f.Close()
		for cell, v := range cells {
			must(t, f.SetCellStr("Sheet1", cell, v))
		}
		s, err := sheetSum(f, "Sheet1")
		must(t, err)
		return s
	}
	base := sum(map[string]string{"A1": "ab", "B1": "c"})
	for name, cells := range map[string]map[string]string{
		"a value changed":       {"A1": "ab", "B1": "d"},
		"a boundary moved":      {"A1": "a", "B1": "bc"},
		"a value moved a row":   {"A1": "ab", "B2": "c"},
		"a value moved a cell":  {"A1": "ab", "C1": "c"},
		"a row added":           {"A1": "ab", "B1": "c", "A5": "x"},
		"two cells made one":    {"A1": "abc"},
		"the same, one row on":  {"A2": "ab", "B2": "c"},
		"a separator in a cell": {"A1": "ab\x00c"},
	} {
		if sum(cells) == base {
			t.Errorf("%s: the sum did not change", name)
		}
	}
	if s := sum(map[string]string{"A1": "ab", "B1": "c", "D1": "", "A3": ""}); s != base {
		t.Error("blank cells after the last value changed the sum")
	}
}

// TestRawSum: the v2 fingerprint counts values as stored, numbers to 12
// significant figures, and what the export works out as it writes a sheet
// is what import reads back from it.
func TestRawSum(t *testing.T) {
	sum := func(cells map[string]any) string {
		t.Helper()
		f := excelize.NewFile()
		defer f.Close()
		for cell, v := range cells {
			must(t, f.SetCellValue("Sheet1", cell, v))
		}
		s, err := rawSum(f, "Sheet1")
		must(t, err)
		return s
	}
	base := sum(map[string]any{"A1": "ab", "B1": 1234.56})
	if s := sum(map[string]any{"A1": "ab", "B1": 1234.5599999999999}); s != base {
		t.Error("a spreadsheet's float noise changed the sum")
	}
	for name, cells := range map[string]map[string]any{
		"a number changed":      {"A1": "ab", "B1": 1234.57},
		"a text changed":        {"A1": "ac", "B1": 1234.56},
		"a value moved a row":   {"A1": "ab", "B2": 1234.56},
		"a boundary moved":      {"A1": "a", "B1": "b1234.56"},
		"a number made text":    {"A1": "ab", "B1": "1234.56x"},
		"the same, one row on":  {"A2": "ab", "B2": 1234.56},
		"NaN is a word, kept":   {"A1": "ab", "B1": "NaN"},
		"a separator in a cell": {"A1": "ab\x00", "B1": 1234.56},
	} {
		if sum(cells) == base {
			t.Errorf("%s: the sum did not change", name)
		}
	}

	// Written through setRow while printing, it sums as it reads back.
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	must(t, err)
	p := newSheetPrinter("Sheet1")
	stop := printWhileWriting(sw, p)
	must(t, setRow(sw, "A1", []any{text("Plan", 0), nil, money(model.Pence(123456), 0)}))
	must(t, setRow(sw, "A3", []any{nil, formula("SUM(C1:C1)", model.Pence(123456), 0), 7, nil}))
	stop()
	must(t, sw.Flush())
	read, err := rawSum(f, "Sheet1")
	must(t, err)
	if p.sum() != read {
		t.Fatal("the fingerprint worked out while writing is not the one read back")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// testdata/libreoffice-resaved.xlsx is the built-in plan exported by csplan
// with a Comparison sheet, opened and saved again, unchanged, by
// LibreOffice Calc 7 (soffice --headless --convert-to xlsx), which writes
// every part afresh in its own way. Its sheets' values are unchanged, so it
// imports: the fingerprint does not take another program's save for an
// edit.
//
// libreoffice-resaved.xlsx carries a v1 fingerprint (values as shown, read
// back at export); libreoffice-resaved-v2.xlsx a v2 one (values as stored,
// worked out as the export writes them), made the same way by csplan after
// it.
func TestLibreOfficeResaveImports(t *testing.T) {
	for _, name := range []string{"libreoffice-resaved.xlsx", "libreoffice-resaved-v2.xlsx"} {
		t.Run(name, func(t *testing.T) { libreOfficeResaveImports(t, "testdata/"+name) })
	}
}

func libreOfficeResaveImports(t *testing.T, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Lines) != 14 || len(p.Posts) != 5 {
		t.Fatalf("%d lines and %d posts, want 14 and 5", len(p.Lines), len(p.Posts))
	}
	edited := edit(t, data, func(f *excelize.File) {
		must(t, f.SetCellValue(SheetPlan, planCostCell(t, f, p.Lines[0].Title), 1))
	})
	if _, _, err := readBytes(edited); !errors.Is(err, ErrSheetsChanged) || !strings.Contains(err.Error(), "the Plan sheet was changed") {
		t.Fatalf("its Plan sheet edited: err = %v, want the Plan sheet named as changed", err)
	}
}
