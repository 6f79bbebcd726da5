package e2e

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/sechub/sechub/internal/store/storetest"
	"github.com/sechub/sechub/internal/testenv"
)

// BenchmarkReplicas compares one sechub process with two on one PostgreSQL database: the same
// clients (each its own account) import batches of 100 findings and read pages of them, their
// calls spread over the processes. Beside the rate it reports where the CPU went per call:
// the sechub processes, PostgreSQL's processes and this process (the clients), which says
// what a machine with more cores would run out of first. PostgreSQL run only.
func BenchmarkReplicas(b *testing.B) {
	if !storetest.OnPostgres() {
		b.Skip("replicas share a PostgreSQL database: runs in the PostgreSQL run")
	}
	for _, replicas := range []int{1, 2} {
		b.Run(fmt.Sprintf("%d", replicas), func(b *testing.B) {
			url := storetest.NewPostgresDatabase(b)
			var procs []*testenv.Process
			for range replicas {
				procs = append(procs, testenv.StartProcess(b, "--store", url, "--data", b.TempDir()))
			}
			sechubCPU := func() time.Duration {
				var total time.Duration
				for _, p := range procs {
					t, err := testenv.CPUTime(p.Cmd.Process.Pid)
					if err != nil {
						b.Fatal(err)
					}
					total += t
				}
				return total
			}
			postgresCPU := func() time.Duration {
				t, err := testenv.CPUTimeOfNamed("postgres")
				if err != nil {
					b.Fatal(err)
				}
				return t
			}
			var worker atomic.Int64
			var calls atomic.Int64
			base := time.Now().Add(-time.Hour)
			b.SetParallelism(benchParallelism / 4)
			sechub0, postgres0, own0 := sechubCPU(), postgresCPU(), testenv.OwnCPUTime()
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				w := worker.Add(1)
				account := fmt.Sprintf("5%011d", w)
				clients := make([]*securityhub.Client, len(procs))
				for i, p := range procs {
					clients[i] = benchClient(p.URL, account)
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
			elapsed := time.Since(start)
			b.StopTimer()
			n := float64(calls.Load())
			perCall := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
			b.ReportMetric(n/elapsed.Seconds(), "calls/s")
			b.ReportMetric(perCall(sechubCPU()-sechub0), "sechub-cpu-ms/call")
			b.ReportMetric(perCall(postgresCPU()-postgres0), "postgres-cpu-ms/call")
			b.ReportMetric(perCall(testenv.OwnCPUTime()-own0), "client-cpu-ms/call")
		})
	}
}
