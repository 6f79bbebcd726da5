package e2e

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// regionalFinding is asff with the product ARN of the account's default product in the
// finding's region, as a provider in that region sends it.
func regionalFinding(account, reg, id string, updated time.Time) types.AwsSecurityFinding {
	f := asff(account, id, "HIGH", "AwsS3Bucket", updated)
	f.ProductArn = aws.String("arn:aws:securityhub:" + reg + ":" + account + ":product/" + account + "/default")
	return f
}

// regionsOfFindings returns the findings c sees, each as "id@Region", sorted.
func regionsOfFindings(t *testing.T, c *securityhub.Client) []string {
	t.Helper()
	var got []string
	p := securityhub.NewGetFindingsPaginator(c, &securityhub.GetFindingsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("GetFindings: %v", err)
		}
		for _, f := range page.Findings {
			got = append(got, aws.ToString(f.Id)+"@"+aws.ToString(f.Region))
		}
	}
	sort.Strings(got)
	return got
}

func expectFindings(t *testing.T, what string, c *securityhub.Client, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := regionsOfFindings(t, c); !slices.Equal(got, want) {
		t.Fatalf("%s: findings %q, want %q", what, got, want)
	}
}

// TestCrossRegionAggregation: findings and their updates in linked regions are copied to the
// home region with their own Region, updates made in the home region reach the finding's
// region, findings from before the link follow on their next update, unlinked regions and
// deleted aggregators stop the copying and keep what was copied, and an administrator's
// aggregation takes its members' findings.
func TestCrossRegionAggregation(t *testing.T) {
	env := testenv.Start(t)
	const acct, home, linked, other = "111111111111", "us-east-1", "us-west-2", "eu-west-1"
	hub := map[string]*securityhub.Client{}
	for _, r := range []string{home, linked, other} {
		hub[r] = env.SecurityHub(acct, r)
		if _, err := hub[r].EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	importFindings(t, hub[linked], regionalFinding(acct, linked, "before-link", base))
	agg, err := hub[home].CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{
		RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: []string{linked}})
	if err != nil {
		t.Fatal(err)
	}
	importFindings(t, hub[linked], regionalFinding(acct, linked, "west-1", base))
	importFindings(t, hub[other], regionalFinding(acct, other, "eu-1", base))
	importFindings(t, hub[home], regionalFinding(acct, home, "east-1", base))
	expectFindings(t, "home after imports", hub[home], "east-1@"+home, "west-1@"+linked)
	expectFindings(t, "linked region", hub[linked], "before-link@"+linked, "west-1@"+linked)

	// A finding from before the link follows on its next update.
	westProduct := "arn:aws:securityhub:" + linked + ":" + acct + ":product/" + acct + "/default"
	if _, err := hub[linked].BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("before-link"), ProductArn: aws.String(westProduct)}},
		Note:               &types.NoteUpdate{Text: aws.String("seen"), UpdatedBy: aws.String("analyst")}}); err != nil {
		t.Fatal(err)
	}
	expectFindings(t, "home after the update in the linked region", hub[home], "before-link@"+linked, "east-1@"+home, "west-1@"+linked)
	if f := findingOf(t, hub[home], westProduct, "before-link"); f.Note == nil || aws.ToString(f.Note.Text) != "seen" {
		t.Fatalf("copied finding's note: %+v", f.Note)
	}

	// A re-import in the linked region reaches the copy.
	again := regionalFinding(acct, linked, "west-1", base.Add(time.Hour))
	again.Title = aws.String("title changed")
	importFindings(t, hub[linked], again)
	if f := findingOf(t, hub[home], westProduct, "west-1"); aws.ToString(f.Title) != "title changed" {
		t.Fatalf("copy after re-import: title %q", aws.ToString(f.Title))
	}

	// An update in the home region changes the finding in its own region, and its history.
	out, err := hub[home].BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("west-1"), ProductArn: aws.String(westProduct)}},
		Workflow:           &types.WorkflowUpdate{Status: types.WorkflowStatusNotified}})
	if err != nil || len(out.ProcessedFindings) != 1 {
		t.Fatalf("BatchUpdateFindings in the home region: %+v %v", out, err)
	}
	for _, r := range []string{home, linked} {
		if f := findingOf(t, hub[r], westProduct, "west-1"); f.Workflow == nil || f.Workflow.Status != types.WorkflowStatusNotified ||
			aws.ToString(f.Region) != linked {
			t.Fatalf("%s after the home region's update: workflow %+v, region %s", r, f.Workflow, aws.ToString(f.Region))
		}
	}
	for _, r := range []string{home, linked} {
		hist, err := hub[r].GetFindingHistory(ctx, &securityhub.GetFindingHistoryInput{
			FindingIdentifier: &types.AwsSecurityFindingIdentifier{Id: aws.String("west-1"), ProductArn: aws.String(westProduct)}})
		if err != nil {
			t.Fatal(err)
		}
		var sources []string
		for _, rec := range hist.Records {
			sources = append(sources, string(rec.UpdateSource.Type))
		}
		if len(sources) != 3 || sources[0] != "BATCH_UPDATE_FINDINGS" {
			t.Fatalf("%s: history sources %q, want the update, the re-import and the creation", r, sources)
		}
	}

	// Insights of the home region count the copies.
	insight, err := hub[home].CreateInsight(ctx, &securityhub.CreateInsightInput{Name: aws.String("by product"),
		GroupByAttribute: aws.String("ProductArn"), Filters: &types.AwsSecurityFindingFilters{
			SeverityLabel: []types.StringFilter{{Value: aws.String("HIGH"), Comparison: types.StringFilterComparisonEquals}}}})
	if err != nil {
		t.Fatal(err)
	}
	results, err := hub[home].GetInsightResults(ctx, &securityhub.GetInsightResultsInput{InsightArn: insight.InsightArn})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int32{}
	for _, v := range results.InsightResults.ResultValues {
		counts[aws.ToString(v.GroupByAttributeValue)] = aws.ToInt32(v.Count)
	}
	if counts[westProduct] != 2 || len(counts) != 2 {
		t.Fatalf("insight results in the home region: %v", counts)
	}

	// Unlinking stops the copying and keeps what was copied; so does deleting the aggregator.
	if _, err := hub[home].UpdateFindingAggregator(ctx, &securityhub.UpdateFindingAggregatorInput{
		FindingAggregatorArn: agg.FindingAggregatorArn, RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), Regions: []string{other}}); err != nil {
		t.Fatal(err)
	}
	importFindings(t, hub[linked], regionalFinding(acct, linked, "after-unlink", base))
	importFindings(t, hub[other], regionalFinding(acct, other, "eu-2", base))
	expectFindings(t, "home after relinking", hub[home], "before-link@"+linked, "east-1@"+home, "eu-2@"+other, "west-1@"+linked)
	// The copy of a region no longer linked is still updated from the home region, in both.
	if _, err := hub[home].BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("west-1"), ProductArn: aws.String(westProduct)}},
		Workflow:           &types.WorkflowUpdate{Status: types.WorkflowStatusResolved}}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{home, linked} {
		if f := findingOf(t, hub[r], westProduct, "west-1"); f.Workflow.Status != types.WorkflowStatusResolved {
			t.Fatalf("%s: workflow %s after the update of an unlinked region's copy", r, f.Workflow.Status)
		}
	}
	// A copy left behind (its region unlinked, the finding changed there) catches up when the
	// home region updates it, even to what the finding already holds.
	if _, err := hub[linked].BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("west-1"), ProductArn: aws.String(westProduct)}},
		Workflow:           &types.WorkflowUpdate{Status: types.WorkflowStatusSuppressed}}); err != nil {
		t.Fatal(err)
	}
	if f := findingOf(t, hub[home], westProduct, "west-1"); f.Workflow.Status != types.WorkflowStatusResolved {
		t.Fatalf("the copy of an unlinked region followed a change there: %s", f.Workflow.Status)
	}
	if _, err := hub[home].BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("west-1"), ProductArn: aws.String(westProduct)}},
		Workflow:           &types.WorkflowUpdate{Status: types.WorkflowStatusSuppressed}}); err != nil {
		t.Fatal(err)
	}
	if f := findingOf(t, hub[home], westProduct, "west-1"); f.Workflow.Status != types.WorkflowStatusSuppressed {
		t.Fatalf("the copy left behind did not catch up: %s", f.Workflow.Status)
	}
	if _, err := hub[home].DeleteFindingAggregator(ctx, &securityhub.DeleteFindingAggregatorInput{FindingAggregatorArn: agg.FindingAggregatorArn}); err != nil {
		t.Fatal(err)
	}
	importFindings(t, hub[other], regionalFinding(acct, other, "eu-3", base))
	expectFindings(t, "home after deleting the aggregator", hub[home], "before-link@"+linked, "east-1@"+home, "eu-2@"+other, "west-1@"+linked)
}

