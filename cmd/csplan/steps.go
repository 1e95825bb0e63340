package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
)

// stepLever is one lever of `csplan scenario step`: its arguments after
// the lever's name, and how it makes the steps from them.
type stepLever struct {
	name, args, short string
	// n is how many arguments it takes.
	n int
	// make returns the steps, read against the plan.
	make func(p *model.Plan, args []string, f *stepFlags) ([]model.Step, error)
	// set is true for levers that set a figure: a second step on the same
	// figure replaces the first. Cuts and changes by a percentage add up,
	// so they are added as they come.
	set bool
}

// stepFlags are the flags of `csplan scenario step`.
type stepFlags struct {
	protect                  []string
	fte, end, start, share   string
	target                   string
	fteSet, endSet, startSet bool
	shareSet                 bool
}

// stepLevers are the levers of the Scenarios screen, as `scenario step`
// names them.
var stepLevers = []stepLever{
	{name: "cut-source", args: "SOURCE PERCENT", n: 2, short: "cut a funding source by a percentage (25% takes a quarter off)",
		make: func(p *model.Plan, a []string, _ *stepFlags) ([]model.Step, error) {
			id, err := findFunding(p, a[0])
			if err != nil {
				return nil, err
			}
			pc, err := model.ParsePercent(a[1])
			if err != nil || pc.Decimal().Sign() < 0 || pc.Decimal().Cmp(decimal.NewFromInt(100)) > 0 {
				return nil, fmt.Errorf("PERCENT %q: give the cut as 0%% to 100%%, such as 25%%", a[1])
			}
			neg := model.Pct(pc.Decimal().Neg().String())
			return []model.Step{{Kind: model.StepFunding, Target: id, Percent: &neg}}, nil
		}},
	{name: "source-amount", args: "SOURCE AMOUNT", n: 2, set: true, short: "set a funding source to an amount",
		make: func(p *model.Plan, a []string, _ *stepFlags) ([]model.Step, error) {
			id, err := findFunding(p, a[0])
			if err != nil {
				return nil, err
			}
			m, err := model.ParseMoney(a[1])
			if err != nil {
				return nil, fmt.Errorf("AMOUNT %q: %w", a[1], err)
			}
			return []model.Step{{Kind: model.StepFunding, Target: id, Amount: &m}}, nil
		}},
	{name: "status", args: "SOURCE STATUS", n: 2, set: true, short: "set a funding source's status: confirmed, pending or refused",
		make: func(p *model.Plan, a []string, _ *stepFlags) ([]model.Step, error) {
			id, err := findFunding(p, a[0])
			if err != nil {
				return nil, err
			}
			st, err := model.ParseFundingStatus(a[1])
			if err != nil {
				return nil, fmt.Errorf("STATUS %q: %w", a[1], err)
			}
			return []model.Step{{Kind: model.StepFunding, Target: id, Status: &st}}, nil
		}},
	{name: "cut-priority", args: "PRIORITY CUT", n: 2, short: "cut the lines of an SWP priority by 10% or an amount (--protect LINE keeps a line whole)",
		make: func(p *model.Plan, a []string, f *stepFlags) ([]model.Step, error) {
			id, err := findNamed(p.Priorities, func(x model.Priority) (string, model.ID) { return x.Name, x.ID }, "SWP priority", a[0])
			if err != nil {
				return nil, err
			}
			return cutStep(p, model.StepCutPriority, id, a[1], f)
		}},
	{name: "cut-pcc", args: "PCC-PRIORITY CUT", n: 2, short: "cut the lines aligned to a PCC priority by 10% or an amount (--protect LINE)",
		make: func(p *model.Plan, a []string, f *stepFlags) ([]model.Step, error) {
			id, err := findNamed(p.Tags, func(x model.Tag) (string, model.ID) { return x.Name, x.ID }, "PCC priority", a[0])
			if err != nil {
				return nil, err
			}
			return cutStep(p, model.StepCutTag, id, a[1], f)
		}},
	{name: "cut-lines", args: "CUT", n: 1, short: "cut all lines (not posts) by 10% or an amount (--protect LINE)",
		make: func(p *model.Plan, a []string, f *stepFlags) ([]model.Step, error) {
			return cutStep(p, model.StepCutLines, 0, a[0], f)
		}},
	{name: "line-cost", args: "LINE AMOUNT", n: 2, set: true, short: "set a line's cost",
		make: func(p *model.Plan, a []string, _ *stepFlags) ([]model.Step, error) {
			id, err := findLine(p, "LINE", a[0])
			if err != nil {
				return nil, err
			}
			m, err := model.ParseMoney(a[1])
			if err != nil {
				return nil, fmt.Errorf("AMOUNT %q: %w", a[1], err)
			}
			return []model.Step{{Kind: model.StepLineCost, Target: id, Amount: &m}}, nil
		}},
	{name: "remove-line", args: "LINE", n: 1, set: true, short: "remove a line",
		make: func(p *model.Plan, a []string, _ *stepFlags) ([]model.Step, error) {
			id, err := findLine(p, "LINE", a[0])
			if err != nil {
				return nil, err
			}
			return []model.Step{{Kind: model.StepRemoveLine, Target: id}}, nil
		}},
	{name: "post", args: "POST", n: 1, set: true, short: "change a post: --fte 0.8, --end December, --start October (vacant until), --share 50",
		make: postSteps},
	{name: "remove-post", args: "POST", n: 1, set: true, short: "remove a post",
		make: func(p *model.Plan, a []string, _ *stepFlags) ([]model.Step, error) {
			id, err := findPost(p, a[0])
			if err != nil {
				return nil, err
			}
			return []model.Step{{Kind: model.StepRemovePost, Target: id}}, nil
		}},
	{name: "setting", args: "KEY VALUE", n: 2, set: true, short: "change a costing setting for every post (" + costingKeys() + ")",
		make: func(_ *model.Plan, a []string, _ *stepFlags) ([]model.Step, error) {
			n, err := model.ParseSettingName(a[0])
			if err != nil {
				return nil, err
			}
			st, err := model.SettingStep(n, a[1])
			if err != nil {
				return nil, err
			}
			return []model.Step{st}, nil
		}},
}

