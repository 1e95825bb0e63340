package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"csplan/model"
)

// Options says how to open a plan file.
type Options struct {
	// ReadOnly opens the file with a shared lock and refuses every edit, so
	// the officer can look at a plan that another csplan is not editing;
	// beside an editor it looks at a checked snapshot instead.
	ReadOnly bool
	// ReadOnlyIfLocked opens the file for editing when it can and, when
	// another csplan has it open, read-only instead (a snapshot of the last
	// saved state beside an editor), rather than failing with ErrLocked.
	// Commands that only read use it, so they work beside the editor.
	ReadOnlyIfLocked bool
	// MustExist refuses a file that does not exist with ErrNoPlanFile
	// instead of creating it, and creates nothing (no folder either).
	MustExist bool
	// Seed gives the plan written into a new file; nil means an empty plan
	// with model.DefaultSettings.
	Seed func() (*model.Plan, error)
	// SeedScenarios gives the example scenarios written into a new file,
	// given the seed plan as stored (with its IDs); nil means none.
	SeedScenarios func(*model.Plan) []model.Scenario
	// Timeout is how long to wait for another csplan to let go of the file
	// before giving up with ErrLocked; 0 means one second.
	Timeout time.Duration
	// User is recorded in history entries; empty means the operating-system
	// user.
	User string
	// Now is the clock for history entries and backup names; nil means
	// time.Now. Tests set it.
	Now func() time.Time
	// UpgradeCopy, with ReadOnly, reads a file from an older csplan through
	// a private copy upgraded to this csplan's schema, instead of refusing
	// it; the file itself is not written (csplan check). UpgradedFrom says
	// when it did.
	UpgradeCopy bool

	// afterCopy, when set, runs once a private copy has been written and
	// before it is opened: tests look for it there.
	afterCopy func()
}

// DB is the plan kept in a bbolt file. It is safe for use by several
// goroutines; bbolt serialises the writes.
type DB struct {
	path     string
	readOnly bool
	user     string
	now      func() time.Time

	mu  sync.RWMutex // guards bdb against Close while a method runs
	bdb *bbolt.DB

	// copyFile is the private copy, with no name, that a read-only csplan
	// reads (see snapshot.go); nil when it opened the file itself.
	copyFile *os.File
	// besideEditor is set when the copy was taken because another csplan
	// was editing the file.
	besideEditor bool
	// upgradedFrom is the schema of the file when the copy was upgraded to
	// be read (Options.UpgradeCopy), else 0.
	upgradedFrom int
	// holding is set when this DB wrote the holder record beside the plan.
	holding bool
	// commits is what this session's latest changes wrote (ReadDelta).
	commits commitLog
}

// DB implements Store.
var _ Store = (*DB)(nil)

// errClosed is returned by methods called after Close.
var errClosed = errors.New("the plan file is closed")

const defaultTimeout = time.Second

// growStep is how much bbolt adds to the file past what a write needs once
// the file is over it. bbolt's own default grows a file under 16 MB to the
// next power of two, so one small edit to a plan that just fills 8 MB made
// it 16 MB; in 1 MB steps the file stays within a megabyte of its data,
// and growing (a truncate and a sync) stays rare.
const growStep = 1 << 20

// DefaultPath returns where the plan lives when no --db is given:
// $CSPLAN_DB, else $XDG_DATA_HOME/csplan/plan.db, else
// ~/.local/share/csplan/plan.db.
func DefaultPath() (string, error) {
	if p := os.Getenv("CSPLAN_DB"); p != "" {
		return p, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "csplan", "plan.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find where to keep the plan (set CSPLAN_DB or use --db): %w", err)
	}
	return filepath.Join(home, ".local", "share", "csplan", "plan.db"), nil
}

// Open opens the plan file at path, creating it (with the seed plan) if it
// does not exist and opts.ReadOnly is false. A file that is not a csplan
// plan, or was written by a newer csplan, is refused without being written
// to. Another csplan editing the file gives ErrLocked within opts.Timeout.
func Open(path string, opts Options) (*DB, error) {
	return open(path, opts, currentSchema)
}

