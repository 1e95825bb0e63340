package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"csplan/model"
	"csplan/store/foreign"
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
	// Scenario is the name of the scenario the plan was made from, "" for
	// the plan itself. Every file made from a scenario names it: a
	// Scenario row in CSV, the title of every sheet of a workbook.
	Scenario string
	// Subset, when set, says the file holds part of the plan, e.g. "4 of
	// 15 lines, filter: youth": a Subset row in CSV, a heading and a
	// Subset record in a workbook. Importing it as the plan is refused.
	Subset string
	// Profiles, when not nil, are the year's budget profiles by item ID,
	// written in a Profile column so that import reads them back.
	Profiles map[model.ID]model.Profile
	// Compare adds a Comparison sheet to a workbook.
	Compare []model.Column
	// Replace lets ExportFile write over an existing regular file (the
	// officer said so: --force, or yes to the editor's question). Without
	// it an existing file gives ErrExists and is left alone.
	Replace bool
}

// ErrExists: the file to export to is there already and replacing it was
// not asked for.
var ErrExists = errors.New("it exists already")

// WritePlan writes p in the chosen format.
func WritePlan(w io.Writer, p *model.Plan, o ExportOptions) error {
	switch o.Format {
	case XLSX:
		return workbook.Write(w, p, workbook.Options{Title: o.Title, Scenario: o.Scenario, Subset: o.Subset, Compare: o.Compare, Profiles: o.Profiles})
	case CSV, "":
		return planfile.Encode(w, p, planfile.EncodeOptions{NoBOM: o.NoBOM, Scenario: o.Scenario, Subset: o.Subset, Profiles: o.Profiles})
	}
	return fmt.Errorf("%q is not an export format: use csv or xlsx", o.Format)
}

// ExportFile writes p to path, all or nothing (see WriteFileAtomic). The
// file has mode 0600: like the plan file, it holds salaries. It writes only
// regular files: a folder, device, pipe, socket or symbolic link at path is
// refused (see checkTarget), and an existing file is replaced only with
// o.Replace. It refuses to write over a plan database (the open plan's own
// file, or any other): a slip of the path must never turn the plan into a
// spreadsheet.
func ExportFile(path string, p *model.Plan, o ExportOptions) error {
	exists, err := checkTarget(path)
	if err != nil {
		return err
	}
	if exists && isDatabase(path) {
		return fmt.Errorf("cannot write %s: it is a csplan plan file (or another database), not an export; choose another name", path)
	}
	if exists && !o.Replace {
		return fmt.Errorf("cannot write %s: %w%s", path, ErrExists, readOnlyNote(path))
	}
	return writeFileAtomic(path, 0o600, o.Replace, func(w io.Writer) error { return WritePlan(w, p, o) })
}

// WriteReturn writes a quarterly return in format f (CSV or XLSX).
func WriteReturn(w io.Writer, r model.QuarterlyReturn, f Format) error {
	if f == XLSX {
		return workbook.WriteReturnXLSX(w, r)
	}
	return planfile.WriteReturnCSV(w, r)
}

// CheckReturnTarget says whether WriteReturnFile may write path, without
// writing: a submission is checked first, so a file that cannot be
// written never leaves a return submitted.
func CheckReturnTarget(path string, replace bool) error {
	exists, err := checkTarget(path)
	if err != nil {
		return err
	}
	if exists && isDatabase(path) {
		return fmt.Errorf("cannot write %s: it is a csplan plan file (or another database), not a return; choose another name", path)
	}
	if exists && !replace {
		return fmt.Errorf("cannot write %s: %w%s", path, ErrExists, readOnlyNote(path))
	}
	return nil
}

// WriteReturnFile writes a quarterly return to path as ExportFile writes
// the plan: whole or not at all, mode 0600, only a regular file, never over
// a plan database, and over an existing file only with replace.
func WriteReturnFile(path string, r model.QuarterlyReturn, f Format, replace bool) error {
	if err := CheckReturnTarget(path, replace); err != nil {
		return err
	}
	return writeFileAtomic(path, 0o600, replace, func(w io.Writer) error { return WriteReturn(w, r, f) })
}