func costingKeys() string {
	names := make([]string, len(model.SettingNames))
	for i, n := range model.SettingNames {
		names[i] = string(n)
	}
	return strings.Join(names, ", ")
}

func findLever(name string) (stepLever, error) {
	names := make([]string, 0, len(stepLevers)+1)
	for _, lv := range stepLevers {
		if strings.EqualFold(lv.name, strings.TrimSpace(name)) {
			return lv, nil
		}
		names = append(names, lv.name)
	}
	names = append(names, "fit")
	return stepLever{}, fmt.Errorf("LEVER %q is not a lever: the levers are %s", name, strings.Join(names, ", "))
}

// cutStep is a cut of kind on target by cut ("10%" or an amount), keeping
// the lines --protect names whole.
func cutStep(p *model.Plan, kind model.StepKind, target model.ID, cut string, f *stepFlags) ([]model.Step, error) {
	pc, m, err := model.ParseCut(cut)
	if err != nil {
		return nil, fmt.Errorf("CUT %q: %w", cut, err)
	}
	protect, err := protectedLines(p, f.protect)
	if err != nil {
		return nil, err
	}
	st := model.Step{Kind: kind, Target: target, Percent: pc, Amount: m, Protect: protect}
	if err := st.CheckProtect(p); err != nil {
		return nil, fmt.Errorf("--protect: %w", err)
	}
	return []model.Step{st}, nil
}

