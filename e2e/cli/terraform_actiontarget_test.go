package cli

import (
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
	t.Parallel() // Terraform waits on the provider's polling more than it computes
	tf := newTerraform(t)
	s := tf.server
	configure := func(name string) {
		tf.configure(strings.NewReplacer("%ENDPOINT%", s.url, "%NAME%", name).Replace(actionTargetTerraformConfig))
	}
	configure("Send to chat")
	run, must := tf.run, tf.must
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
