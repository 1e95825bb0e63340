package store

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"csplan/store/internal/plantest"
	"csplan/store/planfile"
)

func TestExportFileWritesWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.csv")
	p := planfile.BuiltIn()
	if err := ExportFile(path, p, ExportOptions{Format: CSV}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := planfile.Encode(&want, p, planfile.EncodeOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Error("the exported file differs from the encoding")
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	back, info, err := ReadPlanFile(path)
	if err != nil || len(info.Notes) != 0 || info.Scenario != "" {
		t.Fatalf("read back %+v, error %v", info, err)
	}
	if len(back.Lines) != len(p.Lines) {
		t.Errorf("read back %d lines", len(back.Lines))
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestFailingWriterLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.csv")
	boom := errors.New("disk full")
	err := WriteFileAtomic(path, 0o600, func(w io.Writer) error {
		if _, err := w.Write([]byte("half a file")); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v should wrap the cause and name %s", err, path)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a failed export left files behind: %v", entries)
	}
	// An existing file survives a failed overwrite untouched.
	if err := os.WriteFile(path, []byte("the old export"), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = WriteFileAtomic(path, 0o600, func(w io.Writer) error { _, _ = w.Write([]byte("new")); return boom })
	if b, _ := os.ReadFile(path); string(b) != "the old export" {
		t.Errorf("the old file was damaged: %q", b)
	}
}

func TestExportToUnwritablePlaceSaysSo(t *testing.T) {
	err := ExportFile(filepath.Join(t.TempDir(), "no-such-folder", "plan.csv"), planfile.BuiltIn(), ExportOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot write") || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("error %v", err)
	}
	dir := t.TempDir()
	if err := ExportFile(dir, planfile.BuiltIn(), ExportOptions{}); err == nil || !strings.Contains(err.Error(), "it is a folder") {
		t.Errorf("export over a folder: %v", err)
	}
}

func TestReadPlanFileRefusals(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := ReadPlanFile(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing: %v", err)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("Record,Title\nLine,x\n"), 0o600)
	var de *planfile.DecodeError
	if _, _, err := ReadPlanFile(bad); !errors.As(err, &de) {
		t.Errorf("bad file: %v", err)
	}
}

// csplan's own workbook imports back as the plan it was exported from,
// known as a workbook by its content whatever its name; and one made from a
// scenario says which.
func TestReadPlanFileReadsItsOwnWorkbook(t *testing.T) {
	dir := t.TempDir()
	p := planfile.BuiltIn()
	for _, name := range []string{"plan.xlsx", "renamed.csv", "what-if.xlsx"} {
		opts := ExportOptions{Format: XLSX}
		if name == "what-if.xlsx" {
			opts.Scenario = "Carry-forward refused"
		}
		path := filepath.Join(dir, name)
		if err := ExportFile(path, p, opts); err != nil {
			t.Fatal(err)
		}
		back, info, err := ReadPlanFile(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := plantest.DiffPlans(p, back); len(d) > 0 {
			t.Errorf("%s: the plan read back differs from the plan exported:\n%s", name, strings.Join(d, "\n"))
		}
		if info.Scenario != opts.Scenario {
			t.Errorf("%s: scenario %q, want %q", name, info.Scenario, opts.Scenario)
		}
	}
}

// A zip file that is not a workbook is named as such, with the file's name.
func TestReadPlanFileRefusesAZipThatIsNoWorkbook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.xlsx")
	if err := os.WriteFile(path, []byte("PK\x03\x04 and then nothing a zip file holds"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := ReadPlanFile(path)
	if err == nil || !strings.Contains(err.Error(), "cannot read "+path) || !strings.Contains(err.Error(), "not a workbook") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"csv": CSV, "CSV": CSV, " xlsx ": XLSX, "excel": XLSX} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), `"pdf"`) {
		t.Errorf("pdf: %v", err)
	}
	if FormatForPath("a/b.XLSX") != XLSX || FormatForPath("plan.csv") != CSV {
		t.Error("FormatForPath")
	}
}

func TestExportRefusesToOverwriteAPlanFile(t *testing.T) {
	db, path := newTestDB(t)
	_ = db.Close()
	before := fileSum(t, path)
	err := ExportFile(path, planfile.BuiltIn(), ExportOptions{Format: CSV})
	if err == nil || !strings.Contains(err.Error(), "it is a csplan plan file") {
		t.Errorf("export over the plan file: %v", err)
	}
	if fileSum(t, path) != before {
		t.Fatal("the plan file was changed")
	}
}

// TestExportFileReplacesOnlyWhenAsked: an existing file is left alone and
// ErrExists returned, unless Replace says the officer agreed.
func TestExportFileReplacesOnlyWhenAsked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "plan.csv")
	if err := os.WriteFile(path, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := ExportFile(path, planfile.BuiltIn(), ExportOptions{Format: CSV})
	if b, _ := os.ReadFile(path); !errors.Is(err, ErrExists) || string(b) != "keep" {
		t.Fatalf("export over a file: %v; file %q", err, b)
	}
	if err := ExportFile(path, planfile.BuiltIn(), ExportOptions{Format: CSV, Replace: true}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) == "keep" {
		t.Error("Replace did not replace the file")
	}
	if es, _ := os.ReadDir(filepath.Dir(path)); len(es) != 1 {
		t.Errorf("left behind: %v", es)
	}
}

// TestReadPlanFileRefusesALargeFileUnread: a file over MaxImportSize is
// refused from its size; the file here is sparse and holds no plan, so
// reading any of it would report something else.
func TestReadPlanFileRefusesALargeFileUnread(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxImportSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, _, err = ReadPlanFile(path)
	if err == nil || !strings.Contains(err.Error(), "too large to be a plan") {
		t.Fatalf("ReadPlanFile = %v, want it refused for its size", err)
	}
}
