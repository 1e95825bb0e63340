package planfile

import (
	"bytes"
	_ "embed"

	"csplan/model"
)

// builtinCSV is the Safer Wolverhampton Partnership's 2017/18 plan, from the
// Cabinet (Resources) Panel report of 28 February 2017. It is kept as a CSV
// file in the export format, not as Go literals, so that it reads like the
// spreadsheet an officer would hand over and is checked by the same decoder
// as any import. Its line amounts and salaries are illustrative (the
// report's Appendix A was not published); its plan notes say so.
//
//go:embed builtin.csv
var builtinCSV []byte

// BuiltInCSV returns the built-in 2017/18 plan as the CSV file it is kept
// in. The slice is a copy; the caller may change it.
func BuiltInCSV() []byte { return bytes.Clone(builtinCSV) }

// BuiltIn returns a fresh copy of the built-in 2017/18 plan: Safer
// Wolverhampton Partnership, £369,000 confirmed grant plus £38,000 pending
// carry-forward, fully allocated at £407,000. It panics only if the
// embedded file does not decode, which the package's tests rule out.
func BuiltIn() *model.Plan {
	p, err := Decode(bytes.NewReader(builtinCSV))
	if err != nil {
		panic("planfile: the embedded built-in plan does not decode: " + err.Error())
	}
	return p
}
