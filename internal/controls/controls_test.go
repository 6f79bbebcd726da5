package controls

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/awsmodel"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/controls/catalogue"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/findings"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/tags"
)

var ctx = context.Background()

const (
	fsbp  = "standards/aws-foundational-security-best-practices/v/1.0.0"
	cis12 = "ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	cis14 = "standards/cis-aws-foundations-benchmark/v/1.4.0"
	nist  = "standards/nist-800-53/v/5.0.0"
	tag   = "standards/aws-resource-tagging-standard/v/1.0.0"
)

var (
	alice = identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "111111111111", Principal: "arn:aws:iam::111111111111:root"}
	bob   = identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "222222222222", Principal: "arn:aws:iam::222222222222:root"}
	off   = identity.Caller{Partition: "aws", Region: "eu-west-1", AccountID: "111111111111", Principal: "arn:aws:iam::111111111111:root"}
)

// testCatalog is a small catalogue with the shapes the rules care about: a control in
// several standards with standard-specific ids, parameters of several types, and enough
// controls in FSBP to page.
func testCatalog() []catalogue.Control {
	in := func(std, id string, req ...string) catalogue.Membership {
		suffix := strings.TrimPrefix(id, "CIS.")
		return catalogue.Membership{Standard: std, ControlID: id, ARNSuffix: suffix, Requirements: req}
	}
	param := func(name, options string) catalogue.Parameter {
		return catalogue.Parameter{Name: name, Options: json.RawMessage(options)}
	}
	list := []catalogue.Control{
		{ID: "ACM.1", Title: "Certificates should be renewed", Severity: "MEDIUM",
			Standards:  []catalogue.Membership{in(fsbp, "ACM.1", "NIST.800-53.r5 SC-28"), in(nist, "ACM.1", "NIST.800-53.r5 SC-28")},
			Parameters: []catalogue.Parameter{param("daysToExpiration", `{"Integer":{"DefaultValue":30,"Min":14,"Max":365}}`)}},
		{ID: "CloudTrail.1", Title: "CloudTrail should be enabled", Severity: "HIGH",
			Standards: []catalogue.Membership{in(fsbp, "CloudTrail.1"), in(cis12, "CIS.2.1", "CIS AWS Foundations 2.1"), in(cis14, "3.1", "CIS AWS Foundations Benchmark v1.4.0/3.1")}},
		{ID: "EC2.18", Title: "Security groups should only allow authorized ports", Severity: "HIGH",
			Standards: []catalogue.Membership{in(fsbp, "EC2.18")},
			Parameters: []catalogue.Parameter{
				param("authorizedTcpPorts", `{"IntegerList":{"DefaultValue":[80,443],"Min":1,"Max":65535,"MaxItems":32}}`),
				param("mode", `{"Enum":{"DefaultValue":"STRICT","AllowedValues":["STRICT","LAX"]}}`),
				param("ratio", `{"Double":{"DefaultValue":0.5,"Min":0,"Max":1}}`),
				param("strict", `{"Boolean":{"DefaultValue":true}}`)}},
		{ID: "ACM.3", Title: "Certificates should be tagged", Severity: "LOW",
			Standards:  []catalogue.Membership{in(tag, "ACM.3")},
			Parameters: []catalogue.Parameter{param("requiredTagKeys", `{"StringList":{"MaxItems":2,"Re2Expression":"^[a-z]+$"}}`)}},
	}
	for i := range 30 {
		id := fmt.Sprintf("Gen.%d", i+1)
		list = append(list, catalogue.Control{ID: id, Title: "Generated " + id, Severity: "LOW",
			Standards: []catalogue.Membership{in(fsbp, id)}})
	}
	return list
}

type fixture struct {
	svc  *Service
	stds *standards.Service
	now  time.Time
}

