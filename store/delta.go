package store

import (
	"cmp"
	"slices"
	"sync"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// Changed is one record a change wrote, as it now is: Value nil when the
// record was deleted.
type Changed[T any] struct {
	ID    model.ID
	Value *T
}

// Delta is what the changes this session saved between two revisions did
// to the file, record by record, so an editor holding the plan as at From
// can bring it up to To by patching it (Apply) instead of reading the whole
// plan again. A record changed more than once appears once, as it ended.
type Delta struct {
	From, To uint64

	// Info and Settings are set when they changed.
	Info     *model.Info
	Settings *model.Settings

	Funding    []Changed[model.FundingSource]
	Priorities []Changed[model.Priority]
	Tags       []Changed[model.Tag]
	Lines      []Changed[model.Line]
	Posts      []Changed[model.Post]
	Scenarios  []Changed[model.Scenario]

	// Monitoring is the year's monitoring read again (as ReadState reads
	// it) when any of it changed, or the plan's year did; nil otherwise.
	Monitoring *model.Monitoring

	// History is the newest history entries, as ReadState reads them.
	History []Entry
}

// Records counts the plan's records and scenarios the delta changes.
func (d *Delta) Records() int {
	n := len(d.Funding) + len(d.Priorities) + len(d.Tags) + len(d.Lines) + len(d.Posts) + len(d.Scenarios)
	if d.Info != nil {
		n++
	}
	if d.Settings != nil {
		n++
	}
	return n
}

// Apply returns the plan as at d.To, given p as at d.From: a new plan that
// shares p's records the delta leaves alone. p is not changed, so a plan
// shared with another goroutine may be patched. The order is Load's:
// priorities and PCC priorities by Order then ID, the others by ID.
func (d *Delta) Apply(p *model.Plan) *model.Plan {
	out := *p
	if d.Info != nil {
		out.Info = *d.Info
	}
	if d.Settings != nil {
		out.Settings = *d.Settings
	}
	out.Funding = patchByID(p.Funding, d.Funding, func(f *model.FundingSource) model.ID { return f.ID })
	out.Lines = patchByID(p.Lines, d.Lines, func(l *model.Line) model.ID { return l.ID })
	out.Posts = patchByID(p.Posts, d.Posts, func(po *model.Post) model.ID { return po.ID })
	if len(d.Priorities) > 0 {
		out.Priorities = patchByID(byID(p.Priorities, func(x *model.Priority) model.ID { return x.ID }),
			d.Priorities, func(x *model.Priority) model.ID { return x.ID })
		sortByOrder(out.Priorities, func(x *model.Priority) (int, model.ID) { return x.Order, x.ID })
	}
	if len(d.Tags) > 0 {
		out.Tags = patchByID(byID(p.Tags, func(x *model.Tag) model.ID { return x.ID }),
			d.Tags, func(x *model.Tag) model.ID { return x.ID })
		sortByOrder(out.Tags, func(x *model.Tag) (int, model.ID) { return x.Order, x.ID })
	}
	return &out
}

// ApplyScenarios returns the scenarios as at d.To, given them as at
// d.From, in the order they were made (ID order), as ReadState gives them.
func (d *Delta) ApplyScenarios(scs []model.Scenario) []model.Scenario {
	return patchByID(scs, d.Scenarios, func(sc *model.Scenario) model.ID { return sc.ID })
}

// byID returns a copy of xs in ID order.
func byID[T any](xs []T, id func(*T) model.ID) []T {
	out := slices.Clone(xs)
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(id(&a), id(&b)) })
	return out
}

// patchByID writes changes into xs, which is in ID order, and returns the
// result in ID order: a new slice, or xs itself when nothing changed. The
// records between the changed ones are copied in runs, so the work is a
// copy of xs plus a binary search for each change.
func patchByID[T any](xs []T, changes []Changed[T], id func(*T) model.ID) []T {
	if len(changes) == 0 {
		return xs
	}
	// The last write of each ID, in ID order.
	last := make(map[model.ID]*T, len(changes))
	ids := make([]model.ID, 0, len(changes))
	for _, c := range changes {
		if _, seen := last[c.ID]; !seen {
			ids = append(ids, c.ID)
		}
		last[c.ID] = c.Value
	}
	slices.Sort(ids)
	out := make([]T, 0, len(xs)+len(ids))
	from := 0
	for _, changed := range ids {
		at, found := slices.BinarySearchFunc(xs[from:], changed, func(x T, target model.ID) int { return cmp.Compare(id(&x), target) })
		out = append(out, xs[from:from+at]...)
		from += at
		if found {
			from++ // replaced or deleted
		}
		if v := last[changed]; v != nil {
			out = append(out, *v)
		}
	}
	return append(out, xs[from:]...)
}

// written is one record a committed transaction wrote: value is its JSON
// as stored (before the seal), nil when it was deleted.
type written struct {
	k     *kind
	id    model.ID
	value []byte
}

// commitLog keeps what this session's latest commits wrote, so ReadDelta
// can say what changed since a revision without reading the whole plan.
// Every revision from start on must be here for a delta to be given: a
// write that does not log (a migration, compact, a write by another
// program while the file was not locked by this one) leaves a gap, and
// the reader falls back to reading everything.
type commitLog struct {
	mu sync.Mutex
	// start is the revision the log starts after: 0 until it drops a
	// commit (a file opened at revision r gives deltas from r on, as the
	// first commit logged is r+1).
	start   uint64
	commits []commit
	bytes   int
}

