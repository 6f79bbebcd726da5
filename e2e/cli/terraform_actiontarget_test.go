package cli

import (
	"strings"
	"testing"
)

// actionTargetTerraformConfig makes a custom action, as the provider's documentation for
// aws_securityhub_action_target shows; the second apply renames it (an update in place).
const actionTargetTerraformConfig = `
resource "aws_securityhub_action_target" "example" {
  depends_on  = [aws_securityhub_account.admin]
  name        = "%NAME%"
  identifier  = "SendToChat"
  description = "This is custom action sends selected findings to chat"
}
output "action_target" { value = aws_securityhub_action_target.example.arn }
`

const actionTargetARN = "arn:aws:securityhub:us-east-1:111111111111:action/custom/SendToChat"

// actionTargetPart creates a custom action in the administrator's hub and renames it.
var actionTargetPart = terraformPart{
	name: "custom action",
	config: func(second bool) string {
		name := map[bool]string{false: "Send to chat", true: "Send to ticketing"}[second]
		return strings.ReplaceAll(actionTargetTerraformConfig, "%NAME%", name)
	},
	resources: 1,
	updates:   1,
	firstApplied: func(t *testing.T, tf *terraform) {
		got := tf.aws("111111111111", "securityhub", "describe-action-targets")
		targets, _ := got["ActionTargets"].([]any)
		if len(targets) != 1 || targets[0].(map[string]any)["ActionTargetArn"] != actionTargetARN || targets[0].(map[string]any)["Name"] != "Send to chat" {
			t.Fatalf("after apply: %v", got)
		}
	},
	secondApplied: func(t *testing.T, tf *terraform, out string) {
		if got := tf.output("action_target"); got != actionTargetARN {
			t.Errorf("output action_target = %q", got)
		}
		// The rename is the only difference the provider saw: had the first apply left
		// anything else unlike the configuration, the update would show it too.
		_, plan, _ := strings.Cut(out, "# aws_securityhub_action_target.example will be updated in-place")
		plan, _, _ = strings.Cut(plan, "\n    }\n")
		var changed []string
		for _, line := range strings.Split(plan, "\n") {
			if f := strings.Fields(line); len(f) > 1 && (f[0] == "~" || f[0] == "+" || f[0] == "-") {
				changed = append(changed, strings.Join(f, " "))
			}
		}
		want := []string{`~ resource "aws_securityhub_action_target" "example" {`, `~ name = "Send to chat" -> "Send to ticketing"`}
		if strings.Join(changed, "\n") != strings.Join(want, "\n") {
			t.Errorf("the update of the custom action changes %q, want %q; apply:\n%s", changed, want, out)
		}
		got := tf.aws("111111111111", "securityhub", "describe-action-targets", "--action-target-arns", actionTargetARN)
		if targets, _ := got["ActionTargets"].([]any); len(targets) != 1 || targets[0].(map[string]any)["Name"] != "Send to ticketing" {
			t.Fatalf("after the rename: %v", got)
		}
	},
	destroyed: func(t *testing.T, tf *terraform) {
		tf.awsFails("describe-action-targets after destroy disabled the hub", "111111111111", "securityhub", "describe-action-targets")
	},
}
