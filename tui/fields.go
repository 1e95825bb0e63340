package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
)

// monthInput is a month field that says, beside what is typed, which
// month it reads as: months are numbered from April, so "12" is March,
// and the officer should not have to count.
type monthInput struct {
	*huh.Input
	value *string
}

// monthHintWidth is the room kept beside the field for its hint.
const monthHintWidth = 16

// monthField is a month field bound to v; check, if not nil, is run on
// the month typed once it reads (a range check against another field).
func monthField(title string, v *string, check func(int) error) huh.Field {
	in := huh.NewInput().Title(label(title)).Value(v).Inline(true).Validate(func(s string) error {
		m, err := model.ParseMonth(s)
		if err != nil || check == nil {
			return err
		}
		return check(m)
	})
	return &monthInput{Input: in, value: v}
}

// monthHint is what a month field shows beside its text: the month it
// reads as when that is not what was typed, else how months are numbered.
func monthHint(s string) string {
	m, err := model.ParseMonth(s)
	if err != nil {
		return "1 = April"
	}
	name := model.MonthName(m)
	if strings.EqualFold(strings.TrimSpace(s), name) {
		return ""
	}
	return fmt.Sprintf("%s = %s", strings.TrimSpace(s), name)
}

// Update implements huh.Field, keeping the wrapper in the form.
func (f *monthInput) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	_, cmd := f.Input.Update(msg)
	return f, cmd
}

// WithWidth implements huh.Field, leaving room for the hint.
func (f *monthInput) WithWidth(w int) huh.Field {
	f.Input.WithWidth(max(w-monthHintWidth, 10))
	return f
}

// View implements huh.Field: the input, then the hint on its line.
func (f *monthInput) View() string {
	lines := strings.Split(f.Input.View(), "\n")
	hint := ansi.Truncate(monthHint(*f.value), monthHintWidth-2, "…")
	lines[0] += "  " + hint + strings.Repeat(" ", max(monthHintWidth-2-ansi.StringWidth(hint), 0))
	return strings.Join(lines, "\n")
}

// monthOrder checks a last month against the first month typed: it
// returns nil while the first month does not read, as that field says
// what is wrong with it.
func monthOrder(first *string) func(int) error {
	return func(end int) error {
		start, err := model.ParseMonth(*first)
		if err != nil || end >= start {
			return nil
		}
		return fmt.Errorf("%s is before the first month, %s: the post's months run April to March",
			model.MonthName(end), model.MonthName(start))
	}
}
