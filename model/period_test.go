package model

import (
	"strings"
	"testing"
	"time"
)

func TestPeriodAndQuarterLabels(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Period(1).Label(2017), "P1, April 2017"},
		{Period(3).Label(2017), "P3, June 2017"},
		{Period(9).Label(2017), "P9, December 2017"},
		{Period(10).Label(2017), "P10, January 2018"},
		{Period(12).Label(2017), "P12, March 2018"},
		{Quarter(1).Label(2017), "Q1, Apr-Jun 2017"},
		{Quarter(2).Label(2017), "Q2, Jul-Sep 2017"},
		{Quarter(3).Label(2017), "Q3, Oct-Dec 2017"},
		{Quarter(4).Label(2017), "Q4, Jan-Mar 2018"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	for p := Period(1); p <= Periods; p++ {
		q := p.Quarter()
		if p < q.First() || p > q.Last() {
			t.Errorf("%s is in %s, which runs %s-%s", p, q, q.First(), q.Last())
		}
	}
	if Period(0).Quarter() != 0 || Period(13).Quarter() != 0 {
		t.Error("a period outside P1-P12 has a quarter")
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Period
	}{
		{"P1", 1}, {"p12", 12}, {" P03 ", 3}, {"P 7", 7},
		{"1", 1}, {"12", 12}, {"06", 6},
		{"April", 1}, {"apr", 1}, {"JUNE", 3}, {"Sept", 6}, {"march", 12},
		{"2017-04-01", 1}, {"2018-03-31", 12}, {"15/06/2017", 3}, {"5/1/2018", 10},
		{"15-Jun-2017", 3}, {"15 June 2017", 3}, {"15-Jun-17", 3}, {"Jan 2018", 10},
		{"January 2018", 10}, {"2017-06-15 00:00:00", 3}, {"2017-06-15T09:30:00", 3},
		{"30.09.2017", 6}, {"2017-12", 9},
	} {
		got, err := ParsePeriod(c.in, 2017)
		if err != nil || got != c.want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"", "period is empty"},
		{"P0", "periods run from P1 (April) to P12 (March)"},
		{"P13", "periods run from P1 (April) to P12 (March)"},
		{"13", "periods run from P1 (April) to P12 (March)"},
		{"ju", "is not a period"},
		{"Q1", "is not a period"},
		{"P-1", "is not a period"},
		{"2017-03-31", "31 March 2017 is outside the financial year 2017/18 (1 April 2017 to 31 March 2018)"},
		{"01/04/2018", "1 April 2018 is outside the financial year 2017/18"},
		{"31/02/2018", "is not a period"}, // no such day
		{"06/15/2017", "is not a period"}, // month first
		{strings.Repeat("x", 100), "is too long"},
	} {
		_, err := ParsePeriod(c.in, 2017)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParsePeriod(%q) = %v; want an error containing %q", c.in, err, c.want)
		}
	}
}

func TestParseQuarter(t *testing.T) {
	for in, want := range map[string]Quarter{"Q1": 1, "q4": 4, " 2 ": 2} {
		if got, err := ParseQuarter(in); err != nil || got != want {
			t.Errorf("ParseQuarter(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "Q0", "Q5", "Q", "QQ1", "Q01", "P1"} {
		if _, err := ParseQuarter(in); err == nil || !strings.Contains(err.Error(), "is not a quarter") {
			t.Errorf("ParseQuarter(%q) = %v; want a refusal", in, err)
		}
	}
}

// FuzzParsePeriod feeds ParsePeriod what a ledger export or an officer
// might write in a period column. It must never panic; an accepted period
// is P1-P12 and reads back the same from its own forms (P3, 3, June, and
// its first day as a date); a refusal says what it is about.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"P1", "p12", "P03", "13", "0", "April", "sep", "ma", "2017-06-15", "15/06/2017",
		"31/03/2018", "01/04/2018", "15-Jun-17", "Jan 2018", "", "P", "PP1", "2017-13-01", "29/02/2018",
		"١", "P１", "2017-06-15T00:00:00Z", "2017-06-15T00:00:00+14:00", "\x00", strings.Repeat("9", 50)} {
		f.Add(s, 2017)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		if year < 1900 || year > 2999 {
			year = 2017
		}
		p, err := ParsePeriod(s, year)
		if err != nil {
			msg := err.Error()
			if !strings.Contains(msg, "period") && !strings.Contains(msg, "outside the financial year") {
				t.Fatalf("ParsePeriod(%q): unclear refusal %q", s, msg)
			}
			return
		}
		if !p.Valid() {
			t.Fatalf("ParsePeriod(%q) = %v, not P1-P12", s, p)
		}
		first := time.Date(p.CalendarYear(year), time.Month((int(p)+2)%12+1), 1, 0, 0, 0, 0, time.UTC)
		for _, form := range []string{p.String(), p.Month(), p.Month()[:3], first.Format("2006-01-02"), first.Format("02/01/2006")} {
			back, err := ParsePeriod(form, year)
			if err != nil || back != p {
				t.Fatalf("ParsePeriod(%q) = %v, but %q reads back as %v, %v", s, p, form, back, err)
			}
		}
	})
}
