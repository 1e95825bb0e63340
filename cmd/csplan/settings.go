package main

import (
	"encoding/json"
	"fmt"
	"io"
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
)

// settingKeys lists every key `csplan settings set` takes, in the order
// `csplan settings` shows them.
func settingKeys() []string {
	keys := []string{keyPartnership, keyBody, keyYear, keyNotes}
	for _, n := range model.SettingNames {
		keys = append(keys, string(n))
	}
	return keys
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
				if asJSON {
					return writeSettingsJSON(cmd.OutOrStdout(), p)
				}
				writeSettings(cmd.OutOrStdout(), p)
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
			"£8,164), the year as 2017/18, and levy as on or off.",
		Example: "  csplan settings set pension-rate 16.1\n  csplan settings set levy off\n  csplan settings set year 2018/19",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, value := strings.ToLower(strings.TrimSpace(args[0])), args[1]
			return g.withStore(func(db *store.DB) error {
				p, err := db.Load()
				if err != nil {
					return err
				}
				before := model.ComputeTotals(p)
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

func writeSettings(w io.Writer, p *model.Plan) {
	for _, k := range settingKeys() {
		if k == keyNotes {
			continue
		}
		fmt.Fprintf(w, "%-22s %s\n", k, settingValue(p, k))
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
}

func writeSettingsJSON(w io.Writer, p *model.Plan) error {
	s := p.Settings
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(settingsJSON{
		Partnership: p.Info.Partnership, AccountableBody: p.Info.AccountableBody, Year: p.Info.Year(), Notes: p.Info.Notes,
		NIRate: s.NIRate, NIThreshold: s.NIThreshold, PensionRate: s.PensionRate, LevyRate: s.LevyRate, Levy: s.LevyOn(),
	})
}
