package tui

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"csplan/model"
	"csplan/store"
	"csplan/store/foreign"
	"csplan/store/planfile"
)

// fileDialog is the export or the import dialog. The root opens it over
// the screens from any of them; it is a form, then perhaps a question
// (replace a file, replace the plan) or a page to read (the problems in a
// file, what an import made), and it closes when it has nothing left open.
type fileDialog struct {
	c     *common
	title string
	// form is the dialog's form, kept so it opens again, as typed, after
	// a failure; ed is the form while it is open.
	form *editor
	ed   *editor
	ask  *question
	// askBody is what the page shows while ask waits: what the answer
	// decides.
	askBody string
	report  *report
	width   int
	height  int
}

// open opens the form; SetSize must have run.
func (f *fileDialog) open() tea.Cmd {
	f.ed = f.form
	// The form comes back after an answer (a file not replaced, a failed
	// export or import): nothing of it is in flight any more.
	f.ed.saving = false
	f.ed.SetSize(f.width, f.height)
	return f.ed.open()
}

// isOpen reports whether the dialog still has something on screen.
func (f *fileDialog) isOpen() bool { return f.ed != nil || f.ask != nil || f.report != nil }

// Saving implements saver: the form has asked for its export or import.
func (f *fileDialog) Saving() bool { return f.ed != nil && f.ed.saving }

// Title implements screen.
func (f *fileDialog) Title() string { return f.title }

// SetSize implements screen.
func (f *fileDialog) SetSize(w, h int) {
	f.width, f.height = w, h
	if f.ed != nil {
		f.ed.SetSize(w, h)
	}
	if f.report != nil {
		f.report.SetSize(w, h)
	}
}

// SetSnapshot implements screen: the dialog keeps what it was opened on.
func (f *fileDialog) SetSnapshot(*snapshot) {}

// Typing implements screen.
func (f *fileDialog) Typing() bool { return f.ed != nil }

// Question implements screen.
func (f *fileDialog) Question() string {
	if f.ask == nil {
		return ""
	}
	return f.ask.prompt()
}

// Preview implements screen: a file changes no totals until imported.
func (f *fileDialog) Preview() (model.Totals, bool) { return model.Totals{}, false }

// Update implements screen.
func (f *fileDialog) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case exportExistsMsg:
		f.ed = nil
		f.askBody = fmt.Sprintf("%s is there already. y writes over it; n goes back to the form to choose another name.", msg.path)
		f.ask = &question{
			text: fmt.Sprintf("%s already exists. Replace it?", msg.path),
			yes:  func() tea.Cmd { return msg.overwrite() },
			no:   "Kept the file: change the name to export beside it.",
			noDo: f.open,
			keys: []key.Binding{f.c.keys.Confirm, f.c.keys.Decline},
		}
		return nil
	case importProblemsMsg:
		f.ed = nil
		f.report = newReport(f.c, problemsTitle(msg), append([]string{"File: " + msg.path, ""}, problemLines(msg)...))
		f.report.SetSize(f.width, f.height)
		return nil
	case importMappingMsg:
		f.ed = newMappingForm(f.c, msg)
		f.ed.SetSize(f.width, f.height)
		return f.ed.open()
	case importReadyMsg:
		f.ed = nil
		f.askBody = msg.body
		f.ask = &question{
			text: msg.question,
			yes:  func() tea.Cmd { return msg.replace() },
			no:   "Not imported: the plan is unchanged.",
			keys: []key.Binding{f.c.keys.Confirm, f.c.keys.Decline},
		}
		return nil
	case importedMsg:
		f.ed = nil
		f.report = newReport(f.c, msg.title, msg.lines)
		f.report.SetSize(f.width, f.height)
		return nil
	case changeFailedMsg:
		// The root says what failed; the form comes back as typed.
		if f.ed == nil && f.ask == nil && f.report == nil {
			return f.open()
		}
	}
	switch {
	case f.ed != nil:
		res, cmd := f.ed.Update(msg)
		if res == editorClosed {
			f.ed = nil
		}
		return cmd
	case f.ask != nil:
		if k, ok := msg.(tea.KeyPressMsg); ok {
			cmd, done := f.ask.answer(k, f.c.keys)
			if done {
				f.ask = nil
			}
			return cmd
		}
	case f.report != nil:
		if !f.report.Update(msg) {
			f.report = nil
		}
	}
	return nil
}

// View implements screen.
func (f *fileDialog) View() string {
	switch {
	case f.ed != nil:
		return f.ed.View()
	case f.report != nil:
		return f.report.View()
	case f.ask != nil:
		return wrapText(f.askBody, f.width)
	}
	return ""
}

