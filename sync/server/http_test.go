package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/sync/server/sqlite"
	"homeward/vault"
)

// rig is a server over a fresh SQLite backend, on a loopback test listener.
type rig struct {
	t   *testing.T
	b   server.Backend
	s   *server.Server
	url string
	now time.Time
}

func newRig(t *testing.T) *rig {
	b, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, b: b, now: time.Now()}
	if err := b.Init(context.Background(), server.Org{Name: "Test Borough", RecoveryBox: make([]byte, 32), RecoverySign: make([]byte, 32), TokenKey: []byte("a token key of thirty-two bytes!")}); err != nil {
		t.Fatal(err)
	}
	r.s = server.New(b)
	r.s.Now = func() time.Time { return r.now }
	r.s.Log = nil
	hs := httptest.NewServer(r.s.Handler())
	r.url = hs.URL
	t.Cleanup(func() { hs.Close(); b.Close() })
	return r
}

// code makes a one-time code for a new user.
func (r *rig) code(name, role, team string) []byte {
	u := server.User{ID: "u-" + strings.ToLower(strings.Fields(name)[0]), Name: name, Role: role, Team: team}
	if err := r.b.AddUser(context.Background(), u); err != nil {
		r.t.Fatal(err)
	}
	secret := []byte(fmt.Sprintf("%-10.10s", name))
	if err := r.b.AddEnrolment(context.Background(), server.Enrolment{SecretHash: protocol.SecretHash(secret), User: u, Expires: r.now.Add(time.Hour)}); err != nil {
		r.t.Fatal(err)
	}
	return secret
}

