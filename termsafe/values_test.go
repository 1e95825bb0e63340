package termsafe

import "testing"

// Steps have no ID: moved, they must each get their own stored text
// back, not the text of the step that used to stand in their place.
func TestKeepMatchesElementsWithoutIDByWhatWasShown(t *testing.T) {
	type step struct{ Title string }
	type scenario struct{ Steps []step }
	stored := scenario{Steps: []step{{"A\x1b[2J"}, {"B\x1b[5m"}}}
	shown := Value(stored)
	swapped := scenario{Steps: []step{shown.Steps[1], shown.Steps[0]}}
	got := Keep(stored, swapped, func(a, b string) bool { return a == b })
	if got.Steps[0].Title != "B\x1b[5m" || got.Steps[1].Title != "A\x1b[2J" {
		t.Errorf("swapped steps saved as %q, want their stored text", got.Steps)
	}
	// One changed in place keeps the stored text of what it left alone.
	edited := Value(stored)
	edited.Steps = edited.Steps[:1]
	edited.Steps[0].Title = "new"
	if got := Keep(stored, edited, func(a, b string) bool { return a == b }); got.Steps[0].Title != "new" {
		t.Errorf("an edited step saved as %q", got.Steps[0].Title)
	}
}
