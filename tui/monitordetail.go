package tui

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/shopspring/decimal"

	"csplan/model"
	"csplan/store"
	"csplan/termsafe"
)

// itemDetail is an item opened on the Monitor screen: its periods and the
// actuals recorded against it, one of which is selected.
type itemDetail struct {
	id     model.ID
	cursor int
	offset int
}

// itemActuals are the actuals against item id, by period and then in the
// order they were recorded.
func itemActuals(m *model.Monitoring, id model.ID) []model.Actual {
	if m == nil {
		return nil
	}
	var out []model.Actual
	for _, a := range m.Actuals {
		if a.Item == id {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b model.Actual) int {
		if a.Period != b.Period {
			return int(a.Period) - int(b.Period)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// openItem is the item open in the detail, from the view on screen.
func (s *monitorScreen) openItem() (*model.ItemMonitor, bool) {
	if s.detail == nil || s.view == nil {
		return nil, false
	}
	i := s.view.itemIndex(s.detail.id)
	if i < 0 {
		return nil, false
	}
	return &s.view.sum.Items[i], true
}

// updateDetail handles a key in an item's detail.
func (s *monitorScreen) updateDetail(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.keys
	im, ok := s.openItem()
	if !ok || key.Matches(msg, k.Close) {
		// An item removed from the plan (by an undo, say) closes too.
		s.detail = nil
		return nil
	}
	actuals := itemActuals(s.snap.saved.monitoring, im.Item.ID)
	measures := s.snap.saved.monitoring.Measures[im.Item.ID]
	// One cursor runs down the actuals and on into the measures.
	rows := len(actuals) + len(measures)
	d := s.detail
	d.cursor = clampInt(d.cursor, 0, max(rows-1, 0))
	onMeasure := d.cursor >= len(actuals) && d.cursor < rows
	switch {
	case key.Matches(msg, k.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, k.Down):
		d.cursor = min(d.cursor+1, max(rows-1, 0))
	case key.Matches(msg, k.Add):
		a := model.Actual{Item: im.Item.ID, Period: max(s.asAt, 1)}
		return s.startEditor(s.actualEditor(im.Item, a), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.AddMeasure):
		return s.startEditor(s.measureEditor(im.Item, nil), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.CorrectActual) && onMeasure:
		ms := measures[d.cursor-len(actuals)]
		return s.startEditor(s.measureEditor(im.Item, &ms), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.CorrectActual):
		if len(actuals) == 0 {
			return status("No actuals against this item yet: a adds one.", false)
		}
		return s.startEditor(s.actualEditor(im.Item, actuals[d.cursor]), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.Delete) && onMeasure:
		name, id, title := measures[d.cursor-len(actuals)].Name, im.Item.ID, im.Item.Title
		return s.askDelete(fmt.Sprintf("Remove the measure %q and its values?", termsafe.Visible(name)), func() tea.Cmd {
			return remove(s.c.store, func(st store.Store) error {
				_, err := st.EditMonitoring(fmt.Sprintf("Removed the measure %q of %q", name, title),
					func(m *model.Monitoring, _ *model.Plan) error {
						if !m.RemoveMeasure(id, name) {
							return fmt.Errorf("the measure %q of %q is no longer there", name, title)
						}
						return nil
					})
				return err
			})
		})
	case key.Matches(msg, k.Delete):
		if len(actuals) == 0 {
			return nil
		}
		a := actuals[d.cursor]
		return s.askDelete(fmt.Sprintf("Remove the actual of %s in %s (%s)?", a.Amount.Exact(), a.Period,
			termsafe.Visible(a.Source.String())), func() tea.Cmd {
			return remove(s.c.store, func(st store.Store) error { return st.DeleteActual(a.ID) })
		})
	case key.Matches(msg, k.SetForecast):
		return s.startEditor(s.forecastEditor(im), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.SetVacancy):
		if !im.Item.IsPost {
			return status(fmt.Sprintf("%q is a line: only a post can be vacant. f sets a forecast instead.", im.Item.Title), true)
		}
		return s.startEditor(s.vacancyEditor(im), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.SetNarrative):
		return s.startEditor(s.narrativeEditor(im.Item), s.snap.totals, s.width, s.height)
	case key.Matches(msg, k.SetProfile):
		return s.startEditor(s.profileEditor(im.Item), s.snap.totals, s.width, s.height)
	}
	return nil
}

// detailView draws the open item: a heading, its figures as at the
// period, its twelve periods beside its actuals, and the quarter's
// comment in full.
func (s *monitorScreen) detailView() string {
	st := s.c.styles
	im, ok := s.openItem()
	if !ok {
		return st.Muted.Render("The item is no longer in the plan: esc goes back to the list.")
	}
	kind := "line"
	if im.Item.IsPost {
		kind = "post"
	}
	head := st.Heading.Render(im.Item.Title) + st.Muted.Render(" · "+kind+" · "+s.snap.priorityName[im.Item.PriorityID])
	// The title is shown whole: the list may have cut it.
	out := wrap(head, s.width)
	if len(out) > 2 {
		out = append(out[:1], truncate(strings.Join(out[1:], " "), s.width))
	}
	// The item's figures and notes head the right-hand side, above its
	// actuals: the periods' table keeps its rows at 80x24.
	figs := []string{
		fmt.Sprintf("Budget %s · RAG ", im.Budget.Whole()) + s.ragWord(im.RAG),
		fmt.Sprintf("%s: profile %s, actual %s, variance %s", upperFirst(toDate(s.asAt)), im.ProfileToDate.Whole(),
			im.ActualToDate.Whole(), im.VarianceToDate.Whole()),
		fmt.Sprintf("Year: forecast %s, variance %s", im.ForecastOutturn.Whole(), im.ForecastVariance.Whole()),
	}
	var notes []string
	if im.Override != nil {
		notes = append(notes, fmt.Sprintf("Forecast set by hand: %s, because %s", im.Override.Outturn.Whole(),
			strings.Join(strings.Fields(termsafe.Visible(im.Override.Reason)), " ")))
	}
	var vacant []model.Period
	for i, v := range im.Vacant {
		if v {
			vacant = append(vacant, model.Period(i+1))
		}
	}
	if len(vacant) > 0 {
		notes = append(notes, "Vacant "+model.FormatPeriodList(vacant)+": no pay forecast")
	}
	if im.ProfileErr != nil {
		notes = append(notes, "Profile not usable, even twelfths used: "+im.ProfileErr.Error())
	}
	left := s.periodsTable(im)
	leftW := 0
	for _, l := range left {
		leftW = max(leftW, ansi.StringWidth(l))
	}
	rightW := max(s.width-leftW-3, 20)
	var top []string
	for _, f := range figs {
		top = append(top, wrapWords(f, rightW)...)
	}
	for _, n := range notes {
		for _, l := range wrapWords(n, rightW) {
			top = append(top, st.Muted.Render(l))
		}
	}
	top = append(top, "")
	right := append(top, s.actualsPane(im, rightW, max(s.height-len(out)-len(top), len(left)-len(top)))...)
	for i := 0; i < max(len(left), len(right)); i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out = append(out, padRight(l, leftW)+"   "+r)
	}
	return strings.Join(out, "\n")
}

// periodsTable is the item's twelve periods, profile, actual and forecast
// in whole pounds, with a total row each column adds up to as shown. The
// forecast of a vacant period still to come says so.
func (s *monitorScreen) periodsTable(im *model.ItemMonitor) []string {
	st := s.c.styles
	profile, actual, forecast := im.ByPeriod()
	cols := [3][]model.Money{}
	var totals [3]model.Money
	for c, sp := range [3]model.Spread{profile, actual, forecast} {
		cols[c], totals[c] = model.RoundParts(sp[:])
	}
	w := 8
	for _, t := range totals {
		w = max(w, len([]rune(t.Whole()))+1)
	}
	row := func(label string, a, b, c string) string {
		return fmt.Sprintf("%-8s %*s %*s %*s", label, w, a, w, b, w, c)
	}
	out := []string{st.Header.Render(row("Period", "Profile", "Actual", "Forecast"))}
	for i := range model.Periods {
		p := model.Period(i + 1)
		label := p.String() + " " + model.MonthName(int(p))[:3]
		fc := cols[2][i].Whole()
		if p > s.asAt && im.Vacant[i] && cols[2][i].IsZero() {
			fc = "vacant"
		}
		line := row(label, cols[0][i].Whole(), cols[1][i].Whole(), fc)
		if p == s.asAt {
			// The last period whose actuals are to date: forecast
			// after it is the profile.
			line = st.Heading.Render(line + " ◂")
		}
		out = append(out, line)
	}
	out = append(out, st.Figure.Render(row("Total", totals[0].Whole(), totals[1].Whole(), totals[2].Whole())))
	return out
}

// actualsPane lists the item's actuals with the selected one marked, and
// under them the comment for the as-at quarter in full.
func (s *monitorScreen) actualsPane(im *model.ItemMonitor, width, height int) []string {
	st := s.c.styles
	actuals := itemActuals(s.snap.saved.monitoring, im.Item.ID)
	q := quarterOf(s.asAt)
	comment := termsafe.Visible(s.snap.saved.monitoring.Narratives[im.Item.ID][q])
	var foot []string
	if strings.TrimSpace(comment) == "" {
		text := fmt.Sprintf("No %s comment: n writes one.", q)
		if s.c.readOnly {
			text = fmt.Sprintf("No %s comment.", q)
		}
		foot = []string{st.Muted.Render(truncate(text, width))}
	} else {
		foot = append(foot, st.Heading.Render(q.String()+" comment"))
		for _, l := range strings.Split(comment, "\n") {
			foot = append(foot, wrapWords(l, width)...)
		}
	}
	var sum model.Money
	for _, a := range actuals {
		sum = sum.Add(a.Amount)
	}
	head := fmt.Sprintf("Actuals: %s, %s", plural(len(actuals), "entry", "entries"), sum.Exact())
	if len(actuals) == 0 {
		head = "Actuals: none yet"
	}
	d := s.detail
	measures := s.snap.saved.monitoring.Measures[im.Item.ID]
	d.cursor = clampInt(d.cursor, 0, max(len(actuals)+len(measures)-1, 0))

	// The actuals and then the measures are one list under one cursor,
	// scrolled within what the comment leaves (at least three lines).
	// Each line knows its row, -1 for headings and gaps.
	type paneLine struct {
		text string
		row  int
	}
	lines := []paneLine{{st.Header.Render(padRight(truncate(head, width), width)), -1}}
	if len(actuals) == 0 && !s.c.readOnly {
		lines = append(lines, paneLine{st.Muted.Render(truncate("a adds one.", width)), -1})
	}
	amountW := 8
	for _, a := range actuals {
		amountW = max(amountW, len([]rune(a.Amount.Exact())))
	}
	for i, a := range actuals {
		desc := strings.Join(strings.Fields(termsafe.Visible(a.Description)), " ")
		src := termsafe.Visible(a.Source.String())
		line := fmt.Sprintf("%-3s %*s ", a.Period, amountW, a.Amount.Exact())
		rest := width - len([]rune(line))
		text := desc
		if src != "" {
			if desc != "" {
				text += " · "
			}
			text += src
		}
		lines = append(lines, paneLine{padRight(line+truncate(text, max(rest, 1)), width), i})
	}
	if len(measures) > 0 {
		lines = append(lines, paneLine{"", -1})
		for i, l := range s.measureLines(measures, q, width) {
			row := -1
			if i > 0 {
				row = len(actuals) + i - 1
			}
			lines = append(lines, paneLine{l, row})
		}
	}
	for i := range lines {
		if lines[i].row >= 0 && lines[i].row == d.cursor {
			lines[i].text = st.Selected.Render(lines[i].text)
		}
	}
	avail := max(height-len(foot)-1, 3)
	at := 0 // the cursor's line
	for i, l := range lines {
		if l.row == d.cursor {
			at = i
		}
	}
	// The selected line is in sight, with its heading when it is the
	// first of its list; a last line says how many rows are below.
	if at > 0 && lines[at-1].row < 0 {
		at--
	}
	visible := avail
	if len(lines) > avail {
		visible = avail - 1
	}
	if d.offset > at {
		d.offset = at
	}
	if sel := at + btoi(lines[at].row < 0); sel >= d.offset+visible {
		d.offset = sel - visible + 1
	}
	d.offset = clampInt(d.offset, 0, max(len(lines)-visible, 0))
	var out []string
	below := 0
	for i, l := range lines {
		switch {
		case i < d.offset:
		case i < d.offset+visible:
			out = append(out, l.text)
		case l.row >= 0:
			below++
		}
	}
	if below > 0 {
		out = append(out, st.Muted.Render(truncate(fmt.Sprintf("… %d more: ↓ scrolls", below), width)))
	}
	out = append(out, "")
	// The hint that m adds a measure gives way to the lists.
	if len(measures) == 0 && len(out)+1+len(foot) <= height {
		text := "No measures: m adds one."
		if s.c.readOnly {
			text = "No measures."
		}
		out = append(out, st.Muted.Render(truncate(text, width)))
	}
	return append(out, foot...)
}

// btoi is 1 for true.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// measureLines are the item's measures under a heading: each with its
// unit, the quarter's value, the value to date and the annual target.
func (s *monitorScreen) measureLines(ms []model.Measure, q model.Quarter, width int) []string {
	st := s.c.styles
	cells := make([][3]string, len(ms))
	w := [3]int{len(q.String()), len("To date"), len("Target")}
	for i, m := range ms {
		cells[i] = [3]string{measureFigure(m.Value(q)), m.ToDate(q).String(), m.Target.String()}
		for c := range cells[i] {
			w[c] = max(w[c], len(cells[i][c]))
		}
	}
	figs := func(a, b, c string) string { return fmt.Sprintf(" %*s %*s %*s", w[0], a, w[1], b, w[2], c) }
	nameW := max(width-len(figs("", "", "")), 6)
	out := []string{st.Header.Render(padRight(truncate(padRight("Measures", nameW)+figs(q.String(), "To date", "Target"), width), width))}
	for i, m := range ms {
		name := strings.Join(strings.Fields(termsafe.Visible(m.Name)), " ")
		if unit := strings.Join(strings.Fields(termsafe.Visible(m.Unit)), " "); unit != "" {
			name += " (" + unit + ")"
		}
		out = append(out, padRight(truncate(padRight(truncate(name, nameW), nameW)+figs(cells[i][0], cells[i][1], cells[i][2]), width), width))
	}
	return out
}

// measureFigure is a quarter's value, or "-" for one not reported.
func measureFigure(v *decimal.Decimal) string {
	if v == nil {
		return "-"
	}
	return v.String()
}

// wrapWords breaks text into lines of at most width cells at spaces only,
// so that a figure such as -£10,240 is never split at its minus sign; a
// word longer than a line is broken as wrap breaks it.
func wrapWords(s string, width int) []string {
	var out []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case ansi.StringWidth(line)+1+ansi.StringWidth(w) <= width:
			line += " " + w
		default:
			out = append(out, line)
			line = w
		}
		for ansi.StringWidth(line) > width {
			parts := wrap(line, width)
			out = append(out, parts[:len(parts)-1]...)
			line = parts[len(parts)-1]
		}
	}
	if line != "" || len(out) == 0 {
		out = append(out, line)
	}
	return out
}

// actualDraft is an actual as typed.
type actualDraft struct {
	Period      string
	Amount      string
	Description string
}

// actual reads the draft, or says what is wrong with which field.
func (d *actualDraft) actual(year int) (model.Period, model.Money, error) {
	p, err := model.ParsePeriod(d.Period, year)
	if err != nil {
		return 0, model.Money{}, fmt.Errorf("period: %w", err)
	}
	m, err := parseActualAmount(d.Amount)
	if err != nil {
		return 0, model.Money{}, fmt.Errorf("amount: %w", err)
	}
	return p, m, nil
}

// parseActualAmount reads an actual's amount: negative for a credit, never
// nothing.
func parseActualAmount(s string) (model.Money, error) {
	m, err := model.ParseSignedMoney(s)
	if err != nil {
		return m, err
	}
	if m.IsZero() {
		return m, errors.New("an actual of £0 records nothing: type the amount spent, negative (-250) for a credit")
	}
	return m, nil
}

// actualEditor adds (ID 0) or corrects an actual of item it.
func (s *monitorScreen) actualEditor(it model.Item, a model.Actual) *editor {
	year := s.snap.plan.Info.StartYear
	// The monitoring is kept as stored: the form shows the description
	// made visible, and editingStore puts the stored text back when it is
	// left alone.
	d := &actualDraft{Description: termsafe.Visible(a.Description)}
	if a.Period.Valid() {
		d.Period = a.Period.String()
	}
	if a.ID != 0 {
		d.Amount = plainMoney(a.Amount)
	}
	title := "Add an actual: " + it.Title
	if a.ID != 0 {
		title = fmt.Sprintf("Correct the actual of %s in %s: %s", a.Amount.Exact(), a.Period, it.Title)
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Period")).Value(&d.Period).Inline(true).
					Placeholder("P3, 3, June or Jun").
					Validate(func(v string) error { _, err := model.ParsePeriod(v, year); return err }),
				huh.NewInput().Title(label("Amount")).Value(&d.Amount).Inline(true).
					Placeholder("1250.50, or -250 for a credit").
					Validate(func(v string) error { _, err := parseActualAmount(v); return err }),
				huh.NewInput().Title(label("Description")).Value(&d.Description).Inline(true).
					Placeholder("invoice, supplier, what it was for"),
			))
		},
		note: func() string {
			if a.Source.File != "" {
				return "From " + termsafe.Visible(a.Source.String()) + "; a correction keeps where it came from."
			}
			return "Spend against " + it.Title + ", in its period of the ledger."
		},
		save: func() (tea.Cmd, error) {
			p, m, err := d.actual(year)
			if err != nil {
				return nil, err
			}
			next := a
			next.Period, next.Amount, next.Description = p, m, strings.TrimSpace(d.Description)
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				saved, err := st.SaveActual(next)
				return saved.ID, err
			}), nil
		},
	}
}

