package model

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Scenario is a named what-if variant of the plan. It holds no copy of the
// plan: it lists the changes it makes, as steps an officer can read, and is
// applied afresh to the current plan, so a change to the plan shows through
// every scenario unless the scenario itself changes that figure.
type Scenario struct {
	ID    ID     `json:"id"`
	Name  string `json:"name"`
	Notes string `json:"notes,omitempty"`
	Steps []Step `json:"steps"`
}

// StepKind names a lever.
type StepKind string

// The levers a scenario can pull.
const (
	// StepFunding changes a funding source (Target): by Percent (-25 for a
	// 25% cut), to Amount, or to Status. Exactly one of the three is set.
	StepFunding StepKind = "funding"
	// StepCutPriority, StepCutTag and StepCutLines cut the lines (not
	// posts) under an SWP priority (Target), carrying a PCC priority
	// (Target), or all lines, by Percent (10 for -10%) or by Amount. A
	// percentage is of all the lines cut, protected or not, so the group
	// falls by exactly what was asked; the cut is shared over the lines not
	// in Protect, pro rata to cost, to the penny, by largest remainder.
	StepCutPriority StepKind = "cut-priority"
	StepCutTag      StepKind = "cut-tag"
	StepCutLines    StepKind = "cut-lines"
	// StepRemoveLine drops a line (Target); StepLineCost sets its cost to
	// Amount; StepAddLine adds Line.
	StepRemoveLine StepKind = "remove-line"
	StepLineCost   StepKind = "line-cost"
	StepAddLine    StepKind = "add-line"
	// StepRemovePost drops a post (Target); StepPostEnd ends it after Month;
	// StepPostStart leaves it vacant until Month, its first month in post;
	// StepPostFTE sets its FTE; StepPostShare sets its grant share to Percent.
	StepRemovePost StepKind = "remove-post"
	StepPostEnd    StepKind = "post-end"
	StepPostStart  StepKind = "post-start"
	StepPostFTE    StepKind = "post-fte"
	StepPostShare  StepKind = "post-share"
	// StepMakeFit cuts the lines not in Protect, pro rata to cost in whole
	// pounds, until the plan fits the Fit target. Posts are never cut by it:
	// to save on a post, end it early or change its FTE or grant share.
	StepMakeFit StepKind = "make-fit"
	// StepSetting changes a costing setting (Setting) for every post: a
	// rate to Percent, the NI threshold to Amount, the levy on or off (On).
	StepSetting StepKind = "setting"
)

// FitTarget is the money a make-it-fit step fits the plan to.
type FitTarget string

// The two targets.
const (
	FitConfirmed FitTarget = "confirmed"
	FitAll       FitTarget = "confirmed+pending"
)

// Step is one change a scenario makes. Which fields count depends on Kind.
type Step struct {
	Kind    StepKind         `json:"kind"`
	Target  ID               `json:"target,omitempty"`
	Percent *Percent         `json:"percent,omitempty"`
	Amount  *Money           `json:"amount,omitempty"`
	Status  *FundingStatus   `json:"status,omitempty"`
	Month   int              `json:"month,omitempty"`
	FTE     *decimal.Decimal `json:"fte,omitempty"`
	Line    *Line            `json:"line,omitempty"`
	Fit     FitTarget        `json:"fit,omitempty"`
	Protect []ID             `json:"protect,omitempty"`
	Setting SettingName      `json:"setting,omitempty"`
	On      *bool            `json:"on,omitempty"`
}

// StepResult says what a step did when applied.
type StepResult struct {
	// Text describes the step in the officer's words.
	Text string
	// Allocated and Envelope are the changes the step made to the allocated
	// total and to the confirmed+pending envelope.
	Allocated, Envelope Money
	// Warning is set when the step could not do all it says, e.g. its line
	// is no longer in the plan.
	Warning string
}

// Apply returns the plan as the scenario would make it, leaving base
// untouched, and what each step did.
func (s *Scenario) Apply(base *Plan) (*Plan, []StepResult) {
	p := base.Clone()
	results := make([]StepResult, len(s.Steps))
	before := sumsOf(p)
	for i, st := range s.Steps {
		results[i] = applyStep(p, st)
		after := sumsOf(p)
		results[i].Allocated = after.allocated.Sub(before.allocated)
		results[i].Envelope = after.envelope.Sub(before.envelope)
		before = after
	}
	return p, results
}

