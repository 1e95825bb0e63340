package planfile_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"csplan/model"
	"csplan/store/internal/plantest"
	"csplan/store/planfile"
)

const vawg = "Specialist VAWG services"

var preparedAt = time.Date(2017, time.July, 10, 9, 30, 0, 0, time.UTC)

// firstQuarterReturn is the built-in plan's first quarter (see
// plantest.FirstQuarter) with the officer's forecast of £6,000 for the
// domestic homicide reviews, a narrative and a measure for the VAWG
// services.
func firstQuarterReturn(t *testing.T) (*model.Plan, *model.Monitoring, map[string]model.ID) {
	t.Helper()
	p := planfile.BuiltIn()
	m, yisp, dhr, err := plantest.FirstQuarter(p)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]model.ID{plantest.YISPWorker: yisp, plantest.DHR: dhr}
	for _, it := range p.Items() {
		if it.Title == vawg {
			ids[vawg] = it.ID
		}
	}
	m.Forecast = map[model.ID]model.ForecastOverride{dhr: {Outturn: model.Pounds(6000), Reason: "One review expected"}}
	q1, q2 := decimal.NewFromInt(46), decimal.NewFromInt(50)
	m.Narratives = map[model.ID]map[model.Quarter]string{
		ids[vawg]: {1: "=HYPERLINK(\"http://x\") 46 women supported", 2: "later"},
	}
	m.Measures = map[model.ID][]model.Measure{
		ids[vawg]: {{Name: "Women supported", Unit: "people", Target: decimal.NewFromInt(200), Values: [4]*decimal.Decimal{&q1, &q2}}},
	}
	return p, m, ids
}

func itemOf(t *testing.T, r model.QuarterlyReturn, title string) model.ReturnItem {
	t.Helper()
	for _, it := range r.Items {
		if it.Title == title {
			return it
		}
	}
	t.Fatalf("no item %q in the return", title)
	return model.ReturnItem{}
}

type figs struct{ budget, inQ, toDate, forecast, variance string }

func checkFigures(t *testing.T, what string, got model.ReturnFigures, w figs) {
	t.Helper()
	for _, c := range []struct {
		name string
		got  model.Money
		want string
	}{
		{"budget", got.Budget, w.budget}, {"spend in the quarter", got.SpendInQuarter, w.inQ},
		{"spend to date", got.SpendToDate, w.toDate}, {"forecast outturn", got.ForecastOutturn, w.forecast},
		{"variance", got.Variance, w.variance},
	} {
		if c.want != "" && !c.got.Equal(model.MustMoney(c.want)) {
			t.Errorf("%s: %s = %s, want £%s", what, c.name, c.got.Exact(), c.want)
		}
	}
}

