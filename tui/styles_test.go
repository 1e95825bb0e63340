package tui

import "testing"

// huh asks the theme for its styles on every draw of every field and
// option; the styles must be built once for each background and colour
// setting, not on each of those calls.
func TestFormThemeIsBuiltOnce(t *testing.T) {
	for _, dark := range []bool{false, true} {
		for _, noColor := range []bool{false, true} {
			th := DefaultStyles(dark, noColor).Form
			a, b := th.Theme(dark), th.Theme(!dark)
			if a != b || a != th.Theme(dark) {
				t.Errorf("dark %v, no colour %v: the theme builds new styles on each call", dark, noColor)
			}
			if a.FieldSeparator.Value() != "\n" {
				t.Errorf("dark %v, no colour %v: fields are not one line apart", dark, noColor)
			}
		}
	}
}