// TestAdministratorAggregatesMembers: an administrator's aggregator takes its Enabled
// members' findings from the linked regions to the home region, where the administrator (and
// the member) see them; an account that is not a member is not aggregated.
func TestAdministratorAggregatesMembers(t *testing.T) {
	env := testenv.Start(t)
	const admin, member, stranger, home, linked = "111111111111", "222222222222", "333333333333", "us-east-1", "us-west-2"
	for _, r := range []string{home, linked} {
		for _, a := range []string{admin, member, stranger} {
			if _, err := env.SecurityHub(a, r).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
				t.Fatal(err)
			}
		}
		adm := &account{t: t, id: admin, c: env.SecurityHub(admin, r)}
		mem := &account{t: t, id: member, c: env.SecurityHub(member, r)}
		adm.create(member)
		adm.invite(member)
		if err := mem.accept(admin, mem.invitationFrom(admin)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.SecurityHub(admin, home).CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{
		RegionLinkingMode: aws.String("ALL_REGIONS")}); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	importFindings(t, env.SecurityHub(member, linked), regionalFinding(member, linked, "m-1", base))
	importFindings(t, env.SecurityHub(stranger, linked), regionalFinding(stranger, linked, "s-1", base))
	importFindings(t, env.SecurityHub(admin, linked), regionalFinding(admin, linked, "a-1", base))
	expectFindings(t, "administrator in the home region", env.SecurityHub(admin, home), "a-1@"+linked, "m-1@"+linked)
	expectFindings(t, "member in the home region", env.SecurityHub(member, home), "m-1@"+linked)
	expectFindings(t, "stranger in the home region", env.SecurityHub(stranger, home))

	// The administrator updates the member's finding from the home region.
	memberProduct := "arn:aws:securityhub:" + linked + ":" + member + ":product/" + member + "/default"
	if _, err := env.SecurityHub(admin, home).BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
		FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String("m-1"), ProductArn: aws.String(memberProduct)}},
		Severity:           &types.SeverityUpdate{Label: types.SeverityLabelLow}}); err != nil {
		t.Fatal(err)
	}
	if f := findingOf(t, env.SecurityHub(member, linked), memberProduct, "m-1"); f.Severity.Label != types.SeverityLabelLow {
		t.Fatalf("member's finding in its region after the administrator's update: %s", f.Severity.Label)
	}
}

