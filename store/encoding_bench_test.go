package store

import (
	"encoding/json"
	"testing"

	"csplan/model"
)

// BenchmarkRecordDecode measures the ways a stored line could be read
// back, for issue 12's choice of record encoding: the strict JSON decode
// csplan uses (unknown fields refused), and plain json.Unmarshal (which
// would accept them), one record at a time as bbolt stores them. The
// record's size is reported as bytes/record.
func BenchmarkRecordDecode(b *testing.B) {
	lines := GeneratePlan(1000, 0, 1).Lines
	js := make([][]byte, len(lines))
	var jsBytes int
	for i, l := range lines {
		var err error
		if js[i], err = json.Marshal(l); err != nil {
			b.Fatal(err)
		}
		jsBytes += len(js[i])
	}
	b.Run("strict-json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var l model.Line
			if err := strictJSON(js[i%len(js)], &l); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(jsBytes)/float64(len(js)), "bytes/record")
	})
	b.Run("json-unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var l model.Line
			if err := json.Unmarshal(js[i%len(js)], &l); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(jsBytes)/float64(len(js)), "bytes/record")
	})
}