// The Q1 return of the built-in plan, against the figures worked by hand
// in TestMonitorBuiltInFirstQuarter: as at P3 the spend in the quarter is
// the spend to date, £101,750.12 profiled less the YISP worker's
// £8,431.41 and the DHR's £4,500, £88,818.71; the forecast outturn
// £407,000 - £8,431.41 - £12,000 = £386,568.59.
func TestReturnBuiltInFirstQuarter(t *testing.T) {
	p, m, ids := firstQuarterReturn(t)
	r, err := model.BuildReturn(p, m, 1, 0, "A. Officer", preparedAt)
	if err != nil {
		t.Fatal(err)
	}
	if r.AsAt != 3 || r.Partnership != p.Info.Partnership || r.YearLabel() != "2017/18" || r.QuarterLabel() != "Q1, Apr-Jun 2017" ||
		r.AsAtLabel() != "P3, June 2017" || r.PreparedBy != "A. Officer" || r.Status() != "Draft" {
		t.Errorf("heading: %+v as at %s, %s, %s", r.AsAt, r.QuarterLabel(), r.AsAtLabel(), r.Status())
	}
	post := itemOf(t, r, plantest.YISPWorker)
	checkFigures(t, "YISP worker", post.ReturnFigures, figs{"33725.57", "0", "0", "25294.16", "8431.41"})
	if post.RAG != model.Red || post.SWP != "Reducing Reoffending" || post.PCC != "Standing up for young people" {
		t.Errorf("YISP worker: %s, %s, %s", post.RAG, post.SWP, post.PCC)
	}
	dhr := itemOf(t, r, plantest.DHR)
	checkFigures(t, "DHR", dhr.ReturnFigures, figs{"18000", "0", "0", "6000", "12000"})
	if dhr.ForecastReason != "One review expected" || dhr.RAG != model.Red {
		t.Errorf("DHR: reason %q, %s", dhr.ForecastReason, dhr.RAG)
	}
	v := itemOf(t, r, vawg)
	if !v.Variance.IsZero() || !v.SpendInQuarter.Equal(v.SpendToDate) || v.SpendToDate.IsZero() || !strings.HasPrefix(v.Narrative, "=HYPERLINK") {
		t.Errorf("VAWG: %+v", v)
	}
	if len(v.Measures) != 1 || v.Measures[0].Quarter == nil || !v.Measures[0].Quarter.Equal(decimal.NewFromInt(46)) ||
		!v.Measures[0].ToDate.Equal(decimal.NewFromInt(46)) || !v.Measures[0].Target.Equal(decimal.NewFromInt(200)) {
		t.Errorf("VAWG measures: %+v", v.Measures)
	}
	checkFigures(t, "total", r.Total, figs{"407000", "88818.71", "88818.71", "386568.59", "20431.41"})

	for _, c := range []struct {
		groups []model.ReturnGroup
		name   string
		fv     string
	}{
		{r.BySWP, "Reducing Reoffending", "8431.41"},
		{r.BySWP, "Violence Prevention", "12000"},
		{r.BySWP, "Reducing Victimisation", "0"},
		{r.ByPCC, "Standing up for young people", "8431.41"},
		{r.ByPCC, "Supporting victims of crime", "12000"},
		{r.ByPCC, "Protecting from harm", "0"},
	} {
		i := slices.IndexFunc(c.groups, func(g model.ReturnGroup) bool { return g.Name == c.name })
		if i < 0 {
			t.Errorf("no group %q", c.name)
			continue
		}
		if !c.groups[i].Variance.Equal(model.MustMoney(c.fv)) {
			t.Errorf("%s: variance %s, want £%s", c.name, c.groups[i].Variance.Exact(), c.fv)
		}
	}
	// Items come grouped by SWP priority, in the priorities' order.
	var seen []string
	for _, it := range r.Items {
		if len(seen) == 0 || seen[len(seen)-1] != it.SWP {
			if slices.Contains(seen, it.SWP) {
				t.Fatalf("items of %q are not together: %v then %q", it.SWP, seen, it.SWP)
			}
			seen = append(seen, it.SWP)
		}
	}

	// Written later, as at P4, with £1,000 of VAWG spend booked in P4:
	// the quarter's spend is still its own three periods.
	m.Actuals = append(m.Actuals, model.Actual{ID: 9999, Item: ids[vawg], Period: 4, Amount: model.Pounds(1000)})
	r4, err := model.BuildReturn(p, m, 1, 4, "A. Officer", preparedAt)
	if err != nil {
		t.Fatal(err)
	}
	checkFigures(t, "total as at P4", r4.Total, figs{budget: "407000", inQ: "88818.71", toDate: "89818.71"})
	// Mid-quarter, as at P2: two periods of the quarter.
	r2, err := model.BuildReturn(p, m, 1, 2, "A. Officer", preparedAt)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.Total.SpendInQuarter.Equal(r2.Total.SpendToDate) || r2.Total.SpendToDate.Cmp(r.Total.SpendToDate) >= 0 {
		t.Errorf("as at P2: spend in the quarter %s, to date %s", r2.Total.SpendInQuarter, r2.Total.SpendToDate)
	}
	if _, err := model.BuildReturn(p, m, 2, 3, "A. Officer", preparedAt); err == nil || !strings.Contains(err.Error(), "Q2, Jul-Sep 2017") {
		t.Errorf("a Q2 return as at P3: err = %v, want it refused naming the quarter", err)
	}
	if _, err := model.BuildReturn(p, m, 5, 0, "A. Officer", preparedAt); err == nil {
		t.Error("Q5 accepted")
	}
}