// ShortHelp implements help.KeyMap.
func (f *fileDialog) ShortHelp() []key.Binding {
	switch {
	case f.ed != nil:
		return f.ed.ShortHelp()
	case f.ask != nil:
		return f.ask.help(f.c.keys)
	case f.report != nil:
		return f.report.ShortHelp()
	}
	return nil
}

// FullHelp implements help.KeyMap.
func (f *fileDialog) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// exportDraft is where and how to export, as typed.
type exportDraft struct {
	Format store.Format
	Path   string
	// Part: export only the part of the plan on screen.
	Part bool
}

// exportPart is the part of the plan on screen that an export may write
// instead of the whole: the lines a filter keeps, in screen order.
type exportPart struct {
	lines []model.Line
	// of is how many lines the plan has; query is the filter.
	of    int
	query string
}

// describe says which part it is, as the file's Subset row says it:
// "4 of 15 lines, filter: youth".
func (p *exportPart) describe() string {
	return fmt.Sprintf("%d of %d lines, filter: %s", len(p.lines), p.of, p.query)
}

// plan is the plan cut down to the part: its lines only, with no posts,
// and everything the lines refer to (funding, priorities, settings), so
// the file reads back on its own.
func (p *exportPart) plan(whole *model.Plan) *model.Plan {
	out := whole.Clone()
	out.Lines = make([]model.Line, len(p.lines))
	copy(out.Lines, p.lines)
	out.Posts = nil
	return out
}

// newExportDialog asks where to export what is on screen: the plan, or
// the scenario on view with its name as the workbook's title.
//
// The file is offered without its extension, which follows the format
// chosen, so the name on screen never says one format and the file holds
// the other; the line under the title shows the file as it will be.
//
// compare, if not nil, are the columns of the comparison on view: a
// workbook gets them as its Comparison sheet.
//
// part, if not nil, is the part of the plan on screen (the lines a filter
// keeps): the form then asks whether to export those lines or the whole
// plan, those lines first, and offers path as their file.
func newExportDialog(c *common, snap *snapshot, path string, compare []model.Column, part *exportPart) *fileDialog {
	d := &exportDraft{Format: store.FormatForPath(path), Path: path, Part: part != nil}
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".csv" || ext == ".xlsx" {
		d.Path = strings.TrimSuffix(path, filepath.Ext(path))
	}
	what, title, scenario := "the plan", "Plan", ""
	if snap.scenario != nil {
		what = fmt.Sprintf("scenario %q", snap.scenario.Name)
		title = "Scenario: " + snap.scenario.Name
		scenario = snap.scenario.Name
	}
	plan, shown := snap.plan, snap.shown
	f := &fileDialog{c: c, title: "Export"}
	f.form = &editor{
		c:         c,
		title:     "Export " + what,
		cancelled: "Cancelled: nothing was exported.",
		reads:     true,
		build: func() *huh.Form {
			var fields []huh.Field
			if part != nil {
				fields = append(fields, huh.NewSelect[bool]().Title(label("Export")).Options(
					huh.NewOption(fmt.Sprintf("These %s (filter: %s): the file says it is part of the plan",
						plural(len(part.lines), "line", "lines"), part.query), true),
					huh.NewOption(fmt.Sprintf("The whole plan (%s and %s)",
						plural(len(plan.Lines), "line", "lines"), plural(len(plan.Posts), "post", "posts")), false),
				).Value(&d.Part))
			}
			return huh.NewForm(huh.NewGroup(append(fields,
				huh.NewSelect[store.Format]().Title(label("Format")).Options(
					huh.NewOption("CSV: opens in any spreadsheet, and csplan imports it back", store.CSV),
					huh.NewOption("Excel workbook (.xlsx): grouped, with totals as formulas", store.XLSX),
				).Value(&d.Format),
				huh.NewInput().Title("File (.csv or .xlsx is added to suit the format)").Value(&d.Path).Validate(required).
					Placeholder("a name for this folder, or a folder and name"),
			)...))
		},
		save: func() (tea.Cmd, error) {
			if err := required(d.Path); err != nil {
				return nil, fmt.Errorf("file: %w", err)
			}
			path := exportTarget(c.workDir, d.Path, d.Format)
			opts := store.ExportOptions{Format: d.Format, Title: title, Scenario: scenario}
			if m := snap.saved.monitoring; m != nil && len(m.Profiles) > 0 {
				opts.Profiles = m.Profiles
			}
			if d.Format == store.XLSX {
				opts.Compare = compare
			}
			if part != nil && d.Part {
				opts.Subset = part.describe()
				of := what
				if snap.scenario == nil {
					of = "the plan"
				}
				return exportFile(path, part.plan(plan), opts, shown, fmt.Sprintf("%s of %s (filter: %s)",
					plural(len(part.lines), "line", "lines"), of, part.query), false), nil
			}
			return exportFile(path, plan, opts, shown, what, false), nil
		},
		note: func() string {
			if strings.TrimSpace(d.Path) == "" {
				return "Type the file to write."
			}
			also := ""
			if compare != nil && d.Format == store.XLSX {
				also = " with the comparison"
			}
			return "Writes " + tail(exportTarget(c.workDir, d.Path, d.Format), f.width-len("Writes ")-len(also)) + also
		},
	}
	return f
}

