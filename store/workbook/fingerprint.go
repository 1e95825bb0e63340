package workbook

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// Import reads the plan only from the Data sheet, but the officer sees the
// Plan sheet: a cost changed there would be silently lost on import. So
// Write records, on the Data sheet, a fingerprint of the values of every
// other sheet as they read back from the saved file, and Read refuses a
// workbook whose other sheets no longer match it, naming them.

// FingerprintLabel labels the cell of the Data sheet's header row whose
// right-hand neighbour holds the fingerprint of the other sheets.
const FingerprintLabel = "Fingerprint of the other sheets (csplan checks it on import):"

// The fingerprint cell opens with the scheme it was made by, so that a
// later way of making it can be told apart. v1 (sheetSum) hashes the
// values as a spreadsheet shows them, read back from the saved file: at
// 100,000 lines that read-back was most of an export's time. v2
// (rawSum, the scheme csplan writes now) hashes the values as stored,
// numbers to 12 significant figures, so the export hashes what it writes
// as it writes it (sheetPrinter) and only import reads the sheets back.
const (
	fingerprintScheme   = "csplan-sha256-v1"
	fingerprintSchemeV2 = "csplan-sha256-v2"
)

// ErrSheetsChanged: a sheet csplan does not read was changed, or added,
// after csplan exported the workbook, so importing it would lose that
// change.
var ErrSheetsChanged = errors.New("the workbook was changed outside its Data sheet")

// sheetPrint is one sheet's fingerprint.
type sheetPrint struct {
	name, sum string
}

// otherSheets are the sheets of f but the Data sheet.
func otherSheets(f *excelize.File) []string {
	var out []string
	for _, name := range f.GetSheetList() {
		if name != SheetData {
			out = append(out, name)
		}
	}
	return out
}

// fingerprintsBy fingerprints every sheet of f but the Data sheet, in the
// order of the workbook, with sum.
func fingerprintsBy(f *excelize.File, sum func(*excelize.File, string) (string, error)) ([]sheetPrint, error) {
	var prints []sheetPrint
	for _, name := range otherSheets(f) {
		s, err := sum(f, name)
		if err != nil {
			return nil, err
		}
		prints = append(prints, sheetPrint{name, s})
	}
	return prints, nil
}

