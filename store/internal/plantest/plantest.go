// Package plantest holds what the store's tests share: a generator of
// random valid plans for property tests (pgregory.net/rapid) and a
// field-by-field comparison of plans. Only tests import it.
package plantest

import (
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"

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

// GenText draws a text: either a run of tricky pieces or any Unicode
// string. CRs are left out because line breaks are normalised to LF (see
// Encode), so a CR is not expected to survive a round trip.
var GenText = rapid.OneOf(
	rapid.Map(rapid.SliceOfN(rapid.SampledFrom(trickyPieces), 0, 6), func(ps []string) string { return strings.Join(ps, "") }),
	rapid.Map(rapid.String(), func(s string) string { return strings.ReplaceAll(s, "\r", "") }),
)

// genName draws a name unique within its kind: a tricky text followed by a
// number, so it is never blank and never the same as another (ignoring
// case), as validation requires of names.
func genName(t *rapid.T, gt *rapid.Generator[string], label string, n int) string {
	return gt.Draw(t, label) + fmt.Sprintf(" #%d", n)
}

// genTitle draws a title that is not blank.
func genTitle(t *rapid.T, gt *rapid.Generator[string], label string) string {
	s := gt.Draw(t, label)
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

// XMLText keeps of a text only what a workbook's XML can hold: no
// control character but tab and line feed, no U+FFFE or U+FFFF, valid
// UTF-8. A workbook cannot carry the rest (the CSV file can).
func XMLText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
}

// GenPlan draws a valid plan (warnings allowed) whose IDs are already 1..n
// in the order Encode writes records and whose Orders are 1..n, so that a
// round trip must give back exactly the same plan.
func GenPlan(t *rapid.T) *model.Plan { return genPlan(t, GenText) }

// GenWorkbookPlan draws a plan as GenPlan does, with texts a workbook can
// hold (see XMLText).
func GenWorkbookPlan(t *rapid.T) *model.Plan {
	return genPlan(t, rapid.Map(GenText, XMLText))
}

func genPlan(t *rapid.T, gt *rapid.Generator[string]) *model.Plan {
	// Each amount up to an eighth of £1bn: the funding (up to 3 sources)
	// and the lines and posts (up to 7) must come to under £1bn too.
	const maxPence = 99_999_999_999 / 8
	p := &model.Plan{
		Info: model.Info{
			Partnership:     genTitle(t, gt, "partnership"),
			AccountableBody: gt.Draw(t, "body"),
			StartYear:       rapid.IntRange(1900, 2998).Draw(t, "year"),
			Notes:           gt.Draw(t, "plan notes"),
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
			ID: next(), Name: genName(t, gt, "funding name", i), Amount: genMoney(t, "funding amount", maxPence),
			Status: rapid.SampledFrom(model.FundingStatuses).Draw(t, "status"), Note: gt.Draw(t, "funding note"),
		})
	}
	var prIDs, tagIDs []model.ID
	for i := range rapid.IntRange(1, 3).Draw(t, "priorities") {
		pr := model.Priority{ID: next(), Name: genName(t, gt, "priority", i), Order: i + 1}
		for range rapid.IntRange(0, 3).Draw(t, "outcomes") {
			pr.Outcomes = append(pr.Outcomes, genTitle(t, gt, "outcome"))
		}
		prIDs = append(prIDs, pr.ID)
		p.Priorities = append(p.Priorities, pr)
	}
	for i := range rapid.IntRange(0, 4).Draw(t, "tags") {
		name := strings.ReplaceAll(genName(t, gt, "tag", i), ";", ",")
		p.Tags = append(p.Tags, model.Tag{ID: next(), Name: name, Description: gt.Draw(t, "tag description"), Order: i + 1})
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
			ID: next(), PriorityID: rapid.SampledFrom(prIDs).Draw(t, "line priority"), Title: genTitle(t, gt, "line title"),
			Owner: gt.Draw(t, "owner"), Kind: gt.Draw(t, "kind"), Cost: genMoney(t, "cost", maxPence),
			Tags: drawTags(), Notes: gt.Draw(t, "line notes"), LedgerCode: gt.Draw(t, "line ledger code"),
		})
	}
	for range rapid.IntRange(0, 3).Draw(t, "posts") {
		start := rapid.IntRange(1, 12).Draw(t, "start")
		po := model.Post{
			ID: next(), PriorityID: rapid.SampledFrom(prIDs).Draw(t, "post priority"), Title: genTitle(t, gt, "post title"),
			Team: gt.Draw(t, "team"), Tags: drawTags(),
			FTE:        decimal.New(rapid.Int64Range(1, 15_000).Draw(t, "fte"), -4),
			Salary:     genMoney(t, "salary", 20_000_000),
			StartMonth: start, EndMonth: rapid.IntRange(start, 12).Draw(t, "end"),
			GrantShare:  genPercent(t, "share"),
			OtherFunder: gt.Draw(t, "other funder"),
			Notes:       gt.Draw(t, "post notes"),
			LedgerCode:  gt.Draw(t, "post ledger code"),
		}
		if rapid.Bool().Draw(t, "override") {
			m := genMoney(t, "on-costs", 10_000_000)
			po.OnCostOverride = &m
		}
		p.Posts = append(p.Posts, po)
	}
	return p
}

