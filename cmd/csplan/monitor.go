package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

// The year's monitoring on the command line (issue 13): the Monitor
// screen's table for scripts, and the actuals behind it.

func newMonitorCmd(g *globals) *cobra.Command {
	var asJSON bool
	var asAt string
	cmd := &cobra.Command{
		Use:   "monitor",
		Short: "Show spend against the plan: budget, profile, actual and forecast outturn per item",
		Long: "Show the year's monitoring as at a period: for every line and post its budget, the profile to date,\n" +
			"the actual spend to date, the variance, the forecast outturn and its variance, and a RAG status.\n" +
			"Without --as-at it is as at the latest period with any spend (before any period, if none).",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withReader(func(db *store.DB) error {
				st, err := db.ReadState(1)
				if err != nil {
					return err
				}
				p, m := st.Plan, st.Monitoring
				period := m.LatestPeriod()
				if asAt != "" {
					if period, err = model.ParsePeriod(asAt, p.Info.StartYear); err != nil {
						return usage(cmd, fmt.Errorf("--as-at: %w", err))
					}
				}
				sum := model.Monitor(p, m, period)
				if asJSON {
					return writeMonitorJSON(cmd.OutOrStdout(), p, sum)
				}
				writeMonitor(cmd.OutOrStdout(), p, sum)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the table as JSON (amounts as exact strings)")
	cmd.Flags().StringVar(&asAt, "as-at", "", "the period to report as at: P1-P12, 1-12 or a month name")
	return cmd
}

// monitorJSON is the shape of `csplan monitor --json`; amounts are strings
// with two decimals, as `totals --json` writes them.
type monitorJSON struct {
	Partnership string `json:"partnership"`
	Year        string `json:"year"`
	AsAt        string `json:"as_at"`
	AsAtMonth   string `json:"as_at_month"`
	monitorFiguresJS
	RAG           string             `json:"rag"`
	Items         []monitorItemJSON  `json:"items"`
	BySWPPriority []monitorGroupJSON `json:"by_swp_priority"`
	ByPCCPriority []monitorGroupJSON `json:"by_pcc_priority"`
	// Orphans are actuals against items no longer in the plan, in no
	// figure above.
	Orphans []model.Actual `json:"orphan_actuals"`
}

// monitorFiguresJS are the money columns; embedded so that the JSON keys
// sit at the top level and in each item.
type monitorFiguresJS struct {
	Budget           model.Money `json:"budget"`
	ProfileToDate    model.Money `json:"profile_to_date"`
	ActualToDate     model.Money `json:"actual_to_date"`
	VarianceToDate   model.Money `json:"variance_to_date"`
	ForecastOutturn  model.Money `json:"forecast_outturn"`
	ForecastVariance model.Money `json:"forecast_variance"`
}

type monitorItemJSON struct {
	ID          model.ID `json:"id"`
	Title       string   `json:"title"`
	Kind        string   `json:"kind"` // "line" or "post"
	SWPPriority string   `json:"swp_priority"`
	PCCPriority string   `json:"pcc_priority"`
	monitorFiguresJS
	RAG            string `json:"rag"`
	ForecastReason string `json:"forecast_reason,omitempty"`
}

type monitorGroupJSON struct {
	Name  string `json:"name"`
	Items int    `json:"items"`
	monitorFiguresJS
	RAG string `json:"rag"`
}

func figuresJS(f model.MonitorFigures) monitorFiguresJS {
	return monitorFiguresJS{Budget: f.Budget, ProfileToDate: f.ProfileToDate, ActualToDate: f.ActualToDate,
		VarianceToDate: f.VarianceToDate, ForecastOutturn: f.ForecastOutturn, ForecastVariance: f.ForecastVariance}
}

func writeMonitorJSON(w io.Writer, p *model.Plan, s model.MonitorSummary) error {
	out := monitorJSON{
		Partnership: p.Info.Partnership, Year: p.Info.Year(),
		AsAt: s.AsAt.String(), AsAtMonth: asAtMonth(s.AsAt, p.Info.StartYear),
		monitorFiguresJS: figuresJS(s.Total), RAG: s.RAG.String(),
		Items: []monitorItemJSON{}, BySWPPriority: []monitorGroupJSON{}, ByPCCPriority: []monitorGroupJSON{},
		Orphans: s.Orphans,
	}
	if out.Orphans == nil {
		out.Orphans = []model.Actual{}
	}
	names := placeNames(p)
	for _, im := range s.Items {
		kind := "line"
		if im.Item.IsPost {
			kind = "post"
		}
		j := monitorItemJSON{ID: im.Item.ID, Title: im.Item.Title, Kind: kind,
			SWPPriority: names[im.Item.PriorityID], PCCPriority: names[im.Item.PrimaryTag],
			monitorFiguresJS: figuresJS(im.MonitorFigures), RAG: im.RAG.String()}
		if im.Override != nil {
			j.ForecastReason = im.Override.Reason
		}
		out.Items = append(out.Items, j)
	}
	for _, g := range s.BySWP {
		out.BySWPPriority = append(out.BySWPPriority, monitorGroupJSON{Name: g.Name, Items: g.Items, monitorFiguresJS: figuresJS(g.MonitorFigures), RAG: g.RAG.String()})
	}
	for _, g := range s.ByPCC {
		out.ByPCCPriority = append(out.ByPCCPriority, monitorGroupJSON{Name: g.Name, Items: g.Items, monitorFiguresJS: figuresJS(g.MonitorFigures), RAG: g.RAG.String()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// asAtText says what a report is as at: "as at P3, June 2017", or before
// any period has closed.
func asAtText(p model.Period, startYear int) string {
	if !p.Valid() {
		return "before any period has closed (forecasts follow the profile)"
	}
	return "as at " + p.Label(startYear)
}

// asAtMonth is the as-at period's month for JSON: "June 2017", or "".
func asAtMonth(p model.Period, startYear int) string {
	if !p.Valid() {
		return ""
	}
	return model.MonthDate(startYear, int(p))
}

// placeNames maps priority and PCC priority IDs to their names.
func placeNames(p *model.Plan) map[model.ID]string {
	out := map[model.ID]string{}
	for _, pr := range p.Priorities {
		out[pr.ID] = pr.Name
	}
	for _, t := range p.Tags {
		out[t.ID] = t.Name
	}
	return out
}

// writeMonitor writes the monitoring table in pounds and pence, so every
// column adds up as printed.
func writeMonitor(w io.Writer, p *model.Plan, s model.MonitorSummary) {
	fmt.Fprintf(w, "%s: spend against the plan %s, %s\n\n", p.Info.Partnership, p.Info.Year(), asAtText(s.AsAt, p.Info.StartYear))
	if !s.HasActuals {
		fmt.Fprintf(w, "No spend is recorded yet: actual figures are £0.00 and forecasts follow the profile.\n"+
			"Import the ledger with: csplan actuals import FILE.csv\n\n")
	}
	head := []string{"Item", "Budget", "Profile to date", "Actual to date", "Variance to date", "Forecast outturn", "Forecast variance", "RAG"}
	row := func(name string, f model.MonitorFigures, rag string) []string {
		return []string{name, f.Budget.Exact(), f.ProfileToDate.Exact(), f.ActualToDate.Exact(), f.VarianceToDate.Exact(),
			f.ForecastOutturn.Exact(), f.ForecastVariance.Exact(), rag}
	}
	var t table
	t.add(head...)
	for _, im := range s.Items {
		name := "  " + im.Item.Title
		if im.Override != nil {
			name += " (forecast set)"
		}
		t.add(row(name, im.MonitorFigures, im.RAG.String())...)
	}
	t.add(row("Total", s.Total, s.RAG.String())...)
	t.write(w)

	var g table
	g.add("By SWP priority", "Budget", "Actual to date", "Forecast outturn", "Forecast variance", "RAG")
	for _, x := range s.BySWP {
		g.add("  "+x.Name, x.Budget.Exact(), x.ActualToDate.Exact(), x.ForecastOutturn.Exact(), x.ForecastVariance.Exact(), x.RAG.String())
	}
	if s.Unassigned != (model.MonitorFigures{}) && !s.Unassigned.Budget.IsZero() {
		g.add("  (under no priority)", s.Unassigned.Budget.Exact(), s.Unassigned.ActualToDate.Exact(), s.Unassigned.ForecastOutturn.Exact(), s.Unassigned.ForecastVariance.Exact(), "")
	}
	fmt.Fprintln(w)
	g.write(w)
	var c table
	c.add("By primary PCC priority", "Budget", "Actual to date", "Forecast outturn", "Forecast variance", "RAG")
	for _, x := range s.ByPCC {
		c.add("  "+x.Name, x.Budget.Exact(), x.ActualToDate.Exact(), x.ForecastOutturn.Exact(), x.ForecastVariance.Exact(), x.RAG.String())
	}
	if !s.Untagged.Budget.IsZero() || !s.Untagged.ActualToDate.IsZero() {
		c.add("  No PCC priority", s.Untagged.Budget.Exact(), s.Untagged.ActualToDate.Exact(), s.Untagged.ForecastOutturn.Exact(), s.Untagged.ForecastVariance.Exact(), "")
	}
	fmt.Fprintln(w)
	c.write(w)
	if n := len(s.Orphans); n > 0 {
		fmt.Fprintf(w, "\n%s recorded against items no longer in the plan, in no figure above (csplan actuals list shows them).\n", plural(n, "actual"))
	}
}

func newActualsCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "actuals",
		Short: "List, add or import the spend recorded against the plan's lines and posts",
		Args:  noArgs,
	}
	cmd.AddCommand(newActualsListCmd(g), newActualsAddCmd(g), newActualsRemoveCmd(g), newActualsImportCmd(g))
	return cmd
}

func newActualsListCmd(g *globals) *cobra.Command {
	var period, item string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the actuals, oldest period first",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withReader(func(db *store.DB) error {
				st, err := db.ReadState(1)
				if err != nil {
					return err
				}
				p, m := st.Plan, st.Monitoring
				var per model.Period
				if period != "" {
					if per, err = model.ParsePeriod(period, p.Info.StartYear); err != nil {
						return usage(cmd, fmt.Errorf("--period: %w", err))
					}
				}
				var only *model.Item
				if item != "" {
					it, err := findItem(p, item)
					if err != nil {
						return err
					}
					only = &it
				}
				writeActuals(cmd.OutOrStdout(), p, m, per, only)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&period, "period", "", "only this period: P1-P12, 1-12 or a month name")
	cmd.Flags().StringVar(&item, "item", "", "only this line or post (its title)")
	return cmd
}

func writeActuals(w io.Writer, p *model.Plan, m *model.Monitoring, per model.Period, only *model.Item) {
	titles := map[model.ID]string{}
	for _, it := range p.Items() {
		titles[it.ID] = it.Title
	}
	as := slices.Clone(m.Actuals)
	slices.SortStableFunc(as, func(a, b model.Actual) int { return int(a.Period) - int(b.Period) })
	var t table
	t.add("ID", "Period", "Item", "Amount", "Description", "From")
	total := model.Money{}
	n := 0
	for _, a := range as {
		if (per != 0 && a.Period != per) || (only != nil && a.Item != only.ID) {
			continue
		}
		title, ok := titles[a.Item]
		if !ok {
			title = fmt.Sprintf("(item %d, no longer in the plan)", a.Item)
		}
		t.add(fmt.Sprint(a.ID), a.Period.String()+" "+a.Period.Month()[:3], title, a.Amount.Exact(), oneLine(a.Description), a.Source.String())
		total = total.Add(a.Amount)
		n++
	}
	if n == 0 {
		fmt.Fprintln(w, "No actuals match.")
		return
	}
	t.add("", "", "Total", total.Exact(), plural(n, "actual"), "")
	t.write(w)
}

// withItem opens the plan for a change, as withStore does, and finds the
// line or post called title in it.
func (g *globals) withItem(title string, fn func(db *store.DB, p *model.Plan, it model.Item) error) error {
	return g.withStore(func(db *store.DB) error {
		p, err := db.Load()
		if err != nil {
			return err
		}
		it, err := findItem(p, title)
		if err != nil {
			return err
		}
		return fn(db, p, it)
	})
}

// findItem finds a line or post by its title, ignoring case and spaces
// around it; the error says which titles come close.
func findItem(p *model.Plan, title string) (model.Item, error) {
	want := strings.ToLower(strings.TrimSpace(title))
	var found []model.Item
	var near []string
	for _, it := range p.Items() {
		t := strings.ToLower(strings.TrimSpace(it.Title))
		if t == want {
			found = append(found, it)
		} else if want != "" && strings.Contains(t, want) {
			near = append(near, it.Title)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return model.Item{}, fmt.Errorf("%d lines and posts are called %q: rename one so each title names one item", len(found), title)
	case len(near) > 0 && len(near) <= 5:
		return model.Item{}, fmt.Errorf("no line or post is called %q; did you mean %s?", title, quoteAll(near))
	}
	return model.Item{}, fmt.Errorf("no line or post is called %q (csplan monitor lists them)", title)
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " or ")
}

func newActualsAddCmd(g *globals) *cobra.Command {
	var desc string
	cmd := &cobra.Command{
		Use:   "add ITEM PERIOD AMOUNT",
		Short: "Record spend typed in: a line or post by title, a period (P1-P12 or a month) and an amount (negative for a credit)",
		Args:  needArgs(3, 3),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withItem(args[0], func(db *store.DB, p *model.Plan, it model.Item) error {
				per, err := model.ParsePeriod(args[1], p.Info.StartYear)
				if err != nil {
					return usage(cmd, err)
				}
				amt, err := model.ParseSignedMoney(args[2])
				if err != nil {
					return usage(cmd, fmt.Errorf("amount: %w", err))
				}
				a, err := db.SaveActual(model.Actual{Item: it.ID, Period: per, Amount: amt, Description: desc})
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Recorded %s against %q in %s, actual %d.\n", a.Amount.Exact(), it.Title, per.Label(p.Info.StartYear), a.ID)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&desc, "description", "", "what the spend was, e.g. the invoice")
	cmd.Example = "  csplan actuals add \"Domestic homicide reviews\" June 1500 --description \"Panel chair\"\n" +
		"  csplan actuals add -- \"Community champions\" P4 -250   (a credit: put -- first)"
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if strings.Contains(err.Error(), "unknown shorthand flag") {
			err = fmt.Errorf("%w: for a credit (a negative amount) put -- before the arguments, e.g. csplan actuals add -- \"Community champions\" P4 -250", err)
		}
		return usage(c, err)
	})
	return cmd
}

func newActualsRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ID",
		Short: "Remove an actual by its ID (csplan actuals list shows the IDs); csplan undo puts it back",
		Args:  needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(strings.TrimSpace(args[0]), 10, 64)
			if err != nil || id == 0 {
				return usage(cmd, fmt.Errorf("%q is not an actual's ID: give the number csplan actuals list shows", args[0]))
			}
			return g.withStore(func(db *store.DB) error {
				if err := db.DeleteActual(model.ID(id)); err != nil {
					if errors.Is(err, store.ErrNotFound) {
						return fmt.Errorf("there is no actual %d in this year's monitoring (csplan actuals list shows them)", id)
					}
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Removed actual %d; csplan undo puts it back.\n", id)
				return nil
			})
		},
	}
}

func newActualsImportCmd(g *globals) *cobra.Command {
	var skip, dryRun, allowRepeats bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import spend from the council's ledger export (CSV), checking every row first",
		Long: "actuals import reads a ledger export as a finance system writes it: headers matched by name\n" +
			"(case and spacing ignored), an amount (credits negative, or Debit and Credit columns), a period\n" +
			"(P1-P12, 1-12, a month name, or a date inside the plan's year) and the item: a Line column\n" +
			"holding a line's or post's title, or a code matching its ledger code. Every row is checked\n" +
			"first and nothing is imported if any row is bad, each problem named with its row and column.\n" +
			"--skip-unmatched imports the rows whose item is found and lists the others. A file imported\n" +
			"before is recognised and refused, so spend is never counted twice. The import is one change:\n" +
			"csplan undo takes it back.",
		Example: "  csplan actuals import ledger-q1.csv\n  csplan actuals import ledger-q1.csv --dry-run\n  csplan actuals import ledger-july.csv --skip-unmatched",
		Args:    needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			with := g.withStore
			if dryRun {
				with = g.withReader
			}
			return with(func(db *store.DB) error {
				st, err := db.ReadState(1)
				if err != nil {
					return err
				}
				p, m := st.Plan, st.Monitoring
				res, err := store.ReadLedgerFile(path, p, m, planfile.LedgerOptions{SkipUnmatched: skip})
				var de *planfile.DecodeError
				if errors.As(err, &de) {
					printProblems(cmd, path, de)
					hint := ""
					if !skip {
						hint = "; if some rows are for spend outside the plan, --skip-unmatched imports the others and lists them"
					}
					return fmt.Errorf("%s: nothing was imported: %s%s", path, problemCount(de), hint)
				}
				if err != nil {
					return err
				}
				w := cmd.ErrOrStderr()
				if res.Repeats > 0 && !allowRepeats {
					return fmt.Errorf("%s: nothing was imported: %s (the first is row %d) %s the same item, period, amount and description as spend already imported from another file; "+
						"if this export overlaps an earlier one, take those rows out; if the spend really happened again, add --allow-repeats",
						path, plural(res.Repeats, "row"), res.RepeatRow, map[bool]string{true: "has", false: "have"}[res.Repeats == 1])
				}
				for _, n := range res.Notes {
					fmt.Fprintf(w, "%s: note: %s\n", path, n)
				}
				for _, u := range res.Unmatched {
					fmt.Fprintf(w, "%s: skipped: %s\n", path, u)
				}
				if n := res.UnmatchedRows - len(res.Unmatched); n > 0 {
					fmt.Fprintf(w, "%s: and %d more rows skipped, not listed\n", path, n)
				}
				if len(res.Actuals) == 0 {
					return fmt.Errorf("%s: no row matched a line or post of the plan, so nothing was imported", path)
				}
				what := res.Summary()
				if dryRun {
					fmt.Fprintf(cmd.OutOrStdout(), "Would import %s from %s; nothing was changed (--dry-run).\n", what, path)
					return nil
				}
				imp := res.Import
				summary := fmt.Sprintf("Imported %s from %s", what, filepath.Base(path))
				if _, err := db.AddActuals(res.Actuals, &imp, summary); err != nil {
					return err
				}
				after, err := db.Monitoring()
				if err != nil {
					return err
				}
				sum := model.Monitor(p, after, after.LatestPeriod())
				fmt.Fprintf(cmd.OutOrStdout(), "Imported %s from %s.\nSpent to date %s; forecast outturn %s against a budget of %s (csplan monitor shows each item; csplan undo takes the import back).\n",
					what, path, sum.Total.ActualToDate.Exact(), sum.Total.ForecastOutturn.Exact(), sum.Total.Budget.Exact())
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&skip, "skip-unmatched", false, "import the rows whose item is found and list the others, instead of importing nothing")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check the file and say what would be imported, changing nothing")
	cmd.Flags().BoolVar(&allowRepeats, "allow-repeats", false, "import rows that repeat spend already imported from another file")
	return cmd
}

func newProfileCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile ITEM [PROFILE]",
		Short: "Show or set how a line's or post's budget falls across the year's periods",
		Long: "profile shows an item's budget profile, period by period, or sets it. A profile is a pattern, not\n" +
			"amounts: the periods always add up to the budget, and follow a change of budget. PROFILE is one of:\n" +
			"  even                                  twelfths (a line's default), pennies placed so they add up\n" +
			"  months in post                        a post's default: its months in post\n" +
			"  all in P3                             the whole budget in one period (or a month: all in June)\n" +
			"  \"by quarter: 4000; 2000; 2000; 0\"     shared over Q1-Q4 in these proportions\n" +
			"  \"by period: 1; 1; 1; 0; 0; 0; 1; 1; 1; 0; 0; 0\"   shared over P1-P12\n" +
			"  default                               back to the default",
		Example: "  csplan profile \"Domestic homicide reviews\"\n  csplan profile \"Domestic homicide reviews\" \"all in P9\"\n" +
			"  csplan profile \"Community champions\" \"by quarter: 3000; 3000; 3000; 3000\"",
		Args: needArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				return g.withReader(func(db *store.DB) error {
					st, err := db.ReadState(1)
					if err != nil {
						return err
					}
					it, err := findItem(st.Plan, args[0])
					if err != nil {
						return err
					}
					writeProfile(cmd.OutOrStdout(), st.Plan, st.Monitoring, it)
					return nil
				})
			}
			pr, err := model.ParseProfile(args[1])
			if err != nil {
				return usage(cmd, fmt.Errorf("profile: %w", err))
			}
			return g.withItem(args[0], func(db *store.DB, p *model.Plan, it model.Item) error {
				words := pr.Text()
				if words == "" {
					words = "the default"
				}
				m, err := db.EditMonitoring(fmt.Sprintf("Profile of %q: %s", it.Title, words), func(m *model.Monitoring, _ *model.Plan) error {
					m.SetProfile(it.ID, pr)
					return nil
				})
				if err != nil {
					return err
				}
				writeProfile(cmd.OutOrStdout(), p, m, it)
				return nil
			})
		},
	}
	return cmd
}

// writeProfile prints an item's profile and its amounts by period, which
// add up to the budget.
func writeProfile(w io.Writer, p *model.Plan, m *model.Monitoring, it model.Item) {
	pr := m.Profiles[it.ID]
	name := pr.Text()
	if name == "" {
		name = "the default (even twelfths for a line, months in post for a post)"
	}
	sp, err := pr.Spread(it)
	if err != nil {
		fmt.Fprintf(w, "%s: profile %s cannot be used (%v); the default is used instead.\n", it.Title, name, err)
		sp, _ = model.Profile{}.Spread(it)
	} else {
		fmt.Fprintf(w, "%s: profile %s\n", it.Title, name)
	}
	var t table
	total := model.Money{}
	for i, a := range sp {
		per := model.Period(i + 1)
		t.add("  "+per.Label(p.Info.StartYear), a.Exact())
		total = total.Add(a)
	}
	t.add("  Budget", total.Exact())
	t.write(w)
}
