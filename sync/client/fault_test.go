package client_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"homeward/model"
	"homeward/sync/client"
	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/sync/server/servertest"
	"homeward/sync/server/sqlite"
	"homeward/vault"
)

// cutter is a TCP proxy on loopback that cuts some connections in the middle
// of the server's answer: a dropped connection in the middle of a push or a
// pull, as a tablet losing signal sees it.
type cutter struct {
	ln   net.Listener
	to   string
	mu   sync.Mutex
	rng  *rand.Rand
	rate float64 // the share of connections cut
	cuts int
}

func newCutter(t *testing.T, to string, seed uint64) *cutter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{ln: ln, to: to, rng: rand.New(rand.NewPCG(seed, 1))}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			go c.serve(in)
		}
	}()
	return c
}

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

func (c *cutter) cutSoFar() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cuts
}

func (c *cutter) setRate(r float64) {
	c.mu.Lock()
	c.rate = r
	c.mu.Unlock()
}

// syncUntilDone syncs until a sync goes through, as the engine's retries do.
func syncUntilDone(t *testing.T, d *device) {
	t.Helper()
	for range 200 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := d.e.SyncOnce(ctx)
		cancel()
		if err == nil {
			return
		}
		d.e.Conn.Close() // drop what the cut left behind
	}
	t.Fatal("no sync went through in 200 tries")
}

// TestCutConnectionsLoseNothing cuts every connection somewhere in its first 40 KB in the middle of
// pushes and pulls, repeats pushes whose answers were lost, and checks that
// both devices and the server hold every version once.
func TestCutConnectionsLoseNothing(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	cut := newCutter(t, o.addr, 7)
	for _, d := range []*device{ann, sue} {
		d.e.Conn = reDial(t, o, cut.ln.Addr().String(), d)
		d.e.Batch = 7
	}
	cut.setRate(1)
	caseID, _ := ann.s.NewCase()
	made := map[string]bool{}
	for i := range 40 {
		v, err := ann.s.Save(caseID, ann.s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "made-up words", Share: model.ShareTeam})
		if err != nil {
			t.Fatal(err)
		}
		made[v] = true
		if i%10 == 9 {
			syncUntilDone(t, ann)
			syncUntilDone(t, sue)
		}
	}
	syncUntilDone(t, ann)
	syncUntilDone(t, sue)
	if n := cut.cutSoFar(); n < 5 {
		t.Fatalf("only %d connections were cut", n)
	}
	if ann.s.Pending() != 0 {
		t.Fatalf("%d still waiting", ann.s.Pending())
	}
	c, ok := sue.s.Case(caseID)
	if !ok || len(c.Voices) != 40 {
		t.Fatalf("Sue holds %d of 40 entries", len(c.Voices))
	}
	p, err := o.b.Pull(context.Background(), server.User{ID: "u-sue", Role: protocol.RoleSupervisor, Team: "North"}, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ch := range p.Changes {
		if ch.Kind == protocol.KindVersion {
			n++
		}
	}
	if n != 40 {
		t.Fatalf("the server holds %d versions, want each of 40 once", n)
	}
	t.Logf("%d connections cut", cut.cutSoFar())
}

// TestPulledButNotStored is a device that received a page and was killed
// before it stored it: the cursor did not move, and the next sync brings it
// again, once.
func TestPulledButNotStored(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	caseID, _ := ann.s.NewCase()
	ann.s.Save(caseID, ann.s.NewRecordID(), nil, child("Riley Madeup"))
	ann.sync(t)
	if p, err := sue.e.Conn.Pull(context.Background(), sue.s.Cursor(), 500); err != nil || len(p.Changes) == 0 {
		t.Fatalf("%+v %v", p, err)
	}
	if r := sue.sync(t); r.Pulled != 1 || r.Keys != 1 {
		t.Fatalf("%+v", r)
	}
	if r := sue.sync(t); r.Pulled != 0 {
		t.Fatalf("pulled again: %+v", r)
	}
}

func reDial(t *testing.T, o *org, addr string, d *device) *client.Conn {
	code, err := protocol.NewCode(addr, o.cert)
	if err != nil {
		t.Fatal(err)
	}
	c := client.DialAddr(addr, code, d.s)
	t.Cleanup(c.Close)
	return c
}

// restarter is a central store on one loopback port over one SQLite folder
// that a test stops and starts again: the server process restarted. A request
// it is told to die on is done in full, half its answer is sent, and the
// connection is dropped: the process killed after it committed and before it
// answered.
type restarter struct {
	t    *testing.T
	o    *org
	hs   *httptest.Server
	dies atomic.Value // func(*http.Request) bool
	died chan struct{}
}

func newRestarter(t *testing.T) *restarter {
	o := &org{t: t, dir: t.TempDir()}
	r := &restarter{t: t, o: o, died: make(chan struct{}, 1)}
	r.dies.Store(func(*http.Request) bool { return false })
	r.start("127.0.0.1:0")
	servertest.InitOrg(t, o.b)
	t.Cleanup(r.stop)
	return r
}

