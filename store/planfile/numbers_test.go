package planfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestDecodeRefusesAmbiguousAmounts: a European thousands separator must
// not be read as a decimal point (19.430 imported as £19.43), nor a
// decimal comma guessed; both readings are named.
func TestDecodeRefusesAmbiguousAmounts(t *testing.T) {
	rows := smallFile()
	rows[2][colAmount] = "12.000"
	rows[6][colAmount] = "1,50"
	rows[7][colSalary] = "19.430"
	requireProblems(t, csvBytes(t, rows), []want{
		{3, "Amount", "could be £12 or £12,000: write 12 or 12,000"},
		{7, "Amount", "could be £1.50 (a decimal comma) or £150"},
		{8, "Annual salary", "could be £19.43 or £19,430: write 19.43 or 19,430"},
	})
}

// TestDecodeLeadingZeros: 0000001 is £1.
func TestDecodeLeadingZeros(t *testing.T) {
	rows := smallFile()
	rows[6][colAmount] = "0000000000000000001"
	if p := decode(t, csvBytes(t, rows)); p.Lines[0].Cost.Plain() != "1.00" {
		t.Errorf("cost %s, want 1.00", p.Lines[0].Cost.Plain())
	}
}

// TestDecodeRefusesATotalOverTheCap: each amount is under £1bn, but the
// lines come to more, a figure csplan could not read back.
func TestDecodeRefusesATotalOverTheCap(t *testing.T) {
	rows := smallFile()
	rows[6][colAmount] = "600,000,000"
	extra := append([]string(nil), rows[6]...)
	extra[colTitle] = "Second"
	rows = append(rows, extra)
	_, err := Decode(bytes.NewReader(csvBytes(t, rows)))
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Error(), "the lines come to £1,200,000,000") {
		t.Fatalf("Decode error = %v, want the lines' total refused", err)
	}
}
