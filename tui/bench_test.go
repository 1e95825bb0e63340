package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"csplan/store"
)

// memStore is a store that is never written: benchmarks load a generated
// plan straight into the model, so they time the interface alone.
type memStore struct{ store.Store }

func (memStore) ReadOnly() bool { return false }

// benchModel is the interface at 120x40 on the Lines screen of a generated
// plan with n lines.
func benchModel(b *testing.B, n int) Model {
	b.Helper()
	m := New(memStore{}, testOptions())
	next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = next.(Model)
	m.setSnapshot(newSnapshot(store.GeneratePlan(n, 20, 1), nil))
	next, _ = m.Update(keyText('2'))
	return next.(Model)
}

// BenchmarkLinesKeyPress times one key press on the Lines screen, Update
// and View, as the program does for every key: it moves the cursor down,
// then up, so it never sticks at an end.
func BenchmarkLinesKeyPress(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			keys := []tea.Msg{keyDown, keyUp}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				next, _ := m.Update(keys[i%2])
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}

// BenchmarkLinesFilter times one typed letter in the filter over 10,000
// lines, from no filter to a filter on that letter, Update and View.
func BenchmarkLinesFilter(b *testing.B) {
	m := benchModel(b, 10_000)
	next, _ := m.Update(keyText('/'))
	m = next.(Model)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		next, _ := m.Update(keyText('e'))
		m = next.(Model)
		_ = m.View()
		b.StopTimer()
		next, _ = m.Update(keyBack)
		m = next.(Model)
		b.StartTimer()
	}
}
