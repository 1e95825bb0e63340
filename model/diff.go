package model

import (
	"fmt"
	"strings"
)

// ProvisionalBase marks IDs given to records that are not stored yet, such
// as the new records of an imported plan. The store replaces every ID at or
// above it with a fresh one from its own sequence, and renumbers references
// to it, so a provisional ID never collides with an ID used before.
const ProvisionalBase ID = 1 << 62

// Provisional reports whether the ID is a placeholder awaiting a real one.
func (id ID) Provisional() bool { return id >= ProvisionalBase }

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// matcher pairs records of a file with records of the plan by a key. Keys
// need not be unique (two lines may share a title): records with the same
// key pair up in order, first with first.
type matcher map[string][]ID

func (m matcher) add(key string, id ID) { m[key] = append(m[key], id) }

// take returns the next unmatched plan record with the key.
func (m matcher) take(key string) (ID, bool) {
	ids := m[key]
	if len(ids) == 0 {
		return 0, false
	}
	m[key] = ids[1:]
	return ids[0], true
}

func lineKey(p *Plan, l Line) string {
	pr, _ := p.Priority(l.PriorityID)
	return fold(pr.Name) + "\x00" + fold(l.Title)
}

func postKey(po Post) string { return fold(po.Title) + "\x00" + fold(po.Team) }

