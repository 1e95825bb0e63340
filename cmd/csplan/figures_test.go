package main

import (
	"regexp"
	"strings"
	"testing"

	"csplan/model"
)

var cliFigureRE = regexp.MustCompile(`[+-]?-?£[0-9,]+(\.[0-9]+)?`)

// cliFigures reads the amounts on each line of out that starts with one of
// labels (after the indent), keyed by label; every amount must be in
// pounds and pence, so the tables never mix whole pounds and pence.
func cliFigures(t *testing.T, out string) map[string][]model.Money {
	t.Helper()
	got := map[string][]model.Money{}
	for _, l := range strings.Split(out, "\n") {
		found := cliFigureRE.FindAllString(l, -1)
		if len(found) == 0 || strings.HasPrefix(l, "(") || strings.HasPrefix(l, " 1.") || strings.HasPrefix(l, " 2.") {
			continue
		}
		label := strings.TrimSpace(l[:strings.Index(l, found[0])])
		label = strings.TrimSpace(strings.TrimRight(label, "+-"))
		for _, f := range found {
			if !strings.Contains(f, ".") || len(f)-strings.Index(f, ".") != 3 {
				t.Errorf("%q on %q is not in pounds and pence: one table mixes whole pounds and pence", f, l)
			}
			m, err := model.ParseSignedMoney(strings.TrimPrefix(f, "+"))
			if err != nil {
				t.Fatalf("%q: %v", f, err)
			}
			got[label] = append(got[label], m)
		}
	}
	return got
}

// TestTotalsFoot: csplan totals showed "£264,895.81" and "£407,000" in one
// table. Every figure is now in pence, so each table adds up exactly.
func TestTotalsFoot(t *testing.T) {
	db := newPlan(t)
	out, _, code := csplan(t, "--db", db, "totals")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	f := cliFigures(t, out)
	one := func(label string) model.Money {
		t.Helper()
		if len(f[label]) != 1 {
			t.Fatalf("%d figures for %q in:\n%s", len(f[label]), label, out)
		}
		return f[label][0]
	}
	// Allocated stands under the allocation and under the primary PCC
	// priorities, which count each item once: both the same.
	if len(f["Allocated"]) != 2 || !f["Allocated"][0].Equal(f["Allocated"][1]) {
		t.Fatalf("Allocated figures %v, want the same two in:\n%s", f["Allocated"], out)
	}
	alloc := f["Allocated"][0]
	var pcc model.Money
	for _, l := range linesBetween(out, "By primary PCC priority", "  Allocated") {
		if m := cliFigureRE.FindString(l); m != "" {
			v, err := model.ParseSignedMoney(m)
			if err != nil {
				t.Fatal(err)
			}
			pcc = pcc.Add(v)
		}
	}
	if !pcc.Equal(alloc) {
		t.Errorf("primary PCC priorities add up to %s, allocated %s", pcc, alloc)
	}
	if s := one("Plan lines (14)").Add(one("Posts, the grant's share (5)")); !s.Equal(alloc) {
		t.Errorf("lines + posts = %s, allocated %s", s, alloc)
	}
	if s := one("Reducing Reoffending").Add(one("Violence Prevention")).Add(one("Reducing Victimisation")); !s.Equal(alloc) {
		t.Errorf("SWP priorities add up to %s, allocated %s", s, alloc)
	}
	env, conf := one("Confirmed + pending"), one("Confirmed money")
	if !alloc.Add(one("Headroom if pending money is approved")).Equal(env) ||
		!alloc.Add(one("Headroom on confirmed money alone")).Equal(conf) {
		t.Errorf("headroom does not add up:\n%s", out)
	}

	// The comparison of a scenario made to fit: its columns add up too.
	if _, _, code := csplan(t, "--db", db, "scenario", "fit", "Carry-forward refused"); code != 0 {
		t.Fatalf("fit: exit %d", code)
	}
	out, _, _ = csplan(t, "--db", db, "scenario", "compare", "Carry-forward refused")
	f = cliFigures(t, out)
	for col := 0; col < 2; col++ {
		alloc := f["Allocated"][col]
		var swp model.Money
		for _, p := range []string{"Reducing Reoffending", "Violence Prevention", "Reducing Victimisation"} {
			swp = swp.Add(f[p][col])
		}
		if !swp.Equal(alloc) {
			t.Errorf("column %d: SWP priorities add up to %s, allocated %s", col, swp, alloc)
		}
	}
}

// linesBetween returns the lines after the one starting with from, up to
// the next one starting with to.
func linesBetween(out, from, to string) []string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, from) {
			for j := i + 1; j < len(lines); j++ {
				if strings.HasPrefix(lines[j], to) {
					return lines[i+1 : j]
				}
			}
		}
	}
	return nil
}
