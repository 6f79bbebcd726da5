package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
)

// stdDecode is what the binder did before decodeJSON: json.Decoder with UseNumber, one value.
func stdDecode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(data[dec.InputOffset():])) > 0 {
		return nil, errTrailingData
	}
	return v, nil
}

var decodeCases = []string{
	`{}`, `[]`, `"x"`, `1`, `-1.5e+10`, `true`, `false`, `null`,
	` { "a" : [ 1 , 2.0 , "three" , null , true , { } , [ ] ] } `,
	`{"a":1,"a":2}`,                                  // the last of a repeated name wins
	`{"esc":"\"\\\/\b\f\n\r\t\u00e9\u0000"}`,         // escapes, U+0000
	`{"pair":"\ud83d\ude00","lone":"\ud83d"}`,        // a surrogate pair, and a lone half
	`{"utf8":"héllo 世界","bad":"` + "\xff\xfe" + `"}`, // invalid UTF-8 becomes U+FFFD
	`{"n\u0061me":"escaped member name"}`,
	`{"big":12345678901234567890123,"neg":-0,"exp":1E400}`,
	`{"list":[{"Id":"a","ProductArn":"p"},{"Id":"b","ProductArn":"p"}]}`,
	`{"` + strings.Repeat("k", 200) + `":"` + strings.Repeat("v", 200) + `"}`,
	// Invalid: each must fail with json.Decoder's own message.
	``, `{`, `{"a":}`, `[1,]`, `{"a":1}x`, `{"a":1} {}`, `nul`, `"\x"`, "\"a\x01\"", `01`, `{"a" 1}`,
}

// TestDecodeJSONIsTheDecoders checks decodeJSON against json.Decoder with UseNumber, values
// and errors alike.
func TestDecodeJSONIsTheDecoders(t *testing.T) {
	for _, in := range decodeCases {
		compareDecoders(t, []byte(in))
	}
}

func compareDecoders(t *testing.T, in []byte) {
	t.Helper()
	want, wantErr := stdDecode(in)
	got, gotErr := decodeJSON(in, Allowance{})
	if (wantErr == nil) != (gotErr == nil) || (wantErr != nil && wantErr.Error() != gotErr.Error()) {
		t.Fatalf("%q: error %v, json.Decoder says %v", in, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: decoded %#v, json.Decoder %#v", in, got, want)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, in := range decodeCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) { compareDecoders(t, in) })
}

// TestDecodeJSONSharesRepeatedStrings checks that member names and short values repeated
// through a list are one string each, so that a list of many small objects costs its maps.
func TestDecodeJSONSharesRepeatedStrings(t *testing.T) {
	v, err := decodeJSON([]byte(`[{"ProductArn":"arn:p"},{"ProductArn":"arn:p"}]`), Allowance{})
	if err != nil {
		t.Fatal(err)
	}
	list := v.([]any)
	a, b := list[0].(map[string]any)["ProductArn"], list[1].(map[string]any)["ProductArn"]
	if a != b || unsafe.StringData(a.(string)) != unsafe.StringData(b.(string)) {
		t.Error("the repeated value is not shared")
	}
}

// TestDecodeJSONAllowance checks that a document beyond its allowance asks for more, and that
// a refusal stops the decoding.
func TestDecodeJSONAllowance(t *testing.T) {
	body := []byte(`{"FindingIdentifiers":[` + strings.Repeat(`{"Id":"a","ProductArn":"b"},`, 20_000) + `{}]}`)
	var asked int64
	grant := func(n int64) bool { asked += n; return true }
	if _, err := decodeJSON(body, Allowance{Bytes: int64(len(body)), More: grant}); err != nil || asked == 0 {
		t.Fatalf("granted: err %v, asked for %d bytes more", err, asked)
	}
	// Each small object costs a map: many times its 29 bytes of JSON.
	if asked < 5*int64(len(body)) {
		t.Errorf("asked for %d bytes more for a %d-byte body of small objects", asked, len(body))
	}
	refuse := func(int64) bool { return false }
	if _, err := decodeJSON(body, Allowance{Bytes: int64(len(body)), More: refuse}); !errors.Is(err, errAllowance) {
		t.Fatalf("refused: err %v, want errAllowance", err)
	}
	if _, err := decodeJSON(body, Allowance{Bytes: 100 * int64(len(body)), More: refuse}); err != nil {
		t.Fatalf("within the allowance: %v", err)
	}
}

// TestBindAnswersRefusedAllowance checks the binder's answer to a document refused more
// memory: the allowance's error (the server's throttling error), not an input error.
func TestBindAnswersRefusedAllowance(t *testing.T) {
	m := awsmodel.MustLoad("securityhub")
	op := m.Operations["BatchUpdateFindings"]
	body := `{"FindingIdentifiers":[` + strings.Repeat(`{"Id":"a","ProductArn":"b"},`, 1000) + `{"Id":"a","ProductArn":"b"}]}`
	r := httptest.NewRequest("PATCH", "/findings/batchupdate", strings.NewReader(body))
	r = r.WithContext(WithAllowance(r.Context(), Allowance{Bytes: 1000, More: func(int64) bool { return false },
		Refused: apierr.Throttled.New()}))
	if _, aerr := bind(op, r, nil, []byte(body), nil); aerr == nil || aerr.Code != "TooManyRequestsException" || aerr.Status != 429 {
		t.Fatalf("bind = %+v, want 429 TooManyRequestsException", aerr)
	}
	r = httptest.NewRequest("PATCH", "/findings/batchupdate", strings.NewReader(body))
	if _, aerr := bind(op, r, nil, []byte(body), nil); aerr != nil {
		t.Fatalf("without an allowance: %+v", aerr)
	}
}