// A return submitted, then a late invoice: the kept copy is as sent,
// DiffReturns names what changed, and nothing when nothing has.
func TestReturnSubmitThenLateInvoice(t *testing.T) {
	p, m, ids := firstQuarterReturn(t)
	r, err := model.BuildReturn(p, m, 1, 3, "A. Officer", preparedAt)
	if err != nil {
		t.Fatal(err)
	}
	sent := model.Submit(r, time.Date(2017, time.July, 14, 16, 0, 0, 0, time.UTC))
	// The kept copy goes through the store as JSON.
	b, err := json.Marshal(sent)
	if err != nil {
		t.Fatal(err)
	}
	var kept model.SubmittedReturn
	if err := json.Unmarshal(b, &kept); err != nil {
		t.Fatal(err)
	}
	frozen := kept.Frozen()
	if frozen.Status() != "Submitted 14 July 2017" {
		t.Errorf("status = %q", frozen.Status())
	}
	var w1, w2 bytes.Buffer
	if err := planfile.WriteReturnCSV(&w1, sent.Frozen()); err != nil {
		t.Fatal(err)
	}
	if err := planfile.WriteReturnCSV(&w2, frozen); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w1.Bytes(), w2.Bytes()) {
		t.Errorf("the kept copy writes differently from the return sent:\n%s\n---\n%s", w1.String(), w2.String())
	}

	again, err := model.BuildReturn(p, m, 1, frozen.AsAt, "Someone else", preparedAt.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if d := model.DiffReturns(frozen, again); len(d) != 0 {
		t.Errorf("nothing changed, but DiffReturns says %q", d)
	}

	m.Actuals = append(m.Actuals, model.Actual{ID: 9999, Item: ids[vawg], Period: 3, Amount: model.MustMoney("450"),
		Description: "Late invoice", Source: model.ActualSource{File: "late.csv", Row: 2}})
	now, err := model.BuildReturn(p, m, 1, 3, "A. Officer", preparedAt)
	if err != nil {
		t.Fatal(err)
	}
	was := itemOf(t, frozen, vawg).SpendToDate
	d := model.DiffReturns(frozen, now)
	want := vawg + ": spend to date " + was.Exact() + " → " + was.Add(model.Pounds(450)).Exact()
	if !slices.Contains(d, want) {
		t.Errorf("DiffReturns = %q, want it to contain %q", d, want)
	}
	if !slices.Contains(d, "Total: spend to date £88,818.71 → £89,268.71") {
		t.Errorf("DiffReturns = %q, want the total's spend to date", d)
	}
	for _, line := range d {
		if !strings.HasPrefix(line, vawg+":") && !strings.HasPrefix(line, "Total:") {
			t.Errorf("DiffReturns names an item that did not change: %q", line)
		}
	}
}

// The CSV is written as the plan export is: a byte order mark, CRLF line
// ends, a narrative that starts with "=" neutralised; and its figures are
// the return's.
func TestWriteReturnCSV(t *testing.T) {
	p, m, _ := firstQuarterReturn(t)
	r, err := model.BuildReturn(p, m, 1, 3, "=cmd|' /C calc'!A0", preparedAt)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := planfile.WriteReturnCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\uFEFF") {
		t.Error("no byte order mark")
	}
	if strings.Count(out, "\n") != strings.Count(out, "\r\n") || !strings.HasSuffix(out, "\r\n") {
		t.Error("a line does not end in CRLF")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF")))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	heading := map[string]string{}
	header := -1
	for i, row := range rows {
		if len(row) == 2 {
			heading[row[0]] = row[1]
		}
		if row[0] == "Record" {
			header = i
			break
		}
	}
	for k, v := range map[string]string{
		"Partnership": p.Info.Partnership, "Year": "2017/18", "Quarter": "Q1, Apr-Jun 2017", "As at": "P3, June 2017",
		"Prepared by": "'=cmd|' /C calc'!A0", "Date": "10 July 2017", "Status": "Draft",
	} {
		if heading[k] != v {
			t.Errorf("heading %s = %q, want %q", k, heading[k], v)
		}
	}
	if header < 0 || !slices.Equal(rows[header], planfile.ReturnColumns(1)) {
		t.Fatalf("no table header %q", planfile.ReturnColumns(1))
	}
	cols := map[string]int{}
	for i, c := range rows[header] {
		cols[c] = i
	}
	var items, measures int
	var total []string
	sums := map[string]model.Money{}
	for _, row := range rows[header+1:] {
		switch row[0] {
		case planfile.ReturnRecordItem:
			items++
			for _, c := range []string{"Budget", "Spend in Q1", "Spend to date", "Forecast outturn", "Variance"} {
				sums[c] = sums[c].Add(model.MustMoney(row[cols[c]]))
			}
			if row[cols["Item"]] == vawg && row[cols["Narrative"]] != "'=HYPERLINK(\"http://x\") 46 women supported" {
				t.Errorf("narrative written as %q, want it behind an apostrophe", row[cols["Narrative"]])
			}
			if row[cols["Item"]] == plantest.DHR && (row[cols["Forecast outturn"]] != "6000.00" || row[cols["Forecast reason"]] != "One review expected" || row[cols["RAG"]] != "red") {
				t.Errorf("DHR row: %q", row)
			}
		case planfile.ReturnRecordMeasure:
			measures++
			if row[cols["Measure"]] != "Women supported" || row[cols["Q1 value"]] != "46" || row[cols["Annual target"]] != "200" {
				t.Errorf("measure row: %q", row)
			}
		case planfile.ReturnRecordTotal:
			total = row
		}
	}
	if items != len(r.Items) || measures != 1 || total == nil {
		t.Fatalf("%d item rows, %d measure rows, total %q", items, measures, total)
	}
	for c, want := range map[string]string{"Budget": "407000.00", "Spend in Q1": "88818.71", "Spend to date": "88818.71",
		"Forecast outturn": "386568.59", "Variance": "20431.41"} {
		if total[cols[c]] != want || sums[c].Plain() != want {
			t.Errorf("%s: total row %s, items add to %s, want %s", c, total[cols[c]], sums[c].Plain(), want)
		}
	}
}

