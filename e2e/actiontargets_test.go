package e2e

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// actionTargetARN is the ARN of the custom action id of account in region.
func actionTargetARN(account, region, id string) string {
	return "arn:aws:securityhub:" + region + ":" + account + ":action/custom/" + id
}

// enableHub turns Security Hub on for the client's account and region.
func enableHub(t *testing.T, c *securityhub.Client) {
	t.Helper()
	if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false)}); err != nil {
		t.Fatalf("EnableSecurityHub: %v", err)
	}
}

// createActionTarget creates the custom action id and returns its ARN.
func createActionTarget(t *testing.T, c *securityhub.Client, id, name, description string) string {
	t.Helper()
	out, err := c.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String(id), Name: aws.String(name), Description: aws.String(description)})
	if err != nil {
		t.Fatalf("CreateActionTarget %s: %v", id, err)
	}
	return aws.ToString(out.ActionTargetArn)
}

// describeActionTargets returns every action target the filter selects, following NextToken
// with pages of pageSize (0: the server's default).
func describeActionTargets(t *testing.T, c *securityhub.Client, pageSize int32, arns ...string) []types.ActionTarget {
	t.Helper()
	in := &securityhub.DescribeActionTargetsInput{ActionTargetArns: arns}
	if pageSize > 0 {
		in.MaxResults = aws.Int32(pageSize)
	}
	var all []types.ActionTarget
	pages := securityhub.NewDescribeActionTargetsPaginator(c, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeActionTargets %v: %v", arns, err)
		}
		if pageSize > 0 && len(page.ActionTargets) > int(pageSize) {
			t.Fatalf("page of %d action targets, MaxResults %d", len(page.ActionTargets), pageSize)
		}
		all = append(all, page.ActionTargets...)
	}
	return all
}

// actionTargetIDs returns the Ids of action targets, from their ARNs.
func actionTargetIDs(list []types.ActionTarget) []string {
	ids := []string{}
	for _, at := range list {
		arn := aws.ToString(at.ActionTargetArn)
		ids = append(ids, arn[strings.LastIndex(arn, "/")+1:])
	}
	return ids
}

