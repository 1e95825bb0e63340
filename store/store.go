// Package store keeps the plan in a local bbolt file: every change is one
// transaction that also records a history entry, so it can be undone and
// redone, across restarts. It knows nothing of terminals.
package store

import (
	"encoding/json"
	"errors"
	"time"

	"csplan/model"
)

// Sentinel errors. Messages are written for the officer and carry no
// personal data; wrap them with the file path where that helps.
var (
	// ErrLocked: another csplan has the file open.
	ErrLocked = errors.New("the plan is open in another csplan")
	// ErrReadOnly: the store was opened read-only and an edit was tried.
	ErrReadOnly = errors.New("this plan is open read-only: edits are not saved")
	// ErrNewerSchema: the file was written by a newer csplan.
	ErrNewerSchema = errors.New("the plan file was written by a newer version of csplan")
	// ErrNotPlanFile: the file is not a csplan database.
	ErrNotPlanFile = errors.New("the file is not a csplan plan database")
	// ErrNoPlanFile: a read-only open of a file that does not exist.
	ErrNoPlanFile = errors.New("there is no plan file at that path")
	// ErrNotFound: the record to change or delete is not in the plan.
	ErrNotFound = errors.New("that record is not in the plan")
	// ErrInUse: a priority or PCC priority still has lines or posts.
	ErrInUse = errors.New("it still has lines or posts under it")
	// ErrNothingToUndo and ErrNothingToRedo: the history is at its end.
	ErrNothingToUndo = errors.New("nothing to undo")
	ErrNothingToRedo = errors.New("nothing to redo")
)

// Entry is one change in the plan's history.
type Entry struct {
	Seq  uint64    `json:"seq"`
	Time time.Time `json:"time"`
	// User is the operating-system user who made the change.
	User string `json:"user"`
	// Summary says what changed in the officer's words, e.g.
	// `Line "Hate crime action plan": cost £12,000 → £10,000`.
	Summary string `json:"summary"`
	// Undone is true while the change has been undone (and can be redone).
	Undone bool `json:"undone"`
	// Replaced is true for a change that was undone and then overtaken by
	// a newer change: it stays in the history, undone, for the record,
	// but can no longer be redone (what it changed may have moved on).
	Replaced bool `json:"replaced,omitempty"`
	// UndoDropped is true when csplan compact has dropped what undo needs
	// for this change: it stays listed but can no longer be undone.
	UndoDropped bool `json:"undoDropped,omitempty"`
	// Changes are the records touched, each with its value before and after
	// (null for a record that did not exist). Undo and Redo fill them in;
	// History reads summaries only and leaves them empty.
	Changes []Change `json:"changes"`
}

