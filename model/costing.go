package model

import "github.com/shopspring/decimal"

// PostCosting is the worked costing of one post for the plan year.
type PostCosting struct {
	// Pay is the annual pay: Salary x FTE.
	Pay Money
	// NI, Pension and Levy are the annual employer on-costs; OnCosts is their
	// sum, or the post's override when it has one.
	NI, Pension, Levy, OnCosts Money
	// Annual is Pay + OnCosts for a full year.
	Annual Money
	// Months is how many months of the plan year the post runs.
	Months int
	// InYear is the post's whole cost inside the plan year.
	InYear Money
	// ToGrant is the part of InYear that the grant pays; ToOther the rest,
	// paid by the post's other funder.
	ToGrant, ToOther Money
}

var twelve = decimal.NewFromInt(12)

// Costing works out what a post costs under the plan's settings:
//
//	pay      = salary x FTE
//	NI       = NI rate x max(0, pay - NI threshold)       (annual figures)
//	pension  = pension rate x pay
//	levy     = levy rate x pay      (0 when the levy is held centrally)
//	annual   = pay + NI + pension + levy   (or pay + override, if set)
//	in year  = annual x months / 12, months = end - start + 1
//	to grant = in year x grant share
//	to other = in year - to grant
//
// Each of NI, pension, levy, in-year and to-grant is rounded to the penny
// (half away from zero) as it is worked out; "to other" takes the exact
// rest, so to grant + to other = in year to the penny.
func (p Post) Costing(s Settings) PostCosting {
	var c PostCosting
	c.Pay = MoneyFromDecimal(p.Salary.d.Mul(p.FTE))
	if p.OnCostOverride != nil {
		c.OnCosts = *p.OnCostOverride
	} else {
		c.NI = c.Pay.Sub(s.NIThreshold).Max(Money{}).MulRate(s.NIRate)
		c.Pension = c.Pay.MulRate(s.PensionRate)
		if s.LevyOn() {
			c.Levy = c.Pay.MulRate(s.LevyRate)
		}
		c.OnCosts = c.NI.Add(c.Pension).Add(c.Levy)
	}
	c.Annual = c.Pay.Add(c.OnCosts)
	c.Months = p.Months()
	c.InYear = MoneyFromDecimal(c.Annual.d.Mul(decimal.NewFromInt(int64(c.Months))).Div(twelve))
	c.ToGrant = c.InYear.MulRate(p.GrantShare)
	c.ToOther = c.InYear.Sub(c.ToGrant)
	return c
}

// Months returns how many months of the plan year the post runs, or 0 when
// its months are out of order or outside the year.
func (p Post) Months() int {
	if p.StartMonth < 1 || p.EndMonth > 12 || p.EndMonth < p.StartMonth {
		return 0
	}
	return p.EndMonth - p.StartMonth + 1
}
