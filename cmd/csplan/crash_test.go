package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"csplan/store"
)

// crashKills is how many times the crash test kills the edit stream: a
// CI-sized number, or at least 200 with CSPLAN_LONG=1.
func crashKills() int {
	if os.Getenv("CSPLAN_LONG") != "" {
		return 200
	}
	return 20
}

// planState is what the crash test checks of a plan file: every line's
// cost, every funding source's status and every scenario's number of steps,
// each as `csplan dev edits` reports them.
type planState struct {
	lines     map[string]string
	funding   map[string]string
	scenarios map[string]string
}

// readState opens the file with the store, runs its check and reads the
// state, closing the file again so the next edit stream can take it.
func readState(t *testing.T, path string) planState {
	t.Helper()
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("reopening after the kill: %v", err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("the store's check after the kill: %v", err)
	}
	p, err := db.Load()
	if err != nil {
		t.Fatal(err)
	}
	scs, err := db.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	s := planState{lines: map[string]string{}, funding: map[string]string{}, scenarios: map[string]string{}}
	for _, l := range p.Lines {
		s.lines[fmt.Sprint(l.ID)] = l.Cost.Plain()
	}
	for _, f := range p.Funding {
		s.funding[fmt.Sprint(f.ID)] = f.Status.String()
	}
	for _, sc := range scs {
		s.scenarios[fmt.Sprint(sc.ID)] = fmt.Sprint(len(sc.Steps))
	}
	return s
}

// reportedEdit is one line of `csplan dev edits`: "ok N ..." on stdout
// after the edit was saved, or "try N ..." on stderr before it was made.
type reportedEdit struct {
	n     int
	add   bool   // a new line: its ID is known only once saved
	del   bool   // a deleted line
	kind  string // "line", "funding" or "scenario"
	id    string // "0" in a try for a record not made yet
	value string // the cost, status or number of steps
}

func parseEdit(t *testing.T, s string) reportedEdit {
	t.Helper()
	f := strings.Fields(s)
	bad := func() reportedEdit { t.Fatalf("cannot read the edit report %q", s); return reportedEdit{} }
	if len(f) < 4 {
		return bad()
	}
	n, err := strconv.Atoi(f[1])
	if err != nil {
		return bad()
	}
	e := reportedEdit{n: n}
	f = f[2:]
	switch f[0] {
	case "add":
		e.add, f = true, f[1:]
	case "delete":
		if len(f) != 3 || f[1] != "line" {
			return bad()
		}
		return reportedEdit{n: n, del: true, kind: "line", id: f[2]}
	}
	if len(f) != 4 {
		return bad()
	}
	e.kind, e.id, e.value = f[0], f[1], f[3]
	return e
}

// apply records a reported edit in the state the file must now have.
func (s planState) apply(t *testing.T, e reportedEdit) {
	t.Helper()
	m := s.of(e.kind)
	_, exists := m[e.id]
	switch {
	case e.del:
		if !exists {
			t.Fatalf("edit %d deleted line %s, which the file did not have", e.n, e.id)
		}
		delete(m, e.id)
	case e.add:
		if exists {
			t.Fatalf("edit %d added line %s, whose ID was in use", e.n, e.id)
		}
		m[e.id] = e.value
	default:
		if !exists && e.kind != "scenario" {
			t.Fatalf("edit %d changed %s %s, which the file did not have", e.n, e.kind, e.id)
		}
		m[e.id] = e.value
	}
}

func (s planState) of(kind string) map[string]string {
	switch kind {
	case "line":
		return s.lines
	case "funding":
		return s.funding
	case "scenario":
		return s.scenarios
	}
	panic("unknown kind " + kind)
}

// explains reports whether the one edit that was in flight at the kill
// (announced but not reported) accounts for a difference between the
// reported state and the file: the file may hold it or not, but nothing
// else.
func (e *reportedEdit) explains(kind, id, want, got string, wantOK, gotOK bool) bool {
	if e == nil || e.kind != kind {
		return false
	}
	switch {
	case e.del:
		return id == e.id && wantOK && !gotOK
	case e.add:
		return !wantOK && gotOK && got == e.value
	case e.id == "0": // a new scenario
		return !wantOK && gotOK && got == e.value
	default:
		return id == e.id && wantOK && gotOK && got == e.value
	}
}

// compare fails the test for every way the file differs from what was
// reported, except the in-flight edit, and says whether that edit was
// found saved.
func compare(t *testing.T, want, got planState, inFlight *reportedEdit) (savedUnreported bool) {
	t.Helper()
	diffs := 0
	for _, kind := range []string{"line", "funding", "scenario"} {
		w, g := want.of(kind), got.of(kind)
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		for id := range keys {
			wv, wok := w[id]
			gv, gok := g[id]
			if wok == gok && wv == gv {
				continue
			}
			diffs++
			if diffs > 1 || !inFlight.explains(kind, id, wv, gv, wok, gok) {
				t.Errorf("%s %s: reported %q (present %v), file has %q (present %v); in flight: %+v",
					kind, id, wv, wok, gv, gok, inFlight)
			}
		}
	}
	return diffs == 1
}

// editRun is one `csplan dev edits` process and the lines read from it so
// far, in order.
type editRun struct {
	cmd      *exec.Cmd
	oks      chan string
	tries    chan string
	deadline time.Time
	read     map[<-chan string][]string
}

