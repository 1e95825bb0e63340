package planfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"csplan/model"
)

// readLedger reads a ledger file given as text against p, with no
// earlier imports.
func readLedger(t *testing.T, p *model.Plan, text string, opts LedgerOptions) (LedgerResult, error) {
	t.Helper()
	return ReadLedger(strings.NewReader(text), "ledger.csv", p, nil, opts)
}

// mustReadLedger reads a ledger file that must have no problem.
func mustReadLedger(t *testing.T, p *model.Plan, text string) LedgerResult {
	t.Helper()
	res, err := readLedger(t, p, text, LedgerOptions{})
	if err != nil {
		t.Fatalf("ReadLedger: %v", err)
	}
	return res
}

// ledgerProblems reads a file that must be refused and returns its
// problems, checking that nothing was returned to import.
func ledgerProblems(t *testing.T, p *model.Plan, text string, opts LedgerOptions) []RowProblem {
	t.Helper()
	res, err := readLedger(t, p, text, opts)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("ReadLedger error = %v, want a *DecodeError", err)
	}
	if len(res.Actuals) != 0 {
		t.Fatalf("ReadLedger refused the file but returned %d actuals to import", len(res.Actuals))
	}
	return de.Problems
}

func itemID(t *testing.T, p *model.Plan, title string) model.ID {
	t.Helper()
	for _, it := range p.Items() {
		if it.Title == title {
			return it.ID
		}
	}
	t.Fatalf("no item %q in the plan", title)
	return 0
}

