package main

import (
	"encoding/json"
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
