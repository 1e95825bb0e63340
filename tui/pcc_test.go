package tui

import (
	"regexp"
	"strings"
	"testing"

	"csplan/model"
)

var poundsRE = regexp.MustCompile(`-?£[0-9,]+`)

// shownPounds reads the first whole-pound figure of a row as the screen
// shows it.
func shownPounds(t *testing.T, row string) model.Money {
	t.Helper()
	f := poundsRE.FindString(row)
	m, err := model.ParseSignedMoney(f)
	if f == "" || err != nil {
		t.Fatalf("no figure in %q", row)
	}
	return m
}

// The Overview's PCC section counts each item once, under its primary, so
// the figures shown add up to the Allocated row beneath them, £407,000 on
// the built-in plan; before, they came to £876,314 against a £407,000
// envelope. The items that also support a priority are counted beside it.
func TestOverviewPCCSectionAddsUpToTheAllocation(t *testing.T) {
	d := start(t, openStore(t), 100, 40)
	view := d.view()
	_, section, ok := strings.Cut(view, "Primary PCC priority")
	if !ok {
		t.Fatalf("no Primary PCC priority section:\n%s", view)
	}
	section, _, _ = strings.Cut(section, "Posts and other spend")
	rows := strings.Split(strings.TrimSpace(section), "\n")[1:]
	var sum model.Money
	var allocated string
	parts := 0
	for _, r := range rows {
		if !poundsRE.MatchString(r) {
			continue
		}
		if strings.HasPrefix(r, "Allocated") {
			allocated = r
			break
		}
		sum = sum.Add(shownPounds(t, r))
		parts++
	}
	if allocated == "" || parts != 7 {
		t.Fatalf("want 7 PCC priorities and an Allocated row, got %d rows:\n%s", parts, section)
	}
	if a := shownPounds(t, allocated); !a.Equal(model.Pounds(407000)) || !sum.Equal(a) {
		t.Errorf("the PCC priorities shown add up to %s against %s allocated:\n%s", sum, a, section)
	}
	for _, want := range []string{"100.0%", "19 items", "6 items, 7 also", "Each item counts once, under its primary"} {
		if !strings.Contains(section, want) {
			t.Errorf("the PCC section does not show %q:\n%s", want, section)
		}
	}
}

// The PCC section's figures foot whatever the pence: rounding each row on
// its own would show one pound too many on the built-in plan.
func TestFootPounds(t *testing.T) {
	rows := []overviewRow{
		{spend: model.MustMoney("107234.14")}, {spend: model.MustMoney("126911.56")}, {spend: model.Pounds(6000)},
		{spend: model.MustMoney("69128.73")}, {spend: model.Pounds(0)}, {spend: model.MustMoney("92725.57")}, {spend: model.Pounds(5000)},
	}
	footPounds(rows)
	var got []string
	var sum model.Money
	for _, r := range rows {
		got = append(got, r.spend.Whole())
		sum = sum.Add(r.spend)
	}
	// The pence come to 0.14 + 0.56 + 0.73 + 0.57 = £2.00: the two
	// pounds go to the largest remainders, 0.73 and 0.57, and the 0.56
	// that rounding alone would carry up stays down.
	if s := strings.Join(got, " "); s != "£107,234 £126,911 £6,000 £69,129 £0 £92,726 £5,000" || sum.Whole() != "£407,000" {
		t.Errorf("rounded %s, sum %s", s, sum.Whole())
	}
}

// The line form asks the primary PCC priority apart from the others: the
// officer moves Community champions' primary and keeps what it also
// supports, and the Lines screen shows the primary first.
func TestLineFormChoosesThePrimaryPCCPriority(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 160, 30)
	d.selectLine("Community champions")
	d.press(keyEnter)
	d.requireView("Edit line: Community champions", "PCC priority", "Also supports")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter) // title, priority, owner, kind, cost
	d.press(keyRight, keyEnter)                               // primary: the next PCC priority
	d.press(keyEnter, keyEnter)                               // also supports as it was; notes, and save
	p := mustLoad(t, s)
	l, _ := findLine(t, p, "Community champions")
	if got := strings.Join(p.TagNames(l.Tags), "; "); got != "Building a modern police service; Tackling national and international threats" {
		t.Errorf("tags after the edit: %s", got)
	}
	d.requireView("Saved:", "PCC: Building a modern police service (also supports Tackling national and international")
	h, err := s.History(1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h[0].Summary, "PCC priorities") {
		t.Errorf("history does not name the PCC change: %s", h[0].Summary)
	}
}

// Ticking PCC priorities a line also supports, with no primary, is
// refused with the reason, and nothing is saved.
func TestLineFormRefusesAlsoSupportsWithoutAPrimary(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	before := len(mustLoad(t, s).Lines)
	d.press("2", "a")
	d.press("Street pastors", keyEnter, keyEnter, keyEnter, keyEnter, "500", keyEnter)
	d.press(keyEnter)           // primary: None
	d.press(keySpace, keyEnter) // also supports the first
	d.press(keyEnter)           // notes, and save
	d.requireView("choose the primary PCC priority", "Add a line")
	if n := len(mustLoad(t, s).Lines); n != before {
		t.Errorf("lines = %d, want %d: nothing saved", n, before)
	}
}
