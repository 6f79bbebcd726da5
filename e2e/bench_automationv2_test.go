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

// BenchmarkImportWithAutomationRulesV2 is BenchmarkImportWithAutomationRules with 100
// automation rules V2 (FINDING_FIELDS_UPDATE, criteria on OCSF fields: some that map to ASFF
// filter keys, some computed from the finding's OCSF form) in place of the V1 rules. It
// reports both rates and their ratio.
func BenchmarkImportWithAutomationRulesV2(b *testing.B) {
	without, with := benchRulesServer(b, 0), benchRulesServer(b, 0)
	if _, err := with.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		if _, err := with.CreateAutomationRuleV2(ctx, benchRuleV2(i)); err != nil {
			b.Fatalf("rule %d: %v", i, err)
		}
	}
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
			if err != nil || len(out.FailedFindings) > 0 {
				b.Fatalf("import: %+v %v", out, err)
			}
		}
	}
	findings := float64(b.N * 100)
	b.ReportMetric(findings/spent[0].Seconds(), "findings/s-without-rules")
	b.ReportMetric(findings/spent[1].Seconds(), "findings/s-with-100-v2-rules")
	b.ReportMetric(spent[0].Seconds()/spent[1].Seconds(), "ratio")
}

// benchRuleV2 is the i-th rule V2 of the benchmark: four kinds of criteria over the fields of
// testenv.BenchFinding, most of them matching few findings.
func benchRuleV2(i int) *securityhub.CreateAutomationRuleV2Input {
	str := func(field types.OcsfStringField, comparison types.StringFilterComparison, value string) types.CompositeFilter {
		return types.CompositeFilter{StringFilters: []types.OcsfStringFilter{{FieldName: field,
			Filter: &types.StringFilter{Comparison: comparison, Value: aws.String(value)}}}}
	}
	var filters []types.CompositeFilter
	switch i % 4 {
	case 0: // a severity and a resource type (ASFF keys)
		filters = []types.CompositeFilter{str(types.OcsfStringFieldSeverity, types.StringFilterComparisonEquals, "Medium"),
			str(types.OcsfStringFieldResourcesType, types.StringFilterComparisonEquals, testenv.BenchResourceTypes[i%6])}
	case 1: // a word of the title (ASFF key)
		filters = []types.CompositeFilter{str(types.OcsfStringFieldFindingInfoTitle, types.StringFilterComparisonContains, fmt.Sprintf("%03d7", i))}
	case 2: // the OCSF class (computed from the finding)
		filters = []types.CompositeFilter{str(types.OcsfStringFieldClassName, types.StringFilterComparisonEquals, "Compliance Finding")}
	case 3: // a resource tag (ASFF key)
		filters = []types.CompositeFilter{{MapFilters: []types.OcsfMapFilter{{FieldName: types.OcsfMapFieldResourcesTags,
			Filter: &types.MapFilter{Comparison: types.MapFilterComparisonEquals, Key: aws.String("team"), Value: aws.String(fmt.Sprintf("team-%d", i%7))}}}},
			str(types.OcsfStringFieldFindingInfoDesc, types.StringFilterComparisonContains, fmt.Sprintf("never-%d", i))}
	}
	return &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String(fmt.Sprintf("bench %d", i)), Description: aws.String("bench"),
		RuleOrder: aws.Float32(float32(i%10 + 1)), Criteria: &types.CriteriaMemberOcsfFindingCriteria{Value: types.OcsfFindingFilters{
			CompositeOperator: types.AllowedOperatorsAnd, CompositeFilters: filters}},
		Actions: []types.AutomationRulesActionV2{{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{Comment: aws.String(fmt.Sprintf("rule %d", i))}}}}
}
