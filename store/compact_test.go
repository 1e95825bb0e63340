package store

import (
	"encoding/json"
	"fmt"
	"testing"

	"go.etcd.io/bbolt"
)

// joinHistory turns a schema-4 history (summaries and payloads apart) back
// into schema 3's, one sealed whole entry per seq and no undo bucket: the
// file as csplan schema 3 wrote it.
func joinHistory(tx *bbolt.Tx) error {
	h, u := tx.Bucket(bucketHistory), tx.Bucket(bucketUndo)
	if u == nil {
		return fmt.Errorf("no undo bucket")
	}
	var all []Entry
	c := h.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		e, err := decodeSummary(k, v)
		if err != nil {
			return err
		}
		if e.Changes, err = decodePayload(k, u.Get(k)); err != nil {
			return err
		}
		all = append(all, e)
	}
	for _, e := range all {
		raw, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if err := putSealed(h, itob(e.Seq), raw); err != nil {
			return err
		}
	}
	return tx.DeleteBucket(bucketUndo)
}

// payloadOf reads the changes stored for undo of entry seq.
func payloadOf(t *testing.T, db *DB, seq uint64) []Change {
	t.Helper()
	var cs []Change
	err := db.view(func(tx *bbolt.Tx) error {
		e, err := readEntry(tx, seq)
		cs = e.Changes
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}
