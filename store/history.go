package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.etcd.io/bbolt"
)

// The history (schema 4) is two buckets keyed by seq, oldest first: the
// summaries (who, when, what: bucketHistory) and the payloads undo and redo
// need (every record before and after: bucketUndo). Listing the history
// reads summaries only, so it costs the same whatever the changes held,
// and a damaged payload stops only the undo that needs it.
//
// A cursor in the meta bucket is the seq of the newest entry that is in
// effect. Entries after the cursor have been undone; those not marked
// Replaced can be redone. A new change after an undo marks the undone
// entries Replaced rather than deleting them, so the history keeps every
// change made; undo and redo step over them. The entry at "base" created
// the plan and is never undone. Keeping the cursor
// in the file is what lets undo and redo carry on after csplan is closed
// and reopened.
//
// Summaries are kept for ever. Payloads are kept from the meta mark
// "undo-from" on (missing: all of them): csplan compact drops the older
// ones, keeping those of the newest "undo-keep" entries (DefaultUndoKeep
// unless set), and raises the mark. An entry below the mark is listed but
// can no longer be undone.

// DefaultUndoKeep is how many of the newest changes keep what undo needs
// when csplan compact has not been told otherwise.
const DefaultUndoKeep = 1000

// ErrUndoDropped: the change's undo record was dropped by csplan compact.
var ErrUndoDropped = errors.New("csplan compact has dropped what undo needs for it")

// summaryJSON is an entry as stored in the summaries bucket. Undone is not
// stored: it is worked out from the cursor.
type summaryJSON struct {
	Seq      uint64    `json:"seq"`
	Time     time.Time `json:"time"`
	User     string    `json:"user"`
	Summary  string    `json:"summary"`
	Replaced bool      `json:"replaced,omitempty"`
}

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

// readUndoFrom is the seq of the oldest entry whose payload is kept (0:
// all are).
func readUndoFrom(tx *bbolt.Tx) (uint64, error) {
	raw, err := getSealed(tx.Bucket(bucketMeta), keyUndoFrom, "the history "+string(keyUndoFrom))
	if err != nil || raw == nil {
		return 0, err
	}
	if len(raw) != 8 {
		return 0, fmt.Errorf("%w: the history %s is not a position in the history", ErrDamaged, keyUndoFrom)
	}
	return btoi(raw), nil
}

// readUndoKeep is how many of the newest entries keep their payloads when
// the file is compacted: the stored setting, else DefaultUndoKeep.
func readUndoKeep(tx *bbolt.Tx) (int, error) {
	raw, err := getSealed(tx.Bucket(bucketMeta), keyUndoKeep, "the undo-history setting")
	if err != nil || raw == nil {
		return DefaultUndoKeep, err
	}
	n, err := strconv.Atoi(string(raw))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w: the undo-history setting is not a number of changes", ErrDamaged)
	}
	return n, nil
}

// replaceAfter marks the undone entries after the cursor Replaced: a new
// change has overtaken them, so they are kept but never redone. Only the
// summaries change; keys are gathered first because writing under a bbolt
// cursor can skip keys.
func replaceAfter(tx *bbolt.Tx, cursor uint64) error {
	h := tx.Bucket(bucketHistory)
	var keys [][]byte
	c := h.Cursor()
	for k, _ := c.Seek(itob(cursor + 1)); k != nil; k, _ = c.Next() {
		keys = append(keys, append([]byte(nil), k...))
	}
	for _, k := range keys {
		e, err := decodeSummary(k, h.Get(k))
		if err != nil {
			return err
		}
		if e.Replaced {
			continue
		}
		sum, err := json.Marshal(summaryJSON{Seq: e.Seq, Time: e.Time, User: e.User, Summary: e.Summary, Replaced: true})
		if err != nil {
			return err
		}
		if err := putSealed(h, k, sum); err != nil {
			return err
		}
	}
	return nil
}

// readEntry reads entry seq with the payload undo and redo need. An entry
// whose payload compact dropped gives ErrUndoDropped.
func readEntry(tx *bbolt.Tx, seq uint64) (Entry, error) {
	raw := tx.Bucket(bucketHistory).Get(itob(seq))
	if raw == nil {
		return Entry{}, fmt.Errorf("%w: history entry %d is missing", ErrNotPlanFile, seq)
	}
	e, err := decodeSummary(itob(seq), raw)
	if err != nil {
		return e, err
	}
	from, err := readUndoFrom(tx)
	if err != nil {
		return e, err
	}
	if seq < from {
		return e, fmt.Errorf("%q: %w; its summary stays in the history", e.Summary, ErrUndoDropped)
	}
	stored := getPayload(tx.Bucket(bucketUndo), itob(seq))
	if stored == nil {
		return e, fmt.Errorf("%w: the undo record of history entry %d is missing; run csplan check", ErrDamaged, seq)
	}
	if e.Changes, err = decodePayload(itob(seq), stored); err != nil {
		return e, err
	}
	return e, nil
}

// decodeSummary opens a stored history summary's seal and decodes it
// strictly. The error names the entry, never its content.
func decodeSummary(key, raw []byte) (Entry, error) {
	what := fmt.Sprintf("history entry %d", btoi(key))
	value, ok := unseal(key, raw)
	if !ok {
		return Entry{}, damaged(what)
	}
	var s summaryJSON
	if err := strictJSON(value, &s); err != nil {
		return Entry{}, fmt.Errorf("%s cannot be read: %w: %w; run csplan check", what, ErrDamaged, err)
	}
	if s.Seq != btoi(key) {
		return Entry{}, fmt.Errorf("%s: %w: it says it is entry %d", what, ErrDamaged, s.Seq)
	}
	return Entry{Seq: s.Seq, Time: s.Time, User: s.User, Summary: s.Summary, Replaced: s.Replaced}, nil
}