// exportTarget is the file an export writes: typed relative to the
// working folder, with ~ for the home folder, and the extension the
// format needs (a .csv name for a workbook becomes .xlsx, and so on).
func exportTarget(workDir, typed string, f store.Format) string {
	p := expandHome(strings.TrimSpace(typed))
	want := ".csv"
	if f == store.XLSX {
		want = ".xlsx"
	}
	switch ext := strings.ToLower(filepath.Ext(p)); ext {
	case want:
	case ".csv", ".xlsx":
		p = strings.TrimSuffix(p, filepath.Ext(p)) + want
	default:
		p += want
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(workDir, p)
	}
	return filepath.Clean(p)
}

// tail cuts a path to width cells from the left, where a long path says
// least: …/reports/swp-2017-18.csv.
func tail(p string, width int) string {
	r := []rune(p)
	if len(r) <= width || width < 2 {
		return p
	}
	return "…" + string(r[len(r)-width+1:])
}

// expandHome reads a leading ~ as the home folder, as a shell would.
func expandHome(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return filepath.Join(home, strings.TrimPrefix(p, "~"))
}

// exportedMsg says a file was written.
type exportedMsg struct {
	// shown is what was exported (0: the plan), so the next export of it
	// offers the same file.
	shown  model.ID
	path   string
	status string
	// part: the file holds part of what was on screen (a filter's lines),
	// so the next export of the whole does not offer its name.
	part bool
}

// endsForm implements formResult.
func (exportedMsg) endsForm() {}

// exportExistsMsg says the file to export to is there already; nothing
// was written. overwrite is the export that replaces it.
type exportExistsMsg struct {
	path      string
	overwrite func() tea.Cmd
}

// endsForm implements formResult.
func (exportExistsMsg) endsForm() {}

// exportFile writes plan to path in a command, all or nothing. Unless
// overwrite is set, a file already there is not touched: the officer is
// asked first.
func exportFile(path string, plan *model.Plan, opts store.ExportOptions, shown model.ID, what string, overwrite bool) tea.Cmd {
	return func() tea.Msg {
		// Only a regular file is offered for replacing: the store refuses
		// anything else (a link, a device, a pipe) with its own message.
		if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() && !overwrite {
			return exportExistsMsg{path: path, overwrite: func() tea.Cmd {
				return exportFile(path, plan, opts, shown, what, true)
			}}
		}
		opts.Replace = overwrite
		if err := store.ExportFile(path, plan, opts); err != nil {
			return changeFailedMsg{err: err, outcome: "Not exported"}
		}
		kind := "CSV"
		if opts.Format == store.XLSX {
			kind = "Excel workbook"
		}
		return exportedMsg{shown: shown, path: path, part: opts.Subset != "", status: fmt.Sprintf("Exported %s to %s (%s, %s, %s).",
			what, path, kind, plural(len(plan.Lines), "line", "lines"), plural(len(plan.Posts), "post", "posts"))}
	}
}

// defaultExportName is the file an export first offers: the partnership's
// initials and the year, and the scenario's name, e.g.
// swp-2017-18-carry-forward-refused.csv.
func defaultExportName(snap *snapshot) string {
	info := snap.saved.plan.Info
	name := strings.ToLower(initials(info.Partnership))
	if name == "" {
		name = "plan"
	}
	if info.StartYear != 0 {
		name += "-" + strings.ReplaceAll(info.Year(), "/", "-")
	}
	if snap.scenario != nil {
		name += "-" + slug(snap.scenario.Name)
	}
	return name + ".csv"
}

// slug turns a name into a file name part: lower case, words joined by -.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// importDraft is what to import and how, as typed.
type importDraft struct {
	Path       string
	AsScenario bool
	Name       string
}

