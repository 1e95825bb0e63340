package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"csplan/store"
)

// binary is the csplan built once for the tests that run it as a process.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "csplan-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "csplan")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// csplan runs the built binary with a hang guard and returns its output and
// exit code.
func csplan(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runBinary(t, append(os.Environ(), "NO_COLOR=1"), nil, args...)
}

// runBinary runs the built binary with env and stdin (nil: none), failing
// the test if it runs past 30 seconds.
func runBinary(t *testing.T, env []string, stdin io.Reader, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = env
	cmd.Stdin = stdin
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("csplan %v did not finish", args)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("csplan %v: %v", args, err)
	}
	return o.String(), e.String(), code
}

// newPlan makes a plan file with the built-in plan (csplan init) in a
// folder of its own and returns its path.
func newPlan(t *testing.T) string {
	t.Helper()
	return newPlanIn(t, t.TempDir())
}

// newPlanIn makes dir/plan.db with csplan init.
func newPlanIn(t *testing.T, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "plan.db")
	if out, errOut, code := csplan(t, "--db", db, "init"); code != 0 {
		t.Fatalf("csplan init: exit %d\n%s%s", code, out, errOut)
	}
	return db
}

type totalsOut struct {
	Envelope          string `json:"envelope"`
	Allocated         string `json:"allocated"`
	HeadroomConfirmed string `json:"headroom_confirmed"`
	HeadroomAll       string `json:"headroom_with_pending"`
	Fit               string `json:"fit"`
	LineCount         int    `json:"line_count"`
	PostCount         int    `json:"post_count"`
}

func totalsJSONOf(t *testing.T, db string) totalsOut {
	t.Helper()
	out, errOut, code := csplan(t, "--db", db, "totals", "--json")
	if code != 0 {
		t.Fatalf("totals --json: exit %d: %s", code, errOut)
	}
	var got totalsOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("totals --json is not JSON: %v\n%s", err, out)
	}
	return got
}

