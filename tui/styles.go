package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the app draws with, named for what they mean
// rather than how they look, so a screen never picks a colour itself.
type Styles struct {
	App      lipgloss.Style
	Title    lipgloss.Style // the app name in the header
	PlanName lipgloss.Style // partnership and year
	Marker   lipgloss.Style // "read-only"
	// ScenarioBadge marks the header while a scenario is on screen.
	ScenarioBadge lipgloss.Style
	Tab           lipgloss.Style
	ActiveTab     lipgloss.Style

	// Totals bar.
	Label     lipgloss.Style
	Figure    lipgloss.Style
	Preview   lipgloss.Style
	Fits      lipgloss.Style // within confirmed money
	Relies    lipgloss.Style // relies on pending money
	Over      lipgloss.Style // over budget
	GaugeFree lipgloss.Style // envelope not yet allocated

	// Tables and pages.
	Header     lipgloss.Style
	SortHeader lipgloss.Style
	Selected   lipgloss.Style
	Muted      lipgloss.Style
	Heading    lipgloss.Style
	Bar        lipgloss.Style
	Negative   lipgloss.Style
	Refused    lipgloss.Style
	Pending    lipgloss.Style
	Confirmed  lipgloss.Style

	// Status line.
	Status lipgloss.Style
	Error  lipgloss.Style
	Prompt lipgloss.Style

	Help help.Styles
	// Form is the theme of the huh forms, matched to the background.
	Form huh.Theme
}

// DefaultStyles returns the styles for a dark or light background. With
// noColor (NO_COLOR set) no colour is used at all: meaning is carried by
// text, bold, reverse video and the shade of the gauge's blocks.
func DefaultStyles(isDark, noColor bool) Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	var (
		text   = c("#1F1F1F", "#E4E4E4")
		muted  = c("#6E6E6E", "#8A8A8A")
		accent = c("#3B4CCA", "#8C96FF")
		green  = c("#13803A", "#4FD17A")
		amber  = c("#A35C00", "#F2B33D")
		red    = c("#C01C28", "#FF6B6B")
		selBg  = c("#D7DBFF", "#2E3266")
		tabBg  = c("#3B4CCA", "#5B66D6")
		onTab  = c("#FFFFFF", "#FFFFFF")
	)
	s := Styles{
		App:      lipgloss.NewStyle(),
		Title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		PlanName: lipgloss.NewStyle().Bold(true).Foreground(text),
		Marker:   lipgloss.NewStyle().Bold(true).Foreground(amber),
		// Reversed, so it stands out without colour too.
		ScenarioBadge: lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(amber).Padding(0, 1),
		Tab:           lipgloss.NewStyle().Foreground(muted).Padding(0, 1),
		ActiveTab:     lipgloss.NewStyle().Bold(true).Foreground(onTab).Background(tabBg).Padding(0, 1),

		Label:     lipgloss.NewStyle().Foreground(muted),
		Figure:    lipgloss.NewStyle().Bold(true).Foreground(text),
		Preview:   lipgloss.NewStyle().Bold(true).Foreground(accent),
		Fits:      lipgloss.NewStyle().Bold(true).Foreground(green),
		Relies:    lipgloss.NewStyle().Bold(true).Foreground(amber),
		Over:      lipgloss.NewStyle().Bold(true).Foreground(red),
		GaugeFree: lipgloss.NewStyle().Foreground(muted),

		Header:     lipgloss.NewStyle().Bold(true).Foreground(muted),
		SortHeader: lipgloss.NewStyle().Bold(true).Underline(true).Foreground(accent),
		Selected:   lipgloss.NewStyle().Bold(true).Foreground(text).Background(selBg),
		Muted:      lipgloss.NewStyle().Foreground(muted),
		Heading:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Bar:        lipgloss.NewStyle().Foreground(accent),
		Negative:   lipgloss.NewStyle().Foreground(red),
		Refused:    lipgloss.NewStyle().Foreground(red).Strikethrough(true),
		Pending:    lipgloss.NewStyle().Foreground(amber),
		Confirmed:  lipgloss.NewStyle().Foreground(green),

		Status: lipgloss.NewStyle().Foreground(text),
		Error:  lipgloss.NewStyle().Bold(true).Foreground(red),
		Prompt: lipgloss.NewStyle().Bold(true).Foreground(amber),

		Help: help.DefaultStyles(isDark),
	}
	if noColor {
		// Without colour the selected row needs reverse video to stand out.
		s.Selected = lipgloss.NewStyle().Bold(true).Reverse(true)
		s.ActiveTab = lipgloss.NewStyle().Bold(true).Reverse(true).Padding(0, 1)
		s.Help = help.Styles{
			Ellipsis: lipgloss.NewStyle(), ShortKey: lipgloss.NewStyle().Bold(true),
			ShortDesc: lipgloss.NewStyle(), ShortSeparator: lipgloss.NewStyle(),
			FullKey: lipgloss.NewStyle().Bold(true), FullDesc: lipgloss.NewStyle(),
			FullSeparator: lipgloss.NewStyle(),
		}
	}
	s.Form = formTheme(isDark, noColor)
	return s
}

// formTheme is huh's Charm theme with fields one line apart, so a whole
// post fits on an 80x24 terminal; without colour it is huh's plain theme.
// The background is the one the root learnt: a huh form only hears of it
// if it is running when the terminal answers, and ours open later.
//
// The styles are built here, once for each background and colour setting,
// not in the ThemeFunc: huh calls that on every draw of every field and
// option, and building a theme costs hundreds of allocations. huh only
// reads the styles it is given, so every form can share them.
func formTheme(isDark, noColor bool) huh.Theme {
	var t *huh.Styles
	if noColor {
		t = huh.ThemeBase(isDark)
	} else {
		t = huh.ThemeCharm(isDark)
	}
	t.FieldSeparator = lipgloss.NewStyle().SetString("\n")
	return huh.ThemeFunc(func(bool) *huh.Styles { return t })
}
