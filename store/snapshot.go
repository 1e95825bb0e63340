package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A read-only csplan beside an editor, and csplan check on a file from an
// older csplan, read a private copy of the plan. The copy holds salaries,
// so it must never be left behind, whatever stops csplan (SIGKILL, a
// power cut). It has no name at any moment where that is possible:
//
//  1. an unnamed file in the temporary folder ($TMPDIR, else /tmp), made
//     with O_TMPFILE (Linux): it is never in any folder and goes when the
//     last descriptor closes, however the process ends;
//  2. failing that, an anonymous memory file (memfd_create, Linux);
//  3. failing that (another system, a file system without O_TMPFILE), a
//     0600 file beside the plan named .<plan file name>.csplan-copy-<random>,
//     unlinked the moment it is made, before anything is written to it. A
//     csplan killed between making and unlinking it (a few system calls)
//     leaves an empty file, which every csplan removes when it opens that
//     plan (removeLeftoverCopies): each copy is only ever used through its
//     open descriptor, so removing the name of one in use is harmless.

// copyPattern is the glob for the named copies of the plan at path.
func copyPattern(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".csplan-copy-*")
}

// removeLeftoverCopies removes the names of private copies of the plan at
// path that a killed csplan may have left (see above).
func removeLeftoverCopies(path string) {
	names, _ := filepath.Glob(copyPattern(path))
	for _, n := range names {
		if fi, err := os.Lstat(n); err == nil && fi.Mode().IsRegular() {
			_ = os.Remove(n)
		}
	}
}

// privateFile returns a new, empty, read-write file that has no name: see
// the comment at the top of this file.
func privateFile(path string) (*os.File, error) {
	if f, err := unnamedFile(os.TempDir()); err == nil {
		return f, nil
	}
	return namedPrivateFile(path)
}

// namedPrivateFile makes the copy beside the plan and unlinks it at once.
func namedPrivateFile(path string) (*os.File, error) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	name := strings.Replace(copyPattern(path), "*", hex.EncodeToString(b[:]), 1)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if err := os.Remove(name); err != nil {
		_ = f.Close()
		_ = os.Remove(name)
		return nil, err
	}
	return f, nil
}

// openCopy opens a private copy of the plan file read-only: beside another
// csplan that is editing the file (so --read-only need not wait for the
// lock), or, with opts.UpgradeCopy, of a file from an older csplan, which
// the copy is upgraded to be read (csplan check never writes the file). The
// writer may commit while the file is copied, so the file is read until two
// reads in a row agree, and the copy must pass the whole check before it is
// shown.
func (s *DB) openCopy(opts Options, sc schema) (*DB, error) {
	s.readOnly = true
	data, err := stableRead(s.path)
	if err != nil {
		return nil, err
	}
	f, err := privateFile(s.path)
	if err != nil {
		return nil, fmt.Errorf("%s: taking a private copy to read: %w", s.path, unwrapPathError(err))
	}
	ok := false
	defer func() {
		if !ok {
			_ = f.Close()
		}
	}()
	if _, err := f.Write(data); err != nil {
		return nil, fmt.Errorf("%s: taking a private copy to read: %w", s.path, unwrapPathError(err))
	}
	if opts.afterCopy != nil {
		opts.afterCopy()
	}
	// The copy is this csplan's own, so it is opened for writing (an
	// upgrade writes to it); the DB refuses every edit all the same.
	bdb, version, err := openChecked(s.path, f, false, opts.Timeout)
	if err != nil {
		return nil, renamedError{err: err, msg: strings.ReplaceAll(err.Error(), f.Name(), s.path)}
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
		if !opts.UpgradeCopy {
			return fail(olderError(s.path, version))
		}
		if err := faultSafe(s.path, func() error { return migrate(bdb, s.path, f, version, sc, opts.Now(), false) }); err != nil {
			return fail(err)
		}
		s.upgradedFrom = version
	}
	if err := checkBuckets(bdb, s.path); err != nil {
		return fail(err)
	}
	s.bdb, s.copyFile = bdb, f
	if err := s.Check(); err != nil {
		s.bdb, s.copyFile = nil, nil
		if s.upgradedFrom != 0 {
			return fail(fmt.Errorf("%s: upgraded from schema %d, the plan does not pass the check: %w", s.path, version, err))
		}
		return fail(fmt.Errorf("%s: another csplan is editing it and no sound snapshot could be taken; try again: %w", s.path, err))
	}
	ok = true
	return s, nil
}

func olderError(path string, version int) error {
	return fmt.Errorf("%s: the plan file is from an older csplan (schema %d) and must be upgraded: open it once without --read-only", path, version)
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
	if !s.besideEditor {
		return nil
	}
	fresh := &DB{path: s.path, readOnly: true, user: s.user, now: s.now, besideEditor: true}
	if _, err := fresh.openCopy(Options{Timeout: defaultTimeout, User: s.user, Now: s.now}, currentSchema); err != nil {
		return err
	}
	s.mu.Lock()
	if s.bdb == nil {
		s.mu.Unlock()
		_ = fresh.Close()
		return errClosed
	}
	oldDB, oldFile := s.bdb, s.copyFile
	s.bdb, s.copyFile = fresh.bdb, fresh.copyFile
	s.mu.Unlock()
	_ = oldDB.Close()
	if oldFile != nil {
		_ = oldFile.Close()
	}
	return nil
}
