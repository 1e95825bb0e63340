package model

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestParseProfile(t *testing.T) {
	q := func(ws ...string) []Money {
		var out []Money
		for _, w := range ws {
			out = append(out, MustMoney(w))
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want Profile
	}{
		{"", Profile{}},
		{" Default ", Profile{}},
		{"even", Profile{Kind: ProfileEven}},
		{"Months  in post", Profile{Kind: ProfileMonthsInPost}},
		{"all in P3", Profile{Kind: ProfileOnePeriod, Period: 3}},
		{"All in June", Profile{Kind: ProfileOnePeriod, Period: 3}},
		{"one period 12", Profile{Kind: ProfileOnePeriod, Period: 12}},
		{"by quarter: 4000; £2,000.00; 2000 ; 0", Profile{Kind: ProfileQuarters, Weights: q("4000", "2000", "2000", "0")}},
		{"periods: 1;1;1;1;1;1;1;1;1;1;1;0.5", Profile{Kind: ProfilePeriods, Weights: q("1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "0.5")}},
	} {
		got, err := ParseProfile(tc.in)
		if err != nil {
			t.Errorf("ParseProfile(%q): %v", tc.in, err)
			continue
		}
		if got.Kind != tc.want.Kind || got.Period != tc.want.Period || len(got.Weights) != len(tc.want.Weights) {
			t.Errorf("ParseProfile(%q) = %+v, want %+v", tc.in, got, tc.want)
			continue
		}
		for i := range got.Weights {
			if !got.Weights[i].Equal(tc.want.Weights[i]) {
				t.Errorf("ParseProfile(%q) = %+v, want %+v", tc.in, got, tc.want)
			}
		}
	}
	for _, in := range []string{"lumpy", "by quarter", "by quarter: 1; 2; 3", "by quarter: 0;0;0;0", "by quarter: 1;-1;1;1",
		"even: 1", "all in P13", "all in", "by period: 1;2", "by quarter: 1;x;1;1", strings.Repeat("a", 2000)} {
		if _, err := ParseProfile(in); err == nil {
			t.Errorf("ParseProfile(%q) accepted it", in)
		}
	}
}

// GenProfile draws a profile that passes Check.
func genProfile(t *rapid.T) Profile {
	weights := func(n int) []Money {
		ws := make([]Money, n)
		for i := range ws {
			ws[i] = Pence(rapid.Int64Range(0, 99_999_999_99).Draw(t, "weight"))
		}
		ws[rapid.IntRange(0, n-1).Draw(t, "nonzero")] = Pence(rapid.Int64Range(1, 99_999_999_99).Draw(t, "weight"))
		return ws
	}
	switch rapid.IntRange(0, 5).Draw(t, "kind") {
	case 1:
		return Profile{Kind: ProfileEven}
	case 2:
		return Profile{Kind: ProfileMonthsInPost}
	case 3:
		return Profile{Kind: ProfileOnePeriod, Period: Period(rapid.IntRange(1, 12).Draw(t, "period"))}
	case 4:
		return Profile{Kind: ProfileQuarters, Weights: weights(4)}
	case 5:
		return Profile{Kind: ProfilePeriods, Weights: weights(Periods)}
	}
	return Profile{}
}

// ParseProfile reads back exactly what Text writes.
func TestProfileTextRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pr := genProfile(t)
		back, err := ParseProfile(pr.Text())
		if err != nil {
			t.Fatalf("ParseProfile(%q): %v", pr.Text(), err)
		}
		if back.Text() != pr.Text() || back.Kind != pr.Kind || back.Period != pr.Period {
			t.Fatalf("%+v is written %q and read back %+v", pr, pr.Text(), back)
		}
	})
}

// FuzzParseProfile: ParseProfile never panics; what it accepts passes
// Check and reads back the same from its Text.
func FuzzParseProfile(f *testing.F) {
	for _, s := range []string{"", "even", "months in post", "all in P3", "All in June", "by quarter: 1; 2; 3; 4",
		"periods: 1;1;1;1;1;1;1;1;1;1;1;£1,000.50", "one period", "by quarter:;;;", "all in 15/06/2017"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pr, err := ParseProfile(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an empty error")
			}
			return
		}
		if err := pr.Check(); err != nil {
			t.Fatalf("ParseProfile(%q) = %+v, which fails Check: %v", s, pr, err)
		}
		back, err := ParseProfile(pr.Text())
		if err != nil || back.Text() != pr.Text() {
			t.Fatalf("ParseProfile(%q) = %q, which reads back as %q (%v)", s, pr.Text(), back.Text(), err)
		}
	})
}
