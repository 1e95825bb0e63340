package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/muesli/cancelreader"
	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
)

func newScenarioCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "scenario",
		Aliases: []string{"scenarios"},
		Short:   "What-if scenarios: list, new, show, step, compare, fit, promote, rename, delete",
		Long: "A scenario is a named variant of the plan that lists the changes it makes\n" +
			"(\"Grant -25%\", \"Carry-forward refused\", \"Line X removed\"). It is applied to the\n" +
			"current plan each time, so changes to the plan show through it. The plan itself\n" +
			"changes only when a scenario is promoted, and that can be undone.",
	}
	cmd.AddCommand(
		newScenarioListCmd(g), newScenarioNewCmd(g), newScenarioShowCmd(g),
		newScenarioCompareCmd(g), newScenarioFitCmd(g), newScenarioStepCmd(g), newScenarioSetCmd(g), newScenarioPromoteCmd(g),
		newScenarioRenameCmd(g), newScenarioDeleteCmd(g),
	)
	return cmd
}

// findScenario finds a scenario by name, ignoring case and surrounding
// spaces, and says which exist when it is not there.
func findScenario(db *store.DB, name string) (model.Scenario, error) {
	scs, err := db.Scenarios()
	if err != nil {
		return model.Scenario{}, err
	}
	return scenarioNamed(scs, name)
}

// scenarioAndPlan reads the scenario called name and the plan it applies
// to, in one read of the file.
func scenarioAndPlan(db *store.DB, name string) (model.Scenario, *model.Plan, error) {
	st, err := db.ReadState(1)
	if err != nil {
		return model.Scenario{}, nil, err
	}
	sc, err := scenarioNamed(st.Scenarios, name)
	return sc, st.Plan, err
}

// scenarioNamed finds a scenario by its name, ignoring case and spaces
// around it; the error lists the names there are.
func scenarioNamed(scs []model.Scenario, name string) (model.Scenario, error) {
	for _, sc := range scs {
		if strings.EqualFold(strings.TrimSpace(sc.Name), strings.TrimSpace(name)) {
			return sc, nil
		}
	}
	if len(scs) == 0 {
		return model.Scenario{}, fmt.Errorf("there is no scenario %q: the plan has no scenarios yet (csplan scenario new NAME)", name)
	}
	names := make([]string, len(scs))
	for i, sc := range scs {
		names[i] = fmt.Sprintf("%q", sc.Name)
	}
	return model.Scenario{}, fmt.Errorf("there is no scenario %q; the scenarios are %s", name, strings.Join(names, ", "))
}

func newScenarioListCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the scenarios with their headroom",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withReader(func(db *store.DB) error {
				p, err := db.Load()
				if err != nil {
					return err
				}
				scs, err := db.Scenarios()
				if err != nil {
					return err
				}
				w := cmd.OutOrStdout()
				var tb table
				tb.add("Name", "Steps", "Headroom if pending approved", "On confirmed money")
				t := model.ComputeTotals(p)
				tb.add("(the plan)", "", t.HeadroomAll.Exact(), t.HeadroomConfirmed.Exact())
				for _, sc := range scs {
					st := model.ComputeTotals(sc.Plan(p))
					tb.add(sc.Name, fmt.Sprint(len(sc.Steps)), st.HeadroomAll.Exact(), st.HeadroomConfirmed.Exact())
				}
				tb.write(w)
				if len(scs) == 0 {
					fmt.Fprintln(w, "\nNo scenarios yet: csplan scenario new NAME")
				}
				return nil
			})
		},
	}
}

