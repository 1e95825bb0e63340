package model

import "strings"

// ReplaceLines returns a copy of base whose lines are those of from (and
// whose posts are those of from too, when from has any), keeping base's
// heading, settings, funding, outcomes and, when from has no posts, its
// posts: what importing a plain list of lines does. Lines and posts are
// put under base's SWP priorities and PCC priorities by name (case and
// surrounding spaces aside). The names from uses that base lacks are
// returned; when create is false, next is nil if there are any, and when
// true they are added after base's own. IDs in next are only unique: the
// caller matches them to base's with AdoptIDs.
func ReplaceLines(base, from *Plan, create bool) (next *Plan, newPriorities, newTags []string) {
	next = base.Clone()
	var top ID
	for _, pr := range next.Priorities {
		top = max(top, pr.ID)
	}
	for _, t := range next.Tags {
		top = max(top, t.ID)
	}
	for _, f := range next.Funding {
		top = max(top, f.ID)
	}
	for _, l := range next.Lines {
		top = max(top, l.ID)
	}
	for _, po := range next.Posts {
		top = max(top, po.ID)
	}
	fresh := func() ID { top++; return top }

	prByName := map[string]ID{}
	for _, pr := range next.Priorities {
		prByName[fold(pr.Name)] = pr.ID
	}
	prMap := map[ID]ID{}
	for _, pr := range from.Priorities {
		id, ok := prByName[fold(pr.Name)]
		if !ok {
			newPriorities = append(newPriorities, strings.TrimSpace(pr.Name))
			id = fresh()
			prByName[fold(pr.Name)] = id
			next.Priorities = append(next.Priorities, Priority{ID: id, Name: strings.TrimSpace(pr.Name), Order: len(next.Priorities) + 1})
		}
		prMap[pr.ID] = id
	}
	tagByName := map[string]ID{}
	for _, t := range next.Tags {
		tagByName[fold(t.Name)] = t.ID
	}
	tagMap := map[ID]ID{}
	for _, t := range from.Tags {
		id, ok := tagByName[fold(t.Name)]
		if !ok {
			newTags = append(newTags, strings.TrimSpace(t.Name))
			id = fresh()
			tagByName[fold(t.Name)] = id
			next.Tags = append(next.Tags, Tag{ID: id, Name: strings.TrimSpace(t.Name), Order: len(next.Tags) + 1})
		}
		tagMap[t.ID] = id
	}
	if !create && (len(newPriorities) > 0 || len(newTags) > 0) {
		return nil, newPriorities, newTags
	}
	remap := func(ids []ID) []ID {
		var out []ID
		for _, id := range ids {
			out = append(out, tagMap[id])
		}
		return out
	}
	next.Lines = make([]Line, len(from.Lines))
	for i, l := range from.Lines {
		l.ID, l.PriorityID, l.Tags = fresh(), prMap[l.PriorityID], remap(l.Tags)
		next.Lines[i] = l
	}
	if len(from.Posts) > 0 {
		next.Posts = make([]Post, len(from.Posts))
		for i, po := range from.Posts {
			po.ID, po.PriorityID, po.Tags = fresh(), prMap[po.PriorityID], remap(po.Tags)
			next.Posts[i] = po
		}
	}
	return next, newPriorities, newTags
}
