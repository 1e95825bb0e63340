package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"csplan/store"
	"csplan/store/workbook"
)

// e on a scenario writes what `csplan export --scenario` writes: the
// scenario's plan with a Scenario row naming it; its workbook names it on
// every sheet; and the file cannot be imported as the plan.
func TestExportScenarioNamesIt(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	dir := t.TempDir()
	path := filepath.Join(dir, "what-if.csv")
	const name = "Carry-forward refused"
	d.selectScenario(name)
	d.press(keyEnter, "e", keyEnter)
	d.clear(80)
	d.press(path, keyEnter)
	d.requireStatus(`Exported scenario "Carry-forward refused" to ` + path)

	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The same bytes the CLI writes for the scenario.
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	for _, sc := range scs {
		if sc.Name == name {
			if err := store.WritePlan(&want, sc.Plan(mustLoad(t, s)), store.ExportOptions{Format: store.CSV, Scenario: sc.Name}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !bytes.Equal(written, want.Bytes()) {
		t.Errorf("the TUI's export differs from the CLI's:\n%.300s\nwant\n%.300s", written, want.Bytes())
	}
	if !strings.Contains(string(written), "\r\nScenario,,Carry-forward refused,") {
		t.Errorf("the export has no Scenario row:\n%.400s", written)
	}
	if _, info, err := store.ReadPlanFile(path); err != nil || info.Scenario != name {
		from := info.Scenario
		t.Errorf("the file reads back as scenario %q (%v)", from, err)
	}

	// Import as the plan is refused, naming the scenario; nothing changes.
	before := planJSON(t, s)
	d.press("b", "i")
	d.clear(80)
	d.press(path, keyEnter, keyDown, keyEnter)
	d.requireView(`what-if.csv is an export of scenario "Carry-forward refused"`, "import it as a scenario")
	if planJSON(t, s) != before {
		t.Fatal("the plan changed")
	}
	d.press(keyEsc)

	// The workbook names the scenario on every sheet.
	d.selectScenario(name)
	d.press(keyEnter, "e", keyDown, keyEnter)
	d.clear(80)
	xlsx := filepath.Join(dir, "what-if.xlsx")
	d.press(xlsx, keyEnter)
	d.requireStatus(`Exported scenario "Carry-forward refused" to ` + xlsx)
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	title := workbook.ScenarioTitle(name)
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		found := false
		for _, r := range rows[:min(len(rows), 6)] {
			if len(r) > 0 && r[0] == title {
				found = true
			}
		}
		if !found {
			t.Errorf("the %s sheet does not open with %q", sheet, title)
		}
	}
}
