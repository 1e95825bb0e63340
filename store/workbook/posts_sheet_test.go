package workbook

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"csplan/model"
	"csplan/store/foreign"
	"csplan/store/planfile"

	"github.com/xuri/excelize/v2"
)

// postsWorkbook is a workbook of the officer's own layout: a sheet of
// posts first, then a sheet of lines; fill writes the posts' rows.
func postsWorkbook(t *testing.T, posts [][]any) []byte {
	t.Helper()
	return workbookOf(t, func(f *excelize.File, s string) {
		_ = f.SetSheetName(s, "Staff")
		for i, r := range posts {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			_ = f.SetSheetRow("Staff", cell, &r)
		}
		if _, err := f.NewSheet("Plan"); err != nil {
			t.Fatal(err)
		}
		_ = f.SetSheetRow("Plan", "A1", &[]any{"Project", "Theme", "Budget"})
		_ = f.SetSheetRow("Plan", "A2", &[]any{"Street pastors", "Violence Prevention", 12500})
		_ = f.SetSheetRow("Plan", "A3", &[]any{"Hate crime", "Reducing Victimisation", 3000})
	})
}

// TestReadAnyPostsFromTheirOwnSheet: with no sheet named, the lines come
// from the sheet with a cost column and the posts from the sheet beside
// it whose headers are post-like, each sheet's layout given.
func TestReadAnyPostsFromTheirOwnSheet(t *testing.T) {
	data := postsWorkbook(t, [][]any{
		{"Post", "Theme", "FTE", "Salary"},
		{"ASB coordinator", "Violence Prevention", 0.5, 30000},
	})
	p, _, res, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Lines) != 2 || len(p.Posts) != 1 {
		t.Fatalf("%d lines and %d posts, want 2 and 1", len(p.Lines), len(p.Posts))
	}
	po := p.Posts[0]
	if po.Title != "ASB coordinator" || !po.Salary.Equal(model.MustMoney("30000")) || po.FTE.String() != "0.5" {
		t.Errorf("post %+v", po)
	}
	if res.Sheet != "Plan" || len(res.Parts) != 2 || res.Parts[1].Sheet != "Staff" {
		t.Fatalf("read sheet %q, parts %+v; want lines from Plan and posts from Staff", res.Sheet, res.Parts)
	}
	if c, ok := res.Parts[1].Mapping.Column(foreign.Salary); !ok || c.Header != "Salary" {
		t.Errorf("posts mapping %+v", res.Parts[1].Mapping)
	}

	// A sheet named reads that sheet only, as before.
	p, _, _, err = ReadAny(bytes.NewReader(data), int64(len(data)), "Plan", foreign.Options{})
	if err != nil || len(p.Posts) != 0 {
		t.Fatalf("--sheet Plan: %v, %d posts; want the lines sheet alone", err, len(p.Posts))
	}
	// With both named (the editor's mapping), both are read.
	p, _, _, err = ReadSheets(bytes.NewReader(data), int64(len(data)), Sheets{Lines: "Plan", Posts: "Staff"}, foreign.Options{})
	if err != nil || len(p.Posts) != 1 {
		t.Fatalf("Plan and Staff: %v; want the post read too", err)
	}
}

// TestReadAnyPostsSheetBadCell: a bad cell on the posts sheet is named
// at that sheet's own cell, and nothing is read.
func TestReadAnyPostsSheetBadCell(t *testing.T) {
	data := postsWorkbook(t, [][]any{
		{"Post", "Theme", "FTE", "Salary"},
		{"ASB coordinator", "Violence Prevention", 0.5, 30000},
		{"Analyst", "Violence Prevention", 1, "lots"},
	})
	p, _, _, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	var de *planfile.DecodeError
	if !errors.As(err, &de) || p != nil {
		t.Fatalf("got %v; want a DecodeError and nothing read", err)
	}
	if got := de.Problems[0].String(); !strings.HasPrefix(got, `Staff!D3 (column "Salary")`) {
		t.Errorf("problem %q: want it at Staff!D3", got)
	}
}

