// Package console tests sechub's web console in a real browser: Debian's headless chromium,
// driven by playwright-core (test.mjs), against a server started in-process, with the
// changes made in the browser read back through the AWS CLI and the SDK.
//
// Run it with `go test ./e2e/console` after `npm ci` in this folder; it needs node, the
// chromium package (/usr/bin/chromium) and the AWS CLI, and is skipped without them unless CI
// is set. Screenshots of every page land in e2e/console/screenshots/.
package console

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/identity"
	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

const (
	admin  = "111111111111"
	member = "222222222222"
	region = "us-east-1"
)

// browserTools returns node and chromium, skipping the test (failing it under CI) when either
// or playwright-core is missing.
func browserTools(t *testing.T) (node, chromium string) {
	t.Helper()
	missing := func(what string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing; CI installs it (.ci/run)", what)
		}
		t.Skip(what + " is missing")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node")
	}
	chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		missing("chromium (apt-get install chromium)")
	}
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core")); err != nil {
		missing("playwright-core (npm ci in e2e/console)")
	}
	return node, chromium
}

// awsCLI is the AWS CLI the test reads changes back with.
func awsCLI(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("aws")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no AWS CLI; CI installs it")
		}
		t.Skip("no AWS CLI")
	}
	return path
}

// runBrowser runs test.mjs with a scenario and its parameters; its log goes to the test's.
func runBrowser(t *testing.T, node, chromium, scenario string, params map[string]string) {
	t.Helper()
	shots, err := filepath.Abs("screenshots")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "test.mjs", scenario)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium, "SCREENSHOTS="+shots, "PROFILE="+t.TempDir())
	for k, v := range params {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("browser scenario %s failed: %v", scenario, err)
	}
}

// finding is a finding of account for the test.
func finding(account, id, title, severity string) types.AwsSecurityFinding {
	now := time.Now().UTC().Format(time.RFC3339)
	return types.AwsSecurityFinding{
		SchemaVersion: aws.String("2018-10-08"), Id: aws.String(id),
		ProductArn:  aws.String("arn:aws:securityhub:" + region + ":" + account + ":product/" + account + "/default"),
		GeneratorId: aws.String("console-test"), AwsAccountId: aws.String(account),
		Types:     []string{"Software and Configuration Checks/Vulnerabilities/CVE"},
		CreatedAt: aws.String(now), UpdatedAt: aws.String(now), Title: aws.String(title), Description: aws.String(title + ", seen by the console test"),
		Severity:  &types.Severity{Label: types.SeverityLabel(severity)},
		Resources: []types.Resource{{Type: aws.String("AwsS3Bucket"), Id: aws.String("arn:aws:s3:::bucket-" + id)}},
	}
}

func importFindings(t *testing.T, hub *securityhub.Client, fs ...types.AwsSecurityFinding) {
	t.Helper()
	out, err := hub.BatchImportFindings(context.Background(), &securityhub.BatchImportFindingsInput{Findings: fs})
	if err != nil || aws.ToInt32(out.FailedCount) != 0 {
		t.Fatalf("import: %v %+v", err, out)
	}
}

