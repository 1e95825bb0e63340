package store

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"csplan/model"
	"csplan/store/planfile"
	"csplan/store/workbook"
)

// Format is a file format the plan can be exported to.
type Format string

// The export formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ParseFormat reads a format name as typed: csv or xlsx, in any case.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "csv":
		return CSV, nil
	case "xlsx", "excel":
		return XLSX, nil
	}
	return "", fmt.Errorf("%q is not an export format: use csv or xlsx", s)
}

// FormatForPath guesses the format from a file name: .xlsx is a workbook,
// anything else CSV.
func FormatForPath(path string) Format {
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return XLSX
	}
	return CSV
}

// ExportOptions say how to write a plan to a file.
type ExportOptions struct {
	Format Format
	// NoBOM leaves out the byte order mark of a CSV file.
	NoBOM bool
	// Title heads a workbook's Plan sheet, e.g. "Scenario: Carry-forward refused".
	Title string
	// Compare adds a Comparison sheet to a workbook.
	Compare []model.Column
}

// WritePlan writes p in the chosen format.
func WritePlan(w io.Writer, p *model.Plan, o ExportOptions) error {
	switch o.Format {
	case XLSX:
		return workbook.Write(w, p, workbook.Options{Title: o.Title, Compare: o.Compare})
	case CSV, "":
		return planfile.Encode(w, p, planfile.EncodeOptions{NoBOM: o.NoBOM})
	}
	return fmt.Errorf("%q is not an export format: use csv or xlsx", o.Format)
}

// ExportFile writes p to path, all or nothing (see WriteFileAtomic). The
// file has mode 0600: like the plan file, it holds salaries. It refuses to
// write over a plan database (the open plan's own file, or any other): a
// slip of the path must never turn the plan into a spreadsheet.
func ExportFile(path string, p *model.Plan, o ExportOptions) error {
	if isDatabase(path) {
		return fmt.Errorf("cannot write %s: it is a csplan plan file (or another database), not an export; choose another name", path)
	}
	return WriteFileAtomic(path, 0o600, func(w io.Writer) error { return WritePlan(w, p, o) })
}

// isDatabase reports whether path is an existing bbolt file: its first page
// carries bbolt's meta magic number.
func isDatabase(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [20]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	// A bbolt page header is 16 bytes; the meta that follows starts with
	// the magic 0xED0CDAED in the machine's byte order (little-endian here).
	return binary.LittleEndian.Uint32(head[16:]) == 0xED0CDAED || binary.BigEndian.Uint32(head[16:]) == 0xED0CDAED
}

// WriteFileAtomic writes a file through a temporary file beside it, synced
// to disk and then renamed over the target, so a failure at any point (a
// full disk, no permission, a crash) leaves the old file, or none, and
// never half a file. It says which file it could not write and why.
func WriteFileAtomic(path string, perm os.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if fi, statErr := os.Stat(path); statErr == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder", path)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	// Sync the folder so the rename itself survives a power cut.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// unwrapPathError drops the temporary file's name from an error, so the
// message names the file the officer asked for, not ours.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// MaxImportSize is the largest file import reads, 64 MiB: far beyond any
// real plan (100,000 lines make about 15 MB), small enough that reading
// one costs a bounded amount of memory. A larger file is refused from its
// size before a byte of it is read; a pipe, whose size is not known, is
// cut off at the limit.
const MaxImportSize = 64 << 20

// ReadPlanFile reads a plan from a CSV file in csplan's format. On a bad
// file it returns a *planfile.DecodeError listing every bad row.
func ReadPlanFile(path string) (*model.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("cannot read %s: it is a folder", path)
	}
	if fi.Size() > MaxImportSize {
		return nil, fmt.Errorf("cannot read %s: at %d MB it is too large to be a plan", path, fi.Size()>>20)
	}
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		return nil, fmt.Errorf("cannot read %s: import reads csplan's CSV format; save the workbook as \"CSV UTF-8\" first", path)
	}
	// The size above is 0 for a pipe or a device: the limit holds anyway.
	lr := &io.LimitedReader{R: f, N: MaxImportSize + 1}
	p, err := planfile.Decode(bufio.NewReaderSize(lr, 1<<16))
	if lr.N <= 0 {
		return nil, fmt.Errorf("cannot read %s: it is more than %d MB, too large to be a plan", path, MaxImportSize>>20)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}
