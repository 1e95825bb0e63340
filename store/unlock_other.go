//go:build !unix

package store

import "os"

// releaseLock does nothing here: closing the file lets go of its lock.
func releaseLock(*os.File) {}

// processAlive cannot tell here, so a holder record is always believed.
func processAlive(int) bool { return true }

// readOnlyFS cannot tell here.
func readOnlyFS(error) bool { return false }
