package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// csplanEnv runs the built binary with extra environment variables (and
// CSPLAN_DB and XDG_DATA_HOME taken out unless given).
func csplanEnv(t *testing.T, env []string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var base []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "CSPLAN_DB=") && !strings.HasPrefix(e, "XDG_DATA_HOME=") {
			base = append(base, e)
		}
	}
	return runBinary(t, append(append(base, "NO_COLOR=1"), env...), strings.NewReader(stdin), args...)
}

// TestMistypedPathMakesNothing runs every command on a --db path (and a
// $CSPLAN_DB path) that is not there: each fails, names csplan init, and
// makes neither the file nor its folder. The default place, with neither,
// is still made on first run.
func TestMistypedPathMakesNothing(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nodir", "x.db")
	commands := [][]string{
		{"totals"}, {"check"}, {"history"}, {"undo"}, {"redo"}, {"export"},
		{"scenario", "list"}, {"scenario", "new", "Draft"}, {},
	}
	for _, args := range commands {
		for _, viaEnv := range []bool{false, true} {
			var env []string
			all := args
			if viaEnv {
				env = []string{"CSPLAN_DB=" + missing}
			} else {
				all = append([]string{"--db", missing}, args...)
			}
			out, errOut, code := csplanEnv(t, env, "", all...)
			if code == 0 || !strings.Contains(errOut, "csplan init") || !strings.Contains(errOut, missing) {
				t.Errorf("%v (CSPLAN_DB %v): exit %d, want a failure naming csplan init\n%s%s", args, viaEnv, code, out, errOut)
			}
			if got := dirNames(t, dir); len(got) != 0 {
				t.Fatalf("%v (CSPLAN_DB %v) made %v", args, viaEnv, got)
			}
		}
	}
	// A path ending in / is a folder: nothing is made there either.
	for _, args := range [][]string{{"totals"}, {"init"}} {
		_, errOut, code := csplan(t, append([]string{"--db", filepath.Join(dir, "sub") + "/"}, args...)...)
		if code == 0 {
			t.Errorf("%v on dir/: exit 0 %s", args, errOut)
		}
		if got := dirNames(t, dir); len(got) != 0 {
			t.Errorf("%v on dir/ made %v", args, got)
		}
	}
	// The default place is made on first run.
	data := t.TempDir()
	out, errOut, code := csplanEnv(t, []string{"XDG_DATA_HOME=" + data}, "", "totals")
	if code != 0 || !strings.Contains(out, "£407,000") {
		t.Fatalf("first run at the default place: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, "csplan", "plan.db")); err != nil {
		t.Error(err)
	}
}

// TestEditorOnMissingPathAsks: the editor offers to make a named plan file
// that is not there, and without a terminal it refuses, making nothing.
func TestEditorOnMissingPathAsks(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := csplanEnv(t, nil, "y\n", "--db", filepath.Join(dir, "x.db"))
	if code == 0 || !strings.Contains(errOut, "csplan init") {
		t.Errorf("editor without a terminal on a missing plan: exit %d %q", code, errOut)
	}
	if got := dirNames(t, dir); len(got) != 0 {
		t.Errorf("made %v", got)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "new", "plan.db")
	out, errOut, code := csplan(t, "--db", db, "init")
	if code != 0 || !strings.Contains(out, "14 lines, 5 posts") {
		t.Fatalf("init: exit %d\n%s%s", code, out, errOut)
	}
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("plan file: %v %v", fi, err)
	}
	sum := fileSum(t, db)
	_, errOut, code = csplan(t, "--db", db, "init")
	if code == 0 || !strings.Contains(errOut, "is there already") || fileSum(t, db) != sum {
		t.Errorf("init over a plan: exit %d %q", code, errOut)
	}
	if out, _, _ := csplan(t, "--db", db, "scenario", "list"); !strings.Contains(out, "Carry-forward refused") {
		t.Errorf("the built-in scenarios are missing:\n%s", out)
	}

	empty := filepath.Join(dir, "empty.db")
	if _, errOut, code := csplan(t, "--db", empty, "init", "--empty"); code != 0 {
		t.Fatal(errOut)
	}
	if got := totalsJSONOf(t, empty); got.LineCount != 0 || got.PostCount != 0 || got.Allocated != "0.00" {
		t.Errorf("empty plan: %+v", got)
	}

	csvPath := filepath.Join(dir, "plan.csv")
	if _, errOut, code := csplan(t, "--db", db, "export", "-o", csvPath); code != 0 {
		t.Fatal(errOut)
	}
	from := filepath.Join(dir, "from.db")
	if _, errOut, code := csplan(t, "--db", from, "init", "--from", csvPath); code != 0 {
		t.Fatal(errOut)
	}
	if got, want := totalsJSONOf(t, from), totalsJSONOf(t, db); got != want {
		t.Errorf("plan from CSV %+v, want %+v", got, want)
	}
	_, errOut, code = csplan(t, "--db", filepath.Join(dir, "both.db"), "init", "--empty", "--from", csvPath)
	if code == 0 || !strings.Contains(errOut, "csplan init --help") {
		t.Errorf("--empty with --from: exit %d %q", code, errOut)
	}
	if _, err := os.Lstat(filepath.Join(dir, "both.db")); err == nil {
		t.Error("a refused init made a file")
	}
}