// TestAggregationAcrossReplicas: two servers on one PostgreSQL database; findings imported
// and updated through one reach the home region as the other serves it, concurrent updates
// of one finding from its region and from the home region leave both copies equal.
func TestAggregationAcrossReplicas(t *testing.T) {
	if !storetest.OnPostgres() {
		t.Skip("two replicas need a shared store: this test runs in the PostgreSQL run of the suite")
	}
	url := storetest.NewPostgresDatabase(t)
	shared := testenv.WithConfig(func(c *server.Config) { c.StoreURL = url })
	one, two := testenv.Start(t, shared), testenv.Start(t, shared)
	const acct, home, linked = "111111111111", "us-east-1", "us-west-2"
	for _, r := range []string{home, linked} {
		if _, err := one.SecurityHub(acct, r).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := two.SecurityHub(acct, home).CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{
		RegionLinkingMode: aws.String("ALL_REGIONS")}); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var want []string
	for i := range 20 {
		id := "r-" + string(rune('a'+i))
		importFindings(t, one.SecurityHub(acct, linked), regionalFinding(acct, linked, id, base))
		want = append(want, id+"@"+linked)
	}
	expectFindings(t, "home region through the other server", two.SecurityHub(acct, home), want...)

	product := "arn:aws:securityhub:" + linked + ":" + acct + ":product/" + acct + "/default"
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 20 {
		id := "r-" + string(rune('a'+i))
		for j, c := range []*securityhub.Client{one.SecurityHub(acct, linked), two.SecurityHub(acct, home)} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{
					FindingIdentifiers: []types.AwsSecurityFindingIdentifier{{Id: aws.String(id), ProductArn: aws.String(product)}},
					Note:               &types.NoteUpdate{Text: aws.String([]string{"from the region", "from home"}[j]), UpdatedBy: aws.String("race")}})
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range 20 {
		id := "r-" + string(rune('a'+i))
		a := findingOf(t, one.SecurityHub(acct, linked), product, id)
		b := findingOf(t, two.SecurityHub(acct, home), product, id)
		if aws.ToString(a.Note.Text) != aws.ToString(b.Note.Text) || aws.ToString(a.UpdatedAt) != aws.ToString(b.UpdatedAt) {
			t.Fatalf("%s: region's note %q, home's %q", id, aws.ToString(a.Note.Text), aws.ToString(b.Note.Text))
		}
	}
}

