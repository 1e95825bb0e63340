package model

import (
	"fmt"
	"strings"
)

// SettingName names one costing setting, in the words the CLI takes and a
// scenario step records.
type SettingName string

// The costing settings a plan or a scenario can change.
const (
	SettingNIRate      SettingName = "employer-ni-rate"
	SettingNIThreshold SettingName = "employer-ni-threshold"
	SettingPensionRate SettingName = "pension-rate"
	SettingLevyRate    SettingName = "levy-rate"
	// SettingLevy switches the Apprenticeship Levy on or off: off when the
	// council holds it centrally and does not charge grant-funded posts.
	SettingLevy SettingName = "levy"
)

// SettingNames lists the costing settings in the order they are shown.
var SettingNames = []SettingName{SettingNIRate, SettingNIThreshold, SettingPensionRate, SettingLevyRate, SettingLevy}

// Label is the setting in the officer's words.
func (n SettingName) Label() string {
	switch n {
	case SettingNIRate:
		return "Employer NI rate"
	case SettingNIThreshold:
		return "Employer NI threshold"
	case SettingPensionRate:
		return "Employer pension rate"
	case SettingLevyRate:
		return "Apprenticeship levy rate"
	case SettingLevy:
		return "Apprenticeship levy"
	}
	return string(n)
}

// ParseSettingName reads a setting's name as the CLI takes it.
func ParseSettingName(s string) (SettingName, error) {
	t := SettingName(strings.ToLower(strings.TrimSpace(s)))
	for _, n := range SettingNames {
		if t == n {
			return n, nil
		}
	}
	return "", fmt.Errorf("%q is not a costing setting: use %s", s, settingList())
}

func settingList() string {
	names := make([]string, len(SettingNames))
	for i, n := range SettingNames {
		names[i] = string(n)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// LevyOn reports whether posts are charged the Apprenticeship Levy.
func (s Settings) LevyOn() bool { return !s.LevyHeldCentrally }

// Value writes one setting as the officer reads it: "16.1%", "£8,164",
// "on" or "off".
func (s Settings) Value(n SettingName) string {
	switch n {
	case SettingNIRate:
		return s.NIRate.String()
	case SettingNIThreshold:
		return s.NIThreshold.String()
	case SettingPensionRate:
		return s.PensionRate.String()
	case SettingLevyRate:
		return s.LevyRate.String()
	case SettingLevy:
		return OnOff(s.LevyOn())
	}
	return ""
}

// OnOff writes a switch as "on" or "off".
func OnOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// ParseOnOff reads a switch: on, off, yes, no, true or false.
func ParseOnOff(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "on", "yes", "true":
		return true, nil
	case "off", "no", "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not on or off", s)
}

// Set changes one setting to a value typed as the officer writes it: rates
// as "16.1" or "16.1%", the threshold as an amount ("8164", "£8,164"), the
// levy as on or off. The error names the setting and the value.
func (s *Settings) Set(n SettingName, value string) error {
	bad := func(err error) error { return fmt.Errorf("%s: %w", n, err) }
	switch n {
	case SettingNIRate, SettingPensionRate, SettingLevyRate:
		p, err := ParseRate(value)
		if err != nil {
			return bad(err)
		}
		switch n {
		case SettingNIRate:
			s.NIRate = p
		case SettingPensionRate:
			s.PensionRate = p
		default:
			s.LevyRate = p
		}
	case SettingNIThreshold:
		m, err := ParseMoney(value)
		if err != nil {
			return bad(err)
		}
		if tooLarge(m) {
			return bad(fmt.Errorf("%s must be under £1,000,000,000", m))
		}
		s.NIThreshold = m
	case SettingLevy:
		on, err := ParseOnOff(value)
		if err != nil {
			return bad(err)
		}
		s.LevyHeldCentrally = !on
	default:
		return fmt.Errorf("%q is not a costing setting: use %s", n, settingList())
	}
	return nil
}

// ParseRate reads a rate of pay ("16.1" or "16.1%") within 0% to 100%.
func ParseRate(s string) (Percent, error) {
	p, err := ParsePercent(s)
	if err != nil {
		return p, err
	}
	if p.d.Sign() < 0 || p.d.Cmp(hundred) > 0 {
		return p, fmt.Errorf("%q is outside 0%% to 100%%", s)
	}
	return p, nil
}

// SettingStep returns the scenario step that sets one costing setting to a
// value typed as the officer writes it ("pension at 16.1%").
func SettingStep(n SettingName, value string) (Step, error) {
	var s Settings
	if err := s.Set(n, value); err != nil {
		return Step{}, err
	}
	st := Step{Kind: StepSetting, Setting: n}
	switch n {
	case SettingNIRate:
		st.Percent = &s.NIRate
	case SettingPensionRate:
		st.Percent = &s.PensionRate
	case SettingLevyRate:
		st.Percent = &s.LevyRate
	case SettingNIThreshold:
		st.Amount = &s.NIThreshold
	case SettingLevy:
		on := s.LevyOn()
		st.On = &on
	}
	return st, nil
}

// describeSetting says what a setting step does: "Employer pension rate
// at 16.1%", "Apprenticeship levy off".
func (st Step) describeSetting() string {
	label := st.Setting.Label()
	switch st.Setting {
	case SettingLevy:
		if st.On == nil {
			return label + " ?"
		}
		return label + " " + OnOff(*st.On)
	case SettingNIThreshold:
		if st.Amount == nil {
			return label + " at ?"
		}
		return label + " at " + st.Amount.String()
	}
	if st.Percent == nil {
		return label + " at ?"
	}
	return label + " at " + st.Percent.String()
}

// ApplySettingStep changes the settings as a setting step says; a step
// without its value changes nothing (Validate refuses it).
func ApplySettingStep(s *Settings, st Step) {
	switch st.Setting {
	case SettingNIRate, SettingPensionRate, SettingLevyRate:
		if st.Percent == nil {
			return
		}
		switch st.Setting {
		case SettingNIRate:
			s.NIRate = *st.Percent
		case SettingPensionRate:
			s.PensionRate = *st.Percent
		default:
			s.LevyRate = *st.Percent
		}
	case SettingNIThreshold:
		if st.Amount != nil {
			s.NIThreshold = *st.Amount
		}
	case SettingLevy:
		if st.On != nil {
			s.LevyHeldCentrally = !*st.On
		}
	}
}

// validSetting checks a setting step holds the one value its setting takes.
func (st Step) validSetting() error {
	switch st.Setting {
	case SettingNIRate, SettingPensionRate, SettingLevyRate:
		if st.Percent == nil || st.Percent.d.Sign() < 0 || st.Percent.d.Cmp(hundred) > 0 {
			return fmt.Errorf("%s must be a rate within 0%%-100%%", st.Setting)
		}
	case SettingNIThreshold:
		if st.Amount == nil || st.Amount.Sign() < 0 || tooLarge(*st.Amount) {
			return fmt.Errorf("%s must be an amount from £0 to under £1,000,000,000", st.Setting)
		}
	case SettingLevy:
		if st.On == nil {
			return fmt.Errorf("%s must be on or off", st.Setting)
		}
	default:
		return fmt.Errorf("%q is not a costing setting: use %s", st.Setting, settingList())
	}
	return nil
}
