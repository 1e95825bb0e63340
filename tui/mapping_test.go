package tui

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"csplan/model"
)

// writeCSV writes a CSV file in a temporary folder and returns its path.
func writeCSV(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportMapsHeadersItCannotMatch: a CSV file whose headers match no
// synonym still reaches the mapping step, each column with a sample and
// read as nothing, saying what is missing; the officer maps the title,
// the amount and the priority and the import goes on to its question.
func TestImportMapsHeadersItCannotMatch(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 40)
	path := writeCSV(t, "officer.csv", "Name of work,Money,Area\n"+
		"Street pastors,1200,Violence Prevention\n"+
		"Hate crime reporting,3000.50,Reducing Victimisation\n")
	d.press("i", path, keyEnter, keyDown, keyEnter)
	d.requireView("Columns of officer.csv (headers taken from row 1)", "Name of work", "e.g. Street pastors",
		"Money", "e.g. 1200", "No column is mapped to title")
	// Saving with nothing mapped is refused in the step, not the file.
	d.press(keyEnter, keyEnter, keyEnter)
	d.requireView("Columns of officer.csv", "No column is mapped to title")
	d.requireStatus("No column is mapped to title")

	// Back to the first column: the form is built again on the draft.
	d.press(keyShiftTab, keyShiftTab)
	d.press(keyRight) // Name of work: title
	d.requireView("No column is mapped to cost: choose which column holds the amount")
	d.press(keyEnter, keyRight, keyRight) // Money: cost
	d.requireView("No column is mapped to SWP priority")
	d.press(keyEnter, keyRight, keyRight, keyRight) // Area: SWP priority
	d.refuseView("No column is mapped")
	d.press(keyEnter)
	d.requireView("Replace the plan's lines with officer.csv?", `title ← "Name of work"`, `cost ← "Money"`)
	d.press("y")
	after := mustLoad(t, s)
	if len(after.Lines) != 2 {
		t.Fatalf("after: %d lines, want the file's 2", len(after.Lines))
	}
	if l := after.Lines[1]; l.Title != "Hate crime reporting" || !l.Cost.Equal(model.MustMoney("3000.50")) {
		t.Errorf("second line %q costing %s, want Hate crime reporting at 3000.50", l.Title, l.Cost)
	}
}

// TestImportBadCellStillMaps: a file of the officer's own layout with a
// bad cell under a recognised header reaches the mapping step, which
// says what was wrong; read again with the mapping, the bad cell is
// listed by row and column and nothing is imported.
func TestImportBadCellStillMaps(t *testing.T) {
	s := openStore(t)
	before := mustLoad(t, s)
	d := start(t, s, 100, 40)
	path := writeCSV(t, "bad.csv", "Project,Budget,Theme\n"+
		"Street pastors,twelve hundred,Violence Prevention\n")
	d.press("i", path, keyEnter, keyDown, keyEnter)
	d.requireView("Columns of bad.csv (headers in row 1)", "Read with these columns: row 2, column \"Budget\"")
	d.press(keyEnter, keyEnter, keyEnter)
	d.requireView("Nothing was imported", `Row 2, column "Budget": "twelve hundred" is not a valid amount`)
	after := mustLoad(t, s)
	if len(after.Lines) != len(before.Lines) {
		t.Fatalf("after: %d lines, want the plan's %d: nothing imported", len(after.Lines), len(before.Lines))
	}
}

// postsWorkbook writes a workbook with a sheet of lines, under the
// headers given, and a sheet of posts, Staff.
func postsWorkbook(t *testing.T, headers ...any) string {
	t.Helper()
	f := excelize.NewFile()
	_ = f.SetSheetName("Sheet1", "Plan")
	_ = f.SetSheetRow("Plan", "A1", &headers)
	_ = f.SetSheetRow("Plan", "A2", &[]any{"Street pastors", "Violence Prevention", 12500})
	if _, err := f.NewSheet("Staff"); err != nil {
		t.Fatal(err)
	}
	_ = f.SetSheetRow("Staff", "A1", &[]any{"Post", "Theme", "FTE", "Salary"})
	_ = f.SetSheetRow("Staff", "A2", &[]any{"ASB coordinator", "Violence Prevention", 0.5, 30000})
	path := filepath.Join(t.TempDir(), "with-posts.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportPostsFromTheirOwnSheet: a workbook with its posts on a sheet
// of their own says so in the mapping step, and the posts are imported
// with the lines after the mapping is confirmed.
func TestImportPostsFromTheirOwnSheet(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 40)
	path := postsWorkbook(t, "Project", "Theme", "Budget")
	d.press("i", path, keyEnter, keyDown, keyEnter)
	d.requireView(`Columns of with-posts.xlsx, sheet "Plan" (headers in row 1; posts from sheet "Staff")`)
	d.press(keyEnter, keyEnter, keyEnter)
	d.requireView(`The posts were read from sheet "Staff"`)
	d.press("y")
	after := mustLoad(t, s)
	if len(after.Lines) != 1 || len(after.Posts) != 1 || after.Posts[0].Title != "ASB coordinator" {
		t.Fatalf("after: %d lines, %d posts; want the file's 1 line and its post", len(after.Lines), len(after.Posts))
	}
}

// TestImportPostsSheetBesideUnmatchedHeaders: when the lines sheet's
// headers match nothing, the mapping step still names the sheet of posts
// beside it, and the posts come in with the lines mapped by hand.
func TestImportPostsSheetBesideUnmatchedHeaders(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 40)
	path := postsWorkbook(t, "Name of work", "Area", "Money")
	d.press("i", path, keyEnter, keyDown, keyEnter)
	d.requireView(`Columns of with-posts.xlsx, sheet "Plan" (headers taken from row 1; posts from sheet "Staff")`)
	d.press(keyRight, keyEnter)                     // Name of work: title
	d.press(keyRight, keyRight, keyRight, keyEnter) // Area: SWP priority
	d.press(keyRight, keyRight, keyEnter)           // Money: cost
	d.requireView(`The posts were read from sheet "Staff"`)
	d.press("y")
	after := mustLoad(t, s)
	if len(after.Lines) != 1 || len(after.Posts) != 1 || after.Posts[0].Title != "ASB coordinator" {
		t.Fatalf("after: %d lines, %d posts; want the file's 1 line and its post", len(after.Lines), len(after.Posts))
	}
}
