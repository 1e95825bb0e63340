package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"csplan/model"
	"csplan/store/planfile"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// testPlan is a small plan in the shape of the 2017/18 one: a confirmed
// grant, a pending carry-forward, a refused bid; three priorities whose
// Order differs from their position; lines in pence; five posts, one part
// funded and one with on-costs set by hand.
func testPlan() *model.Plan {
	override := model.Pounds(4000)
	return &model.Plan{
		Info: model.Info{
			Partnership:     "Safer Wolverhampton Partnership",
			AccountableBody: "City of Wolverhampton Council",
			StartYear:       2017,
			Notes:           "Amounts per line are illustrative.",
		},
		Settings: model.DefaultSettings(),
		Funding: []model.FundingSource{
			{ID: 1, Name: "PCC Police Grant Community Fund 2017/18", Amount: model.Pounds(369000), Status: model.Confirmed},
			{ID: 2, Name: "Carry-forward from 2016/17", Amount: model.Pounds(38000), Status: model.Pending, Note: "subject to PCC approval"},
			{ID: 3, Name: "Bid to the Home Office", Amount: model.Pence(1234567), Status: model.Refused},
		},
		Priorities: []model.Priority{
			{ID: 10, Name: "Violence Prevention", Order: 2},
			{ID: 11, Name: "Reducing Reoffending", Order: 1},
			{ID: 12, Name: "Reducing Victimisation", Order: 3},
		},
		Tags: []model.Tag{
			{ID: 20, Name: "Protecting from harm", Order: 1},
			{ID: 21, Name: "Supporting victims of crime", Order: 2},
			{ID: 22, Name: "Standing up for young people", Order: 3},
		},
		Lines: []model.Line{
			{ID: 100, PriorityID: 11, Title: "Reducing reoffending strategy", Owner: "Community Safety Team", Kind: "Project", Cost: model.Pence(1250001), Tags: []model.ID{20}},
			{ID: 101, PriorityID: 10, Title: "Targeted interventions for young people", Owner: "YOT", Kind: "Commissioned service", Cost: model.Pence(4500033), Tags: []model.ID{20, 22}},
			{ID: 102, PriorityID: 12, Title: "Specialist VAWG services", Owner: "Commissioning", Kind: "Commissioned service", Cost: model.Pence(9876543), Tags: []model.ID{21}},
			{ID: 103, PriorityID: 12, Title: "Domestic homicide reviews", Owner: "Community Safety Team", Kind: "Running cost", Cost: model.Pence(1500099), Tags: []model.ID{21}},
			{ID: 104, PriorityID: 10, Title: "Critical incident community mediators", Kind: "Project", Cost: model.Pence(333), Tags: []model.ID{20}},
		},
		Posts: []model.Post{
			{ID: 200, PriorityID: 11, Title: "IOM admin support", Team: "Community Safety Team", Tags: []model.ID{20},
				FTE: decimal.RequireFromString("0.5"), Salary: model.Pence(2143299), StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("100")},
			{ID: 201, PriorityID: 10, Title: "Youth Inclusion Support Panel worker", Team: "Youth Offending Team", Tags: []model.ID{22},
				FTE: decimal.RequireFromString("1"), Salary: model.Pounds(26822), StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("100")},
			{ID: 202, PriorityID: 12, Title: "Domestic Violence Advisor (IDVA)", Team: "Children's Social Care", Tags: []model.ID{21},
				FTE: decimal.RequireFromString("1"), Salary: model.Pounds(28485), StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("66.6667"),
				OtherFunder: "Children's Services"},
			{ID: 203, PriorityID: 12, Title: "Business Crime Coordinator", Team: "Community Safety Team", Tags: []model.ID{20},
				FTE: decimal.RequireFromString("0.8"), Salary: model.Pounds(30153), StartMonth: 4, EndMonth: 12, GrantShare: model.Pct("100")},
			{ID: 204, PriorityID: 10, Title: "Seconded analyst", Team: "Youth Offending Team", Tags: []model.ID{20},
				FTE: decimal.RequireFromString("1"), Salary: model.Pounds(24000), StartMonth: 1, EndMonth: 6, GrantShare: model.Pct("50"),
				OtherFunder: "West Midlands Police", OnCostOverride: &override},
		},
	}
}

