package tui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/shopspring/decimal"

	"csplan/model"
	"csplan/store"
)

// seedMeasures gives the VAWG services two measures, one reported in Q1.
func seedMeasures(t testing.TB, s *store.DB) {
	t.Helper()
	q1 := decimal.NewFromInt(46)
	if _, err := s.EditMonitoring("measures", func(m *model.Monitoring, _ *model.Plan) error {
		m.Measures = map[model.ID][]model.Measure{itemVAWG: {
			{Name: "Women supported in refuge", Unit: "women", Target: decimal.NewFromInt(200), Values: [4]*decimal.Decimal{&q1}},
			{Name: "Outreach sessions", Target: decimal.RequireFromString("52")},
		}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// TestMonitorMeasuresThroughForms: m adds a measure with its quarter's
// value; a bad figure or a name used twice is said on the field with the
// text kept; e on a measure edits it, keeping the other quarters' values;
// d removes it after y, and u puts it back.
func TestMonitorMeasuresThroughForms(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	d := start(t, s, 80, 24)
	openMonitorItem(d, itemDHR)
	d.requireView("No measures: m adds one.")

	d.press("m")
	d.requireView("Add a measure: Domestic homicide reviews", "Q1 value")
	d.press("Reviews commissioned", keyEnter, "reviews", keyEnter, "-2", keyEnter)
	d.requireText(`"-2" is negative: a measure counts up from 0`)
	d.requireView("Reviews commissioned", "-2")
	d.clear(2)
	d.press("2", keyEnter, "1.234", keyEnter)
	d.requireText(`"1.234" has more than 2 decimal places`)
	d.clear(5)
	d.press("1", keyEnter)
	d.requireView("Saved: Added the measure", "Reviews commissioned …  1       1      2")
	ms := mustMonitoring(t, s).Measures[itemDHR]
	if len(ms) != 1 || ms[0].Name != "Reviews commissioned" || ms[0].Unit != "reviews" || !ms[0].Target.Equal(decimal.NewFromInt(2)) ||
		ms[0].Values[0] == nil || !ms[0].Values[0].Equal(decimal.NewFromInt(1)) {
		t.Fatalf("saved %+v", ms)
	}

	// A second measure may not take the first's name.
	d.press("m", "reviews COMMISSIONED", keyEnter)
	d.requireText(`"Domestic homicide reviews" already has a measure called "reviews COMMISSIONED"`)
	d.clear(30)
	d.press("Panels held", keyEnter, keyEnter, "4", keyEnter, keyEnter)
	d.requireView("Saved: Added the measure", "Panels held")
	if n := len(mustMonitoring(t, s).Measures[itemDHR]); n != 2 {
		t.Fatalf("%d measures, want 2", n)
	}

	// A value recorded for Q2 elsewhere stays when the form edits Q1.
	if _, err := s.EditMonitoring("Q2", func(m *model.Monitoring, _ *model.Plan) error {
		ms := m.Measures[itemDHR][0]
		two := decimal.NewFromInt(2)
		ms.Values[1] = &two
		m.SetMeasure(itemDHR, ms.Name, ms)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// No actuals: the cursor starts on the first measure.
	d.press("e")
	d.requireView(`Measure "Reviews commissioned": Domestic homicide reviews`)
	d.press(keyEnter, keyEnter, keyEnter)
	d.clear(3)
	d.press("3", keyEnter)
	d.requireView("Saved: Changed the measure")
	got := mustMonitoring(t, s).Measures[itemDHR][0]
	if !got.Values[0].Equal(decimal.NewFromInt(3)) || got.Values[1] == nil || !got.Values[1].Equal(decimal.NewFromInt(2)) {
		t.Fatalf("after editing Q1: %+v", got.Values)
	}

	d.press("j", "d")
	d.requireView(`Remove the measure "Panels held" and its values?`)
	d.press("y")
	d.requireView("Saved: Removed the measure")
	d.refuseView("Panels held  ")
	if n := len(mustMonitoring(t, s).Measures[itemDHR]); n != 1 {
		t.Fatalf("%d measures after removing one, want 1", n)
	}
	d.press("u")
	d.requireView("Undone: Removed the measure", "Panels held")
}

// TestProgramBurstAddsMeasure types a whole measure as one burst of keys,
// as a paste or a script does: every field must be saved as typed.
func TestProgramBurstAddsMeasure(t *testing.T) {
	tm, waitFor := runProgram(t)
	tm.Send(tea.KeyPressMsg{Code: '9', Text: "9"})
	waitFor("forecasts follow the profile")
	keys := []tea.Msg{tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: 'm', Text: "m"}}
	keys = append(keys, burst("Young people engaged\rpeople\r1,200\r46\r")...)
	for _, k := range keys {
		tm.Send(k)
	}
	waitFor("Saved: Added the measure")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(Model)
	m, err := final.c.store.Monitoring()
	if err != nil {
		t.Fatal(err)
	}
	first := mustLoad(t, final.c.store).Items()[0].ID
	ms := m.Measures[first]
	if len(ms) != 1 || ms[0].Name != "Young people engaged" || ms[0].Unit != "people" || !ms[0].Target.Equal(decimal.NewFromInt(1200)) ||
		ms[0].Values[0] == nil || !ms[0].Values[0].Equal(decimal.NewFromInt(46)) {
		t.Fatalf("saved %+v", ms)
	}
}
