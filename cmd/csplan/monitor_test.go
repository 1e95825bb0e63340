package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

type monitorOut struct {
	AsAt             string `json:"as_at"`
	AsAtMonth        string `json:"as_at_month"`
	Budget           string `json:"budget"`
	ProfileToDate    string `json:"profile_to_date"`
	ActualToDate     string `json:"actual_to_date"`
	ForecastOutturn  string `json:"forecast_outturn"`
	ForecastVariance string `json:"forecast_variance"`
	Items            []struct {
		Title            string `json:"title"`
		Budget           string `json:"budget"`
		ActualToDate     string `json:"actual_to_date"`
		ForecastOutturn  string `json:"forecast_outturn"`
		ForecastVariance string `json:"forecast_variance"`
		RAG              string `json:"rag"`
	} `json:"items"`
}

func monitorJSONOf(t *testing.T, db string, args ...string) monitorOut {
	t.Helper()
	out, errOut, code := csplan(t, append([]string{"--db", db, "monitor", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("monitor --json: exit %d: %s", code, errOut)
	}
	var m monitorOut
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("monitor --json is not JSON: %v\n%s", err, out)
	}
	return m
}

// Typed actuals move the figures, --as-at moves the period, amounts stay
// exact strings, and the items add up to the total.
func TestMonitorAndActualsCommands(t *testing.T) {
	db := newPlan(t)
	m := monitorJSONOf(t, db)
	if m.AsAt != "P0" || m.Budget != "407000.00" || m.ForecastOutturn != "407000.00" || m.ActualToDate != "0.00" {
		t.Fatalf("before any spend: %+v", m)
	}
	for _, args := range [][]string{
		{"Domestic homicide reviews", "June", "1,500.50", "--description", "Review panel chair"},
		{"--", "Community champions", "P2", "-250"},
		{"Community champions", "4", "1000"},
	} {
		if _, errOut, code := csplan(t, append([]string{"--db", db, "actuals", "add"}, args...)...); code != 0 {
			t.Fatalf("actuals add %q: exit %d: %s", args, code, errOut)
		}
	}
	m = monitorJSONOf(t, db)
	if m.AsAt != "P4" || m.AsAtMonth != "July 2017" || m.ActualToDate != "2250.50" {
		t.Fatalf("after three actuals: as at %s (%s), actual %s", m.AsAt, m.AsAtMonth, m.ActualToDate)
	}
	m = monitorJSONOf(t, db, "--as-at", "P3")
	if m.ActualToDate != "1250.50" {
		t.Fatalf("as at P3 the July spend counts: actual to date %s", m.ActualToDate)
	}
	sum := decimal.Zero
	for _, it := range m.Items {
		sum = sum.Add(decimal.RequireFromString(it.ForecastOutturn))
	}
	if !sum.Equal(decimal.RequireFromString(m.ForecastOutturn)) {
		t.Fatalf("items' forecast outturn add to %s, the total says %s", sum, m.ForecastOutturn)
	}
	for _, it := range m.Items {
		if it.Title == "Domestic homicide reviews" && it.ActualToDate != "1500.50" {
			t.Errorf("DHR actual to date %s", it.ActualToDate)
		}
	}

	out, errOut, code := csplan(t, "--db", db, "actuals", "list", "--item", "community champions")
	if code != 0 {
		t.Fatalf("actuals list: %s", errOut)
	}
	if !strings.Contains(out, "-£250.00") || !strings.Contains(out, "£750.00") || strings.Contains(out, "Domestic") {
		t.Fatalf("actuals list --item:\n%s", out)
	}

	// Mistakes name what is wrong and change nothing.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"actuals", "add", "Domestic homicide", "P1", "10"}, `did you mean "Domestic homicide reviews"?`},
		{[]string{"actuals", "add", "Community champions", "P13", "10"}, `"P13" is not a period`},
		{[]string{"actuals", "add", "Community champions", "P1", "-10"}, "put -- before the arguments"},
		{[]string{"actuals", "add", "Community champions", "P1", "0"}, "records nothing"},
		{[]string{"monitor", "--as-at", "Smarch"}, `"Smarch" is not a period`},
		{[]string{"actuals", "remove", "abc"}, "is not an actual's ID"},
		{[]string{"actuals", "remove", "99999"}, "there is no actual 99999"},
	} {
		_, errOut, code := csplan(t, append([]string{"--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%q: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
	if got := monitorJSONOf(t, db).ActualToDate; got != "2250.50" {
		t.Fatalf("refused commands changed the actuals: %s", got)
	}
	if _, errOut, code := csplan(t, "--db", db, "undo"); code != 0 {
		t.Fatal(errOut)
	}
	if got := monitorJSONOf(t, db).ActualToDate; got != "1250.50" {
		t.Fatalf("undo of the last actual: actual to date %s", got)
	}
}

// The ledger import through the command: a dry run changes nothing, the
// Q1 file imports as one change, the same file is refused, a file with a
// bad row imports nothing and names the row and column, an overlapping
// export is refused, and undo takes the import back.
func TestActualsImport(t *testing.T) {
	db := newPlan(t)
	q1 := filepath.Join("..", "..", "store", "planfile", "testdata", "ledger-q1.csv")
	before := fileBytes(t, db)
	out, errOut, code := csplan(t, "--db", db, "actuals", "import", q1, "--dry-run")
	if code != 0 || !strings.Contains(out, "Would import 39 actuals totalling £82,367.80 in P1, P2, P3") {
		t.Fatalf("dry run: exit %d, %q, %q", code, out, errOut)
	}
	if !bytes.Equal(fileBytes(t, db), before) {
		t.Fatal("--dry-run changed the plan file")
	}
	if _, errOut, code := csplan(t, "--db", db, "actuals", "import", q1); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	if got := monitorJSONOf(t, db).ActualToDate; got != "82367.80" {
		t.Fatalf("after the Q1 import actual to date is %s", got)
	}
	if _, errOut, code := csplan(t, "--db", db, "actuals", "import", q1); code == 0 || !strings.Contains(errOut, "already counted") {
		t.Fatalf("the same file again: exit %d, %q", code, errOut)
	}
	data, err := os.ReadFile(q1)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	overlap := filepath.Join(t.TempDir(), "overlap.csv")
	if err := os.WriteFile(overlap, []byte(strings.Join(lines[:5], "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := csplan(t, "--db", db, "actuals", "import", overlap); code == 0 || !strings.Contains(errOut, "--allow-repeats") {
		t.Fatalf("an overlapping export: exit %d, %q", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	badRows := lines[0] + "\n" + "07/04/2017,CS4410,5620,Community champions,X,Y,3,000.0o\n" + "07/04/2019,CS4410,5620,Community champions,X,Y,10\n"
	if err := os.WriteFile(bad, []byte(badRows), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = csplan(t, "--db", db, "actuals", "import", bad)
	if code == 0 || !strings.Contains(errOut, "row 2") || !strings.Contains(errOut, "row 3") || !strings.Contains(errOut, "nothing was imported") {
		t.Fatalf("a bad file: exit %d, %q", code, errOut)
	}
	if got := monitorJSONOf(t, db).ActualToDate; got != "82367.80" {
		t.Fatalf("refused imports changed the actuals: %s", got)
	}
	if _, errOut, code := csplan(t, "--db", db, "undo"); code != 0 {
		t.Fatal(errOut)
	}
	if got := monitorJSONOf(t, db).ActualToDate; got != "0.00" {
		t.Fatalf("undo left actual to date %s", got)
	}
}

func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A profile set with csplan profile travels through export and import:
// the file's Profile column gives it back, in the import's one change.
func TestProfileRoundTripsThroughTheFile(t *testing.T) {
	db := newPlan(t)
	run := func(args ...string) string {
		t.Helper()
		out, errOut, code := csplan(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		return out
	}
	out := run("profile", "Domestic homicide reviews", "all in December")
	if !strings.Contains(out, "profile all in P9") || !strings.Contains(out, "P9, December 2017   £18,000.00") {
		t.Fatalf("profile set says:\n%s", out)
	}
	if m := monitorJSONOf(t, db, "--as-at", "P8"); !strings.Contains(fmt.Sprint(m.Items), "Domestic homicide reviews 18000.00 0.00") {
		t.Fatalf("as at P8 the DHR line should have spent nothing and forecast its budget: %+v", m.Items)
	}
	file := filepath.Join(t.TempDir(), "plan.csv")
	run("export", "-o", file)
	run("profile", "Domestic homicide reviews", "default")
	if out := run("profile", "Domestic homicide reviews"); !strings.Contains(out, "profile the default") {
		t.Fatalf("after default:\n%s", out)
	}
	out = run("import", file, "--yes")
	if !strings.Contains(out, "Budget profiles: as the file gives them") {
		t.Errorf("the import does not say it changes profiles:\n%s", out)
	}
	if out := run("profile", "Domestic homicide reviews"); !strings.Contains(out, "profile all in P9") {
		t.Fatalf("the import did not bring the profile back:\n%s", out)
	}
	if out := run("import", file, "--yes"); !strings.Contains(out, "No changes") {
		t.Errorf("the same file again:\n%s", out)
	}
	run("undo")
	if out := run("profile", "Domestic homicide reviews"); !strings.Contains(out, "profile the default") {
		t.Fatalf("undo of the import left the profile:\n%s", out)
	}
	_, errOut, code := csplan(t, "--db", db, "profile", "Domestic homicide reviews", "by quarter: 1; 2")
	if code == 0 || !strings.Contains(errOut, "profile") {
		t.Errorf("a bad profile: exit %d, %q", code, errOut)
	}
}