// forecastDraft is a forecast override as typed: a blank outturn clears it.
type forecastDraft struct {
	Outturn string
	Reason  string
}

// forecastEditor sets or clears the officer's forecast outturn for an item.
func (s *monitorScreen) forecastEditor(im *model.ItemMonitor) *editor {
	it := im.Item
	d := &forecastDraft{}
	if im.Override != nil {
		d.Outturn, d.Reason = plainMoney(im.Override.Outturn), im.Override.Reason
	}
	worked := im.ForecastOutturn
	return &editor{
		c:     s.c,
		draft: d,
		title: "Forecast outturn: " + it.Title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Outturn")).Value(&d.Outturn).Inline(true).
					Placeholder("the year's spend; blank: actual to date + profile").
					Validate(validOptionalMoney),
				huh.NewInput().Title(label("Reason")).Value(&d.Reason).Inline(true).
					Placeholder("why it differs from the profile (the return reports it)").
					Validate(func(v string) error {
						if strings.TrimSpace(d.Outturn) != "" && strings.TrimSpace(v) == "" {
							return errors.New("say why the forecast differs from the profile; the return reports it")
						}
						return nil
					}),
			))
		},
		note: func() string {
			return fmt.Sprintf("Budget %s; forecast now %s. Blank the outturn to go back to the worked forecast.",
				it.Budget.Whole(), worked.Whole())
		},
		save: func() (tea.Cmd, error) {
			clear := strings.TrimSpace(d.Outturn) == ""
			var o model.ForecastOverride
			if !clear {
				m, err := model.ParseMoney(d.Outturn)
				if err != nil {
					return nil, fmt.Errorf("outturn: %w", err)
				}
				reason := strings.TrimSpace(d.Reason)
				if reason == "" {
					return nil, errors.New("reason: say why the forecast differs from the profile; the return reports it")
				}
				o = model.ForecastOverride{Outturn: m, Reason: reason}
			}
			summary := fmt.Sprintf("Set the forecast outturn of %q to %s", it.Title, o.Outturn.Exact())
			if clear {
				summary = fmt.Sprintf("Cleared the forecast outturn of %q: worked from actuals and profile", it.Title)
			}
			id := it.ID
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				_, err := st.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					if clear {
						delete(m.Forecast, id)
						return nil
					}
					if m.Forecast == nil {
						m.Forecast = map[model.ID]model.ForecastOverride{}
					}
					m.Forecast[id] = o
					return nil
				})
				return 0, err
			}), nil
		},
	}
}