func write(t testing.TB, p *model.Plan, opts Options) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, p, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("reopening the workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// findRow returns the row number whose column A reads label.
func findRow(t *testing.T, f *excelize.File, sheet, label string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return i + 1
		}
	}
	t.Fatalf("%s sheet: no row %q", sheet, label)
	return 0
}

// checkFormula asserts that cell holds a formula starting with prefix, that
// excelize's calculation of it gives want to the penny, and that the value
// stored with it (for readers that do not recalculate) is want too.
func checkFormula(t *testing.T, f *excelize.File, sheet, cell, prefix string, want model.Money) {
	t.Helper()
	fm, err := f.GetCellFormula(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(fm, prefix) {
		t.Errorf("%s!%s formula = %q, want it to start with %q", sheet, cell, fm, prefix)
	}
	got, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: calculating %q: %v", sheet, cell, fm, err)
	}
	if m := asMoney(t, got); !m.Equal(want) {
		t.Errorf("%s!%s = %s calculated (%q), want %s", sheet, cell, m, fm, want)
	}
	cached, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if m := asMoney(t, cached); !m.Equal(want) {
		t.Errorf("%s!%s stored value = %q, want %s", sheet, cell, cached, want.Plain())
	}
}

// asMoney reads a spreadsheet number, rounding away float noise to the penny.
func asMoney(t *testing.T, s string) model.Money {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return model.MoneyFromDecimal(d)
}

