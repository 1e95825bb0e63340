package planfile

import (
	"bytes"
	"errors"
	"os"
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
	f.Add([]byte(""))
	f.Add([]byte(bom))
	f.Add([]byte("Record\n"))
	f.Add([]byte("Record,Title,Kind\nPlan,'=x,2017/18\n"))
	f.Add([]byte("Record,Priority,Title,Owner or team,Kind,PCC priorities,Amount,Status,FTE,Annual salary,Start month,End month,Grant share %,Other funder,On-costs override,Notes\n" +
		"Plan,,P,,2017,,,,,,,,,,,\nPriority,R,,,,,,,,,,,,,,\nPCC priority,,T,,,,,,,,,,,,,\n" +
		"Post,r,\"''=a\r\nb\",,,t;;T,,,.5,£1k,apr,9,50%,,1.5k,\"x\ry\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
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
