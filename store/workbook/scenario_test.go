package workbook

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"csplan/model"
)

// A workbook made from a scenario names it at the top of every sheet, and
// the live totals still add up with the sheets moved down a row.
func TestScenarioNamedOnEverySheet(t *testing.T) {
	p := testPlan()
	refused := model.Refused
	sc := model.Scenario{Name: "Carry-forward refused", Steps: []model.Step{{Kind: model.StepFunding, Target: 2, Status: &refused}}}
	alt := sc.Plan(p)
	cols := []model.Column{{Name: "Plan", Plan: p}, {Name: sc.Name, Plan: alt}}
	f := write(t, alt, Options{Scenario: sc.Name, Compare: cols})
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		named := false
		for _, r := range rows[:min(len(rows), 6)] {
			if len(r) > 0 && strings.Contains(r[0], `Scenario: Carry-forward refused`) && strings.Contains(r[0], "what-if") {
				named = true
			}
		}
		if !named {
			t.Errorf("the %s sheet does not name the scenario in its first rows: %q", sheet, rows[:min(len(rows), 6)])
		}
	}
	tot := model.ComputeTotals(alt)
	total := findRow(t, f, "Posts", "Total")
	checkFormula(t, f, "Posts", fmt.Sprintf("Q%d", total), "SUM(Q3:Q7)", tot.PostsTotal)
	checkFormula(t, f, "Funding", fmt.Sprintf("C%d", findRow(t, f, "Funding", "Confirmed")), "SUMIF(B3:", tot.Confirmed)
	checkFormula(t, f, "Funding", fmt.Sprintf("C%d", findRow(t, f, "Funding", "Refused (not counted)")), "SUMIF(B3:", tot.Refused)
	if v, _ := f.GetCellValue("Comparison", "A2"); v != "Section" {
		t.Errorf("Comparison header moved to %q, want it in row 2", v)
	}
	if title, _ := f.GetDocProps(); !strings.Contains(title.Title, sc.Name) {
		t.Errorf("document title %q does not name the scenario", title.Title)
	}

	// The plan's own workbook has no such row.
	plain := write(t, p, Options{})
	if v, _ := plain.GetCellValue("Posts", "A1"); v != "Title" {
		t.Errorf("the plan's Posts sheet starts %q, want its header", v)
	}
}

// A workbook of part of the plan says so on every sheet and in its Data
// sheet's Subset record, and reads back as that part.
func TestSubsetNamedOnEverySheet(t *testing.T) {
	p := testPlan()
	p.Lines = p.Lines[:1]
	const part = "1 of 3 lines, filter: youth"
	f := write(t, p, Options{Subset: part})
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		named := false
		for _, r := range rows[:min(len(rows), 6)] {
			if len(r) > 0 && r[0] == SubsetTitle(part) {
				named = true
			}
		}
		if !named {
			t.Errorf("the %s sheet does not say it is part of the plan: %q", sheet, rows[:min(len(rows), 6)])
		}
	}
	var buf bytes.Buffer
	if err := Write(&buf, p, Options{Subset: part}); err != nil {
		t.Fatal(err)
	}
	got, info, err := Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || info.Subset != part || info.Scenario != "" || len(got.Lines) != 1 {
		t.Fatalf("read back as subset %q, scenario %q (%v)", info.Subset, info.Scenario, err)
	}
}