func TestBuiltInPlanTotals(t *testing.T) {
	db := newPlan(t)
	got := totalsJSONOf(t, db)
	want := totalsOut{Envelope: "407000.00", Allocated: "407000.00", HeadroomConfirmed: "-38000.00",
		HeadroomAll: "0.00", Fit: "relies_on_pending", LineCount: 14, PostCount: 5}
	if got != want {
		t.Errorf("totals = %+v\nwant %+v", got, want)
	}
	fi, err := os.Stat(db)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("plan file mode %v, want 0600: it holds salaries", fi.Mode().Perm())
	}
	out, _, code := csplan(t, "--db", db, "totals")
	for _, want := range []string{"Safer Wolverhampton Partnership: costed plan 2017/18", "£407,000", "-£38,000", "fits only if pending money is approved"} {
		if !strings.Contains(out, want) {
			t.Errorf("totals does not show %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestCheckHistoryUndoRedo(t *testing.T) {
	db := newPlan(t)
	out, errOut, code := csplan(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "the file is sound") {
		t.Fatalf("check: exit %d\n%s%s", code, out, errOut)
	}
	_, errOut, code = csplan(t, "--db", db, "undo")
	if code == 0 || strings.TrimSpace(errOut) != "csplan: nothing to undo: the plan is as it was first made" {
		t.Errorf("undo on a new plan: exit %d, %q", code, errOut)
	}
	// Make a change through the store, then undo and redo it from the command line.
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteLine(p.Lines[0].ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if got := totalsJSONOf(t, db); got.LineCount != 13 {
		t.Fatalf("line not deleted: %+v", got)
	}
	out, _, code = csplan(t, "--db", db, "undo")
	if code != 0 || !strings.HasPrefix(out, "Undone: ") {
		t.Errorf("undo: exit %d %q", code, out)
	}
	if got := totalsJSONOf(t, db); got.LineCount != 14 || got.Allocated != "407000.00" {
		t.Errorf("after undo: %+v", got)
	}
	out, _, code = csplan(t, "--db", db, "redo")
	if code != 0 || !strings.HasPrefix(out, "Redone: ") {
		t.Errorf("redo: exit %d %q", code, out)
	}
	out, _, _ = csplan(t, "--db", db, "history", "-n", "5")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "Deleted line") || !strings.Contains(lines[1], "Created the plan") {
		t.Errorf("history:\n%s", out)
	}
}

func TestSecondProcessGetsClearError(t *testing.T) {
	db := newPlan(t)
	holder, err := store.Open(db, store.Options{User: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	host, _ := os.Hostname()
	start := time.Now()
	_, errOut, code := csplan(t, "--db", db, "undo")
	took := time.Since(start)
	t.Logf("second csplan gave up after %v", took)
	if code == 0 {
		t.Fatal("a second csplan changed a plan that is being edited")
	}
	msg := strings.TrimSpace(errOut)
	if strings.Count(msg, "\n") != 0 || !strings.Contains(msg, "open in another csplan") || !strings.Contains(msg, "--read-only") {
		t.Errorf("message is not one clear line naming --read-only: %q", msg)
	}
	// It names who has the plan and since when.
	if !strings.Contains(msg, "by sam on "+host+" since ") {
		t.Errorf("the message does not say who holds the plan: %q", msg)
	}
	// The lock wait is one second; allow for a slow, busy machine but never
	// a hang.
	if took > 10*time.Second {
		t.Errorf("took %v to give up", took)
	}
	// --read-only looks at a snapshot meanwhile, and says so.
	out, errOut, code := csplan(t, "--db", db, "--read-only", "totals", "--json")
	if code != 0 || !strings.Contains(out, `"allocated": "407000.00"`) || !strings.Contains(errOut, "read-only snapshot") {
		t.Errorf("read-only while another edits: exit %d\n%s%s", code, out, errOut)
	}
	_, errOut, code = csplan(t, "--db", db, "--read-only", "undo")
	if code == 0 || !strings.Contains(errOut, "read-only") {
		t.Errorf("undo in a read-only snapshot: exit %d %q", code, errOut)
	}
}

// TestReadingCommandsWorkBesideTheEditor runs every command that only reads
// while another csplan has the plan open for editing: each reads the last
// saved state and says so on stderr, naming who has the plan.
func TestReadingCommandsWorkBesideTheEditor(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	holder, err := store.Open(db, store.Options{User: "sam"})
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := os.Stat(store.HolderPath(db)); err != nil {
		t.Fatalf("no holder record beside the plan: %v", err)
	}
	for _, args := range [][]string{
		{"totals"}, {"check"}, {"history"}, {"export"},
		{"export", "-o", filepath.Join(dir, "out.csv")},
		{"scenario", "list"}, {"scenario", "show", "Carry-forward refused"},
		{"scenario", "compare", "Carry-forward refused"},
	} {
		out, errOut, code := csplan(t, append([]string{"--db", db}, args...)...)
		if code != 0 || out == "" && args[0] != "export" {
			t.Errorf("%v beside the editor: exit %d\n%s%s", args, code, out, errOut)
			continue
		}
		if !strings.Contains(errOut, "last saved state") || !strings.Contains(errOut, "by sam on ") {
			t.Errorf("%v does not say it reads the last saved state of sam's plan: %q", args, errOut)
		}
	}
	if err := holder.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(store.HolderPath(db)); err == nil {
		t.Error("the holder record is left after the plan was closed")
	}
}

func TestErrorsAreOneClearLine(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("this is not a plan"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--db", junk, "totals"}, "not a csplan plan database"},
		{[]string{"--db", filepath.Join(dir, "missing.db"), "--read-only", "totals"}, "no plan file"},
		{[]string{"--db", filepath.Join(dir, "p.db"), "history", "-n", "-3"}, "-n -3"},
		{[]string{"--no-such-flag"}, "unknown flag"},
		{[]string{"totals", "extra"}, "unknown command"},
	}
	for _, c := range cases {
		out, errOut, code := csplan(t, c.args...)
		msg := strings.TrimSpace(errOut)
		if code == 0 || !strings.Contains(msg, c.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "panic") {
			t.Errorf("csplan %v: exit %d, stderr %q, stdout %q", c.args, code, errOut, out)
		}
	}
	if b, _ := os.ReadFile(junk); string(b) != "this is not a plan" {
		t.Error("the junk file was changed")
	}
}
