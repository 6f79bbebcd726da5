package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// TestFindingsChecklist covers the import and query rules that the other findings tests do
// not: request-level limits, field-level messages, Types patterns, timestamps,
// workflow resets, MaxResults bounds, insight limits.
func TestFindingsChecklist(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	const format = "Finding does not adhere to Amazon Finding Format. "

	// 2: batch size.
	var many []types.AwsSecurityFinding
	for i := range 101 {
		many = append(many, asff(acctA, fmt.Sprintf("m-%d", i), "LOW", "AwsS3Bucket", base))
	}
	_, err := a.c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: many})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Findings'. Size '101' is greater than maximum value: 100.")
	_, err = a.c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	// 4, 5, 8, 13: per-finding failures with their messages; the valid ones are imported.
	longText := asff(acctA, "long-text", "LOW", "AwsS3Bucket", base)
	longText.Remediation = &types.Remediation{Recommendation: &types.Recommendation{Text: aws.String(strings.Repeat("x", 513))}}
	emptyType := asff(acctA, "empty-type", "LOW", "", base)
	badType := asff(acctA, "bad-type", "LOW", "AwsS3Bucket", base)
	badType.Types = []string{"a/b/c/d"}
	oneLevel := asff(acctA, "one-level", "LOW", "AwsS3Bucket", base)
	oneLevel.Types = []string{"Unusual Behaviors"}
	dotted := asff(acctA, "dotted", "LOW", "AwsS3Bucket", base)
	dotted.Types = []string{"ens-op.acc.5"}
	spaced := asff(acctA, "spaced-time", "LOW", "AwsS3Bucket", base)
	spaced.UpdatedAt = aws.String("2024-01-01 00:00:00Z")
	nanos := asff(acctA, "nanos", "LOW", "AwsS3Bucket", base)
	nanos.CreatedAt, nanos.UpdatedAt = aws.String("2024-10-31T23:00:00.123456789Z"), aws.String("2024-10-31T23:00:00.123456789Z")
	huge := asff(acctA, "huge-field", "LOW", "AwsS3Bucket", base)
	huge.Description = aws.String(strings.Repeat("d", 40000))
	out := importFindings(t, a.c, longText, emptyType, badType, oneLevel, dotted, spaced, nanos, huge)
	want := map[string]string{
		"long-text":   format + "data.Remediation.Recommendation.Text should NOT be longer than 512 characters.",
		"empty-type":  format + "data.Resources[0].Type should NOT be shorter than 1 characters.",
		"bad-type":    format + `data.Types[0] should match pattern "^([^/]+)(/[^/]+){0,2}$".`,
		"spaced-time": "",
		"huge-field":  "The maximum size of an individual field should be less than 32768",
	}
	got := map[string]string{}
	for _, f := range out.FailedFindings {
		got[aws.ToString(f.Id)] = aws.ToString(f.ErrorMessage)
		if aws.ToString(f.ErrorCode) != "InvalidInput" {
			t.Errorf("%s: error code %s", aws.ToString(f.Id), aws.ToString(f.ErrorCode))
		}
	}
	for id, msg := range want {
		if m, ok := got[id]; !ok || (msg != "" && !strings.HasPrefix(m, msg)) {
			t.Errorf("%s: failure %q (reported: %v), want %q", id, m, ok, msg)
		}
	}
	if aws.ToInt32(out.SuccessCount) != 3 || len(got) != 5 {
		t.Errorf("SuccessCount %d, %d failures %v; want 3 and 5", aws.ToInt32(out.SuccessCount), len(got), got)
	}
	page, err := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("nanos")}}}})
	if err != nil || len(page.Findings) != 1 || aws.ToString(page.Findings[0].UpdatedAt) != "2024-10-31T23:00:00.123Z" {
		t.Errorf("nanosecond timestamp: %+v %v, want it cut to 2024-10-31T23:00:00.123Z", page, err)
	}

	// The same finding twice in one batch: both count, the later UpdatedAt is what stays.
	older, newer := asff(acctA, "twice", "LOW", "AwsS3Bucket", base), asff(acctA, "twice", "HIGH", "AwsS3Bucket", base.Add(time.Second))
	if out := importFindings(t, a.c, older, newer); aws.ToInt32(out.SuccessCount) != 2 {
		t.Errorf("same finding twice: %+v", out)
	}
	page, err = a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("twice")}}}})
	if err != nil || len(page.Findings) != 1 || page.Findings[0].Severity.Label != types.SeverityLabelHigh {
		t.Errorf("same finding twice in a batch: %+v %v, want the later one", page, err)
	}

	// 12: a SUPPRESSED finding stays SUPPRESSED when it is reopened by its provider.
	f := asff(acctA, "suppressed", "LOW", "AwsS3Bucket", base)
	f.RecordState = types.RecordStateArchived
	importFindings(t, a.c, f)
	if _, err := a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: f.Id, ProductArn: f.ProductArn}},
		Workflow:           &types.WorkflowUpdate{Status: types.WorkflowStatusSuppressed}}); err != nil {
		t.Fatal(err)
	}
	f.RecordState, f.UpdatedAt = types.RecordStateActive, aws.String(base.Add(time.Minute).Format(time.RFC3339))
	importFindings(t, a.c, f)
	page, err = a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: f.Id}}}})
	if err != nil || len(page.Findings) != 1 || page.Findings[0].Workflow.Status != types.WorkflowStatusSuppressed {
		t.Errorf("reopened SUPPRESSED finding: %+v %v", page, err)
	}

	// 15: Confidence out of range.
	_, err = a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: f.Id, ProductArn: f.ProductArn}}, Confidence: aws.Int32(101)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	// 21: MaxResults bounds.
	for _, n := range []int32{0, 101} {
		_, err = a.c.GetFindings(ctx, &securityhub.GetFindingsInput{MaxResults: aws.Int32(n)})
		testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	}

	// 25: the 101st custom insight; deleting returns the ARN.
	var first string
	for i := range 100 {
		c, err := a.c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String(fmt.Sprintf("i-%d", i)),
			Filters: &types.AwsSecurityFindingFilters{}, GroupByAttribute: aws.String("ResourceType")})
		if err != nil {
			t.Fatalf("insight %d: %v", i, err)
		}
		if i == 0 {
			first = aws.ToString(c.InsightArn)
		}
	}
	_, err = a.c.CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String("one too many"),
		Filters: &types.AwsSecurityFindingFilters{}, GroupByAttribute: aws.String("ResourceType")})
	testenv.ExpectError(t, err, "LimitExceededException", 429, "")
	del, err := a.c.DeleteInsight(ctx, &securityhub.DeleteInsightInput{InsightArn: aws.String(first)})
	if err != nil || aws.ToString(del.InsightArn) != first {
		t.Errorf("DeleteInsight: %+v %v", del, err)
	}
}
