package tui

import (
	"reflect"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// huh moves between fields and groups with commands: a field answers
// enter with the command huh.NextField, and the focus moves only when
// the program delivers that command's message. Keys already waiting in
// the program's queue (a paste, a fast typist, a script) are delivered
// first and land in the field that was left: "Knife crime" enter "CST"
// put "ST" in the wrong field. So the editor does huh's navigation at
// once, in the same Update as the key that asked for it: it walks the
// command a form returns, takes out huh's navigation commands (which
// only return a message and do no work) and delivers their messages to
// the form straight away. Every other command (a cursor blink, a title
// worked out) runs as usual.
//
// The navigation commands are known by their code: huh.NextField and
// huh.PrevField are exported; the commands that move between groups are
// not, so navCommands finds them by driving a two-group form of notes
// once and looking at what it returns.

// navCommands are the code pointers of huh's navigation commands, and of
// tea.Batch's command, which only returns the commands it holds.
type navCommands struct {
	nav   map[uintptr]bool
	batch uintptr
}

var (
	navOnce  sync.Once
	navFound navCommands
)

// huhNav returns huh's navigation commands, found once.
func huhNav() *navCommands {
	navOnce.Do(func() { navFound = findNavCommands() })
	return &navFound
}

func codeOf(cmd tea.Cmd) uintptr { return reflect.ValueOf(cmd).Pointer() }

func findNavCommands() navCommands {
	noop := func() tea.Msg { return nil }
	n := navCommands{
		nav: map[uintptr]bool{
			codeOf(huh.NextField): true,
			codeOf(huh.PrevField): true,
		},
		batch: codeOf(tea.Batch(noop, noop)),
	}
	// A form of two groups of one note each: the note's commands do
	// nothing and return nil, so every command the form returns here is
	// a group move, safe to run to see which it is.
	f := huh.NewForm(huh.NewGroup(huh.NewNote().Title("a")), huh.NewGroup(huh.NewNote().Title("b")))
	f.Init()
	find := func(cmd tea.Cmd, name string) {
		for _, c := range n.flatten(cmd, nil) {
			if msg := c(); msg != nil && reflect.TypeOf(msg).Name() == name {
				n.nav[codeOf(c)] = true
			}
		}
	}
	_, next := f.Update(huh.NextField())
	find(next, "nextGroupMsg")
	f.NextGroup()
	_, prev := f.Update(huh.PrevField())
	find(prev, "prevGroupMsg")
	return n
}

// flatten appends the commands of cmd to out, opening batches.
func (n *navCommands) flatten(cmd tea.Cmd, out []tea.Cmd) []tea.Cmd {
	if cmd == nil {
		return out
	}
	if codeOf(cmd) == n.batch {
		if b, ok := cmd().(tea.BatchMsg); ok {
			for _, c := range b {
				out = n.flatten(c, out)
			}
			return out
		}
	}
	return append(out, cmd)
}

// split takes huh's navigation out of cmd: the messages to deliver now,
// in order, and the rest, to run as a command.
func (n *navCommands) split(cmd tea.Cmd) (now []tea.Msg, rest tea.Cmd) {
	var later []tea.Cmd
	for _, c := range n.flatten(cmd, nil) {
		if n.nav[codeOf(c)] {
			now = append(now, c())
			continue
		}
		later = append(later, c)
	}
	return now, tea.Batch(later...)
}

// feedForm delivers msg to the form and then, at once, the navigation it
// asks for, until the form has settled; it returns the form's other
// commands.
func feedForm(f *huh.Form, msg tea.Msg) (*huh.Form, tea.Cmd) {
	nav := huhNav()
	var cmds []tea.Cmd
	queue := []tea.Msg{msg}
	for len(queue) > 0 && f.State == huh.StateNormal {
		m, cmd := f.Update(queue[0])
		f = m.(*huh.Form)
		queue = queue[1:]
		now, rest := nav.split(cmd)
		queue = append(queue, now...)
		cmds = append(cmds, rest)
	}
	return f, tea.Batch(cmds...)
}
