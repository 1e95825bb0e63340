package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"csplan/model"
)

// State is everything a screen shows, read in one transaction, so the
// plan, its history and its scenarios always belong together.
type State struct {
	Plan *model.Plan
	// History is the newest entries first, as History returns them.
	History []Entry
	// Scenarios are in the order they were made, as Scenarios returns them.
	Scenarios []model.Scenario
	// Monitoring is the monitoring of the plan's year: profiles, actuals,
	// forecasts, narratives, and the returns submitted, without their
	// figures (Store.Monitoring reads them whole).
	Monitoring *model.Monitoring
	// Revision says how new the state is: every saved change to the file
	// raises it, and two reads with no change between them give the same
	// one. Results that arrive out of order can be put back in order by it.
	Revision uint64
}

// ReadState reads the plan, up to historyLimit history entries (<= 0: all)
// and the scenarios in one read transaction, with the revision they are at.
//
// The revision is bbolt's transaction ID, which a read transaction reports
// as the ID of the last committed write. bbolt raises it on every commit,
// keeps it in the file and leaves it alone when a transaction rolls back
// (an edit that changed nothing), so every write path counts, including
// undo, redo and migrations, with nothing extra to write or to forget.
func (s *DB) ReadState(historyLimit int) (State, error) {
	var st State
	err := s.view(func(tx *bbolt.Tx) error {
		var err error
		if st.Plan, err = loadPlan(tx); err != nil {
			return err
		}
		if st.History, err = readHistory(tx, historyLimit); err != nil {
			return fmt.Errorf("reading the history: %w", err)
		}
		if st.Scenarios, err = loadAll[model.Scenario](tx, kindScenarios); err != nil {
			return fmt.Errorf("reading the scenarios: %w", err)
		}
		if st.Monitoring, err = loadMonitoringAs(tx, st.Plan.Info.StartYear, false); err != nil {
			return fmt.Errorf("reading the monitoring: %w", err)
		}
		st.Revision = uint64(tx.ID())
		return nil
	})
	if err != nil {
		return State{}, err
	}
	return st, nil
}

// CycleFundingStatus moves a funding source to the status after the one
// stored (confirmed, pending, refused, confirmed...), read inside the
// write, so two quick presses always make two changes. It returns the
// source as saved.
func (s *DB) CycleFundingStatus(id model.ID) (model.FundingSource, error) {
	return editRecord(s, fundingType, id, func(f *model.FundingSource) { f.Status = f.Status.Next() })
}

// MovePriority moves an SWP priority by delta places in the stored order
// (negative: up), stopping at either end; a move that goes nowhere changes
// nothing. The order is read inside the write, so two quick moves always
// move it two places.
func (s *DB) MovePriority(id model.ID, delta int) error {
	return s.update(func(t *txn) error {
		all, err := loadPriorities(t)
		if err != nil {
			return err
		}
		from := -1
		for i, p := range all {
			if p.ID == id {
				from = i
			}
		}
		if from < 0 || id == 0 {
			return fmt.Errorf("priority %d: %w", id, ErrNotFound)
		}
		to := min(max(from+delta, 0), len(all)-1)
		if to == from {
			return nil
		}
		ids := make([]model.ID, 0, len(all))
		for _, p := range all {
			if p.ID != id {
				ids = append(ids, p.ID)
			}
		}
		ids = append(ids[:to], append([]model.ID{id}, ids[to:]...)...)
		return reorderPriorities(t, all, ids)
	})
}
