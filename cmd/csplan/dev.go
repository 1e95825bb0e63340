package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"csplan/model"
	"csplan/store"
)

// newDevCmd is the hidden group of commands for tests and benchmarks: a
// generated plan of any size, and a stream of real edits that the crash
// test kills at random moments. They are not for officers, so `csplan
// --help` does not list them.
func newDevCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:    "dev",
		Short:  "Tools for tests and benchmarks (generated plans, edit streams)",
		Hidden: true,
	}
	cmd.AddCommand(newDevGenCmd(g), newDevEditsCmd(g), newDevHoldCmd(g))
	return cmd
}

func newDevGenCmd(g *globals) *cobra.Command {
	var lines, posts, scenarios int
	var seed int64
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Write a generated plan (made-up figures) into a new plan file",
		Long: "gen writes store.GeneratePlan's made-up plan, with the given numbers of\n" +
			"lines and posts and a few realistic scenarios, into --db. The file must not\n" +
			"exist yet, so a real plan is never overwritten. The same seed always gives\n" +
			"the same plan.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if lines < 0 || posts < 0 || scenarios < 0 {
				return usagef(cmd, "--lines, --posts and --scenarios cannot be negative")
			}
			if g.db == "" {
				return usagef(cmd, "give the new plan file with --db")
			}
			if _, err := os.Stat(g.db); !errors.Is(err, fs.ErrNotExist) {
				if err == nil {
					return fmt.Errorf("%s already exists: gen only writes a new file", g.db)
				}
				return err
			}
			// The plan and its scenarios are written in the one transaction
			// that creates the file, so a generated file is all there or not
			// there at all, and its history starts clean at "Created the plan".
			db, err := store.Open(g.db, store.Options{
				Seed: func() (*model.Plan, error) { return store.GeneratePlan(lines, posts, seed), nil },
				SeedScenarios: func(p *model.Plan) []model.Scenario {
					return genScenarios(p, scenarios, rand.New(rand.NewPCG(uint64(seed), 1)))
				},
			})
			if err != nil {
				return err
			}
			if err := db.Close(); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "Wrote %s: %d lines, %d posts, %d scenarios (seed %d)\n",
				g.db, lines, posts, scenarios, seed)
			return err
		},
	}
	cmd.Flags().IntVar(&lines, "lines", 1000, "number of plan lines")
	cmd.Flags().IntVar(&posts, "posts", 50, "number of posts")
	cmd.Flags().IntVar(&scenarios, "scenarios", 3, "number of what-if scenarios")
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed for the made-up figures")
	return cmd
}

// genScenarios makes k scenarios of the kinds an officer builds: a grant
// cut made to fit, a refused carry-forward, a trimmed priority, a protected
// PCC priority. Each has a few steps aimed at records of p.
func genScenarios(p *model.Plan, k int, r *rand.Rand) []model.Scenario {
	if k == 0 || len(p.Funding) == 0 || len(p.Priorities) == 0 || len(p.Tags) == 0 {
		return nil
	}
	pct := func(s string) *model.Percent { v := model.Pct(s); return &v }
	refused := model.Refused
	lineID := func() model.ID {
		if len(p.Lines) == 0 {
			return 0
		}
		return p.Lines[r.IntN(len(p.Lines))].ID
	}
	postID := func() model.ID {
		if len(p.Posts) == 0 {
			return 0
		}
		return p.Posts[r.IntN(len(p.Posts))].ID
	}
	out := make([]model.Scenario, 0, k)
	for i := range k {
		var sc model.Scenario
		switch i % 4 {
		case 0:
			sc = model.Scenario{Name: "Grant cut 10%", Notes: "If the PCC grant is cut by a tenth.",
				Steps: []model.Step{
					{Kind: model.StepFunding, Target: p.Funding[0].ID, Percent: pct("-10")},
					{Kind: model.StepMakeFit, Fit: model.FitConfirmed, Protect: []model.ID{lineID()}},
				}}
		case 1:
			last := p.Funding[len(p.Funding)-1].ID
			sc = model.Scenario{Name: "Carry-forward refused",
				Steps: []model.Step{
					{Kind: model.StepFunding, Target: last, Status: &refused},
					{Kind: model.StepCutLines, Percent: pct("5")},
				}}
		case 2:
			pr := p.Priorities[r.IntN(len(p.Priorities))]
			sc = model.Scenario{Name: "Trim " + pr.Name,
				Steps: []model.Step{
					{Kind: model.StepCutPriority, Target: pr.ID, Percent: pct("15")},
					{Kind: model.StepRemoveLine, Target: lineID()},
					{Kind: model.StepPostEnd, Target: postID(), Month: 9},
				}}
		default:
			tg := p.Tags[r.IntN(len(p.Tags))]
			cost := model.Pounds(int64(1000 + r.IntN(20000)))
			sc = model.Scenario{Name: "Cut " + tg.Name,
				Steps: []model.Step{
					{Kind: model.StepCutTag, Target: tg.ID, Percent: pct("20")},
					{Kind: model.StepLineCost, Target: lineID(), Amount: &cost},
					{Kind: model.StepPostShare, Target: postID(), Percent: pct("50")},
				}}
		}
		if i >= 4 {
			// Names are unique; later rounds of the four kinds are numbered.
			sc.Name = fmt.Sprintf("%s (%d)", sc.Name, i/4+1)
		}
		out = append(out, sc)
	}
	return out
}

