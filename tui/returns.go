package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
)

// The quarterly return to the PCC, written from the Monitor screen with r:
// the quarter (offered with its status), the format, the file, and whether
// to submit it, which keeps it as sent. A submitted quarter is written as
// it was sent, and the status line says how much has changed since.

type returnDraft struct {
	Quarter model.Quarter
	Format  store.Format
	Path    string
	Submit  bool
}

// newReturnDialog asks which quarter's return to write, and where.
// asAt is the Monitor screen's period: the return of its quarter is
// offered, as at that period.
func newReturnDialog(c *common, snap *snapshot, asAt model.Period) *fileDialog {
	saved := snap.saved
	info := saved.plan.Info
	mon := saved.monitoring
	d := &returnDraft{Quarter: quarterOf(asAt), Format: store.XLSX, Path: defaultReturnName(info)}
	var opts []huh.Option[model.Quarter]
	for q := model.Quarter(1); q <= 4; q++ {
		label := q.Label(info.StartYear)
		if r, ok := mon.Returns[q]; ok {
			label += " (submitted " + r.At.Local().Format("2 Jan 2006") + ")"
		}
		opts = append(opts, huh.NewOption(label, q))
	}
	f := &fileDialog{c: c, title: "Quarterly return"}
	f.form = &editor{
		c:         c,
		title:     "Write the quarterly return to the PCC",
		cancelled: "Cancelled: no return was written.",
		reads:     true,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewSelect[model.Quarter]().Title(label("Quarter")).Options(opts...).Value(&d.Quarter),
				huh.NewSelect[store.Format]().Title(label("Format")).Options(
					huh.NewOption("Excel workbook (.xlsx): totals as formulas", store.XLSX),
					huh.NewOption("CSV: opens in any spreadsheet", store.CSV),
				).Value(&d.Format),
				huh.NewInput().Title("File (.xlsx or .csv is added to suit the format)").Value(&d.Path).Validate(required).
					Placeholder("a name for this folder, or a folder and name"),
				huh.NewConfirm().Title("Submit it? csplan keeps the return exactly as sent").
					Affirmative("Submit").Negative("Draft only").Value(&d.Submit),
			))
		},
		save: func() (tea.Cmd, error) {
			if err := required(d.Path); err != nil {
				return nil, fmt.Errorf("file: %w", err)
			}
			path := exportTarget(c.workDir, d.Path, d.Format)
			// As at the period on view, within the quarter: an earlier
			// quarter's return is as at its own end, as csplan return
			// writes it, and a later one's too.
			per := min(asAt, d.Quarter.Last())
			if per < d.Quarter.First() {
				per = 0
			}
			return writeReturn(c.store, path, d.Quarter, per, d.Format, d.Submit, false), nil
		},
		note: func() string {
			if strings.TrimSpace(d.Path) == "" {
				return "Type the file to write."
			}
			what := "a draft"
			if r, ok := mon.Returns[d.Quarter]; ok {
				what = "the return as submitted on " + r.At.Local().Format("2 January 2006")
			} else if d.Submit {
				what = "the return, and keeps it as sent"
			}
			return "Writes " + what + " to " + tail(returnTarget(exportTarget(c.workDir, d.Path, d.Format), d.Quarter), f.width/2)
		},
	}
	return f
}

// defaultReturnName is the file a return is first offered as, e.g.
// swp-2017-18-return (the quarter is added when written).
func defaultReturnName(info model.Info) string {
	name := strings.ToLower(initials(info.Partnership))
	if name == "" {
		name = "plan"
	}
	if info.StartYear != 0 {
		name += "-" + strings.ReplaceAll(info.Year(), "/", "-")
	}
	return name + "-return"
}

// returnTarget puts the quarter into a file name that does not name one:
// swp-2017-18-return.xlsx → swp-2017-18-return-q1.xlsx.
func returnTarget(path string, q model.Quarter) string {
	if strings.Contains(strings.ToLower(filepath.Base(path)), strings.ToLower(q.String())) {
		return path
	}
	ext := ""
	if i := strings.LastIndex(path, "."); i > strings.LastIndex(path, string(os.PathSeparator)) {
		ext = path[i:]
		path = path[:i]
	}
	return path + "-" + strings.ToLower(q.String()) + ext
}