// sheetSum is the SHA-256 of a sheet's name and the values of its cells as
// a spreadsheet shows them (formatted, as excelize reads them back), row by
// row. Blank rows and the blank cells that end a row are left out, so a
// program that saves the workbook again writing empty cells or rows
// differently does not change it; a cell's position still counts. Every
// string is preceded by its length, so no cell's text can pass for a
// boundary. Formatted rather than raw values, so that a spreadsheet that
// recalculates a total on open and saves it as 1234.5599999999999 leaves
// the sheet as it was. At most MaxRows rows are read; a sheet with more
// sums to what no export of csplan's does.
func sheetSum(f *excelize.File, name string) (string, error) {
	h := sha256.New()
	putString(h, name)
	it, err := f.Rows(name)
	if err != nil {
		return "", fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, name, err)
	}
	defer it.Close()
	num := 0
	for it.Next() {
		num++
		if num > MaxRows {
			putString(h, "more rows than csplan reads")
			break
		}
		cells, err := it.Columns()
		if err != nil {
			return "", fmt.Errorf("%w: the %s sheet cannot be read at row %d: %v", ErrNotWorkbook, name, num, err)
		}
		n := len(cells)
		for n > 0 && cells[n-1] == "" {
			n--
		}
		if n == 0 {
			continue
		}
		putUint(h, uint64(num))
		putUint(h, uint64(n))
		for _, c := range cells[:n] {
			putString(h, c)
		}
	}
	if err := it.Error(); err != nil {
		return "", fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, name, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func putUint(h hash.Hash, n uint64) {
	var b [binary.MaxVarintLen64]byte
	h.Write(b[:binary.PutUvarint(b[:], n)])
}

func putString(h hash.Hash, s string) {
	putUint(h, uint64(len(s)))
	io.WriteString(h, s)
}

// formatPrints writes the fingerprint cell: the scheme, then each sheet's
// name and sum, e.g. "csplan-sha256-v1 Plan:3f0a... Posts:...". No sheet
// name has a space or a colon in it (a spreadsheet allows no colon in one;
// csplan names its sheets without spaces).
func formatPrints(scheme string, prints []sheetPrint) string {
	parts := []string{scheme}
	for _, p := range prints {
		parts = append(parts, p.name+":"+p.sum)
	}
	return strings.Join(parts, " ")
}

// parsePrints reads a fingerprint cell written by formatPrints, with its
// scheme; false when it is not one.
func parsePrints(s string) ([]sheetPrint, string, bool) {
	fields := strings.Fields(s)
	if len(fields) == 0 || (fields[0] != fingerprintScheme && fields[0] != fingerprintSchemeV2) {
		return nil, "", false
	}
	prints := make([]sheetPrint, 0, len(fields)-1)
	for _, f := range fields[1:] {
		name, sum, ok := strings.Cut(f, ":")
		if !ok || name == "" || len(sum) != 2*sha256.Size {
			return nil, "", false
		}
		if _, err := hex.DecodeString(sum); err != nil {
			return nil, "", false
		}
		prints = append(prints, sheetPrint{name, sum})
	}
	return prints, fields[0], true
}

// recordedPrint reads the fingerprint cell from the Data sheet's header
// row (the first row that is neither blank nor the scenario's title row);
// "" and no error when there is none.
func recordedPrint(f *excelize.File) (string, error) {
	it, err := f.Rows(SheetData)
	if err != nil {
		return "", fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, SheetData, err)
	}
	defer it.Close()
	for num := 1; it.Next() && num <= MaxRows; num++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return "", fmt.Errorf("%w: the %s sheet cannot be read at row %d: %v", ErrNotWorkbook, SheetData, num, err)
		}
		if blankRow(cells) {
			continue
		}
		if _, ok := scenarioOfTitle(cells); ok || subsetOfTitle(cells) {
			continue
		}
		for i, c := range cells {
			if c == FingerprintLabel && i+1 < len(cells) {
				return cells[i+1], nil
			}
		}
		return "", nil
	}
	return "", it.Error()
}

// checkPrints refuses a workbook any of whose sheets but the Data sheet
// is not as csplan exported it: changed, or added since. A sheet deleted
// since is no change that import would lose, nor is any on a workbook
// that has only its Data sheet.
func checkPrints(f *excelize.File) error {
	if len(otherSheets(f)) == 0 {
		return nil
	}
	cell, err := recordedPrint(f)
	if err != nil {
		return err
	}
	recorded, scheme, ok := parsePrints(cell)
	sum := rawSum
	if scheme == fingerprintScheme {
		sum = sheetSum
	}
	prints, err := fingerprintsBy(f, sum)
	if err != nil {
		return err
	}
	if !ok {
		names := make([]string, len(prints))
		for i, p := range prints {
			names[i] = p.name
		}
		return fmt.Errorf("%w: the %s sheet has no fingerprint of the other sheets (the cell after %q in its header row is missing or changed), "+
			"so csplan cannot tell whether the %s %s changed after it exported the workbook; csplan reads the plan only from the %s sheet, "+
			"so such a change would be lost, and nothing was imported: export the workbook again from csplan, "+
			"or delete every sheet but the %s sheet and import that",
			ErrSheetsChanged, SheetData, FingerprintLabel, andList(names), sheetWord(len(names), "was", "were"), SheetData, SheetData)
	}
	want := make(map[string]string, len(recorded))
	for _, p := range recorded {
		want[p.name] = p.sum
	}
	var changed, added []string
	for _, p := range prints {
		sum, ok := want[p.name]
		switch {
		case !ok:
			added = append(added, p.name)
		case sum != p.sum:
			changed = append(changed, p.name)
		}
	}
	if len(changed) == 0 && len(added) == 0 {
		return nil
	}
	var what []string
	if len(changed) > 0 {
		what = append(what, fmt.Sprintf("the %s %s changed", andList(changed), sheetWord(len(changed), "was", "were")))
	}
	if len(added) > 0 {
		what = append(what, fmt.Sprintf("the %s %s added", andList(added), sheetWord(len(added), "was", "were")))
	}
	all := andList(append(changed, added...))
	n := len(changed) + len(added)
	return fmt.Errorf("%w: %s after csplan exported the workbook; csplan reads the plan only from the %s sheet, "+
		"so that change would be lost, and nothing was imported: make the change on the %s sheet (or in csplan), "+
		"or, if what the %s %s need not come into csplan, delete %s and import again",
		ErrSheetsChanged, strings.Join(what, ", and "), SheetData, SheetData,
		all, sheetWord(n, "holds", "hold"), sheetWord(n, "that sheet", "those sheets"))
}

