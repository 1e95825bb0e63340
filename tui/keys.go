package tui

import "charm.land/bubbles/v2/key"

// KeyMap holds every key the app answers to. Screens and the help views read
// the same bindings, so what help says is always what the keys do.
type KeyMap struct {
	// Global keys, honoured on every screen unless a form or filter is
	// taking typed text.
	Quit      key.Binding
	ForceQuit key.Binding
	// Suspend puts csplan in the background (the shell's fg brings it
	// back), as ctrl+z does for any terminal program.
	Suspend key.Binding
	Help    key.Binding
	NextTab key.Binding
	PrevTab key.Binding
	Jump    key.Binding
	Undo    key.Binding
	Redo    key.Binding
	// Export and Import write what is on screen to a file and read a plan
	// from one; ShowPlan goes back to the plan from a scenario.
	Export   key.Binding
	Import   key.Binding
	ShowPlan key.Binding
	// Refresh reads the plan again in a read-only session, where the
	// plan may change under it (another csplan is editing it).
	Refresh key.Binding

	// Moving about a table or a page.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Left     key.Binding
	Right    key.Binding

	// Changing the plan.
	Edit        key.Binding
	Add         key.Binding
	Delete      key.Binding
	CycleStatus key.Binding
	MoveUp      key.Binding
	MoveDown    key.Binding

	// Scenarios: the list of them and the steps of the selected one.
	NewScenario    key.Binding
	CopyScenario   key.Binding
	RenameScenario key.Binding
	Promote        key.Binding
	View           key.Binding
	AddStep        key.Binding
	EditStep       key.Binding
	RemoveStep     key.Binding
	MakeFit        key.Binding
	Compare        key.Binding
	HideSame       key.Binding

	// The Monitor screen: the as-at period, an item's actuals, its
	// forecast, a post's vacancy and the quarter's comment.
	PeriodPrev    key.Binding
	PeriodNext    key.Binding
	Open          key.Binding
	CorrectActual key.Binding
	SetForecast   key.Binding
	SetVacancy    key.Binding
	SetNarrative  key.Binding
	SetProfile    key.Binding
	AddMeasure    key.Binding
	// WriteReturn writes the quarterly return (the Monitor screen's list).
	WriteReturn key.Binding
	// ImportSpend is i on the Monitor screen, as its help names it: the
	// root answers i (Import), with the ledger's dialog there.
	ImportSpend key.Binding

	// Finding and ordering rows.
	Filter      key.Binding
	Sort        key.Binding
	SortReverse key.Binding

	// Answering a question or leaving a form.
	Yes    key.Binding
	No     key.Binding
	Cancel key.Binding
	Accept key.Binding
	// Confirm and Decline answer a question that is not a delete; Close
	// leaves a page that is only read.
	Confirm key.Binding
	Decline key.Binding
	Close   key.Binding

	// Form navigation, for help only: huh reads its own keys, these say
	// what they are.
	FormNext key.Binding
	FormPrev key.Binding
}

// DefaultKeyMap returns the keys csplan uses.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		Suspend:   key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend (fg resumes)")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		NextTab:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next screen")),
		PrevTab:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous screen")),
		Jump: key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"),
			key.WithHelp("1-6", "go to screen")),
		Undo:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Redo:   key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "redo")),
		Export: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Import: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import")),
		// b for "back": the one key that leaves a scenario from any screen.
		ShowPlan: key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "back to the plan")),
		// Only a read-only session has it (New enables it); elsewhere r
		// renames a scenario.
		Refresh: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "read again"), key.WithDisabled()),

		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "last")),
		Left:     key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/→", "other list")),
		Right:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("←/→", "other list")),

		Edit:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit")),
		Add:         key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add")),
		Delete:      key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
		CycleStatus: key.NewBinding(key.WithKeys("space", "c"), key.WithHelp("space", "next status")),
		MoveUp:      key.NewBinding(key.WithKeys("K", "shift+up"), key.WithHelp("K/J", "move")),
		MoveDown:    key.NewBinding(key.WithKeys("J", "shift+down"), key.WithHelp("J", "move down")),

		NewScenario:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		CopyScenario:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),
		RenameScenario: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename")),
		Promote:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "make it the plan")),
		View:           key.NewBinding(key.WithKeys("enter", "v"), key.WithHelp("enter", "show")),
		AddStep:        key.NewBinding(key.WithKeys("+", "a"), key.WithHelp("+", "add step")),
		EditStep:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "edit step")),
		RemoveStep:     key.NewBinding(key.WithKeys("x", "delete", "d"), key.WithHelp("x", "remove step")),
		MakeFit:        key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "make it fit")),
		Compare:        key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "compare")),
		HideSame:       key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hide/show rows alike")),

		PeriodPrev: key.NewBinding(key.WithKeys("["), key.WithHelp("[/]", "as-at period")),
		PeriodNext: key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "next period")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open item")),
		// e is export on every other screen; an item's detail has nothing
		// to export of its own, so there it corrects the actual selected.
		// It is not among the edit keys a read-only session turns off, as
		// e must still export there: the form itself refuses.
		CorrectActual: key.NewBinding(key.WithKeys("enter", "e"), key.WithHelp("e", "correct")),
		SetForecast:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "forecast")),
		SetVacancy:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "vacancy")),
		SetNarrative:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "comment")),
		SetProfile:    key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "profile")),
		// m adds a measure to the open item; e and d correct and remove
		// the measure selected, as they do an actual. Like e, it is not
		// among the edit keys a read-only session turns off, as m still
		// compares scenarios there: the form itself refuses.
		AddMeasure:  key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "add measure")),
		WriteReturn: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "quarterly return")),
		ImportSpend: key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import spend")),

		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		SortReverse: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "reverse sort")),

		Yes:     key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes, delete")),
		No:      key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no, keep it")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Accept:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Confirm: key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		Decline: key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "no")),
		Close:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),

		FormNext: key.NewBinding(key.WithKeys("enter", "tab"), key.WithHelp("enter", "next / save")),
		FormPrev: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "back")),
	}
}

// editKeys are the keys that change the plan. A read-only session
// turns them off, so help offers only what works there.
func (k *KeyMap) editKeys() []*key.Binding {
	return []*key.Binding{&k.Undo, &k.Redo, &k.Import, &k.Edit, &k.Add, &k.Delete, &k.CycleStatus,
		&k.MoveUp, &k.MoveDown, &k.NewScenario, &k.CopyScenario, &k.RenameScenario, &k.Promote,
		&k.AddStep, &k.EditStep, &k.RemoveStep, &k.MakeFit, &k.SetForecast, &k.SetVacancy, &k.SetNarrative, &k.SetProfile, &k.ImportSpend}
}

// readOnly turns off the keys that change the plan and turns on the key
// that reads it again. It returns the keys turned off, as they were, so
// that a press of one can still be answered in words.
func (k *KeyMap) readOnly() []key.Binding {
	var off []key.Binding
	for _, b := range k.editKeys() {
		off = append(off, *b)
		b.SetEnabled(false)
	}
	k.Refresh.SetEnabled(true)
	// r reads the plan again here; csplan return writes a return beside
	// the editor.
	k.WriteReturn.SetEnabled(false)
	return off
}

// formHelp is the help shown while a form is open.
func (k KeyMap) formHelp() []key.Binding {
	return []key.Binding{k.FormNext, k.FormPrev, k.Cancel, k.ForceQuit}
}

// confirmHelp is the help shown while a yes/no question is asked.
func (k KeyMap) confirmHelp() []key.Binding {
	return []key.Binding{k.Yes, k.No}
}
