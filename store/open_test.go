package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"csplan/model"
)

// lockMessage is what a second editor is told, naming who has the plan
// (testOptions' user) and since when.
const lockMessage = "the plan is open in another csplan by officer on "

const lockAdvice = "; close it there first, or add --read-only to look at it without editing"

func TestSecondOpenInSameProcessIsLocked(t *testing.T) {
	db, path := newTestDB(t)
	_ = db
	opts := testOptions()
	opts.Timeout = 0 // the default, one second
	start := time.Now()
	_, err := Open(path, opts)
	took := time.Since(start)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, path+": "+lockMessage) || !strings.Contains(msg, " since ") || !strings.HasSuffix(msg, lockAdvice) {
		t.Errorf("message = %q\nwant      %q...%q", err, path+": "+lockMessage, lockAdvice)
	}
	if took > 2*time.Second {
		t.Errorf("second Open took %v; it must give up within about a second", took)
	}

	// A reader looks at a snapshot while a writer holds the file: it sees
	// the plan as it was, refuses edits, and leaves nothing behind.
	if _, err := db.SaveFunding(model.FundingSource{Name: "Saved before the snapshot", Amount: model.Pounds(5), Status: model.Pending}); err != nil {
		t.Fatal(err)
	}
	opts.ReadOnly = true
	opts.Timeout = 100 * time.Millisecond
	ro, err := Open(path, opts)
	if err != nil {
		t.Fatalf("read-only Open while a writer holds the file: %v", err)
	}
	if !ro.Snapshot() || !ro.ReadOnly() || ro.Path() != path {
		t.Errorf("snapshot %v read-only %v path %q", ro.Snapshot(), ro.ReadOnly(), ro.Path())
	}
	if p := mustLoad(t, ro); len(p.Funding) != 3 {
		t.Errorf("the snapshot has %d funding sources, want the 3 saved", len(p.Funding))
	}
	if _, err := ro.SaveLine(model.Line{Title: "x"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("edit in a snapshot: %v", err)
	}
	// The copy has no name (TestPrivateCopyHasNoName).
	if ro.copyFile == nil {
		t.Error("the snapshot is not a private copy")
	}
	if err := ro.Check(); err != nil {
		t.Errorf("check of the snapshot: %v", err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	// Once the writer closes, the file opens again.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	_ = db2.Close()
}

func TestWriterWaitsForReaders(t *testing.T) {
	db, path := newTestDB(t)
	_ = db.Close()
	ro := testOptions()
	ro.ReadOnly = true
	r, err := Open(path, ro)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := Open(path, testOptions()); !errors.Is(err, ErrLocked) {
		t.Errorf("writer Open while a reader holds the file = %v, want ErrLocked", err)
	}
}

// TestHelperProcess is not a test: TestOtherProcessIsLocked runs the test
// binary again with it, to open the plan from a second process and report.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv("CSPLAN_STORE_HELPER_DB")
	if path == "" {
		t.Skip("runs only as the helper process of TestOtherProcessIsLocked")
	}
	start := time.Now()
	db, err := Open(path, Options{ReadOnly: os.Getenv("CSPLAN_STORE_HELPER_RO") == "1"})
	took := time.Since(start)
	if err != nil {
		fmt.Printf("took=%d locked=%v err=%v\n", took.Milliseconds(), errors.Is(err, ErrLocked), err)
		os.Exit(3)
	}
	_ = db.Close()
	fmt.Printf("took=%d opened\n", took.Milliseconds())
	os.Exit(0)
}

func runHelper(t *testing.T, path string, readOnly bool) (string, time.Duration, int) {
	t.Helper()
	// The deadline only catches a hang; the timing that matters is the
	// one the helper measures around Open.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	ro := "0"
	if readOnly {
		ro = "1"
	}
	cmd.Env = append(os.Environ(), "CSPLAN_STORE_HELPER_DB="+path, "CSPLAN_STORE_HELPER_RO="+ro)
	out, err := cmd.Output()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("helper process: %v", err)
	}
	s := string(out)
	var ms int
	if i := strings.Index(s, "took="); i >= 0 {
		f := strings.Fields(s[i+5:])
		ms, _ = strconv.Atoi(f[0])
	}
	return s, time.Duration(ms) * time.Millisecond, code
}