func newDevEditsCmd(g *globals) *cobra.Command {
	var count int
	var seed int64
	var intents bool
	cmd := &cobra.Command{
		Use:   "edits",
		Short: "Make a stream of real edits, reporting each after it is saved",
		Long: "edits makes --count edits through the store, one transaction each: mostly\n" +
			"line cost changes, with now and then a line added or deleted, a funding\n" +
			"status changed, or a scenario saved. It prints one line per edit on stdout\n" +
			"only after the store said the edit was saved (committed and synced):\n\n" +
			"  ok N line ID cost AMOUNT     ok N add line ID cost AMOUNT\n" +
			"  ok N delete line ID          ok N funding ID status STATUS\n" +
			"  ok N scenario ID steps K\n\n" +
			"With --intents it also prints, on stderr before each edit, the same line\n" +
			"starting \"try\" (ID 0 for a record not made yet), so a test that kills it\n" +
			"knows which one edit may have been saved without being reported.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if count < 0 {
				return usagef(cmd, "--count cannot be negative")
			}
			if g.readOnly {
				return usagef(cmd, "edits cannot run with --read-only")
			}
			return g.withStore(func(db *store.DB) error {
				var intent io.Writer
				if intents {
					intent = cmd.ErrOrStderr()
				}
				return runEdits(db, count, rand.New(rand.NewPCG(uint64(seed), 2)), seed, cmd.OutOrStdout(), intent)
			})
		},
	}
	cmd.Flags().IntVar(&count, "count", 100, "number of edits to make")
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed for the choice of edits")
	cmd.Flags().BoolVar(&intents, "intents", false, "print each edit on stderr, starting \"try\", before making it")
	return cmd
}

// editStream is the state runEdits keeps between edits: what it knows of
// the plan, so each edit is a real change to a record that exists.
type editStream struct {
	db    *store.DB
	r     *rand.Rand
	seed  int64
	plan  *model.Plan
	lines []model.Line
	scs   []model.Scenario
}

