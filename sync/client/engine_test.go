package client_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
	"homeward/sync/client"
	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/sync/server/postgres"
	"homeward/sync/server/servertest"
	"homeward/sync/server/sqlite"
	"homeward/vault"
)

// org is a central store on a loopback TLS port with its backend.
type org struct {
	t    testing.TB
	b    server.Backend
	dir  string // the SQLite backend's folder; "" on PostgreSQL
	addr string
	cert []byte
}

func newOrg(t testing.TB) *org {
	dir := t.TempDir()
	b, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	o := orgOn(t, b)
	o.dir = dir
	return o
}

// newPostgresOrg is an org whose central store is PostgreSQL, in a schema of
// its own (servertest.PostgresSchema).
func newPostgresOrg(t testing.TB) *org {
	b, err := postgres.Open(context.Background(), servertest.PostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	return orgOn(t, b)
}

func orgOn(t testing.TB, b server.Backend) *org {
	t.Cleanup(func() { b.Close() }) // after the server, which Serve stops first
	servertest.InitOrg(t, b)
	addr, cert := servertest.Serve(t, server.New(b))
	return &org{t: t, b: b, addr: addr, cert: cert}
}

// onBackends runs a benchmark with an org on each backend.
func onBackends(b *testing.B, bench func(b *testing.B, newOrg func(testing.TB) *org)) {
	b.Run("sqlite", func(b *testing.B) { bench(b, newOrg) })
	b.Run("postgres", func(b *testing.B) { bench(b, newPostgresOrg) })
}

// device is a real profile enrolled with the org as a user with a role.
type device struct {
	s *store.Store
	e *client.Engine
}

func (o *org) device(name, role, team string) *device {
	t := o.t
	u := server.User{ID: "u-" + strings.ToLower(strings.Fields(name)[0]), Name: name, Role: role, Team: team}
	code := servertest.Code(t, o.b, u, o.addr, o.cert)
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	pr := model.RolePractitioner
	if role == protocol.RoleSupervisor {
		pr = model.RoleSupervisor
	}
	s, err := store.Create(filepath.Join(t.TempDir(), "profile.db"), store.Profile{Name: name, Role: pr}, []byte("a made-up passphrase"), kdf)
	if err != nil {
		t.Fatal(err)
	}
	c := client.Dial(code, s)
	who, err := c.Enrol(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetEnrolment(store.Enrolment{Addr: code.Addr, Pin: code.Fingerprint[:], UserID: who.UserID, Name: who.Name, Role: who.Role, Team: who.Team, DeviceID: who.DeviceID}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); s.Close() })
	return &device{s: s, e: &client.Engine{Conn: c, Store: s}}
}

func (d *device) sync(t *testing.T) client.Report {
	t.Helper()
	r, err := d.e.SyncOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func child(name string) model.Child {
	return model.Child{Name: name, DateOfBirth: time.Date(2012, 3, 4, 0, 0, 0, 0, time.UTC), Placement: "place.foster", LookedAfter: true, AllocatedWorker: "Ann Worker"}
}

func TestPractitionerToSupervisor(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	sid := o.device("Sid Lead", protocol.RoleSupervisor, "South")

	caseID, _ := ann.s.NewCase()
	childID := ann.s.NewRecordID()
	v1, err := ann.s.Save(caseID, childID, nil, child("Riley Madeup"))
	if err != nil {
		t.Fatal(err)
	}
	if r := ann.sync(t); r.Pushed != 1 || r.Quarantined != 0 {
		t.Fatalf("Ann's sync: %+v", r)
	}
	if ann.s.Pending() != 0 {
		t.Fatalf("%d still waiting", ann.s.Pending())
	}
	r := sue.sync(t)
	if r.Pulled != 1 || r.Keys != 1 || len(r.Refused) != 0 {
		t.Fatalf("Sue's sync: %+v", r)
	}
	got, ok := sue.s.Summary(caseID)
	if !ok || got.Child.Value.Name != "Riley Madeup" {
		t.Fatalf("Sue's caseload: %+v %v", got, ok)
	}
	c, ok := sue.s.Case(caseID)
	if !ok || c.Child.VersionID != v1 {
		t.Fatalf("Sue's case: %+v", c)
	}
	for _, d := range []*device{ben, sid} {
		if r := d.sync(t); r.Pulled != 0 || r.Keys != 0 {
			t.Fatalf("a device of someone not on the case pulled it: %+v", r)
		}
		if _, ok := d.s.Summary(caseID); ok {
			t.Fatal("a device of someone not on the case holds it")
		}
	}

	// The server holds ciphertext only: no trace of the child's name in any
	// of its files, the WAL included.
	files, _ := filepath.Glob(filepath.Join(o.dir, "*"))
	seen := false // the case ID is in the clear: the scan does read the data
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("Riley")) || bytes.Contains(b, []byte("Madeup")) {
			t.Fatalf("%s holds the child's name in plain text", filepath.Base(f))
		}
		seen = seen || bytes.Contains(b, []byte(caseID))
	}
	if !seen {
		t.Fatalf("the scan of %d files found not even the case ID", len(files))
	}

	// An edit by the supervisor reaches Ann.
	edited := child("Riley Madeup")
	edited.AllocatedWorker = "Ann Worker (supervised)"
	if _, err := sue.s.Save(caseID, childID, []string{v1}, edited); err != nil {
		t.Fatal(err)
	}
	if r := sue.sync(t); r.Pushed != 1 {
		t.Fatalf("Sue's push: %+v", r)
	}
	if r := ann.sync(t); r.Pulled != 1 {
		t.Fatalf("Ann's pull: %+v", r)
	}
	if c, _ := ann.s.Case(caseID); c.Child.Value.AllocatedWorker != "Ann Worker (supervised)" || c.Child.Conflict {
		t.Fatalf("Ann sees %+v", c.Child)
	}
	// Again: nothing new, nothing twice.
	if r := ann.sync(t); r.Pulled != 0 || r.Pushed != 0 {
		t.Fatalf("a second sync moved %+v", r)
	}
	// Ben is not assigned: his push to the case is refused and set aside,
	// and his other work still goes.
	if _, err := ben.s.Save(caseID, ben.s.NewRecordID(), nil, child("Not Ben's")); err == nil {
		t.Fatal("Ben saved to a case he holds no key for")
	}
}

