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
				m, err := db.Monitoring()
				if err != nil {
					return err
				}
				if len(m.Profiles) > 0 {
					// A Profile column only when there are profiles to
					// keep: a file without one leaves them as they are.
					opts.Profiles = m.Profiles
				}
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
				fmt.Fprintf(cmd.ErrOrStderr(), "Wrote %s (%s, %s, %s).\n", out, strings.ToUpper(string(f)), plural(len(p.Lines), "line"), plural(len(p.Posts), "post"))
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
		fl         importFlags
	)
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import a plan from CSV or an Excel workbook, as the plan, its lines or a scenario",
		Long: "import reads a CSV file or an Excel workbook: csplan's own export, or a sheet laid\n" +
			"out your own way, whose columns are mapped by their headers (Project, Theme, Lead\n" +
			"agency, Budget 2017/18 ...; correct one with --map FIELD=HEADER). It checks every\n" +
			"row first and imports nothing if any is bad, listing each bad cell. Before\n" +
			"anything is saved it shows the mapping, the total against the envelope and every\n" +
			"change; --dry-run shows only that. Without --as-scenario it replaces the plan after\n" +
			"you confirm (--yes for scripts), or only its lines with --lines (a sheet of your\n" +
			"own layout always replaces lines only: it has no funding or settings); `csplan\n" +
			"undo` reverts it.",
		Example: "  csplan import plan.xlsx --dry-run\n" +
			"  csplan import my-plan.xlsx --sheet \"2017-18\" --map cost=\"Budget 2017/18\" --lines\n" +
			"  csplan import my-plan.xlsx --as-scenario \"Officer's workbook\" --create-priorities",
		Args: needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			opts, err := fl.options()
			if err != nil {
				return usagef(cmd, "%v", err)
			}
			imported, info, res, err := store.ReadImportFile(path, opts)
			var de *planfile.DecodeError
			if errors.As(err, &de) {
				// Every bad row on its own line on stderr; the one-line error
				// that follows sums it up.
				printProblems(cmd, path, de)
				return fmt.Errorf("%s: %s; nothing was imported", path, problemCount(de))
			}
			if err != nil {
				return err
			}
			scenario := cmd.Flags().Changed("as-scenario")
			if from := info.Scenario; from != "" && !scenario {
				return fmt.Errorf("%s was exported from scenario %q, a what-if, not the plan; nothing was imported: "+
					"keep it as a scenario with --as-scenario %q", path, from, from)
			}
			w := cmd.OutOrStdout()
			if res != nil {
				printMapping(w, path, res)
			}
			if part := info.Subset; part != "" && !cmd.Flags().Changed("as-scenario") {
				return fmt.Errorf("%s holds part of the plan (%s), not the whole: as the plan it would delete every line and post it leaves out; "+
					"nothing was imported: keep it as a scenario with --as-scenario NAME, or export the whole plan and import that", args[0], part)
			}
			// What the reader assumed goes first, before any question, so
			// the officer knows it before anything is saved.
			for _, n := range info.Notes {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s: note: %s\n", path, n)
			}
			linesOnly := fl.lines || res != nil
			if res != nil && !fl.lines && !scenario && !fl.dryRun {
				return fmt.Errorf("%s is not in csplan's own layout: it gives lines and posts but no funding or settings; nothing was imported: "+
					"add --lines to replace the plan's lines with it (keeping funding, posts and settings), or --as-scenario NAME; "+
					"--dry-run shows what it would do", path)
			}
			// target works out what the plan would be after the import.
			target := func(current *model.Plan) (*model.Plan, []string, error) {
				if !linesOnly {
					return model.AdoptIDs(current, imported), nil, nil
				}
				return linesPlan(path, current, imported, fl.createPriorities)
			}
			if fl.dryRun {
				return g.withReader(func(db *store.DB) error {
					current, err := db.Load()
					if err != nil {
						return err
					}
					next, added, err := target(current)
					if err != nil {
						return err
					}
					for _, a := range added {
						fmt.Fprintf(w, "Would create %s.\n", a)
					}
					printPreview(w, current, next)
					fmt.Fprintln(w, "Dry run: nothing was saved.")
					return nil
				})
			}
			if scenario {
				return g.withStore(func(db *store.DB) error {
					current, err := db.Load()
					if err != nil {
						return err
					}
					if info.Subset != "" {
						// The part changes only what it holds; the rest
						// stays as the plan has it.
						imported = model.FillSubset(current, imported)
					}
					wanted := imported
					if linesOnly {
						next, added, err := target(current)
						if err != nil {
							return err
						}
						if len(added) > 0 {
							// A scenario cannot add a priority: the plan gets
							// them first, as a change of its own.
							withNames := current.Clone()
							withNames.Priorities, withNames.Tags = next.Priorities, next.Tags
							if err := db.ReplacePlan(withNames, "priorities named by "+path); err != nil {
								return err
							}
							for _, a := range added {
								fmt.Fprintf(w, "Created %s in the plan.\n", a)
							}
							if current, err = db.Load(); err != nil {
								return err
							}
							if next, _, err = target(current); err != nil {
								return err
							}
						}
						wanted = next
					}
					sc, missed := model.ScenarioFromPlan(strings.TrimSpace(asScenario), current, wanted)
					sc.Notes = "Imported from " + path
					if err := cmd.Context().Err(); err != nil {
						return err
					}
					saved, err := db.SaveScenario(sc)
					if err != nil {
						return err
					}
					fmt.Fprintf(w, "Imported %s as scenario %q with %d step(s):\n", path, saved.Name, len(saved.Steps))
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
			// profiles are the file's budget profiles (csplan's own export
			// has a Profile column), keyed by next's lines and posts; nil
			// when the file says nothing of them.
			var profiles map[model.ID]model.Profile
			err = g.askThen(cmd, yes, func(db *store.DB) (string, error) {
				current, err := db.Load()
				if err != nil {
					return "", err
				}
				var added []string
				if next, added, err = target(current); err != nil {
					return "", err
				}
				if !linesOnly && info.Profiles != nil {
					profiles = model.RekeyProfiles(info.Profiles, imported, next)
				}
				if store.Unchanged(current, next) {
					m, err := db.Monitoring()
					if err != nil {
						return "", err
					}
					if profiles == nil || !model.ProfilesChange(next, m.Profiles, profiles) {
						return "", errNoChanges
					}
				}
				for _, a := range added {
					fmt.Fprintf(w, "Will create %s.\n", a)
				}
				printPreview(w, current, next)
				if profiles != nil {
					if m, err := db.Monitoring(); err == nil && model.ProfilesChange(next, m.Profiles, profiles) {
						fmt.Fprintln(w, "Budget profiles: as the file gives them (its Profile column).")
					}
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
				what := "the plan"
				if linesOnly {
					what = "the plan's lines"
				}
				return fmt.Sprintf("Replace %s (%s, %s, allocated %s) with %s (%s, %s, allocated %s)? [y/N] ",
					what, plural(len(current.Lines), "line"), plural(len(current.Posts), "post"), before.Allocated, path,
					plural(len(next.Lines), "line"), plural(len(next.Posts), "post"), after.Allocated), nil
			}, func(db *store.DB) error {
				how := "imported from "
				if linesOnly {
					how = "lines imported from "
				}
				save := db.ReplacePlan
				if profiles != nil {
					save = func(p *model.Plan, summary string) error { return db.ReplacePlanWithProfiles(p, summary, profiles) }
				}
				if err := save(next, how+path); err != nil {
					return err
				}
				after := model.ComputeTotals(next)
				as := "the plan"
				if linesOnly {
					as = "the plan's lines"
				}
				fmt.Fprintf(w, "Imported %s as %s: allocated %s, headroom %s (%s on confirmed money). `csplan undo` reverts it.\n",
					path, as, after.Allocated, after.HeadroomAll, after.HeadroomConfirmed)
				for _, m := range matched {
					fmt.Fprintf(w, "  - %s.\n", m)
				}
				return nil
			})
			if errors.Is(err, errNoChanges) {
				// Nothing to save, so no history entry: an undo now would
				// revert the change before, not this import.
				fmt.Fprintf(w, "No changes: %s holds the same plan as the one open; nothing was saved.\n", path)
				return nil
			}
			return err
		},
	}
	cmd.Flags().StringVar(&asScenario, "as-scenario", "", "keep the file as a scenario with this name, leaving the plan alone")
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "replace the plan without asking")
	addImportFlags(cmd, &fl)
	cmd.Flags().BoolVar(&fl.lines, "lines", false, "replace only the plan's lines (and its posts, if the file has any), keeping funding and settings")
	cmd.Flags().BoolVar(&fl.createPriorities, "create-priorities", false, "create the SWP and PCC priorities the file names that the plan lacks")
	cmd.Flags().BoolVar(&fl.dryRun, "dry-run", false, "show what the import would do, and save nothing")
	return cmd
}

// addImportFlags adds the flags that say how a sheet of the officer's own
// layout is read.
func addImportFlags(cmd *cobra.Command, fl *importFlags) {
	cmd.Flags().StringArrayVar(&fl.maps, "map", nil, "read FIELD from the column headed HEADER: --map cost=\"Budget 2017/18\" (repeatable)")
	cmd.Flags().StringVar(&fl.sheet, "sheet", "", "read this sheet of the workbook")
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
