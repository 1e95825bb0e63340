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
