package planfile

import (
	"bytes"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"csplan/model"
	"csplan/store/internal/plantest"
)

// Any valid plan comes back from Encode then Decode exactly as it was, and
// encoding it again gives the same bytes.
func TestRoundTripRandomPlans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := plantest.GenPlan(t)
		if errs := model.Errors(p.Validate()); len(errs) > 0 {
			t.Fatalf("the generator made an invalid plan: %v", errs)
		}
		opts := EncodeOptions{NoBOM: rapid.Bool().Draw(t, "no BOM")}
		var b bytes.Buffer
		if err := Encode(&b, p, opts); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := Decode(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("Decode: %v\nfile:\n%s", err, b.String())
		}
		if d := plantest.DiffPlans(p, back); len(d) > 0 {
			t.Fatalf("the plan changed in a round trip:\n%s\nfile:\n%s", joinLines(d), b.String())
		}
		var again bytes.Buffer
		if err := Encode(&again, back, opts); err != nil {
			t.Fatalf("Encode again: %v", err)
		}
		if !bytes.Equal(b.Bytes(), again.Bytes()) {
			t.Fatalf("encoding the decoded plan gave different bytes")
		}
	})
}

// Writing a text and reading it back gives the same text, for any text
// without a CR; and what is written never starts with a formula character.
func TestTextCellsRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := plantest.GenText.Draw(t, "text")
		c := textCell(s)
		if got := cellText(c); got != s {
			t.Fatalf("%q is written %q and read back %q", s, c, got)
		}
		if c != "" && strings.IndexByte(formulaStarts, c[0]) >= 0 {
			t.Fatalf("%q is written %q, which a spreadsheet would run", s, c)
		}
	})
}

// Budget profiles given to Encode come back from DecodeFile exactly, by
// the same item IDs, and the file encodes again to the same bytes.
func TestRoundTripRandomProfiles(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := plantest.GenPlan(t)
		opts := EncodeOptions{Profiles: plantest.GenProfiles(t, p)}
		var b bytes.Buffer
		if err := Encode(&b, p, opts); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, info, err := DecodeFile(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("DecodeFile: %v\nfile:\n%s", err, b.String())
		}
		if d := append(plantest.DiffPlans(p, back), plantest.DiffProfiles(opts.Profiles, info.Profiles)...); len(d) > 0 {
			t.Fatalf("the plan or its profiles changed in a round trip:\n%s\nfile:\n%s", joinLines(d), b.String())
		}
		var again bytes.Buffer
		if err := Encode(&again, back, EncodeOptions{Profiles: info.Profiles}); err != nil {
			t.Fatalf("Encode again: %v", err)
		}
		if !bytes.Equal(b.Bytes(), again.Bytes()) {
			t.Fatalf("encoding the decoded plan gave different bytes")
		}
	})
}
