package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// ID identifies a record in the plan. IDs are given by the store and never
// reused; 0 means "not saved yet".
type ID uint64

// FundingStatus says how sure a funding source is.
type FundingStatus int

// The funding statuses. Only confirmed money can be spent safely; pending
// money (such as a carry-forward awaiting PCC approval) may be planned
// against, and refused money counts for nothing.
const (
	Confirmed FundingStatus = iota
	Pending
	Refused
)

// FundingStatuses lists the statuses in the order the officer cycles them.
var FundingStatuses = []FundingStatus{Confirmed, Pending, Refused}

// String returns the status in the officer's words.
func (s FundingStatus) String() string {
	switch s {
	case Confirmed:
		return "confirmed"
	case Pending:
		return "pending"
	case Refused:
		return "refused"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Next returns the status after s in the cycle confirmed, pending, refused.
func (s FundingStatus) Next() FundingStatus { return (s + 1) % 3 }

// ParseFundingStatus reads a status by name, in any case.
func ParseFundingStatus(s string) (FundingStatus, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "confirmed":
		return Confirmed, nil
	case "pending":
		return Pending, nil
	case "refused":
		return Refused, nil
	}
	return 0, fmt.Errorf("%q is not a funding status: use confirmed, pending or refused", s)
}

// MarshalText writes the status by name.
func (s FundingStatus) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a status by name.
func (s *FundingStatus) UnmarshalText(b []byte) error {
	v, err := ParseFundingStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// FundingSource is one part of the envelope, such as the PCC grant or a
// carry-forward.
type FundingSource struct {
	ID     ID            `json:"id"`
	Name   string        `json:"name"`
	Amount Money         `json:"amount"`
	Status FundingStatus `json:"status"`
	Note   string        `json:"note,omitempty"`
}

// Priority is one of the partnership's strategic priorities (SWP), with the
// outcomes it aims for. Every line and post sits under exactly one.
type Priority struct {
	ID       ID       `json:"id"`
	Name     string   `json:"name"`
	Outcomes []string `json:"outcomes,omitempty"`
	// Order places the priority on screen and in files, smallest first.
	Order int `json:"order"`
}

// Tag is a priority of the alignment framework, the PCC's Police and Crime
// Plan. Lines and posts carry one or more: the first is the item's primary
// PCC priority, the rest are those it also supports (see PrimaryTag).
type Tag struct {
	ID          ID     `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Order       int    `json:"order"`
}

// Line is one costed item of the plan other than a post: a commissioned
// service, a project, a running cost.
type Line struct {
	ID         ID     `json:"id"`
	PriorityID ID     `json:"priority"`
	Title      string `json:"title"`
	Owner      string `json:"owner,omitempty"`
	Kind       string `json:"kind,omitempty"`
	Cost       Money  `json:"cost"`
	// Tags are the PCC priorities the line is aligned to: Tags[0] is its
	// primary PCC priority, under which the by-PCC totals count it once;
	// the rest are those it also supports. See PrimaryTag.
	Tags  []ID   `json:"tags,omitempty"`
	Notes string `json:"notes,omitempty"`
	// LedgerCode is how the council's ledger names the line (cost centre
	// and account, as the ledger writes them), so ledger rows can be matched
	// to it by code rather than by title. Optional.
	LedgerCode string `json:"ledger_code,omitempty"`
}

// Post is a staff post that the grant pays for in whole or in part.
type Post struct {
	ID         ID     `json:"id"`
	PriorityID ID     `json:"priority"`
	Title      string `json:"title"`
	Team       string `json:"team,omitempty"`
	// Tags are the PCC priorities the post is aligned to, the primary
	// first, as for Line.Tags.
	Tags []ID `json:"tags,omitempty"`
	// FTE is the full-time equivalent, in (0, 1.5].
	FTE decimal.Decimal `json:"fte"`
	// Salary is the full-time annual salary; the pay is Salary x FTE.
	Salary Money `json:"salary"`
	// StartMonth and EndMonth are months of the financial year, 1 (April)
	// to 12 (March), both inclusive.
	StartMonth int `json:"start_month"`
	EndMonth   int `json:"end_month"`
	// GrantShare is the percentage of the post's cost that the grant pays.
	GrantShare Percent `json:"grant_share"`
	// OtherFunder names who pays the rest when GrantShare is under 100%.
	OtherFunder string `json:"other_funder,omitempty"`
	// OnCostOverride, when set, replaces the computed annual on-costs
	// (employer NI, pension, levy) with a known figure, e.g. a secondment.
	OnCostOverride *Money `json:"on_cost_override,omitempty"`
	Notes          string `json:"notes,omitempty"`
	// LedgerCode is how the council's ledger names the post, as for
	// Line.LedgerCode. Optional.
	LedgerCode string `json:"ledger_code,omitempty"`
}

// PrimaryTag returns the primary PCC priority of an item with the given
// tags, the first of them, or 0 when it has none.
//
// The primary is kept as the order of the tags rather than as a field of
// its own so that every stored record, export and history entry written
// before primaries existed already means what it meant: the officer's
// first choice is the primary, the others are "also supports".
func PrimaryTag(tags []ID) ID {
	if len(tags) == 0 {
		return 0
	}
	return tags[0]
}

// AlsoSupports returns the PCC priorities an item with the given tags
// also supports: every tag after the primary, without repeats and without
// the primary itself.
func AlsoSupports(tags []ID) []ID {
	if len(tags) < 2 {
		return nil
	}
	out := make([]ID, 0, len(tags)-1)
	for j, id := range tags[1:] {
		if id != tags[0] && !dupBefore(tags[1:], j) {
			out = append(out, id)
		}
	}
	return out
}

// WithPrimaryTag returns the tags of an item whose primary PCC priority is
// primary (0: none) and which also supports also, in the form Line.Tags
// and Post.Tags keep them: the primary first, then the others in the order
// given, repeats and the primary left out of them. With no primary the
// item has no tags at all, since the first tag would otherwise become a
// primary the officer never chose.
func WithPrimaryTag(primary ID, also []ID) []ID {
	if primary == 0 {
		return nil
	}
	out := []ID{primary}
	for _, id := range also {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// PrimaryTag returns the line's primary PCC priority, 0 when it has none.
func (l *Line) PrimaryTag() ID { return PrimaryTag(l.Tags) }

// AlsoSupports returns the PCC priorities the line also supports.
func (l *Line) AlsoSupports() []ID { return AlsoSupports(l.Tags) }

// PrimaryTag returns the post's primary PCC priority, 0 when it has none.
func (p *Post) PrimaryTag() ID { return PrimaryTag(p.Tags) }

// AlsoSupports returns the PCC priorities the post also supports.
func (p *Post) AlsoSupports() []ID { return AlsoSupports(p.Tags) }

// Settings are the plan-wide assumptions used to cost posts.
type Settings struct {
	// NIRate is employer National Insurance on earnings above NIThreshold.
	NIRate Percent `json:"ni_rate"`
	// NIThreshold is the secondary threshold, a year's worth.
	NIThreshold Money `json:"ni_threshold"`
	// PensionRate is the employer pension contribution on pay. No published
	// rate exists for the council, so it is a stated, editable assumption.
	PensionRate Percent `json:"pension_rate"`
	// LevyRate is the Apprenticeship Levy on pay (the council's pay bill is
	// over £3m, so it applies to every post).
	LevyRate Percent `json:"levy_rate"`
	// LevyHeldCentrally switches the levy off for the plan's posts: some
	// councils pay it centrally and do not charge grant-funded posts. The
	// rate is kept, so switching it back on restores it.
	LevyHeldCentrally bool `json:"levy_held_centrally,omitempty"`
}

// DefaultSettings are the 2017/18 figures: employer NI 13.8% above £8,164 a
// year, Apprenticeship Levy 0.5%, and an assumed employer pension rate.
func DefaultSettings() Settings {
	return Settings{
		NIRate:      Pct("13.8"),
		NIThreshold: Pounds(8164),
		PensionRate: Pct("20"),
		LevyRate:    Pct("0.5"),
	}
}

// Info is the plan's heading: who it belongs to and for which year.
type Info struct {
	Partnership     string `json:"partnership"`
	AccountableBody string `json:"accountable_body,omitempty"`
	// StartYear is the calendar year in which the financial year starts:
	// 2017 for 2017/18 (1 April 2017 to 31 March 2018).
	StartYear int    `json:"start_year"`
	Notes     string `json:"notes,omitempty"`
}

// Year returns the financial year as written in reports, e.g. "2017/18".
func (i Info) Year() string { return FinancialYear(i.StartYear) }

// FinancialYear formats a financial year from its starting calendar year.
func FinancialYear(start int) string { return fmt.Sprintf("%d/%02d", start, (start+1)%100) }

// ParseFinancialYear reads "2017/18" or "2017-18" or "2017" and returns 2017.
func ParseFinancialYear(s string) (int, error) {
	t := strings.TrimSpace(s)
	var a, b int
	if n, _ := fmt.Sscanf(strings.ReplaceAll(t, "-", "/"), "%d/%d", &a, &b); n == 2 {
		if a >= 1900 && a < 3000 && b == (a+1)%100 && FinancialYear(a) == strings.ReplaceAll(t, "-", "/") {
			return a, nil
		}
	} else if n, _ := fmt.Sscanf(t, "%d", &a); n == 1 && fmt.Sprint(a) == t && a >= 1900 && a < 3000 {
		return a, nil
	}
	return 0, fmt.Errorf("%q is not a financial year: write it as 2017/18", s)
}

// Plan is a partnership's costed delivery plan for one financial year.
type Plan struct {
	Info       Info            `json:"info"`
	Settings   Settings        `json:"settings"`
	Funding    []FundingSource `json:"funding"`
	Priorities []Priority      `json:"priorities"`
	Tags       []Tag           `json:"tags"`
	Lines      []Line          `json:"lines"`
	Posts      []Post          `json:"posts"`
}

// Clone returns a deep copy of the plan, so a scenario or a preview can
// change it without touching the original.
func (p *Plan) Clone() *Plan {
	c := *p
	c.Funding = append([]FundingSource(nil), p.Funding...)
	c.Priorities = make([]Priority, len(p.Priorities))
	for i, pr := range p.Priorities {
		pr.Outcomes = append([]string(nil), pr.Outcomes...)
		c.Priorities[i] = pr
	}
	c.Tags = append([]Tag(nil), p.Tags...)
	c.Lines = make([]Line, len(p.Lines))
	for i, l := range p.Lines {
		l.Tags = append([]ID(nil), l.Tags...)
		c.Lines[i] = l
	}
	c.Posts = make([]Post, len(p.Posts))
	for i, po := range p.Posts {
		po.Tags = append([]ID(nil), po.Tags...)
		if po.OnCostOverride != nil {
			v := *po.OnCostOverride
			po.OnCostOverride = &v
		}
		c.Posts[i] = po
	}
	return &c
}

// Priority returns the priority with the given ID.
func (p *Plan) Priority(id ID) (Priority, bool) {
	for _, pr := range p.Priorities {
		if pr.ID == id {
			return pr, true
		}
	}
	return Priority{}, false
}

// PriorityByName returns the priority with the given name, ignoring case.
func (p *Plan) PriorityByName(name string) (Priority, bool) {
	for _, pr := range p.Priorities {
		if strings.EqualFold(strings.TrimSpace(pr.Name), strings.TrimSpace(name)) {
			return pr, true
		}
	}
	return Priority{}, false
}

// Tag returns the PCC priority with the given ID.
func (p *Plan) Tag(id ID) (Tag, bool) {
	for _, t := range p.Tags {
		if t.ID == id {
			return t, true
		}
	}
	return Tag{}, false
}

// TagByName returns the PCC priority with the given name, ignoring case.
func (p *Plan) TagByName(name string) (Tag, bool) {
	for _, t := range p.Tags {
		if strings.EqualFold(strings.TrimSpace(t.Name), strings.TrimSpace(name)) {
			return t, true
		}
	}
	return Tag{}, false
}

// TagNames returns the names of the given tags, in the order given; an
// unknown ID shows as "?".
func (p *Plan) TagNames(ids []ID) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if t, ok := p.Tag(id); ok {
			out = append(out, t.Name)
		} else {
			out = append(out, "?")
		}
	}
	return out
}

// Line returns the line with the given ID and its index.
func (p *Plan) Line(id ID) (Line, int, bool) {
	for i, l := range p.Lines {
		if l.ID == id {
			return l, i, true
		}
	}
	return Line{}, -1, false
}

// Post returns the post with the given ID and its index.
func (p *Plan) Post(id ID) (Post, int, bool) {
	for i, po := range p.Posts {
		if po.ID == id {
			return po, i, true
		}
	}
	return Post{}, -1, false
}

// FundingSource returns the funding source with the given ID and its index.
func (p *Plan) FundingSource(id ID) (FundingSource, int, bool) {
	for i, f := range p.Funding {
		if f.ID == id {
			return f, i, true
		}
	}
	return FundingSource{}, -1, false
}

// MonthName returns the name of month m of the financial year (1 = April).
func MonthName(m int) string {
	if m < 1 || m > 12 {
		return fmt.Sprintf("month %d", m)
	}
	return monthNames[m-1]
}

var monthNames = []string{"April", "May", "June", "July", "August", "September",
	"October", "November", "December", "January", "February", "March"}

// ParseMonth reads a month of the financial year: a name ("April", "apr")
// or a number 1 (April) to 12 (March).
func ParseMonth(s string) (int, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return 0, fmt.Errorf("month is empty: give a month name such as April, or 1 (April) to 12 (March)")
	}
	for i, n := range monthNames {
		ln := strings.ToLower(n)
		if t == ln || (len(t) >= 3 && strings.HasPrefix(ln, t)) {
			return i + 1, nil
		}
	}
	var n int
	if _, err := fmt.Sscanf(t, "%d", &n); err == nil && fmt.Sprint(n) == t && n >= 1 && n <= 12 {
		return n, nil
	}
	return 0, fmt.Errorf("%q is not a month: give a month name such as April, or 1 (April) to 12 (March)", s)
}

// MonthDate returns "April 2017" style text for month m of a financial year
// starting in startYear.
func MonthDate(startYear, m int) string {
	y := startYear
	if m >= 10 {
		y++
	}
	return fmt.Sprintf("%s %d", MonthName(m), y)
}
