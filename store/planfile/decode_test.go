package planfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"csplan/model"
)

// cells is a row given by column, for building test files.
type cells map[int]string

func row(c cells) []string {
	out := make([]string, numColumns)
	for k, v := range c {
		out[k] = v
	}
	return out
}

// csvBytes writes rows as CSV with LF line ends, as a hand-made file might
// be.
func csvBytes(t testing.TB, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// smallFile is a valid plan, one record of each kind; rows are numbered
// 1 (header) to 8.
func smallFile() [][]string {
	return [][]string{
		columnNames[:],
		row(cells{colRecord: "Plan", colTitle: "SWP", colOwner: "Council", colKind: "2017/18"}),
		row(cells{colRecord: "Funding", colTitle: "Grant", colAmount: "1000.00", colStatus: "confirmed"}),
		row(cells{colRecord: "Priority", colPriority: "Violence Prevention"}),
		row(cells{colRecord: "Outcome", colPriority: "Violence Prevention", colTitle: "Reduced violent crime"}),
		row(cells{colRecord: "PCC priority", colTitle: "Protecting from harm"}),
		row(cells{colRecord: "Line", colPriority: "Violence Prevention", colTitle: "Mediators", colPrimaryTag: "Protecting from harm", colAmount: "100.00"}),
		row(cells{colRecord: "Post", colPriority: "Violence Prevention", colTitle: "Officer", colPrimaryTag: "Protecting from harm",
			colFTE: "1", colSalary: "30000.00", colStart: "April", colEnd: "March", colShare: "100"}),
	}
}

func TestSmallFileDecodes(t *testing.T) {
	p := decode(t, csvBytes(t, smallFile()))
	if len(p.Funding) != 1 || len(p.Priorities) != 1 || len(p.Tags) != 1 || len(p.Lines) != 1 || len(p.Posts) != 1 {
		t.Fatalf("decoded %+v", p)
	}
}

// want is an expected problem: its row, its column and part of its reason.
type want struct {
	row    int
	column string
	reason string
}

func TestDecodeReportsBadRows(t *testing.T) {
	line := func(c cells) []string {
		base := cells{colRecord: "Line", colPriority: "Violence Prevention", colTitle: "Extra", colPrimaryTag: "Protecting from harm", colAmount: "10"}
		for k, v := range c {
			base[k] = v
		}
		return row(base)
	}
	post := func(c cells) []string {
		base := cells{colRecord: "Post", colPriority: "Violence Prevention", colTitle: "Extra post", colPrimaryTag: "Protecting from harm",
			colFTE: "0.5", colSalary: "20000", colStart: "April", colEnd: "March", colShare: "100"}
		for k, v := range c {
			base[k] = v
		}
		return row(base)
	}
	setting := func(title, value string) []string {
		return row(cells{colRecord: "Setting", colTitle: title, colAmount: value})
	}
	appendRows := func(extra ...[]string) func([][]string) [][]string {
		return func(rows [][]string) [][]string { return append(rows, extra...) }
	}
	editCell := func(r, c int, v string) func([][]string) [][]string {
		return func(rows [][]string) [][]string { rows[r-1][c] = v; return rows }
	}
	tests := []struct {
		name string
		edit func([][]string) [][]string
		want []want
	}{
		{"unknown record type", appendRows(row(cells{colRecord: "Lien", colTitle: "x"})),
			[]want{{9, "Record", `"Lien" is not a record type`}}},
		{"empty record type", appendRows(row(cells{colTitle: "orphan"})),
			[]want{{9, "Record", "record type is empty"}}},
		{"line under an undefined priority", appendRows(line(cells{colPriority: "Reducing Crime"})),
			[]want{{9, "Priority", `"Reducing Crime" is not a priority defined by a Priority row`}}},
		{"line with no priority", appendRows(line(cells{colPriority: " "})),
			[]want{{9, "Priority", "no priority is given"}}},
		{"post under an undefined priority", appendRows(post(cells{colPriority: "Nope"})),
			[]want{{9, "Priority", `"Nope" is not a priority`}}},
		{"unknown PCC priority", appendRows(line(cells{colAlsoTags: "Protecting from harm; Cyber crime"})),
			[]want{{9, "Also supports PCC priorities", `"Cyber crime" is not a PCC priority`}}},
		{"unknown primary PCC priority", appendRows(line(cells{colPrimaryTag: "Cyber crime"})),
			[]want{{9, "Primary PCC priority", `"Cyber crime" is not a PCC priority`}}},
		{"two primary PCC priorities", appendRows(line(cells{colPrimaryTag: "Protecting from harm; Cyber crime"})),
			[]want{{9, "Primary PCC priority", `names more than one PCC priority`}}},
		{"also supports with no primary", appendRows(line(cells{colPrimaryTag: " ", colAlsoTags: "Protecting from harm"})),
			[]want{{9, "Primary PCC priority", `has no primary one`}}},
		{"malformed amount", appendRows(line(cells{colAmount: "12,34"})),
			[]want{{9, "Amount", `"12,34" is not a valid amount: it could be £12.34 (a decimal comma) or £1,234`}}},
		{"negative amount", appendRows(line(cells{colAmount: "-5"})),
			[]want{{9, "Amount", "must not be negative"}}},
		{"empty amount", appendRows(line(cells{colAmount: ""})),
			[]want{{9, "Amount", "amount is empty"}}},
		{"line without title", appendRows(line(cells{colTitle: "  "})),
			[]want{{9, "Title", "line has no title"}}},
		{"post without title", appendRows(post(cells{colTitle: ""})),
			[]want{{9, "Title", "post has no title"}}},
		{"FTE not a number", appendRows(post(cells{colFTE: "two"})),
			[]want{{9, "FTE", `"two" is not a valid FTE`}}},
		{"FTE in exponent form", appendRows(post(cells{colFTE: "1e0"})),
			[]want{{9, "FTE", "is not a valid FTE"}}},
		{"FTE zero", appendRows(post(cells{colFTE: "0"})),
			[]want{{9, "FTE", "must be more than 0"}}},
		{"FTE too large", appendRows(post(cells{colFTE: "2"})),
			[]want{{9, "FTE", "at most 1.5"}}},
		{"bad month", appendRows(post(cells{colStart: "Smarch"})),
			[]want{{9, "Start month", `"Smarch" is not a month`}}},
		{"month out of range", appendRows(post(cells{colEnd: "13"})),
			[]want{{9, "End month", `"13" is not a month`}}},
		{"ends before it starts", appendRows(post(cells{colStart: "June", colEnd: "May"})),
			[]want{{9, "End month", "ends (May) before it starts (June)"}}},
		{"grant share over 100", appendRows(post(cells{colShare: "120%"})),
			[]want{{9, "Grant share %", "not between 0% and 100%"}}},
		{"grant share not a number", appendRows(post(cells{colShare: "half"})),
			[]want{{9, "Grant share %", "not a valid percentage"}}},
		{"grant share empty", appendRows(post(cells{colShare: ""})),
			[]want{{9, "Grant share %", "percentage is empty"}}},
		{"salary empty", appendRows(post(cells{colSalary: ""})),
			[]want{{9, "Annual salary", "amount is empty"}}},
		{"bad on-costs override", appendRows(post(cells{colOverride: "lots"})),
			[]want{{9, "On-costs override", `"lots" is not a valid amount`}}},
		{"bad funding status", appendRows(row(cells{colRecord: "Funding", colTitle: "Other", colAmount: "5", colStatus: "maybe"})),
			[]want{{9, "Status", `"maybe" is not a funding status`}}},
		{"empty funding status", appendRows(row(cells{colRecord: "Funding", colTitle: "Other", colAmount: "5"})),
			[]want{{9, "Status", "status is empty"}}},
		{"funding without a name", appendRows(row(cells{colRecord: "Funding", colAmount: "5", colStatus: "pending"})),
			[]want{{9, "Title", "funding source has no name"}}},
		{"duplicate funding name", appendRows(row(cells{colRecord: "Funding", colTitle: " GRANT", colAmount: "5", colStatus: "pending"})),
			[]want{{9, "Title", `funding source "GRANT" is already defined in row 3`}}},
		{"duplicate priority", appendRows(row(cells{colRecord: "Priority", colPriority: "violence prevention"})),
			[]want{{9, "Priority", "already defined in row 4"}}},
		{"priority without a name", appendRows(row(cells{colRecord: "Priority", colTitle: "name in the wrong column"})),
			[]want{{9, "Priority", "priority has no name"}}},
		{"duplicate PCC priority", appendRows(row(cells{colRecord: "PCC priority", colTitle: "Protecting From Harm"})),
			[]want{{9, "Title", "already defined in row 6"}}},
		{"PCC priority with the separator in its name", appendRows(row(cells{colRecord: "PCC priority", colTitle: "Harm; victims"})),
			[]want{{9, "Title", `cannot contain ";"`}}},
		{"PCC priority without a name", appendRows(row(cells{colRecord: "PCC priority", colNotes: "a description"})),
			[]want{{9, "Title", "PCC priority has no name"}}},
		{"outcome under an undefined priority", appendRows(row(cells{colRecord: "Outcome", colPriority: "Nope", colTitle: "x"})),
			[]want{{9, "Priority", `"Nope" is not a priority`}}},
		{"empty outcome", appendRows(row(cells{colRecord: "Outcome", colPriority: "Violence Prevention"})),
			[]want{{9, "Title", "outcome is empty"}}},
		{"second Plan row", appendRows(row(cells{colRecord: "plan", colTitle: "Other", colKind: "2018/19"})),
			[]want{{9, "Record", "second Plan row; the file must have exactly one (the first is row 2)"}}},
		{"unknown setting", appendRows(setting("Employer NI", "13.8")),
			[]want{{9, "Title", `"Employer NI" is not a setting`}}},
		{"rate out of range", appendRows(setting("Employer pension rate", "150")),
			[]want{{9, "Amount", "not between 0% and 100%"}}},
		{"rate not a number", appendRows(setting("Apprenticeship levy rate", "half a percent")),
			[]want{{9, "Amount", "not a valid percentage"}}},
		{"negative threshold", appendRows(setting("Employer NI threshold", "-8164")),
			[]want{{9, "Amount", "must not be negative"}}},
		{"setting given twice", appendRows(setting("Employer NI rate", "13.8"), setting("employer ni rate", "12")),
			[]want{{10, "Title", "already given in row 9"}}},
		{"cell not UTF-8", appendRows(line(cells{colTitle: "Caf\xe9 outreach"})),
			[]want{{9, "Title", "not UTF-8"}}},
		{"partnership without a name", editCell(2, colTitle, ""),
			[]want{{2, "Title", "partnership has no name"}}},
		{"bad financial year", editCell(2, colKind, "2017/19"),
			[]want{{2, "Kind", `"2017/19" is not a financial year`}}},
		{"empty financial year", editCell(2, colKind, ""),
			[]want{{2, "Kind", "financial year is empty"}}},
		{"no Plan row", func(rows [][]string) [][]string { return slices.Delete(rows, 1, 2) },
			[]want{{0, "Record", "there is no Plan row"}}},
		{"missing column", func(rows [][]string) [][]string {
			for i := range rows {
				rows[i] = rows[i][:colNotes]
			}
			return rows
		}, []want{{1, "Notes", "the header row has no such column"}}},
		{"column given twice", func(rows [][]string) [][]string {
			rows[0] = append(rows[0], "amount")
			return rows
		}, []want{{1, "Amount", "appears twice"}}},
		{"empty file", func([][]string) [][]string { return nil },
			[]want{{0, "", "the file is empty"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			requireProblems(t, csvBytes(t, tc.edit(smallFile())), tc.want)
		})
	}
}

// requireProblems decodes a file that must be refused with exactly the
// given problems, in order.
func requireProblems(t *testing.T, data []byte, wants []want) *DecodeError {
	t.Helper()
	p, err := Decode(bytes.NewReader(data))
	if p != nil {
		t.Errorf("Decode returned a plan along with problems")
	}
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("Decode error = %v, want a *DecodeError", err)
	}
	ok := len(de.Problems) == len(wants)
	for i := 0; ok && i < len(wants); i++ {
		got, w := de.Problems[i], wants[i]
		ok = got.Row == w.row && got.Column == w.column && strings.Contains(got.Reason, w.reason)
	}
	if !ok {
		t.Fatalf("problems:\n%s\nwant:\n%+v", de.Error(), wants)
	}
	return de
}

func TestDecodeReportsEveryProblemAtOnce(t *testing.T) {
	rows := smallFile()
	rows[1][colKind] = "17/18"                           // row 2
	rows[6][colAmount] = "12,34"                         // row 7
	rows[6][colAlsoTags] = "Protecting from harm; Cyber" // row 7, reported first (column order)
	rows[7][colFTE] = "full"                             // row 8
	rows[7][colEnd] = "Feb"                              // valid: February
	rows = append(rows, row(cells{colRecord: "Budget"})) // row 9
	de := requireProblems(t, csvBytes(t, rows), []want{
		{2, "Kind", `"17/18" is not a financial year`},
		{7, "Also supports PCC priorities", `"Cyber" is not a PCC priority`},
		{7, "Amount", `"12,34" is not a valid amount`},
		{8, "FTE", `"full" is not a valid FTE`},
		{9, "Record", `"Budget" is not a record type`},
	})
	lines := strings.Split(de.Error(), "\n")
	if len(lines) != 5 || lines[2] != `row 7, column "Amount": "12,34" is not a valid amount: it could be £12.34 (a decimal comma) or £1,234: write 12.34 or 1234` {
		t.Errorf("Error() =\n%s", de.Error())
	}
}

// Row numbers are those a spreadsheet shows: a cell with line breaks does
// not add rows, and a blank line does.
func TestDecodeRowNumbersMatchASpreadsheet(t *testing.T) {
	rows := smallFile()
	rows[1][colNotes] = "first line\nsecond line\nthird line"
	rows[6][colAmount] = "lots"
	data := csvBytes(t, rows)
	// A blank line after the Funding row (row 3) becomes row 4.
	funding := "confirmed" + strings.Repeat(",", numColumns-colStatus-1) + "\n"
	blank := bytes.Replace(data, []byte(funding), []byte(funding+"\n"), 1)
	if len(blank) != len(data)+1 {
		t.Fatal("no blank line was added")
	}
	data = blank
	requireProblems(t, data, []want{{8, "Amount", `"lots" is not a valid amount`}})
}

func TestDecodeStopsAtBrokenCSV(t *testing.T) {
	data := csvBytes(t, smallFile())
	data = append(data, []byte("Line,Violence Prevention,A \"quoted\" word,,,,5,,,,,,,,,,\n")...)
	data = append(data, []byte("Nonsense,,,,\n")...)
	requireProblems(t, data, []want{{9, "", "not valid CSV (line 9, column"}})
}

func TestDecodeAcceptsLFAndNoBOM(t *testing.T) {
	golden := encode(t, BuiltIn(), EncodeOptions{})
	lf := bytes.ReplaceAll(bytes.TrimPrefix(golden, []byte(bom)), []byte("\r\n"), []byte("\n"))
	if bytes.Contains(lf, []byte("\r")) || bytes.HasPrefix(lf, []byte(bom)) {
		t.Fatal("the test file still has a CR or a BOM")
	}
	requireSamePlan(t, BuiltIn(), decode(t, lf))
	requireSamePlan(t, BuiltIn(), decode(t, BuiltInCSV()))
}

// A file as Excel writes it back after the officer has opened and saved
// the export: amounts shown as currency, percentages with %, months
// abbreviated, FTE to two places, the computed columns turned into
// whatever the sheet showed, trailing empty rows, BOM and CRLF.
func TestDecodeExcelResavedFile(t *testing.T) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(encode(t, BuiltIn(), EncodeOptions{}), []byte(bom))))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rw := range rows[1:] {
		switch rw[colRecord] {
		case "Setting":
			if rw[colTitle] == settingNIThreshold {
				rw[colAmount] = "£8,164.00"
			} else {
				rw[colAmount] = model.Pct(rw[colAmount]).Decimal().StringFixed(2) + "%"
			}
		case "Funding", "Line":
			rw[colAmount] = model.MustMoney(rw[colAmount]).String()
		case "Post":
			rw[colAmount] = "#REF!"
			rw[colOtherAmount] = ""
			rw[colSalary] = model.MustMoney(rw[colSalary]).String()
			rw[colShare] += "%"
			rw[colStart] = rw[colStart][:3]
			rw[colEnd] = "12"
			fte := model.Pct(rw[colFTE]).Decimal()
			rw[colFTE] = fte.StringFixed(2)
		}
	}
	rows = append(rows, make([]string, numColumns), make([]string, numColumns))
	var b bytes.Buffer
	b.WriteString(bom)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(`"£369,000"`)) || !bytes.Contains(b.Bytes(), []byte(",Apr,12,50%,")) {
		t.Fatalf("the test file is not what it means to be:\n%s", b.String())
	}
	requireSamePlan(t, BuiltIn(), decode(t, b.Bytes()))
}

