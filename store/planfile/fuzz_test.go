package planfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"

	"csplan/model"
	"csplan/store/internal/plantest"
)

// FuzzDecode feeds Decode arbitrary bytes. Decode must never panic; when
// it refuses a file it must say why, with no plan; when it accepts one,
// the plan must be valid and survive Encode then Decode unchanged (up to
// how IDs are handed out), and encode to the same bytes both times.
func FuzzDecode(f *testing.F) {
	golden, err := os.ReadFile(goldenPath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(golden)
	f.Add(BuiltInCSV())
	f.Add(bytes.ReplaceAll(golden, []byte("\r\n"), []byte("\n")))
	f.Add(csvBytes(f, smallFile()))
	withProfiles := BuiltIn()
	f.Add(encode(f, withProfiles, EncodeOptions{Profiles: map[model.ID]model.Profile{
		withProfiles.Lines[0].ID: {Kind: model.ProfileQuarters, Weights: []model.Money{model.Pounds(1), model.Pounds(2), model.Pounds(0), model.Pounds(1)}},
		withProfiles.Posts[0].ID: {Kind: model.ProfileOnePeriod, Period: 7},
	}}))
	f.Add([]byte(""))
	f.Add([]byte(bom))
	f.Add([]byte("Record\n"))
	f.Add([]byte("Record,Title,Kind\nPlan,'=x,2017/18\n"))
	f.Add([]byte("Record,Priority,Title,Owner or team,Kind,PCC priorities,Amount,Status,FTE,Annual salary,Start month,End month,Grant share %,Other funder,On-costs override,Notes\n" +
		"Plan,,P,,2017,,,,,,,,,,,\nPriority,R,,,,,,,,,,,,,,\nPCC priority,,T,,,,,,,,,,,,,\n" +
		"Post,r,\"''=a\r\nb\",,,t;;T,,,.5,£1k,apr,9,50%,,1.5k,\"x\ry\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// An import reads the rows first, to see whose layout the header
		// is, then decodes those rows: that must be DecodeFile's answer.
		if rows, err := ReadRows(bytes.NewReader(data)); err == nil {
			p1, info1, err1 := DecodeFile(bytes.NewReader(data))
			p2, info2, err2 := DecodeReadRows(rows)
			if fmt.Sprint(err1) != fmt.Sprint(err2) || !reflect.DeepEqual(info1, info2) ||
				(p1 == nil) != (p2 == nil) || (p1 != nil && len(plantest.DiffPlans(p1, p2)) > 0) {
				t.Fatalf("DecodeReadRows differs from DecodeFile:\n%v\n%v", err1, err2)
			}
		}
		p, err := Decode(bytes.NewReader(data))
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || len(de.Problems) == 0 {
				t.Fatalf("Decode error %v is not a *DecodeError with problems", err)
			}
			if p != nil {
				t.Fatal("Decode returned a plan with an error")
			}
			_ = de.Error()
			return
		}
		if errs := model.Errors(p.Validate()); len(errs) > 0 {
			t.Fatalf("Decode accepted a plan with errors: %v", errs)
		}
		first := encode(t, p, EncodeOptions{})
		back := decode(t, first)
		if d := plantest.DiffPlans(normalise(p), normalise(back)); len(d) > 0 {
			t.Fatalf("the plan changed on re-encoding:\n%s", joinLines(d))
		}
		if second := encode(t, back, EncodeOptions{}); !bytes.Equal(first, second) {
			t.Fatalf("encoding twice gave different bytes")
		}
	})
}

// FuzzLedger feeds ReadLedger arbitrary bytes against the built-in plan.
// It must never panic; a refusal is a *DecodeError listing at most
// MaxListed problems, with nothing to import; what it accepts is spend in
// a period of the year against an item of the plan, from a data row.
func FuzzLedger(f *testing.F) {
	for _, name := range []string{"ledger-q1.csv", "ledger-late.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
	}
	f.Add([]byte("Period,Line,Amount\nP1,Community champions,(1.00)\nP2,nothing,1\n"), true)
	f.Add([]byte("Date,Cost centre,Account,Debit,Credit\n2017-05-01,CS1,2,,1 CR\n"), false)
	f.Add([]byte(bom+"period;line;amount\n"), false)
	f.Add([]byte(""), true)
	p := BuiltIn()
	items := map[model.ID]bool{}
	for _, it := range p.Items() {
		items[it.ID] = true
	}
	f.Fuzz(func(t *testing.T, data []byte, skip bool) {
		res, err := ReadLedger(bytes.NewReader(data), "fuzz.csv", p, nil, LedgerOptions{SkipUnmatched: skip})
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || len(de.Problems) == 0 || len(de.Problems) > MaxListed || de.Total < len(de.Problems) {
				t.Fatalf("error %v is not a *DecodeError with 1 to %d problems", err, MaxListed)
			}
			if len(res.Actuals) != 0 {
				t.Fatal("ReadLedger returned actuals with an error")
			}
			_ = de.Error()
			return
		}
		if len(res.Import.SHA256) != 64 || len(res.Actuals) > res.Import.Rows || len(res.Unmatched) > MaxListed {
			t.Fatalf("result out of bounds: %d actuals of %d rows, hash %q", len(res.Actuals), res.Import.Rows, res.Import.SHA256)
		}
		for _, a := range res.Actuals {
			if !items[a.Item] || !a.Period.Valid() || a.Amount.IsZero() || a.Source.Row < 2 || a.Source.File != "fuzz.csv" {
				t.Fatalf("actual %+v is not spend against an item in a period from a data row", a)
			}
		}
	})
}
