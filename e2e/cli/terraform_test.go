package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// A terraformPart is one concern of TestTerraform: resources, data sources and outputs in the
// configuration all parts share, and the checks that go with them. To test more resources,
// add a part (a file with its configuration as a const and its checks) to terraformParts.
//
// The parts are applied, re-planned and destroyed together because every terraform command
// costs CPU whatever it manages: terraform decodes the provider's whole schema (13 MB) and
// talks to the provider once per provider configuration in every graph walk (validate, plan,
// apply; see providerServer for what that costs the provider).
type terraformPart struct {
	name string
	// config is the part's HCL for the first apply (second false) and the second (true). It
	// uses the providers of terraformProviders, or its own (an alias per account).
	config func(second bool) string
	// resources is how many resources the part has once applied; updates is how many of them
	// the second configuration changes in place.
	resources, updates int
	// adopt names resources that the provider may create without recording them (it fails
	// with providerLostTheHub), each with the ID that terraform import adopts it by.
	adopt map[string]string
	// firstApplied, secondApplied and destroyed check the part after the first apply, the
	// second one (out is that apply's output) and destroy; nil when there is nothing to check.
	firstApplied  func(t *testing.T, tf *terraform)
	secondApplied func(t *testing.T, tf *terraform, out string)
	destroyed     func(t *testing.T, tf *terraform)
}

// terraformParts are the concerns TestTerraform applies together.
var terraformParts = []terraformPart{
	securityHubPart, actionTargetPart, localStackSettingsPart, organizationsPart, controlsPart, automationRulePart,
}

// terraformProviders configures the provider for an administrator account, which is also the
// management account of an organization, and (alias member) for an account it invites.
const terraformProviders = `
terraform {
  required_providers { aws = { source = "hashicorp/aws" } }
}
locals { endpoint = "%ENDPOINT%" }
provider "aws" {
  region                  = "us-east-1"
  access_key              = "111111111111"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    securityhub   = local.endpoint
    sts           = local.endpoint
    organizations = local.endpoint
  }
}
provider "aws" {
  alias                   = "member"
  region                  = "us-east-1"
  access_key              = "222222222222"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    securityhub = local.endpoint
    sts         = local.endpoint
  }
}
`

// providerLostTheHub is what Terraform says when a resource's create returns without an ID.
// The hashicorp/aws provider (5.x) uses the account ID as aws_securityhub_account's ID, and with
// skip_credentials_validation and skip_requesting_account_id both true it does not know the
// account: whatever the endpoint answers, the resource is not recorded although Security Hub
// was enabled.
const providerLostTheHub = "Root object was present, but now absent"

