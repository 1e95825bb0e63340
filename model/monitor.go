package model

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Item is a line or a post as monitoring sees it: something with a budget
// that spend is recorded against. Line and post IDs come from one sequence
// in the store, so an ID names one item.
type Item struct {
	ID     ID
	Title  string
	IsPost bool
	// PriorityID is the item's SWP priority; PrimaryTag its primary PCC
	// priority (0: none).
	PriorityID ID
	PrimaryTag ID
	// Budget is the line's cost, or the grant's share of the post's cost
	// in the year: what counts against the envelope.
	Budget Money
	// StartMonth and EndMonth are the post's months in post, 1 (April) to
	// 12 (March); a line runs all year.
	StartMonth, EndMonth int
}

// Items returns the plan's lines, then its posts, as monitoring items, in
// the plan's order. A post's budget is its costing's ToGrant under the
// plan's settings.
func (p *Plan) Items() []Item {
	out := make([]Item, 0, len(p.Lines)+len(p.Posts))
	for i := range p.Lines {
		l := &p.Lines[i]
		out = append(out, Item{ID: l.ID, Title: l.Title, PriorityID: l.PriorityID, PrimaryTag: l.PrimaryTag(),
			Budget: l.Cost, StartMonth: 1, EndMonth: Periods})
	}
	for i := range p.Posts {
		po := &p.Posts[i]
		out = append(out, Item{ID: po.ID, Title: po.Title, IsPost: true, PriorityID: po.PriorityID, PrimaryTag: po.PrimaryTag(),
			Budget: po.Costing(p.Settings).ToGrant, StartMonth: po.StartMonth, EndMonth: po.EndMonth})
	}
	return out
}

// ActualSource says where an actual came from: typed in by the officer
// (File empty), or a row of an imported ledger file.
type ActualSource struct {
	File string `json:"file,omitempty"`
	// Row is the file's row, 1 for the header, so the first data row is 2
	// as a spreadsheet numbers it.
	Row int `json:"row,omitempty"`
}

// String returns "typed" or "ledger.csv row 12".
func (s ActualSource) String() string {
	if s.File == "" {
		return "typed"
	}
	return fmt.Sprintf("%s row %d", s.File, s.Row)
}

// Actual is spend recorded against an item in a period. A credit (a
// refund, a correcting journal) is a negative amount.
type Actual struct {
	ID          ID           `json:"id"`
	Item        ID           `json:"item"`
	Period      Period       `json:"period"`
	Amount      Money        `json:"amount"`
	Description string       `json:"description,omitempty"`
	Source      ActualSource `json:"source"`
}

// ForecastOverride is a forecast outturn the officer set for an item in
// place of the worked one, with the reason, which the return reports.
type ForecastOverride struct {
	Outturn Money  `json:"outturn"`
	Reason  string `json:"reason"`
}

// Monitoring is the year's record of a plan after it is set: the items'
// profiles, the spend against them, the officer's forecasts and the
// posts' vacancies, for the financial year starting in Year.
type Monitoring struct {
	Year     int                     `json:"year"`
	Profiles map[ID]Profile          `json:"profiles,omitempty"`
	Actuals  []Actual                `json:"actuals,omitempty"`
	Forecast map[ID]ForecastOverride `json:"forecast,omitempty"`
	// Vacancies are, per post, the periods it is vacant: no pay, so its
	// forecast leaves them out.
	Vacancies  map[ID][]Period `json:"vacancies,omitempty"`
	Thresholds RAGThresholds   `json:"thresholds"`
	// Narratives are, per item and quarter, the officer's comment for the
	// quarterly return: what was done, why spend differs from the profile.
	Narratives map[ID]map[Quarter]string `json:"narratives,omitempty"`
	// Measures are, per item, the outputs it reports against.
	Measures map[ID][]Measure `json:"measures,omitempty"`
	// Imports are the ledger files imported so far, so the same file is
	// recognised and not counted twice.
	Imports []LedgerImport `json:"imports,omitempty"`
	// Returns are the quarterly returns submitted to the PCC, kept exactly
	// as sent.
	Returns map[Quarter]SubmittedReturn `json:"returns,omitempty"`
}

// Measure is an output an item reports against: "young people engaged",
// unit "people", 200 a year; with a value for each quarter reported so far.
type Measure struct {
	Name   string          `json:"name"`
	Unit   string          `json:"unit,omitempty"`
	Target decimal.Decimal `json:"target"`
	// Values are by quarter, Q1 at index 0; nil for a quarter not reported.
	Values [4]*decimal.Decimal `json:"values"`
}

// LedgerImport records one ledger file imported: its name as given, its
// SHA-256 (hex), when, and how many rows of spend it held. The actuals it
// added are not listed: the import's own undo takes them back, and every
// monitoring edit's undo record holds the whole list of imports.
type LedgerImport struct {
	ID     ID        `json:"id"`
	File   string    `json:"file"`
	SHA256 string    `json:"sha256"`
	At     time.Time `json:"at"`
	Rows   int       `json:"rows"`
}

