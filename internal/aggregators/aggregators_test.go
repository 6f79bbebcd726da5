package aggregators

import (
	"slices"
	"testing"

	"github.com/sechub/sechub/internal/apierr"
)

func TestLinkingRules(t *testing.T) {
	cases := []struct {
		name        string
		in          Linking
		want        apierr.Def // zero: accepted
		wantRegions []string
	}{
		{name: "all regions", in: Linking{Mode: ModeAllRegions}},
		{name: "all regions ignores a list", in: Linking{Mode: ModeAllRegions, Regions: []string{"eu-west-1"}}},
		{name: "no regions", in: Linking{Mode: ModeNoRegions}},
		{name: "no regions with a list", in: Linking{Mode: ModeNoRegions, Regions: []string{"eu-west-1"}}, want: apierr.AggregatorRegionsWithNoRegions},
		{name: "specified", in: Linking{Mode: ModeSpecified, Regions: []string{"us-west-1", "us-gov-west-1", "us-west-1"}},
			wantRegions: []string{"us-west-1", "us-gov-west-1"}},
		{name: "specified without a list", in: Linking{Mode: ModeSpecified}, want: apierr.AggregatorRegionsRequired},
		{name: "values holding several regions", in: Linking{Mode: ModeSpecified, Regions: []string{"us-west-1,us-west-2", " eu-west-1 ap-south-1"}},
			wantRegions: []string{"us-west-1", "us-west-2", "eu-west-1", "ap-south-1"}},
		{name: "only separators", in: Linking{Mode: ModeSpecified, Regions: []string{", "}}, want: apierr.AggregatorRegionsRequired},
		{name: "excepted without a list", in: Linking{Mode: ModeAllExcept, Regions: []string{}}, want: apierr.AggregatorRegionsRequired},
		{name: "excepted", in: Linking{Mode: ModeAllExcept, Regions: []string{"ap-southeast-2"}}, wantRegions: []string{"ap-southeast-2"}},
		{name: "not a region", in: Linking{Mode: ModeSpecified, Regions: []string{"us-west-1", "US-EAST-1"}}, want: apierr.AggregatorRegionInvalid},
		{name: "the home region", in: Linking{Mode: ModeAllExcept, Regions: []string{"us-east-1"}}, want: apierr.AggregatorHomeRegionListed},
		{name: "lower-case mode only", in: Linking{Mode: "all_regions"}, want: apierr.AggregatorModeInvalid},
		{name: "no mode", in: Linking{}, want: apierr.AggregatorModeInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.in.Check("us-east-1")
			if c.want == (apierr.Def{}) {
				if err != nil || got.Mode != c.in.Mode || !slices.Equal(got.Regions, c.wantRegions) {
					t.Fatalf("check = %+v, %v; want regions %v", got, err, c.wantRegions)
				}
				return
			}
			if !c.want.Is(err) || err.(*apierr.Error).Message == "" {
				t.Fatalf("check = %v, want %q", err, c.want.Message)
			}
		})
	}
}

func TestLinks(t *testing.T) {
	west := []string{"us-west-1", "us-west-2"}
	cases := []struct {
		agg    Aggregation
		region string
		want   bool
	}{
		{Aggregation{Home: "us-east-1", Mode: ModeNoRegions}, "us-east-1", true},
		{Aggregation{Home: "us-east-1", Mode: ModeNoRegions}, "us-west-1", false},
		{Aggregation{Home: "us-east-1", Mode: ModeAllRegions}, "ap-south-2", true},
		{Aggregation{Home: "us-east-1", Mode: ModeSpecified, Regions: west}, "us-west-2", true},
		{Aggregation{Home: "us-east-1", Mode: ModeSpecified, Regions: west}, "eu-west-1", false},
		{Aggregation{Home: "us-east-1", Mode: ModeAllExcept, Regions: west}, "us-west-2", false},
		{Aggregation{Home: "us-east-1", Mode: ModeAllExcept, Regions: west}, "eu-west-1", true},
		{Aggregation{Home: "us-east-1", Mode: ModeAllExcept, Regions: west}, "us-east-1", true},
	}
	for _, c := range cases {
		if got := c.agg.Links(c.region); got != c.want {
			t.Errorf("%s %v Links(%s) = %v, want %v", c.agg.Mode, c.agg.Regions, c.region, got, c.want)
		}
	}
}

func TestIsARN(t *testing.T) {
	cases := map[string]bool{
		"arn:aws:securityhub:us-east-1:222222222222:finding-aggregator/123e4567-e89b-12d3-a456-426652340000": true,
		"arn:aws-cn:securityhub:cn-north-1:222222222222:finding-aggregator/x":                                true,
		"arn:aws:securityhub:us-east-1:222222222222:finding-aggregator/":                                     false,
		"arn:aws:securityhub:us-east-1::finding-aggregator/x":                                                false,
		"arn:aws:securityhub::222222222222:finding-aggregator/x":                                             false,
		"arn:aws:securityhub:us-east-1:222222222222:hub/default":                                             false,
		"arn:aws:guardduty:us-east-1:222222222222:finding-aggregator/x":                                      false,
		"finding-aggregator/x": false,
	}
	for arn, want := range cases {
		if got := cspm.isARN(arn); got != want {
			t.Errorf("isARN(%q) = %v, want %v", arn, got, want)
		}
	}
	// Another table's aggregators have their own resource type.
	v2 := Table{Name: "aggregators_v2", Resource: "aggregatorv2/"}
	for arn, want := range map[string]bool{
		"arn:aws:securityhub:us-east-1:222222222222:aggregatorv2/x":       true,
		"arn:aws:securityhub:us-east-1:222222222222:finding-aggregator/x": false,
	} {
		if got := v2.isARN(arn); got != want {
			t.Errorf("aggregatorv2 isARN(%q) = %v, want %v", arn, got, want)
		}
	}
}