func TestOfflineEditsConflictAndMerge(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	caseID, _ := ann.s.NewCase()
	childID := ann.s.NewRecordID()
	v1, _ := ann.s.Save(caseID, childID, nil, child("Riley Madeup"))
	ann.sync(t)
	sue.sync(t)

	a, s := child("Riley Madeup"), child("Riley Madeup")
	a.AllocatedWorker, s.AllocatedWorker = "Ann's edit", "Sue's edit"
	va, _ := ann.s.Save(caseID, childID, []string{v1}, a)
	vs, _ := sue.s.Save(caseID, childID, []string{v1}, s)
	ann.sync(t)
	sue.sync(t)
	ann.sync(t)
	for _, d := range []*device{ann, sue} {
		heads, err := d.s.Heads(childID)
		if err != nil || len(heads) != 2 {
			t.Fatalf("after both synced: %d heads, want the conflict of two (%v)", len(heads), err)
		}
		if d.s.Conflicts() != 1 {
			t.Fatalf("%d conflicts counted", d.s.Conflicts())
		}
	}
	merged := child("Riley Madeup")
	merged.AllocatedWorker = "Ann's edit, and Sue's"
	if _, err := ann.s.Save(caseID, childID, []string{va, vs}, merged); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	sue.sync(t)
	for _, d := range []*device{ann, sue} {
		c, _ := d.s.Case(caseID)
		if c.Child.Conflict || c.Child.Value.AllocatedWorker != merged.AllocatedWorker || d.s.Conflicts() != 0 {
			t.Fatalf("after the merge: %+v", c.Child)
		}
	}
}

func TestRefusedVersionIsQuarantinedAndHoldsNothingBack(t *testing.T) {
	o := newOrg(t)
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	caseID, _ := ben.s.NewCase()
	ben.s.Save(caseID, ben.s.NewRecordID(), nil, child("Riley Madeup"))
	ben.sync(t)
	// Ben is taken off the case on the server, and saves to it offline, and
	// to a case of his own.
	if err := o.b.Unassign(context.Background(), caseID, "u-ben"); err != nil {
		t.Fatal(err)
	}
	late, _ := ben.s.Save(caseID, ben.s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "made-up words", Share: model.ShareTeam})
	other, _ := ben.s.NewCase()
	ben.s.Save(other, ben.s.NewRecordID(), nil, child("Sam Madeup"))
	r := ben.sync(t)
	if r.Quarantined != 1 || r.Pushed != 1 {
		t.Fatalf("%+v", r)
	}
	q := ben.s.QuarantinedVersions()
	if len(q) != 1 || q[0].VersionID != late || !strings.Contains(q[0].Reason, "assign") {
		t.Fatalf("quarantine: %+v", q)
	}
	if ben.s.Pending() != 1 {
		t.Fatalf("the refused version is no longer kept: %d waiting", ben.s.Pending())
	}
	if r := ben.sync(t); r.Quarantined != 0 || r.Pushed != 0 {
		t.Fatalf("the quarantined version was sent again unasked: %+v", r)
	}
	if err := o.b.Assign(context.Background(), caseID, "u-ben"); err != nil {
		t.Fatal(err)
	}
	if err := ben.s.SendAgain(late); err != nil {
		t.Fatal(err)
	}
	if r := ben.sync(t); r.Pushed != 1 || ben.s.Pending() != 0 || len(ben.s.QuarantinedVersions()) != 0 {
		t.Fatalf("sent again: %+v, %d waiting", r, ben.s.Pending())
	}
}

