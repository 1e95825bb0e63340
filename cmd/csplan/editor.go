package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
	"csplan/tui"
)

// runEditor opens the plan in the terminal editor. Without a terminal (a
// pipe, a script) it prints the totals instead, so `csplan | less` helps.
func runEditor(cmd *cobra.Command, g *globals) error {
	atTerminal := isTerminal(os.Stdin) && isTerminal(os.Stdout)
	if !atTerminal {
		return g.withReader(func(db *store.DB) error {
			p, err := db.Load()
			if err != nil {
				return err
			}
			return writeTotals(cmd.OutOrStdout(), p, model.ComputeTotals(p), "")
		})
	}
	if err := g.offerToCreate(cmd); err != nil {
		return err
	}
	return g.withStore(func(db *store.DB) error {
		err := tui.Run(cmd.Context(), db, tui.Options{})
		if err != nil && errors.Is(err, context.Canceled) && cmd.Context().Err() != nil {
			// Stopped by a signal: say so here and let main exit with
			// 128 plus its number. An error handed back to fang would
			// have it ask the terminal for its colours first, a read
			// that can wait for ever behind the editor's own reader of
			// the terminal (seen under SIGHUP).
			fmt.Fprintf(cmd.ErrOrStderr(), "csplan: %s\n", errStopped)
			return nil
		}
		if err != nil {
			return fmt.Errorf("the editor stopped: %w", err)
		}
		return nil
	})
}

// offerToCreate asks, before the editor starts, whether to make a plan
// file that --db or $CSPLAN_DB names but that is not there: a mistyped
// path must not quietly become a new plan. It does nothing when the file
// is there (or the path is the default place, made on first use).
func (g *globals) offerToCreate(cmd *cobra.Command) error {
	p, named, err := g.path()
	if err != nil || !named || g.readOnly {
		return err
	}
	if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
		return nil // there, or a problem open reports in its own words
	}
	in, ok := cmd.InOrStdin().(*os.File)
	if !ok {
		in = os.Stdin
	}
	agreed, err := askYes(cmd, in, fmt.Sprintf("There is no plan file at %s.\nMake a new one there, with the built-in plan? [y/N] ", p))
	if err != nil {
		return err
	}
	if agreed {
		return g.create(cmd, p, initOptions{})
	}
	return fmt.Errorf("%s: nothing was made; check the path, or make a new plan with %s", p, g.initHint(p))
}