func open(path string, opts Options, sc schema) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = defaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.User == "" {
		opts.User = currentUser()
	}
	if strings.TrimSpace(path) == "" {
		return nil, errors.New("no plan file was named: the path is empty")
	}
	s := &DB{path: path, readOnly: opts.ReadOnly, user: opts.User, now: opts.Now}
	removeLeftoverCopies(path)

	fi, err := os.Lstat(path)
	if err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// A link to a plan file is followed; a link to nothing is said as
		// such, not taken for a missing file (creating through it would
		// make a file somewhere else).
		target, _ := os.Readlink(path)
		if fi, err = os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: it is a symbolic link to %s, which does not exist", path, target)
		}
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if opts.ReadOnly || opts.MustExist {
			return nil, fmt.Errorf("%s: %w", path, ErrNoPlanFile)
		}
		return s.create(opts, sc)
	case err != nil:
		return nil, openError(path, err, false)
	case fi.IsDir():
		return nil, notPlan(path, "it is a folder")
	case !fi.Mode().IsRegular():
		return nil, notPlan(path, "it is not a regular file")
	case fi.Size() == 0:
		return nil, notPlan(path, "it is empty")
	}

	// Look first with a read-only handle: nothing about a file we do not
	// recognise is ever opened for writing (bbolt's read-write open can
	// write to a file it thinks is its own).
	bdb, version, err := openChecked(path, nil, true, opts.Timeout)
	if errors.Is(err, berrors.ErrTimeout) {
		if opts.ReadOnly || opts.ReadOnlyIfLocked {
			// Another csplan is editing: look at a snapshot instead.
			s.besideEditor = true
			return s.openCopy(opts, sc)
		}
		return nil, lockedError(path, false)
	}
	if err != nil {
		return nil, openError(path, err, false)
	}
	if version > sc.version {
		_ = bdb.Close()
		return nil, fmt.Errorf("%s: %w (schema %d; this csplan reads schema %d): upgrade csplan to open it",
			path, ErrNewerSchema, version, sc.version)
	}
	if opts.ReadOnly {
		if version < sc.version {
			_ = bdb.Close()
			if opts.UpgradeCopy {
				return s.openCopy(opts, sc)
			}
			return nil, olderError(path, version)
		}
		if err := checkBuckets(bdb, path); err != nil {
			_ = bdb.Close()
			return nil, err
		}
		s.bdb = bdb
		return s, nil
	}
	if err := bdb.Close(); err != nil {
		return nil, err
	}

	// The file is ours: reopen it for writing. Between the two opens another
	// csplan may have taken it or changed it, so it is checked again.
	bdb, version, err = openChecked(path, nil, false, opts.Timeout)
	if errors.Is(err, berrors.ErrTimeout) {
		if opts.ReadOnlyIfLocked {
			// Others are looking at it read-only: so can this one.
			opts.ReadOnly, opts.ReadOnlyIfLocked = true, false
			return open(path, opts, sc)
		}
		return nil, lockedError(path, true)
	}
	if opts.ReadOnlyIfLocked && (errors.Is(err, fs.ErrPermission) || readOnlyFS(err)) {
		// A file this user may only read can still be read.
		opts.ReadOnly, opts.ReadOnlyIfLocked = true, false
		return open(path, opts, sc)
	}
	if err != nil {
		return nil, openError(path, err, true)
	}
	if version > sc.version {
		_ = bdb.Close()
		return nil, fmt.Errorf("%s: %w (schema %d; this csplan reads schema %d): upgrade csplan to open it",
			path, ErrNewerSchema, version, sc.version)
	}
	if version < sc.version {
		if err := faultSafe(path, func() error { return migrate(bdb, path, nil, version, sc, opts.Now(), true) }); err != nil {
			_ = bdb.Close()
			return nil, err
		}
	}
	if err := checkBuckets(bdb, path); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	s.bdb = bdb
	s.writeHolder()
	return s, nil
}

// openError says why a plan file could not be opened in the officer's
// terms: a file they may not write, or a read-only file system, is not a
// damaged plan, and --read-only still shows it.
func openError(path string, err error, forWriting bool) error {
	switch {
	case readOnlyFS(err) && forWriting:
		return fmt.Errorf("%s: it is on a read-only file system, so it cannot be edited; add --read-only to look at it", path)
	case errors.Is(err, fs.ErrPermission) && forWriting:
		return fmt.Errorf("%s: you may not write to it (permission denied); add --read-only to look at it without editing", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%s: you may not read it (permission denied)", path)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s: %w (it went while being opened)", path, ErrNoPlanFile)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", path, pe.Err)
	}
	return err
}

func notPlan(path, why string) error {
	return fmt.Errorf("%s: %w: %s", path, ErrNotPlanFile, why)
}

// lockedError is what a second editor is told, naming who has the plan
// and since when where a holder record says. A read-only opener is never
// told this: it looks at a snapshot instead. byReaders is set when the
// file is only being looked at (others hold it read-only).
func lockedError(path string, byReaders bool) error {
	who := ""
	if byReaders {
		who = " to look at without editing"
	} else if h, ok := readHolder(path); ok {
		who = " " + h.describe(time.Now())
	}
	return fmt.Errorf("%s: %w%s; close it there first, or add --read-only to look at it without editing", path, ErrLocked, who)
}

