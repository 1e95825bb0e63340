package tui

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/shopspring/decimal"

	"csplan/model"
	"csplan/store"
	"csplan/termsafe"
)

// historyLimit is how many changes the History screen shows.
const historyLimit = 500

// snapshot is the plan as saved, with its totals and what the screens
// derive from it. It is built in a command, never in Update, because at
// 100,000 lines the derived strings and sort orders are real work; once
// built it is never changed, so screens may share it.
type snapshot struct {
	// plan is what the screens show: the plan as saved, or a scenario of
	// it worked out against it.
	plan    *model.Plan
	totals  model.Totals
	history []store.Entry
	// revision is the store's revision the plan was read at: the root
	// shows the newest snapshot and drops one read before it.
	revision uint64

	// shown is the scenario this snapshot was asked to show (0: the plan)
	// and scenario is that scenario, nil when it shows the plan or the
	// scenario is no longer there.
	shown    model.ID
	scenario *model.Scenario
	// saved is the snapshot of the plan as saved: the snapshot itself when
	// it shows the plan. Scenarios apply to it and promote into it.
	saved *snapshot
	// scenarios are the plan's scenarios, each worked out against the
	// saved plan, in the order they were made.
	scenarios []scenarioState
	// planCost is, for a scenario's view, each line's cost in the saved
	// plan (absent for a line the scenario added), so the screens can say
	// what the scenario changed.
	planCost map[model.ID]model.Money
	// planToGrant is the same for each post's cost to the grant.
	planToGrant map[model.ID]model.Money

	// stored and storedScenarios are the saved plan and its scenarios as
	// stored (set on the saved snapshot only): a scenario applies to the
	// stored text, and the next change patches them (see patched). plan
	// is the same value when no text needed making display-safe.
	stored          *model.Plan
	storedScenarios []model.Scenario

	priorityName map[model.ID]string
	priorityRank map[model.ID]int
	tagName      map[model.ID]string
	// ld is what the Lines screen shows of each line (see lineData),
	// worked out after the snapshot is on screen (lines).
	ld       *lazyLines
	postTags []string
	costings []model.PostCosting
	// spendShown is the posts' and the other lines' spend in whole pounds
	// as the Overview shows them, adding up to the allocation shown.
	// toGrantShown and toOtherShown are each post's costs in whole pounds
	// for the Posts screen's columns, adding up to the posts' spend shown
	// and to the other funders' total shown; fteTotal is the posts' FTE.
	spendShown   [2]model.Money
	toGrantShown []model.Money
	toOtherShown []model.Money
	otherShown   model.Money
	fteTotal     decimal.Decimal

	// monitoring is the year's monitoring as saved (set on the saved
	// snapshot only; a scenario's view reads it through saved), never
	// nil once read. mon is its figures as at the last period with
	// spend (the totals bar shows them on every screen), when there is
	// any spend, else nil: worked out with a whole read, and in a
	// command after a patched one is on screen (see lazyMonitor).
	monitoring *model.Monitoring
	mon        *lazyMonitor
}

// lazyMonitor is the figures the totals bar and the Monitor screen show as
// at the last period with spend. After a saved change they are worked out
// in a command once the change is on screen (Model.workOnView): with a
// year of spend they cost more than the change itself (O(lines +
// actuals)). Until they come, the bar shows the figures before the change.
type lazyMonitor struct {
	once  sync.Once
	done  atomic.Bool
	view  *monitorView
	build func() *monitorView
	// prev is the figures before the change, shown meanwhile.
	prev *monitorView
}

// monitor returns the figures, working them out now if no one has; nil
// when there is no spend.
func (s *snapshot) monitor() *monitorView {
	l := s.mon
	if l == nil {
		return nil
	}
	l.once.Do(func() {
		l.view = l.build()
		l.build, l.prev = nil, nil
		l.done.Store(true)
	})
	return l.view
}

// monitorReady reports whether monitor would answer at once.
func (s *snapshot) monitorReady() bool { return s.mon == nil || s.mon.done.Load() }

// monitorShown is the figures the totals bar shows now: the snapshot's
// when they are worked out, else the ones before the change (nil if none).
func (s *snapshot) monitorShown() *monitorView {
	if s.monitorReady() {
		return s.monitor()
	}
	return s.mon.prev
}

// The sortable columns of the Lines screen, in screen order.
const (
	sortPriority = iota
	sortTitle
	sortOwner
	sortTags
	sortCost
	lineSortColumns
)

