package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// ticketReceiver is a local HTTP endpoint standing in for Jira Cloud or ServiceNow: it keeps
// what connectors post to it, answers /fail with 500, and the rest with a ticket.
type ticketReceiver struct {
	*httptest.Server
	mu       sync.Mutex
	received []map[string]any
}

func newTicketReceiver(t *testing.T) *ticketReceiver {
	r := &ticketReceiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var p map[string]any
		if err := json.Unmarshal(body, &p); err != nil || req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" {
			t.Errorf("the receiver got %s %q: %v", req.Method, body, err)
		}
		if req.URL.Path == "/fail" {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		r.mu.Lock()
		r.received = append(r.received, p)
		n := len(r.received)
		r.mu.Unlock()
		id := "SEC-" + string(rune('0'+n))
		_ = json.NewEncoder(w).Encode(map[string]string{"ticketId": id, "ticketUrl": "https://tickets.example/browse/" + id})
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *ticketReceiver) last(t *testing.T) map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.received) == 0 {
		t.Fatal("the receiver got no ticket")
	}
	return r.received[len(r.received)-1]
}

func (r *ticketReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.received)
}

// enableV2WithFinding enables Security Hub CSPM and V2 for acct and imports one finding, whose
// metadata.uid (its product ARN, "/" and its id) it returns.
func enableV2WithFinding(t *testing.T, c *securityhub.Client, acct string) string {
	t.Helper()
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	f := testenv.BenchFinding(acct, region, 1, time.Now().Add(-time.Hour))
	out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{f}})
	if err != nil || aws.ToInt32(out.FailedCount) != 0 {
		t.Fatalf("BatchImportFindings: %+v %v", out, err)
	}
	return aws.ToString(f.ProductArn) + "/" + aws.ToString(f.Id)
}

