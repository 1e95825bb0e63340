package foreign

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestInspectGuessesHeaderRow: headers that match no synonym are still
// found as a header row (the fullest row near the top, not the title
// above it), each column with a sample and none mapped.
func TestInspectGuessesHeaderRow(t *testing.T) {
	tb := table("",
		[]string{"Our plan for 2017/18"},
		[]string{"Name of work", "Money", "Area"},
		[]string{"Street pastors", "1200", "Violence Prevention"},
	)
	l, ok := Inspect(tb, Options{})
	if !ok || !l.Guessed || l.HeaderRow != 2 {
		t.Fatalf("layout %+v (ok %v), want headers guessed in row 2", l, ok)
	}
	if !slices.Equal(l.Headers, []string{"Name of work", "Money", "Area"}) || l.Samples[1] != "1200" {
		t.Errorf("headers %q samples %q", l.Headers, l.Samples)
	}
	if len(l.Mapping) != 0 || !slices.Equal(l.Mapping.Missing(), []Field{Title, Cost, Priority}) {
		t.Errorf("mapping %+v missing %v, want nothing mapped", l.Mapping, l.Mapping.Missing())
	}
	// Headers csplan knows are found, not guessed, and mapped.
	l, _ = Inspect(table("", []string{"Project", "Budget"}, []string{"x", "1"}), Options{})
	if l.Guessed || !slices.Equal(l.Mapping.Missing(), []Field{Priority}) {
		t.Errorf("known headers: guessed %v, missing %v", l.Guessed, l.Mapping.Missing())
	}
}

// TestNoHeaderErrorShowsHeadersAndMapExample: a file whose headers match
// nothing is refused with its own headers listed and --map flags built
// from them: the amount from the column of numbers (not the smaller
// reference), the title and priority from the columns of words.
func TestNoHeaderErrorShowsHeadersAndMapExample(t *testing.T) {
	tb := table("Sheet1",
		[]string{"Ref", "Name of work", "Money", "Area"},
		[]string{"7", "Street pastors", "£1,200", "Violence Prevention"},
	)
	_, err := Read(tb, Options{})
	if !errors.Is(err, ErrNoHeader) {
		t.Fatalf("got %v, want ErrNoHeader", err)
	}
	for _, want := range []string{
		`the headers in row 1 are "Ref", "Name of work", "Money", "Area"`,
		`--map title="Name of work" --map cost=Money --map priority=Area`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\ndoes not say %q", err, want)
		}
	}
}
