package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// terraformConfig sets up an administrator and an invited member in one configuration, with a
// standards subscription and an account lookup, as a typical multi-account module does.
const terraformConfig = `
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
resource "aws_securityhub_account" "admin" {
  control_finding_generator = "STANDARD_CONTROL"
}
resource "aws_securityhub_account" "member" { provider = aws.member }
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
`

// TestTerraform applies, re-plans (no changes) and destroys the configuration above with the
// hashicorp/aws provider from the machine's offline plugin mirror.
func TestTerraform(t *testing.T) {
	t.Parallel() // Terraform waits on the provider's polling more than it computes
	tf := newTerraform(t)
	s := tf.server
	tf.configure(strings.ReplaceAll(terraformConfig, "%ENDPOINT%", s.url))
	run, must := tf.run, tf.must
	must("init", "-input=false", "-no-color")
	out := must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 5 added") || !strings.Contains(out, `account = "111111111111"`) {
		t.Fatalf("apply:\n%s", out)
	}
	member := decode(t, mustRun(t, s, "aws", "111111111111", "us-east-1", "securityhub", "list-members"))
	if ms := member["Members"].([]any); len(ms) != 1 || ms[0].(map[string]any)["MemberStatus"] != "Enabled" {
		t.Fatalf("after apply: %v", member)
	}
	if out, err := run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("a second plan wants changes (%v):\n%s", err, out)
	}
	out = must("destroy", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 5 destroyed") {
		t.Fatalf("destroy:\n%s", out)
	}
	if _, err := s.run("aws", "111111111111", "us-east-1", "securityhub", "describe-hub"); err == nil {
		t.Fatal("the administrator's hub survived destroy")
	}
}

// terraform is a Terraform working directory in which the hashicorp/aws provider comes from the
// machine's offline plugin mirror, next to a sechub server the configuration talks to.
type terraform struct {
	t      *testing.T
	server *server
	bin    string
	dir    string
	rc     string // the CLI configuration that points the provider at the mirror
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
	out, err := cmd.CombinedOutput()
	return string(out), err
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