// HeldBy says who has the plan open for editing and since when, e.g. "by
// sam on laptop-3 since 14:02 today", or "" when no record says.
func (s *DB) HeldBy() string {
	if h, ok := readHolder(s.path); ok {
		return h.describe(time.Now())
	}
	return ""
}

// openChecked opens the file with bbolt and checks, in a read transaction,
// that it is a whole csplan plan file, returning its schema version. f,
// when not nil, is the file already open (a private copy with no name),
// which bbolt then uses and closes.
//
// A damaged or truncated file can make bbolt fault on its memory map
// (SIGBUS) or panic on a bad page; both are turned into ErrNotPlanFile, and
// the file handle is closed so the lock is let go.
func openChecked(path string, f *os.File, readOnly bool, timeout time.Duration) (bdb *bbolt.DB, version int, err error) {
	var file *os.File
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if bdb != nil {
				closeQuietly(bdb)
			} else if file != nil {
				// The half-made memory map is left to the process's
				// end, which is the price of never crashing on a bad
				// file; it keeps the file open, so the lock is let go
				// of explicitly.
				releaseLock(file)
				_ = file.Close()
			}
			bdb, version, err = nil, 0, notPlan(path, "it is damaged or cut short")
		}
	}()
	bopts := &bbolt.Options{
		ReadOnly: readOnly,
		Timeout:  timeout,
		// Never create the file here: if it vanished since it was checked,
		// say so rather than make an empty database.
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			if f != nil {
				file = f
				return f, nil
			}
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
			file = f
			return f, err
		},
	}
	bdb, err = bbolt.Open(path, 0o600, bopts)
	if err == nil {
		bdb.AllocSize = growStep
	}
	if err != nil {
		bdb = nil
		switch {
		case errors.Is(err, berrors.ErrTimeout):
			return nil, 0, err // open says it in the caller's terms
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission), readOnlyFS(err):
			return nil, 0, err
		}
		return nil, 0, notPlan(path, err.Error())
	}
	var fi os.FileInfo
	if f != nil {
		fi, err = f.Stat()
	} else {
		fi, err = os.Stat(path)
	}
	if err != nil {
		_ = bdb.Close()
		return nil, 0, err
	}
	err = bdb.View(func(tx *bbolt.Tx) error {
		// bbolt never shrinks a file below its high-water mark, so a file
		// shorter than that was cut short; reading on would fault.
		if tx.Size() > fi.Size() {
			return notPlan(path, "it is cut short")
		}
		// bbolt trusts the page tree: a page that points back up it sends
		// a lookup round for ever, filling memory. So the tree is walked,
		// bounded, before anything is looked up in it.
		if err := checkPages(tx, file); err != nil {
			return notPlan(path, err.Error())
		}
		meta := tx.Bucket(bucketMeta)
		if meta == nil || string(meta.Get(keyApp)) != appID {
			return notPlan(path, "it is a database of another program")
		}
		v, err := strconv.Atoi(string(meta.Get(keySchema)))
		if err != nil || v < 1 {
			return notPlan(path, "its schema version is unreadable")
		}
		version = v
		return nil
	})
	if err != nil {
		_ = bdb.Close()
		return nil, 0, err
	}
	return bdb, version, nil
}

func closeQuietly(bdb *bbolt.DB) {
	defer func() { _ = recover() }()
	_ = bdb.Close()
}

// checkBuckets makes sure every bucket of the current schema is there, so
// later reads can rely on them. Looking a bucket up reads pages openChecked
// did not, so a damaged file can fault here too: that is turned into
// ErrNotPlanFile rather than a crash.
func checkBuckets(bdb *bbolt.DB, path string) error {
	return faultSafe(path, func() error { return checkBucketsOf(bdb, path) })
}

// faultSafe runs fn, which reads a file not yet known to be sound, turning
// a memory fault on bbolt's map of it into ErrNotPlanFile. Any other panic
// is csplan's own bug and goes on up as one.
func faultSafe(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if !isMemoryFault(r) {
				panic(r)
			}
			err = notPlan(path, "it is damaged")
		}
	}()
	return fn()
}

func checkBucketsOf(bdb *bbolt.DB, path string) error {
	return bdb.View(func(tx *bbolt.Tx) error {
		for _, name := range allBuckets() {
			if tx.Bucket(name) == nil {
				return notPlan(path, fmt.Sprintf("it is damaged: the %s bucket is missing", name))
			}
		}
		meta := tx.Bucket(bucketMeta)
		for _, k := range [][]byte{keyInfo, keySettings, keyCursor, keyBase} {
			if meta.Get(k) == nil {
				return notPlan(path, fmt.Sprintf("it is damaged: %s is missing", k))
			}
		}
		return nil
	})
}

