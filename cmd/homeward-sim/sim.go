package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"homeward/model"
	"homeward/store"
	"homeward/sync/client"
	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/vault"
)

// result is what a run found.
type result struct {
	made, converged, lost, duplicated, conflicts int
	rate                                         float64 // versions made a second
}

// device is one simulated device: a real profile file and a real engine.
type device struct {
	name   string
	user   server.User
	path   string // its profile's file
	s      *store.Store
	e      *client.Engine
	rng    *mrand.Rand
	caseID string // a practitioner's own case
	childR string // its child record
}

// made is every version made, by the case it belongs to.
type made struct {
	mu     sync.Mutex
	cases  map[string]map[string]string // case -> version -> record
	byCase map[string]string            // practitioner's case -> their user ID
}

func (m *made) add(caseID, recordID, versionID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.cases[caseID] == nil {
		m.cases[caseID] = map[string]string{}
	}
	m.cases[caseID][versionID] = recordID
}

func simulate(ctx context.Context, c config, dir string, out io.Writer) (result, error) {
	var cen *central
	var err error
	if c.server != "" {
		cen, err = joinCentral(ctx, c)
	} else {
		cen, err = startCentral(ctx, c, dir)
	}
	if err != nil {
		return result{}, err
	}
	defer cen.close()
	b := cen.admin
	devices := make([]*device, c.devices)
	defer func() {
		for _, d := range devices {
			if d != nil {
				d.e.Conn.Close()
				d.s.Close()
			}
		}
	}()

	where := "SQLite in a temporary folder"
	switch {
	case c.server != "":
		where = "the running server at " + c.server
	case c.postgres != "":
		where = "PostgreSQL"
	}
	fmt.Fprintf(out, "homeward-sim: %d devices, at most %d saves each or %s, fault rate %.2f, seed %d, central store on %s, servers %d\n",
		c.devices, c.saves, c.duration, c.faultRate, c.seed, where, c.servers)
	m := &made{cases: map[string]map[string]string{}, byCase: map[string]string{}}
	run := make([]byte, 4)
	rand.Read(run)
	for i := range devices {
		d, err := enrol(ctx, b, fmt.Sprintf("%x", run), i, c.seed, cen.via(i), cen.certDER, filepath.Join(dir, fmt.Sprintf("device-%d.db", i)))
		if err != nil {
			return result{}, err
		}
		devices[i] = d
		if d.user.Role == protocol.RolePractitioner {
			if err := d.startCase(m); err != nil {
				return result{}, err
			}
		}
	}

	cen.setRate(c.faultRate)
	start := time.Now()
	deadline := start.Add(c.duration)
	var failed, limited, turns, kills atomic.Int64
	saving := make(chan struct{})
	restarted := make(chan restarts, 1)
	go func() {
		restarted <- cen.restart(ctx, c.restarts, start, deadline, int64(c.devices*c.saves), &turns, saving)
	}()
	var wg sync.WaitGroup
	for _, d := range devices {
		wg.Go(func() {
			for i := 0; i < c.saves && time.Now().Before(deadline); i++ {
				turns.Add(1)
				if err := d.save(m); err != nil {
					fmt.Fprintf(out, "%s: save: %v\n", d.name, err)
					return
				}
				if d.rng.Float64() < 0.2 {
					continue // offline for this turn
				}
				sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
				if d.rng.Float64() < c.killRate {
					killed, err := d.kill(sctx)
					if err != nil {
						cancel()
						fmt.Fprintf(out, "%s: killed and started again: %v\n", d.name, err)
						return
					}
					if killed {
						kills.Add(1)
					}
				}
				_, err := d.e.SyncOnce(sctx)
				cancel()
				if err != nil {
					failed.Add(1)
					if tooMany(err) {
						limited.Add(1)
					}
					time.Sleep(time.Duration(50+mrand.IntN(100)) * time.Millisecond) // backing off, as the app's engine does
				}
				d.e.Conn.Close() // out of signal until the next turn: a new connection, which may be cut
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(saving)
	rs := <-restarted
	if rs.err != nil {
		return result{}, fmt.Errorf("a server did not start again: %w", rs.err)
	}

	cen.setRate(0)
	rounds, err := catchUp(ctx, devices)
	if err != nil {
		return result{}, err
	}
	fmt.Fprintf(out, "saving and syncing took %s; %d syncs failed (%d connections cut, %d refused as too many requests); caught up in %d rounds\n",
		took.Round(time.Millisecond), failed.Load(), cen.cutSoFar(), limited.Load(), rounds)
	restartLine := fmt.Sprintf("%d of %d server restarts made", rs.made, c.restarts)
	if c.server != "" {
		restartLine = "no server restarts (the server is another process)"
	}
	fmt.Fprintf(out, "%s; %d clients killed between receiving a page and storing it\n", restartLine, kills.Load())
	cen.timings.print(out)

	res, err := check(ctx, b, devices, m)
	if err != nil {
		return result{}, err
	}
	res.rate = float64(res.made) / took.Seconds()
	return res, nil
}

// enrol makes device i's profile and enrols it with the server at addr (the
// proxy in front of it, which its code names); the first is the team's
// supervisor. The user and the team are the run's own (named after run), so
// that runs against one server neither clash nor see each other's cases.
func enrol(ctx context.Context, b server.Backend, run string, i int, seed uint64, addr string, certDER []byte, path string) (*device, error) {
	u := server.User{ID: fmt.Sprintf("sim-%s-%d", run, i), Name: fmt.Sprintf("Worker %d", i), Role: protocol.RolePractitioner, Team: "Sim " + run}
	role := model.RolePractitioner
	if i == 0 {
		u.Name, u.Role, role = "Supervisor", protocol.RoleSupervisor, model.RoleSupervisor
	}
	code, err := protocol.NewCode(addr, certDER)
	if err != nil {
		return nil, err
	}
	if err := b.AddUser(ctx, u); err != nil {
		return nil, err
	}
	if err := b.AddEnrolment(ctx, server.Enrolment{SecretHash: protocol.SecretHash(code.Secret[:]), User: u, Expires: time.Now().Add(time.Hour)}); err != nil {
		return nil, err
	}
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	s, err := store.Create(path, store.Profile{Name: u.Name, Role: role}, passphrase, kdf)
	if err != nil {
		return nil, err
	}
	if err := patiently(ctx, func() error { _, err := client.Join(ctx, code.String(), s); return err }); err != nil {
		s.Close()
		return nil, err
	}
	return &device{name: u.Name, user: u, path: path, s: s, e: &client.Engine{Conn: client.Dial(code, s), Store: s, Batch: 50},
		rng: mrand.New(mrand.NewPCG(seed, uint64(i)))}, nil
}

// passphrase is every simulated profile's.
var passphrase = []byte("a made-up passphrase")

// kill pulls a page, and before it is stored closes the profile and opens it
// again from its file, unlocked, with an engine made afresh from its
// enrolment: the app killed between receiving a batch and storing it, and
// started again. It reports whether a page was received; a pull that failed
// is no kill.
func (d *device) kill(ctx context.Context) (bool, error) {
	if _, err := d.e.Conn.Pull(ctx, d.s.Cursor(), d.e.Batch); err != nil {
		return false, nil
	}
	d.e.Conn.Close()
	if err := d.s.Close(); err != nil {
		return true, err
	}
	s, err := store.Open(d.path)
	if err != nil {
		return true, err
	}
	if err := s.Unlock(passphrase); err != nil {
		s.Close()
		return true, err
	}
	e, err := client.Connect(s)
	if err != nil {
		s.Close()
		return true, err
	}
	e.Batch = d.e.Batch
	d.s, d.e = s, e
	return true, nil
}

func (d *device) startCase(m *made) error {
	var err error
	if d.caseID, err = d.s.NewCase(); err != nil {
		return err
	}
	d.childR = d.s.NewRecordID()
	v, err := d.s.Save(d.caseID, d.childR, nil, child(d.name, 0))
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.byCase[d.caseID] = d.user.ID
	m.mu.Unlock()
	m.add(d.caseID, d.childR, v)
	return nil
}

func child(worker string, n int) model.Child {
	return model.Child{Name: "Simulated Child", DateOfBirth: time.Date(2012, 3, 4, 0, 0, 0, 0, time.UTC), Placement: "place.foster",
		LookedAfter: true, AllocatedWorker: fmt.Sprintf("%s (edit %d)", worker, n)}
}

// save makes one version: in a practitioner's own case, or, for the
// supervisor, in a case it has been sent; a new voice entry, or an edit of
// the child's record that names every head it holds.
func (d *device) save(m *made) error {
	caseID, childR := d.caseID, d.childR
	if d.user.Role == protocol.RoleSupervisor {
		cases := d.s.Cases()
		if len(cases) == 0 {
			return nil // nothing sent yet
		}
		pick := cases[d.rng.IntN(len(cases))]
		if d.s.KeyEpoch(pick.ID) == 0 {
			return nil // its versions came before its key: nothing to save into yet
		}
		caseID, childR = pick.ID, pick.Child.RecordID
	}
	recordID, parents := d.s.NewRecordID(), []string(nil)
	var r model.Record = model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "made-up words of a simulated child", Share: model.ShareTeam}
	if childR != "" && d.rng.Float64() < 0.4 {
		heads, err := d.s.Heads(childR)
		if err != nil {
			return err
		}
		recordID, r = childR, child(d.name, d.rng.IntN(1000))
		for _, h := range heads {
			parents = append(parents, h.ID)
		}
	}
	v, err := d.s.Save(caseID, recordID, parents, r)
	if err != nil {
		return err
	}
	m.add(caseID, recordID, v)
	return nil
}

// catchUp syncs every device in turn until a round moves nothing.
func catchUp(ctx context.Context, devices []*device) (int, error) {
	for round := 1; round <= 20; round++ {
		moved := false
		for _, d := range devices {
			var r client.Report
			err := patiently(ctx, func() error {
				sctx, cancel := context.WithTimeout(ctx, time.Minute)
				defer cancel()
				var err error
				r, err = d.e.SyncOnce(sctx)
				return err
			})
			if err != nil {
				return round, fmt.Errorf("%s: a sync with no faults failed: %w", d.name, err)
			}
			moved = moved || r.Pushed+r.Duplicates+r.Pulled+r.Keys > 0
		}
		if !moved {
			return round, nil
		}
	}
	return 20, fmt.Errorf("the devices were still moving versions after 20 rounds")
}

// patiently calls f until it is not refused as too many requests, at most
// ten times a second apart: a server of its own limits a run's enrolments
// and logins, which all come from one loopback address.
func patiently(ctx context.Context, f func() error) error {
	var err error
	for range 10 {
		if err = f(); !tooMany(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return err
}

// tooMany reports whether err is the server's refusal of too many requests.
func tooMany(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce) && ce.Status == http.StatusTooManyRequests
}

// check compares what was made with what the server and each device hold.
func check(ctx context.Context, b server.Backend, devices []*device, m *made) (result, error) {
	var res result
	onServer := map[string]int{}
	sup := devices[0].user
	for cursor, page := int64(0), 0; ; page++ {
		if page == 100000 {
			return res, errors.New("the server's changes never ended")
		}
		p, err := b.Pull(ctx, sup, cursor, 500)
		if err != nil {
			return res, err
		}
		for _, ch := range p.Changes {
			if ch.Kind == protocol.KindVersion {
				env, err := vault.UnmarshalEnvelope(ch.Data)
				if err != nil {
					return res, err
				}
				onServer[env.VersionID]++
			}
		}
		if cursor = p.Next; !p.More {
			break
		}
	}
	// held[device][version] counts each version a device holds.
	held := make([]map[string]int, len(devices))
	for i, d := range devices {
		held[i] = map[string]int{}
		records := map[string]bool{}
		for caseID, vs := range m.cases {
			if d.user.Role == protocol.RolePractitioner && m.byCase[caseID] != d.user.ID {
				continue
			}
			for _, r := range vs {
				records[r] = true
			}
		}
		for r := range records {
			hist, err := d.s.History(r)
			if err != nil {
				continue // held nowhere on this device: counted as not converged below
			}
			for _, v := range hist {
				held[i][v.ID]++
			}
		}
		res.conflicts += d.s.Conflicts()
		if q := d.s.QuarantinedVersions(); len(q) > 0 {
			return res, fmt.Errorf("%s has %d versions in quarantine, the first: %s", d.name, len(q), q[0].Reason)
		}
	}
	for caseID, vs := range m.cases {
		for v := range vs {
			res.made++
			if onServer[v] == 0 {
				res.lost++
			}
			if onServer[v] > 1 {
				res.duplicated++
			}
			everywhere := onServer[v] == 1
			for i, d := range devices {
				if d.user.Role == protocol.RolePractitioner && m.byCase[caseID] != d.user.ID {
					continue
				}
				everywhere = everywhere && held[i][v] == 1
				if held[i][v] > 1 {
					res.duplicated++
				}
			}
			if everywhere {
				res.converged++
			}
		}
	}
	return res, nil
}

// timings keeps how long the server took over each push and pull.
type timings struct {
	mu     sync.Mutex
	byPath map[string][]time.Duration
}

func newTimings() *timings { return &timings{byPath: map[string][]time.Duration{}} }

func (t *timings) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		h.ServeHTTP(w, r)
		took := time.Since(start)
		t.mu.Lock()
		t.byPath[r.URL.Path] = append(t.byPath[r.URL.Path], took)
		t.mu.Unlock()
	})
}

func (t *timings) print(out io.Writer) {
	if t == nil {
		fmt.Fprintln(out, "server time: not measured, the server is another process")
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, path := range []string{protocol.PathPush, protocol.PathPull} {
		ds := slices.Clone(t.byPath[path])
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		at := func(q float64) time.Duration {
			return ds[min(len(ds)-1, int(q*float64(len(ds))))].Round(10 * time.Microsecond)
		}
		fmt.Fprintf(out, "server time, %s: %d requests, p50 %s, p99 %s, max %s\n", path, len(ds), at(0.50), at(0.99), ds[len(ds)-1].Round(10*time.Microsecond))
	}
}

// cutter is a TCP proxy on loopback that cuts a share of connections
// somewhere in the first 40 KB of the server's answer.
type cutter struct {
	ln   net.Listener
	to   string
	mu   sync.Mutex
	rng  *mrand.Rand
	rate float64
	cuts int
}

func newCutter(to string, seed uint64) (*cutter, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	c := &cutter{ln: ln, to: to, rng: mrand.New(mrand.NewPCG(seed, 0xc07))}
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			go c.serve(in)
		}
	}()
	return c, nil
}

func (c *cutter) addr() string { return c.ln.Addr().String() }
func (c *cutter) close()       { c.ln.Close() }

func (c *cutter) serve(in net.Conn) {
	defer in.Close()
	out, err := net.Dial("tcp", c.to)
	if err != nil {
		return
	}
	defer out.Close()
	c.mu.Lock()
	cut := c.rng.Float64() < c.rate
	after := int64(500 + c.rng.IntN(40000))
	if cut {
		c.cuts++
	}
	c.mu.Unlock()
	go io.Copy(out, in)
	if cut {
		io.CopyN(in, out, after)
		return
	}
	io.Copy(in, out)
}

func (c *cutter) setRate(r float64) {
	c.mu.Lock()
	c.rate = r
	c.mu.Unlock()
}

func (c *cutter) cutSoFar() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cuts
}
