package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"go.etcd.io/bbolt"
)

// SchemaVersion is the layout of the plan file this csplan writes. Raise it
// with a migration whenever the layout changes, so an older file is upgraded
// once (after a backup) and a newer file is refused rather than misread.
const SchemaVersion = 5

// appID marks a bbolt file as a csplan plan, so csplan never writes into
// some other program's database that happens to sit at the path.
const appID = "csplan"

// Bucket names. Every bucket is created in the transaction that creates the
// file, so code that reads a bucket may rely on it being there once the file
// has been checked at open.
var (
	bucketMeta       = []byte("meta")
	bucketIDs        = []byte("ids") // only its sequence is used: one ID space for all kinds
	bucketFunding    = []byte("funding")
	bucketPriorities = []byte("priorities")
	bucketTags       = []byte("tags")
	bucketLines      = []byte("lines")
	bucketPosts      = []byte("posts")
	bucketHistory    = []byte("history") // entry summaries by seq (schema 4; whole entries before)
	bucketUndo       = []byte("undo")    // what undo needs of each entry, by seq (schema 4)
)

// Keys of the meta bucket.
var (
	keyApp      = []byte("app")       // appID
	keySchema   = []byte("schema")    // decimal schema version
	keyInfo     = []byte("info")      // model.Info as JSON
	keySettings = []byte("settings")  // model.Settings as JSON
	keyCursor   = []byte("cursor")    // seq of the newest history entry not undone
	keyBase     = []byte("base")      // seq of the entry that created the plan (never undone)
	keyUndoFrom = []byte("undo-from") // seq of the oldest entry whose undo payload is kept (missing: all)
	keyUndoKeep = []byte("undo-keep") // decimal: how many newest entries compact keeps payloads for
)

// allBuckets lists the buckets of the current schema, for creation and for
// the check at open.
func allBuckets() [][]byte {
	bs := [][]byte{bucketMeta, bucketIDs, bucketHistory, bucketUndo, bucketScenarios}
	for _, k := range recordKinds {
		bs = append(bs, k.bucket)
	}
	return bs
}

// migration upgrades a plan file from one schema version to the next, inside
// the single transaction that runs all pending migrations.
type migration struct {
	from, to int
	fn       func(tx *bbolt.Tx) error
}

// migrations is the upgrade path, oldest first.
var migrations = []migration{
	{from: 1, to: 2, fn: migrateAddScenarios}, // what-if scenarios
	{from: 2, to: 3, fn: migrateSeal},         // a checksum with every value (seal.go)
	{from: 3, to: 4, fn: migrateSplitHistory}, // summaries apart from undo payloads (history.go)
	{from: 4, to: 5, fn: migrateMonitoring},   // the year's monitoring, keyed by year (monitoring.go)
}

// schema is the version a DB is opened at and how to reach it. Open uses the
// real one; tests pass a fake one to exercise migration without a package
// variable they would have to mutate.
type schema struct {
	version    int
	migrations []migration
}

var currentSchema = schema{version: SchemaVersion, migrations: migrations}

// plan returns the migrations that take a file from version `from` to
// s.version, in order, or an error when the chain has a gap.
func (s schema) plan(from int) ([]migration, error) {
	var steps []migration
	v := from
	for v < s.version {
		found := false
		for _, m := range s.migrations {
			if m.from == v {
				if m.to <= v {
					return nil, fmt.Errorf("migration from schema %d goes nowhere (to %d)", m.from, m.to)
				}
				steps = append(steps, m)
				v = m.to
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("this csplan cannot upgrade a plan file from schema %d", v)
		}
	}
	if v != s.version {
		return nil, fmt.Errorf("the upgrade from schema %d overshoots schema %d", from, s.version)
	}
	return steps, nil
}

// migrate checks the whole file at its own version (a damaged file is
// refused before anything is written, backup included), backs it up beside
// itself, then runs every pending migration and records the new version in
// one transaction, so a failure leaves the file at its old version with the
// backup to spare. backup false skips the backup (a private copy that is
// upgraded to be read, see openUpgradedCopy).
func migrate(bdb *bbolt.DB, path string, file *os.File, from int, s schema, now time.Time, backup bool) error {
	steps, err := s.plan(from)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(steps) == 0 {
		return nil
	}
	if err := checkBefore(bdb, path, file, from); err != nil {
		return err
	}
	if backup {
		if _, err := backupFile(path, from, now); err != nil {
			return err
		}
	}
	return bdb.Update(func(tx *bbolt.Tx) error {
		for _, m := range steps {
			if err := m.fn(tx); err != nil {
				return fmt.Errorf("%s: upgrading the plan file from schema %d to %d: %w", path, m.from, m.to, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("%s: %w: it has no meta bucket", path, ErrNotPlanFile)
		}
		return meta.Put(keySchema, []byte(strconv.Itoa(s.version)))
	})
}

// checkBefore runs the whole check on a file at schema version from, before
// it is upgraded: bbolt's own check and every value read at that version.
func checkBefore(bdb *bbolt.DB, path string, file *os.File, from int) error {
	var errs []error
	err := bdb.View(func(tx *bbolt.Tx) error {
		if err := checkPages(tx, file); err != nil {
			errs = append(errs, err)
			return nil
		}
		for e := range tx.Check() {
			errs = append(errs, e)
		}
		errs = append(errs, checkContent(tx, from)...)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %w, so it was not upgraded from schema %d and nothing was written: %w; run csplan check for the full list, and restore a backup or re-import an export",
		path, ErrDamaged, from, errs[0])
}

// migrateSeal is the schema 2 to 3 upgrade: every value but app and schema
// gets its seal (seal.go). Keys are gathered first, as bbolt's cursors do
// not promise to survive a Put under them.
func migrateSeal(tx *bbolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	for _, k := range [][]byte{keyInfo, keySettings, keyCursor, keyBase} {
		v := meta.Get(k)
		if v == nil {
			return fmt.Errorf("%w: %s is missing", ErrNotPlanFile, k)
		}
		if err := putSealed(meta, k, append([]byte(nil), v...)); err != nil {
			return err
		}
	}
	var buckets [][]byte
	for _, k := range idKinds() {
		buckets = append(buckets, k.bucket)
	}
	for _, name := range append(buckets, bucketHistory) {
		b := tx.Bucket(name)
		if b == nil {
			return fmt.Errorf("%w: the %s bucket is missing", ErrNotPlanFile, name)
		}
		type kv struct{ k, v []byte }
		var all []kv
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
		}
		for _, r := range all {
			if err := putSealed(b, r.k, r.v); err != nil {
				return err
			}
		}
	}
	return nil
}

// migrateSplitHistory is the schema 3 to 4 upgrade: each history entry,
// which held its summary and every record before and after, becomes a
// summary in the history bucket and a payload in the new undo bucket, both
// under its seq, so listing the history no longer reads the payloads. Every
// payload is kept.
func migrateSplitHistory(tx *bbolt.Tx) error {
	h := tx.Bucket(bucketHistory)
	if h == nil {
		return fmt.Errorf("%w: the history bucket is missing", ErrNotPlanFile)
	}
	if _, err := tx.CreateBucket(bucketUndo); err != nil {
		return err
	}
	var entries []Entry
	c := h.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		e, err := decodeEntryV3(k, v)
		if err != nil {
			return err
		}
		entries = append(entries, e)
	}
	for _, e := range entries {
		if err := putEntry(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// decodeEntryV3 reads a whole history entry as schema 3 stored it.
func decodeEntryV3(key, raw []byte) (Entry, error) {
	var e Entry
	what := fmt.Sprintf("history entry %d", btoi(key))
	value, ok := unseal(key, raw)
	if !ok {
		return e, damaged(what)
	}
	if err := strictJSON(value, &e); err != nil {
		return e, fmt.Errorf("%s cannot be read: %w: %w", what, ErrDamaged, err)
	}
	if e.Seq != btoi(key) {
		return e, fmt.Errorf("%s: %w: it says it is entry %d", what, ErrDamaged, e.Seq)
	}
	e.Undone, e.UndoDropped = false, false
	return e, nil
}

// backupFile copies the plan file byte for byte to
// "<path>.backup-v<version>-<yyyymmddThhmmss>" (mode 0600, as it holds
// salaries), before an upgrade or a compact. The caller holds the
// exclusive lock, so no csplan writes the file during the copy. It never overwrites an earlier backup.
func backupFile(path string, version int, now time.Time) (string, error) {
	src, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("backing up the plan file: %w", err)
	}
	defer src.Close()
	base := fmt.Sprintf("%s.backup-v%d-%s", path, version, now.Format("20060102T150405"))
	name := base
	var dst *os.File
	for i := 2; ; i++ {
		dst, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			break
		}
		if !errors.Is(err, os.ErrExist) || i > 100 {
			return "", fmt.Errorf("backing up the plan file: %w", err)
		}
		name = fmt.Sprintf("%s-%d", base, i)
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(name)
		return "", fmt.Errorf("backing up the plan file to %s: %w", filepath.Base(name), err)
	}
	return name, nil
}

// itob encodes an ID or sequence as a big-endian key, so bbolt's byte order
// is numeric order.
func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// btoi decodes a key written by itob; a malformed key reads as 0, which no
// record or entry ever has.
func btoi(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
