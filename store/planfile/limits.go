package planfile

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// The limits Decode holds a file to, so that a hostile or broken file
// costs no more than its size: no cell is parsed or quoted whole when it
// is longer than any real one, no row holds more cells than a plan has
// columns to spare, and a file with thousands of bad rows lists the first
// problems and a count rather than a line for each.
const (
	// MaxCells is the most cells a row may have: the 17 columns and room
	// for a spreadsheet's own additions. A row of 255 MB of commas would
	// otherwise be 255 million cells.
	MaxCells = 200
	// MaxCellBytes is the longest cell the reader takes in, in bytes as
	// written (quotes doubled): beyond it the file is not read further.
	// It is above what MaxTextChars allows, so a long text is reported as
	// too long, with its row and column, rather than as a broken file.
	MaxCellBytes = 64 << 10
	// MaxTextChars is the longest text a cell may hold: a title or a note
	// longer than a page is a mistake or an attack.
	MaxTextChars = 2000
	// MaxNumberChars is the longest cell read as a number (an amount, an
	// FTE, a percentage, a month): £999,999,999.99 is 15 characters.
	MaxNumberChars = 40
	// MaxListed is how many problems a DecodeError lists; it counts the
	// rest.
	MaxListed = 100
)

// numberColumns are read as numbers or months: what is too long for a
// number is refused before any parser sees it.
var numberColumns = [numColumns]bool{colAmount: true, colFTE: true, colSalary: true, colStart: true,
	colEnd: true, colShare: true, colOtherAmount: true, colOverride: true}

// checkLength reports a cell too long for its column and returns it
// emptied, so nothing later parses or quotes it. It counts characters
// only up to the limit.
func (d *decoder) checkLength(r *rawRow, col int) {
	i := d.col[col]
	if i < 0 || i >= len(r.cells) {
		return
	}
	c := r.cells[i]
	limit, what := MaxTextChars, "a text"
	if numberColumns[col] {
		limit, what = MaxNumberChars, "a number"
	}
	if len(c) <= limit || utf8.RuneCountInString(c[:min(len(c), 4*limit+4)]) <= limit {
		return
	}
	d.problem(r.num, col, fmt.Sprintf("the cell holds more than %d characters (%d bytes), too long for %s: "+
		"it is not read", limit, len(c), what))
	r.cells[i] = ""
}

// limitError stops the reading of a file at a row that breaks a limit.
type limitError struct {
	row    int
	reason string
}

func (e *limitError) Error() string { return fmt.Sprintf("row %d: %s", e.row, e.reason) }

// rowLimiter passes a CSV file through, counting the cells of each row
// and the bytes of each cell as the csv reader will see them, and fails
// with a *limitError at the first row over MaxCells or cell over
// MaxCellBytes, before the csv reader builds it. Rows are numbered as a
// spreadsheet numbers them: every line break outside quotes ends one.
type rowLimiter struct {
	r       io.Reader
	row     int // the row being read, from 1
	cells   int // cells of the row so far, less one
	cell    int // bytes of the cell so far
	inQuote bool
}

func newRowLimiter(r io.Reader) *rowLimiter { return &rowLimiter{r: r, row: 1} }

// Read implements io.Reader.
func (l *rowLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		switch {
		case c == '"':
			// A doubled quote inside quotes toggles twice: no change.
			l.inQuote = !l.inQuote
		case l.inQuote:
		case c == ',':
			l.cells++
			l.cell = -1
		case c == '\n':
			l.row++
			l.cells, l.cell = 0, -1
		}
		l.cell++
		if l.cells >= MaxCells {
			return i, &limitError{row: l.row, reason: fmt.Sprintf("the row has more than %d cells; nothing from here on was read", MaxCells)}
		}
		if l.cell > MaxCellBytes {
			return i, &limitError{row: l.row, reason: fmt.Sprintf("a cell is longer than %d KiB; nothing from here on was read", MaxCellBytes>>10)}
		}
	}
	return n, err
}
