package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The quarter: a draft, submitted, a late invoice, written again
// (the frozen return, and what changed since), a second submit refused,
// and undo withdrawing the submission.
func TestReturnSubmitThenLateInvoice(t *testing.T) {
	db := newPlan(t)
	dir := t.TempDir()
	if _, errOut, code := csplan(t, "--db", db, "actuals", "add", "Domestic homicide reviews", "June", "1500"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code := csplan(t, "--db", db, "return", "Q1")
	if code != 0 {
		t.Fatalf("return Q1: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Safer Wolverhampton Partnership", "\"Q1, Apr-Jun 2017\"", "\"P3, June 2017\"", "Status,Draft", "Domestic homicide reviews,18000.00,1500.00,1500.00"} {
		if !strings.Contains(out, want) {
			t.Errorf("the draft return lacks %q:\n%s", want, out)
		}
	}
	x := filepath.Join(dir, "q1.xlsx")
	if _, errOut, code := csplan(t, "--db", db, "return", "Q1", "-o", x, "--submit", "--prepared-by", "A. Officer"); code != 0 {
		t.Fatalf("submit: %s", errOut)
	} else if !strings.Contains(errOut, "(Submitted ") {
		t.Errorf("submit says %q", errOut)
	}
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := false
	rows, _ := f.GetRows(f.GetSheetList()[0])
	for _, r := range rows {
		if strings.Contains(strings.Join(r, "|"), "A. Officer") {
			found = true
		}
	}
	if !found {
		t.Error("the workbook does not name who prepared it")
	}

	if _, errOut, code := csplan(t, "--db", db, "actuals", "add", "Community champions", "May", "450", "--description", "late invoice"); code != 0 {
		t.Fatal(errOut)
	}
	out, errOut, code = csplan(t, "--db", db, "return", "Q1")
	if code != 0 {
		t.Fatal(errOut)
	}
	if !strings.Contains(out, "Status,Submitted") || strings.Contains(out, "Community champions,12000.00,450.00") {
		t.Errorf("written again, Q1 is not the frozen return:\n%s", out)
	}
	if !strings.Contains(errOut, "Since then") || !strings.Contains(errOut, "Community champions: spend in the quarter £0.00 → £450.00") {
		t.Errorf("written again, it does not say what changed: %q", errOut)
	}
	if _, errOut, code := csplan(t, "--db", db, "return", "Q1", "--submit"); code == 0 || !strings.Contains(errOut, "was submitted on") {
		t.Errorf("a second submit: exit %d, %q", code, errOut)
	}
	if _, errOut, code := csplan(t, "--db", db, "return", "Q1", "-o", x); code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("over an existing file without --force: exit %d, %q", code, errOut)
	}
	// Undo the late invoice, then the submission.
	for range 2 {
		if _, errOut, code := csplan(t, "--db", db, "undo"); code != 0 {
			t.Fatal(errOut)
		}
	}
	if out, _, _ := csplan(t, "--db", db, "return", "Q1"); !strings.Contains(out, "Status,Draft") {
		t.Errorf("after undoing the submission Q1 is not a draft:\n%s", out)
	}
	for _, c := range [][]string{{"return", "Q5"}, {"return", "Q2", "--as-at", "P1"}, {"return"}} {
		if _, errOut, code := csplan(t, append([]string{"--db", db}, c...)...); code == 0 || errOut == "" {
			t.Errorf("%q: exit %d, %q", c, code, errOut)
		}
	}
	if fi, err := os.Stat(x); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the return file: %v, mode %v; want 0600 (it names posts)", err, fi.Mode())
	}
}

// A submission whose file cannot be written is not made: the file is
// checked first, so nothing is left submitted that was never written.
func TestReturnSubmitRefusedFileSubmitsNothing(t *testing.T) {
	db := newPlan(t)
	dir := t.TempDir()
	there := filepath.Join(dir, "q1.csv")
	if err := os.WriteFile(there, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{there, dir} {
		_, errOut, code := csplan(t, "--db", db, "return", "Q1", "-o", target, "--submit")
		if code == 0 || !strings.Contains(errOut, "nothing was submitted") {
			t.Errorf("submit to %s: exit %d, %q", target, code, errOut)
		}
	}
	if out, _, _ := csplan(t, "--db", db, "return", "Q1"); !strings.Contains(out, "Status,Draft") {
		t.Fatalf("a refused submission was kept:\n%s", out)
	}
	if b, _ := os.ReadFile(there); string(b) != "keep me" {
		t.Fatal("the file was written over")
	}
	for _, id := range []string{"12.5", "1e3", "0x10"} {
		if _, errOut, code := csplan(t, "--db", db, "actuals", "remove", id); code == 0 || !strings.Contains(errOut, "is not an actual's ID") {
			t.Errorf("actuals remove %s: exit %d, %q", id, code, errOut)
		}
	}
}
