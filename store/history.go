package store

import (
	"encoding/json"
	"fmt"

	"go.etcd.io/bbolt"
)

// The history is a list of entries keyed by seq, oldest first, and a cursor
// in the meta bucket: the seq of the newest entry that is in effect. Entries
// after the cursor have been undone; those not marked Replaced can be
// redone. A new change after an undo marks the undone entries Replaced
// rather than deleting them, so the history keeps every change made; undo
// and redo step over them. The entry at "base" created the plan and is
// never undone. Keeping the cursor in the file is what lets undo and redo
// carry on after csplan is closed and reopened.

func readCursor(tx *bbolt.Tx) (uint64, error) {
	return readMark(tx, keyCursor)
}

// readMark reads the history cursor or base from the meta bucket.
func readMark(tx *bbolt.Tx, key []byte) (uint64, error) {
	raw, err := getSealed(tx.Bucket(bucketMeta), key, "the history "+string(key))
	if err != nil {
		return 0, err
	}
	if len(raw) != 8 {
		return 0, fmt.Errorf("%w: the history %s is missing", ErrNotPlanFile, key)
	}
	return btoi(raw), nil
}

// putMark sets the history cursor or base.
func putMark(tx *bbolt.Tx, key []byte, seq uint64) error {
	return putSealed(tx.Bucket(bucketMeta), key, itob(seq))
}

// replaceAfter marks the undone entries after the cursor Replaced: a new
// change has overtaken them, so they are kept but never redone. Keys are
// gathered first because writing under a bbolt cursor can skip keys.
func replaceAfter(tx *bbolt.Tx, cursor uint64) error {
	h := tx.Bucket(bucketHistory)
	var keys [][]byte
	c := h.Cursor()
	for k, _ := c.Seek(itob(cursor + 1)); k != nil; k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		e, err := readEntry(h, btoi(k))
		if err != nil {
			return err
		}
		if e.Replaced {
			continue
		}
		e.Replaced, e.Undone = true, false // Undone is worked out when read
		raw, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if err := putSealed(h, k, raw); err != nil {
			return err
		}
	}
	return nil
}

func readEntry(h *bbolt.Bucket, seq uint64) (Entry, error) {
	raw := h.Get(itob(seq))
	if raw == nil {
		return Entry{}, fmt.Errorf("%w: history entry %d is missing", ErrNotPlanFile, seq)
	}
	return decodeEntry(itob(seq), raw)
}

// decodeEntry opens a stored history entry's seal and decodes it strictly.
// The error names the entry, never its content.
func decodeEntry(key, raw []byte) (Entry, error) {
	var e Entry
	what := fmt.Sprintf("history entry %d", btoi(key))
	value, ok := unseal(key, raw)
	if !ok {
		return e, damaged(what)
	}
	if err := strictJSON(value, &e); err != nil {
		return e, fmt.Errorf("%s cannot be read: %w: %w; run csplan check", what, ErrDamaged, err)
	}
	if e.Seq != btoi(key) {
		return e, fmt.Errorf("%s: %w: it says it is entry %d", what, ErrDamaged, e.Seq)
	}
	return e, nil
}

// Undo reverts the newest change still in effect: each record goes back to
// its Before, in one transaction, and the cursor moves back past the entry.
// The entry that created the plan cannot be undone.
func (s *DB) Undo() (Entry, error) {
	var e Entry
	err := s.write(func(tx *bbolt.Tx) error {
		h := tx.Bucket(bucketHistory)
		cursor, err := readCursor(tx)
		if err != nil {
			return err
		}
		base, err := readMark(tx, keyBase)
		if err != nil {
			return err
		}
		if cursor <= base {
			return ErrNothingToUndo
		}
		if e, err = readEntry(h, cursor); err != nil {
			return err
		}
		t := newTxn(tx)
		for i := len(e.Changes) - 1; i >= 0; i-- {
			c := e.Changes[i]
			if err := t.apply(c.Kind, c.ID, c.After, c.Before); err != nil {
				return err
			}
		}
		// Back to the newest entry before it still in effect, over any
		// that were replaced.
		c := h.Cursor()
		c.Seek(itob(cursor))
		prev, raw := c.Prev()
		for ; prev != nil; prev, raw = c.Prev() {
			p, err := decodeEntry(prev, raw)
			if err != nil {
				return err
			}
			if !p.Replaced {
				break
			}
		}
		if prev == nil {
			return fmt.Errorf("%w: the history has no entry before %d", ErrNotPlanFile, cursor)
		}
		e.Undone = true
		return putMark(tx, keyCursor, btoi(prev))
	})
	if err != nil {
		return Entry{}, err
	}
	return e, nil
}

// Redo applies again the oldest undone change: each record goes to its
// After, in one transaction, and the cursor moves forward to the entry.
func (s *DB) Redo() (Entry, error) {
	var e Entry
	err := s.write(func(tx *bbolt.Tx) error {
		h := tx.Bucket(bucketHistory)
		cursor, err := readCursor(tx)
		if err != nil {
			return err
		}
		// The oldest undone entry that was not replaced by a newer change.
		c := h.Cursor()
		next, raw := c.Seek(itob(cursor + 1))
		for ; next != nil; next, raw = c.Next() {
			n, err := decodeEntry(next, raw)
			if err != nil {
				return err
			}
			if !n.Replaced {
				e = n
				break
			}
		}
		if next == nil {
			return ErrNothingToRedo
		}
		seq := btoi(next)
		t := newTxn(tx)
		for _, c := range e.Changes {
			if err := t.apply(c.Kind, c.ID, c.Before, c.After); err != nil {
				return err
			}
		}
		e.Undone = false
		return putMark(tx, keyCursor, seq)
	})
	if err != nil {
		return Entry{}, err
	}
	return e, nil
}

// History returns up to limit entries, newest first (limit <= 0: all),
// with Undone set on those after the cursor and on those replaced.
func (s *DB) History(limit int) ([]Entry, error) {
	var out []Entry
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		out, err = readHistory(tx, limit)
		return err
	})
	return out, err
}

// readHistory is History inside a transaction.
func readHistory(tx *bbolt.Tx, limit int) ([]Entry, error) {
	cursor, err := readCursor(tx)
	if err != nil {
		return nil, err
	}
	var out []Entry
	c := tx.Bucket(bucketHistory).Cursor()
	for k, raw := c.Last(); k != nil; k, raw = c.Prev() {
		if limit > 0 && len(out) >= limit {
			break
		}
		e, err := decodeEntry(k, raw)
		if err != nil {
			return nil, err
		}
		e.Undone = e.Seq > cursor || e.Replaced
		out = append(out, e)
	}
	return out, nil
}
