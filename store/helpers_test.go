package store

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"csplan/model"
)

// testNow is the fixed clock of every test store.
var testNow = time.Date(2026, 11, 26, 6, 30, 0, 0, time.UTC)

func testOptions() Options {
	return Options{User: "officer", Now: func() time.Time { return testNow }, Timeout: 200 * time.Millisecond}
}

// testPlan is a small plan with the report's names, and IDs 1-10.
func testPlan() *model.Plan {
	return &model.Plan{
		Info:     model.Info{Partnership: "Safer Wolverhampton Partnership", AccountableBody: "City of Wolverhampton Council", StartYear: 2017},
		Settings: model.DefaultSettings(),
		Funding: []model.FundingSource{
			{ID: 1, Name: "PCC Police Grant Community Fund 2017/18", Amount: model.Pounds(369000), Status: model.Confirmed},
			{ID: 2, Name: "Carry-forward 2016/17", Amount: model.Pounds(38000), Status: model.Pending},
		},
		Priorities: []model.Priority{
			{ID: 3, Name: "Reducing Reoffending", Order: 0},
			{ID: 4, Name: "Violence Prevention", Order: 1},
			{ID: 5, Name: "Reducing Victimisation", Order: 2},
		},
		Tags: []model.Tag{
			{ID: 6, Name: "Protecting from harm", Order: 0},
			{ID: 7, Name: "Supporting victims of crime", Order: 1},
		},
		Lines: []model.Line{
			{ID: 8, PriorityID: 5, Title: "Hate crime action plan", Cost: model.Pounds(12000), Tags: []model.ID{6}},
			{ID: 9, PriorityID: 4, Title: "Critical incident community mediators", Cost: model.Pence(1234567), Tags: []model.ID{6, 7}},
		},
		Posts: []model.Post{
			{ID: 10, PriorityID: 5, Title: "IDVA", Team: "Children's Social Care", Tags: []model.ID{7},
				FTE: decimal.NewFromInt(1), Salary: model.Pounds(28000), StartMonth: 1, EndMonth: 12,
				GrantShare: model.Pct("60"), OtherFunder: "Children's Services"},
		},
	}
}

// newTestDB creates a store on a fresh temporary file seeded with testPlan.
func newTestDB(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.db")
	opts := testOptions()
	opts.Seed = func() (*model.Plan, error) { return testPlan(), nil }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db, path
}

func mustLoad(t *testing.T, db *DB) *model.Plan {
	t.Helper()
	p, err := db.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return p
}

// planJSON is how tests compare plans: Money and decimals compare by value
// through their JSON form, where reflect.DeepEqual would see exponents.
func planJSON(t *testing.T, p *model.Plan) string {
	t.Helper()
	b, err := json.MarshalIndent(p, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func historyLen(t *testing.T, db *DB) int {
	t.Helper()
	h, err := db.History(0)
	if err != nil {
		t.Fatalf("History: %v", err)
	}
	return len(h)
}

func lastSummary(t *testing.T, db *DB) string {
	t.Helper()
	h, err := db.History(1)
	if err != nil || len(h) != 1 {
		t.Fatalf("History(1) = %v, %v", h, err)
	}
	return h[0].Summary
}
