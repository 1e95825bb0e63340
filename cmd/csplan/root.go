package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

// globals are the flags every subcommand shares.
type globals struct {
	db       string
	readOnly bool
	// dbSet is set when --db was given (even empty), so an empty value is
	// refused rather than taken as "the default".
	dbSet bool
	// stderr is where notices go (the snapshot a reader sees).
	stderr io.Writer
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func newRootCmd() *cobra.Command {
	g := &globals{stderr: os.Stderr}
	root := &cobra.Command{
		Use:   "csplan",
		Short: "Edit a community safety partnership's costed delivery plan",
		Long: "csplan keeps a partnership's costed plan (funding, priorities, plan lines and\n" +
			"funded posts) in a local file, saves every change at once, and shows the totals\n" +
			"against the funding envelope. Run it with no command to open the editor.\n\n" +
			"The plan file is $CSPLAN_DB, else $XDG_DATA_HOME/csplan/plan.db, else\n" +
			"~/.local/share/csplan/plan.db; --db overrides both. At that default place a\n" +
			"plan file is made on first use, with the built-in Safer Wolverhampton\n" +
			"Partnership 2017/18 plan; a file named by --db or $CSPLAN_DB must exist\n" +
			"(make one with csplan init), so a mistyped path is never taken for a new plan.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEditor(cmd, g)
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			g.stderr = cmd.ErrOrStderr()
			g.dbSet = cmd.Flags().Changed("db")
			return checkFlagValues(cmd)
		},
	}
	root.PersistentFlags().StringVar(&g.db, "db", "", "plan file to use (default $CSPLAN_DB or ~/.local/share/csplan/plan.db)")
	markPath(root.PersistentFlags(), "db")
	root.PersistentFlags().BoolVar(&g.readOnly, "read-only", false, "look at the plan without changing it (works while another csplan edits it)")
	root.AddCommand(
		newInitCmd(g),
		newTotalsCmd(g),
		newCheckCmd(g),
		newHistoryCmd(g),
		newUndoCmd(g),
		newRedoCmd(g),
		newSettingsCmd(g),
		newMonitorCmd(g),
		newActualsCmd(g),
		newProfileCmd(g),
		newReturnCmd(g),
		newMeasuresCmd(g),
		newNarrativeCmd(g),
		newScenarioCmd(g),
		newExportCmd(g),
		newImportCmd(g),
		newCompactCmd(g),
		newDevCmd(g),
	)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usage(c, err) })
	wrapArgs(root)
	return root
}

// path returns the plan file the flags and environment name, and whether
// it was named (--db or $CSPLAN_DB) rather than the default place.
func (g *globals) path() (string, bool, error) {
	if g.dbSet || g.db != "" {
		if strings.TrimSpace(g.db) == "" {
			return "", true, errors.New("--db needs a file name: it is empty")
		}
		return g.db, true, nil
	}
	if p := os.Getenv("CSPLAN_DB"); p != "" {
		return p, true, nil
	}
	p, err := store.DefaultPath()
	return p, false, err
}

// initHint is the command that makes the plan file at path.
func (g *globals) initHint(path string) string {
	if g.db != "" {
		return "csplan init --db " + shellQuote(path)
	}
	return "csplan init"
}

// shellQuote quotes a path for a command line when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '~' || r == '+' || r == ',' || r == ':' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// openMode says how a command uses the plan.
type openMode int

const (
	// forEditing: the command may change the plan, so it needs the plan to
	// itself.
	forEditing openMode = iota
	// forReading: the command only reads, so beside an editor it reads a
	// checked snapshot of the last saved state.
	forReading
	// forChecking: the command must not write at all, not even to upgrade
	// a file from an older csplan (it reads an upgraded private copy).
	forChecking
)

// open opens the plan file. A file at the default place is made with the
// built-in plan when it is not there yet; a named one (--db, $CSPLAN_DB)
// must exist: a mistyped path is refused, naming csplan init, and nothing
// is created.
func (g *globals) open(mode openMode) (*store.DB, error) {
	p, named, err := g.path()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(p, store.Options{
		ReadOnly:         g.readOnly || mode == forChecking,
		UpgradeCopy:      mode == forChecking,
		ReadOnlyIfLocked: mode == forReading,
		MustExist:        named,
		Seed:             func() (*model.Plan, error) { return planfile.BuiltIn(), nil },
		SeedScenarios:    planfile.BuiltInScenarios,
	})
	if errors.Is(err, store.ErrNoPlanFile) {
		return nil, fmt.Errorf("%s: there is no plan file there; check the path, or make a new plan with %s", p, g.initHint(p))
	}
	return db, err
}

// withStore opens the plan for editing, runs fn and closes it, keeping
// fn's error first.
func (g *globals) withStore(fn func(*store.DB) error) error {
	return g.with(forEditing, fn)
}

// withReader opens the plan for a command that only reads it: beside the
// editor it reads the last saved state, and says so on stderr.
func (g *globals) withReader(fn func(*store.DB) error) error {
	return g.with(forReading, fn)
}

func (g *globals) with(mode openMode, fn func(*store.DB) error) error {
	db, err := g.open(mode)
	if err != nil {
		return err
	}
	if db.Snapshot() {
		who := db.HeldBy()
		if who != "" {
			who = " " + who
		}
		fmt.Fprintf(g.stderr, "csplan: the plan is open in another csplan%s; this reads the last saved state (a read-only snapshot taken now)\n", who)
	}
	err = fn(db)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing the plan file: %w", cerr)
	}
	return err
}

// isTerminal reports whether f is a terminal (not a pipe, a file or
// /dev/null), where a person can answer a question.
func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }
