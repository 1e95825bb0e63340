package model

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

func TestParsePeriodList(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []Period
	}{
		{"", nil},
		{"Apr-Jun", []Period{1, 2, 3}},
		{"P1-P3", []Period{1, 2, 3}},
		{"4, 6", []Period{4, 6}},
		{"july", []Period{4}},
		{"Jun, Apr-May, 3", []Period{1, 2, 3}},
		{"Jan-Mar", []Period{10, 11, 12}},
		{"15-Jun-2017", []Period{3}},
	} {
		got, err := ParsePeriodList(c.in, 2017)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ParsePeriodList(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"Jun-Apr", "P13", "Apr-Smarch", "P0-P2"} {
		if _, err := ParsePeriodList(bad, 2017); err == nil {
			t.Errorf("ParsePeriodList(%q) took it", bad)
		}
	}
}

// TestPeriodListRoundTrip: what FormatPeriodList writes, ParsePeriodList
// reads back as the same periods.
func TestPeriodListRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		set := rapid.SliceOfDistinct(rapid.IntRange(1, 12), rapid.ID[int]).Draw(t, "periods")
		var ps []Period
		for _, p := range set {
			ps = append(ps, Period(p))
		}
		slices.Sort(ps)
		got, err := ParsePeriodList(FormatPeriodList(ps), 2017)
		if err != nil || !slices.Equal(got, ps) {
			t.Fatalf("%v written %q read back as %v, %v", ps, FormatPeriodList(ps), got, err)
		}
	})
}
