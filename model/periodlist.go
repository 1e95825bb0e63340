package model

import (
	"fmt"
	"strings"
)

// ParsePeriodList reads a set of periods as an officer types them: periods
// and ranges separated by commas, each end as ParsePeriod reads it ("P1-P3",
// "Apr-Jun", "4, 6", "July"). An empty text is no periods. A range runs
// forwards within the year: "Jun-Apr" is refused rather than read as
// wrapping round. The periods come back in order, each once.
func ParsePeriodList(s string, startYear int) ([]Period, error) {
	var in [Periods]bool
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		from, to := part, part
		// A hyphen between two ends is a range; a date's own hyphens
		// (15-Jun-2017) are not, so a part that reads whole is one period.
		if _, err := ParsePeriod(part, startYear); err != nil {
			if a, b, ok := strings.Cut(part, "-"); ok {
				from, to = a, b
			}
		}
		first, err := ParsePeriod(from, startYear)
		if err != nil {
			return nil, err
		}
		last, err := ParsePeriod(to, startYear)
		if err != nil {
			return nil, err
		}
		if last < first {
			return nil, fmt.Errorf("%q runs backwards: give the earlier period first, as %s-%s", part, last, first)
		}
		for p := first; p <= last; p++ {
			in[p-1] = true
		}
	}
	var out []Period
	for i, ok := range in {
		if ok {
			out = append(out, Period(i+1))
		}
	}
	return out, nil
}

// FormatPeriodList writes periods as runs of months, as ParsePeriodList
// reads them back: "Apr-Jun, Sep". No periods is "".
func FormatPeriodList(ps []Period) string {
	var in [Periods]bool
	for _, p := range ps {
		if p.Valid() {
			in[p-1] = true
		}
	}
	var parts []string
	for i := 0; i < Periods; i++ {
		if !in[i] {
			continue
		}
		j := i
		for j+1 < Periods && in[j+1] {
			j++
		}
		short := func(k int) string { return MonthName(k + 1)[:3] }
		if j == i {
			parts = append(parts, short(i))
		} else {
			parts = append(parts, short(i)+"-"+short(j))
		}
		i = j
	}
	return strings.Join(parts, ", ")
}
