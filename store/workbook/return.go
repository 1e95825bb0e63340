package workbook

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"csplan/model"
	"csplan/store/planfile"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Sheets of the quarterly return's workbook.
const (
	SheetReturn   = "Return"
	SheetMeasures = "Measures"
)

// retKey is the Return sheet's column of each item's number of its primary
// PCC priority in the table by PCC priority, whose column retKeyRef holds
// the same numbers: see returnSheet.
const (
	retKey    = "L"
	retKeyRef = "C"
)

// retMoneyCols are the Return sheet's money columns, Budget to Variance.
// The group tables under the items put their figures in the same
// columns, so a column of money is one width and one format all the way
// down.
var retMoneyCols = []string{"D", "E", "F", "G", "H"}

// WriteReturnXLSX writes the quarterly return as an .xlsx workbook. The
// Return sheet opens with the heading (partnership, year, quarter, as-at
// period, prepared by, date, and "Draft" or "Submitted 14 July 2017"),
// then the items, grouped by SWP priority, with their figures, RAG,
// forecast reason and narrative; then a Total row of live SUMs over the
// item rows, a table by SWP priority (a SUM over each priority's rows,
// which are together) and one by primary PCC priority (a SUMIF over the
// item rows; the items with none are the total less the others). Every
// formula carries its exact figure as its stored value, and the workbook
// asks to be recalculated on open. The Measures sheet lists each item's
// measures: annual target, the quarter's value, and the value to date.
func WriteReturnXLSX(w io.Writer, r model.QuarterlyReturn) (err error) {
	f := newFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("workbook: %w", cerr)
		}
	}()
	b := &builder{f: f}
	if b.st, err = newStyles(f); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	if err := f.SetSheetName("Sheet1", SheetReturn); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	if _, err := f.NewSheet(SheetMeasures); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	for _, s := range []struct {
		name  string
		write func(*excelize.StreamWriter, model.QuarterlyReturn) error
	}{
		{SheetReturn, b.returnSheet},
		{SheetMeasures, b.measuresSheet},
	} {
		if err := b.printSetup(s.name); err != nil {
			return fmt.Errorf("workbook: %s sheet: %w", s.name, err)
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return fmt.Errorf("workbook: %s sheet: %w", s.name, err)
		}
		if err := s.write(sw, r); err != nil {
			return fmt.Errorf("workbook: %s sheet: %w", s.name, err)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("workbook: %s sheet: %w", s.name, err)
		}
	}
	// The Return sheet, the first, is active in a new file already; setting
	// it again would make excelize read every streamed sheet back.
	full := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	title := strings.TrimSpace(r.Partnership + " quarterly return " + r.YearLabel() + " " + r.QuarterLabel() + " (" + r.Status() + ")")
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "csplan"}); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook: writing the file: %w", err)
	}
	return nil
}

// returnHeading is the block that opens each sheet of the return, so
// neither sheet can be taken for another quarter's, or a draft for the
// submitted copy.
func (b *builder) returnHeading(r model.QuarterlyReturn) [][]any {
	st := &b.st
	rows := [][]any{
		{text(r.Partnership, st.title)},
		{text("Quarterly return to the Police and Crime Commissioner, "+r.QuarterLabel(), st.subtitle)},
		{text(r.Status(), st.subtitle)},
	}
	for _, h := range planfile.ReturnHeading(r) {
		rows = append(rows, []any{text(h[0], st.totalLabel), text(h[1], 0)})
	}
	return rows
}

// sheetRows writes a sheet's rows one after another; n is the last row
// written (rows are numbered from 1, as the sheet shows them).
type sheetRows struct {
	sw *excelize.StreamWriter
	n  int
}

func (r *sheetRows) put(values []any, opts ...excelize.RowOpts) error {
	r.n++
	return setRow(r.sw, "A"+strconv.Itoa(r.n), values, opts...)
}

// startSheet writes a return sheet's headings and the blank row after
// them, and repeats the row after that (the table's header) at the top of
// every printed page.
func (b *builder) startSheet(sw *excelize.StreamWriter, sheet string, headings [][]any) (*sheetRows, error) {
	if err := b.repeatHeader(sw, sheet, len(headings)+2); err != nil {
		return nil, err
	}
	rows := &sheetRows{sw: sw}
	for _, h := range headings {
		if err := rows.put(h); err != nil {
			return nil, err
		}
	}
	rows.n++
	return rows, nil
}