// TestReadAnyPostsSheetWithoutPriority: a sheet of posts that gives no
// priority is not read, and a note says why; the lines are.
func TestReadAnyPostsSheetWithoutPriority(t *testing.T) {
	data := postsWorkbook(t, [][]any{
		{"Post", "FTE", "Salary"},
		{"ASB coordinator", 0.5, 30000},
	})
	p, info, _, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Lines) != 2 || len(p.Posts) != 0 {
		t.Fatalf("%d lines and %d posts, want the 2 lines alone", len(p.Lines), len(p.Posts))
	}
	said := false
	for _, n := range info.Notes {
		said = said || (n.Sheet == "Staff" && strings.Contains(n.Reason, "looks like posts"))
	}
	if !said {
		t.Errorf("no note on the Staff sheet: %+v", info.Notes)
	}
}

// TestReadAnyPostDatesAsSerials: a post's start and end held as date
// serials (42826 is 1 April 2017) in cells formatted as dates are read
// as months of the financial year; the same number in a cell not
// formatted as a date is no month, and is reported at its cell.
func TestReadAnyPostDatesAsSerials(t *testing.T) {
	build := func(dated bool) []byte {
		return workbookOf(t, func(f *excelize.File, s string) {
			_ = f.SetSheetRow(s, "A1", &[]any{"Post", "Theme", "Salary", "Start", "End"})
			_ = f.SetSheetRow(s, "A2", &[]any{"Analyst", "Violence Prevention", 30000, 42826, 43100})
			custom := "dd/mm/yyyy"
			for cell, style := range map[string]*excelize.Style{"D2": {NumFmt: 14}, "E2": {CustomNumFmt: &custom}} {
				if !dated {
					style = &excelize.Style{NumFmt: 1}
				}
				id, err := f.NewStyle(style)
				if err != nil {
					t.Fatal(err)
				}
				_ = f.SetCellStyle(s, cell, cell, id)
			}
		})
	}
	data := build(true)
	p, info, _, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if po := p.Posts[0]; po.StartMonth != 1 || po.EndMonth != 9 {
		t.Errorf("months %d to %d, want 1 (April) to 9 (December)", po.StartMonth, po.EndMonth)
	}
	said := false
	for _, n := range info.Notes {
		said = said || strings.Contains(n.Reason, "read as months of 2017/18")
	}
	if !said {
		t.Errorf("no note of the dates: %+v", info.Notes)
	}
	data = build(false)
	_, _, _, err = ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	var de *planfile.DecodeError
	if !errors.As(err, &de) || !strings.HasPrefix(de.Problems[0].String(), `Sheet1!D2 (column "Start"): "42826" is not a month`) {
		t.Fatalf("a plain number: %v; want it reported at Sheet1!D2", err)
	}
}

// TestReadAnyPostsAloneBesideUnmatchedSheet: a sheet of posts is not read
// alone while another sheet that looks like a table (perhaps the lines)
// has headers csplan cannot match; a note of one cell does not count.
func TestReadAnyPostsAloneBesideUnmatchedSheet(t *testing.T) {
	build := func(other [][]any) []byte {
		return workbookOf(t, func(f *excelize.File, s string) {
			_ = f.SetSheetName(s, "Other")
			for i, r := range other {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				_ = f.SetSheetRow("Other", cell, &r)
			}
			_, _ = f.NewSheet("Staff")
			_ = f.SetSheetRow("Staff", "A1", &[]any{"Post", "Theme", "FTE", "Salary"})
			_ = f.SetSheetRow("Staff", "A2", &[]any{"ASB coordinator", "Violence Prevention", 0.5, 30000})
		})
	}
	data := build([][]any{{"Name of work", "Area", "Money"}, {"Street pastors", "Violence Prevention", 1200}})
	_, _, _, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	if !errors.Is(err, foreign.ErrNoHeader) || !strings.Contains(err.Error(), `sheet "Staff" has posts, but "Other" may hold the lines`) {
		t.Fatalf("got %v; want the unmatched sheet named, not the posts read alone", err)
	}
	l, posts, err := Layout(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	if err != nil || l == nil || l.Sheet != "Other" || posts != "Staff" {
		t.Fatalf("layout %+v, posts %q, %v; want Other mapped with posts from Staff", l, posts, err)
	}
	data = build([][]any{{"Read me first"}})
	p, _, _, err := ReadAny(bytes.NewReader(data), int64(len(data)), "", foreign.Options{})
	if err != nil || len(p.Posts) != 1 {
		t.Fatalf("beside a note: %v; want the posts read", err)
	}
}
