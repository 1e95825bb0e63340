// Package workbook writes a costed plan as an Excel workbook (.xlsx), laid
// out the way an officer would build it by hand for a committee report or a
// finance colleague: a Plan sheet grouped by SWP priority with live SUM
// subtotals, a grand total and the envelope and headroom under it; a Posts
// sheet with every costing column; a Funding sheet; and, when asked, a
// Comparison sheet of the plan against its scenarios; and last a Data
// sheet with every record of the plan in the columns of csplan's CSV file,
// which import reads back (see Read).
//
// Every formula cell also carries its computed value, worked out exactly with
// the model, so a reader that does not recalculate (a previewer, a script)
// still shows the right figures; the workbook also asks Excel to recalculate
// on open. Text is always written as text, never as a formula, so a title
// such as "=HYPERLINK(...)" cannot run.
//
// Sheets are written with excelize's stream writer, which keeps a plan of
// 100,000 lines to about a second; reading the sheets back once, to record
// the fingerprint that lets Read refuse a workbook changed outside its Data
// sheet (see checkPrints), about triples that. Note that excelize spills a streamed
// sheet larger than 16 MiB to a temporary file in os.TempDir while it works
// and removes it before Write returns; the workbook itself goes only to the
// io.Writer given.
package workbook

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"csplan/model"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// Options say what the workbook is of.
type Options struct {
	// Title names what is exported, e.g. "Plan" or
	// "Scenario: Carry-forward refused"; it heads the Plan sheet.
	Title string
	// Scenario is the name of the scenario the plan was made from, "" for
	// the plan. When set, every sheet opens with a row naming it, so no
	// sheet of a what-if can be taken for the plan.
	Scenario string
	// Subset, when set, says the workbook holds part of the plan, e.g. "4
	// of 15 lines, filter: youth". The Plan sheet says so under its title,
	// the Data sheet in a Subset record, and every sheet of a workbook not
	// made from a scenario opens with a row saying so.
	Subset string
	// Compare, when it has any columns, adds a Comparison sheet laying
	// them side by side; the first column is the base the others are
	// compared with.
	Compare []model.Column
	// Profiles, when not nil, are the lines' and posts' budget profiles,
	// by item ID, written in the Data sheet's Profile column so that
	// import reads them back (see planfile.EncodeOptions.Profiles).
	Profiles map[model.ID]model.Profile
}

// Sheet names, in the order they appear.
const (
	SheetPlan       = "Plan"
	SheetPosts      = "Posts"
	SheetFunding    = "Funding"
	SheetComparison = "Comparison"
	// SheetData holds the whole plan, one record a row, in the columns of
	// csplan's CSV file: it is what import reads back (see Read), so a
	// workbook round-trips exactly, settings, outcomes and notes included,
	// which the sheets laid out for reading do not all show.
	SheetData = "Data"
)

// MoneyFormat is the number format of every money cell: pounds and pence
// with thousands separators, negatives in red.
const MoneyFormat = `"£"#,##0.00;[Red]-"£"#,##0.00`

// Write writes plan p to w as an .xlsx workbook. It touches no file of its
// own: the caller decides where the bytes go.
func Write(w io.Writer, p *model.Plan, opts Options) (err error) {
	if p == nil {
		return errors.New("workbook: no plan to write")
	}
	f := newFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("workbook: %w", cerr)
		}
	}()
	if opts.Scenario != "" {
		opts.Title = ScenarioTitle(opts.Scenario)
	}
	b := &builder{f: f, p: p, opts: opts}
	if err := b.build(); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook: writing the file: %w", err)
	}
	return nil
}

// newFile is a new workbook that deflates its parts at the fastest level.
// The default level spent a third of the time a 100,000-line export took
// (1.1 s of 2.7 s) compressing; the fastest makes the file about a fifth
// larger, and spreadsheets read every level alike.
func newFile() *excelize.File {
	f := excelize.NewFile()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	return f
}

// builder holds what the sheets share: the file, its styles, and the
// post costings, worked out once.
type builder struct {
	f     *excelize.File
	p     *model.Plan
	opts  Options
	st    styles
	costs []model.PostCosting
	tags  map[model.ID]string
	prios map[model.ID]string
	// fingerprint is the fingerprint of every sheet but the Data sheet, once
	// they are written.
	fingerprint string
}

