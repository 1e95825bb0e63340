package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
)

// lever is one kind of change a scenario step can make, in the words the
// lever form offers it.
type lever int

// The levers in the order the form lists them: money in, then the lines,
// then the posts, then make it fit.
const (
	leverFundingPercent lever = iota
	leverFundingAmount
	leverFundingStatus
	leverCutPriority
	leverCutTag
	leverCutLines
	leverLineCost
	leverRemoveLine
	leverPostEnd
	leverPostStart
	leverPostFTE
	leverPostShare
	leverRemovePost
	leverSetting
	leverMakeFit
	leverCount
)

// leverNames say what each lever does, as the lever form lists it.
var leverNames = [leverCount]string{
	leverFundingPercent: "Funding: change a source by a percentage",
	leverFundingAmount:  "Funding: set a source to an amount",
	leverFundingStatus:  "Funding: set a source's status",
	leverCutPriority:    "Cut the lines of an SWP priority",
	leverCutTag:         "Cut the lines aligned to a PCC priority",
	leverCutLines:       "Cut all lines (not posts)",
	leverLineCost:       "Change a line's cost",
	leverRemoveLine:     "Remove a line",
	leverPostEnd:        "End a post early",
	leverPostStart:      "Leave a post vacant until a month",
	leverPostFTE:        "Change a post's FTE",
	leverPostShare:      "Change a post's grant share",
	leverRemovePost:     "Remove a post",
	leverSetting:        "Costing: change a setting (pension, NI, levy)",
	leverMakeFit:        "Make it fit: share the shortfall across the lines",
}

// leverOf returns the lever a step pulls; ok is false for a step the lever
// form cannot edit (a line added by the scenario).
func leverOf(st model.Step) (lever, bool) {
	switch st.Kind {
	case model.StepFunding:
		switch {
		case st.Status != nil:
			return leverFundingStatus, true
		case st.Percent != nil:
			return leverFundingPercent, true
		}
		return leverFundingAmount, true
	case model.StepCutPriority:
		return leverCutPriority, true
	case model.StepCutTag:
		return leverCutTag, true
	case model.StepCutLines:
		return leverCutLines, true
	case model.StepLineCost:
		return leverLineCost, true
	case model.StepRemoveLine:
		return leverRemoveLine, true
	case model.StepPostEnd:
		return leverPostEnd, true
	case model.StepPostStart:
		return leverPostStart, true
	case model.StepPostFTE:
		return leverPostFTE, true
	case model.StepPostShare:
		return leverPostShare, true
	case model.StepRemovePost:
		return leverRemovePost, true
	case model.StepMakeFit:
		return leverMakeFit, true
	case model.StepSetting:
		return leverSetting, true
	}
	return 0, false
}

// stepDraft is a scenario step as the officer types it. Each lever has its
// own fields, so switching lever in the form loses nothing typed.
type stepDraft struct {
	Lever    lever
	Funding  model.ID
	Priority model.ID
	Tag      model.ID
	Line     model.ID
	Post     model.ID
	// FundingPercent is a change such as -25; FundingAmount and LineCost
	// are amounts; Cut is "10%" or an amount.
	FundingPercent string
	FundingAmount  string
	LineCost       string
	Cut            string
	Status         model.FundingStatus
	Month          string
	FirstMonth     string
	FTE            string
	Share          string
	Fit            model.FitTarget
	Protect        []model.ID
	// Setting and SettingValue are a costing setting and its value as
	// typed: "16.1", "£8,424", "off".
	Setting      model.SettingName
	SettingValue string
}

