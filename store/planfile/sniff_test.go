package planfile

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"
)

// builtInRows is the built-in plan as CSV rows, for writing it in other
// forms.
func builtInRows(t *testing.T) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(encode(t, BuiltIn(), EncodeOptions{}), []byte(bom))))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// delimited writes rows with another separator, as a spreadsheet saving
// "Text (Tab delimited)" or a European "CSV" does.
func delimited(t *testing.T, rows [][]string, sep rune) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = sep
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// utf16Text encodes s as UTF-16 in either byte order, with or without the
// byte order mark.
func utf16Text(s string, big, mark bool) []byte {
	units := utf16.Encode([]rune(s))
	if mark {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 2*len(units))
	for i, u := range units {
		if big {
			binary.BigEndian.PutUint16(out[2*i:], u)
		} else {
			binary.LittleEndian.PutUint16(out[2*i:], u)
		}
	}
	return out
}

// A file saved in a form that is not CSV UTF-8 is named for what it is,
// with what to do, and never met with the CSV reader's jargon.
func TestDecodeNamesFilesSavedInAnotherForm(t *testing.T) {
	rows := builtInRows(t)
	// A quote inside a cell is what made the CSV reader complain of a
	// bare quote in a file split on the wrong separator.
	rows[2][colNotes] = `the "Safer Streets" bid`
	text := string(delimited(t, rows, ','))

	var xlsx bytes.Buffer
	zw := zip.NewWriter(&xlsx)
	if w, err := zw.Create("xl/workbook.xml"); err != nil {
		t.Fatal(err)
	} else if _, err := w.Write([]byte("<workbook/>")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		data []byte
		want want
	}{
		{"an xlsx renamed .csv", xlsx.Bytes(), want{0, "", "the file is an Excel workbook (.xlsx)"}},
		{"an xls renamed .csv", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00rest"), want{0, "", "Excel 97-2003 workbook (.xls)"}},
		{"UTF-16 LE with a BOM", utf16Text(text, false, true), want{0, "", "the file is UTF-16 text"}},
		{"UTF-16 BE with a BOM", utf16Text(text, true, true), want{0, "", "the file is UTF-16 text"}},
		{"UTF-16 LE without a BOM", utf16Text(text, false, false), want{0, "", "the file is UTF-16 text"}},
		{"UTF-16 BE without a BOM", utf16Text(text, true, false), want{0, "", "the file is UTF-16 text"}},
		{"Excel's Unicode Text: UTF-16 and tabs", utf16Text(string(delimited(t, rows, '\t')), false, true), want{0, "", "the file is UTF-16 text"}},
		{"tab-delimited", delimited(t, rows, '\t'), want{1, "", "separated by tabs rather than commas"}},
		{"tab-delimited with a BOM", append([]byte(bom), delimited(t, rows, '\t')...), want{1, "", "separated by tabs rather than commas"}},
		{"semicolon-delimited", delimited(t, rows, ';'), want{1, "", "separated by ; rather than commas"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			de := requireProblems(t, tc.data, []want{tc.want})
			msg := de.Error()
			if !strings.Contains(msg, `save it as "CSV UTF-8 (Comma delimited)"`) {
				t.Errorf("the message does not say how to save the file:\n%s", msg)
			}
			for _, jargon := range []string{"bare \"", "quoted-field", "not valid CSV", "header row"} {
				if strings.Contains(msg, jargon) {
					t.Errorf("the message has the reader's jargon %q:\n%s", jargon, msg)
				}
			}
		})
	}
}

// A file that is plain to read in spite of its form is read, with a note
// saying what was assumed: lines ended by a carriage return alone, and
// extra byte order marks.
func TestDecodeReadsCROnlyLinesAndExtraBOMs(t *testing.T) {
	golden := encode(t, BuiltIn(), EncodeOptions{})
	crOnly := bytes.ReplaceAll(golden, []byte("\r\n"), []byte("\r"))
	tests := []struct {
		name string
		data []byte
		note string
	}{
		{"CR-only line ends", crOnly, "end with a carriage return alone"},
		{"CR-only line ends, no BOM", bytes.TrimPrefix(crOnly, []byte(bom)), "end with a carriage return alone"},
		{"two BOMs", append([]byte(bom), golden...), "starts with 2 byte order marks"},
		{"three BOMs", append([]byte(bom+bom), golden...), "starts with 3 byte order marks"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, info, err := DecodeFile(bytes.NewReader(tc.data))
			if err != nil {
				t.Fatalf("DecodeFile: %v", err)
			}
			requireSamePlan(t, BuiltIn(), p)
			if len(info.Notes) != 1 || !strings.Contains(info.Notes[0].Reason, tc.note) {
				t.Errorf("notes = %v, want one saying %q", info.Notes, tc.note)
			}
		})
	}
	// A plain file gets no note.
	if _, info, err := DecodeFile(bytes.NewReader(golden)); err != nil || len(info.Notes) != 0 {
		t.Errorf("a plain file: notes %v, error %v", info.Notes, err)
	}
}