func protectedLines(p *model.Plan, titles []string) ([]model.ID, error) {
	var ids []model.ID
	for _, title := range titles {
		id, err := findLine(p, "--protect", title)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// postSteps are the changes the flags ask of a post, one step each.
func postSteps(p *model.Plan, a []string, f *stepFlags) ([]model.Step, error) {
	id, err := findPost(p, a[0])
	if err != nil {
		return nil, err
	}
	var out []model.Step
	if f.fteSet {
		d, err := decimal.NewFromString(strings.TrimSpace(f.fte))
		if err != nil || d.Sign() <= 0 || d.Cmp(model.MaxFTE) > 0 {
			return nil, fmt.Errorf("--fte %q: give the FTE as more than 0 and at most %s, such as 0.8", f.fte, model.MaxFTE)
		}
		out = append(out, model.Step{Kind: model.StepPostFTE, Target: id, FTE: &d})
	}
	if f.startSet {
		m, err := model.ParseMonth(f.start)
		if err != nil {
			return nil, fmt.Errorf("--start: %w", err)
		}
		out = append(out, model.Step{Kind: model.StepPostStart, Target: id, Month: m})
	}
	if f.endSet {
		m, err := model.ParseMonth(f.end)
		if err != nil {
			return nil, fmt.Errorf("--end: %w", err)
		}
		out = append(out, model.Step{Kind: model.StepPostEnd, Target: id, Month: m})
	}
	if f.shareSet {
		pc, err := model.ParsePercent(f.share)
		if err != nil || pc.Decimal().Sign() < 0 || pc.Decimal().Cmp(decimal.NewFromInt(100)) > 0 {
			return nil, fmt.Errorf("--share %q: give the grant's share as 0 to 100, such as 50", f.share)
		}
		out = append(out, model.Step{Kind: model.StepPostShare, Target: id, Percent: &pc})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("post %q: say what changes with --fte, --start, --end or --share", a[0])
	}
	return out, nil
}

// findNamed finds a record by name, ignoring case and surrounding spaces,
// and says which there are when it is not there.
func findNamed[T any](xs []T, named func(T) (string, model.ID), what, name string) (model.ID, error) {
	var found []model.ID
	var all []string
	for _, x := range xs {
		n, id := named(x)
		all = append(all, fmt.Sprintf("%q", n))
		if strings.EqualFold(strings.TrimSpace(n), strings.TrimSpace(name)) {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		if len(all) == 0 {
			return 0, fmt.Errorf("%s %q: the plan has none", what, name)
		}
		return 0, fmt.Errorf("%s %q: there is none by that name; the plan has %s", what, name, strings.Join(all, ", "))
	}
	return 0, fmt.Errorf("%s %q: %d have that name", what, name, len(found))
}

func findFunding(p *model.Plan, name string) (model.ID, error) {
	return findNamed(p.Funding, func(f model.FundingSource) (string, model.ID) { return f.Name, f.ID }, "funding source", name)
}

func findPost(p *model.Plan, title string) (model.ID, error) {
	return findNamed(p.Posts, func(po model.Post) (string, model.ID) { return po.Title, po.ID }, "post", title)
}

// findLine finds a line by title; flag names the argument in the error.
func findLine(p *model.Plan, flag, title string) (model.ID, error) {
	var found []model.ID
	for _, l := range p.Lines {
		if strings.EqualFold(strings.TrimSpace(l.Title), strings.TrimSpace(title)) {
			found = append(found, l.ID)
		}
	}
	switch len(found) {
	case 0:
		return 0, fmt.Errorf("%s %q: no line has that title", flag, title)
	case 1:
		return found[0], nil
	}
	return 0, fmt.Errorf("%s %q: %d lines have that title", flag, title, len(found))
}

func newScenarioStepCmd(g *globals) *cobra.Command {
	f := &stepFlags{}
	var long strings.Builder
	long.WriteString("step adds a step to a scenario, as the Scenarios screen's + does. The levers:\n\n")
	for _, lv := range stepLevers {
		fmt.Fprintf(&long, "  %-14s %-17s %s\n", lv.name, lv.args, lv.short)
	}
	fmt.Fprintf(&long, "  %-14s %-17s %s\n", "fit", "", "make it fit (as csplan scenario fit: --target, --protect)")
	long.WriteString("\nA cut's percentage is of all the lines it cuts, protected or not, so they fall by\n" +
		"exactly what was asked; the protected lines keep their cost and the others share the\n" +
		"cut pro rata, to the penny. A step that sets a figure replaces an earlier step on the\n" +
		"same figure; cuts and percentage changes are added as they come.")
	cmd := &cobra.Command{
		Use:   "step NAME LEVER ARGS...",
		Short: "Add a step to a scenario: a cut, a funding change, a post change, a setting",
		Long:  long.String(),
		Example: "  csplan scenario step \"Grant cut\" cut-source \"PCC Police Grant Community Fund 2017/18\" 25%\n" +
			"  csplan scenario step \"Grant cut\" cut-priority \"Violence Prevention\" 10% --protect \"Critical incident community mediators\"\n" +
			"  csplan scenario step \"Grant cut\" status \"Carry-forward of 2016/17 underspend\" refused\n" +
			"  csplan scenario step \"Grant cut\" post \"Business Crime Coordinator\" --fte 0.8 --end December",
		Args: needArgs(2, -1),
		RunE: func(cmd *cobra.Command, args []string) error {
			fl := cmd.Flags()
			f.fteSet, f.endSet, f.startSet, f.shareSet = fl.Changed("fte"), fl.Changed("end"), fl.Changed("start"), fl.Changed("share")
			if strings.EqualFold(args[1], "fit") {
				if len(args) > 2 {
					return fmt.Errorf("too many arguments, from %q on: fit takes only flags (the command is %s NAME fit --target confirmed|all --protect LINE)", args[2], cmd.CommandPath())
				}
				return runFit(cmd, g, args[0], f.target, f.protect)
			}
			lv, err := findLever(args[1])
			if err != nil {
				return err
			}
			if got := len(args) - 2; got != lv.n {
				return fmt.Errorf("%s takes %s (%d given): %s NAME %s %s", lv.name, lv.args, got, cmd.CommandPath(), lv.name, lv.args)
			}
			if lv.name != "post" && (f.fteSet || f.endSet || f.startSet || f.shareSet) {
				return fmt.Errorf("--fte, --start, --end and --share are for the post lever, not %s", lv.name)
			}
			if len(f.protect) > 0 && lv.name != "cut-priority" && lv.name != "cut-pcc" && lv.name != "cut-lines" {
				return fmt.Errorf("--protect is for the cut-priority, cut-pcc, cut-lines and fit levers, not %s", lv.name)
			}
			return g.withStore(func(db *store.DB) error {
				sc, p, err := scenarioAndPlan(db, args[0])
				if err != nil {
					return err
				}
				steps, err := lv.make(p, args[2:], f)
				if err != nil {
					return err
				}
				for _, st := range steps {
					if lv.set {
						sc.SetStep(st)
					} else {
						sc.Steps = append(sc.Steps, st)
					}
				}
				if err := sc.Validate(); err != nil {
					return err
				}
				saved, err := db.SaveScenario(sc)
				if err != nil {
					return err
				}
				_, results := saved.Apply(p)
				w := cmd.OutOrStdout()
				for _, st := range steps {
					for i, have := range saved.Steps {
						if stepKeyEqual(have, st) {
							r := results[i]
							fmt.Fprintf(w, "Scenario %q, step %d: %s%s\n", saved.Name, i+1, r.Text, effect(r))
							if r.Warning != "" {
								fmt.Fprintf(cmd.ErrOrStderr(), "! %s\n", r.Warning)
							}
							break
						}
					}
				}
				t := model.ComputeTotals(saved.Plan(p))
				fmt.Fprintf(w, "Scenario %q: allocated %s; headroom %s (%s on confirmed money).\n",
					saved.Name, t.Allocated, t.HeadroomAll, t.HeadroomConfirmed)
				return nil
			})
		},
	}
	cmd.Flags().StringArrayVar(&f.protect, "protect", nil, "a line title a cut or fit leaves whole (repeat for more)")
	cmd.Flags().StringVar(&f.fte, "fte", "", "post: the FTE, such as 0.8")
	cmd.Flags().StringVar(&f.end, "end", "", "post: the last month in post, such as December")
	cmd.Flags().StringVar(&f.start, "start", "", "post: vacant until this month, its first in post")
	cmd.Flags().StringVar(&f.share, "share", "", "post: the grant's share in percent, such as 50")
	cmd.Flags().StringVar(&f.target, "target", "confirmed", "fit: the money to fit, confirmed or all")
	return cmd
}

// stepKeyEqual reports whether two steps are the same, field by field.
func stepKeyEqual(a, b model.Step) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// runFit gives the scenario one make-it-fit step (replacing any earlier
// one), says when it already fits, and fails, saving nothing, when it
// cannot fit.
func runFit(cmd *cobra.Command, g *globals, name, target string, protect []string) error {
	fit := model.FitConfirmed
	switch strings.ToLower(strings.TrimSpace(target)) {
	case "confirmed":
	case "all", "pending", "confirmed+pending":
		fit = model.FitAll
	default:
		return fmt.Errorf("--target %q: use confirmed, or all (confirmed and pending)", target)
	}
	return g.withStore(func(db *store.DB) error {
		sc, err := findScenario(db, name)
		if err != nil {
			return err
		}
		p, err := db.Load()
		if err != nil {
			return err
		}
		ids, err := protectedLines(p, protect)
		if err != nil {
			return err
		}
		next, out := sc.WithFit(p, model.Step{Kind: model.StepMakeFit, Fit: fit, Protect: ids})
		w := cmd.OutOrStdout()
		switch {
		case out.Already:
			fmt.Fprintf(w, "Scenario %s.\n", out.Said(sc.Name, fit))
			return nil
		case !out.Fits():
			return fmt.Errorf("scenario %s; nothing was saved: protect fewer lines, or add steps that save money elsewhere", out.Said(sc.Name, fit))
		}
		if _, err := db.SaveScenario(next); err != nil {
			return err
		}
		r := out.Result
		fmt.Fprintf(w, "Scenario %s: %s%s\n", out.Said(sc.Name, fit), r.Text, effect(r))
		return nil
	})
}

// scenarioJSON is the shape of `csplan scenario show --json`: the
// scenario's totals as `csplan totals --json` gives them, with its notes
// and steps.
type scenarioJSON struct {
	totalsJSON
	Notes string     `json:"notes"`
	Steps []stepJSON `json:"steps"`
}

// stepJSON is a step as stored (its kind and figures), what it says, and
// what it did.
type stepJSON struct {
	model.Step
	Text string `json:"text"`
	// ProtectLines are the titles of the lines in Protect.
	ProtectLines []string    `json:"protect_lines,omitempty"`
	Allocated    model.Money `json:"allocated_change"`
	Envelope     model.Money `json:"envelope_change"`
	Warning      string      `json:"warning,omitempty"`
}

func writeScenarioJSON(w io.Writer, sc model.Scenario, base *model.Plan) error {
	got, results := sc.Apply(base)
	out := scenarioJSON{totalsJSON: newTotalsJSON(got, model.ComputeTotals(got), sc.Name)}
	out.Notes, out.Steps = sc.Notes, []stepJSON{}
	for i, st := range sc.Steps {
		sj := stepJSON{Step: st, Text: results[i].Text, Allocated: results[i].Allocated,
			Envelope: results[i].Envelope, Warning: results[i].Warning}
		for _, id := range st.Protect {
			if l, _, ok := base.Line(id); ok {
				sj.ProtectLines = append(sj.ProtectLines, l.Title)
			}
		}
		out.Steps = append(out.Steps, sj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
