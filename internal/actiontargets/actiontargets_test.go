package actiontargets

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sechub/sechub/internal/apierr"
	"github.com/sechub/sechub/internal/store"
)

var caller = store.AccountKey{Partition: "aws", Region: "us-east-1", AccountID: "111111111111"}

// message returns the message of an *apierr.Error, "" for nil.
func message(err error) string {
	if e, ok := err.(*apierr.Error); ok {
		return e.Message
	}
	return ""
}

func TestCheckID(t *testing.T) {
	cases := []struct {
		id   string
		want apierr.Def // zero: accepted
		msg  string
	}{
		{id: "Remediation"},
		{id: "a"},
		{id: "SendToChat2"},
		{id: strings.Repeat("x", 20)},
		{id: "0123456789"},
		{id: strings.Repeat("x", 21), want: apierr.ActionTargetIDTooLong, msg: "Invalid parameter 'Id'. Length '21' is greater than maximum value: 20."},
		{id: "send-to-chat", want: apierr.ActionTargetIDNotAlphanumeric, msg: "Invalid parameter 'Id'. Value 'send-to-chat' does not match pattern '^[A-Za-z0-9]+$'."},
		{id: "Send To Chat", want: apierr.ActionTargetIDNotAlphanumeric},
		{id: "send_to_chat", want: apierr.ActionTargetIDNotAlphanumeric},
		{id: "a/b", want: apierr.ActionTargetIDNotAlphanumeric},
		{id: "é", want: apierr.ActionTargetIDNotAlphanumeric},
		{id: "", want: apierr.ActionTargetIDNotAlphanumeric},
		{id: strings.Repeat("é", 21), want: apierr.ActionTargetIDTooLong, msg: "Invalid parameter 'Id'. Length '21' is greater than maximum value: 20."},
	}
	for _, c := range cases {
		err := checkID(c.id)
		switch {
		case c.want == (apierr.Def{}) && err != nil:
			t.Errorf("checkID(%q) = %v, want it accepted", c.id, err)
		case c.want != (apierr.Def{}) && !c.want.Is(err):
			t.Errorf("checkID(%q) = %v, want %s", c.id, err, c.want.Message)
		case c.msg != "" && message(err) != c.msg:
			t.Errorf("checkID(%q) message %q, want %q", c.id, message(err), c.msg)
		}
	}
}

func TestCheckName(t *testing.T) {
	cases := []struct {
		name string
		ok   bool
	}{
		{"Send to remediation", true},
		{strings.Repeat("n", 20), true},
		{strings.Repeat("ü", 20), true}, // characters, not bytes
		{"", true},                      // absent (Update without a Name)
		{strings.Repeat("n", 21), false},
		{strings.Repeat("ü", 21), false},
	}
	for _, c := range cases {
		err := checkName(c.name)
		if c.ok != (err == nil) {
			t.Errorf("checkName(%q) = %v, want ok=%v", c.name, err, c.ok)
		}
		if !c.ok && !apierr.ActionTargetNameTooLong.Is(err) {
			t.Errorf("checkName(%q) = %v, want ActionTargetNameTooLong", c.name, err)
		}
	}
	if got := message(checkName(strings.Repeat("n", 25))); got != "Invalid parameter 'Name'. Length '25' is greater than maximum value: 20." {
		t.Errorf("message %q", got)
	}
}

func TestARN(t *testing.T) {
	if got := ARN(caller, "Remediation"); got != "arn:aws:securityhub:us-east-1:111111111111:action/custom/Remediation" {
		t.Fatalf("ARN = %s", got)
	}
	cn := store.AccountKey{Partition: "aws-cn", Region: "cn-north-1", AccountID: "222222222222"}
	for _, k := range []store.AccountKey{caller, cn} {
		key, id, ok := ParseARN(ARN(k, "abc123"))
		if !ok || key != k || id != "abc123" {
			t.Errorf("ParseARN(ARN(%v)) = %v %q %v", k, key, id, ok)
		}
	}
}

func TestParseARN(t *testing.T) {
	cases := []struct {
		arn string
		ok  bool
		id  string
	}{
		{"arn:aws:securityhub:us-west-1:123456789012:action/custom/Remediation", true, "Remediation"},
		{"arn:aws-us-gov:securityhub:us-gov-west-1:123456789012:action/custom/x1", true, "x1"},
		{"arn:aws:securityhub:us-west-1:123456789012:action/custom/", false, ""},    // no Id
		{"arn:aws:securityhub:us-west-1:123456789012:action/custom/a-b", false, ""}, // Id not alphanumeric
		{"arn:aws:securityhub:us-west-1:123456789012:action/custom/a/b", false, ""}, // Id with a slash
		{"arn:aws:securityhub:us-west-1:123456789012:action/custom/" + strings.Repeat("a", 21), false, ""},
		{"arn:aws:securityhub:us-west-1:123456789012:action/Remediation", false, ""},            // not custom
		{"arn:aws:securityhub:us-west-1:123456789012:insight/123456789012/custom/x", false, ""}, // another resource
		{"arn:aws:securityhub:us-west-1:12345:action/custom/x", false, ""},                      // account not 12 digits
		{"arn:aws:securityhub::123456789012:action/custom/x", false, ""},                        // no region
		{"arn::securityhub:us-west-1:123456789012:action/custom/x", false, ""},                  // no partition
		{"arn:aws:guardduty:us-west-1:123456789012:action/custom/x", false, ""},                 // another service
		{"aws:securityhub:us-west-1:123456789012:action/custom/x", false, ""},                   // no arn: prefix
		{"Remediation", false, ""},
		{"", false, ""},
	}
	for _, c := range cases {
		_, id, ok := ParseARN(c.arn)
		if ok != c.ok || id != c.id {
			t.Errorf("ParseARN(%q) = %q %v, want %q %v", c.arn, id, ok, c.id, c.ok)
		}
	}
}

