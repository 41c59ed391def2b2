package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/sync/server/postgres"
	"homeward/sync/server/servertest"
	"homeward/sync/server/sqldb"
)

func open(t testing.TB, d string) *sqldb.DB {
	b, err := postgres.Open(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestConformance(t *testing.T) {
	servertest.Run(t, func(t *testing.T) server.Backend { return open(t, servertest.PostgresSchema(t)) })
}

// TestCursorNeverSkipsAnOpenTransaction forces the interleaving that loses a
// version on PostgreSQL: a transaction takes sequence number N and has not
// committed when another takes N+1 and commits, and a pull in between moves
// its cursor past N. First it shows the hazard is real (a writer that does not
// take the lock commits past the open transaction), then that the backend's
// own push waits for the open transaction, so the cursor never passes it.
func TestCursorNeverSkipsAnOpenTransaction(t *testing.T) {
	ctx := context.Background()
	d := servertest.PostgresSchema(t)
	b := open(t, d)
	defer b.Close()
	tm := servertest.MustTeam(t, b)
	raw, err := sql.Open("pgx", d)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	pulled := func(cursor int64) protocol.Pulled {
		p, err := b.Pull(ctx, tm.Sue, cursor, 1000)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	start := pulled(0).Next
	mustPush := func(id string) {
		if r, err := b.PutVersions(ctx, tm.Ann, []server.Version{{ID: id, CaseID: "case-x", Author: tm.Dev[tm.Ann.ID].ID, Envelope: []byte(id)}}); err != nil || r[0].Status != protocol.Accepted {
			t.Fatalf("%+v %v", r, err)
		}
	}
	mustPush("v-first")
	start = pulled(start).Next

	// A transaction that holds the write lock, as a push does, takes N.
	open, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer open.Rollback() // a failure must not leave it holding locks the clean-up waits for
	if _, err := open.Exec(`SELECT pg_advisory_xact_lock(7301001)`); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := open.QueryRow(`INSERT INTO changes (kind, item_id, case_id, author, data) VALUES (1, 'v-open', 'case-x', $1, 'v-open') RETURNING seq`, tm.Dev[tm.Ann.ID].ID).Scan(&n); err != nil {
		t.Fatal(err)
	}

	// The hazard: a writer that does not take the lock takes N+1 and
	// commits first, and a pull now moves its cursor past N, which is not
	// visible yet.
	var n1 int64
	if err := raw.QueryRow(`INSERT INTO changes (kind, item_id, data) VALUES (3, 'probe', '{}') RETURNING seq`).Scan(&n1); err != nil {
		t.Fatal(err)
	}
	if next := pulled(start).Next; n1 <= n || next <= n {
		t.Fatalf("the hazard did not happen: N+1 is %d and the cursor %d, N %d", n1, next, n)
	}
	if _, err := raw.Exec(`DELETE FROM changes WHERE item_id = 'probe'`); err != nil {
		t.Fatal(err)
	}

	// The backend's own push waits for the open transaction.
	pushed := make(chan struct{})
	go func() { mustPush("v-after"); close(pushed) }()
	select {
	case <-pushed:
		t.Fatal("a push committed while an earlier sequence number was still open")
	case <-time.After(300 * time.Millisecond):
	}
	mid := pulled(start)
	for _, c := range mid.Changes {
		if string(c.Data) == "v-after" {
			t.Fatal("the later push is visible before the open one")
		}
	}
	if err := open.Commit(); err != nil {
		t.Fatal(err)
	}
	<-pushed
	var got []string
	for _, c := range pulled(start).Changes {
		if c.Kind == protocol.KindVersion {
			got = append(got, string(c.Data))
		}
	}
	if len(got) != 2 || got[0] != "v-open" || got[1] != "v-after" {
		t.Fatalf("after both commits the pull from the earlier cursor has %q, want v-open then v-after", got)
	}
}

// TestTwoProcessesOneDatabase opens two backends on one database, as two
// server processes would, and pushes through both at once: a pull through
// either sees everything once.
func TestTwoProcessesOneDatabase(t *testing.T) {
	d := servertest.PostgresSchema(t)
	a, b := open(t, d), open(t, d)
	defer a.Close()
	defer b.Close()
	tm := servertest.MustTeam(t, a)
	ctx := context.Background()
	done := make(chan error, 2)
	for i, be := range []*sqldb.DB{a, b} {
		go func() {
			for j := range 40 {
				id := fmt.Sprintf("v-%d-%d", i, j)
				if _, err := be.PutVersions(ctx, tm.Ann, []server.Version{{ID: id, CaseID: "case-2p", Author: tm.Dev[tm.Ann.ID].ID, Envelope: []byte(id)}}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for _, be := range []*sqldb.DB{a, b} {
		p, err := be.Pull(ctx, tm.Ann, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range p.Changes {
			if c.Kind == protocol.KindVersion {
				n++
			}
		}
		if n != 80 {
			t.Fatalf("%d versions, want 80", n)
		}
	}
}

// BenchmarkIncrementalPull200 is 200 devices syncing at once, each pushing a
// version and pulling what is new, over TLS on loopback: the p99 of a pull.
func BenchmarkIncrementalPull200(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		be := open(b, servertest.PostgresSchema(b))
		b.StartTimer()
		pulls := servertest.PullLoad(b, be, 200, 50, 3)
		be.Close()
		b.ReportMetric(float64(servertest.Percentile(pulls, 50).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(servertest.Percentile(pulls, 99).Microseconds())/1000, "p99-ms")
	}
}