// returnSheet writes the Return sheet.
func (b *builder) returnSheet(sw *excelize.StreamWriter, r model.QuarterlyReturn) error {
	st := &b.st
	if err := setWidths(sw, returnWidths); err != nil {
		return err
	}
	headings := b.returnHeading(r)
	headings = append(headings, []any{text("Amounts are exact to the penny. Totals are live formulas over the item rows.", st.note)})
	for _, n := range r.Notes {
		headings = append(headings, []any{text(n, st.note)})
	}
	rows, err := b.startSheet(sw, SheetReturn, headings)
	if err != nil {
		return err
	}
	put := rows.put
	q := r.Quarter.String()
	if err := put([]any{
		text("SWP priority", st.header), text("Primary PCC priority", st.header), text("Item", st.header),
		text("Budget", st.headerRight), text("Spend in "+q, st.headerRight), text("Spend to date", st.headerRight),
		text("Forecast outturn", st.headerRight), text("Variance", st.headerRight), text("RAG", st.header),
		text("Forecast reason", st.header), text("Narrative", st.header), text("PCC no.", st.headerRight),
	}); err != nil {
		return err
	}
	figures := func(f model.ReturnFigures) []model.Money {
		return []model.Money{f.Budget, f.SpendInQuarter, f.SpendToDate, f.ForecastOutturn, f.Variance}
	}

	pccNo := make(map[string]int, len(r.ByPCC))
	for k, g := range r.ByPCC {
		if _, dup := pccNo[g.Name]; !dup {
			pccNo[g.Name] = k + 1
		}
	}
	first := rows.n + 1
	for _, it := range r.Items {
		no, ok := pccNo[it.PCC]
		if !ok {
			return fmt.Errorf("item %q is under PCC priority %q, which the return's totals do not list", it.Title, it.PCC)
		}
		cells := []any{text(it.SWP, st.wrap), text(it.PCC, st.wrap), text(it.Title, st.wrap)}
		for _, m := range figures(it.ReturnFigures) {
			cells = append(cells, money(m, st.money))
		}
		cells = append(cells, text(it.RAG.String(), 0), text(it.ForecastReason, st.wrap), text(it.Narrative, st.wrap), no)
		// A row holds its wrapped texts whole: a spreadsheet keeps the
		// height a file gives, and LibreOffice does not grow a row to fit.
		h := wrapHeight(returnWidths, map[int]string{0: it.SWP, 1: it.PCC, 2: it.Title, 9: it.ForecastReason, 10: it.Narrative})
		if err := put(cells, h...); err != nil {
			return err
		}
	}
	last := rows.n

	// sums returns a formula cell for each money column, its expression
	// made by expr from the column's letter.
	sums := func(f model.ReturnFigures, style int, expr func(col string) string) []any {
		var cells []any
		for i, m := range figures(f) {
			cells = append(cells, formula(expr(retMoneyCols[i]), m, style))
		}
		return cells
	}
	itemSum := func(col string) string {
		if last < first {
			return "0"
		}
		return sumRange(col, first, last)
	}
	if err := put(append(append([]any{text("Total", st.totalLabel), blank(st.totalLabel), blank(st.totalLabel)},
		sums(r.Total, st.total, itemSum)...), text(r.RAG.String(), st.totalLabel))); err != nil {
		return err
	}

	// By SWP priority: the items are grouped by priority in the order of
	// BySWP, so each priority's rows are together and its total is a SUM
	// over them.
	rows.n++
	if err := put(groupHeader(st, "By SWP priority", "")); err != nil {
		return err
	}
	next := first
	var groupRows []int
	for _, g := range r.BySWP {
		a, z := next, next+g.Items-1
		for k := a; k <= z; k++ {
			if k-first >= len(r.Items) || r.Items[k-first].SWP != g.Name {
				return errors.New("the return's items are not grouped by SWP priority in the order of its totals")
			}
		}
		next += g.Items
		expr := func(col string) string {
			if g.Items == 0 {
				return "0"
			}
			return sumRange(col, a, z)
		}
		if err := put(groupRow(st, g, sums(g.ReturnFigures, st.money, expr)), wrapHeight(returnWidths, map[int]string{0: g.Name})...); err != nil {
			return err
		}
		groupRows = append(groupRows, rows.n)
	}
	if err := put(groupTotal(st, r, groupRows, sums)); err != nil {
		return err
	}

	// By primary PCC priority: a SUMIF over the item rows by the number
	// each group carries in column C and each item in column L. A number,
	// not the name, so that no name is read as a pattern (SUMIF takes * ?
	// and ~ as wildcards, and < > = as comparisons) or as a figure.
	rows.n++
	if err := put(groupHeader(st, "By primary PCC priority", "PCC no.")); err != nil {
		return err
	}
	groupRows = groupRows[:0]
	for k, g := range r.ByPCC {
		key := ref(retKeyRef, rows.n+1)
		expr := func(col string) string {
			if last < first {
				return "0"
			}
			return fmt.Sprintf("SUMIF(%s%d:%s%d,%s,%s%d:%s%d)", retKey, first, retKey, last, key, col, first, col, last)
		}
		cells := groupRow(st, g, sums(g.ReturnFigures, st.money, expr))
		cells[2] = k + 1
		if err := put(cells, wrapHeight(returnWidths, map[int]string{0: g.Name})...); err != nil {
			return err
		}
		groupRows = append(groupRows, rows.n)
	}
	return put(groupTotal(st, r, groupRows, sums))
}

