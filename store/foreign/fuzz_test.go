package foreign

import (
	"bytes"
	"testing"

	"csplan/model"
	"csplan/store/planfile"
)

// FuzzReadCSV reads any bytes as a CSV file of the officer's own layout:
// it must not panic, and what it returns is a valid set of lines and
// posts, or an error and nothing.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("Plan 2017/18\r\nProject,Theme,Lead agency,Budget 2017/18\r\nStreet pastors,Violence Prevention,Council,\"£12,500\"\r\nTotal,,,12500\r\n"))
	f.Add([]byte("Item,Priority,Salary,FTE,Start,End,Share\nIDVA,Reducing Victimisation,27668,0.5,Oct,Mar,50%\n"))
	f.Add([]byte("Activity,Outcome area,Cost,PCC priority\nA,B,1,X; Y\nC,,2,\n"))
	f.Add([]byte("Post,Theme,Salary,Start,End\nIDVA,V,27668,01/04/2017,31 Mar 2018\nA,V,1,1 Jan 2015,2019-06-30\n"))
	f.Add([]byte("Name of work,Money\nStreet pastors,\"£1,200\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		rows, err := planfile.ReadRows(bytes.NewReader(data))
		if err != nil {
			return
		}
		tb := &Table{Rows: make([]Row, len(rows))}
		for i, r := range rows {
			tb.Rows[i] = Row{Num: r.Num, Cells: r.Cells}
		}
		if l, ok := Inspect(tb, Options{}); ok && (len(l.Samples) != len(l.Headers) || l.HeaderRow <= 0) {
			t.Fatalf("layout %+v: a sample for each header, in a numbered row", l)
		}
		res, err := Read(tb, Options{})
		if err != nil {
			if res != nil {
				t.Fatal("a result came back with an error")
			}
			return
		}
		p := res.Plan
		p.Info = model.Info{Partnership: "Fuzz", StartYear: 2017}
		if errs := model.Errors(p.Validate()); len(errs) > 0 {
			t.Fatalf("Read returned lines that fail validation: %v", errs)
		}
	})
}
