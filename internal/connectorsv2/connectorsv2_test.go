package connectorsv2

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"
)

func TestEndpoint(t *testing.T) {
	cases := []struct {
		name   string
		conn   Connector
		tagged map[string]string
		want   string // "" when there is none
	}{
		{"tag", Connector{Provider: JiraCloud}, map[string]string{EndpointTag: "http://127.0.0.1:9/t"}, "http://127.0.0.1:9/t"},
		{"tag before instance URL", Connector{Provider: ServiceNow, InstanceName: "https://snow.example"}, map[string]string{EndpointTag: "http://a/b"}, "http://a/b"},
		{"instance URL", Connector{Provider: ServiceNow, InstanceName: "https://snow.example"}, nil, "https://snow.example"},
		{"instance name", Connector{Provider: ServiceNow, InstanceName: "acme"}, nil, ""},
		{"Jira without tag", Connector{Provider: JiraCloud}, map[string]string{"team": "sec"}, ""},
	}
	for _, c := range cases {
		got, err := endpoint(c.conn, c.tagged)
		if got != c.want || (err == nil) != (c.want != "") {
			t.Errorf("%s: endpoint = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

func TestAuthURL(t *testing.T) {
	u, err := url.Parse(Connector{Provider: JiraCloud, AuthState: "s-1"}.AuthURL())
	if err != nil || u.Host != "auth.atlassian.com" || u.Query().Get("state") != "s-1" || u.Query().Get("response_type") != "code" {
		t.Fatalf("AuthURL = %v, %v", u, err)
	}
	if got := (Connector{Provider: ServiceNow, AuthState: "s"}).AuthURL(); got != "" {
		t.Fatalf("a ServiceNow connector has an AuthURL: %q", got)
	}
}

func TestPayloadFinding(t *testing.T) {
	raw := json.RawMessage(`{"Id":"f/1","ProductArn":"arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default","Title":"t",
		"Description":"d","AwsAccountId":"111111111111","Region":"us-east-1","ProductName":"Default","Severity":{"Label":"HIGH"},
		"Workflow":{"Status":"NEW"},"Resources":[{"Id":"arn:aws:s3:::a"},{"Id":"arn:aws:s3:::b"}]}`)
	p, err := payloadFinding(raw)
	if err != nil || p.MetadataUID != "arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default/f/1" || p.ID != "f/1" ||
		p.Severity != "HIGH" || p.WorkflowStatus != "NEW" || !slices.Equal(p.Resources, []string{"arn:aws:s3:::a", "arn:aws:s3:::b"}) ||
		string(p.ASFF) != string(raw) {
		t.Fatalf("payloadFinding = %+v, %v", p, err)
	}
	if p, err := payloadFinding(json.RawMessage(`{"Id":"x"}`)); err != nil || p.Resources == nil {
		t.Fatalf("a finding without resources: %+v, %v (want an empty list)", p, err)
	}
}