// TestTerraform applies the configuration of every terraformPart with the hashicorp/aws provider
// from the machine's offline plugin mirror; adopts with an import block, in a second apply, what
// the provider created without recording, while the second apply also updates resources in
// place; plans again (no changes); and destroys everything. Each part checks what it made with
// the AWS CLI or the SDK between the steps.
func TestTerraform(t *testing.T) {
	t.Parallel() // Terraform mostly waits for sechub and the provider, in other processes
	tf := newTerraform(t)
	var total, updates int
	for _, p := range terraformParts {
		total += p.resources
		updates += p.updates
	}
	tf.configure(terraformConfig(tf.server.url, false, nil))
	tf.must("init", "-input=false", "-no-color")

	out, err := tf.run("apply", "-auto-approve", "-input=false", "-no-color")
	var lost map[string]string
	if err != nil {
		lost = lostResources(t, tf, out)
	} else if want := fmt.Sprintf("Resources: %d added, 0 changed, 0 destroyed", total); !strings.Contains(out, want) {
		t.Fatalf("apply, want %q:\n%s", want, out)
	}
	recorded := len(tf.resources())
	tf.readOutputs()
	for _, p := range terraformParts {
		if p.firstApplied != nil {
			p.firstApplied(t, tf)
		}
	}

	tf.configure(terraformConfig(tf.server.url, true, lost))
	out = tf.must("apply", "-auto-approve", "-input=false", "-no-color")
	want := fmt.Sprintf("Resources: %d added, %d changed, 0 destroyed", total-recorded-len(lost), updates)
	if len(lost) > 0 {
		want = fmt.Sprintf("Resources: %d imported, %s", len(lost), strings.TrimPrefix(want, "Resources: "))
	}
	if !strings.Contains(out, want) {
		t.Fatalf("second apply, want %q:\n%s", want, out)
	}
	tf.readOutputs()
	for _, p := range terraformParts {
		if p.secondApplied != nil {
			p.secondApplied(t, tf, out)
		}
	}

	// This plan refreshes every resource: what sechub answers must match the configuration.
	if out, err := tf.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("a second plan wants changes (%v):\n%s\nserver log:\n%s", err, out, tf.server.logs)
	}
	// The plan above has just read every resource; destroy need not read them again.
	out = tf.must("destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false")
	if want := fmt.Sprintf("Resources: %d destroyed", total); !strings.Contains(out, want) {
		t.Fatalf("destroy, want %q:\n%s", want, out)
	}
	for _, p := range terraformParts {
		if p.destroyed != nil {
			p.destroyed(t, tf)
		}
	}
}

// terraformConfig is the shared configuration of every part for the first or second apply,
// with an import block for each resource in adopt (address to ID).
func terraformConfig(endpoint string, second bool, adopt map[string]string) string {
	config := strings.ReplaceAll(terraformProviders, "%ENDPOINT%", endpoint)
	for _, p := range terraformParts {
		config += "\n# " + p.name + "\n" + strings.ReplaceAll(p.config(second), "%ENDPOINT%", endpoint)
	}
	for address, id := range adopt {
		config += fmt.Sprintf("\nimport {\n  to = %s\n  id = %q\n}\n", address, id)
	}
	return config
}

// constConfig is a part's configuration that the second apply leaves as it is.
func constConfig(hcl string) func(bool) string { return func(bool) string { return hcl } }

// appliedResource finds the resource an apply error is about.
var appliedResource = regexp.MustCompile(`When applying changes to ([\w.\[\]"-]+),`)

// lostResources returns the resources (address to import ID) that a failed apply created
// without recording, and fails the test unless every error of the apply is such a resource
// of a part that may lose it.
func lostResources(t *testing.T, tf *terraform, out string) map[string]string {
	t.Helper()
	adoptable := map[string]string{}
	for _, p := range terraformParts {
		for address, id := range p.adopt {
			adoptable[address] = id
		}
	}
	lost := map[string]string{}
	errs := strings.Split(out, "Error: ")[1:]
	for _, e := range errs {
		e, _, _ = strings.Cut(e, "╵")
		m := appliedResource.FindStringSubmatch(strings.ReplaceAll(e, "│", ""))
		if !strings.Contains(e, providerLostTheHub) || m == nil || adoptable[m[1]] == "" {
			t.Fatalf("apply failed:\n%s\nserver log:\n%s", out, tf.server.logs)
		}
		lost[m[1]] = adoptable[m[1]]
		t.Logf("the provider did not record %s; the second apply adopts it", m[1])
	}
	return lost
}

// terraform is a Terraform working directory in which the hashicorp/aws provider comes from the
// machine's offline plugin mirror, next to a sechub server the configuration talks to.
type terraform struct {
	t       *testing.T
	server  *server
	bin     string
	dir     string
	rc      string         // the CLI configuration that points the provider at the mirror
	outputs map[string]any // the root module's outputs after the last readOutputs
	// providers serves the provider to every command after init (see providerServer); nil
	// until then, and when SECHUB_TF_PROVIDER_PROCESS is set.
	providers *providerServer
}

