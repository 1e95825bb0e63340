//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// releaseLock lets go of bbolt's lock on a file whose open failed half
// way. Closing the descriptor is not enough on Unix: the lock belongs to
// the open file, which the memory map bbolt left behind keeps open, so a
// refused file would stay locked until csplan exits.
func releaseLock(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// processAlive reports whether a process with this id is running here.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

// readOnlyFS reports whether err says the file system is mounted read-only.
func readOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }
