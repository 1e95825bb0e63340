package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
)

// profileDraft is an item's budget profile as typed.
type profileDraft struct{ Profile string }

// profileEditor sets how the item's budget falls across the periods: a
// pattern (ParseProfile's words), so the periods always add up to the
// budget and follow a change of it.
func (s *monitorScreen) profileEditor(it model.Item) *editor {
	d := &profileDraft{Profile: s.snap.saved.monitoring.Profiles[it.ID].Text()}
	check := func(v string) error {
		pr, err := model.ParseProfile(v)
		if err != nil {
			return err
		}
		_, err = pr.Spread(it)
		return err
	}
	return &editor{
		c:     s.c,
		draft: d,
		title: "Budget profile: " + it.Title,
		build: func() *huh.Form {
			return huh.NewForm(huh.NewGroup(
				huh.NewInput().Title(label("Profile")).Value(&d.Profile).Inline(true).
					Placeholder("even · months in post · all in P9 · by quarter: 1; 1; 1; 0").
					Validate(check),
			))
		},
		note: func() string {
			pr, err := model.ParseProfile(d.Profile)
			if err != nil {
				return "even, months in post, all in P9 (or a month), by quarter: four figures, by period: twelve; blank: the default."
			}
			sp, err := pr.Spread(it)
			if err != nil {
				return err.Error()
			}
			var q [4]model.Money
			for i, a := range sp {
				q[i/3] = q[i/3].Add(a)
			}
			return fmt.Sprintf("By quarter: Q1 %s · Q2 %s · Q3 %s · Q4 %s", q[0].Whole(), q[1].Whole(), q[2].Whole(), q[3].Whole())
		},
		save: func() (tea.Cmd, error) {
			if err := check(d.Profile); err != nil {
				return nil, fmt.Errorf("profile: %w", err)
			}
			pr, _ := model.ParseProfile(d.Profile)
			words := pr.Text()
			if words == "" {
				words = "the default"
			}
			summary := fmt.Sprintf("Profile of %q: %s", it.Title, words)
			id := it.ID
			return change(s.c.store, func(st store.Store) (model.ID, error) {
				_, err := st.EditMonitoring(summary, func(m *model.Monitoring, _ *model.Plan) error {
					m.SetProfile(id, pr)
					return nil
				})
				return 0, err
			}), nil
		},
	}
}