// runEdits makes count edits. Each report is flushed before the next edit
// starts, so a reader that sees "ok N" knows edit N is on disk, and a
// process killed at any moment has reported nothing it did not save.
func runEdits(db *store.DB, count int, r *rand.Rand, seed int64, out, intent io.Writer) error {
	p, err := db.Load()
	if err != nil {
		return err
	}
	scs, err := db.Scenarios()
	if err != nil {
		return err
	}
	if len(p.Lines) == 0 || len(p.Priorities) == 0 || len(p.Funding) == 0 {
		return errors.New("the plan needs at least one line, priority and funding source to edit (make one with csplan dev gen)")
	}
	s := &editStream{db: db, r: r, seed: seed, plan: p, lines: p.Lines, scs: scs}
	w := bufio.NewWriter(out)
	var iw *bufio.Writer
	if intent != nil {
		iw = bufio.NewWriter(intent)
	}
	for n := 1; n <= count; n++ {
		say := func(format string, a ...any) error {
			if iw == nil {
				return nil
			}
			fmt.Fprintf(iw, "try %d "+format+"\n", append([]any{n}, a...)...)
			return iw.Flush()
		}
		done, err := s.edit(say)
		if err != nil {
			return fmt.Errorf("edit %d: %w", n, err)
		}
		fmt.Fprintf(w, "ok %d %s\n", n, done)
		if err := w.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// edit makes one random edit, announcing it with say first, and returns
// its report (without "ok N").
func (s *editStream) edit(say func(string, ...any) error) (string, error) {
	switch k := s.r.IntN(100); {
	case k < 5 && len(s.lines) > 1:
		return s.deleteLine(say)
	case k < 10:
		return s.addLine(say)
	case k < 15:
		return s.fundingStatus(say)
	case k < 20:
		return s.saveScenario(say)
	default:
		return s.lineCost(say)
	}
}

// cost is a made-up amount, sometimes with pence, never the same as old.
func (s *editStream) cost(old model.Money) model.Money {
	for {
		c := model.Pounds(int64(100 + s.r.IntN(50000)))
		if s.r.IntN(2) == 0 {
			c = model.Pence(int64(10000 + s.r.IntN(5_000_000)))
		}
		if !c.Equal(old) {
			return c
		}
	}
}

func (s *editStream) lineCost(say func(string, ...any) error) (string, error) {
	i := s.r.IntN(len(s.lines))
	l := s.lines[i]
	l.Cost = s.cost(l.Cost)
	if err := say("line %d cost %s", l.ID, l.Cost.Plain()); err != nil {
		return "", err
	}
	saved, err := s.db.SaveLine(l)
	if err != nil {
		return "", err
	}
	s.lines[i] = saved
	return fmt.Sprintf("line %d cost %s", saved.ID, saved.Cost.Plain()), nil
}

func (s *editStream) addLine(say func(string, ...any) error) (string, error) {
	pr := s.plan.Priorities[s.r.IntN(len(s.plan.Priorities))]
	l := model.Line{
		PriorityID: pr.ID,
		// The seed and a random number keep titles unique across the runs
		// of a crash test, which restarts the stream many times.
		Title: fmt.Sprintf("Added item s%d-%d", s.seed, s.r.Uint32()),
		Owner: "Community Safety Team",
		Kind:  "project",
		Cost:  s.cost(model.Money{}),
	}
	if len(s.plan.Tags) > 0 {
		l.Tags = []model.ID{s.plan.Tags[s.r.IntN(len(s.plan.Tags))].ID}
	}
	if err := say("add line 0 cost %s", l.Cost.Plain()); err != nil {
		return "", err
	}
	saved, err := s.db.SaveLine(l)
	if err != nil {
		return "", err
	}
	s.lines = append(s.lines, saved)
	return fmt.Sprintf("add line %d cost %s", saved.ID, saved.Cost.Plain()), nil
}

func (s *editStream) deleteLine(say func(string, ...any) error) (string, error) {
	i := s.r.IntN(len(s.lines))
	id := s.lines[i].ID
	if err := say("delete line %d", id); err != nil {
		return "", err
	}
	if err := s.db.DeleteLine(id); err != nil {
		return "", err
	}
	// Move the last line into the gap: order does not matter here.
	last := len(s.lines) - 1
	s.lines[i] = s.lines[last]
	s.lines = s.lines[:last]
	return fmt.Sprintf("delete line %d", id), nil
}

func (s *editStream) fundingStatus(say func(string, ...any) error) (string, error) {
	i := s.r.IntN(len(s.plan.Funding))
	f := s.plan.Funding[i]
	f.Status = f.Status.Next()
	if err := say("funding %d status %s", f.ID, f.Status); err != nil {
		return "", err
	}
	saved, err := s.db.SaveFunding(f)
	if err != nil {
		return "", err
	}
	s.plan.Funding[i] = saved
	return fmt.Sprintf("funding %d status %s", saved.ID, saved.Status), nil
}

// saveScenario adds a scenario or adds a step to one, as an officer
// building up a what-if would.
func (s *editStream) saveScenario(say func(string, ...any) error) (string, error) {
	cut := model.Pct(decimal.NewFromInt(int64(1 + s.r.IntN(30))).String())
	step := model.Step{Kind: model.StepCutLines, Percent: &cut}
	if len(s.lines) > 0 && s.r.IntN(2) == 0 {
		step = model.Step{Kind: model.StepRemoveLine, Target: s.lines[s.r.IntN(len(s.lines))].ID}
	}
	var sc model.Scenario
	i := -1
	if len(s.scs) > 0 && (len(s.scs) >= 20 || s.r.IntN(3) > 0) {
		i = s.r.IntN(len(s.scs))
		sc = s.scs[i]
		sc.Steps = append(append([]model.Step(nil), sc.Steps...), step)
	} else {
		sc = model.Scenario{Name: fmt.Sprintf("What if s%d-%d", s.seed, s.r.Uint32()), Steps: []model.Step{step}}
	}
	if err := say("scenario %d steps %d", sc.ID, len(sc.Steps)); err != nil {
		return "", err
	}
	saved, err := s.db.SaveScenario(sc)
	if err != nil {
		return "", err
	}
	if i >= 0 {
		s.scs[i] = saved
	} else {
		s.scs = append(s.scs, saved)
	}
	return fmt.Sprintf("scenario %d steps %d", saved.ID, len(saved.Steps)), nil
}

func newDevHoldCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "hold",
		Short: "Open the plan, say \"holding\", and keep it open until stdin closes",
		Long: "hold opens the plan as the editor would (with --read-only, as a reader) and\n" +
			"keeps it open, and so locked, until its standard input is closed. Tests use\n" +
			"it to be the other csplan that has a plan open.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return g.withStore(func(db *store.DB) error {
				if _, err := fmt.Fprintln(cmd.OutOrStdout(), "holding"); err != nil {
					return err
				}
				_, err := io.Copy(io.Discard, cmd.InOrStdin())
				return err
			})
		},
	}
}
