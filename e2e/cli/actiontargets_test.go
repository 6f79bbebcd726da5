package cli

import (
	"reflect"
	"strings"
	"testing"
)

// TestActionTargetCommands runs the worked examples the AWS CLI documents for
// create-action-target, describe-action-targets, update-action-target and
// delete-action-target, as the examples' account in their region, and checks that each prints
// the output the example shows. It runs with the first AWS CLI only (SECHUB_AWS_CLI, else the
// PATH's): these commands hold nothing that a CLI v2 does differently (its exit code, error
// text, output layout and --cli-input-yaml are checked by TestHubCommands and
// TestCreateMembersSeed, which run with every CLI), and every call is a new Python process, a
// second of CPU.
func TestActionTargetCommands(t *testing.T) {
	t.Parallel()
	const (
		acct   = "123456789012"
		region = "us-west-1"
		arn    = "arn:aws:securityhub:us-west-1:123456789012:action/custom/Remediation"
	)
	for _, cli := range awsCLIs(t)[:1] {
		t.Run(cliVersion(t, cli), func(t *testing.T) {
			t.Parallel()
			s := startServer(t, t.TempDir())
			aws := func(args ...string) string {
				t.Helper()
				return mustRun(t, s, cli, acct, region, append([]string{"securityhub"}, args...)...)
			}
			expectFailure := func(want string, args ...string) {
				t.Helper()
				_, err := s.run(cli, acct, region, append([]string{"securityhub"}, args...)...)
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("aws securityhub %s: %v, want an error containing %q", strings.Join(args, " "), err, want)
				}
			}

			expectFailure("An error occurred (InvalidAccessException) when calling the CreateActionTarget operation: Account 123456789012 is not subscribed to AWS Security Hub",
				"create-action-target", "--name", "Send to remediation", "--description", "Action to send the finding for remediation tracking", "--id", "Remediation")
			aws("enable-security-hub")

			created := decode(t, aws("create-action-target", "--name", "Send to remediation",
				"--description", "Action to send the finding for remediation tracking", "--id", "Remediation"))
			if want := map[string]any{"ActionTargetArn": arn}; !reflect.DeepEqual(created, want) {
				t.Errorf("create-action-target: %v, want %v", created, want)
			}
			expectFailure("An error occurred (ResourceConflictException) when calling the CreateActionTarget operation: Action with Id: Remediation already exists",
				"create-action-target", "--name", "n", "--description", "d", "--id", "Remediation")

			described := decode(t, aws("describe-action-targets", "--action-target-arns", arn))
			want := map[string]any{"ActionTargets": []any{map[string]any{
				"ActionTargetArn": arn,
				"Description":     "Action to send the finding for remediation tracking",
				"Name":            "Send to remediation",
			}}}
			if !reflect.DeepEqual(described, want) {
				t.Errorf("describe-action-targets: %v, want %v", described, want)
			}
			if all := decode(t, aws("describe-action-targets")); !reflect.DeepEqual(all, want) {
				t.Errorf("describe-action-targets without ARNs: %v, want %v", all, want)
			}

			if out := aws("update-action-target", "--action-target-arn", arn, "--name", "Send to remediation"); strings.TrimSpace(out) != "" {
				t.Errorf("update-action-target printed %q, want nothing", out)
			}
			if out := aws("update-action-target", "--action-target-arn", arn, "--name", "Remediate"); strings.TrimSpace(out) != "" {
				t.Errorf("update-action-target printed %q, want nothing", out)
			}
			renamed := decode(t, aws("describe-action-targets", "--action-target-arns", arn))
			if got := renamed["ActionTargets"].([]any)[0].(map[string]any)["Name"]; got != "Remediate" {
				t.Errorf("name after update-action-target: %v", got)
			}

			deleted := decode(t, aws("delete-action-target", "--action-target-arn", arn))
			if want := map[string]any{"ActionTargetArn": arn}; !reflect.DeepEqual(deleted, want) {
				t.Errorf("delete-action-target: %v, want %v", deleted, want)
			}
			expectFailure("An error occurred (ResourceNotFoundException) when calling the DescribeActionTargets operation: Action target "+arn+" not found",
				"describe-action-targets", "--action-target-arns", arn)
			expectFailure("An error occurred (ResourceNotFoundException) when calling the DeleteActionTarget operation: Action target "+arn+" not found",
				"delete-action-target", "--action-target-arn", arn)
			if none := decode(t, aws("describe-action-targets")); !reflect.DeepEqual(none, map[string]any{"ActionTargets": []any{}}) {
				t.Errorf("describe-action-targets with none: %v", none)
			}
		})
	}
}