// andList names sheets: "Plan sheet", "Plan and Posts sheets",
// "Plan, Posts and Funding sheets".
func andList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0] + " sheet"
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " sheets"
}

func sheetWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// rawSum is the v2 fingerprint of a sheet: as sheetSum, over the values
// as stored (a formula's saved value), each through canonCell, so that
// a spreadsheet saving 1234.56 back as 1234.5599999999999 leaves it as it
// was. It is what sheetPrinter works out as the sheet is written.
func rawSum(f *excelize.File, name string) (string, error) {
	p := newSheetPrinter(name)
	it, err := f.Rows(name)
	if err != nil {
		return "", fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, name, err)
	}
	defer it.Close()
	num := 0
	for it.Next() {
		num++
		if num > MaxRows {
			putString(p.h, "more rows than csplan reads")
			break
		}
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return "", fmt.Errorf("%w: the %s sheet cannot be read at row %d: %v", ErrNotWorkbook, name, num, err)
		}
		p.cells(num, cells)
	}
	if err := it.Error(); err != nil {
		return "", fmt.Errorf("%w: the %s sheet cannot be read: %v", ErrNotWorkbook, name, err)
	}
	return p.sum(), nil
}

// sheetPrinter works out a sheet's v2 fingerprint row by row: at export
// from the values written (setRow hands them on), at import from the
// values read (rawSum).
type sheetPrinter struct {
	h hash.Hash
}

func newSheetPrinter(name string) *sheetPrinter {
	p := &sheetPrinter{h: sha256.New()}
	putString(p.h, name)
	return p
}

// cells adds row num: its cells up to the last that is not empty (a row
// with none adds nothing), each with its length first.
func (p *sheetPrinter) cells(num int, cells []string) {
	n := len(cells)
	for n > 0 && canonCell(cells[n-1]) == "" {
		n--
	}
	if n == 0 {
		return
	}
	putUint(p.h, uint64(num))
	putUint(p.h, uint64(n))
	for _, c := range cells[:n] {
		putString(p.h, canonCell(c))
	}
}

// values adds row num as setRow is given it.
func (p *sheetPrinter) values(num int, values []any) {
	cells := make([]string, len(values))
	for i, v := range values {
		cells[i] = storedText(v)
	}
	p.cells(num, cells)
}

func (p *sheetPrinter) sum() string { return hex.EncodeToString(p.h.Sum(nil)) }

// storedText is a value as the sheet stores it, before canonCell: a
// number as digits, a formula's saved value, text as it is.
func storedText(v any) string {
	if c, ok := v.(excelize.Cell); ok {
		v = c.Value
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(v), 'f', -1, 32)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		if v {
			return "1"
		}
		return "0"
	}
	return fmt.Sprint(v)
}

// canonCell is a stored value as the fingerprint counts it: a number to 12
// significant figures (a spreadsheet's recalculation may change the last
// of its 17), anything else as it is.
func canonCell(s string) string {
	if s == "" || len(s) > 40 || !looksNumeric(s) {
		return s
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'g', 12, 64)
}

// looksNumeric reports whether s is written as a plain decimal number
// (digits, one point, a sign, an exponent), not a word ParseFloat also
// reads, such as "Inf" or "NaN".
func looksNumeric(s string) bool {
	digits := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits = true
		case c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E':
		default:
			return false
		}
	}
	return digits
}

// printers are the sheets being written whose fingerprint setRow works
// out, by their stream writers: a workbook is written by one goroutine,
// but several may be written at once.
var printers sync.Map // *excelize.StreamWriter → *sheetPrinter

// printWhileWriting makes setRow fingerprint what it writes through sw,
// until stop is called.
func printWhileWriting(sw *excelize.StreamWriter, p *sheetPrinter) (stop func()) {
	printers.Store(sw, p)
	return func() { printers.Delete(sw) }
}
