package planfile

import (
	"bufio"
	"encoding/csv"
	"io"

	"csplan/model"
)

// ReturnDateLayout is how a return writes its dates: "14 July 2017".
const ReturnDateLayout = "2 January 2006"

// Record types of the return's table, in its Record column.
const (
	ReturnRecordItem    = "Item"
	ReturnRecordMeasure = "Measure"
	ReturnRecordSWP     = "SWP priority total"
	ReturnRecordPCC     = "PCC priority total"
	ReturnRecordTotal   = "Total"
)

// ReturnColumns returns the header of the return's table for quarter q:
//
//	Record, SWP priority, Primary PCC priority, Item, Budget, Spend in Q1,
//	Spend to date, Forecast outturn, Variance, RAG, Forecast reason,
//	Narrative, Measure, Unit, Annual target, Q1 value, Value to date
func ReturnColumns(q model.Quarter) []string {
	return []string{
		"Record", "SWP priority", "Primary PCC priority", "Item",
		"Budget", "Spend in " + q.String(), "Spend to date", "Forecast outturn", "Variance", "RAG",
		"Forecast reason", "Narrative",
		"Measure", "Unit", "Annual target", q.String() + " value", "Value to date",
	}
}

// The return table's columns, as ReturnColumns names them.
const (
	rcRecord = iota
	rcSWP
	rcPCC
	rcItem
	rcBudget
	rcSpendQuarter
	rcSpendToDate
	rcForecast
	rcVariance
	rcRAG
	rcReason
	rcNarrative
	rcMeasure
	rcUnit
	rcTarget
	rcQuarterValue
	rcToDate
	rcColumns
)

// ReturnHeading returns the heading of a return as label and value pairs,
// in the order the CSV and the workbook write them: partnership, year,
// quarter, as-at period, prepared by, date prepared and status ("Draft"
// or "Submitted 14 July 2017").
func ReturnHeading(r model.QuarterlyReturn) [][2]string {
	return [][2]string{
		{"Partnership", r.Partnership},
		{"Year", r.YearLabel()},
		{"Quarter", r.QuarterLabel()},
		{"As at", r.AsAtLabel()},
		{"Prepared by", r.PreparedBy},
		{"Date", r.PreparedAt.Format(ReturnDateLayout)},
		{"Status", r.Status()},
	}
}

// WriteReturnCSV writes the quarterly return as CSV, as Encode writes a
// plan: UTF-8 with a byte order mark, CRLF line ends, and every text that
// a spreadsheet would run as a formula given a leading apostrophe. First
// comes the heading, one "label,value" row each (see ReturnHeading), then
// a "Note" row for each note, then a blank row and the table (see
// ReturnColumns): a row per item, each followed by a row per measure,
// then a row per SWP priority, a row per PCC priority and the total.
// Amounts are plain numbers with two decimals, exact to the penny, so a
// spreadsheet reads them as numbers and the totals foot.
func WriteReturnCSV(w io.Writer, r model.QuarterlyReturn) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	write := func(cells ...string) error { return cw.Write(cells) }

	if err := write("Quarterly return to the Police and Crime Commissioner"); err != nil {
		return err
	}
	for _, h := range ReturnHeading(r) {
		if err := write(h[0], textCell(h[1])); err != nil {
			return err
		}
	}
	for _, n := range r.Notes {
		if err := write("Note", textCell(n)); err != nil {
			return err
		}
	}
	if err := write(""); err != nil {
		return err
	}
	if err := write(ReturnColumns(r.Quarter)...); err != nil {
		return err
	}
	figures := func(row []string, f model.ReturnFigures, rag model.RAG) []string {
		row[rcBudget] = f.Budget.Plain()
		row[rcSpendQuarter] = f.SpendInQuarter.Plain()
		row[rcSpendToDate] = f.SpendToDate.Plain()
		row[rcForecast] = f.ForecastOutturn.Plain()
		row[rcVariance] = f.Variance.Plain()
		row[rcRAG] = rag.String()
		return row
	}
	for _, it := range r.Items {
		row := figures(make([]string, rcColumns), it.ReturnFigures, it.RAG)
		row[rcRecord] = ReturnRecordItem
		row[rcSWP] = textCell(it.SWP)
		row[rcPCC] = textCell(it.PCC)
		row[rcItem] = textCell(it.Title)
		row[rcReason] = textCell(it.ForecastReason)
		row[rcNarrative] = textCell(it.Narrative)
		if err := cw.Write(row); err != nil {
			return err
		}
		for _, ms := range it.Measures {
			row := make([]string, rcColumns)
			row[rcRecord] = ReturnRecordMeasure
			row[rcSWP] = textCell(it.SWP)
			row[rcPCC] = textCell(it.PCC)
			row[rcItem] = textCell(it.Title)
			row[rcMeasure] = textCell(ms.Name)
			row[rcUnit] = textCell(ms.Unit)
			row[rcTarget] = ms.Target.String()
			if ms.Quarter != nil {
				row[rcQuarterValue] = ms.Quarter.String()
			}
			row[rcToDate] = ms.ToDate.String()
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	for _, g := range r.BySWP {
		row := figures(make([]string, rcColumns), g.ReturnFigures, g.RAG)
		row[rcRecord] = ReturnRecordSWP
		row[rcSWP] = textCell(g.Name)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	for _, g := range r.ByPCC {
		row := figures(make([]string, rcColumns), g.ReturnFigures, g.RAG)
		row[rcRecord] = ReturnRecordPCC
		row[rcPCC] = textCell(g.Name)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	row := figures(make([]string, rcColumns), r.Total, r.RAG)
	row[rcRecord] = ReturnRecordTotal
	if err := cw.Write(row); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