// checkTarget looks at what is at path without opening it (Lstat: opening a
// pipe or a terminal would wait, and a link would be followed) and refuses
// anything but a regular file or nothing. It reports whether a regular file
// is there.
func checkTarget(path string) (exists bool, err error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
	}
	m := fi.Mode()
	switch {
	case m.IsRegular():
		return true, nil
	case m&fs.ModeSymlink != 0:
		// Refused rather than followed: what a link points at can change
		// between a check and the write, and replacing the link itself
		// would surprise whoever made it.
		return true, fmt.Errorf("cannot write %s: it is a symbolic link; csplan writes only regular files, so name the file itself", path)
	case m.IsDir():
		return true, fmt.Errorf("cannot write %s: it is a folder", path)
	}
	kind := "a special file"
	switch {
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		kind = "a device"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return true, fmt.Errorf("cannot write %s: it is %s, not a regular file; csplan writes only regular files (use -o - for standard output)", path, kind)
}

// readOnlyNote adds that an existing file is read-only, so replacing it is
// a second thought.
func readOnlyNote(path string) string {
	if fi, err := os.Lstat(path); err == nil && fi.Mode().Perm()&0o222 == 0 {
		return " and is read-only"
	}
	return ""
}

// isDatabase reports whether path is an existing bbolt file: its first page
// carries bbolt's meta magic number. The file is opened without waiting
// (in case a pipe took its place since checkTarget) and read only if it is
// still a regular file.
func isDatabase(path string) bool {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return false
	}
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
// never half a file. It writes only regular files: anything else at path
// is refused (see checkTarget). It says which file it could not write and
// why.
func WriteFileAtomic(path string, perm os.FileMode, write func(io.Writer) error) error {
	return writeFileAtomic(path, perm, true, write)
}

// tempPattern names the temporary file an atomic write starts with. It is
// short and fixed, so a target name up to the file system's limit (255
// bytes) still has a temporary name that fits.
const tempPattern = ".csplan-*.tmp"

func writeFileAtomic(path string, perm os.FileMode, replace bool, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if _, err := checkTarget(path); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, tempPattern)
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
	if err := place(tmp.Name(), path, replace); err != nil {
		return err
	}
	// Sync the folder so the rename itself survives a power cut.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// place moves the written temporary file to path. Without replace it must