// SubmittedReturn is a quarterly return as sent: the quarter, the as-at
// period, who prepared it, when it was submitted, and the return itself,
// kept as a value so that writing it again (CSV or XLSX) gives exactly the
// figures sent, and DiffReturns can say what has changed since.
type SubmittedReturn struct {
	Quarter    Quarter         `json:"quarter"`
	AsAt       Period          `json:"as_at"`
	PreparedBy string          `json:"prepared_by"`
	At         time.Time       `json:"at"`
	Return     QuarterlyReturn `json:"return"`
}

// Submit freezes return r as submitted at the given time. The copy it
// keeps is marked submitted, so writing it says "Submitted 14 July 2017";
// write Frozen() when submitting, so the file sent and the copy kept are
// the same.
func Submit(r QuarterlyReturn, at time.Time) SubmittedReturn {
	r.Submitted = at
	return SubmittedReturn{Quarter: r.Quarter, AsAt: r.AsAt, PreparedBy: r.PreparedBy, At: at, Return: r}
}

// Frozen returns the return as submitted, marked with the date it was
// submitted.
func (s SubmittedReturn) Frozen() QuarterlyReturn {
	r := s.Return
	r.Submitted = s.At
	return r
}

// Check reports what is wrong with the monitoring record against the
// plan: actuals in no period or against no item, profiles that do not
// pass Profile.Check, forecasts with no reason, vacancies on a line or
// outside the year, measures without a name, with a name used twice on
// the item, or with a figure negative, too large or too fine, comments too
// long, measures or comments on items not in the plan, thresholds that do
// not pass RAGThresholds.Check.
func (m *Monitoring) Check(p *Plan) []error {
	var errs []error
	items := map[ID]Item{}
	for _, it := range p.Items() {
		items[it.ID] = it
	}
	name := func(id ID) string {
		if it, ok := items[id]; ok {
			return fmt.Sprintf("%q", it.Title)
		}
		return fmt.Sprintf("item %d (not in the plan)", id)
	}
	if m.Year != p.Info.StartYear {
		errs = append(errs, fmt.Errorf("the monitoring is for %s but the plan is for %s", FinancialYear(m.Year), p.Info.Year()))
	}
	for _, a := range m.Actuals {
		if _, ok := items[a.Item]; !ok {
			errs = append(errs, fmt.Errorf("actual %d (%s) is against item %d, which is not in the plan", a.ID, a.Source, a.Item))
		}
		if !a.Period.Valid() {
			errs = append(errs, fmt.Errorf("actual %d (%s) is in %s: periods run from P1 to P12", a.ID, a.Source, a.Period))
		}
		if tooLarge(a.Amount) {
			errs = append(errs, fmt.Errorf("actual %d (%s) must be under £1,000,000,000", a.ID, a.Source))
		}
	}
	for id, pr := range sortedKeys(m.Profiles) {
		if err := pr.Check(); err != nil {
			errs = append(errs, fmt.Errorf("profile of %s: %w", name(id), err))
		} else if it, ok := items[id]; ok {
			if _, err := pr.Spread(it); err != nil {
				errs = append(errs, fmt.Errorf("profile of %s: %w", name(id), err))
			}
		}
	}
	for id, f := range sortedKeys(m.Forecast) {
		if strings.TrimSpace(f.Reason) == "" {
			errs = append(errs, fmt.Errorf("the forecast for %s has no reason: say why it differs from the profile", name(id)))
		}
		if tooLarge(f.Outturn) {
			errs = append(errs, fmt.Errorf("the forecast for %s must be under £1,000,000,000", name(id)))
		}
	}
	for id, ps := range sortedKeys(m.Vacancies) {
		if it, ok := items[id]; ok && !it.IsPost {
			errs = append(errs, fmt.Errorf("%s is a line, not a post: only a post can be vacant", name(id)))
		}
		for _, per := range ps {
			if !per.Valid() {
				errs = append(errs, fmt.Errorf("%s is vacant in %s: periods run from P1 to P12", name(id), per))
			}
		}
	}
	errs = append(errs, m.checkMeasures(items, name)...)
	if err := m.Thresholds.Check(); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// sortedKeys yields a map's entries in order of their IDs, so that
// messages come in the same order every time.
func sortedKeys[V any](m map[ID]V) func(yield func(ID, V) bool) {
	return func(yield func(ID, V) bool) {
		ids := make([]ID, 0, len(m))
		for id := range m {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			if !yield(id, m[id]) {
				return
			}
		}
	}
}

// LatestPeriod is the period a monitoring report is as at by default: the
// latest period with any actual recorded, or 0 (no period closed yet, so
// the forecast is the profile) before any spend.
func (m *Monitoring) LatestPeriod() Period {
	latest := Period(0)
	if m == nil {
		return latest
	}
	for _, a := range m.Actuals {
		if a.Period.Valid() && a.Period > latest {
			latest = a.Period
		}
	}
	return latest
}
