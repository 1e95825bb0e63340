package store

import (
	"os"

	"golang.org/x/sys/unix"
)

// unnamedFile makes a read-write file with no name: O_TMPFILE in dir, or
// else an anonymous memory file.
func unnamedFile(dir string) (*os.File, error) {
	fd, err := unix.Open(dir, unix.O_RDWR|unix.O_TMPFILE|unix.O_CLOEXEC, 0o600)
	if err == nil {
		return os.NewFile(uintptr(fd), "(private copy in "+dir+")"), nil
	}
	fd, err = unix.MemfdCreate("csplan-private-copy", unix.MFD_CLOEXEC)
	if err == nil {
		return os.NewFile(uintptr(fd), "(private copy in memory)"), nil
	}
	return nil, err
}
