package tui

import (
	"testing"

	"csplan/model"
)

// A month field reads numbers counted from April and says which month a
// number is as it is typed.
func TestMonthFieldSaysWhichMonth(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("3", keyEnter)
	// Title, priority, team, FTE, salary, first month: to the last month.
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	d.clear(10)
	d.requireView("1 = April")
	d.press("12")
	d.requireView("12 = March")
	d.clear(2)
	d.press("9")
	d.requireView("9 = December")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	p := mustLoad(t, s)
	if got := p.Posts[0].EndMonth; got != 9 {
		t.Fatalf("last month = %s, want December", model.MonthName(got))
	}
}

// A last month before the first is caught on the last month's field,
// which keeps the focus, not at the final save.
func TestMonthRangeCaughtOnTheField(t *testing.T) {
	s := openStore(t)
	d := start(t, s, 80, 24)
	d.press("3", keyEnter)
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter) // to the first month
	d.clear(10)
	d.press("January", keyEnter)
	d.clear(10)
	d.press("June", keyEnter)
	d.requireView("✗ June is before the first month, January")
	// The focus stayed: what is typed now goes into the last month.
	d.clear(10)
	d.press("March", keyEnter)
	d.refuseView("✗")
	d.press(keyEnter, keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	p := mustLoad(t, s)
	if po := p.Posts[0]; po.StartMonth != 10 || po.EndMonth != 12 {
		t.Fatalf("months = %s to %s, want January to March", model.MonthName(po.StartMonth), model.MonthName(po.EndMonth))
	}
}

// A new post's form does not open with a complaint about a title not yet
// typed.
func TestNewPostOpensWithoutError(t *testing.T) {
	d := start(t, openStore(t), 80, 24)
	d.press("3", "a")
	d.requireView("Add a post")
	d.refuseView("must not be empty", "✗")
	d.requireView("Type the salary to see what the post costs.")
}