// newStepDraft fills a draft from a step, to edit it; a zero step gives a
// blank draft for the lever chosen.
func newStepDraft(st model.Step, lv lever) *stepDraft {
	d := &stepDraft{Lever: lv, Status: model.Refused, Fit: model.FitConfirmed}
	switch lv {
	case leverFundingPercent, leverFundingAmount, leverFundingStatus:
		d.Funding = st.Target
	case leverCutPriority:
		d.Priority = st.Target
	case leverCutTag:
		d.Tag = st.Target
	case leverLineCost, leverRemoveLine:
		d.Line = st.Target
	case leverPostEnd, leverPostStart, leverPostFTE, leverPostShare, leverRemovePost:
		d.Post = st.Target
	}
	if st.Percent != nil {
		d.FundingPercent = st.Percent.Plain()
		d.Cut = st.Percent.String()
		d.Share = st.Percent.Plain()
	}
	if st.Amount != nil {
		d.FundingAmount = plainMoney(*st.Amount)
		d.LineCost = plainMoney(*st.Amount)
		d.Cut = plainMoney(*st.Amount)
	}
	if st.Status != nil {
		d.Status = *st.Status
	}
	if st.Month != 0 {
		d.Month = model.MonthName(st.Month)
		d.FirstMonth = d.Month
	}
	if st.FTE != nil {
		d.FTE = st.FTE.String()
	}
	if st.Fit != "" {
		d.Fit = st.Fit
	}
	d.Protect = append([]model.ID(nil), st.Protect...)
	d.Setting = model.SettingPensionRate
	if lv == leverSetting && st.Setting != "" {
		d.Setting = st.Setting
		var s model.Settings
		model.ApplySettingStep(&s, st)
		d.SettingValue = s.Value(st.Setting)
	}
	return d
}

// step returns the step the draft describes, or what is wrong with it.
func (d *stepDraft) step() (model.Step, error) {
	need := func(id model.ID, what string) error {
		if id == 0 {
			return fmt.Errorf("choose the %s", what)
		}
		return nil
	}
	var st model.Step
	switch d.Lever {
	case leverFundingPercent, leverFundingAmount, leverFundingStatus:
		st = model.Step{Kind: model.StepFunding, Target: d.Funding}
		if err := need(d.Funding, "funding source"); err != nil {
			return st, err
		}
		switch d.Lever {
		case leverFundingPercent:
			p, err := parseChange(d.FundingPercent)
			if err != nil {
				return st, fmt.Errorf("change: %w", err)
			}
			st.Percent = &p
		case leverFundingAmount:
			m, err := model.ParseMoney(d.FundingAmount)
			if err != nil {
				return st, fmt.Errorf("amount: %w", err)
			}
			st.Amount = &m
		default:
			s := d.Status
			st.Status = &s
		}
	case leverCutPriority, leverCutTag, leverCutLines:
		switch d.Lever {
		case leverCutPriority:
			st = model.Step{Kind: model.StepCutPriority, Target: d.Priority}
			if err := need(d.Priority, "SWP priority"); err != nil {
				return st, err
			}
		case leverCutTag:
			st = model.Step{Kind: model.StepCutTag, Target: d.Tag}
			if err := need(d.Tag, "PCC priority"); err != nil {
				return st, err
			}
		default:
			st = model.Step{Kind: model.StepCutLines}
		}
		p, m, err := parseCut(d.Cut)
		if err != nil {
			return st, fmt.Errorf("cut: %w", err)
		}
		st.Percent, st.Amount = p, m
		if len(d.Protect) > 0 {
			st.Protect = append([]model.ID(nil), d.Protect...)
		}
	case leverLineCost, leverRemoveLine:
		st = model.Step{Kind: model.StepRemoveLine, Target: d.Line}
		if err := need(d.Line, "line"); err != nil {
			return st, err
		}
		if d.Lever == leverLineCost {
			st.Kind = model.StepLineCost
			m, err := model.ParseMoney(d.LineCost)
			if err != nil {
				return st, fmt.Errorf("cost: %w", err)
			}
			st.Amount = &m
		}
	case leverPostEnd, leverPostStart, leverPostFTE, leverPostShare, leverRemovePost:
		st = model.Step{Kind: model.StepRemovePost, Target: d.Post}
		if err := need(d.Post, "post"); err != nil {
			return st, err
		}
		switch d.Lever {
		case leverPostEnd:
			st.Kind = model.StepPostEnd
			m, err := model.ParseMonth(d.Month)
			if err != nil {
				return st, fmt.Errorf("last month: %w", err)
			}
			st.Month = m
		case leverPostStart:
			st.Kind = model.StepPostStart
			m, err := model.ParseMonth(d.FirstMonth)
			if err != nil {
				return st, fmt.Errorf("first month in post: %w", err)
			}
			st.Month = m
		case leverPostFTE:
			st.Kind = model.StepPostFTE
			f, err := parseFTE(d.FTE)
			if err != nil {
				return st, fmt.Errorf("FTE: %w", err)
			}
			st.FTE = &f
		case leverPostShare:
			st.Kind = model.StepPostShare
			p, err := parseShare(d.Share)
			if err != nil {
				return st, fmt.Errorf("grant share: %w", err)
			}
			st.Percent = &p
		}
	case leverSetting:
		return model.SettingStep(d.Setting, d.SettingValue)
	case leverMakeFit:
		st = model.Step{Kind: model.StepMakeFit, Fit: d.Fit}
		if len(d.Protect) > 0 {
			st.Protect = append([]model.ID(nil), d.Protect...)
		}
	default:
		return st, errors.New("choose what the step changes")
	}
	return st, nil
}

