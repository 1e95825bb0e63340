package foreign

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Layout is a sheet's header row and what each of its columns is read
// as: what the officer confirms or corrects before the rows are read.
type Layout struct {
	// Sheet is the sheet read ("" for CSV), HeaderRow the row of headers
	// as the spreadsheet numbers it.
	Sheet     string
	HeaderRow int
	// Guessed is set when no row near the top names a title and an
	// amount, so the header row is csplan's guess (see Inspect).
	Guessed bool
	// Mapping is each field's column.
	Mapping Mapping
	// Headers are every cell of the header row, and Samples the first
	// value under each, so the officer can map a column the synonyms
	// did not (see Options.Map).
	Headers, Samples []string

	// index is the header row's index in the table's rows.
	index int
}

// layoutAt is the layout of t with its headers in t.Rows[hi], mapped by m,
// each column with the first value under it (a total's label is no sample
// of a title).
func layoutAt(t *Table, hi int, m Mapping) Layout {
	header := t.Rows[hi]
	l := Layout{Sheet: t.Sheet, HeaderRow: header.Num, Mapping: m, index: hi,
		Headers: make([]string, len(header.Cells)), Samples: make([]string, len(header.Cells))}
	for i, h := range header.Cells {
		l.Headers[i] = strings.TrimSpace(h)
		for _, r := range t.Rows[hi+1:] {
			if i < len(r.Cells) && strings.TrimSpace(r.Cells[i]) != "" {
				l.Samples[i] = strings.TrimSpace(r.Cells[i])
				break
			}
		}
	}
	for i := range l.Mapping {
		c := &l.Mapping[i]
		for _, r := range t.Rows[hi+1:] {
			if c.Index < len(r.Cells) && strings.TrimSpace(r.Cells[c.Index]) != "" && !isTotalLabel(r.Cells[c.Index]) {
				c.Sample = strings.TrimSpace(r.Cells[c.Index])
				break
			}
		}
	}
	return l
}

// Inspect finds the header row of a sheet and maps its columns as far as
// their headers allow, without reading the rows under it, so the officer
// can map the columns even of a sheet that Read refuses. The header row
// is the one FindHeader finds; failing that, the row near the top whose
// headers name the most fields; failing that (no header is known) the
// first of the rows near the top with the most cells filled in, as a
// title above the headers has fewer, and a data row under them comes
// after. ok is false for a sheet with no rows.
func Inspect(t *Table, o Options) (Layout, bool) {
	if len(t.Rows) == 0 {
		return Layout{Sheet: t.Sheet}, false
	}
	if hi, m, err := FindHeader(t, o); err == nil {
		return layoutAt(t, hi, m), true
	}
	return guessHeader(t, o), true
}

// guessHeader is the layout of the row near the top of a sheet (with
// rows) most like a header row, as Inspect says.
func guessHeader(t *Table, o Options) Layout {
	best, bestFields, bestFilled := 0, 0, 0
	for i, r := range t.Rows {
		if i >= headerSearch {
			break
		}
		m, _ := mapHeader(r.Cells, o.Map, o.Only)
		filled := 0
		for _, c := range r.Cells {
			if strings.TrimSpace(c) != "" {
				filled++
			}
		}
		if len(m) > bestFields || (len(m) == bestFields && filled > bestFilled) {
			best, bestFields, bestFilled = i, len(m), filled
		}
	}
	m, _ := mapHeader(t.Rows[best].Cells, o.Map, o.Only)
	l := layoutAt(t, best, m)
	l.Guessed = true
	return l
}

// Missing lists the fields a sheet cannot be read without that the
// mapping gives no column: a title, an amount (a cost, or a salary for
// posts; Cost is listed for either) and an SWP priority.
func (m Mapping) Missing() []Field {
	var out []Field
	if _, ok := m.Column(Title); !ok {
		out = append(out, Title)
	}
	_, cost := m.Column(Cost)
	_, salary := m.Column(Salary)
	if !cost && !salary {
		out = append(out, Cost)
	}
	if _, ok := m.Column(Priority); !ok {
		out = append(out, Priority)
	}
	return out
}

// MapExample is --map flags for the fields the layout lacks, built from
// the sheet's own headers: a column whose sample is a number for the
// amount, and the first columns of words left for the title and then the
// priority. A field no column fits is shown as FIELD=HEADER.
func (l Layout) MapExample() string {
	used := map[int]bool{}
	for _, c := range l.Mapping {
		used[c.Index] = true
	}
	amount := func(i int) (decimal.Decimal, bool) {
		s := strings.NewReplacer("£", "", ",", "").Replace(l.Samples[i])
		d, err := decimal.NewFromString(strings.TrimSpace(s))
		return d.Abs(), err == nil
	}
	// The amount is the column of the largest number: a reference number
	// beside it is smaller.
	pickAmount := func() string {
		best := -1
		var most decimal.Decimal
		for i, h := range l.Headers {
			if d, ok := amount(i); ok && !used[i] && h != "" && (best < 0 || d.GreaterThan(most)) {
				best, most = i, d
			}
		}
		if best < 0 {
			return "HEADER"
		}
		used[best] = true
		return l.Headers[best]
	}
	pickWords := func() string {
		for i, h := range l.Headers {
			if _, ok := amount(i); !ok && !used[i] && h != "" && l.Samples[i] != "" {
				used[i] = true
				return h
			}
		}
		return "HEADER"
	}
	var parts []string
	var cost string
	for _, f := range l.Mapping.Missing() {
		if f == Cost {
			cost = pickAmount()
		}
	}
	for _, f := range l.Mapping.Missing() {
		h := cost
		if f != Cost {
			h = pickWords()
		}
		parts = append(parts, fmt.Sprintf("--map %s=%s", f, shellQuote(h)))
	}
	return strings.Join(parts, " ")
}

// shellQuote quotes a header for a shell command line when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'$`\\!&;|<>()*?[]#~%") {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s) + `"`
}

// headersSaid lists a layout's headers for a message: `"Scheme", "Money"`.
func (l Layout) headersSaid() string {
	var q []string
	for _, h := range l.Headers {
		if h != "" {
			q = append(q, fmt.Sprintf("%q", h))
		}
	}
	if len(q) == 0 {
		return "no headers"
	}
	return strings.Join(q, ", ")
}