// decodePayload opens a stored undo record (the changes of one entry).
func decodePayload(key, raw []byte) ([]Change, error) {
	what := fmt.Sprintf("the undo record of history entry %d", btoi(key))
	value, ok := unseal(key, raw)
	if !ok {
		return nil, damaged(what)
	}
	var cs []Change
	if err := strictJSON(value, &cs); err != nil {
		return nil, fmt.Errorf("%s cannot be read: %w: %w; run csplan check", what, ErrDamaged, err)
	}
	return cs, nil
}

// putEntry stores an entry's summary and payload under its seq.
func putEntry(tx *bbolt.Tx, e Entry) error {
	key := itob(e.Seq)
	sum, err := json.Marshal(summaryJSON{Seq: e.Seq, Time: e.Time, User: e.User, Summary: e.Summary, Replaced: e.Replaced})
	if err != nil {
		return err
	}
	changes := e.Changes
	if changes == nil {
		changes = []Change{}
	}
	payload, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	if err := putSealed(tx.Bucket(bucketHistory), key, sum); err != nil {
		return err
	}
	return putPayload(tx.Bucket(bucketUndo), key, payload)
}

// keyPayload is the one key of an entry's bucket in the undo bucket.
var keyPayload = []byte("p")

// putPayload stores an entry's undo payload in a bucket of its own under
// the entry's seq (schema 5). A value kept directly in the undo bucket sits
// in a leaf page with its neighbours, and bbolt rewrites that page, value
// and all, whenever the next entry is added beside it: a 2 MB import's
// payload was copied once more by the next change, growing the file by a
// quarter. A bucket's own pages are never rewritten by its neighbours. The
// seal binds the payload to its seq, as before.
func putPayload(u *bbolt.Bucket, key, payload []byte) error {
	if u.Get(key) != nil || u.Bucket(key) != nil {
		if err := deletePayload(u, key); err != nil {
			return err
		}
	}
	b, err := u.CreateBucket(key)
	if err != nil {
		return err
	}
	return b.Put(keyPayload, seal(key, payload))
}

// getPayload returns an entry's stored (sealed) payload, or nil.
func getPayload(u *bbolt.Bucket, key []byte) []byte {
	if b := u.Bucket(key); b != nil {
		return b.Get(keyPayload)
	}
	return nil
}

// deletePayload removes an entry's payload.
func deletePayload(u *bbolt.Bucket, key []byte) error {
	if u.Bucket(key) != nil {
		return u.DeleteBucket(key)
	}
	return u.Delete(key)
}

// Undo reverts the newest change still in effect: each record goes back to
// its Before, in one transaction, and the cursor moves back past the entry.
// The entry that created the plan cannot be undone, nor one whose payload
// compact dropped (ErrUndoDropped).
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
		if e, err = readEntry(tx, cursor); err != nil {
			if errors.Is(err, ErrUndoDropped) {
				return fmt.Errorf("cannot undo %w", err)
			}
			return err
		}
		t := newTxn(tx)
		for i := len(e.Changes) - 1; i >= 0; i-- {
			c := e.Changes[i]
			if err := t.apply(c, c.After, c.Before); err != nil {
				return err
			}
		}
		// Back to the newest entry before it still in effect, over any
		// that were replaced.
		c := h.Cursor()
		c.Seek(itob(cursor))
		prev, raw := c.Prev()
		for ; prev != nil; prev, raw = c.Prev() {
			p, err := decodeSummary(prev, raw)
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
		s.logCommit(tx, t.written)
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
			n, err := decodeSummary(next, raw)
			if err != nil {
				return err
			}
			if !n.Replaced {
				break
			}
		}
		if next == nil {
			return ErrNothingToRedo
		}
		seq := btoi(next)
		if e, err = readEntry(tx, seq); err != nil {
			if errors.Is(err, ErrUndoDropped) {
				return fmt.Errorf("cannot redo %w", err)
			}
			return err
		}
		t := newTxn(tx)
		for _, c := range e.Changes {
			if err := t.apply(c, c.Before, c.After); err != nil {
				return err
			}
		}
		e.Undone = false
		s.logCommit(tx, t.written)
		return putMark(tx, keyCursor, seq)
	})
	if err != nil {
		return Entry{}, err
	}
	return e, nil
}

// History returns up to limit entries, newest first (limit <= 0: all),
// with Undone set on those after the cursor and on those replaced. It reads
// the summaries only:
// the entries carry no Changes.
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
	base, err := readMark(tx, keyBase)
	if err != nil {
		return nil, err
	}
	from, err := readUndoFrom(tx)
	if err != nil {
		return nil, err
	}
	var out []Entry
	c := tx.Bucket(bucketHistory).Cursor()
	for k, raw := c.Last(); k != nil; k, raw = c.Prev() {
		if limit > 0 && len(out) >= limit {
			break
		}
		e, err := decodeSummary(k, raw)
		if err != nil {
			return nil, err
		}
		e.Undone = e.Seq > cursor || e.Replaced
		e.UndoDropped = e.Seq < from && e.Seq > base
		out = append(out, e)
	}
	return out, nil
}
