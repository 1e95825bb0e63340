package planfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// saveAsCSV is what the officer is told to do with a file saved in a form
// csplan does not read.
const saveAsCSV = `open it in the spreadsheet and save it as "CSV UTF-8 (Comma delimited)" (in Excel: File > Save As), then import that`

// sniffSize is how much of the start of a file sniff looks at: far more
// than a header row, small enough to cost nothing.
const sniffSize = 64 << 10

// sniff looks at the first bytes of a file before the CSV reader does, so
// a file saved in another form is named for what it is instead of being
// met with the CSV reader's jargon (`bare " in non-quoted-field`) a few
// rows in. It refuses (a problem, and ok false) what cannot be read
// safely: a workbook renamed .csv, UTF-16 text, cells separated by tabs or
// semicolons (such a file often has commas as decimal marks too). It reads
// what can be read without doubt, with a note saying so: extra byte order
// marks, and lines ended by a carriage return alone. It returns the reader
// to read the file from, positioned after all but one byte order mark.
func (rep *report) sniff(r io.Reader) (io.Reader, bool) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, _ := br.Peek(sniffSize) // a short file gives what there is
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		rep.problemAt(0, "", "the file is an Excel workbook (.xlsx) or another zip file, not CSV, whatever its name says: "+saveAsCSV)
		return nil, false
	case bytes.HasPrefix(head, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		rep.problemAt(0, "", "the file is an Excel 97-2003 workbook (.xls), not CSV, whatever its name says: "+saveAsCSV)
		return nil, false
	case isUTF16(head):
		rep.problemAt(0, "", `the file is UTF-16 text (what Excel saves as "Unicode Text"), not UTF-8 CSV: `+saveAsCSV)
		return nil, false
	}

	// One byte order mark is expected and readRows drops it; more come
	// from a program that added its own to a file that had one.
	marks := 0
	for bytes.HasPrefix(head[marks*len(bom):], []byte(bom)) {
		marks++
	}
	if marks > 1 {
		if _, err := br.Discard((marks - 1) * len(bom)); err != nil {
			rep.problemAt(0, "", fmt.Sprintf("the file cannot be read: %v", err))
			return nil, false
		}
		rep.notes = append(rep.notes, RowProblem{Reason: fmt.Sprintf(
			"the file starts with %d byte order marks where one is usual (a program added its own); the extra ones were ignored", marks)})
	}
	head = head[marks*len(bom):]

	var out io.Reader = br
	end := bytes.IndexByte(head, '\n')
	if end < 0 && bytes.IndexByte(head, '\r') >= 0 {
		// No line feed at all, yet carriage returns: the lines end with a
		// carriage return alone, as old Mac programs write them. Each is
		// a line end; inside a quoted cell it is a line break, which a
		// cell holds as a line feed anyway (see normaliseLineBreaks).
		out = crLines{br}
		end = bytes.IndexByte(head, '\r')
		rep.notes = append(rep.notes, RowProblem{Reason: "the lines of the file end with a carriage return alone (as older Mac programs save them) " +
			"rather than CRLF or LF; each was read as the end of a row"})
	}
	if end < 0 {
		end = len(head)
	}
	first := bytes.TrimSuffix(head[:end], []byte("\r"))
	if bytes.IndexByte(first, ',') < 0 {
		switch {
		case bytes.IndexByte(first, '\t') >= 0:
			rep.problemAt(1, "", `the cells are separated by tabs rather than commas (a "Text (Tab delimited)" file): `+saveAsCSV)
			return nil, false
		case bytes.IndexByte(first, ';') >= 0:
			rep.problemAt(1, "", `the cells are separated by ; rather than commas (as Excel saves "CSV" where a comma is the decimal mark, `+
				`so amounts may be written 1.234,56 too): `+saveAsCSV)
			return nil, false
		}
	}
	return out, true
}

// isUTF16 reports whether a file starts as UTF-16 text: with its byte
// order mark, or without one but with a zero byte beside each character
// of the header row, which is plain ASCII.
func isUTF16(head []byte) bool {
	if bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")) {
		return true
	}
	n := min(len(head), 512) &^ 1
	if n < 4 {
		return false
	}
	var evenZeros, oddZeros int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			evenZeros++
		}
		if head[i+1] == 0 {
			oddZeros++
		}
	}
	pairs := n / 2
	return (oddZeros*2 >= pairs && evenZeros == 0) || (evenZeros*2 >= pairs && oddZeros == 0)
}

// crLines reads a file whose lines end with a carriage return alone as if
// they ended with a line feed. A CR followed by an LF is left as it is.
type crLines struct{ r *bufio.Reader }

// Read implements io.Reader.
func (c crLines) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] != '\r' {
			continue
		}
		if i+1 < n {
			if p[i+1] != '\n' {
				p[i] = '\n'
			}
			continue
		}
		if next, perr := c.r.Peek(1); perr != nil || next[0] != '\n' {
			p[i] = '\n'
		}
	}
	return n, err
}
