package store

import (
	"bytes"
	"encoding/json"
	"slices"

	"csplan/model"
)

// Unchanged reports whether replacing the plan current (as Load read it)
// with next would change nothing the officer can see: every record of next
// is stored as it is (same ID, same fields), none is added or removed, and
// the plan's details and settings are the same. An import of such a plan
// must say "no changes" and save nothing, rather than promise an undo that
// would revert the change before it. Records are compared as ReplacePlan
// writes them; a record with ID 0 (or a provisional ID from
// model.AdoptIDs) is new, so a change. The Order of priorities and PCC
// priorities is compared as a rank, since only the order shows: a file
// numbers them afresh from 1, the built-in plan from 1 and a move in the
// editor from 0, so an identical file may number them differently, and
// ReplacePlan would store that renumbering as a change nobody could see.
//
// It compares record by record, stopping at the first difference, and keeps
// no encoded copy of either plan: at 100,000 lines the import holds the
// plan, the file's plan and little else.
func Unchanged(current, next *model.Plan) bool {
	if current == nil || next == nil {
		return current == next
	}
	a, b := ranked(current), ranked(next)
	if !sameEncoding(a.Info, b.Info) || !sameEncoding(a.Settings, b.Settings) {
		return false
	}
	for _, k := range recordKinds {
		av, aerr := recordsOf(a, k)
		bv, berr := recordsOf(b, k)
		if aerr != nil || berr != nil || len(av) != len(bv) {
			return false
		}
		stored := make(map[model.ID]any, len(av))
		for _, r := range av {
			if _, twice := stored[r.id]; twice || r.id == 0 {
				return false
			}
			stored[r.id] = r.v
		}
		// Each of next's records must match one stored record, once: a
		// record matched is taken out, so an ID twice in next is a change.
		for _, r := range bv {
			v, ok := stored[r.id]
			if !ok || !sameEncoding(v, r.v) {
				return false
			}
			delete(stored, r.id)
		}
	}
	return true
}

// ranked is p with its priorities and PCC priorities in order and their
// Order as a rank; it shares everything else with p.
func ranked(p *model.Plan) *model.Plan {
	q := *p
	q.Priorities = slices.Clone(p.Priorities)
	sortByOrder(q.Priorities, func(x *model.Priority) (int, model.ID) { return x.Order, x.ID })
	for i := range q.Priorities {
		q.Priorities[i].Order = i
	}
	q.Tags = slices.Clone(p.Tags)
	sortByOrder(q.Tags, func(x *model.Tag) (int, model.ID) { return x.Order, x.ID })
	for i := range q.Tags {
		q.Tags[i].Order = i
	}
	return &q
}

// sameEncoding reports whether two values are written as the same JSON,
// as ReplacePlan compares a record with the one stored.
func sameEncoding(a, b any) bool {
	x, err := json.Marshal(a)
	if err != nil {
		return false
	}
	y, err := json.Marshal(b)
	return err == nil && bytes.Equal(x, y)
}
