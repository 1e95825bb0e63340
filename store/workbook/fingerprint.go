package workbook

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

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

// fingerprintScheme opens the fingerprint cell, naming how it was made, so
// that a later way of making it can be told apart.
const fingerprintScheme = "csplan-sha256-v1"

// ErrSheetsChanged: a sheet csplan does not read was changed, or added,
// after csplan exported the workbook, so importing it would lose that
// change.
var ErrSheetsChanged = errors.New("the workbook was changed outside its Data sheet")

// sheetPrint is one sheet's fingerprint.
type sheetPrint struct {
	name, sum string
}

// fingerprintsOf fingerprints every sheet of f but the Data sheet, in the
// order of the workbook.
func fingerprintsOf(f *excelize.File) ([]sheetPrint, error) {
	var prints []sheetPrint
	for _, name := range f.GetSheetList() {
		if name == SheetData {
			continue
		}
		sum, err := sheetSum(f, name)
		if err != nil {
			return nil, err
		}
		prints = append(prints, sheetPrint{name, sum})
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
func formatPrints(prints []sheetPrint) string {
	parts := []string{fingerprintScheme}
	for _, p := range prints {
		parts = append(parts, p.name+":"+p.sum)
	}
	return strings.Join(parts, " ")
}

// parsePrints reads a fingerprint cell written by formatPrints; false when
// it is not one.
func parsePrints(s string) ([]sheetPrint, bool) {
	fields := strings.Fields(s)
	if len(fields) == 0 || fields[0] != fingerprintScheme {
		return nil, false
	}
	prints := make([]sheetPrint, 0, len(fields)-1)
	for _, f := range fields[1:] {
		name, sum, ok := strings.Cut(f, ":")
		if !ok || name == "" || len(sum) != 2*sha256.Size {
			return nil, false
		}
		if _, err := hex.DecodeString(sum); err != nil {
			return nil, false
		}
		prints = append(prints, sheetPrint{name, sum})
	}
	return prints, true
}

// fingerprintOfSaved saves f as it stands to a buffer and fingerprints
// its sheets as they read back from it, as Read will: the values of the
// sheets written by the stream writer can be read only from the saved
// file.
func fingerprintOfSaved(f *excelize.File) (string, error) {
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return "", err
	}
	saved, err := excelize.OpenReader(&buf)
	if err != nil {
		return "", err
	}
	defer saved.Close()
	prints, err := fingerprintsOf(saved)
	if err != nil {
		return "", err
	}
	return formatPrints(prints), nil
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
	prints, err := fingerprintsOf(f)
	if err != nil {
		return err
	}
	if len(prints) == 0 {
		return nil
	}
	cell, err := recordedPrint(f)
	if err != nil {
		return err
	}
	recorded, ok := parsePrints(cell)
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
