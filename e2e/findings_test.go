package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

func productOf(account string) string {
	return "arn:aws:securityhub:us-east-1:" + account + ":product/" + account + "/default"
}

// asff builds a valid finding of account with a severity label, a resource type and an
// UpdatedAt.
func asff(account, id, label, resourceType string, updated time.Time) types.AwsSecurityFinding {
	ts := updated.UTC().Format(time.RFC3339Nano)
	return types.AwsSecurityFinding{
		SchemaVersion: aws.String("2018-10-08"), Id: aws.String(id), ProductArn: aws.String(productOf(account)),
		GeneratorId: aws.String("gen-1"), AwsAccountId: aws.String(account), Types: []string{"Software and Configuration Checks/Vulnerabilities/CVE"},
		CreatedAt: aws.String(ts), UpdatedAt: aws.String(ts), Title: aws.String("title " + id), Description: aws.String("description"),
		Severity:  &types.Severity{Label: types.SeverityLabel(label)},
		Resources: []types.Resource{{Type: aws.String(resourceType), Id: aws.String("arn:aws:s3:::bucket-" + id)}},
	}
}

func importFindings(t *testing.T, c *securityhub.Client, fs ...types.AwsSecurityFinding) *securityhub.BatchImportFindingsOutput {
	t.Helper()
	out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: fs})
	if err != nil {
		t.Fatalf("BatchImportFindings: %v", err)
	}
	return out
}

func findingIDs(t *testing.T, c *securityhub.Client, in *securityhub.GetFindingsInput) []string {
	t.Helper()
	var ids []string
	p := securityhub.NewGetFindingsPaginator(c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("GetFindings: %v", err)
		}
		for _, f := range page.Findings {
			ids = append(ids, aws.ToString(f.Id))
		}
	}
	return ids
}

