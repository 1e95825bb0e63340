package planfile

import (
	"os"
	"strings"
	"testing"

	"csplan/model"
)

// testdata/libreoffice-resaved-edited.csv is the built-in plan exported by
// csplan, opened in LibreOffice Calc 7 (as a spreadsheet, then saved as .ods),
// one cost typed over (Modern slavery awareness: 7500), and saved as CSV
// with every text cell quoted: no byte order mark, LF line ends, whole
// numbers without decimals. It must read back as the same plan but for
// that one cost. It was captured before the built-in plan's notes were
// rewritten to say which of its facts are illustrative, so its notes are
// the old ones: the test checks they decode as text, quotes and all, and
// compares the rest.
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
	const oldNote = `Source: City of Wolverhampton Council, Cabinet (Resources) Panel report "Police and Crime Commissioner Community Safety Allocation 2017/18", 28 February 2017. The grant`
	if !strings.HasPrefix(got.Info.Notes, oldNote) {
		t.Fatalf("plan notes decoded as %q", got.Info.Notes)
	}
	want := BuiltIn()
	if len(want.Lines) != len(got.Lines) || len(want.Posts) != len(got.Posts) {
		t.Fatalf("%d lines and %d posts, want %d and %d", len(got.Lines), len(got.Posts), len(want.Lines), len(want.Posts))
	}
	want.Info.Notes = got.Info.Notes
	for i := range want.Lines {
		want.Lines[i].Notes = got.Lines[i].Notes
	}
	for i := range want.Posts {
		want.Posts[i].Notes = got.Posts[i].Notes
	}
	for i := range want.Lines {
		if want.Lines[i].Title == "Modern slavery awareness" {
			want.Lines[i].Cost = model.Pounds(7500)
		}
	}
	requireSamePlan(t, want, got)
}