// Whatever the plan and its spend, the return's items, its groups by SWP
// priority and its groups by PCC priority each add up to its total to the
// penny, and its figures are the monitoring's.
func TestReturnTotalsFoot(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := plantest.GenPlan(t)
		items := p.Items()
		m := model.NewMonitoring(p.Info.StartYear)
		if len(items) > 0 {
			n := rapid.IntRange(0, 40).Draw(t, "actuals")
			for i := range n {
				it := items[rapid.IntRange(0, len(items)-1).Draw(t, "item")]
				m.Actuals = append(m.Actuals, model.Actual{ID: model.ID(i + 1), Item: it.ID,
					Period: model.Period(rapid.IntRange(1, 12).Draw(t, "period")),
					Amount: model.Pence(rapid.Int64Range(-500_000, 5_000_000).Draw(t, "pence"))})
			}
			if rapid.Bool().Draw(t, "override") {
				it := items[rapid.IntRange(0, len(items)-1).Draw(t, "overridden")]
				m.Forecast = map[model.ID]model.ForecastOverride{it.ID: {Outturn: model.Pence(rapid.Int64Range(0, 9_000_000).Draw(t, "outturn")), Reason: "r"}}
			}
		}
		q := model.Quarter(rapid.IntRange(1, 4).Draw(t, "quarter"))
		asAt := model.Period(rapid.IntRange(int(q.First()), 12).Draw(t, "as at"))
		r, err := model.BuildReturn(p, m, q, asAt, "x", preparedAt)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Items) != len(items) {
			t.Fatalf("%d items in the return, %d in the plan", len(r.Items), len(items))
		}
		var sum model.ReturnFigures
		var inQ model.Money
		for _, it := range r.Items {
			sum = addFigures(sum, it.ReturnFigures)
		}
		for _, a := range m.Actuals {
			if a.Period >= q.First() && a.Period <= min(asAt, q.Last()) {
				inQ = inQ.Add(a.Amount)
			}
		}
		if !reflect.DeepEqual(plainFigures(sum), plainFigures(r.Total)) {
			t.Fatalf("items add to %v, total %v", plainFigures(sum), plainFigures(r.Total))
		}
		if !inQ.Equal(r.Total.SpendInQuarter) {
			t.Fatalf("spend in the quarter %s, actuals in it %s", r.Total.SpendInQuarter, inQ)
		}
		s := model.Monitor(p, m, asAt)
		if !s.Total.ActualToDate.Equal(r.Total.SpendToDate) || !s.Total.ForecastOutturn.Equal(r.Total.ForecastOutturn) {
			t.Fatalf("monitoring %+v, return %+v", s.Total, r.Total)
		}
		for name, gs := range map[string][]model.ReturnGroup{"SWP": r.BySWP, "PCC": r.ByPCC} {
			var g model.ReturnFigures
			n := 0
			for _, x := range gs {
				g = addFigures(g, x.ReturnFigures)
				n += x.Items
			}
			if n != len(r.Items) || !reflect.DeepEqual(plainFigures(g), plainFigures(r.Total)) {
				t.Fatalf("by %s: %d items adding to %v; total %v of %d", name, n, plainFigures(g), plainFigures(r.Total), len(r.Items))
			}
		}
		var buf bytes.Buffer
		if err := planfile.WriteReturnCSV(&buf, r); err != nil {
			t.Fatal(err)
		}
	})
}

func addFigures(a, b model.ReturnFigures) model.ReturnFigures {
	return model.ReturnFigures{
		Budget: a.Budget.Add(b.Budget), SpendInQuarter: a.SpendInQuarter.Add(b.SpendInQuarter),
		SpendToDate: a.SpendToDate.Add(b.SpendToDate), ForecastOutturn: a.ForecastOutturn.Add(b.ForecastOutturn),
		Variance: a.Variance.Add(b.Variance),
	}
}

func plainFigures(f model.ReturnFigures) [5]string {
	return [5]string{f.Budget.Plain(), f.SpendInQuarter.Plain(), f.SpendToDate.Plain(), f.ForecastOutturn.Plain(), f.Variance.Plain()}
}