func TestOtherProcessIsLocked(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a second process")
	}
	db, path := newTestDB(t)
	out, took, code := runHelper(t, path, false)
	if code != 3 || !strings.Contains(out, "locked=true") || !strings.Contains(out, path+": "+lockMessage) || !strings.Contains(out, lockAdvice) {
		t.Fatalf("second process (exit %d) said %q; want the locked message", code, out)
	}
	if took > 2*time.Second {
		t.Errorf("second process waited %v; it must give up within about a second", took)
	}
	out, _, code = runHelper(t, path, true)
	if code != 0 || !strings.Contains(out, "opened") {
		t.Errorf("read-only second process (exit %d) said %q; want it to open a snapshot", code, out)
	}

	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if out, _, code := runHelper(t, path, false); code != 0 || !strings.Contains(out, "opened") {
		t.Errorf("second process after Close (exit %d) said %q; want opened", code, out)
	}
}

// setSchemaVersion rewrites the version in a closed plan file with bbolt
// directly, as a newer or older csplan would have left it.
func setSchemaVersion(t *testing.T, path string, v int) {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(v)))
	}); err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaIsRefusedUntouched(t *testing.T) {
	db, path := newTestDB(t)
	_ = db.Close()
	setSchemaVersion(t, path, SchemaVersion+1)
	sum := fileSum(t, path)
	for _, ro := range []bool{false, true} {
		opts := testOptions()
		opts.ReadOnly = ro
		_, err := Open(path, opts)
		if !errors.Is(err, ErrNewerSchema) {
			t.Fatalf("Open(read-only=%v) of a newer file = %v, want ErrNewerSchema", ro, err)
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("schema %d", SchemaVersion+1)) || !strings.Contains(err.Error(), "upgrade csplan") {
			t.Errorf("message should name the version and say to upgrade: %v", err)
		}
		if fileSum(t, path) != sum {
			t.Fatal("the newer file was changed")
		}
	}
	if m, _ := filepath.Glob(path + ".backup-*"); len(m) != 0 {
		t.Errorf("backup made of a newer file: %v", m)
	}
}

// makeV1File writes a plan file as csplan schema 1 made it: the same
// layout without the scenarios bucket.
func makeV1File(t *testing.T) (path string, planJSONBefore string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return testPlan(), nil }
	db, err := open(path, opts, schema{version: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := planJSON(t, mustLoad(t, db))
	if err := db.bdb.Update(func(tx *bbolt.Tx) error {
		if err := joinHistory(tx); err != nil {
			return err
		}
		if err := unsealAll(tx); err != nil {
			return err
		}
		return tx.DeleteBucket(bucketScenarios)
	}); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	return path, want
}

// makeV2File writes a plan file as csplan schema 2 made it: values without
// seals, with scenarios.
func makeV2File(t *testing.T) (path string, planJSONBefore string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return testPlan(), nil }
	refused := model.Refused
	opts.SeedScenarios = func(p *model.Plan) []model.Scenario {
		return []model.Scenario{{Name: "Carry-forward refused", Steps: []model.Step{{Kind: model.StepFunding, Target: p.Funding[1].ID, Status: &refused}}}}
	}
	db, err := open(path, opts, schema{version: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := planJSON(t, mustLoad(t, db))
	if _, err := db.SaveLine(model.Line{PriorityID: 3, Title: "Added before the upgrade", Cost: model.Pounds(5)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Undo(); err != nil {
		t.Fatal(err)
	}
	if err := db.bdb.Update(func(tx *bbolt.Tx) error {
		if err := joinHistory(tx); err != nil {
			return err
		}
		return unsealAll(tx)
	}); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	return path, want
}

// unsealAll takes the seals off every value: the file as schema 1 and 2
// wrote it.
func unsealAll(tx *bbolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	for _, k := range [][]byte{keyInfo, keySettings, keyCursor, keyBase} {
		v, ok := unseal(k, meta.Get(k))
		if !ok {
			return fmt.Errorf("%s was not sealed", k)
		}
		if err := meta.Put(k, append([]byte(nil), v...)); err != nil {
			return err
		}
	}
	for _, name := range [][]byte{bucketScenarios, bucketFunding, bucketPriorities, bucketTags, bucketLines, bucketPosts, bucketHistory} {
		b := tx.Bucket(name)
		type kv struct{ k, v []byte }
		var all []kv
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			raw, ok := unseal(k, v)
			if !ok {
				return fmt.Errorf("%s %d was not sealed", name, btoi(k))
			}
			all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), raw...)})
		}
		for _, r := range all {
			if err := b.Put(r.k, r.v); err != nil {
				return err
			}
		}
	}
	return nil
}