// Columns may come in any order and any case, with extra columns and
// without the computed Other funder amount.
func TestDecodeHeaderVariants(t *testing.T) {
	r := csv.NewReader(bytes.NewReader(BuiltInCSV()))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, rw := range rows {
		rw = slices.Delete(rw, colOtherAmount, colOtherAmount+1)
		slices.Reverse(rw)
		extra := "a comment of my own"
		if i == 0 {
			for j := range rw {
				rw[j] = "  " + strings.ToUpper(rw[j])
			}
			extra = "Officer comments"
		}
		rows[i] = append([]string{extra}, rw...)
	}
	requireSamePlan(t, BuiltIn(), decode(t, csvBytes(t, rows)))
}

func TestDecodeSettingsDefaultWhenMissing(t *testing.T) {
	rows := smallFile()
	rows = append(rows, row(cells{colRecord: "Setting", colTitle: "employer pension rate", colAmount: "15.5%"}))
	p := decode(t, csvBytes(t, rows))
	d := model.DefaultSettings()
	s := p.Settings
	if !s.PensionRate.Equal(model.Pct("15.5")) || !s.NIRate.Equal(d.NIRate) || !s.NIThreshold.Equal(d.NIThreshold) || !s.LevyRate.Equal(d.LevyRate) {
		t.Errorf("settings = %+v", s)
	}
}