func (r *restarter) start(addr string) {
	b, err := sqlite.Open(context.Background(), r.o.dir)
	if err != nil {
		r.t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		r.t.Fatal(err)
	}
	inner := server.New(b).Handler()
	hs := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !r.dies.Load().(func(*http.Request) bool)(req) {
			inner.ServeHTTP(w, req)
			return
		}
		rec := httptest.NewRecorder()
		inner.ServeHTTP(rec, req)
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes()[:rec.Body.Len()/2])
		w.(http.Flusher).Flush()
		r.died <- struct{}{}
		panic(http.ErrAbortHandler)
	}))
	hs.Listener.Close()
	hs.Listener = ln
	hs.EnableHTTP2 = true
	hs.TLS = &tls.Config{MinVersion: tls.VersionTLS13}
	hs.StartTLS()
	cert, err := x509.ParseCertificate(hs.TLS.Certificates[0].Certificate[0])
	if err != nil {
		r.t.Fatal(err)
	}
	if r.o.cert != nil && !bytes.Equal(cert.Raw, r.o.cert) {
		r.t.Fatal("the restarted server has another certificate: the pin would refuse it")
	}
	r.hs, r.o.b, r.o.addr, r.o.cert = hs, b, ln.Addr().String(), cert.Raw
}

func (r *restarter) stop() {
	if r.hs != nil {
		r.hs.Close()
		r.o.b.Close()
		r.hs = nil
	}
}

// dieOn makes the server die once, on the nth request to path from now on.
func (r *restarter) dieOn(path string, nth int32) {
	var n atomic.Int32
	r.dies.Store(func(req *http.Request) bool { return req.URL.Path == path && n.Add(1) == nth })
}

// restartAfterDeath waits for the server to die, and starts it again on the
// same port and data after down.
func (r *restarter) restartAfterDeath(down time.Duration) {
	r.t.Helper()
	select {
	case <-r.died:
	case <-time.After(30 * time.Second):
		r.t.Fatal("the server was never told to die")
	}
	addr := r.o.addr
	r.dies.Store(func(*http.Request) bool { return false })
	r.stop()
	time.Sleep(down)
	r.start(addr)
}

// running is a device's engine in the background, as the app runs it, with
// what it told its status.
type running struct {
	cancel       context.CancelFunc
	done         chan struct{}
	fails, syncs atomic.Int32
}

func runInBackground(d *device) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		d.e.Run(ctx, 20*time.Millisecond, func(_ client.Report, err error) {
			if err != nil {
				r.fails.Add(1)
			} else {
				r.syncs.Add(1)
			}
		})
	}()
	return r
}

func (r *running) stop() {
	r.cancel()
	<-r.done
}

// waitFor polls cond until it holds, for at most 30 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 600 {
		if cond() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("after 30 seconds: %s", what)
}

// TestServerRestartedMidSync kills the server after it committed a push batch
// and before it answered, and again in the middle of a pull page, and starts
// it again on the same data each time. The engines, left running in the
// background, find their way back by themselves (Run's backoff): nothing is
// lost and nothing is held twice, on the server or on the devices.
func TestServerRestartedMidSync(t *testing.T) {
	rs := newRestarter(t)
	ann := rs.o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := rs.o.device("Sue Lead", protocol.RoleSupervisor, "North")
	ann.e.Batch = 100
	caseID, _ := ann.s.NewCase()
	const n = 1100 // eleven push batches, and three pull pages
	for range n {
		if _, err := ann.s.Save(caseID, ann.s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "made-up words", Share: model.ShareTeam}); err != nil {
			t.Fatal(err)
		}
	}

	// Between push batches: the fourth is stored, its answer never comes.
	rs.dieOn(protocol.PathPush, 4)
	annRun := runInBackground(ann)
	rs.restartAfterDeath(300 * time.Millisecond)
	waitFor(t, "Ann's versions all pushed", func() bool { return ann.s.Pending() == 0 })
	annRun.stop()
	if annRun.fails.Load() == 0 {
		t.Fatal("Ann's engine never saw the server go")
	}

	// In the middle of the second page of Sue's first sync.
	rs.dieOn(protocol.PathPull, 2)
	sueRun := runInBackground(sue)
	rs.restartAfterDeath(300 * time.Millisecond)
	waitFor(t, "Sue holds every version", func() bool {
		c, ok := sue.s.Case(caseID)
		return ok && len(c.Voices) == n
	})
	sueRun.stop()
	if sueRun.fails.Load() == 0 {
		t.Fatal("Sue's engine never saw the server go")
	}

	if q := ann.s.QuarantinedVersions(); len(q) != 0 {
		t.Fatalf("%d versions quarantined: %+v", len(q), q[0])
	}
	if r := sue.sync(t); r.Pulled != 0 || r.Pushed != 0 {
		t.Fatalf("a sync after both came back moved %+v", r)
	}
	p, err := rs.o.b.Pull(context.Background(), server.User{ID: "u-sue", Role: protocol.RoleSupervisor, Team: "North"}, 0, 5000)
	if err != nil {
		t.Fatal(err)
	}
	held := map[string]int{}
	for _, ch := range p.Changes {
		if ch.Kind == protocol.KindVersion {
			env, err := vault.UnmarshalEnvelope(ch.Data)
			if err != nil {
				t.Fatal(err)
			}
			held[env.VersionID]++
		}
	}
	for id, k := range held {
		if k != 1 {
			t.Fatalf("the server holds %s %d times", id, k)
		}
	}
	if len(held) != n {
		t.Fatalf("the server holds %d versions, want %d", len(held), n)
	}
	t.Logf("Ann: %d failed tries, %d syncs; Sue: %d failed tries, %d syncs", annRun.fails.Load(), annRun.syncs.Load(), sueRun.fails.Load(), sueRun.syncs.Load())
}
