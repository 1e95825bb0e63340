package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// ownLayout is the LibreOffice-saved workbook of an officer's own layout.
const ownLayout = "../../store/workbook/testdata/own-layout.xlsx"

func TestImportDryRunChangesNothing(t *testing.T) {
	db := newPlan(t)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, code := csplan(t, "--db", db, "import", ownLayout, "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, s := range []string{`title                <- "Project"   e.g. "Street pastors"`, `cost                 <- "Budget 2017/18"`,
		`SWP priority         <- "Theme"`, "After the import: 5 lines, 5 posts; allocated", `Line "Victim support hub" added, cost £20,000.50`,
		"Dry run: nothing was saved."} {
		if !strings.Contains(out, s) {
			t.Errorf("dry run output lacks %q:\n%s", s, out)
		}
	}
	if !strings.Contains(errOut, "row 7: hidden") || !strings.Contains(errOut, "rows 8 and 11: a total") {
		t.Errorf("notes lack the hidden row or the totals:\n%s", errOut)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("--dry-run changed the plan file")
	}
}

func TestImportOwnLayoutAsLinesKeepsFundingAndPosts(t *testing.T) {
	db := newPlan(t)
	before := totalsJSONOf(t, db)
	if _, errOut, code := csplan(t, "--db", db, "import", ownLayout, "--yes"); code == 0 || !strings.Contains(errOut, "add --lines") {
		t.Errorf("a sheet of its own layout replaced the plan without --lines: exit %d\n%s", code, errOut)
	}
	out, errOut, code := csplan(t, "--db", db, "import", ownLayout, "--lines", "--yes")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	after := totalsJSONOf(t, db)
	if after.LineCount != 5 || after.PostCount != before.PostCount || after.Envelope != before.Envelope {
		t.Errorf("after --lines: %+v, want 5 lines and the plan's own posts and envelope (%+v)", after, before)
	}
	if _, _, code := csplan(t, "--db", db, "undo"); code != 0 {
		t.Fatal("undo failed")
	}
	if got := totalsJSONOf(t, db); got != before {
		t.Errorf("undo did not restore the plan: %+v, want %+v", got, before)
	}
}

func TestImportNewPrioritiesOnlyOnConfirmation(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	path := filepath.Join(dir, "mine.csv")
	csv := "Partnership plan,,\r\nScheme,Group,Money\r\nStreet pastors,Night-time economy,\"£1,500\"\r\nCCTV,Violence Prevention,250.50\r\n"
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	before := totalsJSONOf(t, db)
	_, errOut, code := csplan(t, "--db", db, "import", path, "--lines", "--yes")
	if code == 0 || !strings.Contains(errOut, "no row in the first") {
		t.Errorf("unknown headers: exit %d\n%s", code, errOut)
	}
	args := []string{"--db", db, "import", path, "--lines", "--yes", "--map", "title=Scheme", "--map", "priority=group", "--map", "cost=MONEY"}
	_, errOut, code = csplan(t, args...)
	if code == 0 || !strings.Contains(errOut, `SWP priority "Night-time economy"`) || !strings.Contains(errOut, "--create-priorities") {
		t.Errorf("a priority the plan lacks was not refused and listed: exit %d\n%s", code, errOut)
	}
	if got := totalsJSONOf(t, db); got != before {
		t.Error("a refused import changed the plan")
	}
	out, errOut, code := csplan(t, append(args, "--create-priorities")...)
	if code != 0 || !strings.Contains(out, `Will create SWP priority "Night-time economy"`) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if got := totalsJSONOf(t, db); got.LineCount != 2 || got.PostCount != before.PostCount {
		t.Errorf("after import: %+v", got)
	}
}

func TestImportOwnLayoutAsScenario(t *testing.T) {
	db := newPlan(t)
	before := totalsJSONOf(t, db)
	out, errOut, code := csplan(t, "--db", db, "import", ownLayout, "--as-scenario", "Officer's workbook")
	if code != 0 || !strings.Contains(out, `Imported `+ownLayout+` as scenario "Officer's workbook"`) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if got := totalsJSONOf(t, db); got != before {
		t.Error("importing as a scenario changed the plan")
	}
}

func TestInitFromOwnLayoutWorkbook(t *testing.T) {
	db := filepath.Join(t.TempDir(), "new.db")
	out, errOut, code := csplan(t, "--db", db, "init", "--from", ownLayout)
	if code != 0 || !strings.Contains(out, "(5 lines, 0 posts)") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if got := totalsJSONOf(t, db); got.Allocated != "52650.50" {
		t.Errorf("allocated %s, want the sheet's grand total 52650.50", got.Allocated)
	}
}

func TestImportMapFlagErrors(t *testing.T) {
	db := newPlan(t)
	for _, c := range []struct{ arg, want string }{
		{"budget=Cost", `"budget" is not a field: use one of title, cost`},
		{"cost", "give FIELD=HEADER"},
	} {
		_, errOut, code := csplan(t, "--db", db, "import", ownLayout, "--dry-run", "--map", c.arg)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("--map %s: exit %d\n%s", c.arg, code, errOut)
		}
	}
	_, errOut, code := csplan(t, "--db", db, "import", ownLayout, "--dry-run", "--sheet", "Nowhere")
	if code == 0 || !strings.Contains(errOut, `no sheet "Nowhere"; its sheets are "Delivery plan"`) {
		t.Errorf("--sheet Nowhere: exit %d\n%s", code, errOut)
	}
}

// TestImportUnmatchedHeadersSaysHowToMap: a file whose headers csplan
// cannot match is refused with its headers listed and --map flags built
// from them, and those flags read it.
func TestImportUnmatchedHeadersSaysHowToMap(t *testing.T) {
	db := newPlan(t)
	path := filepath.Join(t.TempDir(), "officer.csv")
	body := "Our plan\nRef,Name of work,Money,Area\n1,Street pastors,1200,Violence Prevention\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := csplan(t, "--db", db, "import", path, "--dry-run")
	for _, want := range []string{`the headers in row 2 are "Ref", "Name of work", "Money", "Area"`,
		`e.g. --map title="Name of work" --map cost=Money --map priority=Area`} {
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("exit %d; the error does not say %q:\n%s", code, want, errOut)
		}
	}
	out, errOut, code := csplan(t, "--db", db, "import", path, "--dry-run",
		"--map", "title=Name of work", "--map", "cost=Money", "--map", "priority=Area")
	if code != 0 || !strings.Contains(out, "After the import: 1 line,") {
		t.Errorf("with the flags the error showed: exit %d\n%s%s", code, out, errOut)
	}
}

// TestImportPostsSheetSaidInPreview: a workbook with its posts on a sheet
// of their own is read with them, and the preview says from which sheet.
func TestImportPostsSheetSaidInPreview(t *testing.T) {
	db := newPlan(t)
	f := excelize.NewFile()
	_ = f.SetSheetName("Sheet1", "Plan")
	_ = f.SetSheetRow("Plan", "A1", &[]any{"Project", "Theme", "Budget"})
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
	out, errOut, code := csplan(t, "--db", db, "import", path, "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{`Read posts from sheet "Staff" too (headers in row 1; --sheet "Plan" reads the lines alone)`,
		`post annual salary   <- "Salary"`, "After the import: 1 line, 1 post"} {
		if !strings.Contains(out, want) {
			t.Errorf("the preview does not say %q:\n%s", want, out)
		}
	}
}