// newImportDialog asks for a CSV file and whether it becomes the plan or
// a new scenario; a new scenario is offered first, as it changes nothing.
func newImportDialog(c *common, path string) *fileDialog {
	d := &importDraft{Path: path, AsScenario: true}
	f := &fileDialog{c: c, title: "Import"}
	f.form = &editor{
		c:         c,
		title:     "Import a plan, or its lines, from a CSV file or a workbook",
		cancelled: "Cancelled: nothing was imported.",
		build: func() *huh.Form {
			return huh.NewForm(
				huh.NewGroup(
					huh.NewInput().Title("File").Value(&d.Path).Validate(required).
						Placeholder("a CSV file or workbook, csplan's export or your own layout, e.g. plan.xlsx"),
					huh.NewSelect[bool]().Title(label("Import as")).Options(
						huh.NewOption("a new scenario: the plan is not changed", true),
						huh.NewOption("the plan: replaces it, after you confirm (u undoes it)", false),
					).Value(&d.AsScenario),
				),
				huh.NewGroup(
					huh.NewInput().Title(label("Scenario name")).Value(&d.Name).Inline(true).
						PlaceholderFunc(func() string { return importName(d.Path) }, &d.Path),
				).WithHideFunc(func() bool { return !d.AsScenario }),
			)
		},
		save: func() (tea.Cmd, error) {
			if err := required(d.Path); err != nil {
				return nil, fmt.Errorf("file: %w", err)
			}
			path := expandHome(strings.TrimSpace(d.Path))
			if !filepath.IsAbs(path) {
				path = filepath.Join(c.workDir, path)
			}
			name := strings.TrimSpace(d.Name)
			if name == "" {
				name = importName(d.Path)
			}
			return readImport(c.store, filepath.Clean(path), d.AsScenario, name, nil), nil
		},
		note: func() string {
			return "Every row is checked first; if any is bad, nothing is imported and each problem is listed."
		},
	}
	return f
}

// importName is the scenario name offered for a file: "Imported" and the
// file's name.
func importName(path string) string {
	base := filepath.Base(strings.TrimSpace(path))
	if base == "." || base == "" || base == string(filepath.Separator) {
		return "Imported"
	}
	return "Imported " + strings.TrimSuffix(base, filepath.Ext(base))
}

// importProblemsMsg says a file had bad rows, so nothing was imported.
type importProblemsMsg struct {
	path string
	// problems are the first listed; total and rows count them all.
	problems    []planfile.RowProblem
	total, rows int
}

// endsForm implements formResult.
func (importProblemsMsg) endsForm() {}

// importReadyMsg carries a file read as the next plan, waiting for the
// officer to confirm; replace is the change that does it.
type importReadyMsg struct {
	question string
	// body sets the plan now beside the plan from the file.
	body    string
	replace func() tea.Cmd
}

// endsForm implements formResult.
func (importReadyMsg) endsForm() {}

// importUnchangedMsg says a file to import as the plan holds the plan as
// it is: nothing is asked and nothing saved, so no undo is promised (it
// would revert the change before).
type importUnchangedMsg struct{ path string }

// endsForm implements formResult.
func (importUnchangedMsg) endsForm() {}

// status is what the status line says of it.
func (msg importUnchangedMsg) status() string {
	return fmt.Sprintf("No changes: %s holds the same plan as the one open; nothing was saved.", msg.path)
}

// importedMsg says a file was kept as a new scenario: the plan read back,
// and what the scenario holds and leaves out.
type importedMsg struct {
	path  string
	saved changeSavedMsg
	title string
	lines []string
}

// endsForm implements formResult.
func (importedMsg) endsForm() {}