func groupHeader(st *styles, title, key string) []any {
	return []any{
		text(title, st.header), text("Items", st.headerRight), text(key, st.headerRight),
		text("Budget", st.headerRight), text("Spend", st.headerRight), text("Spend to date", st.headerRight),
		text("Forecast outturn", st.headerRight), text("Variance", st.headerRight), text("RAG", st.header),
	}
}

func groupRow(st *styles, g model.ReturnGroup, sums []any) []any {
	cells := append([]any{text(g.Name, st.wrap), g.Items, nil}, sums...)
	return append(cells, text(g.RAG.String(), 0))
}

// groupTotal is the total row of a group table: a SUM of its groups,
// which is the return's total.
func groupTotal(st *styles, r model.QuarterlyReturn, rows []int, sums func(model.ReturnFigures, int, func(string) string) []any) []any {
	expr := func(col string) string {
		refs := make([]string, len(rows))
		for i, gr := range rows {
			refs[i] = ref(col, gr)
		}
		return sumCells(refs)
	}
	cells := append([]any{text("Total", st.totalLabel), len(r.Items), blank(st.totalLabel)}, sums(r.Total, st.total, expr)...)
	return append(cells, text(r.RAG.String(), st.totalLabel))
}

// measuresSheet writes the Measures sheet: one row per measure of each
// item, in the Return sheet's order.
func (b *builder) measuresSheet(sw *excelize.StreamWriter, r model.QuarterlyReturn) error {
	st := &b.st
	if err := setWidths(sw, measureWidths); err != nil {
		return err
	}
	headings := b.returnHeading(r)
	rows, err := b.startSheet(sw, SheetMeasures, headings)
	if err != nil {
		return err
	}
	put := rows.put
	q := r.Quarter.String()
	if err := put([]any{
		text("SWP priority", st.header), text("Item", st.header), text("Measure", st.header), text("Unit", st.header),
		text("Annual target", st.headerRight), text(q+" value", st.headerRight), text("Value to date", st.headerRight),
	}); err != nil {
		return err
	}
	n := 0
	for _, it := range r.Items {
		for _, ms := range it.Measures {
			n++
			var qv any
			if ms.Quarter != nil {
				qv = number(*ms.Quarter)
			}
			if err := put([]any{text(it.SWP, st.wrap), text(it.Title, st.wrap), text(ms.Name, st.wrap), text(ms.Unit, 0),
				number(ms.Target), qv, number(ms.ToDate)}, wrapHeight(measureWidths, map[int]string{0: it.SWP, 1: it.Title, 2: ms.Name})...); err != nil {
				return err
			}
		}
	}
	if n == 0 {
		return put([]any{text("No measures are recorded for this return.", st.note)})
	}
	return nil
}

// number is a measure's value as a number cell.
func number(d decimal.Decimal) any { return d.InexactFloat64() }

// measureWidths are the Measures sheet's column widths, in characters.
var measureWidths = []float64{28, 44, 36, 14, 14, 14, 14}

// returnWidths are the Return sheet's column widths, in characters.
var returnWidths = []float64{28, 28, 44, 15, 15, 15, 16, 15, 8, 34, 70, 8}

// wrapHeight is the row height that shows whole the wrapped texts of a
// row (by column), none when one line does: the lines a text needs at its
// column's width, about one character a unit, breaking between words.
func wrapHeight(widths []float64, texts map[int]string) []excelize.RowOpts {
	lines := 1
	for col, t := range texts {
		if col >= len(widths) || t == "" {
			continue
		}
		width := int(widths[col]) - 1
		n, used := 1, 0
		for _, para := range strings.Split(t, "\n") {
			if used > 0 {
				n, used = n+1, 0
			}
			for _, w := range strings.Fields(para) {
				l := utf8.RuneCountInString(w)
				switch {
				case used == 0:
					used = l
				case used+1+l <= width:
					used += 1 + l
				default:
					n, used = n+1, l
				}
				for used > width { // a word longer than the column
					n, used = n+1, used-width
				}
			}
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return nil
	}
	return []excelize.RowOpts{{Height: min(15*float64(lines), excelize.MaxRowHeight)}}
}
