package wire

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/shapes"
	orgshapes "github.com/sechub/sechub/internal/shapes/organizations"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
)

// TestGeneratedTypesFitEveryOperation checks that the generated input and output types of
// every operation pass the check Handle makes, and that a wrong type does not.
func TestGeneratedTypesFitEveryOperation(t *testing.T) {
	for svc, ops := range map[string]map[string][2]any{"securityhub": sh.Operations, "organizations": orgshapes.Operations} {
		m := awsmodel.MustLoad(svc)
		if len(ops) != len(m.Operations) {
			t.Errorf("%s: %d operations generated, model has %d", svc, len(ops), len(m.Operations))
		}
		for name, types := range ops {
			checkTypes(m.Operations[name], Handler{in: reflect.TypeOf(types[0]), out: reflect.TypeOf(types[1])})
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a handler with the wrong input type was accepted")
		}
	}()
	checkTypes(awsmodel.MustLoad("securityhub").Operations["DescribeHub"],
		Handler{in: reflect.TypeFor[sh.GetMembersRequest](), out: reflect.TypeFor[sh.DescribeHubResponse]()})
}

// TestTypedBindsEveryLocation runs a typed handler through the rest-json service: path, query
// string and body members land in the generated input, and the output encodes as AWS does.
func TestTypedBindsEveryLocation(t *testing.T) {
	m := awsmodel.MustLoad("securityhub")
	s := NewRestJSON(m, nil)
	var got sh.GetFindingHistoryRequest
	s.Handle("GetFindingHistory", Typed(func(_ context.Context, _ identity.Caller, in *sh.GetFindingHistoryRequest) (*sh.GetFindingHistoryResponse, error) {
		got = *in
		return &sh.GetFindingHistoryResponse{Records: []sh.FindingHistoryRecord{{
			FindingCreated: new(true),
			UpdateTime:     shapes.Timestamp(time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)),
			Updates:        []sh.FindingHistoryUpdate{},
		}}}, nil
	}))
	var listed sh.ListMembersRequest
	s.Handle("ListMembers", Typed(func(_ context.Context, _ identity.Caller, in *sh.ListMembersRequest) (*sh.ListMembersResponse, error) {
		listed = *in
		return nil, nil
	}))

	body := `{"FindingIdentifier":{"Id":"f1","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/securityhub"},"StartTime":"2026-01-01T00:00:00Z","MaxResults":7}`
	w := httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/findingHistory/get", strings.NewReader(body))
	s.Serve(w, r, identity.Caller{}, "req", []byte(body))
	if w.Code != 200 {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	if got.FindingIdentifier == nil || got.FindingIdentifier.Id != "f1" || got.MaxResults == nil || *got.MaxResults != 7 ||
		!got.StartTime.Time().Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !got.EndTime.IsZero() {
		t.Errorf("input = %+v", got)
	}
	if want := `{"Records":[{"FindingCreated":true,"UpdateTime":"2026-01-02T03:04:05.006Z","Updates":[]}]}`; w.Body.String() != want {
		t.Errorf("output = %s, want %s", w.Body, want)
	}

	w = httptest.NewRecorder()
	r = httptest.NewRequest("GET", "/members?OnlyAssociated=false&MaxResults=3&NextToken=t", nil)
	s.Serve(w, r, identity.Caller{}, "req", nil)
	if w.Code != 200 || w.Body.String() != "{}" || listed.OnlyAssociated == nil || *listed.OnlyAssociated || *listed.MaxResults != 3 || listed.NextToken != "t" {
		t.Errorf("ListMembers: %d %s, input %+v", w.Code, w.Body, listed)
	}
}

// TestFillDocumentsAndMaps: documents keep their JSON (numbers exact), maps and lists of
// structures are filled, absent members stay absent.
func TestFillDocumentsAndMaps(t *testing.T) {
	var doc map[string]any
	dec := json.NewDecoder(strings.NewReader(`{"Findings":[{"Id":"x","Confidence":12345678901234567890}],
		"Tags":{"a":"b"},"StandardsSubscriptionRequests":[{"StandardsArn":"s","StandardsInput":{"k":"v"}}]}`))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	var imp sh.BatchImportFindingsRequest
	if err := fill(reflect.ValueOf(&imp).Elem(), doc); err != nil {
		t.Fatal(err)
	}
	f := imp.Findings[0].Object()
	if f["Id"] != "x" || f["Confidence"] != json.Number("12345678901234567890") {
		t.Errorf("finding document = %v", f)
	}
	var en sh.EnableSecurityHubRequest
	if err := fill(reflect.ValueOf(&en).Elem(), doc); err != nil || en.Tags["a"] != "b" || en.EnableDefaultStandards != nil {
		t.Errorf("EnableSecurityHubRequest = %+v, %v", en, err)
	}
	var std sh.BatchEnableStandardsRequest
	if err := fill(reflect.ValueOf(&std).Elem(), doc); err != nil || std.StandardsSubscriptionRequests[0].StandardsInput["k"] != "v" {
		t.Errorf("BatchEnableStandardsRequest = %+v, %v", std, err)
	}
}
