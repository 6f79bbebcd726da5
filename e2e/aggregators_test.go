package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

var aggregatorARN = regexp.MustCompile(`^arn:aws:securityhub:us-east-1:111111111111:finding-aggregator/[0-9a-f-]{36}$`)

// TestFindingAggregators runs an account's finding aggregator through its life: the linking
// rules, one aggregator per account across regions, changes only from the home region,
// listing from any, and the hub rule.
func TestFindingAggregators(t *testing.T) {
	env := testenv.Start(t)
	const acct = "111111111111"
	east, west := env.SecurityHub(acct, "us-east-1"), env.SecurityHub(acct, "us-west-2")
	for _, c := range []*securityhub.Client{east, west} {
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}

	_, err := env.SecurityHub(acct, "eu-west-1").CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("ALL_REGIONS")})
	testenv.ExpectError(t, err, "InvalidAccessException", 401, "Account 111111111111 is not subscribed to AWS Security Hub")
	refused := []struct {
		name    string
		mode    string
		regions []string
		msg     string
	}{
		{"regions with NO_REGIONS", "NO_REGIONS", []string{"us-west-1"}, "Invalid parameter 'Regions'. Regions cannot be specified when RegionLinkingMode is NO_REGIONS."},
		{"SPECIFIED_REGIONS without regions", "SPECIFIED_REGIONS", nil, "Invalid parameter 'Regions'. Regions must be specified when RegionLinkingMode is SPECIFIED_REGIONS."},
		{"unknown mode", "SOME_REGIONS", nil, "Invalid parameter 'RegionLinkingMode'. Value 'SOME_REGIONS' is not one of [ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS, NO_REGIONS]."},
		{"not a region", "SPECIFIED_REGIONS", []string{"mars-1"}, "Invalid parameter 'Regions'. Value 'mars-1' is not a valid Region."},
		{"the home region linked", "SPECIFIED_REGIONS", []string{"us-east-1"}, "Invalid parameter 'Regions'. The home Region us-east-1 cannot be a linked or excluded Region."},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) {
			_, err := east.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String(r.mode), Regions: r.regions})
			testenv.ExpectError(t, err, "InvalidInputException", 400, r.msg)
		})
	}

	created, err := east.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{
		RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: []string{"us-west-1", "us-west-2", "us-west-1"}})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(created.FindingAggregatorArn)
	if !aggregatorARN.MatchString(arn) || aws.ToString(created.FindingAggregationRegion) != "us-east-1" ||
		aws.ToString(created.RegionLinkingMode) != "SPECIFIED_REGIONS" || !slices.Equal(created.Regions, []string{"us-west-1", "us-west-2"}) {
		t.Fatalf("CreateFindingAggregator: %+v", created)
	}
	// One per account, whichever region asks.
	_, err = west.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("ALL_REGIONS")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "A finding aggregator already exists for this account: "+arn+" (home Region us-east-1). Update or delete it from its home Region.")

	// Listed from any region with a hub, used only from the home region.
	for _, c := range []*securityhub.Client{east, west} {
		list, err := c.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{})
		if err != nil || len(list.FindingAggregators) != 1 || aws.ToString(list.FindingAggregators[0].FindingAggregatorArn) != arn {
			t.Fatalf("ListFindingAggregators: %+v %v", list, err)
		}
	}
	_, err = west.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "The finding aggregator can only be used from its home Region us-east-1.")
	_, err = west.UpdateFindingAggregator(ctx, &securityhub.UpdateFindingAggregatorInput{FindingAggregatorArn: aws.String(arn), RegionLinkingMode: aws.String("ALL_REGIONS")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	_, err = west.DeleteFindingAggregator(ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	got, err := east.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
	if err != nil || aws.ToString(got.FindingAggregatorArn) != arn || !slices.Equal(got.Regions, []string{"us-west-1", "us-west-2"}) {
		t.Fatalf("GetFindingAggregator: %+v %v", got, err)
	}
	other := strings.TrimSuffix(arn, arn[len(arn)-36:]) + "00000000-0000-4000-8000-000000000000"
	_, err = east.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: aws.String(other)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Finding aggregator "+other+" not found.")
	_, err = east.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: aws.String("arn:aws:securityhub:us-east-1:111111111111:hub/default")})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")

	// Updates: excluded regions, then none linked (Regions left out of the answer).
	up, err := east.UpdateFindingAggregator(ctx, &securityhub.UpdateFindingAggregatorInput{FindingAggregatorArn: aws.String(arn),
		RegionLinkingMode: aws.String("ALL_REGIONS_EXCEPT_SPECIFIED"), Regions: []string{"eu-west-1"}})
	if err != nil || aws.ToString(up.RegionLinkingMode) != "ALL_REGIONS_EXCEPT_SPECIFIED" || !slices.Equal(up.Regions, []string{"eu-west-1"}) ||
		aws.ToString(up.FindingAggregationRegion) != "us-east-1" {
		t.Fatalf("UpdateFindingAggregator: %+v %v", up, err)
	}
	_, err = east.UpdateFindingAggregator(ctx, &securityhub.UpdateFindingAggregatorInput{FindingAggregatorArn: aws.String(arn),
		RegionLinkingMode: aws.String("NO_REGIONS"), Regions: []string{"eu-west-1"}})
	testenv.ExpectError(t, err, "InvalidInputException", 400, "")
	if up, err = east.UpdateFindingAggregator(ctx, &securityhub.UpdateFindingAggregatorInput{FindingAggregatorArn: aws.String(arn),
		RegionLinkingMode: aws.String("NO_REGIONS")}); err != nil || up.Regions != nil || aws.ToString(up.RegionLinkingMode) != "NO_REGIONS" {
		t.Fatalf("UpdateFindingAggregator NO_REGIONS: %+v %v", up, err)
	}

	// Deleted from the home region; then another region may become the home region.
	if _, err := east.DeleteFindingAggregator(ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	_, err = east.GetFindingAggregator(ctx, &securityhub.GetFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	_, err = east.DeleteFindingAggregator(ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "") // Terraform's destroy takes this as done
	if list, err := east.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{}); err != nil || len(list.FindingAggregators) != 0 {
		t.Fatalf("after delete: %+v %v", list, err)
	}
	moved, err := west.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("ALL_REGIONS"),
		Regions: []string{"eu-west-1"}})
	if err != nil || aws.ToString(moved.FindingAggregationRegion) != "us-west-2" || moved.Regions != nil {
		t.Fatalf("create in us-west-2: %+v %v", moved, err)
	}
	// Disabling the hub in the home region ends the aggregation.
	if _, err := west.DisableSecurityHub(ctx, &securityhub.DisableSecurityHubInput{}); err != nil {
		t.Fatal(err)
	}
	if list, err := east.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{}); err != nil || len(list.FindingAggregators) != 0 {
		t.Fatalf("after disabling the home region's hub: %+v %v", list, err)
	}
}

// TestFindingAggregatorOfMember: an Enabled member cannot create one; AWS answers with
// InvalidInputException and status 401.
func TestFindingAggregatorOfMember(t *testing.T) {
	env := testenv.Start(t)
	admin, member := newAccount(t, env, "111111111111", true), newAccount(t, env, "222222222222", true)
	admin.create(member.id)
	admin.invite(member.id)
	if err := member.accept(admin.id, member.invitationFrom(admin.id)); err != nil {
		t.Fatal(err)
	}
	_, err := member.c.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("ALL_REGIONS")})
	testenv.ExpectError(t, err, "InvalidInputException", 401, "A finding aggregator cannot be created by a member account.")
	if _, err := admin.c.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("ALL_REGIONS")}); err != nil {
		t.Fatalf("the administrator's aggregator: %v", err)
	}
}
