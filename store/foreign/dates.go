package foreign

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"csplan/model"
	"csplan/store/planfile"
)

// textDates are the ways a CSV cell may give a date, day before month
// as in the UK.
var textDates = []string{"2006-01-02", "2/1/2006", "2 January 2006", "2 Jan 2006", "2-Jan-2006", "2-Jan-06"}

// parseTextDate reads a date written out as text, ok false for anything
// else (a month's name or number is not a date).
func parseTextDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range textDates {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// financialYear is the calendar year a date's financial year starts in:
// 2017 for any day from 1 April 2017 to 31 March 2018.
func financialYear(d time.Time) int {
	if d.Month() < time.April {
		return d.Year() - 1
	}
	return d.Year()
}

// fyMonth is a date's month of the financial year, 1 (April) to 12.
func fyMonth(d time.Time) int { return (int(d.Month())+8)%12 + 1 }

// yearName names a financial year as csplan does: "2017/18".
func yearName(y int) string { return fmt.Sprintf("%d/%02d", y, (y+1)%100) }

// datedCell is a post's start or end given as a date, to be set to its
// month once the year the sheet's dates are in is known.
type datedCell struct {
	cells  []string
	at     int
	field  Field
	date   time.Time
	sheet  string
	row    int
	column Column
	// key is the row's number among all the sheets read (see ReadParts).
	key int
}

// monthsOfDates sets each dated start and end to its month of the
// financial year most of the dates fall in (the earliest such year on a
// tie). A start before that year is read as April and an end after it as
// March, and said; a start after it or an end before it cannot be, and
// is a problem at its cell.
func monthsOfDates(cells []datedCell, problem func(d datedCell, reason string)) []planfile.RowProblem {
	if len(cells) == 0 {
		return nil
	}
	count := map[int]int{}
	for _, c := range cells {
		count[financialYear(c.date)]++
	}
	year := 0
	for y, n := range count {
		if year == 0 || n > count[year] || (n == count[year] && y < year) {
			year = y
		}
	}
	var notes []planfile.RowProblem
	var rows []int
	for _, c := range cells {
		fy := financialYear(c.date)
		month := fyMonth(c.date)
		day := c.date.Format("2 Jan 2006")
		switch {
		case fy == year:
		case c.field == Start && fy < year:
			month = 1
			notes = append(notes, planfile.RowProblem{Sheet: c.sheet, Row: c.row, Column: c.column.Header, Reason: fmt.Sprintf(
				"the post starts %s, before %s, so it is read as in post from April", day, yearName(year))})
		case c.field == End && fy > year:
			month = 12
			notes = append(notes, planfile.RowProblem{Sheet: c.sheet, Row: c.row, Column: c.column.Header, Reason: fmt.Sprintf(
				"the post ends %s, after %s, so it is read as in post to March", day, yearName(year))})
		default:
			problem(c, fmt.Sprintf("%s is outside %s, the financial year the sheet's other dates are in: "+
				"give the month within that year, or leave the post out", day, yearName(year)))
			continue
		}
		c.cells[c.at] = model.MonthName(month)
		if !slices.Contains(rows, c.row) {
			rows = append(rows, c.row)
		}
	}
	if len(rows) > 0 {
		notes = append([]planfile.RowProblem{{Sheet: cells[0].sheet, Reason: fmt.Sprintf(
			"%s: start or end given as dates, read as months of %s (1 Apr 2017 is April)", rowList(rows), yearName(year))}}, notes...)
	}
	return notes
}