func TestMigrationBacksUpThenUpgrades(t *testing.T) {
	path, want := makeV1File(t)
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	// The real upgrade, schema 1 to 2, adds the scenarios bucket.
	db2, err := Open(path, testOptions())
	if err != nil {
		t.Fatalf("open with a migration: %v", err)
	}
	if got := planJSON(t, mustLoad(t, db2)); got != want {
		t.Error("the plan changed in the migration")
	}
	if scs, err := db2.Scenarios(); err != nil || len(scs) != 0 {
		t.Errorf("scenarios after the upgrade: %v, %v", scs, err)
	}
	if _, err := db2.SaveScenario(model.Scenario{Name: "After upgrade"}); err != nil {
		t.Errorf("saving a scenario in an upgraded file: %v", err)
	}
	if err := db2.Check(); err != nil {
		t.Errorf("check after upgrade: %v", err)
	}
	_ = db2.Close()

	backup := path + ".backup-v1-20261126T063000"
	got, err := os.ReadFile(backup)
	if err != nil {
		t.Fatalf("no backup: %v", err)
	}
	if !bytes.Equal(got, original) {
		t.Error("the backup is not a byte-for-byte copy of the file before the upgrade")
	}
	if fi, _ := os.Stat(backup); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, want 0600", fi.Mode().Perm())
	}

	// Opening the upgraded file again upgrades nothing and backs up nothing.
	db3, err := Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	_ = db3.Close()
	if m, _ := filepath.Glob(path + ".backup-*"); len(m) != 1 {
		t.Errorf("backups after a second open: %v", m)
	}
}

func TestFakeMigrationRunsOnce(t *testing.T) {
	db, path := newTestDB(t)
	_ = db.Close()
	ran := 0
	fake := schema{version: SchemaVersion + 1, migrations: append(append([]migration(nil), migrations...),
		migration{from: SchemaVersion, to: SchemaVersion + 1, fn: func(tx *bbolt.Tx) error { ran++; return nil }})}
	for i := 0; i < 2; i++ {
		db2, err := open(path, testOptions(), fake)
		if err != nil {
			t.Fatal(err)
		}
		_ = db2.Close()
	}
	if ran != 1 {
		t.Errorf("migration ran %d times over two opens", ran)
	}
	// The real csplan now refuses the file as newer.
	if _, err := Open(path, testOptions()); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("real Open of the upgraded file = %v, want ErrNewerSchema", err)
	}
}

// planBytes returns the bytes of a real, well-filled plan file and its
// bbolt high-water mark (the size bbolt needs; the file may be longer).
func planBytes(t *testing.T) ([]byte, int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "real.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return GeneratePlan(300, 20, 7), nil }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	p := mustLoad(t, db)
	for i := 0; i < 20; i++ {
		l := p.Lines[i]
		l.Cost = l.Cost.Add(model.Pounds(1))
		if _, err := db.SaveLine(l); err != nil {
			t.Fatal(err)
		}
	}
	var hwm int64
	if err := db.view(func(tx *bbolt.Tx) error { hwm = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b, int(hwm)
}

func TestNotPlanFilesAreRefusedUntouched(t *testing.T) {
	dir := t.TempDir()
	real, hwm := planBytes(t)
	if hwm < 8*4096 {
		t.Fatalf("test plan file too small (%d bytes) to truncate meaningfully", hwm)
	}
	cases := map[string][]byte{
		"empty":        {},
		"text":         []byte("Partnership,Safer Wolverhampton\n"),
		"random 4 KiB": randomBytes(4096, 1),
		"random 64KiB": randomBytes(65536, 2),
		// A real file with its first page wiped: the second meta page is
		// fine but the app marker must still be found through it.
		"meta0 zeroed": append(make([]byte, 4096), real[4096:]...),
	}
	for _, n := range []int{1, 16, 4095, 4096, 4097, 8191, 8192, 12288, hwm / 2, hwm - 4096, hwm - 1} {
		cases[fmt.Sprintf("truncated at %d", n)] = real[:n]
	}

	// A bbolt file of another program: valid, but without csplan's meta.
	other := filepath.Join(dir, "other.db")
	b, err := bbolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bbolt.Tx) error {
		bk, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return bk.Put([]byte("app"), []byte("etcd"))
	}); err != nil {
		t.Fatal(err)
	}
	_ = b.Close()
	otherBytes, _ := os.ReadFile(other)
	cases["bbolt file of another program"] = otherBytes

	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".db")
			if err := os.WriteFile(path, content, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, ro := range []bool{false, true} {
				opts := testOptions()
				opts.ReadOnly = ro
				db, err := Open(path, opts)
				if name == "meta0 zeroed" && err == nil {
					// bbolt recovers from one bad meta page; that is a
					// whole plan, so it must load.
					if _, lerr := db.Load(); lerr != nil {
						t.Errorf("Load: %v", lerr)
					}
					_ = db.Close()
				} else if !errors.Is(err, ErrNotPlanFile) {
					if db != nil {
						_ = db.Close()
					}
					t.Fatalf("Open(read-only=%v) = %v, want ErrNotPlanFile", ro, err)
				}
				got, rerr := os.ReadFile(path)
				if rerr != nil || !bytes.Equal(got, content) {
					t.Fatalf("Open(read-only=%v) changed the file", ro)
				}
			}
		})
	}

	t.Run("folder", func(t *testing.T) {
		_, err := Open(dir, testOptions())
		if !errors.Is(err, ErrNotPlanFile) {
			t.Errorf("Open of a folder = %v, want ErrNotPlanFile", err)
		}
	})
	t.Run("lock released after refusal", func(t *testing.T) {
		// A refused file must not stay locked by this process.
		path := filepath.Join(dir, "truncated_at_4096.db")
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		bo, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
		if errors.Is(err, berrors.ErrTimeout) {
			t.Fatal("the refused file is still locked")
		}
		if bo != nil {
			_ = bo.Close()
		}
	})
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 99))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestDefaultPath(t *testing.T) {
	t.Setenv("CSPLAN_DB", "/x/y.db")
	if p, err := DefaultPath(); err != nil || p != "/x/y.db" {
		t.Errorf("with CSPLAN_DB: %q, %v", p, err)
	}
	t.Setenv("CSPLAN_DB", "")
	t.Setenv("XDG_DATA_HOME", "/data")
	if p, err := DefaultPath(); err != nil || p != "/data/csplan/plan.db" {
		t.Errorf("with XDG_DATA_HOME: %q, %v", p, err)
	}
	t.Setenv("XDG_DATA_HOME", "")
	t.Setenv("HOME", "/home/cso")
	if p, err := DefaultPath(); err != nil || p != "/home/cso/.local/share/csplan/plan.db" {
		t.Errorf("default: %q, %v", p, err)
	}
}

