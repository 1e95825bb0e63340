package workbook

import (
	"fmt"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// MaxCellText is the most characters (UTF-16 code units, as Excel counts
// them) a cell of a workbook holds.
const MaxCellText = excelize.TotalCellChars

// setRow writes a row of a sheet from cell on, after checking that no text
// in it is longer than a cell holds. excelize would cut such a text at
// MaxCellText without a word, and a cut note reads as if it were whole; so
// the workbook is refused instead, naming the cell, rather than cut and
// noted: the CSV export keeps every text whole, and the officer can choose
// it or shorten the text, knowing.
func setRow(sw *excelize.StreamWriter, cell string, values []any, opts ...excelize.RowOpts) error {
	col, row, err := excelize.CellNameToCoordinates(cell)
	if err != nil {
		return err
	}
	for i, v := range values {
		s, ok := v.(string)
		if c, isCell := v.(excelize.Cell); isCell && c.Formula == "" {
			s, ok = c.Value.(string)
		}
		if !ok {
			continue
		}
		if n := textLen(s); n > MaxCellText {
			name, _ := excelize.CoordinatesToCellName(col+i, row)
			return fmt.Errorf("cell %s would hold a text of %d characters (beginning %q), more than the %d a cell of Excel holds; "+
				"nothing was written: export as CSV, which keeps every text whole, or shorten the text",
				name, n, start(s, 40), MaxCellText)
		}
	}
	if err := sw.SetRow(cell, values, opts...); err != nil {
		return err
	}
	if p, ok := printers.Load(sw); ok {
		// Cells before the first column written are empty.
		p.(*sheetPrinter).values(row, append(make([]any, col-1), values...))
	}
	return nil
}

// textLen counts s as Excel does, in UTF-16 code units.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// start is the first n characters of s, and "..." when there are more.
func start(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "..."
}