// readImport reads a file in a command and either lists its problems,
// asks before it replaces the plan, or keeps it as a new scenario.
//
// A sheet of the officer's own layout is read first with the columns its
// headers suggest (mapped nil) and comes back as an importMappingMsg, for
// the officer to confirm or correct column by column; it is then read
// again with the mapping chosen.
func readImport(s store.Store, path string, asScenario bool, name string, mapped *store.ImportOptions) tea.Cmd {
	return func() tea.Msg {
		o := store.ImportOptions{}
		if mapped != nil {
			o = *mapped
		}
		imported, info, res, err := store.ReadImportFile(path, o)
		notes := info.Notes
		var de *planfile.DecodeError
		if mapped == nil && (errors.As(err, &de) || errors.Is(err, foreign.ErrNoHeader)) {
			// A file of the officer's own layout that cannot be read by
			// the columns its headers suggest goes to the mapping step
			// all the same, with what went wrong: the officer may fix it
			// there by choosing the columns.
			if l, posts, lerr := store.ReadImportLayout(path, o); lerr == nil && l != nil {
				return importMappingMsg{path: path, name: name, asScenario: asScenario, layout: l, posts: posts, problem: firstReadSaid(l, de)}
			}
		}
		if errors.As(err, &de) {
			return importProblemsMsg{path: path, problems: de.Problems, total: de.Total, rows: de.Rows}
		}
		if err != nil {
			return changeFailedMsg{err: err, outcome: "Not imported"}
		}
		current, err := s.Load()
		if err != nil {
			return changeFailedMsg{err: err, outcome: "Not imported"}
		}
		if res != nil && mapped == nil {
			msg := importMappingMsg{path: path, name: name, asScenario: asScenario, layout: &res.Layout}
			if len(res.Parts) > 1 {
				msg.posts = res.Parts[1].Sheet
			}
			return msg
		}
		linesOnly := res != nil
		if linesOnly {
			// A sheet of the officer's own layout has no funding or
			// settings: it gives the plan's lines (and posts, if it has
			// any), read by the columns the mapping names.
			next, prs, tags := model.ReplaceLines(current, imported, false)
			if next == nil {
				return changeFailedMsg{err: missingPrioritiesError(path, prs, tags), outcome: "Not imported"}
			}
			imported = model.AdoptIDs(current, next)
			notes = append([]planfile.RowProblem{{Reason: mappingSaid(res)}}, notes...)
		}
		if !asScenario {
			if info.Scenario != "" {
				return changeFailedMsg{err: scenarioFileError(path, info.Scenario), outcome: "Not imported"}
			}
			if info.Subset != "" {
				return changeFailedMsg{err: subsetFileError(path, info.Subset), outcome: "Not imported"}
			}
			var profiles map[model.ID]model.Profile
			if !linesOnly {
				profiles = info.Profiles
			}
			return importAsPlan(s, path, current, imported, notes, linesOnly, profiles)
		}
		if info.Subset != "" {
			// What the part leaves out stays as the plan has it: the
			// scenario changes only what the part changed.
			imported = model.FillSubset(current, imported)
		}
		sc, missed := model.ScenarioFromPlan(name, current, imported)
		sc.Notes = "Imported from " + path
		msg := saveScenario(s, sc, func(snap *snapshot) string {
			return fmt.Sprintf("Imported %s as scenario %q with %s. %s u undoes it.", path, sc.Name,
				plural(len(sc.Steps), "step", "steps"), headroomSaid(snap, snapScenarioID(snap, sc.Name)))
		})()
		saved, ok := msg.(changeSavedMsg)
		if !ok {
			return msg
		}
		lines := make([]string, 0, len(notes)+len(sc.Steps)+len(missed)+3)
		for _, n := range notes {
			lines = append(lines, "Note: "+n.String(), "")
		}
		for i, st := range sc.Steps {
			lines = append(lines, fmt.Sprintf("%2d. %s", i+1, st.Describe(current)))
		}
		if len(sc.Steps) == 0 {
			lines = append(lines, "No steps: the file has the same figures as the plan.")
		}
		if len(missed) > 0 {
			lines = append(lines, "", "A scenario cannot hold these differences, so they were left out "+
				"(import the file as the plan to keep them):")
			for _, m := range missed {
				lines = append(lines, "  - "+m)
			}
		}
		title := fmt.Sprintf("Imported %s as scenario %q with %s. Scenarios (screen 7) shows and compares it.",
			path, sc.Name, plural(len(sc.Steps), "step", "steps"))
		return importedMsg{path: path, saved: saved, title: title, lines: lines}
	}
}

// importMappingMsg carries the header row of a sheet of the officer's own
// layout and the columns its headers suggest, for the officer to confirm
// or correct before anything else is worked out; problem says why the
// file could not be read with those columns, "" when it could.
type importMappingMsg struct {
	path, name string
	asScenario bool
	layout     *foreign.Layout
	problem    string
	// posts names the workbook's sheet of posts read beside the lines
	// sheet mapped, "" for none.
	posts string
}

// firstReadSaid says why a file of the officer's own layout could not be
// read with the columns its headers suggest, for the mapping step.
func firstReadSaid(l *foreign.Layout, de *planfile.DecodeError) string {
	if de == nil || len(de.Problems) == 0 || (de.Total == 1 && len(l.Mapping.Missing()) > 0) {
		// The headers name no title, amount or priority: the step says
		// which field lacks a column.
		return ""
	}
	more := ""
	if de.Total > 1 {
		more = fmt.Sprintf(" (and %d more)", de.Total-1)
	}
	return fmt.Sprintf("Read with these columns: %s%s. Check what each column is read as; "+
		"the file is then read again and every bad cell listed.", de.Problems[0].String(), more)
}

// endsForm implements formResult.
func (importMappingMsg) endsForm() {}

// mappingDraft is the field chosen for each column of the header row, ""
// for a column not read.
type mappingDraft struct{ Fields []string }

