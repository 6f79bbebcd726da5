package cli

import (
	"reflect"
	"strings"
	"testing"
)

// automationTerraformConfig makes an automation rule in the administrator's hub as the
// provider's documentation for aws_securityhub_automation_rule shows, with criteria of every
// filter type (string, number, date, map) and tags. %SEVERITY% and %TAGS% change between the first and second apply.
const automationTerraformConfig = `
resource "aws_securityhub_automation_rule" "critical_bucket" {
  depends_on  = [aws_securityhub_account.admin]
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
output "automation_rule" { value = aws_securityhub_automation_rule.critical_bucket.arn }
`

// automationRulePart makes the rule above, then updates it and its tags in place.
var automationRulePart = terraformPart{
	name: "automation rule",
	config: func(second bool) string {
		severity, tags := "CRITICAL", `{ team = "security" }`
		if second {
			severity, tags = "HIGH", `{ owner = "secops" }`
		}
		return strings.NewReplacer("%SEVERITY%", severity, "%TAGS%", tags).Replace(automationTerraformConfig)
	},
	resources: 1,
	updates:   1,
	firstApplied: func(t *testing.T, tf *terraform) {
		rule := automationRule(t, tf)
		update := rule["Actions"].([]any)[0].(map[string]any)["FindingFieldsUpdate"].(map[string]any)
		if rule["RuleStatus"] != "ENABLED" || rule["IsTerminal"] != false || update["Severity"].(map[string]any)["Label"] != "CRITICAL" ||
			len(rule["Criteria"].(map[string]any)) != 6 {
			t.Errorf("the rule after apply: %v", rule)
		}
		if got := automationRuleTags(tf); !reflect.DeepEqual(got, map[string]any{"team": "security"}) {
			t.Errorf("tags after apply: %v", got)
		}
	},
	secondApplied: func(t *testing.T, tf *terraform, _ string) {
		update := automationRule(t, tf)["Actions"].([]any)[0].(map[string]any)["FindingFieldsUpdate"].(map[string]any)
		if update["Severity"].(map[string]any)["Label"] != "HIGH" {
			t.Errorf("the rule after the second apply: %v", update)
		}
		if got := automationRuleTags(tf); !reflect.DeepEqual(got, map[string]any{"owner": "secops"}) {
			t.Errorf("tags after the second apply: %v", got)
		}
	},
	destroyed: func(t *testing.T, tf *terraform) {
		tf.awsFails("list-automation-rules after destroy disabled the hub", "111111111111", "securityhub", "list-automation-rules")
	},
}

// automationRule returns the rule the output automation_rule names, as batch-get-automation-rules
// shows it.
func automationRule(t *testing.T, tf *terraform) map[string]any {
	t.Helper()
	arn := tf.output("automation_rule")
	if !strings.HasPrefix(arn, "arn:aws:securityhub:us-east-1:111111111111:automation-rule/") {
		t.Fatalf("rule ARN %q", arn)
	}
	got := tf.aws("111111111111", "securityhub", "batch-get-automation-rules", "--automation-rules-arns", `["`+arn+`"]`)
	rules, _ := got["Rules"].([]any)
	if len(rules) != 1 {
		t.Fatalf("batch-get-automation-rules: %v", got)
	}
	return rules[0].(map[string]any)
}

// automationRuleTags returns the rule's tags as list-tags-for-resource shows them.
func automationRuleTags(tf *terraform) any {
	return tf.aws("111111111111", "securityhub", "list-tags-for-resource", "--resource-arn", tf.output("automation_rule"))["Tags"]
}
