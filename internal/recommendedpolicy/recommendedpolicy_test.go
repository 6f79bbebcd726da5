package recommendedpolicy

import "testing"

func TestRecommend(t *testing.T) {
	const policy = `{"Version":"2012-10-17","Statement":[` +
		`{"Effect":"Allow","Action":["s3:GetObject","s3:DeleteBucket"],"Resource":"*"},` +
		`{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*"},` +
		`{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`
	cases := []struct {
		name                        string
		fields                      map[string]string
		status, code, action, after string
	}{
		{name: "some actions unused", fields: map[string]string{FieldUnusedActions: "s3:DeleteBucket, EC2:TerminateInstances", FieldExistingPolicy: policy},
			status: Succeeded, action: createPolicy,
			after: `{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":"*"},{"Action":"iam:*","Effect":"Deny","Resource":"*"}],"Version":"2012-10-17"}`},
		{name: "every allowed action unused", fields: map[string]string{FieldUnusedActions: "s3:GetObject",
			FieldExistingPolicy: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`},
			status: Succeeded, action: detachPolicy},
		{name: "nothing unused in the policy", fields: map[string]string{FieldUnusedActions: "sqs:SendMessage",
			FieldExistingPolicy: `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`},
			status: Succeeded, action: createPolicy, after: `{"Statement":[{"Action":"s3:GetObject","Effect":"Allow","Resource":"*"}]}`},
		{name: "no unused actions", fields: map[string]string{FieldExistingPolicy: policy}, status: Failed, code: errNoUnused},
		{name: "no policy", fields: map[string]string{FieldUnusedActions: "s3:GetObject"}, status: Failed, code: errNoPolicy},
		{name: "not JSON", fields: map[string]string{FieldUnusedActions: "s3:GetObject", FieldExistingPolicy: "{"}, status: Failed, code: errBadPolicy},
		{name: "no statements", fields: map[string]string{FieldUnusedActions: "s3:GetObject", FieldExistingPolicy: `{"Version":"2012-10-17"}`}, status: Failed, code: errBadPolicy},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := recommend(c.fields)
			if r.Status != c.status || r.ErrorCode != c.code {
				t.Fatalf("recommend = %+v, want %s %s", r, c.status, c.code)
			}
			if c.status != Succeeded {
				return
			}
			if len(r.Steps) != 1 || r.Steps[0].RecommendedAction != c.action || r.Steps[0].RecommendedPolicy != c.after ||
				r.Steps[0].ExistingPolicy != c.fields[FieldExistingPolicy] {
				t.Fatalf("recommend = %+v, want %s %s", r.Steps, c.action, c.after)
			}
			if again := recommend(c.fields); again.Steps[0].RecommendedPolicy != r.Steps[0].RecommendedPolicy {
				t.Fatal("the same finding gave another policy")
			}
		})
	}
}