func TestImportAndQueryFindings(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 123456789, time.UTC)

	_, err := env.SecurityHub(acctB, region).BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{asff(acctB, "x", "LOW", "AwsS3Bucket", base)}})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 222222222222 is not subscribed to AWS Security Hub")
	// Another account's finding refuses the whole batch.
	_, err = a.c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{
		asff(acctA, "ok", "LOW", "AwsS3Bucket", base), asff(acctB, "theirs", "LOW", "AwsS3Bucket", base)}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")

	bad := asff(acctA, "bad", "LOW", "AwsS3Bucket", base)
	bad.Resources = []types.Resource{}
	noSeverity := asff(acctA, "nosev", "LOW", "AwsS3Bucket", base)
	noSeverity.Severity = nil
	out := importFindings(t, a.c,
		asff(acctA, "f1", "HIGH", "AwsS3Bucket", base),
		asff(acctA, "f2", "LOW", "AwsEc2Instance", base.Add(time.Minute)),
		asff(acctA, "f3", "CRITICAL", "AwsEc2SecurityGroup", base.Add(2*time.Minute)),
		bad, noSeverity)
	if aws.ToInt32(out.SuccessCount) != 3 || aws.ToInt32(out.FailedCount) != 2 || len(out.FailedFindings) != 2 {
		for _, ff := range out.FailedFindings {
			t.Logf("failed %s: %s", aws.ToString(ff.Id), aws.ToString(ff.ErrorMessage))
		}
		t.Fatalf("import: %d succeeded, %d failed", aws.ToInt32(out.SuccessCount), aws.ToInt32(out.FailedCount))
	}
	if msg := aws.ToString(out.FailedFindings[0].ErrorMessage); msg != "Finding does not adhere to Amazon Finding Format. data.Resources should NOT have fewer than 1 items." {
		t.Errorf("empty Resources: %q", msg)
	}
	if msg := aws.ToString(out.FailedFindings[1].ErrorMessage); msg != "Finding does not adhere to Amazon Finding Format. data should have required property 'FindingProviderFields', data should match some schema in anyOf." {
		t.Errorf("no severity: %q", msg)
	}

	all, err := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{})
	if err != nil || len(all.Findings) != 3 {
		t.Fatalf("GetFindings: %d %v", len(all.Findings), err)
	}
	f := all.Findings[0] // newest first
	if aws.ToString(f.Id) != "f3" || aws.ToString(f.Region) != region || aws.ToString(f.ProcessedAt) == "" ||
		aws.ToString(f.CompanyName) != "Personal" || aws.ToString(f.ProductName) != "Default" || f.RecordState != types.RecordStateActive ||
		f.Workflow == nil || f.Workflow.Status != types.WorkflowStatusNew || aws.ToInt32(f.Severity.Normalized) != 90 ||
		f.FindingProviderFields == nil || f.FindingProviderFields.Severity.Label != types.SeverityLabelCritical ||
		f.ProductFields["aws/securityhub/FindingId"] != productOf(acctA)+"/f3" || !strings.HasSuffix(aws.ToString(f.UpdatedAt), ".123Z") {
		t.Fatalf("generated members: %+v", f)
	}

	// Filters: EQUALS on a hot key, PREFIX on a multi-valued key, NOT_EQUALS, number range, sorting.
	got := findingIDs(t, a.c, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		ResourceType:  []types.StringFilter{{Comparison: types.StringFilterComparisonPrefix, Value: aws.String("AwsEc2")}},
		SeverityLabel: []types.StringFilter{{Comparison: types.StringFilterComparisonNotEquals, Value: aws.String("LOW")}}}})
	if len(got) != 1 || got[0] != "f3" {
		t.Fatalf("PREFIX AwsEc2 and not LOW: %v", got)
	}
	got = findingIDs(t, a.c, &securityhub.GetFindingsInput{
		Filters:      &types.AwsSecurityFindingFilters{SeverityNormalized: []types.NumberFilter{{Gte: aws.Float64(40)}}},
		SortCriteria: []types.SortCriterion{{Field: aws.String("SeverityNormalized"), SortOrder: types.SortOrderAscending}}})
	if strings.Join(got, ",") != "f1,f3" {
		t.Fatalf("SeverityNormalized >= 40 ascending: %v", got)
	}
	got = findingIDs(t, a.c, &securityhub.GetFindingsInput{MaxResults: aws.Int32(1),
		SortCriteria: []types.SortCriterion{{Field: aws.String("Title"), SortOrder: types.SortOrderAscending}}})
	if strings.Join(got, ",") != "f1,f2,f3" {
		t.Fatalf("paged by one, Title ascending: %v", got)
	}
	_, err = a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Title: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("a")},
			{Comparison: types.StringFilterComparisonNotEquals, Value: aws.String("b")}}}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	// Re-import: older UpdatedAt ignored; newer replaces provider fields, keeps CreatedAt.
	stale := asff(acctA, "f1", "LOW", "AwsS3Bucket", base.Add(-time.Hour))
	importFindings(t, a.c, stale)
	newer := asff(acctA, "f1", "MEDIUM", "AwsS3Bucket", base.Add(time.Hour))
	newer.CreatedAt = aws.String("2030-01-01T00:00:00Z")
	importFindings(t, a.c, newer)
	one, _ := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("f1")}}}})
	if len(one.Findings) != 1 || one.Findings[0].Severity.Label != types.SeverityLabelMedium || !strings.HasPrefix(aws.ToString(one.Findings[0].CreatedAt), "2026-11-01") {
		t.Fatalf("after re-import: %+v", one.Findings)
	}

	// BatchUpdateFindings: workflow and severity; the provider's next import does not undo them.
	up, err := a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("f1"), ProductArn: aws.String(productOf(acctA))},
			{Id: aws.String("nope"), ProductArn: aws.String(productOf(acctA))}},
		Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusResolved},
		Severity: &types.SeverityUpdate{Label: types.SeverityLabelLow},
		Note:     &types.NoteUpdate{Text: aws.String("triaged"), UpdatedBy: aws.String("me")}})
	if err != nil || len(up.ProcessedFindings) != 1 || len(up.UnprocessedFindings) != 1 ||
		aws.ToString(up.UnprocessedFindings[0].ErrorCode) != "FindingNotFound" {
		t.Fatalf("BatchUpdateFindings: %+v %v", up, err)
	}
	importFindings(t, a.c, asff(acctA, "f1", "CRITICAL", "AwsS3Bucket", base.Add(2*time.Hour)))
	one, _ = a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("f1")}}}})
	got1 := one.Findings[0]
	if got1.Workflow.Status != types.WorkflowStatusResolved || got1.Severity.Label != types.SeverityLabelLow ||
		got1.FindingProviderFields.Severity.Label != types.SeverityLabelCritical || aws.ToString(got1.Note.Text) != "triaged" {
		t.Fatalf("customer changes lost in re-import: %+v", got1)
	}

	// History: newest first, creation last.
	hist, err := a.c.GetFindingHistory(ctx, &securityhub.GetFindingHistoryInput{FindingIdentifier: &types.AwsSecurityFindingIdentifier{
		Id: aws.String("f1"), ProductArn: aws.String(productOf(acctA))}})
	if err != nil || len(hist.Records) != 4 || !aws.ToBool(hist.Records[3].FindingCreated) || hist.Records[1].UpdateSource.Type != types.FindingHistoryUpdateSourceTypeBatchUpdateFindings {
		t.Fatalf("history: %+v %v", hist, err)
	}
	var fields []string
	for _, u := range hist.Records[1].Updates {
		fields = append(fields, aws.ToString(u.UpdatedField))
	}
	if !strings.Contains(strings.Join(fields, ","), "Workflow.Status") {
		t.Fatalf("BatchUpdateFindings record lists %v", fields)
	}
}

