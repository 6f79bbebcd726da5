package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// actionTargetTerraformConfig enables Security Hub and makes a custom action, as the
// provider's documentation for aws_securityhub_action_target shows.
const actionTargetTerraformConfig = `
terraform {
  required_providers { aws = { source = "hashicorp/aws" } }
}
provider "aws" {
  region                  = "us-east-1"
  access_key              = "111111111111"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    securityhub = "%ENDPOINT%"
    sts         = "%ENDPOINT%"
  }
}
resource "aws_securityhub_account" "example" {}
resource "aws_securityhub_action_target" "example" {
  depends_on  = [aws_securityhub_account.example]
  name        = "%NAME%"
  identifier  = "SendToChat"
  description = "This is custom action sends selected findings to chat"
}
output "arn" { value = aws_securityhub_action_target.example.arn }
`

// TestTerraformActionTarget applies, re-plans (no changes), renames (an update in place) and
// destroys the configuration above with the hashicorp/aws provider from the machine's offline
// plugin mirror.
func TestTerraformActionTarget(t *testing.T) {
	tf, err := exec.LookPath("terraform")
	mirror := os.Getenv("SECHUB_TF_MIRROR")
	if mirror == "" {
		mirror = "/opt/tf-plugins"
	}
	if _, statErr := os.Stat(filepath.Join(mirror, "registry.terraform.io/hashicorp/aws")); err != nil || statErr != nil {
		t.Skip("terraform or its hashicorp/aws plugin mirror is not on this machine")
	}
	s := startServer(t, t.TempDir())
	dir := t.TempDir()
	rc := filepath.Join(dir, "cli.tfrc")
	os.WriteFile(rc, []byte(`provider_installation {
  filesystem_mirror {
    path    = "`+mirror+`"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }
}
`), 0o644)
	configure := func(name string) {
		config := strings.NewReplacer("%ENDPOINT%", s.url, "%NAME%", name).Replace(actionTargetTerraformConfig)
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	configure("Send to chat")
	run := func(args ...string) (string, error) {
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	must := func(args ...string) string {
		t.Helper()
		out, err := run(args...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s\nserver log:\n%s", strings.Join(args, " "), err, out, s.logs)
		}
		return out
	}
	const arn = "arn:aws:securityhub:us-east-1:111111111111:action/custom/SendToChat"
	must("init", "-input=false", "-no-color")
	out := must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 2 added") || !strings.Contains(out, `arn = "`+arn+`"`) {
		t.Fatalf("apply:\n%s", out)
	}
	got := decode(t, mustRun(t, s, "aws", "111111111111", "us-east-1", "securityhub", "describe-action-targets"))
	targets, _ := got["ActionTargets"].([]any)
	if len(targets) != 1 || targets[0].(map[string]any)["ActionTargetArn"] != arn || targets[0].(map[string]any)["Name"] != "Send to chat" {
		t.Fatalf("after apply: %v", got)
	}
	noChanges := func() {
		t.Helper()
		if out, err := run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
			t.Fatalf("a second plan wants changes (%v):\n%s", err, out)
		}
	}
	noChanges()
	configure("Send to ticketing")
	out = must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 0 added, 1 changed, 0 destroyed") {
		t.Fatalf("apply of the new name:\n%s", out)
	}
	got = decode(t, mustRun(t, s, "aws", "111111111111", "us-east-1", "securityhub", "describe-action-targets", "--action-target-arns", arn))
	if targets, _ := got["ActionTargets"].([]any); len(targets) != 1 || targets[0].(map[string]any)["Name"] != "Send to ticketing" {
		t.Fatalf("after the rename: %v", got)
	}
	noChanges()
	out = must("destroy", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 2 destroyed") {
		t.Fatalf("destroy:\n%s", out)
	}
	if _, err := s.run("aws", "111111111111", "us-east-1", "securityhub", "describe-action-targets"); err == nil {
		t.Fatal("describe-action-targets succeeded after destroy disabled the hub")
	}
}
