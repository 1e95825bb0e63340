package workbook

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"csplan/model"
	"csplan/store/planfile"

	"github.com/shopspring/decimal"

	"github.com/xuri/excelize/v2"
)

// group is one SWP priority of the Plan sheet and the records under it.
type group struct {
	name  string
	lines []int // indexes into Plan.Lines
	posts []int // indexes into Plan.Posts
}

// groups sorts the plan's lines and posts under their SWP priorities, in
// priority order; records whose priority is missing come last, under a
// heading of their own, so the grand total still counts them.
func (b *builder) groups() []group {
	order := make([]int, len(b.p.Priorities))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return cmp.Compare(b.p.Priorities[i].Order, b.p.Priorities[j].Order)
	})
	var gs []group
	at := make(map[model.ID]int, len(order))
	for _, i := range order {
		pr := b.p.Priorities[i]
		if _, dup := at[pr.ID]; dup {
			continue
		}
		at[pr.ID] = len(gs)
		gs = append(gs, group{name: pr.Name})
	}
	stray := -1
	place := func(id model.ID) int {
		if g, ok := at[id]; ok {
			return g
		}
		if stray < 0 {
			stray = len(gs)
			gs = append(gs, group{name: "No SWP priority"})
		}
		return stray
	}
	for i := range b.p.Lines {
		g := place(b.p.Lines[i].PriorityID)
		gs[g].lines = append(gs[g].lines, i)
	}
	for i := range b.p.Posts {
		g := place(b.p.Posts[i].PriorityID)
		gs[g].posts = append(gs[g].posts, i)
	}
	return gs
}

// Columns of the Plan sheet. The also-supports column comes after the
// cost, so the cost column stays where earlier workbooks had it.
const (
	planPrimary = "D"
	planCost    = "E"
)

