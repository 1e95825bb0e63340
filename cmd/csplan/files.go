package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

func newExportCmd(g *globals) *cobra.Command {
	var (
		scenario, format, out string
		compare               []string
		noBOM, force          bool
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the plan (or a scenario) to CSV or an Excel workbook",
		Long: "export writes the plan as CSV (to standard output unless -o names a file) or as\n" +
			"an Excel workbook (-o FILE.xlsx or --format xlsx). The CSV opens correctly in\n" +
			"Excel and LibreOffice, holds every field, and `csplan import` reads it back.\n" +
			"Files are written whole or not at all, and only as regular files: a folder,\n" +
			"device, pipe or symbolic link is refused (-o - writes to standard output). A\n" +
			"file that is there already is replaced only with --force.",
		Example: "  csplan export -o plan.csv\n  csplan export -o plan.csv --force\n  csplan export -o plan.xlsx --compare \"Carry-forward refused\"\n  csplan export --scenario \"Post vacant until October\" | less",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := store.CSV
			toStdout := out == "" || out == "-"
			if !toStdout {
				f = store.FormatForPath(out)
			}
			if format != "" {
				var err error
				if f, err = store.ParseFormat(format); err != nil {
					return fmt.Errorf("--format: %w", err)
				}
			}
			if f == store.XLSX && toStdout && isTerminal(os.Stdout) {
				return errors.New("an Excel workbook cannot be shown on the terminal: name a file with -o plan.xlsx")
			}
			if len(compare) > 0 && f != store.XLSX {
				return errors.New("--compare adds a Comparison sheet to a workbook: use -o FILE.xlsx")
			}
			return g.withReader(func(db *store.DB) error {
				p, err := db.Load()
				if err != nil {
					return err
				}
				opts := store.ExportOptions{Format: f, NoBOM: noBOM, Title: "Plan"}
				if scenario != "" {
					sc, err := findScenario(db, scenario)
					if err != nil {
						return err
					}
					p = sc.Plan(p)
					opts.Title = "Scenario: " + sc.Name
					opts.Scenario = sc.Name
				}
				if len(compare) > 0 {
					if opts.Compare, err = comparisonColumns(db, compare); err != nil {
						return err
					}
				}
				if toStdout {
					return store.WritePlan(dataOut(cmd), p, opts)
				}
				opts.Replace = force
				if err := store.ExportFile(out, p, opts); errors.Is(err, store.ErrExists) {
					return fmt.Errorf("%w; add --force to replace it", err)
				} else if err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Wrote %s (%s, %d lines, %d posts).\n", out, strings.ToUpper(string(f)), len(p.Lines), len(p.Posts))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&scenario, "scenario", "", "export this scenario instead of the plan")
	cmd.Flags().StringArrayVar(&compare, "compare", nil, "add a Comparison sheet with this scenario (repeat for more; xlsx only)")
	cmd.Flags().StringVar(&format, "format", "", "the file format: csv or xlsx (default: from the file name, else csv)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write; - for standard output (the default)")
	markPath(cmd.Flags(), "output")
	cmd.Flags().BoolVar(&force, "force", false, "replace the file named by -o if it is there already")
	cmd.Flags().BoolVar(&noBOM, "no-bom", false, "leave out the UTF-8 byte order mark that Excel needs to read £")
	return cmd
}

func newImportCmd(g *globals) *cobra.Command {
	var (
		asScenario string
		yes        bool
	)
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a plan from CSV, as the plan or as a scenario",
		Long: "import reads a CSV file in csplan's export format (as Excel or LibreOffice save it\n" +
			"too), checks every row first and imports nothing if any row is bad, listing each\n" +
			"bad row with its row number, column and reason. Without --as-scenario it replaces\n" +
			"the plan after you confirm (--yes for scripts); `csplan undo` reverts it.",
		Args: needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			imported, info, err := store.ReadPlanFile(args[0])
			var de *planfile.DecodeError
			if errors.As(err, &de) {
				// Every bad row on its own line on stderr; the one-line error
				// that follows sums it up.
				printProblems(cmd, args[0], de)
				return fmt.Errorf("%s: %s; nothing was imported", args[0], problemCount(de))
			}
			if err != nil {
				return err
			}
			if from := info.Scenario; from != "" && !cmd.Flags().Changed("as-scenario") {
				return fmt.Errorf("%s was exported from scenario %q, a what-if, not the plan; nothing was imported: "+
					"keep it as a scenario with --as-scenario %q", args[0], from, from)
			}
			if part := info.Subset; part != "" && !cmd.Flags().Changed("as-scenario") {
				return fmt.Errorf("%s holds part of the plan (%s), not the whole: as the plan it would delete every line and post it leaves out; "+
					"nothing was imported: keep it as a scenario with --as-scenario NAME, or export the whole plan and import that", args[0], part)
			}
			// What the reader assumed goes first, before any question, so
			// the officer knows it before anything is saved.
			for _, n := range info.Notes {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: note: %s\n", args[0], n)
			}
			if cmd.Flags().Changed("as-scenario") {
				return g.withStore(func(db *store.DB) error {
					current, err := db.Load()
					if err != nil {
						return err
					}
					w := cmd.OutOrStdout()
					if info.Subset != "" {
						// The part changes only what it holds; the rest
						// stays as the plan has it.
						imported = model.FillSubset(current, imported)
					}
					sc, missed := model.ScenarioFromPlan(strings.TrimSpace(asScenario), current, imported)
					sc.Notes = "Imported from " + args[0]
					if err := cmd.Context().Err(); err != nil {
						return err
					}
					saved, err := db.SaveScenario(sc)
					if err != nil {
						return err
					}
					fmt.Fprintf(w, "Imported %s as scenario %q with %d step(s):\n", args[0], saved.Name, len(saved.Steps))
					for i, st := range saved.Steps {
						fmt.Fprintf(w, "%2d. %s\n", i+1, st.Describe(current))
					}
					if len(missed) > 0 {
						fmt.Fprintln(w, "\nA scenario cannot hold these differences, so they were left out (import without --as-scenario to keep them):")
						for _, m := range missed {
							fmt.Fprintf(w, "  - %s\n", m)
						}
					}
					return nil
				})
			}
			var next *model.Plan
			var matched []string
			err = g.askThen(cmd, yes, func(db *store.DB) (string, error) {
				current, err := db.Load()
				if err != nil {
					return "", err
				}
				next = model.AdoptIDs(current, imported)
				if store.Unchanged(current, next) {
					return "", errNoChanges
				}
				scs, err := db.Scenarios()
				if err != nil {
					return "", err
				}
				matched = nil
				for _, sc := range scs {
					_, said := model.MatchAddedLines(sc, current, next)
					matched = append(matched, said...)
				}
				before, after := model.ComputeTotals(current), model.ComputeTotals(next)
				return fmt.Sprintf("Replace the plan (%d lines, %d posts, allocated %s) with %s (%d lines, %d posts, allocated %s)? [y/N] ",
					len(current.Lines), len(current.Posts), before.Allocated, args[0], len(next.Lines), len(next.Posts), after.Allocated), nil
			}, func(db *store.DB) error {
				if err := db.ReplacePlan(next, "imported from "+args[0]); err != nil {
					return err
				}
				after := model.ComputeTotals(next)
				fmt.Fprintf(cmd.OutOrStdout(), "Imported %s as the plan: allocated %s, headroom %s (%s on confirmed money). `csplan undo` reverts it.\n",
					args[0], after.Allocated, after.HeadroomAll, after.HeadroomConfirmed)
				for _, m := range matched {
					fmt.Fprintf(cmd.OutOrStdout(), "  - %s.\n", m)
				}
				return nil
			})
			if errors.Is(err, errNoChanges) {
				// Nothing to save, so no history entry: an undo now would
				// revert the change before, not this import.
				fmt.Fprintf(cmd.OutOrStdout(), "No changes: %s holds the same plan as the one open; nothing was saved.\n", args[0])
				return nil
			}
			return err
		},
	}
	cmd.Flags().StringVar(&asScenario, "as-scenario", "", "keep the file as a scenario with this name, leaving the plan alone")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "replace the plan without asking")
	return cmd
}

// errNoChanges: the file holds the plan as it is; nothing is saved.
var errNoChanges = errors.New("no changes")

// printProblems lists a file's problems on stderr, one a line, and says
// how many more there are past those listed.
func printProblems(cmd *cobra.Command, path string, de *planfile.DecodeError) {
	for _, pr := range de.Problems {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", path, pr)
	}
	if n := de.Unlisted(); n > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s: and %d more problems, not listed (the first %d are above)\n", path, n, len(de.Problems))
	}
}

// problemCount says how many problems in how many rows: "3 problems in 2 rows".
func problemCount(de *planfile.DecodeError) string {
	plural := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	return plural(de.Total, "problem") + " in " + plural(de.Rows, "row")
}
