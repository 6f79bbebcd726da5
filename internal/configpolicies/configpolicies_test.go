package configpolicies

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/clock"
	"github.com/sechub/sechub/internal/controls"
	"github.com/sechub/sechub/internal/controls/catalogue"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/members"
	"github.com/sechub/sechub/internal/orgadmin"
	"github.com/sechub/sechub/internal/organizations"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/tags"
)

var ctx = context.Background()

func catalog(t *testing.T) *controls.Catalog {
	t.Helper()
	cat, err := controls.NewCatalog(catalogue.All())
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestSettingsRules(t *testing.T) {
	cat := catalog(t)
	on, off := new(true), new(false)
	fsbp := "arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	cis := "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	custom := func(v controls.Value) []ControlParameters {
		return []ControlParameters{{ControlID: "ACM.1", Parameters: map[string]Parameter{"daysToExpiration": {Custom: true, Value: &v}}}}
	}
	cases := []struct {
		name string
		body Body
		want apierr.Def // zero: accepted
		out  Settings
	}{
		{name: "the CLI example", body: Body{ServiceEnabled: on, Standards: []string{fsbp, cis},
			Controls: &ControlsBody{Disabled: []string{"CloudTrail.2"}, Parameters: custom(controls.Value{Type: controls.TypeInteger, Integers: []int32{15}})}},
			out: Settings{ServiceEnabled: true, Standards: []string{fsbp, cis}, Controls: &ControlSettings{Identifiers: []string{"CloudTrail.2"},
				Parameters: custom(controls.Value{Type: controls.TypeInteger, Integers: []int32{15}})}}},
		{name: "no standards, every control", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{}}},
			out: Settings{ServiceEnabled: true, Standards: []string{}, Controls: &ControlSettings{Identifiers: []string{}}}},
		{name: "only listed controls", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Enabled: []string{"S3.1"}}},
			out: Settings{ServiceEnabled: true, Standards: []string{}, Controls: &ControlSettings{EnabledOnly: true, Identifiers: []string{"S3.1"}}}},
		{name: "disabled drops the rest", body: Body{ServiceEnabled: off, Standards: []string{"not even checked"}, Controls: &ControlsBody{}},
			out: Settings{}},
		{name: "default parameter needs no value", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{},
			Parameters: []ControlParameters{{ControlID: "ACM.1", Parameters: map[string]Parameter{"daysToExpiration": {}}}}}},
			out: Settings{ServiceEnabled: true, Standards: []string{}, Controls: &ControlSettings{Identifiers: []string{},
				Parameters: []ControlParameters{{ControlID: "ACM.1", Parameters: map[string]Parameter{"daysToExpiration": {}}}}}}},
		{name: "no ServiceEnabled", body: Body{Standards: []string{}}, want: apierr.PolicyServiceEnabledRequired},
		{name: "no standards", body: Body{ServiceEnabled: on, Controls: &ControlsBody{Disabled: []string{}}}, want: apierr.PolicySemantics},
		{name: "no controls", body: Body{ServiceEnabled: on, Standards: []string{fsbp}}, want: apierr.PolicySemantics},
		{name: "both lists", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Enabled: []string{}, Disabled: []string{}}},
			want: apierr.PolicyControlListsInvalid},
		{name: "neither list", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{}}, want: apierr.PolicyControlListsInvalid},
		{name: "a standard of another partition", body: Body{ServiceEnabled: on, Standards: []string{"arn:aws-cn:securityhub:cn-north-1::standards/pci-dss/v/3.2.1"},
			Controls: &ControlsBody{Disabled: []string{}}}, want: apierr.PolicyStandardInvalid},
		{name: "a subscription, not a standard", body: Body{ServiceEnabled: on, Standards: []string{"arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"},
			Controls: &ControlsBody{Disabled: []string{}}}, want: apierr.PolicyStandardInvalid},
		{name: "unknown control", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{"S3.1", "s3.2"}}},
			want: apierr.PolicyControlInvalid},
		{name: "parameters of an unknown control", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{},
			Parameters: []ControlParameters{{ControlID: "Nope.1", Parameters: map[string]Parameter{"x": {}}}}}}, want: apierr.PolicyParameterInvalid},
		{name: "no parameters", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{},
			Parameters: []ControlParameters{{ControlID: "ACM.1"}}}}, want: apierr.PolicyParameterInvalid},
		{name: "custom without a value", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{},
			Parameters: []ControlParameters{{ControlID: "ACM.1", Parameters: map[string]Parameter{"daysToExpiration": {Custom: true}}}}}}, want: apierr.PolicyParameterInvalid},
		{name: "value of the wrong type", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{},
			Parameters: custom(controls.Value{Type: controls.TypeString, Strings: []string{"15"}})}}, want: apierr.PolicyParameterInvalid},
		{name: "value out of bounds", body: Body{ServiceEnabled: on, Standards: []string{}, Controls: &ControlsBody{Disabled: []string{},
			Parameters: custom(controls.Value{Type: controls.TypeInteger, Integers: []int32{366}})}}, want: apierr.PolicyParameterInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := settings(cat, "aws", c.body)
			if c.want != (apierr.Def{}) {
				if !c.want.Is(err) {
					t.Fatalf("settings = %v, want %s", err, c.want.Message)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, c.out) {
				t.Fatalf("settings = %+v, %v; want %+v", got, err, c.out)
			}
		})
	}
}