// GenProfiles draws budget profiles for some of the plan's lines and
// posts, each passing model.Profile.Check, keyed by item ID; the map is
// never nil, so an export carries the Profile column.
func GenProfiles(t *rapid.T, p *model.Plan) map[model.ID]model.Profile {
	out := map[model.ID]model.Profile{}
	weights := func(n int) []model.Money {
		ws := make([]model.Money, n)
		for i := range ws {
			ws[i] = genMoney(t, "weight", 99_999_999_99)
		}
		ws[rapid.IntRange(0, n-1).Draw(t, "nonzero weight")] = model.Pence(rapid.Int64Range(1, 99_999_999_99).Draw(t, "weight"))
		return ws
	}
	for _, it := range p.Items() {
		var pr model.Profile
		switch rapid.IntRange(0, 5).Draw(t, "profile kind") {
		case 0:
			continue // the default
		case 1:
			pr = model.Profile{Kind: model.ProfileEven}
		case 2:
			pr = model.Profile{Kind: model.ProfileMonthsInPost}
		case 3:
			pr = model.Profile{Kind: model.ProfileOnePeriod, Period: model.Period(rapid.IntRange(1, 12).Draw(t, "period"))}
		case 4:
			pr = model.Profile{Kind: model.ProfileQuarters, Weights: weights(4)}
		case 5:
			pr = model.Profile{Kind: model.ProfilePeriods, Weights: weights(model.Periods)}
		}
		out[it.ID] = pr
	}
	return out
}

// DiffProfiles lists the differences between two maps of profiles.
func DiffProfiles(a, b map[model.ID]model.Profile) []string {
	var out []string
	for id, pa := range a {
		pb, ok := b[id]
		if !ok || pa.Text() != pb.Text() {
			out = append(out, fmt.Sprintf("profile of item %d: %q != %q", id, pa.Text(), pb.Text()))
		}
	}
	for id, pb := range b {
		if _, ok := a[id]; !ok {
			out = append(out, fmt.Sprintf("profile of item %d: none != %q", id, pb.Text()))
		}
	}
	return out
}

var (
	moneyType   = reflect.TypeFor[model.Money]()
	percentType = reflect.TypeFor[model.Percent]()
	decimalType = reflect.TypeFor[decimal.Decimal]()
)

// DiffPlans lists every difference between two plans, field by field. It
// walks the types by reflection so that a field added to the model later is
// compared too; amounts, percentages and decimals compare by value (0.5 and
// 0.50 are the same FTE), and a nil slice equals an empty one.
func DiffPlans(a, b *model.Plan) []string {
	var out []string
	diffValue(reflect.ValueOf(*a), reflect.ValueOf(*b), "plan", &out)
	return out
}

func diffValue(a, b reflect.Value, path string, out *[]string) {
	report := func() { *out = append(*out, fmt.Sprintf("%s: %v != %v", path, a.Interface(), b.Interface())) }
	switch a.Type() {
	case moneyType:
		if !a.Interface().(model.Money).Equal(b.Interface().(model.Money)) {
			report()
		}
		return
	case percentType:
		if !a.Interface().(model.Percent).Equal(b.Interface().(model.Percent)) {
			report()
		}
		return
	case decimalType:
		if !a.Interface().(decimal.Decimal).Equal(b.Interface().(decimal.Decimal)) {
			report()
		}
		return
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := range a.NumField() {
			diffValue(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name, out)
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: %d items != %d items", path, a.Len(), b.Len()))
			return
		}
		for i := range a.Len() {
			diffValue(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			report()
			return
		}
		if !a.IsNil() {
			diffValue(a.Elem(), b.Elem(), path, out)
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			report()
		}
	}
}