func TestReadLedgerFixturesForTheBuiltInPlan(t *testing.T) {
	p := BuiltIn()
	data, err := os.ReadFile(filepath.Join("testdata", "ledger-q1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ReadLedger(strings.NewReader(string(data)), filepath.Join("testdata", "ledger-q1.csv"), p, nil, LedgerOptions{})
	if err != nil {
		t.Fatalf("ReadLedger(ledger-q1.csv): %v", err)
	}
	rows := strings.Count(strings.TrimSpace(string(data)), "\n") // the header not counted
	if len(res.Actuals) != rows || res.Import.Rows != rows {
		t.Fatalf("got %d actuals from %d rows, want %d of each", len(res.Actuals), res.Import.Rows, rows)
	}
	sum := sha256.Sum256(data)
	if res.Import.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA256 = %s, want the file's", res.Import.SHA256)
	}
	dhr := itemID(t, p, "Domestic homicide reviews")
	vacant := itemID(t, p, "Business Crime Coordinator")
	hate := itemID(t, p, "Hate Crime action plan and third party reporting centres")
	var total, hateTotal model.Money
	for _, a := range res.Actuals {
		if a.ID != 0 {
			t.Errorf("actual from row %d has ID %d, want 0 for the store to give", a.Source.Row, a.ID)
		}
		if a.Item == dhr || a.Item == vacant {
			t.Errorf("row %d is against %d: the DHR line is unspent and the coordinator vacant in Q1", a.Source.Row, a.Item)
		}
		if a.Period.Quarter() != 1 {
			t.Errorf("row %d is in %s, want Q1", a.Source.Row, a.Period)
		}
		if a.Source.File != "ledger-q1.csv" || a.Source.Row < 2 {
			t.Errorf("source %q, want ledger-q1.csv and a data row", a.Source)
		}
		total = total.Add(a.Amount)
		if a.Item == hate {
			hateTotal = hateTotal.Add(a.Amount)
		}
	}
	// The Hate Crime line has £480.00 spent and a £80.00 credit note.
	if !hateTotal.Equal(model.MustMoney("400.00")) {
		t.Errorf("Hate Crime line's spend = %s, want £400.00 (480.00 less an 80.00 credit)", hateTotal)
	}
	// The file's amounts, added up by hand as text, to the penny.
	var want model.Money
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		cells := strings.Split(strings.TrimSpace(line), ",")
		m, err := model.ParseSignedMoney(cells[len(cells)-1])
		if err != nil {
			t.Fatal(err)
		}
		want = want.Add(m)
	}
	if !total.Equal(want) {
		t.Errorf("total imported %s, want %s", total, want)
	}

	// Imported once, the same bytes are refused under any name.
	m := &model.Monitoring{Year: 2017, Imports: []model.LedgerImport{{ID: 1, File: "ledger-q1.csv", SHA256: res.Import.SHA256,
		Rows: res.Import.Rows, At: time.Date(2017, 7, 3, 9, 12, 0, 0, time.UTC)}}}
	for _, name := range []string{"ledger-q1.csv", "renamed.csv"} {
		again, err := ReadLedger(strings.NewReader(string(data)), name, p, m, LedgerOptions{})
		var ae *AlreadyImportedError
		if !errors.As(err, &ae) {
			t.Fatalf("second import as %s: error %v, want *AlreadyImportedError", name, err)
		}
		if len(again.Actuals) != 0 {
			t.Errorf("second import as %s returned %d actuals", name, len(again.Actuals))
		}
		for _, want := range []string{"ledger-q1.csv", "3 July 2017 at 09:12", "already counted"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("second import as %s: %q does not say %q", name, err, want)
			}
		}
	}

	late, err := os.ReadFile(filepath.Join("testdata", "ledger-late.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lres, err := ReadLedger(strings.NewReader(string(late)), "ledger-late.csv", p, m, LedgerOptions{})
	if err != nil {
		t.Fatalf("ReadLedger(ledger-late.csv): %v", err)
	}
	if len(lres.Actuals) != 1 || lres.Actuals[0].Period != 3 || !lres.Actuals[0].Amount.Equal(model.MustMoney("1850")) {
		t.Errorf("late invoice read as %+v, want one actual of £1,850.00 in P3", lres.Actuals)
	}
}

func TestReadLedgerReportsEachBadRowWithRowAndColumn(t *testing.T) {
	p := BuiltIn()
	// Two lines of the same title make the title ambiguous.
	p.Posts = append(p.Posts, p.Posts[0])
	p.Posts[len(p.Posts)-1].ID = 999
	p.Posts[len(p.Posts)-1].Title = "Community champions"
	const header = "Posting date,Line,Description,Amount\n"
	const good = "12/05/2017,Specialist VAWG services,May invoice,6824.65\n"
	for _, tc := range []struct {
		name, bad, column, reason string
	}{
		{"bad amount", "12/05/2017,Specialist VAWG services,x,\"12,34\"\n", "Amount", "is not a valid amount"},
		{"bad amount text", "12/05/2017,Specialist VAWG services,x,lots\n", "Amount", `"lots" is not a valid amount`},
		{"empty amount", "12/05/2017,Specialist VAWG services,x,\n", "Amount", "the amount is empty"},
		{"bad period", "31/13/2017,Specialist VAWG services,x,10.00\n", "Posting date", "is not a period"},
		{"date outside the year", "15/06/2018,Specialist VAWG services,x,10.00\n", "Posting date", "outside the financial year 2017/18"},
		{"date before the year", "31/03/2017,Specialist VAWG services,x,10.00\n", "Posting date", "outside the financial year 2017/18"},
		{"unknown item", "12/05/2017,Speshalist VAWG,x,10.00\n", "Line", `no line or post of the plan is titled "Speshalist VAWG"`},
		{"no item", "12/05/2017,,x,10.00\n", "Line", "names no line or post"},
		{"ambiguous item", "12/05/2017,community champions ,x,10.00\n", "Line", `is the title of 2 items`},
		{"unquoted thousands", "12/05/2017,Specialist VAWG services,x,1,234.50\n", "", "an amount with a comma (1,234.50) must be in quotes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The bad row is row 3, between good rows: nothing is imported.
			probs := ledgerProblems(t, p, header+good+tc.bad+good, LedgerOptions{})
			if len(probs) != 1 {
				t.Fatalf("problems %v, want one", probs)
			}
			got := probs[0]
			if got.Row != 3 || got.Column != tc.column || !strings.Contains(got.Reason, tc.reason) {
				t.Errorf("problem %q, want row 3, column %q, saying %q", got, tc.column, tc.reason)
			}
		})
	}
	t.Run("every bad row", func(t *testing.T) {
		probs := ledgerProblems(t, p, header+good+
			"12/05/2017,Specialist VAWG services,x,abc\n"+
			"15/06/2018,Nothing,x,10.00\n"+good, LedgerOptions{})
		var where []string
		for _, pr := range probs {
			where = append(where, pr.String()[:strings.Index(pr.String(), ":")])
		}
		want := []string{`row 3, column "Amount"`, `row 4, column "Posting date"`, `row 4, column "Line"`}
		if !slices.Equal(where, want) {
			t.Errorf("problems at %q, want %q", where, want)
		}
	})
}

