package e2e

import (
	"context"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

const (
	acctA  = "111111111111"
	acctB  = "222222222222"
	region = "us-east-1"
)

var ctx = context.Background()

const (
	fsbpARN = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0"
	cisARN  = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"
	pciARN  = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1"
)

func enabledStandards(t *testing.T, c *securityhub.Client) []string {
	t.Helper()
	out, err := c.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	if err != nil {
		t.Fatalf("GetEnabledStandards: %v", err)
	}
	var arns []string
	for _, s := range out.StandardsSubscriptions {
		if s.StandardsStatus != types.StandardsStatusReady {
			t.Errorf("standard %s status %s, want READY", aws.ToString(s.StandardsArn), s.StandardsStatus)
		}
		arns = append(arns, aws.ToString(s.StandardsArn))
	}
	sort.Strings(arns)
	return arns
}

func TestHubLifecycle(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)

	_, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
	_, err = a.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
	_, err = a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Account is not subscribed to Security Hub")

	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatalf("EnableSecurityHub: %v", err)
	}
	_, err = a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{})
	testenv.ExpectError(t, err, "ResourceConflictException", 409, "Account is already subscribed to Security Hub")

	hub, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if err != nil {
		t.Fatalf("DescribeHub: %v", err)
	}
	if got := aws.ToString(hub.HubArn); got != "arn:aws:securityhub:us-east-1:111111111111:hub/default" {
		t.Errorf("HubArn = %s", got)
	}
	if !aws.ToBool(hub.AutoEnableControls) || hub.ControlFindingGenerator != types.ControlFindingGeneratorSecurityControl {
		t.Errorf("defaults: AutoEnableControls=%v ControlFindingGenerator=%s", aws.ToBool(hub.AutoEnableControls), hub.ControlFindingGenerator)
	}
	if s := aws.ToString(hub.SubscribedAt); len(s) != len("2020-08-20T17:54:02.841Z") || s[len(s)-1] != 'Z' {
		t.Errorf("SubscribedAt = %q, want ISO 8601 with milliseconds", s)
	}
	if got := enabledStandards(t, a); len(got) != 2 || got[0] != cisARN || got[1] != fsbpARN {
		t.Errorf("default standards = %v", got)
	}

	// DescribeHub with its own ARN works; another account's is not found; garbage is bad input.
	if _, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: hub.HubArn}); err != nil {
		t.Errorf("DescribeHub(own ARN): %v", err)
	}
	_, err = a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String("arn:aws:securityhub:us-east-1:222222222222:hub/default")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = a.DescribeHub(ctx, &securityhub.DescribeHubInput{HubArn: aws.String("not-an-arn")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	// UpdateSecurityHubConfiguration shows in DescribeHub.
	if _, err := a.UpdateSecurityHubConfiguration(ctx, &securityhub.UpdateSecurityHubConfigurationInput{
		AutoEnableControls: aws.Bool(false), ControlFindingGenerator: types.ControlFindingGeneratorStandardControl}); err != nil {
		t.Fatalf("UpdateSecurityHubConfiguration: %v", err)
	}
	hub, _ = a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if aws.ToBool(hub.AutoEnableControls) || hub.ControlFindingGenerator != types.ControlFindingGeneratorStandardControl {
		t.Errorf("after update: AutoEnableControls=%v ControlFindingGenerator=%s", aws.ToBool(hub.AutoEnableControls), hub.ControlFindingGenerator)
	}
	// Only AutoEnableControls: the generator stays.
	if _, err := a.UpdateSecurityHubConfiguration(ctx, &securityhub.UpdateSecurityHubConfigurationInput{AutoEnableControls: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	hub, _ = a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if !aws.ToBool(hub.AutoEnableControls) || hub.ControlFindingGenerator != types.ControlFindingGeneratorStandardControl {
		t.Errorf("after partial update: AutoEnableControls=%v ControlFindingGenerator=%s", aws.ToBool(hub.AutoEnableControls), hub.ControlFindingGenerator)
	}

	if _, err := a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatalf("DisableSecurityHub: %v", err)
	}
	_, err = a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
	_, err = a.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Account is not subscribed to Security Hub")
	_, err = a.UpdateSecurityHubConfiguration(ctx, &securityhub.UpdateSecurityHubConfigurationInput{AutoEnableControls: aws.Bool(true)})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")

	// Re-enabling starts afresh: no leftover standards or tags.
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false),
		ControlFindingGenerator: types.ControlFindingGeneratorStandardControl}); err != nil {
		t.Fatal(err)
	}
	if got := enabledStandards(t, a); len(got) != 0 {
		t.Errorf("EnableDefaultStandards=false: standards = %v", got)
	}
	hub, _ = a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if hub.ControlFindingGenerator != types.ControlFindingGeneratorStandardControl || !aws.ToBool(hub.AutoEnableControls) {
		t.Errorf("re-enabled hub: %+v", hub)
	}
}

