//go:build unix

package store

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// panicOf runs fn and returns what it panicked with, or nil.
func panicOf(fn func()) (r any) {
	defer func() { r = recover() }()
	fn()
	return nil
}

// A bug in csplan inside a transaction is a panic, not "the plan file is
// damaged": the guard and faultSafe let it go on up, unchanged.
func TestGuardLetsBugsPanic(t *testing.T) {
	db, path := newTestDB(t)
	bug := errors.New("a bug in csplan")
	var nilPlan *struct{ n int }
	for name, fn := range map[string]func() error{
		"panic":              func() error { panic(bug) },
		"nil pointer":        func() error { return errors.New(string(rune(nilPlan.n))) },
		"index out of range": func() error { var a []int; i := 3; return errors.New(string(rune(a[i]))) },
	} {
		for _, run := range []struct {
			via string
			do  func() error
		}{{"guard", func() error { return db.guard(fn) }}, {"faultSafe", func() error { return faultSafe(path, fn) }}} {
			var err error
			r := panicOf(func() { err = run.do() })
			if r == nil {
				t.Errorf("%s via %s: no panic, returned %v", name, run.via, err)
			}
			if name == "panic" && r != any(bug) {
				t.Errorf("%s via %s: panicked with %v, want the bug itself", name, run.via, r)
			}
		}
	}
}

// A fault on a memory map, as bbolt meets on a file cut short after it was
// mapped, is turned into an error that says the file is damaged.
func TestGuardTurnsAMapFaultIntoAnError(t *testing.T) {
	db, path := newTestDB(t)
	page := os.Getpagesize()
	short := filepath.Join(t.TempDir(), "short")
	if err := os.WriteFile(short, make([]byte, page), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(short)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Two pages mapped over a one-page file: reading the second faults.
	mem, err := syscall.Mmap(int(f.Fd()), 0, 2*page, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Skipf("cannot map the file: %v", err)
	}
	defer func() { _ = syscall.Munmap(mem) }()
	var sink byte
	read := func() error { sink += mem[page+1]; return nil }
	if err := db.guard(read); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("guard: %v, want the file damaged", err)
	}
	if err := faultSafe(path, read); !errors.Is(err, ErrNotPlanFile) {
		t.Errorf("faultSafe: %v, want ErrNotPlanFile", err)
	}
	_ = sink
}