// Change is one record before and after a change.
type Change struct {
	Kind string `json:"kind"` // "line", "post", "funding", ...
	// Year is set for a year's monitoring records ("actual",
	// "monitoring", "return"), whose keys name the year.
	Year   int             `json:"year,omitempty"`
	ID     model.ID        `json:"id"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// Store is what the rest of csplan needs of the plan's storage. Every
// method that changes the plan runs in one transaction with its history
// entry, and returns ErrReadOnly on a read-only store.
type Store interface {
	// Load reads the whole plan.
	Load() (*model.Plan, error)
	// ReadState reads the plan, up to historyLimit history entries and
	// the scenarios in one transaction, with the revision they are at.
	ReadState(historyLimit int) (State, error)

	// SaveInfo changes the plan's heading.
	SaveInfo(model.Info) error
	// SaveSettings changes the costing settings.
	SaveSettings(model.Settings) error

	// SaveFunding adds (ID 0) or changes a funding source, returning it
	// with its ID.
	SaveFunding(model.FundingSource) (model.FundingSource, error)
	// CycleFundingStatus moves a source to the status after the stored
	// one, returning it as saved.
	CycleFundingStatus(model.ID) (model.FundingSource, error)
	// DeleteFunding removes a funding source.
	DeleteFunding(model.ID) error

	// SavePriority adds (ID 0) or changes an SWP priority.
	SavePriority(model.Priority) (model.Priority, error)
	// DeletePriority refuses with ErrInUse while lines or posts sit under it.
	DeletePriority(model.ID) error
	// ReorderPriorities sets the order of the priorities to the given IDs.
	ReorderPriorities([]model.ID) error
	// MovePriority moves an SWP priority by delta places in the stored
	// order (negative: up), stopping at either end.
	MovePriority(id model.ID, delta int) error

	// SaveTag adds (ID 0) or changes a PCC priority.
	SaveTag(model.Tag) (model.Tag, error)
	// DeleteTag refuses with ErrInUse while a line or post carries it.
	DeleteTag(model.ID) error

	// SaveLine adds (ID 0) or changes a line.
	SaveLine(model.Line) (model.Line, error)
	// DeleteLine removes a line.
	DeleteLine(model.ID) error

	// SavePost adds (ID 0) or changes a post.
	SavePost(model.Post) (model.Post, error)
	// DeletePost removes a post.
	DeletePost(model.ID) error

	// ReplacePlan replaces the whole plan in one change (import, promote).
	// Records keep their IDs; records with ID 0 get new ones.
	ReplacePlan(p *model.Plan, summary string) error
	// ReplacePlanWithProfiles is ReplacePlan with the budget profiles a
	// file gave (keyed by p's IDs), in the same change.
	ReplacePlanWithProfiles(p *model.Plan, summary string, profiles map[model.ID]model.Profile) error

	// Scenarios lists the what-if scenarios; SaveScenario adds (ID 0) or
	// changes one; DeleteScenario removes one. None of them touch the plan.
	Scenarios() ([]model.Scenario, error)
	SaveScenario(model.Scenario) (model.Scenario, error)
	// EditScenario changes scenario id as stored: edit is handed it and
	// the plan it applies to, read inside the write.
	EditScenario(id model.ID, edit func(sc *model.Scenario, plan *model.Plan) error) (model.Scenario, error)
	DeleteScenario(model.ID) error
	// PromoteScenario makes a scenario the plan in one undoable change.
	PromoteScenario(model.ID) error

	// Monitoring reads the monitoring of the plan's year (ReadState reads
	// it too).
	Monitoring() (*model.Monitoring, error)
	// AddActuals adds spend records in one change; imp, when given, is
	// the ledger file they came from, refused if imported before.
	AddActuals(actuals []model.Actual, imp *model.LedgerImport, summary string) ([]model.Actual, error)
	// SaveActual adds (ID 0) or corrects one actual; DeleteActual removes one.
	SaveActual(model.Actual) (model.Actual, error)
	DeleteActual(model.ID) error
	// EditMonitoring changes the year's profiles, forecasts, vacancies,
	// thresholds, narratives or measures, as stored, in one change.
	EditMonitoring(summary string, edit func(m *model.Monitoring, p *model.Plan) error) (*model.Monitoring, error)
	// SubmitReturn freezes a quarterly return as sent.
	SubmitReturn(model.SubmittedReturn) error

	// Undo reverts the newest change not yet undone; Redo applies again the
	// oldest undone one. Each returns the entry it acted on.
	Undo() (Entry, error)
	Redo() (Entry, error)
	// History returns up to limit entries, newest first (limit <= 0: all),
	// read from the summaries only (no Changes).
	History(limit int) ([]Entry, error)

	// Check runs bbolt's consistency check and returns what it found.
	Check() error
	// ReadOnly reports whether edits are refused.
	ReadOnly() bool
	// Snapshot reports whether a read-only store shows a copy taken at
	// open because another csplan was editing the file.
	Snapshot() bool
	// Path is the database file.
	Path() string
	// User is who the history records as making changes.
	User() string
	// Close lets go of the file; closing twice is harmless.
	Close() error
}
