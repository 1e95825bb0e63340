package workbook

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
	"pgregory.net/rapid"

	"csplan/model"
	"csplan/store/internal/plantest"
	"csplan/store/planfile"
)

// builtInReturn is the Q1 return of the built-in plan (see
// plantest.FirstQuarter), with a forecast set for the domestic homicide
// reviews and a measure on one line.
func builtInReturn(t *testing.T) model.QuarterlyReturn {
	t.Helper()
	p := planfile.BuiltIn()
	m, _, dhr, err := plantest.FirstQuarter(p)
	if err != nil {
		t.Fatal(err)
	}
	m.Forecast = map[model.ID]model.ForecastOverride{dhr: {Outturn: model.Pounds(6000), Reason: "One review expected"}}
	v := decimal.NewFromInt(46)
	m.Measures = map[model.ID][]model.Measure{dhr: {{Name: "Reviews started", Unit: "reviews", Target: decimal.NewFromInt(2), Values: [4]*decimal.Decimal{&v}}}}
	m.Narratives = map[model.ID]map[model.Quarter]string{dhr: {1: "=1+1 no review yet"}}
	r, err := model.BuildReturn(p, m, 1, 3, "A. Officer", time.Date(2017, time.July, 10, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func writeReturn(t *testing.T, r model.QuarterlyReturn) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteReturnXLSX(&buf, r); err != nil {
		t.Fatalf("WriteReturnXLSX: %v", err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("reopening the workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// The Return sheet's totals are live formulas whose stored values, and
// whose values as excelize works them out, are the return's exact totals;
// each item row holds the item's figures; the heading names the return.
func TestReturnWorkbook(t *testing.T) {
	r := builtInReturn(t)
	f := writeReturn(t, r)
	if got, want := f.GetSheetList(), []string{SheetReturn, SheetMeasures}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet = %d, want the Return sheet", got)
	}
	rows, err := f.GetRows(SheetReturn)
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string]string{}
	header := 0
	for i, row := range rows {
		if len(row) >= 2 {
			labels[row[0]] = row[1]
		}
		if len(row) > 2 && row[2] == "Item" {
			header = i + 1
			break
		}
	}
	for k, v := range map[string]string{"Partnership": r.Partnership, "Year": "2017/18", "Quarter": "Q1, Apr-Jun 2017",
		"As at": "P3, June 2017", "Prepared by": "A. Officer", "Date": "10 July 2017", "Status": "Draft"} {
		if labels[k] != v {
			t.Errorf("heading %s = %q, want %q", k, labels[k], v)
		}
	}
	if header == 0 {
		t.Fatal("no header row")
	}

	figures := func(fs model.ReturnFigures) []model.Money {
		return []model.Money{fs.Budget, fs.SpendInQuarter, fs.SpendToDate, fs.ForecastOutturn, fs.Variance}
	}
	for i, it := range r.Items {
		row := header + 1 + i
		if got, _ := f.GetCellValue(SheetReturn, "C"+strconv.Itoa(row)); got != it.Title {
			t.Fatalf("row %d: item %q, want %q", row, got, it.Title)
		}
		for k, want := range figures(it.ReturnFigures) {
			cell := retMoneyCols[k] + strconv.Itoa(row)
			v, _ := f.GetCellValue(SheetReturn, cell, excelize.Options{RawCellValue: true})
			if got := asMoney(t, v); !got.Equal(want) {
				t.Errorf("%s (%s): %s, want %s", cell, it.Title, got, want)
			}
		}
		if it.Title == plantest.DHR {
			if got, _ := f.GetCellValue(SheetReturn, "K"+strconv.Itoa(row)); got != "=1+1 no review yet" {
				t.Errorf("narrative = %q", got)
			}
			if fm, _ := f.GetCellFormula(SheetReturn, "K"+strconv.Itoa(row)); fm != "" {
				t.Errorf("the narrative was written as a formula %q", fm)
			}
		}
	}

	// The three Total rows: under the items, by SWP and by PCC priority.
	var totals []int
	for i, row := range rows {
		if len(row) > 0 && row[0] == "Total" {
			totals = append(totals, i+1)
		}
	}
	if len(totals) != 3 || totals[0] != header+len(r.Items)+1 {
		t.Fatalf("Total rows at %v, want three, the first under the %d items", totals, len(r.Items))
	}
	for _, tr := range totals {
		for k, want := range figures(r.Total) {
			checkFormula(t, f, SheetReturn, retMoneyCols[k]+strconv.Itoa(tr), "SUM(", want)
		}
	}
	// Each group's row, by SWP (between the first two totals) and by PCC
	// (between the last two), holds a formula worth the group's figure.
	groupRows := func(from, to int, groups []model.ReturnGroup, prefix string) {
		t.Helper()
		for _, g := range groups {
			row := 0
			for i := from; i < to; i++ {
				if len(rows[i-1]) > 0 && rows[i-1][0] == g.Name {
					row = i
				}
			}
			if row == 0 {
				t.Errorf("no row for %q", g.Name)
				continue
			}
			p := prefix
			for k, want := range figures(g.ReturnFigures) {
				cell := fmt.Sprintf("%s%d", retMoneyCols[k], row)
				if g.Items == 0 && prefix == "SUM(" {
					// An empty priority has no rows to add up.
					p = "0"
				}
				checkFormula(t, f, SheetReturn, cell, p, want)
			}
		}
	}
	groupRows(totals[0]+1, totals[1], r.BySWP, "SUM(")
	groupRows(totals[1]+1, totals[2], r.ByPCC, "SUMIF(")

	// The measures.
	mrows, err := f.GetRows(SheetMeasures)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range mrows {
		if len(row) >= 7 && row[1] == plantest.DHR {
			found = row[2] == "Reviews started" && row[4] == "2" && row[5] == "46" && row[6] == "46"
		}
	}
	if !found {
		t.Errorf("Measures sheet has no row for the DHR's measure: %q", mrows)
	}
}

// A return written from its submitted copy says so at the top of both
// sheets.
func TestReturnWorkbookSubmitted(t *testing.T) {
	r := model.Submit(builtInReturn(t), time.Date(2017, time.July, 14, 12, 0, 0, 0, time.UTC)).Frozen()
	f := writeReturn(t, r)
	for _, sheet := range []string{SheetReturn, SheetMeasures} {
		if got, _ := f.GetCellValue(sheet, "A3"); got != "Submitted 14 July 2017" {
			t.Errorf("%s!A3 = %q, want the submitted date", sheet, got)
		}
	}
}

// Over random plans and spend, including items under no SWP priority or
// with no PCC priority and names with SUMIF's wildcards in them, every
// total and group formula of the Return sheet works out, in excelize's
// own calculation, to the figure stored with it, which is the return's.
func TestReturnWorkbookFormulasProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		p := plantest.GenWorkbookPlan(rt)
		items := p.Items()
		m := model.NewMonitoring(p.Info.StartYear)
		for i := range rapid.IntRange(0, 30).Draw(rt, "actuals") {
			if len(items) == 0 {
				break
			}
			it := items[rapid.IntRange(0, len(items)-1).Draw(rt, "item")]
			m.Actuals = append(m.Actuals, model.Actual{ID: model.ID(i + 1), Item: it.ID,
				Period: model.Period(rapid.IntRange(1, 12).Draw(rt, "period")),
				Amount: model.Pence(rapid.Int64Range(-500_000, 5_000_000).Draw(rt, "pence"))})
		}
		r, err := model.BuildReturn(p, m, model.Quarter(rapid.IntRange(1, 4).Draw(rt, "quarter")), 0, "x", time.Time{})
		if err != nil {
			rt.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteReturnXLSX(&buf, r); err != nil {
			rt.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			rt.Fatal(err)
		}
		defer func() { _ = f.Close() }()
		rows, err := f.GetRows(SheetReturn)
		if err != nil {
			rt.Fatal(err)
		}
		checked := 0
		for i := range rows {
			for _, col := range retMoneyCols {
				cell := col + strconv.Itoa(i+1)
				fm, _ := f.GetCellFormula(SheetReturn, cell)
				if fm == "" {
					continue
				}
				checked++
				cached, _ := f.GetCellValue(SheetReturn, cell, excelize.Options{RawCellValue: true})
				got, err := f.CalcCellValue(SheetReturn, cell, excelize.Options{RawCellValue: true})
				if err != nil {
					rt.Fatalf("%s: calculating %q: %v", cell, fm, err)
				}
				if a, b := asMoney(t, cached), asMoney(t, got); !a.Equal(b) {
					rt.Fatalf("%s = %s calculated (%q), %s stored", cell, b, fm, a)
				}
			}
		}
		// The item total, the SWP and PCC totals, and a row per group.
		if want := 5 * (3 + len(r.BySWP) + len(r.ByPCC)); checked != want {
			rt.Fatalf("%d formula cells, want %d", checked, want)
		}
	})
}

func TestWrapHeight(t *testing.T) {
	w := []float64{10, 20}
	if h := wrapHeight(w, map[int]string{0: "short", 1: "a b c"}); h != nil {
		t.Errorf("one line each: %v", h)
	}
	// Nine characters a line: "ab cd ef" then "gh"; nineteen: "growing
	// the economy" then "and more"; a 13-letter word in 9 takes two.
	if h := wrapHeight(w, map[int]string{0: "ab cd ef gh", 1: "growing the economy and more"}); len(h) != 1 || h[0].Height != 30 {
		t.Errorf("want two lines (30 points), got %v", h)
	}
	if h := wrapHeight(w, map[int]string{0: "Strengthening x"}); len(h) != 1 || h[0].Height != 30 {
		t.Errorf("want two lines (30 points: the word broken, x beside it), got %v", h)
	}
}
