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
	for _, id := range next.allIDs() {
		top = max(top, id)
	}
	fresh := func() ID { top++; return top }

	// match finds a name among base's records (byName), or gives it a new
	// record through add, noting the name in added.
	match := func(byName map[string]ID, name string, added *[]string, add func(ID, string)) ID {
		if id, ok := byName[fold(name)]; ok {
			return id
		}
		n := strings.TrimSpace(name)
		*added = append(*added, n)
		id := fresh()
		byName[fold(name)] = id
		add(id, n)
		return id
	}
	prByName := map[string]ID{}
	for _, pr := range next.Priorities {
		prByName[fold(pr.Name)] = pr.ID
	}
	prMap := map[ID]ID{}
	for _, pr := range from.Priorities {
		prMap[pr.ID] = match(prByName, pr.Name, &newPriorities, func(id ID, n string) {
			next.Priorities = append(next.Priorities, Priority{ID: id, Name: n, Order: len(next.Priorities) + 1})
		})
	}
	tagByName := map[string]ID{}
	for _, t := range next.Tags {
		tagByName[fold(t.Name)] = t.ID
	}
	tagMap := map[ID]ID{}
	for _, t := range from.Tags {
		tagMap[t.ID] = match(tagByName, t.Name, &newTags, func(id ID, n string) {
			next.Tags = append(next.Tags, Tag{ID: id, Name: n, Order: len(next.Tags) + 1})
		})
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