// Plan returns the plan as the scenario makes it, without step results.
// It is cheaper than Apply: totals are worked out only where a step needs them.
func (s *Scenario) Plan(base *Plan) *Plan {
	p := base.Clone()
	for _, st := range s.Steps {
		applyStep(p, st)
	}
	return p
}

// Describe says what the step does, naming its target in the given plan.
func (st Step) Describe(p *Plan) string {
	pct := func(neg bool) string {
		if st.Percent == nil {
			return "?"
		}
		d := st.Percent.d
		if neg {
			d = d.Neg()
		}
		if d.Sign() > 0 {
			return "+" + d.String() + "%"
		}
		return d.String() + "%"
	}
	amt := func() string {
		if st.Amount == nil {
			return "?"
		}
		return st.Amount.String()
	}
	switch st.Kind {
	case StepFunding:
		name := fundingName(p, st.Target)
		switch {
		case st.Status != nil:
			return fmt.Sprintf("%s %s", name, *st.Status)
		case st.Percent != nil:
			return fmt.Sprintf("%s %s", name, pct(false))
		default:
			return fmt.Sprintf("%s set to %s", name, amt())
		}
	case StepCutPriority, StepCutTag, StepCutLines:
		var what string
		switch st.Kind {
		case StepCutPriority:
			what = priorityName(p, st.Target) + " lines"
		case StepCutTag:
			what = "Lines aligned to " + tagName(p, st.Target)
		default:
			what = "All lines (not posts)"
		}
		if st.Percent != nil {
			return fmt.Sprintf("%s %s%s", what, pct(true), protecting(p, st.Protect))
		}
		return fmt.Sprintf("%s cut by %s%s", what, amt(), protecting(p, st.Protect))
	case StepRemoveLine:
		return fmt.Sprintf("Line %s removed", lineName(p, st.Target))
	case StepLineCost:
		return fmt.Sprintf("Line %s cost %s", lineName(p, st.Target), amt())
	case StepAddLine:
		if st.Line == nil {
			return "Line added"
		}
		return fmt.Sprintf("Line %q added, cost %s", st.Line.Title, st.Line.Cost)
	case StepRemovePost:
		return fmt.Sprintf("Post %s removed", postName(p, st.Target))
	case StepPostEnd:
		return fmt.Sprintf("Post %s ends after %s", postName(p, st.Target), MonthName(st.Month))
	case StepPostStart:
		return fmt.Sprintf("Post %s vacant until %s", postName(p, st.Target), MonthName(st.Month))
	case StepPostFTE:
		f := "?"
		if st.FTE != nil {
			f = st.FTE.String()
		}
		return fmt.Sprintf("Post %s FTE %s", postName(p, st.Target), f)
	case StepPostShare:
		share := "?"
		if st.Percent != nil {
			share = st.Percent.String()
		}
		return fmt.Sprintf("Post %s grant share %s", postName(p, st.Target), share)
	case StepMakeFit:
		money := "confirmed money"
		if st.Fit == FitAll {
			money = "confirmed and pending money"
		}
		return fmt.Sprintf("Make it fit %s (posts protected)%s", money, protecting(p, st.Protect))
	case StepSetting:
		return st.describeSetting()
	}
	return fmt.Sprintf("unknown step %q", st.Kind)
}

// protectingNamed is how many protected lines a step's description
// names; the rest it counts.
const protectingNamed = 3

// protecting names a step's protected lines: `, protecting "A" and "B"`.
// CheckProtect refuses a cut of an SWP or PCC priority's lines that
// protects a line outside them: the cut would not touch it anyway, and
// the step would say it protects it. It names the line and the group.
func (st Step) CheckProtect(p *Plan) error {
	if st.Kind != StepCutPriority && st.Kind != StepCutTag {
		return nil
	}
	for _, id := range st.Protect {
		l, _, ok := p.Line(id)
		if !ok {
			continue
		}
		switch {
		case st.Kind == StepCutPriority && l.PriorityID != st.Target:
			return fmt.Errorf("%q is not a line of %s, so this cut does not touch it: protect only lines of %s",
				l.Title, priorityName(p, st.Target), priorityName(p, st.Target))
		case st.Kind == StepCutTag && !hasID(l.Tags, st.Target):
			return fmt.Errorf("%q is not aligned to %s, so this cut does not touch it: protect only lines aligned to it",
				l.Title, tagName(p, st.Target))
		}
	}
	return nil
}

