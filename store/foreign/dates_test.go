package foreign

import (
	"errors"
	"strings"
	"testing"

	"csplan/store/planfile"
)

// TestPostDatesReadAsMonths: a post's start and end given as dates are
// read as months of the financial year most of the dates are in; a start
// before it is April and an end after it March, each said.
func TestPostDatesReadAsMonths(t *testing.T) {
	tb := table("",
		[]string{"Post", "Theme", "Salary", "Start", "End"},
		[]string{"Analyst", "Violence Prevention", "30000", "01/07/2017", "2018-03-31"},
		[]string{"Coordinator", "Violence Prevention", "28000", "1 Jan 2015", "31 Dec 2017"},
		[]string{"Outreach worker", "Violence Prevention", "25000", "April", "30 Jun 2019"},
	)
	res, err := Read(tb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]int{{4, 12}, {1, 9}, {1, 12}}
	for i, po := range res.Plan.Posts {
		if got := [2]int{po.StartMonth, po.EndMonth}; got != want[i] {
			t.Errorf("%s: months %v, want %v", po.Title, got, want[i])
		}
	}
	var said []string
	for _, n := range res.Notes {
		said = append(said, n.String())
	}
	all := strings.Join(said, "\n")
	for _, w := range []string{"rows 2, 3 and 4: start or end given as dates, read as months of 2017/18",
		"starts 1 Jan 2015, before 2017/18, so it is read as in post from April",
		"ends 30 Jun 2019, after 2017/18, so it is read as in post to March"} {
		if !strings.Contains(all, w) {
			t.Errorf("notes do not say %q:\n%s", w, all)
		}
	}
}

// TestPostDateOutsideYearIsAProblem: a start after the year the sheet's
// dates are in cannot be a month of it, and is reported at its cell.
func TestPostDateOutsideYearIsAProblem(t *testing.T) {
	tb := table("Staff",
		[]string{"Post", "Theme", "Salary", "Start", "End"},
		[]string{"Analyst", "Violence Prevention", "30000", "01/04/2017", "31/03/2018"},
		[]string{"Coordinator", "Violence Prevention", "28000", "01/05/2019", "31/03/2018"},
	)
	_, err := Read(tb, Options{})
	var de *planfile.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("got %v, want a DecodeError", err)
	}
	if got := de.Problems[0].String(); !strings.HasPrefix(got, `Staff!D3 (column "Start"): 1 May 2019 is outside 2017/18`) {
		t.Errorf("problem %q", got)
	}
}
