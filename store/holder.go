package store

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// A holder record says who has a plan open for editing, so a second csplan
// that cannot get the file can say who to ask and since when. It is a small
// file beside the plan (HolderPath), mode 0600, written once the lock is
// taken and removed on Close. bbolt's lock is what keeps two editors apart;
// the record only names the one that got in. A csplan that is killed
// leaves its record behind: the next editor writes over it, and a record
// whose process is gone (on this host) is ignored.
type holder struct {
	User  string    `json:"user"`
	Host  string    `json:"host"`
	PID   int       `json:"pid"`
	Since time.Time `json:"since"`
}

// HolderPath is the file beside a plan that names who has it open.
func HolderPath(path string) string { return path + ".holder" }

// writeHolder records that this process has path open for editing. A
// failure is not an error: the record only improves a message.
func (s *DB) writeHolder() {
	host, _ := os.Hostname()
	h := holder{User: s.user, Host: host, PID: os.Getpid(), Since: time.Now()}
	raw, err := json.Marshal(h)
	if err != nil {
		return
	}
	name := HolderPath(s.path)
	// Not through a temporary file: the record is advisory, and a rename
	// could leave a temporary beside the plan. Remove first so a record left
	// by another user is replaced with one of ours at 0600.
	_ = os.Remove(name)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return
	}
	_, werr := f.Write(raw)
	if cerr := f.Close(); werr != nil || cerr != nil {
		_ = os.Remove(name)
		return
	}
	s.holding = true
}

// removeHolder removes the record written by writeHolder, if it is still
// this process's.
func (s *DB) removeHolder() {
	if !s.holding {
		return
	}
	s.holding = false
	if h, ok := readHolder(s.path); ok && h.PID == os.Getpid() {
		_ = os.Remove(HolderPath(s.path))
	}
}

// readHolder reads the record of who has path open, if there is a sound
// one whose process may still be running.
func readHolder(path string) (holder, bool) {
	name := HolderPath(path)
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > 4096 {
		return holder{}, false
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		return holder{}, false
	}
	var h holder
	if err := json.Unmarshal(raw, &h); err != nil || h.User == "" || h.PID <= 0 {
		return holder{}, false
	}
	if host, _ := os.Hostname(); host != "" && host == h.Host && !processAlive(h.PID) {
		return holder{}, false
	}
	return h, true
}

// describe says who holds the plan, in the officer's words, e.g.
// "by sam on laptop-3 since 14:02 on Mon 5 Feb".
func (h holder) describe(now time.Time) string {
	since := h.Since.Local()
	when := since.Format("15:04 on Mon 2 Jan")
	if y, m, d := since.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		when = since.Format("15:04") + " today"
	} else if y != now.Year() {
		when = since.Format("15:04 on 2 Jan 2006")
	}
	who := h.User
	if h.Host != "" {
		who += " on " + h.Host
	}
	return fmt.Sprintf("by %s since %s", who, when)
}
