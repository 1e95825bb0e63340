package model

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Percent is an exact percentage such as 13.8 (for 13.8%). It is kept to at
// most four decimal places.
type Percent struct {
	d decimal.Decimal
}

// Pct returns a percentage from a string such as "13.8". It panics on a bad
// literal and is for figures written in code, never for input.
func Pct(s string) Percent {
	p, err := ParsePercent(s)
	if err != nil {
		panic(err)
	}
	return p
}

// PercentFromDecimal returns d percent, rounded to four decimal places.
func PercentFromDecimal(d decimal.Decimal) Percent { return Percent{d.Round(4)} }

// Decimal returns the percentage as a number (13.8 for 13.8%).
func (p Percent) Decimal() decimal.Decimal { return p.d }

// Cmp compares p and o.
func (p Percent) Cmp(o Percent) int { return p.d.Cmp(o.d) }

// Equal reports whether p and o are the same.
func (p Percent) Equal(o Percent) bool { return p.d.Equal(o.d) }

// IsZero reports whether p is 0%.
func (p Percent) IsZero() bool { return p.d.IsZero() }

// String formats the percentage without trailing zeros, e.g. 13.8%.
func (p Percent) String() string { return p.d.String() + "%" }

// Plain formats the number alone, e.g. 13.8, for files.
func (p Percent) Plain() string { return p.d.String() }

// MarshalJSON writes the percentage as a JSON string.
func (p Percent) MarshalJSON() ([]byte, error) { return json.Marshal(p.Plain()) }

// UnmarshalJSON reads a percentage written by MarshalJSON.
func (p *Percent) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("percentage: %w", err)
	}
	v, err := ParsePercent(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParsePercent reads a percentage as typed: "13.8", "13.8%", " 50 % ".
// Negative values are allowed here; fields that forbid them check the range.
func ParsePercent(s string) (Percent, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if t == "" {
		return Percent{}, fmt.Errorf("%q is not a valid percentage: it is empty", s)
	}
	for _, r := range t {
		if !(r >= '0' && r <= '9') && r != '.' && r != '-' {
			return Percent{}, fmt.Errorf("%q is not a valid percentage: it contains %q", s, r)
		}
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return Percent{}, fmt.Errorf("%q is not a valid percentage", s)
	}
	if !d.Equal(d.Truncate(4)) {
		return Percent{}, fmt.Errorf("%q is not a valid percentage: more than four decimal places", s)
	}
	if d.Abs().Cmp(decimal.NewFromInt(1000)) > 0 {
		return Percent{}, fmt.Errorf("%q is not a valid percentage: it is out of range", s)
	}
	return Percent{d}, nil
}
