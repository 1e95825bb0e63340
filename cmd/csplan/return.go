package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
)

func newReturnCmd(g *globals) *cobra.Command {
	var (
		out, format, asAt, preparedBy string
		submit, force                 bool
	)
	cmd := &cobra.Command{
		Use:   "return QUARTER",
		Short: "Write the quarterly return to the PCC (Q1-Q4) as CSV or an Excel workbook; --submit keeps it as sent",
		Long: "return writes the quarterly monitoring return the PCC asks for: partnership, year, quarter,\n" +
			"as-at period, prepared by and date; then per item its SWP priority, primary PCC priority,\n" +
			"budget, spend in the quarter, spend to date, forecast outturn, variance, RAG, narrative and\n" +
			"measures; and the totals by SWP and by PCC priority (live formulas in the workbook).\n" +
			"--submit freezes the return as sent: writing the quarter again gives the return as it was\n" +
			"submitted, and says what has changed since. csplan undo withdraws a submission made by mistake.",
		Example: "  csplan return Q1 -o q1-return.xlsx\n  csplan return Q1 -o q1-return.xlsx --submit --force\n  csplan return Q2 --as-at P7 -o q2.csv",
		Args:    needArgs(1, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := model.ParseQuarter(args[0])
			if err != nil {
				return usage(cmd, err)
			}
			f := store.CSV
			toStdout := out == "" || out == "-"
			if !toStdout {
				f = store.FormatForPath(out)
			}
			if format != "" {
				if f, err = store.ParseFormat(format); err != nil {
					return usage(cmd, fmt.Errorf("--format: %w", err))
				}
			}
			if f == store.XLSX && toStdout && isTerminal(os.Stdout) {
				return errors.New("an Excel workbook cannot be shown on the terminal: name a file with -o return.xlsx")
			}
			with := g.withReader
			if submit {
				with = g.withStore
			}
			return with(func(db *store.DB) error {
				p, err := db.Load()
				if err != nil {
					return err
				}
				m, err := db.Monitoring() // with the submitted returns whole
				if err != nil {
					return err
				}
				var per model.Period
				if asAt != "" {
					if per, err = model.ParsePeriod(asAt, p.Info.StartYear); err != nil {
						return usage(cmd, fmt.Errorf("--as-at: %w", err))
					}
				}
				who := preparedBy
				if strings.TrimSpace(who) == "" {
					who = db.User()
				}
				var r model.QuarterlyReturn
				var since []string
				sent, frozen := m.Returns[q]
				switch {
				case frozen && submit:
					return fmt.Errorf("the %s return was submitted on %s and is kept as sent; csplan return %s writes it (csplan undo withdraws the submission if it was a mistake)",
						q, sent.At.Local().Format("2 January 2006"), q)
				case frozen:
					if per != 0 && per != sent.AsAt {
						return fmt.Errorf("the %s return was submitted as at %s and is written as sent; leave out --as-at", q, sent.AsAt)
					}
					r = sent.Frozen()
					now, err := model.BuildReturn(p, m, q, sent.AsAt, who, time.Now())
					if err != nil {
						return err
					}
					since = model.DiffReturns(r, now)
				default:
					if r, err = model.BuildReturn(p, m, q, per, who, time.Now()); err != nil {
						return err
					}
					if submit {
						// The file is checked before anything is stored, so
						// a refused file never leaves the return submitted.
						if !toStdout {
							if err := store.CheckReturnTarget(out, force); errors.Is(err, store.ErrExists) {
								return fmt.Errorf("%w; nothing was submitted: add --force to replace it, or name another file", err)
							} else if err != nil {
								return fmt.Errorf("%w; nothing was submitted", err)
							}
						}
						s := model.Submit(r, time.Now())
						if err := db.SubmitReturn(s); err != nil {
							return err
						}
						r = s.Frozen()
					}
				}
				if toStdout {
					if err := store.WriteReturn(dataOut(cmd), r, f); err != nil {
						return err
					}
				} else if err := store.WriteReturnFile(out, r, f, force); errors.Is(err, store.ErrExists) {
					if submit {
						return fmt.Errorf("%w; the return is submitted and kept: write it with csplan return %s -o FILE --force", err, q)
					}
					return fmt.Errorf("%w; add --force to replace it", err)
				} else if err != nil {
					if submit {
						return fmt.Errorf("%w; the return is submitted and kept: write it again with csplan return %s -o FILE", err, q)
					}
					return err
				}
				w := cmd.ErrOrStderr()
				where := "standard output"
				if !toStdout {
					where = out
				}
				fmt.Fprintf(w, "Wrote the %s return to %s (%s), as at %s (%s).\n", r.QuarterLabel(), where, strings.ToUpper(string(f)), r.AsAtLabel(), r.Status())
				if frozen {
					if len(since) == 0 {
						fmt.Fprintf(w, "This is the return as submitted; nothing in it has changed since.\n")
					} else {
						fmt.Fprintf(w, "This is the return as submitted. Since then (%s):\n", plural(len(since), "change"))
						for _, d := range since {
							fmt.Fprintf(w, "  %s\n", d)
						}
					}
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the file to write; - for standard output (the default)")
	markPath(cmd.Flags(), "output")
	cmd.Flags().StringVar(&format, "format", "", "the file format: csv or xlsx (default: from the file name, else csv)")
	cmd.Flags().StringVar(&asAt, "as-at", "", "the period the return is as at (default: the quarter's last, P3 for Q1)")
	cmd.Flags().StringVar(&preparedBy, "prepared-by", "", "who prepared the return (default: your user name)")
	cmd.Flags().BoolVar(&submit, "submit", false, "freeze the return as sent: writing the quarter again gives this one")
	cmd.Flags().BoolVar(&force, "force", false, "replace the file named by -o if it is there already")
	return cmd
}
