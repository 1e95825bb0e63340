package store

import (
	"fmt"
	"strconv"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// checkContent reads and checks every value of a plan file at the given
// schema version, inside one transaction: the meta values, every record of
// every kind, every scenario and every history entry (with the records it
// holds before and after), each decoded strictly (a field csplan does not
// know is damage, not something to skip), each under its own key, each
// with a matching seal from schema 3 on; the ID and history sequences
// above every ID and seq in use; the history cursor and base at entries.
// It returns every problem found. Problems name the record (kind and ID),
// never its content.
func checkContent(tx *bbolt.Tx, version int) []error {
	c := &checker{tx: tx, sealed: version >= 3}
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return []error{fmt.Errorf("the meta bucket is missing")}
	}
	if string(meta.Get(keyApp)) != appID {
		c.bad("the file is not marked as a csplan plan")
	}
	if v, err := strconv.Atoi(string(meta.Get(keySchema))); err != nil || v != version {
		c.bad("the schema version is %q, expected %d", meta.Get(keySchema), version)
	}
	for _, k := range []*kind{kindInfo, kindSettings} {
		if raw, ok := c.open(k.fixedKey, meta.Get(k.fixedKey), "the "+k.noun); ok {
			if _, err := decodeKind(k, raw); err != nil {
				c.bad("the %s cannot be read: %v", k.noun, err)
			}
		}
	}
	marks := map[string]uint64{}
	for _, key := range [][]byte{keyCursor, keyBase} {
		if raw, ok := c.open(key, meta.Get(key), "the history "+string(key)); ok {
			if len(raw) != 8 {
				c.bad("the history %s is not a position in the history", key)
				continue
			}
			marks[string(key)] = btoi(raw)
		}
	}

	kinds := recordKinds
	if version >= 2 {
		kinds = idKinds()
	}
	var maxID model.ID
	for _, k := range kinds {
		b := tx.Bucket(k.bucket)
		if b == nil {
			c.bad("the %s records are missing", k.noun)
			continue
		}
		cur := b.Cursor()
		for key, stored := cur.First(); key != nil; key, stored = cur.Next() {
			what := k.what(model.ID(btoi(key)))
			if stored == nil {
				c.bad("%s is a bucket, not a record", what)
				continue
			}
			raw, ok := c.open(key, stored, what)
			if !ok {
				continue
			}
			id, err := decodeKind(k, raw)
			if err != nil {
				c.bad("%s cannot be read: %v", what, err)
				continue
			}
			if len(key) != 8 || uint64(id) != btoi(key) {
				c.bad("%s says it is %d: it is stored under the wrong key", what, id)
			}
			maxID = max(maxID, id, model.ID(btoi(key)))
		}
	}
	if version >= 5 {
		c.monitoring(&maxID)
	}
	if ids := tx.Bucket(bucketIDs); ids == nil {
		c.bad("the ID sequence is missing")
	} else if uint64(maxID) > ids.Sequence() {
		c.bad("the ID sequence (%d) is below the highest ID (%d): a new record would overwrite one", ids.Sequence(), maxID)
	}

	h := tx.Bucket(bucketHistory)
	if h == nil {
		c.bad("the history is missing")
		return c.errs
	}
	var maxSeq uint64
	cur := h.Cursor()
	for key, stored := cur.First(); key != nil; key, stored = cur.Next() {
		seq := btoi(key)
		what := fmt.Sprintf("history entry %d", seq)
		raw, ok := c.open(key, stored, what)
		if !ok {
			continue
		}
		maxSeq = max(maxSeq, seq)
		if version < 4 {
			var e Entry
			if err := strictJSON(raw, &e); err != nil {
				c.bad("%s cannot be read: %v", what, err)
				continue
			}
			if len(key) != 8 || e.Seq != seq {
				c.bad("%s says it is entry %d: it is stored under the wrong key", what, e.Seq)
			}
			c.changes(what, e.Changes, version)
			continue
		}
		var e summaryJSON
		if err := strictJSON(raw, &e); err != nil {
			c.bad("%s cannot be read: %v", what, err)
		} else if len(key) != 8 || e.Seq != seq {
			c.bad("%s says it is entry %d: it is stored under the wrong key", what, e.Seq)
		}
	}
	if version >= 4 {
		c.payloads(h, marks, version)
	}
	if maxSeq > h.Sequence() {
		c.bad("the history sequence (%d) is below the newest entry (%d)", h.Sequence(), maxSeq)
	}
	for _, key := range [][]byte{keyCursor, keyBase} {
		if seq, ok := marks[string(key)]; ok && h.Get(itob(seq)) == nil {
			c.bad("the history %s (%d) points at no entry", key, seq)
		}
	}
	if cursor, ok := marks["cursor"]; ok && cursor < marks["base"] {
		c.bad("the history cursor is before the plan was created")
	}
	return c.errs
}

// changes checks the records an entry holds before and after.
func (c *checker) changes(what string, changes []Change, version int) {
	for i, ch := range changes {
		k, ok := kindOf(ch)
		if !ok || (k == kindScenarios && version < 2) || (k.year != 0 && version < 5) {
			c.bad("%s, change %d: it names no kind of record csplan keeps", what, i+1)
			continue
		}
		for _, v := range []struct {
			side string
			raw  []byte
		}{{"before", ch.Before}, {"after", ch.After}} {
			if isNull(v.raw) {
				continue
			}
			id, err := decodeKind(k, v.raw)
			if err != nil {
				c.bad("%s, change %d (%s, %s): it cannot be read: %v", what, i+1, k.what(ch.ID), v.side, err)
			} else if k.fixedKey == nil && id != ch.ID {
				c.bad("%s, change %d (%s, %s): it holds %s %d", what, i+1, k.what(ch.ID), v.side, k.noun, id)
			}
		}
	}
}