// ScenarioFromPlan works out the steps that turn base into target, so a
// plan read from a file can be kept as a scenario of the current plan.
// Records are matched by name: funding sources by name, lines by priority
// and title, posts by title and team (records with the same name pair up
// in order). It returns the differences that no step can express (a new
// priority, a changed salary, a changed owner ...), in the officer's words,
// so the caller can say what the scenario leaves out; importing the file as
// the plan keeps everything.
func ScenarioFromPlan(name string, base, target *Plan) (Scenario, []string) {
	s := Scenario{Name: name}
	var missed []string
	// Where each of base's lines and posts is, so matching a plan of
	// 100,000 lines is not 100,000 searches of it.
	baseLineAt := make(map[ID]int, len(base.Lines))
	for i := range base.Lines {
		baseLineAt[base.Lines[i].ID] = i
	}
	basePostAt := make(map[ID]int, len(base.Posts))
	for i := range base.Posts {
		basePostAt[base.Posts[i].ID] = i
	}
	miss := func(format string, a ...any) { missed = append(missed, fmt.Sprintf(format, a...)) }

	// Funding sources by name.
	funding := matcher{}
	for _, f := range base.Funding {
		funding.add(fold(f.Name), f.ID)
	}
	seenFunding := map[ID]bool{}
	for _, f := range target.Funding {
		id, ok := funding.take(fold(f.Name))
		if !ok {
			miss("funding source %q is new", f.Name)
			continue
		}
		seenFunding[id] = true
		b, _, _ := base.FundingSource(id)
		if !b.Amount.Equal(f.Amount) {
			a := f.Amount
			s.Steps = append(s.Steps, Step{Kind: StepFunding, Target: id, Amount: &a})
		}
		if b.Status != f.Status {
			st := f.Status
			s.Steps = append(s.Steps, Step{Kind: StepFunding, Target: id, Status: &st})
		}
		if b.Note != f.Note {
			miss("funding source %q: its note changed", f.Name)
		}
	}
	for _, f := range base.Funding {
		if !seenFunding[f.ID] {
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
	lines := matcher{}
	for _, l := range base.Lines {
		lines.add(lineKey(base, l), l.ID)
	}
	seenLines := map[ID]bool{}
	for _, l := range target.Lines {
		k := lineKey(target, l)
		id, ok := lines.take(k)
		if !ok {
			pr, _ := target.Priority(l.PriorityID)
			prID, prOK := basePr[fold(pr.Name)]
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
		seenLines[id] = true
		b := base.Lines[baseLineAt[id]]
		if !b.Cost.Equal(l.Cost) {
			c := l.Cost
			s.Steps = append(s.Steps, Step{Kind: StepLineCost, Target: id, Amount: &c})
		}
		if b.Owner != l.Owner || b.Kind != l.Kind || b.Notes != l.Notes || !sameNames(base.TagNames(b.Tags), target.TagNames(l.Tags)) {
			miss("line %q: only its cost can differ in a scenario (owner, kind, notes, PCC priorities or the primary one changed)", l.Title)
		}
	}
	for _, l := range base.Lines {
		if !seenLines[l.ID] {
			s.Steps = append(s.Steps, Step{Kind: StepRemoveLine, Target: l.ID})
		}
	}

	// Posts by title and team.
	posts := matcher{}
	for _, po := range base.Posts {
		posts.add(postKey(po), po.ID)
	}
	seenPosts := map[ID]bool{}
	for _, po := range target.Posts {
		id, ok := posts.take(postKey(po))
		if !ok {
			miss("post %q is new", po.Title)
			continue
		}
		seenPosts[id] = true
		b := base.Posts[basePostAt[id]]
		if !b.FTE.Equal(po.FTE) {
			f := po.FTE
			s.Steps = append(s.Steps, Step{Kind: StepPostFTE, Target: id, FTE: &f})
		}
		if !b.GrantShare.Equal(po.GrantShare) {
			g := po.GrantShare
			s.Steps = append(s.Steps, Step{Kind: StepPostShare, Target: id, Percent: &g})
		}
		if po.StartMonth < b.StartMonth || po.EndMonth > b.EndMonth || po.Months() == 0 {
			miss("post %q: its months changed in a way a scenario cannot hold (only starting later or ending earlier)", po.Title)
		} else {
			if po.StartMonth > b.StartMonth {
				s.Steps = append(s.Steps, Step{Kind: StepPostStart, Target: id, Month: po.StartMonth})
			}
			if po.EndMonth < b.EndMonth {
				s.Steps = append(s.Steps, Step{Kind: StepPostEnd, Target: id, Month: po.EndMonth})
			}
		}
		if !b.Salary.Equal(po.Salary) || !sameOverride(b.OnCostOverride, po.OnCostOverride) {
			miss("post %q: its salary or on-costs changed", po.Title)
		}
		bpr, _ := base.Priority(b.PriorityID)
		tpr, _ := target.Priority(po.PriorityID)
		if fold(bpr.Name) != fold(tpr.Name) || !sameNames(base.TagNames(b.Tags), target.TagNames(po.Tags)) ||
			b.OtherFunder != po.OtherFunder || b.Notes != po.Notes {
			miss("post %q: its priority, PCC priorities, other funder or notes changed", po.Title)
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
		a.PensionRate.Equal(b.PensionRate) && a.LevyRate.Equal(b.LevyRate) &&
		a.LevyHeldCentrally == b.LevyHeldCentrally
}

// sameNames reports whether two lists of PCC priority names are the same
// alignment: the same primary (the first) and the same others in any order.
func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) > 0 && !strings.EqualFold(a[0], b[0]) {
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
// other record gets a provisional ID (see ProvisionalBase) that the store
// replaces with a fresh one. References are renumbered with them.
// Replacing the plan with the result keeps the identity of what did not
// change, so scenarios of the plan still find their lines and posts, and
// never lets a new record take an ID that a scenario may still name.
func AdoptIDs(base, imported *Plan) *Plan {
	p := imported.Clone()
	next := ProvisionalBase
	pick := func(m matcher, key string) ID {
		if id, ok := m.take(key); ok {
			return id
		}
		id := next
		next++
		return id
	}

	priorities := matcher{}
	for _, pr := range base.Priorities {
		priorities.add(fold(pr.Name), pr.ID)
	}
	prMap := map[ID]ID{}
	for i := range p.Priorities {
		id := pick(priorities, fold(p.Priorities[i].Name))
		prMap[p.Priorities[i].ID] = id
		p.Priorities[i].ID = id
	}
	tags := matcher{}
	for _, t := range base.Tags {
		tags.add(fold(t.Name), t.ID)
	}
	tagMap := map[ID]ID{}
	for i := range p.Tags {
		id := pick(tags, fold(p.Tags[i].Name))
		tagMap[p.Tags[i].ID] = id
		p.Tags[i].ID = id
	}
	funding := matcher{}
	for _, f := range base.Funding {
		funding.add(fold(f.Name), f.ID)
	}
	for i := range p.Funding {
		p.Funding[i].ID = pick(funding, fold(p.Funding[i].Name))
	}
	remapTags := func(ids []ID) []ID {
		out := make([]ID, len(ids))
		for i, id := range ids {
			out[i] = tagMap[id]
		}
		return out
	}
	lines := matcher{}
	for _, l := range base.Lines {
		lines.add(lineKey(base, l), l.ID)
	}
	for i := range p.Lines {
		l := &p.Lines[i]
		l.ID = pick(lines, lineKey(imported, imported.Lines[i]))
		l.PriorityID = prMap[l.PriorityID]
		l.Tags = remapTags(l.Tags)
	}
	posts := matcher{}
	for _, po := range base.Posts {
		posts.add(postKey(po), po.ID)
	}
	for i := range p.Posts {
		po := &p.Posts[i]
		po.ID = pick(posts, postKey(*po))
		po.PriorityID = prMap[po.PriorityID]
		po.Tags = remapTags(po.Tags)
	}
	return p
}

// FillSubset returns part, a plan read from a file that holds only part of
// base (the lines a filter kept), with every line and post of base that
// part does not hold put back as base has it, matched as ScenarioFromPlan
// matches them (lines by priority and title, posts by title and team). So
// a scenario made from a part changes only what the part changed, and
// does not remove everything the part left out. A record of base whose
// priority or PCC priority part does not have keeps no place and is left
// out (ScenarioFromPlan then names it).
func FillSubset(base, part *Plan) *Plan {
	out := part.Clone()
	prByName := map[string]ID{}
	for _, pr := range out.Priorities {
		prByName[fold(pr.Name)] = pr.ID
	}
	tagByName := map[string]ID{}
	for _, t := range out.Tags {
		tagByName[fold(t.Name)] = t.ID
	}
	next := ID(1)
	for _, id := range out.allIDs() {
		next = max(next, id+1)
	}
	// place maps base's priority and tags to part's, by name.
	place := func(prID ID, tags []ID) (ID, []ID, bool) {
		pr, ok := base.Priority(prID)
		if !ok {
			return 0, nil, false
		}
		to, ok := prByName[fold(pr.Name)]
		if !ok {
			return 0, nil, false
		}
		var mapped []ID
		for _, id := range tags {
			t, ok := base.Tag(id)
			if !ok {
				return 0, nil, false
			}
			tid, ok := tagByName[fold(t.Name)]
			if !ok {
				return 0, nil, false
			}
			mapped = append(mapped, tid)
		}
		return to, mapped, true
	}
	held := map[string]int{}
	for _, l := range out.Lines {
		held[lineKey(out, l)]++
	}
	for _, l := range base.Lines {
		if k := lineKey(base, l); held[k] > 0 {
			held[k]--
			continue
		}
		pr, tags, ok := place(l.PriorityID, l.Tags)
		if !ok {
			continue
		}
		l.ID, l.PriorityID, l.Tags = next, pr, tags
		next++
		out.Lines = append(out.Lines, l)
	}
	heldPosts := map[string]int{}
	for _, po := range out.Posts {
		heldPosts[postKey(po)]++
	}
	for _, po := range base.Posts {
		if k := postKey(po); heldPosts[k] > 0 {
			heldPosts[k]--
			continue
		}
		pr, tags, ok := place(po.PriorityID, po.Tags)
		if !ok {
			continue
		}
		if po.OnCostOverride != nil {
			v := *po.OnCostOverride
			po.OnCostOverride = &v
		}
		po.ID, po.PriorityID, po.Tags = next, pr, tags
		next++
		out.Posts = append(out.Posts, po)
	}
	return out
}

// allIDs lists the IDs of every record of the plan.
func (p *Plan) allIDs() []ID {
	var ids []ID
	for _, f := range p.Funding {
		ids = append(ids, f.ID)
	}
	for _, pr := range p.Priorities {
		ids = append(ids, pr.ID)
	}
	for _, t := range p.Tags {
		ids = append(ids, t.ID)
	}
	for _, l := range p.Lines {
		ids = append(ids, l.ID)
	}
	for _, po := range p.Posts {
		ids = append(ids, po.ID)
	}
	return ids
}
