// Package termsafetest builds plans whose text is hostile to a terminal
// and checks that what csplan shows of them holds no control character.
// The TUI's and the commands' tests share it.
package termsafetest

import (
	"fmt"
	"strings"

	"csplan/model"
	"csplan/store/planfile"
	"csplan/termsafe"
)

// Payloads are the attacks issue 11 reproduced, one per kind: OSC 52
// (writes the clipboard), clear the screen, blink, conceal, an 8-bit CSI,
// DEL, the bidi overrides and isolates, a carriage return and a bare
// invalid byte.
var Payloads = []string{
	"\x1b]52;c;cHduZWQ=\x07",
	"\x1b[2J",
	"\x1b[5m",
	"\x1b[8m",
	"\u009b31m",
	"\x7f",
	"\u202a\u202b\u202c\u202d\u202e",
	"\u2066\u2067\u2068\u2069",
	"over\rwrite",
	"\x9b",
}

// Hostile is every payload in one string.
var Hostile = strings.Join(Payloads, " ")

// Plan returns the built-in plan with text added to every text field:
// the partnership, titles, names, notes, outcomes (a PCC priority's
// name with ";" as ":").
func Plan(text string) *model.Plan {
	p := planfile.BuiltIn()
	add := func(s *string) { *s += text }
	add(&p.Info.Partnership)
	add(&p.Info.AccountableBody)
	add(&p.Info.Notes)
	for i := range p.Funding {
		add(&p.Funding[i].Name)
		add(&p.Funding[i].Note)
	}
	for i := range p.Priorities {
		add(&p.Priorities[i].Name)
		for j := range p.Priorities[i].Outcomes {
			add(&p.Priorities[i].Outcomes[j])
		}
	}
	for i := range p.Tags {
		// A PCC priority's name cannot hold ";", which files use to
		// separate them.
		p.Tags[i].Name += strings.ReplaceAll(text, ";", ":")
		add(&p.Tags[i].Description)
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		add(&l.Title)
		add(&l.Owner)
		add(&l.Kind)
		add(&l.Notes)
	}
	for i := range p.Posts {
		po := &p.Posts[i]
		add(&po.Title)
		add(&po.Team)
		add(&po.OtherFunder)
		add(&po.Notes)
	}
	return p
}

// Scenarios returns the built-in scenarios of a plan with text added to
// their names and notes (numbered, so the names stay distinct), to seed a
// store with (store.Options.SeedScenarios).
func Scenarios(text string) func(*model.Plan) []model.Scenario {
	return func(p *model.Plan) []model.Scenario {
		scs := planfile.BuiltInScenarios(p)
		for i := range scs {
			scs[i].Name = fmt.Sprintf("%s %d%s", scs[i].Name, i+1, text)
			scs[i].Notes += text
		}
		return scs
	}
}

// sequences are the payloads' raw sequences that no styling of csplan's
// own writes; ansi.Strip would hide them, so output is searched for them
// before it is stripped.
var sequences = []string{"\x1b]52", "\x1b[2J", "\x1b[5m", "\x1b[8m", "\u009b", "\x9b", "\x07", "\r"}

// Check returns an error naming the first control character in out, a
// frame or a command's output. csplan's own styling is SGR escape
// sequences; stripped names the text once they are removed (out itself
// for output without styling). Both are searched: out for the payloads'
// sequences, which stripping would remove, and stripped for any control
// character but the newline.
func Check(out, stripped string) error {
	for _, s := range sequences {
		if i := strings.Index(out, s); i >= 0 {
			return fmt.Errorf("the output holds %q at byte %d: …%q…", s, i, around(out, i))
		}
	}
	if i := termsafe.Index(stripped); i >= 0 {
		return fmt.Errorf("the output holds a control character at byte %d: …%q…", i, around(stripped, i))
	}
	return nil
}

func around(s string, i int) string {
	return s[max(i-40, 0):min(i+40, len(s))]
}
