package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
)

func newTotalsCmd(g *globals) *cobra.Command {
	var asJSON bool
	var scenario string
	cmd := &cobra.Command{
		Use:   "totals",
		Short: "Show the plan's totals against the funding envelope",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withReader(func(db *store.DB) error {
				p, err := db.Load()
				if err != nil {
					return err
				}
				name := ""
				if scenario != "" {
					sc, err := findScenario(db, scenario)
					if err != nil {
						return err
					}
					p, name = sc.Plan(p), sc.Name
				}
				t := model.ComputeTotals(p)
				if asJSON {
					return writeTotalsJSON(cmd.OutOrStdout(), p, t, name)
				}
				return writeTotals(cmd.OutOrStdout(), p, t, name)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the totals as JSON (amounts as exact strings)")
	cmd.Flags().StringVar(&scenario, "scenario", "", "the totals of this scenario instead of the plan")
	return cmd
}

// totalsJSON is the shape of `csplan totals --json`. Amounts are strings
// with two decimals so no reader turns them into floats. ByPCCPriority
// counts each line and post once, under its primary PCC priority; its
// totals and NoPCCPriority's add up to Allocated.
type totalsJSON struct {
	// Scenario names the scenario the totals are of; null for the plan.
	Scenario          *string           `json:"scenario"`
	Partnership       string            `json:"partnership"`
	Year              string            `json:"year"`
	Confirmed         model.Money       `json:"confirmed"`
	Pending           model.Money       `json:"pending"`
	Refused           model.Money       `json:"refused"`
	Envelope          model.Money       `json:"envelope"`
	Lines             model.Money       `json:"lines"`
	Posts             model.Money       `json:"posts"`
	PostsOtherFunders model.Money       `json:"posts_other_funders"`
	Allocated         model.Money       `json:"allocated"`
	HeadroomConfirmed model.Money       `json:"headroom_confirmed"`
	HeadroomAll       model.Money       `json:"headroom_with_pending"`
	Fit               string            `json:"fit"`
	LineCount         int               `json:"line_count"`
	PostCount         int               `json:"post_count"`
	ByPriority        []priorityJSON    `json:"by_priority"`
	ByPCCPriority     []pccPriorityJSON `json:"by_pcc_priority"`
	NoPCCPriority     noPCCPriorityJSON `json:"no_pcc_priority"`
}

type priorityJSON struct {
	Name            string      `json:"name"`
	Lines           model.Money `json:"lines"`
	Posts           model.Money `json:"posts"`
	Total           model.Money `json:"total"`
	ShareOfEnvelope string      `json:"share_of_envelope_percent"`
}

// pccPriorityJSON is the spend whose primary PCC priority is Name, and how
// many other items also support it (their money counts under their own
// primary, not here).
type pccPriorityJSON struct {
	Name              string      `json:"name"`
	Total             model.Money `json:"total"`
	Items             int         `json:"items"`
	AlsoSupportsItems int         `json:"also_supports_items"`
	ShareOfAllocated  string      `json:"share_of_allocated_percent"`
}

// noPCCPriorityJSON is the spend on items with no PCC priority.
type noPCCPriorityJSON struct {
	Total model.Money `json:"total"`
	Items int         `json:"items"`
}

// writeTotalsJSON writes the totals of p; scenario names the scenario p
// was made from, "" for the plan.
func writeTotalsJSON(w io.Writer, p *model.Plan, t model.Totals, scenario string) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(newTotalsJSON(p, t, scenario))
}

// newTotalsJSON is the totals of p as `csplan totals --json` writes them.
func newTotalsJSON(p *model.Plan, t model.Totals, scenario string) totalsJSON {
	out := totalsJSON{
		Partnership: p.Info.Partnership, Year: p.Info.Year(),
		Confirmed: t.Confirmed, Pending: t.Pending, Refused: t.Refused, Envelope: t.EnvelopeAll,
		Lines: t.LinesTotal, Posts: t.PostsTotal, PostsOtherFunders: t.PostsOther,
		Allocated: t.Allocated, HeadroomConfirmed: t.HeadroomConfirmed, HeadroomAll: t.HeadroomAll,
		Fit: fitWord(t.Fit), LineCount: len(p.Lines), PostCount: len(p.Posts),
		ByPriority:    []priorityJSON{},
		ByPCCPriority: []pccPriorityJSON{},
	}
	if scenario != "" {
		out.Scenario = &scenario
	}
	for _, pt := range t.ByPriority {
		out.ByPriority = append(out.ByPriority, priorityJSON{
			Name: pt.Name, Lines: pt.Lines, Posts: pt.Posts, Total: pt.Total,
			ShareOfEnvelope: pt.ShareOfEnvelope.StringFixed(2),
		})
	}
	for _, tt := range t.ByTag {
		out.ByPCCPriority = append(out.ByPCCPriority, pccPriorityJSON{Name: tt.Name, Total: tt.Total, Items: tt.Count,
			AlsoSupportsItems: tt.AlsoCount, ShareOfAllocated: tt.ShareOfAllocated.StringFixed(2)})
	}
	out.NoPCCPriority = noPCCPriorityJSON{Total: t.Untagged, Items: t.UntaggedCount}
	return out
}

// fitWord is the fit as a stable word for scripts.
func fitWord(f model.Fit) string {
	switch f {
	case model.Fits:
		return "fits"
	case model.ReliesOnPending:
		return "relies_on_pending"
	}
	return "over"
}

// writeTotals writes the totals of p as tables in pounds and pence
// throughout, so every table adds up exactly as printed; scenario names the
// scenario p was made from, "" for the plan, so a what-if never reads as
// the plan.
func writeTotals(w io.Writer, p *model.Plan, t model.Totals, scenario string) error {
	if scenario != "" {
		fmt.Fprintf(w, "SCENARIO %q, a what-if, not the plan\n", scenario)
		fmt.Fprintf(w, "%s: costed plan %s as the scenario makes it\n\n", p.Info.Partnership, p.Info.Year())
	} else {
		fmt.Fprintf(w, "%s: costed plan %s\n\n", p.Info.Partnership, p.Info.Year())
	}
	var funding table
	for _, f := range p.Funding {
		funding.add("  "+f.Name+" ("+f.Status.String()+")", f.Amount.Exact())
	}
	funding.add("  Confirmed money", t.Confirmed.Exact())
	funding.add("  Confirmed + pending", t.EnvelopeAll.Exact())
	fmt.Fprintln(w, "Funding")
	funding.write(w)

	var alloc table
	alloc.add(fmt.Sprintf("Plan lines (%d)", len(p.Lines)), t.LinesTotal.Exact())
	alloc.add(fmt.Sprintf("Posts, the grant's share (%d)", len(p.Posts)), t.PostsTotal.Exact())
	alloc.add("Allocated", t.Allocated.Exact())
	alloc.add("Headroom if pending money is approved", t.HeadroomAll.Exact())
	alloc.add("Headroom on confirmed money alone", t.HeadroomConfirmed.Exact())
	fmt.Fprintln(w)
	alloc.write(w)
	if !t.PostsOther.IsZero() {
		fmt.Fprintf(w, "(Other funders pay %s towards posts, outside the envelope.)\n", t.PostsOther.Exact())
	}
	if scenario != "" {
		fmt.Fprintf(w, "\nIn scenario %q the plan %s.\n\n", scenario, t.Fit)
	} else {
		fmt.Fprintf(w, "\nThe plan %s.\n\n", t.Fit)
	}

	var prs table
	for _, pt := range t.ByPriority {
		prs.add("  "+pt.Name, pt.Total.Exact(), pt.ShareOfEnvelope.StringFixed(1)+"%")
	}
	if !t.Unassigned.IsZero() {
		prs.add("  (under no priority)", t.Unassigned.Exact(), "")
	}
	fmt.Fprintln(w, "By SWP priority (share of confirmed + pending money)")
	prs.write(w)

	var tags table
	for _, tt := range t.ByTag {
		also := ""
		if tt.AlsoCount > 0 {
			also = fmt.Sprintf("also supports %s", itemCount(tt.AlsoCount))
		}
		tags.add("  "+tt.Name, tt.Total.Exact(), tt.ShareOfAllocated.StringFixed(1)+"%", itemCount(tt.Count), also)
	}
	if t.UntaggedCount > 0 {
		tags.add("  No PCC priority", t.Untagged.Exact(), t.UntaggedShare.StringFixed(1)+"%", itemCount(t.UntaggedCount), "")
	}
	tags.add("  Allocated", t.Allocated.Exact(), "", itemCount(len(p.Lines)+len(p.Posts)), "")
	fmt.Fprintln(w, "\nBy primary PCC priority (each item once; share of the allocation)")
	tags.write(w)
	return nil
}

// itemCount says "1 item" or "n items".
func itemCount(n int) string {
	if n == 1 {
		return "1 item"
	}
	return fmt.Sprintf("%d items", n)
}

// table lays out a label column on the left and figures aligned on the right.
type table struct{ rows [][]string }

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func newCheckCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the plan file's integrity and the plan's consistency",
		Long: "check runs the database's own consistency check and then the plan's checks\n" +
			"(every line under an existing priority, FTE and shares in range, ...), and\n" +
			"says whether the plan fits its money. It exits 0 when there are no errors;\n" +
			"warnings (over budget, relying on pending money, ...) are printed but do not fail.\n" +
			"It reads every record, scenario and history entry and never writes to the file:\n" +
			"a file from an older csplan is checked through an upgraded private copy.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.with(forChecking, func(db *store.DB) error {
				w := cmd.OutOrStdout()
				if v := db.UpgradedFrom(); v != 0 {
					fmt.Fprintf(w, "%s: the file is from an older csplan (schema %d): opening it to edit will upgrade it to schema %d, after a backup; check has not changed it.\n",
						db.Path(), v, store.SchemaVersion)
				}
				if err := db.Check(); err != nil {
					// Every problem on its own line on stdout; one line of
					// error on stderr.
					n := 0
					for _, line := range strings.Split(err.Error(), "\n") {
						if strings.TrimSpace(line) != "" {
							fmt.Fprintln(w, "damaged:", line)
							n++
						}
					}
					return fmt.Errorf("the plan file is damaged (%d problem(s) listed above); restore a backup or re-import an export", n)
				}
				p, err := db.Load()
				if err != nil {
					return err
				}
				problems := p.Validate()
				for _, pr := range problems {
					fmt.Fprintln(w, pr)
				}
				fit := fitWarnings(model.ComputeTotals(p))
				for _, f := range fit {
					fmt.Fprintln(w, "warning:", f)
				}
				if n := len(model.Errors(problems)); n > 0 {
					return fmt.Errorf("the plan has %d error(s)", n)
				}
				if warnings := len(problems) + len(fit); warnings > 0 {
					fmt.Fprintf(w, "%s: the file is sound and the plan has no errors, but %s (listed above).\n", db.Path(), plural(warnings, "warning"))
					return nil
				}
				fmt.Fprintf(w, "%s: the file is sound; the plan has no errors or warnings.\n", db.Path())
				return nil
			})
		},
	}
}