// newSnapshot derives everything the screens show from a saved plan.
//
// The snapshot holds display-safe text: every string of the plan and the
// history passes through termsafe.Visible here, so no screen, dialog or
// title built from a snapshot can send the terminal a control character
// from the data, however it is drawn. Forms filled from it show the same
// visible text; editingStore puts back the stored text of a field the
// officer left alone.
func newSnapshot(p *model.Plan, history []store.Entry) *snapshot {
	p, history = termsafe.Value(p), termsafe.Value(history)
	s := &snapshot{
		plan:         p,
		history:      history,
		priorityName: make(map[model.ID]string, len(p.Priorities)),
		priorityRank: make(map[model.ID]int, len(p.Priorities)),
		monitoring:   model.NewMonitoring(p.Info.StartYear),
	}
	s.saved = s
	prs := append([]model.Priority(nil), p.Priorities...)
	sort.SliceStable(prs, func(i, j int) bool { return prs[i].Order < prs[j].Order })
	for i, pr := range prs {
		s.priorityName[pr.ID] = pr.Name
		s.priorityRank[pr.ID] = i
	}
	s.tagName = make(map[model.ID]string, len(p.Tags))
	for _, t := range p.Tags {
		s.tagName[t.ID] = t.Name
	}
	s.costPosts()
	s.totals = model.ComputeTotalsCosted(p, s.costings)
	s.spendOfLines()
	s.ld = &lazyLines{build: s.deriveLines}
	s.roundPosts()
	return s
}

// tagText names the primary PCC priority first, the ones the item also
// supports after it, so a narrow column shows the primary.
func (s *snapshot) tagText(ids []model.ID) string {
	if len(ids) == 0 {
		return ""
	}
	name := func(id model.ID) string {
		if n, ok := s.tagName[id]; ok {
			return n
		}
		return "?"
	}
	also := model.AlsoSupports(ids)
	if len(also) == 0 {
		return name(ids[0])
	}
	names := make([]string, len(also))
	for i, id := range also {
		names[i] = name(id)
	}
	return name(ids[0]) + " (also supports " + strings.Join(names, ", ") + ")"
}

// lineData is what the Lines screen shows of each line, by index in the
// plan: its PCC priority names for display (the primary first, then "also
// supports" the others), the lower-case text the filter matches against,
// the Owner and Cost sort keys (the owner in lower case, the cost in whole
// pence), per sortable column the line indexes in ascending order, and
// each line's cost in pounds, adding up to the lines' spend shown.
type lineData struct {
	tags, search, owner []string
	pence               []int64
	order               [lineSortColumns][]int32
	shown               []int64
}

// lazyLines is a snapshot's lineData, worked out once, when first asked
// for: at 100,000 lines it is a third of a second, so the editor shows
// the plan first and works it out in a command after (Model.workOnView).
// Copies of a snapshot share it.
type lazyLines struct {
	once  sync.Once
	done  atomic.Bool
	data  lineData
	build func(*lineData)
}

// lines returns the snapshot's lineData, working it out now if no one has.
func (s *snapshot) lines() *lineData {
	l := s.ld
	l.once.Do(func() {
		l.build(&l.data)
		l.build = nil
		l.done.Store(true)
	})
	return &l.data
}

// linesReady reports whether lines would answer at once.
func (s *snapshot) linesReady() bool { return s.ld.done.Load() }

// readyLines is a lazyLines already worked out.
func readyLines(d lineData) *lazyLines {
	l := &lazyLines{data: d}
	l.once.Do(func() {})
	l.done.Store(true)
	return l
}

// deriveLines works out every line's lineData. The lines are worked in
// runs, and the sorts at once, on every CPU: each writes only its own part.
func (s *snapshot) deriveLines(d *lineData) {
	n := len(s.plan.Lines)
	d.tags = make([]string, n)
	d.search = make([]string, n)
	d.owner = make([]string, n)
	d.pence = make([]int64, n)
	var wg sync.WaitGroup
	runs := max(1, min(runtime.GOMAXPROCS(0), n/4096))
	for r := range runs {
		wg.Go(func() {
			for i := r * n / runs; i < (r+1)*n/runs; i++ {
				s.deriveLine(d, i)
			}
		})
	}
	wg.Wait()
	less := s.lineLess(d)
	for c := range less {
		wg.Go(func() {
			order := make([]int32, n)
			for i := range order {
				order[i] = int32(i)
			}
			// Equal keys keep the plan's order, so the screen does not
			// shuffle rows between reloads: the index breaks ties, which
			// makes the order total and any sort give the stable one.
			slices.SortFunc(order, func(a, b int32) int {
				if r := less[c](a, b); r != 0 {
					return r
				}
				return cmp.Compare(a, b)
			})
			d.order[c] = order
		})
	}
	wg.Wait()
	d.shown = model.RoundPoundsTo(lineCosts(s.plan.Lines), s.spendShown[1])
}

