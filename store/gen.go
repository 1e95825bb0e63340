package store

import (
	"fmt"
	"math/rand/v2"

	"github.com/shopspring/decimal"

	"csplan/model"
)

// GeneratePlan returns a large, valid, made-up plan for benchmarks and load
// tests: the three SWP priorities, the seven PCC priorities, two funding
// sources, and the given numbers of lines and posts with realistic titles,
// amounts in whole pounds or pounds and pence, and posts of varied FTE,
// months and grant share. The same seed always gives the same plan. Every
// record has an ID (1, 2, ... across all kinds), so the plan can be written
// with ReplacePlan or used as a seed as it is.
func GeneratePlan(lines, posts int, seed int64) *model.Plan {
	r := rand.New(rand.NewPCG(uint64(seed), 0x637370_6c616e)) // "csplan"
	var next model.ID
	id := func() model.ID { next++; return next }

	p := &model.Plan{
		Info: model.Info{
			Partnership:     "Safer Wolverhampton Partnership",
			AccountableBody: "City of Wolverhampton Council",
			StartYear:       2017,
			Notes:           fmt.Sprintf("Generated plan (seed %d): the figures are made up.", seed),
		},
		Settings: model.DefaultSettings(),
	}
	p.Funding = []model.FundingSource{
		{ID: id(), Name: "PCC Police Grant Community Fund 2017/18", Amount: model.Pounds(369000), Status: model.Confirmed},
		{ID: id(), Name: "Carry-forward 2016/17", Amount: model.Pounds(38000), Status: model.Pending,
			Note: "Forecast underspend, subject to PCC approval"},
	}
	for i, name := range genPriorities {
		p.Priorities = append(p.Priorities, model.Priority{ID: id(), Name: name, Order: i,
			Outcomes: []string{"Fewer people harmed", "Better outcomes for " + name}})
	}
	for i, name := range genTags {
		p.Tags = append(p.Tags, model.Tag{ID: id(), Name: name, Order: i})
	}
	tags := func() []model.ID {
		n := 1 + r.IntN(3)
		start := r.IntN(len(p.Tags))
		out := make([]model.ID, n)
		for j := range out {
			out[j] = p.Tags[(start+j)%len(p.Tags)].ID
		}
		return out
	}

	// Costs up to £40,500 a line, smaller in a plan of more than 20,000
	// lines so that its total stays under the £1bn a plan may hold (a
	// 100,000-line plan comes to about £400m).
	spread := 40000
	if lines > 20000 {
		spread = 40000 * 20000 / lines
	}
	p.Lines = make([]model.Line, 0, lines)
	for i := 0; i < lines; i++ {
		cost := model.Pounds(int64(500 + r.IntN(spread)))
		if r.IntN(3) == 0 {
			cost = model.Pence(int64(50000 + r.IntN(spread*100)))
		}
		l := model.Line{
			ID:         id(),
			PriorityID: p.Priorities[r.IntN(len(p.Priorities))].ID,
			// The number keeps titles unique under a priority, as the
			// officer would for repeated items in different wards.
			Title: fmt.Sprintf("%s (%s %d)", genItems[r.IntN(len(genItems))], genWards[r.IntN(len(genWards))], i+1),
			Owner: genOwners[r.IntN(len(genOwners))],
			Kind:  genKinds[r.IntN(len(genKinds))],
			Cost:  cost,
			Tags:  tags(),
		}
		if r.IntN(4) == 0 {
			l.Notes = "Quarterly return due to the PCC."
		}
		p.Lines = append(p.Lines, l)
	}

	p.Posts = make([]model.Post, 0, posts)
	for i := 0; i < posts; i++ {
		start := 1 + r.IntN(6)
		po := model.Post{
			ID:         id(),
			PriorityID: p.Priorities[r.IntN(len(p.Priorities))].ID,
			Title:      fmt.Sprintf("%s %d", genPosts[r.IntN(len(genPosts))], i+1),
			Team:       genTeams[r.IntN(len(genTeams))],
			Tags:       tags(),
			FTE:        genFTE[r.IntN(len(genFTE))],
			Salary:     model.Pounds(int64(18000 + 250*r.IntN(120))),
			StartMonth: start,
			EndMonth:   start + r.IntN(13-start),
			GrantShare: genShares[r.IntN(len(genShares))],
		}
		if !po.GrantShare.Equal(model.Pct("100")) {
			po.OtherFunder = "Children's Services"
		}
		if r.IntN(20) == 0 {
			v := model.Pence(int64(200000 + r.IntN(1_000_000)))
			po.OnCostOverride = &v
		}
		p.Posts = append(p.Posts, po)
	}
	return p
}

var (
	genPriorities = []string{"Reducing Reoffending", "Violence Prevention", "Reducing Victimisation"}
	genTags       = []string{"Protecting from harm", "Supporting victims of crime",
		"Building trust and confidence in our police", "Strengthening communities and growing the economy",
		"Building a modern police service", "Standing up for young people",
		"Tackling national and international threats"}
	genItems = []string{"Youth Inclusion Support Panel", "Health and Justice Pathways pilot",
		"Specialist VAWG services", "DV Perpetrator Programme", "Targeted youth interventions",
		"Critical incident community mediators", "Business Crime Reduction action plan",
		"Hate crime action plan", "Third party reporting centre", "Modern slavery awareness",
		"Community champions", "Neighbourhood Engagement Review", "Domestic homicide review"}
	genWards  = []string{"Bilston East", "Heath Town", "St Peter's", "Blakenhall", "Wednesfield North", "Ettingshall"}
	genOwners = []string{"Community Safety Team", "Youth Offending Team", "Public Health", "West Midlands Police"}
	genKinds  = []string{"commissioned service", "project", "running cost"}
	genPosts  = []string{"Community Safety Officer", "IOM admin support", "YOT Prevention Worker", "IDVA",
		"Business Crime Coordinator"}
	genTeams  = []string{"Community Safety Team", "Youth Offending Team", "Children's Social Care"}
	genFTE    = []decimal.Decimal{decimal.RequireFromString("1"), decimal.RequireFromString("0.5"), decimal.RequireFromString("0.6"), decimal.RequireFromString("0.8"), decimal.RequireFromString("0.4")}
	genShares = []model.Percent{model.Pct("100"), model.Pct("100"), model.Pct("75"), model.Pct("50"), model.Pct("37.5")}
)
