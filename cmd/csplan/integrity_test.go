package main

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"
)

// joinHistory puts each unsealed history summary and its undo record back
// together as one entry, as schemas 1 to 3 kept them, and drops the undo
// bucket (schema 4).
func joinHistory(tx *bbolt.Tx) error {
	h, u := tx.Bucket([]byte("history")), tx.Bucket([]byte("undo"))
	type kv struct{ k, v []byte }
	var all []kv
	err := h.ForEach(func(k, v []byte) error {
		var e map[string]any
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		e["undone"] = false
		e["changes"] = json.RawMessage(u.Get(k))
		raw, err := json.Marshal(e)
		all = append(all, kv{append([]byte(nil), k...), raw})
		return err
	})
	if err != nil {
		return err
	}
	for _, r := range all {
		if err := h.Put(r.k, r.v); err != nil {
			return err
		}
	}
	return tx.DeleteBucket([]byte("undo"))
}

// downgradeToSchema2 rewrites a plan file as csplan schema 2 wrote it:
// every value without its nine-byte seal (store/seal.go), each history
// entry whole (summary and undo record together), schema "2".
func downgradeToSchema2(t *testing.T, path string) {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bbolt.Tx) error {
		err := tx.ForEach(func(name []byte, bk *bbolt.Bucket) error {
			type kv struct{ k, v []byte }
			var all []kv
			err := bk.ForEach(func(k, v []byte) error {
				if v == nil || (string(name) == "meta" && (string(k) == "app" || string(k) == "schema")) {
					return nil
				}
				all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), v[9:]...)})
				return nil
			})
			if err != nil {
				return err
			}
			for _, r := range all {
				if err := bk.Put(r.k, r.v); err != nil {
					return err
				}
			}
			if string(name) == "meta" {
				return bk.Put([]byte("schema"), []byte("2"))
			}
			return nil
		})
		if err != nil {
			return err
		}
		return joinHistory(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func dirState(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(e.Name()))
		h.Write(b)
	}
	return [32]byte(h.Sum(nil))
}

// TestCheckNeverWrites: csplan check on a sound file from an older csplan
// says it would be upgraded and leaves the file and its folder as they
// were; a damaged older file is refused by every command before anything
// is written, backup included.
func TestCheckNeverWrites(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "plan.db")
	if out, errOut, code := csplan(t, "--db", db, "init"); code != 0 {
		t.Fatalf("init: %d %s%s", code, out, errOut)
	}
	downgradeToSchema2(t, db)
	before := dirState(t, dir)
	out, errOut, code := csplan(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "older csplan (schema 2)") || !strings.Contains(out, "the file is sound") {
		t.Errorf("check of a schema-2 file: exit %d\n%s%s", code, out, errOut)
	}
	if dirState(t, dir) != before {
		t.Fatal("check wrote to the file or its folder")
	}

	// Damaged: a line's JSON cut short. Every command refuses it unwritten.
	b, err := bbolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bbolt.Tx) error {
		bk := tx.Bucket([]byte("lines"))
		k, v := bk.Cursor().First()
		return bk.Put(append([]byte(nil), k...), append([]byte(nil), v[:len(v)/2]...))
	})
	_ = b.Close()
	if err != nil {
		t.Fatal(err)
	}
	before = dirState(t, dir)
	for _, args := range [][]string{{"check"}, {"totals"}, {"undo"}} {
		out, errOut, code := csplan(t, append([]string{"--db", db}, args...)...)
		if code == 0 || !strings.Contains(out+errOut, "damaged") {
			t.Errorf("csplan %v on a damaged schema-2 file: exit %d\n%s%s", args, code, out, errOut)
		}
		if dirState(t, dir) != before {
			t.Fatalf("csplan %v wrote to a damaged file or its folder (a backup?)", args)
		}
	}
}