// TestConsoleInBrowser signs in as a member and accepts its administrator's invitation,
// checks that the member cannot open the administrator's finding by its URL, then signs in
// as the administrator, filters the findings, opens one and resolves it, and reads the new
// workflow status back through the AWS CLI.
func TestConsoleInBrowser(t *testing.T) {
	node, chromium := browserTools(t)
	cli := awsCLI(t)
	events := newEventSink(t)
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.EventsURL = events.URL }))
	ctx := context.Background()
	adminHub, memberHub := env.SecurityHub(admin, region), env.SecurityHub(member, region)
	for _, hub := range []*securityhub.Client{adminHub, memberHub} {
		if _, err := hub.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}
	importFindings(t, adminHub,
		finding(admin, "admin-bucket-public", "S3 bucket allows public read", "CRITICAL"),
		finding(admin, "admin-bucket-unencrypted", "S3 bucket is not encrypted", "HIGH"),
		finding(admin, "admin-role-wide", "IAM role trusts every account", "MEDIUM"),
		finding(admin, "admin-old-key", "Access key older than 90 days", "LOW"))
	importFindings(t, memberHub, finding(member, "member-port-open", "Security group opens port 22", "HIGH"))
	if _, err := adminHub.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: []types.AccountDetails{{AccountId: aws.String(member), Email: aws.String("member@example.com")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := adminHub.InviteMembers(ctx, &securityhub.InviteMembersInput{AccountIds: []string{member}}); err != nil {
		t.Fatal(err)
	}
	adminProduct := "arn:aws:securityhub:" + region + ":" + admin + ":product/" + admin + "/default"
	// Control findings of the administrator give its standards a security score: one control
	// failed, one passed.
	for control, status := range map[string]string{"IAM.1": "FAILED", "IAM.2": "PASSED"} {
		body := `{"AccountId":"` + admin + `","Region":"` + region + `","SecurityControlId":"` + control +
			`","ResourceType":"AwsIamPolicy","ResourceId":"arn:aws:iam::` + admin + `:policy/` + control + `","ComplianceStatus":"` + status + `"}`
		res, err := http.Post(env.URL+"/_sechub/controls/evaluate", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("controls/evaluate %s: %d", control, res.StatusCode)
		}
	}

	runBrowser(t, node, chromium, "open", map[string]string{
		"SECHUB_URL": env.URL, "ADMIN": admin, "MEMBER": member, "REGION": region,
		"ADMIN_FINDING": "admin-bucket-public", "ADMIN_PRODUCT": adminProduct,
	})

	// The member accepted the invitation in the browser.
	got, err := memberHub.GetAdministratorAccount(ctx, &securityhub.GetAdministratorAccountInput{})
	if err != nil || got.Administrator == nil || aws.ToString(got.Administrator.AccountId) != admin || aws.ToString(got.Administrator.MemberStatus) != "Enabled" {
		t.Fatalf("member's administrator after accepting in the console: %+v %v", got.Administrator, err)
	}
	// The administrator resolved its public bucket in the browser; the AWS CLI sees it.
	cmd := exec.Command(cli, "securityhub", "get-findings", "--endpoint-url", env.URL, "--output", "json",
		"--filters", `{"Id":[{"Value":"admin-bucket-public","Comparison":"EQUALS"}]}`)
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+admin, "AWS_SECRET_ACCESS_KEY=secret", "AWS_DEFAULT_REGION="+region,
		"AWS_REGION="+region, "AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("aws securityhub get-findings: %v", err)
	}
	var findings struct {
		Findings []struct {
			Workflow struct{ Status string }
			Note     struct{ Text string }
		}
	}
	if err := json.Unmarshal(out, &findings); err != nil || len(findings.Findings) != 1 {
		t.Fatalf("get-findings: %v %s", err, out)
	}
	if f := findings.Findings[0]; f.Workflow.Status != "RESOLVED" || f.Note.Text != "Fixed the bucket policy" {
		t.Fatalf("after the console's changes the AWS CLI reads workflow %q and note %q", f.Workflow.Status, f.Note.Text)
	}
	// The finding sent to the custom action became its EventBridge event.
	event := events.await(t, "Security Hub Findings - Custom Action")
	if !strings.Contains(event, `"actionName":"Open a ticket"`) || !strings.Contains(event, "admin-bucket-public") {
		t.Fatalf("custom action event: %s", event)
	}
}

// eventSink receives the events sechub posts to --events-url.
type eventSink struct {
	URL    string
	mu     sync.Mutex
	bodies []string
	posted chan struct{}
}

func newEventSink(t *testing.T) *eventSink {
	s := &eventSink{posted: make(chan struct{}, 100)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(body))
		s.mu.Unlock()
		select {
		case s.posted <- struct{}{}:
		default:
		}
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}

