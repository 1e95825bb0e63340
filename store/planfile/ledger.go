package planfile

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"csplan/model"
)

// ledgerRole is what a column of a ledger file holds.
type ledgerRole int

const (
	roleAmount ledgerRole = iota
	roleDebit
	roleCredit
	rolePeriod
	roleDate
	roleItem
	roleCode
	roleCostCentre
	roleAccount
	roleDescription
	roleSupplier
	numRoles
)

// ledgerHeaders are the header names of each role, as headerKey gives
// them, the most telling first.
var ledgerHeaders = [numRoles][]string{
	roleAmount:      {"amount", "value", "net", "netamount", "netvalue", "spend", "actual", "actuals", "transactionamount", "baseamount", "amountgbp"},
	roleDebit:       {"debit", "debitamount", "dr"},
	roleCredit:      {"credit", "creditamount", "cr"},
	rolePeriod:      {"period", "periodnumber", "periodno", "accountingperiod", "financialperiod", "fiscalperiod", "glperiod", "month"},
	roleDate:        {"postingdate", "date", "transactiondate", "transdate", "accountingdate", "documentdate", "invoicedate"},
	roleItem:        {"line", "item", "title", "budgetline", "lineorpost", "post", "planline", "descriptionofbudgetline", "itemtitle"},
	roleCode:        {"code", "ledgercode", "glcode", "fullcode", "costcentreandaccount", "costcentreaccount"},
	roleCostCentre:  {"costcentre", "costcenter", "cc", "costcentrecode", "costcentercode", "responsibilitycentre"},
	roleAccount:     {"account", "accountcode", "subjective", "subjectivecode", "nominal", "nominalcode"},
	roleDescription: {"description", "narrative", "details", "detail", "transactiondescription", "linedescription", "text", "memo"},
	roleSupplier:    {"supplier", "suppliername", "payee", "vendor", "vendorname"},
}

// ledgerRoleOf maps a header key to its role and its rank among the
// role's names.
var ledgerRoleOf = map[string]struct {
	role ledgerRole
	rank int
}{}

func init() {
	for role, names := range ledgerHeaders {
		for rank, n := range names {
			ledgerRoleOf[n] = struct {
				role ledgerRole
				rank int
			}{ledgerRole(role), rank}
		}
	}
}

// headerKey is how a ledger file's header names are compared: letters
// and digits only, lower case.
func headerKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// codeKey is how ledger codes are compared: case and spaces ignored, and
// any of - . : \ | between the parts read as /, so "cc123 - 4567" is the
// code "CC123/4567".
func codeKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case strings.ContainsRune("-.:\\|", r):
			return '/'
		}
		return unicode.ToLower(r)
	}, s)
}

// LedgerOptions change how ReadLedger treats a file.
type LedgerOptions struct {
	// SkipUnmatched takes the rows whose item is no line or post of the
	// plan (or names none) out of the import and lists them in
	// LedgerResult.Unmatched, rather than refusing the file for them. A
	// row wrong in any other way still refuses the file.
	SkipUnmatched bool
}

// LedgerResult is what ReadLedger read from a ledger file.
type LedgerResult struct {
	// Actuals are the spend to add, in file order, with ID 0: the store
	// gives IDs. Rows with a zero amount are left out (see Notes).
	Actuals []model.Actual
	// Import records the file: its name as given, its SHA-256 and the
	// rows of spend it holds (the header and blank rows not counted).
	// ID, At and Actuals are left for the store to fill. SHA256 is set
	// even when the file is refused, unless it could not be read to the
	// end.
	Import model.LedgerImport
	// Unmatched are, with LedgerOptions.SkipUnmatched, the first
	// MaxListed rows left out because their item is no line or post of
	// the plan; UnmatchedRows counts them all.
	Unmatched     []RowProblem
	UnmatchedRows int
	// Notes are what the officer should be told about a file read
	// without a problem: rows with a zero amount left out.
	Notes []RowProblem
	// Repeats counts the rows that repeat spend already imported from
	// another file (same item, period, amount and description), the first
	// at row RepeatRow: an export overlapping an earlier one.
	Repeats, RepeatRow int
}