// newFixture runs the controls domain on a fresh store in which alice and bob have their hubs
// on in us-east-1 with the given standards (FSBP, CIS 1.2.0 and 1.4.0 by default).
func newFixture(t *testing.T, enabled ...string) *fixture {
	t.Helper()
	if len(enabled) == 0 {
		enabled = []string{fsbp, cis12, cis14}
	}
	st := storetest.Open(t, hub.Schema, standards.Schema, tags.Schema, findings.Schema, Schema)
	f := &fixture{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	clk := clock.Clock{Source: func() time.Time { return f.now }}
	stds := &standards.Service{Store: st, Clock: clk, RequireHub: func(tx store.Tx, key store.AccountKey) error {
		_, err := hub.Require(tx, key)
		return err
	}}
	for _, c := range []identity.Caller{alice, bob} {
		if err := st.Update(ctx, func(tx store.Tx) error { return hub.Create(tx, domain.Key(c), f.now, hub.SecurityControl, nil, false) }); err != nil {
			t.Fatal(err)
		}
		var reqs []standards.EnableRequest
		for _, path := range enabled {
			d, _ := standards.ByPath(path)
			reqs = append(reqs, standards.EnableRequest{StandardsARN: d.ARN("aws", "us-east-1")})
		}
		if _, err := stds.BatchEnable(ctx, c, reqs); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := NewCatalog(testCatalog())
	if err != nil {
		t.Fatal(err)
	}
	f.svc = &Service{Store: st, Clock: clk, Pages: domain.SecurityHubPager([]byte("k")), Catalog: cat, UpdateSettle: time.Second,
		Findings: &findings.Service{Store: st, Clock: clk, Model: awsmodel.MustLoad("securityhub"),
			Visible: func(tx store.Tx, key store.AccountKey) ([]string, error) { return []string{key.AccountID}, nil }}}
	f.stds = stds
	stds.OnDisable(f.svc.standardDisabled)
	return f
}

func controlARN(c identity.Caller, std, suffix string) string {
	d, _ := standards.ByPath(std)
	return "arn:aws:securityhub:" + c.Region + ":" + c.AccountID + ":control/" + d.ResourceSuffix() + "/" + suffix
}

func subscriptionARN(c identity.Caller, std string) string {
	d, _ := standards.ByPath(std)
	return d.SubscriptionARN("aws", c.Region, c.AccountID)
}

// wantErr checks that err is the error def (nil def: no error).
func wantErr(t *testing.T, what string, err error, def *apierr.Def) {
	t.Helper()
	switch {
	case def == nil && err != nil:
		t.Fatalf("%s: %v", what, err)
	case def != nil && !def.Is(err):
		t.Fatalf("%s: got %v, want %s %d", what, err, def.Code, def.Status)
	}
}

func TestUpdateStandardsControlRules(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name           string
		caller         identity.Caller
		arn            string
		status, reason string
		want           *apierr.Def
	}{
		{"disable without a reason", alice, controlARN(alice, fsbp, "ACM.1"), "DISABLED", "", &apierr.DisabledReasonRequired},
		{"enable with a reason", alice, controlARN(alice, fsbp, "ACM.1"), "ENABLED", "why", &apierr.DisabledReasonNotAllowed},
		{"no status", alice, controlARN(alice, fsbp, "ACM.1"), "", "", &apierr.ControlStatusRequired},
		{"another account's control", alice, controlARN(bob, fsbp, "ACM.1"), "DISABLED", "x", &apierr.NotAuthorizedOnResource},
		{"unknown control", alice, controlARN(alice, fsbp, "ACM.99"), "DISABLED", "x", &apierr.StandardsControlNotFound},
		{"control of another standard", alice, controlARN(alice, cis14, "ACM.1"), "DISABLED", "x", &apierr.StandardsControlNotFound},
		{"standard not enabled", alice, controlARN(alice, nist, "ACM.1"), "DISABLED", "x", &apierr.StandardsControlNotFound},
		{"CIS 1.2.0 by its ARN suffix, not its control id", alice, controlARN(alice, cis12, "CIS.2.1"), "DISABLED", "x", &apierr.StandardsControlNotFound},
		{"other region", alice, strings.Replace(controlARN(alice, fsbp, "ACM.1"), "us-east-1", "us-west-2", 1), "DISABLED", "x", &apierr.StandardsControlNotFound},
		{"not an ARN", alice, "ACM.1", "DISABLED", "x", &apierr.StandardsControlNotFound},
		{"hub off", off, controlARN(off, fsbp, "ACM.1"), "DISABLED", "x", &apierr.NotSubscribed},
		{"enable with an empty reason, as Terraform sends", alice, controlARN(alice, fsbp, "ACM.1"), "ENABLED", "", nil},
		{"disable", alice, controlARN(alice, cis12, "2.1"), "DISABLED", "not used", nil},
		{"without an account, as the caller's", alice, strings.Replace(controlARN(alice, fsbp, "Gen.1"), alice.AccountID, "", 1), "DISABLED", "x", nil},
	} {
		err := f.svc.UpdateStandardsControl(ctx, tc.caller, tc.arn, tc.status, tc.reason)
		wantErr(t, tc.name, err, tc.want)
	}

	f.now = f.now.Add(time.Hour)
	wantErr(t, "disable", f.svc.UpdateStandardsControl(ctx, alice, controlARN(alice, fsbp, "CloudTrail.1"), "DISABLED", "compensated"), nil)
	list, _, err := describeControls(f.svc, alice, subscriptionARN(alice, fsbp), 100, "")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]Association{}
	for _, a := range list {
		byID[a.ControlID] = a
	}
	if a := byID["CloudTrail.1"]; a.Status != "DISABLED" || a.Reason != "compensated" || !a.UpdatedAt.Equal(f.now) {
		t.Fatalf("CloudTrail.1 after disabling: %+v", a)
	}
	if a := byID["ACM.1"]; a.Status != "ENABLED" || a.Reason != "" {
		t.Fatalf("ACM.1: %+v", a)
	}
	// Disabled in FSBP and CIS 1.2.0, still enabled in CIS 1.4.0: the security control is enabled.
	scs, _, err := f.svc.BatchGetSecurityControls(ctx, alice, []string{"CloudTrail.1"})
	if err != nil || len(scs) != 1 || scs[0].Status != "ENABLED" {
		t.Fatalf("CloudTrail.1 while enabled in CIS 1.4.0: %+v %v", scs, err)
	}
	wantErr(t, "disable in CIS 1.4.0", f.svc.UpdateStandardsControl(ctx, alice, controlARN(alice, cis14, "3.1"), "DISABLED", "x"), nil)
	scs, _, _ = f.svc.BatchGetSecurityControls(ctx, alice, []string{"CloudTrail.1"})
	if scs[0].Status != "DISABLED" {
		t.Fatalf("CloudTrail.1 disabled everywhere: %+v", scs[0])
	}
	// Bob's controls are his own.
	scs, _, _ = f.svc.BatchGetSecurityControls(ctx, bob, []string{"CloudTrail.1"})
	if scs[0].Status != "ENABLED" {
		t.Fatalf("bob's CloudTrail.1: %+v", scs[0])
	}
}

