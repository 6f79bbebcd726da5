package findingsv2

import (
	"encoding/json"
	"testing"
)

// BenchmarkMapping measures what GetFindingsV2 adds to GetFindings for each finding:
// mapping the decoded ASFF document to OCSF and encoding it (appendJSON, with encoding/json
// beside it for comparison), and, for scale, decoding a stored document.
func BenchmarkMapping(b *testing.B) {
	raw := []byte(guardDutyFinding)
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			decode(raw)
		}
	})
	doc, _ := decode(raw)
	b.Run("map", func(b *testing.B) {
		for b.Loop() {
			ToOCSF(doc)
		}
	})
	o := ToOCSF(doc)
	b.Run("encoding-json", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(o)
		}
	})
	b.Run("appendJSON", func(b *testing.B) {
		for b.Loop() {
			appendJSON(nil, o)
		}
	})
}
