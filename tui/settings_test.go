package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
)

// settingsRow moves the Settings screen's cursor to a row from the top.
func settingsRow(d *driver, row int) {
	for range row {
		d.press(keyDown)
	}
}

// The pension rate moves the totals bar while it is typed, saves as one
// change, and u undoes it.
func TestSettingsScreenPensionRate(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("8")
	d.requireView("Employer pension rate", "20%")
	settingsRow(d, headingRows+2)
	d.press(keyEnter)
	d.requireView("Edit the costing settings")
	d.press(keyEnter, keyEnter) // NI rate, NI threshold
	d.clear(4)
	d.press("16.1")
	// 20% → 16.1% on the five posts: £407,000 → £402,726.15.
	d.requireView("PREVIEW Allocated £402,726")
	d.press(keyEnter, keyEnter, keyEnter)
	if got := mustLoad(t, s).Settings.PensionRate; !got.Equal(model.Pct("16.1")) {
		t.Fatalf("saved pension rate %s, want 16.1%%", got)
	}
	d.refuseView("PREVIEW")
	d.requireView("Allocated £402,726", "16.1%")
	d.press("u")
	if got := mustLoad(t, s).Settings.PensionRate; !got.Equal(model.Pct("20")) {
		t.Fatalf("after u the pension rate is %s, want 20%%", got)
	}
	d.requireView("Allocated £407,000")
}

// A bad rate is named and nothing is saved; the form keeps what was typed.
func TestSettingsScreenRefusesBadRate(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("8")
	settingsRow(d, headingRows)
	d.press(keyEnter)
	d.clear(4)
	d.press("130")
	d.refuseView("PREVIEW")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.requireView(`employer-ni-rate: "130" is outside 0% to 100%`, "> 130")
	if got := mustLoad(t, s).Settings.NIRate; !got.Equal(model.Pct("13.8")) {
		t.Fatalf("a bad NI rate saved %s", got)
	}
	d.press(keyEsc)
}

// The levy switched off costs posts no levy: 0.5% of the five posts' pay
// (£120,790.50 in all) is £603.95 a year, all of it in the plan year.
func TestSettingsScreenLevyOff(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := model.ComputeTotals(mustLoad(t, s))
	d.press("8")
	settingsRow(d, headingRows+4)
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.press(keyText('n'))
	p := mustLoad(t, s)
	if p.Settings.LevyOn() {
		t.Fatalf("the levy is still charged")
	}
	var levy model.Money
	for _, po := range p.Posts {
		on := po.Costing(model.DefaultSettings())
		levy = levy.Add(on.ToGrant.Sub(po.Costing(p.Settings).ToGrant))
	}
	after := model.ComputeTotals(p)
	if got := before.Allocated.Sub(after.Allocated); !got.Equal(levy) || levy.IsZero() {
		t.Errorf("allocated fell by %s, want the grant's share of the levy %s", got, levy)
	}
	d.requireView("off: held centrally")
}

func TestSettingsScreenHeading(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 30)
	d.press("8", keyEnter)
	d.requireView("Edit the plan's heading")
	d.clear(40)
	d.press("Safer Testing Partnership", keyEnter, keyEnter)
	d.clear(8)
	d.press("2018/19", keyEnter, keyEnter)
	p := mustLoad(t, s)
	if p.Info.Partnership != "Safer Testing Partnership" || p.Info.StartYear != 2018 {
		t.Fatalf("heading saved as %q %d", p.Info.Partnership, p.Info.StartYear)
	}
	d.requireView("csplan  Safer Testing Partnership · 2018/19")
}

