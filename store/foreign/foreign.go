// Package foreign reads the lines (and posts) of a plan from a sheet laid
// out by the officer, not by csplan: a CSV file or a workbook's sheet with
// columns such as "Project", "Theme", "Lead agency" and "Budget 2017/18".
// Columns are mapped to fields by their headers, matched to known synonyms
// case- and punctuation-blind (see Synonyms); the officer may correct the
// mapping (Options.Map). The header row need not be the first: a title or
// a merged heading above it is skipped.
//
// Rows are turned into csplan's own layout and read by
// planfile.DecodeRows, so a foreign sheet is checked exactly as an export
// is, and every problem is reported at the officer's own cell (Plan!D14)
// and column. Nothing is returned while any row is bad.
package foreign

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Field is a field of a line or post that a column can give.
type Field string

// The fields, as --map names them.
const (
	Title    Field = "title"
	Cost     Field = "cost"
	Priority Field = "priority"
	Owner    Field = "owner"
	Kind     Field = "kind"
	PCC      Field = "pcc"
	Notes    Field = "notes"
	FTE      Field = "fte"
	Salary   Field = "salary"
	Start    Field = "start"
	End      Field = "end"
	Share    Field = "share"
)

// Fields lists every field, in the order a mapping is shown.
var Fields = []Field{Title, Cost, Priority, Owner, Kind, PCC, Notes, FTE, Salary, Start, End, Share}

// ParseField reads a field's name as --map gives it.
func ParseField(s string) (Field, error) {
	f := Field(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Fields, f) {
		return f, nil
	}
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = string(f)
	}
	return "", fmt.Errorf("%q is not a field: use one of %s", s, strings.Join(names, ", "))
}

// Describe says what a field is in the officer's words.
func (f Field) Describe() string {
	switch f {
	case Title:
		return "title"
	case Cost:
		return "cost"
	case Priority:
		return "SWP priority"
	case Owner:
		return "owner or lead"
	case Kind:
		return "kind"
	case PCC:
		return "primary PCC priority"
	case Notes:
		return "notes"
	case FTE:
		return "post FTE"
	case Salary:
		return "post annual salary"
	case Start:
		return "post start month"
	case End:
		return "post end month"
	case Share:
		return "post grant share %"
	}
	return string(f)
}

// Synonyms are the headers each field is known by, best first. A header
// matches when it is the same once case, spaces, punctuation and digits
// are set aside (see Normalise), so "Budget 2017/18", "BUDGET" and
// "budget:" all match "Budget".
var Synonyms = map[Field][]string{
	Title:    {"Title", "Project", "Activity", "Line", "Item", "Description", "Scheme", "Initiative", "Post", "Post title", "Job title", "Role"},
	Cost:     {"Cost", "Budget", "Amount", "Allocation", "£", "Funding allocated", "Grant"},
	Priority: {"Priority", "SWP priority", "Theme", "Strategic priority", "Outcome area"},
	Owner:    {"Owner", "Owner or team", "Lead", "Lead agency", "Lead officer", "Provider", "Team", "Agency", "Delivered by"},
	Kind:     {"Kind", "Type", "Category"},
	PCC:      {"PCC priority", "Primary PCC priority", "PCC priorities", "PCC", "Police and Crime Plan priority"},
	Notes:    {"Notes", "Note", "Comments", "Comment", "Remarks"},
	FTE:      {"FTE", "Full time equivalent", "WTE"},
	Salary:   {"Salary", "Annual salary", "Salary pa", "Grade salary"},
	Start:    {"Start", "Start month", "Starts", "Start date"},
	End:      {"End", "End month", "Ends", "End date"},
	Share:    {"Share", "Grant share", "Grant share %", "Funded share", "Share %"},
}

