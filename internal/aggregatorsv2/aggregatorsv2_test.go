package aggregatorsv2

import (
	"slices"
	"testing"

	"github.com/sechub/sechub/internal/aggregators"
	"github.com/sechub/sechub/internal/apierr"
)

// TestCheckNamesV2Members checks that the CSPM linking rule's refusals come back as
// ValidationExceptions naming the V2 members.
func TestCheckNamesV2Members(t *testing.T) {
	cases := []struct {
		name    string
		in      Linking
		wantErr string // "" when accepted
		regions []string
	}{
		{"specified", Linking{Mode: aggregators.ModeSpecified, Regions: []string{"us-west-1", "us-west-1"}}, "", []string{"us-west-1"}},
		{"all regions", Linking{Mode: aggregators.ModeAllRegions}, "", nil},
		{"regions with NO_REGIONS", Linking{Mode: aggregators.ModeNoRegions, Regions: []string{"us-west-1"}},
			"Invalid parameter 'LinkedRegions'. LinkedRegions cannot be specified when RegionLinkingMode is NO_REGIONS.", nil},
		{"no regions with SPECIFIED_REGIONS", Linking{Mode: aggregators.ModeSpecified},
			"Invalid parameter 'LinkedRegions'. Regions must be specified when RegionLinkingMode is SPECIFIED_REGIONS.", nil},
		{"not a region", Linking{Mode: aggregators.ModeSpecified, Regions: []string{"mars-1"}},
			"Invalid parameter 'LinkedRegions'. Value 'mars-1' is not a valid Region.", nil},
		{"home region", Linking{Mode: aggregators.ModeSpecified, Regions: []string{"us-east-1"}},
			"Invalid parameter 'LinkedRegions'. The home Region us-east-1 cannot be a linked or excluded Region.", nil},
		{"unknown mode", Linking{Mode: "SOME"},
			"Invalid parameter 'RegionLinkingMode'. Value 'SOME' is not one of [ALL_REGIONS, ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS, NO_REGIONS].", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := check(c.in, "us-east-1")
			if c.wantErr == "" {
				if err != nil || !slices.Equal(got.Regions, c.regions) {
					t.Fatalf("check = %+v, %v; want regions %v", got, err, c.regions)
				}
				return
			}
			e, ok := err.(*apierr.Error)
			if !ok || !apierr.InvalidParameterV2.Is(err) || e.Message != c.wantErr {
				t.Fatalf("check = %v, want ValidationException %q", err, c.wantErr)
			}
		})
	}
}
