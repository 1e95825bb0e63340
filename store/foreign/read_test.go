package foreign

import (
	"errors"
	"strings"
	"testing"

	"csplan/model"
	"csplan/store/planfile"
)

// table builds a CSV-like table of rows numbered from 1.
func table(sheet string, rows ...[]string) *Table {
	t := &Table{Sheet: sheet}
	for i, r := range rows {
		t.Rows = append(t.Rows, Row{Num: i + 1, Cells: r})
	}
	return t
}

func TestHeaderSynonyms(t *testing.T) {
	cases := map[string]Field{
		"Project": Title, "Activity": Title, "Line": Title, "Item": Title, "Description": Title,
		"Budget": Cost, "Cost": Cost, "Amount": Cost, "Allocation": Cost, "Budget 2017/18": Cost, "£": Cost, "BUDGET (£)": Cost,
		"Priority": Priority, "Theme": Priority, "Strategic priority": Priority, "Outcome area": Priority, "Strategic-Priority:": Priority,
		"Lead": Owner, "Lead agency": Owner, "Owner": Owner, "Provider": Owner, "lead_agency": Owner,
		"Kind": Kind, "PCC priority": PCC, "PCC Priorities": PCC, "Notes": Notes,
		"FTE": FTE, "Salary": Salary, "Start": Start, "End": End, "Share": Share,
	}
	for h, want := range cases {
		got, _, ok := match(h)
		if !ok || got != want {
			t.Errorf("header %q maps to %q (%v), want %q", h, got, ok, want)
		}
	}
	for _, h := range []string{"Cost centre", "Ref", "", "Total Place", "£1,200"} {
		if f, _, ok := match(h); ok {
			t.Errorf("header %q maps to %q, want nothing", h, f)
		}
	}
}

func TestReadFindsHeaderBelowTitleAndMapsColumns(t *testing.T) {
	tb := table("Plan",
		[]string{"Community safety plan 2017/18"},
		[]string{"Ref", "Project", "Theme", "Lead agency", "Budget 2017/18"},
		[]string{"1", "Street pastors", "Violence Prevention", "Council", "£12,500.50"},
		[]string{"2", "Hate crime", "", "Police", "3000"},
		[]string{"", "Total", "", "", "15500.50"},
	)
	res, err := Read(tb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.HeaderRow != 2 {
		t.Errorf("header row %d, want 2", res.HeaderRow)
	}
	want := map[Field]string{Title: "Project", Priority: "Theme", Owner: "Lead agency", Cost: "Budget 2017/18"}
	for f, h := range want {
		if c, ok := res.Mapping.Column(f); !ok || c.Header != h {
			t.Errorf("%s ← %q, want %q", f, c.Header, h)
		}
	}
	if len(res.Plan.Lines) != 2 {
		t.Fatalf("%d lines, want 2 (the Total row left out)", len(res.Plan.Lines))
	}
	total := model.Money{}
	for _, l := range res.Plan.Lines {
		total = total.Add(l.Cost)
	}
	if total.String() != mustMoney(t, "15500.50").String() {
		t.Errorf("total %s, want £15,500.50", total)
	}
	if res.Plan.Lines[1].PriorityID != res.Plan.Lines[0].PriorityID {
		t.Errorf("the blank priority did not take the one above")
	}
}

func TestReadReportsBadCellBySheetRowColumn(t *testing.T) {
	tb := table("Plan",
		[]string{"Project", "Theme", "Budget"},
		[]string{"Street pastors", "Violence Prevention", "£12,5oo"},
		[]string{"Hate crime", "Violence Prevention", "3000"},
	)
	res, err := Read(tb, Options{})
	var de *planfile.DecodeError
	if !errors.As(err, &de) || res != nil {
		t.Fatalf("got %v, %v; want a DecodeError and nothing read", res, err)
	}
	got := de.Problems[0].String()
	if !strings.HasPrefix(got, "Plan!C2") || !strings.Contains(got, `"Budget"`) || !strings.Contains(got, "£12,5oo") {
		t.Errorf("problem %q: want it at Plan!C2, column Budget, quoting the cell", got)
	}
}

func TestReadMapOverride(t *testing.T) {
	tb := table("",
		[]string{"Scheme name", "Group", "Money", "Description"},
		[]string{"Street pastors", "Violence Prevention", "100", "Friday nights"},
	)
	if _, err := Read(tb, Options{}); !errors.Is(err, ErrNoHeader) {
		t.Fatalf("without --map: %v, want ErrNoHeader", err)
	}
	res, err := Read(tb, Options{Map: map[Field]string{Title: "scheme name", Priority: "Group", Cost: "Money", Notes: "Description"}})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Plan.Lines[0]
	if l.Title != "Street pastors" || l.Notes != "Friday nights" || l.Cost.String() != mustMoney(t, "100").String() {
		t.Errorf("line %+v", l)
	}
}

func mustMoney(t *testing.T, s string) model.Money {
	t.Helper()
	m, err := model.ParseMoney(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A row with a salary is a post, costed from its FTE, months and share;
// what a row leaves out is the whole year, full time, all on the grant,
// and said.
func TestReadPostsBySalaryColumns(t *testing.T) {
	tb := table("",
		[]string{"Item", "Strategic priority", "Provider", "Amount", "Salary", "FTE", "Start", "Share"},
		[]string{"Mediation service", "Violence Prevention", "Council", "5000", "", "", "", ""},
		[]string{"IDVA", "Reducing Victimisation", "Women's Aid", "", "£27,668", "0.5", "October", "50%"},
		[]string{"Analyst", "Reducing Victimisation", "Council", "", "30000", "", "", ""},
	)
	res, err := Read(tb, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := res.Plan
	if len(p.Lines) != 1 || len(p.Posts) != 2 {
		t.Fatalf("%d lines and %d posts, want 1 and 2", len(p.Lines), len(p.Posts))
	}
	idva, analyst := p.Posts[0], p.Posts[1]
	if idva.Title != "IDVA" || idva.Team != "Women's Aid" || idva.FTE.String() != "0.5" || idva.StartMonth != 7 || idva.EndMonth != 12 ||
		idva.GrantShare.Decimal().String() != "50" || !idva.Salary.Equal(mustMoney(t, "27668")) {
		t.Errorf("IDVA read as %+v", idva)
	}
	if analyst.FTE.String() != "1" || analyst.StartMonth != 1 || analyst.EndMonth != 12 || analyst.GrantShare.Decimal().String() != "100" {
		t.Errorf("analyst read as %+v, want the defaults", analyst)
	}
	said := false
	for _, n := range res.Notes {
		said = said || strings.Contains(n.Reason, "taken as 1 FTE, April to March, 100% on the grant")
	}
	if !said {
		t.Errorf("the defaults are not said: %v", res.Notes)
	}
}