func (r *rig) do(method, path, token string, body []byte) (int, []byte) {
	req, _ := http.NewRequest(method, r.url+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func (r *rig) json(path, token string, in, out any) int {
	b, _ := json.Marshal(in)
	status, body := r.do("POST", path, token, b)
	if out != nil && status == http.StatusOK {
		if err := json.Unmarshal(body, out); err != nil {
			r.t.Fatalf("%s: %v: %s", path, err, body)
		}
	}
	return status
}

// device is an app's identity, enrolled and logged in.
type device struct {
	id    *vault.Identity
	token string
}

func (r *rig) enrol(secret []byte) (*device, int) {
	id, _ := vault.NewIdentity()
	pub := id.Public()
	var got protocol.EnrolResponse
	status := r.json(protocol.PathEnrol, "", protocol.EnrolRequest{Secret: secret, BoxPub: pub.Box[:], SignPub: pub.Sign}, &got)
	if status == http.StatusOK && got.DeviceID != id.DeviceID() {
		r.t.Fatalf("enrolled as %s, want %s", got.DeviceID, id.DeviceID())
	}
	return &device{id: id}, status
}

func (r *rig) login(d *device) int {
	var ch protocol.ChallengeResponse
	if s := r.json(protocol.PathChallenge, "", protocol.ChallengeRequest{DeviceID: d.id.DeviceID()}, &ch); s != http.StatusOK {
		return s
	}
	var tok protocol.LoginResponse
	s := r.json(protocol.PathLogin, "", protocol.LoginRequest{DeviceID: d.id.DeviceID(), Challenge: ch.Challenge, Sig: d.id.SignStatement(protocol.LoginLabel, ch.Challenge)}, &tok)
	d.token = tok.Token
	return s
}

func (r *rig) mustDevice(secret []byte) *device {
	d, status := r.enrol(secret)
	if status != http.StatusOK {
		r.t.Fatalf("enrol: %d", status)
	}
	if s := r.login(d); s != http.StatusOK {
		r.t.Fatalf("login: %d", s)
	}
	return d
}

func sealed(t *testing.T, d *device, ck *vault.CaseKey, text string) []byte {
	e, err := vault.Seal(vault.Header{VersionID: vault.NewVersionID(), RecordID: "rec-1", CaseID: ck.CaseID, KeyEpoch: ck.Epoch, Schema: 1}, []byte(text), ck, d.id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := e.MarshalBinary()
	return b
}

func (r *rig) push(d *device, items ...[]byte) (int, protocol.PushResponse) {
	status, body := r.do("POST", protocol.PathPush, d.token, protocol.EncodePush(items))
	var res protocol.PushResponse
	if status == http.StatusOK {
		json.Unmarshal(body, &res)
	}
	return status, res
}

func (r *rig) pull(d *device, cursor int64) (int, protocol.Pulled) {
	status, body := r.do("GET", fmt.Sprintf("%s?cursor=%d", protocol.PathPull, cursor), d.token, nil)
	if status != http.StatusOK {
		return status, protocol.Pulled{}
	}
	p, err := protocol.DecodePull(body)
	if err != nil {
		r.t.Fatal(err)
	}
	return status, p
}

func versions(p protocol.Pulled) int {
	n := 0
	for _, c := range p.Changes {
		if c.Kind == protocol.KindVersion {
			n++
		}
	}
	return n
}

func TestEnrolLoginPushPull(t *testing.T) {
	r := newRig(t)
	ann := r.mustDevice(r.code("Ann Worker", protocol.RolePractitioner, "North"))
	sue := r.mustDevice(r.code("Sue Lead", protocol.RoleSupervisor, "North"))
	ck, _ := vault.NewCaseKey("case-1", 1)
	v := sealed(t, ann, ck, "a made-up child's words")
	status, res := r.push(ann, v, v)
	if status != http.StatusOK || res.Results[0].Status != protocol.Accepted || res.Results[1].Status != protocol.Duplicate {
		t.Fatalf("%d %+v", status, res)
	}
	_, p := r.pull(sue, 0)
	if versions(p) != 1 {
		t.Fatalf("the supervisor pulled %d versions", versions(p))
	}
	for _, c := range p.Changes {
		if c.Kind == protocol.KindVersion && !bytes.Equal(c.Data, v) {
			t.Fatal("the pulled version is not the pushed bytes")
		}
	}
	if wire, env := len(protocol.EncodePush([][]byte{v})), len(v); float64(wire) > 1.2*float64(env) {
		t.Fatalf("%d bytes on the wire for an envelope of %d", wire, env)
	}
}

func TestRefusals(t *testing.T) {
	r := newRig(t)
	secret := r.code("Ann Worker", protocol.RolePractitioner, "North")
	ann := r.mustDevice(secret)
	ben := r.mustDevice(r.code("Ben Worker", protocol.RolePractitioner, "North"))
	ck, _ := vault.NewCaseKey("case-1", 1)
	if s, _ := r.push(ann, sealed(t, ann, ck, "first")); s != http.StatusOK {
		t.Fatal(s)
	}
	_, before := r.pull(ann, 0)

	t.Run("reused code", func(t *testing.T) {
		if _, s := r.enrol(secret); s != http.StatusConflict {
			t.Fatalf("%d", s)
		}
	})
	t.Run("unknown code", func(t *testing.T) {
		if _, s := r.enrol([]byte("0123456789")); s != http.StatusForbidden {
			t.Fatalf("%d", s)
		}
	})
	t.Run("unenrolled device", func(t *testing.T) {
		id, _ := vault.NewIdentity()
		if s := r.login(&device{id: id}); s != http.StatusUnauthorized {
			t.Fatalf("%d", s)
		}
	})
	t.Run("forged signature", func(t *testing.T) {
		var ch protocol.ChallengeResponse
		r.json(protocol.PathChallenge, "", protocol.ChallengeRequest{DeviceID: ann.id.DeviceID()}, &ch)
		if s := r.json(protocol.PathLogin, "", protocol.LoginRequest{DeviceID: ann.id.DeviceID(), Challenge: ch.Challenge, Sig: ben.id.SignStatement(protocol.LoginLabel, ch.Challenge)}, nil); s != http.StatusUnauthorized {
			t.Fatalf("%d", s)
		}
	})
	t.Run("replayed login", func(t *testing.T) {
		var ch protocol.ChallengeResponse
		r.json(protocol.PathChallenge, "", protocol.ChallengeRequest{DeviceID: ann.id.DeviceID()}, &ch)
		req := protocol.LoginRequest{DeviceID: ann.id.DeviceID(), Challenge: ch.Challenge, Sig: ann.id.SignStatement(protocol.LoginLabel, ch.Challenge)}
		if s := r.json(protocol.PathLogin, "", req, nil); s != http.StatusOK {
			t.Fatalf("first: %d", s)
		}
		if s := r.json(protocol.PathLogin, "", req, nil); s != http.StatusUnauthorized {
			t.Fatalf("replayed: %d", s)
		}
	})
	t.Run("forged token", func(t *testing.T) {
		forged := []byte(ann.token)
		forged[len(forged)-3] ^= 1
		if s, _ := r.do("GET", protocol.PathPull+"?cursor=0", string(forged), nil); s != http.StatusUnauthorized {
			t.Fatalf("%d", s)
		}
		if s, _ := r.do("GET", protocol.PathPull+"?cursor=0", "", nil); s != http.StatusUnauthorized {
			t.Fatalf("no token: %d", s)
		}
	})
	t.Run("expired token", func(t *testing.T) {
		r.now = r.now.Add(server.TokenTTL + time.Second)
		defer func() { r.now = r.now.Add(-server.TokenTTL - time.Second) }()
		if s, _ := r.pull(ann, 0); s != http.StatusUnauthorized {
			t.Fatalf("%d", s)
		}
	})
	t.Run("not the author", func(t *testing.T) {
		_, res := r.push(ben, sealed(t, ann, ck, "sent by another device"))
		if res.Results[0].Status != protocol.Rejected {
			t.Fatalf("%+v", res)
		}
	})
	t.Run("not assigned", func(t *testing.T) {
		_, res := r.push(ben, sealed(t, ben, ck, "a case not Ben's"))
		if res.Results[0].Status != protocol.Rejected || !strings.Contains(res.Results[0].Reason, "assigned") {
			t.Fatalf("%+v", res)
		}
		if _, p := r.pull(ben, 0); versions(p) != 0 {
			t.Fatal("Ben pulled Ann's case")
		}
	})
	t.Run("changed version", func(t *testing.T) {
		v := sealed(t, ann, ck, "changed on the way")
		v[len(v)/2] ^= 1
		_, res := r.push(ann, v)
		if res.Results[0].Status != protocol.Rejected {
			t.Fatalf("%+v", res)
		}
	})
	t.Run("malformed bodies", func(t *testing.T) {
		for _, body := range [][]byte{nil, []byte("HWB\x01\xff\xff\xff\xff"), []byte("not a batch"), protocol.EncodePush([][]byte{[]byte("not an envelope")})} {
			s, b := r.do("POST", protocol.PathPush, ann.token, body)
			if s != http.StatusBadRequest && !(s == http.StatusOK && strings.Contains(string(b), protocol.Rejected)) {
				t.Fatalf("%q: %d %s", body, s, b)
			}
		}
		if s, _ := r.do("GET", protocol.PathPull+"?cursor=-1", ann.token, nil); s != http.StatusBadRequest {
			t.Fatalf("a negative cursor: %d", s)
		}
		if s, _ := r.do("POST", protocol.PathEnrol, "", []byte(`{"secret": 7}`)); s != http.StatusBadRequest {
			t.Fatalf("a wrong type: %d", s)
		}
	})
	t.Run("too large", func(t *testing.T) {
		s, _ := r.do("POST", protocol.PathPush, ann.token, make([]byte, protocol.MaxBatchBytes+1))
		if s != http.StatusRequestEntityTooLarge {
			t.Fatalf("%d", s)
		}
	})
	t.Run("nothing stored", func(t *testing.T) {
		if _, after := r.pull(ann, 0); versions(after) != versions(before) {
			t.Fatalf("refused requests stored %d versions", versions(after)-versions(before))
		}
	})
	t.Run("too many requests", func(t *testing.T) {
		limited := 0
		for range 200 {
			if s, _ := r.pull(ann, 0); s == http.StatusTooManyRequests {
				limited++
			}
		}
		if limited == 0 {
			t.Fatal("200 requests at once were all served")
		}
	})
	t.Run("revoked device", func(t *testing.T) {
		if err := r.b.Revoke(context.Background(), ann.id.DeviceID(), r.now); err != nil {
			t.Fatal(err)
		}
		if s, _ := r.push(ann, sealed(t, ann, ck, "after revocation")); s != http.StatusForbidden {
			t.Fatalf("push: %d", s)
		}
		if s := r.login(ann); s != http.StatusForbidden {
			t.Fatalf("login: %d", s)
		}
	})
}
