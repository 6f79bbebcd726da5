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

// highSeverityCriteria are criteria on an OCSF field: findings of severity High.
func highSeverityCriteria() *types.CriteriaMemberOcsfFindingCriteria {
	return &types.CriteriaMemberOcsfFindingCriteria{Value: types.OcsfFindingFilters{CompositeOperator: types.AllowedOperatorsAnd,
		CompositeFilters: []types.CompositeFilter{{Operator: types.AllowedOperatorsAnd, StringFilters: []types.OcsfStringFilter{
			{FieldName: types.OcsfStringFieldSeverity, Filter: &types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String("High")}}}}}}}
}

// TestAutomationRulesV2 runs automation rules V2 through their life: the V2 subscription
// rule, both action types and their checks, get by id and ARN, update, list, tags, and the
// connector an EXTERNAL_INTEGRATION action holds on to.
func TestAutomationRulesV2(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	update := types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
		FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{SeverityId: aws.Int32(5), Comment: aws.String("escalated")}}
	create := func(name string, order float32, action types.AutomationRulesActionV2) (*securityhub.CreateAutomationRuleV2Output, error) {
		return a.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String(name), Description: aws.String(name + " rule"),
			RuleOrder: aws.Float32(order), Criteria: highSeverityCriteria(), Actions: []types.AutomationRulesActionV2{action}})
	}
	_, err := create("r", 1, update)
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	if _, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}

	refused := []struct {
		name   string
		action types.AutomationRulesActionV2
		msg    string
	}{
		{"fields update without fields", types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate},
			"Invalid parameter 'Actions[0].FindingFieldsUpdate'. A FINDING_FIELDS_UPDATE action sets at least one of SeverityId, StatusId and Comment."},
		{"severity ASFF lacks", types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{SeverityId: aws.Int32(6)}},
			"Invalid parameter 'Actions[0].FindingFieldsUpdate.SeverityId'. Value '6' is not a severity_id sechub sets: 1 (Informational) to 5 (Critical)."},
		{"status ASFF lacks", types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{StatusId: aws.Int32(5)}},
			"Invalid parameter 'Actions[0].FindingFieldsUpdate.StatusId'. Value '5' is not a status_id sechub sets: 1 (New) to 4 (Resolved)."},
		{"integration without a connector", types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2ExternalIntegration},
			"Invalid parameter 'Actions[0].ExternalIntegrationConfiguration.ConnectorArn'. An EXTERNAL_INTEGRATION action names the connector its tickets go through."},
		{"integration with an unknown connector", types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2ExternalIntegration,
			ExternalIntegrationConfiguration: &types.ExternalIntegrationConfiguration{ConnectorArn: aws.String("arn:aws:securityhub:us-east-1:111111111111:connectorv2/none")}},
			"Invalid parameter 'Actions[0].ExternalIntegrationConfiguration.ConnectorArn'. Connector arn:aws:securityhub:us-east-1:111111111111:connectorv2/none not found."},
		{"integration with fields", types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2ExternalIntegration,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{Comment: aws.String("x")}},
			"Invalid parameter 'Actions[0].FindingFieldsUpdate'. An EXTERNAL_INTEGRATION action takes no FindingFieldsUpdate."},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) {
			_, err := create("refused", 1, r.action)
			testenv.ExpectError(t, err, "ValidationException", 400, r.msg)
		})
	}
	_, err = a.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String("x"), Description: aws.String("x"),
		RuleOrder: aws.Float32(1), Criteria: highSeverityCriteria(), Actions: []types.AutomationRulesActionV2{update, update}})
	if err == nil {
		t.Fatal("two actions were accepted")
	}

	first, err := create("escalate", 2.5, update)
	if err != nil || !strings.HasPrefix(aws.ToString(first.RuleArn), "arn:aws:securityhub:us-east-1:"+acctA+":automation-rulev2/"+aws.ToString(first.RuleId)) {
		t.Fatalf("CreateAutomationRuleV2: %+v %v", first, err)
	}
	conn, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("snow"),
		Provider: &types.ProviderConfigurationMemberServiceNow{Value: types.ServiceNowProviderConfiguration{InstanceName: aws.String("acme"),
			SecretArn: aws.String("arn:aws:secretsmanager:us-east-1:" + acctA + ":secret:s")}}})
	if err != nil {
		t.Fatal(err)
	}
	ticketing := types.AutomationRulesActionV2{Type: types.AutomationRulesActionTypeV2ExternalIntegration,
		ExternalIntegrationConfiguration: &types.ExternalIntegrationConfiguration{ConnectorArn: conn.ConnectorId}}
	second, err := create("ticket", 1, ticketing)
	if err != nil {
		t.Fatal(err)
	}

	got, err := a.GetAutomationRuleV2(ctx, &securityhub.GetAutomationRuleV2Input{Identifier: first.RuleArn})
	if err != nil || aws.ToString(got.RuleName) != "escalate" || aws.ToFloat32(got.RuleOrder) != 2.5 || got.RuleStatus != types.RuleStatusV2Enabled ||
		len(got.Actions) != 1 || aws.ToInt32(got.Actions[0].FindingFieldsUpdate.SeverityId) != 5 || aws.ToString(got.Actions[0].FindingFieldsUpdate.Comment) != "escalated" {
		t.Fatalf("GetAutomationRuleV2: %+v %v", got, err)
	}
	crit, ok := got.Criteria.(*types.CriteriaMemberOcsfFindingCriteria)
	if !ok || len(crit.Value.CompositeFilters) != 1 || crit.Value.CompositeFilters[0].StringFilters[0].FieldName != types.OcsfStringFieldSeverity {
		t.Fatalf("criteria read back: %+v", got.Criteria)
	}
	got, err = a.GetAutomationRuleV2(ctx, &securityhub.GetAutomationRuleV2Input{Identifier: second.RuleId})
	if err != nil || got.Actions[0].ExternalIntegrationConfiguration == nil ||
		aws.ToString(got.Actions[0].ExternalIntegrationConfiguration.ConnectorArn) != aws.ToString(conn.ConnectorArn) {
		t.Fatalf("the connector is kept by its ARN: %+v %v", got, err)
	}
	_, err = a.DeleteConnectorV2(ctx, &securityhub.DeleteConnectorV2Input{ConnectorId: conn.ConnectorId})
	testenv.ExpectError(t, err, "ConflictException", 409, "Connector "+aws.ToString(conn.ConnectorId)+" is used by automation rule V2 "+aws.ToString(second.RuleArn)+". Change or delete the rule first.")

	if _, err := a.UpdateAutomationRuleV2(ctx, &securityhub.UpdateAutomationRuleV2Input{Identifier: second.RuleId, RuleStatus: types.RuleStatusV2Disabled,
		RuleOrder: aws.Float32(7), Actions: []types.AutomationRulesActionV2{update}}); err != nil {
		t.Fatal(err)
	}
	got, err = a.GetAutomationRuleV2(ctx, &securityhub.GetAutomationRuleV2Input{Identifier: second.RuleId})
	if err != nil || got.RuleStatus != types.RuleStatusV2Disabled || aws.ToFloat32(got.RuleOrder) != 7 || aws.ToString(got.RuleName) != "ticket" ||
		got.Actions[0].Type != types.AutomationRulesActionTypeV2FindingFieldsUpdate || !got.UpdatedAt.After(*got.CreatedAt) && !got.UpdatedAt.Equal(*got.CreatedAt) {
		t.Fatalf("after UpdateAutomationRuleV2: %+v %v", got, err)
	}
	if _, err := a.DeleteConnectorV2(ctx, &securityhub.DeleteConnectorV2Input{ConnectorId: conn.ConnectorId}); err != nil {
		t.Fatalf("the connector no rule uses: %v", err)
	}
	_, err = a.UpdateAutomationRuleV2(ctx, &securityhub.UpdateAutomationRuleV2Input{Identifier: aws.String("none"), RuleStatus: types.RuleStatusV2Disabled})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Automation rule V2 none not found.")

	list, err := a.ListAutomationRulesV2(ctx, &securityhub.ListAutomationRulesV2Input{NextToken: aws.String("NULL"), MaxResults: aws.Int32(1)})
	if err != nil || len(list.Rules) != 1 || aws.ToString(list.Rules[0].RuleId) != aws.ToString(first.RuleId) || list.NextToken == nil ||
		list.Rules[0].Actions[0].Type != types.AutomationRulesActionTypeV2FindingFieldsUpdate {
		t.Fatalf("ListAutomationRulesV2 first page: %+v %v", list, err)
	}
	list, err = a.ListAutomationRulesV2(ctx, &securityhub.ListAutomationRulesV2Input{NextToken: list.NextToken})
	if err != nil || len(list.Rules) != 1 || aws.ToString(list.Rules[0].RuleId) != aws.ToString(second.RuleId) || list.NextToken != nil {
		t.Fatalf("ListAutomationRulesV2 second page: %+v %v", list, err)
	}

	if _, err := a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: first.RuleArn, Tags: map[string]string{"team": "sec"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DeleteAutomationRuleV2(ctx, &securityhub.DeleteAutomationRuleV2Input{Identifier: first.RuleArn}); err != nil {
		t.Fatal(err)
	}
	_, err = a.GetAutomationRuleV2(ctx, &securityhub.GetAutomationRuleV2Input{Identifier: first.RuleArn})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: first.RuleArn})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
}