// planSheet writes the plan grouped by SWP priority, with live subtotals,
// a grand total, and the envelope and headroom under it.
func (b *builder) planSheet(sw *excelize.StreamWriter) error {
	st := &b.st
	if err := setWidths(sw, []float64{52, 30, 18, 48, 18, 60}); err != nil {
		return err
	}
	row := 0
	put := func(values []any, opts ...excelize.RowOpts) error {
		row++
		return setRow(sw, "A"+strconv.Itoa(row), values, opts...)
	}
	skip := func() { row++ }

	info := b.p.Info
	headings := [][]any{
		{text(info.Partnership, st.title)},
		{text("Costed delivery plan "+info.Year(), st.subtitle)},
	}
	if info.AccountableBody != "" {
		headings = append(headings, []any{text("Accountable body: "+info.AccountableBody, 0)})
	}
	if b.opts.Title != "" {
		headings = append(headings, []any{text(b.opts.Title, st.subtitle)})
	}
	if b.opts.Subset != "" {
		headings = append(headings, []any{text(SubsetTitle(b.opts.Subset), st.subtitle)})
	}
	headings = append(headings, []any{text("Amounts are exact to the penny. Subtotals, the total and the headroom are live formulas.", st.note)})
	notesRow := 0
	if info.Notes != "" {
		headings = append(headings, []any{text(info.Notes, st.wrapNote)})
		notesRow = len(headings)
	}
	// Panes must be set before the first row is streamed.
	if err := b.repeatHeader(sw, SheetPlan, len(headings)+2); err != nil {
		return err
	}
	for i, h := range headings {
		var opts []excelize.RowOpts
		if i+1 == notesRow {
			// The plan's notes can run to a paragraph: wrap them across
			// the width of the table.
			if err := sw.MergeCell("A"+strconv.Itoa(notesRow), "E"+strconv.Itoa(notesRow)); err != nil {
				return err
			}
			lines := 0
			for _, para := range strings.Split(info.Notes, "\n") {
				lines += 1 + utf8.RuneCountInString(para)/150
			}
			opts = append(opts, excelize.RowOpts{Height: min(15*float64(lines), excelize.MaxRowHeight)})
		}
		if err := put(h, opts...); err != nil {
			return err
		}
	}
	skip()
	if err := put([]any{
		text("Item", st.header), text("Owner or team", st.header), text("Kind", st.header),
		text("Primary PCC priority", st.header), text("Cost to the grant", st.headerRight),
		text("Also supports PCC priorities", st.header),
	}); err != nil {
		return err
	}
	itemsFirst := row + 1

	item := excelize.RowOpts{OutlineLevel: 1}
	var subtotals []string
	allocated := model.Money{}
	for _, g := range b.groups() {
		if err := put([]any{text(g.name, st.group)}); err != nil {
			return err
		}
		// The range starts at the heading row (its cost cell is empty), so
		// it is never empty and a row inserted anywhere in the group counts.
		first := row
		sum := model.Money{}
		for _, i := range g.lines {
			l := &b.p.Lines[i]
			sum = sum.Add(l.Cost)
			if err := put([]any{
				text(l.Title, 0), text(l.Owner, 0), text(l.Kind, 0),
				text(b.tagNames(l.Tags[:min(len(l.Tags), 1)]), 0), money(l.Cost, st.money),
				text(b.tagNames(l.AlsoSupports()), 0),
			}, item); err != nil {
				return err
			}
		}
		for _, i := range g.posts {
			po := &b.p.Posts[i]
			c := b.costs[i].ToGrant
			sum = sum.Add(c)
			if err := put([]any{
				text(po.Title, 0), text(po.Team, 0), text("Post", 0),
				text(b.tagNames(po.Tags[:min(len(po.Tags), 1)]), 0), money(c, st.money),
				text(b.tagNames(po.AlsoSupports()), 0),
			}, item); err != nil {
				return err
			}
		}
		if err := put([]any{
			text("Subtotal: "+g.name, st.totalLabel), blank(st.totalLabel), blank(st.totalLabel),
			blank(st.totalLabel), formula(sumRange(planCost, first, row), sum, st.total),
		}); err != nil {
			return err
		}
		subtotals = append(subtotals, ref(planCost, row))
		allocated = allocated.Add(sum)
		skip()
	}

	itemsLast := row
	// The envelope, from the same totals the app shows.
	t := model.ComputeTotals(b.p)
	if err := put([]any{text("Total allocated", st.totalLabel), nil, nil, nil,
		formula(sumCells(subtotals), allocated, st.total)}); err != nil {
		return err
	}
	totalRef := ref(planCost, row)
	skip()
	if err := put([]any{text("Confirmed money", 0), nil, nil, nil, money(t.Confirmed, st.money)}); err != nil {
		return err
	}
	confirmedRef := ref(planCost, row)
	if err := put([]any{text("Pending money", 0), nil, nil, nil, money(t.Pending, st.money)}); err != nil {
		return err
	}
	pendingRef := ref(planCost, row)
	envelope := t.Confirmed.Add(t.Pending)
	if err := put([]any{text("Confirmed + pending", st.totalLabel), nil, nil, nil,
		formula(confirmedRef+"+"+pendingRef, envelope, st.total)}); err != nil {
		return err
	}
	envelopeRef := ref(planCost, row)
	headAll := envelope.Sub(allocated)
	if err := put([]any{text("Headroom if pending approved", st.totalLabel), nil, nil, nil,
		formula(envelopeRef+"-"+totalRef, headAll, st.total)}); err != nil {
		return err
	}
	headAllRef := ref(planCost, row)
	headConfirmed := t.Confirmed.Sub(allocated)
	if err := put([]any{text("Headroom on confirmed money alone", st.totalLabel), nil, nil, nil,
		formula(confirmedRef+"-"+totalRef, headConfirmed, st.total)}); err != nil {
		return err
	}
	headConfirmedRef := ref(planCost, row)
	fit := model.Over
	switch {
	case headConfirmed.Sign() >= 0:
		fit = model.Fits
	case headAll.Sign() >= 0:
		fit = model.ReliesOnPending
	}
	verdict := excelize.Cell{
		Formula: `IF(` + headConfirmedRef + `>=0,"` + model.Fits.String() + `",IF(` + headAllRef +
			`>=0,"` + model.ReliesOnPending.String() + `","` + model.Over.String() + `"))`,
		Value: fit.String(),
	}
	if err := put([]any{text("The plan", 0), nil, nil, nil, verdict}); err != nil {
		return err
	}
	if !t.Refused.IsZero() {
		if err := put([]any{text("Refused money (not counted)", st.note), nil, nil, nil, money(t.Refused, st.money)}); err != nil {
			return err
		}
	}
	skip()
	// The heading goes in row+1, its rows after it.
	return b.byPrimaryPCC(put, row+1, t, itemsFirst, itemsLast, totalRef)
}

