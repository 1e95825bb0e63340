package tui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

// TestScreens keeps a golden view of every screen at the smallest size the
// app supports and at a roomy one, on the built-in plan in a real store.
// Refresh with: go test ./tui -run TestScreens -update
func TestScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for i, name := range []string{"Overview", "Lines", "Posts", "Funding", "Priorities", "History", "Scenarios", "Settings", "Monitor"} {
			t.Run(fmt.Sprintf("%dx%d/%d-%s", size[0], size[1], i+1, name), func(t *testing.T) {
				d := start(t, openStore(t), size[0], size[1])
				d.press(fmt.Sprint(i + 1))
				golden.RequireEqual(t, d.view())
			})
		}
	}
}
