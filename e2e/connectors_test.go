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

const (
	azureSubscription = "0b1f6472-1e2a-4f3c-9d8e-7a6b5c4d3e2f"
	azureTenant       = "11111111-2222-3333-4444-555555555555"
)

// azureProvider is an Azure configuration of CreateConnector whose AWS Config connector
// belongs to account.
func azureProvider(account string, scope types.ScopeType, values []string, regions ...string) *types.CspmProviderConfigurationMemberAzure {
	return &types.CspmProviderConfigurationMemberAzure{Value: types.AzureProviderConfiguration{
		AWSConfigConnectorArn: aws.String("arn:aws:config:us-east-1:" + account + ":connector/azure-1"),
		ScopeConfiguration:    &types.AzureScopeConfiguration{ScopeType: scope, ScopeValues: values},
		AzureRegions:          regions,
	}}
}

// TestConnectorsAzure runs Security Hub CSPM's Azure connectors through their life: they
// need the CSPM hub, are validated, idempotent by client token, tagged, listed in pages with
// their filters, updated, deleted, never visible to another account, and gone with the hub.
func TestConnectorsAzure(t *testing.T) {
	env := testenv.Start(t)
	a, b := env.SecurityHub(acctA, region), env.SecurityHub(acctB, region)
	create := func(c *securityhub.Client, name, token string, p types.CspmProviderConfiguration) (*securityhub.CreateConnectorOutput, error) {
		in := &securityhub.CreateConnectorInput{Name: aws.String(name), Provider: p, Tags: map[string]string{"cloud": "azure"}}
		if token != "" {
			in.ClientToken = aws.String(token)
		}
		return c.CreateConnector(ctx, in)
	}
	prod := azureProvider(acctA, types.ScopeTypeSubscription, []string{azureSubscription}, "eastus", "westeurope", "eastus")

	_, err := create(a, "prod", "", prod)
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	ensureHub(t, a)
	ensureHub(t, b)

	created, err := create(a, "prod", "token-1", prod)
	if err != nil || !strings.HasPrefix(aws.ToString(created.ConnectorArn), "arn:aws:securityhub:us-east-1:"+acctA+":connector/") ||
		!strings.HasSuffix(aws.ToString(created.ConnectorArn), "/"+aws.ToString(created.ConnectorId)) ||
		created.ConnectorStatus != types.CspmConnectorStatusConnected || created.EnablementStatus != types.CspmEnablementStatusEnabled {
		t.Fatalf("CreateConnector: %+v %v", created, err)
	}
	id := aws.ToString(created.ConnectorId)
	again, err := create(a, "prod", "token-1", prod)
	if err != nil || aws.ToString(again.ConnectorId) != id {
		t.Fatalf("CreateConnector with the same client token made another: %+v %v", again, err)
	}
	_, err = create(a, "other", "token-1", prod)
	expectErrorContaining(t, err, "ConflictException", 409, "client token")
	_, err = create(a, "prod", "", prod)
	expectErrorContaining(t, err, "ConflictException", 409, "named prod")

	for _, bad := range []struct {
		name string
		p    types.CspmProviderConfiguration
		msg  string
	}{
		{"another account's AWS Config connector", azureProvider(acctB, types.ScopeTypeTenant, nil, "eastus"), "AWSConfigConnectorArn"},
		{"subscription scope without subscriptions", azureProvider(acctA, types.ScopeTypeSubscription, nil, "eastus"), "ScopeValues"},
		{"a subscription that is no GUID", azureProvider(acctA, types.ScopeTypeSubscription, []string{"prod-subscription"}, "eastus"), "ScopeValues"},
		{"a region that is no Azure region name", azureProvider(acctA, types.ScopeTypeTenant, nil, "East US"), "AzureRegions"},
		{"a scope type outside the enum", azureProvider(acctA, "ORGANIZATION", nil, "eastus"), "ScopeType"},
		{"no regions", azureProvider(acctA, types.ScopeTypeTenant, nil, []string{}...), "AzureRegions"},
	} {
		_, err := create(a, "bad", "", bad.p)
		if e, ok := testenv.ErrorOf(err); !ok || e.Code != "ValidationException" || e.Status != 400 || !strings.Contains(e.Message, bad.msg) {
			t.Errorf("%s: %v, want ValidationException naming %s", bad.name, err, bad.msg)
		}
	}

	for _, ref := range []string{id, aws.ToString(created.ConnectorArn)} {
		got, err := a.GetConnector(ctx, &securityhub.GetConnectorInput{ConnectorId: aws.String(ref)})
		if err != nil {
			t.Fatalf("GetConnector %s: %v", ref, err)
		}
		azure, ok := got.ProviderDetail.(*types.CspmProviderDetailMemberAzure)
		if !ok || aws.ToString(got.ConnectorId) != id || aws.ToString(got.Name) != "prod" || got.Health == nil ||
			got.Health.ConnectorStatus != types.CspmConnectorStatusConnected || got.Health.LastCheckedAt == nil ||
			got.EnablementStatus != types.CspmEnablementStatusEnabled || aws.ToString(got.CreatedBy) == "" || got.CreatedAt == nil {
			t.Fatalf("GetConnector %s: %+v", ref, got)
		}
		if strings.Join(azure.Value.AzureRegions, ",") != "eastus,westeurope" || azure.Value.ScopeConfiguration.ScopeType != types.ScopeTypeSubscription ||
			strings.Join(azure.Value.ScopeConfiguration.ScopeValues, ",") != azureSubscription ||
			aws.ToString(azure.Value.AWSConfigConnectorArn) != "arn:aws:config:us-east-1:"+acctA+":connector/azure-1" {
			t.Fatalf("GetConnector %s: Azure %+v", ref, azure.Value)
		}
	}
	tags, err := a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: created.ConnectorArn})
	if err != nil || tags.Tags["cloud"] != "azure" {
		t.Fatalf("tags of the connector: %+v %v", tags, err)
	}

	// Another account sees nothing of it, by id or ARN, and cannot change it.
	for _, ref := range []string{id, aws.ToString(created.ConnectorArn)} {
		_, err = b.GetConnector(ctx, &securityhub.GetConnectorInput{ConnectorId: aws.String(ref)})
		testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
		_, err = b.UpdateConnector(ctx, &securityhub.UpdateConnectorInput{ConnectorId: aws.String(ref), Description: aws.String("mine")})
		testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
		_, err = b.DeleteConnector(ctx, &securityhub.DeleteConnectorInput{ConnectorId: aws.String(ref)})
		testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	}
	if list, err := b.ListConnectors(ctx, &securityhub.ListConnectorsInput{}); err != nil || len(list.Connectors) != 0 {
		t.Fatalf("another account lists %+v %v", list, err)
	}

	updated, err := a.UpdateConnector(ctx, &securityhub.UpdateConnectorInput{ConnectorId: aws.String(id), Description: aws.String("the whole tenant"),
		Provider: &types.CspmProviderUpdateConfigurationMemberAzure{Value: types.AzureUpdateConfiguration{
			ScopeConfiguration: &types.AzureScopeConfiguration{ScopeType: types.ScopeTypeTenant, ScopeValues: []string{azureTenant}},
			AzureRegions:       []string{"northeurope"}}}})
	if err != nil || updated.ConnectorStatus != types.CspmConnectorStatusConnected || updated.EnablementStatus != types.CspmEnablementStatusEnabled {
		t.Fatalf("UpdateConnector: %+v %v", updated, err)
	}
	got, err := a.GetConnector(ctx, &securityhub.GetConnectorInput{ConnectorId: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if azure := got.ProviderDetail.(*types.CspmProviderDetailMemberAzure).Value; aws.ToString(got.Description) != "the whole tenant" ||
		azure.ScopeConfiguration.ScopeType != types.ScopeTypeTenant || strings.Join(azure.AzureRegions, ",") != "northeurope" ||
		aws.ToString(azure.AWSConfigConnectorArn) == "" || got.LastUpdatedAt.Before(*got.CreatedAt) {
		t.Fatalf("after UpdateConnector: %+v %+v", got, azure)
	}
	_, err = a.UpdateConnector(ctx, &securityhub.UpdateConnectorInput{ConnectorId: aws.String(id),
		Provider: &types.CspmProviderUpdateConfigurationMemberAzure{Value: types.AzureUpdateConfiguration{
			ScopeConfiguration: &types.AzureScopeConfiguration{ScopeType: types.ScopeTypeSubscription}, AzureRegions: []string{"eastus"}}}})
	expectErrorContaining(t, err, "ValidationException", 400, "ScopeValues")

	second, err := create(a, "dev", "", azureProvider(acctA, types.ScopeTypeTenant, nil, "eastus"))
	if err != nil {
		t.Fatal(err)
	}
	first, err := a.ListConnectors(ctx, &securityhub.ListConnectorsInput{MaxResults: aws.Int32(1)})
	if err != nil || len(first.Connectors) != 1 || first.NextToken == nil || aws.ToString(first.Connectors[0].ConnectorId) != id {
		t.Fatalf("ListConnectors page 1: %+v %v", first, err)
	}
	if s := first.Connectors[0]; s.ProviderSummary == nil || s.ProviderSummary.ProviderName != types.CspmConnectorProviderNameAzure ||
		s.ProviderSummary.ConnectorStatus != types.CspmConnectorStatusConnected || s.EnablementStatus != types.CspmEnablementStatusEnabled ||
		aws.ToString(s.Name) != "prod" || aws.ToString(s.ConnectorArn) != aws.ToString(created.ConnectorArn) {
		t.Fatalf("ListConnectors summary: %+v", s)
	}
	next, err := a.ListConnectors(ctx, &securityhub.ListConnectorsInput{MaxResults: aws.Int32(1), NextToken: first.NextToken})
	if err != nil || len(next.Connectors) != 1 || next.NextToken != nil || aws.ToString(next.Connectors[0].ConnectorId) != aws.ToString(second.ConnectorId) {
		t.Fatalf("ListConnectors page 2: %+v %v", next, err)
	}
	for _, f := range []struct {
		in   securityhub.ListConnectorsInput
		want int
	}{
		{securityhub.ListConnectorsInput{ProviderName: types.CspmConnectorProviderNameAzure}, 2},
		{securityhub.ListConnectorsInput{ConnectorStatus: types.CspmConnectorStatusDegraded}, 0},
		{securityhub.ListConnectorsInput{EnablementStatus: types.CspmEnablementStatusEnabled}, 2},
		{securityhub.ListConnectorsInput{EnablementStatus: types.CspmEnablementStatusPendingDeletion}, 0},
	} {
		if list, err := a.ListConnectors(ctx, &f.in); err != nil || len(list.Connectors) != f.want {
			t.Errorf("ListConnectors %+v: %+v %v, want %d", f.in, list, err, f.want)
		}
	}
	_, err = a.ListConnectors(ctx, &securityhub.ListConnectorsInput{ConnectorStatus: "SLEEPING"})
	testenv.ExpectError(t, err, "ValidationException", 400, "")

	deleted, err := a.DeleteConnector(ctx, &securityhub.DeleteConnectorInput{ConnectorId: aws.String(id)})
	if err != nil || deleted.EnablementStatus != types.CspmEnablementStatusPendingDeletion {
		t.Fatalf("DeleteConnector: %+v %v", deleted, err)
	}
	_, err = a.GetConnector(ctx, &securityhub.GetConnectorInput{ConnectorId: aws.String(id)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = a.DeleteConnector(ctx, &securityhub.DeleteConnectorInput{ConnectorId: aws.String(id)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: created.ConnectorArn})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	// The connectors go with the hub.
	if _, err := a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	_, err = a.ListConnectors(ctx, &securityhub.ListConnectorsInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	ensureHub(t, a)
	if list, err := a.ListConnectors(ctx, &securityhub.ListConnectorsInput{}); err != nil || len(list.Connectors) != 0 {
		t.Fatalf("connectors after the hub was disabled and enabled again: %+v %v", list, err)
	}
}

// expectErrorContaining fails the test unless err is an AWS error with code and status whose
// message contains part.
func expectErrorContaining(t *testing.T, err error, code string, status int, part string) {
	t.Helper()
	if e, ok := testenv.ErrorOf(err); !ok || e.Code != code || e.Status != status || !strings.Contains(e.Message, part) {
		t.Fatalf("expected %s (%d) with %q, got %v", code, status, part, err)
	}
}

// TestProvidersFilter selects standards and controls by provider: every one sechub holds is
// AWS's, so a filter naming only Azure selects none.
func TestProvidersFilter(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	ensureHub(t, a)
	for _, p := range []struct {
		providers []string
		some      bool
	}{{nil, true}, {[]string{"AWS"}, true}, {[]string{"Azure", "AWS"}, true}, {[]string{"Azure"}, false}} {
		std, err := a.DescribeStandards(ctx, &securityhub.DescribeStandardsInput{Providers: toStandardsProviders(p.providers)})
		if err != nil || (len(std.Standards) > 0) != p.some {
			t.Errorf("DescribeStandards %v: %d standards, %v", p.providers, len(std.Standards), err)
		}
		enabled, err := a.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{Providers: toStandardsProviders(p.providers)})
		if err != nil || (len(enabled.StandardsSubscriptions) > 0) != p.some {
			t.Errorf("GetEnabledStandards %v: %d subscriptions, %v", p.providers, len(enabled.StandardsSubscriptions), err)
		}
		var controls []types.SecurityControlsProvider
		for _, v := range p.providers {
			controls = append(controls, types.SecurityControlsProvider(v))
		}
		defs, err := a.ListSecurityControlDefinitions(ctx, &securityhub.ListSecurityControlDefinitionsInput{Providers: controls, MaxResults: aws.Int32(5)})
		if err != nil || (len(defs.SecurityControlDefinitions) > 0) != p.some || (defs.NextToken != nil) != p.some {
			t.Errorf("ListSecurityControlDefinitions %v: %d definitions, %v", p.providers, len(defs.SecurityControlDefinitions), err)
		}
	}
	_, err := a.DescribeStandards(ctx, &securityhub.DescribeStandardsInput{Providers: []types.StandardsProvider{"GCP"}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
}

func toStandardsProviders(list []string) []types.StandardsProvider {
	var out []types.StandardsProvider
	for _, v := range list {
		out = append(out, types.StandardsProvider(v))
	}
	return out
}

// TestAzureResourcesInFindings imports a finding on an Azure resource (Resources[].Provider
// and Owner, new in the model) and finds it by those fields through GetFindings, GetFindingsV2
// and GetResourcesV2.
func TestAzureResourcesInFindings(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	ensureHub(t, a)
	if _, err := a.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	azure := asff(acctA, "azure-vm", "HIGH", "Other", time.Now())
	azure.Resources[0].Provider = types.CloudProviderNameAzure
	azure.Resources[0].Owner = &types.ResourceOwner{Account: &types.ResourceOwnerAccount{Id: aws.String(azureSubscription)},
		Org: &types.ResourceOwnerOrg{Id: aws.String(azureTenant)}}
	if out := importFindings(t, a, azure, asff(acctA, "aws-bucket", "LOW", "AwsS3Bucket", time.Now())); aws.ToInt32(out.FailedCount) != 0 {
		t.Fatalf("BatchImportFindings: %+v", out.FailedFindings)
	}
	eq := func(v string) []types.StringFilter {
		return []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: aws.String(v)}}
	}
	for name, f := range map[string]*types.AwsSecurityFindingFilters{
		"ResourceProvider":       {ResourceProvider: eq("Azure")},
		"ResourceOwnerAccountId": {ResourceOwnerAccountId: eq(azureSubscription)},
		"ResourceOwnerOrgId":     {ResourceOwnerOrgId: eq(azureTenant)},
	} {
		got, err := a.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: f})
		if err != nil || len(got.Findings) != 1 || aws.ToString(got.Findings[0].Id) != "azure-vm" ||
			got.Findings[0].Resources[0].Provider != types.CloudProviderNameAzure {
			t.Errorf("GetFindings by %s: %+v %v", name, got, err)
		}
	}
	v2 := ocsfFindings(t, a, &securityhub.GetFindingsV2Input{Filters: v2Filters(types.AllowedOperatorsAnd,
		types.CompositeFilter{StringFilters: []types.OcsfStringFilter{ocsfString("resources.provider", "EQUALS", "Azure"),
			ocsfString("resources.owner.org.uid", "EQUALS", azureTenant)}})})
	if len(v2) != 1 || ocsfAt(v2[0], "resources.provider") != "Azure" || ocsfAt(v2[0], "resources.owner.account.uid") != azureSubscription {
		t.Fatalf("GetFindingsV2 by resources.provider: %+v", v2)
	}
	res, err := a.GetResourcesV2(ctx, &securityhub.GetResourcesV2Input{Filters: &types.ResourcesFilters{CompositeFilters: []types.ResourcesCompositeFilter{{
		StringFilters: []types.ResourcesStringFilter{{FieldName: types.ResourcesStringFieldResourceOwnerAccountId,
			Filter: &types.StringFilter{Comparison: types.StringFilterComparisonEquals, Value: aws.String(azureSubscription)}}}}}}})
	if err != nil || len(res.Resources) != 1 || aws.ToString(res.Resources[0].ResourceProvider) != "Azure" ||
		aws.ToString(res.Resources[0].ResourceOwnerOrgId) != azureTenant || aws.ToString(res.Resources[0].ResourceRegion) != region {
		t.Fatalf("GetResourcesV2 by ResourceOwnerAccountId: %+v %v", res, err)
	}
	stats, err := a.GetResourcesStatisticsV2(ctx, &securityhub.GetResourcesStatisticsV2Input{
		GroupByRules: []types.ResourceGroupByRule{{GroupByField: types.ResourceGroupByFieldResourceProvider}}})
	if err != nil || len(stats.GroupByResults) != 1 || len(stats.GroupByResults[0].GroupByValues) != 1 ||
		aws.ToString(stats.GroupByResults[0].GroupByValues[0].FieldValue) != "Azure" {
		t.Fatalf("GetResourcesStatisticsV2 by ResourceProvider: %+v %v", stats, err)
	}
}

// TestConnectorsV2Azure creates, reads, lists, updates and deletes an Azure connector V2
// (Provider.Azure of CreateConnectorV2, new in the model): it is validated as the CSPM ones
// are, connected and enabled at once, opens no tickets, starts the Azure free trial, and is
// nobody else's.
func TestConnectorsV2Azure(t *testing.T) {
	env := testenv.Start(t)
	a, b := env.SecurityHub(acctA, region), env.SecurityHub(acctB, region)
	for _, c := range []*securityhub.Client{a, b} {
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}
	azure := func(account string, scope types.ScopeType, values []string, regions ...string) *types.ProviderConfigurationMemberAzure {
		return &types.ProviderConfigurationMemberAzure{Value: azureProvider(account, scope, values, regions...).Value}
	}
	_, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("bad"),
		Provider: azure(acctA, types.ScopeTypeSubscription, nil, "eastus")})
	expectErrorContaining(t, err, "ValidationException", 400, "ScopeValues")
	created, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("azure"),
		Provider: azure(acctA, types.ScopeTypeSubscription, []string{azureSubscription}, "eastus")})
	if err != nil || created.ConnectorStatus != types.ConnectorStatusConnected || created.EnablementStatus != types.EnablementStatusEnabled ||
		!strings.Contains(aws.ToString(created.ConnectorArn), ":connectorv2/") || aws.ToString(created.AuthUrl) != "" {
		t.Fatalf("CreateConnectorV2 Azure: %+v %v", created, err)
	}
	id := created.ConnectorId
	got, err := a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: id})
	if err != nil {
		t.Fatal(err)
	}
	detail, ok := got.ProviderDetail.(*types.ProviderDetailMemberAzure)
	if !ok || got.EnablementStatus != types.EnablementStatusEnabled || got.Health.ConnectorStatus != types.ConnectorStatusConnected ||
		strings.Join(detail.Value.ScopeConfiguration.ScopeValues, ",") != azureSubscription || strings.Join(detail.Value.AzureRegions, ",") != "eastus" {
		t.Fatalf("GetConnectorV2 Azure: %+v", got)
	}
	list, err := a.ListConnectorsV2(ctx, &securityhub.ListConnectorsV2Input{ProviderName: types.ConnectorProviderNameAzure, EnablementStatus: types.EnablementStatusEnabled})
	if err != nil || len(list.Connectors) != 1 || list.Connectors[0].EnablementStatus != types.EnablementStatusEnabled ||
		list.Connectors[0].ProviderSummary.ProviderName != types.ConnectorProviderNameAzure {
		t.Fatalf("ListConnectorsV2: %+v %v", list, err)
	}
	if _, ok := list.Connectors[0].ProviderSummary.ProviderConfiguration.(*types.ProviderDetailMemberAzure); !ok {
		t.Fatalf("ListConnectorsV2 summary configuration: %+v", list.Connectors[0].ProviderSummary)
	}
	if list, err := a.ListConnectorsV2(ctx, &securityhub.ListConnectorsV2Input{EnablementStatus: types.EnablementStatusPendingDeletion}); err != nil || len(list.Connectors) != 0 {
		t.Fatalf("ListConnectorsV2 PENDING_DELETION: %+v %v", list, err)
	}

	updated, err := a.UpdateConnectorV2(ctx, &securityhub.UpdateConnectorV2Input{ConnectorId: id, Provider: &types.ProviderUpdateConfigurationMemberAzure{
		Value: types.AzureUpdateConfiguration{ScopeConfiguration: &types.AzureScopeConfiguration{ScopeType: types.ScopeTypeTenant}, AzureRegions: []string{"westeurope"}}}})
	if err != nil || updated.ConnectorStatus != types.ConnectorStatusConnected || updated.EnablementStatus != types.EnablementStatusEnabled {
		t.Fatalf("UpdateConnectorV2 Azure: %+v %v", updated, err)
	}
	got, err = a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: id})
	if d := got.ProviderDetail.(*types.ProviderDetailMemberAzure).Value; err != nil || d.ScopeConfiguration.ScopeType != types.ScopeTypeTenant ||
		strings.Join(d.AzureRegions, ",") != "westeurope" {
		t.Fatalf("after UpdateConnectorV2: %+v %v", got, err)
	}
	_, err = a.UpdateConnectorV2(ctx, &securityhub.UpdateConnectorV2Input{ConnectorId: id,
		Provider: &types.ProviderUpdateConfigurationMemberJiraCloud{Value: types.JiraCloudUpdateConfiguration{ProjectKey: aws.String("SEC")}}})
	expectErrorContaining(t, err, "ValidationException", 400, "is a AZURE connector")

	_, err = a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: id, FindingMetadataUid: aws.String("any")})
	testenv.ExpectError(t, err, "ValidationException", 400, "Connector "+aws.ToString(id)+" is an Azure connector: it opens no tickets.")
	_, err = a.CreateAutomationRuleV2(ctx, &securityhub.CreateAutomationRuleV2Input{RuleName: aws.String("tickets"), Description: aws.String("d"),
		RuleOrder: aws.Float32(1), Criteria: highSeverityCriteria(), Actions: []types.AutomationRulesActionV2{{Type: types.AutomationRulesActionTypeV2ExternalIntegration,
			ExternalIntegrationConfiguration: &types.ExternalIntegrationConfiguration{ConnectorArn: created.ConnectorArn}}}})
	testenv.ExpectError(t, err, "ValidationException", 400, "Connector "+aws.ToString(id)+" is an Azure connector: it opens no tickets.")

	trials, err := a.ListFreeTrialStatusesV2(ctx, &securityhub.ListFreeTrialStatusesV2Input{})
	if err != nil || len(trials.AccountFreeTrialStatuses) != 1 || len(trials.AccountFreeTrialStatuses[0].FreeTrialStatuses) != 2 ||
		trials.AccountFreeTrialStatuses[0].FreeTrialStatuses[1].FeatureType != types.FreeTrialTypeSecurityHubV2MultiCloudAzure {
		t.Fatalf("free trials after an Azure connector V2: %+v %v", trials, err)
	}

	_, err = b.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: id})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	deleted, err := a.DeleteConnectorV2(ctx, &securityhub.DeleteConnectorV2Input{ConnectorId: id})
	if err != nil || deleted.EnablementStatus != types.EnablementStatusPendingDeletion {
		t.Fatalf("DeleteConnectorV2: %+v %v", deleted, err)
	}
	_, err = a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: id})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
}