// While a scenario is shown, a setting changed on the Settings screen is a
// step of the scenario; the plan keeps its own.
func TestSettingsScreenInScenario(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 30)
	d.selectScenario("Carry-forward refused")
	d.press(keyEnter)
	d.press("8")
	d.requireView("SCENARIO: Carry-forward refused")
	d.press(keyEnter)
	d.requireView("edit the plan for that")
	settingsRow(d, headingRows+2)
	d.press(keyEnter, keyEnter, keyEnter)
	d.clear(4)
	d.press("16.1", keyEnter, keyEnter, keyEnter)
	if got := mustLoad(t, s).Settings.PensionRate; !got.Equal(model.Pct("20")) {
		t.Fatalf("the plan's pension rate became %s", got)
	}
	scs, err := s.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sc := range scs {
		if sc.Name == "Carry-forward refused" {
			for _, st := range sc.Steps {
				if st.Kind == model.StepSetting && st.Setting == model.SettingPensionRate && st.Percent.Equal(model.Pct("16.1")) {
					found = true
				}
			}
		}
	}
	if !found {
		t.Fatal("no pension step recorded in the scenario")
	}
	d.requireView("Recorded in scenario", "Employer pension rate at 16.1%")
}

// A setting step round-trips through the lever form's draft.
func TestSettingLeverDraft(t *testing.T) {
	for _, typed := range [][2]string{{"pension-rate", "16.1%"}, {"employer-ni-threshold", "£8,424"}, {"levy", "off"}} {
		n, _ := model.ParseSettingName(typed[0])
		st, err := model.SettingStep(n, typed[1])
		if err != nil {
			t.Fatal(err)
		}
		lv, ok := leverOf(st)
		if !ok || lv != leverSetting {
			t.Fatalf("%s: lever %v %v", typed[0], lv, ok)
		}
		back, err := newStepDraft(st, lv).step()
		if err != nil || stepKey(back) != stepKey(st) {
			t.Errorf("%s: draft gives %s (%v), want %s", typed[0], stepKey(back), err, stepKey(st))
		}
	}
}

// Every tab keeps its number on screen at 80 columns, and a click on the
// last one goes to it.
func TestTabsFitEightyColumns(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	row := strings.Split(d.view(), "\n")[tabsRow]
	if ansi.StringWidth(row) > 80 {
		t.Fatalf("the tab row is %d wide", ansi.StringWidth(row))
	}
	for i := range d.m.screens {
		if !strings.Contains(row, fmt.Sprintf(" %d ", i+1)) {
			t.Errorf("tab %d is not on the row %q", i+1, row)
		}
	}
	x := ansi.StringWidth(row[:strings.Index(row, " 8 ")]) + 2
	d.send(tea.MouseClickMsg{X: x, Y: tabsRow, Button: tea.MouseLeft})
	if d.m.active != 7 {
		t.Errorf("a click on tab 8 (column %d) went to %d", x, d.m.active)
	}
}

// The year's RAG thresholds are the Settings screen's last rows: enter
// edits them in one change, checked against each other.
func TestSettingsRAGThresholds(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 30)
	d.press("8")
	d.requireView("RAG: amber from %", "RAG: red from £", "£5,000.00", "either: the % or the £")
	d.press("G", keyEnter)
	d.requireView("RAG thresholds for 2017/18")
	d.press(keyEnter, keyEnter, keyEnter) // amber %, amber £, red % as they are
	d.clear(20)
	d.press("10000", keyEnter, keyEnter) // red £; the rule stays either
	d.requireView("Saved: Set the RAG thresholds: amber from 5% or £1,000, red from 10% or £10,000")
	m, err := s.Monitoring()
	if err != nil {
		t.Fatal(err)
	}
	if !m.Thresholds.RedAmount.Equal(model.Pounds(10000)) {
		t.Fatalf("red amount saved as %s", m.Thresholds.RedAmount)
	}
	d.requireView("£10,000.00")

	d.press(keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(20)
	d.press("500", keyEnter, keyEnter)
	d.requireView("red from £500 is below amber from £1,000")
	if m, _ := s.Monitoring(); !m.Thresholds.RedAmount.Equal(model.Pounds(10000)) {
		t.Fatal("a refused change was saved")
	}
}
