package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

func writePlanCSV(t *testing.T, path string, p *model.Plan) {
	t.Helper()
	var b bytes.Buffer
	if err := planfile.Encode(&b, p, planfile.EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestImportGrowthAndCompact: importing the same plan three times, one line
// changed each time, stores only that line (the file grows by less than a
// fifth over the first import); an identical file stores nothing; compact
// keeps every summary and the newest undo records, and undo still works
// after it.
func TestImportGrowthAndCompact(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	csvPath := filepath.Join(dir, "big.csv")
	p := store.GeneratePlan(3000, 100, 7)
	importCSV := func(what string) string {
		t.Helper()
		out, errOut, code := csplan(t, "--db", db, "import", csvPath, "--yes")
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", what, code, out, errOut)
		}
		return out
	}
	writePlanCSV(t, csvPath, p)
	importCSV("first import")
	first := fileSize(t, db)
	for i := range 2 {
		p.Lines[100*(i+1)].Cost = p.Lines[100*(i+1)].Cost.Add(model.Pounds(1))
		writePlanCSV(t, csvPath, p)
		importCSV("import with one line changed")
	}
	third := fileSize(t, db)
	t.Logf("plan file after the first import: %d bytes; after the third: %d", first, third)
	if third*5 >= first*6 {
		t.Errorf("the file grew from %d to %d bytes over three imports of one plan, one line changed each time: want under 20%%", first, third)
	}
	history, _, _ := csplan(t, "--db", db, "history", "-n", "0")
	if out := importCSV("identical import"); !strings.Contains(out, "No changes") {
		t.Errorf("identical import said %q", out)
	}
	if got := fileSize(t, db); got != third {
		t.Errorf("an identical import changed the file size from %d to %d", third, got)
	}

	out, errOut, code := csplan(t, "--db", db, "compact", "--keep", "2")
	if code != 0 || !strings.Contains(out, "Undo is kept for the newest 2 changes; 1 older change can no longer be undone") {
		t.Fatalf("compact: exit %d\n%s%s", code, out, errOut)
	}
	if got := fileSize(t, db); got >= third {
		t.Errorf("compact left the file at %d bytes, was %d", got, third)
	}
	after, _, _ := csplan(t, "--db", db, "history", "-n", "0")
	if strings.Count(after, "\n") != strings.Count(history, "\n") || !strings.Contains(after, "(can no longer be undone: compacted)") {
		t.Errorf("history after compact:\n%s\nwas:\n%s", after, history)
	}
	if out, errOut, code := csplan(t, "--db", db, "check"); code != 0 {
		t.Errorf("check after compact: %d\n%s%s", code, out, errOut)
	}
	for range 2 {
		if out, errOut, code := csplan(t, "--db", db, "undo"); code != 0 || !strings.Contains(out, "Undone: Replaced the plan") {
			t.Errorf("undo after compact: %d\n%s%s", code, out, errOut)
		}
	}
	_, errOut, code = csplan(t, "--db", db, "undo")
	if code == 0 || !strings.Contains(errOut, "cannot undo") || !strings.Contains(errOut, "csplan compact has dropped what undo needs") {
		t.Errorf("undo past the kept changes: %d\n%s", code, errOut)
	}
}
