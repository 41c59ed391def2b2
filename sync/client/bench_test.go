package client_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
	"homeward/sync/client"
	"homeward/sync/protocol"
)

// BenchmarkSaveWhileSyncing is a supervisor saving on a device whose first
// sync is bringing in 10,000 versions in the background. Each save is paired
// with a plain insert of the same encoded record into a table of a database
// opened with the store's settings (synchronous=FULL), made at the same time,
// so the sync's load falls on both; the two alternate which goes first. The
// figures are over the pairs made while the sync ran: the median and the 90th
// percentile of the save against the plain insert.
func BenchmarkSaveWhileSyncing(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		o := newOrg(b)
		o.practitionerWith10k()
		sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
		caseID, err := sue.s.NewCase()
		if err != nil {
			b.Fatal(err)
		}
		plain, err := store.OpenDB(filepath.Join(b.TempDir(), "plain.db"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := plain.Exec(`CREATE TABLE plain (id TEXT PRIMARY KEY, case_id TEXT, body BLOB)`); err != nil {
			b.Fatal(err)
		}
		insert, err := plain.Prepare(`INSERT INTO plain (id, case_id, body) VALUES (?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		v := model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Share: model.ShareTeam,
			Words: "Riley said the bus was late and they walked back with a friend from school, and nobody asked where they had been."}
		b.StartTimer()

		// The saves stop when the pull has brought all 10,000: a sync pushes
		// after it pulls, and would push the saves as fast as they are made.
		done, synced := make(chan error, 2), make(chan error, 1)
		sue.e.Progress = func(r client.Report) {
			if r.Received >= 10000 {
				select {
				case done <- nil:
				default:
				}
			}
		}
		go func() {
			r, err := sue.e.SyncOnce(context.Background())
			if err == nil && r.Pulled != 10000 {
				err = fmt.Errorf("the sync pulled %d versions, not 10,000", r.Pulled)
			}
			done <- err
			synced <- err
		}()
		var saves, plains []time.Duration
		timed := func(f func() error) time.Duration {
			start := time.Now()
			if err := f(); err != nil {
				b.Fatal(err)
			}
			return time.Since(start)
		}
		save := func() error { _, err := sue.s.Save(caseID, sue.s.NewRecordID(), nil, v); return err }
		plainInsert := func() error {
			body, err := model.Encode(model.Payload{Kind: v.Kind(), SavedAt: time.Now(), SavedBy: "Sue Lead", Record: v})
			if err == nil {
				_, err = insert.Exec(sue.s.NewRecordID(), caseID, body)
			}
			return err
		}
		deadline := time.After(2 * time.Minute)
	loop:
		for i := 0; i < 100_000; i++ {
			select {
			case err := <-done:
				if err != nil {
					b.Fatal(err)
				}
				break loop
			case <-deadline:
				b.Fatal("the first sync took over two minutes")
			default:
			}
			if i%2 == 0 {
				plains = append(plains, timed(plainInsert))
				saves = append(saves, timed(save))
			} else {
				saves = append(saves, timed(save))
				plains = append(plains, timed(plainInsert))
			}
		}
		b.StopTimer()
		if err := <-synced; err != nil {
			b.Fatal(err)
		}
		insert.Close()
		plain.Close()
		if len(saves) < 20 {
			b.Fatalf("only %d saves were made while the sync ran", len(saves))
		}
		b.ReportMetric(float64(len(saves)), "saves")
		b.ReportMetric(ratioAt(saves, plains, 50), "save/plain-p50")
		b.ReportMetric(ratioAt(saves, plains, 90), "save/plain-p90")
		b.ReportMetric(float64(percentile(saves, 50).Microseconds()), "µs/save-p50")
		b.StartTimer()
	}
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func ratioAt(a, b []time.Duration, p int) float64 {
	return float64(percentile(a, p)) / float64(percentile(b, p))
}