func TestSheetNames(t *testing.T) {
	p := testPlan()
	f := write(t, p, Options{Title: "Plan"})
	if got, want := f.GetSheetList(), []string{"Plan", "Posts", "Funding", "Data"}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	f = write(t, p, Options{Title: "Plan", Compare: []model.Column{{Name: "Plan", Plan: p}, {Name: "Same", Plan: p}}})
	if got, want := f.GetSheetList(), []string{"Plan", "Posts", "Funding", "Comparison", "Data"}; !slices.Equal(got, want) {
		t.Errorf("sheets = %v, want %v", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet = %d, want the Plan sheet", got)
	}
}

func TestPlanSheetTotalsAreLiveFormulas(t *testing.T) {
	p := testPlan()
	tot := model.ComputeTotals(p)
	f := write(t, p, Options{Title: "Scenario: Carry-forward refused"})

	for _, want := range []string{p.Info.Partnership, "Costed delivery plan 2017/18", "Scenario: Carry-forward refused"} {
		findRow(t, f, "Plan", want)
	}
	// Groups come in priority order, each under a heading, each subtotal a
	// SUM that calculates to the model's priority total.
	var prev int
	for _, name := range []string{"Reducing Reoffending", "Violence Prevention", "Reducing Victimisation"} {
		head := findRow(t, f, "Plan", name)
		if head < prev {
			t.Errorf("priority %q is out of order", name)
		}
		prev = head
		sub := findRow(t, f, "Plan", "Subtotal: "+name)
		var want model.Money
		for _, pt := range tot.ByPriority {
			if pt.Name == name {
				want = pt.Total
			}
		}
		checkFormula(t, f, "Plan", fmt.Sprintf("E%d", sub), "SUM(", want)
	}
	// The Reducing Victimisation group holds two lines and two posts.
	head := findRow(t, f, "Plan", "Reducing Victimisation")
	sub := findRow(t, f, "Plan", "Subtotal: Reducing Victimisation")
	if sub-head-1 != 4 {
		t.Errorf("Reducing Victimisation has %d rows, want 4", sub-head-1)
	}
	kind, _ := f.GetCellValue("Plan", fmt.Sprintf("C%d", sub-1))
	if kind != "Post" {
		t.Errorf("last row of the group is %q, want a Post", kind)
	}

	total := findRow(t, f, "Plan", "Total allocated")
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", total), "SUM(", tot.Allocated)
	fm, _ := f.GetCellFormula("Plan", fmt.Sprintf("E%d", total))
	if strings.Contains(fm, ":") {
		t.Errorf("total %q should add the subtotal cells, not a range that double counts", fm)
	}
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Confirmed + pending")), "", tot.EnvelopeAll)
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Headroom if pending approved")), "", tot.HeadroomAll)
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Headroom on confirmed money alone")), "", tot.HeadroomConfirmed)
	for label, want := range map[string]model.Money{"Confirmed money": tot.Confirmed, "Pending money": tot.Pending} {
		cell := fmt.Sprintf("E%d", findRow(t, f, "Plan", label))
		if fm, _ := f.GetCellFormula("Plan", cell); fm != "" {
			t.Errorf("%s is a formula %q, want a value", label, fm)
		}
		v, _ := f.GetCellValue("Plan", cell, excelize.Options{RawCellValue: true})
		if m := asMoney(t, v); !m.Equal(want) {
			t.Errorf("%s = %s, want %s", label, m, want)
		}
	}
	verdict := fmt.Sprintf("E%d", findRow(t, f, "Plan", "The plan"))
	got, err := f.CalcCellValue("Plan", verdict)
	if err != nil || got != tot.Fit.String() {
		t.Errorf("verdict = %q, %v; want %q", got, err, tot.Fit.String())
	}
	if cached, _ := f.GetCellValue("Plan", verdict); cached != tot.Fit.String() {
		t.Errorf("stored verdict = %q, want %q", cached, tot.Fit.String())
	}
}

func TestMoneyCellsAreNumbersInPoundFormat(t *testing.T) {
	p := testPlan()
	f := write(t, p, Options{})
	row := findRow(t, f, "Plan", "Domestic homicide reviews")
	cell := fmt.Sprintf("E%d", row)
	typ, err := f.GetCellType("Plan", cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("cost cell type = %v, want a number", typ)
	}
	raw, _ := f.GetCellValue("Plan", cell, excelize.Options{RawCellValue: true})
	if raw != "15000.99" {
		t.Errorf("raw cost = %q, want 15000.99", raw)
	}
	shown, _ := f.GetCellValue("Plan", cell)
	if shown != "£15,000.99" {
		t.Errorf("formatted cost = %q, want £15,000.99", shown)
	}
	for _, c := range []struct{ sheet, cell string }{
		{"Plan", cell},
		{"Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Total allocated"))},
		{"Posts", "Q2"},
		{"Funding", "C2"},
	} {
		id, err := f.GetCellStyle(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil || *st.CustomNumFmt != MoneyFormat {
			t.Errorf("%s!%s number format = %v, want %s", c.sheet, c.cell, st.CustomNumFmt, MoneyFormat)
		}
	}
}

func TestPostsSheet(t *testing.T) {
	p := testPlan()
	tot := model.ComputeTotals(p)
	f := write(t, p, Options{})
	rows, err := f.GetRows("Posts")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Title", "Team", "SWP priority", "FTE", "Annual salary", "Pay", "Employer NI", "Pension",
		"Levy", "On-costs", "Annual cost", "Start month", "End month", "Months", "Cost in year",
		"Grant share %", "Cost to grant", "Other funder", "Other funder's part", "Notes"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("Posts header = %q\nwant %q", rows[0], want)
	}
	// Each post's figures are its costing, exactly.
	for i, po := range p.Posts {
		c := po.Costing(p.Settings)
		r := i + 2
		for col, m := range map[string]model.Money{"F": c.Pay, "G": c.NI, "J": c.OnCosts, "O": c.InYear, "Q": c.ToGrant, "S": c.ToOther} {
			if col == "S" && c.ToOther.IsZero() {
				continue
			}
			v, _ := f.GetCellValue("Posts", fmt.Sprintf("%s%d", col, r), excelize.Options{RawCellValue: true})
			if got := asMoney(t, v); !got.Equal(m) {
				t.Errorf("post %q column %s = %s, want %s", po.Title, col, got, m)
			}
		}
	}
	if v, _ := f.GetCellValue("Posts", "P4"); v != "66.67%" {
		t.Errorf("IDVA grant share shows %q, want 66.67%%", v)
	}
	if v, _ := f.GetCellValue("Posts", "L5"); v != "July 2017" {
		t.Errorf("start month = %q, want July 2017", v)
	}
	if v, _ := f.GetCellValue("Posts", "T6"); !strings.Contains(v, "set by hand") {
		t.Errorf("override post notes = %q, want it to say the on-costs were set by hand", v)
	}
	total := findRow(t, f, "Posts", "Total")
	checkFormula(t, f, "Posts", fmt.Sprintf("Q%d", total), "SUM(Q2:Q6)", tot.PostsTotal)
	checkFormula(t, f, "Posts", fmt.Sprintf("S%d", total), "SUM(S2:S6)", tot.PostsOther)
}

