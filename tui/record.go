package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/store"
)

// While a scenario is on screen, a change made on Lines, Posts or Funding
// is recorded as a step of that scenario, never made to the plan. These
// are the pieces the screens share for it.

// viewed returns the scenario on screen, if any.
func (b *baseScreen) viewed() (model.Scenario, bool) {
	if b.snap == nil || b.snap.scenario == nil {
		return model.Scenario{}, false
	}
	return *b.snap.scenario, true
}

// withStep returns sc with st recorded: it replaces an earlier step on the
// same figure (see model.Scenario.SetStep), else it is added. sc's own
// steps, shared with the snapshot, are left alone.
func withStep(sc model.Scenario, st model.Step) model.Scenario {
	sc.Steps = append([]model.Step(nil), sc.Steps...)
	sc.SetStep(st)
	return sc
}

// withoutSteps returns sc less the steps drop picks.
func withoutSteps(sc model.Scenario, drop func(i int, st model.Step) bool) model.Scenario {
	out := make([]model.Step, 0, len(sc.Steps))
	for i, st := range sc.Steps {
		if !drop(i, st) {
			out = append(out, st)
		}
	}
	sc.Steps = out
	return sc
}

// recordStep saves the scenario with a change recorded and reads the plan
// back; the status line says what was recorded and that the plan is
// unchanged. id is the record to select afterwards.
func recordStep(s store.Store, sc model.Scenario, what string, id model.ID) tea.Cmd {
	return changeOr(s, "Not recorded", func(snap *snapshot) string {
		return fmt.Sprintf("Recorded in scenario %q: %s. The plan is unchanged. %s", sc.Name, what, headroomSaid(snap, sc.ID))
	}, func(st store.Store) (model.ID, error) {
		_, err := st.SaveScenario(sc)
		return id, err
	})
}

// recordEdit is recordStep for a change worked out against the scenario
// as stored rather than the one on screen, so two quick presses record two
// changes: edit runs inside the store's write, handed the stored scenario
// and plan, and returns what it recorded, in words. sc names the scenario.
func recordEdit(s store.Store, sc model.Scenario, edit func(*model.Scenario, *model.Plan) (string, error), id model.ID) tea.Cmd {
	return func() tea.Msg {
		// what is set by edit and read by the status line, both in this
		// command, one after the other.
		var what string
		return changeOr(s, "Not recorded", func(snap *snapshot) string {
			return fmt.Sprintf("Recorded in scenario %q: %s. The plan is unchanged. %s", sc.Name, what, headroomSaid(snap, sc.ID))
		}, func(st store.Store) (model.ID, error) {
			_, err := st.EditScenario(sc.ID, func(x *model.Scenario, base *model.Plan) error {
				var err error
				what, err = edit(x, base)
				return err
			})
			return id, err
		})()
	}
}

// scenarioTotals is the preview of a scenario with a change: applied
// afresh to the saved plan, so its other steps (a make-it-fit, say) act
// on the change as they will once it is saved.
func scenarioTotals(base *model.Plan, sc model.Scenario) func() model.Totals {
	return func() model.Totals { return model.ComputeTotals(sc.Plan(base)) }
}

// refuseInScenario says a change cannot be held by a scenario, and where
// to make it instead.
func refuseInScenario(what string) tea.Cmd {
	return status(capitalise(what)+": edit the plan for that (b goes back to it).", true)
}

// stepsKey is what a scenario's preview depends on: its steps.
func stepsKey(sc model.Scenario) string {
	key := ""
	for _, st := range sc.Steps {
		key += stepKey(st) + "\n"
	}
	return key
}

// addedLineStep returns the index in sc.Steps of the step that added the
// n-th line without an ID (lines a scenario adds are appended in the order
// of their steps), or -1.
func addedLineStep(sc model.Scenario, n int) int {
	for i, st := range sc.Steps {
		if st.Kind == model.StepAddLine && st.Line != nil {
			if n == 0 {
				return i
			}
			n--
		}
	}
	return -1
}