// IDs run 1..n in file order across all records, and a line may name a
// priority or PCC priority defined further down, in any case.
func TestDecodeIDsInFileOrder(t *testing.T) {
	rows := [][]string{
		columnNames[:],
		row(cells{colRecord: "line", colPriority: "  reducing REOFFENDING ", colTitle: "Strategy", colPrimaryTag: " protecting from harm ", colAlsoTags: ";; Standing up for young people;", colAmount: "£1,234.56"}),
		row(cells{colRecord: "Plan", colTitle: "SWP", colKind: "2017-18"}),
		row(cells{colRecord: "Post", colPriority: "Reducing Reoffending", colTitle: "Worker", colFTE: "0.5", colSalary: "20k",
			colStart: "apr", colEnd: "Sept", colShare: "75 %", colOtherFunder: "YOT budget", colOverride: "1,000"}),
		row(cells{colRecord: "PCC priority", colTitle: "Protecting from harm"}),
		row(cells{colRecord: "Funding", colTitle: "Grant", colAmount: "369k", colStatus: "Confirmed"}),
		row(cells{colRecord: "Priority", colPriority: "Reducing Reoffending"}),
		row(cells{colRecord: "PCC priority", colTitle: "Standing up for young people"}),
		{"", "", ""},
		row(nil),
	}
	p := decode(t, csvBytes(t, rows))
	l, po := p.Lines[0], p.Posts[0]
	if l.ID != 1 || po.ID != 2 || p.Tags[0].ID != 3 || p.Funding[0].ID != 4 || p.Priorities[0].ID != 5 || p.Tags[1].ID != 6 {
		t.Errorf("IDs: line %d, post %d, tags %d %d, funding %d, priority %d", l.ID, po.ID, p.Tags[0].ID, p.Tags[1].ID, p.Funding[0].ID, p.Priorities[0].ID)
	}
	if l.PriorityID != 5 || po.PriorityID != 5 || !slices.Equal(l.Tags, []model.ID{3, 6}) || len(po.Tags) != 0 {
		t.Errorf("references: line under %d tagged %v, post under %d tagged %v", l.PriorityID, l.Tags, po.PriorityID, po.Tags)
	}
	if !l.Cost.Equal(model.Pence(123456)) || !p.Funding[0].Amount.Equal(model.Pounds(369000)) || p.Info.StartYear != 2017 {
		t.Errorf("amounts or year: %s %s %d", l.Cost, p.Funding[0].Amount, p.Info.StartYear)
	}
	if po.StartMonth != 1 || po.EndMonth != 6 || !po.GrantShare.Equal(model.Pct("75")) || po.OnCostOverride == nil || !po.OnCostOverride.Equal(model.Pounds(1000)) || !po.Salary.Equal(model.Pounds(20000)) {
		t.Errorf("post = %+v", po)
	}
	if p.Priorities[0].Order != 1 || p.Tags[1].Order != 2 {
		t.Errorf("orders: %d %d", p.Priorities[0].Order, p.Tags[1].Order)
	}
}

