package main

import (
	"strings"
	"testing"
)

// Measures and a comment through the commands: set, record, list, the Q1
// return printing them, mistakes named and changing nothing, and undo.
func TestMeasuresAndNarrative(t *testing.T) {
	db := newPlan(t)
	run := func(args ...string) string {
		t.Helper()
		out, errOut, code := csplan(t, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, errOut)
		}
		return out
	}
	out := run("measures", "set", "Community champions", "Young people engaged", "--unit", "people", "--target", "200")
	if !strings.Contains(out, `Added the measure "Young people engaged" of "Community champions": people, 200 a year`) {
		t.Fatalf("set says %q", out)
	}
	run("measures", "set", "community champions", "Sessions run", "--target", "12")
	out = run("measures", "record", "Community champions", "young people engaged", "Q1", "46")
	if !strings.Contains(out, `Recorded Q1 46 for "Young people engaged" of "Community champions": 46 to date of people, 200 a year`) {
		t.Fatalf("record says %q", out)
	}
	run("measures", "record", "Community champions", "Young people engaged", "q2", "1,004.5")
	run("measures", "set", "Community champions", "Young people engaged", "--target", "250")
	run("narrative", "Community champions", "Q1", "Champions", "trained", "in", "two", "wards.")

	out = run("measures", "list")
	want := []string{"Community champions", "Young people engaged", "people", "250", "46", "1004.5", "1050.5", "Sessions run", "12"}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("list lacks %q:\n%s", w, out)
		}
	}
	if out := run("measures", "list", "--item", "Domestic homicide reviews"); !strings.Contains(out, "has no measures yet") {
		t.Fatalf("list --item of an item with none:\n%s", out)
	}
	if out := run("narrative", "Community champions"); !strings.Contains(out, "Q1: Champions trained in two wards.\nQ2: no comment") {
		t.Fatalf("narrative shows:\n%s", out)
	}

	ret := run("return", "Q1")
	for _, w := range []string{"Champions trained in two wards.", "Young people engaged,people,250,46,46", "Sessions run,,12,,0"} {
		if !strings.Contains(ret, w) {
			t.Errorf("the Q1 return lacks %q:\n%s", w, ret)
		}
	}

	// Mistakes name what is wrong and change nothing.
	before := run("measures", "list")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"measures", "set", "Community champions", "Referrals"}, "nothing to set: give --target, --unit or --rename; see csplan measures set --help"},
		{[]string{"measures", "set", "Community champions", "Referrals", "--unit", "cases"}, "a new measure needs its annual target, --target N"},
		{[]string{"measures", "set", "Community champions", "Referrals", "--target", "-5"}, `--target: "-5" is negative`},
		{[]string{"measures", "set", "Community champions", "Referrals", "--target", "lots"}, `--target: "lots" is not a number`},
		{[]string{"measures", "set", "Community champions", "Sessions run", "--rename", "young people engaged"}, `has two measures called "young people engaged"`},
		{[]string{"measures", "set", "Community champions", "Referrals", "--target", "1", "--unit", strings.Repeat("u", 201)}, "--unit is 201 characters long: the most is 200"},
		{[]string{"measures", "set", "Community champion", "Referrals", "--target", "1"}, `did you mean "Community champions"?`},
		{[]string{"measures", "record", "Community champions", "Referrals", "Q1", "3"}, `"Community champions" has no measure called "Referrals"; its measures are "Young people engaged" or "Sessions run"`},
		{[]string{"measures", "record", "Community champions", "Sessions run", "Q5", "3"}, `"Q5" is not a quarter`},
		{[]string{"measures", "record", "Community champions", "Sessions run", "Q1", "2.555"}, "value: \"2.555\" has more than 2 decimal places"},
		{[]string{"measures", "record", "Community champions", "Sessions run", "Q1"}, "missing VALUE"},
		{[]string{"measures", "remove", "Domestic homicide reviews", "Sessions run"}, `"Domestic homicide reviews" has no measures`},
		{[]string{"narrative", "Community champions", "Q0", "x"}, `"Q0" is not a quarter`},
		{[]string{"narrative", "Community champions", "Q1", strings.Repeat("x", 2001)}, "TEXT is 2001 characters long: the most is 2000"},
	} {
		_, errOut, code := csplan(t, append([]string{"--db", db}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%.80q: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
	if after := run("measures", "list"); after != before {
		t.Fatalf("refused commands changed the measures:\n%s\nwas:\n%s", after, before)
	}

	// A quarter's value cleared with -, a measure removed, a comment
	// cleared; undo puts each back.
	run("measures", "record", "Community champions", "Young people engaged", "Q2", "-")
	if out := run("measures", "list"); strings.Contains(out, "1004.5") {
		t.Fatalf("the Q2 value is still listed after -:\n%s", out)
	}
	run("undo")
	if out := run("measures", "list"); !strings.Contains(out, "1004.5") {
		t.Fatalf("undo did not put the Q2 value back:\n%s", out)
	}
	run("measures", "remove", "Community champions", "sessions RUN")
	if out := run("measures", "list"); strings.Contains(out, "Sessions run") {
		t.Fatalf("removed, yet listed:\n%s", out)
	}
	run("narrative", "Community champions", "Q1", "")
	if out := run("narrative", "Community champions", "Q1"); out != "Q1: no comment\n" {
		t.Fatalf("after clearing: %q", out)
	}
	run("undo")
	run("undo")
	if out := run("measures", "list"); out != before {
		t.Fatalf("two undos did not restore the measures:\n%s\nwant:\n%s", out, before)
	}
	if out := run("narrative", "Community champions", "Q1"); !strings.Contains(out, "Champions trained") {
		t.Fatalf("undo did not restore the comment: %q", out)
	}
}