// deriveLine works out line i's text and sort keys.
func (s *snapshot) deriveLine(d *lineData, i int) {
	l := &s.plan.Lines[i]
	d.tags[i] = s.tagText(l.Tags)
	d.search[i] = s.searchText(l, d.tags[i])
	d.owner[i] = strings.ToLower(l.Owner)
	d.pence[i] = l.Cost.Pennies()
}

// searchText is the lower-case text of a line the Lines filter matches.
func (s *snapshot) searchText(l *model.Line, tags string) string {
	return strings.ToLower(strings.Join([]string{
		l.Title, l.Owner, l.Kind, s.priorityName[l.PriorityID], tags, l.Cost.Whole(),
	}, "\x00"))
}

// lineLess returns, per sortable column of the Lines screen, how two lines
// (by index) compare, by the keys in d.
func (s *snapshot) lineLess(d *lineData) [lineSortColumns]func(a, b int32) int {
	lines := s.plan.Lines
	return [lineSortColumns]func(a, b int32) int{
		sortPriority: func(a, b int32) int {
			return cmp.Compare(s.priorityRank[lines[a].PriorityID], s.priorityRank[lines[b].PriorityID])
		},
		sortTitle: func(a, b int32) int { return strings.Compare(d.search[a], d.search[b]) },
		sortOwner: func(a, b int32) int { return strings.Compare(d.owner[a], d.owner[b]) },
		sortTags:  func(a, b int32) int { return strings.Compare(d.tags[a], d.tags[b]) },
		sortCost: func(a, b int32) int {
			if r := cmp.Compare(d.pence[a], d.pence[b]); r != 0 {
				return r
			}
			return lines[a].Cost.Cmp(lines[b].Cost)
		},
	}
}

// costPosts works out the posts' text, costings and FTE.
func (s *snapshot) costPosts() {
	p := s.plan
	s.postTags = make([]string, len(p.Posts))
	s.costings = make([]model.PostCosting, len(p.Posts))
	s.fteTotal = decimal.Decimal{}
	for i, po := range p.Posts {
		s.postTags[i] = s.tagText(po.Tags)
		s.costings[i] = po.Costing(p.Settings)
		s.fteTotal = s.fteTotal.Add(po.FTE)
	}
}

// roundPosts works out each post's costs in whole pounds from its costing,
// once spendOfLines has set the posts' spend shown.
func (s *snapshot) roundPosts() {
	toGrant := make([]model.Money, len(s.costings))
	toOther := make([]model.Money, len(s.costings))
	for i, c := range s.costings {
		toGrant[i], toOther[i] = c.ToGrant, c.ToOther
	}
	s.toGrantShown = model.RoundPartsTo(toGrant, s.spendShown[0])
	s.toOtherShown, s.otherShown = model.RoundParts(toOther)
}

// scenarioByID finds a scenario of the saved plan.
func (s *snapshot) scenarioByID(id model.ID) (*scenarioState, bool) {
	for i := range s.saved.scenarios {
		if st := &s.saved.scenarios[i]; st.sc.ID == id && id != 0 {
			return st, true
		}
	}
	return nil, false
}

// viewOf returns the snapshot that shows scenario id (0: the plan) of the
// saved plan in saved. When the scenario is not there it shows the plan
// and says so by leaving scenario nil while shown is id. It derives a
// whole snapshot, so it runs in a command.
func viewOf(saved *snapshot, id model.ID) *snapshot {
	st, ok := saved.scenarioByID(id)
	if !ok {
		if id == 0 {
			return saved
		}
		v := *saved
		v.shown = id
		return &v
	}
	v := newSnapshot(st.work().plan, saved.history)
	v.revision = saved.revision
	sc := st.sc
	v.shown, v.scenario, v.saved, v.scenarios = id, &sc, saved, saved.scenarios
	v.planCost = make(map[model.ID]model.Money, len(saved.plan.Lines))
	for _, l := range saved.plan.Lines {
		v.planCost[l.ID] = l.Cost
	}
	v.planToGrant = make(map[model.ID]model.Money, len(saved.plan.Posts))
	for i, p := range saved.plan.Posts {
		v.planToGrant[p.ID] = saved.costings[i].ToGrant
	}
	return v
}