func TestFindingsVisibility(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	importFindings(t, a.c, asff(acctA, "a1", "LOW", "AwsS3Bucket", base))
	importFindings(t, b.c, asff(acctB, "b1", "HIGH", "AwsS3Bucket", base))
	if got := findingIDs(t, a.c, &securityhub.GetFindingsInput{}); len(got) != 1 {
		t.Fatalf("before membership A sees %v", got)
	}
	a.create(acctB)
	a.invite(acctB)
	if got := findingIDs(t, a.c, &securityhub.GetFindingsInput{}); len(got) != 1 {
		t.Fatalf("an invited (not Enabled) member is visible: %v", got)
	}
	if err := b.accept(acctA, b.invitationFrom(acctA)); err != nil {
		t.Fatal(err)
	}
	if got := findingIDs(t, a.c, &securityhub.GetFindingsInput{}); len(got) != 2 {
		t.Fatalf("administrator sees %v", got)
	}
	if got := findingIDs(t, b.c, &securityhub.GetFindingsInput{}); len(got) != 1 || got[0] != "b1" {
		t.Fatalf("member sees %v", got)
	}
	// The administrator updates the member's finding; the member cannot update the administrator's.
	up, err := a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: []types.AwsSecurityFindingIdentifier{
		{Id: aws.String("b1"), ProductArn: aws.String(productOf(acctB))}}, Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusNotified}})
	if err != nil || len(up.ProcessedFindings) != 1 {
		t.Fatalf("admin update of member finding: %+v %v", up, err)
	}
	up, _ = b.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: []types.AwsSecurityFindingIdentifier{
		{Id: aws.String("a1"), ProductArn: aws.String(productOf(acctA))}}, Workflow: &types.WorkflowUpdate{Status: types.WorkflowStatusNotified}})
	if len(up.UnprocessedFindings) != 1 {
		t.Fatalf("member updated the administrator's finding: %+v", up)
	}
	// The member leaves: it drops out at once.
	if _, err := b.c.DisassociateFromAdministratorAccount(ctx, &securityhub.DisassociateFromAdministratorAccountInput{}); err != nil {
		t.Fatal(err)
	}
	if got := findingIDs(t, a.c, &securityhub.GetFindingsInput{}); len(got) != 1 {
		t.Fatalf("after resigning, administrator sees %v", got)
	}
}

func TestUpdateFindingsLegacy(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	importFindings(t, a.c, asff(acctA, "l1", "HIGH", "AwsS3Bucket", base), asff(acctA, "l2", "LOW", "AwsS3Bucket", base))
	byID := &types.AwsSecurityFindingFilters{Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("l1")}}}
	if _, err := a.c.UpdateFindings(ctx, &securityhub.UpdateFindingsInput{Filters: byID, RecordState: types.RecordStateArchived,
		Note: &types.NoteUpdate{Text: aws.String("legacy"), UpdatedBy: aws.String("me")}}); err != nil {
		t.Fatalf("UpdateFindings: %v", err)
	}
	got, _ := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: byID})
	if got.Findings[0].RecordState != types.RecordStateArchived || aws.ToString(got.Findings[0].Note.Text) != "legacy" {
		t.Fatalf("after UpdateFindings: %+v", got.Findings[0])
	}
	_, err := a.c.UpdateFindings(ctx, &securityhub.UpdateFindingsInput{RecordState: types.RecordStateActive,
		Filters: &types.AwsSecurityFindingFilters{Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String("none")}}}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	// The provider's next import undoes the legacy changes.
	importFindings(t, a.c, asff(acctA, "l1", "HIGH", "AwsS3Bucket", base.Add(time.Hour)))
	got, _ = a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: byID})
	if got.Findings[0].RecordState != types.RecordStateActive || got.Findings[0].Note != nil {
		t.Fatalf("after re-import: %+v", got.Findings[0])
	}
}