// A spreadsheet may drop the protective apostrophe when it saves; the text
// is still read as text.
func TestDecodeFormulaTextWithoutApostrophe(t *testing.T) {
	rows := smallFile()
	rows[6][colTitle] = "=HYPERLINK(\"x\")"
	rows[6][colNotes] = "'plain note"
	p := decode(t, csvBytes(t, rows))
	if p.Lines[0].Title != "=HYPERLINK(\"x\")" || p.Lines[0].Notes != "'plain note" {
		t.Errorf("title %q, notes %q", p.Lines[0].Title, p.Lines[0].Notes)
	}
}

func TestDecodeRefusesAFileThatIsNotAPlan(t *testing.T) {
	requireProblems(t, []byte("Date,Description,Value\n2017-04-01,Grant,369000\n"),
		[]want{{1, "", "the first row is not the plan file's header row; the header row must name: Record, Priority"}})
	requireProblems(t, []byte("Record;Priority;Title\nPlan;;SWP\n"),
		[]want{{1, "", "separated by ; rather than commas"}})
}

// Validate is the last line of defence behind the row checks, which catch
// everything it knows of today; so its placement is tested directly.
func TestValidateErrorsArePlacedAtTheirRows(t *testing.T) {
	d := &decoder{where: map[string][]int{}}
	d.plan = *tinyPlan()
	d.plan.Lines[0].Cost = model.Pounds(-5)                     // line "Mediators"
	d.plan.Posts[0].FTE = d.plan.Posts[0].FTE.Mul(model.MaxFTE) // post "Officer": FTE 1.5 is fine...
	d.plan.Posts[0].Salary = model.Pounds(-1)                   // ...but a negative salary is not
	d.plan.Funding[0].Amount = model.Pounds(-1)                 // funding source "Grant"
	d.place(`line "Mediators"`, 7)
	d.place(`post "Officer"`, 8)
	d.place(`post "Officer"`, 9) // two posts share the title: row unknown
	d.place(`funding source "Grant"`, 3)
	d.bad.add(3) // already reported at its row
	d.validate()
	got := (&DecodeError{Problems: d.problems}).Error()
	wantText := `row 7: line "Mediators" cost -£5 is negative` + "\n" + `post "Officer" salary -£1 is negative`
	if got != wantText {
		t.Errorf("problems:\n%s\nwant:\n%s", got, wantText)
	}
}