// TestDamagedPagesNeverPanic overwrites one page of a real plan file at a
// time with noise: open, load and check must report, never crash, and never
// write to the file.
func TestDamagedPagesNeverPanic(t *testing.T) {
	real, hwm := planBytes(t)
	dir := t.TempDir()
	pages := hwm / 4096
	for seed := uint64(0); seed < 12; seed++ {
		page := 2 + int(seed*7)%(pages-2)
		b := append([]byte(nil), real...)
		copy(b[page*4096:], randomBytes(4096, seed))
		path := filepath.Join(dir, fmt.Sprintf("damaged-%d.db", seed))
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{true, false} {
			opts := testOptions()
			opts.ReadOnly = ro
			db, err := Open(path, opts)
			if err == nil {
				_, _ = db.Load()
				_, _ = db.History(0)
				_ = db.Check()
				_ = db.Close()
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, b) {
				t.Fatalf("page %d damaged: opening (read-only=%v) wrote to the file", page, ro)
			}
		}
	}
}

// TestOpenErrorsSayWhatIsWrong: a plan file that may not be written, or
// sits on a read-only file system, is not called damaged, and the message
// points to --read-only. (Tests may run as root, who can write a 0400
// file, so the errors are made here rather than by the file system.)
func TestOpenErrorsSayWhatIsWrong(t *testing.T) {
	path := "/plans/plan.db"
	for _, c := range []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: path, Err: syscall.EACCES}, "you may not write to it (permission denied); add --read-only"},
		{&fs.PathError{Op: "open", Path: path, Err: syscall.EROFS}, "read-only file system, so it cannot be edited; add --read-only"},
	} {
		got := openError(path, c.err, true).Error()
		if !strings.Contains(got, c.want) || errors.Is(openError(path, c.err, true), ErrNotPlanFile) {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}

// TestHolderRecord: the editor's record names its user and is gone after
// Close; a second editor is told who has the plan.
func TestHolderRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.db")
	s, err := Open(path, Options{User: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(HolderPath(path)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("holder record: %v %v", fi, err)
	}
	_, err = Open(path, Options{Timeout: 10 * time.Millisecond})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "by sam on ") || !strings.Contains(err.Error(), " since ") {
		t.Errorf("second editor: %v", err)
	}
	ro, err := Open(path, Options{ReadOnlyIfLocked: true, Timeout: 10 * time.Millisecond})
	if err != nil || !ro.ReadOnly() || !ro.Snapshot() {
		t.Fatalf("a reader beside the editor: %v", err)
	}
	if !strings.HasPrefix(ro.HeldBy(), "by sam on ") {
		t.Errorf("HeldBy %q", ro.HeldBy())
	}
	ro.Close()
	s.Close()
	if _, err := os.Lstat(HolderPath(path)); err == nil {
		t.Error("the holder record is left after Close")
	}
}
