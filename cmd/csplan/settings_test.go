package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The officer's check from the issue: the pension rate changes the
// allocated total at once, and undo restores it.
func TestSettingsSetPensionRateAndUndo(t *testing.T) {
	db := newPlan(t)
	before := totalsJSONOf(t, db)
	out, errOut, code := csplan(t, "--db", db, "settings", "set", "pension-rate", "16.1")
	if code != 0 {
		t.Fatalf("settings set: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "16.1%") {
		t.Errorf("settings set says %q, not the new rate", out)
	}
	changed := totalsJSONOf(t, db)
	if changed.Allocated == before.Allocated {
		t.Fatalf("allocated stayed %s after the pension rate changed", before.Allocated)
	}
	// Five posts' pay, less the lower rate: 20% → 16.1% takes 3.9% of pay off.
	if changed.Allocated >= before.Allocated {
		t.Errorf("allocated went from %s to %s; a lower pension rate must lower it", before.Allocated, changed.Allocated)
	}
	if _, errOut, code := csplan(t, "--db", db, "undo"); code != 0 {
		t.Fatalf("undo: exit %d: %s", code, errOut)
	}
	if back := totalsJSONOf(t, db); back.Allocated != before.Allocated {
		t.Errorf("after undo allocated is %s, want %s", back.Allocated, before.Allocated)
	}
}

func TestSettingsListAndSet(t *testing.T) {
	db := newPlan(t)
	for _, c := range [][]string{
		{"employer-ni-rate", "12%"}, {"employer-ni-threshold", "£8,424"}, {"levy-rate", "0.6"},
		{"levy", "off"}, {"partnership", "Safer Testing Partnership"}, {"year", "2018/19"},
	} {
		if _, errOut, code := csplan(t, "--db", db, "settings", "set", c[0], c[1]); code != 0 {
			t.Fatalf("settings set %s %s: exit %d: %s", c[0], c[1], code, errOut)
		}
	}
	out, errOut, code := csplan(t, "--db", db, "settings", "--json")
	if code != 0 {
		t.Fatalf("settings --json: exit %d: %s", code, errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("settings --json is not JSON: %v\n%s", err, out)
	}
	for k, want := range map[string]any{
		"employer_ni_rate_percent": "12", "employer_ni_threshold": "8424.00", "levy_rate_percent": "0.6",
		"levy_charged": false, "partnership": "Safer Testing Partnership", "year": "2018/19", "pension_rate_percent": "20",
	} {
		if got[k] != want {
			t.Errorf("settings --json %s = %v, want %v", k, got[k], want)
		}
	}
	text, _, _ := csplan(t, "--db", db, "settings")
	for _, want := range []string{"levy                   off", "employer-ni-threshold  £8,424", "year                   2018/19"} {
		if !strings.Contains(text, want) {
			t.Errorf("settings does not show %q:\n%s", want, text)
		}
	}
}

func TestSettingsSetRefusesBadInput(t *testing.T) {
	db := newPlan(t)
	before := totalsJSONOf(t, db)
	for _, c := range []struct{ key, value, want string }{
		{"pension-rate", "116", `pension-rate: "116" is outside 0% to 100%`},
		{"pension-rate", "sixteen", `pension-rate: "sixteen" is not a valid percentage`},
		{"employer-ni-threshold", "eight", `employer-ni-threshold: "eight"`},
		{"levy", "sometimes", `levy: "sometimes" is not on or off`},
		{"year", "2017/19", `year: "2017/19" is not a financial year`},
		{"partnership", " ", "partnership: the partnership needs a name"},
		{"salary", "1", `"salary" is not a setting`},
	} {
		_, errOut, code := csplan(t, "--db", db, "settings", "set", c.key, c.value)
		if code != 1 || !strings.Contains(errOut, c.want) {
			t.Errorf("settings set %s %q: exit %d, %q; want exit 1 saying %q", c.key, c.value, code, errOut, c.want)
		}
	}
	if after := totalsJSONOf(t, db); after.Allocated != before.Allocated {
		t.Errorf("refused settings changed the allocated total: %s → %s", before.Allocated, after.Allocated)
	}
}

// Every output made from a scenario names it.
func TestScenarioOutputsNameTheScenario(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	const name = "Carry-forward refused"

	text, errOut, code := csplan(t, "--db", db, "totals", "--scenario", name)
	if code != 0 {
		t.Fatalf("totals --scenario: exit %d: %s", code, errOut)
	}
	if first := strings.SplitN(text, "\n", 2)[0]; !strings.Contains(first, `SCENARIO "Carry-forward refused"`) {
		t.Errorf("totals --scenario opens %q, not naming the scenario", first)
	}
	plain, _, _ := csplan(t, "--db", db, "totals")
	if strings.Contains(plain, "SCENARIO") {
		t.Errorf("the plan's totals name a scenario:\n%s", plain)
	}

	js, _, _ := csplan(t, "--db", db, "totals", "--json", "--scenario", name)
	var got map[string]any
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	if got["scenario"] != name {
		t.Errorf("totals --json --scenario has scenario %v, want %q", got["scenario"], name)
	}
	js, _, _ = csplan(t, "--db", db, "totals", "--json")
	got = nil
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	if v, ok := got["scenario"]; !ok || v != nil {
		t.Errorf("the plan's totals --json has scenario %v (present %v), want null", v, ok)
	}

	csv, _, code := csplan(t, "--db", db, "export", "--scenario", name)
	if code != 0 || !strings.Contains(csv, "\r\nScenario,,Carry-forward refused,") {
		t.Errorf("export --scenario has no Scenario row naming it:\n%.500s", csv)
	}
	planCSV, _, _ := csplan(t, "--db", db, "export")
	if strings.Contains(planCSV, "\r\nScenario,") {
		t.Error("the plan's export has a Scenario row")
	}

	file := filepath.Join(dir, "what-if.csv")
	if _, errOut, code := csplan(t, "--db", db, "export", "--scenario", name, "-o", file); code != 0 {
		t.Fatalf("export -o: %s", errOut)
	}
	before := totalsJSONOf(t, db)
	_, errOut, code = csplan(t, "--db", db, "import", file, "--yes")
	if code != 1 || !strings.Contains(errOut, `exported from scenario "Carry-forward refused"`) || !strings.Contains(errOut, "--as-scenario") {
		t.Errorf("importing a scenario's file as the plan: exit %d, %q; want it refused, naming the scenario", code, errOut)
	}
	if after := totalsJSONOf(t, db); after.Allocated != before.Allocated || after.Envelope != before.Envelope {
		t.Error("the refused import changed the plan")
	}
	out, errOut, code := csplan(t, "--db", db, "import", file, "--as-scenario", "Back again")
	if code != 0 || !strings.Contains(out, `scenario "Back again"`) {
		t.Errorf("importing it as a scenario: exit %d, %q %q", code, out, errOut)
	}

	xlsx := filepath.Join(dir, "what-if.xlsx")
	if _, errOut, code := csplan(t, "--db", db, "export", "--scenario", name, "-o", xlsx); code != 0 {
		t.Fatalf("export xlsx: %s", errOut)
	}
	if fi, err := os.Stat(xlsx); err != nil || fi.Size() == 0 {
		t.Fatalf("no workbook written: %v", err)
	}
}

// A costing setting is a scenario lever: the plan is untouched.
func TestScenarioSetLever(t *testing.T) {
	db := newPlan(t)
	before := totalsJSONOf(t, db)
	if _, errOut, code := csplan(t, "--db", db, "scenario", "new", "LGPS"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := csplan(t, "--db", db, "scenario", "set", "LGPS", "pension-rate", "16.1%")
	if code != 0 || !strings.Contains(out, "Employer pension rate at 16.1%") {
		t.Fatalf("scenario set: exit %d, %q %q", code, out, errOut)
	}
	show, _, _ := csplan(t, "--db", db, "scenario", "show", "LGPS")
	if !strings.Contains(show, "1. Employer pension rate at 16.1% (allocated -£") {
		t.Errorf("scenario show does not list the step with its effect:\n%s", show)
	}
	if after := totalsJSONOf(t, db); after.Allocated != before.Allocated {
		t.Errorf("a scenario step changed the plan: %s → %s", before.Allocated, after.Allocated)
	}
	// The same allocated total as the plan with the setting changed.
	js, _, _ := csplan(t, "--db", db, "totals", "--json", "--scenario", "LGPS")
	var sc totalsOut
	if err := json.Unmarshal([]byte(js), &sc); err != nil {
		t.Fatal(err)
	}
	csplan(t, "--db", db, "settings", "set", "pension-rate", "16.1")
	if plan := totalsJSONOf(t, db); plan.Allocated != sc.Allocated {
		t.Errorf("scenario allocated %s, plan with the same rate %s", sc.Allocated, plan.Allocated)
	}
	_, errOut, code = csplan(t, "--db", db, "scenario", "set", "LGPS", "levy", "maybe")
	if code != 1 || !strings.Contains(errOut, `levy: "maybe" is not on or off`) {
		t.Errorf("bad lever value: exit %d, %q", code, errOut)
	}
}

// The year's RAG thresholds are settings: shown, changed one at a time
// (checked against each other), and they move an item's RAG.
func TestRAGThresholdSettings(t *testing.T) {
	db := newPlan(t)
	out, errOut, code := csplan(t, "--db", db, "settings")
	if code != 0 || !strings.Contains(out, "rag-amber-percent      5%") || !strings.Contains(out, "rag-red-amount         £5,000.00") {
		t.Fatalf("settings: exit %d, %s\n%s", code, errOut, out)
	}
	if _, errOut, code := csplan(t, "--db", db, "actuals", "add", "Community champions", "P1", "1700"); code != 0 {
		t.Fatal(errOut)
	}
	rag := func() string {
		t.Helper()
		for _, it := range monitorJSONOf(t, db).Items {
			if it.Title == "Community champions" {
				return it.RAG
			}
		}
		t.Fatal("no Community champions")
		return ""
	}
	// £700 over the profile to P1 (£1,000), so the year's forecast is
	// £700 over: 5.8% of £12,000, amber (from 5% or £1,000).
	if got := rag(); got != "amber" {
		t.Fatalf("RAG %s, want amber", got)
	}
	if _, errOut, code := csplan(t, "--db", db, "settings", "set", "rag-amber-percent", "6%"); code != 0 {
		t.Fatal(errOut)
	}
	if got := rag(); got != "green" {
		t.Fatalf("with amber from 6%% the RAG is %s, want green", got)
	}
	for _, c := range [][2]string{{"rag-red-amount", "500"}, {"rag-rule", "sometimes"}, {"rag-amber-percent", "0"}} {
		_, errOut, code := csplan(t, "--db", db, "settings", "set", c[0], c[1])
		if code == 0 || !strings.Contains(errOut, c[0]) {
			t.Errorf("settings set %s %s: exit %d, %q", c[0], c[1], code, errOut)
		}
	}
	if _, errOut, code := csplan(t, "--db", db, "undo"); code != 0 {
		t.Fatal(errOut)
	}
	if got := rag(); got != "amber" {
		t.Fatalf("after undo the RAG is %s, want amber", got)
	}
}
