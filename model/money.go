// Package model holds the costed plan and all of its arithmetic: money, funding
// sources, priorities, lines, posts, totals and validation. It does no I/O.
package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Money is an exact amount of pounds and pence. It never holds more than two
// decimal places; arithmetic that could produce more (percentages, pro rata)
// rounds explicitly and says so where it happens.
type Money struct {
	d decimal.Decimal
}

// MaxMoney is the first amount csplan refuses: £1bn. No community safety plan
// comes near it, so anything this large is a typing slip.
var MaxMoney = Pounds(1_000_000_000)

var hundred = decimal.NewFromInt(100)

// Pounds returns a whole number of pounds.
func Pounds(n int64) Money { return Money{decimal.NewFromInt(n)} }

// Pence returns an amount given in pence.
func Pence(n int64) Money { return Money{decimal.New(n, -2)} }

// MoneyFromDecimal rounds d to the penny (half away from zero).
func MoneyFromDecimal(d decimal.Decimal) Money { return Money{d.Round(2)} }

// Decimal returns the amount as a decimal number of pounds.
func (m Money) Decimal() decimal.Decimal { return m.d }

// Add returns m + o.
func (m Money) Add(o Money) Money { return Money{m.d.Add(o.d)} }

// Sub returns m - o.
func (m Money) Sub(o Money) Money { return Money{m.d.Sub(o.d)} }

// Neg returns -m.
func (m Money) Neg() Money { return Money{m.d.Neg()} }

// Cmp compares m and o: -1, 0 or +1.
func (m Money) Cmp(o Money) int { return m.d.Cmp(o.d) }

// Equal reports whether m and o are the same amount.
func (m Money) Equal(o Money) bool { return m.d.Equal(o.d) }

// IsZero reports whether m is £0.
func (m Money) IsZero() bool { return m.d.IsZero() }

// Sign returns -1, 0 or +1.
func (m Money) Sign() int { return m.d.Sign() }

// Pennies returns the amount in pence.
func (m Money) Pennies() int64 { return m.d.Shift(2).IntPart() }

// pence returns the amount in pence without allocating, for sums over many
// records. It reports false when it cannot (an exponent it does not expect),
// and the caller then adds decimals instead. Amounts of a plan are under
// £1bn, so the coefficient always fits an int64.
func (m Money) pence() (int64, bool) {
	c := m.d.CoefficientInt64()
	switch m.d.Exponent() {
	case -2:
		return c, true
	case -1:
		return c * 10, true
	case 0:
		return c * 100, true
	}
	return 0, false
}

// toPence returns the amount in pence, without allocating where it can.
func toPence(m Money) int64 {
	if p, ok := m.pence(); ok {
		return p
	}
	return m.Pennies()
}

// penceSum adds amounts in pence, falling back to exact decimals for any
// amount pence cannot read. Its zero value is £0.
type penceSum struct {
	p    int64
	rest decimal.Decimal
	slow bool
}

func (s *penceSum) add(m Money) {
	if p, ok := m.pence(); ok {
		s.p += p
		return
	}
	s.rest, s.slow = s.rest.Add(m.d), true
}

// money returns the sum.
func (s *penceSum) money() Money {
	total := Pence(s.p)
	if s.slow {
		total = total.Add(Money{s.rest})
	}
	return total
}

// MulRate returns m times the given percentage, rounded to the penny.
func (m Money) MulRate(p Percent) Money {
	return MoneyFromDecimal(m.d.Mul(p.d).Div(hundred))
}

// Max returns the larger of m and o.
func (m Money) Max(o Money) Money {
	if m.Cmp(o) >= 0 {
		return m
	}
	return o
}

// String formats the amount for people: £369,000 for whole pounds,
// £1,234.56 otherwise, and -£38,000 for a negative amount.
func (m Money) String() string {
	neg := m.d.Sign() < 0
	a := m.d.Abs()
	whole := a.Truncate(0)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString("£")
	b.WriteString(groupThousands(whole.String()))
	if !a.Equal(whole) {
		b.WriteByte('.')
		frac := a.Sub(whole).Shift(2).IntPart()
		fmt.Fprintf(&b, "%02d", frac)
	}
	return b.String()
}