// TestAutomationRulesV2Apply checks that rules V2 act on findings as they are imported: a
// FINDING_FIELDS_UPDATE rule sets severity, status and a note, visible through GetFindings,
// and an EXTERNAL_INTEGRATION rule opens one ticket per matching finding at a local receiver.
func TestAutomationRulesV2Apply(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	enableV2WithFinding(t, a, acctA) // bench finding 1: severity LOW
	receiver := newTicketReceiver(t)
	conn, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("snow"),
		Provider: &types.ProviderConfigurationMemberServiceNow{Value: types.ServiceNowProviderConfiguration{InstanceName: aws.String(receiver.URL),
			SecretArn: aws.String("arn:aws:secretsmanager:us-east-1:" + acctA + ":secret:s")}}})
	if err != nil {
		t.Fatal(err)
	}
	escalate, err := a.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String("escalate"), Description: aws.String("d"),
		RuleOrder: aws.Float32(1), Criteria: highSeverityCriteria(), Actions: []types.AutomationRulesActionV2{{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{SeverityId: aws.Int32(5), StatusId: aws.Int32(2), Comment: aws.String("escalated")}}}})
	if err != nil {
		t.Fatal(err)
	}
	// Tickets for the findings that end up Critical: the rule above runs first.
	critical := &types.CriteriaMemberOcsfFindingCriteria{Value: types.OcsfFindingFilters{CompositeFilters: []types.CompositeFilter{{NumberFilters: []types.OcsfNumberFilter{
		{FieldName: types.OcsfNumberFieldSeverityId, Filter: &types.NumberFilter{Eq: aws.Float64(5)}}}}}}}
	ticketing, err := a.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String("ticket"), Description: aws.String("d"),
		RuleOrder: aws.Float32(2), Criteria: critical, Actions: []types.AutomationRulesActionV2{{Type: types.AutomationRulesActionTypeV2ExternalIntegration,
			ExternalIntegrationConfiguration: &types.ExternalIntegrationConfiguration{ConnectorArn: conn.ConnectorArn}}}})
	if err != nil {
		t.Fatal(err)
	}

	base := time.Now().Add(-time.Hour)
	high := testenv.BenchFinding(acctA, region, 3, base) // severity HIGH (3 % 5)
	low := testenv.BenchFinding(acctA, region, 6, base)  // severity LOW
	importFindings := func(fs ...types.AwsSecurityFinding) {
		t.Helper()
		if out, err := a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: fs}); err != nil || aws.ToInt32(out.FailedCount) != 0 {
			t.Fatalf("BatchImportFindings: %+v %v", out, err)
		}
	}
	importFindings(high, low)
	got, err := a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{Id: []types.StringFilter{
		{Comparison: types.StringFilterComparisonEquals, Value: high.Id}}}})
	if err != nil || len(got.Findings) != 1 {
		t.Fatalf("GetFindings: %+v %v", got, err)
	}
	f := got.Findings[0]
	if f.Severity.Label != types.SeverityLabelCritical || f.Workflow.Status != types.WorkflowStatusNotified || f.Note == nil ||
		aws.ToString(f.Note.Text) != "escalated" || aws.ToString(f.Note.UpdatedBy) != aws.ToString(escalate.RuleArn) {
		t.Fatalf("the rule did not update the finding: %+v %+v %+v", f.Severity, f.Workflow, f.Note)
	}
	got, err = a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{Id: []types.StringFilter{
		{Comparison: types.StringFilterComparisonEquals, Value: low.Id}}}})
	if err != nil || len(got.Findings) != 1 || got.Findings[0].Severity.Label != types.SeverityLabelLow || got.Findings[0].Note != nil {
		t.Fatalf("the rule changed a finding its criteria leave out: %+v %v", got, err)
	}

	first := waitForTickets(t, receiver, 1)
	finding, _ := first["finding"].(map[string]any)
	if first["source"] != aws.ToString(ticketing.RuleArn) || finding["id"] != aws.ToString(high.Id) || finding["severity"] != "CRITICAL" {
		t.Fatalf("the rule's ticket: %+v", first)
	}
	// The finding meets the rule again when it is imported again, and gets no second ticket;
	// another finding that meets it gets its own, delivered after (in order).
	importFindings(high)
	other := testenv.BenchFinding(acctA, region, 8, base) // severity HIGH
	importFindings(other)
	second := waitForTickets(t, receiver, 2)
	if finding, _ := second["finding"].(map[string]any); finding["id"] != aws.ToString(other.Id) || receiver.count() != 2 {
		t.Fatalf("second ticket %+v of %d", second, receiver.count())
	}

	// With Security Hub V2 off, the rules rest.
	if _, err := a.DisableSecurityHubV2(ctx, &securityhub.DisableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	resting := testenv.BenchFinding(acctA, region, 13, base) // severity HIGH
	importFindings(resting)
	got, err = a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{Id: []types.StringFilter{
		{Comparison: types.StringFilterComparisonEquals, Value: resting.Id}}}})
	if err != nil || len(got.Findings) != 1 || got.Findings[0].Severity.Label != types.SeverityLabelHigh || got.Findings[0].Note != nil {
		t.Fatalf("a rule acted with V2 off: %+v %v", got, err)
	}
}

