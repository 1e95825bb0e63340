package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// tmuxServers numbers the tmux servers the tests start.
var tmuxServers atomic.Int32

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
	// A server of its own for each session: one just killed may still be
	// going away when the next starts.
	s := &tmuxSession{t: t, socket: fmt.Sprintf("csplan-test-%d-%d", os.Getpid(), tmuxServers.Add(1)), name: "e2e"}
	command := binary
	for _, a := range args {
		command += " '" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	s.run("new-session", "-d", "-s", s.name, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height),
		"env", "NO_COLOR=1", "TERM=xterm-256color", "sh", "-c", "trap '' INT; "+command+"; echo csplan-exited-$?; sleep 60")
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

// pane reads one of tmux's format variables for the pane, such as
// #{alternate_on}.
func (s *tmuxSession) pane(format string) string {
	return strings.TrimSpace(s.run("display-message", "-p", "-t", s.name, format))
}

// signal sends sig to the csplan running in the pane (the shell's child).
func (s *tmuxSession) signal(sig syscall.Signal) {
	s.t.Helper()
	shell := s.pane("#{pane_pid}")
	out, err := exec.Command("pgrep", "-P", shell).Output()
	if err != nil {
		s.t.Fatalf("no csplan under the pane's shell %s: %v", shell, err)
	}
	pid, err := strconv.Atoi(strings.Fields(string(out))[0])
	if err != nil {
		s.t.Fatal(err)
	}
	if err := syscall.Kill(pid, sig); err != nil {
		s.t.Fatal(err)
	}
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

// TestEndToEndSignalsGiveTheTerminalBack stops the editor with each signal
// a closed terminal, kill or ctrl-c from outside sends: the terminal must
// come back as it was (main screen, cursor shown, mouse off) and the exit
// code says which signal stopped it.
func TestEndToEndSignalsGiveTheTerminalBack(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGHUP, 129}, {syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			db := newPlan(t)
			tm := newTmux(t, 100, 30, "--db", db)
			tm.waitFor("Headroom £0 if pending is approved")
			if tm.pane("#{alternate_on}") != "1" || tm.pane("#{mouse_any_flag}") != "1" {
				t.Fatalf("the editor is not in the alternate screen with the mouse on: %s %s",
					tm.pane("#{alternate_on}"), tm.pane("#{mouse_any_flag}"))
			}
			tm.signal(c.sig)
			tm.waitFor(fmt.Sprintf("csplan-exited-%d", c.code))
			for format, want := range map[string]string{
				"#{alternate_on}": "0", "#{mouse_any_flag}": "0", "#{cursor_flag}": "1",
			} {
				if got := tm.pane(format); got != want {
					t.Errorf("after %v, %s is %s, want %s", c.sig, format, got, want)
				}
			}
		})
	}
}

// TestEndToEndInterruptAtImportQuestion presses ctrl-c at the import's
// question: nothing is imported and csplan exits 130.
func TestEndToEndInterruptAtImportQuestion(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	csv := filepath.Join(dir, "plan.csv")
	if _, stderr, code := csplan(t, "--db", db, "export", "-o", csv); code != 0 {
		t.Fatal(stderr)
	}
	// The file differs from the plan, so an import would change it.
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "Community champions", "Community champions (renamed)", 1)
	if edited == string(data) {
		t.Fatal("the export has no line Community champions")
	}
	if err := os.WriteFile(csv, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	history, _, _ := csplan(t, "--db", db, "history")
	tm := newTmux(t, 100, 30, "--db", db, "import", csv)
	tm.waitFor("[y/N]")
	tm.keys("C-c")
	tm.waitFor("csplan-exited-130")
	if after, _, _ := csplan(t, "--db", db, "history"); after != history {
		t.Errorf("the plan changed after ctrl-c at the question; history was\n%s\nand is\n%s", history, after)
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