func (b *builder) build() error {
	var err error
	if b.st, err = newStyles(b.f); err != nil {
		return err
	}
	b.costs = make([]model.PostCosting, len(b.p.Posts))
	for i := range b.p.Posts {
		b.costs[i] = b.p.Posts[i].Costing(b.p.Settings)
	}
	b.tags = make(map[model.ID]string, len(b.p.Tags))
	for _, t := range b.p.Tags {
		b.tags[t.ID] = t.Name
	}
	b.prios = make(map[model.ID]string, len(b.p.Priorities))
	for _, pr := range b.p.Priorities {
		b.prios[pr.ID] = pr.Name
	}

	if err := b.f.SetSheetName("Sheet1", SheetPlan); err != nil {
		return err
	}
	sheets := []struct {
		name  string
		write func(*excelize.StreamWriter) error
	}{
		{SheetPlan, b.planSheet},
		{SheetPosts, b.postsSheet},
		{SheetFunding, b.fundingSheet},
	}
	if len(b.opts.Compare) > 0 {
		sheets = append(sheets, struct {
			name  string
			write func(*excelize.StreamWriter) error
		}{SheetComparison, b.comparisonSheet})
	}
	sheets = append(sheets, struct {
		name  string
		write func(*excelize.StreamWriter) error
	}{SheetData, b.dataSheet})
	var prints []sheetPrint
	for i, s := range sheets {
		if s.name == SheetData {
			// Every other sheet is written, and was fingerprinted as it
			// was: the Data sheet carries it (see checkPrints).
			b.fingerprint = formatPrints(fingerprintSchemeV2, prints)
		}
		if i > 0 {
			if _, err := b.f.NewSheet(s.name); err != nil {
				return err
			}
		}
		// Page setup lives in the worksheet the stream writer starts
		// from, so it is set before streaming begins.
		if err := b.printSetup(s.name); err != nil {
			return fmt.Errorf("%s sheet: %w", s.name, err)
		}
		sw, err := b.f.NewStreamWriter(s.name)
		if err != nil {
			return fmt.Errorf("%s sheet: %w", s.name, err)
		}
		stop := func() {}
		var p *sheetPrinter
		if s.name != SheetData {
			p = newSheetPrinter(s.name)
			stop = printWhileWriting(sw, p)
		}
		err = s.write(sw)
		stop()
		if err != nil {
			return fmt.Errorf("%s sheet: %w", s.name, err)
		}
		if err := sw.Flush(); err != nil {
			return fmt.Errorf("%s sheet: %w", s.name, err)
		}
		if p != nil {
			prints = append(prints, sheetPrint{s.name, p.sum()})
		}
	}
	// A new file's first sheet is the active one already; SetActiveSheet would
	// make excelize read every streamed sheet back into memory.
	full := true
	if err := b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Title:   b.docTitle(),
		Creator: "csplan",
	})
}

func (b *builder) docTitle() string {
	t := strings.TrimSpace(b.p.Info.Partnership + " costed delivery plan " + b.p.Info.Year())
	if b.opts.Title != "" {
		t += " - " + b.opts.Title
	}
	return t
}

// ScenarioTitle heads every sheet of a workbook made from a scenario.
func ScenarioTitle(name string) string {
	return "Scenario: " + name + " (a what-if, not the plan)"
}

// SubsetTitle heads a workbook of part of the plan.
func SubsetTitle(part string) string {
	return "Subset: " + part + subsetSuffix
}

const subsetSuffix = " (part of the plan, not the whole)"

// top is how many rows open the Posts, Funding and Comparison sheets
// above their header: one naming the scenario they were made from, or
// saying they hold part of the plan; none for the whole plan.
func (b *builder) top() int {
	if b.opts.Scenario == "" && b.opts.Subset == "" {
		return 0
	}
	return 1
}

// titleRow writes the row that names the scenario at the top of a sheet
// made from one, or says the sheet holds part of the plan; it writes
// nothing for the whole plan.
func (b *builder) titleRow(sw *excelize.StreamWriter) error {
	switch {
	case b.opts.Scenario != "":
		return setRow(sw, "A1", []any{text(b.opts.Title, b.st.subtitle)})
	case b.opts.Subset != "":
		return setRow(sw, "A1", []any{text(SubsetTitle(b.opts.Subset), b.st.subtitle)})
	}
	return nil
}

// printSetup prints the sheet landscape, one page wide.
func (b *builder) printSetup(sheet string) error {
	landscape, wide, tall := "landscape", 1, 0
	if err := b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: &landscape, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return err
	}
	fit := true
	return b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
}