// waitForTickets waits until the receiver has n tickets and returns the n-th.
func waitForTickets(t *testing.T, r *ticketReceiver, n int) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for r.count() < n {
		if time.Now().After(deadline) {
			t.Fatalf("the receiver has %d tickets, want %d", r.count(), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.received[n-1]
}

// TestV2ConfigurationOfAdministrator shows an administrator's V2 configuration acting on its
// Enabled member's findings (a rule V2, a ticket), and the member refused the V2
// configuration operations.
func TestV2ConfigurationOfAdministrator(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	b := newAccount(t, env, acctB, true)
	a.create(acctB)
	a.invite(acctB)
	if err := b.accept(acctA, b.invitationFrom(acctA)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*securityhub.Client{a.c, b.c} {
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}
	refused := func(what string) string {
		return "Account " + acctB + " is a member of the Security Hub administrator " + acctA + ": only the administrator account can " + what + "."
	}
	_, err := b.c.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String("mine"), Description: aws.String("d"),
		RuleOrder: aws.Float32(1), Criteria: highSeverityCriteria(), Actions: []types.AutomationRulesActionV2{{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{Comment: aws.String("x")}}}})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, refused("manage automation rules V2"))
	_, err = b.c.ListAutomationRulesV2(ctx, &securityhub.ListAutomationRulesV2Input{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, refused("manage automation rules V2"))
	_, err = b.c.ListConnectorsV2(ctx, &securityhub.ListConnectorsV2Input{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, refused("manage connectors V2"))
	_, err = b.c.CreateAggregatorV2(ctx, &securityhub.CreateAggregatorV2Input{RegionLinkingMode: aws.String("ALL_REGIONS")})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, refused("create an aggregator V2"))

	if _, err := a.c.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String("resolve"), Description: aws.String("d"),
		RuleOrder: aws.Float32(1), Criteria: highSeverityCriteria(), Actions: []types.AutomationRulesActionV2{{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
			FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{StatusId: aws.Int32(4)}}}}); err != nil {
		t.Fatal(err)
	}
	high := testenv.BenchFinding(acctB, region, 3, time.Now().Add(-time.Hour))
	if out, err := b.c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{high}}); err != nil || aws.ToInt32(out.FailedCount) != 0 {
		t.Fatalf("BatchImportFindings: %+v %v", out, err)
	}
	got, err := b.c.GetFindings(ctx, &securityhub.GetFindingsInput{})
	if err != nil || len(got.Findings) != 1 || got.Findings[0].Workflow.Status != types.WorkflowStatusResolved {
		t.Fatalf("the administrator's rule V2 on the member's finding: %+v %v", got, err)
	}

	receiver := newTicketReceiver(t)
	conn, err := a.c.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("snow"),
		Provider: &types.ProviderConfigurationMemberServiceNow{Value: types.ServiceNowProviderConfiguration{InstanceName: aws.String(receiver.URL),
			SecretArn: aws.String("arn:aws:secretsmanager:us-east-1:" + acctA + ":secret:s")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.c.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: conn.ConnectorId,
		FindingMetadataUid: aws.String(aws.ToString(high.ProductArn) + "/" + aws.ToString(high.Id))}); err != nil {
		t.Fatalf("a ticket for the member's finding: %v", err)
	}
	if finding, _ := receiver.last(t)["finding"].(map[string]any); finding["accountId"] != acctB {
		t.Fatalf("the ticket: %+v", finding)
	}
}

