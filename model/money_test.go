package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestParseMoneyAccepts(t *testing.T) {
	cases := []struct {
		in   string
		want string // Plain form
	}{
		{"£1,234.56", "1234.56"},
		{"1234.56", "1234.56"},
		{"1,234", "1234.00"},
		{"369k", "369000.00"},
		{"369K", "369000.00"},
		{"£12.5k", "12500.00"},
		{"1.2m", "1200000.00"},
		{"1.2M", "1200000.00"},
		{"  £38,000  ", "38000.00"},
		{"0", "0.00"},
		{".5", "0.50"},
		{"7.", "7.00"},
		{"1,234,567.89", "1234567.89"},
		{"£ 100", "100.00"},
		{"1.23456k", "1234.56"},
		{"999,999,999.99", "999999999.99"},
		{"+5", "5.00"},
		// Leading zeros say nothing, however many.
		{"0000001", "1.00"},
		{"0000000000000000000001", "1.00"},
		// A point that cannot separate thousands is a decimal point.
		{"0.500", "0.50"},
		{"1234.500", "1234.50"},
		{"1,234.500", "1234.50"},
		{"1.500k", "1500.00"},
	}
	for _, c := range cases {
		got, err := ParseMoney(c.in)
		if err != nil {
			t.Errorf("ParseMoney(%q): unexpected error %v", c.in, err)
			continue
		}
		if got.Plain() != c.want {
			t.Errorf("ParseMoney(%q) = %s, want %s", c.in, got.Plain(), c.want)
		}
	}
}

func TestParseMoneyRejects(t *testing.T) {
	cases := []struct {
		in     string
		reason string
	}{
		{"", "empty"},
		{"   ", "empty"},
		{"1e5", "exponent"},
		{"1E5", "exponent"},
		{"12.3456", "more than two decimal places"},
		{"12.345", "could be £12,345, or £12.345, which is not a whole number of pence: write 12,345 or"},
		{"1,23", "could be £1.23 (a decimal comma) or £123: write 1.23 or 123"},
		{"12,34.5", "thousands separator"},
		{",123", "thousands separator"},
		{"1234,567", "thousands separator"},
		{"1.234,56", "thousands separator is after"},
		{"abc", "letters"},
		{"12abc", "letters"},
		{"NaN", "not a number"},
		{"inf", "not a number"},
		{"Infinity", "not a number"},
		{"1,000,000,000", "under £1,000,000,000"},
		{"1bn", "letters"},
		{"1000m", "under £1,000,000,000"},
		{"-5", "negative"},
		{"-£38,000", "negative"},
		{"1.2.3", "more than one decimal point"},
		{"£", "no digits"},
		{"k", "no digits"},
		{"1.234567k", "fraction of a penny"},
		{"5£", "wrong place"},
		{"5-", "wrong place"},
		{"12 345", "contains"},
		{"9999999999999999999999", "under £1,000,000,000"},
		{".", "no digits"},
		// Three digits after one point: a decimal point, or thousands
		// separated as much of Europe writes them. Both readings named.
		{"1.500", "could be £1.50 or £1,500: write 1.50 or 1,500"},
		{"12.000", "could be £12 or £12,000: write 12 or 12,000"},
		{"19.430", "could be £19.43 or £19,430: write 19.43 or 19,430"},
		{"£100.123", "could be £100,123, or £100.123, which is not a whole number of pence"},
		// A decimal comma.
		{"1,50", "could be £1.50 (a decimal comma) or £150: write 1.50 or 150"},
		{"1,5", "could be £1.50 (a decimal comma) or £15: write 1.50 or 15"},
	}
	for _, c := range cases {
		_, err := ParseMoney(c.in)
		if err == nil {
			t.Errorf("ParseMoney(%q): expected an error", c.in)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Input != c.in {
			t.Errorf("ParseMoney(%q): error %v does not quote the input", c.in, err)
		}
		if !strings.Contains(err.Error(), c.reason) {
			t.Errorf("ParseMoney(%q) error %q does not say %q", c.in, err, c.reason)
		}
	}
}

func TestParseSignedMoney(t *testing.T) {
	for in, want := range map[string]string{
		"-£38,000": "-38000.00",
		"£-38k":    "-38000.00",
		"-0.01":    "-0.01",
		"−12":      "-12.00", // a typographic minus, as pasted from a report
	} {
		got, err := ParseSignedMoney(in)
		if err != nil || got.Plain() != want {
			t.Errorf("ParseSignedMoney(%q) = %v, %v; want %s", in, got.Plain(), err, want)
		}
	}
	if _, err := ParseSignedMoney("--5"); err == nil {
		t.Error("two minus signs were accepted")
	}
}

func TestMoneyString(t *testing.T) {
	cases := []struct {
		m    Money
		want string
	}{
		{Pounds(369000), "£369,000"},
		{Pence(123456), "£1,234.56"},
		{Pounds(-38000), "-£38,000"},
		{Pence(-5), "-£0.05"},
		{Pounds(0), "£0"},
		{Pence(1050), "£10.50"},
		{Pounds(999), "£999"},
		{Pounds(1000), "£1,000"},
		{Pounds(1234567), "£1,234,567"},
	}
	for _, c := range cases {
		if got := c.m.String(); got != c.want {
			t.Errorf("%s.String() = %q, want %q", c.m.Plain(), got, c.want)
		}
	}
	if got := Pence(1234550).Whole(); got != "£12,346" {
		t.Errorf("Whole rounds half up: got %s", got)
	}
	if got := Pence(-1234550).Whole(); got != "-£12,346" {
		t.Errorf("Whole rounds half away from zero: got %s", got)
	}
	for _, c := range []struct {
		m    Money
		want string
	}{{Pounds(369000), "£369,000.00"}, {Pence(-123450), "-£1,234.50"}, {Pence(5), "£0.05"}, {Money{}, "£0.00"}} {
		if got := c.m.Exact(); got != c.want {
			t.Errorf("%s.Exact() = %q, want %q", c.m.Plain(), got, c.want)
		}
	}
}

func TestMoneyJSONRoundTrip(t *testing.T) {
	m := Pence(-123456)
	b, err := m.MarshalJSON()
	if err != nil || string(b) != `"-1234.56"` {
		t.Fatalf("MarshalJSON = %s, %v", b, err)
	}
	var back Money
	if err := back.UnmarshalJSON(b); err != nil || !back.Equal(m) {
		t.Fatalf("UnmarshalJSON = %v, %v", back, err)
	}
	if err := back.UnmarshalJSON([]byte(`1.5`)); err == nil {
		t.Error("a JSON number was accepted as an amount")
	}
}

// genMoney draws any amount csplan can hold: up to £1bn less a penny.
func genMoney(t *rapid.T, label string) Money {
	p := rapid.Int64Range(-99_999_999_999, 99_999_999_999).Draw(t, label)
	return Pence(p)
}

func TestParseFormatRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMoney(t, "pence")
		for _, s := range []string{m.String(), m.Plain()} {
			back, err := ParseSignedMoney(s)
			if err != nil {
				t.Fatalf("ParseSignedMoney(%q): %v", s, err)
			}
			if !back.Equal(m) {
				t.Fatalf("round trip of %s gave %s", s, back.Plain())
			}
		}
	})
}

