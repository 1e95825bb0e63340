package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"pgregory.net/rapid"

	"csplan/model"
	"csplan/store/foreign"
	"csplan/store/internal/plantest"
	"csplan/store/planfile"
)

func readBytes(b []byte) (*model.Plan, planfile.FileInfo, error) {
	return Read(bytes.NewReader(b), int64(len(b)))
}

// Any valid plan comes back from csplan's own workbook exactly as it was,
// and so does the scenario it was made from.
func TestWorkbookRoundTripRandomPlans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := plantest.GenWorkbookPlan(t)
		if errs := model.Errors(p.Validate()); len(errs) > 0 {
			t.Fatalf("the generator made an invalid plan: %v", errs)
		}
		opts := Options{Title: "Plan"}
		if rapid.Bool().Draw(t, "from a scenario") {
			opts.Scenario = strings.TrimSpace(plantest.XMLText(plantest.GenText.Draw(t, "scenario")) + " what-if")
		}
		if rapid.Bool().Draw(t, "with profiles") {
			opts.Profiles = plantest.GenProfiles(t, p)
		}
		var b bytes.Buffer
		if err := Write(&b, p, opts); err != nil {
			t.Fatalf("Write: %v", err)
		}
		back, info, err := readBytes(b.Bytes())
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if d := plantest.DiffPlans(p, back); len(d) > 0 {
			t.Fatalf("the plan changed in a round trip through a workbook:\n%s", strings.Join(d, "\n"))
		}
		if info.Scenario != opts.Scenario {
			t.Fatalf("scenario read back as %q, want %q", info.Scenario, opts.Scenario)
		}
		if d := plantest.DiffProfiles(opts.Profiles, info.Profiles); len(d) > 0 || (opts.Profiles == nil) != (info.Profiles == nil) {
			t.Fatalf("the profiles changed in a round trip through a workbook:\n%s", strings.Join(d, "\n"))
		}
	})
}

// writePlan is the workbook of the test plan.
func writePlan(t *testing.T, opts Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, testPlan(), opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// edit opens a workbook, changes it and saves it again, as an officer
// would in a spreadsheet.
func edit(t *testing.T, data []byte, change func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	change(f)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// findData is the cell of the Data sheet in the named column of the first
// row whose Record and Title cells are as given.
func findData(t *testing.T, f *excelize.File, record, title, column string) string {
	t.Helper()
	rows, err := f.GetRows(SheetData)
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == column {
			col = i
		}
	}
	for r, row := range rows {
		if len(row) > 2 && row[0] == record && row[2] == title {
			cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
			return cell
		}
	}
	t.Fatalf("no %s %q on the Data sheet", record, title)
	return ""
}

// A bad cell is reported by sheet, row and column, and nothing is read.
func TestWorkbookBadCellNamed(t *testing.T) {
	p := testPlan()
	line := p.Lines[0].Title
	var cell string
	data := edit(t, writePlan(t, Options{Title: "Plan"}), func(f *excelize.File) {
		cell = findData(t, f, "Line", line, "Amount")
		if err := f.SetCellStr(SheetData, cell, "twelve pounds"); err != nil {
			t.Fatal(err)
		}
	})
	back, _, err := readBytes(data)
	if back != nil {
		t.Fatal("a plan was read from a workbook with a bad cell")
	}
	var de *planfile.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *planfile.DecodeError", err)
	}
	want := "Data!" + cell + ` (column "Amount"): `
	if len(de.Problems) != 1 || !strings.HasPrefix(de.Problems[0].String(), want) {
		t.Fatalf("problems = %q, want one starting %q", de.Error(), want)
	}
}

// An amount a spreadsheet worked out and saved with all 17 digits of its
// binary fraction reads as the amount Excel shows.
func TestWorkbookReadsAmountsAtExcelPrecision(t *testing.T) {
	p := testPlan()
	line := p.Lines[0].Title
	data := edit(t, writePlan(t, Options{Title: "Plan"}), func(f *excelize.File) {
		cell := findData(t, f, "Line", line, "Amount")
		if err := f.SetCellFloat(SheetData, cell, 1234.56+0.000000000001, -1, 64); err != nil {
			t.Fatal(err)
		}
	})
	back, _, err := readBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := back.Lines[0].Cost, model.Pence(123456); !got.Equal(want) {
		t.Fatalf("amount read as %s, want %s", got, want)
	}
}

// A workbook without csplan's Data sheet is refused, saying what to do.
func TestWorkbookWithoutDataSheetRefused(t *testing.T) {
	data := edit(t, writePlan(t, Options{Title: "Plan"}), func(f *excelize.File) {
		if err := f.DeleteSheet(SheetData); err != nil {
			t.Fatal(err)
		}
	})
	_, _, err := readBytes(data)
	if !errors.Is(err, ErrNotWorkbook) || !strings.Contains(err.Error(), `"Data" sheet`) {
		t.Fatalf("err = %v, want it to name the missing Data sheet", err)
	}
}

