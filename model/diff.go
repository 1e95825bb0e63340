package model

import (
	"fmt"
	"strings"
)

// ScenarioFromPlan works out the steps that turn base into target, so a
// plan read from a file can be kept as a scenario of the current plan.
// Records are matched by name: funding sources by name, lines by priority
// and title, posts by title and team. It returns the differences that no
// step can express (a new priority, a changed salary, a changed owner ...),
// in the officer's words, so the caller can say what the scenario leaves
// out; importing the file as the plan keeps everything.
func ScenarioFromPlan(name string, base, target *Plan) (Scenario, []string) {
	s := Scenario{Name: name}
	var missed []string
	miss := func(format string, a ...any) { missed = append(missed, fmt.Sprintf(format, a...)) }

	fold := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	prName := func(p *Plan, id ID) string {
		if pr, ok := p.Priority(id); ok {
			return fold(pr.Name)
		}
		return ""
	}

	// Funding sources by name.
	baseFunding := map[string]FundingSource{}
	for _, f := range base.Funding {
		baseFunding[fold(f.Name)] = f
	}
	seenFunding := map[string]bool{}
	for _, f := range target.Funding {
		b, ok := baseFunding[fold(f.Name)]
		if !ok {
			miss("funding source %q is new", f.Name)
			continue
		}
		seenFunding[fold(f.Name)] = true
		if !b.Amount.Equal(f.Amount) {
			a := f.Amount
			s.Steps = append(s.Steps, Step{Kind: StepFunding, Target: b.ID, Amount: &a})
		}
		if b.Status != f.Status {
			st := f.Status
			s.Steps = append(s.Steps, Step{Kind: StepFunding, Target: b.ID, Status: &st})
		}
	}
	for _, f := range base.Funding {
		if !seenFunding[fold(f.Name)] {
			// A source dropped from the file counts as refused money.
			st := Refused
			s.Steps = append(s.Steps, Step{Kind: StepFunding, Target: f.ID, Status: &st})
		}
	}

	// Priorities and PCC priorities must be the same set: lines refer to them.
	basePr := map[string]ID{}
	for _, pr := range base.Priorities {
		basePr[fold(pr.Name)] = pr.ID
	}
	for _, pr := range target.Priorities {
		if _, ok := basePr[fold(pr.Name)]; !ok {
			miss("SWP priority %q is new", pr.Name)
		}
	}
	baseTag := map[string]ID{}
	for _, t := range base.Tags {
		baseTag[fold(t.Name)] = t.ID
	}
	for _, t := range target.Tags {
		if _, ok := baseTag[fold(t.Name)]; !ok {
			miss("PCC priority %q is new", t.Name)
		}
	}
	if !settingsEqual(base.Settings, target.Settings) {
		miss("the costing settings differ")
	}

	// Lines by priority and title.
	type lineKey struct{ pr, title string }
	baseLines := map[lineKey]Line{}
	for _, l := range base.Lines {
		baseLines[lineKey{prName(base, l.PriorityID), fold(l.Title)}] = l
	}
	seenLines := map[ID]bool{}
	for _, l := range target.Lines {
		k := lineKey{prName(target, l.PriorityID), fold(l.Title)}
		b, ok := baseLines[k]
		if !ok {
			prID, prOK := basePr[k.pr]
			if !prOK {
				miss("line %q is under a priority the plan does not have", l.Title)
				continue
			}
			nl := Line{PriorityID: prID, Title: l.Title, Owner: l.Owner, Kind: l.Kind, Cost: l.Cost, Notes: l.Notes}
			for _, tn := range target.TagNames(l.Tags) {
				if id, ok := baseTag[fold(tn)]; ok {
					nl.Tags = append(nl.Tags, id)
				}
			}
			s.Steps = append(s.Steps, Step{Kind: StepAddLine, Line: &nl})
			continue
		}
		seenLines[b.ID] = true
		if !b.Cost.Equal(l.Cost) {
			c := l.Cost
			s.Steps = append(s.Steps, Step{Kind: StepLineCost, Target: b.ID, Amount: &c})
		}
		if b.Owner != l.Owner || b.Kind != l.Kind || b.Notes != l.Notes || !sameNames(base.TagNames(b.Tags), target.TagNames(l.Tags)) {
			miss("line %q: only its cost can differ in a scenario (owner, kind, notes or PCC priorities changed)", l.Title)
		}
	}
	for _, l := range base.Lines {
		if !seenLines[l.ID] {
			s.Steps = append(s.Steps, Step{Kind: StepRemoveLine, Target: l.ID})
		}
	}

	// Posts by title and team.
	type postKey struct{ title, team string }
	basePosts := map[postKey]Post{}
	for _, po := range base.Posts {
		basePosts[postKey{fold(po.Title), fold(po.Team)}] = po
	}
	seenPosts := map[ID]bool{}
	for _, po := range target.Posts {
		b, ok := basePosts[postKey{fold(po.Title), fold(po.Team)}]
		if !ok {
			miss("post %q is new", po.Title)
			continue
		}
		seenPosts[b.ID] = true
		if !b.FTE.Equal(po.FTE) {
			f := po.FTE
			s.Steps = append(s.Steps, Step{Kind: StepPostFTE, Target: b.ID, FTE: &f})
		}
		if !b.GrantShare.Equal(po.GrantShare) {
			g := po.GrantShare
			s.Steps = append(s.Steps, Step{Kind: StepPostShare, Target: b.ID, Percent: &g})
		}
		if po.EndMonth < b.EndMonth && po.StartMonth == b.StartMonth {
			s.Steps = append(s.Steps, Step{Kind: StepPostEnd, Target: b.ID, Month: po.EndMonth})
		} else if po.EndMonth != b.EndMonth || po.StartMonth != b.StartMonth {
			miss("post %q: its months changed in a way a scenario cannot hold (only ending earlier)", po.Title)
		}
		if !b.Salary.Equal(po.Salary) || !sameOverride(b.OnCostOverride, po.OnCostOverride) {
			miss("post %q: its salary or on-costs changed", po.Title)
		}
	}
	for _, po := range base.Posts {
		if !seenPosts[po.ID] {
			s.Steps = append(s.Steps, Step{Kind: StepRemovePost, Target: po.ID})
		}
	}
	return s, missed
}