// payloads checks the undo bucket (schema 4): every payload reads, with
// the records it holds, and belongs to an entry; every entry from the
// undo-from mark on has one; the undo-history setting is a number.
func (c *checker) payloads(h *bbolt.Bucket, marks map[string]uint64, version int) {
	meta := c.tx.Bucket(bucketMeta)
	var from uint64
	if stored := meta.Get(keyUndoFrom); stored != nil {
		if raw, ok := c.open(keyUndoFrom, stored, "the history undo-from mark"); ok {
			if len(raw) != 8 {
				c.bad("the history undo-from mark is not a position in the history")
			} else {
				from = btoi(raw)
			}
		}
	}
	if stored := meta.Get(keyUndoKeep); stored != nil {
		if raw, ok := c.open(keyUndoKeep, stored, "the undo-history setting"); ok {
			if n, err := strconv.Atoi(string(raw)); err != nil || n < 1 {
				c.bad("the undo-history setting is not a number of changes")
			}
		}
	}
	u := c.tx.Bucket(bucketUndo)
	if u == nil {
		c.bad("the undo records are missing")
		return
	}
	cur := u.Cursor()
	for key, stored := cur.First(); key != nil; key, stored = cur.Next() {
		seq := btoi(key)
		what := fmt.Sprintf("the undo record of history entry %d", seq)
		if h.Get(key) == nil {
			c.bad("%s belongs to no entry", what)
		}
		if version >= 5 {
			// Each payload in a bucket of its own (putPayload).
			b := u.Bucket(key)
			if b == nil {
				c.bad("%s is not kept as csplan keeps it (in a bucket of its own)", what)
				continue
			}
			stored = b.Get(keyPayload)
		} else if stored == nil {
			c.bad("%s is a bucket, not a record", what)
			continue
		}
		raw, ok := c.open(key, stored, what)
		if !ok {
			continue
		}
		var cs []Change
		if err := strictJSON(raw, &cs); err != nil {
			c.bad("%s cannot be read: %v", what, err)
			continue
		}
		c.changes(what, cs, SchemaVersion)
	}
	hc := h.Cursor()
	for key, _ := hc.Seek(itob(max(from, marks["base"]+1))); key != nil; key, _ = hc.Next() {
		if u.Get(key) == nil && u.Bucket(key) == nil {
			c.bad("history entry %d has lost its undo record: it cannot be undone", btoi(key))
		}
	}
}

type checker struct {
	tx     *bbolt.Tx
	sealed bool
	errs   []error
}

func (c *checker) bad(format string, a ...any) { c.errs = append(c.errs, fmt.Errorf(format, a...)) }

// open returns a stored value without its seal (as it is, before schema
// 3), reporting a missing value or a seal that does not match.
func (c *checker) open(key, stored []byte, what string) ([]byte, bool) {
	if stored == nil {
		c.bad("%s is missing", what)
		return nil, false
	}
	if !c.sealed {
		return stored, true
	}
	v, ok := unseal(key, stored)
	if !ok {
		c.bad("%s is damaged: its checksum does not match what was written", what)
	}
	return v, ok
}

// decodeKind decodes a record of kind k strictly and returns its ID (0 for
// the plan details and settings). A scenario must also be one csplan would
// save.
func decodeKind(k *kind, raw []byte) (model.ID, error) {
	if k.year != 0 {
		switch k.name {
		case kindNameActual:
			return strictID(raw, func(v *model.Actual) model.ID { return v.ID })
		case kindNameMonitoring:
			var v model.Monitoring
			return 0, strictJSON(raw, &v)
		case kindNameReturn:
			var v model.SubmittedReturn
			return 0, strictJSON(raw, &v)
		}
	}
	switch k {
	case kindInfo:
		var v model.Info
		return 0, strictJSON(raw, &v)
	case kindSettings:
		var v model.Settings
		return 0, strictJSON(raw, &v)
	case kindFunding:
		return strictID(raw, func(v *model.FundingSource) model.ID { return v.ID })
	case kindPriorities:
		return strictID(raw, func(v *model.Priority) model.ID { return v.ID })
	case kindTags:
		return strictID(raw, func(v *model.Tag) model.ID { return v.ID })
	case kindLines:
		return strictID(raw, func(v *model.Line) model.ID { return v.ID })
	case kindPosts:
		return strictID(raw, func(v *model.Post) model.ID { return v.ID })
	case kindScenarios:
		var v model.Scenario
		if err := strictJSON(raw, &v); err != nil {
			return 0, err
		}
		if v.Validate() != nil {
			// Validate's words can quote an amount: say only that it fails.
			return v.ID, fmt.Errorf("it is not a scenario csplan would save")
		}
		return v.ID, nil
	}
	return 0, fmt.Errorf("csplan has no rule for %s records", k.noun)
}

func strictID[T any](raw []byte, id func(*T) model.ID) (model.ID, error) {
	var v T
	if err := strictJSON(raw, &v); err != nil {
		return 0, err
	}
	return id(&v), nil
}
