package e2e

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/server"
	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkReplicas compares one server with two on one PostgreSQL database: the same
// clients (each its own account) import batches of 100 findings and read pages of them, their
// calls spread over the servers. PostgreSQL run only.
func BenchmarkReplicas(b *testing.B) {
	if !storetest.OnPostgres() {
		b.Skip("replicas share a PostgreSQL database: runs in the PostgreSQL run")
	}
	for _, replicas := range []int{1, 2} {
		b.Run(fmt.Sprintf("%d", replicas), func(b *testing.B) {
			url := storetest.NewPostgresDatabase(b)
			var envs []*testenv.Env
			for range replicas {
				envs = append(envs, testenv.Start(b, testenv.WithConfig(func(c *server.Config) { c.StoreURL = url })))
			}
			var worker atomic.Int64
			var calls atomic.Int64
			base := time.Now().Add(-time.Hour)
			b.SetParallelism(benchParallelism / 4)
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				w := worker.Add(1)
				account := fmt.Sprintf("5%011d", w)
				clients := make([]*securityhub.Client, len(envs))
				for i, env := range envs {
					clients[i] = benchClient(env.URL, account)
				}
				if _, err := clients[0].EnableSecurityHub(ctx, &securityhub.EnableSecurityHubInput{}); err != nil {
					b.Error(err)
					return
				}
				batch := make([]types.AwsSecurityFinding, 100)
				for i := int64(0); pb.Next(); i++ {
					c := clients[i%int64(len(clients))]
					for j := range batch {
						batch[j] = testenv.BenchFinding(account, region, i*100+int64(j), base)
					}
					if _, err := c.BatchImportFindings(ctx, &securityhub.BatchImportFindingsInput{Findings: batch}); err != nil {
						b.Error(err)
						return
					}
					if _, err := c.GetFindings(ctx, &securityhub.GetFindingsInput{}); err != nil {
						b.Error(err)
						return
					}
					calls.Add(2)
				}
			})
			b.ReportMetric(float64(calls.Load())/time.Since(start).Seconds(), "calls/s")
		})
	}
}
