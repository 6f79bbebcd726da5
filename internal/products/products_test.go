package products

import (
	"context"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/domain"
	"github.com/sechub/sechub/internal/hub"
	"github.com/sechub/sechub/internal/identity"
	sh "github.com/sechub/sechub/internal/shapes/securityhub"
	"github.com/sechub/sechub/internal/standards"
	"github.com/sechub/sechub/internal/store"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/tags"
)

var ctx = context.Background()

// TestCatalogue checks the catalogue's consistency: well-formed, unique ARNs and paths,
// the model's integration types, AWS's own services enabled by default, and the products
// users load most (Prowler, Aqua Security's Trivy).
func TestCatalogue(t *testing.T) {
	arnForm := regexp.MustCompile(`^arn:aws:securityhub:(<REGION>|[a-z]+-[a-z]+-\d):(\d{12})?:product/[a-z0-9-]+/[a-z0-9-]+$`)
	types := []string{sh.IntegrationTypeSendFindingsToSecurityHub, sh.IntegrationTypeReceiveFindingsFromSecurityHub, sh.IntegrationTypeUpdateFindingsInSecurityHub}
	paths := map[string]bool{}
	for _, p := range Catalogue() {
		if !arnForm.MatchString(p.ProductArn) || p.ProductName == "" || p.CompanyName == "" || len(p.IntegrationTypes) == 0 {
			t.Errorf("malformed product %+v", p)
		}
		for _, it := range p.IntegrationTypes {
			if !slices.Contains(types, it) {
				t.Errorf("%s: integration type %s", p.ProductArn, it)
			}
		}
		if paths[p.Path()] {
			t.Errorf("%s twice", p.Path())
		}
		paths[p.Path()] = true
		if p.EnabledByDefault != (p.Path() != "aws/iot-device-defender" && p.ProductArn == "arn:aws:securityhub:<REGION>::product/"+p.Path() && p.Path()[:4] == "aws/") {
			t.Errorf("%s: EnabledByDefault %v", p.Path(), p.EnabledByDefault)
		}
	}
	for _, arn := range []string{"arn:aws:securityhub:eu-west-1::product/prowler/prowler", "arn:aws:securityhub:eu-west-1::product/aquasecurity/aquasecurity",
		"arn:aws:securityhub:eu-west-1::product/aws/guardduty", "arn:aws:securityhub:eu-west-1:517716713836:product/crowdstrike/crowdstrike-falcon"} {
		if _, ok := ByARN("aws", "eu-west-1", arn); !ok {
			t.Errorf("%s is missing", arn)
		}
	}
	if len(Catalogue()) < 50 {
		t.Fatalf("%d products", len(Catalogue()))
	}
}

func TestSubscriptions(t *testing.T) {
	st := storetest.Open(t, hub.Schema, standards.Schema, tags.Schema, Schema)
	a := identity.Caller{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}
	off := identity.Caller{Partition: "aws", Region: "eu-west-1", AccountID: "111111111111"}
	if err := st.Update(ctx, func(tx store.Tx) error {
		return hub.Create(tx, domain.Key(a), time.Now(), hub.SecurityControl, nil, false)
	}); err != nil {
		t.Fatal(err)
	}
	svc := &Service{Store: st, Pages: domain.SecurityHubPager([]byte("k"))}
	list, _, err := svc.ListEnabled(ctx, a, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(list, "arn:aws:securityhub:us-east-1:111111111111:product-subscription/aws/guardduty") ||
		!slices.Contains(list, "arn:aws:securityhub:us-east-1:111111111111:product-subscription/aws/securityhub") ||
		slices.Contains(list, "arn:aws:securityhub:us-east-1:111111111111:product-subscription/prowler/prowler") {
		t.Fatalf("a new account's integrations: %v", list)
	}
	prowler := "arn:aws:securityhub:us-east-1::product/prowler/prowler"
	sub, err := svc.Enable(ctx, a, prowler)
	if err != nil || sub != "arn:aws:securityhub:us-east-1:111111111111:product-subscription/prowler/prowler" {
		t.Fatalf("Enable: %q %v", sub, err)
	}
	for _, tc := range []struct {
		name string
		err  error
		want apierr.Def
	}{
		{"enable twice", second(svc.Enable(ctx, a, prowler)), apierr.ProductAlreadyEnabled},
		{"unknown product", second(svc.Enable(ctx, a, "arn:aws:securityhub:us-east-1::product/nobody/nothing")), apierr.ProductNotFound},
		{"product of another region", second(svc.Enable(ctx, a, "arn:aws:securityhub:us-west-2::product/prowler/prowler")), apierr.ProductNotFound},
		{"hub off", second(svc.Enable(ctx, off, "arn:aws:securityhub:eu-west-1::product/prowler/prowler")), apierr.NotSubscribed},
		{"disable what is not enabled", svc.Disable(ctx, a, "arn:aws:securityhub:us-east-1:111111111111:product-subscription/fugue/fugue"), apierr.ProductSubscriptionNotFound},
		{"disable another account's", svc.Disable(ctx, a, "arn:aws:securityhub:us-east-1:222222222222:product-subscription/prowler/prowler"), apierr.ProductSubscriptionNotFound},
	} {
		if !tc.want.Is(tc.err) {
			t.Errorf("%s: %v, want %s", tc.name, tc.err, tc.want.Code)
		}
	}
	if err := svc.Disable(ctx, a, sub); err != nil {
		t.Fatal(err)
	}
	// An AWS integration can be turned off too, and on again.
	if err := svc.Disable(ctx, a, "arn:aws:securityhub:us-east-1::product-subscription/aws/guardduty"); err != nil {
		t.Fatalf("disable GuardDuty by an ARN without account: %v", err)
	}
	list, _, _ = svc.ListEnabled(ctx, a, 0, "")
	if slices.Contains(list, sub) || slices.Contains(list, "arn:aws:securityhub:us-east-1:111111111111:product-subscription/aws/guardduty") {
		t.Fatalf("after disabling: %v", list)
	}
	if _, err := svc.Enable(ctx, a, "arn:aws:securityhub:us-east-1::product/aws/guardduty"); err != nil {
		t.Fatal(err)
	}
	products, next, err := svc.Describe(ctx, a, "", 10, "")
	if err != nil || len(products) != 10 || next == "" {
		t.Fatalf("Describe: %d %q %v", len(products), next, err)
	}
	one, _, err := svc.Describe(ctx, a, prowler, 0, "")
	if err != nil || len(one) != 1 || one[0].ProductName != "Prowler" {
		t.Fatalf("Describe Prowler: %v %v", one, err)
	}
}

func second(_ string, err error) error { return err }
