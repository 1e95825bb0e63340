package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"csplan/model"
)

// TestProgramRefuseCarryForward runs the editor as a real Bubble Tea
// program (its own event loop, commands run concurrently), rather than
// through the synchronous driver: the officer opens Funding, marks the
// carry-forward refused with one key, sees the plan go over budget, and
// quits. The saved plan must say refused.
func TestProgramRefuseCarryForward(t *testing.T) {
	tm, waitFor := runProgram(t)
	tm.Send(tea.KeyPressMsg{Code: '4', Text: "4"})
	waitFor("Funding source")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyDown})
	tm.Send(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	waitFor("-£38,000 if pending is approved")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(Model)
	view := ansi.Strip(final.View().Content)
	for _, want := range []string{"-£38,000 if pending is approved", "refused"} {
		if !strings.Contains(view, want) {
			t.Errorf("the final screen does not show %q:\n%s", want, view)
		}
	}
	p := mustLoad(t, final.c.store)
	var got []string
	for _, f := range p.Funding {
		got = append(got, f.Status.String())
	}
	if strings.Join(got, ",") != "confirmed,refused" {
		t.Errorf("saved statuses %v", got)
	}
	if tot := model.ComputeTotals(p); tot.HeadroomAll.Plain() != "-38000.00" {
		t.Errorf("saved headroom %s", tot.HeadroomAll)
	}
}