// A cell holding a line break in a CR-only file keeps it; a CRLF inside
// such a file stays one line break, not two.
func TestCRLinesKeepsLineBreaksInCells(t *testing.T) {
	rows := smallFile()
	rows[6][colNotes] = "first\nsecond"
	data := bytes.ReplaceAll(csvBytes(t, rows), []byte("\n"), []byte("\r"))
	p, info, err := DecodeFile(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("DecodeFile: %v", err)
	}
	if got := p.Lines[0].Notes; got != "first\nsecond" {
		t.Errorf("notes = %q", got)
	}
	if len(info.Notes) != 1 {
		t.Errorf("notes = %v", info.Notes)
	}
	// A reader that splits the CR from its LF across reads still leaves
	// the pair alone.
	var out bytes.Buffer
	if _, err := out.ReadFrom(crLines{bufioOf(t, "a\r\nb\rc\r")}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "a\r\nb\nc\n" {
		t.Errorf("crLines read %q", out.String())
	}
}

// bufioOf reads s one byte at a time, so every CR ends a read.
func bufioOf(t *testing.T, s string) *bufio.Reader {
	t.Helper()
	return bufio.NewReaderSize(iotest.OneByteReader(strings.NewReader(s)), 16)
}

// Two Line (or Post) rows the same cell for cell are named, both rows, in
// a note: most likely a row pasted twice. Rows that differ in any cell are
// not.
func TestDecodeNamesDuplicateRows(t *testing.T) {
	rows := smallFile()
	rows = append(rows, slices.Clone(rows[6]), slices.Clone(rows[7])) // rows 9 and 10 repeat the line (7) and the post (8)
	different := slices.Clone(rows[6])
	different[colNotes] = "the second session"
	rows = append(rows, different) // row 11
	p, info, err := DecodeFile(bytes.NewReader(csvBytes(t, rows)))
	if err != nil {
		t.Fatalf("DecodeFile: %v", err)
	}
	if len(p.Lines) != 3 || len(p.Posts) != 2 {
		t.Errorf("read %d lines and %d posts, want 3 and 2: a note loses nothing", len(p.Lines), len(p.Posts))
	}
	var got []string
	for _, n := range info.Notes {
		got = append(got, n.String())
	}
	if len(got) != 2 || !strings.HasPrefix(got[0], "row 9: the row is the same line as row 7") ||
		!strings.HasPrefix(got[1], "row 10: the row is the same post as row 8") {
		t.Errorf("notes:\n%s", strings.Join(got, "\n"))
	}
}

func TestIsOwnHeader(t *testing.T) {
	own := Header()
	if !IsOwnHeader(own) {
		t.Error("csplan's own header is not recognised")
	}
	own[0] = "Recrod"
	if !IsOwnHeader(own) {
		t.Error("csplan's header with a mistyped Record cell is taken for a foreign layout")
	}
	if IsOwnHeader([]string{"Project", "Priority", "Title", "Amount", "Notes"}) {
		t.Error("a foreign header with a few of csplan's names is taken for csplan's")
	}
}