// byPrimaryPCC writes the allocation by primary PCC priority under the
// Plan sheet, from row next on: for each PCC priority a live SUMIF over
// the primary and cost columns of the item rows (first to last), the items
// with none as the total (totalRef) less those, and their sum, which is
// the total allocated. The counts of items, and of the items that also
// support each, are figures of the plan as written.
func (b *builder) byPrimaryPCC(put func([]any, ...excelize.RowOpts) error, next int, t model.Totals, first, last int, totalRef string) error {
	st := &b.st
	if err := put([]any{
		text("By primary PCC priority", st.header), text("Items", st.headerRight), text("Also supported by", st.headerRight),
		blank(st.header), text("Cost to the grant", st.headerRight),
	}); err != nil {
		return err
	}
	primaries := ref(planPrimary, first) + ":" + ref(planPrimary, last)
	costs := ref(planCost, first) + ":" + ref(planCost, last)
	var refs []string
	for _, tt := range t.ByTag {
		next++
		refs = append(refs, ref(planCost, next))
		if err := put([]any{
			text(tt.Name, 0), tt.Count, tt.AlsoCount, nil,
			formula("SUMIF("+primaries+","+ref("A", next)+","+costs+")", tt.Total, st.money),
		}); err != nil {
			return err
		}
	}
	next++
	none := totalRef
	if len(refs) > 0 {
		none += "-(" + sumCells(refs) + ")"
	}
	if err := put([]any{text("No PCC priority", 0), t.UntaggedCount, nil, nil, formula(none, t.Untagged, st.money)}); err != nil {
		return err
	}
	refs = append(refs, ref(planCost, next))
	return put([]any{text("Allocated", st.totalLabel), len(b.p.Lines) + len(b.p.Posts), nil, nil,
		formula(sumCells(refs), t.Allocated, st.total)})
}

// postsSheet writes one row per post with its whole costing, and a totals
// row.
func (b *builder) postsSheet(sw *excelize.StreamWriter) error {
	st := &b.st
	headers := []string{
		"Title", "Team", "SWP priority", "FTE", "Annual salary", "Pay", "Employer NI", "Pension",
		"Levy", "On-costs", "Annual cost", "Start month", "End month", "Months", "Cost in year",
		"Grant share %", "Cost to grant", "Other funder", "Other funder's part", "Notes",
	}
	right := map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 10: true,
		13: true, 14: true, 15: true, 16: true, 18: true}
	if err := setWidths(sw, []float64{40, 26, 24, 7, 14, 14, 13, 13, 11, 13, 14, 15, 15, 8, 14, 9, 14, 24, 14, 40}); err != nil {
		return err
	}
	hdr := make([]any, len(headers))
	for i, h := range headers {
		s := st.header
		if right[i] {
			s = st.headerRight
		}
		hdr[i] = text(h, s)
	}
	// The panes are set before the first row (the title) is streamed.
	top := b.top()
	if err := b.repeatHeader(sw, SheetPosts, top+1); err != nil {
		return err
	}
	if err := b.titleRow(sw); err != nil {
		return err
	}
	if err := setRow(sw, "A"+strconv.Itoa(top+1), hdr); err != nil {
		return err
	}
	// Columns with a total: their letters and the sum of their column.
	sumCols := []string{"F", "G", "H", "I", "J", "K", "O", "Q", "S"}
	sums := make([]model.Money, len(sumCols))
	start := b.p.Info.StartYear
	for i := range b.p.Posts {
		po := &b.p.Posts[i]
		c := &b.costs[i]
		colMoney := []model.Money{c.Pay, c.NI, c.Pension, c.Levy, c.OnCosts, c.Annual, c.InYear, c.ToGrant, c.ToOther}
		for k, m := range colMoney {
			sums[k] = sums[k].Add(m)
		}
		prio, ok := b.prios[po.PriorityID]
		if !ok {
			prio = "?"
		}
		var note string
		if po.OnCostOverride != nil {
			note = "On-costs set by hand, not worked out from the rates."
			if po.Notes != "" {
				note += " "
			}
		}
		note += po.Notes
		var other any
		if !c.ToOther.IsZero() || po.OtherFunder != "" {
			other = money(c.ToOther, st.money)
		}
		row := []any{
			text(po.Title, 0), text(po.Team, 0), text(prio, 0),
			excelize.Cell{Value: decimalFloat(po.FTE), StyleID: st.fte},
			money(po.Salary, st.money), money(c.Pay, st.money),
			money(c.NI, st.money), money(c.Pension, st.money), money(c.Levy, st.money),
			money(c.OnCosts, st.money), money(c.Annual, st.money),
			text(model.MonthDate(start, po.StartMonth), 0), text(model.MonthDate(start, po.EndMonth), 0),
			c.Months, money(c.InYear, st.money),
			excelize.Cell{Value: decimalFloat(po.GrantShare.Decimal().Shift(-2)), StyleID: st.pct},
			money(c.ToGrant, st.money), text(po.OtherFunder, 0), other, text(note, 0),
		}
		if err := setRow(sw, "A"+strconv.Itoa(top+i+2), row); err != nil {
			return err
		}
	}
	last := top + len(b.p.Posts) + 1
	totalRow := max(last+1, top+3)
	total := make([]any, len(headers))
	for i := range total {
		total[i] = blank(st.totalLabel)
	}
	total[0] = text("Total", st.totalLabel)
	for k, col := range sumCols {
		idx, _ := excelize.ColumnNameToNumber(col)
		total[idx-1] = formula(sumRange(col, top+2, last), sums[k], st.total)
	}
	return setRow(sw, "A"+strconv.Itoa(totalRow), total)
}