// repeatHeader prints the given row at the top of every page and freezes
// the sheet below it.
func (b *builder) repeatHeader(sw *excelize.StreamWriter, sheet string, row int) error {
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: row, TopLeftCell: "A" + strconv.Itoa(row+1), ActivePane: "bottomLeft",
	}); err != nil {
		return err
	}
	return b.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, row, row),
		Scope:    sheet,
	})
}

// styles are the cell styles of the workbook.
type styles struct {
	title, subtitle, note int
	wrapNote, wrap        int
	header, headerRight   int
	group                 int
	money, fte, pct       int
	totalLabel, total     int
	changed, changedMoney int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	moneyFmt := MoneyFormat
	fteFmt := "0.00##"
	grey := []string{"D9E1F2"}
	yellow := []string{"FFF2CC"}
	top := []excelize.Border{{Type: "top", Color: "000000", Style: 1}}
	bottom := []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	defs := []struct {
		id *int
		st excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.subtitle, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.note, excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}}},
		{&s.wrapNote, excelize.Style{
			Font:      &excelize.Font{Italic: true, Color: "595959"},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.header, excelize.Style{
			Font: &excelize.Font{Bold: true}, Border: bottom,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: grey},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"},
		}},
		{&s.headerRight, excelize.Style{
			Font: &excelize.Font{Bold: true}, Border: bottom,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: grey},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom", Horizontal: "right"},
		}},
		{&s.group, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12}}},
		{&s.money, excelize.Style{CustomNumFmt: &moneyFmt}},
		{&s.fte, excelize.Style{CustomNumFmt: &fteFmt}},
		{&s.pct, excelize.Style{NumFmt: 10}},
		{&s.totalLabel, excelize.Style{Font: &excelize.Font{Bold: true}, Border: top}},
		{&s.total, excelize.Style{Font: &excelize.Font{Bold: true}, Border: top, CustomNumFmt: &moneyFmt}},
		{&s.changed, excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: yellow}}},
		{&s.changedMoney, excelize.Style{
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: yellow}, CustomNumFmt: &moneyFmt,
		}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return s, err
		}
		*d.id = id
	}
	return s, nil
}

// Cell helpers. A nil value leaves the cell empty.

// text is a text cell. The stream writer writes a string as an inline
// string, never as a formula, whatever it begins with.
func text(s string, style int) any {
	if s == "" {
		return nil
	}
	return excelize.Cell{Value: s, StyleID: style}
}

// blank is an empty cell with a style, e.g. the border of a totals row.
func blank(style int) any { return excelize.Cell{StyleID: style} }

// money is a number cell in the £ format.
func money(m model.Money, style int) any {
	return excelize.Cell{Value: m.Decimal().InexactFloat64(), StyleID: style}
}

// formula is a formula cell carrying its computed value, so readers that
// do not recalculate still show it.
func formula(expr string, value model.Money, style int) any {
	return excelize.Cell{Formula: expr, Value: value.Decimal().InexactFloat64(), StyleID: style}
}

func ref(col string, row int) string { return col + strconv.Itoa(row) }

// sumRange is SUM over one column from row a to row b.
func sumRange(col string, a, b int) string {
	if b < a {
		b = a
	}
	return fmt.Sprintf("SUM(%s%d:%s%d)", col, a, col, b)
}

// sumCells is SUM over the given cells, nested so that no SUM has more
// arguments than a spreadsheet allows (255).
func sumCells(refs []string) string {
	const maxArgs = 200
	if len(refs) == 0 {
		return "0"
	}
	for len(refs) > maxArgs {
		var next []string
		for i := 0; i < len(refs); i += maxArgs {
			j := min(i+maxArgs, len(refs))
			next = append(next, "SUM("+strings.Join(refs[i:j], ",")+")")
		}
		refs = next
	}
	return "SUM(" + strings.Join(refs, ",") + ")"
}

func setWidths(sw *excelize.StreamWriter, widths []float64) error {
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	return nil
}

// tagNames joins the names of a record's PCC priorities.
func (b *builder) tagNames(ids []model.ID) string {
	switch len(ids) {
	case 0:
		return ""
	case 1:
		if n, ok := b.tags[ids[0]]; ok {
			return n
		}
		return "?"
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		if n, ok := b.tags[id]; ok {
			names[i] = n
		} else {
			names[i] = "?"
		}
	}
	return strings.Join(names, "; ")
}

func decimalFloat(d decimal.Decimal) float64 { return d.InexactFloat64() }