// lineChange says how a scenario on view changed a line: "" when it did
// not (or the plan is on view), else the line's cost in the plan, or that
// the scenario added it.
func (s *snapshot) lineChange(l *model.Line) string {
	if s.scenario == nil {
		return ""
	}
	if l.ID == 0 {
		return "added by the scenario"
	}
	if c, ok := s.planCost[l.ID]; ok && !c.Equal(l.Cost) {
		return "plan " + c.Whole()
	}
	return ""
}

// postChange says, for a scenario on view, what the post i cost the grant
// in the plan when the scenario changed that; "" otherwise.
func (s *snapshot) postChange(i int) string {
	if s.scenario == nil {
		return ""
	}
	if c, ok := s.planToGrant[s.plan.Posts[i].ID]; ok && !c.Equal(s.costings[i].ToGrant) {
		return "plan " + c.Whole()
	}
	return ""
}

// planLoadedMsg carries the plan read when the app starts, or a new view
// of it (a scenario shown, or the plan again) with what to say about it.
type planLoadedMsg struct {
	snap   *snapshot
	status string
}

// loadFailedMsg says the plan could not be read at all.
type loadFailedMsg struct{ err error }

// changeSavedMsg says a change (or an undo or redo) is saved; it carries
// the plan read back after it, so every figure on screen is the saved one.
type changeSavedMsg struct {
	snap *snapshot
	// status says what happened, in the officer's words.
	status string
	// id is the record the change saved, so its screen can select it;
	// 0 for a delete, an undo or a redo.
	id model.ID
	// showPlan asks the root to show the plan: the scenario on screen has
	// just been promoted or deleted.
	showPlan bool
}

// endsForm implements formResult.
func (changeSavedMsg) endsForm() {}

// formResult is a message that answers a form's save: a form waiting on
// one closes when it arrives. Forms that do not change the plan (compare,
// export, import) end with their own result messages.
type formResult interface{ endsForm() }

// changeFailedMsg says a change was not saved. The form that asked for it
// stays open with what was typed.
type changeFailedMsg struct {
	err error
	// outcome opens the status line, such as "Not saved" or "Not deleted".
	outcome string
}

// statusMsg puts a message in the status line.
type statusMsg struct {
	text    string
	isError bool
}

// loadPlan reads the plan and its history.
// fileStamp is what says a file changed: its time and size.
type fileStamp struct {
	mod  time.Time
	size int64
}

// fileCheckedMsg carries the plan file's stamp, read in a command.
type fileCheckedMsg struct {
	path  string
	stamp fileStamp
	err   error
}

// watchInterval is how often a read-only session looks at the file.
const watchInterval = 2 * time.Second

// watchFile looks at the plan file after a pause; the answer asks for the
// next look, so the file is watched for as long as the program runs.
func watchFile(path string) tea.Cmd {
	return tea.Tick(watchInterval, func(time.Time) tea.Msg { return checkFile(path) })
}

// checkFile reads the plan file's stamp.
func checkFile(path string) tea.Msg {
	fi, err := os.Stat(path)
	if err != nil {
		return fileCheckedMsg{path: path, err: err}
	}
	return fileCheckedMsg{path: path, stamp: fileStamp{mod: fi.ModTime(), size: fi.Size()}}
}

// refreshPlan reads the plan again: for a read-only copy of a file
// another csplan edits, a new copy first. text is what the status says.
func refreshPlan(s store.Store, text string) tea.Cmd {
	return func() tea.Msg {
		if r, ok := s.(interface{ Refresh() error }); ok {
			if err := r.Refresh(); err != nil {
				return statusMsg{text: "The plan could not be read again; the screens show it as before: " + err.Error(), isError: true}
			}
		}
		snap, err := readSnapshot(s)
		if err != nil {
			return statusMsg{text: "The plan could not be read again; the screens show it as before: " + err.Error(), isError: true}
		}
		return planLoadedMsg{snap: snap, status: text}
	}
}

