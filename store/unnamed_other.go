//go:build !linux

package store

import (
	"errors"
	"os"
)

// errNoUnnamedFile: this system cannot make a file without a name.
var errNoUnnamedFile = errors.New("no unnamed files here")

// unnamedFile cannot make a file without a name on this system: the copy
// is made beside the plan and unlinked at once (see snapshot.go).
func unnamedFile(string) (*os.File, error) { return nil, errNoUnnamedFile }