// Whole formats the amount rounded to whole pounds for display only, e.g.
// £12,346. Sums are always taken on the exact amounts, never on these.
func (m Money) Whole() string {
	return Money{m.d.Round(0)}.String()
}

// Exact formats the amount with its pence always shown, e.g. £369,000.00
// or -£1,234.50, for tables whose figures must add up to the penny.
func (m Money) Exact() string {
	s := m.String()
	if m.d.Equal(m.d.Truncate(0)) {
		s += ".00"
	}
	return s
}

// Plain formats the amount with exactly two decimals and no symbol or
// separators, e.g. -38000.00, for files that spreadsheets read as numbers.
func (m Money) Plain() string { return m.d.StringFixed(2) }

// MarshalJSON writes the amount as a JSON string of its plain form, so no
// reader ever sees it as a float.
func (m Money) MarshalJSON() ([]byte, error) { return json.Marshal(m.Plain()) }

// UnmarshalJSON reads an amount written by MarshalJSON.
func (m *Money) UnmarshalJSON(b []byte) error {
	var s string
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && !bytes.ContainsAny(b[1:n-1], "\\\"") {
		// A plain string, as csplan writes every amount: no escapes to
		// undo. Loading a plan decodes one per line, so this skips a
		// whole json.Unmarshal for each.
		s = string(b[1 : n-1])
	} else if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("amount: %w", err)
	}
	v, err := ParseSignedMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	lead := len(digits) % 3
	if lead > 0 {
		b.WriteString(digits[:lead])
	}
	for i := lead; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// ParseError says which input could not be read and why.
type ParseError struct {
	Input  string
	Reason string
	// Err is the kind of fault, when callers may test for it (ErrNegative);
	// nil otherwise.
	Err error
}

// Unwrap returns the kind of fault, so errors.Is(err, ErrNegative) holds
// for a negative amount.
func (e *ParseError) Unwrap() error { return e.Err }

// Error implements error.
func (e *ParseError) Error() string {
	return fmt.Sprintf("%q is not a valid amount: %s", e.Input, e.Reason)
}

// ErrNegative is wrapped by the error for a negative amount where none is allowed.
var ErrNegative = errors.New("negative amount")

// ParseMoney reads an amount as an officer types it: £1,234.56, 1234.56,
// 1,234, 369k, £12.5k, 1.2m, with spaces around. It refuses negatives.
func ParseMoney(s string) (Money, error) {
	m, err := ParseSignedMoney(s)
	if err != nil {
		return Money{}, err
	}
	if m.Sign() < 0 {
		return Money{}, &ParseError{Input: s, Reason: "it must not be negative", Err: ErrNegative}
	}
	return m, nil
}