// await returns the first posted body naming detailType, waiting for deliveries (the outbox
// delivers in the background) until the test's own time runs out.
func (s *eventSink) await(t *testing.T, detailType string) string {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		s.mu.Lock()
		for _, b := range s.bodies {
			if strings.Contains(b, `"`+detailType+`"`) {
				s.mu.Unlock()
				return b
			}
		}
		s.mu.Unlock()
		select {
		case <-s.posted:
		case <-timeout:
			t.Fatalf("no %q event was delivered; got %d posts", detailType, len(s.bodies))
		}
	}
}

// TestConsoleStrictSignIn checks in the browser that strict mode refuses a wrong secret and
// accepts the right one, then opens the organization tree of the management account.
func TestConsoleStrictSignIn(t *testing.T) {
	node, chromium := browserTools(t)
	creds := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(creds, []byte("AKIACONSOLE00000001 console-secret "+admin+" alice\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	org := filepath.Join(t.TempDir(), "org.yaml")
	if err := os.WriteFile(org, []byte("managementAccount: \""+admin+"\"\norganizationalUnits: [Security]\naccounts:\n  - {id: \"444444444444\", name: audit, email: audit@example.com, ou: Security}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) {
		c.Auth, c.CredentialsFile, c.OrgFile = identity.Strict, creds, org
	}))
	runBrowser(t, node, chromium, "strict", map[string]string{
		"SECHUB_URL": env.URL, "ACCESS_KEY": "AKIACONSOLE00000001", "SECRET": "console-secret", "ADMIN": admin, "REGION": region,
	})
}

// TestConsoleCentralConfiguration opens, as the delegated administrator of an organization
// under central configuration, the organization tree, whose nodes show their policies.
func TestConsoleCentralConfiguration(t *testing.T) {
	node, chromium := browserTools(t)
	const management, delegated, workload = "100000000001", "100000000002", "100000000003"
	org := filepath.Join(t.TempDir(), "org.yaml")
	spec := "managementAccount: \"" + management + "\"\norganizationalUnits: [Prod]\naccounts:\n" +
		"  - {id: \"" + delegated + "\", name: security, email: security@example.com}\n" +
		"  - {id: \"" + workload + "\", name: workload, email: workload@example.com, ou: Prod}\n"
	if err := os.WriteFile(org, []byte(spec), 0o600); err != nil {
		t.Fatal(err)
	}
	env := testenv.Start(t, testenv.WithConfig(func(c *server.Config) { c.OrgFile = org }))
	ctx := context.Background()
	if _, err := env.SecurityHub(management, region).EnableOrganizationAdminAccount(ctx,
		&securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String(delegated)}); err != nil {
		t.Fatal(err)
	}
	da := env.SecurityHub(delegated, region)
	if _, err := da.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		if ae, ok := testenv.ErrorOf(err); !ok || ae.Code != "ResourceConflictException" {
			t.Fatal(err)
		}
	}
	if _, err := da.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("NO_REGIONS")}); err != nil {
		t.Fatal(err)
	}
	if _, err := da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false),
		AutoEnableStandards:       types.AutoEnableStandardsNone,
		OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeCentral}}); err != nil {
		t.Fatal(err)
	}
	policy, err := da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("Baseline"),
		ConfigurationPolicy: &types.PolicyMemberSecurityHub{Value: types.SecurityHubPolicy{ServiceEnabled: aws.Bool(true),
			EnabledStandardIdentifiers:    []string{"arn:aws:securityhub:" + region + "::standards/aws-foundational-security-best-practices/v/1.0.0"},
			SecurityControlsConfiguration: &types.SecurityControlsConfiguration{DisabledSecurityControlIdentifiers: []string{}}}}})
	if err != nil {
		t.Fatal(err)
	}
	ous, err := env.Organizations(management).ListRoots(ctx, nil)
	if err != nil || len(ous.Roots) != 1 {
		t.Fatalf("ListRoots: %v", err)
	}
	if _, err := da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
		ConfigurationPolicyIdentifier: policy.Id, Target: &types.TargetMemberRootId{Value: aws.ToString(ous.Roots[0].Id)}}); err != nil {
		t.Fatal(err)
	}
	runBrowser(t, node, chromium, "central", map[string]string{"SECHUB_URL": env.URL, "ADMIN": delegated, "WORKLOAD": workload, "REGION": region})
}
