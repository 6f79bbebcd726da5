package cli

import (
	"reflect"
	"strings"
	"testing"
)

// automationTerraformConfig makes an automation rule as the provider's documentation for
// aws_securityhub_automation_rule shows, with criteria of every filter type (string, number,
// date, map) and tags. %SEVERITY% and %TAGS% change between the first and second apply.
const automationTerraformConfig = `
terraform {
  required_providers { aws = { source = "hashicorp/aws" } }
}
provider "aws" {
  region                  = "us-east-1"
  access_key              = "444444444444"
  secret_key              = "x"
  skip_metadata_api_check = true
  endpoints {
    securityhub = "%ENDPOINT%"
    sts         = "%ENDPOINT%"
  }
}
resource "aws_securityhub_account" "this" {
  enable_default_standards = false
}
resource "aws_securityhub_automation_rule" "critical_bucket" {
  depends_on  = [aws_securityhub_account.this]
  description = "Elevate finding severity when an important S3 bucket is at risk"
  rule_name   = "Elevate severity of findings that relate to important resources"
  rule_order  = 1
  actions {
    type = "FINDING_FIELDS_UPDATE"
    finding_fields_update {
      severity {
        label   = "%SEVERITY%"
        product = "0.0"
      }
      note {
        text       = "This is a critical resource. Please review ASAP."
        updated_by = "sechub-automation"
      }
      types               = ["Software and Configuration Checks/Industry and Regulatory Standards"]
      user_defined_fields = { key = "value" }
      workflow {
        status = "NOTIFIED"
      }
    }
  }
  criteria {
    resource_id {
      comparison = "EQUALS"
      value      = "arn:aws:s3:::examplebucket/*"
    }
    resource_id {
      comparison = "PREFIX"
      value      = "arn:aws:s3:::critical-"
    }
    record_state {
      comparison = "EQUALS"
      value      = "ACTIVE"
    }
    confidence {
      gte = 50
    }
    updated_at {
      date_range {
        unit  = "DAYS"
        value = 30
      }
    }
    created_at {
      start = "2024-01-01T00:00:00Z"
      end   = "2030-12-31T23:59:59Z"
    }
    resource_tags {
      comparison = "EQUALS"
      key        = "env"
      value      = "prod"
    }
  }
  tags = %TAGS%
}
output "rule" { value = aws_securityhub_automation_rule.critical_bucket.arn }
`

// TestTerraformAutomationRule applies the configuration above with the hashicorp/aws provider
// from the machine's offline plugin mirror, updates the rule and its tags in place, plans
// again (no changes: what sechub answers matches the configuration) and destroys it.
func TestTerraformAutomationRule(t *testing.T) {
	t.Parallel() // Terraform waits on the provider more than it computes
	tf := newTerraform(t)
	config := func(severity, tags string) string {
		return strings.NewReplacer("%ENDPOINT%", tf.server.url, "%SEVERITY%", severity, "%TAGS%", tags).Replace(automationTerraformConfig)
	}
	tf.configure(config("CRITICAL", `{ team = "security" }`))
	tf.must("init", "-input=false", "-no-color")
	out := tf.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 2 added, 0 changed, 0 destroyed") {
		t.Fatalf("apply:\n%s", out)
	}
	tf.readOutputs()
	arn := tf.output("rule")
	if !strings.HasPrefix(arn, "arn:aws:securityhub:us-east-1:444444444444:automation-rule/") {
		t.Fatalf("rule ARN %q", arn)
	}
	got := tf.aws("444444444444", "securityhub", "batch-get-automation-rules", "--automation-rules-arns", `["`+arn+`"]`)
	rules, _ := got["Rules"].([]any)
	if len(rules) != 1 {
		t.Fatalf("after apply: %v", got)
	}
	rule := rules[0].(map[string]any)
	update := rule["Actions"].([]any)[0].(map[string]any)["FindingFieldsUpdate"].(map[string]any)
	if rule["RuleStatus"] != "ENABLED" || rule["IsTerminal"] != false || update["Severity"].(map[string]any)["Label"] != "CRITICAL" ||
		len(rule["Criteria"].(map[string]any)) != 6 {
		t.Errorf("the rule after apply: %v", rule)
	}
	tagsOf := func() any {
		return tf.aws("444444444444", "securityhub", "list-tags-for-resource", "--resource-arn", arn)["Tags"]
	}
	if got := tagsOf(); !reflect.DeepEqual(got, map[string]any{"team": "security"}) {
		t.Errorf("tags after apply: %v", got)
	}

	tf.configure(config("HIGH", `{ owner = "secops" }`))
	out = tf.must("apply", "-auto-approve", "-input=false", "-no-color")
	if !strings.Contains(out, "Resources: 0 added, 1 changed, 0 destroyed") {
		t.Fatalf("second apply:\n%s", out)
	}
	got = tf.aws("444444444444", "securityhub", "batch-get-automation-rules", "--automation-rules-arns", `["`+arn+`"]`)
	update = got["Rules"].([]any)[0].(map[string]any)["Actions"].([]any)[0].(map[string]any)["FindingFieldsUpdate"].(map[string]any)
	if update["Severity"].(map[string]any)["Label"] != "HIGH" {
		t.Errorf("the rule after the second apply: %v", got)
	}
	if got := tagsOf(); !reflect.DeepEqual(got, map[string]any{"owner": "secops"}) {
		t.Errorf("tags after the second apply: %v", got)
	}

	if out, err := tf.run("plan", "-input=false", "-no-color", "-detailed-exitcode"); err != nil {
		t.Fatalf("a second plan wants changes (%v):\n%s\nserver log:\n%s", err, out, tf.server.logs)
	}
	out = tf.must("destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false")
	if !strings.Contains(out, "Resources: 2 destroyed") {
		t.Fatalf("destroy:\n%s", out)
	}
	tf.awsFails("list-automation-rules after destroy disabled the hub", "444444444444", "securityhub", "list-automation-rules")
}
