package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"csplan/model"
	"csplan/store"
	"csplan/store/planfile"
	"csplan/termsafe"
	"csplan/termsafe/termsafetest"
)

// hostileDB writes a plan file whose every text field and scenario ends
// in text, and returns its path.
func hostileDB(t testing.TB, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.db")
	db, err := store.Open(path, store.Options{
		Seed:          func() (*model.Plan, error) { return termsafetest.Plan(text), nil },
		SeedScenarios: termsafetest.Scenarios(text),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// runIn runs csplan in the test's process and returns what it printed.
func runIn(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), code
}

// hostileCommands are csplan's commands, each run on a plan whose text is
// text: every command that reads the plan or a file and prints, with its
// errors. file is a CSV of such a plan, bad a CSV with a cell quoting the
// text in an error.
func hostileCommands(db, text, file, bad string) [][]string {
	p := termsafetest.Plan(text)
	scs := termsafetest.Scenarios(text)(p)
	first, second := scs[0].Name, scs[1].Name
	with := func(args ...string) []string { return append([]string{"--db", db}, args...) }
	return [][]string{
		with("totals"),
		with("totals", "--json"),
		with("check"),
		with("scenario", "list"),
		with("scenario", "show", first),
		with("scenario", "show", "no such"+text),
		with("scenario", "compare", first, second),
		with("scenario", "fit", first),
		with("scenario", "new", "new"+text),
		with("scenario", "rename", "new"+text, "renamed"+text),
		with("history"),
		with("undo"),
		with("redo"),
		with("export", "-o", filepath.Join(filepath.Dir(db), "out"+strings.ReplaceAll(text, "/", "")+".csv")),
		with("import", bad, "--yes"),
		with("import", file, "--as-scenario", "imported"+text),
		with("import", file, "--yes"),
		with("scenario", "promote", second, "--yes"),
		with("scenario", "delete", "renamed"+text),
		with("history"),
		with("totals"),
		with("totals", "--json"),
		with("scenario", "list"),
		with("scenario", "bogus"+text),
		with("totals", "--bogus"+text),
		{"--db", filepath.Join(filepath.Dir(db), "missing"+text, "plan.db"), "totals"},
	}
}

// writeHostileFiles writes the CSV of a plan whose text is text, and a
// copy with an amount spoilt by the text. The file holds the text as
// valid UTF-8 (a bare byte such as \x9b refuses the whole file) and with
// ";" as ":", which a PCC priority's name cannot hold in a file.
func writeHostileFiles(t testing.TB, dir, text string) (file, bad string) {
	t.Helper()
	text = strings.ToValidUTF8(strings.ReplaceAll(text, ";", ":"), "")
	var b bytes.Buffer
	if err := planfile.Encode(&b, termsafetest.Plan(text), planfile.EncodeOptions{NoBOM: true}); err != nil {
		t.Fatal(err)
	}
	file, bad = filepath.Join(dir, "plan.csv"), filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	spoilt := strings.Replace(b.String(), "369000.00", "12"+text, 1)
	if err := os.WriteFile(bad, []byte(spoilt), 0o600); err != nil {
		t.Fatal(err)
	}
	return file, bad
}

// TestCommandsPrintNoControlCharacter runs every command on a plan whose
// text holds escape sequences (OSC 52, clear screen, blink, conceal, an
// 8-bit CSI, DEL, bidi overrides), in its names, titles and notes, in
// scenario names and in the files it imports: nothing printed on standard
// output or standard error holds a control character, and JSON stays
// valid and carries the text exactly.
func TestCommandsPrintNoControlCharacter(t *testing.T) {
	text := termsafetest.Hostile
	db := hostileDB(t, text)
	file, bad := writeHostileFiles(t, t.TempDir(), text)
	imported := false
	for _, args := range hostileCommands(db, text, file, bad) {
		out, errOut, _ := runIn(args...)
		name := termsafe.Visible(strings.Join(args[2:], " "))
		if err := termsafetest.Check(out, out); err != nil {
			t.Errorf("csplan %s, standard output: %v", name, err)
		}
		if err := termsafetest.Check(errOut, errOut); err != nil {
			t.Errorf("csplan %s, standard error: %v", name, err)
		}
		if out == "" && errOut == "" {
			t.Errorf("csplan %s printed nothing", name)
		}
		if args[len(args)-1] == "--json" {
			// Before the import the plan is the hostile one; after, the
			// file's (with ":" and a line break for the carriage return).
			var got struct{ Partnership string }
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Errorf("csplan %s: not JSON: %v\n%s", name, err, out)
			} else if !strings.HasPrefix(got.Partnership, "Safer Wolverhampton Partnership\x1b]52") {
				t.Errorf("csplan %s: partnership %q, want the text exactly", name, got.Partnership)
			} else if !imported && got.Partnership != strings.ToValidUTF8(termsafetest.Plan(text).Info.Partnership, "\uFFFD") {
				t.Errorf("csplan %s: partnership %q, want %q", name, got.Partnership, termsafetest.Plan(text).Info.Partnership)
			}
		}
		if args[2] == "import" && !strings.Contains(strings.Join(args, " "), "bad.csv") {
			imported = true
		}
	}
}

// FuzzCommands writes a plan whose text is arbitrary and runs every
// command that prints the plan, its scenarios or its history on it,
// failing on any control character printed.
func FuzzCommands(f *testing.F) {
	for _, s := range append(append([]string{}, termsafetest.Payloads...), termsafetest.Hostile, "", "plain") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		path := filepath.Join(t.TempDir(), "plan.db")
		db, err := store.Open(path, store.Options{
			Seed:          func() (*model.Plan, error) { return termsafetest.Plan(text), nil },
			SeedScenarios: termsafetest.Scenarios(text),
		})
		if err != nil {
			t.Skip("the store refuses this text:", err) // it validates names
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		scs := termsafetest.Scenarios(text)(termsafetest.Plan(text))
		for _, args := range [][]string{
			{"totals"}, {"totals", "--json"}, {"check"}, {"scenario", "list"},
			{"scenario", "show", scs[0].Name}, {"scenario", "compare", scs[0].Name, scs[1].Name},
			{"scenario", "new", "x" + text}, {"history"}, {"undo"}, {"scenario", "show", "none" + text},
		} {
			out, errOut, _ := runIn(append([]string{"--db", path}, args...)...)
			if err := termsafetest.Check(out, out); err != nil {
				t.Fatalf("csplan %s, standard output: %v", termsafe.Visible(strings.Join(args, " ")), err)
			}
			if err := termsafetest.Check(errOut, errOut); err != nil {
				t.Fatalf("csplan %s, standard error: %v", termsafe.Visible(strings.Join(args, " ")), err)
			}
		}
	})
}
