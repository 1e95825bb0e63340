package planfile

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"csplan/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

const goldenPath = "testdata/builtin.golden.csv"

func TestBuiltInDecodesWithoutAnyProblem(t *testing.T) {
	p := decode(t, builtinCSV)
	if ps := p.Validate(); len(ps) > 0 {
		t.Fatalf("the built-in plan has problems (warnings included):\n%v", ps)
	}
}

func TestBuiltInTotalsAreTheReports(t *testing.T) {
	p := BuiltIn()
	tot := model.ComputeTotals(p)
	for _, c := range []struct {
		name string
		got  model.Money
		want string
	}{
		{"confirmed", tot.Confirmed, "369000"},
		{"pending", tot.Pending, "38000"},
		{"envelope (confirmed + pending)", tot.EnvelopeAll, "407000"},
		{"allocated", tot.Allocated, "407000"},
		{"headroom on all money", tot.HeadroomAll, "0"},
		{"headroom on confirmed money", tot.HeadroomConfirmed, "-38000"},
		{"unassigned", tot.Unassigned, "0"},
		{"untagged", tot.Untagged, "0"},
	} {
		if !c.got.Equal(model.MustMoney(c.want)) {
			t.Errorf("%s = %s, want %s", c.name, c.got, model.MustMoney(c.want))
		}
	}
	if tot.Fit != model.ReliesOnPending {
		t.Errorf("fit = %q, want %q", tot.Fit, model.ReliesOnPending)
	}
}

func TestBuiltInHasTheReportsStructure(t *testing.T) {
	p := BuiltIn()
	if p.Info.Partnership != "Safer Wolverhampton Partnership" || p.Info.AccountableBody != "City of Wolverhampton Council" || p.Info.Year() != "2017/18" {
		t.Errorf("info = %+v", p.Info)
	}
	for _, must := range []string{"28 February 2017", "illustrative", "Appendix A", "pension", "assumption"} {
		if !strings.Contains(p.Info.Notes, must) {
			t.Errorf("plan notes do not mention %q", must)
		}
	}
	s := p.Settings
	if !s.NIRate.Equal(model.Pct("13.8")) || !s.NIThreshold.Equal(model.Pounds(8164)) || !s.PensionRate.Equal(model.Pct("20")) || !s.LevyRate.Equal(model.Pct("0.5")) {
		t.Errorf("settings = NI %s above %s, pension %s, levy %s; want 13.8%% above £8,164, 20%%, 0.5%%", s.NIRate, s.NIThreshold, s.PensionRate, s.LevyRate)
	}
	wantPriorities := []string{"Reducing Reoffending", "Violence Prevention", "Reducing Victimisation"}
	if len(p.Priorities) != len(wantPriorities) {
		t.Fatalf("%d priorities, want %d", len(p.Priorities), len(wantPriorities))
	}
	for i, pr := range p.Priorities {
		if pr.Name != wantPriorities[i] || len(pr.Outcomes) != 5 {
			t.Errorf("priority %d = %q with %d outcomes, want %q with 5", i, pr.Name, len(pr.Outcomes), wantPriorities[i])
		}
	}
	if len(p.Tags) != 7 {
		t.Errorf("%d PCC priorities, want 7", len(p.Tags))
	}
	for _, tg := range p.Tags {
		if tg.Description == "" {
			t.Errorf("PCC priority %q has no description", tg.Name)
		}
	}
	for _, l := range p.Lines {
		if len(l.Tags) == 0 || l.Owner == "" || l.Kind == "" {
			t.Errorf("line %q: owner %q, kind %q, %d PCC priorities", l.Title, l.Owner, l.Kind, len(l.Tags))
		}
		switch l.Kind {
		case "Commissioned service", "Project", "Running cost", "Grant to partner":
		default:
			t.Errorf("line %q has kind %q", l.Title, l.Kind)
		}
	}
	if len(p.Posts) != 5 {
		t.Fatalf("%d posts, want 5", len(p.Posts))
	}
	teams := map[string]int{}
	idvas := 0
	for _, po := range p.Posts {
		teams[po.Team]++
		if po.StartMonth != 1 || po.EndMonth != 12 {
			t.Errorf("post %q runs %s to %s, want April to March", po.Title, model.MonthName(po.StartMonth), model.MonthName(po.EndMonth))
		}
		if len(po.Tags) == 0 {
			t.Errorf("post %q has no PCC priority", po.Title)
		}
		if strings.Contains(po.Title, "IDVA") {
			idvas++
			c := po.Costing(p.Settings)
			if po.GrantShare.Cmp(model.Pct("100")) >= 0 || po.OtherFunder != "Children's Services" || c.ToOther.Sign() <= 0 {
				t.Errorf("IDVA: grant share %s, other funder %q paying %s; want part-funded by Children's Services", po.GrantShare, po.OtherFunder, c.ToOther)
			}
		} else if !po.GrantShare.Equal(model.Pct("100")) {
			t.Errorf("post %q: grant share %s, want 100%%", po.Title, po.GrantShare)
		}
	}
	if teams["Community Safety Team"] != 2 || teams["Youth Offending Team"] != 2 || idvas != 1 {
		t.Errorf("posts by team = %v with %d IDVA; want 2 in the Community Safety Team, 2 in the Youth Offending Team and one IDVA", teams, idvas)
	}
	// Every delivery item of sections 5.1 and 5.5-5.7 has a line.
	for _, item := range []string{"reducing reoffending strategy", "youth inclusion support panel", "health and justice pathways",
		"youth violence and vawg strategies", "specialist vawg services", "perpetrator programme", "gangs and youth violence",
		"community mediators", "business crime reduction", "hate crime", "modern slavery", "community champions",
		"neighbourhood engagement review", "domestic homicide reviews"} {
		found := false
		for _, l := range p.Lines {
			found = found || strings.Contains(strings.ToLower(l.Title), item)
		}
		if !found {
			t.Errorf("no line for %q", item)
		}
	}
}

