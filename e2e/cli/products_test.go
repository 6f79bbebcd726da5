package cli

import (
	"strings"
	"testing"
)

// TestProductCommands runs the AWS CLI's worked examples of describe-products,
// enable-import-findings-for-product, list-enabled-products-for-import and
// disable-import-findings-for-product (as the examples' account) and checks the documented
// shapes.
func TestProductCommands(t *testing.T) {
	t.Parallel()
	cli := awsCLIs(t)[0]
	const acct = "123456789012"
	s := startServer(t, t.TempDir())
	aws := func(region string, args ...string) string {
		t.Helper()
		return mustRun(t, s, cli, acct, region, append([]string{"securityhub"}, args...)...)
	}
	aws("us-west-1", "enable-security-hub")
	aws("us-east-1", "enable-security-hub")

	products := decode(t, aws("us-west-1", "describe-products", "--max-results", "1"))
	sameKeys(t, "describe-products", products, "Products", "NextToken")
	list := products["Products"].([]any)
	if len(list) != 1 {
		t.Fatalf("describe-products --max-results 1: %v", products)
	}
	p := list[0].(map[string]any)
	for _, k := range []string{"ProductArn", "ProductName", "CompanyName", "Description", "Categories", "IntegrationTypes"} {
		if _, ok := p[k]; !ok {
			t.Errorf("a product without %s: %v", k, p)
		}
	}

	sub := decode(t, aws("us-east-1", "enable-import-findings-for-product", "--product-arn", "arn:aws:securityhub:us-east-1:517716713836:product/crowdstrike/crowdstrike-falcon"))
	if sub["ProductSubscriptionArn"] != "arn:aws:securityhub:us-east-1:123456789012:product-subscription/crowdstrike/crowdstrike-falcon" {
		t.Errorf("enable-import-findings-for-product: %v", sub)
	}
	aws("us-west-1", "enable-import-findings-for-product", "--product-arn", "arn:aws:securityhub:us-west-1:517716713836:product/crowdstrike/crowdstrike-falcon")
	enabled := decode(t, aws("us-west-1", "list-enabled-products-for-import"))
	sameKeys(t, "list-enabled-products-for-import", enabled, "ProductSubscriptions")
	var found bool
	for _, a := range enabled["ProductSubscriptions"].([]any) {
		found = found || a == "arn:aws:securityhub:us-west-1:123456789012:product-subscription/crowdstrike/crowdstrike-falcon"
	}
	if !found {
		t.Errorf("list-enabled-products-for-import: %v", enabled)
	}
	if out := aws("us-west-1", "disable-import-findings-for-product", "--product-subscription-arn",
		"arn:aws:securityhub:us-west-1:123456789012:product-subscription/crowdstrike/crowdstrike-falcon"); strings.TrimSpace(out) != "" {
		t.Errorf("disable-import-findings-for-product printed %q", out)
	}
}
