package e2e

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

// ocsfFindings reads every page of GetFindingsV2 as decoded OCSF documents.
func ocsfFindings(t *testing.T, c *securityhub.Client, in *securityhub.GetFindingsV2Input) []map[string]any {
	t.Helper()
	var out []map[string]any
	p := securityhub.NewGetFindingsV2Paginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("GetFindingsV2: %v", err)
		}
		for _, f := range page.Findings {
			raw, err := f.MarshalSmithyDocument()
			if err != nil {
				t.Fatal(err)
			}
			var doc map[string]any
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			out = append(out, doc)
		}
	}
	return out
}

// ocsfAt reads a dotted path of an OCSF document (the first element of a list on the way).
func ocsfAt(doc map[string]any, path string) any {
	var v any = doc
	for _, p := range strings.Split(path, ".") {
		if l, ok := v.([]any); ok && len(l) > 0 {
			v = l[0]
		}
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

func uids(docs []map[string]any) []string {
	var out []string
	for _, d := range docs {
		out = append(out, ocsfAt(d, "finding_info.uid").(string))
	}
	return out
}

func ocsfString(field, comparison, value string) types.OcsfStringFilter {
	return types.OcsfStringFilter{FieldName: types.OcsfStringField(field),
		Filter: &types.StringFilter{Comparison: types.StringFilterComparison(comparison), Value: aws.String(value)}}
}

func v2Filters(op types.AllowedOperators, comps ...types.CompositeFilter) *types.OcsfFindingFilters {
	return &types.OcsfFindingFilters{CompositeOperator: op, CompositeFilters: comps}
}

// setUpFindingsV2 gives administrator A (V1 and V2 on) three findings and its Enabled member
// B one, created an hour apart from base.
func setUpFindingsV2(t *testing.T, env *testenv.Env, base time.Time) (a, b *account) {
	a = newAccount(t, env, acctA, true)
	b = newAccount(t, env, acctB, true)
	a1 := asff(acctA, "a1", "LOW", "AwsS3Bucket", base)
	a2 := asff(acctA, "a2", "HIGH", "AwsEc2Instance", base.Add(time.Hour))
	a2.Compliance = &types.Compliance{Status: types.ComplianceStatusFailed, SecurityControlId: aws.String("S3.1")}
	a2.Resources[0].Tags = map[string]string{"env": "prod"}
	a3 := asff(acctA, "a3", "CRITICAL", "AwsS3Bucket", base.Add(2*time.Hour))
	importFindings(t, a.c, a1, a2, a3)
	importFindings(t, b.c, asff(acctB, "b1", "MEDIUM", "AwsIamRole", base.Add(3*time.Hour)))
	a.create(acctB)
	a.invite(acctB)
	if err := b.accept(acctA, b.invitationFrom(acctA)); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// TestFindingsV2 reads findings imported with BatchImportFindings through GetFindingsV2 as
// OCSF: filters, sorting, paging, the administrator/member boundary, and V2 off.
func TestFindingsV2(t *testing.T) {
	env := testenv.Start(t)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	a, b := setUpFindingsV2(t, env, base)

	// V2 off: AWS's AccessDeniedException, though the CSPM hub is on.
	_, err := a.c.GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "Account 111111111111 has not enabled Security Hub V2 in us-east-1. Enable it with EnableSecurityHubV2 first.")
	for _, c := range []*securityhub.Client{a.c, b.c} {
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}

	all := ocsfFindings(t, a.c, &securityhub.GetFindingsV2Input{})
	if got := uids(all); strings.Join(got, ",") != "b1,a3,a2,a1" {
		t.Fatalf("administrator sees %v, want the newest first", got)
	}
	a1 := all[3]
	for path, want := range map[string]any{"class_uid": 2002.0, "class_name": "Vulnerability Finding", "category_uid": 2.0,
		"activity_id": 1.0, "type_uid": 200201.0, "severity_id": 2.0, "severity": "Low", "status_id": 1.0, "status": "New",
		"finding_info.title": "title a1", "finding_info.created_time_dt": "2026-11-01T10:00:00.000Z",
		"cloud.account.uid": acctA, "cloud.provider": "AWS", "cloud.region": "us-east-1", "metadata.product.uid": productOf(acctA),
		"metadata.product.name": "Default", "metadata.uid": productOf(acctA) + "/a1", "resources.type": "AwsS3Bucket",
		"resources.uid": "arn:aws:s3:::bucket-a1"} {
		if got := ocsfAt(a1, path); got != want {
			t.Errorf("a1 %s = %v, want %v", path, got, want)
		}
	}
	if got := ocsfAt(all[2], "class_name"); got != "Compliance Finding" || ocsfAt(all[2], "compliance.status") != "Fail" {
		t.Errorf("a2 is a %v with compliance %v", got, ocsfAt(all[2], "compliance.status"))
	}

	high := float64(4)
	cases := []struct {
		name    string
		filters *types.OcsfFindingFilters
		want    string
	}{
		{"OR in a composite", v2Filters("", types.CompositeFilter{Operator: types.AllowedOperatorsOr,
			StringFilters: []types.OcsfStringFilter{ocsfString("severity", "EQUALS", "High"), ocsfString("severity", "EQUALS", "Critical")}}), "a3,a2"},
		{"member's account", v2Filters("", types.CompositeFilter{StringFilters: []types.OcsfStringFilter{ocsfString("cloud.account.uid", "EQUALS", acctB)}}), "b1"},
		{"composites OR-ed", v2Filters(types.AllowedOperatorsOr,
			types.CompositeFilter{StringFilters: []types.OcsfStringFilter{ocsfString("compliance.control", "EQUALS", "S3.1")}},
			types.CompositeFilter{StringFilters: []types.OcsfStringFilter{ocsfString("finding_info.uid", "EQUALS", "a1")}}), "a2,a1"},
		{"nested with a number filter", v2Filters("", types.CompositeFilter{
			StringFilters: []types.OcsfStringFilter{ocsfString("resources.type", "EQUALS", "AwsS3Bucket")},
			NestedCompositeFilters: []types.CompositeFilter{{Operator: types.AllowedOperatorsOr,
				NumberFilters: []types.OcsfNumberFilter{{FieldName: "severity_id", Filter: &types.NumberFilter{Gte: &high}}},
				StringFilters: []types.OcsfStringFilter{ocsfString("finding_info.title", "CONTAINS_WORD", "a1")}}}}), "a3,a1"},
		{"map filter", v2Filters("", types.CompositeFilter{MapFilters: []types.OcsfMapFilter{{FieldName: "resources.tags",
			Filter: &types.MapFilter{Comparison: types.MapFilterComparisonEquals, Key: aws.String("env"), Value: aws.String("prod")}}}}), "a2"},
		{"date filter", v2Filters("", types.CompositeFilter{DateFilters: []types.OcsfDateFilter{{FieldName: "finding_info.created_time_dt",
			Filter: &types.DateFilter{Start: aws.String("2026-11-01T10:30:00Z"), End: aws.String("2026-11-01T12:30:00Z")}}}}), "a3,a2"},
		{"computed field", v2Filters("", types.CompositeFilter{StringFilters: []types.OcsfStringFilter{ocsfString("class_name", "NOT_EQUALS", "Vulnerability Finding")}}), "a2"},
	}
	for _, c := range cases {
		got := uids(ocsfFindings(t, a.c, &securityhub.GetFindingsV2Input{Filters: c.filters}))
		if strings.Join(got, ",") != c.want {
			t.Errorf("%s: %v, want %s", c.name, got, c.want)
		}
	}

	// Sorting by severity, and paging one at a time.
	sorted := ocsfFindings(t, a.c, &securityhub.GetFindingsV2Input{MaxResults: aws.Int32(1),
		SortCriteria: []types.SortCriterion{{Field: aws.String("severity_id"), SortOrder: types.SortOrderDescending}}})
	if got := uids(sorted); strings.Join(got, ",") != "a3,a2,b1,a1" {
		t.Errorf("by severity, a page at a time: %v", got)
	}

	// Bad requests are ValidationExceptions.
	_, err = a.c.GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{SortCriteria: []types.SortCriterion{{Field: aws.String("no.such.field")}}})
	testenv.ExpectError(t, err, "ValidationException", 400, "Invalid parameter 'SortCriteria'. 'no.such.field' is not a field of this operation.")
	_, err = a.c.GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{Filters: v2Filters("", types.CompositeFilter{
		NumberFilters: []types.OcsfNumberFilter{{FieldName: "severity_id", Filter: &types.NumberFilter{}}}})})
	testenv.ExpectError(t, err, "ValidationException", 400, "Invalid parameter 'Filters'. The number filter 'severity_id' needs at least one of Eq, Gt, Gte, Lt, Lte.")
	_, err = a.c.GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{Filters: v2Filters("", types.CompositeFilter{
		NestedCompositeFilters: []types.CompositeFilter{{NestedCompositeFilters: []types.CompositeFilter{{}}}}})})
	testenv.ExpectError(t, err, "ValidationException", 400, "Invalid parameter 'Filters'. NestedCompositeFilters cannot be nested again: filters have at most three layers.")

	// The member sees its own findings only.
	if got := uids(ocsfFindings(t, b.c, &securityhub.GetFindingsV2Input{})); strings.Join(got, ",") != "b1" {
		t.Errorf("member sees %v", got)
	}

	// V2 turned off again: refused.
	if _, err := a.c.DisableSecurityHubV2(ctx, &securityhub.DisableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	_, err = a.c.GetFindingStatisticsV2(ctx, &securityhub.GetFindingStatisticsV2Input{GroupByRules: []types.GroupByRule{{GroupByField: "severity"}}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
}

// TestBatchUpdateFindingsV2 updates findings through V2 and reads the change back through
// GetFindings (V1), GetFindingsV2 and GetFindingHistory.
func TestBatchUpdateFindingsV2(t *testing.T) {
	env := testenv.Start(t)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	a, b := setUpFindingsV2(t, env, base)
	for _, c := range []*securityhub.Client{a.c, b.c} {
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}
	ident := func(account, id string) types.OcsfFindingIdentifier {
		return types.OcsfFindingIdentifier{CloudAccountUid: aws.String(account), FindingInfoUid: aws.String(id), MetadataProductUid: aws.String(productOf(account))}
	}
	out, err := a.c.BatchUpdateFindingsV2(ctx, &securityhub.BatchUpdateFindingsV2Input{
		FindingIdentifiers: []types.OcsfFindingIdentifier{ident(acctA, "a1"), ident(acctA, "nope"),
			{CloudAccountUid: aws.String(acctB), FindingInfoUid: aws.String("a3"), MetadataProductUid: aws.String(productOf(acctA))}},
		Comment: aws.String("looking into it"), SeverityId: aws.Int32(4), StatusId: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.ProcessedFindings) != 1 || aws.ToString(out.ProcessedFindings[0].FindingIdentifier.FindingInfoUid) != "a1" ||
		len(out.UnprocessedFindings) != 2 || out.UnprocessedFindings[0].ErrorCode != types.BatchUpdateFindingsV2UnprocessedFindingErrorCodeResourceNotFoundException ||
		out.UnprocessedFindings[1].ErrorCode != types.BatchUpdateFindingsV2UnprocessedFindingErrorCodeResourceNotFoundException {
		t.Fatalf("BatchUpdateFindingsV2: %+v", out)
	}
	// V1 sees the change.
	f := findingOf(t, a.c, productOf(acctA), "a1")
	if f.Workflow.Status != types.WorkflowStatusNotified || f.Severity.Label != types.SeverityLabelHigh || aws.ToString(f.Note.Text) != "looking into it" {
		t.Errorf("GetFindings after the V2 update: %+v %+v %+v", f.Workflow, f.Severity, f.Note)
	}
	// V2 sees it.
	docs := ocsfFindings(t, a.c, &securityhub.GetFindingsV2Input{Filters: v2Filters("", types.CompositeFilter{
		StringFilters: []types.OcsfStringFilter{ocsfString("status", "EQUALS", "In Progress")}})})
	if len(docs) != 1 || ocsfAt(docs[0], "severity_id") != 4.0 || ocsfAt(docs[0], "comment") != "looking into it" {
		t.Errorf("GetFindingsV2 after the update: %v", docs)
	}
	// History records it.
	hist, err := a.c.GetFindingHistory(ctx, &securityhub.GetFindingHistoryInput{FindingIdentifier: &types.AwsSecurityFindingIdentifier{
		Id: aws.String("a1"), ProductArn: aws.String(productOf(acctA))}})
	if err != nil || len(hist.Records) != 2 {
		t.Fatalf("history: %+v %v", hist, err)
	}
	var fields []string
	for _, u := range hist.Records[0].Updates {
		fields = append(fields, aws.ToString(u.UpdatedField))
	}
	if !slices.Contains(fields, "Workflow.Status") || !slices.Contains(fields, "Severity.Label") || !slices.Contains(fields, "Note.Text") {
		t.Errorf("history of the V2 update: %v", fields)
	}

	// By metadata.uid: the administrator updates its member's finding; the member cannot
	// update the administrator's.
	out, err = a.c.BatchUpdateFindingsV2(ctx, &securityhub.BatchUpdateFindingsV2Input{MetadataUids: []string{productOf(acctB) + "/b1"}, StatusId: aws.Int32(4)})
	if err != nil || len(out.ProcessedFindings) != 1 || aws.ToString(out.ProcessedFindings[0].MetadataUid) != productOf(acctB)+"/b1" {
		t.Fatalf("update by metadata.uid: %+v %v", out, err)
	}
	if f := findingOf(t, b.c, productOf(acctB), "b1"); f.Workflow.Status != types.WorkflowStatusResolved {
		t.Errorf("member's finding after the administrator's update: %+v", f.Workflow)
	}
	out, err = b.c.BatchUpdateFindingsV2(ctx, &securityhub.BatchUpdateFindingsV2Input{FindingIdentifiers: []types.OcsfFindingIdentifier{ident(acctA, "a2")}, StatusId: aws.Int32(3)})
	if err != nil || len(out.UnprocessedFindings) != 1 || len(out.ProcessedFindings) != 0 {
		t.Fatalf("member updating the administrator's finding: %+v %v", out, err)
	}

	// Refused requests.
	for name, in := range map[string]*securityhub.BatchUpdateFindingsV2Input{
		"nothing to change":     {MetadataUids: []string{productOf(acctA) + "/a1"}},
		"both ways":             {MetadataUids: []string{productOf(acctA) + "/a1"}, FindingIdentifiers: []types.OcsfFindingIdentifier{ident(acctA, "a1")}, StatusId: aws.Int32(1)},
		"no finding":            {StatusId: aws.Int32(1)},
		"status without ASFF":   {MetadataUids: []string{productOf(acctA) + "/a1"}, StatusId: aws.Int32(5)},
		"severity out of scale": {MetadataUids: []string{productOf(acctA) + "/a1"}, SeverityId: aws.Int32(42)},
	} {
		_, err := a.c.BatchUpdateFindingsV2(ctx, in)
		if e, ok := testenv.ErrorOf(err); !ok || e.Code != "ValidationException" {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestFindingStatisticsAndTrendsV2 counts findings by fields and over time.
func TestFindingStatisticsAndTrendsV2(t *testing.T) {
	env := testenv.Start(t)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	a, _ := setUpFindingsV2(t, env, base)
	if _, err := a.c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	stats, err := a.c.GetFindingStatisticsV2(ctx, &securityhub.GetFindingStatisticsV2Input{GroupByRules: []types.GroupByRule{
		{GroupByField: types.GroupByFieldSeverity},
		{GroupByField: types.GroupByFieldResourcesType, Filters: v2Filters("", types.CompositeFilter{
			StringFilters: []types.OcsfStringFilter{ocsfString("cloud.account.uid", "EQUALS", acctA)}})},
		{GroupByField: types.GroupByFieldClassName},
	}})
	if err != nil {
		t.Fatal(err)
	}
	render := func(r types.GroupByResult) string {
		var parts []string
		for _, v := range r.GroupByValues {
			parts = append(parts, aws.ToString(v.FieldValue)+"="+itoa32(v.Count))
		}
		return aws.ToString(r.GroupByField) + ":" + strings.Join(parts, ",")
	}
	want := []string{"severity:Critical=1,High=1,Low=1,Medium=1", "resources.type:AwsS3Bucket=2,AwsEc2Instance=1",
		"class_name:Vulnerability Finding=3,Compliance Finding=1"}
	for i, r := range stats.GroupByResults {
		if render(r) != want[i] {
			t.Errorf("group %d: %s, want %s", i, render(r), want[i])
		}
	}
	asc, err := a.c.GetFindingStatisticsV2(ctx, &securityhub.GetFindingStatisticsV2Input{SortOrder: types.SortOrderAscending,
		MaxStatisticResults: aws.Int32(1), GroupByRules: []types.GroupByRule{{GroupByField: types.GroupByFieldResourcesType}}})
	if err != nil || render(asc.GroupByResults[0]) != "resources.type:AwsEc2Instance=1" {
		t.Errorf("ascending, one value: %+v %v", asc, err)
	}

	// A day apart over four days: none before base, a1 at base, every one a day later.
	trends, err := a.c.GetFindingsTrendsV2(ctx, &securityhub.GetFindingsTrendsV2Input{StartTime: aws.Time(base.Add(-24 * time.Hour)),
		EndTime: aws.Time(base.Add(72 * time.Hour))})
	if err != nil {
		t.Fatal(err)
	}
	if trends.Granularity != types.GranularityFieldDaily || len(trends.TrendsMetrics) != 5 {
		t.Fatalf("trends: %s %d points", trends.Granularity, len(trends.TrendsMetrics))
	}
	point := func(i int) string {
		s := trends.TrendsMetrics[i].TrendsValues.SeverityTrends
		return strings.Join([]string{itoa64(s.Low), itoa64(s.Medium), itoa64(s.High), itoa64(s.Critical), itoa64(s.Fatal)}, "/")
	}
	if point(0) != "0/0/0/0/0" || point(1) != "1/0/0/0/0" || point(2) != "1/1/1/1/0" || !trends.TrendsMetrics[1].Timestamp.Equal(base) {
		t.Errorf("trend points: %s %s %s at %v", point(0), point(1), point(2), trends.TrendsMetrics[1].Timestamp)
	}
	filtered, err := a.c.GetFindingsTrendsV2(ctx, &securityhub.GetFindingsTrendsV2Input{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(60 * 24 * time.Hour)),
		MaxResults: aws.Int32(2), Filters: &types.FindingsTrendsFilters{CompositeFilters: []types.FindingsTrendsCompositeFilter{{
			StringFilters: []types.FindingsTrendsStringFilter{{FieldName: "account_id", Filter: &types.StringFilter{Comparison: "EQUALS", Value: aws.String(acctB)}}}}}}})
	if err != nil || filtered.Granularity != types.GranularityFieldWeekly || len(filtered.TrendsMetrics) != 2 || filtered.NextToken == nil ||
		itoa64(filtered.TrendsMetrics[1].TrendsValues.SeverityTrends.Medium) != "1" {
		t.Fatalf("filtered weekly trends: %+v %v", filtered, err)
	}
	// A filter on a computed field: the findings are read, not counted by the store.
	compliance, err := a.c.GetFindingsTrendsV2(ctx, &securityhub.GetFindingsTrendsV2Input{StartTime: aws.Time(base), EndTime: aws.Time(base.Add(24 * time.Hour)),
		Filters: &types.FindingsTrendsFilters{CompositeFilters: []types.FindingsTrendsCompositeFilter{{StringFilters: []types.FindingsTrendsStringFilter{
			{FieldName: "finding_class_name", Filter: &types.StringFilter{Comparison: "EQUALS", Value: aws.String("Compliance Finding")}}}}}}})
	if err != nil || len(compliance.TrendsMetrics) != 2 || itoa64(compliance.TrendsMetrics[0].TrendsValues.SeverityTrends.High) != "0" ||
		itoa64(compliance.TrendsMetrics[1].TrendsValues.SeverityTrends.High) != "1" || itoa64(compliance.TrendsMetrics[1].TrendsValues.SeverityTrends.Low) != "0" {
		t.Fatalf("trends of compliance findings: %+v %v", compliance, err)
	}
	_, err = a.c.GetFindingsTrendsV2(ctx, &securityhub.GetFindingsTrendsV2Input{StartTime: aws.Time(base), EndTime: aws.Time(base)})
	testenv.ExpectError(t, err, "ValidationException", 400, "Invalid parameter 'StartTime'. StartTime must be before EndTime.")
}

// TestResourcesV2 lists the resources of the findings, counts them, and trends them.
func TestResourcesV2(t *testing.T) {
	env := testenv.Start(t)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	a, b := setUpFindingsV2(t, env, base)
	for _, c := range []*securityhub.Client{a.c, b.c} {
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}
	list := func(c *securityhub.Client, in *securityhub.GetResourcesV2Input) []types.ResourceResult {
		var out []types.ResourceResult
		p := securityhub.NewGetResourcesV2Paginator(c, in)
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				t.Fatalf("GetResourcesV2: %v", err)
			}
			out = append(out, page.Resources...)
		}
		return out
	}
	ids := func(rs []types.ResourceResult) string {
		var out []string
		for _, r := range rs {
			out = append(out, strings.TrimPrefix(aws.ToString(r.ResourceId), "arn:aws:s3:::bucket-"))
		}
		return strings.Join(out, ",")
	}
	all := list(a.c, &securityhub.GetResourcesV2Input{MaxResults: aws.Int32(3)})
	if ids(all) != "a1,a2,a3,b1" {
		t.Fatalf("resources: %s", ids(all))
	}
	r := all[1]
	if aws.ToString(r.AccountId) != acctA || aws.ToString(r.ResourceType) != "AwsEc2Instance" || r.ResourceCategory != types.ResourceCategoryCompute ||
		len(r.FindingsSummary) != 1 || aws.ToString(r.FindingsSummary[0].FindingType) != "Compliance Finding" ||
		aws.ToInt32(r.FindingsSummary[0].TotalFindings) != 1 || aws.ToInt32(r.FindingsSummary[0].Severities.High) != 1 ||
		len(r.ResourceTags) != 1 || aws.ToString(r.ResourceTags[0].Key) != "env" || aws.ToString(r.ResourceGuid) == "" ||
		aws.ToString(r.ResourceDetailCaptureTimeDt) != "2026-11-01T11:00:00.000Z" {
		t.Errorf("resource a2: %+v", r)
	}
	buckets := list(a.c, &securityhub.GetResourcesV2Input{Filters: &types.ResourcesFilters{CompositeFilters: []types.ResourcesCompositeFilter{{
		StringFilters: []types.ResourcesStringFilter{{FieldName: "ResourceType", Filter: &types.StringFilter{Comparison: "EQUALS", Value: aws.String("AwsS3Bucket")}}}}}},
		SortCriteria: []types.SortCriterion{{Field: aws.String("ResourceId"), SortOrder: types.SortOrderDescending}}})
	if ids(buckets) != "a3,a1" {
		t.Errorf("S3 buckets, by id descending: %s", ids(buckets))
	}
	critical := 1.0
	severe := list(a.c, &securityhub.GetResourcesV2Input{Filters: &types.ResourcesFilters{CompositeFilters: []types.ResourcesCompositeFilter{{
		NumberFilters: []types.ResourcesNumberFilter{{FieldName: "FindingsSummary.Severities.Critical", Filter: &types.NumberFilter{Gte: &critical}}}}}}})
	if ids(severe) != "a3" {
		t.Errorf("resources with a critical finding: %s", ids(severe))
	}
	tagged := list(a.c, &securityhub.GetResourcesV2Input{Filters: &types.ResourcesFilters{CompositeOperator: types.AllowedOperatorsOr,
		CompositeFilters: []types.ResourcesCompositeFilter{
			{MapFilters: []types.ResourcesMapFilter{{FieldName: "ResourceTags", Filter: &types.MapFilter{Comparison: "EQUALS", Key: aws.String("env"), Value: aws.String("prod")}}}},
			{DateFilters: []types.ResourcesDateFilter{{FieldName: "ResourceDetailCaptureTime", Filter: &types.DateFilter{Start: aws.String("2026-11-01T12:00:00Z")}}}}}}})
	if ids(tagged) != "a2,a3,b1" {
		t.Errorf("resources tagged env=prod or captured from noon: %s", ids(tagged))
	}
	if got := ids(list(b.c, &securityhub.GetResourcesV2Input{})); got != "b1" {
		t.Errorf("member's resources: %s", got)
	}

	stats, err := a.c.GetResourcesStatisticsV2(ctx, &securityhub.GetResourcesStatisticsV2Input{GroupByRules: []types.ResourceGroupByRule{
		{GroupByField: types.ResourceGroupByFieldResourceType}, {GroupByField: types.ResourceGroupByFieldAccountId}}})
	if err != nil || len(stats.GroupByResults) != 2 || aws.ToString(stats.GroupByResults[0].GroupByValues[0].FieldValue) != "AwsS3Bucket" ||
		aws.ToInt32(stats.GroupByResults[0].GroupByValues[0].Count) != 2 || aws.ToInt32(stats.GroupByResults[1].GroupByValues[0].Count) != 3 {
		t.Errorf("resource statistics: %+v %v", stats, err)
	}

	trends, err := a.c.GetResourcesTrendsV2(ctx, &securityhub.GetResourcesTrendsV2Input{StartTime: aws.Time(base.Add(-time.Hour)), EndTime: aws.Time(base.Add(47 * time.Hour)),
		Filters: &types.ResourcesTrendsFilters{CompositeFilters: []types.ResourcesTrendsCompositeFilter{{StringFilters: []types.ResourcesTrendsStringFilter{
			{FieldName: "resource_type", Filter: &types.StringFilter{Comparison: "EQUALS", Value: aws.String("AwsS3Bucket")}}}}}}})
	if err != nil || trends.Granularity != types.GranularityFieldDaily || len(trends.TrendsMetrics) != 3 ||
		aws.ToInt64(trends.TrendsMetrics[0].TrendsValues.ResourcesCount.AllResources) != 0 ||
		aws.ToInt64(trends.TrendsMetrics[1].TrendsValues.ResourcesCount.AllResources) != 2 {
		t.Errorf("resource trends: %+v %v", trends, err)
	}
}

func itoa32(n *int32) string { return strconv.Itoa(int(aws.ToInt32(n))) }

func itoa64(n *int64) string {
	if n == nil {
		return "nil"
	}
	return strconv.FormatInt(*n, 10)
}

// TestFindingsV2Scopes narrows the delegated administrator's V2 reads to organizational
// units with Scopes, and refuses Scopes to other accounts.
func TestFindingsV2Scopes(t *testing.T) {
	file := t.TempDir() + "/org.yaml"
	if err := writeFile(file, `managementAccount: "100000000000"
organizationalUnits: [Security, Workloads/Prod]
accounts:
  - {id: "200000000000", name: security, email: sec@example.com, ou: Security}
  - {id: "300000000000", name: prod, ou: Workloads/Prod}
  - {id: "500000000000", name: dev, ou: Workloads}
`); err != nil {
		t.Fatal(err)
	}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.OrgFile = file }))
	const da, prod, dev = "200000000000", "300000000000", "500000000000"
	if _, err := env.SecurityHub(mgmtID, region).EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(da)}); err != nil {
		t.Fatal(err)
	}
	admin := env.SecurityHub(da, region)
	ensureHub(t, admin)
	if un, err := admin.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{
		{AccountId: aws.String(prod)}, {AccountId: aws.String(dev)}}}); err != nil || len(un.UnprocessedAccounts) != 0 {
		t.Fatalf("CreateMembers: %+v %v", un, err)
	}
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	for _, acct := range []string{da, prod, dev} {
		importFindings(t, env.SecurityHub(acct, region), asff(acct, "f-"+acct, "HIGH", "AwsS3Bucket", base))
		if _, err := env.SecurityHub(acct, region).EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}
	orgs := env.Organizations(mgmtID)
	org, err := orgs.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		t.Fatal(err)
	}
	parentOf := func(child string) string {
		p, err := orgs.ListParents(ctx, &organizations.ListParentsInput{ChildId: aws.String(child)})
		if err != nil || len(p.Parents) != 1 {
			t.Fatalf("ListParents %s: %+v %v", child, p, err)
		}
		return aws.ToString(p.Parents[0].Id)
	}
	prodOU := parentOf(prod)
	workloadsOU := parentOf(prodOU)
	scoped := func(scopes ...types.AwsOrganizationScope) string {
		docs := ocsfFindings(t, admin, &securityhub.GetFindingsV2Input{Scopes: &types.FindingScopes{AwsOrganizations: scopes},
			SortCriteria: []types.SortCriterion{{Field: aws.String("cloud.account.uid")}}})
		return strings.Join(uids(docs), ",")
	}
	if got := scoped(); got != "f-"+da+",f-"+prod+",f-"+dev {
		t.Errorf("no scope: %s", got)
	}
	if got := scoped(types.AwsOrganizationScope{OrganizationalUnitId: aws.String(workloadsOU)}); got != "f-"+prod+",f-"+dev {
		t.Errorf("Workloads and the units below it: %s", got)
	}
	if got := scoped(types.AwsOrganizationScope{OrganizationId: org.Organization.Id, OrganizationalUnitId: aws.String(prodOU)}); got != "f-"+prod {
		t.Errorf("Prod: %s", got)
	}
	if got := scoped(types.AwsOrganizationScope{OrganizationId: org.Organization.Id}); got != "f-"+da+",f-"+prod+",f-"+dev {
		t.Errorf("the organization: %s", got)
	}
	stats, err := admin.GetFindingStatisticsV2(ctx, &securityhub.GetFindingStatisticsV2Input{
		Scopes:       &types.FindingScopes{AwsOrganizations: []types.AwsOrganizationScope{{OrganizationalUnitId: aws.String(prodOU)}}},
		GroupByRules: []types.GroupByRule{{GroupByField: types.GroupByFieldCloudAccountUid}}})
	if err != nil || len(stats.GroupByResults[0].GroupByValues) != 1 || aws.ToString(stats.GroupByResults[0].GroupByValues[0].FieldValue) != prod {
		t.Errorf("statistics in Prod: %+v %v", stats, err)
	}
	res, err := admin.GetResourcesV2(ctx, &securityhub.GetResourcesV2Input{
		Scopes: &types.ResourceScopes{AwsOrganizations: []types.AwsOrganizationScope{{OrganizationalUnitId: aws.String(workloadsOU)}}}})
	if err != nil || len(res.Resources) != 2 {
		t.Errorf("resources in Workloads: %+v %v", res, err)
	}

	_, err = admin.GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{Scopes: &types.FindingScopes{AwsOrganizations: []types.AwsOrganizationScope{
		{OrganizationId: aws.String("o-doesnotexist")}}}})
	testenv.ExpectError(t, err, "OrganizationNotFoundException", 400, "")
	_, err = admin.GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{Scopes: &types.FindingScopes{AwsOrganizations: []types.AwsOrganizationScope{
		{OrganizationalUnitId: aws.String("ou-none-00000000")}}}})
	testenv.ExpectError(t, err, "OrganizationalUnitNotFoundException", 400, "")
	_, err = env.SecurityHub(prod, region).GetFindingsV2(ctx, &securityhub.GetFindingsV2Input{Scopes: &types.FindingScopes{AwsOrganizations: []types.AwsOrganizationScope{
		{OrganizationalUnitId: aws.String(prodOU)}}}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "Account 300000000000 is not the delegated administrator of its organization: only the delegated administrator can use Scopes.")
}

// ensureHub turns the CSPM hub on, whether or not it is already.
func ensureHub(t *testing.T, c *securityhub.Client) {
	t.Helper()
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		if e, ok := testenv.ErrorOf(err); !ok || e.Code != "ResourceConflictException" {
			t.Fatalf("EnableSecurityHub: %v", err)
		}
	}
}