func TestFundingSheet(t *testing.T) {
	p := testPlan()
	tot := model.ComputeTotals(p)
	f := write(t, p, Options{})
	for label, want := range map[string]model.Money{
		"Confirmed": tot.Confirmed, "Pending": tot.Pending, "Refused (not counted)": tot.Refused,
	} {
		checkFormula(t, f, "Funding", fmt.Sprintf("C%d", findRow(t, f, "Funding", label)), "SUMIF(", want)
	}
	checkFormula(t, f, "Funding", fmt.Sprintf("C%d", findRow(t, f, "Funding", "Confirmed + pending")), "", tot.EnvelopeAll)
	if v, _ := f.GetCellValue("Funding", "B3"); v != "pending" {
		t.Errorf("carry-forward status = %q, want pending", v)
	}
}

func TestComparisonSheet(t *testing.T) {
	p := testPlan()
	refused := model.Refused
	sc := model.Scenario{Name: "Carry-forward refused", Steps: []model.Step{
		{Kind: model.StepFunding, Target: 2, Status: &refused},
		{Kind: model.StepRemoveLine, Target: 104},
	}}
	alt := sc.Plan(p)
	cols := []model.Column{{Name: "Plan", Plan: p}, {Name: sc.Name, Plan: alt}}
	f := write(t, alt, Options{Title: "Scenario: " + sc.Name, Compare: cols})
	rows, err := f.GetRows("Comparison")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Section", "Item", "Plan", "Carry-forward refused", "Difference vs Plan", "Changed"}; !slices.Equal(rows[0], want) {
		t.Errorf("header = %q, want %q", rows[0], want)
	}
	model := model.Compare(cols)
	if len(rows)-1 != len(model) {
		t.Fatalf("%d comparison rows, want %d", len(rows)-1, len(model))
	}
	changed := 0
	for i, r := range model {
		row := i + 2
		checkFormula(t, f, "Comparison", fmt.Sprintf("E%d", row), fmt.Sprintf("D%d-C%d", row, row), r.Diff(1))
		mark, _ := f.GetCellValue("Comparison", fmt.Sprintf("F%d", row))
		if (mark != "") != r.Changed {
			t.Errorf("row %q changed mark = %q, want changed=%v", r.Label, mark, r.Changed)
		}
		if r.Changed {
			changed++
		}
		if !r.Cells[1].Present {
			if v, _ := f.GetCellValue("Comparison", fmt.Sprintf("D%d", row)); v != "" {
				t.Errorf("row %q: missing cell shows %q, want it empty", r.Label, v)
			}
		}
	}
	if changed == 0 {
		t.Error("no row marked changed")
	}
	removed := findRowIn(t, rows, 1, "Critical incident community mediators")
	if got, _ := f.CalcCellValue("Comparison", fmt.Sprintf("E%d", removed), excelize.Options{RawCellValue: true}); got != "-3.33" {
		t.Errorf("removed line difference = %q, want -3.33", got)
	}
}