// fundingSheet writes the funding sources and their totals by status.
func (b *builder) fundingSheet(sw *excelize.StreamWriter) error {
	st := &b.st
	if err := setWidths(sw, []float64{44, 12, 16, 60}); err != nil {
		return err
	}
	top := b.top()
	if err := b.repeatHeader(sw, SheetFunding, top+1); err != nil {
		return err
	}
	if err := b.titleRow(sw); err != nil {
		return err
	}
	if err := setRow(sw, "A"+strconv.Itoa(top+1), []any{
		text("Name", st.header), text("Status", st.header), text("Amount", st.headerRight), text("Note", st.header),
	}); err != nil {
		return err
	}
	for i, fs := range b.p.Funding {
		if err := setRow(sw, "A"+strconv.Itoa(top+i+2), []any{
			text(fs.Name, 0), text(fs.Status.String(), 0), money(fs.Amount, st.money), text(fs.Note, 0),
		}); err != nil {
			return err
		}
	}
	first := top + 2
	last := max(top+len(b.p.Funding)+1, first)
	t := model.ComputeTotals(b.p)
	sumIf := func(status model.FundingStatus) string {
		return `SUMIF(B` + strconv.Itoa(first) + `:B` + strconv.Itoa(last) + `,"` + status.String() + `",C` + strconv.Itoa(first) + `:C` + strconv.Itoa(last) + `)`
	}
	row := last + 2
	if err := setRow(sw, "A"+strconv.Itoa(row), []any{
		text("Confirmed", st.totalLabel), blank(st.totalLabel), formula(sumIf(model.Confirmed), t.Confirmed, st.total),
	}); err != nil {
		return err
	}
	if err := setRow(sw, "A"+strconv.Itoa(row+1), []any{
		text("Pending", 0), nil, formula(sumIf(model.Pending), t.Pending, st.money),
	}); err != nil {
		return err
	}
	if err := setRow(sw, "A"+strconv.Itoa(row+2), []any{
		text("Confirmed + pending", st.totalLabel), blank(st.totalLabel),
		formula(ref("C", row)+"+"+ref("C", row+1), t.EnvelopeAll, st.total),
	}); err != nil {
		return err
	}
	return setRow(sw, "A"+strconv.Itoa(row+3), []any{
		text("Refused (not counted)", st.note), nil, formula(sumIf(model.Refused), t.Refused, st.money),
	})
}

