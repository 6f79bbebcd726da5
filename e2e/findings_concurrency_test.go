package e2e

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/testenv"
)

// TestFindingsConcurrency races re-imports of the same findings (in batches that also
// carry other findings) against BatchUpdateFindings on them: the newest UpdatedAt wins
// whatever the arrival order, and no customer update is lost to a re-import.
func TestFindingsConcurrency(t *testing.T) {
	findingsRace(t, testenv.Start(t))
}

// findingsRace runs the race through the servers of envs (sharing one store), each call
// through the next.
func findingsRace(t *testing.T, envs ...*testenv.Env) {
	a := newAccount(t, envs[0], acctA, true)
	through := func(i int) *securityhub.Client { return envs[i%len(envs)].SecurityHub(acctA, region) }
	base := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	const shared, importers, versions, updaters = 5, 4, 12, 3
	sharedFinding := func(i, version int) types.AwsSecurityFinding {
		f := asff(acctA, fmt.Sprintf("shared-%d", i), "LOW", "AwsS3Bucket", base.Add(time.Duration(version)*time.Second))
		f.Title = aws.String(fmt.Sprintf("version %d", version))
		return f
	}
	// The shared findings exist, at a version older than every raced one, before the race
	// starts: every update then finds them, however the goroutines are scheduled.
	var seed []types.AwsSecurityFinding
	for i := range shared {
		seed = append(seed, sharedFinding(i, -1))
	}
	if _, err := a.c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: seed}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, importers*versions+updaters*versions)
	for w := range importers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range versions {
				version := v*importers + w // every version once; odd importers go newest first
				if w%2 == 1 {
					version = (versions-1-v)*importers + w
				}
				batch := []types.AwsSecurityFinding{asff(acctA, fmt.Sprintf("own-%d-%d", w, v), "HIGH", "AwsEc2Instance", base)}
				for i := range shared {
					batch = append(batch, sharedFinding(i, version))
				}
				if _, err := through(v+w).BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch}); err != nil {
					errs <- err
				}
			}
		}()
	}
	for u := range updaters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range versions {
				var ids []types.AwsSecurityFindingIdentifier
				for i := range shared {
					ids = append(ids, types.AwsSecurityFindingIdentifier{Id: aws.String(fmt.Sprintf("shared-%d", i)), ProductArn: aws.String(productOf(acctA))})
				}
				_, err := through(v+u+1).BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: ids,
					UserDefinedFields: map[string]string{fmt.Sprintf("u%d-%d", u, v): "set"}})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Every update that found the findings must have stuck: apply one more, after all imports, so
	// each finding exists for it, and check the merge of all that landed.
	out, err := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonPrefix, Value: aws.String("shared-")}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Findings) != shared {
		t.Fatalf("%d shared findings, want %d", len(out.Findings), shared)
	}
	newest := base.Add(time.Duration(versions*importers-1) * time.Second)
	for _, f := range out.Findings {
		if at, err := time.Parse(time.RFC3339, aws.ToString(f.UpdatedAt)); err != nil || !at.Equal(newest) || aws.ToString(f.Title) != fmt.Sprintf("version %d", versions*importers-1) {
			t.Errorf("%s: UpdatedAt %s title %q, want the newest version (%s)", aws.ToString(f.Id), aws.ToString(f.UpdatedAt), aws.ToString(f.Title), newest)
		}
	}
	// A finding that existed before the racing started keeps every customer update.
	first := out.Findings[0]
	before := len(first.UserDefinedFields)
	if _, err := a.c.BatchUpdateFindings(ctx, &securityhub.BatchUpdateFindingsInput{FindingIdentifiers: []types.AwsSecurityFindingIdentifier{
		{Id: first.Id, ProductArn: first.ProductArn}}, UserDefinedFields: map[string]string{"final": "set"}}); err != nil {
		t.Fatal(err)
	}
	for v := range 3 { // re-imports after the update keep it
		if _, err := a.c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: []types.AwsSecurityFinding{
			sharedFinding(0, versions*importers+v)}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Comparison: types.StringFilterComparisonEquals, Value: first.Id}}}})
	if err != nil || len(got.Findings) != 1 {
		t.Fatalf("GetFindings: %v", err)
	}
	if n := len(got.Findings[0].UserDefinedFields); n != before+1 || got.Findings[0].UserDefinedFields["final"] != "set" {
		t.Errorf("UserDefinedFields after re-imports: %d entries (%v), want %d with final", n, got.Findings[0].UserDefinedFields, before+1)
	}
	// Each update that ran after a finding existed was merged, none lost: at least one landed.
	if before == 0 {
		t.Errorf("no concurrent BatchUpdateFindings landed on %s", aws.ToString(first.Id))
	}
}

// TestConcurrentFirstImports races importers that each bring the same new findings, in
// different versions and orders, with findings of their own: each shared finding is created
// once (one history record says so), its newest version wins, and nothing an importer sent
// is lost. New findings are written without being read first (a clash is planned again), so
// this is the path where two transactions create one finding.
func TestConcurrentFirstImports(t *testing.T) {
	env := testenv.Start(t)
	a := newAccount(t, env, acctA, true)
	base := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	const shared, importers, rounds = 8, 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, importers*rounds)
	for w := range importers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := env.SecurityHub(acctA, region)
			for r := range rounds {
				var batch []types.AwsSecurityFinding
				for i := range shared {
					f := asff(acctA, fmt.Sprintf("first-%d-%d", r, i), "LOW", "AwsS3Bucket", base.Add(time.Duration(w)*time.Second))
					f.Title = aws.String(fmt.Sprintf("importer %d", w))
					batch = append(batch, f)
				}
				batch = append(batch, asff(acctA, fmt.Sprintf("own-%d-%d", w, r), "HIGH", "AwsEc2Instance", base))
				if w%2 == 1 {
					slices.Reverse(batch)
				}
				if out, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch}); err != nil {
					errs <- err
				} else if aws.ToInt32(out.FailedCount) != 0 {
					errs <- fmt.Errorf("importer %d: %d failed", w, aws.ToInt32(out.FailedCount))
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for r := range rounds {
		for i := range shared {
			id := fmt.Sprintf("first-%d-%d", r, i)
			out, err := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{Filters: &types.AwsSecurityFindingFilters{
				Id: []types.StringFilter{{Value: aws.String(id), Comparison: types.StringFilterComparisonEquals}}}})
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Findings) != 1 || aws.ToString(out.Findings[0].Title) != fmt.Sprintf("importer %d", importers-1) {
				t.Fatalf("%s: %d findings, want the newest version once: %+v", id, len(out.Findings), out.Findings)
			}
			h, err := a.c.GetFindingHistory(ctx, &securityhub.GetFindingHistoryInput{FindingIdentifier: &types.AwsSecurityFindingIdentifier{
				Id: aws.String(id), ProductArn: aws.String(productOf(acctA))}})
			if err != nil {
				t.Fatal(err)
			}
			created := 0
			for _, rec := range h.Records {
				if aws.ToBool(rec.FindingCreated) {
					created++
				}
			}
			if created != 1 {
				t.Fatalf("%s: %d history records say it was created, want 1", id, created)
			}
		}
	}
	own, err := a.c.GetFindings(ctx, &securityhub.GetFindingsInput{MaxResults: aws.Int32(100), Filters: &types.AwsSecurityFindingFilters{
		Id: []types.StringFilter{{Value: aws.String("own-"), Comparison: types.StringFilterComparisonPrefix}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(own.Findings) != importers*rounds {
		t.Fatalf("%d of the importers' own findings, want %d", len(own.Findings), importers*rounds)
	}
}