func TestReadLedgerMissingHeaderNamesWhatIsExpectedAndFound(t *testing.T) {
	p := BuiltIn()
	for _, tc := range []struct {
		name, header string
		want         []string
	}{
		{"no amount", "Date,Line,Narrative", []string{"no amount column", `"Amount"`, `the headers found are: "Date", "Line", "Narrative"`}},
		{"no period", "Line,Amount", []string{"no period column", `"Period"`, `"Posting date"`, `found are: "Line", "Amount"`}},
		{"no item", "Period,Amount,Supplier", []string{"naming the line or post", `"Line"`, `"Cost centre"`, `"Supplier"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probs := ledgerProblems(t, p, tc.header+"\nP1,10.00,x\n", LedgerOptions{})
			if len(probs) != 1 || probs[0].Row != 1 {
				t.Fatalf("problems %v, want one at row 1", probs)
			}
			for _, w := range tc.want {
				if !strings.Contains(probs[0].Reason, w) {
					t.Errorf("%q does not say %q", probs[0].Reason, w)
				}
			}
		})
	}
	probs := ledgerProblems(t, p, "Period,Amount,Line,amount\nP1,1,Community champions,1\n", LedgerOptions{})
	if len(probs) != 1 || probs[0].Column != "amount" || !strings.Contains(probs[0].Reason, "twice") {
		t.Errorf("a column named twice: problems %v", probs)
	}
	probs = ledgerProblems(t, p, "Spend report for CS4410,,\nPeriod,Line,Amount\nP1,Community champions,1\n", LedgerOptions{})
	if len(probs) != 1 || probs[0].Row != 1 || !strings.Contains(probs[0].Reason, `the first row is not the header row of a ledger export (its cells are: "Spend report for CS4410")`) {
		t.Errorf("a title row above the header: problems %v", probs)
	}
	if probs := ledgerProblems(t, p, "", LedgerOptions{}); len(probs) != 1 || !strings.Contains(probs[0].Reason, "empty") {
		t.Errorf("an empty file: problems %v", probs)
	}
	if probs := ledgerProblems(t, p, "Period,Line,Amount\r\n\r\n", LedgerOptions{}); len(probs) != 1 || !strings.Contains(probs[0].Reason, "no rows of spend") {
		t.Errorf("a header alone: problems %v", probs)
	}
}

func TestReadLedgerSkipUnmatched(t *testing.T) {
	p := BuiltIn()
	const file = "Period,Line,Amount\n" +
		"P1,Community champions,100.00\n" +
		"P2,Not a line,200.00\n" +
		"P2,,50.00\n" +
		"P3,Modern slavery awareness,300.00\n"
	probs := ledgerProblems(t, p, file, LedgerOptions{})
	if len(probs) != 2 || probs[0].Row != 3 || probs[1].Row != 4 {
		t.Fatalf("without skipping: problems %v, want rows 3 and 4", probs)
	}
	res, err := readLedger(t, p, file, LedgerOptions{SkipUnmatched: true})
	if err != nil {
		t.Fatalf("with skipping: %v", err)
	}
	if len(res.Actuals) != 2 || res.Actuals[0].Source.Row != 2 || res.Actuals[1].Source.Row != 5 {
		t.Errorf("with skipping: actuals %+v, want rows 2 and 5", res.Actuals)
	}
	if res.UnmatchedRows != 2 || len(res.Unmatched) != 2 || res.Unmatched[0].Row != 3 || res.Unmatched[0].Column != "Line" ||
		!strings.Contains(res.Unmatched[0].Reason, `"Not a line"`) || res.Unmatched[1].Row != 4 {
		t.Errorf("unmatched %v (%d), want rows 3 and 4 with reasons", res.Unmatched, res.UnmatchedRows)
	}
	// Skipping unmatched rows does not excuse any other fault.
	probs = ledgerProblems(t, p, file+"P13,Community champions,1.00\n", LedgerOptions{SkipUnmatched: true})
	if len(probs) != 1 || probs[0].Row != 6 || probs[0].Column != "Period" {
		t.Errorf("a bad period with skipping: problems %v, want row 6 column Period", probs)
	}
}

func TestReadLedgerHeaderSynonyms(t *testing.T) {
	p := BuiltIn()
	champions := itemID(t, p, "Community champions")
	for _, header := range []string{
		"Period,Line,Description,Amount",
		"  PERIOD , line ,  narrative , AMOUNT ",
		"Month,Item,Details,Value",
		"Period number,Title,Supplier,Net",
		"Accounting period,Budget line,Memo,Net amount (£)",
		"Posting date,Description of budget line,Narrative,Spend",
		"Date,Line,Description,Actual",
		"Transaction date,Line or post,Text,Amount GBP",
	} {
		t.Run(header, func(t *testing.T) {
			period := "2"
			if strings.Contains(strings.ToLower(header), "date") {
				period = "15/05/2017"
			}
			res := mustReadLedger(t, p, header+"\n"+period+",Community champions,Grant,1234.50\n")
			want := model.Actual{Item: champions, Period: 2, Amount: model.MustMoney("1234.50"), Description: "Grant",
				Source: model.ActualSource{File: "ledger.csv", Row: 2}}
			if len(res.Actuals) != 1 || res.Actuals[0].Item != want.Item || res.Actuals[0].Period != want.Period ||
				!res.Actuals[0].Amount.Equal(want.Amount) || res.Actuals[0].Description != want.Description || res.Actuals[0].Source != want.Source {
				t.Errorf("actuals %+v, want %+v", res.Actuals, want)
			}
		})
	}
	// A Period column wins over a date; supplier and narrative both kept.
	res := mustReadLedger(t, p, "Posting date,Period,Line,Supplier,Narrative,Amount\n"+
		"02/04/2017,P3,Community champions,Bilston People's Centre,Q1 grant,10\n")
	if a := res.Actuals[0]; a.Period != 3 || a.Description != "Bilston People's Centre — Q1 grant" {
		t.Errorf("actual %+v, want P3 and supplier — narrative", a)
	}
}

func TestReadLedgerMatchesByCode(t *testing.T) {
	p := BuiltIn()
	vawg := itemID(t, p, "Specialist VAWG services")
	coordinator := itemID(t, p, "Business Crime Coordinator")
	for i := range p.Lines {
		if p.Lines[i].ID == vawg {
			p.Lines[i].LedgerCode = "CS4410/5820"
		}
	}
	for i := range p.Posts {
		if p.Posts[i].ID == coordinator {
			p.Posts[i].LedgerCode = "cs4430"
		}
	}
	for _, tc := range []struct {
		name, file string
		want       []model.ID
	}{
		{"code column", "Period,Code,Amount\nP1,CS4410/5820,10\nP1,CS4430,20\n", []model.ID{vawg, coordinator}},
		{"spaces, case and another separator", "Period,Ledger code,Amount\nP1, cs4410 - 5820 ,10\n", []model.ID{vawg}},
		{"cost centre and account", "Period,Cost Centre,Account,Amount\nP1,CS4410,5820,10\nP1,CS4430,1001,20\nP1,CS4430,1101,30\n",
			[]model.ID{vawg, coordinator, coordinator}},
		{"title first, code when the title is empty", "Period,Line,Code,Amount\nP1,Business Crime Coordinator,CS4410/5820,10\nP1,,CS4410/5820,20\n",
			[]model.ID{coordinator, vawg}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := mustReadLedger(t, p, tc.file)
			var got []model.ID
			for _, a := range res.Actuals {
				got = append(got, a.Item)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("items %v, want %v", got, tc.want)
			}
		})
	}
	probs := ledgerProblems(t, p, "Period,Cost centre,Account,Amount\nP1,CS9999,5820,10\n", LedgerOptions{})
	if len(probs) != 1 || probs[0].Column != "Cost centre" || !strings.Contains(probs[0].Reason, `ledger code "CS9999/5820"`) {
		t.Errorf("an unknown code: problems %v", probs)
	}
	p.Posts[0].LedgerCode = "CS4410/5820"
	probs = ledgerProblems(t, p, "Period,Code,Amount\nP1,CS4410/5820,10\n", LedgerOptions{})
	if len(probs) != 1 || probs[0].Column != "Code" || !strings.Contains(probs[0].Reason, "given to 2 items") {
		t.Errorf("a code of two items: problems %v", probs)
	}
}

func TestReadLedgerCreditsAndAmounts(t *testing.T) {
	p := BuiltIn()
	for _, tc := range []struct{ cell, want string }{
		{"1234.50", "1234.50"},
		{`"£1,234.50"`, "1234.50"},
		{"-120", "-120.00"},
		{"-£120.00", "-120.00"},
		{"(120.00)", "-120.00"},
		{`"(£1,234.50)"`, "-1234.50"},
		{"120.00 CR", "-120.00"},
		{"120.00cr", "-120.00"},
		{"120.00 DR", "120.00"},
		{"0.01", "0.01"},
	} {
		res := mustReadLedger(t, p, "Period,Line,Amount\nP1,Community champions,"+tc.cell+"\n")
		if len(res.Actuals) != 1 || res.Actuals[0].Amount.Plain() != tc.want {
			t.Errorf("%s read as %+v, want %s", tc.cell, res.Actuals, tc.want)
		}
	}
	for _, cell := range []string{"(-120.00)", "(120.00) CR", "1.234", "12.345", "1e5", "(120"} {
		probs := ledgerProblems(t, p, "Period,Line,Amount\nP1,Community champions,"+cell+"\n", LedgerOptions{})
		if len(probs) != 1 || probs[0].Column != "Amount" || probs[0].Row != 2 {
			t.Errorf("%s: problems %v, want one at row 2, Amount", cell, probs)
		}
	}
	// Debit and credit columns: the debit less the credit.
	res := mustReadLedger(t, p, "Period,Line,Debit,Credit\nP1,Community champions,100.00,\nP1,Community champions,,40.00\nP2,Community champions,5,1\n")
	var got []string
	for _, a := range res.Actuals {
		got = append(got, a.Amount.Plain())
	}
	if want := []string{"100.00", "-40.00", "4.00"}; !slices.Equal(got, want) {
		t.Errorf("debits and credits read as %v, want %v", got, want)
	}
	probs := ledgerProblems(t, p, "Period,Line,Debit,Credit\nP1,Community champions,,\n", LedgerOptions{})
	if len(probs) != 1 || probs[0].Column != "Debit" {
		t.Errorf("neither debit nor credit: problems %v", probs)
	}
	// A zero row adds nothing: left out, with a note.
	res = mustReadLedger(t, p, "Period,Line,Amount\nP1,Community champions,0.00\nP1,Community champions,5\nP2,Community champions,-0\n")
	if len(res.Actuals) != 1 || res.Import.Rows != 3 || len(res.Notes) != 1 || res.Notes[0].Row != 2 ||
		!strings.Contains(res.Notes[0].Reason, "2 rows with a zero amount, which adds no spend, were left out") {
		t.Errorf("zero rows: actuals %+v, rows %d, notes %v", res.Actuals, res.Import.Rows, res.Notes)
	}
}

func TestReadLedgerPeriods(t *testing.T) {
	p := BuiltIn()
	for _, tc := range []struct {
		cell string
		want model.Period
	}{
		{"P1", 1}, {"p12", 12}, {"7", 7}, {"April", 1}, {"Mar", 12}, {"Apr 2017", 1}, {"Jan 2018", 10},
		{"15/06/2017", 3}, {"2017-06-15", 3}, {"31/03/2018", 12}, {"01/04/2017", 1},
	} {
		res := mustReadLedger(t, p, "Period,Line,Amount\n"+tc.cell+",Community champions,1\n")
		if res.Actuals[0].Period != tc.want {
			t.Errorf("%s read as %s, want %s", tc.cell, res.Actuals[0].Period, tc.want)
		}
	}
	for _, cell := range []string{"P0", "13", "Jan 2017", "2018-04-01", "Smarch", ""} {
		probs := ledgerProblems(t, p, "Period,Line,Amount\n"+cell+",Community champions,1\n", LedgerOptions{})
		if len(probs) != 1 || probs[0].Row != 2 || probs[0].Column != "Period" {
			t.Errorf("%q: problems %v, want one at row 2, Period", cell, probs)
		}
	}
}

func TestReadLedgerRefusesWhatIsNotCSV(t *testing.T) {
	p := BuiltIn()
	for _, tc := range []struct{ name, data, want string }{
		{"workbook", "PK\x03\x04rest", "Excel workbook"},
		{"utf-16", "\xFF\xFEP\x00e\x00r\x00", "UTF-16"},
		{"semicolons", "Period;Line;Amount\nP1;x;1\n", "separated by ;"},
		{"not utf-8", "Period,Line,Description,Amount\nP1,Community champions,caf\xe9,1\n", "not UTF-8"},
		{"long cell", "Period,Line,Amount\nP1,Community champions," + strings.Repeat("9", 100) + "\n", "too long"},
		{"broken quote", "Period,Line,Amount\nP1,\"Community champions,1\n", "not valid CSV"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			probs := ledgerProblems(t, p, tc.data, LedgerOptions{})
			if len(probs) == 0 || !strings.Contains(probs[0].Reason, tc.want) {
				t.Errorf("problems %v, want one saying %q", probs, tc.want)
			}
		})
	}
	// Hundreds of bad rows: the first MaxListed listed, all counted.
	var b strings.Builder
	b.WriteString("Period,Line,Amount\n")
	for range 500 {
		b.WriteString("P1,Community champions,bad\n")
	}
	_, err := readLedger(t, p, b.String(), LedgerOptions{})
	var de *DecodeError
	if !errors.As(err, &de) || len(de.Problems) != MaxListed || de.Total != 500 || de.Rows != 500 {
		t.Errorf("500 bad rows: %v", err)
	}
}

// An export that overlaps an earlier one is not the same bytes, so it is
// read, but a note counts the rows that match spend already imported.
func TestReadLedgerNotesOverlapWithEarlierImports(t *testing.T) {
	p := BuiltIn()
	first := mustReadLedger(t, p, "Period,Line,Description,Amount\nP1,Community champions,Grant,100.00\nP2,Community champions,Grant,100.00\n")
	m := &model.Monitoring{Year: 2017, Actuals: first.Actuals}
	res, err := ReadLedger(strings.NewReader("Period,Line,Description,Amount\n"+
		"P1,Community champions,Grant,100.00\nP2,Community champions,Grant,100.00\nP2,Community champions,Grant,100.00\nP3,Community champions,Grant,100.00\n"),
		"april-to-june.csv", p, m, LedgerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Actuals) != 4 || len(res.Notes) != 1 || res.Notes[0].Row != 2 || !strings.Contains(res.Notes[0].Reason, "2 rows are the same") {
		t.Errorf("actuals %d, notes %v; want 4 actuals and a note of 2 rows from row 2", len(res.Actuals), res.Notes)
	}
	// Typed actuals are not from a file: no note.
	for i := range m.Actuals {
		m.Actuals[i].Source = model.ActualSource{}
	}
	res, err = ReadLedger(strings.NewReader("Period,Line,Description,Amount\nP1,Community champions,Grant,100.00\n"), "x.csv", p, m, LedgerOptions{})
	if err != nil || len(res.Notes) != 0 {
		t.Errorf("against typed actuals: notes %v, error %v; want none", res.Notes, err)
	}
}
