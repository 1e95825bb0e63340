package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// r on the Monitor screen writes the quarter's return: a draft first,
// then submitted (kept as sent, withdrawn by u), and a submitted quarter
// written again is the return as sent, with how much has changed since.
func TestMonitorWritesTheQuarterlyReturn(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	d := start(t, s, 100, 30)
	dir := t.TempDir()
	d.press("9")
	d.requireView("As at P3 (June 2017)")
	d.press("r")
	d.requireView("Write the quarterly return to the PCC", "Q1, Apr-Jun 2017", "swp-2017-18-return")
	draft := filepath.Join(dir, "draft")
	d.press(keyEnter, keyEnter) // Q1, Excel
	d.clear(80)
	d.press(draft, keyEnter, keyEnter) // the file; draft only
	xlsx := draft + "-q1.xlsx"
	d.requireStatus("Wrote the Q1, Apr-Jun 2017 return (draft, as at P3, June 2017) to " + xlsx + ".")
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetList()[0])
	_ = f.Close()
	if text := flatten(rows); !strings.Contains(text, "Draft") || !strings.Contains(text, "Domestic homicide reviews") {
		t.Fatalf("the draft workbook:\n%s", text)
	}
	if len(mustMonitoring(t, s).Returns) != 0 {
		t.Fatal("a draft submitted the return")
	}

	// Submit it, as CSV.
	sent := filepath.Join(dir, "sent")
	d.press("r", keyEnter, keyDown, keyEnter)
	d.clear(80)
	d.press(sent, keyEnter, "y") // y submits, and saves
	d.requireStatus("Submitted the Q1 return and wrote it to " + sent + "-q1.csv")
	if _, ok := mustMonitoring(t, s).Returns[1]; !ok {
		t.Fatal("the submitted return is not kept")
	}
	d.requireView("Q1 submitted")
	data, err := os.ReadFile(sent + "-q1.csv")
	if err != nil || !strings.Contains(string(data), "Submitted") {
		t.Fatalf("the submitted file: %v\n%s", err, data)
	}

	// Written again, it is the return as sent.
	again := filepath.Join(dir, "again")
	d.press("r")
	d.requireView("(submitted ")
	d.press(keyEnter, keyDown, keyEnter)
	d.clear(80)
	d.press(again, keyEnter, keyEnter)
	d.requireStatus("Wrote the Q1 return as submitted on ")
	d.requireStatus("nothing in it has changed since")
	if b, _ := os.ReadFile(again + "-q1.csv"); string(b) != string(data) {
		t.Fatal("the return written again is not the one sent")
	}
	d.press("u")
	if len(mustMonitoring(t, s).Returns) != 0 {
		t.Fatal("u did not withdraw the submission")
	}
}

func flatten(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | "))
		b.WriteByte('\n')
	}
	return b.String()
}

// i on the Monitor screen imports the ledger's export: what it adds is
// asked first, y saves it as one change, and the same file is refused.
func TestMonitorImportsTheLedger(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 30)
	file, err := filepath.Abs(filepath.Join("..", "store", "planfile", "testdata", "ledger-q1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	d.press("9", "i")
	d.requireView("Import spend from the ledger's export (CSV)")
	d.press(file, keyEnter, keyEnter)
	d.requireView("Import 39 actuals totalling £82,367.80 in P1, P2, P3 from ledger-q1.csv?", "Spent to date £0 → £82,368")
	d.press("y")
	d.requireStatus("Saved: Imported 39 actuals totalling £82,367.80 in P1, P2, P3 from ledger-q1.csv")
	if n := len(mustMonitoring(t, s).Actuals); n != 39 {
		t.Fatalf("%d actuals saved, want 39", n)
	}
	d.requireView("As at P3 (June 2017)", "Spent £82,368 to P3")
	d.press("i", file, keyEnter, keyEnter)
	d.requireStatus("Not imported: ledger-q1.csv was imported on")
	d.requireView("Import spend from the ledger's export (CSV)") // the form is back, as typed
	d.press(keyEsc)
	d.refuseView("Import spend from the ledger's export (CSV)")
	d.press("u")
	if n := len(mustMonitoring(t, s).Actuals); n != 0 {
		t.Fatalf("u left %d actuals", n)
	}
}