// vacancyDraft is a post's vacant months as typed.
type vacancyDraft struct{ Months string }

// vacancyEditor sets the months a post is vacant.
func (s *monitorScreen) vacancyEditor(im *model.ItemMonitor) *editor {
	it := im.Item
	year := s.snap.plan.Info.StartYear
	var now []model.Period
	for i, v := range im.Vacant {
		if v {
			now = append(now, model.Period(i+1))
		}
	}
	d := &vacancyDraft{Months: model.FormatPeriodList(now)}
	return &editor{
		c:     s.c,
		draft: d,
		title: "Vacancy: " + it.Title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Vacant")).Value(&d.Months).Inline(true).
					Placeholder("Apr-Jun, or P1-P3; blank: in post all year").
					Validate(func(v string) error { _, err := model.ParsePeriodList(v, year); return err }),
			))
		},
		note: func() string {
			return "The months the post is empty: no pay, so the forecast leaves them out."
		},
		save: func() (tea.Cmd, error) {
			ps, err := model.ParsePeriodList(d.Months, year)
			if err != nil {
				return nil, fmt.Errorf("vacant: %w", err)
			}
			summary := fmt.Sprintf("Set %q vacant %s", it.Title, model.FormatPeriodList(ps))
			if len(ps) == 0 {
				summary = fmt.Sprintf("Set %q in post all year", it.Title)
			}
			id := it.ID
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				_, err := st.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					if len(ps) == 0 {
						delete(m.Vacancies, id)
						return nil
					}
					if m.Vacancies == nil {
						m.Vacancies = map[model.ID][]model.Period{}
					}
					m.Vacancies[id] = ps
					return nil
				})
				return 0, err
			}), nil
		},
	}
}

