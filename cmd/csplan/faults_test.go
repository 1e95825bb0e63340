package main

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// holder is a `csplan dev hold` process: another csplan with the plan open.
type holder struct {
	cmd   *exec.Cmd
	stdin interface{ Close() error }
}

// hold starts a csplan that opens db (read-only or not) and keeps it open
// until release. It returns once that csplan says it has the file.
func hold(t *testing.T, db string, readOnly bool) *holder {
	t.Helper()
	args := []string{"--db", db, "dev", "hold"}
	if readOnly {
		args = append(args, "--read-only")
	}
	cmd := exec.Command(binary, args...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	h := &holder{cmd: cmd, stdin: stdin}
	t.Cleanup(h.release)
	said := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		said <- line
	}()
	select {
	case line := <-said:
		if strings.TrimSpace(line) != "holding" {
			h.release()
			t.Fatalf("csplan dev hold did not open the plan: %q %s", line, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("csplan dev hold did not open the plan in 30 s")
	}
	return h
}

// release closes the holder's stdin, so it closes the plan and ends.
func (h *holder) release() {
	if h.cmd.ProcessState != nil {
		return
	}
	_ = h.stdin.Close()
	_ = h.cmd.Wait()
}

// TestTwoCsplansOnOnePlan runs two real csplans on one plan in each pairing
// of writer and reader. A writer that finds the plan open is told so in
// one line, naming --read-only, within about the one-second lock wait; a
// reader always gets in (a shared lock, or a snapshot beside a writer).
func TestTwoCsplansOnOnePlan(t *testing.T) {
	db := newPlan(t)
	if _, errOut, code := csplan(t, "--db", db, "check"); code != 0 {
		t.Fatalf("making the plan: %s", errOut)
	}
	cases := []struct {
		name             string
		firstRO, otherRO bool
		edits            bool // the second csplan changes the plan
		wantOK           bool
		wantSnapshot     bool
	}{
		{name: "two writers", edits: true, wantOK: false},
		{name: "writer then reader", otherRO: true, wantOK: true, wantSnapshot: true},
		{name: "writer then reading command", wantOK: true, wantSnapshot: true},
		{name: "reader then writer", firstRO: true, edits: true, wantOK: false},
		{name: "reader then reading command", firstRO: true, wantOK: true},
		{name: "two readers", firstRO: true, otherRO: true, wantOK: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := hold(t, db, c.firstRO)
			defer h.release()
			args := []string{"--db", db, "totals", "--json"}
			if c.edits {
				args = []string{"--db", db, "scenario", "new", "Probe"}
			}
			if c.otherRO {
				args = append(args, "--read-only")
			}
			start := time.Now()
			out, errOut, code := csplan(t, args...)
			took := time.Since(start)
			t.Logf("the second csplan finished in %v", took.Round(time.Millisecond))
			if c.wantOK {
				if code != 0 || !strings.Contains(out, `"allocated"`) {
					t.Fatalf("exit %d\n%s%s", code, out, errOut)
				}
				if got := strings.Contains(errOut, "read-only snapshot"); got != c.wantSnapshot {
					t.Errorf("snapshot notice %v, want %v: %q", got, c.wantSnapshot, errOut)
				}
				return
			}
			msg := strings.TrimSpace(errOut)
			if code != 1 || strings.Contains(msg, "\n") || !strings.Contains(msg, "open in another csplan") ||
				!strings.Contains(msg, "--read-only") {
				t.Errorf("exit %d, want 1 and one line naming --read-only: %q", code, msg)
			}
			// The lock wait is one second. The bound is loose for a busy
			// 2-core machine; it catches a hang or a much longer wait.
			if took > 10*time.Second {
				t.Errorf("took %v to give up", took)
			}
		})
	}
}

// fileSum is the SHA-256 of a file, or of nothing when it is missing.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// dirNames lists a folder, to see that nothing was added beside a file.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// realPlanFile makes a plan file with the real binary: a generated plan
// with a few hundred lines and some edits, so it has many pages to cut.
func realPlanFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "real.db")
	if _, errOut, code := csplan(t, "--db", path, "dev", "gen", "--lines", "300", "--posts", "20", "--seed", "3"); code != 0 {
		t.Fatal(errOut)
	}
	if _, errOut, code := csplan(t, "--db", path, "dev", "edits", "--count", "20"); code != 0 {
		t.Fatal(errOut)
	}
	return path
}

