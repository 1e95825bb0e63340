package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
)

// The keys of `csplan settings set` beyond the costing settings: the
// plan's heading.
const (
	keyPartnership = "partnership"
	keyYear        = "year"
	keyBody        = "accountable-body"
	keyNotes       = "notes"

	// The year's RAG thresholds (the Monitor screen and the return).
	keyAmberPercent = "rag-amber-percent"
	keyAmberAmount  = "rag-amber-amount"
	keyRedPercent   = "rag-red-percent"
	keyRedAmount    = "rag-red-amount"
	keyRAGRule      = "rag-rule"
)

// ragKeys are the keys of the RAG thresholds, in the order shown.
var ragKeys = []string{keyAmberPercent, keyAmberAmount, keyRedPercent, keyRedAmount, keyRAGRule}

// settingKeys lists every key `csplan settings set` takes, in the order
// `csplan settings` shows them.
func settingKeys() []string {
	keys := []string{keyPartnership, keyBody, keyYear, keyNotes}
	for _, n := range model.SettingNames {
		keys = append(keys, string(n))
	}
	return append(keys, ragKeys...)
}

// setThreshold changes one of the year's RAG thresholds in t.
func setThreshold(t *model.RAGThresholds, k, value string) error {
	switch k {
	case keyAmberPercent, keyRedPercent:
		v, err := model.ParsePercent(value)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if k == keyAmberPercent {
			t.AmberPercent = v
		} else {
			t.RedPercent = v
		}
	case keyAmberAmount, keyRedAmount:
		v, err := model.ParseMoney(value)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		if k == keyAmberAmount {
			t.AmberAmount = v
		} else {
			t.RedAmount = v
		}
	case keyRAGRule:
		switch strings.ToLower(strings.TrimSpace(value)) {
		case "either":
			t.Rule = model.RAGEither
		case "both":
			t.Rule = model.RAGBoth
		default:
			return fmt.Errorf("%s: %q is not a rule: either (a variance reaches a level at its percentage or its amount) or both (at both)", k, value)
		}
	}
	if err := t.Check(); err != nil {
		return fmt.Errorf("%s: %w", k, err)
	}
	return nil
}

// thresholdValue is one RAG threshold as `csplan settings` shows it.
func thresholdValue(t model.RAGThresholds, k string) string {
	switch k {
	case keyAmberPercent:
		return t.AmberPercent.String()
	case keyAmberAmount:
		return t.AmberAmount.Exact()
	case keyRedPercent:
		return t.RedPercent.String()
	case keyRedAmount:
		return t.RedAmount.Exact()
	case keyRAGRule:
		if t.Rule == model.RAGBoth {
			return "both"
		}
		return "either"
	}
	return ""
}

func newSettingsCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "settings",
		Short: "Show the plan's heading and costing settings; change one with `settings set`",
		Long: "settings lists the plan's partnership, year and notes and the assumptions posts\n" +
			"are costed with: employer NI rate and threshold, pension rate, apprenticeship levy\n" +
			"rate, and whether the levy is charged (off when the council holds it centrally).\n" +
			"Change one with `csplan settings set KEY VALUE`; `csplan undo` reverts it.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withStore(func(db *store.DB) error {
				p, err := db.Load()
				if err != nil {
					return err
				}
				m, err := db.Monitoring()
				if err != nil {
					return err
				}
				if asJSON {
					return writeSettingsJSON(cmd.OutOrStdout(), p, m.Thresholds)
				}
				writeSettings(cmd.OutOrStdout(), p, m.Thresholds)
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the settings as JSON (rates and amounts as exact strings)")
	cmd.AddCommand(newSettingsSetCmd(g))
	return cmd
}

func newSettingsSetCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Change one setting, as one change that `csplan undo` reverts",
		Long: "set changes one setting. KEY is one of " + strings.Join(settingKeys(), ", ") + ".\n" +
			"Rates are typed as written (16.1 or 16.1%), the threshold as an amount (8164 or\n" +
			"£8,164), the year as 2017/18, and levy as on or off. The rag- keys are the year's RAG\n" +
			"thresholds: a variance turns amber from rag-amber-percent of its budget or rag-amber-amount\n" +
			"(5% or £1,000 unless set), red from rag-red-percent or rag-red-amount (10% or £5,000);\n" +
			"rag-rule both needs the percentage and the amount together.",
		Example: "  csplan settings set pension-rate 16.1\n  csplan settings set levy off\n  csplan settings set year 2018/19\n  csplan settings set rag-red-amount 10000",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, value := strings.ToLower(strings.TrimSpace(args[0])), args[1]
			return g.withStore(func(db *store.DB) error {
				p, err := db.Load()
				if err != nil {
					return err
				}
				before := model.ComputeTotals(p)
				if slices.Contains(ragKeys, k) {
					var t model.RAGThresholds
					_, err := db.EditMonitoring(fmt.Sprintf("Set %s to %s", k, strings.TrimSpace(value)), func(m *model.Monitoring, _ *model.Plan) error {
						if m.Thresholds == (model.RAGThresholds{}) {
							m.Thresholds = model.DefaultRAGThresholds()
						}
						if err := setThreshold(&m.Thresholds, k, value); err != nil {
							return err
						}
						t = m.Thresholds
						return nil
					})
					if err != nil {
						return err
					}
					fmt.Fprintf(cmd.OutOrStdout(), "Set %s to %s for %s. `csplan undo` reverts it.\n", k, thresholdValue(t, k), p.Info.Year())
					return nil
				}
				switch k {
				case keyPartnership, keyYear, keyBody, keyNotes:
					info := p.Info
					if err := setInfo(&info, k, value); err != nil {
						return err
					}
					if err := db.SaveInfo(info); err != nil {
						return err
					}
					p.Info = info
				default:
					n, err := model.ParseSettingName(k)
					if err != nil {
						return fmt.Errorf("%q is not a setting: use %s", args[0], strings.Join(settingKeys(), ", "))
					}
					s := p.Settings
					if err := s.Set(n, value); err != nil {
						return err
					}
					if err := db.SaveSettings(s); err != nil {
						return err
					}
					p.Settings = s
				}
				after := model.ComputeTotals(p)
				w := cmd.OutOrStdout()
				fmt.Fprintf(w, "Set %s to %s.", k, settingValue(p, k))
				if !after.Allocated.Equal(before.Allocated) {
					fmt.Fprintf(w, " Allocated %s → %s; headroom %s (%s on confirmed money).",
						before.Allocated, after.Allocated, after.HeadroomAll, after.HeadroomConfirmed)
				}
				fmt.Fprintln(w, " `csplan undo` reverts it.")
				return nil
			})
		},
	}
}

// setInfo changes one field of the plan's heading.
func setInfo(info *model.Info, k, value string) error {
	switch k {
	case keyPartnership:
		if strings.TrimSpace(value) == "" {
			return fmt.Errorf("%s: the partnership needs a name", k)
		}
		info.Partnership = strings.TrimSpace(value)
	case keyYear:
		y, err := model.ParseFinancialYear(value)
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		info.StartYear = y
	case keyBody:
		info.AccountableBody = strings.TrimSpace(value)
	case keyNotes:
		info.Notes = value
	}
	return nil
}

// settingValue is one setting as `csplan settings` shows it.
func settingValue(p *model.Plan, k string) string {
	switch k {
	case keyPartnership:
		return p.Info.Partnership
	case keyBody:
		return p.Info.AccountableBody
	case keyYear:
		return p.Info.Year()
	case keyNotes:
		return p.Info.Notes
	}
	return p.Settings.Value(model.SettingName(k))
}

func writeSettings(w io.Writer, p *model.Plan, t model.RAGThresholds) {
	for _, k := range settingKeys() {
		if k == keyNotes {
			continue
		}
		v := settingValue(p, k)
		if slices.Contains(ragKeys, k) {
			v = thresholdValue(t, k)
		}
		fmt.Fprintf(w, "%-22s %s\n", k, v)
	}
	if !p.Settings.LevyOn() {
		fmt.Fprintln(w, "(The levy is held centrally: posts are not charged it.)")
	}
	if p.Info.Notes != "" {
		fmt.Fprintf(w, "\nnotes\n%s\n", p.Info.Notes)
	}
}

// settingsJSON is the shape of `csplan settings --json`.
type settingsJSON struct {
	Partnership     string        `json:"partnership"`
	AccountableBody string        `json:"accountable_body"`
	Year            string        `json:"year"`
	Notes           string        `json:"notes"`
	NIRate          model.Percent `json:"employer_ni_rate_percent"`
	NIThreshold     model.Money   `json:"employer_ni_threshold"`
	PensionRate     model.Percent `json:"pension_rate_percent"`
	LevyRate        model.Percent `json:"levy_rate_percent"`
	Levy            bool          `json:"levy_charged"`
	// RAG are the year's thresholds for the Monitor screen and the return.
	RAG ragJSON `json:"rag"`
}

type ragJSON struct {
	AmberPercent model.Percent `json:"amber_percent"`
	AmberAmount  model.Money   `json:"amber_amount"`
	RedPercent   model.Percent `json:"red_percent"`
	RedAmount    model.Money   `json:"red_amount"`
	Rule         string        `json:"rule"`
}

func writeSettingsJSON(w io.Writer, p *model.Plan, t model.RAGThresholds) error {
	s := p.Settings
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(settingsJSON{
		Partnership: p.Info.Partnership, AccountableBody: p.Info.AccountableBody, Year: p.Info.Year(), Notes: p.Info.Notes,
		NIRate: s.NIRate, NIThreshold: s.NIThreshold, PensionRate: s.PensionRate, LevyRate: s.LevyRate, Levy: s.LevyOn(),
		RAG: ragJSON{AmberPercent: t.AmberPercent, AmberAmount: t.AmberAmount, RedPercent: t.RedPercent, RedAmount: t.RedAmount,
			Rule: thresholdValue(t, keyRAGRule)},
	})
}