func findRowIn(t *testing.T, rows [][]string, col int, label string) int {
	t.Helper()
	for i, r := range rows {
		if len(r) > col && r[col] == label {
			return i + 1
		}
	}
	t.Fatalf("no row %q", label)
	return 0
}

func TestTextThatLooksLikeAFormulaStaysText(t *testing.T) {
	p := testPlan()
	evil := []string{
		`=HYPERLINK("http://example.com/x","Click")`,
		"+1+2",
		"-3+4",
		"@SUM(A1:A2)",
		"=1+1",
	}
	p.Lines[0].Title = evil[0]
	p.Lines[0].Owner = evil[1]
	p.Lines[0].Kind = evil[2]
	p.Tags[0].Name = evil[3]
	p.Posts[0].Title = evil[0]
	p.Funding[0].Name = evil[4]
	f := write(t, p, Options{Title: evil[0], Compare: []model.Column{{Name: evil[4], Plan: p}, {Name: evil[1], Plan: p}}})

	check := func(sheet, cell, want string) {
		t.Helper()
		if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
			t.Errorf("%s!%s became the formula %q", sheet, cell, fm)
		}
		typ, _ := f.GetCellType(sheet, cell)
		if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s!%s has type %v, want a string", sheet, cell, typ)
		}
		if v, _ := f.GetCellValue(sheet, cell); v != want {
			t.Errorf("%s!%s = %q, want %q", sheet, cell, v, want)
		}
	}
	titleRow := findRow(t, f, "Plan", evil[0]) // the export title, above the header
	check("Plan", fmt.Sprintf("A%d", titleRow), evil[0])
	rows, _ := f.GetRows("Plan")
	line := 0
	for i, r := range rows {
		if len(r) > 1 && r[0] == evil[0] && r[1] == evil[1] {
			line = i + 1
		}
	}
	if line == 0 {
		t.Fatal("line with the formula-like title not found")
	}
	check("Plan", fmt.Sprintf("A%d", line), evil[0])
	check("Plan", fmt.Sprintf("B%d", line), evil[1])
	check("Plan", fmt.Sprintf("C%d", line), evil[2])
	check("Plan", fmt.Sprintf("D%d", line), evil[3])
	check("Posts", "A2", evil[0])
	check("Funding", "A2", evil[4])
	check("Comparison", "C1", evil[4])
	check("Comparison", "D1", evil[1])
}