// newTerraform starts a server and prepares a working directory. It needs terraform on the
// PATH and an offline mirror of the hashicorp/aws provider in SECHUB_TF_MIRROR (/opt/tf-plugins
// by default), laid out as `terraform providers mirror` writes it
// (<mirror>/registry.terraform.io/hashicorp/aws/...). When either is missing the test skips,
// saying what is missing and where it was looked for; under CI (CI set) it fails instead.
func newTerraform(t *testing.T) *terraform {
	t.Helper()
	mirror := os.Getenv("SECHUB_TF_MIRROR")
	if mirror == "" {
		mirror = "/opt/tf-plugins"
	}
	var missing []string
	bin, err := exec.LookPath("terraform")
	if err != nil {
		missing = append(missing, "no terraform on the PATH ("+os.Getenv("PATH")+")")
	}
	provider := filepath.Join(mirror, "registry.terraform.io", "hashicorp", "aws")
	if _, err := os.Stat(provider); err != nil {
		missing = append(missing, "no hashicorp/aws provider mirror at "+provider+
			" (set SECHUB_TF_MIRROR to a folder made by `terraform providers mirror`)")
	}
	if len(missing) > 0 {
		msg := "Terraform tests need terraform and the hashicorp/aws provider: " + strings.Join(missing, "; ")
		if os.Getenv("CI") != "" {
			t.Fatal(msg + "; CI machines have both")
		}
		t.Skip(msg)
	}
	tf := &terraform{t: t, server: startServer(t, t.TempDir()), bin: bin, dir: t.TempDir()}
	tf.rc = filepath.Join(tf.dir, "cli.tfrc")
	os.WriteFile(tf.rc, []byte(`provider_installation {
  filesystem_mirror {
    path    = "`+mirror+`"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }
}
`), 0o644)
	return tf
}

// configure writes config as the working directory's main.tf.
func (tf *terraform) configure(config string) {
	if err := os.WriteFile(filepath.Join(tf.dir, "main.tf"), []byte(config), 0o644); err != nil {
		tf.t.Fatal(err)
	}
}

// run runs terraform with args in the working directory, without AWS configuration files.
func (tf *terraform) run(args ...string) (string, error) {
	cmd := exec.Command(tf.bin, args...)
	cmd.Dir = tf.dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+tf.rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	if args[0] != "init" && os.Getenv("SECHUB_TF_PROVIDER_PROCESS") == "" {
		if tf.providers == nil {
			tf.providers = startProviderServer(tf.t, tf.installedProvider())
		}
		cmd.Env = append(cmd.Env, "TF_REATTACH_PROVIDERS="+tf.providers.reattach)
	}
	if os.Getenv("GOGC") == "" {
		// Terraform and the provider it starts are Go programs that build the provider's whole
		// schema (hundreds of MB) on every start; collecting garbage less often saves an eighth
		// of their CPU time for about 40% more memory.
		cmd.Env = append(cmd.Env, "GOGC=400")
	}
	start := time.Now()
	out, err := cmd.CombinedOutput()
	tf.t.Logf("terraform %s: %s", args[0], time.Since(start).Round(100*time.Millisecond))
	return string(out), err
}

