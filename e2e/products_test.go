package e2e

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

const prowlerARN = "arn:aws:securityhub:us-east-1::product/prowler/prowler"

// prowlerFinding is a finding as Prowler's Security Hub output shapes it.
func prowlerFinding(n int, status types.ComplianceStatus, updated time.Time) types.AwsSecurityFinding {
	ts := updated.UTC().Format(time.RFC3339)
	return types.AwsSecurityFinding{
		SchemaVersion: aws.String("2018-10-08"), Id: aws.String(fmt.Sprintf("prowler-s3_bucket_versioning-%s-us-east-1-bucket%d", acctA, n)),
		ProductArn: aws.String(prowlerARN), ProductFields: map[string]string{"ProviderName": "Prowler", "ProviderVersion": "3.0.0"},
		RecordState: types.RecordStateActive, GeneratorId: aws.String("prowler-s3_bucket_versioning"), AwsAccountId: aws.String(acctA),
		Types: []string{"Data Protection"}, FirstObservedAt: aws.String(ts), UpdatedAt: aws.String(ts), CreatedAt: aws.String(ts),
		Severity: &types.Severity{Label: types.SeverityLabelMedium}, Title: aws.String("Check if S3 buckets have object versioning enabled"),
		Description: aws.String(fmt.Sprintf("Bucket bucket%d has versioning disabled.", n)),
		Resources:   []types.Resource{{Type: aws.String("AwsS3Bucket"), Id: aws.String(fmt.Sprintf("arn:aws:s3:::bucket%d", n)), Partition: types.PartitionAws, Region: aws.String(region)}},
		Compliance:  &types.Compliance{Status: status, RelatedRequirements: []string{"CIS-1.4: 2.1.3"}},
		Remediation: &types.Remediation{Recommendation: &types.Recommendation{Text: aws.String("Enable versioning."), Url: aws.String("https://docs.aws.amazon.com/AmazonS3/latest/dev/Versioning.html")}},
	}
}

