package workbook

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A text longer than a cell of Excel holds is refused, naming the sheet
// and the cell, rather than cut without a word; one that fits is written
// whole.
func TestTextLongerThanACellIsRefusedNamingTheCell(t *testing.T) {
	p := testPlan()
	p.Posts[3].Notes = strings.Repeat("n", MaxCellText+1)
	var buf bytes.Buffer
	err := Write(&buf, p, Options{})
	if err == nil {
		t.Fatal("a 32,768-character note was written")
	}
	f := write(t, testPlan(), Options{})
	row := findRow(t, f, SheetPosts, p.Posts[3].Title)
	rows, err2 := f.GetRows(SheetPosts)
	if err2 != nil {
		t.Fatal(err2)
	}
	col := 0
	for _, r := range rows {
		for i, c := range r {
			if c == "Notes" {
				col = i + 1
			}
		}
	}
	notes, _ := excelize.CoordinatesToCellName(col, row)
	want := "workbook: Posts sheet: cell " + notes + " would hold a text of 32768 characters"
	if !strings.HasPrefix(err.Error(), want) || !strings.Contains(err.Error(), "export as CSV") {
		t.Errorf("error = %.300s\nwant it to start %q and say to export as CSV", err, want)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes were written", buf.Len())
	}

	// Excel counts UTF-16 units: a character outside the BMP is two.
	p = testPlan()
	p.Lines[0].Title = strings.Repeat("😀", MaxCellText/2+1)
	if err := Write(&bytes.Buffer{}, p, Options{}); err == nil || !strings.Contains(err.Error(), "Plan sheet: cell") {
		t.Errorf("a title of %d UTF-16 units: %v", MaxCellText+1, err)
	}

	p = testPlan()
	p.Lines[0].Title = strings.Repeat("t", MaxCellText)
	f = write(t, p, Options{})
	if got, _ := f.GetCellValue(SheetPlan, "A"+strconv.Itoa(findRow(t, f, SheetPlan, p.Lines[0].Title))); len(got) != MaxCellText {
		t.Errorf("a title of exactly %d characters came back as %d", MaxCellText, len(got))
	}
}