// ParseSignedMoney is ParseMoney for fields that may be negative, such as a
// change to a funding source: -£38,000 or £-38k.
func ParseSignedMoney(s string) (Money, error) {
	fail := func(reason string) (Money, error) {
		return Money{}, &ParseError{Input: s, Reason: reason}
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return fail("it is empty")
	}
	neg := false
	// A sign and a pound sign may come in either order: -£5 or £-5.
	for i := 0; i < 2; i++ {
		switch {
		case strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−"):
			if neg {
				return fail("it has two minus signs")
			}
			neg = true
			t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "−")
		case strings.HasPrefix(t, "+"):
			t = t[1:]
		case strings.HasPrefix(t, "£"):
			t = strings.TrimPrefix(t, "£")
		}
		t = strings.TrimSpace(t)
	}
	if t == "" {
		return fail("it has no digits")
	}
	lower := strings.ToLower(t)
	if strings.Contains(lower, "nan") || strings.Contains(lower, "inf") {
		return fail("it is not a number")
	}
	shift := int32(0)
	// The suffix is read from t itself, byte for byte: lower-casing can
	// change a string's length (the Kelvin sign becomes k).
	switch t[len(t)-1] {
	case 'k', 'K':
		shift = 3
		t = strings.TrimSpace(t[:len(t)-1])
	case 'm', 'M':
		shift = 6
		t = strings.TrimSpace(t[:len(t)-1])
	}
	if t == "" {
		return fail("it has no digits")
	}
	intPart, fracPart, hasPoint := strings.Cut(t, ".")
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9', r == ',', r == '.':
		case r == 'e' || r == 'E':
			if strings.IndexFunc(t, func(r rune) bool {
				return (r < '0' || r > '9') && r != 'e' && r != 'E' && r != '.' && r != '-' && r != '+'
			}) < 0 {
				return fail("exponent notation such as 1e5 is not accepted; type the amount in full")
			}
			return fail("it contains letters")
		case (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
			return fail("it contains letters")
		case r == '£' || r == '$' || r == '€':
			return fail("the currency sign is in the wrong place")
		case r == '-' || r == '+' || r == '−':
			return fail("the sign is in the wrong place")
		default:
			return fail(fmt.Sprintf("it contains %q", r))
		}
	}
	if strings.Contains(fracPart, ".") {
		return fail("it has more than one decimal point")
	}
	if strings.Contains(fracPart, ",") {
		return fail("a thousands separator is after the decimal point")
	}
	if intPart == "" && (!hasPoint || fracPart == "") {
		return fail("it has no digits")
	}
	if !hasPoint && shift == 0 && strings.Count(intPart, ",") == 1 {
		// 1,50 is £1.50 written with a decimal comma, or £150 with a
		// separator misplaced: neither may be guessed.
		whole, frac, _ := strings.Cut(intPart, ",")
		if len(frac) == 1 || len(frac) == 2 {
			pence := frac + strings.Repeat("0", 2-len(frac))
			return fail(fmt.Sprintf("it could be %s (a decimal comma) or %s: write %s.%s or %s",
				readAs(whole+"."+pence), readAs(whole+frac), trimZeros(whole), pence, trimZeros(whole+frac)))
		}
	}
	if hasPoint && shift == 0 && len(fracPart) == 3 && !strings.Contains(intPart, ",") &&
		len(intPart) >= 1 && len(intPart) <= 3 && intPart[0] != '0' {
		// 1.500 is £1.50, or £1,500 with a point between the thousands as
		// much of Europe writes it: neither may be guessed.
		thousands := readAs(intPart + fracPart)
		d, err := decimal.NewFromString(intPart + "." + fracPart)
		if err != nil || !d.Equal(d.Truncate(2)) {
			return fail(fmt.Sprintf("it could be %s, or £%s.%s, which is not a whole number of pence: write %s,%s or the amount to the penny",
				thousands, intPart, fracPart, intPart, fracPart))
		}
		typed := d.String()
		if !d.Equal(d.Truncate(0)) {
			typed = d.StringFixed(2)
		}
		return fail(fmt.Sprintf("it could be %s or %s: write %s or %s,%s",
			Money{d}.String(), thousands, typed, intPart, fracPart))
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return fail("a thousands separator is misplaced")
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return fail("a thousands separator is misplaced")
			}
		}
		intPart = strings.Join(groups, "")
	}
	// Leading zeros say nothing: 0000001 is £1, however many there are.
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	digits := intPart
	if fracPart != "" {
		digits += "." + fracPart
	}
	if len(intPart) > 15 {
		return fail("it must be under £1,000,000,000")
	}
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return fail("it is not a number")
	}
	d = d.Shift(shift)
	if !d.Equal(d.Truncate(2)) {
		if shift == 0 {
			return fail("it has more than two decimal places")
		}
		return fail("it comes to a fraction of a penny")
	}
	if d.Cmp(MaxMoney.d) >= 0 {
		return fail("it must be under £1,000,000,000")
	}
	if neg {
		d = d.Neg()
	}
	return Money{d.Truncate(2)}, nil
}

// readAs formats plain digits (with at most one point) as the amount they
// are read as, e.g. £1,500 or £1.50.
func readAs(digits string) string {
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return digits
	}
	return Money{d}.String()
}

// trimZeros drops leading zeros, keeping one digit.
func trimZeros(digits string) string {
	t := strings.TrimLeft(digits, "0")
	if t == "" {
		return "0"
	}
	return t
}

// MustMoney parses s or panics. It is for amounts written in code (the
// built-in plan, tests), never for input.
func MustMoney(s string) Money {
	m, err := ParseSignedMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}
