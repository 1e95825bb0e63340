package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// MaxMeasure is the first target or quarter's value a measure may not
// have: a billion of anything is far past what a partnership counts.
var MaxMeasure = decimal.NewFromInt(1_000_000_000)

// MaxNarrativeLen is the longest comment for a quarter, in characters:
// the return prints it in one cell.
const MaxNarrativeLen = 2000

// measurePlaces is how many decimal places a measure's figure may have:
// counts are whole, but hours or sessions can be halves.
const measurePlaces = 2

// ParseMeasureValue reads a measure's target or a quarter's value as
// typed: a number of at least 0 with at most two decimal places, thousands
// separators allowed ("1,200").
func ParseMeasureValue(s string) (decimal.Decimal, error) {
	t := strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	if t == "" {
		return decimal.Decimal{}, errors.New("it is empty: type a number such as 46")
	}
	if len(t) > 20 {
		return decimal.Decimal{}, fmt.Errorf("%.20q... is too long: type a number under %s", s, MaxMeasure.StringFixed(0))
	}
	for _, r := range t {
		if (r < '0' || r > '9') && r != '.' && r != '-' && r != '+' {
			return decimal.Decimal{}, fmt.Errorf("%q is not a number: type a count such as 46 or 12.5", s)
		}
	}
	d, err := decimal.NewFromString(t)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q is not a number: type a count such as 46 or 12.5", s)
	}
	if err := checkMeasureFigure(d); err != nil {
		return decimal.Decimal{}, fmt.Errorf("%q %w", s, err)
	}
	return d, nil
}

// checkMeasureFigure says what is wrong with a target or value, as the
// end of a sentence whose subject the caller names.
func checkMeasureFigure(d decimal.Decimal) error {
	// A figure read from a damaged file may carry any exponent: one far
	// out is said without the arithmetic, which would take its time.
	switch {
	case d.IsZero():
		return nil
	case d.Exponent() > 9:
		return fmt.Errorf("is too large: it must be under %s", MaxMeasure.StringFixed(0))
	case d.Exponent() < -18:
		return fmt.Errorf("has more than %d decimal places", measurePlaces)
	}
	switch {
	case d.Sign() < 0:
		return errors.New("is negative: a measure counts up from 0")
	case d.Cmp(MaxMeasure) >= 0:
		return fmt.Errorf("is too large: it must be under %s", MaxMeasure.StringFixed(0))
	case !d.Equal(d.Round(measurePlaces)):
		return fmt.Errorf("has more than %d decimal places", measurePlaces)
	}
	return nil
}

// showFigure is a measure's figure for a message: one whose exponent is
// far out (from a damaged file) is not written out digit by digit.
func showFigure(d decimal.Decimal) string {
	if !d.IsZero() && (d.Exponent() > 9 || d.Exponent() < -18) {
		return "(far out of range)"
	}
	return d.String()
}

// UnmarshalJSON reads a measure strictly (no unknown fields, as the store
// reads every record) and refuses a figure whose exponent is far out: a
// damaged file's "1e-999999999" would otherwise stall every sum made of it.
func (ms *Measure) UnmarshalJSON(b []byte) error {
	type plain Measure
	var v plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	figs := []decimal.Decimal{v.Target}
	for _, x := range v.Values {
		if x != nil {
			figs = append(figs, *x)
		}
	}
	for _, d := range figs {
		if showFigure(d) != d.String() {
			return fmt.Errorf("a figure of the measure %q is far out of range", v.Name)
		}
	}
	*ms = Measure(v)
	return nil
}

// ToDate is the sum of the values reported from Q1 to quarter q.
func (ms Measure) ToDate(q Quarter) decimal.Decimal {
	var sum decimal.Decimal
	for k := 0; k < min(int(q), 4); k++ {
		if v := ms.Values[k]; v != nil {
			sum = sum.Add(*v)
		}
	}
	return sum
}

// Value is the value reported for quarter q, nil if none.
func (ms Measure) Value(q Quarter) *decimal.Decimal {
	if !q.Valid() {
		return nil
	}
	return ms.Values[q-1]
}

