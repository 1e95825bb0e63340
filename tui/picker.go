package tui

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"csplan/model"
)

// pickItem is one row a picker offers: a record and the text shown for it.
type pickItem struct {
	id    model.ID
	text  string
	lower string // text in lower case, for the filter
}

// picker is a form field that chooses one record (or, with multi, several)
// from a list that may run to thousands: a line, a post. Unlike a
// huh.Select it draws only the rows that fit on screen, and typing after
// "/" filters the rows by their text. It is a huh.Field, so it sits in a
// form beside huh's own fields, and takes its keys from the form's KeyMap:
// Select's keys for one record, MultiSelect's (with Toggle) for several.
type picker struct {
	title  string
	items  []pickItem
	shown  []int // indexes of the items that match the filter, in order
	filter string
	// filtering is true while typed text goes to the filter.
	filtering bool
	cursor    int // index into shown
	offset    int // first row of shown on screen
	rows      int // rows of items the field may draw
	width     int
	multi     bool
	value     *model.ID
	values    *[]model.ID
	picked    map[model.ID]bool
	keys      pickerKeys
	focused   bool
	theme     huh.Theme
	err       error
}

// pickerKeys are the keys a picker answers to, from huh's KeyMap.
type pickerKeys struct {
	Up, Down, HalfPageUp, HalfPageDown, Top, Bottom key.Binding
	Filter, EndFilter, Toggle, Next, Prev           key.Binding
}

// newPicker makes a picker of items choosing into value; rows is the most
// rows of items it draws at once.
func newPicker(title string, items []pickItem, value *model.ID, rows int) *picker {
	p := &picker{title: title, items: items, value: value, rows: max(rows, 1)}
	p.WithKeyMap(huh.NewDefaultKeyMap())
	p.refilter()
	for i, at := range p.shown {
		if p.items[at].id == *value {
			p.cursor = i
		}
	}
	p.scroll()
	return p
}

// newMultiPicker makes a picker that ticks any number of items into values.
func newMultiPicker(title string, items []pickItem, values *[]model.ID, rows int) *picker {
	p := &picker{title: title, items: items, values: values, multi: true, rows: max(rows, 1), picked: map[model.ID]bool{}}
	for _, id := range *values {
		p.picked[id] = true
	}
	p.WithKeyMap(huh.NewDefaultKeyMap())
	p.refilter()
	return p
}

// pickItems makes the rows of a picker from the records' IDs and texts.
func pickItems(n int, at func(i int) (model.ID, string)) []pickItem {
	items := make([]pickItem, n)
	for i := range items {
		id, text := at(i)
		items[i] = pickItem{id: id, text: text, lower: strings.ToLower(text)}
	}
	return items
}

// refilter works out which items match the filter, keeping the cursor on
// the item it was on when that still matches.
func (p *picker) refilter() {
	current := model.ID(0)
	if p.cursor < len(p.shown) {
		current = p.items[p.shown[p.cursor]].id
	}
	p.shown = p.shown[:0]
	f := strings.ToLower(p.filter)
	for i := range p.items {
		if f == "" || strings.Contains(p.items[i].lower, f) {
			p.shown = append(p.shown, i)
		}
	}
	p.cursor = 0
	for i, at := range p.shown {
		if p.items[at].id == current {
			p.cursor = i
			break
		}
	}
	p.scroll()
}

// scroll keeps the cursor's row inside the window drawn. A row whose
// text is wider than the field wraps over several lines, so the window is
// measured in lines: from offset, as many rows as their lines fit.
func (p *picker) scroll() {
	p.cursor = min(max(p.cursor, 0), max(len(p.shown)-1, 0))
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	budget, w := p.itemBudget(), p.textWidth()
	used := 0
	for i := p.offset; i <= p.cursor && i < len(p.shown); i++ {
		used += p.rowHeight(i, w)
	}
	for used > budget && p.offset < p.cursor {
		used -= p.rowHeight(p.offset, w)
		p.offset++
	}
	// No empty lines at the foot while rows above would fit in them.
	tail := 0
	for i := p.offset; i < len(p.shown) && tail <= budget; i++ {
		tail += p.rowHeight(i, w)
	}
	for p.offset > 0 && tail+p.rowHeight(p.offset-1, w) <= budget {
		p.offset--
		tail += p.rowHeight(p.offset, w)
	}
}

// textWidth is how many cells a row's text may take on one line: the
// field's width less its frame, the cursor and, when several can be
// ticked, the tick box.
func (p *picker) textWidth() int {
	st := p.styles()
	inner := max(p.width-st.Base.GetHorizontalFrameSize(), 10)
	w := inner - ansi.StringWidth(st.SelectSelector.String())
	if p.multi {
		w -= max(ansi.StringWidth(st.SelectedPrefix.String()), ansi.StringWidth(st.UnselectedPrefix.String()))
	}
	return max(w, 4)
}

