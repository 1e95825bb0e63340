package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives the real binary in a tmux session on a private server,
// reading the screen as the officer would.
type tmuxSession struct {
	t      *testing.T
	socket string
	name   string
}

func newTmux(t *testing.T, width, height int, args ...string) *tmuxSession {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("tmux is missing on CI; .ci/run installs it")
		}
		t.Skip("tmux is not installed")
	}
	s := &tmuxSession{t: t, socket: fmt.Sprintf("csplan-test-%d", os.Getpid()), name: "e2e"}
	command := binary
	for _, a := range args {
		command += " '" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	s.run("new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height),
		"env", "NO_COLOR=1", "TERM=xterm-256color", "sh", "-c", command+"; echo csplan-exited-$?; sleep 60")
	t.Cleanup(func() { exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	return s
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", s.socket}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", s.name) }

func (s *tmuxSession) keys(keys ...string) {
	s.run(append([]string{"send-keys", "-t", s.name}, keys...)...)
}

// waitFor polls the screen until it shows every one of want, or fails after
// a deadline, showing the last screen.
func (s *tmuxSession) waitFor(want ...string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		scr := s.screen()
		ok := true
		for _, w := range want {
			if !strings.Contains(scr, w) {
				ok = false
				break
			}
		}
		if ok {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the screen never showed %q; it shows:\n%s", want, scr)
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not synchronisation
	}
}

func TestEndToEndDeleteUndoInTmux(t *testing.T) {
	db := newPlan(t)
	tm := newTmux(t, 100, 30, "--db", db)
	tm.waitFor("Safer Wolverhampton Partnership", "Headroom £0 if pending is approved")

	tm.keys("2")
	scr := tm.waitFor("14 lines costing")
	if !strings.Contains(scr, "Reducing reoffending st") {
		t.Fatalf("the first line is not the reoffending strategy:\n%s", scr)
	}
	// Delete the first line (£6,000) after confirming.
	tm.keys("d")
	tm.waitFor("y/n")
	tm.keys("y")
	tm.waitFor("13 lines costing", "Headroom £6,000 if pending is approved", "-£32,000 on confirmed money alone")

	tm.keys("u")
	tm.waitFor("14 lines costing", "Headroom £0 if pending is approved", "-£38,000 on confirmed money alone")

	tm.keys("q")
	tm.waitFor("csplan-exited-0")

	got := totalsJSONOf(t, db)
	if got.LineCount != 14 || got.Allocated != "407000.00" || got.HeadroomAll != "0.00" || got.HeadroomConfirmed != "-38000.00" {
		t.Errorf("saved plan after delete and undo: %+v", got)
	}
	out, _, _ := csplan(t, "--db", db, "history", "-n", "3")
	if !strings.Contains(out, "(undone)") {
		t.Errorf("history does not show the undone delete:\n%s", out)
	}
}

// TestEditorAsksBeforeMakingANamedPlan: the editor on a --db path that is
// not there asks first; no makes nothing, yes makes the plan and opens it.
func TestEditorAsksBeforeMakingANamedPlan(t *testing.T) {
	dir := t.TempDir()
	db := dir + "/typo/plan.db"
	tm := newTmux(t, 100, 30, "--db", db)
	tm.waitFor("There is no plan file at", "[y/N]")
	tm.keys("n", "Enter")
	tm.waitFor("nothing was made", "csplan init", "csplan-exited-1")
	if got := dirNames(t, dir); len(got) != 0 {
		t.Fatalf("no made %v", got)
	}
	tm.run("kill-server")

	tm = newTmux(t, 100, 30, "--db", db)
	tm.waitFor("[y/N]")
	tm.keys("y", "Enter")
	tm.waitFor("Safer Wolverhampton Partnership", "Headroom £0 if pending is approved")
	tm.keys("q")
	tm.waitFor("csplan-exited-0")
	if got := totalsJSONOf(t, db); got.LineCount != 14 {
		t.Errorf("the plan made: %+v", got)
	}
}
