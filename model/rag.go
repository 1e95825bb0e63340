package model

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// RAG is a red, amber or green flag on a variance.
type RAG int

// The RAG statuses, in order of concern, so sorting by RAG puts red last
// (or first, descending).
const (
	Green RAG = iota
	Amber
	Red
)

// String returns "green", "amber" or "red".
func (r RAG) String() string {
	switch r {
	case Green:
		return "green"
	case Amber:
		return "amber"
	case Red:
		return "red"
	}
	return fmt.Sprintf("rag(%d)", int(r))
}

// MarshalText writes the status by name.
func (r RAG) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a status written by MarshalText, so a record that
// holds one (a submitted return) reads back.
func (r *RAG) UnmarshalText(b []byte) error {
	for _, v := range []RAG{Green, Amber, Red} {
		if string(b) == v.String() {
			*r = v
			return nil
		}
	}
	return fmt.Errorf("%q is not a RAG status: use green, amber or red", b)
}

// RAGRule says how a level's two thresholds, a percentage of the budget
// and an amount, combine.
type RAGRule string

// The rules. Either is the default: "amber from 5% or £1,000" read as the
// issue writes it, so a variance that is large for its item or large in
// pounds is flagged. Both asks for the two at once, the materiality rule
// some finance teams use so that small items are not flagged for a few
// pounds and large ones not for a fraction of a per cent.
const (
	RAGEither RAGRule = ""
	RAGBoth   RAGRule = "both"
)

// RAGThresholds are the levels at which a variance turns amber and red.
// A level is reached "from" its thresholds, so a variance exactly at one
// reaches it. Under- and overspends are flagged alike: the size of the
// variance counts, not its sign. An item with no budget has no
// percentage, so only the amounts apply to it.
type RAGThresholds struct {
	AmberPercent Percent `json:"amber_percent"`
	AmberAmount  Money   `json:"amber_amount"`
	RedPercent   Percent `json:"red_percent"`
	RedAmount    Money   `json:"red_amount"`
	Rule         RAGRule `json:"rule,omitempty"`
}

// DefaultRAGThresholds are amber from 5% or £1,000 and red from 10% or
// £5,000, either threshold reaching the level.
func DefaultRAGThresholds() RAGThresholds {
	return RAGThresholds{AmberPercent: Pct("5"), AmberAmount: Pounds(1000), RedPercent: Pct("10"), RedAmount: Pounds(5000)}
}

// Check reports what is wrong with the thresholds, or nil: each must be
// above zero, and red must not be below amber.
func (t RAGThresholds) Check() error {
	switch {
	case t.AmberPercent.d.Sign() <= 0 || t.RedPercent.d.Sign() <= 0:
		return fmt.Errorf("RAG thresholds: the percentages must be above zero (amber %s, red %s)", t.AmberPercent, t.RedPercent)
	case t.AmberAmount.Sign() <= 0 || t.RedAmount.Sign() <= 0:
		return fmt.Errorf("RAG thresholds: the amounts must be above zero (amber %s, red %s)", t.AmberAmount, t.RedAmount)
	case t.RedPercent.Cmp(t.AmberPercent) < 0:
		return fmt.Errorf("RAG thresholds: red from %s is below amber from %s", t.RedPercent, t.AmberPercent)
	case t.RedAmount.Cmp(t.AmberAmount) < 0:
		return fmt.Errorf("RAG thresholds: red from %s is below amber from %s", t.RedAmount, t.AmberAmount)
	case t.Rule != RAGEither && t.Rule != RAGBoth:
		return fmt.Errorf("RAG thresholds: %q is not a rule: use either or both", string(t.Rule))
	}
	return nil
}

var hundredD = decimal.NewFromInt(100)

// Status returns the flag for a variance against a budget: red when it
// reaches the red thresholds, amber when it reaches the amber ones, else
// green. Under RAGEither a level is reached when the variance is at least
// its percentage of the budget or at least its amount; under RAGBoth when
// it is at least both.
func (t RAGThresholds) Status(budget, variance Money) RAG {
	size := variance.d.Abs()
	base := budget.d.Abs()
	reaches := func(pct Percent, amount Money) bool {
		byAmount := size.Cmp(amount.d) >= 0
		// No budget, no percentage: the amount alone decides.
		byPct := byAmount
		if base.Sign() > 0 {
			byPct = size.Mul(hundredD).Cmp(pct.d.Mul(base)) >= 0
		}
		if t.Rule == RAGBoth {
			return byPct && byAmount
		}
		return byPct || byAmount
	}
	switch {
	case variance.IsZero():
		return Green
	case reaches(t.RedPercent, t.RedAmount):
		return Red
	case reaches(t.AmberPercent, t.AmberAmount):
		return Amber
	}
	return Green
}
