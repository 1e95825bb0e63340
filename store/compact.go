package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"go.etcd.io/bbolt"
)

// CompactReport says what Compact did.
type CompactReport struct {
	// Dropped is how many changes lost what undo needs (their summaries
	// stay in the history).
	Dropped int
	// Keep is how many of the newest changes keep it.
	Keep int
	// Before and After are the file's size in bytes.
	Before, After int64
	// Backup is the copy of the file as it was.
	Backup string
}

// Compact backs the file up beside itself, as it is, then drops the undo
// payloads of all but the newest keep changes (keep <= 0: the undo-history
// setting, else DefaultUndoKeep; keep > 0 is stored as the setting for
// later compacts), keeping every summary, rewrites the file with
// bbolt.Compact into a temporary file beside it (0600), checks that copy
// as csplan check would and renames it into place, all while holding the
// plan's lock. It refuses with ErrLocked while another csplan has the plan
// open. On a failure after the backup the backup holds the file as it was,
// undo payloads and all.
func Compact(path string, opts Options, keep int) (CompactReport, error) {
	var rep CompactReport
	opts.ReadOnly, opts.ReadOnlyIfLocked, opts.UpgradeCopy = false, false, false
	opts.MustExist = true
	s, err := Open(path, opts)
	if err != nil {
		return rep, err
	}
	defer s.Close()
	if fi, err := os.Stat(path); err == nil {
		rep.Before = fi.Size()
	}
	// The backup comes first: dropping payloads changes the plan file, so
	// only a copy taken before it is the file as it was.
	if rep.Backup, err = backupFile(path, SchemaVersion, s.now()); err != nil {
		return rep, err
	}
	err = s.write(func(tx *bbolt.Tx) error {
		if keep > 0 {
			if err := putSealed(tx.Bucket(bucketMeta), keyUndoKeep, []byte(strconv.Itoa(keep))); err != nil {
				return err
			}
		} else if keep, err = readUndoKeep(tx); err != nil {
			return err
		}
		rep.Keep = keep
		rep.Dropped, err = dropPayloads(tx, keep)
		return err
	})
	if err != nil {
		return rep, fmt.Errorf("%s: dropping old undo records: %w", path, err)
	}

	tmp, err := compactCopy(s)
	if err != nil {
		return rep, fmt.Errorf("%s: compacting: %w; the plan file was not replaced", path, err)
	}
	defer os.Remove(tmp) // gone after the rename; removes a copy that was refused
	if err := checkFile(tmp, opts); err != nil {
		return rep, fmt.Errorf("%s: the compacted copy failed its check, so the plan file was not replaced: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return rep, fmt.Errorf("%s: putting the compacted file in place: %w; the plan file was not replaced", path, err)
	}
	syncDir(filepath.Dir(path))
	if fi, err := os.Stat(path); err == nil {
		rep.After = fi.Size()
	}
	return rep, nil
}

// dropPayloads deletes the undo payloads of every entry but the newest
// keep (the base entry, never undone, counts among them only if it is one
// of them), and raises the undo-from mark to the oldest entry kept. It
// returns how many changes lost their payload.
func dropPayloads(tx *bbolt.Tx, keep int) (int, error) {
	h, u := tx.Bucket(bucketHistory), tx.Bucket(bucketUndo)
	c := h.Cursor()
	k, _ := c.Last()
	for n := 1; k != nil && n < keep; n++ {
		k, _ = c.Prev()
	}
	if k == nil {
		return 0, nil // fewer entries than keep
	}
	from := btoi(k)
	old, err := readUndoFrom(tx)
	if err != nil {
		return 0, err
	}
	if from <= old {
		return 0, nil
	}
	base, err := readMark(tx, keyBase)
	if err != nil {
		return 0, err
	}
	var doomed [][]byte
	uc := u.Cursor()
	for k, _ := uc.First(); k != nil && btoi(k) < from; k, _ = uc.Next() {
		doomed = append(doomed, append([]byte(nil), k...))
	}
	dropped := 0
	for _, k := range doomed {
		if btoi(k) > base {
			dropped++
		}
		if err := deletePayload(u, k); err != nil {
			return 0, err
		}
	}
	return dropped, putSealed(tx.Bucket(bucketMeta), keyUndoFrom, itob(from))
}

// compactCopy writes a compacted copy of s's file to a new temporary file
// beside it (0600) and returns its name.
func compactCopy(s *DB) (string, error) {
	// A copy left by a compact that was cut short: this one holds the
	// lock, so no other compact is writing it.
	if names, _ := filepath.Glob(s.path + ".compact-*"); len(names) > 0 {
		for _, n := range names {
			if fi, err := os.Lstat(n); err == nil && fi.Mode().IsRegular() {
				_ = os.Remove(n)
			}
		}
	}
	f, err := os.CreateTemp(filepath.Dir(s.path), filepath.Base(s.path)+".compact-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	// CreateTemp makes it 0600 already; said again as the file holds
	// salaries.
	err = f.Chmod(0o600)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", err
	}
	dst, err := bbolt.Open(name, 0o600, nil)
	if err != nil {
		_ = os.Remove(name)
		return "", err
	}
	dst.AllocSize = growStep
	s.mu.RLock()
	err = s.guard(func() error {
		if s.bdb == nil {
			return errClosed
		}
		return bbolt.Compact(dst, s.bdb, 0)
	})
	s.mu.RUnlock()
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", err
	}
	return name, nil
}

// checkFile opens a plan file read-only and runs the whole check on it.
func checkFile(path string, opts Options) error {
	ro := Options{ReadOnly: true, MustExist: true, Timeout: opts.Timeout, Now: opts.Now, User: opts.User}
	db, err := Open(path, ro)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Check()
}

// syncDir makes a rename in dir durable; a failure only loses durability
// on a crash, so it is not reported.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