// rowLines is the text of the i-th row on screen, wrapped between words
// to w cells (see textWidth): nothing of a long title is cut.
func (p *picker) rowLines(i, w int) []string {
	t := p.items[p.shown[i]].text
	if len(t) <= w {
		return []string{t}
	}
	return wrap(t, w)
}

// rowHeight is how many lines the i-th row on screen takes.
func (p *picker) rowHeight(i, w int) int { return len(p.rowLines(i, w)) }

// itemBudget is how many lines the rows may take: the field's height less
// the lines of its head.
func (p *picker) itemBudget() int {
	return max(p.rows-(len(p.headLines())-1), 1)
}

// Init implements huh.Field.
func (p *picker) Init() tea.Cmd { return nil }

// Update implements huh.Field.
func (p *picker) Update(msg tea.Msg) (huh.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.PasteMsg:
		if p.filtering {
			p.filter += strings.ReplaceAll(msg.Content, "\n", " ")
			p.refilter()
		}
	case tea.KeyPressMsg:
		if p.err != nil {
			p.err = nil
			p.scroll()
		}
		if p.filtering {
			switch {
			case key.Matches(msg, p.keys.EndFilter):
				p.filtering = false
			case msg.Code == tea.KeyBackspace:
				if r := []rune(p.filter); len(r) > 0 {
					p.filter = string(r[:len(r)-1])
					p.refilter()
				}
			case msg.Code == tea.KeyUp, msg.Code == tea.KeyDown:
				p.move(map[bool]int{true: -1, false: 1}[msg.Code == tea.KeyUp])
			case msg.Text != "":
				p.filter += msg.Text
				p.refilter()
			}
			return p, nil
		}
		switch {
		case key.Matches(msg, p.keys.Filter):
			p.filtering = true
		case key.Matches(msg, p.keys.Up):
			p.move(-1)
		case key.Matches(msg, p.keys.Down):
			p.move(1)
		case key.Matches(msg, p.keys.HalfPageUp):
			p.move(-max(p.rows/2, 1))
		case key.Matches(msg, p.keys.HalfPageDown):
			p.move(max(p.rows/2, 1))
		case key.Matches(msg, p.keys.Top):
			p.move(-len(p.shown))
		case key.Matches(msg, p.keys.Bottom):
			p.move(len(p.shown))
		case p.multi && key.Matches(msg, p.keys.Toggle):
			p.toggle()
		case key.Matches(msg, p.keys.Prev):
			return p, huh.PrevField
		case key.Matches(msg, p.keys.Next):
			if !p.multi {
				if len(p.shown) == 0 {
					p.err = fmt.Errorf("nothing matches %q", p.filter)
					p.scroll()
					return p, nil
				}
				*p.value = p.items[p.shown[p.cursor]].id
			}
			return p, huh.NextField
		}
	}
	return p, nil
}

// move moves the cursor by n rows and, for one record, chooses it, as a
// huh.Select does.
func (p *picker) move(n int) {
	p.cursor += n
	p.scroll()
	if !p.multi && len(p.shown) > 0 {
		*p.value = p.items[p.shown[p.cursor]].id
	}
}

// toggle ticks or unticks the item under the cursor.
func (p *picker) toggle() {
	if len(p.shown) == 0 {
		return
	}
	id := p.items[p.shown[p.cursor]].id
	p.picked[id] = !p.picked[id]
	ids := (*p.values)[:0:0]
	for _, it := range p.items {
		if p.picked[it.id] {
			ids = append(ids, it.id)
		}
	}
	*p.values = ids
}

// headLines are the title, the filter, the count and any error, wrapped
// to the field's width.
func (p *picker) headLines() []string {
	st := p.styles()
	inner := max(p.width-st.Base.GetHorizontalFrameSize(), 10)
	head := st.Title.Render(p.title)
	switch {
	case p.filtering:
		head += " " + st.TextInput.Prompt.Render("/") + st.TextInput.Text.Render(p.filter) + st.TextInput.Cursor.Render(" ")
	case p.filter != "":
		head += " " + st.Description.Render("/"+p.filter)
	}
	count := fmt.Sprintf("%d", len(p.items))
	if len(p.shown) != len(p.items) {
		count = fmt.Sprintf("%d of %d", len(p.shown), len(p.items))
	}
	if p.focused && !p.filtering && p.filter == "" {
		count += ", / filters"
	}
	head += " " + st.Description.Render("("+count+")")
	if p.err != nil {
		head += st.ErrorIndicator.String() + " " + st.ErrorMessage.Render(p.err.Error())
	}
	return wrap(head, inner)
}

