//go:build linux

package main

import (
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"csplan/store"
)

// watchFolders reports on the channel whenever a file is made in one of
// the folders (inotify), until the test ends.
func watchFolders(t *testing.T, dirs ...string) <-chan struct{} {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, err := unix.InotifyAddWatch(fd, d, unix.IN_CREATE|unix.IN_MOVED_TO); err != nil {
			t.Fatal(err)
		}
	}
	f := os.NewFile(uintptr(fd), "inotify")
	t.Cleanup(func() { _ = f.Close() })
	c := make(chan struct{}, 1)
	go func() {
		buf := make([]byte, 4096)
		for {
			if _, err := f.Read(buf); err != nil {
				return
			}
			select {
			case c <- struct{}{}:
			default:
			}
		}
	}()
	return c
}

// TestKilledReadersLeaveNoCopies kills --read-only readers with SIGKILL at
// random moments while they open a plan another csplan is editing (so they
// copy it), and wants nothing left in their temporary folder, nor beside
// the plan once the next csplan has started.
func TestKilledReadersLeaveNoCopies(t *testing.T) {
	kills := crashKills()
	dir := t.TempDir()
	db := filepath.Join(dir, "plan.db")
	if out, errOut, code := csplan(t, "--db", db, "dev", "gen", "--lines", "3000", "--posts", "300", "--seed", "7"); code != 0 {
		t.Fatalf("dev gen: exit %d\n%s%s", code, out, errOut)
	}
	tmp := t.TempDir()
	// This test holds the plan for editing, as the editor would.
	writer, err := store.Open(db, store.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	reader := func() *exec.Cmd {
		cmd := exec.Command(binary, "--db", db, "--read-only", "totals")
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "NO_COLOR=1")
		return cmd
	}
	// How long a reader takes to open, copy and show the plan here, so the
	// kills fall across its whole life (it is not a limit).
	start := time.Now()
	if out, err := reader().CombinedOutput(); err != nil {
		t.Fatalf("a reader beside the editor failed: %v\n%s", err, out)
	}
	life := time.Since(start)
	// A copy appearing in the temporary folder or beside the plan is
	// reported at once, and the reader is killed right then: the worst
	// moment, where a kill leaves a named copy behind.
	appeared := watchFolders(t, tmp, dir)
	r := rand.New(rand.NewPCG(20261126, 2))
	killed := 0
	for k := 0; k < kills; k++ {
		cmd := reader()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The moment of the kill, chosen at random in the reader's life
		// (every other one in its last sixth, where it copies the plan
		// once it has waited for the lock); nothing waits for anything.
		at := time.Duration(r.Int64N(int64(life) + 1))
		if k%2 == 1 {
			at = life - time.Duration(r.Int64N(int64(life)/6+1))
		}
		timer := time.NewTimer(at)
		select {
		case <-appeared:
		case <-timer.C:
		}
		timer.Stop()
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
		}
		for len(appeared) > 0 {
			<-appeared
		}
		if es, _ := os.ReadDir(tmp); len(es) != 0 {
			t.Fatalf("kill %d: the temporary folder holds %s", k+1, es[0].Name())
		}
	}
	_ = writer.Close()
	if out, errOut, code := csplan(t, "--db", db, "check"); code != 0 {
		t.Fatalf("check after the kills: exit %d\n%s%s", code, out, errOut)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".plan.db.csplan-copy-*")); len(m) != 0 {
		t.Errorf("copies left beside the plan after the next csplan started: %v", m)
	}
	t.Logf("%d readers killed while running (of %d) in a life of about %v", killed, kills, life.Round(time.Millisecond))
}
