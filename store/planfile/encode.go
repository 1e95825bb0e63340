package planfile

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"

	"csplan/model"
)

// bom is the UTF-8 byte order mark. Excel needs it to read a CSV file as
// UTF-8; without it £ and é come out garbled.
const bom = "\uFEFF"

// EncodeOptions change how Encode writes a plan.
type EncodeOptions struct {
	// NoBOM leaves out the byte order mark, for tools that show it as a
	// stray character. Excel wants it, so it is written by default.
	NoBOM bool
	// Scenario, when set, is the name of the scenario the plan was made
	// from: a Scenario row right after the Plan row says so, so the file
	// is never taken for the plan itself.
	Scenario string
	// Profiles are the lines' and posts' budget profiles, by item ID,
	// written in the Profile column; an item not in the map has the
	// default profile. Encode refuses a profile that does not pass
	// model.Profile.Check.
	Profiles map[model.ID]model.Profile
	// Subset, when set, says the file holds part of the plan, e.g. "4 of
	// 15 lines, filter: youth": a Subset row right after the Plan (and
	// Scenario) row says so, so the file is never taken for the whole plan.
	Subset string
}

// Encode writes the plan as CSV: the header row, then the Plan row, the
// four Setting rows, the Funding rows, each Priority row followed by its
// Outcome rows, the PCC priority rows, the Line rows and the Post rows.
// Priorities and PCC priorities are written in their Order, everything else
// in the order of the plan's slices.
//
// Amounts are plain numbers with two decimals and percentages plain numbers,
// so a spreadsheet reads them as numbers. A post's Amount and Other funder
// amount are its costing under the plan's settings, written for the reader
// and ignored by Decode. Line breaks inside a text are written as CRLF
// (a lone CR counts as a line break). A text that a spreadsheet would run as
// a formula gets a leading apostrophe; see the package comment.
//
// Encode refuses a plan it cannot write faithfully: a line or post under a
// priority or tagged with a PCC priority that is not in the plan, or a PCC
// priority whose name contains TagSeparator. Anything else, even a plan
// that fails validation, is written as it is, so a broken plan can still be
// handed over and mended in a spreadsheet.
func Encode(w io.Writer, p *model.Plan, opts EncodeOptions) error {
	rows, err := encodeRows(p, opts, textCell)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if !opts.NoBOM {
		if _, err := bw.WriteString(bom); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(columnNames[:width(opts)]); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return bw.Flush()
}

// Records returns the plan as Encode lays it out, the header row first and
// then a row of cells for each record, for a sheet of a workbook (see
// DecodeRows): each text is as it is, with no apostrophe put before one
// that starts like a formula, since a sheet's cell is text by its type.
// NumberColumn says which columns hold numbers. Opts.NoBOM is ignored.
func Records(p *model.Plan, opts EncodeOptions) ([][]string, error) {
	rows, err := encodeRows(p, opts, normaliseLineBreaks)
	if err != nil {
		return nil, err
	}
	return append([][]string{slices.Clone(columnNames[:width(opts)])}, rows...), nil
}

// width is how many columns a file has: all of them, or all but the
// Profile column when opts carries no profiles, so that a file written by
// a caller that knows nothing of profiles says nothing about them rather
// than that every item has the default.
func width(opts EncodeOptions) int {
	if opts.Profiles == nil {
		return colProfile
	}
	return numColumns
}

// NumberColumn reports whether the i-th column of Records holds numbers
// (amounts, FTE, percentages); the month columns hold month names.
func NumberColumn(i int) bool {
	return i >= 0 && i < int(numColumns) && numberColumns[i] && i != colStart && i != colEnd
}

// encodeRows lays the plan out as rows of cells, each text written with
// textCell.
func encodeRows(p *model.Plan, opts EncodeOptions, textCell func(string) string) ([][]string, error) {
	priorityNames := make(map[model.ID]string, len(p.Priorities))
	for _, pr := range p.Priorities {
		priorityNames[pr.ID] = pr.Name
	}
	tagNames := make(map[model.ID]string, len(p.Tags))
	for _, t := range p.Tags {
		if strings.Contains(t.Name, TagSeparator) {
			return nil, fmt.Errorf("PCC priority %q cannot be written: its name contains %q, which the file uses to separate PCC priorities", t.Name, TagSeparator)
		}
		tagNames[t.ID] = t.Name
	}
	// place returns the priority's name, the primary PCC priority's (the
	// first tag) and the others', as they are, so that what is read back
	// is exactly the list of tags written.
	place := func(what, title string, prID model.ID, tags []model.ID) (pr, primary, also string, err error) {
		pr, ok := priorityNames[prID]
		if !ok {
			return "", "", "", fmt.Errorf("%s %q cannot be written: it sits under a priority that is not in the plan", what, title)
		}
		names := make([]string, 0, len(tags))
		for _, id := range tags {
			n, ok := tagNames[id]
			if !ok {
				return "", "", "", fmt.Errorf("%s %q cannot be written: it is tagged with a PCC priority that is not in the plan", what, title)
			}
			names = append(names, n)
		}
		if len(names) == 0 {
			return pr, "", "", nil
		}
		return pr, names[0], strings.Join(names[1:], TagSeparator+" "), nil
	}

	var rows [][]string
	row := func() []string {
		r := make([]string, numColumns)
		rows = append(rows, r)
		return r
	}

	r := row()
	r[colRecord] = recPlan
	r[colTitle] = textCell(p.Info.Partnership)
	r[colOwner] = textCell(p.Info.AccountableBody)
	r[colKind] = p.Info.Year()
	r[colNotes] = textCell(p.Info.Notes)

	if opts.Scenario != "" {
		r := row()
		r[colRecord] = recScenario
		r[colTitle] = textCell(opts.Scenario)
		r[colNotes] = "A what-if made from the plan, not the plan itself: csplan imports it as a scenario."
	}
	if opts.Subset != "" {
		r := row()
		r[colRecord] = recSubset
		r[colTitle] = textCell(opts.Subset)
		r[colNotes] = SubsetNote
	}

	s := p.Settings
	for _, set := range []struct{ title, value string }{
		{settingNIRate, s.NIRate.Plain()},
		{settingNIThreshold, s.NIThreshold.Plain()},
		{settingPension, s.PensionRate.Plain()},
		{settingLevy, s.LevyRate.Plain()},
	} {
		r := row()
		r[colRecord] = recSetting
		r[colTitle] = set.title
		r[colAmount] = set.value
	}
	if s.LevyHeldCentrally {
		r := row()
		r[colRecord] = recSetting
		r[colTitle] = settingLevySwitch
		r[colStatus] = "off"
	}

	for _, f := range p.Funding {
		r := row()
		r[colRecord] = recFunding
		r[colTitle] = textCell(f.Name)
		r[colAmount] = f.Amount.Plain()
		r[colStatus] = f.Status.String()
		r[colNotes] = textCell(f.Note)
	}

	priorities := slices.Clone(p.Priorities)
	slices.SortStableFunc(priorities, func(a, b model.Priority) int { return cmp.Compare(a.Order, b.Order) })
	for _, pr := range priorities {
		r := row()
		r[colRecord] = recPriority
		r[colPriority] = textCell(pr.Name)
		for _, o := range pr.Outcomes {
			r := row()
			r[colRecord] = recOutcome
			r[colPriority] = textCell(pr.Name)
			r[colTitle] = textCell(o)
		}
	}

	tags := slices.Clone(p.Tags)
	slices.SortStableFunc(tags, func(a, b model.Tag) int { return cmp.Compare(a.Order, b.Order) })
	for _, t := range tags {
		r := row()
		r[colRecord] = recTag
		r[colTitle] = textCell(t.Name)
		r[colNotes] = textCell(t.Description)
	}

	for _, l := range p.Lines {
		pr, primary, also, err := place("line", l.Title, l.PriorityID, l.Tags)
		if err != nil {
			return nil, err
		}
		r := row()
		r[colRecord] = recLine
		r[colPriority] = textCell(pr)
		r[colTitle] = textCell(l.Title)
		r[colOwner] = textCell(l.Owner)
		r[colKind] = textCell(l.Kind)
		r[colPrimaryTag] = textCell(primary)
		r[colAlsoTags] = textCell(also)
		r[colAmount] = l.Cost.Plain()
		r[colNotes] = textCell(l.Notes)
		r[colLedgerCode] = textCell(l.LedgerCode)
		if r[colProfile], err = profileCell(opts, "line", l.Title, l.ID); err != nil {
			return nil, err
		}
	}

	for _, po := range p.Posts {
		pr, primary, also, err := place("post", po.Title, po.PriorityID, po.Tags)
		if err != nil {
			return nil, err
		}
		c := po.Costing(p.Settings)
		r := row()
		r[colRecord] = recPost
		r[colPriority] = textCell(pr)
		r[colTitle] = textCell(po.Title)
		r[colOwner] = textCell(po.Team)
		r[colPrimaryTag] = textCell(primary)
		r[colAlsoTags] = textCell(also)
		r[colAmount] = c.ToGrant.Plain()
		r[colFTE] = po.FTE.String()
		r[colSalary] = po.Salary.Plain()
		r[colStart] = model.MonthName(po.StartMonth)
		r[colEnd] = model.MonthName(po.EndMonth)
		r[colShare] = po.GrantShare.Plain()
		r[colOtherFunder] = textCell(po.OtherFunder)
		r[colOtherAmount] = c.ToOther.Plain()
		if po.OnCostOverride != nil {
			r[colOverride] = po.OnCostOverride.Plain()
		}
		r[colNotes] = textCell(po.Notes)
		r[colLedgerCode] = textCell(po.LedgerCode)
		if r[colProfile], err = profileCell(opts, "post", po.Title, po.ID); err != nil {
			return nil, err
		}
	}

	for i := range rows {
		rows[i] = rows[i][:width(opts)]
	}
	return rows, nil
}

// profileCell is the Profile cell of an item: its profile's text, "" for
// the default.
func profileCell(opts EncodeOptions, what, title string, id model.ID) (string, error) {
	pr, ok := opts.Profiles[id]
	if !ok {
		return "", nil
	}
	if err := pr.Check(); err != nil {
		return "", fmt.Errorf("%s %q cannot be written: its profile: %w", what, title, err)
	}
	return pr.Text(), nil
}

// SubsetNote is written beside the Subset row: what the file is, and why
// csplan will not import it as the plan.
const SubsetNote = "Part of the plan, not the whole: csplan will not import it as the plan, which would delete everything left out."

// NumberHeader reports whether a header cell names a column that holds
// numbers (amounts, FTE, percentages), as NumberColumn does by position.
func NumberHeader(name string) bool {
	k := key(name)
	for i, n := range columnNames {
		if key(n) == k {
			return NumberColumn(i)
		}
	}
	return false
}
