package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestHistoryTimeShowsTheYearOfOldChanges(t *testing.T) {
	now := time.Now()
	if got := historyTime(now); strings.Contains(got, fmt.Sprint(now.Year())) {
		t.Errorf("this year's change shows its year: %q", got)
	}
	old := time.Date(2017, 3, 1, 9, 30, 0, 0, time.Local)
	if got := historyTime(old); got != "1 Mar 2017 09:30" {
		t.Errorf("an old change reads %q", got)
	}
}