// parseChange reads a change to a funding source such as -25 or -25%: a
// cut of more than all of it makes no sense.
func parseChange(s string) (model.Percent, error) {
	p, err := model.ParsePercent(s)
	if err != nil {
		return p, err
	}
	if p.Decimal().Cmp(decimal.NewFromInt(-100)) < 0 {
		return p, fmt.Errorf("%s would take away more than all of it", p)
	}
	return p, nil
}

// parseCut reads a cut as typed: "10%" or an amount.
func parseCut(s string) (*model.Percent, *model.Money, error) { return model.ParseCut(s) }

// stepKey is what a step's preview depends on: the step, field by field.
func stepKey(st model.Step) string {
	b, _ := json.Marshal(st)
	return string(b)
}

// leverForm builds the form for a step on the scenario's saved plan. When
// fixed is true the lever is the draft's and is not offered, as when a
// step is edited.
//
// listH is the height a list of lines or posts may take; the list of
// levers may take two more, so all of them show on an 80x24 terminal.
//
// fitFrom is the scenario without its make-it-fit step: the costs a fit
// cuts from, which its list of lines to protect shows.
func leverForm(d *stepDraft, base, shown, fitFrom *model.Plan, fixed bool, listH int) *huh.Form {
	on := func(lv lever) func() bool { return func() bool { return d.Lever != lv } }
	onAny := func(lvs ...lever) func() bool {
		return func() bool {
			for _, lv := range lvs {
				if d.Lever == lv {
					return false
				}
			}
			return true
		}
	}
	leverOpts := make([]huh.Option[lever], 0, leverCount)
	for lv := range leverCount {
		leverOpts = append(leverOpts, huh.NewOption(leverNames[lv], lv))
	}
	funding := func() huh.Field {
		return huh.NewSelect[model.ID]().Title(label("Source")).Options(fundingOptions(shown)...).
			Value(&d.Funding).Inline(true)
	}
	// The lists of lines and posts are worked out once for the form, and
	// each picker draws only the rows on screen: a plan may have
	// thousands of lines.
	posts := postItems(base, shown)
	post := func() huh.Field {
		return newPicker("Post", posts, &d.Post, min(len(posts), listH-1))
	}
	lines := lineItems(base, shown)
	cut := func() huh.Field {
		return huh.NewInput().Title(label("Cut by")).Value(&d.Cut).Inline(true).
			Placeholder("10% or an amount such as 5,000").
			Validate(func(s string) error { _, _, err := parseCut(s); return err })
	}
	// Every cut takes protected lines: they keep their cost and the
	// others share the whole cut.
	protect := func(rows int) huh.Field {
		return newMultiPicker("Lines to protect (space ticks)", lines, &d.Protect, min(len(lines), max(rows, 1)))
	}
	statuses := make([]huh.Option[model.FundingStatus], 0, len(model.FundingStatuses))
	for _, st := range model.FundingStatuses {
		statuses = append(statuses, huh.NewOption(st.String(), st))
	}
	return huh.NewForm(
		huh.NewGroup(huh.NewSelect[lever]().Title("What should the step change?").
			Options(leverOpts...).Value(&d.Lever).Height(min(int(leverCount)+2, listH+4))).
			WithHide(fixed),
		huh.NewGroup(funding(),
			huh.NewInput().Title(label("Change by %")).Value(&d.FundingPercent).Inline(true).
				Placeholder("-25 for a 25% cut").Validate(func(s string) error { _, err := parseChange(s); return err }),
		).WithHideFunc(on(leverFundingPercent)),
		huh.NewGroup(funding(),
			huh.NewInput().Title(label("Amount")).Value(&d.FundingAmount).Inline(true).
				Placeholder("e.g. 300,000 or 300k").Validate(validMoney),
		).WithHideFunc(on(leverFundingAmount)),
		huh.NewGroup(funding(),
			huh.NewSelect[model.FundingStatus]().Title(label("Status")).Options(statuses...).
				Value(&d.Status).Inline(true),
		).WithHideFunc(on(leverFundingStatus)),
		huh.NewGroup(
			priorityField(base, &d.Priority),
			cut(),
			protect(listH-3),
		).WithHideFunc(on(leverCutPriority)),
		huh.NewGroup(
			huh.NewSelect[model.ID]().Title(label("PCC priority")).Options(tagOptions(base)...).
				Value(&d.Tag).Inline(true),
			cut(),
			protect(listH-3),
		).WithHideFunc(on(leverCutTag)),
		huh.NewGroup(
			cut(),
			protect(listH-2),
		).WithHideFunc(on(leverCutLines)),
		huh.NewGroup(
			newPicker("Line", lines, &d.Line, min(len(lines), listH-1)),
			huh.NewInput().Title(label("New cost")).Value(&d.LineCost).Inline(true).
				Placeholder("e.g. 10,000 or 10k").Validate(validMoney),
		).WithHideFunc(on(leverLineCost)),
		huh.NewGroup(
			newPicker("Line to remove", lines, &d.Line, min(len(lines), listH+1)),
		).WithHideFunc(on(leverRemoveLine)),
		huh.NewGroup(post(),
			huh.NewInput().Title(label("Last month")).Value(&d.Month).Inline(true).
				Placeholder("e.g. December, or 9 for the ninth month").Validate(validMonth),
		).WithHideFunc(on(leverPostEnd)),
		huh.NewGroup(post(),
			huh.NewInput().Title(label("Vacant until")).Value(&d.FirstMonth).Inline(true).
				Placeholder("the first month in post, e.g. October").Validate(validMonth),
		).WithHideFunc(on(leverPostStart)),
		huh.NewGroup(post(),
			huh.NewInput().Title(label("FTE")).Value(&d.FTE).Inline(true).
				Placeholder("1, or 0.5 for half time").Validate(validFTE),
		).WithHideFunc(on(leverPostFTE)),
		huh.NewGroup(post(),
			huh.NewInput().Title(label("Grant pays %")).Value(&d.Share).Inline(true).
				Placeholder("e.g. 50").Validate(validShare),
		).WithHideFunc(on(leverPostShare)),
		huh.NewGroup(post()).WithHideFunc(onAny(leverRemovePost)),
		huh.NewGroup(
			huh.NewSelect[model.SettingName]().Title(label("Setting")).Options(settingOptions()...).
				Value(&d.Setting).Inline(true),
			huh.NewInput().Title(label("Value")).Value(&d.SettingValue).Inline(true).
				Placeholder("16.1% for a rate, 8,424 for the threshold, on or off for the levy").
				Validate(func(s string) error { _, err := model.SettingStep(d.Setting, s); return err }),
		).WithHideFunc(on(leverSetting)),
		fitGroup(d, lineItems(base, fitFrom), listH).WithHideFunc(on(leverMakeFit)),
	)
}