// The embedded file is exactly what Encode writes (without a BOM), so the
// post amounts it shows for the reader can never go stale.
func TestBuiltInCSVIsCanonical(t *testing.T) {
	got := encode(t, BuiltIn(), EncodeOptions{NoBOM: true})
	if !bytes.Equal(got, BuiltInCSV()) {
		t.Errorf("builtin.csv is not what Encode writes for it; regenerate it from the golden file without its BOM")
	}
}

func TestBuiltInGolden(t *testing.T) {
	got := encode(t, BuiltIn(), EncodeOptions{})
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Encode(BuiltIn()) differs from %s (run go test -update if the change is intended):\n%s", goldenPath, firstDiff(want, got))
	}
}

func TestBuiltInRoundTrips(t *testing.T) {
	p := BuiltIn()
	for _, opts := range []EncodeOptions{{}, {NoBOM: true}} {
		requireSamePlan(t, p, decode(t, encode(t, p, opts)))
	}
}

func TestBuiltInIsAFreshCopy(t *testing.T) {
	a := BuiltIn()
	a.Lines[0].Title = "changed"
	a.Priorities[0].Outcomes[0] = "changed"
	if b := BuiltIn(); b.Lines[0].Title == "changed" || b.Priorities[0].Outcomes[0] == "changed" {
		t.Error("changing one BuiltIn plan changed the next")
	}
	c := BuiltInCSV()
	c[0] = 'X'
	if BuiltInCSV()[0] == 'X' {
		t.Error("changing BuiltInCSV's slice changed the embedded file")
	}
}

// firstDiff shows the first line where two files differ.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + wl + "\n  got  " + gl
		}
	}
	return "(same lines, different bytes)"
}

// reportFacts are what the report (Cabinet (Resources) Panel, 28 February
// 2017) states about an item of the built-in plan, with the section that
// says it. Every other fact of the item (its title, owner or team, amount
// or salary, grant share, kind, PCC priorities) is illustrative, and its
// notes must say so. No post's grant share is in the report: the IDVA is
// "part-funded", with no figure.
type reportFacts struct {
	section string
	title   string // the item's title as the report names it, or "" if it does not
	owner   string // owner or team, if the report names it
	kind    string // line kind, if the report names it
	funder  string // the post's other funder, if the report names one
}