func TestActionTargetLifecycle(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	enableHub(t, a)

	// The AWS CLI's worked example.
	arn := createActionTarget(t, a, "Remediation", "Send to remediation", "Action to send the finding for remediation tracking")
	if arn != actionTargetARN(acctA, region, "Remediation") {
		t.Fatalf("ActionTargetArn = %s", arn)
	}
	_, err := a.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String("Remediation"), Name: aws.String("again"), Description: aws.String("d")})
	testenv.ExpectError(t, err, "ResourceConflictException", 409, "Action with Id: Remediation already exists")
	// Ids are case-sensitive, as ARNs are.
	lower := createActionTarget(t, a, "remediation", "lower case", "d")

	// Bad input is refused before anything is written.
	bad := []struct {
		id, name, msg string
	}{
		{"send-to-chat", "n", "Invalid parameter 'Id'. Value 'send-to-chat' does not match pattern '^[A-Za-z0-9]+$'."},
		{"has space", "n", "Invalid parameter 'Id'. Value 'has space' does not match pattern '^[A-Za-z0-9]+$'."},
		{strings.Repeat("a", 21), "n", "Invalid parameter 'Id'. Length '21' is greater than maximum value: 20."},
		{"okid", strings.Repeat("n", 21), "Invalid parameter 'Name'. Length '21' is greater than maximum value: 20."},
		{"   ", "n", "Invalid parameter 'Id'. Value '   ' does not match pattern '.*\\S.*'."},
	}
	for _, b := range bad {
		_, err := a.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String(b.id), Name: aws.String(b.name), Description: aws.String("d")})
		testenv.ExpectError(t, err, "InvalidInputException", 400, b.msg)
	}
	// A missing Description is refused by the model (sent raw: the SDK checks it itself).
	status, h, doc := rawCall(t, env, "POST", "/actionTargets", []byte(`{"Id":"x","Name":"n"}`), nil)
	expectRawError(t, status, h, doc, 400, "InvalidInputException", "Invalid parameter 'Description'. Member must not be null.")
	if got := actionTargetIDs(describeActionTargets(t, a, 0)); !reflect.DeepEqual(got, []string{"Remediation", "remediation"}) {
		t.Fatalf("after refused creates: %v", got)
	}

	// DescribeActionTargets: everything, or the ARNs asked for, with the worked example's shape.
	got := describeActionTargets(t, a, 0, arn)
	want := []types.ActionTarget{{ActionTargetArn: aws.String(arn), Name: aws.String("Send to remediation"), Description: aws.String("Action to send the finding for remediation tracking")}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("DescribeActionTargets by ARN = %+v", got)
	}
	if got := actionTargetIDs(describeActionTargets(t, a, 0, lower, arn, lower)); !reflect.DeepEqual(got, []string{"Remediation", "remediation"}) {
		t.Errorf("by two ARNs, one repeated: %v", got)
	}
	unknown := actionTargetARN(acctA, region, "Nope")
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{unknown}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Action target "+unknown+" not found")
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{arn, unknown}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Action target "+unknown+" not found")
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{arn, "Remediation"}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'ActionTargetArns[1]'. Value 'Remediation' is not a custom action target ARN.")

	// UpdateActionTarget changes what it is given.
	if _, err := a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(arn), Name: aws.String("Remediate")}); err != nil {
		t.Fatalf("UpdateActionTarget Name: %v", err)
	}
	if _, err := a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(arn), Description: aws.String("new description")}); err != nil {
		t.Fatalf("UpdateActionTarget Description: %v", err)
	}
	if _, err := a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(arn)}); err != nil {
		t.Fatalf("UpdateActionTarget with nothing to change: %v", err)
	}
	got = describeActionTargets(t, a, 0, arn)
	if len(got) != 1 || aws.ToString(got[0].Name) != "Remediate" || aws.ToString(got[0].Description) != "new description" {
		t.Fatalf("after updates: %+v", got)
	}
	_, err = a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(arn), Name: aws.String(strings.Repeat("n", 21))})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'Name'. Length '21' is greater than maximum value: 20.")
	_, err = a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(unknown), Name: aws.String("x")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Action target "+unknown+" not found")
	_, err = a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String("arn:aws:securityhub:us-east-1:111111111111:hub/default"), Name: aws.String("x")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'ActionTargetArn'. Value 'arn:aws:securityhub:us-east-1:111111111111:hub/default' is not a custom action target ARN.")

	// DeleteActionTarget answers with the ARN; then it is gone.
	del, err := a.DeleteActionTarget(ctx, &securityhub.DeleteActionTargetInput{ActionTargetArn: aws.String(arn)})
	if err != nil || aws.ToString(del.ActionTargetArn) != arn {
		t.Fatalf("DeleteActionTarget: %+v %v", del, err)
	}
	_, err = a.DeleteActionTarget(ctx, &securityhub.DeleteActionTargetInput{ActionTargetArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Action target "+arn+" not found")
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{arn}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	if got := actionTargetIDs(describeActionTargets(t, a, 0)); !reflect.DeepEqual(got, []string{"remediation"}) {
		t.Errorf("after delete: %v", got)
	}
	// The Id is free again.
	createActionTarget(t, a, "Remediation", "Send to remediation", "d")
	if got := actionTargetIDs(describeActionTargets(t, a, 0)); !reflect.DeepEqual(got, []string{"remediation", "Remediation"}) {
		t.Errorf("re-created, in creation order: %v", got)
	}
}

func TestActionTargetLimitAndPaging(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	enableHub(t, a)

	var ids, arns []string
	for i := range 50 {
		id := fmt.Sprintf("Target%02d", 49-i) // creation order differs from the Ids' order
		ids = append(ids, id)
		arns = append(arns, createActionTarget(t, a, id, "n", "d"))
	}
	_, err := a.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String("OneTooMany"), Name: aws.String("n"), Description: aws.String("d")})
	testenv.ExpectError(t, err, "LimitExceededException", 429, "You can't create more than 50 custom actions in a Region.")
	// An existing Id is still a conflict at the limit.
	_, err = a.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String(ids[0]), Name: aws.String("n"), Description: aws.String("d")})
	testenv.ExpectError(t, err, "ResourceConflictException", 409, "Action with Id: "+ids[0]+" already exists")

	// Every page size gives every action target once, in creation order.
	for _, size := range []int32{0, 1, 7, 49, 50, 100} {
		if got := actionTargetIDs(describeActionTargets(t, a, size)); !reflect.DeepEqual(got, ids) {
			t.Fatalf("MaxResults %d: %v", size, got)
		}
	}
	first, err := a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{MaxResults: aws.Int32(50)})
	if err != nil || len(first.ActionTargets) != 50 || first.NextToken != nil {
		t.Fatalf("one full page: %d targets, NextToken %v, %v", len(first.ActionTargets), first.NextToken, err)
	}

	// A filter pages the same way, in creation order whatever the filter's order.
	picked := []string{arns[40], arns[3], arns[17], arns[25], arns[9]}
	if got := actionTargetIDs(describeActionTargets(t, a, 2, picked...)); !reflect.DeepEqual(got, []string{ids[3], ids[9], ids[17], ids[25], ids[40]}) {
		t.Fatalf("filtered pages: %v", got)
	}
	page, err := a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: picked, MaxResults: aws.Int32(2)})
	if err != nil || page.NextToken == nil {
		t.Fatalf("first filtered page: %+v %v", page, err)
	}
	// A token belongs to its listing: not to another filter, nor to the unfiltered listing.
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: picked[:2], NextToken: page.NextToken})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'NextToken'. The token is not valid for this request.")
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{NextToken: page.NextToken})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'NextToken'. The token is not valid for this request.")
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{NextToken: aws.String("garbage")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'NextToken'. The token is not valid for this request.")
	_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{MaxResults: aws.Int32(101)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "Invalid parameter 'MaxResults'. Value '101' is greater than maximum value: 100.")
	// The same filter in another order and with repeats continues the listing.
	reordered := append([]string{picked[4], picked[4]}, picked[:4]...)
	next, err := a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: reordered, NextToken: page.NextToken, MaxResults: aws.Int32(2)})
	if err != nil || !reflect.DeepEqual(actionTargetIDs(next.ActionTargets), []string{ids[17], ids[25]}) {
		t.Fatalf("second filtered page: %+v %v", next, err)
	}

	// Deleting one frees a place; the listing continues past a deleted one.
	page, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{MaxResults: aws.Int32(10)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.DeleteActionTarget(ctx, &securityhub.DeleteActionTargetInput{ActionTargetArn: aws.String(arns[10])}); err != nil {
		t.Fatalf("DeleteActionTarget: %v", err)
	}
	next, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{MaxResults: aws.Int32(10), NextToken: page.NextToken})
	if err != nil || !reflect.DeepEqual(actionTargetIDs(next.ActionTargets), ids[11:21]) {
		t.Fatalf("page after a deletion: %v %v", actionTargetIDs(next.ActionTargets), err)
	}
	createActionTarget(t, a, "OneMore", "n", "d")
	if got := describeActionTargets(t, a, 0); len(got) != 50 || aws.ToString(got[49].ActionTargetArn) != actionTargetARN(acctA, region, "OneMore") {
		t.Fatalf("after delete and create: %d, last %v", len(got), actionTargetIDs(got[len(got)-1:]))
	}
}

