package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Period is a month of the financial year as the ledger counts it: P1 is
// April, P12 is March. The zero Period is "no period yet" (the year has
// not started); valid periods are 1 to 12.
type Period int

// Periods is the number of periods in a financial year.
const Periods = 12

// Valid reports whether p is one of P1 to P12.
func (p Period) Valid() bool { return p >= 1 && p <= Periods }

// String returns the period as the ledger writes it: "P3".
func (p Period) String() string { return fmt.Sprintf("P%d", int(p)) }

// Month returns the period's month name: P3 is "June".
func (p Period) Month() string { return MonthName(int(p)) }

// Quarter returns the quarter the period falls in: P1-P3 are Q1.
func (p Period) Quarter() Quarter {
	if !p.Valid() {
		return 0
	}
	return Quarter((int(p)-1)/3 + 1)
}

// CalendarYear returns the calendar year in which period p of a financial
// year starting in startYear falls: January to March are in the next year.
func (p Period) CalendarYear(startYear int) int {
	if p >= 10 {
		return startYear + 1
	}
	return startYear
}

// Label returns the period with its month and calendar year, as the
// officer reads it: "P3, June 2017" for a plan starting in 2017.
func (p Period) Label(startYear int) string {
	return p.String() + ", " + MonthDate(startYear, int(p))
}

// Quarter is a quarter of the financial year: Q1 is April to June (P1-P3),
// Q4 is January to March (P10-P12).
type Quarter int

// Valid reports whether q is one of Q1 to Q4.
func (q Quarter) Valid() bool { return q >= 1 && q <= 4 }

// String returns the quarter as "Q2".
func (q Quarter) String() string { return fmt.Sprintf("Q%d", int(q)) }

// First returns the quarter's first period: Q2 starts at P4.
func (q Quarter) First() Period { return Period(3*int(q) - 2) }

// Last returns the quarter's last period: Q2 ends at P6.
func (q Quarter) Last() Period { return Period(3 * int(q)) }

// Months returns the quarter's months, abbreviated: "Jul-Sep".
func (q Quarter) Months() string {
	if !q.Valid() {
		return "no months"
	}
	return q.First().Month()[:3] + "-" + q.Last().Month()[:3]
}

// Label returns the quarter with its months and calendar year, as the
// officer reads it: "Q2, Jul-Sep 2017" for a plan starting in 2017. No
// quarter spans two calendar years, so one year names it.
func (q Quarter) Label(startYear int) string {
	return q.String() + ", " + q.Months() + " " + strconv.Itoa(q.First().CalendarYear(startYear))
}

// ParseQuarter reads a quarter: "Q2", "q2" or "2".
func ParseQuarter(s string) (Quarter, error) {
	t := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "Q")
	if n, err := strconv.Atoi(t); err == nil && t == strconv.Itoa(n) && n >= 1 && n <= 4 {
		return Quarter(n), nil
	}
	return 0, fmt.Errorf("%q is not a quarter: give Q1 (Apr-Jun) to Q4 (Jan-Mar)", s)
}

// periodDateLayouts are the dates a ledger export or an officer may write,
// day first as in the UK. A date is read with the first layout that takes
// it whole.
var periodDateLayouts = []string{
	"2006-01-02",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05Z07:00",
	"2/1/2006",
	"2/1/2006 15:04",
	"2/1/2006 15:04:05",
	"2-1-2006",
	"2.1.2006",
	"2/1/06",
	"2 Jan 2006",
	"2 January 2006",
	"2-Jan-2006",
	"2-Jan-06",
	"Jan 2006",
	"January 2006",
	"Jan-2006",
	"Jan-06",
	"2006-01",
}

// ParsePeriod reads a period of the financial year that starts in April
// startYear, as a ledger export or an officer writes it: "P3" or "P03",
// "3" or "03", a month name or its first three letters or more ("June",
// "jun"), or a date inside the year ("15/06/2017", "2017-06-15",
// "15-Jun-2017", "Jun 2017"). A date outside the year is refused with the
// year's dates in the message, so a file from the wrong year is caught
// rather than booked to the wrong month.
func ParsePeriod(s string, startYear int) (Period, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("period is empty: give P1 (April) to P12 (March), a month name, or a date in %s", FinancialYear(startYear))
	}
	if len(t) > 40 {
		return 0, fmt.Errorf("period %.20q... is too long: give P1 (April) to P12 (March), a month name, or a date in %s", t, FinancialYear(startYear))
	}
	num := t
	if len(num) > 1 && (num[0] == 'P' || num[0] == 'p') {
		num = strings.TrimSpace(num[1:])
	}
	if n, ok := smallNumber(num); ok {
		if n >= 1 && n <= Periods {
			return Period(n), nil
		}
		return 0, fmt.Errorf("%q is not a period: periods run from P1 (April) to P12 (March)", s)
	}
	if m, err := ParseMonth(t); err == nil {
		return Period(m), nil
	}
	for _, layout := range periodDateLayouts {
		d, err := time.Parse(layout, t)
		if err != nil {
			continue
		}
		return PeriodOfDate(d, startYear)
	}
	return 0, fmt.Errorf("%q is not a period: give P1 (April) to P12 (March), 1 to 12, a month name, or a date in %s such as 15/06/%d",
		s, FinancialYear(startYear), startYear)
}

// smallNumber reads one or two ASCII digits.
func smallNumber(s string) (int, bool) {
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// PeriodOfDate returns the period in which date d falls, for the financial
// year that starts on 1 April startYear, or an error naming the year's
// first and last days when d is outside it.
func PeriodOfDate(d time.Time, startYear int) (Period, error) {
	y, m, _ := d.Date()
	p := (int(m)-int(time.April)+12)%12 + 1
	if Period(p).CalendarYear(startYear) != y {
		return 0, fmt.Errorf("%s is outside the financial year %s (1 April %d to 31 March %d)",
			d.Format("2 January 2006"), FinancialYear(startYear), startYear, startYear+1)
	}
	return Period(p), nil
}
