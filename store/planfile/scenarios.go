package planfile

import (
	"strings"

	"csplan/model"
)

// BuiltInScenarios are the example scenarios a new plan file starts with,
// so a new user sees what scenarios are for: the carry-forward refused, and
// next year's grant cut by a quarter (the cut the PCC made in 2016/17). They
// refer to p's funding sources by name; a plan without them gets none.
func BuiltInScenarios(p *model.Plan) []model.Scenario {
	var grant, carry model.ID
	for _, f := range p.Funding {
		name := strings.ToLower(f.Name)
		switch {
		case strings.Contains(name, "carry-forward"):
			carry = f.ID
		case strings.Contains(name, "grant"):
			grant = f.ID
		}
	}
	var out []model.Scenario
	if carry != 0 {
		refused := model.Refused
		out = append(out, model.Scenario{
			Name:  "Carry-forward refused",
			Notes: "What if the PCC does not approve carrying the 2016/17 underspend forward?",
			Steps: []model.Step{{Kind: model.StepFunding, Target: carry, Status: &refused}},
		})
	}
	if grant != 0 {
		cut := model.Pct("-25")
		out = append(out, model.Scenario{
			Name:  "2018/19 grant cut 25%",
			Notes: "What if the grant is cut by a quarter again, as it was from 2016/17?",
			Steps: []model.Step{{Kind: model.StepFunding, Target: grant, Percent: &cut}},
		})
	}
	return out
}