// create makes a new plan file (mode 0600, in a 0700 folder) holding the
// seed plan, in one transaction. If anything fails the half-made file is
// removed, so the next run starts clean.
func (s *DB) create(opts Options, sc schema) (*DB, error) {
	p, validate := &model.Plan{Settings: model.DefaultSettings()}, false
	if opts.Seed != nil {
		validate = true
		var err error
		if p, err = opts.Seed(); err != nil {
			return nil, fmt.Errorf("making the starting plan: %w", err)
		}
		if p == nil {
			return nil, errors.New("making the starting plan: the seed gave no plan")
		}
	}
	made, err := makeFolders(filepath.Dir(s.path))
	if err != nil {
		return nil, fmt.Errorf("cannot make the folder for %s: %w", s.path, unwrapPathError(err))
	}
	ok := false
	defer func() {
		if !ok && made != "" {
			// Leave no folder behind for a plan that was not made.
			_ = os.RemoveAll(made)
		}
	}()
	bdb, err := bbolt.Open(s.path, 0o600, &bbolt.Options{
		Timeout: opts.Timeout,
		// O_EXCL: if another csplan creates the file at the same moment,
		// only one of them initialises it.
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			return os.OpenFile(name, flag|os.O_EXCL, perm)
		},
	})
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			if fi, lerr := os.Lstat(s.path); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return nil, fmt.Errorf("%s: it is a symbolic link to a file that does not exist", s.path)
			}
			return nil, fmt.Errorf("%s: another csplan created the plan file just now; try again", s.path)
		}
		return nil, openError(s.path, err, true)
	}
	bdb.AllocSize = growStep
	err = s.guard(func() error {
		return bdb.Update(func(tx *bbolt.Tx) error {
			for _, name := range allBuckets() {
				if _, err := tx.CreateBucket(name); err != nil {
					return err
				}
			}
			meta := tx.Bucket(bucketMeta)
			if err := meta.Put(keyApp, []byte(appID)); err != nil {
				return err
			}
			if err := meta.Put(keySchema, []byte(strconv.Itoa(sc.version))); err != nil {
				return err
			}
			t := newTxn(tx)
			if err := writePlan(t, p, validate); err != nil {
				return err
			}
			if opts.SeedScenarios != nil {
				stored, err := loadPlan(tx)
				if err != nil {
					return err
				}
				if err := writeScenarios(t, opts.SeedScenarios(stored)); err != nil {
					return err
				}
			}
			// The creation is the base of the history: it is kept for the
			// record but has no changes to undo.
			seq, err := s.appendEntry(tx, Entry{Summary: "Created the plan"})
			if err != nil {
				return err
			}
			return putMark(tx, keyBase, seq)
		})
	})
	if err != nil {
		_ = bdb.Close()
		_ = os.Remove(s.path)
		return nil, fmt.Errorf("creating the plan file %s: %w", s.path, err)
	}
	ok = true
	s.bdb = bdb
	s.writeHolder()
	return s, nil
}

// makeFolders makes dir and any missing parents (mode 0700), returning the
// outermost folder it made ("" if dir was there), so a failed create can
// take them away again.
func makeFolders(dir string) (string, error) {
	first := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			break
		}
		first = d
		if filepath.Dir(d) == d {
			break
		}
	}
	if first == "" {
		return "", nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		_ = os.RemoveAll(first)
		return "", err
	}
	return first, nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// guard turns a memory fault on bbolt's map of the file (a file damaged or
// cut short after it was opened) into an error, so a bad file never crashes
// the officer's session. bbolt's managed transactions roll back on panic.
// Any other panic is a bug, csplan's or bbolt's, not damage: it goes on up
// as a panic rather than tell the officer their file is damaged.
func (s *DB) guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if !isMemoryFault(r) {
				panic(r)
			}
			err = fmt.Errorf("%s: the plan file is damaged (%v); run a check", s.path, r)
		}
	}()
	return fn()
}

// isMemoryFault reports whether a recovered value is a fault on memory at a
// real address, as debug.SetPanicOnFault makes a SIGBUS or SIGSEGV on a
// memory map: a runtime.Error with an Addr method. A nil pointer
// dereference has no Addr and is not one.
func isMemoryFault(r any) bool {
	if _, ok := r.(runtime.Error); !ok {
		return false
	}
	_, ok := r.(interface{ Addr() uintptr })
	return ok
}

