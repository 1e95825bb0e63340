package store

import (
	"encoding/json"
	"maps"

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
func Unchanged(current, next *model.Plan) bool {
	if current == nil || next == nil {
		return current == next
	}
	a, aok := storedForm(current)
	b, bok := storedForm(next)
	return aok && bok && maps.Equal(a, b)
}

// storedForm is each record of p as ReplacePlan would write it, by kind
// and ID, with orders as ranks; false if one cannot be encoded.
func storedForm(p *model.Plan) (map[changeKey]string, bool) {
	p = p.Clone()
	sortByOrder(p.Priorities, func(x *model.Priority) (int, model.ID) { return x.Order, x.ID })
	for i := range p.Priorities {
		p.Priorities[i].Order = i
	}
	sortByOrder(p.Tags, func(x *model.Tag) (int, model.ID) { return x.Order, x.ID })
	for i := range p.Tags {
		p.Tags[i].Order = i
	}
	out := map[changeKey]string{}
	for _, k := range recordKinds {
		values, err := recordsOf(p, k)
		if err != nil {
			return nil, false
		}
		for _, r := range values {
			raw, err := json.Marshal(r.v)
			if err != nil || r.id == 0 {
				return nil, false
			}
			ck := changeKey{kind: k.name, id: r.id}
			if _, twice := out[ck]; twice {
				return nil, false
			}
			out[ck] = string(raw)
		}
	}
	for _, single := range []struct {
		k *kind
		v any
	}{{kindInfo, p.Info}, {kindSettings, p.Settings}} {
		raw, err := json.Marshal(single.v)
		if err != nil {
			return nil, false
		}
		out[changeKey{kind: single.k.name}] = string(raw)
	}
	return out, true
}
