package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/charmbracelet/x/exp/golden"

	"csplan/model"
	"csplan/store"
)

// The built-in plan's items the tests single out.
const (
	itemDHR        = model.ID(21) // Domestic homicide reviews: nothing spent in Q1
	itemVAWG       = model.ID(17) // Specialist VAWG services: spent ahead of profile
	itemYISPWorker = model.ID(28) // Youth Inclusion Support Panel worker: vacant until July
)

// seedQ1 records a first quarter of spend against the built-in plan, as
// three months of ledger would: every item spends a twelfth of its budget
// a month (to the pound), except that the domestic homicide reviews line
// spends nothing, the VAWG services spend half as much again, and the
// YISP worker post is vacant April to June and paid nothing.
func seedQ1(t testing.TB, s *store.DB) {
	t.Helper()
	p := mustLoad(t, s)
	var actuals []model.Actual
	for _, it := range p.Items() {
		if it.ID == itemDHR || it.ID == itemYISPWorker {
			continue
		}
		month := model.Pounds(it.Budget.Decimal().Div(model.Pounds(12).Decimal()).Round(0).IntPart())
		if it.ID == itemVAWG {
			month = model.Pounds(month.Decimal().Mul(model.Pounds(3).Decimal()).Div(model.Pounds(2).Decimal()).Round(0).IntPart())
		}
		for per := model.Period(1); per <= 3; per++ {
			actuals = append(actuals, model.Actual{Item: it.ID, Period: per, Amount: month,
				Description: fmt.Sprintf("%s ledger", per.Month()), Source: model.ActualSource{File: "q1-ledger.csv", Row: len(actuals) + 2}})
		}
	}
	if _, err := s.AddActuals(actuals, nil, "Q1 ledger"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditMonitoring("vacancy", func(m *model.Monitoring, _ *model.Plan) error {
		m.Vacancies = map[model.ID][]model.Period{itemYISPWorker: {1, 2, 3}}
		m.Narratives = map[model.ID]map[model.Quarter]string{
			itemDHR:  {1: "No review was commissioned in the quarter; one is expected in Q3, so the forecast keeps the profile."},
			itemVAWG: {1: "Refuge places were bought early in the year to meet demand over the summer."},
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// monitorOf is the Monitor screen of a driven model.
func monitorOf(d *driver) *monitorScreen { return d.m.screens[monitorTab].(*monitorScreen) }

// openMonitorItem goes to the Monitor screen and opens the item.
func openMonitorItem(d *driver, id model.ID) {
	d.t.Helper()
	d.press("9")
	monitorOf(d).selectItem(id)
	d.press(keyEnter)
	if monitorOf(d).detail == nil {
		d.t.Fatalf("enter did not open item %d:\n%s", id, d.view())
	}
}

// TestMonitorViews keeps golden views of the Monitor screen on the
// built-in plan with a first quarter of spend (a post vacant until July,
// the DHR line unspent), and of an item's detail.
// Refresh with: go test ./tui -run TestMonitorViews -update
func TestMonitorViews(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d/list", size[0], size[1]), func(t *testing.T) {
			s := openStore(t)
			seedQ1(t, s)
			d := start(t, s, size[0], size[1])
			d.press("9")
			golden.RequireEqual(t, d.view())
		})
		t.Run(fmt.Sprintf("%dx%d/vawg-detail", size[0], size[1]), func(t *testing.T) {
			s := openStore(t)
			seedQ1(t, s)
			d := start(t, s, size[0], size[1])
			openMonitorItem(d, itemVAWG)
			golden.RequireEqual(t, d.view())
		})
		if size[0] == 80 {
			t.Run("80x24/measures-detail", func(t *testing.T) {
				s := openStore(t)
				seedQ1(t, s)
				seedMeasures(t, s)
				d := start(t, s, size[0], size[1])
				openMonitorItem(d, itemVAWG)
				// Down past the three actuals: the first measure is
				// selected, and the list scrolls to show it.
				d.press("j", "j", "j")
				golden.RequireEqual(t, d.view())
			})
		}
		t.Run(fmt.Sprintf("%dx%d/vacant-post-detail", size[0], size[1]), func(t *testing.T) {
			s := openStore(t)
			seedQ1(t, s)
			d := start(t, s, size[0], size[1])
			openMonitorItem(d, itemYISPWorker)
			golden.RequireEqual(t, d.view())
		})
	}
}

// tableLines are the lines of the Monitor list's table on view, header
// excluded, up to the totals row.
func tableLines(d *driver) []string {
	lines := strings.Split(d.view(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "Item ") {
			var out []string
			for _, r := range lines[i+1:] {
				if strings.HasPrefix(r, "Total, ") {
					break
				}
				out = append(out, r)
			}
			return out
		}
	}
	d.t.Fatalf("no table on view:\n%s", d.view())
	return nil
}

// totalsRow is the Monitor list's totals row on view.
func totalsRow(d *driver) string {
	for _, l := range strings.Split(d.view(), "\n") {
		if strings.HasPrefix(l, "Total, ") {
			return l
		}
	}
	d.t.Fatalf("no totals row on view:\n%s", d.view())
	return ""
}

// TestMonitorAsAtMoves: the screen opens at the last period with spend,
// [ and ] move the as-at period, and the figures to date follow it.
func TestMonitorAsAtMoves(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	plan, mon := mustLoad(t, s), mustMonitoring(t, s)
	d := start(t, s, 120, 40)
	d.press("9")
	d.requireView("As at P3 (June 2017), Q1 Apr-Jun 2017", "Q1 draft · Q2 not started")
	d.press("]")
	d.requireView("As at P4 (July 2017), Q2 Jul-Sep 2017", "to P4")
	d.press("[", "[")
	d.requireView("As at P2 (May 2017), Q1 Apr-Jun 2017", "to P2")
	want := model.Monitor(plan, mon, 2).Total
	row := totalsRow(d)
	for _, m := range []model.Money{want.ProfileToDate, want.ActualToDate, want.ForecastOutturn} {
		if !strings.Contains(row, m.Whole()) {
			t.Fatalf("as at P2 the totals row should show %s:\n%s", m.Whole(), row)
		}
	}
	d.press("[")
	d.requireView("As at P1 (April 2017)")
	d.press("[", "[")
	d.requireView("Start of 2017/18: no period closed", "to date", "The start of the year, before P1 (April) closes, is the first view")
	for range 13 {
		d.press("]")
	}
	d.requireView("As at P12 (March 2018), Q4 Jan-Mar 2018", "P12 (March) is the last period of the year.")
}

func mustMonitoring(t testing.TB, s *store.DB) *model.Monitoring {
	t.Helper()
	m, err := s.Monitoring()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestMonitorSortCycles: s lists by RAG (red first, the largest variance
// first within it), then by size of forecast variance, then in plan order
// again, saying which in the first line and keeping the item selected.
func TestMonitorSortCycles(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	d := start(t, s, 80, 24)
	d.press("9")
	d.requireView("sorted by plan order")
	if rows := tableLines(d); !strings.HasPrefix(rows[0], "Reducing reoffending") {
		t.Fatalf("plan order should start with the first line:\n%s", d.view())
	}
	monitorOf(d).selectItem(itemDHR)
	d.press("s")
	d.requireView("sorted by RAG, red first")
	rows := tableLines(d)
	for i, want := range []string{"Specialist VAWG", "Youth Inclusion Support Panel…  £33,725", "Domestic homicide"} {
		if !strings.HasPrefix(rows[i], want) || !strings.Contains(rows[i], "Red") {
			t.Fatalf("row %d should be %q, red:\n%s", i, want, d.view())
		}
	}
	if !strings.Contains(rows[3], "Amber") && !strings.Contains(rows[3], "Green") {
		t.Fatalf("the reds should come first:\n%s", d.view())
	}
	if i := monitorOf(d).selectedIndex(); monitorOf(d).view.sum.Items[i].Item.ID != itemDHR {
		t.Fatal("sorting lost the selected item")
	}
	d.press("s")
	d.requireView("sorted by size of forecast variance")
	d.press("s")
	d.requireView("sorted by plan order")
}

// TestMonitorColumnsFoot: every money column's rounded figures add up to
// the totals row as shown, at every as-at period, for spend in pence.
func TestMonitorColumnsFoot(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	plan, mon := mustLoad(t, s), mustMonitoring(t, s)
	// Pence everywhere, so that rounding each figure on its own would
	// not add up.
	for i := range mon.Actuals {
		mon.Actuals[i].Amount = mon.Actuals[i].Amount.Add(model.Pence(int64(37 * (i + 1) % 100)))
	}
	for asAt := model.Period(1); asAt <= model.Periods; asAt++ {
		v := newMonitorView(plan, mon, asAt, 0)
		for c := range monitorColumns {
			var sum model.Money
			for _, m := range v.shown[c] {
				sum = sum.Add(m)
			}
			if !sum.Equal(v.total[c]) {
				t.Fatalf("as at %s column %d shows %s in all but a total of %s", asAt, c, sum.Whole(), v.total[c].Whole())
			}
		}
	}
}

// TestMonitorActualsThroughForms adds, corrects and removes an actual
// through the item's forms: each is saved (read back from the store) and
// shown.
func TestMonitorActualsThroughForms(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	before := len(mustMonitoring(t, s).Actuals)
	d := start(t, s, 80, 24)
	openMonitorItem(d, itemDHR)
	d.requireView("Actuals: none yet")

	d.press("a")
	d.requireView("Add an actual: Domestic homicide reviews")
	d.clear(5)
	d.press("Jun", keyEnter, "1,250.50", keyEnter, "Review panel chair", keyEnter)
	d.requireView("Saved: Added an actual of £1,250.50 in P3 (Domestic homicide reviews)", "Review panel chair")
	var added model.Actual
	for _, a := range mustMonitoring(t, s).Actuals {
		if a.Item == itemDHR {
			added = a
		}
	}
	if added.ID == 0 || added.Period != 3 || !added.Amount.Equal(model.Pence(125050)) || added.Description != "Review panel chair" ||
		added.Source.File != "" {
		t.Fatalf("saved %+v", added)
	}

	// e corrects, in the detail, rather than exporting.
	d.press("e")
	d.requireView("Correct the actual of £1,250.50 in P3")
	d.press(keyEnter)
	d.clear(12)
	d.press("-100", keyEnter, keyEnter)
	d.requireView("Saved: Changed the actual", "-£100.00")
	got := mustMonitoring(t, s)
	if len(got.Actuals) != before+1 {
		t.Fatalf("%d actuals, want %d: a correction must not add one", len(got.Actuals), before+1)
	}
	for _, a := range got.Actuals {
		if a.ID == added.ID && !a.Amount.Equal(model.Pounds(-100)) {
			t.Fatalf("corrected to %s, want -£100.00", a.Amount.Exact())
		}
	}

	d.press("d")
	d.requireView("Remove the actual of -£100.00 in P3 (typed)?")
	d.press("n")
	if len(mustMonitoring(t, s).Actuals) != before+1 {
		t.Fatal("n removed the actual")
	}
	d.press("d", "y")
	d.requireView("Saved: Removed the actual", "Actuals: none yet")
	if len(mustMonitoring(t, s).Actuals) != before {
		t.Fatal("the actual was not removed")
	}
	// u undoes it, as every change.
	d.press("u")
	d.requireView("Undone: Removed the actual", "Actuals: 1 entry")
}

// TestActualFormKeepsStoredDescription corrects an actual whose ledger
// description holds an escape code: the form shows it made visible, and
// saving the new amount with the description left alone keeps the stored
// text, as every other form does.
func TestActualFormKeepsStoredDescription(t *testing.T) {
	s := openStore(t)
	desc := "Panel chair \x1b[31minvoice"
	if _, err := s.AddActuals([]model.Actual{{Item: itemDHR, Period: 3, Amount: model.Pounds(500), Description: desc}}, nil, "Spend"); err != nil {
		t.Fatal(err)
	}
	d := start(t, s, 80, 24)
	openMonitorItem(d, itemDHR)
	d.requireView(`Panel chair \x1b[31minvoic`)
	d.press("e")
	d.requireView("Correct the actual of £500.00 in P3")
	d.press(keyEnter)
	d.clear(12)
	d.press("600", keyEnter, keyEnter)
	d.requireView("Saved: Changed the actual")
	for _, a := range mustMonitoring(t, s).Actuals {
		if a.Item == itemDHR {
			if !a.Amount.Equal(model.Pounds(600)) {
				t.Errorf("the amount is %s, want £600.00", a.Amount.Exact())
			}
			if a.Description != desc {
				t.Errorf("the description, left alone, became %q; want %q", a.Description, desc)
			}
		}
	}
}

// TestMonitorActualFormRefusesBadInput: a bad period or amount is said on
// the field, the form stays with what was typed, and nothing is saved.
func TestMonitorActualFormRefusesBadInput(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	before := len(mustMonitoring(t, s).Actuals)
	d := start(t, s, 80, 24)
	openMonitorItem(d, itemDHR)
	d.press("a")
	d.clear(5)
	d.press("P13", keyEnter)
	d.requireText(`"P13" is not a period: periods run from P1 (April) to P12 (March)`)
	d.requireView("P13")
	d.clear(5)
	d.press("March", keyEnter, "12,5x", keyEnter)
	d.requireText(`"12,5x" is not a valid amount`)
	d.requireView("12,5x", "March")
	d.clear(10)
	d.press("0", keyEnter)
	d.requireText("an actual of £0 records nothing")
	if n := len(mustMonitoring(t, s).Actuals); n != before {
		t.Fatalf("%d actuals saved from a bad form", n-before)
	}
}

// TestMonitorForecastVacancyComment sets a forecast with its reason, a
// post's vacancy and the quarter's comment from an item's detail.
func TestMonitorForecastVacancyComment(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	d := start(t, s, 120, 40)
	openMonitorItem(d, itemDHR)

	d.press("f", "9000", keyEnter, keyEnter)
	d.requireText("say why the forecast differs from the profile")
	d.press("One review only this year", keyEnter)
	d.requireView("Forecast set by hand: £9,000, because One review only this year")
	if f := mustMonitoring(t, s).Forecast[itemDHR]; !f.Outturn.Equal(model.Pounds(9000)) || f.Reason != "One review only this year" {
		t.Fatalf("forecast saved as %+v", f)
	}

	d.press("v")
	d.requireView("is a line: only a post can be vacant")

	// The comment form holds the quarter's comment as saved: cleared here
	// and written again.
	d.press("n")
	d.requireView("No review was commissioned")
	d.clear(120)
	d.press("Panel met; no new review.", keyEnter)
	d.requireView("Q1 comment", "Panel met; no new review.")
	if got := mustMonitoring(t, s).Narratives[itemDHR][1]; got != "Panel met; no new review." {
		t.Fatalf("comment saved as %q", got)
	}

	d.press(keyEsc)
	monitorOf(d).selectItem(itemYISPWorker)
	d.press(keyEnter, "v")
	d.clear(20)
	d.press("Apr-Jul", keyEnter)
	d.requireView("Vacant Apr-Jul: no pay forecast")
	if got := mustMonitoring(t, s).Vacancies[itemYISPWorker]; len(got) != 4 || got[3] != 4 {
		t.Fatalf("vacancy saved as %v", got)
	}
}

// TestSpendLineOnceActualExists: the totals bar has no line of spend
// until an actual is recorded, then says what is spent, the forecast and
// the forecast underspend against the envelope, on every screen.
func TestSpendLineOnceActualExists(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.refuseView("Spent")
	openMonitorItem(d, itemDHR)
	d.press("a")
	d.clear(5)
	d.press("1", keyEnter, "5000", keyEnter, keyEnter)
	d.requireView("Saved: Added an actual")
	d.press(keyEsc, "1")
	d.requireView("Spent £5,000 to P1 · outturn £", "forecast underspend £")
	footOK(t, d)
	// The Overview's last line is a line lower: it scrolls into sight.
	d.press("G")
	d.requireView("Other lines", "Spent £5,000 to P1")
}

// TestProgramBurstAddsActuals sends two actuals as one burst of keys, as a
// paste or a script does: the first item opened, an actual typed over the
// period offered, and a second (a credit) typed while the first is still
// saving. Both must be saved as typed.
func TestProgramBurstAddsActuals(t *testing.T) {
	tm, waitFor := runProgram(t)
	tm.Send(tea.KeyPressMsg{Code: '9', Text: "9"})
	waitFor("forecasts follow the profile")
	back := tea.KeyPressMsg{Code: tea.KeyBackspace}
	keys := []tea.Msg{tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: 'a', Text: "a"}, back, back}
	keys = append(keys, burst("P2\r1500\rFast typed\r")...)
	keys = append(keys, tea.KeyPressMsg{Code: 'a', Text: "a"}, back, back)
	keys = append(keys, burst("Jun\r-250\rCredit note\r")...)
	for _, k := range keys {
		tm.Send(k)
	}
	waitFor("Saved: Added an actual of -£250.00 in P3")
	tm.Send(tea.KeyPressMsg{Code: 'q', Text: "q"})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(15*time.Second)).(Model)
	m, err := final.c.store.Monitoring()
	if err != nil {
		t.Fatal(err)
	}
	first := mustLoad(t, final.c.store).Items()[0].ID
	var got []string
	for _, a := range m.Actuals {
		got = append(got, fmt.Sprintf("%d %s %s %s", a.Item, a.Period, a.Amount.Plain(), a.Description))
	}
	want := []string{fmt.Sprintf("%d P2 1500.00 Fast typed", first), fmt.Sprintf("%d P3 -250.00 Credit note", first)}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("saved:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMonitorFiguresArriveInOrder: figures worked out for an earlier
// revision of the plan, or for a period no longer on view, are dropped;
// figures that arrive while the officer is on another screen still reach
// the Monitor screen.
func TestMonitorFiguresArriveInOrder(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	d := start(t, s, 80, 24)
	d.press("9")
	ms := monitorOf(d)
	shown := ms.view
	saved := d.m.snap.saved

	old := newMonitorView(saved.plan, saved.monitoring, ms.asAt, saved.revision-1)
	d.send(monitorMsg{view: old})
	if ms.view != shown {
		t.Fatal("figures of an older revision replaced the ones on screen")
	}
	other := newMonitorView(saved.plan, saved.monitoring, 7, saved.revision)
	d.send(monitorMsg{view: other})
	if ms.view != shown {
		t.Fatal("figures for P7 were shown as at P3")
	}

	// ] asks for P4's figures; the answer comes while Lines is on view.
	next, cmd := d.m.Update(keyText(']'))
	d.m = next.(Model)
	if !ms.working || cmd == nil {
		t.Fatal("] did not ask for the figures as at P4")
	}
	d.press("2")
	d.run(cmd)
	if ms.working || ms.view.asAt != 4 {
		t.Fatalf("the figures as at P4 did not reach the Monitor screen (working %v, as at %s)", ms.working, ms.view.asAt)
	}
}

// TestMonitorReadOnly: a read-only session opens an item (enter edits
// elsewhere, and is off there) but refuses to add or correct an actual,
// and e still exports from the list.
func TestMonitorReadOnly(t *testing.T) {
	w := openStore(t)
	seedQ1(t, w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := store.Open(w.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	d := start(t, ro, 80, 24)
	d.press("9")
	monitorOf(d).selectItem(itemVAWG)
	d.press(keyEnter)
	d.requireView("Specialist VAWG services · line")
	for _, k := range []string{"a", "e", "f", "n", "m"} {
		d.press(k)
		d.requireView("open read-only")
		if monitorOf(d).ed != nil {
			t.Fatalf("%s opened a form in a read-only session", k)
		}
	}
	d.press(keyEsc, "e")
	d.requireView("Export")
}

// TestMonitorQuarterStates: the four quarters' standing for the return:
// submitted on its date, draft while spend is recorded in it, else not
// started.
func TestMonitorQuarterStates(t *testing.T) {
	s := openStore(t)
	seedQ1(t, s)
	if err := s.SubmitReturn(model.SubmittedReturn{Quarter: 1, AsAt: 3, PreparedBy: "officer",
		At: time.Date(2017, 7, 14, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddActuals([]model.Actual{{Item: itemDHR, Period: 5, Amount: model.Pounds(900)}}, nil, ""); err != nil {
		t.Fatal(err)
	}
	d := start(t, s, 80, 24)
	d.press("9")
	d.requireView("As at P5 (August 2017), Q2 Jul-Sep 2017",
		"Q1 submitted 14 Jul · Q2 draft · Q3 not started · Q4 not started")
}

// TestProfileForm: p in an item's detail sets its budget profile, checked
// on the field, shown by quarter as typed, saved as one change.
func TestProfileForm(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 100, 30)
	openMonitorItem(d, itemDHR)
	d.press("p")
	d.requireView("Budget profile: Domestic homicide reviews")
	d.press("by quarter: 1; 2", keyEnter)
	d.requireView("needs 4 figures, one for each quarter, not 2") // refused on the field, the text kept
	d.requireView("by quarter: 1; 2")
	d.clear(40)
	d.press("all in December")
	d.requireView("By quarter: Q1 £0 · Q2 £0 · Q3 £18,000 · Q4 £0")
	d.press(keyEnter)
	d.requireView(`Saved: Profile of "Domestic homicide reviews": all in P9`)
	if got := mustMonitoring(t, s).Profiles[itemDHR].Text(); got != "all in P9" {
		t.Fatalf("profile saved as %q", got)
	}
}
