package store

import (
	"bytes"
	"encoding/binary"
	"errors"
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

// TestBucketLookupFaultIsRefused damages where the first key on the root
// page ("funding") starts, so that looking a bucket up reads far past the
// end of the file. The open's own look at the meta bucket never reads that
// key, but the check that every bucket is there does: it used to crash
// csplan with a memory fault (found by fuzzing store.Open). Now the file is
// refused as damaged, unchanged, and left unlocked.
func TestBucketLookupFaultIsRefused(t *testing.T) {
	db, path := newTestDB(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	real, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	meta := real[:4096]
	if binary.NativeEndian.Uint64(real[4096+metaTxidAt:]) > binary.NativeEndian.Uint64(meta[metaTxidAt:]) {
		meta = real[4096:8192]
	}
	root := int(binary.NativeEndian.Uint64(meta[metaRootAt:]))
	p := real[root*4096 : (root+1)*4096]
	first := pageHeaderSize
	pos, ksize := binary.NativeEndian.Uint32(p[first+4:]), binary.NativeEndian.Uint32(p[first+8:])
	if binary.NativeEndian.Uint16(p[8:]) != leafPage || string(p[first+int(pos):first+int(pos+ksize)]) != "funding" {
		t.Fatalf("the root page %d is not a leaf starting with the funding bucket", root)
	}
	damaged := append([]byte(nil), real...)
	binary.NativeEndian.PutUint32(damaged[root*4096+first+4:], 0x7FFF0000) // where its key starts
	bad := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(bad, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{true, false} {
		opts := testOptions()
		opts.ReadOnly = ro
		db, err := Open(bad, opts)
		if err == nil {
			_ = db.Close()
			t.Fatalf("read-only %v: a file whose funding key is damaged was opened", ro)
		}
		if !errors.Is(err, ErrNotPlanFile) || !strings.Contains(err.Error(), "damaged") {
			t.Errorf("read-only %v: %v, want ErrNotPlanFile saying damaged", ro, err)
		}
		if got, _ := os.ReadFile(bad); !bytes.Equal(got, damaged) {
			t.Fatal("the refused file was changed")
		}
		bo, err := bbolt.Open(bad, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
		if err != nil {
			t.Fatalf("read-only %v: the refused file is still locked: %v", ro, err)
		}
		_ = bo.Close()
	}
}

// TestRefusedAtOpenIsNotLeftLocked damages the freelist's count so that
// bbolt faults while opening the file for editing, after it has locked the
// file and mapped it. The file must be refused and not stay locked: the
// map left behind keeps the file open, so closing it did not let go.
func TestRefusedAtOpenIsNotLeftLocked(t *testing.T) {
	real, _ := planBytes(t)
	meta := real[:4096]
	if binary.NativeEndian.Uint64(real[4096+metaTxidAt:]) > binary.NativeEndian.Uint64(meta[metaTxidAt:]) {
		meta = real[4096:8192]
	}
	fl := int(binary.NativeEndian.Uint64(meta[metaFreelistAt:])) * 4096
	damaged := append([]byte(nil), real...)
	binary.NativeEndian.PutUint16(damaged[fl+pageCountAt:], 0xFFFF)
	binary.NativeEndian.PutUint64(damaged[fl+pageHeaderSize:], 1<<28)
	path := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, testOptions())
	if err == nil {
		_ = db.Close()
		t.Fatal("a file with a damaged freelist was opened for editing")
	}
	if !errors.Is(err, ErrNotPlanFile) {
		t.Errorf("%v, want ErrNotPlanFile", err)
	}
	bo, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("the refused file is still locked: %v", err)
	}
	_ = bo.Close()
}
