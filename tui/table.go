package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// column is one column of a table. A column with flex takes the width the
// fixed columns leave, never less than its width.
type column struct {
	title string
	width int
	right bool // right-aligned, for amounts
	flex  bool
	// key is what the column sorts by, for tables that sort.
	key int
}

// table is a lean table that asks for the text of a cell only for the rows
// on screen. bubbles' table wants every row formatted up front, which costs
// a lot at 100,000 lines on each reload; this one costs the same whatever
// the number of rows, and knows where its rows are for mouse clicks.
type table struct {
	cols   []column
	widths []int
	rows   int // number of rows
	cursor int
	offset int // first row on screen
	width  int
	height int // rows on screen, not counting the header
	// sortCol is the column whose header is marked as sorted on, or -1.
	sortCol  int
	sortDesc bool
	// blurred tables mark the selected row with a pointer only, so the
	// list that has the keys is the one highlighted.
	blurred bool
}

func newTable(cols []column) table {
	return table{cols: cols, sortCol: -1}
}

// SetSize fits the table into w columns and h lines, header included.
func (t *table) SetSize(w, h int) {
	t.width, t.height = w, max(h-1, 1)
	t.layout()
	t.clamp()
}

// SetColumns replaces the columns, for a layout that depends on width.
func (t *table) SetColumns(cols []column) {
	t.cols = cols
	t.layout()
}

// SetRows tells the table how many rows it has, keeping the cursor inside.
func (t *table) SetRows(n int) {
	t.rows = n
	t.clamp()
}

// layout shares the width between the columns, one space between each.
func (t *table) layout() {
	t.widths = make([]int, len(t.cols))
	fixed := 0
	flexes := 0
	for i, c := range t.cols {
		t.widths[i] = c.width
		fixed += c.width
		if c.flex {
			flexes++
		}
		if i > 0 {
			fixed++
		}
	}
	spare := t.width - fixed
	if spare <= 0 || flexes == 0 {
		return
	}
	for i, c := range t.cols {
		if c.flex {
			add := spare / flexes
			t.widths[i] += add
			spare -= add
			flexes--
		}
	}
}

func (t *table) clamp() {
	if t.cursor >= t.rows {
		t.cursor = t.rows - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
	if t.offset > t.cursor {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	if maxOff := max(t.rows-t.height, 0); t.offset > maxOff {
		t.offset = maxOff
	}
	if t.offset < 0 {
		t.offset = 0
	}
}

// Move moves the cursor by n rows (negative is up).
func (t *table) Move(n int) {
	t.cursor += n
	t.clamp()
}

// SetCursor puts the cursor on row i.
func (t *table) SetCursor(i int) {
	t.cursor = i
	t.clamp()
}

// Cursor returns the selected row, or -1 when the table is empty.
func (t *table) Cursor() int {
	if t.rows == 0 {
		return -1
	}
	return t.cursor
}

// HandleKey moves the cursor for the movement keys and reports whether the
// key was one of them.
func (t *table) HandleKey(msg tea.KeyPressMsg, k KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		t.Move(-1)
	case key.Matches(msg, k.Down):
		t.Move(1)
	case key.Matches(msg, k.PageUp):
		t.Move(-t.height)
	case key.Matches(msg, k.PageDown):
		t.Move(t.height)
	case key.Matches(msg, k.Top):
		t.SetCursor(0)
	case key.Matches(msg, k.Bottom):
		t.SetCursor(t.rows - 1)
	default:
		return false
	}
	return true
}

// HandleMouse scrolls on the wheel and selects on a click. y is relative to
// the table's header line. It returns the column of a click on the header
// (for sorting), or -1.
func (t *table) HandleMouse(msg tea.MouseMsg, y int) (headerCol int) {
	m := msg.Mouse()
	switch msg.(type) {
	case tea.MouseWheelMsg:
		switch m.Button {
		case tea.MouseWheelUp:
			t.Move(-3)
		case tea.MouseWheelDown:
			t.Move(3)
		}
	case tea.MouseClickMsg:
		if m.Button != tea.MouseLeft {
			return -1
		}
		if y == 0 {
			return t.columnAt(m.X)
		}
		if row := t.offset + y - 1; y > 0 && y <= t.height && row < t.rows {
			t.SetCursor(row)
		}
	}
	return -1
}

func (t *table) columnAt(x int) int {
	pos := 0
	for i, w := range t.widths {
		if x >= pos && x < pos+w {
			return i
		}
		pos += w + 1
	}
	return -1
}

// View draws the header and the rows on screen. cell gives the text of a
// cell; it is only called for visible rows.
func (t *table) View(st *Styles, cell func(row, col int) string) string {
	var b strings.Builder
	b.Grow((t.height + 1) * (t.width + 8))
	cells := make([]string, len(t.cols))
	for i, c := range t.cols {
		title := c.title
		if i == t.sortCol {
			if t.sortDesc {
				title += " ↓"
			} else {
				title += " ↑"
			}
		}
		cells[i] = t.fit(title, i)
	}
	b.WriteString(st.Header.Render(strings.Join(cells, " ")))
	end := min(t.offset+t.height, t.rows)
	for r := t.offset; r < end; r++ {
		for i := range t.cols {
			cells[i] = t.fit(cell(r, i), i)
		}
		line := strings.Join(cells, " ")
		b.WriteByte('\n')
		if r == t.cursor && !t.blurred {
			b.WriteString(st.Selected.Render(line))
		} else {
			b.WriteString(line)
		}
	}
	// Always as tall as its height, so what is drawn under it stays put
	// and mouse rows are where the screen thinks they are.
	for r := max(end-t.offset, 0); r < t.height; r++ {
		b.WriteByte('\n')
	}
	return b.String()
}

// Row draws one line laid out as the table's rows are, such as a totals
// row drawn under the table; cell gives the text of each column.
func (t *table) Row(cell func(col int) string) string {
	cells := make([]string, len(t.cols))
	for i := range t.cols {
		cells[i] = t.fit(cell(i), i)
	}
	return strings.Join(cells, " ")
}

// fit pads or cuts s to the width of column i.
func (t *table) fit(s string, i int) string {
	w := t.widths[i]
	sw, simple := simpleWidth(s)
	if !simple {
		sw = ansi.StringWidth(s)
	}
	if sw > w {
		if simple {
			return cutRunes(s, w-1) + "…"
		}
		// A wide character may not fit the last cell: pad what is left.
		s = ansi.Truncate(s, w, "…")
		sw = ansi.StringWidth(s)
	}
	pad := strings.Repeat(" ", w-sw)
	if t.cols[i].right {
		return pad + s
	}
	return s + pad
}

// simpleWidth measures text made only of printable characters below
// U+0300 (ASCII, £, accented Latin letters), each one cell wide. Cells are
// nearly always such text, and measuring it by grapheme clusters is most
// of the cost of drawing a table; other text reports simple == false.
func simpleWidth(s string) (width int, simple bool) {
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r >= 0x300 {
			return 0, false
		}
		width++
	}
	return width, true
}

// cutRunes returns the first n runes of s.
func cutRunes(s string, n int) string {
	if n <= 0 {
		return ""
	}
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