// narrativeDraft is a quarter's comment as typed.
type narrativeDraft struct{ Text string }

// narrativeEditor writes the item's comment for the as-at quarter.
func (s *monitorScreen) narrativeEditor(it model.Item) *editor {
	q := quarterOf(s.asAt)
	year := s.snap.plan.Info.StartYear
	d := &narrativeDraft{Text: s.snap.saved.monitoring.Narratives[it.ID][q]}
	return &editor{
		c:     s.c,
		draft: d,
		title: fmt.Sprintf("%s comment: %s", q.Label(year), it.Title),
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewText().Title("What was done, and why spend differs (alt+enter or ctrl+j for a new line)").
					Value(&d.Text).Lines(5).CharLimit(2000),
			))
		},
		save: func() (tea.Cmd, error) {
			text := strings.TrimSpace(d.Text)
			summary := fmt.Sprintf("Wrote the %s comment on %q", q, it.Title)
			if text == "" {
				summary = fmt.Sprintf("Cleared the %s comment on %q", q, it.Title)
			}
			id := it.ID
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				_, err := st.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					m.SetNarrative(id, q, text)
					return nil
				})
				return 0, err
			}), nil
		},
	}
}

// measureDraft is a measure as typed: the value is the as-at quarter's,
// blank for not reported.
type measureDraft struct {
	Name   string
	Unit   string
	Target string
	Value  string
}

