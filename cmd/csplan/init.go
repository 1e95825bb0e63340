package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

// initOptions say what a new plan file starts with: the built-in plan and
// its example scenarios, an empty plan, or a plan read from a CSV file.
type initOptions struct {
	empty bool
	from  string
}

func newInitCmd(g *globals) *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Make a new plan file (the built-in plan, an empty one, or one from a CSV file)",
		Long: "init makes the plan file that --db or $CSPLAN_DB names (else the default place),\n" +
			"with the built-in Safer Wolverhampton Partnership 2017/18 plan and its example\n" +
			"scenarios; --empty starts with no funding, priorities, lines or posts; --from\n" +
			"starts with a plan exported as CSV. It refuses if the file is there already.",
		Example: "  csplan init --db ~/plans/2018-19.db --from last-year.csv\n  csplan init --db scratch.db --empty",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.empty && o.from != "" {
				return usagef(cmd, "--empty and --from cannot go together: a plan from a file is not empty")
			}
			p, _, err := g.path()
			if err != nil {
				return err
			}
			return g.create(cmd, p, o)
		},
	}
	cmd.Flags().BoolVar(&o.empty, "empty", false, "start with an empty plan")
	cmd.Flags().StringVar(&o.from, "from", "", "start with the plan in this CSV file (as csplan export writes it)")
	markPath(cmd.Flags(), "from")
	return cmd
}

// create makes a new plan file at path, refusing one that is there (of any
// kind: a file, a folder, a link).
func (g *globals) create(cmd *cobra.Command, path string, o initOptions) error {
	if strings.HasSuffix(path, "/") || strings.HasSuffix(path, string(os.PathSeparator)) {
		return fmt.Errorf("%s names a folder: give the plan file's name, e.g. %splan.db", path, path)
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(path)
		return fmt.Errorf("%s is there already, as a symbolic link to %s: init makes a new plan file only, not through a link; name the file itself", path, target)
	} else if err == nil {
		return fmt.Errorf("%s is there already: init makes a new plan file only; use another name, or move the file away first", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot make %s: %w", path, err)
	}
	opts := store.Options{}
	what := "the built-in plan"
	switch {
	case o.from != "":
		imported, info, err := store.ReadPlanFile(o.from)
		var de *planfile.DecodeError
		if errors.As(err, &de) {
			printProblems(cmd, o.from, de)
			return fmt.Errorf("%s: %s; no plan file was made", o.from, problemCount(de))
		}
		if err != nil {
			return err
		}
		if info.Scenario != "" {
			return fmt.Errorf("%s was exported from scenario %q, a what-if, not a plan; no plan file was made", o.from, info.Scenario)
		}
		for _, n := range info.Notes {
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: note: %s\n", o.from, n)
		}
		opts.Seed = func() (*model.Plan, error) { return imported, nil }
		what = "the plan from " + o.from
	case o.empty:
		what = "an empty plan"
	default:
		opts.Seed = func() (*model.Plan, error) { return planfile.BuiltIn(), nil }
		opts.SeedScenarios = planfile.BuiltInScenarios
	}
	db, err := store.Open(path, opts)
	if err != nil {
		return err
	}
	p, err := db.Load()
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Made %s with %s (%d lines, %d posts).\n", path, what, len(p.Lines), len(p.Posts))
	return nil
}