// fitWarnings says, in words, how the plan stands against its money when
// it does not fit the confirmed money alone.
func fitWarnings(t model.Totals) []string {
	switch t.Fit {
	case model.Over:
		return []string{fmt.Sprintf("the plan is over budget: it allocates %s against %s of confirmed and pending money, %s too much",
			t.Allocated, t.EnvelopeAll, t.HeadroomAll.Neg())}
	case model.ReliesOnPending:
		return []string{fmt.Sprintf("the plan relies on pending money: it allocates %s against %s of confirmed money, %s short unless the pending %s is approved",
			t.Allocated, t.Confirmed, t.HeadroomConfirmed.Neg(), t.Pending)}
	}
	return nil
}

// plural says "1 warning" or "3 warnings".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}

func newHistoryCmd(g *globals) *cobra.Command {
	var n int
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List the changes made to the plan, newest first",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 0 {
				return usagef(cmd, "-n %d: give a number of entries, 1 or more (0 for all)", n)
			}
			return g.withReader(func(db *store.DB) error {
				es, err := db.History(n)
				if err != nil {
					return err
				}
				writeHistory(cmd.OutOrStdout(), es)
				return nil
			})
		},
	}
	cmd.Flags().IntVarP(&n, "number", "n", 20, "how many entries to show (0 for all)")
	return cmd
}