// AlreadyImportedError is ReadLedger's refusal of a file whose bytes are
// those of a file imported before, whatever its name: its spend is
// already counted.
type AlreadyImportedError struct {
	// File is the name the file was given this time.
	File string
	// Previous is the record of the earlier import.
	Previous model.LedgerImport
}

// Error implements error.
func (e *AlreadyImportedError) Error() string {
	when := ""
	if !e.Previous.At.IsZero() {
		when = " on " + e.Previous.At.Format("2 January 2006 at 15:04")
	}
	name, prev := filepath.Base(e.File), filepath.Base(e.Previous.File)
	what := fmt.Sprintf("%s was imported%s", name, when)
	if name != prev {
		what = fmt.Sprintf("%s is the same file as %s, imported%s", name, prev, when)
	}
	return fmt.Sprintf("%s (%d rows): its spend is already counted, so nothing was imported", what, e.Previous.Rows)
}

// FindImport returns the earlier import of a file with the given SHA-256
// (hex, any case), if m records one.
func FindImport(m *model.Monitoring, sha string) (model.LedgerImport, bool) {
	if m == nil {
		return model.LedgerImport{}, false
	}
	for _, im := range m.Imports {
		if strings.EqualFold(im.SHA256, sha) {
			return im, true
		}
	}
	return model.LedgerImport{}, false
}

