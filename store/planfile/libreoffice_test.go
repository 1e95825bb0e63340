package planfile

import (
	"os"
	"testing"

	"csplan/model"
)

// testdata/libreoffice-resaved-edited.csv is the built-in plan exported by
// csplan, opened in LibreOffice Calc 7 (as a spreadsheet, then saved as .ods),
// one cost typed over (Modern slavery awareness: 7500), and saved as CSV
// with every text cell quoted: no byte order mark, LF line ends, whole
// numbers without decimals. It must read back as the same plan but for
// that one cost.
func TestDecodeLibreOfficeResave(t *testing.T) {
	f, err := os.Open("testdata/libreoffice-resaved-edited.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	want := BuiltIn()
	for i := range want.Lines {
		if want.Lines[i].Title == "Modern slavery awareness" {
			want.Lines[i].Cost = model.Pounds(7500)
		}
	}
	requireSamePlan(t, want, got)
}
