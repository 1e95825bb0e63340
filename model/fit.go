package model

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// FitOutcome says what WithFit did to a scenario.
type FitOutcome struct {
	// Already is set when the scenario fits its target without a
	// make-it-fit step: nothing was added or replaced.
	Already bool
	// Replaced counts the earlier make-it-fit steps the new one replaced.
	Replaced int
	// Short is how far the scenario is still over its target when the
	// unprotected lines cannot cover the shortfall, even cut to nothing;
	// zero when it fits.
	Short Money
	// Result is what the new step did (zero when Already).
	Result StepResult
	// Headroom is the scenario's headroom against the target afterwards.
	Headroom Money
}

// Fits reports whether the outcome leaves the scenario within its target.
func (o FitOutcome) Fits() bool { return o.Short.IsZero() }

// Said is the outcome in the officer's words, naming the scenario; a
// name of "" says "the plan".
func (o FitOutcome) Said(name string, fit FitTarget) string {
	who := fmt.Sprintf("%q", name)
	if name == "" {
		who = "the plan"
	}
	money := "confirmed money"
	if fit == FitAll {
		money = "confirmed and pending money"
	}
	switch {
	case o.Already:
		return fmt.Sprintf("%s already fits %s (headroom %s): no step added", who, money, o.Headroom)
	case !o.Fits():
		return fmt.Sprintf("%s cannot fit %s: even with every unprotected line cut to nothing it is %s over", who, money, o.Short)
	}
	said := fmt.Sprintf("%s now fits %s", who, money)
	if o.Replaced == 1 {
		said += "; the new make-it-fit step replaces the earlier one"
	} else if o.Replaced > 1 {
		said += fmt.Sprintf("; the new make-it-fit step replaces the %d earlier ones", o.Replaced)
	}
	return said
}

// WithFit returns the scenario with st, a make-it-fit step, in place of
// any make-it-fit steps it had: a scenario has one, at the end, so running
// fit again never piles up steps that do nothing. When the scenario
// already fits the target without a make-it-fit step, it is returned as
// it was, with Already set. When the unprotected lines cannot cover the
// shortfall, the scenario with the step is returned with Short set, for
// the caller to refuse.
func (s Scenario) WithFit(base *Plan, st Step) (Scenario, FitOutcome) {
	st.Kind = StepMakeFit
	rest := make([]Step, 0, len(s.Steps)+1)
	replaced := 0
	for _, old := range s.Steps {
		if old.Kind == StepMakeFit {
			replaced++
			continue
		}
		rest = append(rest, old)
	}
	without := s
	without.Steps = rest
	if h := fitHeadroom(sumsOf(without.Plan(base)), st.Fit); h.Sign() >= 0 {
		return s, FitOutcome{Already: true, Headroom: h}
	}
	next := s
	next.Steps = append(rest, st)
	got, results := next.Apply(base)
	out := FitOutcome{Replaced: replaced, Result: results[len(results)-1]}
	out.Headroom = fitHeadroom(sumsOf(got), st.Fit)
	if out.Headroom.Sign() < 0 {
		out.Short = out.Headroom.Neg()
	}
	return next, out
}

// fitHeadroom is the money left against a make-it-fit target.
func fitHeadroom(t sums, fit FitTarget) Money {
	if fit == FitAll {
		return t.envelope.Sub(t.allocated)
	}
	return t.confirmed.Sub(t.allocated)
}

// MatchAddedLines matches a scenario's added lines against the lines the
// plan gained when it was replaced (an import): before and after are the
// plan before and after, after with the IDs it is stored under (a line
// after has that before has not is one it gained). An added line with the
// same SWP priority and title as a gained line is the plan's line now: the
// step that adds it is dropped when the cost is the same, and becomes a
// change to the plan line's cost when it is not, so the scenario never
// adds a line the plan has. It returns the scenario and, in words, what
// changed (nothing when no added line matched).
func MatchAddedLines(sc Scenario, before, after *Plan) (Scenario, []string) {
	had := make(map[ID]bool, len(before.Lines))
	for _, l := range before.Lines {
		had[l.ID] = true
	}
	gained := matcher{}
	for _, l := range after.Lines {
		if !had[l.ID] {
			gained.add(lineKey(after, l), l.ID)
		}
	}
	if len(gained) == 0 {
		return sc, nil
	}
	var said []string
	steps := make([]Step, 0, len(sc.Steps))
	for _, st := range sc.Steps {
		if st.Kind != StepAddLine || st.Line == nil {
			steps = append(steps, st)
			continue
		}
		id, ok := gained.take(lineKey(after, *st.Line))
		if !ok {
			steps = append(steps, st)
			continue
		}
		l, _, _ := after.Line(id)
		if l.Cost.Equal(st.Line.Cost) {
			said = append(said, fmt.Sprintf("Scenario %q no longer adds line %q: the plan has it now", sc.Name, st.Line.Title))
			continue
		}
		cost := st.Line.Cost
		steps = append(steps, Step{Kind: StepLineCost, Target: id, Amount: &cost})
		said = append(said, fmt.Sprintf("Scenario %q no longer adds line %q, which the plan has now at %s: it sets the plan's line to %s instead",
			sc.Name, st.Line.Title, l.Cost, cost))
	}
	if len(said) == 0 {
		return sc, nil
	}
	sc.Steps = steps
	return sc, said
}

// ParseCut reads a cut as typed: "10%" cuts by a share of the lines'
// cost, anything else is an amount such as 5,000 or 5k. Exactly one of the
// two results is set when err is nil.
func ParseCut(s string) (*Percent, *Money, error) {
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, "%") {
		p, err := ParsePercent(t)
		if err != nil {
			return nil, nil, err
		}
		if p.d.Sign() < 0 || p.d.Cmp(decimal.NewFromInt(100)) > 0 {
			return nil, nil, fmt.Errorf("%s is outside 0%% to 100%%", p)
		}
		return &p, nil, nil
	}
	m, err := ParseMoney(t)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (or type a percentage such as 10%%)", err)
	}
	if m.Sign() < 0 {
		return nil, nil, fmt.Errorf("a cut of %s is negative: give the amount to take off", m)
	}
	return nil, &m, nil
}
