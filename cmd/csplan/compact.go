package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"csplan/store"
)

func newCompactCmd(g *globals) *cobra.Command {
	var keep int
	cmd := &cobra.Command{
		Use:   "compact",
		Short: "Drop old undo records and shrink the plan file",
		Long: fmt.Sprintf(`Compact keeps what undo needs for the newest changes only (%d unless
--keep says otherwise; --keep is remembered for the next compact), keeps
the summary of every change in the history, and rewrites the plan file
without the space that deleted records left. The file is copied, checked
and put in place of the old one, which is kept beside it as a dated
backup. It needs the plan to itself: close any other csplan first.`, store.DefaultUndoKeep),
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if g.readOnly {
				return errors.New("compact rewrites the plan file, so it cannot run with --read-only")
			}
			if cmd.Flags().Changed("keep") && keep < 1 {
				return fmt.Errorf("--keep %d: it must be a number of changes, 1 or more", keep)
			}
			p, _, err := g.path()
			if err != nil {
				return err
			}
			rep, err := store.Compact(p, store.Options{}, keep)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "Compacted %s: %s → %s.\n", p, size(rep.Before), size(rep.After))
			fmt.Fprintf(w, "Undo is kept for the newest %d changes", rep.Keep)
			switch {
			case rep.Dropped == 1:
				fmt.Fprint(w, "; 1 older change can no longer be undone (it stays in the history)")
			case rep.Dropped > 1:
				fmt.Fprintf(w, "; %d older changes can no longer be undone (they stay in the history)", rep.Dropped)
			}
			fmt.Fprintf(w, ".\nThe file as it was is kept in %s.\n", rep.Backup)
			return nil
		},
	}
	cmd.Flags().IntVar(&keep, "keep", 0, fmt.Sprintf("how many of the newest changes keep what undo needs (default: as last set, else %d)", store.DefaultUndoKeep))
	return cmd
}

// size says a file size in bytes for a person: "412 KB", "3.1 MB".
func size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
