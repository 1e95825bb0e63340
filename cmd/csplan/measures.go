package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
)

// Outputs on the command line (issue 13): the measures each line or post
// reports against, their values by quarter, and the quarter's comment.
// Both go into the quarterly return.

func newMeasuresCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "measures",
		Short: "List, set, record or remove the measures (outputs) a line or post reports in the quarterly return",
		Long: "A measure is an output a line or post reports against: a name, a unit and an annual target\n" +
			"(\"Young people engaged\", people, 200 a year), with a value for each quarter (Q1 46). The\n" +
			"quarterly return prints each item's measures with the quarter's value and the value to date.\n" +
			"Every change is one step of the history: csplan undo takes it back.",
		Args: noArgs,
	}
	cmd.AddCommand(newMeasuresListCmd(g), newMeasuresSetCmd(g), newMeasuresRecordCmd(g), newMeasuresRemoveCmd(g))
	return cmd
}

func newMeasuresListCmd(g *globals) *cobra.Command {
	var item string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the measures with their targets and values by quarter",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withReader(func(db *store.DB) error {
				st, err := db.ReadState(1)
				if err != nil {
					return err
				}
				var only *model.Item
				if item != "" {
					it, err := findItem(st.Plan, item)
					if err != nil {
						return err
					}
					only = &it
				}
				writeMeasures(cmd.OutOrStdout(), st.Plan, st.Monitoring, only)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&item, "item", "", "only this line or post (its title)")
	return cmd
}

// writeMeasures lists the measures in the plan's order of items.
func writeMeasures(w io.Writer, p *model.Plan, m *model.Monitoring, only *model.Item) {
	var t table
	t.add("Item", "Measure", "Unit", "Annual target", "Q1", "Q2", "Q3", "Q4", "To date")
	n := 0
	for _, it := range p.Items() {
		if only != nil && it.ID != only.ID {
			continue
		}
		for _, ms := range m.Measures[it.ID] {
			row := []string{it.Title, oneLine(ms.Name), oneLine(ms.Unit), ms.Target.String()}
			for q := model.Quarter(1); q <= 4; q++ {
				row = append(row, measureValue(ms.Value(q)))
			}
			t.add(append(row, ms.ToDate(4).String())...)
			n++
		}
	}
	if n == 0 {
		if only != nil {
			fmt.Fprintf(w, "%q has no measures yet: csplan measures set %q NAME --target N adds one.\n", only.Title, only.Title)
		} else {
			fmt.Fprintln(w, "No measures yet: csplan measures set ITEM NAME --target N adds one.")
		}
		return
	}
	t.write(w)
}

// measureValue is a quarter's value, or "-" for a quarter not reported.
func measureValue(v *decimal.Decimal) string {
	if v == nil {
		return "-"
	}
	return v.String()
}

// describeMeasure is a measure in words: "people, 200 a year".
func describeMeasure(ms model.Measure) string {
	if ms.Unit == "" {
		return ms.Target.String() + " a year"
	}
	return ms.Unit + ", " + ms.Target.String() + " a year"
}

// noMeasure says an item has no measure of that name, and which it has.
func noMeasure(m *model.Monitoring, it model.Item, name string) error {
	var names []string
	for _, ms := range m.Measures[it.ID] {
		names = append(names, ms.Name)
	}
	if len(names) == 0 {
		return fmt.Errorf("%q has no measures: csplan measures set %q %q --target N adds one", it.Title, it.Title, name)
	}
	return fmt.Errorf("%q has no measure called %q; its measures are %s", it.Title, name, quoteAll(names))
}