func TestHubsAreIsolatedByAccountAndRegion(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	_, err := env.SecurityHub(acctB, region).DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 222222222222 is not subscribed to AWS Security Hub")
	aWest := env.SecurityHub(acctA, "eu-west-1")
	_, err = aWest.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	if _, err := aWest.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	hub, err := aWest.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if err != nil || aws.ToString(hub.HubArn) != "arn:aws:securityhub:eu-west-1:111111111111:hub/default" {
		t.Fatalf("eu-west-1 hub: %v %v", aws.ToString(hub.HubArn), err)
	}
	// Standards ARNs follow the region.
	got := enabledStandards(t, aWest)
	if len(got) != 2 || got[1] != "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0" {
		t.Errorf("eu-west-1 standards: %v", got)
	}
	// Disabling in one region leaves the other.
	if _, err := aWest.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{}); err != nil {
		t.Errorf("us-east-1 hub gone after disabling eu-west-1: %v", err)
	}
}

func TestStandards(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	_, err := a.DescribeStandards(ctx, &securityhub.DescribeStandardsInput{})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "")
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{EnableDefaultStandards: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}

	// DescribeStandards pages through the catalogue.
	var all []types.Standard
	p := securityhub.NewDescribeStandardsPaginator(a, &securityhub.DescribeStandardsInput{MaxResults: aws.Int32(3)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("DescribeStandards: %v", err)
		}
		if len(page.Standards) > 3 {
			t.Fatalf("page of %d > MaxResults 3", len(page.Standards))
		}
		all = append(all, page.Standards...)
	}
	byARN := map[string]types.Standard{}
	for _, s := range all {
		byARN[aws.ToString(s.StandardsArn)] = s
	}
	if len(all) < 3 || !aws.ToBool(byARN[fsbpARN].EnabledByDefault) || !aws.ToBool(byARN[cisARN].EnabledByDefault) || aws.ToBool(byARN[pciARN].EnabledByDefault) {
		t.Fatalf("catalogue: %d standards, FSBP/CIS default, PCI not: %+v", len(all), byARN)
	}
	_, err = a.DescribeStandards(ctx, &securityhub.DescribeStandardsInput{NextToken: aws.String("forged")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	en, err := a.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: []types.StandardsSubscriptionRequest{
		{StandardsArn: aws.String(pciARN)}, {StandardsArn: aws.String(fsbpARN)}}})
	if err != nil {
		t.Fatalf("BatchEnableStandards: %v", err)
	}
	if len(en.StandardsSubscriptions) != 2 || en.StandardsSubscriptions[0].StandardsStatus != types.StandardsStatusPending ||
		aws.ToString(en.StandardsSubscriptions[0].StandardsSubscriptionArn) != "arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1" {
		t.Fatalf("BatchEnableStandards output: %+v", en.StandardsSubscriptions)
	}
	if got := enabledStandards(t, a); len(got) != 2 {
		t.Fatalf("enabled after batch enable: %v", got)
	}
	// An unknown standard refuses the whole batch.
	_, err = a.BatchEnableStandards(ctx, &securityhub.BatchEnableStandardsInput{StandardsSubscriptionRequests: []types.StandardsSubscriptionRequest{
		{StandardsArn: aws.String(cisARN)}, {StandardsArn: aws.String("arn:aws:securityhub:us-east-1::standards/nope/v/1")}}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	if got := enabledStandards(t, a); len(got) != 2 {
		t.Fatalf("a refused batch changed the subscriptions: %v", got)
	}

	// GetEnabledStandards filters by subscription ARN.
	one, err := a.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{StandardsSubscriptionArns: []string{
		"arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"}})
	if err != nil || len(one.StandardsSubscriptions) != 1 {
		t.Fatalf("filtered GetEnabledStandards: %v %+v", err, one)
	}

	dis, err := a.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{
		"arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"}})
	if err != nil || len(dis.StandardsSubscriptions) != 1 || dis.StandardsSubscriptions[0].StandardsStatus != types.StandardsStatusDeleting {
		t.Fatalf("BatchDisableStandards: %v %+v", err, dis)
	}
	if got := enabledStandards(t, a); len(got) != 1 || got[0] != fsbpARN {
		t.Fatalf("after disable: %v", got)
	}
	_, err = a.BatchDisableStandards(ctx, &securityhub.BatchDisableStandardsInput{StandardsSubscriptionArns: []string{
		"arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1"}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
}

func TestHubTags(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	hubARN := aws.String("arn:aws:securityhub:us-east-1:111111111111:hub/default")
	_, err := a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: hubARN})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")

	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{Tags: map[string]string{"team": "sec", "env": "dev"}}); err != nil {
		t.Fatal(err)
	}
	tags := func() map[string]string {
		t.Helper()
		out, err := a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: hubARN})
		if err != nil {
			t.Fatalf("ListTagsForResource: %v", err)
		}
		return out.Tags
	}
	if got := tags(); len(got) != 2 || got["team"] != "sec" {
		t.Fatalf("tags from EnableSecurityHub: %v", got)
	}
	if _, err := a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: hubARN, Tags: map[string]string{"env": "prod", "owner": "me"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UntagResource(ctx, &securityhub.UntagResourceInput{ResourceArn: hubARN, TagKeys: []string{"team", "absent"}}); err != nil {
		t.Fatal(err)
	}
	if got := tags(); len(got) != 2 || got["env"] != "prod" || got["owner"] != "me" {
		t.Fatalf("after tag/untag: %v", got)
	}
	// Tag keys may not start with aws: (the model's pattern).
	_, err = a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: hubARN, Tags: map[string]string{"aws:x": "y"}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	// Another account's hub is not ours to tag.
	_, err = a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: aws.String("arn:aws:securityhub:us-east-1:222222222222:hub/default"), Tags: map[string]string{"a": "b"}})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	// More than 50 tags in all is refused.
	many := map[string]string{}
	for i := 0; i < 49; i++ {
		many[string(rune('a'+i%26))+string(rune('a'+i/26))] = "v"
	}
	_, err = a.TagResource(ctx, &securityhub.TagResourceInput{ResourceArn: hubARN, Tags: many})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
}