// TestCheckReportsFit: check says the plan relies on pending money, or is
// over budget, as a warning, and never "no errors" alone.
func TestCheckReportsFit(t *testing.T) {
	db := newPlan(t)
	out, errOut, code := csplan(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "warning: the plan relies on pending money") ||
		!strings.Contains(out, "£38,000 short") || !strings.Contains(out, "but 1 warning") {
		t.Errorf("check of the built-in plan: exit %d\n%s%s", code, out, errOut)
	}
	// A raised line cost puts it over even with pending money.
	if _, errOut, code := csplan(t, "--db", db, "scenario", "new", "Over"); code != 0 {
		t.Fatal(errOut)
	}
	csvPath := filepath.Join(t.TempDir(), "over.csv")
	csplan(t, "--db", db, "export", "-o", csvPath)
	b, _ := os.ReadFile(csvPath)
	s := strings.Replace(string(b), ",5000.00,", ",55000.00,", 1)
	if s == string(b) {
		t.Fatal("no line of £5,000 to raise")
	}
	os.WriteFile(csvPath, []byte(s), 0o600)
	if _, errOut, code := csplan(t, "--db", db, "import", csvPath, "--yes"); code != 0 {
		t.Fatal(errOut)
	}
	out, _, code = csplan(t, "--db", db, "check")
	if code != 0 || !strings.Contains(out, "warning: the plan is over budget") || !strings.Contains(out, "£50,000 too much") {
		t.Errorf("check of a plan over budget: exit %d\n%s", code, out)
	}
}

// TestUsageErrors: every mistake in calling a command exits non-zero with
// one line naming the command's --help; unknown subcommands fail.
func TestUsageErrors(t *testing.T) {
	db := newPlan(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"scenario", "compare"}, "missing NAME (the command is csplan scenario compare NAME...); see csplan scenario compare --help"},
		{[]string{"scenario", "bogus"}, `unknown command "bogus" for "csplan scenario"`},
		{[]string{"bogus"}, "see csplan --help"},
		{[]string{"toals"}, "did you mean totals?"},
		{[]string{"totals", "--no-such-flag"}, "see csplan totals --help"},
		{[]string{"scenario", "rename", "Carry-forward refused"}, "missing NEW-NAME"},
		{[]string{"history", "-n", "-3"}, "see csplan history --help"},
		{[]string{"export", "--format", ""}, "--format needs a value"},
		{[]string{"--db", "", "totals"}, "--db needs a value"},
		{[]string{"scenario", "new", ""}, "NAME is empty"},
		{[]string{"scenario", "new", "  "}, "NAME is empty"},
		{[]string{"scenario", "new", strings.Repeat("n", 201)}, "the most is 200"},
		{[]string{"scenario", "rename", "Carry-forward refused", strings.Repeat("n", 201)}, "the most is 200"},
		{[]string{"totals", "--scenario", strings.Repeat("n", 201)}, "the most is 200"},
		{[]string{"import", "x.csv", "--as-scenario", ""}, "--as-scenario needs a value"},
	}
	for _, c := range cases {
		args := c.args
		if args[0] != "--db" {
			args = append([]string{"--db", db}, args...)
		}
		out, errOut, code := csplan(t, args...)
		msg := strings.TrimSpace(errOut)
		if code == 0 || !strings.Contains(msg, c.want) || !strings.Contains(msg, "--help") || strings.Contains(msg, "\n") {
			t.Errorf("csplan %v: exit %d, stderr %q, want %q and --help; stdout %q", c.args, code, msg, c.want, out)
		}
	}
	// A scenario named at the limit is fine.
	if _, errOut, code := csplan(t, "--db", db, "scenario", "new", strings.Repeat("n", 200)); code != 0 {
		t.Errorf("a 200-character name: %s", errOut)
	}
	// Help piped to a file: no padding to 120 columns, and no "Csv".
	out, _, code := csplan(t, "export", "--help")
	if code != 0 || !strings.Contains(out, "--format") {
		t.Fatalf("export --help: exit %d\n%s", code, out)
	}
	for i, line := range strings.Split(out, "\n") {
		if strings.TrimRight(line, " ") != line {
			t.Errorf("help line %d ends in spaces: %q", i+1, line)
		}
	}
	if strings.Contains(out, "Csv") {
		t.Errorf("help says Csv:\n%s", out)
	}
}

// TestEmptyScenarioNameDoesNotReplacePlan: import --as-scenario "" --yes
// used to replace the plan.
func TestEmptyScenarioNameDoesNotReplacePlan(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	csvPath := filepath.Join(dir, "plan.csv")
	csplan(t, "--db", db, "export", "-o", csvPath)
	b, _ := os.ReadFile(csvPath)
	os.WriteFile(csvPath, []byte(strings.Replace(string(b), ",5000.00,", ",7000.00,", 1)), 0o600)
	before := fileSum(t, db)
	for _, name := range []string{"", " "} {
		_, errOut, code := csplan(t, "--db", db, "import", csvPath, "--as-scenario", name, "--yes")
		if code == 0 || fileSum(t, db) != before {
			t.Errorf("--as-scenario %q: exit %d %q; the plan file changed: %v", name, code, errOut, fileSum(t, db) != before)
		}
	}
}