func TestStrayAndEmptyGroups(t *testing.T) {
	p := testPlan()
	p.Priorities = append(p.Priorities, model.Priority{ID: 13, Name: "Nothing yet", Order: 9})
	p.Lines = append(p.Lines, model.Line{ID: 105, PriorityID: 99, Title: "Orphan", Cost: model.Pence(101)})
	tot := model.ComputeTotals(p)
	f := write(t, p, Options{})
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Subtotal: Nothing yet")), "SUM(", model.Money{})
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Subtotal: No SWP priority")), "SUM(", model.Pence(101))
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Total allocated")), "SUM(", tot.Allocated)
}

func TestEmptyPlan(t *testing.T) {
	f := write(t, &model.Plan{Info: model.Info{StartYear: 2017}}, Options{})
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Total allocated")), "", model.Money{})
	checkFormula(t, f, "Posts", "Q3", "SUM(Q2:Q2)", model.Money{})
	checkFormula(t, f, "Funding", fmt.Sprintf("C%d", findRow(t, f, "Funding", "Confirmed")), "SUMIF(", model.Money{})
}

func TestManyPrioritiesTotal(t *testing.T) {
	// More subtotals than a SUM takes arguments: the total nests its SUMs.
	p := &model.Plan{Info: model.Info{StartYear: 2017}}
	want := model.Money{}
	for i := range 450 {
		id := model.ID(i + 1)
		p.Priorities = append(p.Priorities, model.Priority{ID: id, Name: fmt.Sprintf("P%d", i), Order: i})
		c := model.Pence(int64(i*101 + 7))
		p.Lines = append(p.Lines, model.Line{ID: id, PriorityID: id, Title: "x", Cost: c})
		want = want.Add(c)
	}
	f := write(t, p, Options{})
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Total allocated")), "SUM(SUM(", want)
}

func TestLayout(t *testing.T) {
	f := write(t, testPlan(), Options{Title: "Plan"})
	header := findRow(t, f, "Plan", "Item")
	for _, s := range []struct {
		sheet string
		row   int
	}{{"Plan", header}, {"Posts", 1}, {"Funding", 1}} {
		panes, err := f.GetPanes(s.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != s.row {
			t.Errorf("%s panes = %+v, want frozen below row %d", s.sheet, panes, s.row)
		}
		pl, err := f.GetPageLayout(s.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s page layout = %+v, want landscape one page wide", s.sheet, pl)
		}
		w, err := f.GetColWidth(s.sheet, "A")
		if err != nil || w < 20 {
			t.Errorf("%s column A width = %v, %v", s.sheet, w, err)
		}
	}
	merged, err := f.GetMergeCells("Plan")
	if err != nil || len(merged) != 1 || merged[0].GetCellValue() != "Amounts per line are illustrative." {
		t.Errorf("Plan merged cells = %v, %v; want the plan's notes merged across the table", merged, err)
	}
	id, _ := f.GetCellStyle("Plan", fmt.Sprintf("A%d", header))
	st, _ := f.GetStyle(id)
	if st.Font == nil || !st.Font.Bold {
		t.Error("Plan header is not bold")
	}
	id, _ = f.GetCellStyle("Plan", fmt.Sprintf("A%d", findRow(t, f, "Plan", "Violence Prevention")))
	st, _ = f.GetStyle(id)
	if st.Font == nil || !st.Font.Bold {
		t.Error("priority heading is not bold")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorIsReported(t *testing.T) {
	err := Write(failingWriter{}, testPlan(), Options{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("Write to a failing writer = %v, want the writer's error", err)
	}
	if err := Write(&bytes.Buffer{}, nil, Options{}); err == nil {
		t.Error("Write(nil plan) succeeded")
	}
}

// bigPlan makes a plan of n lines spread over three priorities and seven
// PCC priorities, with twenty posts.
func bigPlan(n int) *model.Plan {
	p := testPlan()
	tags := []model.Tag{}
	for i := range 7 {
		tags = append(tags, model.Tag{ID: model.ID(20 + i), Name: fmt.Sprintf("PCC priority %d", i+1), Order: i})
	}
	p.Tags = tags
	p.Lines = make([]model.Line, n)
	for i := range p.Lines {
		p.Lines[i] = model.Line{
			ID:         model.ID(1000 + i),
			PriorityID: model.ID(10 + i%3),
			Title:      fmt.Sprintf("Delivery item %d: community safety project", i+1),
			Owner:      "Community Safety Team",
			Kind:       "Project",
			Cost:       model.Pence(int64(100000 + (i*7919)%5000000)),
			Tags:       []model.ID{model.ID(20 + i%7), model.ID(20 + (i+3)%7)},
		}
	}
	posts := p.Posts
	for i := range 20 {
		po := posts[i%len(posts)]
		po.ID = model.ID(5000 + i)
		p.Posts = append(p.Posts, po)
	}
	return p
}

func TestBigPlanTotals(t *testing.T) {
	if testing.Short() {
		t.Skip("big plan")
	}
	p := bigPlan(20000)
	tot := model.ComputeTotals(p)
	f := write(t, p, Options{})
	rows, err := f.GetRows("Plan")
	if err != nil {
		t.Fatal(err)
	}
	total := findRowIn(t, rows, 0, "Total allocated")
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", total), "SUM(", tot.Allocated)
	sub := findRowIn(t, rows, 0, "Subtotal: Violence Prevention")
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", sub), "SUM(", tot.ByPriority[0].Total)
}

func BenchmarkWrite100k(b *testing.B) {
	p := bigPlan(100000)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, p, Options{Title: "Plan"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1e6, "MB/file")
}

// TestBuiltInPlan writes the built-in 2017/18 plan and checks every
// subtotal and the envelope against the model.
func TestBuiltInPlan(t *testing.T) {
	p := planfile.BuiltIn()
	tot := model.ComputeTotals(p)
	f := write(t, p, Options{Title: "Plan"})
	for _, pt := range tot.ByPriority {
		checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Subtotal: "+pt.Name)), "SUM(", pt.Total)
	}
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Total allocated")), "SUM(", tot.Allocated)
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Headroom if pending approved")), "", tot.HeadroomAll)
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Headroom on confirmed money alone")), "", tot.HeadroomConfirmed)
	total := findRow(t, f, "Posts", "Total")
	checkFormula(t, f, "Posts", fmt.Sprintf("Q%d", total), "SUM(", tot.PostsTotal)
	if n := total - 2; n != len(p.Posts) {
		t.Errorf("Posts sheet has %d posts, want %d", n, len(p.Posts))
	}
}

// The Plan sheet totals the allocation by primary PCC priority with live
// formulas: each item once, under its primary, so on the built-in plan
// the rows add up to the £407,000 allocated, and a changed primary cell in
// the spreadsheet moves the money.
func TestPlanSheetByPrimaryPCCPriority(t *testing.T) {
	p := planfile.BuiltIn()
	tot := model.ComputeTotals(p)
	f := write(t, p, Options{})
	head := findRow(t, f, "Plan", "By primary PCC priority")
	if got, _ := f.GetCellValue("Plan", fmt.Sprintf("D%d", findRow(t, f, "Plan", "Item"))); got != "Primary PCC priority" {
		t.Errorf("column D is headed %q, want Primary PCC priority", got)
	}
	sum := model.Money{}
	for i, tt := range tot.ByTag {
		r := head + 1 + i
		if name, _ := f.GetCellValue("Plan", fmt.Sprintf("A%d", r)); name != tt.Name {
			t.Fatalf("row %d is %q, want %q", r, name, tt.Name)
		}
		checkFormula(t, f, "Plan", fmt.Sprintf("E%d", r), "SUMIF(", tt.Total)
		if also, _ := f.GetCellValue("Plan", fmt.Sprintf("C%d", r)); also != fmt.Sprint(tt.AlsoCount) {
			t.Errorf("%s: also supported by %s items, want %d", tt.Name, also, tt.AlsoCount)
		}
		sum = sum.Add(tt.Total)
	}
	none := findRow(t, f, "Plan", "No PCC priority")
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", none), "", model.Money{})
	checkFormula(t, f, "Plan", fmt.Sprintf("E%d", findRow(t, f, "Plan", "Allocated")), "SUM(", model.Pounds(407000))
	if !sum.Equal(model.Pounds(407000)) {
		t.Errorf("by primary PCC priority the plan adds up to %s, want £407,000", sum)
	}

	// Make the VAWG services line's primary Protecting from harm in the
	// sheet: its money moves there, and the column still foots.
	vawg := findRow(t, f, "Plan", "Specialist VAWG services")
	if err := f.SetCellValue("Plan", fmt.Sprintf("D%d", vawg), "Protecting from harm"); err != nil {
		t.Fatal(err)
	}
	harm, victims := tot.ByTag[0], tot.ByTag[1]
	vawgCost := model.MustMoney("81895.81")
	checkCalc := func(r int, want model.Money) {
		t.Helper()
		got, err := f.CalcCellValue("Plan", fmt.Sprintf("E%d", r), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if m := asMoney(t, got); !m.Equal(want) {
			t.Errorf("E%d = %s after the edit, want %s", r, m, want)
		}
	}
	checkCalc(head+1, harm.Total.Add(vawgCost))
	checkCalc(head+2, victims.Total.Sub(vawgCost))
	checkCalc(findRow(t, f, "Plan", "Allocated"), model.Pounds(407000))
}