func TestCallerIdentity(t *testing.T) {
	env := testenv.Start(t)
	out, err := env.STS(acctB, "eu-central-1").GetCallerIdentity(ctx, nil)
	if err != nil {
		t.Fatalf("GetCallerIdentity: %v", err)
	}
	if aws.ToString(out.Account) != acctB || aws.ToString(out.Arn) != "arn:aws:iam::222222222222:root" {
		t.Fatalf("GetCallerIdentity = %s %s", aws.ToString(out.Account), aws.ToString(out.Arn))
	}
	// A key that is not 12 digits maps to the default account.
	c := env.AWSConfigWithKey("AKIAEXAMPLE", "x", "us-east-1")
	out, err = stsFromConfig(c).GetCallerIdentity(ctx, nil)
	if err != nil || aws.ToString(out.Account) != "123456789012" {
		t.Fatalf("default account: %v %v", aws.ToString(out.Account), err)
	}
}

func TestStatePersistsAcrossRestart(t *testing.T) {
	env := testenv.Start(t)
	a := env.SecurityHub(acctA, region)
	if _, err := a.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{Tags: map[string]string{"k": "v"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateSecurityHubConfiguration(ctx, &securityhub.UpdateSecurityHubConfigurationInput{AutoEnableControls: aws.Bool(false)}); err != nil {
		t.Fatal(err)
	}
	before, _ := a.DescribeHub(ctx, &securityhub.DescribeHubInput{})

	env.Restart(t)
	a = env.SecurityHub(acctA, region)
	after, err := a.DescribeHub(ctx, &securityhub.DescribeHubInput{})
	if err != nil {
		t.Fatalf("hub lost in restart: %v", err)
	}
	if aws.ToString(after.SubscribedAt) != aws.ToString(before.SubscribedAt) || aws.ToBool(after.AutoEnableControls) {
		t.Fatalf("hub changed across restart: before %+v after %+v", before, after)
	}
	if got := enabledStandards(t, a); len(got) != 2 {
		t.Fatalf("standards lost in restart: %v", got)
	}
	tags, err := a.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: after.HubArn})
	if err != nil || tags.Tags["k"] != "v" {
		t.Fatalf("tags lost in restart: %v %v", tags, err)
	}
}
