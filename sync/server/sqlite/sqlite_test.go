package sqlite_test

import (
	"context"
	"testing"

	"homeward/sync/server"
	"homeward/sync/server/servertest"
	"homeward/sync/server/sqlite"
)

func TestConformance(t *testing.T) {
	servertest.Run(t, func(t *testing.T) server.Backend {
		b, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
}

// BenchmarkIncrementalPull200 is 200 devices syncing at once, each pushing a
// version and pulling what is new, over TLS on loopback: the p99 of a pull.
func BenchmarkIncrementalPull200(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		be, err := sqlite.Open(context.Background(), b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		pulls := servertest.PullLoad(b, be, 200, 50, 3)
		be.Close()
		b.ReportMetric(float64(servertest.Percentile(pulls, 50).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(servertest.Percentile(pulls, 99).Microseconds())/1000, "p99-ms")
	}
}