// newMappingForm lists each column of the sheet, with the first value
// under it, and the field it is read as, for the officer to change;
// saving reads the file again with exactly that mapping.
func newMappingForm(c *common, msg importMappingMsg) *editor {
	res := msg.layout
	d := &mappingDraft{Fields: make([]string, len(res.Headers))}
	for _, col := range res.Mapping {
		if col.Index < len(d.Fields) {
			d.Fields[col.Index] = string(col.Field)
		}
	}
	options := []huh.Option[string]{huh.NewOption("not read", "")}
	for _, f := range foreign.Fields {
		options = append(options, huh.NewOption(f.Describe(), string(f)))
	}
	where := filepath.Base(msg.path)
	if res.Sheet != "" {
		where += fmt.Sprintf(", sheet %q", res.Sheet)
	}
	headers := fmt.Sprintf("headers in row %d", res.HeaderRow)
	if res.Guessed {
		headers = fmt.Sprintf("headers taken from row %d", res.HeaderRow)
	}
	if msg.posts != "" {
		headers += fmt.Sprintf("; posts from sheet %q", msg.posts)
	}
	// mapping is the draft as a mapping, for what it still lacks.
	mapping := func() foreign.Mapping {
		var m foreign.Mapping
		for i, f := range d.Fields {
			if f != "" {
				m = append(m, foreign.Column{Field: foreign.Field(f), Header: res.Headers[i], Index: i})
			}
		}
		return m
	}
	return &editor{
		c:         c,
		title:     fmt.Sprintf("Columns of %s (%s): what each is read as", where, headers),
		cancelled: "Cancelled: nothing was imported.",
		draft:     d,
		build: func() *huh.Form {
			var fields []huh.Field
			for i, h := range res.Headers {
				if h == "" {
					continue
				}
				sel := huh.NewSelect[string]().Title(label(clipText(h, 24))).Options(options...).Value(&d.Fields[i]).Inline(true)
				if sample := res.Samples[i]; sample != "" {
					sel = sel.Description("e.g. " + clipText(sample, 40))
				}
				fields = append(fields, sel)
			}
			return huh.NewForm(huh.NewGroup(fields...))
		},
		save: func() (tea.Cmd, error) {
			o := &store.ImportOptions{Sheet: res.Sheet, PostsSheet: msg.posts, Map: map[foreign.Field]string{}, Only: true}
			for i, f := range d.Fields {
				if f == "" {
					continue
				}
				if h, twice := o.Map[foreign.Field(f)]; twice {
					return nil, fmt.Errorf("the columns %q and %q are both read as %s: choose one", h, res.Headers[i], foreign.Field(f).Describe())
				}
				o.Map[foreign.Field(f)] = res.Headers[i]
			}
			if missing := mapping().Missing(); len(missing) > 0 {
				return nil, errors.New(missingSaid(missing[0]))
			}
			return readImport(c.store, msg.path, msg.asScenario, msg.name, o), nil
		},
		note: func() string {
			var said []string
			if missing := mapping().Missing(); len(missing) > 0 {
				said = append(said, missingSaid(missing[0]))
			}
			if msg.problem != "" {
				said = append(said, msg.problem)
			}
			said = append(said, "←/→ changes what a column is read as; enter goes to the next and, on the last, reads the file with this mapping.")
			return strings.Join(said, " ")
		},
	}
}

// missingSaid asks for the column of a field a sheet cannot be read
// without.
func missingSaid(f foreign.Field) string {
	switch f {
	case foreign.Title:
		return "No column is mapped to title: choose which column names each line."
	case foreign.Cost:
		return "No column is mapped to cost: choose which column holds the amount (or, for posts, the salary)."
	case foreign.Priority:
		return "No column is mapped to SWP priority: choose which column holds each line's priority or theme."
	}
	return fmt.Sprintf("No column is mapped to %s.", f.Describe())
}

// clipText shortens s to n characters, marking the cut.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// mappingSaid says which column each field of a sheet in the officer's
// own layout was read from, with a sample value.
func mappingSaid(res *foreign.Result) string {
	parts := make([]string, 0, len(res.Mapping))
	for _, c := range res.Mapping {
		p := fmt.Sprintf("%s ← %q", c.Field.Describe(), c.Header)
		if c.Sample != "" {
			p += fmt.Sprintf(" (e.g. %q)", c.Sample)
		}
		parts = append(parts, p)
	}
	where := ""
	if res.Sheet != "" {
		where = fmt.Sprintf(" of sheet %q", res.Sheet)
	}
	posts := ""
	for _, part := range res.Parts[min(1, len(res.Parts)):] {
		posts += fmt.Sprintf(" The posts were read from sheet %q, by its headers (row %d).", part.Sheet, part.HeaderRow)
	}
	return fmt.Sprintf("the file is laid out its own way; the columns%s were read as: %s.%s "+
		"To correct one, use csplan import FILE --map FIELD=HEADER --dry-run.", where, strings.Join(parts, "; "), posts)
}