func TestDescribeStandardsControls(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name   string
		caller identity.Caller
		arn    string
		want   *apierr.Def
	}{
		{"another account's subscription", alice, subscriptionARN(bob, fsbp), &apierr.NotAuthorizedOnResource},
		{"not subscribed", alice, subscriptionARN(alice, nist), &apierr.StandardsSubscriptionMissing},
		{"not a subscription", alice, "arn:aws:securityhub:us-east-1:111111111111:hub/default", &apierr.StandardsSubscriptionMissing},
		{"hub off", off, subscriptionARN(off, fsbp), &apierr.NotSubscribed},
	} {
		_, _, err := describeControls(f.svc, tc.caller, tc.arn, 0, "")
		wantErr(t, tc.name, err, tc.want)
	}
	// 33 FSBP controls: default page of 25, then the rest.
	first, next, err := describeControls(f.svc, alice, subscriptionARN(alice, fsbp), 0, "")
	if err != nil || len(first) != 25 || next == "" {
		t.Fatalf("first page: %d %q %v", len(first), next, err)
	}
	rest, next, err := describeControls(f.svc, alice, subscriptionARN(alice, fsbp), 0, next)
	if err != nil || len(rest) != 8 || next != "" {
		t.Fatalf("second page: %d %q %v", len(rest), next, err)
	}
	cis, _, err := describeControls(f.svc, alice, subscriptionARN(alice, cis12), 0, "")
	if err != nil || len(cis) != 1 {
		t.Fatal(cis, err)
	}
	a := cis[0]
	if a.ControlID != "CIS.2.1" || a.ARN() != "arn:aws:securityhub:us-east-1:111111111111:control/cis-aws-foundations-benchmark/v/1.2.0/2.1" ||
		!slices.Equal(a.Requirements, []string{"CIS AWS Foundations 2.1"}) || a.Status != "ENABLED" || !a.UpdatedAt.Equal(f.now) {
		t.Fatalf("CIS 1.2.0 control: %+v %s", a, a.ARN())
	}
	// A token of one subscription does not continue another's listing.
	_, tok, _ := describeControls(f.svc, alice, subscriptionARN(alice, fsbp), 1, "")
	if _, _, err := describeControls(f.svc, alice, subscriptionARN(alice, cis14), 1, tok); !apierr.InvalidNextToken.Is(err) {
		t.Fatalf("foreign token: %v", err)
	}
}