// TestConnectorsV2Jira runs a Jira Cloud connector through its lifecycle (authorization,
// configuration, health) and opens tickets through it at a local receiver.
func TestConnectorsV2Jira(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	_, err := a.ListConnectorsV2(ctx, &securityhub.ListConnectorsV2Input{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	findingID := enableV2WithFinding(t, a, acctA)
	receiver := newTicketReceiver(t)

	_, err = a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("jira"), Provider: &types.ProviderConfigurationMemberJiraCloud{}})
	if err != nil {
		t.Fatalf("a Jira Cloud connector without a project key: %v", err)
	}
	created, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("jira-sec"), Description: aws.String("security tickets"),
		Provider: &types.ProviderConfigurationMemberJiraCloud{Value: types.JiraCloudProviderConfiguration{}},
		Tags:     map[string]string{"sechub:ticket-endpoint": receiver.URL + "/jira"}})
	if err != nil {
		t.Fatal(err)
	}
	id := aws.ToString(created.ConnectorId)
	if created.ConnectorStatus != types.ConnectorStatusPendingAuthorization || !strings.HasPrefix(aws.ToString(created.ConnectorArn), "arn:aws:securityhub:us-east-1:"+acctA+":connectorv2/"+id) {
		t.Fatalf("CreateConnectorV2: %+v", created)
	}
	authURL, err := url.Parse(aws.ToString(created.AuthUrl))
	state := authURL.Query().Get("state")
	if err != nil || authURL.Host != "auth.atlassian.com" || state == "" {
		t.Fatalf("AuthUrl %q: %v", aws.ToString(created.AuthUrl), err)
	}
	_, err = a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("jira-sec"), Provider: &types.ProviderConfigurationMemberJiraCloud{}})
	testenv.ExpectError(t, err, "ConflictException", 409, "A connector named jira-sec already exists.")

	_, err = a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: aws.String(id), FindingMetadataUid: aws.String(findingID)})
	testenv.ExpectError(t, err, "ConflictException", 409, "Connector "+id+" is PENDING_AUTHORIZATION. Register it with RegisterConnectorV2 before creating tickets.")
	_, err = a.RegisterConnectorV2(ctx, &securityhub.RegisterConnectorV2Input{AuthCode: aws.String("code"), AuthState: aws.String("forged")})
	testenv.ExpectError(t, err, "ValidationException", 400, "Invalid parameter 'AuthState'. No connector of the account awaits the authorization state 'forged'.")
	registered, err := a.RegisterConnectorV2(ctx, &securityhub.RegisterConnectorV2Input{AuthCode: aws.String("code"), AuthState: aws.String(state)})
	if err != nil || aws.ToString(registered.ConnectorId) != id {
		t.Fatalf("RegisterConnectorV2: %+v %v", registered, err)
	}
	_, err = a.RegisterConnectorV2(ctx, &securityhub.RegisterConnectorV2Input{AuthCode: aws.String("code"), AuthState: aws.String(state)})
	testenv.ExpectError(t, err, "ValidationException", 400, "") // a state authorizes once
	got, err := a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: aws.String(id)})
	if err != nil || got.Health.ConnectorStatus != types.ConnectorStatusPendingConfiguration || aws.ToString(got.Description) != "security tickets" {
		t.Fatalf("GetConnectorV2 after registration: %+v %v", got, err)
	}
	if _, err := a.UpdateConnectorV2(ctx, &securityhub.UpdateConnectorV2Input{ConnectorId: aws.String(id),
		Provider: &types.ProviderUpdateConfigurationMemberServiceNow{Value: types.ServiceNowUpdateConfiguration{SecretArn: aws.String("arn:aws:secretsmanager:us-east-1:111111111111:secret:x")}}}); err == nil {
		t.Fatal("a Jira Cloud connector took a ServiceNow update")
	}
	if _, err := a.UpdateConnectorV2(ctx, &securityhub.UpdateConnectorV2Input{ConnectorId: aws.String(id),
		Provider: &types.ProviderUpdateConfigurationMemberJiraCloud{Value: types.JiraCloudUpdateConfiguration{ProjectKey: aws.String("SEC")}}}); err != nil {
		t.Fatal(err)
	}
	got, err = a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: created.ConnectorArn})
	jira, ok := got.ProviderDetail.(*types.ProviderDetailMemberJiraCloud)
	if err != nil || got.Health.ConnectorStatus != types.ConnectorStatusConnected || !ok || aws.ToString(jira.Value.ProjectKey) != "SEC" ||
		jira.Value.AuthStatus != types.ConnectorAuthStatusActive || got.Health.LastCheckedAt == nil {
		t.Fatalf("GetConnectorV2 by ARN once configured: %+v %v", got, err)
	}

	ticket, err := a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: aws.String(id), FindingMetadataUid: aws.String(findingID)})
	if err != nil || aws.ToString(ticket.TicketId) != "SEC-1" || aws.ToString(ticket.TicketSrcUrl) != "https://tickets.example/browse/SEC-1" {
		t.Fatalf("CreateTicketV2: %+v %v", ticket, err)
	}
	p := receiver.last(t)
	conn, _ := p["connector"].(map[string]any)
	finding, _ := p["finding"].(map[string]any)
	asff, _ := finding["asff"].(map[string]any)
	if p["mode"] != "CREATE" || p["source"] != "CreateTicketV2" || conn["provider"] != "JIRA_CLOUD" || conn["projectKey"] != "SEC" || conn["id"] != id ||
		finding["metadataUid"] != findingID || finding["title"] != "Benchmark finding bench-000000001" || finding["accountId"] != acctA || asff["Id"] != "bench-000000001" {
		t.Fatalf("the receiver got %+v", p)
	}
	if _, err := a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: aws.String(id), FindingMetadataUid: aws.String(findingID), Mode: types.TicketCreationModeDryrun}); err != nil {
		t.Fatal(err)
	}
	if p := receiver.last(t); p["mode"] != "DRYRUN" {
		t.Fatalf("a dry run reached the receiver as %v", p["mode"])
	}
	_, err = a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: aws.String(id), FindingMetadataUid: aws.String("no-such-finding")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Finding no-such-finding not found.")
	_, err = a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: aws.String("0000"), FindingMetadataUid: aws.String(findingID)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Connector 0000 not found.")

	// An endpoint that fails makes the connector FAILED_TO_CONNECT; the next delivery that
	// succeeds connects it again.
	if _, err := a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: created.ConnectorArn, Tags: map[string]string{"sechub:ticket-endpoint": receiver.URL + "/fail"}}); err != nil {
		t.Fatal(err)
	}
	_, err = a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: aws.String(id), FindingMetadataUid: aws.String(findingID)})
	testenv.ExpectError(t, err, "ConflictException", 409, "Connector "+id+" could not create the ticket: the endpoint answered 500 Internal Server Error")
	got, err = a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: aws.String(id)})
	if err != nil || got.Health.ConnectorStatus != types.ConnectorStatusFailedToConnect || !strings.Contains(aws.ToString(got.Health.Message), "500") {
		t.Fatalf("health after a failed delivery: %+v %v", got.Health, err)
	}
	if list, err := a.ListConnectorsV2(ctx, &securityhub.ListConnectorsV2Input{ConnectorStatus: types.ConnectorStatusFailedToConnect}); err != nil || len(list.Connectors) != 1 {
		t.Fatalf("ListConnectorsV2 FAILED_TO_CONNECT: %+v %v", list, err)
	}
	if _, err := a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: created.ConnectorArn, Tags: map[string]string{"sechub:ticket-endpoint": receiver.URL}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: aws.String(id), FindingMetadataUid: aws.String(findingID)}); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: aws.String(id)}); got.Health.ConnectorStatus != types.ConnectorStatusConnected {
		t.Fatalf("health after a delivery that succeeded: %+v", got.Health)
	}

	if _, err := a.DeleteConnectorV2(ctx, &securityhub.DeleteConnectorV2Input{ConnectorId: aws.String(id)}); err != nil {
		t.Fatal(err)
	}
	_, err = a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: aws.String(id)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Connector "+id+" not found.")
	_, err = a.DeleteConnectorV2(ctx, &securityhub.DeleteConnectorV2Input{ConnectorId: aws.String(id)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
}

// TestConnectorsV2ServiceNow checks a ServiceNow connector whose InstanceName is the URL of a
// local receiver, the secret rule, and the filters of ListConnectorsV2.
func TestConnectorsV2ServiceNow(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	findingID := enableV2WithFinding(t, a, acctA)
	receiver := newTicketReceiver(t)

	_, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("snow"),
		Provider: &types.ProviderConfigurationMemberServiceNow{Value: types.ServiceNowProviderConfiguration{InstanceName: aws.String("acme"), SecretArn: aws.String("secret")}}})
	testenv.ExpectError(t, err, "ValidationException", 400, "Invalid parameter 'Provider.ServiceNow.SecretArn'. Value 'secret' is not a Secrets Manager secret ARN.")
	secret := "arn:aws:secretsmanager:us-east-1:" + acctA + ":secret:servicenow-abc"
	created, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("snow"), KmsKeyArn: aws.String("arn:aws:kms:us-east-1:" + acctA + ":key/k"),
		Provider: &types.ProviderConfigurationMemberServiceNow{Value: types.ServiceNowProviderConfiguration{InstanceName: aws.String(receiver.URL), SecretArn: aws.String(secret)}}})
	if err != nil || created.ConnectorStatus != types.ConnectorStatusConnected || created.AuthUrl != nil {
		t.Fatalf("CreateConnectorV2 ServiceNow: %+v %v", created, err)
	}
	if _, err := a.CreateConnectorV2(ctx, &securityhub.CreateConnectorV2Input{Name: aws.String("jira"), Provider: &types.ProviderConfigurationMemberJiraCloud{}}); err != nil {
		t.Fatal(err)
	}
	got, err := a.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: created.ConnectorId})
	snow, ok := got.ProviderDetail.(*types.ProviderDetailMemberServiceNow)
	if err != nil || !ok || aws.ToString(snow.Value.SecretArn) != secret || aws.ToString(snow.Value.InstanceName) != receiver.URL || aws.ToString(got.KmsKeyArn) == "" {
		t.Fatalf("GetConnectorV2 ServiceNow: %+v %v", got, err)
	}
	ticket, err := a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: created.ConnectorId, FindingMetadataUid: aws.String(findingID)})
	if err != nil || aws.ToString(ticket.TicketId) != "SEC-1" {
		t.Fatalf("CreateTicketV2 ServiceNow: %+v %v", ticket, err)
	}
	if conn, _ := receiver.last(t)["connector"].(map[string]any); conn["provider"] != "SERVICENOW" || conn["instanceName"] != receiver.URL {
		t.Fatalf("the receiver got %+v", conn)
	}
	// A finding whose Id holds slashes: its metadata.uid is still its product ARN, "/", its Id.
	slashed := testenv.BenchFinding(acctA, region, 2, time.Now().Add(-time.Hour))
	slashed.Id = aws.String("arn:aws:inspector2:us-east-1:" + acctA + ":finding/a/b")
	if out, err := a.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{slashed}}); err != nil || aws.ToInt32(out.FailedCount) != 0 {
		t.Fatalf("BatchImportFindings: %+v %v", out, err)
	}
	if _, err := a.CreateTicketV2(ctx, &securityhub.CreateTicketV2Input{ConnectorId: created.ConnectorId,
		FindingMetadataUid: aws.String(aws.ToString(slashed.ProductArn) + "/" + aws.ToString(slashed.Id))}); err != nil {
		t.Fatal(err)
	}
	if finding, _ := receiver.last(t)["finding"].(map[string]any); finding["id"] != aws.ToString(slashed.Id) {
		t.Fatalf("the ticket of the finding with slashes went for %v", finding["id"])
	}

	cases := []struct {
		in   securityhub.ListConnectorsV2Input
		want []string
	}{
		{securityhub.ListConnectorsV2Input{}, []string{"snow", "jira"}},
		{securityhub.ListConnectorsV2Input{ProviderName: types.ConnectorProviderNameServicenow}, []string{"snow"}},
		{securityhub.ListConnectorsV2Input{ConnectorStatus: types.ConnectorStatusPendingAuthorization}, []string{"jira"}},
		{securityhub.ListConnectorsV2Input{ProviderName: types.ConnectorProviderNameJiraCloud, ConnectorStatus: types.ConnectorStatusConnected}, nil},
	}
	for _, c := range cases {
		list, err := a.ListConnectorsV2(ctx, &c.in)
		var names []string
		for _, s := range list.Connectors {
			names = append(names, aws.ToString(s.Name))
		}
		if err != nil || strings.Join(names, ",") != strings.Join(c.want, ",") {
			t.Errorf("ListConnectorsV2 %s %s = %v %v, want %v", c.in.ProviderName, c.in.ConnectorStatus, names, err, c.want)
		}
	}
	page, err := a.ListConnectorsV2(ctx, &securityhub.ListConnectorsV2Input{MaxResults: aws.Int32(1)})
	if err != nil || len(page.Connectors) != 1 || page.NextToken == nil {
		t.Fatalf("first page: %+v %v", page, err)
	}
	page, err = a.ListConnectorsV2(ctx, &securityhub.ListConnectorsV2Input{MaxResults: aws.Int32(1), NextToken: page.NextToken})
	if err != nil || len(page.Connectors) != 1 || aws.ToString(page.Connectors[0].Name) != "jira" || page.NextToken != nil {
		t.Fatalf("second page: %+v %v", page, err)
	}
	// Another account sees none of them.
	b := env.SecurityHub(acctB, region)
	if _, err := b.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
		t.Fatal(err)
	}
	_, err = b.GetConnectorV2(ctx, &securityhub.GetConnectorV2Input{ConnectorId: created.ConnectorArn})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
}