// returnWrittenMsg says a return was written and nothing was saved.
type returnWrittenMsg struct{ status string }

// endsForm implements formResult.
func (returnWrittenMsg) endsForm() {}

// writeReturn works out quarter q's return from the plan and monitoring
// as saved (read here, in the command, exact), submits it when asked,
// and writes it to path. A quarter already submitted is written as sent.
// Unless overwrite is set, a file already there is not touched: the
// officer is asked first.
func writeReturn(s store.Store, path string, q model.Quarter, asAt model.Period, f store.Format, submit, overwrite bool) tea.Cmd {
	path = returnTarget(path, q)
	return func() tea.Msg {
		if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() && !overwrite {
			return exportExistsMsg{path: path, overwrite: func() tea.Cmd {
				return writeReturn(s, path, q, asAt, f, submit, true)
			}}
		}
		st, err := s.ReadState(1)
		if err == nil {
			// The submitted returns whole: ReadState gives only their dates.
			st.Monitoring, err = s.Monitoring()
		}
		if err != nil {
			return changeFailedMsg{err: err, outcome: "No return written"}
		}
		who := s.User()
		if sent, ok := st.Monitoring.Returns[q]; ok {
			r := sent.Frozen()
			now, err := model.BuildReturn(st.Plan, st.Monitoring, q, sent.AsAt, who, time.Now())
			if err != nil {
				return changeFailedMsg{err: err, outcome: "No return written"}
			}
			if err := store.WriteReturnFile(path, r, f, overwrite); err != nil {
				return changeFailedMsg{err: err, outcome: "No return written"}
			}
			since := "nothing in it has changed since"
			if n := len(model.DiffReturns(r, now)); n > 0 {
				since = fmt.Sprintf("%s in it %s changed since (csplan return %s lists them)", plural(n, "figure", "figures"), map[bool]string{true: "has", false: "have"}[n == 1], q)
			}
			extra := ""
			if submit {
				extra = " It was submitted already, so it is kept as sent."
			}
			return returnWrittenMsg{status: fmt.Sprintf("Wrote the %s return as submitted on %s to %s; %s.%s",
				q, sent.At.Local().Format("2 January 2006"), path, since, extra)}
		}
		r, err := model.BuildReturn(st.Plan, st.Monitoring, q, asAt, who, time.Now())
		if err != nil {
			return changeFailedMsg{err: err, outcome: "No return written"}
		}
		if !submit {
			if err := store.WriteReturnFile(path, r, f, overwrite); err != nil {
				return changeFailedMsg{err: err, outcome: "No return written"}
			}
			return returnWrittenMsg{status: fmt.Sprintf("Wrote the %s return (draft, as at %s) to %s.", r.QuarterLabel(), r.AsAtLabel(), path)}
		}
		// Submitted first, then written: a failed write loses nothing, as
		// writing the quarter again gives the return kept.
		var wrote error
		say := func(*snapshot) string {
			if wrote != nil {
				return fmt.Sprintf("Submitted the %s return, but it could not be written: %v; r writes it again, as sent.", q, wrote)
			}
			return fmt.Sprintf("Submitted the %s return and wrote it to %s: csplan keeps it as sent (u withdraws it).", q, path)
		}
		if err := store.CheckReturnTarget(path, overwrite); err != nil {
			return changeFailedMsg{err: fmt.Errorf("%w; nothing was submitted", err), outcome: "Not submitted"}
		}
		return changeOr(s, "Not submitted", say, func(st store.Store) (model.ID, error) {
			sub := model.Submit(r, time.Now())
			if err := st.SubmitReturn(sub); err != nil {
				return 0, err
			}
			wrote = store.WriteReturnFile(path, sub.Frozen(), f, overwrite)
			return 0, nil
		})()
	}
}