// TestProwlerSequence replays the calls Prowler makes to send its results to Security Hub:
// the hub and the product subscription are checked, findings go in batches of 100, the
// active ones are read back by product name, and those no longer failing are re-imported
// as ARCHIVED.
func TestProwlerSequence(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	enableHub(t, a)
	now := time.Now().Truncate(time.Second)

	// Before the integration is enabled, Prowler's findings fail; the account's own go on.
	own := testenv.BenchFinding(acctA, region, 1, now)
	out, err := a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{prowlerFinding(0, types.ComplianceStatusFailed, now), own}})
	if err != nil || aws.ToInt32(out.SuccessCount) != 1 || len(out.FailedFindings) != 1 || aws.ToString(out.FailedFindings[0].ErrorCode) != "InvalidAccess" {
		t.Fatalf("import before enabling: %+v %v", out, err)
	}
	sub, err := a.EnableImportFindingsForProduct(ctx, &securityhub.EnableImportFindingsForProductInput{ProductArn: aws.String(prowlerARN)})
	if err != nil || aws.ToString(sub.ProductSubscriptionArn) != "arn:aws:securityhub:us-east-1:111111111111:product-subscription/prowler/prowler" {
		t.Fatalf("EnableImportFindingsForProduct: %+v %v", sub, err)
	}
	_, err = a.EnableImportFindingsForProduct(ctx, &securityhub.EnableImportFindingsForProductInput{ProductArn: aws.String(prowlerARN)})
	testenv.ExpectError(t, err, "ResourceConflictException", 409, "")

	// Prowler's own sequence.
	if _, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err != nil {
		t.Fatal(err)
	}
	enabled, err := a.ListEnabledProductsForImport(ctx, &securityhub.ListEnabledProductsForImportInput{})
	if err != nil || !slices.Contains(enabled.ProductSubscriptions, aws.ToString(sub.ProductSubscriptionArn)) {
		t.Fatalf("ListEnabledProductsForImport: %v %v", enabled, err)
	}
	var batch []types.AwsSecurityFinding
	for i := range 250 {
		status := types.ComplianceStatusFailed
		if i%5 == 0 {
			status = types.ComplianceStatusPassed
		}
		batch = append(batch, prowlerFinding(i, status, now))
	}
	for start := 0; start < len(batch); start += 100 {
		chunk := batch[start:min(start+100, len(batch))]
		out, err := a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: chunk})
		if err != nil || int(aws.ToInt32(out.SuccessCount)) != len(chunk) {
			t.Fatalf("BatchImportFindings: %+v %v", out, err)
		}
	}
	filters := &types.AwsSecurityFindingFilters{
		ProductName: []types.StringFilter{{Value: aws.String("Prowler"), Comparison: types.StringFilterComparisonEquals}},
		RecordState: []types.StringFilter{{Value: aws.String("ACTIVE"), Comparison: types.StringFilterComparisonEquals}}}
	var active []types.AwsSecurityFinding
	pages := securityhub.NewGetFindingsPaginator(a, &securityhub.GetFindingsInput{Filters: filters, MaxResults: aws.Int32(100)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		active = append(active, page.Findings...)
	}
	if len(active) != 250 || aws.ToString(active[0].CompanyName) != "Prowler" {
		t.Fatalf("%d active Prowler findings (company %q)", len(active), aws.ToString(active[0].CompanyName))
	}
	// Resolved ones go back ARCHIVED.
	var resolved []types.AwsSecurityFinding
	for _, f := range active {
		if f.Compliance.Status == types.ComplianceStatusPassed {
			f.RecordState = types.RecordStateArchived
			f.UpdatedAt = aws.String(now.Add(time.Minute).UTC().Format(time.RFC3339))
			resolved = append(resolved, f)
		}
	}
	if out, err := a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: resolved}); err != nil || int(aws.ToInt32(out.SuccessCount)) != len(resolved) {
		t.Fatalf("re-import as ARCHIVED: %+v %v", out, err)
	}
	still, err := a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: filters, MaxResults: aws.Int32(100)})
	if err != nil {
		t.Fatal(err)
	}
	count := len(still.Findings)
	for token := still.NextToken; token != nil; {
		page, err := a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: filters, MaxResults: aws.Int32(100), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		count += len(page.Findings)
		token = page.NextToken
	}
	if count != 200 {
		t.Fatalf("%d active Prowler findings after archiving 50", count)
	}

	// Disabling the integration stops its findings again.
	if _, err := a.DisableImportFindingsForProduct(ctx, &securityhub.DisableImportFindingsForProductInput{ProductSubscriptionArn: sub.ProductSubscriptionArn}); err != nil {
		t.Fatal(err)
	}
	_, err = a.DisableImportFindingsForProduct(ctx, &securityhub.DisableImportFindingsForProductInput{ProductSubscriptionArn: sub.ProductSubscriptionArn})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	out, err = a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{prowlerFinding(300, types.ComplianceStatusFailed, now)}})
	if err != nil || len(out.FailedFindings) != 1 {
		t.Fatalf("import after disabling: %+v %v", out, err)
	}
	products, err := a.DescribeProducts(ctx, &securityhub.DescribeProductsInput{ProductArn: aws.String(prowlerARN)})
	if err != nil || len(products.Products) != 1 || aws.ToString(products.Products[0].CompanyName) != "Prowler" ||
		!slices.Contains(products.Products[0].IntegrationTypes, types.IntegrationTypeSendFindingsToSecurityHub) {
		t.Fatalf("DescribeProducts: %+v %v", products, err)
	}
}

// TestAWSServiceFindingsAreNotImportable: an account cannot send findings under an AWS
// service's product (GuardDuty's), although that integration is enabled: only the service does.
func TestAWSServiceFindingsAreNotImportable(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	enableHub(t, a)
	f := prowlerFinding(1, types.ComplianceStatusFailed, time.Now())
	f.ProductArn = aws.String("arn:aws:securityhub:us-east-1::product/aws/guardduty")
	_, err := a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{f}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
}