// TestFirstSyncProgress: a long first sync tells its progress after each
// page, counted against what the server held for the device when it began.
func TestFirstSyncProgress(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	caseID, _ := ann.s.NewCase()
	for range 1200 {
		if _, err := ann.s.Save(caseID, ann.s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "made-up words", Share: model.ShareTeam}); err != nil {
			t.Fatal(err)
		}
	}
	ann.sync(t)
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	var seen []client.Report
	sue.e.Progress = func(r client.Report) { seen = append(seen, r) }
	sue.sync(t)
	// Pages of 500 changes; the first also carries the organisation's devices.
	if len(seen) != 3 {
		t.Fatalf("%d reports of progress, want one a page", len(seen))
	}
	for i, r := range seen {
		if r.Waiting != 1200 || r.Received > 500*(i+1) || i > 0 && r.Received <= seen[i-1].Received {
			t.Fatalf("page %d: %d of %d", i, r.Received, r.Waiting)
		}
	}
	if last := seen[2]; last.Received != 1200 {
		t.Fatalf("at the end: %d of %d", last.Received, last.Waiting)
	}
}

// BenchmarkFirstSync10k is a supervisor's device joining a team whose
// practitioner has 10,000 versions on the server: the first sync's versions
// applied and indexed a second, end to end over TLS on loopback.
func BenchmarkFirstSync10k(b *testing.B) { onBackends(b, benchmarkFirstSync10k) }

func benchmarkFirstSync10k(b *testing.B, newOrg func(testing.TB) *org) {
	for b.Loop() {
		b.StopTimer()
		o := newOrg(b)
		o.practitionerWith10k()
		sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
		b.StartTimer()
		start := time.Now()
		r, err := sue.e.SyncOnce(context.Background())
		took := time.Since(start)
		if err != nil || r.Pulled != 10000 {
			b.Fatalf("pulled %d: %v", r.Pulled, err)
		}
		b.ReportMetric(float64(r.Pulled)/took.Seconds(), "versions/s")
	}
}

// practitionerWith10k enrols a practitioner of the North team with 20
// children of 500 versions each, all pushed.
func (o *org) practitionerWith10k() {
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	for c := range 20 {
		caseID, _ := ann.s.NewCase()
		ann.s.Save(caseID, ann.s.NewRecordID(), nil, child(fmt.Sprintf("Child %d Madeup", c)))
		for range 499 {
			if _, err := ann.s.Save(caseID, ann.s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: strings.Repeat("made-up words of a child ", 40), Share: model.ShareTeam}); err != nil {
				o.t.Fatal(err)
			}
		}
	}
	if _, err := ann.e.SyncOnce(context.Background()); err != nil {
		o.t.Fatal(err)
	}
}

func TestJoinKeepsTheEnrolment(t *testing.T) {
	o := newOrg(t)
	code := servertest.Code(t, o.b, server.User{ID: "u-ann", Name: "Ann Worker", Role: protocol.RolePractitioner, Team: "North"}, o.addr, o.cert)
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	path := filepath.Join(t.TempDir(), "profile.db")
	s, err := store.Create(path, store.Profile{Name: "Ann Worker", Role: model.RolePractitioner}, []byte("a made-up passphrase"), kdf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Connect(s); err == nil {
		t.Fatal("a profile not enrolled connected")
	}
	typo := []byte(code.String())
	if typo[3] == 'Z' {
		typo[3] = 'Y'
	} else {
		typo[3] = 'Z'
	}
	if _, err := client.Join(context.Background(), string(typo), s); !errors.Is(err, protocol.ErrBadCode) {
		t.Fatalf("a mistyped code: %v", err)
	}
	e, err := client.Join(context.Background(), strings.ToLower(code.String()), s)
	if err != nil || e.Name != "Ann Worker" || e.Team != "North" || e.Role != protocol.RolePractitioner {
		t.Fatalf("%+v %v", e, err)
	}
	if _, err := client.Join(context.Background(), code.String(), s); err == nil || !strings.Contains(err.Error(), "used") {
		t.Fatalf("the same code again: %v", err)
	}
	s.Close()
	s, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Unlock([]byte("a made-up passphrase")); err != nil {
		t.Fatal(err)
	}
	eng, err := client.Connect(s)
	if err != nil {
		t.Fatal(err)
	}
	caseID, _ := s.NewCase()
	s.Save(caseID, s.NewRecordID(), nil, child("Riley Madeup"))
	if r, err := eng.SyncOnce(context.Background()); err != nil || r.Pushed != 1 {
		t.Fatalf("%+v %v", r, err)
	}
}
