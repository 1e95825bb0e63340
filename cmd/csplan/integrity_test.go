package main

import (
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"csplan/store"
)

// downgradeToSchema2 rewrites a plan file as csplan schema 2 wrote it:
// every value without its nine-byte seal (store/seal.go), schema "2".
func downgradeToSchema2(t *testing.T, path string) {
	t.Helper()
	b, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bbolt.Bucket) error {
			type kv struct{ k, v []byte }
			var all []kv
			err := bk.ForEach(func(k, v []byte) error {
				if v == nil || (string(name) == "meta" && (string(k) == "app" || string(k) == "schema")) {
					return nil
				}
				all = append(all, kv{append([]byte(nil), k...), append([]byte(nil), v[9:]...)})
				return nil
			})
			if err != nil {
				return err
			}
			for _, r := range all {
				if err := bk.Put(r.k, r.v); err != nil {
					return err
				}
			}
			if string(name) == "meta" {
				return bk.Put([]byte("schema"), []byte("2"))
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func dirState(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(e.Name()))
		h.Write(b)
	}
	return [32]byte(h.Sum(nil))
}

// TestCheckNeverWrites: csplan check on a sound file from an older csplan
// says it would be upgraded and leaves the file and its folder as they
// were; a damaged older file is refused by every command before anything
// is written, backup included.
func TestCheckNeverWrites(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "plan.db")
	if out, errOut, code := csplan(t, "--db", db, "init"); code != 0 {
		t.Fatalf("init: %d %s%s", code, out, errOut)
	}
	downgradeToSchema2(t, db)
	before := dirState(t, dir)
	out, errOut, code := csplan(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "older csplan (schema 2)") || !strings.Contains(out, "the file is sound") {
		t.Errorf("check of a schema-2 file: exit %d\n%s%s", code, out, errOut)
	}
	if dirState(t, dir) != before {
		t.Fatal("check wrote to the file or its folder")
	}

	// Damaged: a line's JSON cut short. Every command refuses it unwritten.
	b, err := bbolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bbolt.Tx) error {
		bk := tx.Bucket([]byte("lines"))
		k, v := bk.Cursor().First()
		return bk.Put(append([]byte(nil), k...), append([]byte(nil), v[:len(v)/2]...))
	})
	_ = b.Close()
	if err != nil {
		t.Fatal(err)
	}
	before = dirState(t, dir)
	for _, args := range [][]string{{"check"}, {"totals"}, {"undo"}} {
		out, errOut, code := csplan(t, append([]string{"--db", db}, args...)...)
		if code == 0 || !strings.Contains(out+errOut, "damaged") {
			t.Errorf("csplan %v on a damaged schema-2 file: exit %d\n%s%s", args, code, out, errOut)
		}
		if dirState(t, dir) != before {
			t.Fatalf("csplan %v wrote to a damaged file or its folder (a backup?)", args)
		}
	}
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
		time.Sleep(at)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			killed++
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
