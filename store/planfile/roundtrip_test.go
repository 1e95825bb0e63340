package planfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"csplan/model"
)

// trickyPieces are the bits of text that break naive CSV: separators,
// quotes, line breaks, non-ASCII, formula starts and apostrophes.
var trickyPieces = []string{
	"a", "Hate crime", " ", ",", "\"", "\n", "£", "é", "—", "=", "+", "-", "@", "'", "\t", ";",
	"SUM(A1)", "1", "2017/18", "Plan", "#REF!",
}

// genText draws a text: either a run of tricky pieces or any Unicode
// string. CRs are left out because line breaks are normalised to LF (see
// Encode), so a CR is not expected to survive a round trip.
var genText = rapid.OneOf(
	rapid.Map(rapid.SliceOfN(rapid.SampledFrom(trickyPieces), 0, 6), func(ps []string) string { return strings.Join(ps, "") }),
	rapid.Map(rapid.String(), func(s string) string { return strings.ReplaceAll(s, "\r", "") }),
)

// genName draws a name unique within its kind: a tricky text followed by a
// number, so it is never blank and never the same as another (ignoring
// case), as validation requires of names.
func genName(t *rapid.T, label string, n int) string {
	return genText.Draw(t, label) + fmt.Sprintf(" #%d", n)
}

// genTitle draws a title that is not blank.
func genTitle(t *rapid.T, label string) string {
	s := genText.Draw(t, label)
	if strings.TrimSpace(s) == "" {
		s += "untitled"
	}
	return s
}

func genMoney(t *rapid.T, label string, maxPence int64) model.Money {
	return model.Pence(rapid.Int64Range(0, maxPence).Draw(t, label))
}

// genPercent draws 0% to 100% with up to four decimal places.
func genPercent(t *rapid.T, label string) model.Percent {
	return model.PercentFromDecimal(decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, label), -4))
}

// genPlan draws a valid plan (warnings allowed) whose IDs are already 1..n
// in the order Encode writes records and whose Orders are 1..n, so that a
// round trip must give back exactly the same plan.
func genPlan(t *rapid.T) *model.Plan {
	// Each amount up to an eighth of £1bn: the funding (up to 3 sources)
	// and the lines and posts (up to 7) must come to under £1bn too.
	const maxPence = 99_999_999_999 / 8
	p := &model.Plan{
		Info: model.Info{
			Partnership:     genTitle(t, "partnership"),
			AccountableBody: genText.Draw(t, "body"),
			StartYear:       rapid.IntRange(1900, 2998).Draw(t, "year"),
			Notes:           genText.Draw(t, "plan notes"),
		},
		Settings: model.Settings{
			NIRate:      genPercent(t, "ni rate"),
			NIThreshold: genMoney(t, "threshold", 5_000_000),
			PensionRate: genPercent(t, "pension"),
			LevyRate:    genPercent(t, "levy"),
			// The levy switch is written only when off; both must survive.
			LevyHeldCentrally: rapid.Bool().Draw(t, "levy held centrally"),
		},
	}
	id := model.ID(0)
	next := func() model.ID { id++; return id }
	for i := range rapid.IntRange(0, 3).Draw(t, "funding") {
		p.Funding = append(p.Funding, model.FundingSource{
			ID: next(), Name: genName(t, "funding name", i), Amount: genMoney(t, "funding amount", maxPence),
			Status: rapid.SampledFrom(model.FundingStatuses).Draw(t, "status"), Note: genText.Draw(t, "funding note"),
		})
	}
	var prIDs, tagIDs []model.ID
	for i := range rapid.IntRange(1, 3).Draw(t, "priorities") {
		pr := model.Priority{ID: next(), Name: genName(t, "priority", i), Order: i + 1}
		for range rapid.IntRange(0, 3).Draw(t, "outcomes") {
			pr.Outcomes = append(pr.Outcomes, genTitle(t, "outcome"))
		}
		prIDs = append(prIDs, pr.ID)
		p.Priorities = append(p.Priorities, pr)
	}
	for i := range rapid.IntRange(0, 4).Draw(t, "tags") {
		name := strings.ReplaceAll(genName(t, "tag", i), TagSeparator, ",")
		p.Tags = append(p.Tags, model.Tag{ID: next(), Name: name, Description: genText.Draw(t, "tag description"), Order: i + 1})
		tagIDs = append(tagIDs, p.Tags[i].ID)
	}
	drawTags := func() []model.ID {
		if len(tagIDs) == 0 {
			return nil
		}
		return rapid.SliceOfN(rapid.SampledFrom(tagIDs), 0, 3).Draw(t, "item tags")
	}
	for range rapid.IntRange(0, 4).Draw(t, "lines") {
		p.Lines = append(p.Lines, model.Line{
			ID: next(), PriorityID: rapid.SampledFrom(prIDs).Draw(t, "line priority"), Title: genTitle(t, "line title"),
			Owner: genText.Draw(t, "owner"), Kind: genText.Draw(t, "kind"), Cost: genMoney(t, "cost", maxPence),
			Tags: drawTags(), Notes: genText.Draw(t, "line notes"),
		})
	}
	for range rapid.IntRange(0, 3).Draw(t, "posts") {
		start := rapid.IntRange(1, 12).Draw(t, "start")
		po := model.Post{
			ID: next(), PriorityID: rapid.SampledFrom(prIDs).Draw(t, "post priority"), Title: genTitle(t, "post title"),
			Team: genText.Draw(t, "team"), Tags: drawTags(),
			FTE:        decimal.New(rapid.Int64Range(1, 15_000).Draw(t, "fte"), -4),
			Salary:     genMoney(t, "salary", 20_000_000),
			StartMonth: start, EndMonth: rapid.IntRange(start, 12).Draw(t, "end"),
			GrantShare:  genPercent(t, "share"),
			OtherFunder: genText.Draw(t, "other funder"),
			Notes:       genText.Draw(t, "post notes"),
		}
		if rapid.Bool().Draw(t, "override") {
			m := genMoney(t, "on-costs", 10_000_000)
			po.OnCostOverride = &m
		}
		p.Posts = append(p.Posts, po)
	}
	return p
}

// Any valid plan comes back from Encode then Decode exactly as it was, and
// encoding it again gives the same bytes.
func TestRoundTripRandomPlans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genPlan(t)
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
		if d := diffPlans(p, back); len(d) > 0 {
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
		s := genText.Draw(t, "text")
		c := textCell(s)
		if got := cellText(c); got != s {
			t.Fatalf("%q is written %q and read back %q", s, c, got)
		}
		if c != "" && strings.IndexByte(formulaStarts, c[0]) >= 0 {
			t.Fatalf("%q is written %q, which a spreadsheet would run", s, c)
		}
	})
}
