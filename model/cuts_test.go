package model_test

import (
	"strings"
	"testing"

	"csplan/model"
	"csplan/store/planfile"
)

func lineID(t *testing.T, p *model.Plan, title string) model.ID {
	t.Helper()
	for _, l := range p.Lines {
		if strings.HasPrefix(l.Title, title) {
			return l.ID
		}
	}
	t.Fatalf("no line %q", title)
	return 0
}

func priorityID(t *testing.T, p *model.Plan, name string) model.ID {
	t.Helper()
	for _, pr := range p.Priorities {
		if pr.Name == name {
			return pr.ID
		}
	}
	t.Fatalf("no priority %q", name)
	return 0
}

func tagID(t *testing.T, p *model.Plan, name string) model.ID {
	t.Helper()
	for _, tg := range p.Tags {
		if tg.Name == name {
			return tg.ID
		}
	}
	t.Fatalf("no PCC priority %q", name)
	return 0
}

func pct(s string) *model.Percent { p := model.Pct(s); return &p }
func money(s string) *model.Money { m := model.MustMoney(s); return &m }

// Every cut lever keeps its protected lines whole and shares the cut over
// the others, so the group falls by exactly what was asked.
func TestCutLeversProtectLines(t *testing.T) {
	p := planfile.BuiltIn()
	mediators := lineID(t, p, "Critical incident community mediators")
	champions := lineID(t, p, "Community champions")
	vp := priorityID(t, p, "Violence Prevention")
	sc := tagID(t, p, "Strengthening communities and growing the economy")
	cases := []struct {
		name    string
		step    model.Step
		protect model.ID
		in      func(l model.Line) bool
		before  string // the group's lines before
		after   string // and after: before less exactly the cut
		text    string
	}{
		// Violence Prevention's six lines hold £174,895.81; 10% is
		// £17,489.58, shared over the five lines other than the mediators
		// (£162,895.81).
		{"priority", model.Step{Kind: model.StepCutPriority, Target: vp, Percent: pct("10"), Protect: []model.ID{mediators}}, mediators,
			func(l model.Line) bool { return l.PriorityID == vp }, "174895.81", "157406.23",
			`Violence Prevention lines -10%, protecting "Critical incident community mediators"`},
		// Six lines carry the PCC priority (£92,000); £5,000 comes off the
		// five other than the champions.
		{"PCC priority", model.Step{Kind: model.StepCutTag, Target: sc, Amount: money("5000"), Protect: []model.ID{champions}}, champions,
			func(l model.Line) bool {
				for _, id := range l.Tags {
					if id == sc {
						return true
					}
				}
				return false
			}, "92000.00", "87000.00",
			`Lines aligned to Strengthening communities and growing the economy cut by £5,000, protecting "Community champions"`},
		// All fourteen lines hold £264,895.81; 10% is £26,489.58.
		{"all lines", model.Step{Kind: model.StepCutLines, Percent: pct("10"), Protect: []model.ID{mediators}}, mediators,
			func(model.Line) bool { return true }, "264895.81", "238406.23",
			`All lines (not posts) -10%, protecting "Critical incident community mediators"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := model.Scenario{Name: c.name, Steps: []model.Step{c.step}}
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			got, res := s.Apply(p)
			if res[0].Text != c.text {
				t.Errorf("text = %q, want %q", res[0].Text, c.text)
			}
			if res[0].Warning != "" {
				t.Errorf("warning %q", res[0].Warning)
			}
			sum := func(pl *model.Plan) model.Money {
				var m model.Money
				for _, l := range pl.Lines {
					if c.in(l) {
						m = m.Add(l.Cost)
					}
				}
				return m
			}
			if b, a := sum(p).Plain(), sum(got).Plain(); b != c.before || a != c.after {
				t.Errorf("group %s → %s, want %s → %s", b, a, c.before, c.after)
			}
			was, _, _ := p.Line(c.protect)
			now, _, _ := got.Line(c.protect)
			if !now.Cost.Equal(was.Cost) {
				t.Errorf("protected line cut from %s to %s", was.Cost, now.Cost)
			}
		})
	}
}

// The share of a 10% cut to Violence Prevention keeping the mediators,
// line by line: each line's ideal part is £17,489.58 x cost / £162,895.81,
// rounded down to the penny, and the pennies left go to the largest
// remainders.
func TestCutPriorityProtectedSharesToThePenny(t *testing.T) {
	p := planfile.BuiltIn()
	vp := priorityID(t, p, "Violence Prevention")
	s := model.Scenario{Steps: []model.Step{{Kind: model.StepCutPriority, Target: vp, Percent: pct("10"),
		Protect: []model.ID{lineID(t, p, "Critical incident community mediators")}}}}
	got := s.Plan(p)
	want := map[string]string{
		"Youth violence and VAWG strategies":     "10711.60", // 1,288.40 off 12,000
		"Specialist VAWG services":               "73102.93", // 8,792.88 off 81,895.81
		"West Midlands DV Perpetrator Programme": "5355.80",  // 644.20 off 6,000
		"Targeted community interventions":       "40168.50", // 4,831.50 off 45,000
		"Critical incident community mediators":  "12000.00",
		"Domestic homicide reviews":              "16067.40", // 1,932.60 off 18,000
	}
	for title, cost := range want {
		l, _, _ := got.Line(lineID(t, got, title))
		if l.Cost.Plain() != cost {
			t.Errorf("%s: %s, want %s", title, l.Cost.Plain(), cost)
		}
	}
}

// A new fit replaces the earlier one; a scenario that fits already gets
// nothing; one that cannot fit says by how much.
func TestWithFit(t *testing.T) {
	p := planfile.BuiltIn() // £38,000 over on confirmed money, £0 headroom on all
	s := model.Scenario{Name: "Fit"}
	s, out := s.WithFit(p, model.Step{Fit: model.FitConfirmed})
	if out.Already || !out.Fits() || out.Replaced != 0 || len(s.Steps) != 1 {
		t.Fatalf("first fit: %+v, %d steps", out, len(s.Steps))
	}
	// The shortfall is £38,000 exactly: whole pounds cut it to nothing.
	if out.Result.Allocated.Plain() != "-38000.00" || out.Headroom.Plain() != "0.00" {
		t.Errorf("first fit cut %s, headroom %s", out.Result.Allocated, out.Headroom)
	}
	// Again, protecting a line: one make-it-fit step still.
	mediators := lineID(t, p, "Critical incident community mediators")
	s, out = s.WithFit(p, model.Step{Fit: model.FitConfirmed, Protect: []model.ID{mediators}})
	if out.Replaced != 1 || len(s.Steps) != 1 || len(s.Steps[0].Protect) != 1 {
		t.Fatalf("second fit: %+v, steps %+v", out, s.Steps)
	}
	// Confirmed and pending money: the plan itself fits it.
	again, out := s.WithFit(p, model.Step{Fit: model.FitAll})
	if !out.Already || len(again.Steps) != 1 || again.Steps[0].Fit != model.FitConfirmed {
		t.Errorf("fit to all money: %+v, steps %+v", out, again.Steps)
	}
	if got := out.Said("Fit", model.FitAll); !strings.Contains(got, "already fits") {
		t.Errorf("said %q", got)
	}
	// Everything protected but modern slavery awareness (£5,000): £33,000 short.
	var protect []model.ID
	for _, l := range p.Lines {
		if !strings.HasPrefix(l.Title, "Modern slavery") {
			protect = append(protect, l.ID)
		}
	}
	_, out = model.Scenario{Name: "No"}.WithFit(p, model.Step{Fit: model.FitConfirmed, Protect: protect})
	if out.Fits() || out.Short.Plain() != "33000.00" {
		t.Errorf("cannot fit: short %s", out.Short)
	}
	if got := out.Said("No", model.FitConfirmed); !strings.Contains(got, "£33,000 over") {
		t.Errorf("said %q", got)
	}
}

// A file imported as a scenario, then as the plan, leaves the scenario
// adding nothing the plan now has.
func TestMatchAddedLinesAfterPlanImport(t *testing.T) {
	base := planfile.BuiltIn()
	file := base.Clone()
	rv := priorityID(t, file, "Reducing Victimisation")
	file.Lines = append(file.Lines, model.Line{ID: 9999, PriorityID: rv, Title: "Street pastors", Cost: model.Pounds(3000)})
	sc, _ := model.ScenarioFromPlan("From the file", base, file)
	if len(sc.Steps) != 1 || sc.Steps[0].Kind != model.StepAddLine {
		t.Fatalf("scenario steps %+v", sc.Steps)
	}
	after := model.AdoptIDs(base, file)
	if n := len(sc.Plan(after).Lines); n != 16 {
		t.Fatalf("before matching the scenario has %d lines; the test expects the duplicate", n)
	}
	got, said := model.MatchAddedLines(sc, base, after)
	if len(got.Steps) != 0 || len(said) != 1 || !strings.Contains(said[0], `"Street pastors"`) {
		t.Errorf("steps %+v, said %q", got.Steps, said)
	}
	if n, a := len(got.Plan(after).Lines), model.ComputeTotals(got.Plan(after)).Allocated.Plain(); n != 15 || a != "410000.00" {
		t.Errorf("scenario has %d lines, allocated %s; want 15, 410000.00", n, a)
	}
	// The plan took the line at £3,500: the scenario keeps its £3,000.
	file.Lines[len(file.Lines)-1].Cost = model.Pounds(3500)
	after = model.AdoptIDs(base, file)
	got, said = model.MatchAddedLines(sc, base, after)
	if len(got.Steps) != 1 || got.Steps[0].Kind != model.StepLineCost || len(said) != 1 {
		t.Fatalf("steps %+v, said %q", got.Steps, said)
	}
	if a := model.ComputeTotals(got.Plan(after)).Allocated.Plain(); a != "410000.00" {
		t.Errorf("allocated %s, want 410000.00", a)
	}
	// A plan that gained nothing leaves the scenario alone.
	if got, said := model.MatchAddedLines(sc, base, base); len(got.Steps) != 1 || said != nil {
		t.Errorf("steps %+v, said %q", got.Steps, said)
	}
}

// CheckProtect refuses a protected line outside the lines a cut touches.
func TestCheckProtect(t *testing.T) {
	p := planfile.BuiltIn()
	vp := p.Lines[0].PriorityID
	for _, pr := range p.Priorities {
		if pr.Name == "Violence Prevention" {
			vp = pr.ID
		}
	}
	mediators := lineID(t, p, "Critical incident community mediators")
	slavery := lineID(t, p, "Modern slavery awareness")
	ok := model.Step{Kind: model.StepCutPriority, Target: vp, Percent: pct("10"), Protect: []model.ID{mediators}}
	if err := ok.CheckProtect(p); err != nil {
		t.Errorf("a line of the priority: %v", err)
	}
	bad := ok
	bad.Protect = []model.ID{mediators, slavery}
	if err := bad.CheckProtect(p); err == nil || !strings.Contains(err.Error(), `"Modern slavery awareness" is not a line of Violence Prevention`) {
		t.Errorf("a line of another priority: %v", err)
	}
	all := model.Step{Kind: model.StepCutLines, Percent: pct("10"), Protect: []model.ID{slavery}}
	if err := all.CheckProtect(p); err != nil {
		t.Errorf("a cut of all lines protects any: %v", err)
	}
}