// settingOptions are the costing settings a step can change.
func settingOptions() []huh.Option[model.SettingName] {
	opts := make([]huh.Option[model.SettingName], len(model.SettingNames))
	for i, n := range model.SettingNames {
		opts[i] = huh.NewOption(n.Label(), n)
	}
	return opts
}

// fitGroup asks what money to fit and which lines to leave uncut.
func fitGroup(d *stepDraft, lines []pickItem, listH int) *huh.Group {
	return huh.NewGroup(
		huh.NewSelect[model.FitTarget]().Title(label("Fit")).Options(
			huh.NewOption("confirmed money only", model.FitConfirmed),
			huh.NewOption("confirmed and pending money", model.FitAll),
		).Value(&d.Fit).Inline(true),
		newMultiPicker("Lines to protect (space ticks; posts are never cut)", lines, &d.Protect, min(len(lines), listH-1)),
	)
}

// fundingOptions list the sources with their amount and status as the
// scenario has them.
func fundingOptions(p *model.Plan) []huh.Option[model.ID] {
	opts := make([]huh.Option[model.ID], 0, len(p.Funding))
	for _, f := range p.Funding {
		opts = append(opts, huh.NewOption(fmt.Sprintf("%s (%s, %s)", f.Name, f.Amount.Whole(), f.Status), f.ID))
	}
	return opts
}