func TestUpdateSecurityControlParameters(t *testing.T) {
	f := newFixture(t)
	upd := func(name string, v Value) map[string]ParameterUpdate {
		return map[string]ParameterUpdate{name: {Custom: true, Value: &v}}
	}
	ints := func(n ...int32) Value { return Value{Type: TypeInteger, Integers: n} }
	for _, tc := range []struct {
		name    string
		control string
		params  map[string]ParameterUpdate
		want    *apierr.Def
		message string
	}{
		{"unknown control", "ACM.99", upd("daysToExpiration", ints(20)), &apierr.SecurityControlNotFound, ""},
		{"no parameters", "ACM.1", map[string]ParameterUpdate{}, &apierr.ControlParameterInvalid, "At least one"},
		{"control without parameters", "CloudTrail.1", upd("x", ints(1)), &apierr.ControlParameterInvalid, "takes no parameters"},
		{"unknown parameter", "ACM.1", upd("days", ints(20)), &apierr.ControlParameterInvalid, "has no parameter days"},
		{"below the minimum", "ACM.1", upd("daysToExpiration", ints(13)), &apierr.ControlParameterInvalid, "between 14 and 365"},
		{"above the maximum", "ACM.1", upd("daysToExpiration", ints(366)), &apierr.ControlParameterInvalid, "between 14 and 365"},
		{"wrong type", "ACM.1", upd("daysToExpiration", Value{Type: TypeString, Strings: []string{"20"}}), &apierr.ControlParameterInvalid, "type Integer"},
		{"custom without a value", "ACM.1", map[string]ParameterUpdate{"daysToExpiration": {Custom: true}}, &apierr.ControlParameterInvalid, "no Value"},
		{"empty value", "ACM.1", upd("daysToExpiration", Value{}), &apierr.ControlParameterInvalid, "sets no member"},
		{"two members", "ACM.1", upd("daysToExpiration", Value{Type: "several"}), &apierr.ControlParameterInvalid, "exactly one"},
		{"list item out of range", "EC2.18", upd("authorizedTcpPorts", Value{Type: TypeIntegerList, Integers: []int32{80, 70000}}), &apierr.ControlParameterInvalid, "between 1 and 65535"},
		{"enum not allowed", "EC2.18", upd("mode", Value{Type: TypeEnum, Strings: []string{"LOOSE"}}), &apierr.ControlParameterInvalid, "allowed values"},
		{"double out of range", "EC2.18", upd("ratio", Value{Type: TypeDouble, Double: new(1.5)}), &apierr.ControlParameterInvalid, "between 0 and 1"},
		{"too many items", "ACM.3", upd("requiredTagKeys", Value{Type: TypeStringList, Strings: []string{"a", "b", "c"}}), &apierr.ControlParameterInvalid, "at most 2"},
		{"pattern", "ACM.3", upd("requiredTagKeys", Value{Type: TypeStringList, Strings: []string{"Owner"}}), &apierr.ControlParameterInvalid, "does not match"},
		{"another account's ARN", "arn:aws:securityhub:us-east-1:222222222222:security-control/ACM.1", upd("daysToExpiration", ints(20)), &apierr.NotAuthorizedOnResource, ""},
	} {
		err := f.svc.UpdateSecurityControl(ctx, alice, tc.control, tc.params, "")
		wantErr(t, tc.name, err, tc.want)
		if tc.message != "" && !strings.Contains(err.Error(), tc.message) {
			t.Fatalf("%s: message %q does not say %q", tc.name, err, tc.message)
		}
	}
	wantErr(t, "hub off", f.svc.UpdateSecurityControl(ctx, off, "ACM.1", upd("daysToExpiration", ints(20)), ""), &apierr.NotSubscribed)

	// Defaults before any update.
	scs, _, _ := f.svc.BatchGetSecurityControls(ctx, alice, []string{"ACM.1", "EC2.18", "ACM.3", "CloudTrail.1"})
	p := scs[0].Parameters["daysToExpiration"]
	if p.Custom || !p.HasValue || p.Value.Integers[0] != 30 || scs[0].UpdateStatus != "READY" {
		t.Fatalf("ACM.1 default: %+v", scs[0])
	}
	if p := scs[2].Parameters["requiredTagKeys"]; p.Custom || p.HasValue {
		t.Fatalf("a parameter without a default has no value: %+v", p)
	}
	if len(scs[3].Parameters) != 0 {
		t.Fatalf("CloudTrail.1 takes no parameters: %+v", scs[3].Parameters)
	}

	// A custom value; the control is UPDATING, then READY after the settle time.
	wantErr(t, "custom", f.svc.UpdateSecurityControl(ctx, alice, "arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1", upd("daysToExpiration", ints(15)), "Internal requirement"), nil)
	scs, _, _ = f.svc.BatchGetSecurityControls(ctx, alice, []string{"ACM.1"})
	if p := scs[0].Parameters["daysToExpiration"]; !p.Custom || p.Value.Integers[0] != 15 || scs[0].UpdateStatus != "UPDATING" || scs[0].LastUpdateReason != "Internal requirement" {
		t.Fatalf("ACM.1 right after the update: %+v", scs[0])
	}
	wantErr(t, "while updating", f.svc.UpdateSecurityControl(ctx, alice, "ACM.1", upd("daysToExpiration", ints(16)), ""), &apierr.SecurityControlUpdating)
	f.now = f.now.Add(time.Second)
	scs, _, _ = f.svc.BatchGetSecurityControls(ctx, alice, []string{"ACM.1"})
	if scs[0].UpdateStatus != "READY" {
		t.Fatalf("after the settle time: %+v", scs[0])
	}
	// DEFAULT ignores a Value, as AWS does, and restores the default.
	wantErr(t, "default", f.svc.UpdateSecurityControl(ctx, alice, "ACM.1",
		map[string]ParameterUpdate{"daysToExpiration": {Value: &Value{Type: TypeString}}}, ""), nil)
	scs, _, _ = f.svc.BatchGetSecurityControls(ctx, alice, []string{"ACM.1"})
	if p := scs[0].Parameters["daysToExpiration"]; p.Custom || p.Value.Integers[0] != 30 {
		t.Fatalf("back to default: %+v", p)
	}
	// Bob's ACM.1 never changed.
	scs, _, _ = f.svc.BatchGetSecurityControls(ctx, bob, []string{"ACM.1"})
	if p := scs[0].Parameters["daysToExpiration"]; p.Custom || scs[0].LastUpdateReason != "" {
		t.Fatalf("bob's ACM.1: %+v", scs[0])
	}
}