// missingPrioritiesError refuses a file whose lines name priorities the
// plan does not have.
func missingPrioritiesError(path string, prs, tags []string) error {
	var names []string
	for _, n := range prs {
		names = append(names, fmt.Sprintf("SWP priority %q", n))
	}
	for _, n := range tags {
		names = append(names, fmt.Sprintf("PCC priority %q", n))
	}
	return fmt.Errorf("%s names %s, which the plan does not have: add them first (Priorities, screen 5), "+
		"or import with csplan import --create-priorities", filepath.Base(path), strings.Join(names, ", "))
}

// scenarioFileError refuses to take a scenario's export for the plan.
func scenarioFileError(path, name string) error {
	return fmt.Errorf("%s is an export of scenario %q, not the plan: import it as a scenario", filepath.Base(path), name)
}

// subsetFileError refuses to take a file of part of the plan for the
// plan: everything it leaves out would be deleted.
func subsetFileError(path, part string) error {
	return fmt.Errorf("%s holds part of the plan (%s), not the whole: as the plan it would delete every line and post it leaves out. "+
		"Import it as a scenario to see its changes, or export the whole plan and import that", filepath.Base(path), part)
}

// snapScenarioID finds a scenario of the saved plan by name.
func snapScenarioID(snap *snapshot, name string) model.ID {
	for _, st := range snap.saved.scenarios {
		if st.sc.Name == name {
			return st.sc.ID
		}
	}
	return 0
}

// importAsPlan works out the plan a file would make, keeping the records
// it shares with the current plan, and the question that states what it
// would change.
//
// fileProfiles are the budget profiles the file gives (keyed by imported's
// IDs), nil when it says nothing of them.
func importAsPlan(s store.Store, path string, current, imported *model.Plan, notes []planfile.RowProblem, linesOnly bool, fileProfiles map[model.ID]model.Profile) tea.Msg {
	next := model.AdoptIDs(current, imported)
	profiles := model.RekeyProfiles(fileProfiles, imported, next)
	profilesChange := false
	if profiles != nil {
		m, err := s.Monitoring()
		if err != nil {
			return changeFailedMsg{err: err, outcome: "Not imported"}
		}
		profilesChange = model.ProfilesChange(next, m.Profiles, profiles)
	}
	if store.Unchanged(current, next) && !profilesChange {
		return importUnchangedMsg{path: path}
	}
	// What changes, row by row, in the words a scenario's steps use, and
	// what a scenario could not hold.
	sc, other := model.ScenarioFromPlan("", current, imported)
	changes := make([]string, 0, len(sc.Steps)+len(other))
	for _, st := range sc.Steps {
		changes = append(changes, st.Describe(current))
	}
	changes = append(changes, other...)
	if profilesChange {
		changes = append(changes, "Budget profiles as the file gives them")
	}
	if len(changes) == 0 {
		return importUnchangedMsg{path: path}
	}
	b, a := model.ComputeTotals(current), model.ComputeTotals(next)
	what, how := "the plan", "imported from "
	if linesOnly {
		what, how = "the plan's lines", "lines imported from "
	}
	q := fmt.Sprintf("Replace %s with %s? Allocated %s → %s, headroom %s → %s. u undoes it.",
		what, filepath.Base(path), b.Allocated.Whole(), a.Allocated.Whole(), b.HeadroomAll.Whole(), a.HeadroomAll.Whole())
	rows := [][3]string{
		{"", "The plan now", "From the file"},
		{"Lines", fmt.Sprint(len(current.Lines)), fmt.Sprint(len(next.Lines))},
		{"Posts", fmt.Sprint(len(current.Posts)), fmt.Sprint(len(next.Posts))},
		{"Envelope", b.EnvelopeAll.Whole(), a.EnvelopeAll.Whole()},
		{"Allocated", b.Allocated.Whole(), a.Allocated.Whole()},
		{"Headroom", b.HeadroomAll.Whole(), a.HeadroomAll.Whole()},
		{"On confirmed money", b.HeadroomConfirmed.Whole(), a.HeadroomConfirmed.Whole()},
	}
	var body strings.Builder
	fmt.Fprintf(&body, "Import %s as %s?\n\n", path, what)
	for _, r := range rows {
		fmt.Fprintf(&body, "  %-20s %14s %14s\n", r[0], r[1], r[2])
	}
	fmt.Fprintf(&body, "\nWhat changes (%d):\n", len(changes))
	const listed = 8
	for i, c := range changes {
		if i == listed {
			fmt.Fprintf(&body, "  … and %d more\n", len(changes)-listed)
			break
		}
		fmt.Fprintf(&body, "  - %s\n", c)
	}
	for _, n := range notes {
		body.WriteString("\nNote: " + n.String() + "\n")
	}
	var matched []string
	if scs, err := s.Scenarios(); err == nil {
		for _, sc := range scs {
			_, said := model.MatchAddedLines(sc, current, next)
			matched = append(matched, said...)
		}
	}
	if len(matched) > 0 {
		body.WriteString("\nLines the file adds that scenarios added too:\n")
		for _, m := range matched {
			body.WriteString("  - " + m + ".\n")
		}
	}
	body.WriteString("\nThe scenarios stay, and apply to the new plan. y replaces the plan; n leaves it as it is.")
	return importReadyMsg{question: q, body: body.String(), replace: func() tea.Cmd {
		return changeOr(s, "Not imported", func(snap *snapshot) string {
			t := snap.saved.totals
			return fmt.Sprintf("Imported %s as %s: allocated %s, headroom %s (%s on confirmed money). u undoes it.",
				path, what, t.Allocated.Whole(), t.HeadroomAll.Whole(), t.HeadroomConfirmed.Whole())
		}, func(st store.Store) (model.ID, error) {
			if profiles != nil {
				return 0, st.ReplacePlanWithProfiles(next, how+path, profiles)
			}
			return 0, st.ReplacePlan(next, how+path)
		})
	}}
}

