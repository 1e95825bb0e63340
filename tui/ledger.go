package tui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
)

// The ledger import from the Monitor screen: i there reads the council's
// ledger export into actuals, as csplan actuals import does. Every row is
// checked first (problems listed, nothing imported), a file imported
// before or one repeating spend already imported is refused, and the
// import is one change u undoes, after the officer sees what it adds.

type ledgerDraft struct {
	Path string
	Skip bool
}

func newLedgerDialog(c *common) *fileDialog {
	d := &ledgerDraft{}
	f := &fileDialog{c: c, title: "Import spend"}
	f.form = &editor{
		c:         c,
		title:     "Import spend from the ledger's export (CSV)",
		cancelled: "Cancelled: nothing was imported.",
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title("File").Value(&d.Path).Validate(required).
					Placeholder("the finance system's CSV export, e.g. ledger-q1.csv"),
				huh.NewSelect[bool]().Title(label("Rows for items not in the plan")).Options(
					huh.NewOption("refuse the file, listing them", false),
					huh.NewOption("skip them, listing them, and import the rest", true),
				).Value(&d.Skip),
			))
		},
		save: func() (tea.Cmd, error) {
			if err := required(d.Path); err != nil {
				return nil, fmt.Errorf("file: %w", err)
			}
			path := expandHome(strings.TrimSpace(d.Path))
			if !filepath.IsAbs(path) {
				path = filepath.Join(c.workDir, path)
			}
			return readLedger(c.store, filepath.Clean(path), d.Skip), nil
		},
		note: func() string {
			return "Headers are matched by name: an amount, a period or date, and the item's title (a Line column) or ledger code."
		},
	}
	return f
}

// readLedger reads a ledger file against the plan and its monitoring as
// saved, and returns the question that says what it would add.
func readLedger(s store.Store, path string, skip bool) tea.Cmd {
	return func() tea.Msg {
		st, err := s.ReadState(1)
		if err != nil {
			return changeFailedMsg{err: err, outcome: "Not imported"}
		}
		res, err := store.ReadLedgerFile(path, st.Plan, st.Monitoring, planfile.LedgerOptions{SkipUnmatched: skip})
		var de *planfile.DecodeError
		if errors.As(err, &de) {
			return importProblemsMsg{path: path, problems: de.Problems, total: de.Total, rows: de.Rows}
		}
		if err != nil {
			return changeFailedMsg{err: err, outcome: "Not imported"}
		}
		if res.Repeats > 0 {
			return changeFailedMsg{err: fmt.Errorf("%s: %d %s (the first is row %d) the same item, period, amount and description as spend already imported from another file; "+
				"if this export overlaps an earlier one, take those rows out (if the spend really happened again, csplan actuals import --allow-repeats imports it)",
				filepath.Base(path), res.Repeats, plural(res.Repeats, "row has", "rows have"), res.RepeatRow), outcome: "Not imported"}
		}
		if len(res.Actuals) == 0 {
			return changeFailedMsg{err: fmt.Errorf("%s: no row matched a line or post of the plan", filepath.Base(path)), outcome: "Not imported"}
		}
		what := res.Summary()
		var body strings.Builder
		fmt.Fprintf(&body, "File: %s\n\n", path)
		for _, n := range res.Notes {
			body.WriteString("Note: " + capitalise(n.String()) + "\n")
		}
		for _, u := range res.Unmatched {
			body.WriteString("Skipped: " + capitalise(u.String()) + "\n")
		}
		if n := res.UnmatchedRows - len(res.Unmatched); n > 0 {
			fmt.Fprintf(&body, "And %s more skipped, not listed.\n", plural(n, "row", "rows"))
		}
		before := model.Monitor(st.Plan, st.Monitoring, st.Monitoring.LatestPeriod())
		after := *st.Monitoring
		after.Actuals = append(append([]model.Actual(nil), st.Monitoring.Actuals...), res.Actuals...)
		sum := model.Monitor(st.Plan, &after, after.LatestPeriod())
		fmt.Fprintf(&body, "\nSpent to date %s → %s; forecast outturn %s → %s, against a budget of %s.\n",
			before.Total.ActualToDate.Whole(), sum.Total.ActualToDate.Whole(),
			before.Total.ForecastOutturn.Whole(), sum.Total.ForecastOutturn.Whole(), sum.Total.Budget.Whole())
		body.WriteString("y imports it (u undoes it); n leaves the spend as it is.")
		imp := res.Import
		summary := fmt.Sprintf("Imported %s from %s", what, filepath.Base(path))
		return importReadyMsg{
			question: fmt.Sprintf("Import %s from %s?", what, filepath.Base(path)),
			body:     body.String(),
			replace: func() tea.Cmd {
				return changeOr(s, "Not imported", nil, func(st store.Store) (model.ID, error) {
					_, err := st.AddActuals(res.Actuals, &imp, summary)
					return 0, err
				})
			},
		}
	}
}
