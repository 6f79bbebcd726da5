package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkImportWithAutomationRules imports batches of 100 findings of about 2 KB, as
// BenchmarkImportFindings does, into two servers: one whose account has no rules and one whose
// account has 100 enabled rules of mixed criteria (string, map, number and date filters; about
// a quarter of the findings match a rule, most of them through their generator). The batches alternate between the two, so that
// both see the same load on a shared machine, and the benchmark reports both rates and their
// ratio. Target: a ratio of at least 0.7.
func BenchmarkImportWithAutomationRules(b *testing.B) {
	without, with := benchRulesServer(b, 0), benchRulesServer(b, 100)
	base := time.Now().Add(-time.Hour)
	batch := make([]types.AwsSecurityFinding, 100)
	var spent [2]time.Duration
	b.ResetTimer()
	for n := range b.N {
		for i := range batch {
			batch[i] = testenv.BenchFinding(acctA, region, int64(n*100+i), base)
		}
		for k, c := range []*securityhub.Client{without, with} {
			start := time.Now()
			out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch})
			spent[k] += time.Since(start)
			if err != nil {
				b.Fatalf("import: %v", err)
			}
			if len(out.FailedFindings) > 0 {
				b.Fatalf("import: %d failed: %s", len(out.FailedFindings), aws.ToString(out.FailedFindings[0].ErrorMessage))
			}
		}
	}
	findings := float64(b.N * 100)
	b.ReportMetric(findings/spent[0].Seconds(), "findings/s-without-rules")
	b.ReportMetric(findings/spent[1].Seconds(), "findings/s-with-100-rules")
	b.ReportMetric(spent[0].Seconds()/spent[1].Seconds(), "ratio")
}

// benchRulesServer starts a server whose account has its hub on and rules automation rules,
// and returns the account's client.
func benchRulesServer(b *testing.B, rules int) *securityhub.Client {
	env := testenv.Start(b)
	c := benchClient(env.URL, acctA)
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		b.Fatal(err)
	}
	for i := range rules {
		if _, err := c.CreateAutomationRule(ctx, benchRule(i)); err != nil {
			b.Fatalf("rule %d: %v", i, err)
		}
	}
	return c
}

// benchRule is the i-th rule of the benchmark: eight kinds of criteria over the fields of
// testenv.BenchFinding, most of them matching few findings or none, as real rules do.
func benchRule(i int) *securityhub.CreateAutomationRuleInput {
	str := func(comparison types.StringFilterComparison, value string) []types.StringFilter {
		return []types.StringFilter{{Comparison: comparison, Value: aws.String(value)}}
	}
	var criteria types.AutomationRulesFindingFilters
	update := types.AutomationRulesFindingFieldsUpdate{}
	switch i % 8 {
	case 0: // one generator in 50
		criteria.GeneratorId = str(types.StringFilterComparisonEquals, fmt.Sprintf("rule-%d", i%50))
		update.Workflow = &types.WorkflowUpdate{Status: types.WorkflowStatusSuppressed}
	case 1: // a hundred ids
		id := fmt.Sprintf("bench-%09d", i*100)
		criteria.Title = str(types.StringFilterComparisonPrefix, "Benchmark finding "+id[:len(id)-2])
		update.Note = &types.NoteUpdate{Text: aws.String(fmt.Sprintf("rule %d", i)), UpdatedBy: aws.String("bench")}
	case 2: // a severity and a resource type
		criteria.SeverityLabel = str(types.StringFilterComparisonEquals, testenv.BenchSeverities[i%5])
		criteria.ResourceType = str(types.StringFilterComparisonEquals, testenv.BenchResourceTypes[i%6])
		criteria.RecordState = str(types.StringFilterComparisonEquals, "ARCHIVED")
		update.Severity = &types.SeverityUpdate{Label: types.SeverityLabelInformational}
	case 3: // a team's resources that nothing describes so
		criteria.ResourceTags = []types.MapFilter{{Comparison: types.MapFilterComparisonEquals, Key: aws.String("team"), Value: aws.String(fmt.Sprintf("team-%d", i%7))}}
		criteria.Description = str(types.StringFilterComparisonContains, fmt.Sprintf("never-%d", i))
		update.Criticality = aws.Int32(80)
	case 4: // recent findings with a word in their title
		criteria.UpdatedAt = []types.DateFilter{{DateRange: &types.DateRange{Unit: types.DateRangeUnitDays, Value: aws.Int32(7)}}}
		criteria.Title = str(types.StringFilterComparisonContains, fmt.Sprintf("%03d7", i))
		update.UserDefinedFields = map[string]string{"rule": fmt.Sprint(i)}
	case 5: // negative comparisons
		criteria.Type = str(types.StringFilterComparisonPrefix, "Effects/")
		criteria.WorkflowStatus = str(types.StringFilterComparisonNotEquals, "RESOLVED")
		update.VerificationState = types.VerificationStateBenignPositive
	case 6: // numbers the findings do not have
		criteria.Confidence = []types.NumberFilter{{Gte: aws.Float64(50)}}
		update.Types = []string{"Effects/Data Exposure"}
	case 7: // a bucket's findings
		criteria.ResourceId = str(types.StringFilterComparisonPrefix, fmt.Sprintf("arn:aws:s3:::bucket-%d", i*13))
		update.Confidence = aws.Int32(int32(i % 100))
	}
	return ruleInput(fmt.Sprintf("bench %d", i), int32(i%10+1), &criteria, &update)
}
