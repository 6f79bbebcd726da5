package e2e

import (
	"fmt"
	"math/rand"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/testenv"
)

const benchMembers = 10000

// BenchmarkMembers measures CreateMembers (50 accounts a call) and GetMembers (50 ids a call)
// throughput and the latency of a ListMembers page of 50 for an administrator with 10,000
// members, beside the bare handler of BenchmarkDescribeHub (run both in one go:
// go test -run x -bench 'DescribeHub/bare|Members' ./e2e/). Targets: GetMembers at least 40%
// of bare; a ListMembers page under 5 ms median.
func BenchmarkMembers(b *testing.B) {
	env := testenv.Start(b, testenv.WithConfig(func(c *server.Config) { c.MaxInvitationMembers = 1 << 30 }))
	admin := benchClient(env.URL, acctA)
	if _, err := admin.EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
		b.Fatal(err)
	}
	ids := make([]string, benchMembers)
	for i := range ids {
		ids[i] = fmt.Sprintf("1%011d", i)
	}
	for i := 0; i < len(ids); i += 50 {
		if _, err := admin.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: details(ids[i : i+50])}); err != nil {
			b.Fatal(err)
		}
	}

	var next atomic.Int64 // shared by every run of the sub-benchmark: ids are never reused
	b.Run("CreateMembers50", func(b *testing.B) {
		b.SetParallelism(benchParallelism)
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				base := next.Add(50) - 50
				batch := make([]string, 50)
				for i := range batch {
					batch[i] = fmt.Sprintf("2%011d", base+int64(i))
				}
				out, err := admin.CreateMembers(ctx, &securityhub.CreateMembersInput{AccountDetails: details(batch)})
				if err != nil || len(out.UnprocessedAccounts) != 0 {
					b.Fatalf("CreateMembers: %v %+v", err, out)
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
	})

	b.Run("GetMembers50", func(b *testing.B) {
		b.SetParallelism(benchParallelism)
		start := time.Now()
		var seed atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			rnd := rand.New(rand.NewSource(seed.Add(1)))
			batch := make([]string, 50)
			for pb.Next() {
				for i := range batch {
					batch[i] = ids[rnd.Intn(len(ids))]
				}
				out, err := admin.GetMembers(ctx, &securityhub.GetMembersInput{AccountIds: batch})
				if err != nil || len(out.Members) != 50 {
					b.Fatalf("GetMembers: %v", err)
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
	})

	b.Run("ListMembersPage50", func(b *testing.B) {
		var token *string
		lat := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			out, err := admin.ListMembers(ctx, &securityhub.ListMembersInput{OnlyAssociated: aws.Bool(false), MaxResults: aws.Int32(50), NextToken: token})
			lat = append(lat, time.Since(t0))
			if err != nil || len(out.Members) != 50 {
				b.Fatalf("ListMembers: %v", err)
			}
			token = out.NextToken
			if i%150 == 149 {
				token = nil // stay within the seeded members; restart at the top
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
	})
}

func details(ids []string) []types.AccountDetails {
	out := make([]types.AccountDetails, len(ids))
	for i, id := range ids {
		out[i] = types.AccountDetails{AccountId: aws.String(id)}
	}
	return out
}
