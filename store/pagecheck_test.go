package store

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// setOverflow writes a page's overflow count into a copy of a plan file.
func setOverflow(t *testing.T, b []byte, page int, n uint32) string {
	t.Helper()
	c := append([]byte(nil), b...)
	binary.NativeEndian.PutUint32(c[page*4096+pageOverflowAt:], n)
	path := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(path, c, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCheckSurvivesDamagedPageSpans damages the overflow count of the
// freelist page and of a leaf page. Before checkPageSpans, the first made
// Check loop for ever and the second fill memory for half a minute (found
// by FuzzOpen: testdata/fuzz/FuzzOpen/68cf779ee363b08b). Now Check must
// say the file is damaged, at once, whether opened read-only or not.
func TestCheckSurvivesDamagedPageSpans(t *testing.T) {
	real, hwm := planBytes(t)
	// The meta page in use is the one with the higher transaction ID.
	meta := real[:4096]
	if binary.NativeEndian.Uint64(real[4096+metaTxidAt:]) > binary.NativeEndian.Uint64(meta[metaTxidAt:]) {
		meta = real[4096:8192]
	}
	freelist := int(binary.NativeEndian.Uint64(meta[metaFreelistAt:]))
	// A leaf page in use: one that names itself and that bbolt calls a leaf.
	leaf := 0
	path := filepath.Join(t.TempDir(), "real.db")
	if err := os.WriteFile(path, real, 0o600); err != nil {
		t.Fatal(err)
	}
	bo, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = bo.View(func(tx *bbolt.Tx) error {
		for i := 2; i < hwm/4096 && leaf == 0; i++ {
			if info, _ := tx.Page(i); info != nil && info.Type == "leaf" && binary.NativeEndian.Uint64(real[i*4096:]) == uint64(i) {
				leaf = i
			}
		}
		return nil
	})
	_ = bo.Close()
	if leaf == 0 || freelist < 2 || freelist >= hwm/4096 {
		t.Fatalf("no leaf page (%d) or freelist page (%d) found", leaf, freelist)
	}
	cases := map[string]string{
		"freelist overflow 2^32-1": setOverflow(t, real, freelist, ^uint32(0)),
		"leaf overflow 50 million": setOverflow(t, real, leaf, 50_000_000),
	}
	for name, path := range cases {
		for _, ro := range []bool{true, false} {
			opts := testOptions()
			opts.ReadOnly = ro
			db, err := Open(path, opts)
			if err != nil {
				// Refusing at open is as good: the officer is told.
				t.Logf("%s (read-only %v): refused at open: %v", name, ro, err)
				continue
			}
			done := make(chan error, 1)
			go func() { done <- db.Check() }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), "damaged") {
					t.Errorf("%s (read-only %v): Check = %v, want it damaged", name, ro, err)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("%s (read-only %v): Check did not finish", name, ro)
			}
			_ = db.Close()
		}
	}
}
