package findingsv2

import (
	"encoding/json"
	"strconv"
	"testing"
)

// TestAppendJSON checks the encoder against encoding/json on the representative findings'
// OCSF forms and on strings that need escaping.
func TestAppendJSON(t *testing.T) {
	var docs []any
	for _, raw := range []string{controlFinding, guardDutyFinding, inspectorFinding, customFinding} {
		d, err := decode([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ToOCSF(d))
	}
	docs = append(docs, map[string]any{"s": "quote \" backslash \\ newline \n tab \t nul \x00 bell \x07 é ☃ <&>", "bad": "\xff",
		"n": json.Number("1.5e3"), "f": 0.25, "b": false, "null": nil, "list": []any{}, "empty": map[string]any{}})
	for _, d := range docs {
		var want, got any
		raw, _ := json.Marshal(d)
		json.Unmarshal(raw, &want)
		if err := json.Unmarshal(appendJSON(nil, d), &got); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, appendJSON(nil, d))
		}
		wantJSON, _ := json.Marshal(want)
		gotJSON, _ := json.Marshal(got)
		if string(wantJSON) != string(gotJSON) {
			t.Errorf("appendJSON differs from encoding/json:\n%s\n%s", gotJSON, wantJSON)
		}
	}
}

// TestMapAllKeepsOrder checks that mapping a page on several cores keeps its order.
func TestMapAllKeepsOrder(t *testing.T) {
	var docs []map[string]any
	for i := range 41 {
		d, _ := decode([]byte(customFinding))
		d["Id"] = "scan-" + strconv.Itoa(i)
		docs = append(docs, d)
	}
	out := mapAll(docs)
	for i, raw := range out {
		var got map[string]any
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if uid := got["finding_info"].(map[string]any)["uid"]; uid != "scan-"+strconv.Itoa(i) {
			t.Fatalf("finding %d is %v", i, uid)
		}
	}
}
