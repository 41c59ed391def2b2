package client_test

import (
	"context"
	"io"
	"math/rand/v2"
	"net"
	"sync"
	"testing"
	"time"

	"homeward/model"
	"homeward/sync/client"
	"homeward/sync/protocol"
	"homeward/sync/server"
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