func TestWholeNeverChangesSums(t *testing.T) {
	// Display rounding is only display: the exact sum of amounts is the
	// sum of their pennies, whatever Whole shows.
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 50).Draw(t, "n")
		var sum Money
		var pennies int64
		for i := 0; i < n; i++ {
			m := Pence(rapid.Int64Range(0, 10_000_000).Draw(t, "p"))
			_ = m.Whole()
			sum = sum.Add(m)
			pennies += m.Pennies()
		}
		if sum.Pennies() != pennies {
			t.Fatalf("sum %s != %d pence", sum.Plain(), pennies)
		}
	})
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"£1,234.56", "369k", "1e5", "-£38,000", "1.2m", "", "NaN", "1,23", "£-1k", "0.001k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseSignedMoney(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		if m.Decimal().Abs().Cmp(MaxMoney.Decimal()) >= 0 {
			t.Fatalf("accepted %q as %s, over the limit", s, m.Plain())
		}
		if !m.Decimal().Equal(m.Decimal().Truncate(2)) {
			t.Fatalf("accepted %q with fractions of a penny", s)
		}
		back, err := ParseSignedMoney(m.String())
		if err != nil || !back.Equal(m) {
			t.Fatalf("format of %q does not parse back: %v", s, err)
		}
	})
}

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]string{"13.8": "13.8", "13.8%": "13.8", " 50 % ": "50", "0.5": "0.5", "100": "100"} {
		p, err := ParsePercent(in)
		if err != nil || p.Plain() != want {
			t.Errorf("ParsePercent(%q) = %v, %v", in, p, err)
		}
	}
	for _, in := range []string{"", "abc", "1e2", "12.34567", "5000"} {
		if _, err := ParsePercent(in); err == nil || !strings.Contains(err.Error(), "percentage") {
			t.Errorf("ParsePercent(%q) accepted or unclear: %v", in, err)
		}
	}
}

func TestParseMoneyKelvinSign(t *testing.T) {
	// U+212A lower-cases to "k" and is not the suffix k.
	if _, err := ParseMoney("12\u212a"); err == nil || !strings.Contains(err.Error(), "it contains") {
		t.Errorf("Kelvin sign: %v", err)
	}
}

func TestPenceSumMatchesDecimalSum(t *testing.T) {
	// penceSum reads pence straight from the decimal's coefficient; any
	// exponent it does not expect must fall back to exact decimals.
	rapid.Check(t, func(t *rapid.T) {
		var fast penceSum
		exact := Money{}
		n := rapid.IntRange(0, 40).Draw(t, "n")
		for i := 0; i < n; i++ {
			var m Money
			switch rapid.IntRange(0, 3).Draw(t, "form") {
			case 0:
				m = Pounds(rapid.Int64Range(-1e9, 1e9).Draw(t, "pounds"))
			case 1:
				m = Pence(rapid.Int64Range(-1e11, 1e11).Draw(t, "pence"))
			case 2:
				m = MustMoney(Pence(rapid.Int64Range(-1e11+1, 1e11-1).Draw(t, "typed")).String())
			default:
				// An exponent of 3: a value pence cannot read directly.
				m = Money{decimal.New(rapid.Int64Range(-1e5, 1e5).Draw(t, "thousands"), 3)}
			}
			fast.add(m)
			exact = exact.Add(m)
		}
		if !fast.money().Equal(exact) {
			t.Fatalf("pence sum %s, exact %s", fast.money().Plain(), exact.Plain())
		}
	})
}

// ErrNegative is what callers test for, so a negative amount must be
// recognisable through the ParseError that names the input; other faults
// must not be.
func TestParseMoneyNegativeIsErrNegative(t *testing.T) {
	for _, s := range []string{"-1", "-£38,000", "£-5k"} {
		_, err := ParseMoney(s)
		var pe *ParseError
		if !errors.Is(err, ErrNegative) || !errors.As(err, &pe) || pe.Input != s {
			t.Errorf("ParseMoney(%q) = %v: want a ParseError naming the input that is ErrNegative", s, err)
		}
	}
	if _, err := ParseMoney("lots"); errors.Is(err, ErrNegative) {
		t.Errorf("ParseMoney(\"lots\") = %v, which says it is negative", err)
	}
}
