package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestScenarioCommands(t *testing.T) {
	db := newPlan(t)
	out, _, code := csplan(t, "--db", db, "scenario", "list")
	if code != 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "Carry-forward refused 1 -£38,000.00 -£38,000.00") || !strings.Contains(out, "IDVA part-funding falls through") || !strings.Contains(out, "Post vacant until October") {
		t.Fatalf("scenario list:\n%s", out)
	}
	got := totalsJSONOf(t, db)
	out, _, _ = csplan(t, "--db", db, "totals", "--json", "--scenario", "carry-forward refused")
	if !strings.Contains(out, `"headroom_with_pending": "-38000.00"`) {
		t.Errorf("totals of the scenario:\n%s", out)
	}
	// Make it fit, compare, promote, undo: the plan is as it was.
	out, _, code = csplan(t, "--db", db, "scenario", "fit", "Carry-forward refused")
	if code != 0 || !strings.Contains(out, "allocated -£38,000") {
		t.Errorf("fit: %s", out)
	}
	out, _, _ = csplan(t, "--db", db, "scenario", "compare", "Carry-forward refused", "--changed")
	if !strings.Contains(out, "Headroom on confirmed money     -£38,000.00                  £0.00  +£38,000.00") {
		t.Errorf("compare:\n%s", out)
	}
	_, errOut, code := csplan(t, "--db", db, "scenario", "promote", "Carry-forward refused")
	if code == 0 || !strings.Contains(errOut, "--yes") {
		t.Errorf("promote without a terminal or --yes: %d %q", code, errOut)
	}
	out, _, code = csplan(t, "--db", db, "scenario", "promote", "Carry-forward refused", "--yes")
	if code != 0 || !strings.Contains(out, "is now the plan") {
		t.Errorf("promote: %d %s", code, out)
	}
	if after := totalsJSONOf(t, db); after.Allocated != "369000.00" || after.HeadroomConfirmed != "0.00" {
		t.Errorf("after promote: %+v", after)
	}
	csplan(t, "--db", db, "undo")
	if back := totalsJSONOf(t, db); back != got {
		t.Errorf("after undo: %+v, want %+v", back, got)
	}
	_, errOut, code = csplan(t, "--db", db, "scenario", "show", "No such")
	if code == 0 || !strings.Contains(errOut, `there is no scenario "No such"; the scenarios are "Carry-forward refused", "IDVA part-funding falls through", "Post vacant until October"`) {
		t.Errorf("unknown scenario: %q", errOut)
	}
	for _, args := range [][]string{
		{"scenario", "new", "Draft", "--from", "Post vacant until October"},
		{"scenario", "rename", "Draft", "Draft two"},
		{"scenario", "delete", "Draft two"},
	} {
		if out, errOut, code := csplan(t, append([]string{"--db", db}, args...)...); code != 0 {
			t.Errorf("%v: %d %s %s", args, code, out, errOut)
		}
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	csvPath := filepath.Join(dir, "plan.csv")
	if _, errOut, code := csplan(t, "--db", db, "export", "-o", csvPath); code != 0 {
		t.Fatal(errOut)
	}
	stdout, _, _ := csplan(t, "--db", db, "export")
	file, _ := os.ReadFile(csvPath)
	if string(file) != stdout || !strings.HasPrefix(stdout, "\ufeffRecord,") || !strings.Contains(stdout, "\r\n") {
		t.Error("export to a file and to standard output differ, or lack the BOM and CRLF")
	}
	// Edit it as a spreadsheet would: a cost with £ and a separator.
	edited := strings.Replace(string(file), "Modern slavery awareness,Community Safety Team,Project,Tackling national and international threats,Protecting from harm,5000.00",
		"Modern slavery awareness,Community Safety Team,Project,Tackling national and international threats,Protecting from harm,\"£7,500\"", 1)
	if edited == string(file) {
		t.Fatal("the modern slavery line was not found to edit")
	}
	if err := os.WriteFile(csvPath, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := csplan(t, "--db", db, "import", csvPath, "--as-scenario", "Edited")
	if code != 0 || !strings.Contains(out, `Line "Modern slavery awareness" cost £7,500`) {
		t.Fatalf("import as scenario: %d\n%s%s", code, out, errOut)
	}
	out, _, _ = csplan(t, "--db", db, "scenario", "compare", "Edited", "--changed")
	if !strings.Contains(out, "Modern slavery awareness") || !strings.Contains(out, "+£2,500") {
		t.Errorf("compare with the imported scenario:\n%s", out)
	}
	out, errOut, code = csplan(t, "--db", db, "import", csvPath, "--yes")
	if code != 0 || !strings.Contains(out, "allocated £409,500") {
		t.Fatalf("import as plan: %d %s %s", code, out, errOut)
	}
	// The scenario still finds its line: import kept the records' identity.
	out, _, _ = csplan(t, "--db", db, "scenario", "show", "Edited")
	if strings.Contains(out, "no longer in the plan") {
		t.Errorf("import lost the identity of lines:\n%s", out)
	}
	csplan(t, "--db", db, "undo")
	if got := totalsJSONOf(t, db); got.Allocated != "407000.00" {
		t.Errorf("undo of import: %+v", got)
	}

	xlsx := filepath.Join(dir, "plan.xlsx")
	if _, errOut, code := csplan(t, "--db", db, "export", "-o", xlsx, "--compare", "Carry-forward refused"); code != 0 {
		t.Fatal(errOut)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "Plan,Posts,Funding,Comparison,Data" {
		t.Errorf("sheets %v", sheets)
	}
}

// Importing the plan as it is saves nothing and says so, and promises no
// undo: an undo would revert the change before it, not this import.
func TestImportOfTheSamePlanSaysNoChanges(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	csvPath := filepath.Join(dir, "plan.csv")
	if _, errOut, code := csplan(t, "--db", db, "export", "-o", csvPath); code != 0 {
		t.Fatal(errOut)
	}
	b, _ := os.ReadFile(csvPath)
	edited := strings.Replace(string(b), ",5000.00,", ",7500.00,", 1)
	if err := os.WriteFile(csvPath, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := csplan(t, "--db", db, "import", csvPath, "--yes"); code != 0 || !strings.Contains(out, "allocated £409,500") {
		t.Fatalf("first import: %d %s %s", code, out, errOut)
	}
	history, _, _ := csplan(t, "--db", db, "history")
	// Again, with --yes and without: no question is needed for nothing.
	for _, args := range [][]string{{"--yes"}, {}} {
		out, errOut, code := csplan(t, append([]string{"--db", db, "import", csvPath}, args...)...)
		if code != 0 || !strings.Contains(out, "No changes: "+csvPath+" holds the same plan as the one open; nothing was saved.") ||
			strings.Contains(out+errOut, "undo") {
			t.Errorf("import %v of the same plan: %d\n%s%s", args, code, out, errOut)
		}
	}
	if after, _, _ := csplan(t, "--db", db, "history"); after != history {
		t.Errorf("the history changed:\n%s\nwas:\n%s", after, history)
	}
	// The undo reverts the first import, the one change there was.
	csplan(t, "--db", db, "undo")
	if got := totalsJSONOf(t, db); got.Allocated != "407000.00" {
		t.Errorf("after undo: %+v", got)
	}
}

func TestImportReportsEveryBadRow(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	csvPath := filepath.Join(dir, "plan.csv")
	csplan(t, "--db", db, "export", "-o", csvPath)
	b, _ := os.ReadFile(csvPath)
	s := strings.Replace(string(b), ",5000.00,", ",12.3456,", 1)
	s = strings.Replace(s, "\r\nPost,", "\r\nPots,", 1)
	os.WriteFile(csvPath, []byte(s), 0o600)
	before := totalsJSONOf(t, db)
	_, errOut, code := csplan(t, "--db", db, "import", csvPath, "--yes")
	if code == 0 || !strings.Contains(errOut, `column "Amount": "12.3456" is not a valid amount: it has more than two decimal places`) ||
		!strings.Contains(errOut, `"Pots"`) || !strings.Contains(errOut, "2 problems in 2 rows; nothing was imported") {
		t.Errorf("bad import: %d\n%s", code, errOut)
	}
	if after := totalsJSONOf(t, db); after != before {
		t.Error("a bad import changed the plan")
	}
}

func TestExportErrors(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	_, errOut, code := csplan(t, "--db", db, "export", "-o", filepath.Join(dir, "missing", "plan.csv"))
	if code == 0 || !strings.Contains(errOut, "cannot write") {
		t.Errorf("export into a missing folder: %q", errOut)
	}
	_, errOut, _ = csplan(t, "--db", db, "export", "--format", "pdf")
	if !strings.Contains(errOut, `"pdf" is not an export format`) {
		t.Errorf("bad format: %q", errOut)
	}
	_, errOut, _ = csplan(t, "--db", db, "export", "--compare", "Carry-forward refused")
	if !strings.Contains(errOut, "Comparison sheet") {
		t.Errorf("compare to CSV: %q", errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left behind: %v", entries)
	}
}

// A cost changed on the Plan sheet of an exported workbook, which import
// does not read, is refused by name rather than silently lost, and nothing
// is imported; the same change on the Data sheet is imported.
func TestImportOfWorkbookEditedOutsideItsDataSheet(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	xlsx := filepath.Join(dir, "plan.xlsx")
	if _, errOut, code := csplan(t, "--db", db, "export", "-o", xlsx, "--compare", "Carry-forward refused"); code != 0 {
		t.Fatal(errOut)
	}
	// setCost sets the cost of the modern slavery line on a sheet, in the
	// column headed costHeader, and saves the workbook as edited.
	setCost := func(sheet, costHeader string, to float64) string {
		t.Helper()
		f, err := excelize.OpenFile(xlsx)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for r, row := range rows {
			if col < 0 {
				col = slices.Index(row, costHeader)
				continue
			}
			if !slices.Contains(row, "Modern slavery awareness") {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
			if err := f.SetCellValue(sheet, cell, to); err != nil {
				t.Fatal(err)
			}
			edited := filepath.Join(dir, sheet+"-edited.xlsx")
			if err := f.SaveAs(edited); err != nil {
				t.Fatal(err)
			}
			return edited
		}
		t.Fatalf("no modern slavery line with a %q column on the %s sheet", costHeader, sheet)
		return ""
	}

	before := totalsJSONOf(t, db)
	history, _, _ := csplan(t, "--db", db, "history")
	onPlan := setCost("Plan", "Cost to the grant", 7500)
	_, errOut, code := csplan(t, "--db", db, "import", onPlan, "--yes")
	if code == 0 || !strings.Contains(errOut, "cannot read "+onPlan+": ") ||
		!strings.Contains(errOut, "the Plan sheet was changed after csplan exported the workbook") ||
		!strings.Contains(errOut, "make the change on the Data sheet") {
		t.Errorf("import of a workbook with its Plan sheet edited: %d\n%s", code, errOut)
	}
	if after := totalsJSONOf(t, db); after != before {
		t.Errorf("the refused import changed the plan: %+v, was %+v", after, before)
	}
	if after, _, _ := csplan(t, "--db", db, "history"); after != history {
		t.Errorf("the refused import changed the history:\n%s\nwas:\n%s", after, history)
	}

	onData := setCost("Data", "Amount", 7500)
	out, errOut, code := csplan(t, "--db", db, "import", onData, "--yes")
	if code != 0 || !strings.Contains(out, "allocated £409,500") {
		t.Errorf("import of a workbook with its Data sheet edited: %d\n%s%s", code, out, errOut)
	}
}