func writeHistory(w io.Writer, es []store.Entry) {
	if len(es) == 0 {
		fmt.Fprintln(w, "No changes yet.")
		return
	}
	for _, e := range es {
		mark := ""
		switch {
		case e.Replaced:
			mark = " (undone, then replaced by a later change)"
		case e.Undone:
			mark = " (undone)"
		}
		if e.UndoDropped {
			mark += " (can no longer be undone: compacted)"
		}
		fmt.Fprintf(w, "%4d  %s  %-12s  %s%s\n", e.Seq, e.Time.Local().Format("2006-01-02 15:04"), e.User, oneLine(e.Summary), mark)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func newUndoCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "undo",
		Short: "Undo the latest change to the plan",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withStore(func(db *store.DB) error {
				e, err := db.Undo()
				if errors.Is(err, store.ErrNothingToUndo) {
					return errors.New("nothing to undo: the plan is as it was first made")
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Undone: %s\n", oneLine(e.Summary))
				return nil
			})
		},
	}
}

func newRedoCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "redo",
		Short: "Redo the change most recently undone",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withStore(func(db *store.DB) error {
				e, err := db.Redo()
				if errors.Is(err, store.ErrNothingToRedo) {
					return errors.New("nothing to redo")
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Redone: %s\n", oneLine(e.Summary))
				return nil
			})
		},
	}
}
