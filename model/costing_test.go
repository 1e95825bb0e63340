package model

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The figures below were worked by hand with the 2017/18 defaults: NI 13.8%
// above £8,164, pension 20%, levy 0.5%.
func TestPostCostingWorkedExamples(t *testing.T) {
	override := Pounds(5000)
	cases := []struct {
		name                     string
		post                     Post
		ni, pension, levy, inYr  string
		toGrant, toOther, annual string
	}{
		{
			// 30,000 x 1; NI (30,000 - 8,164) x 13.8% = 3,013.368 -> 3,013.37.
			name: "full time, full year, all grant",
			post: Post{Salary: Pounds(30000), FTE: decimal.NewFromInt(1), StartMonth: 1, EndMonth: 12, GrantShare: Pct("100")},
			ni:   "3013.37", pension: "6000.00", levy: "150.00",
			annual: "39163.37", inYr: "39163.37", toGrant: "39163.37", toOther: "0.00",
		},
		{
			// pay 12,000; NI 3,836 x 13.8% = 529.368 -> 529.37; annual
			// 14,989.37; 9 months = 11,242.0275 -> 11,242.03; half of it
			// 5,621.015 -> 5,621.02 to the grant, the other funder 5,621.01.
			name: "half time, nine months, half grant",
			post: Post{Salary: Pounds(24000), FTE: decimal.RequireFromString("0.5"), StartMonth: 1, EndMonth: 9, GrantShare: Pct("50"), OtherFunder: "Children's Services"},
			ni:   "529.37", pension: "2400.00", levy: "60.00",
			annual: "14989.37", inYr: "11242.03", toGrant: "5621.02", toOther: "5621.01",
		},
		{
			// pay 8,000 is under the threshold, so no NI; 3 months of 9,640.
			name: "pay under the NI threshold",
			post: Post{Salary: Pounds(16000), FTE: decimal.RequireFromString("0.5"), StartMonth: 4, EndMonth: 6, GrantShare: Pct("100")},
			ni:   "0.00", pension: "1600.00", levy: "40.00",
			annual: "9640.00", inYr: "2410.00", toGrant: "2410.00", toOther: "0.00",
		},
		{
			// A known on-cost figure replaces NI, pension and levy.
			name: "on-costs overridden",
			post: Post{Salary: Pounds(20000), FTE: decimal.NewFromInt(1), StartMonth: 1, EndMonth: 12, GrantShare: Pct("80"), OnCostOverride: &override},
			ni:   "0.00", pension: "0.00", levy: "0.00",
			annual: "25000.00", inYr: "25000.00", toGrant: "20000.00", toOther: "5000.00",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.post.Costing(DefaultSettings())
			check := func(what string, m Money, want string) {
				if m.Plain() != want {
					t.Errorf("%s = %s, want %s", what, m.Plain(), want)
				}
			}
			check("NI", got.NI, c.ni)
			check("pension", got.Pension, c.pension)
			check("levy", got.Levy, c.levy)
			check("annual", got.Annual, c.annual)
			check("in year", got.InYear, c.inYr)
			check("to grant", got.ToGrant, c.toGrant)
			check("to other", got.ToOther, c.toOther)
		})
	}
}

func TestPostCostingBadMonthsCostNothing(t *testing.T) {
	p := Post{Salary: Pounds(30000), FTE: decimal.NewFromInt(1), StartMonth: 9, EndMonth: 3, GrantShare: Pct("100")}
	if c := p.Costing(DefaultSettings()); !c.InYear.IsZero() {
		t.Errorf("a post ending before it starts costs %s", c.InYear)
	}
}

func TestPostCostingSharesAddUp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := Post{
			Salary:     Pence(rapid.Int64Range(0, 20_000_000).Draw(t, "salary")),
			FTE:        decimal.New(rapid.Int64Range(1, 150).Draw(t, "fte"), -2),
			StartMonth: rapid.IntRange(1, 12).Draw(t, "start"),
			GrantShare: PercentFromDecimal(decimal.New(rapid.Int64Range(0, 10000).Draw(t, "share"), -2)),
		}
		p.EndMonth = rapid.IntRange(p.StartMonth, 12).Draw(t, "end")
		c := p.Costing(DefaultSettings())
		if !c.ToGrant.Add(c.ToOther).Equal(c.InYear) {
			t.Fatalf("grant %s + other %s != in year %s", c.ToGrant, c.ToOther, c.InYear)
		}
		if c.ToGrant.Sign() < 0 || c.ToOther.Sign() < 0 {
			t.Fatalf("negative part: grant %s other %s", c.ToGrant, c.ToOther)
		}
		if c.InYear.Cmp(c.Annual) > 0 {
			t.Fatalf("in-year %s exceeds a full year %s", c.InYear, c.Annual)
		}
	})
}
