package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
	"csplan/tui"
)

// runEditor opens the plan in the terminal editor. Without a terminal (a
// pipe, a script) it prints the totals instead, so `csplan | less` helps.
func runEditor(cmd *cobra.Command, g *globals) error {
	return g.withStore(func(db *store.DB) error {
		if !isTerminal(os.Stdin) || !isTerminal(os.Stdout) {
			p, err := db.Load()
			if err != nil {
				return err
			}
			return writeTotals(cmd.OutOrStdout(), p, model.ComputeTotals(p), "")
		}
		if err := tui.Run(cmd.Context(), db, tui.Options{}); err != nil {
			return fmt.Errorf("the editor stopped: %w", err)
		}
		return nil
	})
}
