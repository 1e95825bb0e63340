package plantest

import (
	"fmt"

	"csplan/model"
)

// The two items of the built-in plan whose first quarter is off profile
// in FirstQuarter.
const (
	YISPWorker = "Youth Inclusion Support Panel worker"
	DHR        = "Domestic homicide reviews"
)

// FirstQuarter returns the monitoring of the built-in 2017/18 plan p (as
// planfile.BuiltIn gives it) through its first quarter, as the tests of
// monitoring and of the return work it by hand: every item spends exactly
// its profile in P1-P3, from a ledger file "ledger-q1.csv", except the
// Youth Inclusion Support Panel worker, vacant April to June, and the
// domestic homicide reviews line, which spends nothing. It returns the
// IDs of those two items.
func FirstQuarter(p *model.Plan) (m *model.Monitoring, yisp, dhr model.ID, err error) {
	m = model.NewMonitoring(p.Info.StartYear)
	for _, it := range p.Items() {
		switch it.Title {
		case YISPWorker:
			yisp = it.ID
			continue
		case DHR:
			dhr = it.ID
			continue
		}
		s, err := model.Profile{}.Spread(it)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("%s: %w", it.Title, err)
		}
		for per := model.Period(1); per <= 3; per++ {
			m.Actuals = append(m.Actuals, model.Actual{ID: model.ID(len(m.Actuals) + 1), Item: it.ID, Period: per,
				Amount: s.At(per), Source: model.ActualSource{File: "ledger-q1.csv", Row: len(m.Actuals) + 2}})
		}
	}
	if yisp == 0 || dhr == 0 {
		return nil, 0, 0, fmt.Errorf("the plan has no %q or no %q", YISPWorker, DHR)
	}
	m.Vacancies = map[model.ID][]model.Period{yisp: {1, 2, 3}}
	if errs := m.Check(p); len(errs) > 0 {
		return nil, 0, 0, fmt.Errorf("check: %v", errs)
	}
	return m, yisp, dhr, nil
}
