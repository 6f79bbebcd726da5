package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkPolicyAssociation measures central configuration's effect at scale: an
// organization of 1,000 accounts whose delegated administrator has Security Hub on in 4
// regions, 3 of them linked to the home region, associates a policy (FSBP, one control
// disabled, one custom parameter) with the root. sechub configures every account in the same
// call, so the figure is the time from the call until every association is SUCCESS and every
// account is configured in every region; an account is checked afterwards.
func BenchmarkPolicyAssociation(b *testing.B) {
	const accounts = 1000
	regions := []string{region, "us-west-2", "eu-west-1", "ap-southeast-2"}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		var spec strings.Builder
		spec.WriteString("managementAccount: \"100000000000\"\norganizationalUnits: [Security, Workloads]\naccounts:\n")
		spec.WriteString("  - {id: \"200000000000\", name: security, ou: Security}\n")
		for n := range accounts - 1 {
			fmt.Fprintf(&spec, "  - {id: \"3%011d\", name: w%d, ou: Workloads}\n", n, n)
		}
		file := filepath.Join(b.TempDir(), "org.yaml")
		if err := os.WriteFile(file, []byte(spec.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		env := testenv.Start(b, testenv.WithConfig(func(c *server.Config) { c.OrgFile = file }))
		mgmt := env.SecurityHub("100000000000", region)
		if _, err := mgmt.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			b.Fatal(err)
		}
		if _, err := mgmt.EnableOrganizationAdminAccount(ctx, &securityhub.EnableOrganizationAdminAccountInput{AdminAccountId: aws.String("200000000000")}); err != nil {
			b.Fatal(err)
		}
		for _, r := range regions[1:] {
			if _, err := env.SecurityHub("200000000000", r).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
				b.Fatal(err)
			}
		}
		da := env.SecurityHub("200000000000", region)
		if _, err := da.CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: regions[1:]}); err != nil {
			b.Fatal(err)
		}
		if _, err := da.UpdateOrganizationConfiguration(ctx, &securityhub.UpdateOrganizationConfigurationInput{AutoEnable: aws.Bool(false),
			AutoEnableStandards:       types.AutoEnableStandardsNone,
			OrganizationConfiguration: &types.OrganizationConfiguration{ConfigurationType: types.OrganizationConfigurationConfigurationTypeCentral}}); err != nil {
			b.Fatal(err)
		}
		policy, err := da.CreateConfigurationPolicy(ctx, &securityhub.CreateConfigurationPolicyInput{Name: aws.String("baseline"), ConfigurationPolicy: baselinePolicy()})
		if err != nil {
			b.Fatal(err)
		}
		root, err := env.Organizations("100000000000").ListRoots(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := da.StartConfigurationPolicyAssociation(ctx, &securityhub.StartConfigurationPolicyAssociationInput{
			ConfigurationPolicyIdentifier: policy.Id, Target: &types.TargetMemberRootId{Value: aws.ToString(root.Roots[0].Id)}}); err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		b.ReportMetric(elapsed.Seconds(), "s-to-configure")
		b.ReportMetric(float64(accounts*len(regions))/elapsed.Seconds(), "account-regions/s")
		last := env.SecurityHub(fmt.Sprintf("3%011d", accounts-2), regions[len(regions)-1])
		if got, err := last.GetEnabledStandards(ctx, &securityhub.GetEnabledStandardsInput{}); err != nil || len(got.StandardsSubscriptions) != 2 {
			b.Fatalf("the last account's standards: %+v %v", got, err)
		}
		b.StartTimer()
	}
}
