package store

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

// openSnapshot opens a private copy of a plan file that another csplan is
// editing, so --read-only can look at it without waiting for the lock. The
// writer may commit while the file is copied, so the file is read until two
// reads in a row agree, and the copy must pass bbolt's check before it is
// shown. The copy is 0600 (it holds salaries) and removed on Close.
func (s *DB) openSnapshot(opts Options, sc schema) (*DB, error) {
	data, err := stableRead(s.path)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp("", "csplan-snapshot-*.db")
	if err != nil {
		return nil, fmt.Errorf("%s: taking a read-only snapshot: %w", s.path, unwrapPathError(err))
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			_ = os.Remove(name)
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		_ = tmp.Close()
		return nil, err
	}
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return nil, fmt.Errorf("%s: taking a read-only snapshot: %w", s.path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	bdb, version, err := openChecked(name, true, opts.Timeout)
	if err != nil {
		// Name the officer's file, not the copy, keeping the reason.
		return nil, renamedError{err: err, msg: strings.ReplaceAll(err.Error(), name, s.path)}
	}
	fail := func(err error) (*DB, error) {
		_ = bdb.Close()
		return nil, err
	}
	if version > sc.version {
		return fail(fmt.Errorf("%s: %w (schema %d; this csplan reads schema %d): upgrade csplan to open it",
			s.path, ErrNewerSchema, version, sc.version))
	}
	if version < sc.version {
		return fail(fmt.Errorf("%s: the plan file is from an older csplan (schema %d) and must be upgraded: open it once without --read-only", s.path, version))
	}
	if err := checkBuckets(bdb, s.path); err != nil {
		return fail(err)
	}
	s.bdb = bdb
	if err := s.Check(); err != nil {
		s.bdb = nil
		return fail(fmt.Errorf("%s: another csplan is editing it and no sound snapshot could be taken; try again: %w", s.path, err))
	}
	// The copy holds salaries: unlink it now it is checked. The open files
	// and the memory map keep it readable until Close, and nothing is left
	// behind even if this process is killed.
	if s.snapshotFile, err = os.Open(name); err != nil {
		s.bdb = nil
		return fail(err)
	}
	_ = os.Remove(name)
	s.snapshot = name
	ok = true
	return s, nil
}

// renamedError is an error whose message names a different file; errors.Is
// still finds the original's sentinel.
type renamedError struct {
	err error
	msg string
}

func (e renamedError) Error() string { return e.msg }
func (e renamedError) Unwrap() error { return e.err }

// stableRead reads a file until two reads in a row are the same, so a
// commit in the middle of a read is never taken for the file's state.
func stableRead(path string) ([]byte, error) {
	prev, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: taking a read-only snapshot: %w", path, unwrapPathError(err))
	}
	for i := 0; i < 10; i++ {
		next, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: taking a read-only snapshot: %w", path, unwrapPathError(err))
		}
		if bytes.Equal(prev, next) {
			return next, nil
		}
		prev = next
	}
	return nil, fmt.Errorf("%s: another csplan is saving to it without pause, so no read-only snapshot could be taken; try again", path)
}

// Refresh takes a new snapshot of a plan file another csplan is editing,
// so a read-only look shows what has been saved there since. A store that
// opened the file itself has nothing to do: while it holds the file no
// other csplan can write to it. On an error the old snapshot stays.
func (s *DB) Refresh() error {
	if s.snapshot == "" {
		return nil
	}
	fresh := &DB{path: s.path, readOnly: true, user: s.user, now: s.now}
	if _, err := fresh.openSnapshot(Options{Timeout: defaultTimeout, User: s.user, Now: s.now}, currentSchema); err != nil {
		return err
	}
	s.mu.Lock()
	if s.bdb == nil {
		s.mu.Unlock()
		_ = fresh.Close()
		return errClosed
	}
	oldDB, oldFile := s.bdb, s.snapshotFile
	s.bdb, s.snapshotFile, s.snapshot = fresh.bdb, fresh.snapshotFile, fresh.snapshot
	s.mu.Unlock()
	_ = oldDB.Close()
	if oldFile != nil {
		_ = oldFile.Close()
	}
	return nil
}
