package planfile

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"csplan/model"
)

// tinyPlan is a valid plan with one record of each kind, for tests that
// change one text and look at the file.
func tinyPlan() *model.Plan {
	return &model.Plan{
		Info:       model.Info{Partnership: "SWP", StartYear: 2017},
		Settings:   model.DefaultSettings(),
		Funding:    []model.FundingSource{{ID: 1, Name: "Grant", Amount: model.Pounds(1000), Status: model.Confirmed}},
		Priorities: []model.Priority{{ID: 2, Name: "Violence Prevention", Order: 1}},
		Tags:       []model.Tag{{ID: 3, Name: "Protecting from harm", Order: 1}},
		Lines:      []model.Line{{ID: 4, PriorityID: 2, Title: "Mediators", Cost: model.Pounds(100), Tags: []model.ID{3}}},
		Posts: []model.Post{{ID: 5, PriorityID: 2, Title: "Officer", Tags: []model.ID{3}, FTE: decimal.NewFromInt(1),
			Salary: model.Pounds(30000), StartMonth: 1, EndMonth: 12, GrantShare: model.Pct("100")}},
	}
}

func TestEncodeLayout(t *testing.T) {
	withBOM := encode(t, tinyPlan(), EncodeOptions{})
	noBOM := encode(t, tinyPlan(), EncodeOptions{NoBOM: true})
	if !bytes.HasPrefix(withBOM, []byte(bom)) || !bytes.Equal(withBOM[len(bom):], noBOM) || bytes.Contains(noBOM, []byte(bom)) {
		t.Error("the BOM is not written exactly when NoBOM is false")
	}
	header := "Record,Priority,Title,Owner or team,Kind,Primary PCC priority,Also supports PCC priorities,Amount,Status,FTE,Annual salary,Start month,End month,Grant share %,Other funder,Other funder amount,On-costs override,Notes,Ledger code\r\n"
	if !bytes.HasPrefix(noBOM, []byte(header)) {
		t.Errorf("header:\n%s", noBOM[:bytes.IndexByte(noBOM, '\n')+1])
	}
	if n, crlf := bytes.Count(noBOM, []byte("\n")), bytes.Count(noBOM, []byte("\r\n")); n != crlf || n != 11 {
		t.Errorf("%d line ends, %d of them CRLF; want 11, all CRLF", n, crlf)
	}
	var kinds []string
	for _, l := range strings.Split(strings.TrimSuffix(string(noBOM), "\r\n"), "\r\n")[1:] {
		kinds = append(kinds, l[:strings.IndexByte(l, ',')])
	}
	if got := strings.Join(kinds, ","); got != "Plan,Setting,Setting,Setting,Setting,Funding,Priority,PCC priority,Line,Post" {
		t.Errorf("record order = %s", got)
	}
	for _, want := range []string{
		"Setting,,Employer NI threshold,,,,,8164.00,",
		"Funding,,Grant,,,,,1000.00,confirmed,",
		// Officer: 30,000 + NI 13.8% of 21,836 + pension 20% + levy 0.5% = 39,163.37.
		"Post,Violence Prevention,Officer,,,Protecting from harm,,39163.37,,1,30000.00,April,March,100,,0.00,,,\r\n",
	} {
		if !bytes.Contains(noBOM, []byte(want)) {
			t.Errorf("the file has no %q:\n%s", want, noBOM)
		}
	}
}

// Text that a spreadsheet would run as a formula is written with one
// leading apostrophe and read back exactly, including text that itself
// starts with apostrophes.
func TestEncodeFormulaText(t *testing.T) {
	tests := []struct{ text, cell string }{
		{"=SUM(A1:A9)", "'=SUM(A1:A9)"},
		{"+44 1902", "'+44 1902"},
		{"-5 for mediation", "'-5 for mediation"},
		{"@risk", "'@risk"},
		{"\tindented", "'\tindented"},
		{"'=already quoted", "''=already quoted"},
		{"''+two", "'''+two"},
		{"'plain", "'plain"},
		{"'", "'"},
		{"it's = fine", "it's = fine"},
		{"", ""},
		{"£5k for café", "£5k for café"},
	}
	for _, tc := range tests {
		p := tinyPlan()
		p.Lines[0].Notes = tc.text
		p.Funding[0].Note = tc.text
		data := encode(t, p, EncodeOptions{NoBOM: true})
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if got := rows[9][colNotes]; got != tc.cell {
			t.Errorf("%q is written as %q, want %q", tc.text, got, tc.cell)
		}
		back := decode(t, data)
		if back.Lines[0].Notes != tc.text || back.Funding[0].Note != tc.text {
			t.Errorf("%q reads back as %q and %q", tc.text, back.Lines[0].Notes, back.Funding[0].Note)
		}
	}
}

// Amounts are numbers, so a negative one is written as it is: the
// apostrophe would turn it into text in the spreadsheet.
func TestEncodeNumbersNeverPrefixed(t *testing.T) {
	p := tinyPlan()
	p.Lines[0].Cost = model.Pounds(-5)
	data := encode(t, p, EncodeOptions{NoBOM: true})
	if !bytes.Contains(data, []byte(",Protecting from harm,,-5.00,")) {
		t.Errorf("negative amount not written plainly:\n%s", data)
	}
}

func TestEncodeLineBreaks(t *testing.T) {
	p := tinyPlan()
	p.Info.Notes = "one\r\ntwo\rthree\nfour"
	data := encode(t, p, EncodeOptions{})
	if !bytes.Contains(data, []byte("\"one\r\ntwo\r\nthree\r\nfour\"")) {
		t.Errorf("line breaks not written as CRLF:\n%q", data)
	}
	if got := decode(t, data).Info.Notes; got != "one\ntwo\nthree\nfour" {
		t.Errorf("notes read back as %q", got)
	}
}

func TestEncodeRefusesWhatItCannotWrite(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*model.Plan)
		want   string
	}{
		{"separator in a PCC priority", func(p *model.Plan) { p.Tags[0].Name = "Harm; victims" }, `PCC priority "Harm; victims" cannot be written`},
		{"line under a missing priority", func(p *model.Plan) { p.Lines[0].PriorityID = 99 }, `line "Mediators" cannot be written`},
		{"post with a missing tag", func(p *model.Plan) { p.Posts[0].Tags = []model.ID{3, 99} }, `post "Officer" cannot be written`},
	}
	for _, tc := range tests {
		p := tinyPlan()
		tc.mutate(p)
		var b bytes.Buffer
		err := Encode(&b, p, EncodeOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

// A write error reaches the caller.
func TestEncodeReportsWriteErrors(t *testing.T) {
	if err := Encode(failingWriter{}, BuiltIn(), EncodeOptions{}); err == nil {
		t.Error("Encode to a failing writer returned nil")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, bytes.ErrTooLarge }