// ReadLedger reads a ledger file: the council's finance system's export
// of the spend booked to the partnership's budget, a CSV file with a
// header row and a row for each transaction. Its columns are found by their header names,
// compared with case, spaces and punctuation ignored ("Net amount (£)" is
// "netamount"), each role by any of several names, the first in the lists
// below winning when a file has two:
//
//	amount        Amount, Value, Net, Net amount, Net value, Spend, Actual,
//	              Actuals, Transaction amount, Base amount, Amount GBP;
//	              or, when there is none, Debit and Credit (either or
//	              both: the amount is the debit less the credit)
//	period        Period, Period number, Period no, Accounting period,
//	              Financial period, Fiscal period, GL period, Month; or,
//	              when there is none, a date: Posting date, Date,
//	              Transaction date, Trans date, Accounting date,
//	              Document date, Invoice date
//	item          Line, Item, Title, Budget line, Line or post, Post,
//	              Plan line, Description of budget line, Item title
//	code          Code, Ledger code, GL code, Full code, Cost centre and
//	              account; or Cost centre (Cost center, CC, Cost centre
//	              code, Responsibility centre) and Account (Account code,
//	              Subjective, Subjective code, Nominal, Nominal code),
//	              which make the code "cost centre/account"
//	description   Description, Narrative, Details, Detail, Transaction
//	              description, Line description, Text, Memo; and Supplier
//	              (Supplier name, Payee, Vendor, Vendor name), put before
//	              it: "Victim Support — April invoice"
//
// A file needs an amount, a period and an item or a code. Other columns
// (a Gross or VAT column among them: the spend is net) are ignored.
//
// The file is read against the plan p (not nil), whose financial year
// the periods must fall in, and the year's monitoring record m (nil when there is none yet), which says
// what files were imported before. name is the file's name, as the
// officer gave it; actuals record its base name and their row.
//
// A period is P1 to P12, 1 to 12, a month name, or a date inside the
// plan's financial year, day first (15/06/2017) or ISO (2017-06-15); see
// model.ParsePeriod. An item is found by its title in the item column
// (case and surrounding spaces ignored; lines and posts both), else by
// its ledger code in the code columns: the whole code, else the cost
// centre alone when the file has separate columns. An amount is pounds
// to the penny, with or without £ and thousands separators; a credit is
// negative: -120.00, (120.00) as accounts write it, or 120.00 CR (and
// 120.00 DR is a debit); with Debit and Credit columns, the debit less
// the credit.
//
// Every row is checked before anything is returned. If any is wrong,
// ReadLedger returns no actuals and a *DecodeError listing every problem
// with its row and column; with opts.SkipUnmatched, a row whose item is
// no line or post is listed in Unmatched instead and the rest imported.
// A file whose SHA-256 is that of an import m records is refused with an
// *AlreadyImportedError; a file with rows the same as actuals already
// imported from another file is read, with a note counting them. Any
// other error comes from reading r.
func ReadLedger(r io.Reader, name string, p *model.Plan, m *model.Monitoring, opts LedgerOptions) (LedgerResult, error) {
	h := sha256.New()
	l := newLedgerReader(p, opts)
	tee := io.TeeReader(r, h)
	if err := l.readCSV(tee, "the ledger file", l.take); err != nil {
		return LedgerResult{}, err
	}
	if l.header == nil && l.total == 0 {
		l.problemAt(0, "", "the file is empty: it needs a header row naming its columns, then a row for each transaction")
	}
	if l.header != nil && l.rows == 0 && l.total == 0 {
		l.problemAt(0, "", "the file has a header row but no rows of spend under it")
	}
	res := LedgerResult{Import: model.LedgerImport{File: name, Rows: l.rows}}
	if l.total == 0 {
		// Read to the end, so the hash is the whole file's.
		if _, err := io.Copy(io.Discard, tee); err != nil {
			return LedgerResult{}, fmt.Errorf("reading the ledger file: %w", err)
		}
		res.Import.SHA256 = hexSum(h)
		if prev, ok := FindImport(m, res.Import.SHA256); ok {
			return res, &AlreadyImportedError{File: name, Previous: prev}
		}
	}
	if l.total > 0 {
		return res, l.err()
	}
	base := filepath.Base(name)
	for i := range l.actuals {
		l.actuals[i].Source.File = base
	}
	res.Actuals = l.actuals
	res.Unmatched, res.UnmatchedRows = l.unmatched, l.unmatchedRows
	if n, first := overlap(m, l.actuals); n > 0 {
		res.Repeats, res.RepeatRow = n, first
		res.Notes = append(res.Notes, RowProblem{Row: first, Reason: fmt.Sprintf(
			"%d %s the same (item, period, amount and description) as spend already imported from another file (the first is row %d): "+
				"if this export overlaps an earlier one, that spend would be counted twice",
			n, plural(n, "row is", "rows are"), first)})
	}
	if l.zeroRows > 0 {
		res.Notes = append(res.Notes, RowProblem{Row: l.firstZero, Column: l.name(roleAmount), Reason: fmt.Sprintf(
			"%d %s with a zero amount, which adds no spend, %s left out (the first is row %d)",
			l.zeroRows, plural(l.zeroRows, "row", "rows"), plural(l.zeroRows, "was", "were"), l.firstZero)})
	}
	return res, nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ledgerReader holds what is known while a ledger file is read.
type ledgerReader struct {
	report
	opts      LedgerOptions
	startYear int
	// col is the index of each role's column, -1 if absent; header the
	// header cells as the file names them.
	col    [numRoles]int
	header []string
	// titles and codes map the keys of items' titles and ledger codes to
	// the items; what names an item in messages.
	titles, codes map[string][]model.ID
	what          map[model.ID]string
	// periods caches what period cells were read as: a year's ledger has
	// a few hundred distinct dates over many thousand rows.
	periods map[string]model.Period

	rows          int
	actuals       []model.Actual
	unmatched     []RowProblem
	unmatchedRows int
	zeroRows      int
	firstZero     int
}

func newLedgerReader(p *model.Plan, opts LedgerOptions) *ledgerReader {
	l := &ledgerReader{
		opts:      opts,
		startYear: p.Info.StartYear,
		titles:    map[string][]model.ID{},
		codes:     map[string][]model.ID{},
		what:      map[model.ID]string{},
		periods:   map[string]model.Period{},
	}
	add := func(id model.ID, kind, title, code string) {
		l.titles[key(title)] = append(l.titles[key(title)], id)
		if c := codeKey(code); c != "" {
			l.codes[c] = append(l.codes[c], id)
		}
		l.what[id] = fmt.Sprintf("%s %q", kind, strings.TrimSpace(title))
	}
	for i := range p.Lines {
		add(p.Lines[i].ID, "line", p.Lines[i].Title, p.Lines[i].LedgerCode)
	}
	for i := range p.Posts {
		add(p.Posts[i].ID, "post", p.Posts[i].Title, p.Posts[i].LedgerCode)
	}
	return l
}

// name returns the header of a role's column as the file writes it.
func (l *ledgerReader) name(role ledgerRole) string {
	if i := l.col[role]; i >= 0 {
		return strings.TrimSpace(l.header[i])
	}
	return ""
}

// take reads one non-blank row: the header first.
func (l *ledgerReader) take(r rawRow) bool {
	if l.header == nil {
		return l.readHeader(r)
	}
	l.rows++
	l.row(r)
	return true
}

// readHeader finds the columns, reporting false when a required one is
// missing or a column is named twice.
func (l *ledgerReader) readHeader(h rawRow) bool {
	l.header = h.cells
	var rank [numRoles]int
	for i := range l.col {
		l.col[i] = -1
	}
	ok := true
	seen := map[string]int{}
	for i, cell := range h.cells {
		k := headerKey(cell)
		role, known := ledgerRoleOf[k]
		if !known {
			continue
		}
		if first, dup := seen[k]; dup {
			l.problemAt(h.num, strings.TrimSpace(cell), fmt.Sprintf("the column appears twice in the header (columns %d and %d)", first+1, i+1))
			ok = false
			continue
		}
		seen[k] = i
		if l.col[role.role] < 0 || role.rank < rank[role.role] {
			l.col[role.role], rank[role.role] = i, role.rank
		}
	}
	found := func() string {
		var names []string
		for _, c := range h.cells {
			if t := strings.TrimSpace(c); t != "" {
				names = append(names, fmt.Sprintf("%q", t))
			}
		}
		if len(names) == 0 {
			return "none"
		}
		if len(names) > 30 {
			names = append(names[:30], "...")
		}
		return strings.Join(names, ", ")
	}
	if len(seen) == 0 {
		// Not one column is known: the first row is a report's title, or
		// the file is not a ledger export. One problem says so better
		// than a complaint about each column.
		l.problemAt(h.num, "", fmt.Sprintf("the first row is not the header row of a ledger export (its cells are: %s): "+
			"the header row must come first and name the amount (such as \"Amount\"), the period (such as \"Period\" or \"Posting date\") "+
			"and the line or post (\"Line\", or its ledger code under \"Code\", or \"Cost centre\" and \"Account\"); "+
			"delete any rows above it", found()))
		return false
	}
	missing := func(what string) {
		l.problemAt(h.num, "", fmt.Sprintf("the header row has no %s; the headers found are: %s", what, found()))
		ok = false
	}
	if l.col[roleAmount] < 0 && l.col[roleDebit] < 0 && l.col[roleCredit] < 0 {
		missing(`amount column: name one "Amount", "Value", "Net amount", "Spend" or "Actual" (or give "Debit" and "Credit" columns)`)
	}
	if l.col[rolePeriod] < 0 && l.col[roleDate] < 0 {
		missing(`period column: name one "Period" (P1 to P12), "Month", or "Posting date" or "Date" (a date in the financial year)`)
	}
	if l.col[roleItem] < 0 && l.col[roleCode] < 0 && l.col[roleCostCentre] < 0 && l.col[roleAccount] < 0 {
		missing(`column naming the line or post: name one "Line" (its title as in the plan), or "Code", or "Cost centre" and "Account" (its ledger code)`)
	}
	if !ok {
		return false
	}
	// A period column wins over a date; an amount over debit and credit.
	if l.col[rolePeriod] >= 0 {
		l.col[roleDate] = -1
	}
	if l.col[roleAmount] >= 0 {
		l.col[roleDebit], l.col[roleCredit] = -1, -1
	}
	return true
}

// cell returns a role's raw cell, "" when the column or cell is missing.
func (l *ledgerReader) cell(r *rawRow, role ledgerRole) string {
	i := l.col[role]
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// checkCells reports cells of the used columns that are not UTF-8 or too
// long, and empties them so nothing later reads them.
func (l *ledgerReader) checkCells(r *rawRow) {
	for role := range numRoles {
		i := l.col[role]
		if i < 0 || i >= len(r.cells) {
			continue
		}
		c := r.cells[i]
		limit, what := MaxTextChars, "a text"
		switch role {
		case roleAmount, roleDebit, roleCredit, rolePeriod, roleDate:
			limit, what = MaxNumberChars, "an amount or a period"
		}
		switch {
		case len(c) > limit && utf8.RuneCountInString(c[:min(len(c), 4*limit+4)]) > limit:
			l.problemf(r.num, l.name(role), "the cell holds more than %d characters (%d bytes), too long for %s: it is not read", limit, len(c), what)
			r.cells[i] = ""
		case !utf8.ValidString(c):
			l.problemf(r.num, l.name(role), `the cell is not UTF-8 text; in Excel, save the file as "CSV UTF-8"`)
			r.cells[i] = ""
		}
	}
}

// problemf records a problem, formatting the reason only when it will be
// listed: a file of a million bad rows formats a hundred reasons.
func (l *ledgerReader) problemf(row int, column, format string, a ...any) {
	reason := ""
	if len(l.problems) < MaxListed {
		reason = fmt.Sprintf(format, a...)
	}
	l.problemAt(row, column, reason)
}

// row reads a row of spend, adding its actual when the row is sound.
func (l *ledgerReader) row(r rawRow) {
	before := l.total
	l.checkCells(&r)
	if extra := overhang(r.cells, len(l.header)); extra > 0 {
		// A cell past the header's last column is most often a comma
		// that split a cell: £1,234.50 unquoted reads as £1 and "234.50",
		// silently wrong. Refused, not guessed.
		l.problemf(r.num, "", "the row has %d more %s than the header names columns: an amount with a comma (1,234.50) must be in quotes, or the row's cells have shifted",
			extra, plural(extra, "cell", "cells"))
		return
	}
	amount, amountOK := l.amount(&r)
	period, periodOK := l.period(&r)
	item, itemOK := l.item(&r)
	if l.total != before || !amountOK || !periodOK || !itemOK {
		return
	}
	if amount.IsZero() {
		if l.zeroRows == 0 {
			l.firstZero = r.num
		}
		l.zeroRows++
		return
	}
	l.actuals = append(l.actuals, model.Actual{
		Item: item, Period: period, Amount: amount,
		Description: l.description(&r),
		Source:      model.ActualSource{Row: r.num},
	})
}

// amount reads the row's amount, or its debit less its credit.
func (l *ledgerReader) amount(r *rawRow) (model.Money, bool) {
	if l.col[roleAmount] >= 0 {
		raw := l.cell(r, roleAmount)
		if strings.TrimSpace(raw) == "" {
			l.problemAt(r.num, l.name(roleAmount), "the amount is empty: give the spend in pounds, such as 1234.50, or a credit as -120.00")
			return model.Money{}, false
		}
		m, err := parseLedgerAmount(raw)
		if err != nil {
			l.problemf(r.num, l.name(roleAmount), "%v", err)
			return model.Money{}, false
		}
		return m, true
	}
	var total model.Money
	ok, any := true, false
	for _, role := range []ledgerRole{roleDebit, roleCredit} {
		raw := l.cell(r, role)
		if l.col[role] < 0 || strings.TrimSpace(raw) == "" {
			continue
		}
		any = true
		m, err := parseLedgerAmount(raw)
		if err != nil {
			l.problemf(r.num, l.name(role), "%v", err)
			ok = false
			continue
		}
		if role == roleCredit {
			m = m.Neg()
		}
		total = total.Add(m)
	}
	if ok && !any {
		col := l.name(roleDebit)
		if col == "" {
			col = l.name(roleCredit)
		}
		l.problemAt(r.num, col, "the row has neither a debit nor a credit: give the amount under one of them")
		return model.Money{}, false
	}
	if ok && (total.Cmp(model.MaxMoney) >= 0 || total.Neg().Cmp(model.MaxMoney) >= 0) {
		l.problemAt(r.num, l.name(roleDebit), "the debit less the credit must be under £1,000,000,000")
		return model.Money{}, false
	}
	return total, ok
}

// parseLedgerAmount reads an amount as a finance system writes it: a
// credit as -120.00, (120.00) or 120.00 CR, a debit perhaps as 120.00 DR.
func parseLedgerAmount(raw string) (model.Money, error) {
	t := strings.TrimSpace(raw)
	neg := false
	upper := strings.ToUpper(t)
	switch {
	case strings.HasSuffix(upper, "CR"):
		neg, t = true, strings.TrimSpace(t[:len(t)-2])
	case strings.HasSuffix(upper, "DR"):
		t = strings.TrimSpace(t[:len(t)-2])
	}
	if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' {
		if neg {
			return model.Money{}, &model.ParseError{Input: raw, Reason: "it is marked as a credit twice"}
		}
		neg, t = true, strings.TrimSpace(t[1:len(t)-1])
	}
	m, err := model.ParseSignedMoney(t)
	if err != nil {
		var pe *model.ParseError
		if errors.As(err, &pe) {
			return model.Money{}, &model.ParseError{Input: raw, Reason: pe.Reason, Err: pe.Err}
		}
		return model.Money{}, err
	}
	if neg {
		if m.Sign() < 0 {
			return model.Money{}, &model.ParseError{Input: raw, Reason: "it is marked as a credit twice"}
		}
		m = m.Neg()
	}
	return m, nil
}

// period reads the row's period, from its period column or its date.
func (l *ledgerReader) period(r *rawRow) (model.Period, bool) {
	role := rolePeriod
	if l.col[role] < 0 {
		role = roleDate
	}
	raw := l.cell(r, role)
	if p, ok := l.periods[raw]; ok {
		return p, true
	}
	p, err := model.ParsePeriod(raw, l.startYear)
	if err != nil {
		l.problemf(r.num, l.name(role), "%v", err)
		return 0, false
	}
	if len(l.periods) < 4096 {
		l.periods[raw] = p
	}
	return p, true
}

// code returns the row's ledger code and, when the file has separate
// cost centre and account columns, the cost centre alone.
func (l *ledgerReader) code(r *rawRow) (code, costCentre string) {
	if l.col[roleCode] >= 0 {
		return strings.TrimSpace(cellText(l.cell(r, roleCode))), ""
	}
	cc := strings.TrimSpace(cellText(l.cell(r, roleCostCentre)))
	acc := strings.TrimSpace(cellText(l.cell(r, roleAccount)))
	switch {
	case cc != "" && acc != "":
		return cc + "/" + acc, cc
	case cc != "":
		return cc, ""
	}
	return acc, ""
}

// item finds the line or post the row is for: by title, else by code.
func (l *ledgerReader) item(r *rawRow) (model.ID, bool) {
	title := strings.TrimSpace(cellText(l.cell(r, roleItem)))
	code, costCentre := l.code(r)
	var byTitle, byCode []model.ID
	if title != "" {
		byTitle = l.titles[key(title)]
	}
	if code != "" {
		byCode = l.codes[codeKey(code)]
		if len(byCode) == 0 && costCentre != "" {
			byCode = l.codes[codeKey(costCentre)]
		}
	}
	switch {
	case len(byTitle) == 1:
		return byTitle[0], true
	case len(byCode) == 1:
		return byCode[0], true
	case len(byTitle) > 1:
		l.problemf(r.num, l.name(roleItem), "%q is the title of %d items (%s): rename one in the plan, or give each a ledger code and match by code",
			title, len(byTitle), l.names(byTitle))
		return 0, false
	case len(byCode) > 1:
		l.problemf(r.num, l.codeColumn(), "ledger code %q is given to %d items (%s): give each item its own code",
			code, len(byCode), l.names(byCode))
		return 0, false
	}
	column, reason := l.name(roleItem), ""
	switch {
	case title != "" && code != "":
		reason = fmt.Sprintf("no line or post of the plan is titled %q or has the ledger code %q", title, code)
	case title != "":
		reason = fmt.Sprintf("no line or post of the plan is titled %q", title)
	case code != "":
		column = l.codeColumn()
		reason = fmt.Sprintf("no line or post of the plan has the ledger code %q", code)
	default:
		if column == "" {
			column = l.codeColumn()
		}
		reason = "the row names no line or post: give " + l.howToName()
	}
	if l.opts.SkipUnmatched {
		l.unmatchedRows++
		if len(l.unmatched) < MaxListed {
			l.unmatched = append(l.unmatched, RowProblem{Row: r.num, Column: column, Reason: reason})
		}
		return 0, false
	}
	l.problemAt(r.num, column, reason)
	return 0, false
}

// codeColumn names the column the row's code comes from.
func (l *ledgerReader) codeColumn() string {
	if n := l.name(roleCode); n != "" {
		return n
	}
	if n := l.name(roleCostCentre); n != "" {
		return n
	}
	return l.name(roleAccount)
}

// howToName says where the file names an item.
func (l *ledgerReader) howToName() string {
	var ways []string
	if n := l.name(roleItem); n != "" {
		ways = append(ways, fmt.Sprintf("its title under %q", n))
	}
	switch cc, acc := l.name(roleCostCentre), l.name(roleAccount); {
	case l.name(roleCode) != "":
		ways = append(ways, fmt.Sprintf("its ledger code under %q", l.name(roleCode)))
	case cc != "" && acc != "":
		ways = append(ways, fmt.Sprintf("its ledger code under %q and %q", cc, acc))
	case cc+acc != "":
		ways = append(ways, fmt.Sprintf("its ledger code under %q", cc+acc))
	}
	return strings.Join(ways, ", or ")
}

// names lists items for a message.
func (l *ledgerReader) names(ids []model.ID) string {
	var out []string
	for _, id := range ids[:min(len(ids), 3)] {
		out = append(out, l.what[id])
	}
	if len(ids) > 3 {
		out = append(out, "...")
	}
	return strings.Join(out, ", ")
}

// description joins the row's supplier and description.
func (l *ledgerReader) description(r *rawRow) string {
	var parts []string
	for _, role := range []ledgerRole{roleSupplier, roleDescription} {
		if t := strings.TrimSpace(cellText(l.cell(r, role))); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, " — ")
}

// overlap counts the actuals that are the same as ones m already holds
// from a ledger file, each earlier actual matching once, and returns the
// row of the first. A different file of the same spend (an export of
// April to June after one of April to May) is not the same bytes, so the
// hash does not catch it; this says so rather than refusing, since two
// equal payments in a month are possible.
func overlap(m *model.Monitoring, actuals []model.Actual) (n, first int) {
	if m == nil || len(m.Actuals) == 0 {
		return 0, 0
	}
	type spend struct {
		item        model.ID
		period      model.Period
		amount      string
		description string
	}
	held := map[spend]int{}
	for _, a := range m.Actuals {
		if a.Source.File != "" {
			held[spend{a.Item, a.Period, a.Amount.Plain(), a.Description}]++
		}
	}
	for _, a := range actuals {
		k := spend{a.Item, a.Period, a.Amount.Plain(), a.Description}
		if held[k] > 0 {
			held[k]--
			if n == 0 {
				first = a.Source.Row
			}
			n++
		}
	}
	return n, first
}

// overhang counts a row's cells past the header's width, up to its last
// cell that is not blank (trailing empty cells are harmless).
func overhang(cells []string, width int) int {
	n := len(cells)
	for n > width && strings.TrimSpace(cells[n-1]) == "" {
		n--
	}
	return max(0, n-width)
}

// Summary says what the import adds, as the history and the officer read
// it: "39 actuals totalling £82,367.80 in P1, P2, P3 (2 rows skipped)".
func (r LedgerResult) Summary() string {
	total := model.Money{}
	var in [model.Periods + 1]bool
	for _, a := range r.Actuals {
		total = total.Add(a.Amount)
		if a.Period.Valid() {
			in[a.Period] = true
		}
	}
	var ps []string
	for p := model.Period(1); p <= model.Periods; p++ {
		if in[p] {
			ps = append(ps, p.String())
		}
	}
	s := fmt.Sprintf("%d %s totalling %s in %s", len(r.Actuals), plural(len(r.Actuals), "actual", "actuals"), total.Exact(), strings.Join(ps, ", "))
	if r.UnmatchedRows > 0 {
		s += fmt.Sprintf(" (%d %s skipped)", r.UnmatchedRows, plural(r.UnmatchedRows, "row", "rows"))
	}
	return s
}