func newMeasuresSetCmd(g *globals) *cobra.Command {
	var unit, target, rename string
	cmd := &cobra.Command{
		Use:   "set ITEM NAME",
		Short: "Add a measure to a line or post, or change its unit, annual target or name",
		Long: "measures set adds the measure NAME to the line or post ITEM, or changes the one it has of that\n" +
			"name (case ignored). A new measure needs --target, its annual target; --unit says what it\n" +
			"counts (--unit - clears it), --rename gives it a new name.",
		Example: "  csplan measures set \"Community champions\" \"Young people engaged\" --unit people --target 200\n" +
			"  csplan measures set \"Community champions\" \"Young people engaged\" --target 250",
		Args: needArgs(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := strings.TrimSpace(args[1])
			var tgt *decimal.Decimal
			if cmd.Flags().Changed("target") {
				d, err := model.ParseMeasureValue(target)
				if err != nil {
					return usage(cmd, fmt.Errorf("--target: %w", err))
				}
				tgt = &d
			}
			if strings.TrimSpace(unit) == "-" {
				unit = ""
			}
			if tgt == nil && !cmd.Flags().Changed("unit") && !cmd.Flags().Changed("rename") {
				return usagef(cmd, "nothing to set: give --target, --unit or --rename")
			}
			return g.withItem(args[0], func(db *store.DB, p *model.Plan, it model.Item) error {
				var added bool
				var saved model.Measure
				summary := fmt.Sprintf("Set the measure %q of %q", name, it.Title)
				_, err := db.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					var ms model.Measure
					was := ""
					if i := m.MeasureIndex(it.ID, name); i >= 0 {
						ms, was = m.Measures[it.ID][i], m.Measures[it.ID][i].Name
					} else {
						if tgt == nil {
							return usagef(cmd, "%q has no measure called %q: a new measure needs its annual target, --target N", it.Title, name)
						}
						if cmd.Flags().Changed("rename") {
							return noMeasure(m, it, name)
						}
						ms.Name, added = name, true
					}
					if tgt != nil {
						ms.Target = *tgt
					}
					if cmd.Flags().Changed("unit") {
						ms.Unit = strings.TrimSpace(unit)
					}
					if cmd.Flags().Changed("rename") {
						ms.Name = strings.TrimSpace(rename)
					}
					m.SetMeasure(it.ID, was, ms)
					saved = ms
					return nil
				})
				if err != nil {
					return measureErr(err)
				}
				verb := "Changed"
				if added {
					verb = "Added"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s the measure %q of %q: %s; csplan undo takes it back.\n", verb, saved.Name, it.Title, describeMeasure(saved))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&unit, "unit", "", "what the measure counts, e.g. people or sessions (- clears it)")
	cmd.Flags().StringVar(&target, "target", "", "the annual target, a number such as 200")
	cmd.Flags().StringVar(&rename, "rename", "", "a new name for the measure")
	return cmd
}

// measureErr says a refused change in the officer's words: the store
// prefixes its problems with where they are.
func measureErr(err error) error {
	var ie *store.InvalidError
	if errors.As(err, &ie) {
		var msgs []string
		for _, p := range ie.Problems {
			msgs = append(msgs, p.Message)
		}
		return fmt.Errorf("nothing was changed: %s", strings.Join(msgs, "; "))
	}
	return err
}

func newMeasuresRecordCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:     "record ITEM NAME QUARTER VALUE",
		Short:   "Record a measure's value for a quarter (Q1-Q4); - clears it",
		Example: "  csplan measures record \"Community champions\" \"Young people engaged\" Q1 46\n  csplan measures record \"Community champions\" \"Young people engaged\" Q1 -",
		Args:    needArgs(4, 4),
		RunE: func(cmd *cobra.Command, args []string) error {
			q, err := model.ParseQuarter(args[2])
			if err != nil {
				return usage(cmd, err)
			}
			var v *decimal.Decimal
			if strings.TrimSpace(args[3]) != "-" {
				d, err := model.ParseMeasureValue(args[3])
				if err != nil {
					return usage(cmd, fmt.Errorf("value: %w", err))
				}
				v = &d
			}
			return g.withItem(args[0], func(db *store.DB, p *model.Plan, it model.Item) error {
				var ms model.Measure
				summary := fmt.Sprintf("Recorded %s %s for the measure %q of %q", q, measureValue(v), strings.TrimSpace(args[1]), it.Title)
				if v == nil {
					summary = fmt.Sprintf("Cleared %s of the measure %q of %q", q, strings.TrimSpace(args[1]), it.Title)
				}
				_, err = db.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					i := m.MeasureIndex(it.ID, args[1])
					if i < 0 {
						return noMeasure(m, it, args[1])
					}
					ms = m.Measures[it.ID][i]
					ms.Values[q-1] = v
					m.SetMeasure(it.ID, ms.Name, ms)
					return nil
				})
				if err != nil {
					return measureErr(err)
				}
				w := cmd.OutOrStdout()
				if v == nil {
					fmt.Fprintf(w, "Cleared the %s value of %q of %q; csplan undo puts it back.\n", q, ms.Name, it.Title)
					return nil
				}
				fmt.Fprintf(w, "Recorded %s %s for %q of %q: %s to date of %s; csplan undo takes it back.\n",
					q, v, ms.Name, it.Title, ms.ToDate(q), describeMeasure(ms))
				return nil
			})
		},
	}
}

func newMeasuresRemoveCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "remove ITEM NAME",
		Short: "Remove a measure and its values from a line or post; csplan undo puts it back",
		Args:  needArgs(2, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return g.withItem(args[0], func(db *store.DB, p *model.Plan, it model.Item) error {
				var name string
				_, err := db.EditMonitoring(fmt.Sprintf("Removed the measure %q of %q", strings.TrimSpace(args[1]), it.Title),
					func(m *model.Monitoring, _ *model.Plan) error {
						i := m.MeasureIndex(it.ID, args[1])
						if i < 0 {
							return noMeasure(m, it, args[1])
						}
						name = m.Measures[it.ID][i].Name
						m.RemoveMeasure(it.ID, name)
						return nil
					})
				if err != nil {
					return measureErr(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Removed the measure %q of %q; csplan undo puts it back.\n", name, it.Title)
				return nil
			})
		},
	}
}

func newNarrativeCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "narrative ITEM [QUARTER [TEXT...]]",
		Short: "Show or write a line's or post's comment for a quarter, which the quarterly return prints",
		Long: "narrative ITEM shows the item's comments for the four quarters; narrative ITEM QUARTER shows\n" +
			"one; narrative ITEM QUARTER TEXT writes it (the words of TEXT joined by spaces), and an empty\n" +
			"TEXT (\"\") clears it. csplan undo takes a change back.",
		Example: "  csplan narrative \"Domestic homicide reviews\" Q1 \"No review was commissioned in the quarter.\"\n" +
			"  csplan narrative \"Domestic homicide reviews\" Q1 \"\"   (clears it)",
		Args: narrativeArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var q model.Quarter
			if len(args) > 1 {
				var err error
				if q, err = model.ParseQuarter(args[1]); err != nil {
					return usage(cmd, err)
				}
			}
			if len(args) <= 2 {
				return g.withReader(func(db *store.DB) error {
					st, err := db.ReadState(1)
					if err != nil {
						return err
					}
					it, err := findItem(st.Plan, args[0])
					if err != nil {
						return err
					}
					writeNarratives(cmd.OutOrStdout(), st.Monitoring, it, q)
					return nil
				})
			}
			text := strings.TrimSpace(strings.Join(args[2:], " "))
			if n := utf8.RuneCountInString(text); n > model.MaxNarrativeLen {
				return usagef(cmd, "TEXT is %d characters long: the most is %d", n, model.MaxNarrativeLen)
			}
			return g.withItem(args[0], func(db *store.DB, p *model.Plan, it model.Item) error {
				summary := fmt.Sprintf("Wrote the %s comment on %q", q, it.Title)
				if text == "" {
					summary = fmt.Sprintf("Cleared the %s comment on %q", q, it.Title)
				}
				if _, err := db.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					m.SetNarrative(it.ID, q, text)
					return nil
				}); err != nil {
					return measureErr(err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s; csplan undo takes it back.\n", summary)
				return nil
			})
		},
	}
}

// narrativeArgs checks ITEM and QUARTER as needArgs does; TEXT may be
// empty (it clears the comment) and long.
func narrativeArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return errors.New("missing ITEM (the command is csplan narrative ITEM [QUARTER [TEXT...]])")
	}
	for i, h := range []string{"ITEM", "QUARTER"}[:min(len(args), 2)] {
		a := args[i]
		if strings.TrimSpace(a) == "" {
			return fmt.Errorf("%s is empty: give a value", h)
		}
		if n := utf8.RuneCountInString(a); n > model.MaxNameLen {
			return fmt.Errorf("%s is %d characters long: the most is %d", h, n, model.MaxNameLen)
		}
	}
	return nil
}

// writeNarratives prints item it's comment for quarter q, or for every
// quarter when q is 0.
func writeNarratives(w io.Writer, m *model.Monitoring, it model.Item, q model.Quarter) {
	qs := []model.Quarter{q}
	if q == 0 {
		qs = []model.Quarter{1, 2, 3, 4}
	}
	for _, q := range qs {
		text := m.Narratives[it.ID][q]
		if text == "" {
			fmt.Fprintf(w, "%s: no comment\n", q)
			continue
		}
		fmt.Fprintf(w, "%s: %s\n", q, text)
	}
}
