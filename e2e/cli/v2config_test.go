package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestV2ConfigurationCommands drives the Security Hub V2 configuration commands with the first
// AWS CLI (SECHUB_AWS_CLI, else the PATH's; the Debian CLI v2 lacks them): an aggregator V2
// by the ARN its greedy URI path carries, a Jira Cloud connector through its authorization,
// and an automation rule V2 with OCSF criteria given as JSON, as a user types them.
func TestV2ConfigurationCommands(t *testing.T) {
	t.Parallel()
	const acct, region = "111111111111", "us-east-1"
	cli := awsCLIs(t)[0]
	if isV2(t, cli) {
		t.Skip("the CLI v2 at hand predates the V2 commands")
	}
	s := startServer(t, t.TempDir())
	aws := func(args ...string) map[string]any {
		t.Helper()
		out := mustRun(t, s, cli, acct, region, append([]string{"securityhub"}, args...)...)
		if strings.TrimSpace(out) == "" {
			return nil
		}
		return decode(t, out)
	}
	aws("enable-security-hub-v2")

	created := aws("create-aggregator-v2", "--region-linking-mode", "SPECIFIED_REGIONS", "--linked-regions", "us-west-1", "us-west-2")
	arn, _ := created["AggregatorV2Arn"].(string)
	if !regexp.MustCompile(`^arn:aws:securityhub:us-east-1:111111111111:aggregatorv2/[0-9a-f-]{36}$`).MatchString(arn) {
		t.Fatalf("create-aggregator-v2: %v", created)
	}
	got := aws("get-aggregator-v2", "--aggregator-v2-arn", arn)
	if got["AggregationRegion"] != "us-east-1" || len(got["LinkedRegions"].([]any)) != 2 {
		t.Errorf("get-aggregator-v2: %v", got)
	}
	if list := aws("list-aggregators-v2"); len(list["AggregatorsV2"].([]any)) != 1 {
		t.Errorf("list-aggregators-v2: %v", list)
	}

	conn := aws("create-connector-v2", "--name", "jira", "--provider", `{"JiraCloud":{"ProjectKey":"SEC"}}`)
	authURL, err := url.Parse(conn["AuthUrl"].(string))
	if err != nil || conn["ConnectorStatus"] != "PENDING_AUTHORIZATION" {
		t.Fatalf("create-connector-v2: %v %v", conn, err)
	}
	aws("register-connector-v2", "--auth-code", "code", "--auth-state", authURL.Query().Get("state"))
	if health := aws("get-connector-v2", "--connector-id", conn["ConnectorId"].(string))["Health"].(map[string]any); health["ConnectorStatus"] != "CONNECTED" {
		t.Errorf("get-connector-v2 health: %v", health)
	}

	rule := aws("create-automation-rule-v2", "--rule-name", "escalate", "--description", "High to Critical", "--rule-order", "1.5",
		"--criteria", `{"OcsfFindingCriteria":{"CompositeFilters":[{"StringFilters":[{"FieldName":"severity","Filter":{"Value":"High","Comparison":"EQUALS"}}]}]}}`,
		"--actions", `[{"Type":"FINDING_FIELDS_UPDATE","FindingFieldsUpdate":{"SeverityId":5}}]`)
	rules := aws("list-automation-rules-v2")["Rules"].([]any)
	if len(rules) != 1 || rules[0].(map[string]any)["RuleArn"] != rule["RuleArn"] || rules[0].(map[string]any)["RuleOrder"] != 1.5 {
		t.Errorf("list-automation-rules-v2: %v", rules)
	}
	aws("delete-automation-rule-v2", "--identifier", rule["RuleArn"].(string))
	aws("delete-aggregator-v2", "--aggregator-v2-arn", arn)
	if list := aws("list-aggregators-v2"); len(list["AggregatorsV2"].([]any)) != 0 {
		t.Errorf("list-aggregators-v2 after delete: %v", list)
	}
}

// TestBoto3Ticketing drives ticketing as a Python user would with boto3: a ServiceNow
// connector whose InstanceName is the URL of a local receiver, an EXTERNAL_INTEGRATION rule
// V2 on High findings, an import of one, and a CreateTicketV2 by the finding's metadata.uid.
// The receiver gets both tickets.
func TestBoto3Ticketing(t *testing.T) {
	t.Parallel()
	python := requireTool(t, "python3", "-c", "import boto3")
	var mu sync.Mutex
	var sources []string
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p struct{ Source string }
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			t.Errorf("the receiver got no JSON: %v", err)
		}
		mu.Lock()
		sources = append(sources, p.Source)
		n := len(sources)
		mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]string{"ticketId": fmt.Sprint("INC", n)})
	}))
	defer receiver.Close()
	s := startServer(t, t.TempDir())
	script := `
import json, sys, datetime
import boto3
hub = boto3.client("securityhub", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="111111111111", aws_secret_access_key="x")
hub.enable_security_hub(EnableDefaultStandards=False)
hub.enable_security_hub_v2()
conn = hub.create_connector_v2(Name="snow", Provider={"ServiceNow": {"InstanceName": sys.argv[2],
    "SecretArn": "arn:aws:secretsmanager:us-east-1:111111111111:secret:snow"}})
rule = hub.create_automation_rule_v2(RuleName="tickets", Description="High findings to ServiceNow", RuleOrder=1,
    Criteria={"OcsfFindingCriteria": {"CompositeFilters": [{"StringFilters": [
        {"FieldName": "severity", "Filter": {"Value": "High", "Comparison": "EQUALS"}}]}]}},
    Actions=[{"Type": "EXTERNAL_INTEGRATION", "ExternalIntegrationConfiguration": {"ConnectorArn": conn["ConnectorArn"]}}])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
product = "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default"
hub.batch_import_findings(Findings=[{"SchemaVersion": "2018-10-08", "Id": "py-1", "ProductArn": product,
    "GeneratorId": "g", "AwsAccountId": "111111111111", "Types": ["Software and Configuration Checks"],
    "CreatedAt": now, "UpdatedAt": now, "Severity": {"Label": "HIGH"}, "Title": "t", "Description": "d",
    "Resources": [{"Type": "Other", "Id": "r"}]}])
ticket = hub.create_ticket_v2(ConnectorId=conn["ConnectorId"], FindingMetadataUid=product + "/py-1")
print(json.dumps({"rule": rule["RuleArn"], "ticket": ticket["TicketId"]}))
`
	cmd := exec.Command(python, "-c", script, s.url, receiver.URL)
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("boto3: %v\n%s", err, out)
	}
	var got struct{ Rule, Ticket string }
	if err := json.Unmarshal(out, &got); err != nil || !strings.HasPrefix(got.Ticket, "INC") {
		t.Fatalf("boto3 printed %s", out)
	}
	// The rule's ticket is delivered in the background; the receiver counts both.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		have := slices.Clone(sources)
		mu.Unlock()
		if len(have) == 2 {
			slices.Sort(have)
			if have[0] != "CreateTicketV2" || have[1] != got.Rule {
				t.Fatalf("ticket sources %q, want CreateTicketV2 and %s", have, got.Rule)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the receiver has %d tickets, want 2", len(have))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