type commit struct {
	rev  uint64
	recs []written
}

// Bounds on what the log holds: a large import is read again whole (it
// costs about the same) rather than kept twice in memory.
const (
	commitLogMax      = 64
	commitLogMaxBytes = 8 << 20
)

// add records a commit's records; too large a commit is recorded as a gap
// (nothing), which ReadDelta reports as no delta.
func (l *commitLog) add(rev uint64, recs []written) {
	size := 0
	for _, r := range recs {
		size += len(r.value) + 64
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if size > commitLogMaxBytes {
		l.start, l.commits, l.bytes = rev, nil, 0
		return
	}
	// bbolt runs OnCommit after letting the next writer in, so a commit
	// may be logged after the one that followed it: keep them in order.
	at, _ := slices.BinarySearchFunc(l.commits, rev, func(c commit, r uint64) int { return cmp.Compare(c.rev, r) })
	l.commits = slices.Insert(l.commits, at, commit{rev: rev, recs: recs})
	l.bytes += size
	for len(l.commits) > commitLogMax || l.bytes > commitLogMaxBytes {
		drop := l.commits[0]
		for _, r := range drop.recs {
			l.bytes -= len(r.value) + 64
		}
		l.start = drop.rev
		l.commits = l.commits[1:]
	}
}

// since returns the records written by the commits after revision from up
// to revision to, oldest first; ok is false when the log does not hold
// every one of them.
func (l *commitLog) since(from, to uint64) ([]written, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if from < l.start || from > to {
		return nil, false
	}
	var out []written
	want := from + 1
	for _, c := range l.commits {
		if c.rev <= from {
			continue
		}
		if c.rev > to {
			break // logged since the reader's transaction began
		}
		if c.rev != want {
			return nil, false
		}
		out = append(out, c.recs...)
		want++
	}
	return out, want == to+1
}

// logCommit has the records a write transaction wrote go into the commit
// log once (and only if) it commits.
func (s *DB) logCommit(tx *bbolt.Tx, recs []written) {
	rev := uint64(tx.ID())
	tx.OnCommit(func() { s.commits.add(rev, recs) })
}

// ReadDelta reads what the changes saved since revision from did, in one
// read transaction with the history (up to historyLimit entries) and, if
// it changed, the year's monitoring. ok is false when this session cannot
// say: the file was changed by a write it does not log, or too long ago;
// the caller then reads the whole state with ReadState. A read-only store
// never gives a delta.
func (s *DB) ReadDelta(from uint64, historyLimit int) (d Delta, ok bool, err error) {
	if s.readOnly {
		return Delta{}, false, nil
	}
	err = s.view(func(tx *bbolt.Tx) error {
		to := uint64(tx.ID())
		recs, have := s.commits.since(from, to)
		if !have {
			return nil
		}
		d = Delta{From: from, To: to}
		monitoring := false
		// The last write of each record is what it is now.
		last := make(map[changeKey]int, len(recs))
		for i, r := range recs {
			last[changeKey{r.k.name, r.k.year, r.id}] = i
		}
		for i, r := range recs {
			if last[changeKey{r.k.name, r.k.year, r.id}] != i {
				continue
			}
			if r.k.year != 0 {
				monitoring = true
				continue
			}
			var err error
			switch r.k {
			case kindInfo:
				d.Info, err = decodeValue[model.Info](r)
				monitoring = true // the year may have changed
			case kindSettings:
				d.Settings, err = decodeValue[model.Settings](r)
			case kindFunding:
				d.Funding, err = appendChanged(d.Funding, r)
			case kindPriorities:
				d.Priorities, err = appendChanged(d.Priorities, r)
			case kindTags:
				d.Tags, err = appendChanged(d.Tags, r)
			case kindLines:
				d.Lines, err = appendChanged(d.Lines, r)
			case kindPosts:
				d.Posts, err = appendChanged(d.Posts, r)
			case kindScenarios:
				d.Scenarios, err = appendChanged(d.Scenarios, r)
			}
			if err != nil {
				return err
			}
		}
		if monitoring {
			year, err := planYear(tx)
			if err != nil {
				return err
			}
			if d.Monitoring, err = loadMonitoringAs(tx, year, false); err != nil {
				return err
			}
		}
		var err error
		if d.History, err = readHistory(tx, historyLimit); err != nil {
			return err
		}
		ok = true
		return nil
	})
	if err != nil || !ok {
		return Delta{}, false, err
	}
	return d, true, nil
}

// planYear reads the year the plan starts in.
func planYear(tx *bbolt.Tx) (int, error) {
	var info model.Info
	if err := decode(kindInfo, nil, tx.Bucket(bucketMeta).Get(keyInfo), &info); err != nil {
		return 0, err
	}
	return info.StartYear, nil
}

// decodeValue decodes a logged record strictly, as decode does a stored one.
func decodeValue[T any](r written) (*T, error) {
	if r.value == nil {
		return nil, nil
	}
	v := new(T)
	if err := strictJSON(r.value, v); err != nil {
		return nil, damaged(r.k.what(r.id))
	}
	return v, nil
}

func appendChanged[T any](xs []Changed[T], r written) ([]Changed[T], error) {
	v, err := decodeValue[T](r)
	if err != nil {
		return xs, err
	}
	return append(xs, Changed[T]{ID: r.id, Value: v}), nil
}