func problemsTitle(msg importProblemsMsg) string {
	return fmt.Sprintf("Nothing was imported: %s in %s. Mend them in the spreadsheet, save it as CSV and import it again.",
		plural(msg.total, "problem", "problems"), plural(msg.rows, "row", "rows"))
}

// problemLines are the problems listed, then how many are not.
func problemLines(msg importProblemsMsg) []string {
	out := make([]string, len(msg.problems), len(msg.problems)+1)
	for i, p := range msg.problems {
		out[i] = capitalise(p.String())
	}
	if n := msg.total - len(msg.problems); n > 0 {
		out = append(out, fmt.Sprintf("And %s more, not listed: the first %d are above.", plural(n, "problem", "problems"), len(msg.problems)))
	}
	return out
}

// report is a page of text to read: a title and lines that scroll, each
// wrapped to the width so nothing is cut.
type report struct {
	c     *common
	title string
	lines []string
	// wrapped are the lines as wrapped to the width.
	wrapped []string
	scroll  int
	width   int
	height  int
}

func newReport(c *common, title string, lines []string) *report {
	return &report{c: c, title: title, lines: lines}
}

// SetSize fits the page to the screen.
func (r *report) SetSize(w, h int) {
	r.width, r.height = w, h
	r.wrapped = r.wrapped[:0]
	for _, l := range r.lines {
		// Continuation lines are indented under the text they continue.
		for i, part := range wrap(l, max(w-4, 10)) {
			if i > 0 {
				part = "    " + part
			}
			r.wrapped = append(r.wrapped, part)
		}
	}
}

// titleLines is the title as wrapped to the width.
func (r *report) titleLines() []string { return wrap(r.title, r.width) }

func (r *report) bodyHeight() int { return max(r.height-len(r.titleLines())-1, 1) }

// Update scrolls; it returns false when the officer closes the page.
func (r *report) Update(msg tea.Msg) bool {
	k := r.c.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Close):
			return false
		case key.Matches(msg, k.Up):
			r.scroll--
		case key.Matches(msg, k.Down):
			r.scroll++
		case key.Matches(msg, k.PageUp):
			r.scroll -= r.bodyHeight()
		case key.Matches(msg, k.PageDown):
			r.scroll += r.bodyHeight()
		case key.Matches(msg, k.Top):
			r.scroll = 0
		case key.Matches(msg, k.Bottom):
			r.scroll = math.MaxInt32
		}
	case tea.MouseWheelMsg:
		switch msg.Button {
		case tea.MouseWheelUp:
			r.scroll -= 3
		case tea.MouseWheelDown:
			r.scroll += 3
		}
	}
	r.scroll = clampInt(r.scroll, 0, max(len(r.wrapped)-r.bodyHeight(), 0))
	return true
}

// View draws the title and the lines on view, with a note of how many
// more there are below.
func (r *report) View() string {
	st := r.c.styles
	out := []string{st.Heading.Render(strings.Join(r.titleLines(), "\n")), ""}
	h := r.bodyHeight()
	end := min(r.scroll+h, len(r.wrapped))
	for _, l := range r.wrapped[r.scroll:end] {
		out = append(out, truncate(l, r.width))
	}
	if more := len(r.wrapped) - end; more > 0 && end > r.scroll {
		out[len(out)-1] = st.Muted.Render(fmt.Sprintf("… %d more lines below (↓ or pgdn)", more+1))
	}
	return strings.Join(out, "\n")
}

// ShortHelp lists the page's keys.
func (r *report) ShortHelp() []key.Binding {
	k := r.c.keys
	return []key.Binding{k.Down, k.PageDown, k.Close}
}
