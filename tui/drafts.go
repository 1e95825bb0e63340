package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"csplan/model"
)

// Drafts hold a record as the officer types it: text, checked by the same
// parsers the rest of csplan uses. A draft becomes a record only when every
// field reads; until then nothing is saved.

// lineDraft is a line being added or edited.
type lineDraft struct {
	orig     model.Line
	Title    string
	Priority model.ID
	Owner    string
	Kind     string
	Cost     string
	// PrimaryTag is the PCC priority the line's money counts under (0:
	// none); AlsoTags are the others it supports.
	PrimaryTag model.ID
	AlsoTags   []model.ID
	Notes      string
	// kinds are the kinds the plan's lines have: one typed in another
	// case is saved as the plan spells it, so kinds do not drift.
	kinds []string
}

func newLineDraft(l model.Line) *lineDraft {
	d := &lineDraft{orig: l, Title: l.Title, Priority: l.PriorityID, Owner: l.Owner,
		Kind: l.Kind, PrimaryTag: l.PrimaryTag(), AlsoTags: l.AlsoSupports(), Notes: l.Notes}
	if l.ID != 0 {
		d.Cost = plainMoney(l.Cost)
	}
	return d
}

// line returns the line the draft describes.
func (d *lineDraft) line() (model.Line, error) {
	l := d.orig
	if err := required(d.Title); err != nil {
		return l, fmt.Errorf("title: %w", err)
	}
	cost, err := model.ParseMoney(d.Cost)
	if err != nil {
		return l, fmt.Errorf("cost: %w", err)
	}
	if d.Priority == 0 {
		return l, errors.New("priority: choose the SWP priority the line sits under")
	}
	tags, err := draftTags(d.orig.Tags, d.PrimaryTag, d.AlsoTags)
	if err != nil {
		return l, err
	}
	l.Title = strings.TrimSpace(d.Title)
	l.PriorityID = d.Priority
	l.Owner = strings.TrimSpace(d.Owner)
	l.Kind = strings.TrimSpace(d.Kind)
	for _, k := range d.kinds {
		if strings.EqualFold(k, l.Kind) {
			l.Kind = k
			break
		}
	}
	l.Cost = cost
	l.Tags = tags
	l.Notes = strings.TrimSpace(d.Notes)
	return l, nil
}

// postDraft is a post being added or edited.
type postDraft struct {
	orig        model.Post
	Title       string
	Priority    model.ID
	Team        string
	FTE         string
	Salary      string
	Start       string
	End         string
	Share       string
	OtherFunder string
	OnCosts     string
	PrimaryTag  model.ID
	AlsoTags    []model.ID
	Notes       string
}

func newPostDraft(p model.Post) *postDraft {
	d := &postDraft{orig: p, Title: p.Title, Priority: p.PriorityID, Team: p.Team,
		OtherFunder: p.OtherFunder, PrimaryTag: p.PrimaryTag(), AlsoTags: p.AlsoSupports(), Notes: p.Notes}
	if p.ID == 0 {
		d.FTE, d.Start, d.End, d.Share = "1", "April", "March", "100"
		return d
	}
	d.FTE = p.FTE.String()
	d.Salary = plainMoney(p.Salary)
	d.Start, d.End = model.MonthName(p.StartMonth), model.MonthName(p.EndMonth)
	d.Share = p.GrantShare.Plain()
	if p.OnCostOverride != nil {
		d.OnCosts = plainMoney(*p.OnCostOverride)
	}
	return d
}

// post returns the post the draft describes.
func (d *postDraft) post() (model.Post, error) {
	p := d.orig
	if err := required(d.Title); err != nil {
		return p, fmt.Errorf("title: %w", err)
	}
	if d.Priority == 0 {
		return p, errors.New("priority: choose the SWP priority the post sits under")
	}
	tags, err := draftTags(d.orig.Tags, d.PrimaryTag, d.AlsoTags)
	if err != nil {
		return p, err
	}
	p, err = d.costed()
	if err != nil {
		return p, err
	}
	p.Title = strings.TrimSpace(d.Title)
	p.PriorityID = d.Priority
	p.Team = strings.TrimSpace(d.Team)
	p.OtherFunder = strings.TrimSpace(d.OtherFunder)
	p.Tags = tags
	p.Notes = strings.TrimSpace(d.Notes)
	return p, nil
}

// costed returns the post with the figures its costing reads (FTE, pay,
// months, share, on-costs) as typed, the rest as it was: a new post's
// cost can be shown before it has a title.
func (d *postDraft) costed() (model.Post, error) {
	p := d.orig
	fte, err := parseFTE(d.FTE)
	if err != nil {
		return p, fmt.Errorf("FTE: %w", err)
	}
	salary, err := model.ParseMoney(d.Salary)
	if err != nil {
		return p, fmt.Errorf("salary: %w", err)
	}
	start, err := model.ParseMonth(d.Start)
	if err != nil {
		return p, fmt.Errorf("first month: %w", err)
	}
	end, err := model.ParseMonth(d.End)
	if err != nil {
		return p, fmt.Errorf("last month: %w", err)
	}
	if end < start {
		return p, fmt.Errorf("last month: %s is before the first month, %s", model.MonthName(end), model.MonthName(start))
	}
	share, err := parseShare(d.Share)
	if err != nil {
		return p, fmt.Errorf("grant share: %w", err)
	}
	var override *model.Money
	if strings.TrimSpace(d.OnCosts) != "" {
		m, err := model.ParseMoney(d.OnCosts)
		if err != nil {
			return p, fmt.Errorf("on-costs: %w", err)
		}
		override = &m
	}
	p.FTE, p.Salary = fte, salary
	p.StartMonth, p.EndMonth = start, end
	p.GrantShare = share
	p.OnCostOverride = override
	return p, nil
}

