package tui

import (
	"strings"

	"csplan/model"
	"csplan/store"
	"csplan/termsafe"
)

// editingStore is the store as the screens use it. The screens show, and
// their forms are filled with, display-safe text (see newSnapshot): ESC
// in a stored title reaches a form as the four characters \x1b. Saving
// that form as typed would quietly rewrite the stored title, though the
// officer never touched it. So each save here puts back, field by field,
// the stored text of every field that still reads exactly as it was shown
// (termsafe.Keep); a field the officer edited is saved as typed, its
// control characters written out as the visible text it now holds. It
// reads the stored record only when the saved one holds a backslash, the
// mark of every visible escape, so a plain save costs nothing more.
//
// ReplacePlan is not wrapped: the TUI calls it only to import a file,
// whose text comes from the file, not from the screen.
type editingStore struct {
	store.Store
	// snaps is the session's newest saved snapshot, which reads after a
	// change patch (see snapCache); nil reads everything every time.
	snaps *snapCache
}

// Refresh passes a request for a new read-only snapshot on to the store
// underneath, when it can take one (see refreshPlan).
func (s editingStore) Refresh() error {
	if r, ok := s.Store.(interface{ Refresh() error }); ok {
		return r.Refresh()
	}
	return nil
}

// keepShown returns edited with the stored text of the fields shown and
// left alone put back; stored finds the record as saved (false: a new
// one, or the store could not say, and edited is saved as it is).
func keepShown[T any](edited T, stored func() (T, bool)) T {
	if !termsafe.Escaped(edited) {
		return edited
	}
	if old, ok := stored(); ok {
		return termsafe.Keep(old, edited, func(shown, typed string) bool { return inputText(shown) == inputText(typed) })
	}
	return edited
}

// inputText is text as a form's one-line input hands it back: the input
// turns a newline into a space and drops U+FFFD, and the drafts trim
// spaces. Text shown and saved alike under it was left alone.
func inputText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\n", " "), "\uFFFD", "")
	return strings.TrimSpace(s)
}

// find returns the element of xs with the given ID.
func find[T any](xs []T, id model.ID, idOf func(T) model.ID) (T, bool) {
	var zero T
	if id == 0 {
		return zero, false
	}
	for _, x := range xs {
		if idOf(x) == id {
			return x, true
		}
	}
	return zero, false
}

// loaded returns a finder in the plan as stored.
func loaded[T any](s store.Store, list func(*model.Plan) []T, id model.ID, idOf func(T) model.ID) func() (T, bool) {
	return func() (T, bool) {
		p, err := s.Load()
		if err != nil {
			var zero T
			return zero, false
		}
		return find(list(p), id, idOf)
	}
}

// SaveInfo implements store.Store.
func (s editingStore) SaveInfo(i model.Info) error {
	return s.Store.SaveInfo(keepShown(i, func() (model.Info, bool) {
		p, err := s.Load()
		if err != nil {
			return model.Info{}, false
		}
		return p.Info, true
	}))
}

// SaveFunding implements store.Store.
func (s editingStore) SaveFunding(f model.FundingSource) (model.FundingSource, error) {
	return s.Store.SaveFunding(keepShown(f, loaded(s.Store, func(p *model.Plan) []model.FundingSource { return p.Funding },
		f.ID, func(x model.FundingSource) model.ID { return x.ID })))
}

// SavePriority implements store.Store.
func (s editingStore) SavePriority(pr model.Priority) (model.Priority, error) {
	return s.Store.SavePriority(keepShown(pr, loaded(s.Store, func(p *model.Plan) []model.Priority { return p.Priorities },
		pr.ID, func(x model.Priority) model.ID { return x.ID })))
}

// SaveTag implements store.Store.
func (s editingStore) SaveTag(t model.Tag) (model.Tag, error) {
	return s.Store.SaveTag(keepShown(t, loaded(s.Store, func(p *model.Plan) []model.Tag { return p.Tags },
		t.ID, func(x model.Tag) model.ID { return x.ID })))
}

// SaveLine implements store.Store.
func (s editingStore) SaveLine(l model.Line) (model.Line, error) {
	return s.Store.SaveLine(keepShown(l, loaded(s.Store, func(p *model.Plan) []model.Line { return p.Lines },
		l.ID, func(x model.Line) model.ID { return x.ID })))
}

// SavePost implements store.Store.
func (s editingStore) SavePost(po model.Post) (model.Post, error) {
	return s.Store.SavePost(keepShown(po, loaded(s.Store, func(p *model.Plan) []model.Post { return p.Posts },
		po.ID, func(x model.Post) model.ID { return x.ID })))
}

// SaveActual implements store.Store: correcting an actual keeps the
// stored text of a description shown and left alone (a ledger's
// description may hold anything).
func (s editingStore) SaveActual(a model.Actual) (model.Actual, error) {
	return s.Store.SaveActual(keepShown(a, func() (model.Actual, bool) {
		m, err := s.Monitoring()
		if err != nil {
			return model.Actual{}, false
		}
		return find(m.Actuals, a.ID, func(x model.Actual) model.ID { return x.ID })
	}))
}

// SaveScenario implements store.Store.
func (s editingStore) SaveScenario(sc model.Scenario) (model.Scenario, error) {
	return s.Store.SaveScenario(keepShown(sc, func() (model.Scenario, bool) {
		scs, err := s.Scenarios()
		if err != nil {
			return model.Scenario{}, false
		}
		return find(scs, sc.ID, func(x model.Scenario) model.ID { return x.ID })
	}))
}
