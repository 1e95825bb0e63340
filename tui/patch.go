package tui

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	tea "charm.land/bubbletea/v2"

	"csplan/model"
	"csplan/store"
	"csplan/termsafe"
)

// snapCache keeps the newest saved snapshot this session has built, so the
// next read after a change patches it by what the change wrote
// (store.ReadDelta) instead of reading and deriving the whole plan again:
// at 100,000 lines that took over two seconds, a patch a few tens of
// milliseconds. Commands run at once, so it is shared under a lock; a
// snapshot is never changed once built, so patching one in a command while
// the screens show it is safe.
type snapCache struct {
	mu     sync.Mutex
	latest *snapshot
}

// deltaReader is a store that can say what changed since a revision.
type deltaReader interface {
	ReadDelta(from uint64, historyLimit int) (store.Delta, bool, error)
}

// read returns the plan as saved now: the newest snapshot patched when the
// store can say what changed since it, else read whole.
func (c *snapCache) read(s store.Store) (*snapshot, error) {
	c.mu.Lock()
	base := c.latest
	c.mu.Unlock()
	var snap *snapshot
	if dr, ok := s.(deltaReader); ok && base != nil {
		d, ok, err := dr.ReadDelta(base.revision, historyLimit)
		if err != nil {
			return nil, err
		}
		if ok {
			snap = base.patched(&d)
		}
	}
	if snap == nil {
		var err error
		if snap, err = readWhole(s); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	if c.latest == nil || snap.revision >= c.latest.revision {
		c.latest = snap
	}
	c.mu.Unlock()
	return snap, nil
}

// readSnapshot reads the plan, its history and its scenarios as saved now,
// as one revision: through the session's cache when s is the screens'
// store.
func readSnapshot(s store.Store) (*snapshot, error) {
	if es, ok := s.(editingStore); ok && es.snaps != nil {
		return es.snaps.read(es.Store)
	}
	return readWhole(s)
}

// readWhole reads the plan, its history and its scenarios in one read of
// the store, so they belong together and carry one revision, and derives
// the whole snapshot.
func readWhole(s store.Store) (*snapshot, error) {
	st, err := s.ReadState(historyLimit)
	if err != nil {
		return nil, err
	}
	snap := newSnapshot(st.Plan, st.History)
	snap.revision = st.Revision
	snap.stored, snap.storedScenarios = st.Plan, st.Scenarios
	snap.scenarios = newScenarioStates(st.Plan, st.Scenarios)
	snap.setMonitoring(st.Monitoring)
	return snap, nil
}

// patchLimit is how many lines a delta may change before the snapshot is
// derived whole rather than patched: patching is a pass over the lines
// plus work for each one changed.
const patchLimit = 4096

// patched returns the saved snapshot as at d.To, given this one (the saved
// plan as at d.From). What the change did not touch is shared; per-line
// text and the Lines screen's sort orders are worked out only for the
// lines it wrote, merged into the old orders. A change to the SWP or PCC
// priorities (whose names are in every line's text) or to many lines
// derives the snapshot whole, from the patched plan, still without reading
// it again.
func (old *snapshot) patched(d *store.Delta) *snapshot {
	old = old.saved
	stored := d.Apply(old.stored)
	scs := d.ApplyScenarios(old.storedScenarios)
	monitoring := old.monitoring
	if d.Monitoring != nil {
		monitoring = d.Monitoring
	}
	if len(d.Priorities) > 0 || len(d.Tags) > 0 || len(d.Lines) > patchLimit {
		s := newSnapshot(stored, d.History)
		s.revision = d.To
		s.stored, s.storedScenarios = stored, scs
		s.scenarios = newScenarioStates(stored, scs)
		s.setMonitoring(monitoring)
		return s
	}
	safe, changed := termsafe.ValueChanged(*d)
	plan := stored
	if changed || old.plan != old.stored {
		plan = safe.Apply(old.plan)
	}
	s := &snapshot{
		plan:            plan,
		history:         termsafe.Value(d.History),
		revision:        d.To,
		stored:          stored,
		storedScenarios: scs,
		priorityName:    old.priorityName,
		priorityRank:    old.priorityRank,
		tagName:         old.tagName,
	}
	s.saved = s
	if len(d.Posts) == 0 && d.Settings == nil {
		// The posts and their costings stand.
		s.postTags, s.costings, s.fteTotal = old.postTags, old.costings, old.fteTotal
	} else {
		s.costPosts()
	}
	s.totals = model.ComputeTotalsCosted(plan, s.costings)
	s.spendOfLines()
	s.patchLines(old, d)
	s.roundPosts()
	s.scenarios = newScenarioStates(stored, scs)
	s.setMonitoringAfter(monitoring, old)
	return s
}

// patchLines brings the lineData of old up to the lines of s.plan, where
// d wrote the lines it names, once spendOfLines has set s's spend shown.
// Lines are in ID order in both plans, so the lines d did not touch keep
// their relative order, and each sort order (stable: equal keys in plan
// order) is the old order without the touched lines, with the touched
// lines as they are now merged in by the same key.
func (s *snapshot) patchLines(old *snapshot, d *store.Delta) {
	lines := s.plan.Lines
	was := old.lines()
	var ld lineData
	if len(d.Lines) == 0 {
		ld = *was
		ld.shown = model.RoundPoundsTo(lineCosts(lines), s.spendShown[1])
		s.ld = readyLines(ld)
		return
	}
	touched := make(map[model.ID]bool, len(d.Lines))
	for _, c := range d.Lines {
		touched[c.ID] = true
	}
	// remap[i] is where old line i is now, or -1 when it was touched.
	remap := make([]int32, len(old.plan.Lines))
	var fresh []int32 // the touched lines that are in the plan now
	j := 0
	for i := range old.plan.Lines {
		id := old.plan.Lines[i].ID
		if touched[id] {
			remap[i] = -1
			continue
		}
		for lines[j].ID != id {
			if touched[lines[j].ID] {
				fresh = append(fresh, int32(j))
			}
			j++
		}
		remap[i] = int32(j)
		j++
	}
	for ; j < len(lines); j++ {
		fresh = append(fresh, int32(j))
	}
	ld.tags = make([]string, len(lines))
	ld.search = make([]string, len(lines))
	ld.owner = make([]string, len(lines))
	ld.pence = make([]int64, len(lines))
	for i, to := range remap {
		if to >= 0 {
			ld.tags[to], ld.search[to] = was.tags[i], was.search[i]
			ld.owner[to], ld.pence[to] = was.owner[i], was.pence[i]
		}
	}
	for _, i := range fresh {
		s.deriveLine(&ld, int(i))
	}
	less := s.lineLess(&ld)
	kept := make([]int32, 0, len(lines))
	for c := range less {
		// Ties go to the earlier line, as the stable sort of newSnapshot.
		byKey := func(a, b int32) int {
			if r := less[c](a, b); r != 0 {
				return r
			}
			return cmp.Compare(a, b)
		}
		kept = kept[:0]
		for _, i := range was.order[c] {
			if to := remap[i]; to >= 0 {
				kept = append(kept, to)
			}
		}
		add := slices.Clone(fresh)
		slices.SortFunc(add, byKey)
		// Each line added goes where a binary search puts it: a few
		// comparisons each, not one per line of the plan.
		order := make([]int32, 0, len(lines))
		from := 0
		for _, a := range add {
			at, _ := slices.BinarySearchFunc(kept[from:], a, byKey)
			order = append(append(order, kept[from:from+at]...), a)
			from += at
		}
		ld.order[c] = append(order, kept[from:]...)
	}
	ld.shown = model.RoundPoundsTo(lineCosts(lines), s.spendShown[1])
	s.ld = readyLines(ld)
}

// spendOfLines works out the whole-pound spend figures the Overview
// shows (posts, other lines) and returns the lines' one.
func (s *snapshot) spendOfLines() model.Money {
	spend, _ := model.RoundParts([]model.Money{s.totals.PostsTotal, s.totals.LinesTotal})
	s.spendShown = [2]model.Money(spend)
	return s.spendShown[1]
}

func lineCosts(lines []model.Line) []model.Money {
	out := make([]model.Money, len(lines))
	for i := range lines {
		out[i] = lines[i].Cost
	}
	return out
}

// scenarioState is a scenario of the saved plan. What it makes of the plan
// (its plan, totals and what each step did) is worked out the first time
// it is asked for, not with every saved change: at 100,000 lines each
// scenario is a tenth of a second. Copies share the work.
type scenarioState struct {
	// sc is the scenario in display-safe text.
	sc model.Scenario
	w  *scenarioWork
}

type scenarioWork struct {
	once sync.Once
	done atomic.Bool
	// base and stored are the saved plan and the scenario as stored, so a
	// step finds what it names.
	base   *model.Plan
	stored model.Scenario

	plan     *model.Plan
	totals   model.Totals
	results  []model.StepResult
	costings []model.PostCosting // of plan's posts, worked out once
}

// work returns what the scenario makes of the plan, working it out now if
// no one has yet.
func (st *scenarioState) work() *scenarioWork {
	w := st.w
	w.once.Do(func() {
		p, results := w.stored.Apply(w.base)
		w.plan, w.results = termsafe.Value(p), termsafe.Value(results)
		w.costings = make([]model.PostCosting, len(p.Posts))
		for i := range p.Posts {
			w.costings[i] = p.Posts[i].Costing(p.Settings)
		}
		w.totals = model.ComputeTotalsCosted(p, w.costings)
		w.base = nil
		w.done.Store(true)
	})
	return w
}

// ready reports whether the scenario is worked out already, so a screen
// can show it without waiting.
func (st *scenarioState) ready() bool { return st.w.done.Load() }

// newScenarioStates lists the scenarios of the saved plan, to be worked
// out against it when looked at, keeping display-safe text of each.
func newScenarioStates(base *model.Plan, scs []model.Scenario) []scenarioState {
	out := make([]scenarioState, len(scs))
	for i, sc := range scs {
		out[i] = scenarioState{sc: termsafe.Value(sc), w: &scenarioWork{base: base, stored: sc}}
	}
	return out
}

// scenariosReady reports whether every scenario of the saved snapshot s is
// worked out.
func (s *snapshot) scenariosReady() bool {
	for i := range s.scenarios {
		if !s.scenarios[i].ready() {
			return false
		}
	}
	return true
}

// monitorReadyMsg says the monitoring figures of the saved snapshot on
// screen are worked out (Model.workOnView).
type monitorReadyMsg struct{}

// scenariosWorkedMsg says the scenarios of a snapshot are worked out: the
// screen that waited on them draws again.
type scenariosWorkedMsg struct{}

// workScenarios works out every scenario of the saved snapshot in a
// command, when a screen that lists them is on view.
func workScenarios(snap *snapshot) tea.Cmd {
	if snap == nil {
		return nil
	}
	if snap.saved.scenariosReady() {
		return nil
	}
	scs := snap.saved.scenarios
	return func() tea.Msg {
		for i := range scs {
			scs[i].work()
		}
		return scenariosWorkedMsg{}
	}
}