// not write over a file that appeared meanwhile: a hard link fails if path
// exists, atomically; where links are not supported, path is checked once
// more and then renamed to.
func place(tmp, path string, replace bool) error {
	if !replace {
		err := os.Link(tmp, path)
		if err == nil {
			_ = os.Remove(tmp)
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("cannot write %s: %w", path, ErrExists)
		}
		if exists, cerr := checkTarget(path); cerr != nil || exists {
			if cerr == nil {
				cerr = fmt.Errorf("cannot write %s: %w", path, ErrExists)
			}
			return cerr
		}
	} else if _, err := checkTarget(path); err != nil {
		// Checked again just before: a folder or a device that took the
		// file's place meanwhile is not renamed over.
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write %s: %w", path, unwrapPathError(err))
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

// ReadPlanFile reads a plan from a CSV file in csplan's format, or from a
// workbook csplan exported (told by its content, not its name), with what
// the file says beyond it (planfile.FileInfo): the scenario it was
// exported from, if any, which an importer must not take for the plan, and
// the notes the officer must be told about how it was read. On a bad file
// it returns a *planfile.DecodeError listing every bad row (in a
// workbook, every bad cell, named as Data!H14).
func ReadPlanFile(path string) (*model.Plan, planfile.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if fi.IsDir() {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: it is a folder", path)
	}
	if fi.Size() > MaxImportSize {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: at %d MB it is too large to be a plan", path, fi.Size()>>20)
	}
	// The size above is 0 for a pipe or a device: the limit holds anyway.
	lr := &io.LimitedReader{R: f, N: MaxImportSize + 1}
	br := bufio.NewReaderSize(lr, 1<<16)
	// A workbook is known by what it holds, not by its name: an .xlsx
	// renamed .csv is read as the workbook it is.
	if head, _ := br.Peek(4); workbook.IsWorkbook(head) {
		return readWorkbook(path, br, lr)
	}
	p, info, err := planfile.DecodeFile(br)
	if lr.N <= 0 {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: it is more than %d MB, too large to be a plan", path, MaxImportSize>>20)
	}
	if err != nil {
		return nil, planfile.FileInfo{}, err
	}
	return p, info, nil
}

// ReadLedgerFile reads a ledger export (CSV) against the plan and its
// year's monitoring, as planfile.ReadLedger does, refusing a folder or a
// file over MaxImportSize before reading it.
func ReadLedgerFile(path string, p *model.Plan, m *model.Monitoring, opts planfile.LedgerOptions) (planfile.LedgerResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return planfile.LedgerResult{}, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return planfile.LedgerResult{}, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if fi.IsDir() {
		return planfile.LedgerResult{}, fmt.Errorf("cannot read %s: it is a folder", path)
	}
	if fi.Size() > MaxImportSize {
		return planfile.LedgerResult{}, fmt.Errorf("cannot read %s: at %d MB it is too large to be a ledger export csplan reads (at most %d MB)", path, fi.Size()>>20, MaxImportSize>>20)
	}
	lr := &io.LimitedReader{R: f, N: MaxImportSize + 1}
	res, err := planfile.ReadLedger(lr, path, p, m, opts)
	if lr.N <= 0 {
		return planfile.LedgerResult{}, fmt.Errorf("cannot read %s: it is more than %d MB, too large to be a ledger export csplan reads", path, MaxImportSize>>20)
	}
	return res, err
}

// readWorkbook reads the rest of a workbook (it must be read whole: a
// zip file's directory is at its end) and then the plan from it.
func readWorkbook(path string, r io.Reader, lr *io.LimitedReader) (*model.Plan, planfile.FileInfo, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if lr.N <= 0 {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: it is more than %d MB, too large to be a plan", path, MaxImportSize>>20)
	}
	p, info, err := workbook.Read(bytes.NewReader(data), int64(len(data)))
	if errors.Is(err, workbook.ErrNotWorkbook) || errors.Is(err, workbook.ErrSheetsChanged) {
		return nil, planfile.FileInfo{}, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if err != nil {
		return nil, planfile.FileInfo{}, err
	}
	return p, info, nil
}

// ImportOptions say how to read a sheet laid out by the officer rather
// than by csplan (see package foreign).
type ImportOptions struct {
	// Sheet names the workbook's sheet to read; "" for the first whose
	// headers can be read (csplan's own Data sheet in its own workbook).
	Sheet string
	// PostsSheet names a second sheet, of posts read by their headers,
	// with Sheet; "" for none. With no Sheet, a workbook's sheet of posts
	// beside its lines is found by its headers.
	PostsSheet string
	// Map names the header of a field's column, overriding the synonyms.
	Map map[foreign.Field]string
	// Only reads the columns Map names, none by their headers' synonyms.
	Only bool
}

// ReadImportFile reads a plan from any file the officer may bring: CSV or
// a workbook in csplan's own layout (as ReadPlanFile reads it), or a CSV
// file or workbook sheet in a layout of the officer's own, read by its
// headers (package foreign), with the same size bounds. For a foreign
// layout the *foreign.Result is not nil, and the plan holds only what
// such a sheet gives: lines, posts and the priorities they name. A
// mapping or sheet asked for reads even csplan's own file as foreign.
func ReadImportFile(path string, o ImportOptions) (*model.Plan, planfile.FileInfo, *foreign.Result, error) {
	data, err := readImportData(path)
	if err != nil {
		return nil, planfile.FileInfo{}, nil, err
	}
	if workbook.IsWorkbook(data) {
		p, info, res, err := workbook.ReadSheets(bytes.NewReader(data), int64(len(data)), workbook.Sheets{Lines: o.Sheet, Posts: o.PostsSheet},
			foreign.Options{Map: o.Map, Only: o.Only})
		if errors.Is(err, workbook.ErrNotWorkbook) || errors.Is(err, workbook.ErrSheetsChanged) || errors.Is(err, foreign.ErrNoHeader) {
			return nil, planfile.FileInfo{}, nil, fmt.Errorf("cannot read %s: %w", path, err)
		}
		return p, info, res, err
	}
	if o.Sheet != "" {
		return nil, planfile.FileInfo{}, nil, fmt.Errorf("cannot read %s: --sheet names a sheet of a workbook, and this is a CSV file", path)
	}
	rows, err := planfile.ReadRows(bytes.NewReader(data))
	if err != nil {
		return nil, planfile.FileInfo{}, nil, err
	}
	if len(o.Map) == 0 && !o.Only && (len(rows) == 0 || planfile.IsOwnHeader(rows[0].Cells)) {
		p, info, err := planfile.DecodeReadRows(rows)
		return p, info, nil, err
	}
	t := &foreign.Table{Rows: make([]foreign.Row, len(rows))}
	for i, r := range rows {
		t.Rows[i] = foreign.Row{Num: r.Num, Cells: r.Cells}
	}
	res, err := foreign.Read(t, foreign.Options{Map: o.Map, Only: o.Only})
	if errors.Is(err, foreign.ErrNoHeader) {
		return nil, planfile.FileInfo{}, nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if err != nil {
		return nil, planfile.FileInfo{}, nil, err
	}
	return res.Plan, planfile.FileInfo{Notes: res.Notes}, res, nil
}

// readImportData reads the whole of a file to import, refusing a folder
// or a file past MaxImportSize.
func readImportData(path string) ([]byte, error) {
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
	// Read into a buffer of the file's size, one byte over to see a file
	// that grew since: io.ReadAll's doubling made and cleared twice as
	// much, a third of a second at 100,000 lines.
	data := make([]byte, fi.Size()+1)
	n, err := io.ReadFull(f, data)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		data = data[:n]
	case err == nil:
		// It grew: read the rest, within the limit.
		if data, err = io.ReadAll(io.MultiReader(bytes.NewReader(data), io.LimitReader(f, MaxImportSize+1-int64(n)))); err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
		}
	default:
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPathError(err))
	}
	if len(data) > MaxImportSize {
		return nil, fmt.Errorf("cannot read %s: it is more than %d MB, too large to be a plan", path, MaxImportSize>>20)
	}
	return data, nil
}

// ReadImportLayout finds the header row of a file of the officer's own
// layout and maps its columns as far as their headers allow (see
// foreign.Inspect), without reading the rows, so the officer can map the
// columns of a file that ReadImportFile refuses (headers it cannot match,
// or a bad cell under a column read as the wrong field). It returns nil
// for a file in csplan's own layout, as ReadImportFile reads it. posts
// names a workbook's sheet of posts that ReadImportFile would read beside
// the sheet mapped (see ImportOptions.PostsSheet), "" for none.
func ReadImportLayout(path string, o ImportOptions) (l *foreign.Layout, posts string, err error) {
	data, err := readImportData(path)
	if err != nil {
		return nil, "", err
	}
	fo := foreign.Options{Map: o.Map, Only: o.Only}
	if workbook.IsWorkbook(data) {
		l, posts, err := workbook.Layout(bytes.NewReader(data), int64(len(data)), o.Sheet, fo)
		if err != nil {
			return nil, "", fmt.Errorf("cannot read %s: %w", path, err)
		}
		return l, posts, nil
	}
	rows, err := planfile.ReadRows(bytes.NewReader(data))
	if err != nil {
		return nil, "", err
	}
	if len(o.Map) == 0 && !o.Only && (len(rows) == 0 || planfile.IsOwnHeader(rows[0].Cells)) {
		return nil, "", nil
	}
	t := &foreign.Table{Rows: make([]foreign.Row, len(rows))}
	for i, r := range rows {
		t.Rows[i] = foreign.Row{Num: r.Num, Cells: r.Cells}
	}
	found, ok := foreign.Inspect(t, fo)
	if !ok {
		return nil, "", nil
	}
	return &found, "", nil
}
