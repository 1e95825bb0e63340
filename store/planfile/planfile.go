// Package planfile reads and writes a costed plan as one CSV file, the form
// in which the officer hands the plan to colleagues and takes it back after
// they have edited it in a spreadsheet. It also carries the built-in 2017/18
// plan, written in that same format.
//
// The file is RFC 4180 CSV with CRLF line ends, UTF-8 with a byte order
// mark by default (so Excel opens £ and é correctly), and one header row:
//
//	Record,Priority,Title,Owner or team,Kind,Primary PCC priority,
//	Also supports PCC priorities,Amount,Status,FTE,Annual salary,
//	Start month,End month,Grant share %,Other funder,Other funder amount,
//	On-costs override,Notes,Ledger code,Profile
//
// The Profile of a line or post is how its budget falls across the year's
// periods, as model.Profile.Text writes it: empty for the default, "even",
// "months in post", "all in P3", "by quarter: 4000.00; 2000.00; 2000.00;
// 0.00" or "by period: " and twelve figures. Profiles belong to the year's
// monitoring, not the plan: Encode takes them in EncodeOptions and
// DecodeFile returns them in FileInfo.
// A line or post names one primary PCC priority, under which the totals
// count it, and any others it also supports. Files written before csplan
// had primaries have one "PCC priorities" column instead; Decode reads
// them, takes the first PCC priority of each item as its primary, and says
// so in a note.
//
// Each row after the header is one record, named in the Record column:
// Plan, Setting, Funding, Priority, Outcome, PCC priority, Line or Post;
// a file made from a scenario has a Scenario row, and a file of part of
// the plan a Subset row.
// Records refer to one another by name (a line names its priority and its
// PCC priorities), never by ID, because people edit the file by hand; IDs
// are given afresh, 1..n in file order, when the file is read.
//
// Text cells that a spreadsheet would run as a formula (starting with =, +,
// -, @, tab or carriage return) are written with a leading apostrophe, the
// OWASP defence against CSV injection. The reader removes exactly one such
// apostrophe, so every text round-trips exactly; see [Encode].
package planfile

import "strings"

// The columns of the file, in the order Encode writes them.
const (
	colRecord = iota
	colPriority
	colTitle
	colOwner
	colKind
	colPrimaryTag
	colAlsoTags
	colAmount
	colStatus
	colFTE
	colSalary
	colStart
	colEnd
	colShare
	colOtherFunder
	colOtherAmount
	colOverride
	colNotes
	colLedgerCode
	colProfile
	numColumns
)

// columnNames are the header cells, indexed by the col constants.
var columnNames = [numColumns]string{
	colRecord:      "Record",
	colPriority:    "Priority",
	colTitle:       "Title",
	colOwner:       "Owner or team",
	colKind:        "Kind",
	colPrimaryTag:  "Primary PCC priority",
	colAlsoTags:    "Also supports PCC priorities",
	colAmount:      "Amount",
	colStatus:      "Status",
	colFTE:         "FTE",
	colSalary:      "Annual salary",
	colStart:       "Start month",
	colEnd:         "End month",
	colShare:       "Grant share %",
	colOtherFunder: "Other funder",
	colOtherAmount: "Other funder amount",
	colOverride:    "On-costs override",
	colNotes:       "Notes",
	colLedgerCode:  "Ledger code",
	colProfile:     "Profile",
}

// optionalColumns may be missing from a file being read. Only a column that
// Decode ignores anyway qualifies: an officer may well delete a computed
// column to tidy the sheet, but a missing input column would silently lose
// data, so it is refused.
//
// The Ledger code column is optional too, for a file written before csplan
// had ledger codes: its lines and posts have none, and a note says so (see
// DecodeFile), since a column deleted by hand would lose them. So is the
// Profile column: a file without it says nothing about profiles
// (FileInfo.Profiles is nil), and an importer keeps those it has.
var optionalColumns = map[int]bool{colOtherAmount: true, colLedgerCode: true, colProfile: true}

// The record types, as written in the Record column.
const (
	recPlan = "Plan"
	// recScenario marks a file made from a scenario: its Title is the
	// scenario's name. A plan's own export has no such row.
	recScenario = "Scenario"
	// recSubset marks a file that holds part of the plan (the lines a
	// filter kept): its Title says which part, e.g. "4 of 15 lines,
	// filter: youth". Imported as the plan it would delete the rest, so an
	// importer refuses it as the plan.
	recSubset   = "Subset"
	recSetting  = "Setting"
	recFunding  = "Funding"
	recPriority = "Priority"
	recOutcome  = "Outcome"
	recTag      = "PCC priority"
	recLine     = "Line"
	recPost     = "Post"
)

// recordTypes maps the key of a Record cell to its canonical spelling.
var recordTypes = map[string]string{}

func init() {
	for _, r := range []string{recPlan, recScenario, recSubset, recSetting, recFunding, recPriority, recOutcome, recTag, recLine, recPost} {
		recordTypes[key(r)] = r
	}
}

// The titles of the Setting rows. The levy switch is written only when
// the levy is off (held centrally), in the Status cell, so a file of a plan
// that charges it reads as it always did.
const (
	settingNIRate      = "Employer NI rate"
	settingNIThreshold = "Employer NI threshold"
	settingPension     = "Employer pension rate"
	settingLevy        = "Apprenticeship levy rate"
	settingLevySwitch  = "Apprenticeship levy"
)

// legacyTagsColumn is the one column of PCC priorities, the primary first,
// in files written before csplan had primaries.
const legacyTagsColumn = "PCC priorities"

// TagSeparator separates PCC priority names in the "Also supports PCC
// priorities" cell (and the older "PCC priorities" cell), written as "; ".
// A PCC priority whose name contains it cannot be written, so an editor
// should refuse such a name.
const TagSeparator = ";"

// key is how names are compared: trimmed and case-insensitive, the same
// rule model.Validate uses for "same name", so a name that Validate calls
// unique is never ambiguous here and the other way round.
func key(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// formulaStarts are the characters that make a spreadsheet treat a cell as
// a formula (OWASP CSV injection).
const formulaStarts = "=+-@\t\r"

// needsApostrophe reports whether text must be written with a leading
// apostrophe. That is the case when it starts with a formula character, and
// also when it is one or more apostrophes followed by one: otherwise the
// reader, which strips one apostrophe before such text, would eat a real
// one (so the title '=x is written with two apostrophes). Defined this
// way, writing and reading are exact inverses for every string.
func needsApostrophe(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0
}

// normaliseLineBreaks turns CRLF and lone CR into LF. The CSV writer turns
// a line break inside a cell into CRLF and the reader turns it back into
// LF, and a lone CR would be dropped; normalising on both sides keeps what
// is written and what is read the same.
func normaliseLineBreaks(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// textCell is a text as written to the file.
func textCell(s string) string {
	s = normaliseLineBreaks(s)
	if needsApostrophe(s) {
		return "'" + s
	}
	return s
}

// cellText is the text a cell read from the file stands for: textCell in
// reverse.
func cellText(c string) string {
	c = normaliseLineBreaks(c)
	if strings.HasPrefix(c, "'") && needsApostrophe(c[1:]) {
		return c[1:]
	}
	return c
}