// installedProvider returns the path of the hashicorp/aws provider binary that terraform init
// installed in the working directory.
func (tf *terraform) installedProvider() string {
	tf.t.Helper()
	found, _ := filepath.Glob(filepath.Join(tf.dir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws", "*", "*", "terraform-provider-aws*"))
	if len(found) != 1 {
		tf.t.Fatalf("terraform init installed %d hashicorp/aws providers (%v), not one", len(found), found)
	}
	return found[0]
}

// must is run that fails the test, with the server's log, when terraform fails.
func (tf *terraform) must(args ...string) string {
	tf.t.Helper()
	out, err := tf.run(args...)
	if err != nil {
		tf.t.Fatalf("terraform %s: %v\n%s\nserver log:\n%s", strings.Join(args, " "), err, out, tf.server.logs)
	}
	return out
}

// resources returns the addresses of the managed resources in the state, data sources left
// out (terraform state list starts no provider).
func (tf *terraform) resources() []string {
	tf.t.Helper()
	var managed []string
	for _, address := range strings.Fields(tf.must("state", "list", "-no-color")) {
		if !strings.HasPrefix(address, "data.") {
			managed = append(managed, address)
		}
	}
	return managed
}

// readOutputs reads the root module's outputs into tf.outputs (no provider is started).
func (tf *terraform) readOutputs() {
	tf.t.Helper()
	var outputs map[string]struct{ Value any }
	if err := json.Unmarshal([]byte(tf.must("output", "-json", "-no-color")), &outputs); err != nil {
		tf.t.Fatalf("terraform output -json: %v", err)
	}
	tf.outputs = map[string]any{}
	for name, o := range outputs {
		tf.outputs[name] = o.Value
	}
}

// output returns the string output name as of the last readOutputs.
func (tf *terraform) output(name string) string {
	tf.t.Helper()
	v, ok := tf.outputs[name].(string)
	if !ok {
		tf.t.Fatalf("output %s is %v, not a string (outputs %v)", name, tf.outputs[name], tf.outputs)
	}
	return v
}

// aws runs an AWS CLI command (the first CLI found) as account in us-east-1 against the
// configuration's server and decodes its JSON output.
func (tf *terraform) aws(account string, args ...string) map[string]any {
	tf.t.Helper()
	return decode(tf.t, mustRun(tf.t, tf.server, cliPaths(tf.t)[0], account, "us-east-1", args...))
}

// awsFails runs an AWS CLI command as aws does and reports what (an error) unless the command
// fails.
func (tf *terraform) awsFails(what, account string, args ...string) {
	tf.t.Helper()
	if _, err := tf.server.run(cliPaths(tf.t)[0], account, "us-east-1", args...); err == nil {
		tf.t.Errorf("%s: aws %s succeeded", what, strings.Join(args, " "))
	}
}

// securityHubPart sets up an administrator and an invited member, with a standards
// subscription and an account lookup, as a typical multi-account module does. Destroying the
// member and its invite accepter interleaves the administrator's and the member's calls. The
// member's hub enables no default standards: controlsPart subscribes it to each standard.
var securityHubPart = terraformPart{
	name: "Security Hub administrator and invited member",
	config: constConfig(`
resource "aws_securityhub_account" "admin" {
  control_finding_generator = "STANDARD_CONTROL"
}
resource "aws_securityhub_account" "member" {
  provider                 = aws.member
  enable_default_standards = false
}
resource "aws_securityhub_standards_subscription" "pci" {
  depends_on    = [aws_securityhub_account.admin]
  standards_arn = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
}
resource "aws_securityhub_member" "m" {
  depends_on = [aws_securityhub_account.admin, aws_securityhub_account.member]
  account_id = "222222222222"
  email      = "member@example.com"
  invite     = true
}
resource "aws_securityhub_invite_accepter" "accept" {
  provider   = aws.member
  depends_on = [aws_securityhub_account.member]
  master_id  = aws_securityhub_member.m.master_id
}
data "aws_caller_identity" "me" {}
output "account" { value = data.aws_caller_identity.me.account_id }
`),
	resources: 5,
	secondApplied: func(t *testing.T, tf *terraform, _ string) {
		if got := tf.output("account"); got != "111111111111" {
			t.Errorf("output account = %q", got)
		}
		members := tf.aws("111111111111", "securityhub", "list-members")
		if ms := members["Members"].([]any); len(ms) != 1 || ms[0].(map[string]any)["MemberStatus"] != "Enabled" {
			t.Fatalf("after apply: %v", members)
		}
	},
	destroyed: func(t *testing.T, tf *terraform) {
		tf.awsFails("the administrator's hub survived destroy", "111111111111", "securityhub", "describe-hub")
	},
}