func settingsEqual(a, b Settings) bool {
	return a.NIRate.Equal(b.NIRate) && a.NIThreshold.Equal(b.NIThreshold) &&
		a.PensionRate.Equal(b.PensionRate) && a.LevyRate.Equal(b.LevyRate)
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[strings.ToLower(x)]++
	}
	for _, x := range b {
		seen[strings.ToLower(x)]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func sameOverride(a, b *Money) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// AdoptIDs renumbers a plan read from a file so that each record that
// matches one of base (by the same rules as ScenarioFromPlan, plus
// priorities and PCC priorities by name) takes that record's ID, and every
// other record gets a new ID above all of base's. References are renumbered
// with them. Replacing the plan with the result keeps the identity of what
// did not change, so scenarios of the plan still find their lines and posts.
func AdoptIDs(base, imported *Plan) *Plan {
	p := imported.Clone()
	fold := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	next := maxID(base) + 1
	fresh := func() ID { id := next; next++; return id }
	pick := func(m map[string]ID, key string) ID {
		if id, ok := m[key]; ok {
			delete(m, key) // each base record is adopted once
			return id
		}
		return fresh()
	}

	prByName := map[string]ID{}
	for _, pr := range base.Priorities {
		prByName[fold(pr.Name)] = pr.ID
	}
	prMap := map[ID]ID{}
	for i := range p.Priorities {
		id := pick(prByName, fold(p.Priorities[i].Name))
		prMap[p.Priorities[i].ID] = id
		p.Priorities[i].ID = id
	}
	tagByName := map[string]ID{}
	for _, t := range base.Tags {
		tagByName[fold(t.Name)] = t.ID
	}
	tagMap := map[ID]ID{}
	for i := range p.Tags {
		id := pick(tagByName, fold(p.Tags[i].Name))
		tagMap[p.Tags[i].ID] = id
		p.Tags[i].ID = id
	}
	fundByName := map[string]ID{}
	for _, f := range base.Funding {
		fundByName[fold(f.Name)] = f.ID
	}
	for i := range p.Funding {
		p.Funding[i].ID = pick(fundByName, fold(p.Funding[i].Name))
	}
	remapTags := func(ids []ID) []ID {
		out := make([]ID, len(ids))
		for i, id := range ids {
			out[i] = tagMap[id]
		}
		return out
	}
	baseLineKey := map[string]ID{}
	for _, l := range base.Lines {
		pr, _ := base.Priority(l.PriorityID)
		baseLineKey[fold(pr.Name)+"\x00"+fold(l.Title)] = l.ID
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		pr, _ := imported.Priority(l.PriorityID)
		l.ID = pick(baseLineKey, fold(pr.Name)+"\x00"+fold(l.Title))
		l.PriorityID = prMap[l.PriorityID]
		l.Tags = remapTags(l.Tags)
	}
	basePostKey := map[string]ID{}
	for _, po := range base.Posts {
		basePostKey[fold(po.Title)+"\x00"+fold(po.Team)] = po.ID
	}
	for i := range p.Posts {
		po := &p.Posts[i]
		po.ID = pick(basePostKey, fold(po.Title)+"\x00"+fold(po.Team))
		po.PriorityID = prMap[po.PriorityID]
		po.Tags = remapTags(po.Tags)
	}
	return p
}

func maxID(p *Plan) ID {
	var m ID
	for _, f := range p.Funding {
		m = max(m, f.ID)
	}
	for _, x := range p.Priorities {
		m = max(m, x.ID)
	}
	for _, x := range p.Tags {
		m = max(m, x.ID)
	}
	for _, x := range p.Lines {
		m = max(m, x.ID)
	}
	for _, x := range p.Posts {
		m = max(m, x.ID)
	}
	return m
}
