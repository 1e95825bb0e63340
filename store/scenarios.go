package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// bucketScenarios holds the what-if scenarios, keyed by ID like the plan's
// records. Schema 2 added it.
var bucketScenarios = []byte("scenarios")

// kindScenarios is not one of recordKinds: scenarios are not part of the
// plan, so replacing the plan (import, promote) leaves them alone.
var kindScenarios = &kind{name: "scenario", noun: "scenario", bucket: bucketScenarios}

// migrateAddScenarios is the schema 1 to 2 upgrade: the scenarios bucket.
func migrateAddScenarios(tx *bbolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucketScenarios)
	return err
}

var scenarioFields = []field[model.Scenario]{
	{name: "name", show: func(v *model.Scenario, _ namer) string { return quoted(v.Name) }},
	{name: "notes", quiet: true, show: func(v *model.Scenario, _ namer) string { return v.Notes }},
	{name: "steps", show: func(v *model.Scenario, _ namer) string { return stepCount(len(v.Steps)) }, diff: stepsMoved},
}

// stepsMoved says which step moved where when a scenario's steps are the
// same steps in a new order, one of them moved: "step 3 moved to place
// 1". With the same number of steps otherwise changed it says "steps
// edited"; a change in their number is left to the count.
func stepsMoved(before, after *model.Scenario) string {
	a, b := stepPrints(before.Steps), stepPrints(after.Steps)
	if len(a) != len(b) || slices.Equal(a, b) {
		return ""
	}
	for i := range a {
		rest := slices.Delete(slices.Clone(a), i, i+1)
		for j := range b {
			if j != i && slices.Equal(slices.Insert(slices.Clone(rest), j, a[i]), b) {
				if j == i+1 {
					// Neighbours: either could be the one that moved.
					return fmt.Sprintf("steps %d and %d swapped places", i+1, j+1)
				}
				return fmt.Sprintf("step %d moved to place %d", i+1, j+1)
			}
		}
	}
	return "steps edited"
}

// stepPrints writes each step out, to compare steps by what they hold.
func stepPrints(steps []model.Step) []string {
	out := make([]string, len(steps))
	for i, st := range steps {
		b, err := json.Marshal(st)
		if err != nil {
			b = []byte(fmt.Sprintf("%#v", st))
		}
		out[i] = string(b)
	}
	return out
}

func stepCount(n int) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}

var scenarioType = recordType[model.Scenario]{
	kind:   kindScenarios,
	id:     func(v *model.Scenario) *model.ID { return &v.ID },
	title:  func(v *model.Scenario) string { return v.Name },
	fields: scenarioFields,
	check: func(t *txn, v *model.Scenario) ([]model.Problem, error) {
		where := fmt.Sprintf("scenario %q", v.Name)
		if err := v.Validate(); err != nil {
			return []model.Problem{{Where: where, Message: err.Error()}}, nil
		}
		rest, err := others(t, kindScenarios, v.ID, func(x *model.Scenario) model.ID { return x.ID })
		if err != nil {
			return nil, err
		}
		for _, o := range rest {
			if strings.EqualFold(strings.TrimSpace(o.Name), strings.TrimSpace(v.Name)) {
				return []model.Problem{{Where: where, Message: "has the same name as another scenario"}}, nil
			}
		}
		return nil, nil
	},
}

// Scenarios returns the what-if scenarios in the order they were made.
func (s *DB) Scenarios() ([]model.Scenario, error) {
	var out []model.Scenario
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		out, err = loadAll[model.Scenario](tx, kindScenarios)
		return err
	})
	return out, err
}

// SaveScenario adds (ID 0) or changes a scenario. Names are unique,
// ignoring case.
func (s *DB) SaveScenario(sc model.Scenario) (model.Scenario, error) {
	return saveRecord(s, scenarioType, sc)
}

// EditScenario changes a scenario as stored: edit is handed the scenario
// and the plan it applies to, both read inside the write, so a change
// expressed against them ("the status after source 7's in this scenario")
// is never made against a stale copy and two quick edits make two changes.
// An error from edit is returned and nothing is written. It returns the
// scenario as saved.
func (s *DB) EditScenario(id model.ID, edit func(sc *model.Scenario, plan *model.Plan) error) (model.Scenario, error) {
	var sc model.Scenario
	err := s.update(func(t *txn) error {
		raw := t.get(kindScenarios, id)
		if raw == nil || id == 0 {
			return fmt.Errorf("scenario %d: %w", id, ErrNotFound)
		}
		if err := decode(kindScenarios, itob(uint64(id)), raw, &sc); err != nil {
			return err
		}
		base, err := loadPlan(t.tx)
		if err != nil {
			return err
		}
		if err := edit(&sc, base); err != nil {
			return err
		}
		sc.ID = id
		return saveIn(t, scenarioType, &sc)
	})
	if err != nil {
		return model.Scenario{}, err
	}
	return sc, nil
}

// DeleteScenario removes a scenario; the plan is untouched.
func (s *DB) DeleteScenario(id model.ID) error {
	return deleteRecord(s, scenarioType, id, nil)
}

// PromoteScenario makes a scenario the plan, in one change that Undo
// reverts: the plan becomes the scenario applied to it, and the scenario,
// now spent, is removed (its steps would otherwise apply a second time).
// Other scenarios stay, and apply to the new plan.
func (s *DB) PromoteScenario(id model.ID) error {
	return s.update(func(t *txn) error {
		raw := t.get(kindScenarios, id)
		if raw == nil || id == 0 {
			return fmt.Errorf("scenario %d: %w", id, ErrNotFound)
		}
		var sc model.Scenario
		if err := decode(kindScenarios, itob(uint64(id)), raw, &sc); err != nil {
			return err
		}
		base, err := loadPlan(t.tx)
		if err != nil {
			return err
		}
		if err := writePlan(t, sc.Plan(base), true); err != nil {
			return err
		}
		if _, err := t.put(kindScenarios, id, nil); err != nil {
			return err
		}
		t.summary = fmt.Sprintf("Promoted scenario %q to the plan", sc.Name)
		return nil
	})
}

// writeScenarios stores new scenarios inside a transaction (the built-in
// examples, when the file is created).
func writeScenarios(t *txn, scs []model.Scenario) error {
	for _, sc := range scs {
		id, err := t.nextID()
		if err != nil {
			return err
		}
		sc.ID = id
		raw, err := json.Marshal(sc)
		if err != nil {
			return err
		}
		if _, err := t.put(kindScenarios, id, raw); err != nil {
			return err
		}
	}
	return nil
}

// matchAddedLines matches the scenarios' added lines against the lines the
// plan gained since before, inside the write that replaced the plan.
func matchAddedLines(t *txn, before *model.Plan) error {
	after, err := loadPlan(t.tx)
	if err != nil {
		return err
	}
	scs, err := loadAll[model.Scenario](t.tx, kindScenarios)
	if err != nil {
		return err
	}
	for _, sc := range scs {
		next, said := model.MatchAddedLines(sc, before, after)
		if said == nil {
			continue
		}
		raw, err := json.Marshal(next)
		if err != nil {
			return err
		}
		if _, err := t.put(kindScenarios, sc.ID, raw); err != nil {
			return err
		}
	}
	return nil
}
