package model

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Worked by hand: pay 30,000; NI (30,000 - 8,164) x 13.8% = 3,013.37;
// pension 30,000 x 16.1% = 4,830.00; levy held centrally, so 0 (it would
// be 150.00); annual 37,843.37; six months 18,921.685 -> 18,921.69.
func TestPostCostingLevyHeldCentrally(t *testing.T) {
	s := DefaultSettings()
	s.PensionRate = Pct("16.1")
	s.LevyHeldCentrally = true
	p := Post{Salary: Pounds(30000), FTE: decimal.NewFromInt(1), StartMonth: 1, EndMonth: 6, GrantShare: Pct("100")}
	c := p.Costing(s)
	for _, x := range []struct {
		what string
		got  Money
		want string
	}{
		{"NI", c.NI, "3013.37"}, {"pension", c.Pension, "4830.00"}, {"levy", c.Levy, "0.00"},
		{"on-costs", c.OnCosts, "7843.37"}, {"annual", c.Annual, "37843.37"},
		{"in year", c.InYear, "18921.69"}, {"to grant", c.ToGrant, "18921.69"},
	} {
		if x.got.Plain() != x.want {
			t.Errorf("%s = %s, want %s", x.what, x.got.Plain(), x.want)
		}
	}
	s.LevyHeldCentrally = false
	if got := p.Costing(s).Levy.Plain(); got != "150.00" {
		t.Errorf("levy switched back on = %s, want 150.00 (the rate is kept)", got)
	}
}

func TestSettingsSet(t *testing.T) {
	cases := []struct {
		name  SettingName
		value string
		want  string
	}{
		{SettingPensionRate, "16.1", "16.1%"},
		{SettingPensionRate, " 16.1% ", "16.1%"},
		{SettingNIRate, "13.8%", "13.8%"},
		{SettingLevyRate, "0", "0%"},
		{SettingNIThreshold, "£8,424", "£8,424"},
		{SettingNIThreshold, "8.4k", "£8,400"},
		{SettingLevy, "off", "off"},
		{SettingLevy, "ON", "on"},
	}
	for _, c := range cases {
		s := DefaultSettings()
		if err := s.Set(c.name, c.value); err != nil {
			t.Errorf("Set(%s, %q): %v", c.name, c.value, err)
			continue
		}
		if got := s.Value(c.name); got != c.want {
			t.Errorf("Set(%s, %q) gives %s, want %s", c.name, c.value, got, c.want)
		}
	}
	for _, c := range []struct {
		name  SettingName
		value string
	}{
		{SettingPensionRate, "101"}, {SettingPensionRate, "-1"}, {SettingPensionRate, "abc"},
		{SettingNIThreshold, "-5"}, {SettingNIThreshold, "2000000000"}, {SettingLevy, "maybe"},
		{"salary", "1"},
	} {
		s := DefaultSettings()
		err := s.Set(c.name, c.value)
		if err == nil {
			t.Errorf("Set(%s, %q) took a bad value", c.name, c.value)
			continue
		}
		if !strings.Contains(err.Error(), string(c.name)) || (c.name != "salary" && !strings.Contains(err.Error(), c.value)) {
			t.Errorf("Set(%s, %q) error %q does not name the setting and the value", c.name, c.value, err)
		}
		if !settingsEqual(s, DefaultSettings()) {
			t.Errorf("Set(%s, %q) failed but changed the settings", c.name, c.value)
		}
	}
}
