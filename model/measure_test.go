package model

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// TestMeasureCheck: every kind of bad measure or comment is reported,
// naming the item and the measure; good ones pass.
func TestMeasureCheck(t *testing.T) {
	good := Measure{Name: "Young people engaged", Unit: "people", Target: decimal.NewFromInt(200), Values: [4]*decimal.Decimal{dec("46")}}
	long := strings.Repeat("x", MaxNameLen+1)
	cases := []struct {
		name     string
		measures map[ID][]Measure
		comments map[ID]map[Quarter]string
		want     string // "" for no problem
	}{
		{"good", map[ID][]Measure{30: {good, {Name: "Sessions", Target: decimal.RequireFromString("12.5")}}}, nil, ""},
		{"no name", map[ID][]Measure{30: {{Name: "  ", Target: decimal.NewFromInt(1)}}}, nil, `"Strategy" has a measure with no name`},
		{"same name, other case", map[ID][]Measure{30: {good, {Name: "young people ENGAGED "}}}, nil,
			`"Strategy" has two measures called "young people ENGAGED": give each its own name`},
		{"same name on two items is fine", map[ID][]Measure{30: {good}, 31: {good}}, nil, ""},
		{"name too long", map[ID][]Measure{30: {{Name: long}}}, nil, fmt.Sprintf("the name is %d characters long: the most is %d", MaxNameLen+1, MaxNameLen)},
		{"unit too long", map[ID][]Measure{30: {{Name: "A", Unit: long}}}, nil, fmt.Sprintf("the unit is %d characters long", MaxNameLen+1)},
		{"negative target", map[ID][]Measure{30: {{Name: "A", Target: decimal.NewFromInt(-1)}}}, nil,
			`the measure "A" of "Strategy": the annual target -1 is negative`},
		{"huge target", map[ID][]Measure{30: {{Name: "A", Target: MaxMeasure}}}, nil, "the annual target 1000000000 is too large"},
		{"fine value", map[ID][]Measure{30: {{Name: "A", Values: [4]*decimal.Decimal{nil, dec("1.005")}}}}, nil,
			"the Q2 value 1.005 has more than 2 decimal places"},
		{"far-out target", map[ID][]Measure{30: {{Name: "A", Target: decimal.New(1, 999999999)}}}, nil,
			"the annual target (far out of range) is too large"},
		{"far-out value", map[ID][]Measure{30: {{Name: "A", Values: [4]*decimal.Decimal{ptr(decimal.New(1, -999999999))}}}}, nil,
			"the Q1 value (far out of range) has more than 2 decimal places"},
		{"negative value", map[ID][]Measure{30: {{Name: "A", Values: [4]*decimal.Decimal{nil, nil, nil, dec("-3")}}}}, nil,
			"the Q4 value -3 is negative"},
		{"not in the plan", map[ID][]Measure{99: {good}}, nil, "item 99 (not in the plan) has measures"},
		{"comment too long", nil, map[ID]map[Quarter]string{30: {2: strings.Repeat("é", MaxNarrativeLen+1)}},
			fmt.Sprintf(`the Q2 comment on "Strategy" is %d characters long`, MaxNarrativeLen+1)},
		{"comment for no quarter", nil, map[ID]map[Quarter]string{30: {5: "x"}}, `"Strategy" has a comment for Q5`},
		{"comment on no item", nil, map[ID]map[Quarter]string{98: {1: "x"}}, "item 98 (not in the plan) has comments"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, m := monitorPlan()
			m.Actuals = nil
			m.Measures, m.Narratives = c.measures, c.comments
			errs := m.Check(p)
			if c.want == "" {
				if len(errs) > 0 {
					t.Fatalf("problems with good measures: %v", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), c.want) {
				t.Fatalf("problems %v, want one saying %q", errs, c.want)
			}
		})
	}
}