// TestV2ConfigurationQuotas fills an account's quotas of automation rules V2 and connectors.
func TestV2ConfigurationQuotas(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	rule := func(i int) error {
		_, err := a.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String(fmt.Sprint("r", i)), Description: aws.String("d"),
			RuleOrder: aws.Float32(1), Criteria: highSeverityCriteria(), Actions: []types.AutomationRulesActionV2{{Type: types.AutomationRulesActionTypeV2FindingFieldsUpdate,
				FindingFieldsUpdate: &types.AutomationRulesFindingFieldsUpdateV2{Comment: aws.String("x")}}}})
		return err
	}
	connector := func(i int) error {
		_, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String(fmt.Sprint("c", i)), Provider: &types.ProviderConfigurationMemberJiraCloud{}})
		return err
	}
	for i := range 100 {
		if err := rule(i); err != nil {
			t.Fatalf("rule %d: %v", i, err)
		}
		if err := connector(i); err != nil {
			t.Fatalf("connector %d: %v", i, err)
		}
	}
	testenv.ExpectError(t, rule(100), "ServiceQuotaExceededException", 402, "The account already has the maximum of 100 automation rules V2 in this Region.")
	testenv.ExpectError(t, connector(100), "ServiceQuotaExceededException", 402, "The account already has the maximum of 100 connectors in this Region.")
}