func loadPlan(s store.Store) tea.Cmd {
	return func() tea.Msg {
		snap, err := readSnapshot(s)
		if err != nil {
			return loadFailedMsg{err}
		}
		return planLoadedMsg{snap: snap}
	}
}

// setMonitoring keeps the year's monitoring with the saved plan and, when
// any spend is recorded, works out its figures as at the last period with
// spend, for the totals bar and the Monitor screen. It runs where the
// snapshot is built, in a command.
func (s *snapshot) setMonitoring(m *model.Monitoring) {
	s.setMonitoringAfter(m, nil)
	s.monitor()
}

// setMonitoringAfter is setMonitoring for a patched snapshot: the figures
// are worked out when first asked for, and old's are shown meanwhile.
func (s *snapshot) setMonitoringAfter(m *model.Monitoring, old *snapshot) {
	if m == nil {
		m = model.NewMonitoring(s.plan.Info.StartYear)
	}
	s.monitoring = m
	if len(m.Actuals) == 0 {
		s.mon = nil
		return
	}
	plan, rev := s.plan, s.revision
	s.mon = &lazyMonitor{build: func() *monitorView { return newMonitorView(plan, m, defaultAsAt(m), rev) }}
	if old != nil {
		s.mon.prev = old.monitorShown()
	}
}

// change runs one change to the plan in a command and reads the plan back.
// save is handed the store, so the command reads nothing of the model;
// it returns the ID of the record it saved (0 if none).
func change(s store.Store, save func(store.Store) (model.ID, error)) tea.Cmd {
	return changeOr(s, "Not saved", nil, save)
}

// remove runs a delete in a command and reads the plan back.
func remove(s store.Store, del func(store.Store) error) tea.Cmd {
	return changeOr(s, "Not deleted", nil, func(s store.Store) (model.ID, error) { return 0, del(s) })
}

// changeOr runs a change and reads the plan back. outcome opens the status
// line when it fails; say, if not nil, writes the status line from the
// plan read back when the change saved something (the default repeats the
// history entry).
func changeOr(s store.Store, outcome string, say func(*snapshot) string, save func(store.Store) (model.ID, error)) tea.Cmd {
	return func() tea.Msg {
		// The store keeps no entry for a save that changes nothing, so the
		// newest entry before and after tells whether anything changed.
		var last uint64
		if h, err := s.History(1); err == nil && len(h) > 0 {
			last = h[0].Seq
		}
		id, err := save(s)
		if err != nil {
			return changeFailedMsg{err: err, outcome: outcome}
		}
		snap, err := readSnapshot(s)
		if err != nil {
			return changeFailedMsg{err: fmt.Errorf("the change is saved, but the plan could not be read back: %w", err),
				outcome: "Saved"}
		}
		status := "Nothing to save: it was already as typed."
		if len(snap.history) > 0 && snap.history[0].Seq != last && !snap.history[0].Undone {
			status = "Saved: " + snap.history[0].Summary
			if say != nil {
				status = say(snap)
			}
		}
		return changeSavedMsg{snap: snap, status: status, id: id}
	}
}

// undo and redo step through the history in a command.
func undo(s store.Store) tea.Cmd { return stepHistory(s, s.Undo, "Undone") }
func redo(s store.Store) tea.Cmd { return stepHistory(s, s.Redo, "Redone") }

func stepHistory(s store.Store, step func() (store.Entry, error), done string) tea.Cmd {
	return func() tea.Msg {
		e, err := step()
		if errors.Is(err, store.ErrNothingToUndo) || errors.Is(err, store.ErrNothingToRedo) {
			return statusMsg{text: capitalise(err.Error()) + "."}
		}
		if err != nil {
			return changeFailedMsg{err: err, outcome: "Not " + strings.ToLower(done)}
		}
		snap, err := readSnapshot(s)
		if err != nil {
			return changeFailedMsg{err: fmt.Errorf("the plan could not be read back: %w", err), outcome: done}
		}
		return changeSavedMsg{snap: snap, status: done + ": " + e.Summary}
	}
}

// status returns a command that shows a message in the status line.
func status(text string, isError bool) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, isError: isError} }
}

// refuseReadOnly is the answer to an edit in a read-only session.
func refuseReadOnly() tea.Cmd { return status(capitalise(store.ErrReadOnly.Error())+".", true) }

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