// Normalise is a header as headers are compared: lower case, letters and
// £ only (spaces, punctuation and digits such as a year dropped).
func Normalise(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || r == '£' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// synonymIndex maps a normalised header to its field and rank (0 best).
var synonymIndex = func() map[string]struct {
	field Field
	rank  int
} {
	m := map[string]struct {
		field Field
		rank  int
	}{}
	for f, names := range Synonyms {
		for i, n := range names {
			m[Normalise(n)] = struct {
				field Field
				rank  int
			}{f, i}
		}
	}
	return m
}()

// match finds the field a header names, by synonym.
func match(header string) (Field, int, bool) {
	n := Normalise(header)
	if n == "" {
		return "", 0, false
	}
	// "£1,200" is an amount under a header, not the header "£".
	if !strings.ContainsFunc(n, unicode.IsLetter) && strings.ContainsAny(header, "0123456789") {
		return "", 0, false
	}
	if e, ok := synonymIndex[n]; ok {
		return e.field, e.rank, true
	}
	// "Budget 2017/18 (£)" and "Total cost" read as cost; "£k" is not
	// an amount in pounds and is left alone.
	// A prefix alone is not enough for "cost": a "Cost centre" is a code.
	for _, p := range []string{"budget", "cost", "allocation"} {
		if (p != "cost" && strings.HasPrefix(n, p)) || strings.HasSuffix(n, p) {
			return Cost, len(Synonyms[Cost]), true
		}
	}
	return "", 0, false
}

// Column is one column of the mapping: the field, the header it comes
// from, its index in the row (0 = column A) and a sample value from the
// first row that has one.
type Column struct {
	Field  Field
	Header string
	Index  int
	Sample string
	// ByHand is set when the officer named the column (Options.Map)
	// rather than its header being recognised.
	ByHand bool
}

// Mapping is the columns a sheet's fields come from, in Fields order.
type Mapping []Column

// Column returns the column of a field, ok false when none gives it.
func (m Mapping) Column(f Field) (Column, bool) {
	for _, c := range m {
		if c.Field == f {
			return c, true
		}
	}
	return Column{}, false
}

// mapHeader maps the cells of a candidate header row. byHand names the
// header of a field as the officer gave it; a field named by hand takes
// its column first, and the synonyms fill in the rest, each column used
// once, the best-ranked synonym winning when two columns could give a
// field. missing lists the headers named by hand that the row lacks.
func mapHeader(cells []string, byHand map[Field]string, only bool) (m Mapping, missing []string) {
	used := map[int]bool{}
	for _, f := range Fields {
		h, ok := byHand[f]
		if !ok {
			continue
		}
		found := -1
		for i, c := range cells {
			if !used[i] && Normalise(c) == Normalise(h) && strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(h)) {
				found = i
				break
			}
		}
		if found < 0 {
			for i, c := range cells {
				if !used[i] && Normalise(c) != "" && Normalise(c) == Normalise(h) {
					found = i
					break
				}
			}
		}
		if found < 0 {
			missing = append(missing, fmt.Sprintf("%s=%s", f, h))
			continue
		}
		used[found] = true
		m = append(m, Column{Field: f, Header: strings.TrimSpace(cells[found]), Index: found, ByHand: true})
	}
	type cand struct{ col, rank int }
	best := map[Field]cand{}
	for i, c := range cells {
		if used[i] || only {
			continue
		}
		f, rank, ok := match(c)
		if !ok {
			continue
		}
		if _, named := byHand[f]; named {
			continue
		}
		if b, ok := best[f]; !ok || rank < b.rank {
			best[f] = cand{i, rank}
		}
	}
	for f, c := range best {
		m = append(m, Column{Field: f, Header: strings.TrimSpace(cells[c.col]), Index: c.col})
	}
	slices.SortFunc(m, func(a, b Column) int {
		return slices.Index(Fields, a.Field) - slices.Index(Fields, b.Field)
	})
	return m, missing
}

// usable reports whether a mapping can be read: it has a title and an
// amount (a cost, or a salary for posts).
func (m Mapping) usable() bool {
	_, title := m.Column(Title)
	_, cost := m.Column(Cost)
	_, salary := m.Column(Salary)
	return title && (cost || salary)
}