func TestControlSettingsEnabled(t *testing.T) {
	only := ControlSettings{EnabledOnly: true, Identifiers: []string{"S3.1"}}
	except := ControlSettings{Identifiers: []string{"S3.1"}}
	if !only.Enabled("S3.1") || only.Enabled("S3.2") || except.Enabled("S3.1") || !except.Enabled("S3.2") {
		t.Fatal("Enabled does not follow the list's meaning")
	}
}

// TestResolve walks a tree root > ou-a > ou-b, with an account in ou-b and one at the root.
func TestResolve(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	treeOf := func(list ...applied) *tree {
		tr := &tree{org: organizations.Organization{RootID: "r-root"}, parent: map[string]string{"ou-a": "r-root", "ou-b": "ou-a"},
			applied: map[string]applied{}}
		for _, a := range list {
			a.UpdatedAt = at
			tr.applied[a.TargetID] = a
		}
		return tr
	}
	self := Association{PolicyID: SelfManaged, Type: TypeInherited, Status: StatusSuccess}
	cases := []struct {
		name    string
		tree    *tree
		id, typ string
		parent  string
		want    Association
	}{
		{"nothing applied anywhere", treeOf(), "111111111111", TargetAccount, "ou-b", self},
		{"the root with nothing applied", treeOf(), "r-root", TargetRoot, "", self},
		{"inherited from the root", treeOf(applied{TargetID: "r-root", PolicyID: "p1"}), "111111111111", TargetAccount, "ou-b",
			Association{PolicyID: "p1", Type: TypeInherited, Status: StatusSuccess, Message: successMessage, UpdatedAt: at}},
		{"the closest ancestor wins", treeOf(applied{TargetID: "r-root", PolicyID: "p1"}, applied{TargetID: "ou-a", PolicyID: "p2"}), "111111111111", TargetAccount, "ou-b",
			Association{PolicyID: "p2", Type: TypeInherited, Status: StatusSuccess, Message: successMessage, UpdatedAt: at}},
		{"applied to the account", treeOf(applied{TargetID: "ou-b", PolicyID: "p2"}, applied{TargetID: "111111111111", PolicyID: "p3"}), "111111111111", TargetAccount, "ou-b",
			Association{PolicyID: "p3", Type: TypeApplied, Status: StatusSuccess, Message: successMessage, UpdatedAt: at}},
		{"self-managed inherited, without a message", treeOf(applied{TargetID: "ou-a", PolicyID: SelfManaged}), "ou-b", TargetUnit, "",
			Association{PolicyID: SelfManaged, Type: TypeInherited, Status: StatusSuccess, UpdatedAt: at}},
		{"an account at the root", treeOf(applied{TargetID: "ou-a", PolicyID: "p2"}), "222222222222", TargetAccount, "r-root", self},
		{"an OU applied", treeOf(applied{TargetID: "ou-a", PolicyID: "p2"}), "ou-a", TargetUnit, "",
			Association{PolicyID: "p2", Type: TypeApplied, Status: StatusSuccess, Message: successMessage, UpdatedAt: at}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.want.TargetID, c.want.TargetType = c.id, c.typ
			if got := c.tree.resolve(c.id, c.typ, c.parent); got != c.want {
				t.Fatalf("resolve = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestPolicyID(t *testing.T) {
	c := identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "222222222222"}
	id := "a1b2c3d4-5678-90ab-cdef-000000000001"
	cases := map[string]string{ // identifier -> id ("" refused)
		id:                                     id,
		"A1B2C3D4-5678-90AB-CDEF-000000000001": id,
		"arn:aws:securityhub:us-east-1:222222222222:configuration-policy/" + id: id,
		"arn:aws:securityhub:us-east-1::configuration-policy/" + id:             id,
		"arn:aws:securityhub:us-east-1:222222222222:hub/default":                "",
		"arn:aws:securityhub:us-east-1:222222222222:configuration-policy/x":     "",
		"SampleConfigurationPolicy":                                             "",
		"{" + id + "}":                                                          "",
	}
	for identifier, want := range cases {
		got, err := policyID(c, "Identifier", identifier)
		if got != want || (want == "") != apierr.PolicyIdentifierInvalid.Is(err) {
			t.Errorf("policyID(%q) = %q, %v; want %q", identifier, got, err, want)
		}
	}
}

// TestEffective sets an organization up under central configuration, through the services,
// and checks what governs its accounts.
func TestEffective(t *testing.T) {
	const mgmt, da, prod, dev = "100000000000", "200000000000", "300000000000", "400000000000"
	st := storetest.Open(t, tags.Schema, hub.Schema, standards.Schema, members.Schema, organizations.Schema, aggregators.Schema,
		orgadmin.Schema, controls.Schema, Schema)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := clock.Clock{Source: func() time.Time { now = now.Add(time.Second); return now }}
	pages := domain.SecurityHubPager([]byte("k"))
	orgs := &organizations.Service{Store: st, Clock: clk}
	if _, err := orgs.Bootstrap(ctx, organizations.Spec{Partition: "aws", ManagementAccount: mgmt, OrganizationalUnits: []string{"Workloads/Prod"},
		Accounts: []organizations.SpecAccount{{ID: da, Name: "security"}, {ID: prod, Name: "prod", OU: "Workloads/Prod"}, {ID: dev, Name: "dev", OU: "Workloads"}}}); err != nil {
		t.Fatal(err)
	}
	admin := &orgadmin.Service{Store: st, Clock: clk, Pages: pages}
	caller := func(account string) identity.Caller {
		return identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: account}
	}
	if err := admin.EnableAdmin(ctx, caller(mgmt), da); err != nil {
		t.Fatal(err)
	}
	outside := func(account string) {
		t.Helper()
		if err := st.View(ctx, func(tx store.Tx) error {
			if _, ok, err := Effective(tx, "aws", account); err != nil || ok {
				t.Fatalf("Effective(%s) under local configuration: ok=%v %v", account, ok, err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	outside(prod)
	aggs := &aggregators.Service{Store: st, Clock: clk, Pages: pages}
	if _, err := aggs.Create(ctx, domain.Key(caller(da)), aggregators.Linking{Mode: aggregators.ModeSpecified, Regions: []string{"eu-west-1"}}); err != nil {
		t.Fatal(err)
	}
	if err := admin.UpdateConfiguration(ctx, caller(da), orgadmin.ConfigurationUpdate{AutoEnableStandards: orgadmin.StandardsNone,
		ConfigurationType: orgadmin.ConfigCentral}); err != nil {
		t.Fatal(err)
	}
	svc := &Service{Store: st, Clock: clk, Pages: pages, Catalog: catalog(t)}
	policy, err := svc.Create(ctx, caller(da), "prod", "", Body{ServiceEnabled: new(true), Standards: []string{},
		Controls: &ControlsBody{Disabled: []string{}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var units []organizations.OrganizationalUnit
	var org organizations.Organization
	if err := st.View(ctx, func(tx store.Tx) error {
		o, _, err := organizations.OrgOf(tx, "aws", mgmt)
		org = o
		if err == nil {
			units, err = organizations.Units(tx, "aws", o.ID)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var workloads string
	for _, u := range units {
		if u.ParentID == org.RootID {
			workloads = u.ID
		}
	}
	if _, err := svc.Associate(ctx, caller(da), policy.ID, Target{UnitID: workloads}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Associate(ctx, caller(da), SelfManaged, Target{AccountID: dev}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		account  string
		policy   string
		typ      string
		hasRules bool
	}{
		{prod, policy.ID, TypeInherited, true},
		{dev, SelfManaged, TypeApplied, false},
		{da, SelfManaged, TypeInherited, false},
	}
	if err := st.View(ctx, func(tx store.Tx) error {
		for _, c := range cases {
			e, ok, err := Effective(tx, "aws", c.account)
			if err != nil || !ok || e.Association.PolicyID != c.policy || e.Association.Type != c.typ || (e.Policy != nil) != c.hasRules ||
				e.Central.AdminID != da || e.Central.Home.Region != "us-east-1" {
				t.Errorf("Effective(%s) = %+v, %v, %v; want %s %s", c.account, e, ok, err, c.policy, c.typ)
			}
			if e.Policy != nil && (e.Policy.ID != policy.ID || !e.Policy.Settings.ServiceEnabled) {
				t.Errorf("Effective(%s).Policy = %+v", c.account, e.Policy)
			}
		}
		_, ok, err := Effective(tx, "aws", "999999999999")
		if ok || err != nil {
			t.Errorf("an account outside any organization: ok=%v %v", ok, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