// A file exported before csplan had primary PCC priorities has one "PCC
// priorities" column. It still reads, each item's first PCC priority
// becoming its primary, and a note says so, so the officer is told how the
// by-PCC totals were made. The older file is the built-in plan as the
// older csplan wrote it: one column in place of the two, the primary
// first.
func TestDecodeOlderFileTakesTheFirstPCCPriorityAsPrimary(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(BuiltInCSV())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		tags := r[colPrimaryTag]
		if r[colAlsoTags] != "" {
			tags += "; " + r[colAlsoTags]
		}
		if i == 0 {
			tags = "PCC priorities"
		}
		rows[i] = slices.Concat(r[:colPrimaryTag], []string{tags}, r[colAlsoTags+1:])
	}
	old := csvBytes(t, rows)
	if !bytes.Contains(old, []byte(",Kind,PCC priorities,Amount,")) ||
		!bytes.Contains(old, []byte(",Supporting victims of crime; Protecting from harm,81895.81,")) {
		t.Fatalf("the older file is not what it means to be:\n%s", old)
	}
	p, info, err := DecodeFile(bytes.NewReader(old))
	notes := info.Notes
	if err != nil {
		t.Fatalf("an older export does not read: %v", err)
	}
	requireSamePlan(t, BuiltIn(), p)
	if len(notes) != 1 {
		t.Fatalf("notes %q, want one saying the first PCC priority was taken as primary", notes)
	}
	n := notes[0]
	if n.Row != 1 || n.Column != "PCC priorities" || !strings.Contains(n.Reason, "first PCC priority of each line and post was taken as its primary (19 of them)") {
		t.Errorf("note %q", n)
	}
	// The VAWG services line listed "Supporting victims of crime;
	// Protecting from harm": the first is its primary.
	victims, _ := p.TagByName("Supporting victims of crime")
	for _, l := range p.Lines {
		if l.Title == "Specialist VAWG services" && l.PrimaryTag() != victims.ID {
			t.Errorf("VAWG services' primary is %v, want Supporting victims of crime", p.TagNames([]model.ID{l.PrimaryTag()}))
		}
	}
	// A file in today's format reads with no note.
	if _, info, err := DecodeFile(bytes.NewReader(BuiltInCSV())); err != nil || len(info.Notes) != 0 {
		notes := info.Notes
		t.Errorf("today's format: notes %q, error %v; want none", notes, err)
	}
}