// measureEditor adds a measure to item it (was nil) or edits the measure
// was: its name, unit and annual target, and its value for the as-at
// quarter. The other quarters' values are kept as stored.
func (s *monitorScreen) measureEditor(it model.Item, was *model.Measure) *editor {
	q := quarterOf(s.asAt)
	year := s.snap.plan.Info.StartYear
	d := &measureDraft{}
	wasName, title := "", "Add a measure: "+it.Title
	if was != nil {
		wasName, title = was.Name, fmt.Sprintf("Measure %q: %s", was.Name, it.Title)
		d.Name, d.Unit, d.Target = was.Name, was.Unit, was.Target.String()
		if v := was.Value(q); v != nil {
			d.Value = v.String()
		}
	}
	// Names the item's other measures have, to refuse one used twice on
	// the field rather than after the save.
	others := map[string]bool{}
	for _, m := range s.snap.saved.monitoring.Measures[it.ID] {
		if was == nil || !strings.EqualFold(m.Name, was.Name) {
			others[strings.ToLower(strings.TrimSpace(m.Name))] = true
		}
	}
	validName := func(v string) error {
		n := strings.TrimSpace(v)
		switch {
		case n == "":
			return errors.New("give the measure a name, e.g. Young people engaged")
		case utf8.RuneCountInString(n) > model.MaxNameLen:
			return fmt.Errorf("the name is %d characters long: the most is %d", utf8.RuneCountInString(n), model.MaxNameLen)
		case others[strings.ToLower(n)]:
			return fmt.Errorf("%q already has a measure called %q", it.Title, n)
		}
		return nil
	}
	validUnit := func(v string) error {
		if n := utf8.RuneCountInString(strings.TrimSpace(v)); n > model.MaxNameLen {
			return fmt.Errorf("the unit is %d characters long: the most is %d", n, model.MaxNameLen)
		}
		return nil
	}
	validValue := func(v string) error {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		_, err := model.ParseMeasureValue(v)
		return err
	}
	valueLabel := q.String() + " value"
	return &editor{
		c:     s.c,
		draft: d,
		title: title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Measure")).Value(&d.Name).Inline(true).
					Placeholder("what is counted, e.g. Young people engaged").Validate(validName),
				huh.NewInput().Title(label("Unit")).Value(&d.Unit).Inline(true).
					Placeholder("people, sessions, referrals (may be blank)").Validate(validUnit),
				huh.NewInput().Title(label("Annual target")).Value(&d.Target).Inline(true).
					Placeholder("the year's target, e.g. 200").
					Validate(func(v string) error { _, err := model.ParseMeasureValue(v); return err }),
				huh.NewInput().Title(label(valueLabel)).Value(&d.Value).Inline(true).
					Placeholder("the count for the quarter; blank: not reported").Validate(validValue),
			))
		},
		note: func() string {
			return fmt.Sprintf("An output the return reports; the value is for %s.", q.Label(year))
		},
		save: func() (tea.Cmd, error) {
			if err := validName(d.Name); err != nil {
				return nil, fmt.Errorf("measure: %w", err)
			}
			if err := validUnit(d.Unit); err != nil {
				return nil, fmt.Errorf("unit: %w", err)
			}
			target, err := model.ParseMeasureValue(d.Target)
			if err != nil {
				return nil, fmt.Errorf("annual target: %w", err)
			}
			var value *decimal.Decimal
			if strings.TrimSpace(d.Value) != "" {
				v, err := model.ParseMeasureValue(d.Value)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", strings.ToLower(valueLabel[:1])+valueLabel[1:], err)
				}
				value = &v
			}
			name, unit := strings.TrimSpace(d.Name), strings.TrimSpace(d.Unit)
			summary := fmt.Sprintf("Added the measure %q to %q", name, it.Title)
			if was != nil {
				summary = fmt.Sprintf("Changed the measure %q of %q", name, it.Title)
			}
			id := it.ID
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				_, err := st.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					// The other quarters' values are taken as stored now,
					// not as they were when the form opened.
					var ms model.Measure
					if wasName != "" {
						i := m.MeasureIndex(id, wasName)
						if i < 0 {
							return fmt.Errorf("the measure %q of %q is no longer there", wasName, it.Title)
						}
						ms = m.Measures[id][i]
					}
					ms.Name, ms.Unit, ms.Target = name, unit, target
					ms.Values[q-1] = value
					m.SetMeasure(id, wasName, ms)
					return nil
				})
				return 0, err
			}), nil
		},
	}
}
