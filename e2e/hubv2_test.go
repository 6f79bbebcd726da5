package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

// TestSecurityHubV2Lifecycle enables, describes and disables Security Hub V2, which is
// independent of the CSPM hub, and checks that a V2 operation refuses an account without it.
func TestSecurityHubV2Lifecycle(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	_, err := a.DescribeSecurityHubV2(ctx, &securityhub.DescribeSecurityHubV2Input{})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = a.DescribeProductsV2(ctx, &securityhub.DescribeProductsV2Input{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")

	before := time.Now().Add(-time.Second)
	out, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{Tags: map[string]string{"team": "sec"}})
	if err != nil || !strings.HasPrefix(aws.ToString(out.HubV2Arn), "arn:aws:securityhub:us-east-1:111111111111:hubv2/") {
		t.Fatalf("EnableSecurityHubV2: %+v %v", out, err)
	}
	again, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{})
	if err != nil || aws.ToString(again.HubV2Arn) != aws.ToString(out.HubV2Arn) {
		t.Fatalf("enabling again: %+v %v", again, err)
	}
	desc, err := a.DescribeSecurityHubV2(ctx, &securityhub.DescribeSecurityHubV2Input{})
	if err != nil || aws.ToString(desc.HubV2Arn) != aws.ToString(out.HubV2Arn) {
		t.Fatalf("DescribeSecurityHubV2: %+v %v", desc, err)
	}
	if at, err := time.Parse(time.RFC3339, aws.ToString(desc.SubscribedAt)); err != nil || at.Before(before) {
		t.Fatalf("SubscribedAt %q: %v", aws.ToString(desc.SubscribedAt), err)
	}
	tags, err := a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: out.HubV2Arn})
	if err != nil || tags.Tags["team"] != "sec" {
		t.Fatalf("tags of the V2 hub: %+v %v", tags, err)
	}
	// V2 does not need the CSPM hub, and the CSPM hub stays off.
	if _, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err == nil {
		t.Fatal("enabling V2 enabled the CSPM hub")
	}
	products, err := a.DescribeProductsV2(ctx, &securityhub.DescribeProductsV2Input{MaxResults: aws.Int32(5)})
	if err != nil || len(products.ProductsV2) != 5 || products.NextToken == nil || aws.ToString(products.ProductsV2[0].ProductV2Name) == "" {
		t.Fatalf("DescribeProductsV2: %+v %v", products, err)
	}
	if _, err := a.DisableSecurityHubV2(ctx, &securityhub.DisableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	_, err = a.DescribeSecurityHubV2(ctx, &securityhub.DescribeSecurityHubV2Input{})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	if _, err := a.DisableSecurityHubV2(ctx, &securityhub.DisableSecurityHubV2Input{}); err != nil {
		t.Fatalf("disabling again: %v", err)
	}
}
