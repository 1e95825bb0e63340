package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"csplan/model"
)

// The by-PCC-priority totals count each item once, under its primary, so
// on the built-in plan they add up to the £407,000 allocated; before, an
// item counted under every PCC priority it carried and they came to 215%
// of the envelope.
func TestTotalsByPCCPriorityAddUpToTheAllocation(t *testing.T) {
	db := newPlan(t)
	out, errOut, code := csplan(t, "--db", db, "totals", "--json")
	if code != 0 {
		t.Fatalf("totals --json: exit %d: %s", code, errOut)
	}
	var got struct {
		Allocated     model.Money `json:"allocated"`
		LineCount     int         `json:"line_count"`
		PostCount     int         `json:"post_count"`
		ByPCCPriority []struct {
			Name  string      `json:"name"`
			Total model.Money `json:"total"`
			Items int         `json:"items"`
			Also  *int        `json:"also_supports_items"`
		} `json:"by_pcc_priority"`
		NoPCCPriority *struct {
			Total model.Money `json:"total"`
			Items int         `json:"items"`
		} `json:"no_pcc_priority"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("totals --json is not JSON: %v\n%s", err, out)
	}
	if got.NoPCCPriority == nil {
		t.Fatalf("totals --json has no no_pcc_priority:\n%s", out)
	}
	sum, items, also := got.NoPCCPriority.Total, got.NoPCCPriority.Items, 0
	for _, pt := range got.ByPCCPriority {
		if pt.Also == nil {
			t.Fatalf("%s has no also_supports_items:\n%s", pt.Name, out)
		}
		sum = sum.Add(pt.Total)
		items += pt.Items
		also += *pt.Also
	}
	if sum.Plain() != "407000.00" || !sum.Equal(got.Allocated) {
		t.Errorf("by PCC priority the totals add up to %s, want the £407,000 allocated (%s)", sum.Plain(), got.Allocated.Plain())
	}
	if items != got.LineCount+got.PostCount {
		t.Errorf("by PCC priority %d items, want each of the %d lines and posts once", items, got.LineCount+got.PostCount)
	}
	if also == 0 {
		t.Errorf("no item also supports a PCC priority; the built-in plan's items carry several")
	}

	text, _, _ := csplan(t, "--db", db, "totals")
	_, section, ok := strings.Cut(text, "By primary PCC priority")
	if !ok {
		t.Fatalf("totals has no by-primary-PCC-priority section:\n%s", text)
	}
	for _, want := range []string{"also supports", "Allocated", "£407,000", "19 items"} {
		if !strings.Contains(section, want) {
			t.Errorf("the PCC section does not show %q:\n%s", want, section)
		}
	}
}

// An export from before primary PCC priorities (one "PCC priorities"
// column) imports with each item's first PCC priority as its primary, and
// the import says so before it saves anything.
func TestImportOfAnOlderExportSaysTheFirstPCCPriorityIsPrimary(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	old := filepath.Join(dir, "older.csv")
	header := "Record,Priority,Title,Owner or team,Kind,PCC priorities,Amount,Status,FTE,Annual salary,Start month,End month,Grant share %,Other funder,Other funder amount,On-costs override,Notes\n"
	rows := header +
		"Plan,,SWP,Council,2017/18,,,,,,,,,,,,\n" +
		"Funding,,Grant,,,,1000.00,confirmed,,,,,,,,,\n" +
		"Priority,Violence Prevention,,,,,,,,,,,,,,,\n" +
		"PCC priority,,Protecting from harm,,,,,,,,,,,,,,\n" +
		"PCC priority,,Supporting victims of crime,,,,,,,,,,,,,,\n" +
		"Line,Violence Prevention,Advocacy,,,Supporting victims of crime; Protecting from harm,600.00,,,,,,,,,,\n" +
		"Line,Violence Prevention,Patrols,,,Protecting from harm,400.00,,,,,,,,,,\n"
	if err := os.WriteFile(old, []byte(rows), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := csplan(t, "--db", db, "import", old, "--yes")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, old+`: note: row 1, column "PCC priorities": the file is from an older csplan`) ||
		!strings.Contains(errOut, "the first PCC priority of each line and post was taken as its primary (2 of them)") {
		t.Errorf("the import does not say the first PCC priority was taken as primary:\n%s", errOut)
	}
	out, _, _ := csplan(t, "--db", db, "totals", "--json")
	var got struct {
		ByPCCPriority []struct {
			Name  string      `json:"name"`
			Total model.Money `json:"total"`
			Also  int         `json:"also_supports_items"`
		} `json:"by_pcc_priority"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, pt := range got.ByPCCPriority {
		text = append(text, pt.Name+" "+pt.Total.Plain()+" also "+strconv.Itoa(pt.Also))
	}
	if s := strings.Join(text, "; "); s != "Protecting from harm 400.00 also 1; Supporting victims of crime 600.00 also 0" {
		t.Errorf("by PCC priority after the import: %s", s)
	}
}
