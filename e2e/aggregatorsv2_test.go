package e2e

import (
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"

	"github.com/sechub/sechub/internal/testenv"
)

var aggregatorV2ARN = regexp.MustCompile(`^arn:aws:securityhub:us-east-1:111111111111:aggregatorv2/[0-9a-f-]{36}$`)

// TestAggregatorsV2 runs an account's aggregator V2 through its life: the V2 subscription
// rule, the CSPM aggregator's linking rules answered as ValidationExceptions, one aggregator
// per account across regions, changes only from the home region, listing from any, tags, and
// its independence from the CSPM finding aggregator.
func TestAggregatorsV2(t *testing.T) {
	env := testenv.Start(t)
	const acct = "111111111111"
	east, west := env.SecurityHub(acct, "us-east-1"), env.SecurityHub(acct, "us-west-2")

	_, err := east.CreateAggregatorV2(ctx, &securityhub.CreateAggregatorV2Input{RegionLinkingMode: aws.String("ALL_REGIONS")})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	_, err = east.ListAggregatorsV2(ctx, &securityhub.ListAggregatorsV2Input{})
	testenv.ExpectError(t, err, "AccessDeniedException", 403, "")
	for _, c := range []*securityhub.Client{east, west} {
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}

	refused := []struct {
		name, mode string
		regions    []string
		msg        string
	}{
		{"regions with NO_REGIONS", "NO_REGIONS", []string{"us-west-1"}, "Invalid parameter 'LinkedRegions'. LinkedRegions cannot be specified when RegionLinkingMode is NO_REGIONS."},
		{"SPECIFIED_REGIONS without regions", "SPECIFIED_REGIONS", nil, "Invalid parameter 'LinkedRegions'. Regions must be specified when RegionLinkingMode is SPECIFIED_REGIONS."},
		{"unknown mode", "SOME_REGIONS", nil, "Invalid parameter 'RegionLinkingMode'. Value 'SOME_REGIONS' is not one of [ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS, NO_REGIONS]."},
		{"not a region", "SPECIFIED_REGIONS", []string{"mars-1"}, "Invalid parameter 'LinkedRegions'. Value 'mars-1' is not a valid Region."},
		{"the home region linked", "SPECIFIED_REGIONS", []string{"us-east-1"}, "Invalid parameter 'LinkedRegions'. The home Region us-east-1 cannot be a linked or excluded Region."},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) {
			_, err := east.CreateAggregatorV2(ctx, &securityhub.CreateAggregatorV2Input{RegionLinkingMode: aws.String(r.mode), LinkedRegions: r.regions})
			testenv.ExpectError(t, err, "ValidationException", 400, r.msg)
		})
	}

	created, err := east.CreateAggregatorV2(ctx, &securityhub.CreateAggregatorV2Input{RegionLinkingMode: aws.String("SPECIFIED_REGIONS"),
		LinkedRegions: []string{"us-west-1", "us-west-2", "us-west-1"}, Tags: map[string]string{"team": "sec"}})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(created.AggregatorV2Arn)
	if !aggregatorV2ARN.MatchString(arn) || aws.ToString(created.AggregationRegion) != "us-east-1" ||
		aws.ToString(created.RegionLinkingMode) != "SPECIFIED_REGIONS" || !slices.Equal(created.LinkedRegions, []string{"us-west-1", "us-west-2"}) {
		t.Fatalf("CreateAggregatorV2: %+v", created)
	}
	if tags, err := east.ListTagsForResource(ctx, &securityhub.ListTagsForResourceInput{ResourceArn: aws.String(arn)}); err != nil || tags.Tags["team"] != "sec" {
		t.Fatalf("tags of the aggregator V2: %+v %v", tags, err)
	}
	// One per account, whatever the region; the CSPM aggregator is another resource.
	_, err = west.CreateAggregatorV2(ctx, &securityhub.CreateAggregatorV2Input{RegionLinkingMode: aws.String("ALL_REGIONS")})
	testenv.ExpectError(t, err, "ConflictException", 409, "An aggregator V2 already exists for this account: "+arn+" (home Region us-east-1). Update or delete it from its home Region.")
	if list, err := east.ListFindingAggregators(ctx, &securityhub.ListFindingAggregatorsInput{}); err == nil && len(list.FindingAggregators) > 0 {
		t.Fatalf("the aggregator V2 shows as a CSPM aggregator: %+v", list)
	}

	got, err := east.GetAggregatorV2(ctx, &securityhub.GetAggregatorV2Input{AggregatorV2Arn: aws.String(arn)})
	if err != nil || aws.ToString(got.AggregatorV2Arn) != arn || !slices.Equal(got.LinkedRegions, []string{"us-west-1", "us-west-2"}) {
		t.Fatalf("GetAggregatorV2: %+v %v", got, err)
	}
	_, err = west.GetAggregatorV2(ctx, &securityhub.GetAggregatorV2Input{AggregatorV2Arn: aws.String(arn)})
	testenv.ExpectError(t, err, "ValidationException", 400, "The aggregator V2 can only be used from its home Region us-east-1.")
	_, err = east.GetAggregatorV2(ctx, &securityhub.GetAggregatorV2Input{AggregatorV2Arn: aws.String("arn:aws:securityhub:us-east-1:111111111111:aggregatorv2/0000")})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "Aggregator V2 arn:aws:securityhub:us-east-1:111111111111:aggregatorv2/0000 not found.")
	_, err = east.GetAggregatorV2(ctx, &securityhub.GetAggregatorV2Input{AggregatorV2Arn: aws.String("not-an-arn")})
	testenv.ExpectError(t, err, "ValidationException", 400, "Invalid parameter 'AggregatorV2Arn'. Value 'not-an-arn' is not an aggregator V2 ARN.")

	for _, c := range []*securityhub.Client{east, west} {
		list, err := c.ListAggregatorsV2(ctx, &securityhub.ListAggregatorsV2Input{NextToken: aws.String("NULL")})
		if err != nil || len(list.AggregatorsV2) != 1 || aws.ToString(list.AggregatorsV2[0].AggregatorV2Arn) != arn {
			t.Fatalf("ListAggregatorsV2: %+v %v", list, err)
		}
	}

	updated, err := east.UpdateAggregatorV2(ctx, &securityhub.UpdateAggregatorV2Input{AggregatorV2Arn: aws.String(arn),
		RegionLinkingMode: aws.String("ALL_REGIONS_EXCEPT_SPECIFIED"), LinkedRegions: []string{"eu-west-1"}})
	if err != nil || aws.ToString(updated.RegionLinkingMode) != "ALL_REGIONS_EXCEPT_SPECIFIED" || !slices.Equal(updated.LinkedRegions, []string{"eu-west-1"}) {
		t.Fatalf("UpdateAggregatorV2: %+v %v", updated, err)
	}
	_, err = east.UpdateAggregatorV2(ctx, &securityhub.UpdateAggregatorV2Input{AggregatorV2Arn: aws.String(arn), RegionLinkingMode: aws.String("NO_REGIONS"), LinkedRegions: []string{"eu-west-1"}})
	testenv.ExpectError(t, err, "ValidationException", 400, "")
	_, err = west.DeleteAggregatorV2(ctx, &securityhub.DeleteAggregatorV2Input{AggregatorV2Arn: aws.String(arn)})
	testenv.ExpectError(t, err, "ValidationException", 400, "The aggregator V2 can only be used from its home Region us-east-1.")
	if _, err := east.DeleteAggregatorV2(ctx, &securityhub.DeleteAggregatorV2Input{AggregatorV2Arn: aws.String(arn)}); err != nil {
		t.Fatal(err)
	}
	_, err = east.GetAggregatorV2(ctx, &securityhub.GetAggregatorV2Input{AggregatorV2Arn: aws.String(arn)})
	testenv.ExpectError(t, err, "ResourceNotFoundException", 404, "")
	if list, err := west.ListAggregatorsV2(ctx, &securityhub.ListAggregatorsV2Input{}); err != nil || len(list.AggregatorsV2) != 0 {
		t.Fatalf("ListAggregatorsV2 after delete: %+v %v", list, err)
	}
	// Deleted, the home region can be another one.
	again, err := west.CreateAggregatorV2(ctx, &securityhub.CreateAggregatorV2Input{RegionLinkingMode: aws.String("NO_REGIONS")})
	if err != nil || aws.ToString(again.AggregationRegion) != "us-west-2" || len(again.LinkedRegions) != 0 {
		t.Fatalf("CreateAggregatorV2 in another region: %+v %v", again, err)
	}
}