func startEdits(t *testing.T, db string, seed int) *editRun {
	t.Helper()
	cmd := exec.Command(binary, "--db", db, "dev", "edits", "--count", "1000000",
		"--seed", strconv.Itoa(seed), "--intents")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The buffers hold far more lines than a run writes before it is killed,
	// so the process never blocks on a full pipe.
	r := &editRun{cmd: cmd, oks: make(chan string, 1<<16), tries: make(chan string, 1<<16),
		deadline: time.Now().Add(60 * time.Second), read: map[<-chan string][]string{}}
	pump := func(rd io.Reader, c chan<- string) {
		sc := bufio.NewScanner(rd)
		for sc.Scan() {
			c <- sc.Text()
		}
		close(c)
	}
	go pump(stdout, r.oks)
	go pump(stderr, r.tries)
	return r
}

// next waits for the next line on c; ok is false once the process has
// closed it. The deadline only guards against a hang.
func (r *editRun) next(t *testing.T, c <-chan string) (string, bool) {
	t.Helper()
	select {
	case s, ok := <-c:
		if ok {
			r.read[c] = append(r.read[c], s)
		}
		return s, ok
	case <-time.After(time.Until(r.deadline)):
		_ = r.cmd.Process.Kill()
		t.Fatal("csplan dev edits stopped writing")
		return "", false
	}
}

// kill SIGKILLs the process, then reads everything it wrote before it died.
func (r *editRun) kill(t *testing.T) (oks, tries []string) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for _, c := range []<-chan string{r.oks, r.tries} {
		for _, ok := r.next(t, c); ok; _, ok = r.next(t, c) {
		}
	}
	oks, tries = r.read[r.oks], r.read[r.tries]
	err := r.cmd.Wait()
	if ws, ok := r.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("csplan dev edits ended before it was killed (%v):\n%s", err, strings.Join(tries, "\n"))
	}
	return oks, tries
}

// TestCrashKeepsEveryReportedEdit kills a stream of real edits with SIGKILL
// at random moments: before it has opened the file, right after it
// reported an edit, and in the middle of saving one. After every kill the
// file must pass both checks and hold every edit reported as saved; the one
// edit in flight may be there or not. Undo and redo must still work.
func TestCrashKeepsEveryReportedEdit(t *testing.T) {
	kills := crashKills()
	db := filepath.Join(t.TempDir(), "plan.db")
	if out, errOut, code := csplan(t, "--db", db, "dev", "gen", "--lines", "300", "--posts", "30",
		"--scenarios", "4", "--seed", "7"); code != 0 {
		t.Fatalf("dev gen: exit %d\n%s%s", code, out, errOut)
	}
	want := readState(t, db)
	const seed = 20261126
	r := rand.New(rand.NewPCG(seed, 0))
	t.Logf("%d kills, seed %d", kills, seed)
	start := time.Now()
	var edits, savedUnreported, midSave int
	for k := 1; k <= kills; k++ {
		run := startEdits(t, db, k)
		// The moment of the kill: at once (the file is being opened), right
		// after the wait-th report, or once the next edit has started.
		wait := r.IntN(40)
		mode := r.IntN(3)
		if k == 1 {
			mode = 0
		}
		if mode != 0 {
			for i := 0; i < wait; i++ {
				if _, ok := run.next(t, run.oks); !ok {
					break
				}
			}
		}
		if mode == 2 {
			midSave++
			for {
				s, ok := run.next(t, run.tries)
				if !ok || strings.HasPrefix(s, fmt.Sprintf("try %d ", wait+1)) {
					break
				}
			}
		}
		oks, tries := run.kill(t)
		last := 0
		for _, s := range oks {
			e := parseEdit(t, s)
			if e.n != last+1 {
				t.Fatalf("kill %d: reports out of order: %q after edit %d", k, s, last)
			}
			last = e.n
			want.apply(t, e)
		}
		var inFlight *reportedEdit
		if len(tries) > 0 {
			if e := parseEdit(t, tries[len(tries)-1]); e.n == last+1 {
				inFlight = &e
			}
		}
		edits += last
		got := readState(t, db)
		if compare(t, want, got, inFlight) {
			savedUnreported++
		}
		if t.Failed() {
			t.Fatalf("kill %d (after %d reported edits, in flight %+v): the file lost or changed a saved edit", k, last, inFlight)
		}
		want = got
		if out, errOut, code := csplan(t, "--db", db, "check"); code != 0 {
			t.Fatalf("kill %d: csplan check: exit %d\n%s%s", k, code, out, errOut)
		}
		if edits > 0 && (k%5 == 0 || k == kills) {
			undoRedo(t, db)
		}
	}
	t.Logf("%d kills (%d in the middle of a save) in %v; %d edits reported; %d kills found the edit in flight saved but not reported",
		kills, midSave, time.Since(start).Round(time.Millisecond), edits, savedUnreported)
}

// undoRedo undoes the newest change and redoes it with the real binary,
// and checks the totals come back exactly.
func undoRedo(t *testing.T, db string) {
	t.Helper()
	before, _, _ := csplan(t, "--db", db, "totals", "--json")
	if out, errOut, code := csplan(t, "--db", db, "undo"); code != 0 || !strings.HasPrefix(out, "Undone: ") {
		t.Fatalf("undo after a kill: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := csplan(t, "--db", db, "redo"); code != 0 || !strings.HasPrefix(out, "Redone: ") {
		t.Fatalf("redo after a kill: exit %d\n%s%s", code, out, errOut)
	}
	if after, _, _ := csplan(t, "--db", db, "totals", "--json"); after != before {
		t.Fatalf("totals changed over undo and redo:\n%s\n%s", before, after)
	}
}