// A file may not have both the older column and the two that replace it:
// the two would say different things about an item's primary.
func TestDecodeRefusesBothTagLayouts(t *testing.T) {
	rows := smallFile()
	rows[0] = append(rows[0], "PCC priorities")
	requireProblems(t, csvBytes(t, rows), []want{{1, "PCC priorities", `also has the "Primary PCC priority" and "Also supports PCC priorities" columns`}})
}

// Whichever PCC priority is primary, a round trip keeps it: the primary is
// not simply the first in the plan's order.
func TestRoundTripKeepsThePrimaryPCCPriority(t *testing.T) {
	p := BuiltIn()
	young, _ := p.TagByName("Standing up for young people")
	harm, _ := p.TagByName("Protecting from harm")
	trust, _ := p.TagByName("Building trust and confidence in our police")
	p.Lines[0].Tags = []model.ID{young.ID, trust.ID, harm.ID}
	p.Posts[0].Tags = nil
	data := encode(t, p, EncodeOptions{})
	rows, err := csv.NewReader(bytes.NewReader(data[len(bom):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var line []string
	for _, r := range rows {
		if r[colRecord] == "Line" && r[colTitle] == p.Lines[0].Title {
			line = r
		}
	}
	if line == nil || line[colPrimaryTag] != young.Name || line[colAlsoTags] != trust.Name+"; "+harm.Name {
		t.Errorf("the line is written with primary %q, also %q", line[colPrimaryTag], line[colAlsoTags])
	}
	back, info, err := DecodeFile(bytes.NewReader(data))
	notes := info.Notes
	if err != nil || len(notes) != 0 {
		t.Fatalf("notes %q, error %v", notes, err)
	}
	requireSamePlan(t, p, back)
	if back.Lines[0].PrimaryTag() != young.ID || back.Posts[0].PrimaryTag() != 0 {
		t.Errorf("primaries after the round trip: line %v, post %v", back.Lines[0].PrimaryTag(), back.Posts[0].PrimaryTag())
	}
}

// A file exported before csplan had ledger codes has no "Ledger code"
// column: it still reads, to the same plan, with a note saying its items
// have no codes.
func TestDecodeExportBeforeLedgerCodes(t *testing.T) {
	old, err := os.ReadFile(filepath.Join("testdata", "export-before-ledger-codes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(old, []byte("Ledger code")) {
		t.Fatal("the older export has a Ledger code column")
	}
	p, info, err := DecodeFile(bytes.NewReader(old))
	if err != nil {
		t.Fatalf("an export from before ledger codes does not read: %v", err)
	}
	requireSamePlan(t, BuiltIn(), p)
	if len(info.Notes) != 1 || info.Notes[0].Row != 1 || !strings.Contains(info.Notes[0].Reason, `no "Ledger code" column`) {
		t.Errorf("notes %q, want one naming the missing Ledger code column", info.Notes)
	}
	if _, info, err := DecodeFile(bytes.NewReader(BuiltInCSV())); err != nil || len(info.Notes) != 0 {
		t.Errorf("the current export: notes %q, error %v; want none", info.Notes, err)
	}
}

// Ledger codes are written in their own column and read back.
func TestLedgerCodesRoundTrip(t *testing.T) {
	p := BuiltIn()
	p.Lines[0].LedgerCode = "CS4420/5401"
	p.Posts[1].LedgerCode = "=CS4420"
	data := encode(t, p, EncodeOptions{})
	if !bytes.Contains(data, []byte(",CS4420/5401\r\n")) || !bytes.Contains(data, []byte(",'=CS4420\r\n")) {
		t.Errorf("the codes are not the last cells of their rows:\n%s", data)
	}
	requireSamePlan(t, p, decode(t, data))
}

// A Profile cell is read as model.ParseProfile reads it; a bad one is a
// problem at its row and column. A file without the column says nothing
// about profiles.
func TestDecodeProfiles(t *testing.T) {
	p := BuiltIn()
	data := encode(t, p, EncodeOptions{Profiles: map[model.ID]model.Profile{
		p.Lines[0].ID: {Kind: model.ProfileOnePeriod, Period: 3},
		p.Posts[0].ID: {Kind: model.ProfileQuarters, Weights: []model.Money{model.Pounds(1), model.Pounds(0), model.Pounds(1), model.Pounds(2)}},
	}})
	if !bytes.Contains(data, []byte(",,all in P3\r\n")) || !bytes.Contains(data, []byte(",by quarter: 1.00; 0.00; 1.00; 2.00\r\n")) {
		t.Fatalf("the profiles are not written as the last cells of their rows:\n%s", data)
	}
	_, info, err := DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Profiles) != 2 || info.Profiles[p.Lines[0].ID].Text() != "all in P3" ||
		info.Profiles[p.Posts[0].ID].Text() != "by quarter: 1.00; 0.00; 1.00; 2.00" {
		t.Errorf("profiles read back as %v", info.Profiles)
	}
	bad := bytes.Replace(data, []byte(",,all in P3\r\n"), []byte(",,all in P13\r\n"), 1)
	_, _, err = DecodeFile(bytes.NewReader(bad))
	var de *DecodeError
	row := bytes.Count(bad[:bytes.Index(bad, []byte("all in P13"))], []byte("\n")) + 1
	if !errors.As(err, &de) || len(de.Problems) != 1 || de.Problems[0].Column != "Profile" || de.Problems[0].Row != row ||
		!strings.Contains(de.Problems[0].Reason, `"P13" is not a period`) {
		t.Errorf("a bad profile: %v, want one problem at row %d, column Profile, naming P13", err, row)
	}
	_, info, err = DecodeFile(bytes.NewReader(BuiltInCSV()))
	if err != nil || info.Profiles != nil {
		t.Errorf("a file without a Profile column: profiles %v, error %v; want nil", info.Profiles, err)
	}
}
