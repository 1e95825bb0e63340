package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// Load reads the whole plan: priorities and PCC priorities in the officer's
// order (Order, then ID), funding, lines and posts in ID order.
func (s *DB) Load() (*model.Plan, error) {
	var p *model.Plan
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		p, err = loadPlan(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// loadPlan reads the whole plan inside a transaction.
func loadPlan(tx *bbolt.Tx) (*model.Plan, error) {
	p := &model.Plan{}
	meta := tx.Bucket(bucketMeta)
	if err := decode(kindInfo, nil, meta.Get(keyInfo), &p.Info); err != nil {
		return nil, err
	}
	if err := decode(kindSettings, nil, meta.Get(keySettings), &p.Settings); err != nil {
		return nil, err
	}
	var err error
	if p.Funding, err = loadAll[model.FundingSource](tx, kindFunding); err != nil {
		return nil, err
	}
	if p.Priorities, err = loadAll[model.Priority](tx, kindPriorities); err != nil {
		return nil, err
	}
	if p.Tags, err = loadAll[model.Tag](tx, kindTags); err != nil {
		return nil, err
	}
	if p.Lines, err = loadAll[model.Line](tx, kindLines); err != nil {
		return nil, err
	}
	if p.Posts, err = loadAll[model.Post](tx, kindPosts); err != nil {
		return nil, err
	}
	sortByOrder(p.Priorities, func(x *model.Priority) (int, model.ID) { return x.Order, x.ID })
	sortByOrder(p.Tags, func(x *model.Tag) (int, model.ID) { return x.Order, x.ID })
	return p, nil
}

// A record is checked by running model.Plan.Validate on a small plan made
// of the record and what it refers to (or, for the kinds whose names must be
// unique, the others of its kind), so the store refuses exactly what a
// whole-plan validation would call an error, in the same words.
var checkingInfo = model.Info{Partnership: "check", StartYear: 2000}

// recordProblems returns the errors Validate finds for the record named
// where.
func recordProblems(p *model.Plan, where string) []model.Problem {
	var out []model.Problem
	for _, pr := range model.Errors(p.Validate()) {
		if pr.Where == where {
			out = append(out, pr)
		}
	}
	return out
}

// placeContext returns the priority and tags a line or post refers to, as
// far as they exist; Validate then reports the ones that do not.
func placeContext(t *txn, priorityID model.ID, tags []model.ID) (*model.Plan, error) {
	p := &model.Plan{Info: checkingInfo, Settings: model.DefaultSettings()}
	if raw := t.get(kindPriorities, priorityID); raw != nil && priorityID != 0 {
		var pr model.Priority
		if err := decode(kindPriorities, itob(uint64(priorityID)), raw, &pr); err != nil {
			return nil, err
		}
		p.Priorities = append(p.Priorities, pr)
	}
	seen := map[model.ID]bool{}
	for _, id := range tags {
		if seen[id] {
			continue
		}
		seen[id] = true
		if raw := t.get(kindTags, id); raw != nil && id != 0 {
			var tg model.Tag
			if err := decode(kindTags, itob(uint64(id)), raw, &tg); err != nil {
				return nil, err
			}
			p.Tags = append(p.Tags, tg)
		}
	}
	return p, nil
}

// others returns every record of a kind except the one with the given ID.
func others[T any](t *txn, k *kind, id model.ID, idOf func(*T) model.ID) ([]T, error) {
	all, err := loadAll[T](t.tx, k)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for i := range all {
		if idOf(&all[i]) != id {
			out = append(out, all[i])
		}
	}
	return out, nil
}

var lineType = recordType[model.Line]{
	kind:   kindLines,
	id:     func(v *model.Line) *model.ID { return &v.ID },
	title:  func(v *model.Line) string { return v.Title },
	fields: lineFields,
	check: func(t *txn, v *model.Line) ([]model.Problem, error) {
		p, err := placeContext(t, v.PriorityID, v.Tags)
		if err != nil {
			return nil, err
		}
		p.Lines = []model.Line{*v}
		return recordProblems(p, fmt.Sprintf("line %q", v.Title)), nil
	},
}

var postType = recordType[model.Post]{
	kind:   kindPosts,
	id:     func(v *model.Post) *model.ID { return &v.ID },
	title:  func(v *model.Post) string { return v.Title },
	fields: postFields,
	check: func(t *txn, v *model.Post) ([]model.Problem, error) {
		p, err := placeContext(t, v.PriorityID, v.Tags)
		if err != nil {
			return nil, err
		}
		p.Posts = []model.Post{*v}
		return recordProblems(p, fmt.Sprintf("post %q", v.Title)), nil
	},
}

var fundingType = recordType[model.FundingSource]{
	kind:   kindFunding,
	id:     func(v *model.FundingSource) *model.ID { return &v.ID },
	title:  func(v *model.FundingSource) string { return v.Name },
	fields: fundingFields,
	check: func(t *txn, v *model.FundingSource) ([]model.Problem, error) {
		rest, err := others(t, kindFunding, v.ID, func(x *model.FundingSource) model.ID { return x.ID })
		if err != nil {
			return nil, err
		}
		p := &model.Plan{Info: checkingInfo, Settings: model.DefaultSettings(), Funding: append(rest, *v)}
		return recordProblems(p, fmt.Sprintf("funding source %q", v.Name)), nil
	},
}

var priorityType = recordType[model.Priority]{
	kind:   kindPriorities,
	id:     func(v *model.Priority) *model.ID { return &v.ID },
	title:  func(v *model.Priority) string { return v.Name },
	fields: priorityFields,
	check: func(t *txn, v *model.Priority) ([]model.Problem, error) {
		rest, err := others(t, kindPriorities, v.ID, func(x *model.Priority) model.ID { return x.ID })
		if err != nil {
			return nil, err
		}
		p := &model.Plan{Info: checkingInfo, Settings: model.DefaultSettings(), Priorities: append(rest, *v)}
		return recordProblems(p, fmt.Sprintf("priority %q", v.Name)), nil
	},
}

var tagType = recordType[model.Tag]{
	kind:   kindTags,
	id:     func(v *model.Tag) *model.ID { return &v.ID },
	title:  func(v *model.Tag) string { return v.Name },
	fields: tagFields,
	check: func(t *txn, v *model.Tag) ([]model.Problem, error) {
		rest, err := others(t, kindTags, v.ID, func(x *model.Tag) model.ID { return x.ID })
		if err != nil {
			return nil, err
		}
		p := &model.Plan{Info: checkingInfo, Settings: model.DefaultSettings(), Tags: append(rest, *v)}
		return recordProblems(p, fmt.Sprintf("PCC priority %q", v.Name)), nil
	},
}

// SaveLine adds (ID 0) or changes a line. A priority or PCC priority that is
// not in the plan is refused with an InvalidError and nothing is written.
func (s *DB) SaveLine(l model.Line) (model.Line, error) { return saveRecord(s, lineType, l) }

// DeleteLine removes a line.
func (s *DB) DeleteLine(id model.ID) error { return deleteRecord(s, lineType, id, nil) }

// SavePost adds (ID 0) or changes a post, refusing it as SaveLine does and
// also when its own figures are wrong (model.Post.Check).
func (s *DB) SavePost(p model.Post) (model.Post, error) { return saveRecord(s, postType, p) }

// DeletePost removes a post.
func (s *DB) DeletePost(id model.ID) error { return deleteRecord(s, postType, id, nil) }

// SaveFunding adds (ID 0) or changes a funding source.
func (s *DB) SaveFunding(f model.FundingSource) (model.FundingSource, error) {
	return saveRecord(s, fundingType, f)
}

// DeleteFunding removes a funding source.
func (s *DB) DeleteFunding(id model.ID) error { return deleteRecord(s, fundingType, id, nil) }

// SavePriority adds (ID 0) or changes an SWP priority.
func (s *DB) SavePriority(p model.Priority) (model.Priority, error) {
	return saveRecord(s, priorityType, p)
}

// DeletePriority removes an SWP priority, refusing with ErrInUse while lines
// or posts sit under it.
func (s *DB) DeletePriority(id model.ID) error {
	return deleteRecord(s, priorityType, id, func(t *txn, v *model.Priority) error {
		lines, posts, err := t.usage(id, true)
		if err != nil {
			return err
		}
		if lines+posts > 0 {
			return fmt.Errorf("cannot delete priority %q: %w (%s); move them to another priority first",
				v.Name, ErrInUse, countLinesPosts(lines, posts))
		}
		return nil
	})
}

// SaveTag adds (ID 0) or changes a PCC priority.
func (s *DB) SaveTag(tg model.Tag) (model.Tag, error) { return saveRecord(s, tagType, tg) }

// DeleteTag removes a PCC priority, refusing with ErrInUse while a line or
// post carries it.
func (s *DB) DeleteTag(id model.ID) error {
	return deleteRecord(s, tagType, id, func(t *txn, v *model.Tag) error {
		lines, posts, err := t.usage(id, false)
		if err != nil {
			return err
		}
		if lines+posts > 0 {
			return fmt.Errorf("cannot delete PCC priority %q: %w (%s carry it); take it off them first",
				v.Name, ErrInUse, countLinesPosts(lines, posts))
		}
		return nil
	})
}

func countLinesPosts(lines, posts int) string {
	plural := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	switch {
	case lines > 0 && posts > 0:
		return plural(lines, "line") + " and " + plural(posts, "post")
	case posts > 0:
		return plural(posts, "post")
	}
	return plural(lines, "line")
}

// saveSingle changes the plan details or the settings, which are one value
// each rather than records with IDs.
func saveSingle[T any](s *DB, k *kind, v T, fields []field[T], where string, withValue func(*model.Plan, T)) error {
	return s.update(func(t *txn) error {
		var before T
		if err := decode(k, nil, t.get(k, 0), &before); err != nil {
			return err
		}
		p := &model.Plan{Info: checkingInfo, Settings: model.DefaultSettings()}
		withValue(p, v)
		if ps := recordProblems(p, where); len(ps) > 0 {
			return &InvalidError{Problems: ps}
		}
		after, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if _, err := t.put(k, 0, after); err != nil {
			return err
		}
		t.summary = changeSummary(k, "", changedFields(fields, before, v, t.namer()))
		return nil
	})
}

// SaveInfo changes the plan's heading.
func (s *DB) SaveInfo(i model.Info) error {
	return saveSingle(s, kindInfo, i, infoFields, "plan", func(p *model.Plan, v model.Info) { p.Info = v })
}

// SaveSettings changes the costing settings.
func (s *DB) SaveSettings(st model.Settings) error {
	return saveSingle(s, kindSettings, st, settingsFields, "settings", func(p *model.Plan, v model.Settings) { p.Settings = v })
}

// ReorderPriorities puts the given priorities first, in the given order;
// any not named keep their order after them. Every ID must be a priority,
// named once.
func (s *DB) ReorderPriorities(ids []model.ID) error {
	return s.update(func(t *txn) error {
		all, err := loadPriorities(t)
		if err != nil {
			return err
		}
		return reorderPriorities(t, all, ids)
	})
}

// loadPriorities reads the SWP priorities in the officer's order.
func loadPriorities(t *txn) ([]model.Priority, error) {
	all, err := loadAll[model.Priority](t.tx, kindPriorities)
	if err != nil {
		return nil, err
	}
	sortByOrder(all, func(x *model.Priority) (int, model.ID) { return x.Order, x.ID })
	return all, nil
}

// reorderPriorities is ReorderPriorities inside a transaction, given every
// priority in its stored order.
func reorderPriorities(t *txn, all []model.Priority, ids []model.ID) error {
	pos := map[model.ID]int{}
	for i, id := range ids {
		if _, dup := pos[id]; dup {
			return fmt.Errorf("priority %d is named twice in the new order", id)
		}
		pos[id] = i
	}
	ordered := make([]model.Priority, len(ids))
	var rest []model.Priority
	found := 0
	for _, pr := range all {
		if i, ok := pos[pr.ID]; ok {
			ordered[i] = pr
			found++
		} else {
			rest = append(rest, pr)
		}
	}
	if found != len(ids) {
		return fmt.Errorf("reordering priorities: %w", ErrNotFound)
	}
	ordered = append(ordered, rest...)
	names := make([]string, len(ordered))
	for i := range ordered {
		names[i] = ordered[i].Name
		if ordered[i].Order == i {
			continue
		}
		ordered[i].Order = i
		raw, err := json.Marshal(ordered[i])
		if err != nil {
			return err
		}
		if _, err := t.put(kindPriorities, ordered[i].ID, raw); err != nil {
			return err
		}
	}
	t.summary = "Reordered priorities: " + strings.Join(names, ", ")
	return nil
}

// ReplacePlan replaces the whole plan in one change (import, promote a
// scenario): records keep their nonzero IDs, records with ID 0 get fresh
// ones, and a plan with errors is refused with an InvalidError. A
// scenario's added line that the new plan now has is matched to it (see
// model.MatchAddedLines), in the same change. Its history entry holds every
// record it touched, so Undo restores the previous plan and scenarios
// exactly.
func (s *DB) ReplacePlan(p *model.Plan, summary string) error {
	if p == nil {
		return errors.New("replacing the plan: no plan given")
	}
	return s.update(func(t *txn) error {
		before, err := loadPlan(t.tx)
		if err != nil {
			return err
		}
		if err := writePlan(t, p, true); err != nil {
			return err
		}
		if err := matchAddedLines(t, before); err != nil {
			return err
		}
		t.summary = "Replaced the plan"
		if strings.TrimSpace(summary) != "" {
			t.summary += ": " + strings.TrimSpace(summary)
		}
		return nil
	})
}

// ReplacePlanWithProfiles is ReplacePlan for a plan read from a file that
// carries budget profiles (a Profile column): in the same change, the
// year's profiles become the file's, keyed by p's lines and posts (IDs as
// in p, provisional ones included), and an item the file gives no profile
// has the default one.
func (s *DB) ReplacePlanWithProfiles(p *model.Plan, summary string, profiles map[model.ID]model.Profile) error {
	if p == nil {
		return errors.New("replacing the plan: no plan given")
	}
	return s.update(func(t *txn) error {
		before, err := loadPlan(t.tx)
		if err != nil {
			return err
		}
		q, err := writePlanAs(t, p, true)
		if err != nil {
			return err
		}
		if err := matchAddedLines(t, before); err != nil {
			return err
		}
		m, err := loadMonitoring(t.tx, q.Info.StartYear)
		if err != nil {
			return err
		}
		known := problemSet(m.Check(before))
		next := map[model.ID]model.Profile{}
		for id, pr := range m.Profiles {
			next[id] = pr // items not in the plan keep theirs, for their actuals
		}
		for i := range q.Lines {
			delete(next, q.Lines[i].ID)
			if pr, ok := profiles[p.Lines[i].ID]; ok {
				next[q.Lines[i].ID] = pr
			}
		}
		for i := range q.Posts {
			delete(next, q.Posts[i].ID)
			if pr, ok := profiles[p.Posts[i].ID]; ok {
				next[q.Posts[i].ID] = pr
			}
		}
		if len(next) == 0 {
			next = nil
		}
		stored := t.get(monitoringKind(q.Info.StartYear), 0) != nil
		m.Profiles = next
		// Refused only for what the file's profiles break, as
		// EditMonitoring refuses: a problem the record had before stays
		// its own.
		var ps []model.Problem
		for _, e := range m.Check(q) {
			if !known[e.Error()] {
				ps = append(ps, model.Problem{Severity: model.Error, Where: "profiles", Message: e.Error()})
			}
		}
		if len(ps) > 0 {
			return &InvalidError{Problems: ps}
		}
		if stored || next != nil {
			if err := putMonitoringRecord(t, m); err != nil {
				return err
			}
		}
		t.summary = "Replaced the plan"
		if strings.TrimSpace(summary) != "" {
			t.summary += ": " + strings.TrimSpace(summary)
		}
		return nil
	})
}

// writePlan makes the stored plan equal to p: it gives IDs to records that
// have none, validates, deletes the records p does not have and writes the
// rest. Records that are already stored as they are in p are not touched,
// so they do not swell the history entry. Only the empty starting plan is
// written unvalidated: it has no partnership name until the officer gives
// one.
func writePlan(t *txn, p *model.Plan, validate bool) error {
	_, err := writePlanAs(t, p, validate)
	return err
}

// writePlanAs is writePlan returning the plan as written, with the IDs
// the store gave: its lines and posts are p's, in p's order.
func writePlanAs(t *txn, p *model.Plan, validate bool) (*model.Plan, error) {
	q := p.Clone()
	if err := assignIDs(t, q); err != nil {
		return nil, err
	}
	if validate {
		if ps := model.Errors(q.Validate()); len(ps) > 0 {
			return nil, &InvalidError{Problems: ps}
		}
	}
	var maxID model.ID
	for _, k := range recordKinds {
		values, err := recordsOf(q, k)
		if err != nil {
			return nil, err
		}
		keep := make(map[model.ID]bool, len(values))
		for _, r := range values {
			keep[r.id] = true
		}
		if err := deleteExcept(t, k, keep); err != nil {
			return nil, err
		}
		for _, r := range values {
			raw, err := json.Marshal(r.v)
			if err != nil {
				return nil, err
			}
			if _, err := t.put(k, r.id, raw); err != nil {
				return nil, err
			}
			maxID = max(maxID, r.id)
		}
	}
	for _, single := range []struct {
		k *kind
		v any
	}{{kindInfo, q.Info}, {kindSettings, q.Settings}} {
		raw, err := json.Marshal(single.v)
		if err != nil {
			return nil, err
		}
		if _, err := t.put(single.k, 0, raw); err != nil {
			return nil, err
		}
	}
	return q, t.raiseIDs(maxID)
}

// idValue is one record of a plan with its ID, for writePlan.
type idValue struct {
	id model.ID
	v  any
}

func collect[T any](xs []T, id func(*T) model.ID) []idValue {
	out := make([]idValue, len(xs))
	for i := range xs {
		out[i] = idValue{id(&xs[i]), xs[i]}
	}
	return out
}

// recordsOf returns the records of kind k in a plan. A new kind of record
// needs a case here.
func recordsOf(q *model.Plan, k *kind) ([]idValue, error) {
	switch k {
	case kindFunding:
		return collect(q.Funding, func(v *model.FundingSource) model.ID { return v.ID }), nil
	case kindPriorities:
		return collect(q.Priorities, func(v *model.Priority) model.ID { return v.ID }), nil
	case kindTags:
		return collect(q.Tags, func(v *model.Tag) model.ID { return v.ID }), nil
	case kindLines:
		return collect(q.Lines, func(v *model.Line) model.ID { return v.ID }), nil
	case kindPosts:
		return collect(q.Posts, func(v *model.Post) model.ID { return v.ID }), nil
	}
	return nil, fmt.Errorf("replacing the plan: no rule for %s records", k.noun)
}

// deleteExcept deletes the records of kind k whose IDs are not in keep.
func deleteExcept(t *txn, k *kind, keep map[model.ID]bool) error {
	b, err := t.bucket(k)
	if err != nil {
		return err
	}
	var doomed []model.ID
	c := b.Cursor()
	for key, _ := c.First(); key != nil; key, _ = c.Next() {
		if id := model.ID(btoi(key)); !keep[id] {
			doomed = append(doomed, id)
		}
	}
	for _, id := range doomed {
		if _, err := t.put(k, id, nil); err != nil {
			return err
		}
	}
	return nil
}

// assignIDs gives every record with ID 0 a fresh ID from the sequence. A
// line or post that refers to priority 0 (or carries PCC priority 0) is
// taken to mean the one new priority (PCC priority) without an ID, when
// there is exactly one; otherwise the reference stays unresolved and
// validation reports it.
func assignIDs(t *txn, q *model.Plan) error {
	// real maps each provisional ID to the fresh ID that replaces it, so
	// references to a new priority or tag follow it.
	real := map[model.ID]model.ID{}
	next := func(id *model.ID) error {
		if *id != 0 && !id.Provisional() {
			return nil
		}
		n, err := t.nextID()
		if err != nil {
			return err
		}
		if *id != 0 {
			real[*id] = n
		}
		*id = n
		return nil
	}
	for i := range q.Funding {
		if err := next(&q.Funding[i].ID); err != nil {
			return err
		}
	}
	var newPriority, newTag model.ID
	newPriorities, newTags := 0, 0
	// newPriority and newTag are the fresh IDs of the records that had
	// none: only they can be what a zero reference means.
	for i := range q.Priorities {
		isNew := q.Priorities[i].ID == 0
		if err := next(&q.Priorities[i].ID); err != nil {
			return err
		}
		if isNew {
			newPriorities++
			newPriority = q.Priorities[i].ID
		}
	}
	for i := range q.Tags {
		isNew := q.Tags[i].ID == 0
		if err := next(&q.Tags[i].ID); err != nil {
			return err
		}
		if isNew {
			newTags++
			newTag = q.Tags[i].ID
		}
	}
	resolve := func(id model.ID, news int, only model.ID) model.ID {
		switch {
		case id.Provisional():
			return real[id] // 0 if nothing had that ID: validation says so
		case id == 0 && news == 1:
			// The one new record without an ID is the only one a zero
			// reference can mean.
			return only
		}
		return id
	}
	fix := func(prID *model.ID, tags []model.ID) {
		*prID = resolve(*prID, newPriorities, newPriority)
		for j := range tags {
			tags[j] = resolve(tags[j], newTags, newTag)
		}
	}
	for i := range q.Lines {
		if err := next(&q.Lines[i].ID); err != nil {
			return err
		}
		fix(&q.Lines[i].PriorityID, q.Lines[i].Tags)
	}
	for i := range q.Posts {
		if err := next(&q.Posts[i].ID); err != nil {
			return err
		}
		fix(&q.Posts[i].PriorityID, q.Posts[i].Tags)
	}
	return nil
}