func TestIDOf(t *testing.T) {
	cases := []struct {
		arn  string
		id   string
		want apierr.Def
		msg  string
	}{
		{arn: "arn:aws:securityhub:us-east-1:111111111111:action/custom/Mine", id: "Mine"},
		{arn: "arn:aws:securityhub:us-east-1::action/custom/Mine", id: "Mine"}, // no account: the caller's
		{arn: "arn:aws:securityhub:eu-west-1::action/custom/Mine", want: apierr.ActionTargetNotFound,
			msg: "Action target arn:aws:securityhub:eu-west-1::action/custom/Mine not found"},
		{arn: "arn:aws:securityhub:::action/custom/Mine", want: apierr.ActionTargetARNInvalid,
			msg: "Invalid parameter 'ActionTargetArn'. Value 'arn:aws:securityhub:::action/custom/Mine' is not a custom action target ARN."},
		{arn: "arn:aws:securityhub:us-east-1::action/custom/a-b", want: apierr.ActionTargetARNInvalid,
			msg: "Invalid parameter 'ActionTargetArn'. Value 'arn:aws:securityhub:us-east-1::action/custom/a-b' is not a custom action target ARN."},
		{arn: "arn:aws:securityhub:us-east-1:222222222222:action/custom/Theirs", want: apierr.ActionTargetNotFound,
			msg: "Action target arn:aws:securityhub:us-east-1:222222222222:action/custom/Theirs not found"},
		{arn: "arn:aws:securityhub:eu-west-1:111111111111:action/custom/Mine", want: apierr.ActionTargetNotFound},
		{arn: "arn:aws-cn:securityhub:us-east-1:111111111111:action/custom/Mine", want: apierr.ActionTargetNotFound},
		{arn: "not an arn", want: apierr.ActionTargetARNInvalid,
			msg: "Invalid parameter 'ActionTargetArn'. Value 'not an arn' is not a custom action target ARN."},
	}
	for _, c := range cases {
		id, err := idOf(caller, "ActionTargetArn", c.arn)
		if c.want == (apierr.Def{}) {
			if err != nil || id != c.id {
				t.Errorf("idOf(%q) = %q %v, want %q", c.arn, id, err, c.id)
			}
			continue
		}
		if !c.want.Is(err) || (c.msg != "" && message(err) != c.msg) {
			t.Errorf("idOf(%q) = %v, want %s %q", c.arn, err, c.want.Code, c.msg)
		}
	}
}

func TestCheckARNsNamesTheListMember(t *testing.T) {
	good := ARN(caller, "a")
	if err := checkARNs(caller, []string{good, ARN(caller, "b"), "arn:aws:securityhub:us-east-1::action/custom/c"}); err != nil {
		t.Fatalf("checkARNs of good ARNs: %v", err)
	}
	err := checkARNs(caller, []string{good, "bad"})
	if want := "Invalid parameter 'ActionTargetArns[1]'. Value 'bad' is not a custom action target ARN."; message(err) != want {
		t.Errorf("checkARNs = %v, want %q", err, want)
	}
}

func TestSelection(t *testing.T) {
	cases := []struct{ in, want []string }{
		{nil, nil},
		{[]string{}, []string{}},
		{[]string{"b", "a"}, []string{"a", "b"}},
		{[]string{"a", "b", "a", "a"}, []string{"a", "b"}},
	}
	for _, c := range cases {
		if got := selection(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("selection(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	in := []string{"b", "a"}
	selection(in)
	if in[0] != "b" {
		t.Error("selection sorted its argument in place")
	}
}

func TestKeep(t *testing.T) {
	entries := []entry{{ID: "a", Seq: 1}, {ID: "b", Seq: 2}, {ID: "c", Seq: 3}, {ID: "d", Seq: 4}}
	ids := func(es []entry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	cases := []struct {
		wanted []string
		limit  int
		want   []string
	}{
		{[]string{"d", "b"}, 0, []string{"b", "d"}}, // creation order, not the filter's
		{[]string{"a", "c", "d"}, 2, []string{"a", "c"}},
		{[]string{"x"}, 0, nil},
	}
	for _, c := range cases {
		set := map[string]bool{}
		for _, w := range c.wanted {
			set[w] = true
		}
		if got := ids(keep(entries, set, c.limit)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("keep(%v, %d) = %v, want %v", c.wanted, c.limit, got, c.want)
		}
	}
}