// TestAggregatorV2CopiesFindings: an aggregator V2 copies the findings of its linked regions
// to its home region as the CSPM finding aggregator does; GetFindingsV2 there shows them with
// their own region.
func TestAggregatorV2CopiesFindings(t *testing.T) {
	env := testenv.Start(t)
	const acct, home, linked = "111111111111", "us-east-1", "us-west-2"
	for _, r := range []string{home, linked} {
		c := env.SecurityHub(acct, r)
		if _, err := c.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.EnableSecurityHubV2(ctx, &securityhub.EnableSecurityHubV2Input{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.SecurityHub(acct, home).CreateAggregatorV2(ctx, &securityhub.CreateAggregatorV2Input{
		RegionLinkingMode: aws.String("SPECIFIED_REGIONS"), LinkedRegions: []string{linked}}); err != nil {
		t.Fatal(err)
	}
	importFindings(t, env.SecurityHub(acct, linked), regionalFinding(acct, linked, "v2-west", time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)))
	found := ocsfFindings(t, env.SecurityHub(acct, home), &securityhub.GetFindingsV2Input{})
	if got := uids(found); len(got) != 1 || got[0] != "v2-west" || ocsfAt(found[0], "cloud.region") != linked {
		t.Fatalf("GetFindingsV2 in the home region: %v, region %v", got, ocsfAt(found[0], "cloud.region"))
	}
	expectFindings(t, "GetFindings in the home region", env.SecurityHub(acct, home), "v2-west@"+linked)
}

// TestAggregationEventsAndKill9: the copy of a finding in the home region sends its Findings
// - Imported event there; and every acknowledged import of a server killed with kill -9
// while importing in a linked region has its copy in the home region after the restart.
func TestAggregationEventsAndKill9(t *testing.T) {
	const acct, home, linked = "111111111111", "us-east-1", "us-west-2"
	recv := newReceiver(t)
	args := []string{"--data", t.TempDir(), "--events-url", recv.URL()}
	if url := storetest.StoreURL(t); url != "" {
		args = append(args, "--store", url)
	}
	p := testenv.StartProcess(t, args...)
	for _, r := range []string{home, linked} {
		if _, err := p.Env().SecurityHub(acct, r).EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Env().SecurityHub(acct, home).CreateFindingAggregator(ctx, &securityhub.CreateFindingAggregatorInput{
		RegionLinkingMode: aws.String("ALL_REGIONS")}); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	importFindings(t, p.Env().SecurityHub(acct, linked), regionalFinding(acct, linked, "evented", base))
	recv.waitFor(t, "the events of the finding and of its copy", func(got []received) bool {
		regions := map[string]bool{}
		for _, e := range got {
			if e.Finding["Id"] == "evented" && e.Finding["Region"] == linked {
				regions[e.Region] = true
			}
		}
		return regions[home] && regions[linked]
	})

	// Four clients import until the server is killed; each acknowledged batch must be there.
	var mu sync.Mutex
	var acknowledged []string
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := p.Env().SecurityHub(acct, linked)
			for i := 0; ; i++ {
				var batch []types.AwsSecurityFinding
				for j := range 20 {
					batch = append(batch, regionalFinding(acct, linked, fmt.Sprintf("k-%d-%d-%d", w, i, j), base))
				}
				out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch})
				if err != nil {
					return
				}
				if aws.ToInt32(out.FailedCount) == 0 {
					mu.Lock()
					for _, f := range batch {
						acknowledged = append(acknowledged, aws.ToString(f.Id))
					}
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := p.Cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown of any kind
		t.Fatal(err)
	}
	p.Cmd.Wait()
	wg.Wait()
	if len(acknowledged) == 0 {
		t.Fatal("no import was acknowledged before the kill")
	}
	restarted := testenv.StartProcess(t, args...)
	inHome := map[string]bool{}
	for _, id := range findingIDs(t, restarted.Env().SecurityHub(acct, home), &securityhub.GetFindingsInput{MaxResults: aws.Int32(100)}) {
		inHome[id] = true
	}
	for _, id := range acknowledged {
		if !inHome[id] {
			t.Fatalf("acknowledged finding %s has no copy in the home region after kill -9 (%d acknowledged)", id, len(acknowledged))
		}
	}
	t.Logf("%d acknowledged findings, all copied", len(acknowledged))
}