// TestExportTargets: csplan writes only regular files, refusing links,
// devices and pipes without opening them; -o - is standard output; an
// existing or read-only file needs --force; a 250-character name works.
func TestExportTargets(t *testing.T) {
	dir := t.TempDir()
	db := newPlanIn(t, dir)
	stdout, _, _ := csplan(t, "--db", db, "export")

	out, errOut, code := csplan(t, "--db", db, "export", "-o", "-")
	if code != 0 || out != stdout {
		t.Errorf("-o -: exit %d %q", code, errOut)
	}

	targets := t.TempDir()
	fifo := filepath.Join(targets, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	regular := filepath.Join(targets, "real.csv")
	os.WriteFile(regular, []byte("keep me"), 0o600)
	link := filepath.Join(targets, "link.csv")
	os.Symlink(regular, link)
	nullLink := filepath.Join(targets, "null.csv")
	os.Symlink("/dev/null", nullLink)
	dangling := filepath.Join(targets, "dangling.csv")
	os.Symlink(filepath.Join(targets, "nothing.csv"), dangling)
	cases := map[string]string{
		fifo: "it is a named pipe", link: "symbolic link", nullLink: "symbolic link",
		dangling: "symbolic link", targets: "it is a folder",
	}
	// A character device of its own (as /dev/null is), where allowed.
	dev := filepath.Join(targets, "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err == nil {
		cases[dev] = "it is a device"
	} else {
		t.Logf("no device node made (%v): the device case is not tried", err)
	}
	for target, want := range cases {
		for _, force := range []bool{false, true} {
			args := []string{"--db", db, "export", "-o", target}
			if force {
				args = append(args, "--force")
			}
			_, errOut, code := csplan(t, args...)
			if code == 0 || !strings.Contains(errOut, want) {
				t.Errorf("export to %s (force %v): exit %d %q, want %q", filepath.Base(target), force, code, errOut, want)
			}
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the pipe was replaced")
	}
	for _, l := range []string{link, nullLink, dangling} {
		if fi, err := os.Lstat(l); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("%s was replaced", l)
		}
	}
	if b, _ := os.ReadFile(regular); string(b) != "keep me" {
		t.Error("the file behind the link was written")
	}

	// An existing file needs --force; a read-only one says so.
	_, errOut, code = csplan(t, "--db", db, "export", "-o", regular)
	if b, _ := os.ReadFile(regular); code == 0 || string(b) != "keep me" || !strings.Contains(errOut, "--force") {
		t.Errorf("export over a file without --force: exit %d %q", code, errOut)
	}
	os.Chmod(regular, 0o400)
	_, errOut, code = csplan(t, "--db", db, "export", "-o", regular)
	if b, _ := os.ReadFile(regular); code == 0 || string(b) != "keep me" || !strings.Contains(errOut, "read-only") {
		t.Errorf("export over a read-only file without --force: exit %d %q", code, errOut)
	}
	if _, errOut, code = csplan(t, "--db", db, "export", "-o", regular, "--force"); code != 0 {
		t.Errorf("--force: exit %d %q", code, errOut)
	}
	if b, _ := os.ReadFile(regular); string(b) != stdout {
		t.Error("--force did not replace the file with the export")
	}

	// A valid name of 250 characters, and nothing left beside it.
	long := t.TempDir()
	name := filepath.Join(long, strings.Repeat("p", 246)+".csv")
	if _, errOut, code := csplan(t, "--db", db, "export", "-o", name); code != 0 {
		t.Errorf("a 250-character name: exit %d %q", code, errOut)
	}
	if got := dirNames(t, long); len(got) != 1 {
		t.Errorf("left beside the export: %v", got)
	}
}

// TestMisleadingOpenMessages: a dangling link is not "created just now",
// and a plan file that may not be written points to --read-only.
func TestMisleadingOpenMessages(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "plan.db")
	os.Symlink(filepath.Join(dir, "gone.db"), link)
	for _, args := range [][]string{{"totals"}, {"init"}} {
		_, errOut, code := csplan(t, append([]string{"--db", link}, args...)...)
		if code == 0 || strings.Contains(errOut, "just now") || !strings.Contains(errOut, "link") {
			t.Errorf("%v on a dangling link: exit %d %q", args, code, errOut)
		}
	}
	if got := dirNames(t, dir); len(got) != 1 {
		t.Errorf("the folder changed: %v", got)
	}
	if os.Geteuid() == 0 {
		t.Log("running as root, which may write a 0400 file: the permission case is tested in store")
		return
	}
	db := newPlan(t)
	os.Chmod(db, 0o400)
	_, errOut, code := csplan(t, "--db", db, "scenario", "new", "X")
	if code == 0 || !strings.Contains(errOut, "--read-only") || strings.Contains(errOut, "not a csplan plan") {
		t.Errorf("a 0400 plan: exit %d %q", code, errOut)
	}
}
