package planfile

import (
	"strings"

	"csplan/model"
)

// vacancyMonth is the month the built-in "post vacant until October" scenario
// fills its post: October, the seventh month of the plan year.
const vacancyMonth = 7

// BuiltInScenarios are the example scenarios a new plan file starts with:
// the what-ifs an officer would run in February 2017, so a new user sees
// what scenarios are for. The carry-forward is refused (it is subject to
// PCC approval, report 7.1); Children's Services' part-funding of the IDVA
// falls through and the grant pays all of the post (report 6.2 calls it a
// commitment, not a contract); and the violence prevention officer's post
// is vacant until October (savings on recruitment and retention of posts
// made part of 2016/17's underspend, report 5.1). They refer to p's records by
// name; a plan without them gets none of the scenario that needs them.
// The fourth asks what the posts cost at the LGPS primary rate, about 17%
// of pay for future service at the 2016 valuation, against the plan's
// stated assumption of 20% (no published rate for this council was found).
func BuiltInScenarios(p *model.Plan) []model.Scenario {
	var carry, idva, vacant model.ID
	for _, f := range p.Funding {
		if strings.Contains(strings.ToLower(f.Name), "carry-forward") {
			carry = f.ID
		}
	}
	for _, po := range p.Posts {
		switch {
		case strings.Contains(po.Title, "IDVA") && po.OtherFunder != "":
			idva = po.ID
		case strings.HasPrefix(po.Title, "Community Safety Officer"):
			vacant = po.ID
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
	if idva != 0 {
		all := model.Pct("100")
		out = append(out, model.Scenario{
			Name: "IDVA part-funding falls through",
			Notes: "What if Children's Services do not part-fund the IDVA after all, and the grant pays the whole post? " +
				"To cut the post instead, remove it or end it early in this scenario.",
			Steps: []model.Step{{Kind: model.StepPostShare, Target: idva, Percent: &all}},
		})
	}
	if vacant != 0 {
		out = append(out, model.Scenario{
			Name: "Post vacant until October",
			Notes: "What if the Community Safety Officer (violence prevention) post (an illustrative post) is not filled until October? " +
				"Savings on recruitment and retention of posts made part of the 2016/17 underspend (report 5.1).",
			Steps: []model.Step{{Kind: model.StepPostStart, Target: vacant, Month: vacancyMonth}},
		})
	}
	primary, err := model.SettingStep(model.SettingPensionRate, lgpsPrimaryRate)
	if err == nil && len(p.Posts) > 0 {
		out = append(out, model.Scenario{
			Name: "Pension at the LGPS primary rate",
			Notes: "What if the posts are costed at the LGPS primary rate (about 17% of pay for future service, " +
				"the 2016 valuation's average) rather than the plan's assumed 20%? The council's own rate, " +
				"with any deficit contribution, is the pension fund's to say.",
			Steps: []model.Step{primary},
		})
	}
	return out
}

// lgpsPrimaryRate is the employer pension rate of the built-in "Pension at
// the LGPS primary rate" scenario.
const lgpsPrimaryRate = "17%"
