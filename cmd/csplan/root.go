package main

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"

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
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func newRootCmd() *cobra.Command {
	g := &globals{}
	root := &cobra.Command{
		Use:   "csplan",
		Short: "Edit a community safety partnership's costed delivery plan",
		Long: "csplan keeps a partnership's costed plan (funding, priorities, plan lines and\n" +
			"funded posts) in a local file, saves every change at once, and shows the totals\n" +
			"against the funding envelope. Run it with no command to open the editor.\n\n" +
			"The plan file is $CSPLAN_DB, else $XDG_DATA_HOME/csplan/plan.db, else\n" +
			"~/.local/share/csplan/plan.db; --db overrides both. A new file starts with\n" +
			"the built-in Safer Wolverhampton Partnership 2017/18 plan.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runEditor(cmd, g)
		},
	}
	root.PersistentFlags().StringVar(&g.db, "db", "", "plan file to use (default $CSPLAN_DB or ~/.local/share/csplan/plan.db)")
	root.PersistentFlags().BoolVar(&g.readOnly, "read-only", false, "open the plan without allowing edits (a shared lock)")
	root.AddCommand(
		newTotalsCmd(g),
		newCheckCmd(g),
		newHistoryCmd(g),
		newUndoCmd(g),
		newRedoCmd(g),
		newSettingsCmd(g),
		newScenarioCmd(g),
		newExportCmd(g),
		newImportCmd(g),
		newDevCmd(g),
	)
	return root
}

// path returns the plan file the flags and environment name.
func (g *globals) path() (string, error) {
	if g.db != "" {
		return g.db, nil
	}
	return store.DefaultPath()
}

// open opens the plan file, creating it with the built-in plan when it does
// not exist yet.
func (g *globals) open() (*store.DB, error) {
	p, err := g.path()
	if err != nil {
		return nil, err
	}
	return store.Open(p, store.Options{
		ReadOnly:      g.readOnly,
		Seed:          func() (*model.Plan, error) { return planfile.BuiltIn(), nil },
		SeedScenarios: planfile.BuiltInScenarios,
	})
}

// withStore opens the plan, runs fn and closes it, keeping fn's error first.
func (g *globals) withStore(fn func(*store.DB) error) error {
	db, err := g.open()
	if err != nil {
		return err
	}
	if db.Snapshot() {
		fmt.Fprintln(os.Stderr, "csplan: another csplan is editing this plan; showing a read-only snapshot taken now")
	}
	err = fn(db)
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing the plan file: %w", cerr)
	}
	return err
}

// errUsage marks a mistake in how a command was called.
var errUsage = errors.New("usage")

// isTerminal reports whether f is a terminal (not a pipe, a file or
// /dev/null), where a person can answer a question.
func isTerminal(f *os.File) bool { return term.IsTerminal(f.Fd()) }