// view runs fn in a read transaction.
func (s *DB) view(fn func(tx *bbolt.Tx) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.bdb == nil {
		return errClosed
	}
	return s.guard(func() error { return s.bdb.View(fn) })
}

// write runs fn in one write transaction, refusing on a read-only store.
func (s *DB) write(fn func(tx *bbolt.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("%s: %w", s.path, ErrReadOnly)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.bdb == nil {
		return errClosed
	}
	return s.guard(func() error { return s.bdb.Update(fn) })
}

// update runs fn in one write transaction and, if it changed any record,
// appends the history entry in the same transaction, marking any undone
// entries Replaced first (a new change after an undo ends the redo branch;
// the entries stay in the history).
func (s *DB) update(fn func(t *txn) error) error {
	err := s.write(func(tx *bbolt.Tx) error {
		t := newTxn(tx)
		if err := fn(t); err != nil {
			return err
		}
		if len(t.changes) == 0 {
			// Roll back rather than commit an empty transaction, which
			// would still write and sync the file.
			return errNoChange
		}
		cursor, err := readCursor(tx)
		if err != nil {
			return err
		}
		if err := replaceAfter(tx, cursor); err != nil {
			return err
		}
		if _, err = s.appendEntry(tx, Entry{Summary: t.summary, Changes: t.changes}); err != nil {
			return err
		}
		s.logCommit(tx, t.written)
		return nil
	})
	if errors.Is(err, errNoChange) {
		return nil
	}
	return err
}

// errNoChange rolls back an edit that changed nothing; callers never see it.
var errNoChange = errors.New("nothing changed")

// appendEntry stores a new history entry (its summary and its payload)
// after the others and moves the cursor to it, returning its seq.
func (s *DB) appendEntry(tx *bbolt.Tx, e Entry) (uint64, error) {
	h := tx.Bucket(bucketHistory)
	var seq uint64
	for {
		// An entry already there (a sequence set back by damage) is
		// never overwritten: its seq is skipped.
		var err error
		if seq, err = h.NextSequence(); err != nil {
			return 0, err
		}
		if h.Get(itob(seq)) == nil {
			break
		}
	}
	e.Seq = seq
	e.Time = s.now()
	e.User = s.user
	e.Undone = false // worked out from the cursor when read
	if err := putEntry(tx, e); err != nil {
		return 0, err
	}
	return seq, putMark(tx, keyCursor, seq)
}

// Close closes the file and lets go of its lock. Closing twice is harmless.
func (s *DB) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bdb == nil {
		return nil
	}
	// The record goes while the lock is still held, so it never removes
	// the record of the next csplan to get in.
	s.removeHolder()
	err := s.bdb.Close()
	s.bdb = nil
	if s.copyFile != nil {
		// bbolt has closed it: this only makes sure.
		_ = s.copyFile.Close()
		s.copyFile = nil
	}
	return err
}

// Snapshot reports whether a read-only store shows a copy of the file taken
// when it opened, because another csplan was editing it: later edits there
// do not show here.
func (s *DB) Snapshot() bool { return s.besideEditor }

// UpgradedFrom is the schema version of a file from an older csplan that a
// read-only store (Options.UpgradeCopy) reads through an upgraded private
// copy, or 0. The file itself is unchanged and still at that version.
func (s *DB) UpgradedFrom() int { return s.upgradedFrom }

// ReadOnly reports whether edits are refused.
func (s *DB) ReadOnly() bool { return s.readOnly }

// Path is the plan file.
func (s *DB) Path() string { return s.path }

// Check runs bbolt's consistency check and csplan's own: the meta values,
// that every record reads and sits under its own ID, that the ID sequence is
// above every ID and that the history cursor points at an entry. It returns
// every problem found, joined, or nil.
func (s *DB) Check() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.bdb == nil {
		return errClosed
	}
	var errs []error
	err := s.guard(func() error {
		// bbolt's check is only safe alongside writers in a write
		// transaction; it is rolled back, so nothing is written.
		var tx *bbolt.Tx
		var err error
		if s.readOnly {
			tx, err = s.bdb.Begin(false)
		} else {
			tx, err = s.bdb.Begin(true)
		}
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }()
		// A damaged page can make bbolt's check crash or run for ever.
		if err := checkPages(tx, s.copyFile); err != nil {
			// The tree is not safe to walk, so checkMeta is not run.
			errs = append(errs, err)
			return nil
		}
		for e := range tx.Check() {
			errs = append(errs, e)
		}
		errs = append(errs, checkContent(tx, SchemaVersion)...)
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// User is who the history records as making changes: Options.User, or the
// operating-system user.
func (s *DB) User() string { return s.user }
