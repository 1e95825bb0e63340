package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzParsePercent feeds ParsePercent what an officer might type in a rate
// or share field. It must never panic; an accepted figure is within
// ±1000%, has at most four decimal places, and reads back the same from
// both of its printed forms; a refusal says it is about a percentage.
func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"13.8", "13.8%", " 50 % ", "0.5", "100", "-25", "", "%", "abc", "1e2",
		"12.34567", "5000", "1000", "-1000.0000", "0.0001", "--1", "1.2.3", ".5", "5.", "١٢", "50%%", "+5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePercent(s)
		if err != nil {
			if !strings.Contains(err.Error(), "percentage") {
				t.Fatalf("ParsePercent(%q): unclear refusal %q", s, err)
			}
			return
		}
		d := p.Decimal()
		if d.Abs().Cmp(decimal.NewFromInt(1000)) > 0 {
			t.Fatalf("ParsePercent(%q) = %s, beyond ±1000%%", s, p)
		}
		if !d.Equal(d.Truncate(4)) {
			t.Fatalf("ParsePercent(%q) = %s, more than four decimal places", s, p)
		}
		for _, form := range []string{p.Plain(), p.String()} {
			back, err := ParsePercent(form)
			if err != nil || !back.Equal(p) {
				t.Fatalf("ParsePercent(%q) = %s, but %q reads back as %s, %v", s, p, form, back, err)
			}
		}
		raw, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var back Percent
		if err := json.Unmarshal(raw, &back); err != nil || !back.Equal(p) {
			t.Fatalf("%s does not survive JSON (%s): %v", p, raw, err)
		}
	})
}

// FuzzParseMonth feeds ParseMonth a typed or imported month. It must never
// panic; an accepted month is 1 to 12, and its name and number both read
// back as it; a refusal says how to write a month.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"April", "apr", "APRIL", " march ", "1", "12", "0", "13", "", "ap", "Sept",
		"september", "01", "+1", "1.0", "Aprill", "décembre", "mar ch"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err != nil {
			if !strings.Contains(err.Error(), "April") {
				t.Fatalf("ParseMonth(%q): refusal does not say how to write a month: %q", s, err)
			}
			return
		}
		if m < 1 || m > 12 {
			t.Fatalf("ParseMonth(%q) = %d, outside the year", s, m)
		}
		for _, form := range []string{MonthName(m), fmt.Sprint(m)} {
			if back, err := ParseMonth(form); err != nil || back != m {
				t.Fatalf("ParseMonth(%q) = %d, but %q reads back as %d, %v", s, m, form, back, err)
			}
		}
	})
}

// FuzzParseFinancialYear feeds ParseFinancialYear a typed or imported year.
// It must never panic; an accepted year is a plausible one whose printed
// form reads back as it; a refusal shows the form to use.
func FuzzParseFinancialYear(f *testing.F) {
	for _, s := range []string{"2017/18", "2017-18", "2017", " 2017/18 ", "2099/00", "1999/00", "2017/19",
		"17/18", "2017/2018", "", "1899", "3000", "2017/18/19", "+2017", "2017/018", "２０１７"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		y, err := ParseFinancialYear(s)
		if err != nil {
			if !strings.Contains(err.Error(), "2017/18") {
				t.Fatalf("ParseFinancialYear(%q): refusal does not show the form: %q", s, err)
			}
			return
		}
		if y < 1900 || y >= 3000 {
			t.Fatalf("ParseFinancialYear(%q) = %d, not a plausible year", s, y)
		}
		for _, form := range []string{FinancialYear(y), fmt.Sprint(y)} {
			if back, err := ParseFinancialYear(form); err != nil || back != y {
				t.Fatalf("ParseFinancialYear(%q) = %d, but %q reads back as %d, %v", s, y, form, back, err)
			}
		}
	})
}

// FuzzScenarioJSON feeds a scenario record as the store or a file keeps it
// (JSON) to the decoder, then applies whatever decodes and validates to a
// small plan. Nothing may panic; a decoded scenario must encode to JSON
// that decodes to the same scenario; applying it must leave the plan it
// was applied to untouched, and Plan and Apply must agree.
func FuzzScenarioJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":1,"name":"Grant -25%","steps":[{"kind":"funding","target":1,"percent":"-25"},{"kind":"make-fit","fit":"confirmed","protect":[30]}]}`,
		`{"id":2,"name":"Carry-forward refused","steps":[{"kind":"funding","target":2,"status":"refused"}]}`,
		`{"id":3,"name":"Trim","steps":[{"kind":"cut-priority","target":10,"percent":"15"},{"kind":"cut-tag","target":20,"amount":"1000.00"},{"kind":"cut-lines","percent":"5"}]}`,
		`{"id":4,"name":"Posts","steps":[{"kind":"post-end","target":40,"month":5},{"kind":"post-fte","target":40,"fte":"0.4"},{"kind":"post-share","target":40,"percent":"50"},{"kind":"remove-post","target":40}]}`,
		`{"id":5,"name":"Lines","steps":[{"kind":"line-cost","target":30,"amount":"1.50"},{"kind":"remove-line","target":31},{"kind":"add-line","line":{"id":0,"priority":10,"title":"New","cost":"500.00","tags":[20]}}]}`,
		`{"id":6,"name":"Everything","steps":[{"kind":"make-fit","fit":"confirmed+pending"},{"kind":"funding","target":3,"amount":"999999999.99"}]}`,
		`{"name":"","steps":null}`, `{}`, `[]`, `null`, `{"steps":[{"kind":"nope"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var sc Scenario
		if err := json.Unmarshal(data, &sc); err != nil {
			return
		}
		first, err := json.Marshal(sc)
		if err != nil {
			t.Fatalf("a decoded scenario does not encode: %v", err)
		}
		var back Scenario
		if err := json.Unmarshal(first, &back); err != nil {
			t.Fatalf("the encoded scenario does not decode: %v\n%s", err, first)
		}
		if second, _ := json.Marshal(back); string(second) != string(first) {
			t.Fatalf("the scenario changed over JSON:\n%s\n%s", first, second)
		}
		if sc.Validate() != nil {
			return
		}
		base := smallPlan()
		before, _ := json.Marshal(base)
		p, results := sc.Apply(base)
		if len(results) != len(sc.Steps) {
			t.Fatalf("%d results for %d steps", len(results), len(sc.Steps))
		}
		for _, st := range sc.Steps {
			_ = st.Describe(p)
		}
		if after, _ := json.Marshal(base); string(after) != string(before) {
			t.Fatal("applying the scenario changed the plan it was applied to")
		}
		q := sc.Plan(smallPlan())
		if a, b := ComputeTotals(p), ComputeTotals(q); !a.Allocated.Equal(b.Allocated) || !a.EnvelopeAll.Equal(b.EnvelopeAll) {
			t.Fatalf("Apply and Plan disagree: allocated %s vs %s, envelope %s vs %s",
				a.Allocated, b.Allocated, a.EnvelopeAll, b.EnvelopeAll)
		}
	})
}
