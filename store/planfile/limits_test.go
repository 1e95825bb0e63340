package planfile

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
)

// decodeProblems decodes a file that must be refused and returns why.
func decodeProblems(t testing.TB, data []byte) *DecodeError {
	t.Helper()
	p, err := Decode(bytes.NewReader(data))
	var de *DecodeError
	if p != nil || !errors.As(err, &de) {
		t.Fatalf("Decode = %v, %v; want a *DecodeError", p != nil, err)
	}
	return de
}

// hostileFiles are files built to cost more than their size, scaled down
// from the ones issue 11 reports (255 MB of commas, an 8 MiB amount, a
// million rows, 200,000 bad rows). Each is the small file with something
// added.
func hostileFiles(t testing.TB, scale int) map[string][]byte {
	small := csvBytes(t, smallFile())
	bad := row(cells{colRecord: "Line", colPriority: "Violence Prevention", colTitle: "x", colPrimaryTag: "Protecting from harm", colAmount: "lots"})
	var badRows [][]string
	for range scale / 8 {
		badRows = append(badRows, bad)
	}
	good := row(cells{colRecord: "Line", colPriority: "Violence Prevention", colTitle: "x", colPrimaryTag: "Protecting from harm", colAmount: "1"})
	var goodRows [][]string
	for i := range scale / 8 {
		r := append([]string(nil), good...)
		r[colTitle] = "line " + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strings.Repeat("y", i/26%50)
		goodRows = append(goodRows, r)
	}
	return map[string][]byte{
		"commas":       append(append([]byte(nil), small...), strings.Repeat(",", scale)...),
		"commas-lines": append(append([]byte(nil), small...), strings.Repeat(",,,,,,,\n", scale/8)...),
		// Under MaxCellBytes: read, then refused by the column's limit.
		"long amount": append(append([]byte(nil), small...), []byte("Line,Violence Prevention,x,,,Protecting from harm,,"+strings.Repeat("9", 50_000)+"\n")...),
		"long title":  append(append([]byte(nil), small...), []byte("Line,Violence Prevention,"+strings.Repeat("é", 25_000)+",,,Protecting from harm,,1\n")...),
		// Over it: the reading stops.
		"huge amount": append(append([]byte(nil), small...), []byte("Line,Violence Prevention,x,,,Protecting from harm,,"+strings.Repeat("9", scale)+"\n")...),
		"long quoted": append(append([]byte(nil), small...), []byte("Line,Violence Prevention,\""+strings.Repeat("\"\"", scale/2)+"\",,,Protecting from harm,,1\n")...),
		"bad rows":    append(append([]byte(nil), small...), csvBytes(t, badRows)...),
		"many rows":   append(append([]byte(nil), small...), csvBytes(t, goodRows)...),
		"tiny rows":   append(append([]byte(nil), small...), strings.Repeat("x\n", scale/2)...),
	}
}

// TestDecodeHostileFiles: each hostile file is refused (or read) with a
// short report: no cell quoted whole, at most MaxListed problems listed
// and the rest counted.
func TestDecodeHostileFiles(t *testing.T) {
	const scale = 1 << 20
	for name, data := range hostileFiles(t, scale) {
		t.Run(name, func(t *testing.T) {
			p, err := Decode(bytes.NewReader(data))
			if name == "commas-lines" { // blank rows, skipped
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if name == "many rows" {
				if err != nil || len(p.Lines) != 1+scale/8 {
					t.Fatalf("a long valid file: %v", err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("Decode error = %v, want a *DecodeError", err)
			}
			msg := de.Error()
			if len(de.Problems) > MaxListed || len(msg) > 200*MaxListed+200 {
				t.Errorf("%d problems listed, %d bytes of report", len(de.Problems), len(msg))
			}
			if strings.Contains(msg, strings.Repeat("9", 100)) || strings.Contains(msg, strings.Repeat("é", 100)) {
				t.Errorf("the report quotes the long cell: %.300s", msg)
			}
		})
	}
	files := hostileFiles(t, scale)
	for name, want := range map[string]string{
		"commas":      "row 9: the row has more than 200 cells; nothing from here on was read",
		"long amount": `row 9, column "Amount": the cell holds more than 40 characters (50000 bytes), too long for a number`,
		"huge amount": "row 9: a cell is longer than 64 KiB; nothing from here on was read",
		"long title":  `row 9, column "Title": the cell holds more than 2000 characters`,
		"long quoted": "row 9: a cell is longer than 64 KiB; nothing from here on was read",
	} {
		if msg := decodeProblems(t, files[name]).Error(); !strings.Contains(msg, want) {
			t.Errorf("%s: the report does not say %q:\n%.500s", name, want, msg)
		}
	}
	de := decodeProblems(t, files["bad rows"])
	if de.Total != scale/8 || de.Rows != scale/8 || len(de.Problems) != MaxListed ||
		!strings.HasSuffix(de.Error(), "and 130972 more problems, not listed") {
		t.Errorf("bad rows: total %d in %d rows, %d listed, ends %q", de.Total, de.Rows, len(de.Problems),
			de.Error()[max(len(de.Error())-60, 0):])
	}
}

// TestDecodeMemoryIsBoundedBySize: reading a hostile file allocates no
// more than a multiple of its size (plus a fixed allowance), counting
// every allocation, garbage included: 40 bytes a byte for every shape.
// Rows of two bytes ("x") cost 170 a byte while every row was kept; a row
// of no known record type is now reported and dropped as it is read.
// Before the limits, a row of commas cost about 90 bytes a byte and grew
// with the file (22.8 GB for 255 MB).
func TestDecodeMemoryIsBoundedBySize(t *testing.T) {
	const scale = 1 << 20
	const allowance = 4 << 20
	for name, data := range hostileFiles(t, scale) {
		const perByte = 40
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, _ = Decode(bytes.NewReader(data))
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d bytes read, %d allocated (%.1f per byte)", name, len(data), alloc, float64(alloc)/float64(len(data)))
		if alloc > uint64(perByte*len(data)+allowance) {
			t.Errorf("%s: %d bytes allocated for a file of %d bytes, more than %d per byte", name, alloc, len(data), perByte)
		}
	}
}