func TestActionTargetsBelongToTheirAccountAndRegion(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	b := env.SecurityHub(acctB, region)
	aWest := env.SecurityHub(acctA, "eu-west-1")
	enableHub(t, a)
	enableHub(t, b)
	enableHub(t, aWest)
	arn := createActionTarget(t, a, "Shared", "A's", "d")

	// Another account never sees or changes A's action target, even by its ARN.
	if got := describeActionTargets(t, b, 0); len(got) != 0 {
		t.Fatalf("B lists %v", actionTargetIDs(got))
	}
	_, err := b.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{arn}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Action target "+arn+" not found")
	_, err = b.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(arn), Name: aws.String("B's")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Action target "+arn+" not found")
	_, err = b.DeleteActionTarget(ctx, &securityhub.DeleteActionTargetInput{ActionTargetArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Action target "+arn+" not found")
	// Ids are unique per account and region: B and A in another region can use the same one.
	if got := createActionTarget(t, b, "Shared", "B's", "d"); got != actionTargetARN(acctB, region, "Shared") {
		t.Errorf("B's ARN = %s", got)
	}
	if got := createActionTarget(t, aWest, "Shared", "A's west", "d"); got != actionTargetARN(acctA, "eu-west-1", "Shared") {
		t.Errorf("A's eu-west-1 ARN = %s", got)
	}
	_, err = aWest.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{arn}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	got := describeActionTargets(t, a, 0)
	if len(got) != 1 || aws.ToString(got[0].Name) != "A's" {
		t.Fatalf("A's action targets after B's attempts: %+v", got)
	}

	// An account with none gets an empty list, not an absent one.
	status, _, doc := rawCall(t, env, "POST", "/accounts", nil, nil)
	if status != 200 {
		t.Fatalf("EnableSecurityHub for the default account: %d %v", status, doc)
	}
	status, _, doc = rawCall(t, env, "POST", "/actionTargets/get", []byte(`{}`), nil)
	if list, ok := doc["ActionTargets"].([]any); status != 200 || !ok || len(list) != 0 {
		t.Fatalf("DescribeActionTargets with none: %d %v", status, doc)
	}
}

func TestActionTargetsNeedTheHub(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	const notSubscribed = "Account 111111111111 is not subscribed to AWS Security Hub"
	arn := actionTargetARN(acctA, region, "Remediation")
	expectHubOff := func() {
		t.Helper()
		_, err := a.CreateActionTarget(ctx, &securityhub.CreateActionTargetInput{Id: aws.String("Remediation"), Name: aws.String("n"), Description: aws.String("d")})
		testenv.ExpectError(t, err, "InvalidAccessException", 401, notSubscribed)
		_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{})
		testenv.ExpectError(t, err, "InvalidAccessException", 401, notSubscribed)
		_, err = a.DescribeActionTargets(ctx, &securityhub.DescribeActionTargetsInput{ActionTargetArns: []string{arn}})
		testenv.ExpectError(t, err, "InvalidAccessException", 401, notSubscribed)
		_, err = a.UpdateActionTarget(ctx, &securityhub.UpdateActionTargetInput{ActionTargetArn: aws.String(arn), Name: aws.String("n")})
		testenv.ExpectError(t, err, "InvalidAccessException", 401, notSubscribed)
		_, err = a.DeleteActionTarget(ctx, &securityhub.DeleteActionTargetInput{ActionTargetArn: aws.String(arn)})
		testenv.ExpectError(t, err, "InvalidAccessException", 401, notSubscribed)
	}
	expectHubOff()

	// Disabling the hub removes the account's action targets in that region only.
	enableHub(t, a)
	aWest := env.SecurityHub(acctA, "eu-west-1")
	enableHub(t, aWest)
	createActionTarget(t, a, "Remediation", "n", "d")
	createActionTarget(t, a, "Other", "n", "d")
	createActionTarget(t, aWest, "West", "n", "d")
	b := env.SecurityHub(acctB, region)
	enableHub(t, b)
	createActionTarget(t, b, "Remediation", "n", "d")
	if _, err := a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatalf("DisableSecurityHub: %v", err)
	}
	expectHubOff()
	enableHub(t, a)
	if got := describeActionTargets(t, a, 0); len(got) != 0 {
		t.Fatalf("action targets survived disabling the hub: %v", actionTargetIDs(got))
	}
	createActionTarget(t, a, "Remediation", "n", "d") // the Id is free again
	if got := actionTargetIDs(describeActionTargets(t, aWest, 0)); !reflect.DeepEqual(got, []string{"West"}) {
		t.Errorf("eu-west-1 after disabling us-east-1: %v", got)
	}
	if got := actionTargetIDs(describeActionTargets(t, b, 0)); !reflect.DeepEqual(got, []string{"Remediation"}) {
		t.Errorf("B after A disabled its hub: %v", got)
	}
}