func protecting(p *Plan, ids []ID) string {
	if len(ids) == 0 {
		return ""
	}
	var names []string
	for _, id := range ids[:min(len(ids), protectingNamed)] {
		names = append(names, lineName(p, id))
	}
	if rest := len(ids) - len(names); rest > 0 {
		names = append(names, fmt.Sprintf("%d more", rest))
	}
	if len(names) == 1 {
		return ", protecting " + names[0]
	}
	return ", protecting " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func fundingName(p *Plan, id ID) string {
	if f, _, ok := p.FundingSource(id); ok {
		return f.Name
	}
	return "(a funding source no longer in the plan)"
}

func priorityName(p *Plan, id ID) string {
	if pr, ok := p.Priority(id); ok {
		return pr.Name
	}
	return "(a priority no longer in the plan)"
}

func tagName(p *Plan, id ID) string {
	if t, ok := p.Tag(id); ok {
		return t.Name
	}
	return "(a PCC priority no longer in the plan)"
}

func lineName(p *Plan, id ID) string {
	if l, _, ok := p.Line(id); ok {
		return fmt.Sprintf("%q", l.Title)
	}
	return "(no longer in the plan)"
}

func postName(p *Plan, id ID) string {
	if po, _, ok := p.Post(id); ok {
		return fmt.Sprintf("%q", po.Title)
	}
	return "(no longer in the plan)"
}

// applyStep changes p as the step says and returns its description and any
// warning; the caller fills in the effect.
func applyStep(p *Plan, st Step) StepResult {
	r := StepResult{Text: st.Describe(p)}
	gone := func(what string) StepResult {
		r.Warning = what + " is no longer in the plan, so this step does nothing"
		return r
	}
	switch st.Kind {
	case StepFunding:
		_, i, ok := p.FundingSource(st.Target)
		if !ok {
			return gone("the funding source")
		}
		f := &p.Funding[i]
		switch {
		case st.Status != nil:
			f.Status = *st.Status
		case st.Percent != nil:
			f.Amount = f.Amount.Add(f.Amount.MulRate(*st.Percent)).Max(Money{})
		case st.Amount != nil:
			f.Amount = st.Amount.Max(Money{})
		}
	case StepCutPriority, StepCutTag, StepCutLines:
		var idx []int
		for i, l := range p.Lines {
			switch {
			case st.Kind == StepCutLines,
				st.Kind == StepCutPriority && l.PriorityID == st.Target,
				st.Kind == StepCutTag && hasID(l.Tags, st.Target):
				idx = append(idx, i)
			}
		}
		if st.Kind == StepCutPriority {
			if _, ok := p.Priority(st.Target); !ok {
				return gone("the priority")
			}
		}
		if st.Kind == StepCutTag {
			if _, ok := p.Tag(st.Target); !ok {
				return gone("the PCC priority")
			}
		}
		// The percentage is of every line in the group, protected or
		// not; the cut falls on the unprotected ones alone.
		var total, open Money
		var cutIdx []int
		var costs []Money
		for _, i := range idx {
			total = total.Add(p.Lines[i].Cost)
			if !hasID(st.Protect, p.Lines[i].ID) || p.Lines[i].ID == 0 {
				cutIdx = append(cutIdx, i)
				costs = append(costs, p.Lines[i].Cost)
				open = open.Add(p.Lines[i].Cost)
			}
		}
		var cut Money
		if st.Percent != nil {
			cut = total.MulRate(*st.Percent)
		} else if st.Amount != nil {
			cut = *st.Amount
		}
		parts, uncovered := ShareCut(costs, cut, Pence(1))
		for k, i := range cutIdx {
			p.Lines[i].Cost = p.Lines[i].Cost.Sub(parts[k])
		}
		if !uncovered.IsZero() {
			held := "the lines hold"
			if len(cutIdx) < len(idx) {
				held = "the unprotected lines hold"
			}
			r.Warning = fmt.Sprintf("%s only %s, so %s of the cut could not be made", held, open, uncovered)
		}
	case StepRemoveLine:
		_, i, ok := p.Line(st.Target)
		if !ok {
			return gone("the line")
		}
		p.Lines = append(p.Lines[:i], p.Lines[i+1:]...)
	case StepLineCost:
		_, i, ok := p.Line(st.Target)
		if !ok {
			return gone("the line")
		}
		if st.Amount != nil {
			p.Lines[i].Cost = st.Amount.Max(Money{})
		}
	case StepAddLine:
		if st.Line != nil {
			l := *st.Line
			l.Tags = append([]ID(nil), l.Tags...)
			p.Lines = append(p.Lines, l)
		}
	case StepRemovePost:
		_, i, ok := p.Post(st.Target)
		if !ok {
			return gone("the post")
		}
		p.Posts = append(p.Posts[:i], p.Posts[i+1:]...)
	case StepPostEnd, StepPostStart, StepPostFTE, StepPostShare:
		_, i, ok := p.Post(st.Target)
		if !ok {
			return gone("the post")
		}
		po := &p.Posts[i]
		switch st.Kind {
		case StepPostEnd:
			if st.Month < po.StartMonth {
				r.Warning = fmt.Sprintf("the post starts in %s, after %s; it is left as it was", MonthName(po.StartMonth), MonthName(st.Month))
			} else if st.Month < po.EndMonth {
				po.EndMonth = st.Month
			}
		case StepPostStart:
			// A vacancy only delays a start: a post the plan starts later
			// than Month keeps its own start.
			if st.Month > po.EndMonth {
				r.Warning = fmt.Sprintf("the post ends in %s, before %s; it is left as it was", MonthName(po.EndMonth), MonthName(st.Month))
			} else if st.Month > po.StartMonth {
				po.StartMonth = st.Month
			}
		case StepPostFTE:
			if st.FTE != nil {
				po.FTE = *st.FTE
			}
		case StepPostShare:
			if st.Percent != nil {
				po.GrantShare = *st.Percent
			}
		}
	case StepMakeFit:
		r.Warning = makeFit(p, st)
	case StepSetting:
		ApplySettingStep(&p.Settings, st)
	default:
		r.Warning = "csplan does not know this kind of step; it does nothing"
	}
	return r
}

// makeFit cuts the unprotected lines until the plan fits its target, and
// returns a warning when they cannot cover the shortfall.
func makeFit(p *Plan, st Step) string {
	t := sumsOf(p)
	target := t.confirmed
	if st.Fit == FitAll {
		target = t.envelope
	}
	shortfall := t.allocated.Sub(target)
	if shortfall.Sign() <= 0 {
		return ""
	}
	var idx []int
	var costs []Money
	for i, l := range p.Lines {
		if !hasID(st.Protect, l.ID) || l.ID == 0 {
			idx = append(idx, i)
			costs = append(costs, l.Cost)
		}
	}
	// Whole pounds, and never short of the shortfall: the cut asked for
	// is the shortfall rounded up to a pound.
	cut := MoneyFromDecimal(shortfall.d.Ceil())
	parts, uncovered := ShareCut(costs, cut, Pounds(1))
	over := shortfall
	for k, i := range idx {
		p.Lines[i].Cost = p.Lines[i].Cost.Sub(parts[k])
		over = over.Sub(parts[k])
	}
	if !uncovered.IsZero() {
		return fmt.Sprintf("the unprotected lines cannot cover the shortfall of %s: even cut to nothing, %s is still over", shortfall, over)
	}
	return ""
}

// sums are the three totals a step changes, worked out without the
// per-priority and per-tag breakdowns of ComputeTotals: a scenario needs
// them after every step, so they must be cheap.
type sums struct{ confirmed, envelope, allocated Money }

func sumsOf(p *Plan) sums {
	var confirmed, pending, allocated penceSum
	for _, f := range p.Funding {
		switch f.Status {
		case Confirmed:
			confirmed.add(f.Amount)
		case Pending:
			pending.add(f.Amount)
		}
	}
	for i := range p.Lines {
		allocated.add(p.Lines[i].Cost)
	}
	for i := range p.Posts {
		allocated.add(p.Posts[i].Costing(p.Settings).ToGrant)
	}
	c := confirmed.money()
	return sums{c, c.Add(pending.money()), allocated.money()}
}

func hasID(ids []ID, id ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// SetStep records a change to one figure of one record: it replaces an
// earlier step of the same kind on the same target, so editing a line's
// cost twice leaves one step, and otherwise appends the step.
func (s *Scenario) SetStep(st Step) {
	if st.Target != 0 {
		for i, old := range s.Steps {
			if old.Kind == st.Kind && old.Target == st.Target && st.Kind != StepMakeFit && st.Kind != StepSetting && st.Kind != StepAddLine && sameFundingLever(old, st) {
				s.Steps[i] = st
				return
			}
		}
	}
	if st.Kind == StepSetting {
		for i, old := range s.Steps {
			if old.Kind == StepSetting && old.Setting == st.Setting {
				s.Steps[i] = st
				return
			}
		}
	}
	s.Steps = append(s.Steps, st)
}

func sameFundingLever(a, b Step) bool {
	if a.Kind != StepFunding {
		return true
	}
	return (a.Status != nil) == (b.Status != nil)
}

// MaxNameLen is the longest name a scenario may have, in characters: far
// beyond a useful name, short enough to show.
const MaxNameLen = 200

// Validate checks a scenario's own fields (not whether its targets still
// exist: a step whose target has gone is reported when applied).
func (s *Scenario) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return fmt.Errorf("a scenario needs a name")
	}
	if n := utf8.RuneCountInString(s.Name); n > MaxNameLen {
		return fmt.Errorf("the name is %d characters long: the most is %d", n, MaxNameLen)
	}
	for i, st := range s.Steps {
		n := 0
		for _, set := range []bool{st.Percent != nil, st.Amount != nil, st.Status != nil} {
			if set {
				n++
			}
		}
		switch st.Kind {
		case StepFunding:
			if n != 1 {
				return fmt.Errorf("step %d: a funding step changes by a percentage, to an amount, or sets a status: exactly one", i+1)
			}
		case StepCutPriority, StepCutTag, StepCutLines:
			if (st.Percent == nil) == (st.Amount == nil) {
				return fmt.Errorf("step %d: a cut is by a percentage or by an amount: exactly one", i+1)
			}
			if st.Percent != nil && (st.Percent.d.Sign() < 0 || st.Percent.d.Cmp(hundred) > 0) {
				return fmt.Errorf("step %d: a cut of %s is outside 0%%-100%%", i+1, st.Percent)
			}
			if st.Amount != nil && st.Amount.Sign() < 0 {
				return fmt.Errorf("step %d: a cut of %s is negative", i+1, st.Amount)
			}
		case StepLineCost:
			if st.Amount == nil || st.Amount.Sign() < 0 {
				return fmt.Errorf("step %d: a line's cost must be given and not negative", i+1)
			}
		case StepAddLine:
			if st.Line == nil || strings.TrimSpace(st.Line.Title) == "" {
				return fmt.Errorf("step %d: an added line needs a title", i+1)
			}
		case StepPostEnd, StepPostStart:
			if st.Month < 1 || st.Month > 12 {
				return fmt.Errorf("step %d: month %d is outside the year", i+1, st.Month)
			}
		case StepPostFTE:
			if st.FTE == nil || st.FTE.Sign() <= 0 || st.FTE.Cmp(MaxFTE) > 0 {
				return fmt.Errorf("step %d: FTE must be more than 0 and at most 1.5", i+1)
			}
		case StepPostShare:
			if st.Percent == nil || st.Percent.d.Sign() < 0 || st.Percent.d.Cmp(hundred) > 0 {
				return fmt.Errorf("step %d: a grant share must be within 0%%-100%%", i+1)
			}
		case StepMakeFit:
			if st.Fit != FitConfirmed && st.Fit != FitAll {
				return fmt.Errorf("step %d: make it fit needs a target: confirmed, or confirmed+pending", i+1)
			}
		case StepSetting:
			if err := st.validSetting(); err != nil {
				return fmt.Errorf("step %d: %w", i+1, err)
			}
		case StepRemoveLine, StepRemovePost:
		default:
			return fmt.Errorf("step %d: unknown kind %q", i+1, st.Kind)
		}
	}
	return nil
}