// highWaterMark is the size of the file bbolt has used.
func highWaterMark(t *testing.T, path string) int {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var size int64
	if err := b.View(func(tx *bbolt.Tx) error { size = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	return int(size)
}

// editBolt changes a closed bbolt file directly, as another program or
// another csplan version would.
func editBolt(t *testing.T, path string, fn func(tx *bbolt.Tx) error) {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestBadFilesAreRefusedUntouched runs csplan on files it must not open:
// each is refused with exit 1 and one clear line, no crash, and the file
// and its folder are left exactly as they were, with and without
// --read-only.
func TestBadFilesAreRefusedUntouched(t *testing.T) {
	realPath := realPlanFile(t)
	real, err := os.ReadFile(realPath)
	if err != nil {
		t.Fatal(err)
	}
	// bbolt grows a file ahead of its data, so only a cut below the size
	// bbolt has used (its high-water mark) loses anything.
	hwm := highWaterMark(t, realPath)
	t.Logf("real plan file: %d bytes, %d in use", len(real), hwm)
	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(6, 6))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	notPlan := "not a csplan plan database"
	type badFile struct {
		name  string
		bytes []byte
		make  func(t *testing.T, path string) // for files made with bbolt
		want  string
	}
	cases := []badFile{
		{name: "empty", bytes: []byte{}, want: notPlan},
		{name: "random bytes", bytes: random, want: notPlan},
		{name: "foreign bbolt", want: "database of another program", make: func(t *testing.T, path string) {
			editBolt(t, path, func(tx *bbolt.Tx) error {
				b, err := tx.CreateBucket([]byte("widgets"))
				if err != nil {
					return err
				}
				return b.Put([]byte("sprocket"), []byte("42"))
			})
		}},
		{name: "newer schema", want: "written by a newer version of csplan", make: func(t *testing.T, path string) {
			if err := os.WriteFile(path, real, 0o600); err != nil {
				t.Fatal(err)
			}
			editBolt(t, path, func(tx *bbolt.Tx) error {
				return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("99"))
			})
		}},
	}
	for _, n := range []int{1, 100, 4096, 4097, 8192, 3 * 4096, hwm / 2, hwm - 4096, hwm - 1} {
		cases = append(cases, badFile{name: fmt.Sprintf("cut at %d bytes", n), bytes: real[:n], want: notPlan})
	}
	for _, c := range cases {
		for _, ro := range []bool{false, true} {
			name := c.name
			if ro {
				name += " read-only"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, "plan.db")
				if c.make != nil {
					c.make(t, path)
				} else if err := os.WriteFile(path, c.bytes, 0o600); err != nil {
					t.Fatal(err)
				}
				sum, names := fileSum(t, path), dirNames(t, dir)
				args := []string{"--db", path, "totals"}
				if ro {
					args = append(args, "--read-only")
				}
				out, errOut, code := csplan(t, args...)
				msg := strings.TrimSpace(errOut)
				if code != 1 || out != "" {
					t.Errorf("exit %d, want 1; stdout %q", code, out)
				}
				if strings.Count(msg, "\n") != 0 || !strings.HasPrefix(msg, "csplan: "+path+": ") || !strings.Contains(msg, c.want) {
					t.Errorf("want one line naming the file and saying %q, got %q", c.want, msg)
				}
				for _, bad := range []string{"panic", "goroutine", "SIGBUS", "runtime"} {
					if strings.Contains(errOut, bad) {
						t.Errorf("stderr says %q: %s", bad, errOut)
					}
				}
				if fileSum(t, path) != sum {
					t.Error("the file was changed")
				}
				if got := dirNames(t, dir); !slices.Equal(got, names) {
					t.Errorf("the folder changed: %v, was %v", got, names)
				}
			})
		}
	}
}

// TestOldSchemaIsBackedUpThenUpgraded opens a schema 1 file (today's
// layout without the scenarios bucket or the seals) with the real binary: it upgrades
// it, after keeping a byte-for-byte backup beside it.
func TestOldSchemaIsBackedUpThenUpgraded(t *testing.T) {
	dir := t.TempDir()
	path := newPlanIn(t, dir)
	before := totalsJSONOf(t, path)
	downgradeToSchema2(t, path) // values without their seals
	editBolt(t, path, func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket([]byte("scenarios")); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("1"))
	})
	sum := fileSum(t, path)
	_, errOut, code := csplan(t, "--db", path, "--read-only", "totals")
	if code != 1 || !strings.Contains(errOut, "older csplan") || fileSum(t, path) != sum {
		t.Fatalf("read-only open of a schema 1 file: exit %d %q (it must refuse and not change it)", code, errOut)
	}
	if got := totalsJSONOf(t, path); got != before {
		t.Errorf("totals after the upgrade %+v, before %+v", got, before)
	}
	backups, _ := filepath.Glob(path + ".backup-v1-*")
	if len(backups) != 1 {
		t.Fatalf("backups: %v, want one", backups)
	}
	if fileSum(t, backups[0]) != sum {
		t.Error("the backup is not the schema 1 file byte for byte")
	}
	if fi, err := os.Stat(backups[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode: %v %v, want 0600: it holds salaries", fi.Mode(), err)
	}
	if out, errOut, code := csplan(t, "--db", path, "check"); code != 0 {
		t.Errorf("check after the upgrade: exit %d\n%s%s", code, out, errOut)
	}
	if out, _, _ := csplan(t, "--db", path, "scenario", "list"); !strings.Contains(out, "(the plan)") {
		t.Errorf("scenario list after the upgrade:\n%s", out)
	}
}