// lineItems list the plan's lines with their cost in shown (the
// scenario), or in base when shown is nil. Lines the scenario added have
// no ID in the plan and cannot be a step's target, so they are left out.
func lineItems(base, shown *model.Plan) []pickItem {
	var cost map[model.ID]model.Money
	if shown != nil {
		cost = make(map[model.ID]model.Money, len(shown.Lines))
		for _, l := range shown.Lines {
			cost[l.ID] = l.Cost
		}
	}
	return pickItems(len(base.Lines), func(i int) (model.ID, string) {
		l := &base.Lines[i]
		c, ok := l.Cost, true
		if cost != nil {
			c, ok = cost[l.ID]
		}
		if !ok {
			return l.ID, l.Title + " (removed)"
		}
		return l.ID, l.Title + " (" + c.Whole() + ")"
	})
}

// postItems list the plan's posts with their cost to the grant in the
// scenario.
func postItems(base, shown *model.Plan) []pickItem {
	return pickItems(len(base.Posts), func(i int) (model.ID, string) {
		po := &base.Posts[i]
		if cur, _, ok := shown.Post(po.ID); ok {
			return po.ID, fmt.Sprintf("%s (%s to the grant)", po.Title, cur.Costing(shown.Settings).ToGrant.Whole())
		}
		return po.ID, po.Title + " (removed)"
	})
}

