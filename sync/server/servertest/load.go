package servertest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"homeward/sync/client"
	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/vault"
)

// PullLoad enrols devices practitioners on b, each with a case of perCase
// versions, serves b over TLS on a loopback port, brings every device up to
// date, and then, rounds times, has every device at once push one version and
// pull what is new, as incremental syncs do. It returns the pulls' latencies,
// sorted, and the bytes a pushed version took on the wire against its size.
func PullLoad(tb testing.TB, b server.Backend, devices, perCase, rounds int) (pulls []time.Duration) {
	tb.Helper()
	ctx := context.Background()
	InitOrg(tb, b)
	srv := server.New(b)
	srv.PerDevice, srv.PerAddress = 0, 0 // every device shares one loopback address
	addr, cert := Serve(tb, srv)

	type dev struct {
		c      *client.Conn
		id     *vault.Identity
		ck     *vault.CaseKey
		cursor int64
	}
	ds := make([]*dev, devices)
	for i := range ds {
		u := server.User{ID: fmt.Sprintf("u-%d", i), Name: fmt.Sprintf("Worker %d", i), Role: protocol.RolePractitioner, Team: "North"}
		code := Code(tb, b, u, addr, cert)
		id, _ := vault.NewIdentity()
		d := &dev{c: client.DialAddr(addr, code, id), id: id}
		defer d.c.Close()
		if _, err := d.c.Enrol(ctx, code); err != nil {
			tb.Fatal(err)
		}
		d.ck, _ = vault.NewCaseKey(fmt.Sprintf("case-%d", i), 1)
		ds[i] = d
	}
	seal := func(d *dev) []byte {
		e, err := vault.Seal(vault.Header{VersionID: vault.NewVersionID(), RecordID: "rec", CaseID: d.ck.CaseID, KeyEpoch: 1, Schema: 1}, random(2000), d.ck, d.id)
		if err != nil {
			tb.Fatal(err)
		}
		raw, _ := e.MarshalBinary()
		return raw
	}
	each := func(fn func(d *dev) error) {
		var wg sync.WaitGroup
		errs := make(chan error, len(ds))
		for _, d := range ds {
			wg.Go(func() {
				if err := fn(d); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			tb.Fatal(err)
		}
	}
	pull := func(d *dev) error {
		for range 1000 {
			p, err := d.c.Pull(ctx, d.cursor, 500)
			if err != nil {
				return err
			}
			d.cursor = p.Next
			if !p.More {
				return nil
			}
		}
		return fmt.Errorf("pull never ended")
	}
	each(func(d *dev) error {
		batch := make([][]byte, perCase)
		for i := range batch {
			batch[i] = seal(d)
		}
		_, err := d.c.Push(ctx, batch)
		return err
	})
	each(pull)
	var mu sync.Mutex
	for range rounds {
		each(func(d *dev) error {
			if _, err := d.c.Push(ctx, [][]byte{seal(d)}); err != nil {
				return err
			}
			start := time.Now()
			err := pull(d)
			mu.Lock()
			pulls = append(pulls, time.Since(start))
			mu.Unlock()
			return err
		})
	}
	slices.Sort(pulls)
	return pulls
}

// Percentile is the p-th percentile of sorted durations.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p/100))]
}