// sameMeasureName reports whether two measure names are the same as the
// officer sees them: case and spaces around ignored.
func sameMeasureName(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// MeasureIndex is the index of item id's measure called name (case and
// spaces around ignored), or -1.
func (m *Monitoring) MeasureIndex(id ID, name string) int {
	for i, ms := range m.Measures[id] {
		if sameMeasureName(ms.Name, name) {
			return i
		}
	}
	return -1
}

// SetMeasure puts ms on item id: in place of the measure called was (the
// one being edited, which may be renamed), or added at the end when was is
// empty or names none. The caller's Check catches a name used twice.
func (m *Monitoring) SetMeasure(id ID, was string, ms Measure) {
	if m.Measures == nil {
		m.Measures = map[ID][]Measure{}
	}
	if i := m.MeasureIndex(id, was); was != "" && i >= 0 {
		list := append([]Measure(nil), m.Measures[id]...)
		list[i] = ms
		m.Measures[id] = list
		return
	}
	m.Measures[id] = append(append([]Measure(nil), m.Measures[id]...), ms)
}

// RemoveMeasure takes item id's measure called name off it, reporting
// whether there was one.
func (m *Monitoring) RemoveMeasure(id ID, name string) bool {
	i := m.MeasureIndex(id, name)
	if i < 0 {
		return false
	}
	list := append([]Measure(nil), m.Measures[id][:i]...)
	list = append(list, m.Measures[id][i+1:]...)
	if len(list) == 0 {
		delete(m.Measures, id)
	} else {
		m.Measures[id] = list
	}
	return true
}

// SetNarrative writes item id's comment for quarter q; an empty (or
// blank) text clears it.
func (m *Monitoring) SetNarrative(id ID, q Quarter, text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		delete(m.Narratives[id], q)
		if len(m.Narratives[id]) == 0 {
			delete(m.Narratives, id)
		}
		return
	}
	if m.Narratives == nil {
		m.Narratives = map[ID]map[Quarter]string{}
	}
	if m.Narratives[id] == nil {
		m.Narratives[id] = map[Quarter]string{}
	}
	m.Narratives[id][q] = text
}

// SetProfile sets item id's budget profile; the default profile removes
// the item's own.
func (m *Monitoring) SetProfile(id ID, pr Profile) {
	if pr.Kind == ProfileDefault {
		delete(m.Profiles, id)
		return
	}
	if m.Profiles == nil {
		m.Profiles = map[ID]Profile{}
	}
	m.Profiles[id] = pr
}

// checkMeasures reports what is wrong with the items' measures and
// comments: each message names the item and the measure by name (never by
// position, so removing one measure does not make another's problem look
// new to EditMonitoring).
func (m *Monitoring) checkMeasures(items map[ID]Item, name func(ID) string) []error {
	var errs []error
	for id, list := range sortedKeys(m.Measures) {
		if _, ok := items[id]; !ok && len(list) > 0 {
			errs = append(errs, fmt.Errorf("%s has measures: only a line or post of the plan can", name(id)))
		}
		seen := map[string]bool{}
		for _, ms := range list {
			n := strings.TrimSpace(ms.Name)
			if n == "" {
				errs = append(errs, fmt.Errorf("%s has a measure with no name", name(id)))
				continue
			}
			what := fmt.Sprintf("the measure %q of %s", n, name(id))
			if k := strings.ToLower(n); seen[k] {
				errs = append(errs, fmt.Errorf("%s has two measures called %q: give each its own name", name(id), n))
			} else {
				seen[k] = true
			}
			if c := utf8.RuneCountInString(ms.Name); c > MaxNameLen {
				errs = append(errs, fmt.Errorf("%s: the name is %d characters long: the most is %d", what, c, MaxNameLen))
			}
			if c := utf8.RuneCountInString(ms.Unit); c > MaxNameLen {
				errs = append(errs, fmt.Errorf("%s: the unit is %d characters long: the most is %d", what, c, MaxNameLen))
			}
			if err := checkMeasureFigure(ms.Target); err != nil {
				errs = append(errs, fmt.Errorf("%s: the annual target %s %w", what, showFigure(ms.Target), err))
			}
			for k, v := range ms.Values {
				if v == nil {
					continue
				}
				if err := checkMeasureFigure(*v); err != nil {
					errs = append(errs, fmt.Errorf("%s: the %s value %s %w", what, Quarter(k+1), showFigure(*v), err))
				}
			}
		}
	}
	for id, qs := range sortedKeys(m.Narratives) {
		if _, ok := items[id]; !ok && len(qs) > 0 {
			errs = append(errs, fmt.Errorf("%s has comments: only a line or post of the plan can", name(id)))
		}
		for q := Quarter(1); q <= 4; q++ {
			if c := utf8.RuneCountInString(qs[q]); c > MaxNarrativeLen {
				errs = append(errs, fmt.Errorf("the %s comment on %s is %d characters long: the most is %d", q, name(id), c, MaxNarrativeLen))
			}
		}
		var odd []Quarter
		for q := range qs {
			if !q.Valid() {
				odd = append(odd, q)
			}
		}
		slices.Sort(odd)
		for _, q := range odd {
			errs = append(errs, fmt.Errorf("%s has a comment for %s: quarters run from Q1 to Q4", name(id), q))
		}
	}
	return errs
}