func newScenarioNewCmd(g *globals) *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Make a new scenario, empty or as a copy of another (--from)",
		Args:  needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withStore(func(db *store.DB) error {
				sc := model.Scenario{Name: strings.TrimSpace(args[0])}
				if from != "" {
					src, err := findScenario(db, from)
					if err != nil {
						return err
					}
					sc.Steps, sc.Notes = src.Steps, src.Notes
				}
				saved, err := db.SaveScenario(sc)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Made scenario %q with %d step(s).\n", saved.Name, len(saved.Steps))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "copy the steps of this scenario")
	return cmd
}

func newScenarioShowCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a scenario's steps, what each does, and its totals",
		Args:  needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withReader(func(db *store.DB) error {
				sc, p, err := scenarioAndPlan(db, args[0])
				if err != nil {
					return err
				}
				if asJSON {
					return writeScenarioJSON(cmd.OutOrStdout(), sc, p)
				}
				got, results := sc.Apply(p)
				w := cmd.OutOrStdout()
				fmt.Fprintf(w, "Scenario %q\n", sc.Name)
				if sc.Notes != "" {
					fmt.Fprintln(w, sc.Notes)
				}
				fmt.Fprintln(w)
				if len(results) == 0 {
					fmt.Fprintln(w, "No steps yet: it is the plan as it stands.")
				}
				for i, r := range results {
					fmt.Fprintf(w, "%2d. %s%s\n", i+1, r.Text, effect(r))
					if r.Warning != "" {
						fmt.Fprintf(w, "    ! %s\n", r.Warning)
					}
				}
				fmt.Fprintln(w)
				return writeTotals(w, got, model.ComputeTotals(got), sc.Name)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the scenario, its steps and its totals as JSON (amounts as exact strings)")
	return cmd
}

func newScenarioSetCmd(g *globals) *cobra.Command {
	names := make([]string, len(model.SettingNames))
	for i, n := range model.SettingNames {
		names[i] = string(n)
	}
	return &cobra.Command{
		Use:   "set NAME KEY VALUE",
		Short: "Add a step that changes a costing setting in a scenario (as scenario step NAME setting KEY VALUE)",
		Long: "set adds a step to the scenario that costs every post with another setting,\n" +
			"leaving the plan's own settings alone. KEY is one of " + strings.Join(names, ", ") + ";\n" +
			"a second step on the same setting replaces the first.",
		Example: "  csplan scenario set \"LGPS primary rate\" pension-rate 16.1\n  csplan scenario set \"Levy held centrally\" levy off",
		Args:    cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := model.ParseSettingName(args[1])
			if err != nil {
				return err
			}
			st, err := model.SettingStep(n, args[2])
			if err != nil {
				return err
			}
			return g.withStore(func(db *store.DB) error {
				sc, p, err := scenarioAndPlan(db, args[0])
				if err != nil {
					return err
				}
				sc.SetStep(st)
				saved, err := db.SaveScenario(sc)
				if err != nil {
					return err
				}
				t := model.ComputeTotals(saved.Plan(p))
				fmt.Fprintf(cmd.OutOrStdout(), "Scenario %q: %s. Allocated %s; headroom %s (%s on confirmed money).\n",
					saved.Name, st.Describe(p), t.Allocated, t.HeadroomAll, t.HeadroomConfirmed)
				return nil
			})
		},
	}
}

// effect says what a step did to the money, e.g. " (envelope -£38,000)".
func effect(r model.StepResult) string {
	var parts []string
	if !r.Envelope.IsZero() {
		parts = append(parts, "envelope "+signed(r.Envelope))
	}
	if !r.Allocated.IsZero() {
		parts = append(parts, "allocated "+signed(r.Allocated))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func signed(m model.Money) string {
	if m.Sign() > 0 {
		return "+" + m.String()
	}
	return m.String()
}

// signedExact is signed in pounds and pence, for tables.
func signedExact(m model.Money) string {
	if m.Sign() > 0 {
		return "+" + m.Exact()
	}
	return m.Exact()
}

func newScenarioCompareCmd(g *globals) *cobra.Command {
	var changedOnly bool
	cmd := &cobra.Command{
		Use:   "compare NAME...",
		Short: "Compare the plan with one or more scenarios, side by side",
		Args:  needArgs(1, -1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withReader(func(db *store.DB) error {
				cols, err := comparisonColumns(db, args)
				if err != nil {
					return err
				}
				writeComparison(cmd.OutOrStdout(), model.Compare(cols), cols, changedOnly)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&changedOnly, "changed", false, "hide the rows no scenario changes")
	return cmd
}

// comparisonColumns returns the plan followed by each named scenario.
func comparisonColumns(db *store.DB, names []string) ([]model.Column, error) {
	p, err := db.Load()
	if err != nil {
		return nil, err
	}
	cols := []model.Column{{Name: "Plan", Plan: p}}
	for _, n := range names {
		sc, err := findScenario(db, n)
		if err != nil {
			return nil, err
		}
		cols = append(cols, model.Column{Name: sc.Name, Plan: sc.Plan(p)})
	}
	return cols, nil
}

func writeComparison(w io.Writer, rows []model.Row, cols []model.Column, changedOnly bool) {
	section := ""
	var tb table
	head := []string{""}
	for i, c := range cols {
		head = append(head, c.Name)
		if i > 0 {
			head = append(head, "Difference")
		}
	}
	flush := func() {
		if len(tb.rows) > 1 {
			tb.write(w)
			fmt.Fprintln(w)
		}
		tb = table{}
	}
	hidden := 0
	for _, r := range rows {
		if r.Section != section {
			flush()
			section = r.Section
			h := append([]string(nil), head...)
			h[0] = section
			tb.add(h...)
		}
		if changedOnly && !r.Changed {
			hidden++
			continue
		}
		cells := []string{"  " + r.Label}
		for i, c := range r.Cells {
			v := "-"
			if c.Present {
				v = c.Value.Exact()
			}
			cells = append(cells, v)
			if i > 0 {
				d := ""
				if diff := r.Diff(i); !diff.IsZero() {
					d = signedExact(diff)
				}
				cells = append(cells, d)
			}
		}
		tb.add(cells...)
	}
	flush()
	if hidden > 0 {
		fmt.Fprintf(w, "(%d unchanged rows hidden)\n", hidden)
	}
}

func newScenarioFitCmd(g *globals) *cobra.Command {
	var target string
	var protect []string
	cmd := &cobra.Command{
		Use:   "fit NAME",
		Short: "Give a scenario its make-it-fit step: cut unprotected lines pro rata until it fits",
		Long: "fit gives the scenario a step that shares the shortfall across the lines you leave\n" +
			"unprotected, pro rata to cost, in whole pounds, so the cuts add up exactly. Posts are\n" +
			"never cut by it. --target confirmed (the default) fits confirmed money alone; --target\n" +
			"all fits confirmed and pending money. A scenario has one make-it-fit step: a new one\n" +
			"replaces the earlier. When the scenario fits already, nothing is added; when even\n" +
			"every unprotected line cut to nothing does not make it fit, fit says by how much,\n" +
			"saves nothing and exits non-zero.",
		Args: needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFit(cmd, g, args[0], target, protect)
		},
	}
	cmd.Flags().StringVar(&target, "target", "confirmed", "the money to fit: confirmed, or all")
	cmd.Flags().StringArrayVar(&protect, "protect", nil, "a line title to leave uncut (repeat for more)")
	return cmd
}

func newScenarioPromoteCmd(g *globals) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "promote NAME",
		Short: "Make a scenario the plan (one change: csplan undo reverts it)",
		Args:  needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var sc model.Scenario
			return g.askThen(cmd, yes, func(db *store.DB) (string, error) {
				var err error
				if sc, err = findScenario(db, args[0]); err != nil {
					return "", err
				}
				p, err := db.Load()
				if err != nil {
					return "", err
				}
				before, after := model.ComputeTotals(p), model.ComputeTotals(sc.Plan(p))
				return fmt.Sprintf("Make %q the plan? Allocated %s → %s, headroom %s → %s. [y/N] ",
					sc.Name, before.Allocated, after.Allocated, before.HeadroomAll, after.HeadroomAll), nil
			}, func(db *store.DB) error {
				if err := db.PromoteScenario(sc.ID); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Scenario %q is now the plan. `csplan undo` reverts it.\n", sc.Name)
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

// errNotConfirmed is returned when the officer answers no.
var errNotConfirmed = errors.New("nothing changed")

// askThen works out a question with the plan open, closes the plan while
// the officer answers (so another csplan is not locked out meanwhile), then
// reopens it and acts, provided nobody changed the plan in between. With
// --yes it does all of it in one go.
func (g *globals) askThen(cmd *cobra.Command, yes bool, prepare func(*store.DB) (string, error), act func(*store.DB) error) error {
	if yes {
		return g.withStore(func(db *store.DB) error {
			if _, err := prepare(db); err != nil {
				return err
			}
			// A signal while preparing (reading, checking) stops here,
			// before anything is written.
			if err := cmd.Context().Err(); err != nil {
				return err
			}
			return act(db)
		})
	}
	var question string
	var head uint64
	err := g.withStore(func(db *store.DB) error {
		var err error
		if question, err = prepare(db); err != nil {
			return err
		}
		head, err = historyHead(db)
		return err
	})
	if err != nil {
		return err
	}
	if err := confirm(cmd, false, question); err != nil {
		return err
	}
	return g.withStore(func(db *store.DB) error {
		now, err := historyHead(db)
		if err != nil {
			return err
		}
		if now != head {
			return errors.New("the plan changed while you were deciding; nothing was done: run the command again")
		}
		if err := cmd.Context().Err(); err != nil {
			return err
		}
		return act(db)
	})
}

// historyHead identifies the plan's state: the newest change in force.
func historyHead(db *store.DB) (uint64, error) {
	// The newest entries are enough unless a long run of them is undone.
	for _, limit := range []int{64, 0} {
		es, err := db.History(limit)
		if err != nil {
			return 0, err
		}
		for _, e := range es {
			if !e.Undone {
				return e.Seq, nil
			}
		}
	}
	return 0, nil
}

// confirm asks a yes/no question on the terminal. Without a terminal it
// needs --yes, so a script never hangs waiting for an answer.
func confirm(cmd *cobra.Command, yes bool, question string) error {
	if yes {
		return nil
	}
	in, ok := cmd.InOrStdin().(*os.File)
	if !ok || !isTerminal(in) {
		return errors.New("this replaces the plan: confirm with --yes when not at a terminal")
	}
	agreed, err := askYes(cmd, in, question)
	if err != nil {
		return err
	}
	if !agreed {
		return errNotConfirmed
	}
	return nil
}

// askYes prints a y/N question and reads the answer from in. The answer
// is read aside through a reader that can be cancelled, so ctrl-c at the
// question (a signal: the terminal is not in raw mode here) stops the
// wait at once, with the context's error, and lets go of the terminal.
func askYes(cmd *cobra.Command, in *os.File, question string) (bool, error) {
	fmt.Fprint(cmd.OutOrStdout(), question)
	r, err := cancelreader.NewReader(in)
	if err != nil {
		return false, fmt.Errorf("reading the answer: %w", err)
	}
	defer r.Close()
	answer := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		answer <- line
	}()
	var line string
	select {
	case <-cmd.Context().Done():
		r.Cancel()
		<-answer
		fmt.Fprintln(cmd.OutOrStdout())
		return false, cmd.Context().Err()
	case line = <-answer:
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true, nil
	}
	return false, nil
}

func newScenarioRenameCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "rename NAME NEW-NAME",
		Short: "Rename a scenario",
		Args:  needArgs(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withStore(func(db *store.DB) error {
				sc, err := findScenario(db, args[0])
				if err != nil {
					return err
				}
				sc.Name = strings.TrimSpace(args[1])
				if _, err := db.SaveScenario(sc); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Renamed %q to %q.\n", args[0], sc.Name)
				return nil
			})
		},
	}
}

func newScenarioDeleteCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a scenario (the plan is untouched; csplan undo brings it back)",
		Args:  needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withStore(func(db *store.DB) error {
				sc, err := findScenario(db, args[0])
				if err != nil {
					return err
				}
				if err := db.DeleteScenario(sc.ID); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Deleted scenario %q.\n", sc.Name)
				return nil
			})
		},
	}
}
