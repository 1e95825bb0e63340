package store

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"csplan/store/planfile"
)

// TestReadImportLayout: a file of the officer's own layout that the
// import refuses still gives its header row and columns (of the sheet of
// a workbook it is on); csplan's own files give none.
func TestReadImportLayout(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []Format{CSV, XLSX} {
		path := filepath.Join(dir, "own."+string(format))
		if err := ExportFile(path, planfile.BuiltIn(), ExportOptions{Format: format}); err != nil {
			t.Fatal(err)
		}
		if l, _, err := ReadImportLayout(path, ImportOptions{}); err != nil || l != nil {
			t.Errorf("csplan's own %s: layout %+v, %v; want none", format, l, err)
		}
	}

	csv := filepath.Join(dir, "officer.csv")
	if err := os.WriteFile(csv, []byte("Name of work,Money\nStreet pastors,1200\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := ReadImportFile(csv, ImportOptions{}); err == nil {
		t.Fatal("the import read headers it cannot match")
	}
	l, _, err := ReadImportLayout(csv, ImportOptions{})
	if err != nil || l == nil || !slices.Equal(l.Headers, []string{"Name of work", "Money"}) || l.Samples[0] != "Street pastors" {
		t.Fatalf("CSV: layout %+v, %v", l, err)
	}

	f := excelize.NewFile()
	_ = f.SetSheetName("Sheet1", "Notes")
	_ = f.SetSheetRow("Notes", "A1", &[]any{"Read me"})
	_, _ = f.NewSheet("Schemes")
	_ = f.SetSheetRow("Schemes", "A1", &[]any{"Name of work", "Money", "Area"})
	_ = f.SetSheetRow("Schemes", "A2", &[]any{"Street pastors", 1200, "Violence Prevention"})
	xlsx := filepath.Join(dir, "officer.xlsx")
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	l, _, err = ReadImportLayout(xlsx, ImportOptions{})
	if err != nil || l == nil || !l.Guessed {
		t.Fatalf("workbook: layout %+v, %v", l, err)
	}
	// No sheet names a field: the sheet with the most headers is taken,
	// not the note beside it; a sheet named is taken as named.
	if l.Sheet != "Schemes" || l.HeaderRow != 1 || len(l.Headers) != 3 {
		t.Errorf("sheet %q, headers %q; want the Schemes sheet's three", l.Sheet, l.Headers)
	}
	l, _, err = ReadImportLayout(xlsx, ImportOptions{Sheet: "Notes"})
	if err != nil || l == nil || l.Sheet != "Notes" {
		t.Fatalf("--sheet Notes: layout %+v, %v", l, err)
	}
}