// View implements huh.Field: the head, then only the rows in the window,
// each wrapped whole over as many lines as it needs.
func (p *picker) View() string {
	st := p.styles()
	var b strings.Builder
	b.WriteString(strings.Join(p.headLines(), "\n"))
	if len(p.shown) == 0 {
		b.WriteString("\n" + st.TextInput.Placeholder.Render("  No matches"))
	}
	budget, w := p.itemBudget(), p.textWidth()
	for i := p.offset; i < len(p.shown) && budget > 0; i++ {
		it := p.items[p.shown[i]]
		lines := p.rowLines(i, w)
		if len(lines) > budget && i > p.offset {
			break
		}
		cursor := strings.Repeat(" ", ansi.StringWidth(st.SelectSelector.String()))
		// The row chosen keeps its marker when the field is left.
		if i == p.cursor && (p.focused || !p.multi && *p.value == it.id) {
			cursor = st.SelectSelector.String()
		}
		prefix, style := "", st.UnselectedOption
		switch {
		case p.multi && p.picked[it.id]:
			prefix, style = st.SelectedPrefix.String(), st.SelectedOption
		case p.multi:
			prefix = st.UnselectedPrefix.String()
		case i == p.cursor:
			style = st.SelectedOption
		}
		indent := strings.Repeat(" ", ansi.StringWidth(cursor)+ansi.StringWidth(prefix))
		for j, l := range lines[:min(len(lines), budget)] {
			b.WriteByte('\n')
			if j == 0 {
				b.WriteString(cursor + prefix + style.Render(l))
			} else {
				b.WriteString(indent + style.Render(l))
			}
		}
		budget -= len(lines)
	}
	return st.Base.Render(b.String())
}

func (p *picker) styles() *huh.FieldStyles {
	th := p.theme
	if th == nil {
		th = huh.ThemeFunc(huh.ThemeCharm)
	}
	if p.focused {
		return &th.Theme(true).Focused
	}
	return &th.Theme(true).Blurred
}

// Focus implements huh.Field.
func (p *picker) Focus() tea.Cmd { p.focused = true; p.scroll(); return nil }

// Blur implements huh.Field.
func (p *picker) Blur() tea.Cmd { p.focused, p.filtering = false, false; p.scroll(); return nil }

// Error implements huh.Field.
func (p *picker) Error() error { return p.err }

// Run implements huh.Field.
func (p *picker) Run() error { return huh.Run(p) }

// RunAccessible implements huh.Field: csplan never runs forms in
// accessible mode.
func (p *picker) RunAccessible(io.Writer, io.Reader) error {
	return errors.New("the picker has no accessible mode")
}

// Skip implements huh.Field.
func (p *picker) Skip() bool { return false }

// Zoom implements huh.Field.
func (p *picker) Zoom() bool { return false }

// KeyBinds implements huh.Field.
func (p *picker) KeyBinds() []key.Binding {
	if p.filtering {
		return []key.Binding{p.keys.EndFilter}
	}
	b := []key.Binding{p.keys.Up, p.keys.Down, p.keys.Filter}
	if p.multi {
		b = append(b, p.keys.Toggle)
	}
	return append(b, p.keys.Next, p.keys.Prev)
}

// WithTheme implements huh.Field.
func (p *picker) WithTheme(t huh.Theme) huh.Field {
	if p.theme == nil {
		p.theme = t
	}
	return p
}

// WithKeyMap implements huh.Field: the picker takes Select's keys, or
// MultiSelect's for several records. Enter ends the filter.
func (p *picker) WithKeyMap(k *huh.KeyMap) huh.Field {
	if p.multi {
		m := k.MultiSelect
		p.keys = pickerKeys{Up: m.Up, Down: m.Down, HalfPageUp: m.HalfPageUp, HalfPageDown: m.HalfPageDown,
			Top: m.GotoTop, Bottom: m.GotoBottom, Filter: m.Filter, Toggle: m.Toggle, Next: m.Next, Prev: m.Prev}
	} else {
		s := k.Select
		p.keys = pickerKeys{Up: s.Up, Down: s.Down, HalfPageUp: s.HalfPageUp, HalfPageDown: s.HalfPageDown,
			Top: s.GotoTop, Bottom: s.GotoBottom, Filter: s.Filter, Next: s.Next, Prev: s.Prev}
	}
	p.keys.Filter.SetEnabled(true)
	// esc is the form's: it cancels the form.
	p.keys.EndFilter = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "end filter"))
	return p
}

// WithWidth implements huh.Field.
func (p *picker) WithWidth(w int) huh.Field { p.width = w; p.scroll(); return p }

// WithHeight implements huh.Field: the title takes one line, the rows the
// rest.
func (p *picker) WithHeight(h int) huh.Field {
	p.rows = max(h-1, 1)
	p.scroll()
	return p
}

// WithPosition implements huh.Field.
func (p *picker) WithPosition(huh.FieldPosition) huh.Field { return p }

// GetKey implements huh.Field.
func (p *picker) GetKey() string { return "" }

// GetValue implements huh.Field.
func (p *picker) GetValue() any {
	if p.multi {
		return *p.values
	}
	return *p.value
}
