package planfile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"testing"

	"csplan/model"
)

// benchLedgerPlan is a plan of n lines, each with a title and a ledger
// code, under one priority: what a ledger file is matched against.
func benchLedgerPlan(n int) *model.Plan {
	p := &model.Plan{Info: model.Info{Partnership: "Bench", StartYear: 2017}, Settings: model.DefaultSettings(),
		Priorities: []model.Priority{{ID: 1, Name: "P", Order: 1}}}
	for i := range n {
		p.Lines = append(p.Lines, model.Line{ID: model.ID(i + 2), PriorityID: 1, Title: fmt.Sprintf("Line %05d", i),
			Cost: model.Pounds(1000), LedgerCode: fmt.Sprintf("CS%04d/%04d", i/100, i%100)})
	}
	return p
}

// benchLedgerFile is a ledger export of rows rows against benchLedgerPlan:
// posting dates across the year, half the rows naming their line by
// title and half by cost centre and account, one in ten a credit.
func benchLedgerFile(tb testing.TB, rows, lines int) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write([]string{"Posting Date", "Cost Centre", "Account", "Line", "Supplier", "Description", "Amount"}); err != nil {
		tb.Fatal(err)
	}
	for i := range rows {
		l := (i * 7919) % lines
		p := model.Period(i%12 + 1)
		date := fmt.Sprintf("%02d/%02d/%d", i%28+1, (int(p)+2)%12+1, p.CalendarYear(2017))
		title, cc, acc := fmt.Sprintf("Line %05d", l), "", ""
		if i%2 == 1 {
			title, cc, acc = "", fmt.Sprintf("CS%04d", l/100), fmt.Sprintf("%04d", l%100)
		}
		amount := fmt.Sprintf("%d.%02d", 10+i%5000, i%100)
		if i%10 == 9 {
			amount = "-" + amount
		}
		if err := w.Write([]string{date, cc, acc, title, "Supplier Ltd", fmt.Sprintf("Invoice %d", i), amount}); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}

// BenchmarkLedgerImport100k reads a ledger export of 100,000 rows against
// a plan of 10,000 lines: every row checked, matched and turned into an
// actual, and the file hashed.
func BenchmarkLedgerImport100k(b *testing.B) {
	p := benchLedgerPlan(10_000)
	data := benchLedgerFile(b, 100_000, 10_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := ReadLedger(bytes.NewReader(data), "ledger.csv", p, nil, LedgerOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Actuals) != 100_000 {
			b.Fatalf("%d actuals, want 100,000", len(res.Actuals))
		}
	}
}