// stepEditor is the form that adds a step to a scenario (at == -1) or
// changes step at. The totals bar previews the scenario with the step.
func (s *scenariosScreen) stepEditor(st *scenarioState, d *stepDraft, at int) *editor {
	base := s.snap.saved.plan
	sc := st.sc
	title := fmt.Sprintf("Add a step to %q", sc.Name)
	if at >= 0 {
		title = fmt.Sprintf("Step %d of %q: %s", at+1, sc.Name, leverNames[d.Lever])
	}
	if d.Lever == leverMakeFit && at < 0 {
		title = fmt.Sprintf("Make %q fit", sc.Name)
	}
	withDraft := func() (model.Scenario, int, error) {
		step, err := d.step()
		if err != nil {
			return sc, 0, err
		}
		if err := step.CheckProtect(base); err != nil {
			return sc, 0, fmt.Errorf("lines to protect: %w", err)
		}
		next := sc
		next.Steps = append([]model.Step(nil), sc.Steps...)
		i := at
		if i < 0 || i >= len(next.Steps) {
			next.Steps = append(next.Steps, step)
			i = len(next.Steps) - 1
		} else {
			next.Steps[i] = step
		}
		return next, i, nil
	}
	verb := "Added to"
	if at >= 0 {
		verb = "Changed in"
	}
	// The scenario is not put on screen to work on it: the bar previews
	// it with the step, and says nothing of the plan's own figures.
	hidden := s.snap.shown != sc.ID
	// A fit replaces the scenario's earlier fit and cuts what the other
	// steps left: its lines show those costs, not the plan's.
	fitFrom := st.work().plan
	if slices.ContainsFunc(sc.Steps, func(x model.Step) bool { return x.Kind == model.StepMakeFit }) {
		without := sc
		without.Steps = slices.DeleteFunc(slices.Clone(sc.Steps), func(x model.Step) bool { return x.Kind == model.StepMakeFit })
		fitFrom = without.Plan(base)
	}
	return &editor{
		c:     s.c,
		title: title,
		build: func() *huh.Form {
			return leverForm(d, base, st.work().plan, fitFrom, at >= 0 || d.Lever == leverMakeFit, max(s.height-6, 4))
		},
		save: func() (tea.Cmd, error) {
			if d.Lever == leverMakeFit {
				return saveFit(s.c.store, sc, base, d)
			}
			next, i, err := withDraft()
			if err != nil {
				return nil, err
			}
			return saveScenario(s.c.store, next, func(snap *snapshot) string {
				return stepSaid(snap, next.ID, i, verb)
			}), nil
		},
		preview: func() (string, func() model.Totals, bool) {
			next, _, err := withDraft()
			if err == nil && d.Lever == leverMakeFit {
				step, _ := d.step()
				next, _ = sc.WithFit(base, step)
			}
			if err != nil {
				if !hidden {
					return "", nil, false
				}
				// The bar shows the scenario as it is until the
				// draft reads.
				return "as is", func() model.Totals { return model.ComputeTotals(sc.Plan(base)) }, true
			}
			key := ""
			for _, st := range next.Steps {
				key += stepKey(st)
			}
			return key, func() model.Totals { return model.ComputeTotals(next.Plan(base)) }, true
		},
		note: func() string {
			switch d.Lever {
			case leverMakeFit:
				return "Cuts the unprotected lines pro rata to cost, in whole pounds, until the scenario fits."
			case leverCutPriority, leverCutTag, leverCutLines:
				return "Protected lines keep their cost; the others share the whole cut pro rata, to the penny."
			}
			if hidden {
				return fmt.Sprintf("PREVIEW is %q with the step; the screens stay as they were.", sc.Name)
			}
			return fmt.Sprintf("The step changes scenario %q only; the plan is untouched.", sc.Name)
		},
	}
}

// fitNothingMsg closes a make-it-fit form that had nothing to do.
type fitNothingMsg struct{}

// endsForm implements formResult.
func (fitNothingMsg) endsForm() {}

// saveFit gives the scenario the make-it-fit step the draft describes, in
// place of any it had. A scenario that fits already is left as it is, and
// one that cannot fit is not saved: the form says by how much.
func saveFit(db store.Store, sc model.Scenario, base *model.Plan, d *stepDraft) (tea.Cmd, error) {
	step, err := d.step()
	if err != nil {
		return nil, err
	}
	next, out := sc.WithFit(base, step)
	switch {
	case out.Already:
		return tea.Batch(status(capitalise(out.Said(sc.Name, step.Fit))+".", false),
			func() tea.Msg { return fitNothingMsg{} }), nil
	case !out.Fits():
		return nil, errors.New(capitalise(out.Said(sc.Name, step.Fit)) + ": protect fewer lines")
	}
	i := len(next.Steps) - 1
	return saveScenario(db, next, func(snap *snapshot) string {
		said := stepSaid(snap, next.ID, i, "Added to")
		if out.Replaced > 0 {
			said += " It replaces the earlier make-it-fit step."
		}
		return said
	}), nil
}