func TestParseMeasureValue(t *testing.T) {
	for in, want := range map[string]string{"46": "46", " 1,200 ": "1200", "12.5": "12.5", "0": "0", "999999999.99": "999999999.99"} {
		got, err := ParseMeasureValue(in)
		if err != nil || !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("ParseMeasureValue(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"":                         "empty",
		"forty":                    `"forty" is not a number`,
		"-3":                       `"-3" is negative`,
		"1e3":                      `"1e3" is not a number`,
		"1000000000":               "is too large",
		"1.234":                    "more than 2 decimal places",
		"1.2.3":                    "is not a number",
		"123456789012345678901234": "too long",
	} {
		if _, err := ParseMeasureValue(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseMeasureValue(%q): %v, want an error saying %q", in, err, want)
		}
	}
}

// TestMeasureEdits: set adds or replaces by name (renaming the one
// edited), remove takes one off, and the lists are copied, not shared.
func TestMeasureEdits(t *testing.T) {
	m := NewMonitoring(2017)
	m.SetMeasure(30, "", Measure{Name: "Sessions", Target: decimal.NewFromInt(12)})
	m.SetMeasure(30, "", Measure{Name: "People", Target: decimal.NewFromInt(200)})
	before := m.Measures[30]
	m.SetMeasure(30, "sessions", Measure{Name: "Workshops", Target: decimal.NewFromInt(10)})
	if got := m.Measures[30]; len(got) != 2 || got[0].Name != "Workshops" || got[1].Name != "People" {
		t.Fatalf("after renaming: %+v", got)
	}
	if before[0].Name != "Sessions" {
		t.Fatal("SetMeasure changed the list it was given in place")
	}
	if m.MeasureIndex(30, " PEOPLE") != 1 || m.MeasureIndex(30, "Sessions") != -1 {
		t.Fatal("MeasureIndex does not find by name ignoring case")
	}
	if !m.RemoveMeasure(30, "workshops") || m.RemoveMeasure(30, "workshops") {
		t.Fatal("RemoveMeasure did not remove once")
	}
	if !m.RemoveMeasure(30, "People") {
		t.Fatal("RemoveMeasure did not remove the last")
	}
	if _, ok := m.Measures[30]; ok {
		t.Fatal("an item with no measures left keeps an empty list")
	}

	m.SetNarrative(30, 1, "  Met twice. ")
	if m.Narratives[30][1] != "Met twice." {
		t.Fatalf("narrative saved as %q", m.Narratives[30][1])
	}
	m.SetNarrative(30, 1, " ")
	if _, ok := m.Narratives[30]; ok {
		t.Fatal("clearing the only comment leaves the item's map")
	}
}

func TestMeasureToDate(t *testing.T) {
	ms := Measure{Values: [4]*decimal.Decimal{dec("46"), nil, dec("10.5"), dec("7")}}
	for q, want := range map[Quarter]string{1: "46", 2: "46", 3: "56.5", 4: "63.5"} {
		if got := ms.ToDate(q); !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("to %s: %s, want %s", q, got, want)
		}
	}
	if ms.Value(2) != nil || !ms.Value(3).Equal(decimal.RequireFromString("10.5")) || ms.Value(0) != nil {
		t.Error("Value does not give the quarter's value")
	}
}

// TestMeasureJSON: a measure reads back as written; a figure far out of
// range, or a field csplan does not write, is refused rather than read.
func TestMeasureJSON(t *testing.T) {
	in := Measure{Name: "People", Unit: "people", Target: decimal.NewFromInt(200), Values: [4]*decimal.Decimal{dec("46"), nil, dec("12.5")}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Measure
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Name != in.Name || out.Unit != in.Unit || !out.Target.Equal(in.Target) || out.Values[1] != nil ||
		!out.Values[0].Equal(*in.Values[0]) || !out.Values[2].Equal(*in.Values[2]) {
		t.Fatalf("read back %+v from %s", out, b)
	}
	for _, bad := range []string{
		`{"name":"A","target":"1e-999999999","values":[null,null,null,null]}`,
		`{"name":"A","target":"1","values":["1e999999999",null,null,null]}`,
		`{"name":"A","target":"1","values":[null,null,null,null],"colour":"red"}`,
	} {
		if err := json.Unmarshal([]byte(bad), &out); err == nil {
			t.Errorf("%s was read", bad)
		}
	}
}
