package planfile

import (
	"bytes"
	"cmp"
	"slices"
	"testing"

	"csplan/model"
	"csplan/store/internal/plantest"
)

// requireSamePlan fails the test with every difference between two plans.
func requireSamePlan(t testing.TB, want, got *model.Plan) {
	t.Helper()
	if d := plantest.DiffPlans(want, got); len(d) > 0 {
		t.Fatalf("plans differ:\n%s", joinLines(d))
	}
}

func joinLines(ss []string) string {
	var b bytes.Buffer
	for _, s := range ss {
		b.WriteString("  ")
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return b.String()
}

// normalise returns a copy of the plan with priorities and PCC priorities
// in their Order (renumbered 1..n) and IDs given afresh in the order Encode
// writes records: funding, priorities, PCC priorities, lines, posts. Two
// plans that differ only in how IDs were handed out normalise alike.
func normalise(p *model.Plan) *model.Plan {
	c := p.Clone()
	slices.SortStableFunc(c.Priorities, func(a, b model.Priority) int { return cmp.Compare(a.Order, b.Order) })
	slices.SortStableFunc(c.Tags, func(a, b model.Tag) int { return cmp.Compare(a.Order, b.Order) })
	next := model.ID(0)
	fresh := func() model.ID { next++; return next }
	prMap, tagMap := map[model.ID]model.ID{}, map[model.ID]model.ID{}
	for i := range c.Funding {
		c.Funding[i].ID = fresh()
	}
	for i := range c.Priorities {
		id := fresh()
		prMap[c.Priorities[i].ID] = id
		c.Priorities[i].ID, c.Priorities[i].Order = id, i+1
	}
	for i := range c.Tags {
		id := fresh()
		tagMap[c.Tags[i].ID] = id
		c.Tags[i].ID, c.Tags[i].Order = id, i+1
	}
	remap := func(ids []model.ID) {
		for i, id := range ids {
			ids[i] = tagMap[id]
		}
	}
	for i := range c.Lines {
		l := &c.Lines[i]
		l.ID, l.PriorityID = fresh(), prMap[l.PriorityID]
		remap(l.Tags)
	}
	for i := range c.Posts {
		po := &c.Posts[i]
		po.ID, po.PriorityID = fresh(), prMap[po.PriorityID]
		remap(po.Tags)
	}
	return c
}

// encode is Encode into a byte slice, failing the test on error.
func encode(t testing.TB, p *model.Plan, opts EncodeOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, p, opts); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b.Bytes()
}

// decode is Decode of a byte slice, failing the test on error.
func decode(t testing.TB, data []byte) *model.Plan {
	t.Helper()
	p, err := Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return p
}
