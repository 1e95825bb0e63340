package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
	"csplan/store/foreign"
	"csplan/store/planfile"
)

// initOptions say what a new plan file starts with: the built-in plan and
// its example scenarios, an empty plan, or a plan read from a CSV file.
type initOptions struct {
	empty bool
	from  string
	fl    importFlags
}

func newInitCmd(g *globals) *cobra.Command {
	var o initOptions
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Make a new plan file (the built-in plan, an empty one, or one from a CSV file or workbook)",
		Long: "init makes the plan file that --db or $CSPLAN_DB names (else the default place),\n" +
			"with the built-in Safer Wolverhampton Partnership 2017/18 plan and its example\n" +
			"scenarios; --empty starts with no funding, priorities, lines or posts; --from\n" +
			"starts with a plan from a CSV file or workbook: csplan's export, or a sheet of\n" +
			"your own layout (its lines and posts, with no funding yet; --map and --sheet as\n" +
			"for import). It refuses if the file is there already.",
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
	cmd.Flags().StringVar(&o.from, "from", "", "start with the plan in this CSV file or workbook (csplan's export, or a sheet of your own layout)")
	markPath(cmd.Flags(), "from")
	addImportFlags(cmd, &o.fl)
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
		iopts, err := o.fl.options()
		if err != nil {
			return usagef(cmd, "%v", err)
		}
		imported, info, res, err := store.ReadImportFile(o.from, iopts)
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
		if res != nil {
			printMapping(cmd.OutOrStdout(), o.from, res)
			imported = newPlanFromLines(o.from, res)
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
	fmt.Fprintf(cmd.OutOrStdout(), "Made %s with %s (%s, %s).\n", path, what, plural(len(p.Lines), "line"), plural(len(p.Posts), "post"))
	return nil
}

// yearInHeader finds a financial year in a header such as "Budget 2017/18".
var yearInHeader = regexp.MustCompile(`\b(20\d\d)\s*[/-]\s*\d\d\b`)

// newPlanFromLines makes a new plan of the lines and posts of a sheet in
// the officer's own layout: no funding yet, default costing settings, the
// year from the cost column's header when it names one (else 2017/18).
func newPlanFromLines(path string, res *foreign.Result) *model.Plan {
	base := &model.Plan{Settings: model.DefaultSettings(), Info: model.Info{
		Partnership: "Plan imported from " + filepath.Base(path), StartYear: 2017}}
	if c, ok := res.Mapping.Column(foreign.Cost); ok {
		if m := yearInHeader.FindStringSubmatch(c.Header); m != nil {
			base.Info.StartYear, _ = strconv.Atoi(m[1])
		}
	}
	next, _, _ := model.ReplaceLines(base, res.Plan, true)
	return next
}