// fundingDraft is a funding source being added or edited.
type fundingDraft struct {
	orig   model.FundingSource
	Name   string
	Amount string
	Status model.FundingStatus
	Note   string
}

func newFundingDraft(f model.FundingSource) *fundingDraft {
	d := &fundingDraft{orig: f, Name: f.Name, Status: f.Status, Note: f.Note}
	if f.ID != 0 {
		d.Amount = plainMoney(f.Amount)
	}
	return d
}

func (d *fundingDraft) source() (model.FundingSource, error) {
	f := d.orig
	if err := required(d.Name); err != nil {
		return f, fmt.Errorf("name: %w", err)
	}
	amount, err := model.ParseMoney(d.Amount)
	if err != nil {
		return f, fmt.Errorf("amount: %w", err)
	}
	f.Name = strings.TrimSpace(d.Name)
	f.Amount = amount
	f.Status = d.Status
	f.Note = strings.TrimSpace(d.Note)
	return f, nil
}

// priorityDraft is an SWP priority being added or edited; its outcomes are
// typed one to a line.
type priorityDraft struct {
	orig     model.Priority
	Name     string
	Outcomes string
}

func newPriorityDraft(p model.Priority) *priorityDraft {
	return &priorityDraft{orig: p, Name: p.Name, Outcomes: strings.Join(p.Outcomes, "\n")}
}

func (d *priorityDraft) priority() (model.Priority, error) {
	p := d.orig
	if err := required(d.Name); err != nil {
		return p, fmt.Errorf("name: %w", err)
	}
	p.Name = strings.TrimSpace(d.Name)
	p.Outcomes = nil
	for _, o := range strings.Split(d.Outcomes, "\n") {
		if o = strings.TrimSpace(o); o != "" {
			p.Outcomes = append(p.Outcomes, o)
		}
	}
	return p, nil
}

// tagDraft is a PCC priority being added or edited.
type tagDraft struct {
	orig        model.Tag
	Name        string
	Description string
}

func (d *tagDraft) tag() (model.Tag, error) {
	t := d.orig
	if err := required(d.Name); err != nil {
		return t, fmt.Errorf("name: %w", err)
	}
	t.Name = strings.TrimSpace(d.Name)
	t.Description = strings.TrimSpace(d.Description)
	return t, nil
}

// draftTags returns the tags of a line or post whose primary PCC priority
// and also-supports were chosen in a form: the primary first, then the
// others in the order the record had them (see keepTagOrder). Ticking
// others with no primary is refused rather than making the first of them
// the primary unasked.
func draftTags(old []model.ID, primary model.ID, also []model.ID) ([]model.ID, error) {
	if primary == 0 {
		if len(also) > 0 {
			return nil, errors.New("PCC priority: choose the primary PCC priority, the one the money counts under, " +
				"or untick the ones it also supports")
		}
		return nil, nil
	}
	return model.WithPrimaryTag(primary, keepTagOrder(model.AlsoSupports(old), also)), nil
}

// keepTagOrder returns the chosen PCC priorities with those the record
// already had in their old order, then the new ones. The form lists its
// choices in the plan's order; without this, opening and saving a record
// would record a change that is only a reordering.
func keepTagOrder(old, chosen []model.ID) []model.ID {
	in := make(map[model.ID]bool, len(chosen))
	for _, id := range chosen {
		in[id] = true
	}
	out := make([]model.ID, 0, len(chosen))
	kept := make(map[model.ID]bool, len(old))
	for _, id := range old {
		if in[id] && !kept[id] {
			out = append(out, id)
			kept[id] = true
		}
	}
	for _, id := range chosen {
		if !kept[id] {
			out = append(out, id)
			kept[id] = true
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// plainMoney writes an amount as the officer would type it back: 12000 or
// 12000.50, with no £ or commas to step over.
func plainMoney(m model.Money) string {
	s := m.Plain()
	return strings.TrimSuffix(s, ".00")
}

// The field checks huh runs on enter; each says what is wrong in words.

func required(s string) error {
	if strings.TrimSpace(s) == "" {
		return errors.New("it must not be empty")
	}
	return nil
}

func validMoney(s string) error {
	_, err := model.ParseMoney(s)
	return err
}

func validOptionalMoney(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return validMoney(s)
}

func validMonth(s string) error {
	_, err := model.ParseMonth(s)
	return err
}

func validFTE(s string) error {
	_, err := parseFTE(s)
	return err
}

func validShare(s string) error {
	_, err := parseShare(s)
	return err
}

// parseFTE reads a full-time equivalent such as 1, 0.5 or 0.6.
func parseFTE(s string) (decimal.Decimal, error) {
	t := strings.TrimSpace(s)
	d, err := decimal.NewFromString(t)
	if err != nil || t == "" {
		return decimal.Zero, fmt.Errorf("%q is not a number: type the FTE as 1, 0.5 or 0.6", s)
	}
	if d.Sign() <= 0 || d.Cmp(model.MaxFTE) > 0 {
		return decimal.Zero, fmt.Errorf("%s must be more than 0 and at most %s", t, model.MaxFTE)
	}
	if !d.Equal(d.Truncate(4)) {
		return decimal.Zero, fmt.Errorf("%s has more than four decimal places", t)
	}
	return d, nil
}

// parseShare reads the percentage of a post the grant pays, 0 to 100.
func parseShare(s string) (model.Percent, error) {
	p, err := model.ParsePercent(s)
	if err != nil {
		return p, err
	}
	if p.Decimal().Sign() < 0 || p.Decimal().Cmp(decimal.NewFromInt(100)) > 0 {
		return p, fmt.Errorf("%s is outside 0%% to 100%%", p)
	}
	return p, nil
}
