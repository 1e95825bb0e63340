package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"csplan/store"
)

// A file of part of the plan (the TUI's export of a filtered Lines list)
// is refused as the plan, saying what to do; imported as a scenario it
// changes nothing it left out.
func TestImportSubsetRefusedAsThePlan(t *testing.T) {
	db := newPlan(t)
	plan, _, err := store.ReadPlanFile(exportTo(t, db))
	if err != nil {
		t.Fatal(err)
	}
	whole := len(plan.Lines)
	plan.Lines, plan.Posts = plan.Lines[:2], nil
	file := filepath.Join(t.TempDir(), "part.csv")
	if err := store.ExportFile(file, plan, store.ExportOptions{Format: store.CSV, Subset: "2 of 14 lines, filter: vawg"}); err != nil {
		t.Fatal(err)
	}
	before := totalsJSONOf(t, db)
	_, errOut, code := csplan(t, "--db", db, "import", file, "--yes")
	if code != 1 || !strings.Contains(errOut, "holds part of the plan (2 of 14 lines, filter: vawg)") ||
		!strings.Contains(errOut, "--as-scenario") || !strings.Contains(errOut, "export the whole plan") {
		t.Errorf("importing part of the plan as the plan: exit %d, %q; want it refused, saying what to do", code, errOut)
	}
	if after := totalsJSONOf(t, db); after.Allocated != before.Allocated {
		t.Error("the refused import changed the plan")
	}
	out, errOut, code := csplan(t, "--db", db, "import", file, "--as-scenario", "Part")
	if code != 0 || !strings.Contains(out, "with 0 step(s)") {
		t.Errorf("importing it as a scenario: exit %d, %q %q; want no steps (it changes none of the %d lines)", code, out, errOut, whole)
	}
}

// exportTo exports the plan of db to a CSV file and returns its path.
func exportTo(t *testing.T, db string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "plan.csv")
	if _, errOut, code := csplan(t, "--db", db, "export", "-o", file); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
	return file
}

// scenario step cut-priority refuses --protect naming a line of another
// priority, which the cut would never touch.
func TestStepProtectOutsideThePriorityRefused(t *testing.T) {
	db := newPlan(t)
	if _, errOut, code := csplan(t, "--db", db, "scenario", "new", "T"); code != 0 {
		t.Fatal(errOut)
	}
	_, errOut, code := csplan(t, "--db", db, "scenario", "step", "T", "cut-priority", "Violence Prevention", "10%", "--protect", "Modern slavery awareness")
	if code == 0 || !strings.Contains(errOut, `"Modern slavery awareness" is not a line of Violence Prevention`) {
		t.Errorf("exit %d, %q; want it refused, naming the line and the priority", code, errOut)
	}
	if out, errOut, code := csplan(t, "--db", db, "scenario", "step", "T", "cut-priority", "Violence Prevention", "10%", "--protect", "Critical incident community mediators"); code != 0 {
		t.Errorf("protecting a line of the priority: exit %d, %q %q", code, out, errOut)
	}
}
