package termsafe

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestVisible(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain £1,000 – café", "plain £1,000 – café"},
		{"two\nlines", "two\nlines"},
		{"\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\x07`},
		{"\x1b[2J\x1b[5m", `\x1b[2J\x1b[5m`},
		{"a\tb\rc\x00", `a\tb\rc\x00`},
		{"\x7f", `\u007f`},
		{"\u009b31m\u0085", `\u009b31m\u0085`},
		{"\u202a\u202b\u202c\u202d\u202e", `\u202a\u202b\u202c\u202d\u202e`},
		{"\u2066\u2067\u2068\u2069", `\u2066\u2067\u2068\u2069`},
		{"\u2029\u200f", "\u2029\u200f"}, // not in the rule
		{"bare \x9b byte", `bare \x9b byte`},
		{`already \x1b`, `already \x1b`},
	} {
		if got := Visible(tc.in); got != tc.want {
			t.Errorf("Visible(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := Visible(Visible(tc.in)); got != tc.want {
			t.Errorf("Visible twice (%q) = %q", tc.in, got)
		}
		if Safe(tc.in) != (tc.in == tc.want) {
			t.Errorf("Safe(%q) = %v", tc.in, Safe(tc.in))
		}
	}
}

// TestWriterSplitsCharacters writes text one byte at a time: a character
// cut between writes comes out whole, and JSON stays valid and equal.
func TestWriterSplitsCharacters(t *testing.T) {
	in := "£ \u202e \u009b \x1b[2J é\n"
	var b bytes.Buffer
	w := NewWriter(&b)
	for i := range len(in) {
		if _, err := w.Write([]byte{in[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != Visible(in) {
		t.Errorf("got %q, want %q", got, Visible(in))
	}

	b.Reset()
	w = NewWriter(&b)
	value := map[string]string{"name": "x\x1b]52;c;\x07 \u009b \x7f \u202e\u2066 £\n"}
	if err := json.NewEncoder(w).Encode(value); err != nil {
		t.Fatal(err)
	}
	if !Safe(strings.TrimSuffix(b.String(), "\n")) {
		t.Errorf("JSON holds a control character: %q", b.String())
	}
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["name"] != value["name"] {
		t.Errorf("JSON through the writer: %v, %q; want %q", err, back["name"], value["name"])
	}
	b.Reset()
	w = NewWriter(&b)
	_, _ = w.Write([]byte("cut \xe2\x80"))
	_ = w.Flush()
	if got := b.String(); got != `cut \xe2\x80` {
		t.Errorf("an incomplete character at the end: %q", got)
	}
}

type record struct {
	ID    int
	Name  string
	Notes []string
	Sub   *record
	Subs  []record
	plain string
}

func TestValueCopiesOnlyWhatChanges(t *testing.T) {
	clean := &record{ID: 1, Name: "ok", Notes: []string{"a"}}
	if got := Value(clean); got != clean {
		t.Error("a clean value was copied")
	}
	dirty := &record{ID: 1, Name: "x\x1b", Notes: []string{"a", "\u202e"}, Sub: &record{Name: "\x07"},
		Subs: []record{{ID: 2, Name: "\x7f"}}, plain: "\x1b"}
	got := Value(dirty)
	if got == dirty || got.Name != `x\x1b` || got.Notes[1] != `\u202e` || got.Sub.Name != `\x07` || got.Subs[0].Name != `\u007f` {
		t.Errorf("Value = %+v", got)
	}
	if dirty.Name != "x\x1b" || dirty.Notes[1] != "\u202e" || dirty.Sub.Name != "\x07" || dirty.Subs[0].Name != "\x7f" {
		t.Errorf("Value changed its argument: %+v", dirty)
	}
}

func TestKeep(t *testing.T) {
	stored := record{ID: 1, Name: "a\x1b[5m", Notes: []string{"n\x07", "m\x07"},
		Subs: []record{{ID: 2, Name: "two\x1b"}, {ID: 3, Name: "three\x1b"}}}
	shown := Value(stored)
	edited := shown
	edited.Notes = append([]string(nil), shown.Notes...)
	edited.Notes[1] = "typed"
	edited.Subs = []record{shown.Subs[1], {ID: 0, Name: "new"}} // reordered, one added
	exact := func(a, b string) bool { return a == b }
	got := Keep(stored, edited, exact)
	if got.Name != stored.Name || got.Notes[0] != stored.Notes[0] || got.Notes[1] != "typed" ||
		got.Subs[0].Name != "three\x1b" || got.Subs[1].Name != "new" {
		t.Errorf("Keep = %+v", got)
	}
	if edited.Notes[0] != shown.Notes[0] || edited.Subs[0].Name != shown.Subs[1].Name {
		t.Error("Keep changed its argument")
	}
	if !Escaped(shown) || Escaped(record{Name: "plain"}) {
		t.Error("Escaped")
	}
}