func TestBuiltInSaysWhatIsIllustrative(t *testing.T) {
	lines := map[string]reportFacts{
		"Reducing reoffending strategy: development and implementation":                {section: "5.5.1", title: "reducing reoffending strategy"},
		"Youth Inclusion Support Panel (through the YOT): interventions":               {section: "5.5.1", owner: "Youth Offending Team"}, // "delivered through YOT"; the line/post split is not the report's
		"Health and Justice Pathways pilot":                                            {section: "5.5.1", title: "health and justice pathways"},
		"Youth violence and VAWG strategies: continued implementation":                 {section: "5.6.1", title: "youth violence and vawg strategies"},
		"Specialist VAWG services":                                                     {section: "5.6.1", title: "vawg services", owner: "Commissioned provider (VAWG)", kind: "Commissioned service"}, // "specialist commissioning of VAWG services"
		"West Midlands DV Perpetrator Programme: local implementation":                 {section: "5.6.1", title: "perpetrator programme"},
		"Targeted community interventions for young people (gangs and youth violence)": {section: "5.6.1", title: "interventions"},
		"Critical incident community mediators":                                        {section: "5.6.1", title: "community mediators", owner: "Commissioned provider (community mediation)", kind: "Commissioned service"}, // "specialist commissioning of critical incident call outs"
		"Domestic homicide reviews":                                                    {section: "5.1"},                                                                                                                     // 2016/17 savings only: no line for 2017/18
		"Business Crime Reduction action plan":                                         {section: "5.7.1", title: "business crime reduction action plan"},
		"Hate Crime action plan and third party reporting centres":                     {section: "5.7.1", title: "hate crime action plan"},
		"Modern slavery awareness":                                                     {section: "5.7.1", title: "modern slavery"},
		"Community champions":                                                          {section: "5.7.1", title: "community champions", owner: "Community organisations"},
		"Neighbourhood Engagement Review: implementing the recommendations":            {section: "5.7.1", title: "neighbourhood engagement review"},
	}
	// 11.1: two posts in the Community Safety Team, two in the Youth
	// Offending Team, and a Domestic Violence Advisor aligned to Children's
	// Social Care; which posts the four team posts are is not said.
	posts := map[string]reportFacts{
		"IOM administrator (part-time)":                            {section: "5.5.1"},
		"Youth Inclusion Support Panel worker":                     {section: "5.5.1"},
		"Community Safety Officer (violence prevention)":           {section: "5.6.1"},
		"Business Crime Coordinator":                               {section: "5.7.1", title: "business crime coordinator"},
		"Domestic Violence Advisor (IDVA), Children's Social Care": {section: "6.2 and 11.1", title: "domestic violence advisor", owner: "Children's Social Care", funder: "Children's Services"}, // "part-funded through Children's Services": no share
	}
	// says checks that notes call illustrative each fact the report does
	// not give, naming it after the word.
	says := func(what, notes string, facts []string) {
		t.Helper()
		_, after, ok := strings.Cut(strings.ToLower(notes), "illustrative")
		if !ok {
			t.Errorf("%s: notes do not say what is illustrative: %q", what, notes)
			return
		}
		for _, f := range facts {
			if !strings.Contains(after, f) {
				t.Errorf("%s: notes do not call its %s illustrative: %q", what, f, notes)
			}
		}
	}
	p := BuiltIn()
	for _, l := range p.Lines {
		r, ok := lines[l.Title]
		if !ok {
			t.Errorf("line %q is not in the test's list of what the report says", l.Title)
			continue
		}
		if !strings.Contains(l.Notes, r.section) {
			t.Errorf("line %q: notes do not cite report %s", l.Title, r.section)
		}
		facts := []string{"amount", "pcc priorities"} // no amount or PCC priority of any item is in the report
		if r.title == "" {
			facts = append(facts, "title")
		} else if !strings.Contains(strings.ToLower(l.Title), r.title) {
			t.Errorf("line %q is not the report's %q", l.Title, r.title)
		}
		if r.owner == "" {
			facts = append(facts, "owner")
		} else if l.Owner != r.owner {
			t.Errorf("line %q: owner %q, the report's is %q", l.Title, l.Owner, r.owner)
		}
		if r.kind == "" {
			facts = append(facts, "kind")
		} else if l.Kind != r.kind {
			t.Errorf("line %q: kind %q, the report's is %q", l.Title, l.Kind, r.kind)
		}
		says("line "+l.Title, l.Notes, facts)
	}
	for _, po := range p.Posts {
		r, ok := posts[po.Title]
		if !ok {
			t.Errorf("post %q is not in the test's list of what the report says", po.Title)
			continue
		}
		if !strings.Contains(po.Notes, r.section) || !strings.Contains(po.Notes, "31 March 2018 (report 11.1)") {
			t.Errorf("post %q: notes do not cite report %s and the fixed term of 11.1", po.Title, r.section)
		}
		facts := []string{"salary", "pcc priorities", "grant share"}
		if r.title == "" {
			facts = append(facts, "title")
		} else if !strings.Contains(strings.ToLower(po.Title), r.title) {
			t.Errorf("post %q is not the report's %q", po.Title, r.title)
		}
		if r.owner == "" {
			facts = append(facts, "team")
		} else if po.Team != r.owner {
			t.Errorf("post %q: team %q, the report's is %q", po.Title, po.Team, r.owner)
		}
		if po.OtherFunder != r.funder {
			t.Errorf("post %q: other funder %q, the report's is %q", po.Title, po.OtherFunder, r.funder)
		}
		says("post "+po.Title, po.Notes, facts)
	}
	for _, stale := range []string{"five posts are from the report", "the five posts are from"} {
		if strings.Contains(p.Info.Notes, stale) {
			t.Errorf("plan notes still say %q", stale)
		}
	}
	if !strings.Contains(p.Info.Notes, "say which of its facts are illustrative") {
		t.Errorf("plan notes do not point to the notes of each item: %q", p.Info.Notes)
	}
}
