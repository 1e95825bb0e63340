package workbook

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"csplan/model"
	"csplan/store/foreign"
	"csplan/store/planfile"

	"github.com/xuri/excelize/v2"
)

func readAnyFile(t *testing.T, path string, o foreign.Options) (*model.Plan, planfile.FileInfo, *foreign.Result, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return ReadAny(bytes.NewReader(data), int64(len(data)), "", o)
}

// The LibreOffice-saved workbook of the officer's own layout reads with
// its saved formula values, the merged heading skipped, the merged theme
// taken for both its rows, the subtotal and grand total left out, and the
// hidden row kept, each said in a note.
func TestReadAnyLibreOfficeOwnLayout(t *testing.T) {
	p, info, res, err := readAnyFile(t, "testdata/own-layout.xlsx", foreign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res == nil || res.Sheet != "Delivery plan" || res.HeaderRow != 3 {
		t.Fatalf("result %+v: want sheet \"Delivery plan\", headers in row 3", res)
	}
	type want struct{ title, priority, owner, cost string }
	wants := []want{
		{"Street pastors", "Violence Prevention", "Council", "12500"},
		{"Knife crime education", "Violence Prevention", "Youth Offending Team", "9900"},
		{"Victim support hub", "Reducing Victimisation", "Victim Support", "20000.50"},
		{"Hate crime reporting", "Reducing Victimisation", "Police", "3000"},
		{"Offender mentoring", "Reducing Reoffending", "Probation", "7250"},
	}
	if len(p.Lines) != len(wants) {
		t.Fatalf("%d lines, want %d: %+v", len(p.Lines), len(wants), p.Lines)
	}
	for i, w := range wants {
		l := p.Lines[i]
		pr, _ := p.Priority(l.PriorityID)
		cost, _ := model.ParseMoney(w.cost)
		if l.Title != w.title || pr.Name != w.priority || l.Owner != w.owner || !l.Cost.Equal(cost) {
			t.Errorf("line %d: %q %q %q %s, want %+v", i+1, l.Title, pr.Name, l.Owner, l.Cost, w)
		}
	}
	total := model.Money{}
	for _, l := range p.Lines {
		total = total.Add(l.Cost)
	}
	grand, _ := model.ParseMoney("52650.50") // the sheet's own Grand total
	if !total.Equal(grand) {
		t.Errorf("total %s, want the sheet's grand total %s", total, grand)
	}
	notes := ""
	for _, n := range info.Notes {
		notes += n.String() + "\n"
	}
	for _, s := range []string{"rows 8 and 11: a total", "row 7: hidden", "C4:C5 is one merged cell", "row 3: the headers are in this row"} {
		if !strings.Contains(notes, s) {
			t.Errorf("notes lack %q:\n%s", s, notes)
		}
	}
}

// workbookOf saves a one-sheet workbook made by fill.
func workbookOf(t *testing.T, fill func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f, "Sheet1")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadAnyBadCellNamedBySheetAndCell(t *testing.T) {
	data := workbookOf(t, func(f *excelize.File, s string) {
		_ = f.SetSheetRow(s, "A1", &[]any{"Project", "Theme", "Budget"})
		_ = f.SetSheetRow(s, "A2", &[]any{"Street pastors", "Violence Prevention", 12500})
		_ = f.SetSheetRow(s, "A3", &[]any{"Hate crime", "Violence Prevention", "£12,5oo"})
	})
	p, _, res, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	var de *planfile.DecodeError
	if !errors.As(err, &de) || p != nil || res != nil {
		t.Fatalf("got %v, %v, %v; want a DecodeError and nothing read", p, res, err)
	}
	if got := de.Problems[0].String(); !strings.HasPrefix(got, `Sheet1!C3 (column "Budget"): "£12,5oo"`) {
		t.Errorf("problem %q: want it at Sheet1!C3", got)
	}
}

// A formula with no saved value (as excelize itself writes one) is worked
// out; one that cannot be is reported at its cell and nothing is read.
func TestReadAnyFormulaWithoutSavedValue(t *testing.T) {
	data := workbookOf(t, func(f *excelize.File, s string) {
		_ = f.SetSheetRow(s, "A1", &[]any{"Project", "Theme", "Budget", "Quarter"})
		_ = f.SetSheetRow(s, "A2", &[]any{"Street pastors", "Violence Prevention", nil, 250.25})
		_ = f.SetCellFormula(s, "C2", "D2*4")
	})
	p, _, _, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := model.ParseMoney("1001"); !p.Lines[0].Cost.Equal(want) {
		t.Errorf("cost %s, want £1,001 worked out from =D2*4", p.Lines[0].Cost)
	}
	data = workbookOf(t, func(f *excelize.File, s string) {
		_ = f.SetSheetRow(s, "A1", &[]any{"Project", "Theme", "Budget"})
		_ = f.SetSheetRow(s, "A2", &[]any{"Street pastors", "Violence Prevention"})
		_ = f.SetCellFormula(s, "C2", "NOSUCHFUNCTION(1)")
	})
	_, _, _, err = ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	var de *planfile.DecodeError
	if !errors.As(err, &de) || !strings.HasPrefix(de.Problems[0].String(), "Sheet1!C2") {
		t.Fatalf("err %v: want a problem at Sheet1!C2", err)
	}
}

// csplan's own workbook still reads exactly through ReadAny.
func TestReadAnyOwnWorkbook(t *testing.T) {
	p, _, res, err := readAnyFile(t, "testdata/libreoffice-resaved.xlsx", foreign.Options{})
	if err != nil || res != nil || p == nil {
		t.Fatalf("own workbook: %v, foreign %v", err, res)
	}
}

func TestSimpleFormula(t *testing.T) {
	saved := func(string) bool { return true }
	for fx, want := range map[string]bool{
		"D2*4": true, "=ROUND(D2*1.1,2)": true, "$D$2+E2": true, "SUM(D2,E2)": true,
		"SUM(D2:D9)": false, "Other!D2": false, "SUM(A:A)": false, "Budget*2": false, "NOSUCH(1)": false,
		strings.Repeat("A1+", 30) + "1": false,
	} {
		if got := simpleFormula(fx, saved); got != want {
			t.Errorf("simpleFormula(%q) = %v, want %v", fx, got, want)
		}
	}
	if simpleFormula("D2*4", func(string) bool { return false }) {
		t.Error("a formula on a cell that is itself an unsaved formula is worked out (a chain could be a million long)")
	}
}