// comparisonSheet lays the compared plans side by side, with the
// difference of each from the first as a live formula, and marks the rows
// that changed.
func (b *builder) comparisonSheet(sw *excelize.StreamWriter) error {
	st := &b.st
	cols := b.opts.Compare
	n := len(cols)
	rows := model.Compare(cols)
	headers := []any{text("Section", st.header), text("Item", st.header)}
	widths := []float64{24, 52}
	for _, c := range cols {
		headers = append(headers, text(c.Name, st.headerRight))
		widths = append(widths, 18)
	}
	for i := 1; i < n; i++ {
		h := "Difference vs " + cols[0].Name
		if n > 2 {
			h = cols[i].Name + ": difference vs " + cols[0].Name
		}
		headers = append(headers, text(h, st.headerRight))
		widths = append(widths, 18)
	}
	headers = append(headers, text("Changed", st.header))
	widths = append(widths, 10)
	if err := setWidths(sw, widths); err != nil {
		return err
	}
	top := b.top()
	if err := b.repeatHeader(sw, SheetComparison, top+1); err != nil {
		return err
	}
	if err := b.titleRow(sw); err != nil {
		return err
	}
	if err := setRow(sw, "A"+strconv.Itoa(top+1), headers); err != nil {
		return err
	}
	letters := make([]string, n)
	for i := range letters {
		letters[i], _ = excelize.ColumnNumberToName(3 + i)
	}
	values := make([]any, 0, 2+2*n)
	for k, r := range rows {
		row := top + k + 2
		textStyle, moneyStyle := 0, st.money
		if r.Changed {
			textStyle, moneyStyle = st.changed, st.changedMoney
		}
		values = append(values[:0], text(r.Section, textStyle), text(r.Label, textStyle))
		for i := 0; i < n; i++ {
			if i < len(r.Cells) && r.Cells[i].Present {
				values = append(values, money(r.Cells[i].Value, moneyStyle))
			} else {
				values = append(values, excelize.Cell{StyleID: moneyStyle})
			}
		}
		for i := 1; i < n; i++ {
			values = append(values, formula(ref(letters[i], row)+"-"+ref(letters[0], row), r.Diff(i), moneyStyle))
		}
		if r.Changed {
			values = append(values, text("changed", textStyle))
		}
		if err := setRow(sw, "A"+strconv.Itoa(row), values); err != nil {
			return err
		}
	}
	return nil
}

// dataSheet writes every record of the plan, one a row, in the columns of
// csplan's CSV file (planfile.Records): the sheet import reads back. Texts
// are text cells and amounts number cells. A plan that the CSV file cannot
// hold either (a PCC priority whose name has the separator in it) gets a
// sheet that says so instead, and the rest of the workbook is written as
// ever.
func (b *builder) dataSheet(sw *excelize.StreamWriter) error {
	st := &b.st
	records, err := planfile.Records(b.p, planfile.EncodeOptions{Scenario: b.opts.Scenario, Profiles: b.opts.Profiles, Subset: b.opts.Subset})
	// The data columns' widths (Ledger code and Profile last), then the
	// note and fingerprint beside the header.
	widths := []float64{14, 28, 40, 24, 14, 28, 32, 14, 12, 8, 14, 12, 12, 12, 24, 14, 14, 40, 16, 36}
	if err == nil {
		widths = widths[:min(len(widths), len(records[0]))]
	}
	if err := setWidths(sw, append(widths, 4, 60, 4, 36, 60)); err != nil {
		return err
	}
	top := b.top()
	if err := b.titleRow(sw); err != nil {
		return err
	}
	if err != nil {
		return setRow(sw, "A"+strconv.Itoa(top+1), []any{text("This workbook cannot be imported back into csplan: "+err.Error()+
			". Export the plan as CSV once it is mended.", st.note), nil, text(FingerprintLabel, st.note), text(b.fingerprint, st.note)})
	}
	values := make([]any, 0, len(records[0])+2)
	for i, rec := range records {
		values = values[:0]
		for c, v := range rec {
			switch {
			case i == 0:
				values = append(values, text(v, st.header))
			case v != "" && planfile.NumberColumn(c):
				d, err := decimal.NewFromString(v)
				if err != nil {
					values = append(values, text(v, 0))
					break
				}
				values = append(values, excelize.Cell{Value: d.InexactFloat64()})
			default:
				values = append(values, text(v, 0))
			}
		}
		if i == 0 {
			values = append(values, nil, text("csplan reads the plan back from this sheet when the workbook is imported: "+
				"change the plan here, or in csplan, not on the other sheets.", st.note),
				nil, text(FingerprintLabel, st.note), text(b.fingerprint, st.note))
		}
		if err := setRow(sw, "A"+strconv.Itoa(top+i+1), values); err != nil {
			return err
		}
	}
	return nil
}