func TestBatchGetSecurityControlsUnprocessed(t *testing.T) {
	f := newFixture(t)
	ids := []string{"ACM.1", "Nope.1", "arn:aws:securityhub:us-east-1:222222222222:security-control/ACM.1",
		"arn:aws:securityhub:us-east-1:111111111111:security-control/CloudTrail.1", "arn:aws:securityhub:us-east-1:111111111111:hub/default"}
	scs, failures, err := f.svc.BatchGetSecurityControls(ctx, alice, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 2 || scs[0].Control.ID != "ACM.1" || scs[1].Control.ID != "CloudTrail.1" {
		t.Fatalf("processed: %+v", scs)
	}
	want := []Failure{{1, "RESOURCE_NOT_FOUND", ""}, {2, "ACCESS_DENIED", ""}, {4, "RESOURCE_NOT_FOUND", ""}}
	if len(failures) != len(want) {
		t.Fatalf("failures: %+v", failures)
	}
	for i, w := range want {
		if failures[i].Index != w.Index || failures[i].Code != w.Code || failures[i].Reason == "" {
			t.Fatalf("failure %d: %+v, want %+v", i, failures[i], w)
		}
	}
	if _, _, err := f.svc.BatchGetSecurityControls(ctx, off, []string{"ACM.1"}); !apierr.NotSubscribed.Is(err) {
		t.Fatalf("hub off: %v", err)
	}
}

func TestStandardsControlAssociations(t *testing.T) {
	f := newFixture(t)
	cis12ARN := "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	fsbpARN := "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	list, _, err := f.svc.ListStandardsControlAssociations(ctx, alice, "CloudTrail.1", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range list {
		got = append(got, a.StandardsARN())
	}
	want := []string{fsbpARN, cis12ARN, "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0"}
	if !slices.Equal(got, want) {
		t.Fatalf("associations of CloudTrail.1: %v, want %v", got, want)
	}
	// ACM.1 is in FSBP (enabled) and NIST (not enabled): one association.
	if list, _, _ := f.svc.ListStandardsControlAssociations(ctx, alice, "ACM.1", 0, ""); len(list) != 1 {
		t.Fatalf("ACM.1: %+v", list)
	}
	if _, _, err := f.svc.ListStandardsControlAssociations(ctx, alice, "Nope.1", 0, ""); !apierr.SecurityControlNotFound.Is(err) {
		t.Fatalf("unknown control: %v", err)
	}

	updates := []AssociationUpdate{
		{AssociationID{"CloudTrail.1", cis12ARN}, "DISABLED", "Not applicable"},
		{AssociationID{"CloudTrail.1", "arn:aws:securityhub:us-east-1:111111111111:ruleset/cis-aws-foundations-benchmark/v/1.2.0"}, "DISABLED", ""},
		{AssociationID{"Nope.1", fsbpARN}, "DISABLED", "x"},
		{AssociationID{"ACM.1", "arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0"}, "DISABLED", "x"},
		{AssociationID{"ACM.1", cis12ARN}, "DISABLED", "x"},
		{AssociationID{"ACM.1", "arn:aws:securityhub:us-east-1::standards/none/v/1.0.0"}, "DISABLED", "x"},
		{AssociationID{"arn:aws:securityhub:us-east-1:222222222222:security-control/ACM.1", fsbpARN}, "DISABLED", "x"},
		{AssociationID{"arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1", fsbpARN}, "ENABLED", "back on"},
	}
	failures, err := f.svc.BatchUpdateStandardsControlAssociations(ctx, alice, updates)
	if err != nil {
		t.Fatal(err)
	}
	wantCodes := map[int]string{1: "INVALID_INPUT", 2: "RESOURCE_NOT_FOUND", 3: "RESOURCE_NOT_FOUND", 4: "RESOURCE_NOT_FOUND", 5: "INVALID_INPUT", 6: "ACCESS_DENIED"}
	gotCodes := map[int]string{}
	for _, fl := range failures {
		gotCodes[fl.Index] = fl.Code
	}
	if fmt.Sprint(gotCodes) != fmt.Sprint(wantCodes) {
		t.Fatalf("failures %v, want %v", gotCodes, wantCodes)
	}
	details, unprocessed, err := f.svc.BatchGetStandardsControlAssociations(ctx, alice, []AssociationID{
		{"CloudTrail.1", cis12ARN}, {"ACM.1", fsbpARN}, {"ACM.1", cis12ARN}})
	if err != nil || len(details) != 2 || len(unprocessed) != 1 || unprocessed[0].Index != 2 {
		t.Fatalf("batch get: %+v %+v %v", details, unprocessed, err)
	}
	if d := details[0]; d.Status != "DISABLED" || d.Reason != "Not applicable" || d.ARN() != "arn:aws:securityhub:us-east-1:111111111111:control/cis-aws-foundations-benchmark/v/1.2.0/2.1" {
		t.Fatalf("CloudTrail.1 in CIS 1.2.0: %+v", d)
	}
	if d := details[1]; d.Status != "ENABLED" || d.Reason != "back on" {
		t.Fatalf("ACM.1 in FSBP: %+v", d)
	}
	// The standards control and the association are one thing.
	cis, _, _ := describeControls(f.svc, alice, subscriptionARN(alice, cis12), 0, "")
	if cis[0].Status != "DISABLED" || cis[0].Reason != "Not applicable" {
		t.Fatalf("DescribeStandardsControls after the association update: %+v", cis[0])
	}
	if _, err := f.svc.BatchUpdateStandardsControlAssociations(ctx, off, updates[:1]); !apierr.NotSubscribed.Is(err) {
		t.Fatalf("hub off: %v", err)
	}
}

func TestDefinitions(t *testing.T) {
	f := newFixture(t)
	all, next, err := f.svc.ListSecurityControlDefinitions(ctx, alice, "", 0, "")
	if err != nil || len(all) != 25 || next == "" {
		t.Fatalf("first page: %d %q %v", len(all), next, err)
	}
	cis, next, err := f.svc.ListSecurityControlDefinitions(ctx, alice, "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0", 0, "")
	if err != nil || len(cis) != 1 || cis[0].ID != "CloudTrail.1" || next != "" {
		t.Fatalf("CIS 1.4.0: %v %q %v", cis, next, err)
	}
	if _, _, err := f.svc.ListSecurityControlDefinitions(ctx, alice, "arn:aws:securityhub:us-east-1::standards/none/v/1", 0, ""); !apierr.StandardNotAvailable.Is(err) {
		t.Fatalf("unknown standard: %v", err)
	}
	if c, err := f.svc.GetSecurityControlDefinition(ctx, alice, "ACM.1"); err != nil || c.Params[0].Name != "daysToExpiration" {
		t.Fatal(c, err)
	}
	if _, err := f.svc.GetSecurityControlDefinition(ctx, alice, "arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1"); !apierr.SecurityControlIDExpected.Is(err) {
		t.Fatalf("an ARN: %v", err)
	}
	if _, err := f.svc.GetSecurityControlDefinition(ctx, alice, "ACM.99"); !apierr.SecurityControlNotFound.Is(err) {
		t.Fatalf("unknown: %v", err)
	}
	if _, err := f.svc.GetSecurityControlDefinition(ctx, off, "ACM.1"); !apierr.NotSubscribed.Is(err) {
		t.Fatalf("hub off: %v", err)
	}
}

func TestHubDisableForgetsControls(t *testing.T) {
	f := newFixture(t)
	wantErr(t, "disable", f.svc.UpdateStandardsControl(ctx, alice, controlARN(alice, fsbp, "ACM.1"), "DISABLED", "x"), nil)
	wantErr(t, "params", f.svc.UpdateSecurityControl(ctx, alice, "ACM.1", map[string]ParameterUpdate{"daysToExpiration": {Custom: true, Value: &Value{Type: TypeInteger, Integers: []int32{20}}}}, ""), nil)
	if err := f.svc.Store.Update(ctx, func(tx store.Tx) error { return removeAll(tx, domain.Key(alice)) }); err != nil {
		t.Fatal(err)
	}
	scs, _, _ := f.svc.BatchGetSecurityControls(ctx, alice, []string{"ACM.1"})
	if scs[0].Status != "ENABLED" || scs[0].Parameters["daysToExpiration"].Custom {
		t.Fatalf("after the hub was disabled: %+v", scs[0])
	}
}

// TestNewControlsFollowAutoEnableControls: a control that joins a standard after an account
// subscribed starts enabled only when the hub auto-enables new controls.
func TestNewControlsFollowAutoEnableControls(t *testing.T) {
	f := newFixture(t)
	std, _ := f.svc.Catalog.Standard(fsbp)
	std.Added["Gen.30"] = f.now.Add(time.Hour)
	std.Added["Gen.29"] = f.now.Add(-time.Hour) // before the subscription: an ordinary control
	f.now = f.now.Add(2 * time.Hour)
	status := func() map[string]string {
		list, _, err := describeControls(f.svc, alice, subscriptionARN(alice, fsbp), 100, "")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, a := range list {
			out[a.ControlID] = a.Status
		}
		return out
	}
	if s := status(); s["Gen.30"] != "ENABLED" || s["Gen.29"] != "ENABLED" {
		t.Fatalf("with AutoEnableControls on: %v", s)
	}
	hubs := &hub.Service{Store: f.svc.Store, Clock: f.svc.Clock}
	if err := hubs.UpdateConfiguration(ctx, alice, new(false), ""); err != nil {
		t.Fatal(err)
	}
	if s := status(); s["Gen.30"] != "DISABLED" || s["Gen.29"] != "ENABLED" {
		t.Fatalf("with AutoEnableControls off: %v", s)
	}
	wantErr(t, "enable by hand", f.svc.UpdateStandardsControl(ctx, alice, controlARN(alice, fsbp, "Gen.30"), "ENABLED", ""), nil)
	if s := status(); s["Gen.30"] != "ENABLED" {
		t.Fatalf("after enabling it: %v", s)
	}
}

// TestCatalogue indexes the real catalogue and compiles every parameter's expression, which
// the server compiles only when a value is checked.
func TestCatalogue(t *testing.T) {
	cat, err := NewCatalog(catalogue.All())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cat.Controls {
		for _, p := range c.Params {
			if p.pattern != "" {
				if _, err := regexp.Compile(p.pattern); err != nil {
					t.Errorf("%s %s: %v", c.ID, p.Name, err)
				}
			}
		}
	}
	fsbpStd, _ := cat.Standard(fsbp)
	if len(fsbpStd.Members) != len(catalogue.InStandard(fsbp)) || len(fsbpStd.Members) < 350 {
		t.Fatalf("FSBP: %d controls", len(fsbpStd.Members))
	}
}

// getFinding reads one finding by id through the findings domain.
func getFinding(t *testing.T, f *fixture, c identity.Caller, id string) map[string]any {
	t.Helper()
	var list []findings.Finding
	err := f.svc.Store.View(ctx, func(tx store.Tx) (err error) {
		list, err = f.svc.controlFindings(tx, c, map[string]any{"Id": equals(id)}, f.now)
		return err
	})
	if err != nil || len(list) != 1 {
		t.Fatalf("finding %s: %v %v", id, list, err)
	}
	return list[0]
}

func TestEvaluationsMakeControlFindings(t *testing.T) {
	f := newFixture(t)
	account := Evaluation{SecurityControlID: "CloudTrail.1", ResourceType: "AwsAccount", ResourceID: "AWS::::Account:111111111111", ComplianceStatus: "FAILED"}
	for _, tc := range []struct {
		name   string
		caller identity.Caller
		e      Evaluation
		want   *apierr.Def
	}{
		{"bad status", alice, Evaluation{SecurityControlID: "CloudTrail.1", ResourceType: "AwsAccount", ResourceID: "x", ComplianceStatus: "BROKEN"}, &apierr.EvaluationInvalid},
		{"no resource", alice, Evaluation{SecurityControlID: "CloudTrail.1", ComplianceStatus: "PASSED"}, &apierr.EvaluationInvalid},
		{"unknown control", alice, Evaluation{SecurityControlID: "Nope.1", ResourceType: "AwsAccount", ResourceID: "x", ComplianceStatus: "PASSED"}, &apierr.SecurityControlNotFound},
		{"control in no enabled standard", alice, Evaluation{SecurityControlID: "ACM.3", ResourceType: "AwsAcmCertificate", ResourceID: "x", ComplianceStatus: "PASSED"}, &apierr.EvaluationInvalid},
		{"hub off", off, account, &apierr.NotSubscribed},
	} {
		_, err := f.svc.Evaluate(ctx, tc.caller, tc.e)
		wantErr(t, tc.name, err, tc.want)
	}

	ids, err := f.svc.Evaluate(ctx, alice, account)
	if err != nil || len(ids) != 1 || !strings.HasPrefix(ids[0], "arn:aws:securityhub:us-east-1:111111111111:security-control/CloudTrail.1/finding/") {
		t.Fatalf("consolidated finding: %v %v", ids, err)
	}
	created := f.now
	fd := getFinding(t, f, alice, ids[0])
	comp := fd["Compliance"].(map[string]any)
	pf := fd["ProductFields"].(map[string]any)
	if fd["GeneratorId"] != "security-control/CloudTrail.1" || comp["Status"] != "FAILED" || comp["SecurityControlId"] != "CloudTrail.1" ||
		len(comp["AssociatedStandards"].([]any)) != 3 || fd["ProductArn"] != "arn:aws:securityhub:us-east-1::product/aws/securityhub" ||
		pf["aws/securityhub/ProductName"] != "Security Hub" || pf["aws/securityhub/CompanyName"] != "AWS" || fd["CompanyName"] != "AWS" ||
		fd["Title"] != "CloudTrail should be enabled" || fd["RecordState"] != "ACTIVE" || fd["Severity"].(map[string]any)["Label"] != "HIGH" {
		t.Fatalf("consolidated finding: %v", fd)
	}

	// The next evaluation of the same resource updates the same finding.
	f.now = f.now.Add(time.Hour)
	again, err := f.svc.Evaluate(ctx, alice, Evaluation{SecurityControlID: "CloudTrail.1", ResourceType: "AwsAccount", ResourceID: "AWS::::Account:111111111111", ComplianceStatus: "PASSED"})
	if err != nil || !slices.Equal(again, ids) {
		t.Fatalf("re-evaluation: %v %v", again, err)
	}
	fd = getFinding(t, f, alice, ids[0])
	if fd["Compliance"].(map[string]any)["Status"] != "PASSED" || fd["CreatedAt"] != findings.FormatTime(created) || fd["UpdatedAt"] != findings.FormatTime(f.now) {
		t.Fatalf("after re-evaluation: %v", fd)
	}
	if _, err := f.svc.Evaluate(ctx, alice, Evaluation{SecurityControlID: "ACM.1", ResourceType: "AwsAcmCertificate", ResourceID: "arn:aws:acm:us-east-1:111111111111:certificate/1", ComplianceStatus: "FAILED"}); err != nil {
		t.Fatal(err)
	}
	report, err := f.svc.Report(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]string{}
	for _, c := range report.Controls {
		statuses[c.SecurityControlID] = c.Status
	}
	if statuses["CloudTrail.1"] != "PASSED" || statuses["ACM.1"] != "FAILED" || statuses["Gen.1"] != "NO_DATA" {
		t.Fatalf("control statuses: %v", statuses)
	}
	scores := map[string]StandardScore{}
	for _, s := range report.Standards {
		scores[s.StandardsARN] = s
	}
	fsbpARN := "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	if s := scores[fsbpARN]; s.Passed != 1 || s.WithData != 2 || s.Score != 0.5 {
		t.Fatalf("FSBP score: %+v", s)
	}
	if s := scores["arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"]; s.Passed != 1 || s.WithData != 1 {
		t.Fatalf("CIS 1.2.0 score: %+v", s)
	}

	// Disabled in one standard, the consolidated finding stays; disabled everywhere, it is archived.
	wantErr(t, "disable in FSBP", f.svc.UpdateStandardsControl(ctx, alice, controlARN(alice, fsbp, "CloudTrail.1"), "DISABLED", "x"), nil)
	if fd := getFinding(t, f, alice, ids[0]); fd["RecordState"] != "ACTIVE" {
		t.Fatalf("after disabling in one standard: %v", fd["RecordState"])
	}
	report, _ = f.svc.Report(ctx, alice)
	for _, s := range report.Standards {
		if s.StandardsARN == fsbpARN && (s.WithData != 1 || s.Passed != 0) {
			t.Fatalf("FSBP score without its disabled control: %+v", s)
		}
	}
	failures, err := f.svc.BatchUpdateStandardsControlAssociations(ctx, alice, []AssociationUpdate{
		{AssociationID{"CloudTrail.1", "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"}, "DISABLED", "x"},
		{AssociationID{"CloudTrail.1", "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0"}, "DISABLED", "x"}})
	if err != nil || len(failures) != 0 {
		t.Fatal(failures, err)
	}
	if fd := getFinding(t, f, alice, ids[0]); fd["RecordState"] != "ARCHIVED" {
		t.Fatalf("after disabling everywhere: %v", fd["RecordState"])
	}
	if _, err := f.svc.Evaluate(ctx, alice, account); !apierr.EvaluationInvalid.Is(err) {
		t.Fatalf("evaluating a disabled control: %v", err)
	}

	// Per-standard findings when the hub generates them so.
	hubs := &hub.Service{Store: f.svc.Store, Clock: f.svc.Clock}
	if err := hubs.UpdateConfiguration(ctx, bob, nil, "STANDARD_CONTROL"); err != nil {
		t.Fatal(err)
	}
	ids, err = f.svc.Evaluate(ctx, bob, Evaluation{SecurityControlID: "CloudTrail.1", ResourceType: "AwsAccount", ResourceID: "AWS::::Account:222222222222", ComplianceStatus: "FAILED"})
	if err != nil || len(ids) != 3 {
		t.Fatalf("per-standard findings: %v %v", ids, err)
	}
	generators := map[string]bool{}
	for _, id := range ids {
		fd := getFinding(t, f, bob, id)
		generators[fd["GeneratorId"].(string)] = true
		if n := len(fd["Compliance"].(map[string]any)["AssociatedStandards"].([]any)); n != 1 {
			t.Fatalf("%s: %d associated standards", id, n)
		}
	}
	for _, g := range []string{"aws-foundational-security-best-practices/v/1.0.0/CloudTrail.1",
		"arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0/rule/2.1", "cis-aws-foundations-benchmark/v/1.4.0/3.1"} {
		if !generators[g] {
			t.Fatalf("no finding of generator %s: %v", g, generators)
		}
	}
	if !strings.HasPrefix(ids[0], "arn:aws:securityhub:us-east-1:222222222222:subscription/aws-foundational-security-best-practices/v/1.0.0/CloudTrail.1/finding/") {
		t.Fatalf("FSBP finding id: %s", ids[0])
	}
}

// TestDisablingAStandard: unsubscribing from a standard forgets the account's control statuses
// in it and archives the control findings made for it.
func TestDisablingAStandard(t *testing.T) {
	f := newFixture(t)
	hubs := &hub.Service{Store: f.svc.Store, Clock: f.svc.Clock}
	if err := hubs.UpdateConfiguration(ctx, alice, nil, "STANDARD_CONTROL"); err != nil {
		t.Fatal(err)
	}
	ids, err := f.svc.Evaluate(ctx, alice, Evaluation{SecurityControlID: "CloudTrail.1", ResourceType: "AwsAccount", ResourceID: "AWS::::Account:111111111111", ComplianceStatus: "FAILED"})
	if err != nil || len(ids) != 3 {
		t.Fatal(ids, err)
	}
	wantErr(t, "disable in CIS 1.4.0", f.svc.UpdateStandardsControl(ctx, alice, controlARN(alice, cis14, "3.1"), "DISABLED", "x"), nil)
	sub := subscriptionARN(alice, cis14)
	if _, err := f.stds.BatchDisable(ctx, alice, []string{sub}); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		fd := getFinding(t, f, alice, id)
		want := "ACTIVE"
		if strings.Contains(id, "/v/1.4.0/") {
			want = "ARCHIVED"
		}
		if fd["RecordState"] != want {
			t.Fatalf("%s after disabling CIS 1.4.0: %v", id, fd["RecordState"])
		}
	}
	d, _ := standards.ByPath(cis14)
	if _, err := f.stds.BatchEnable(ctx, alice, []standards.EnableRequest{{StandardsARN: d.ARN("aws", "us-east-1")}}); err != nil {
		t.Fatal(err)
	}
	list, _, err := f.svc.ListStandardsControlAssociations(ctx, alice, "CloudTrail.1", 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.Standard.Path == cis14 && a.Status != "ENABLED" {
			t.Fatalf("CloudTrail.1 in CIS 1.4.0 enabled again: %+v", a)
		}
	}
}

// describeControls is DescribeStandardsControls as a list of controls and a NextToken.
func describeControls(svc *Service, c identity.Caller, subscriptionARN string, maxResults int, nextToken string) ([]Association, string, error) {
	page, err := svc.DescribeStandardsControls(ctx, c, subscriptionARN, maxResults, nextToken)
	return page.Controls(), page.NextToken, err
}