// zipOf makes a zip file of the given parts, each declaring its size.
func zipOf(t *testing.T, parts map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A zip bomb, a part that unzips to far more than a workbook's, is refused
// from its declared size, before it is unzipped.
func TestWorkbookZipBombRefused(t *testing.T) {
	bomb := zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": bytes.Repeat([]byte{' '}, MaxUnzipped+1)})
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes, meant to be small", len(bomb))
	}
	_, _, err := readBytes(bomb)
	if !errors.Is(err, ErrNotWorkbook) || !strings.Contains(err.Error(), "unzipped") {
		t.Fatalf("err = %v, want the bomb refused for its unzipped size", err)
	}
}

// A sheet that declares the most rows a spreadsheet holds is refused from
// its dimension; a Data sheet that does not declare them is cut off at
// MaxRows.
func TestWorkbookHugeSheetRefused(t *testing.T) {
	far := fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>Line</t></is></c></row></sheetData>`, excelize.TotalRows, excelize.TotalRows)
	addFar := func(body []byte) []byte { return bytes.Replace(body, []byte("</sheetData>"), []byte(far), 1) }
	plan := writePlan(t, Options{Title: "Plan"})
	data := rewriteSheets(t, plan, func(_ string, body []byte) []byte {
		return dimension.ReplaceAll(addFar(body), []byte(fmt.Sprintf(`<dimension ref="A1:T%d"`, excelize.TotalRows)))
	})
	_, _, err := readBytes(data)
	if !errors.Is(err, ErrNotWorkbook) || !strings.Contains(err.Error(), fmt.Sprint(excelize.TotalRows)) {
		t.Fatalf("err = %v, want the sheet refused for its %d rows", err, excelize.TotalRows)
	}

	// The same row on the Data sheet, with the sheets' dimensions taken
	// out: counted instead. (On another sheet it would be a change to
	// that sheet, refused as such.)
	dataSheet := sheetPart(t, plan, SheetData)
	undeclared := rewriteSheets(t, plan, func(part string, body []byte) []byte {
		if part == dataSheet {
			body = addFar(body)
		}
		return regexp.MustCompile(`<dimension ref="[^"]*"\s*(/>|></dimension>)`).ReplaceAll(body, nil)
	})
	_, _, err = readBytes(undeclared)
	var de *planfile.DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Error(), fmt.Sprintf("more than %d rows", MaxRows)) {
		t.Fatalf("err = %v, want the sheet cut off after %d rows", err, MaxRows)
	}
}

// sheetPart is the name of the zip part that holds the named sheet.
func sheetPart(t *testing.T, data []byte, sheet string) string {
	t.Helper()
	parts := map[string]string{}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/workbook.xml" && zf.Name != "xl/_rels/workbook.xml.rels" {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		parts[zf.Name] = b.String()
	}
	id := regexp.MustCompile(`<sheet name="` + regexp.QuoteMeta(sheet) + `"[^>]*r:id="([^"]+)"`).FindStringSubmatch(parts["xl/workbook.xml"])
	if id == nil {
		t.Fatalf("no %s sheet in xl/workbook.xml", sheet)
	}
	target := regexp.MustCompile(`<Relationship Id="` + regexp.QuoteMeta(id[1]) + `" Target="([^"]+)"`).FindStringSubmatch(parts["xl/_rels/workbook.xml.rels"])
	if target == nil {
		target = regexp.MustCompile(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="` + regexp.QuoteMeta(id[1]) + `"`).FindStringSubmatch(parts["xl/_rels/workbook.xml.rels"])
	}
	if target == nil {
		t.Fatalf("no part for the %s sheet (%s) in the workbook's relationships", sheet, id[1])
	}
	return "xl/" + strings.TrimPrefix(target[1], "/xl/")
}

// rewriteSheets rewrites the XML of every sheet of a workbook, given the
// name of its part.
func rewriteSheets(t *testing.T, data []byte, change func(part string, body []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if _, err := b.ReadFrom(rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		body := b.Bytes()
		if strings.HasPrefix(zf.Name, "xl/worksheets/") {
			body = change(zf.Name, body)
		}
		parts[zf.Name] = body
	}
	return zipOf(t, parts)
}

// FuzzReadWorkbook: no input makes Read panic or return a plan that fails
// validation, and an input of bounded size is read in bounded memory.
func FuzzReadWorkbook(f *testing.F) {
	var b bytes.Buffer
	if err := Write(&b, testPlan(), Options{Title: "Plan"}); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	b.Reset()
	if err := Write(&b, testPlan(), Options{Scenario: "Cut"}); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("PK\x03\x04"))
	if own, err := os.ReadFile("testdata/own-layout.xlsx"); err == nil {
		f.Add(own)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		// Read as a sheet of the officer's own layout too: the same
		// bounds hold, and a formula is worked out only when simple.
		if fp, _, res, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{}); err != nil && (fp != nil || res != nil) {
			t.Fatal("a plan came back with an error from ReadAny")
		}
		// The mapping step's look at the headers has the same bounds.
		if l, posts, err := Layout(bytes.NewReader(data), int64(len(data)), "", foreign.Options{}); err != nil && (l != nil || posts != "") {
			t.Fatal("a layout came back with an error from Layout")
		}
		p, _, err := readBytes(data)
		if err != nil {
			if p != nil {
				t.Fatal("a plan came back with an error")
			}
			return
		}
		if errs := model.Errors(p.Validate()); len(errs) > 0 {
			t.Fatalf("Read returned a plan that fails validation: %v", errs)
		}
	})
}
