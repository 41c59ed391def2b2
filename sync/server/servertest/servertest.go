// Package servertest is the conformance suite every server.Backend passes:
// the same tests, run by each backend's own tests against a fresh store.
package servertest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"homeward/sync/protocol"
	"homeward/sync/server"
)

// Open makes a fresh, empty backend for one test.
type Open func(t *testing.T) server.Backend

// Run runs the suite against backends made by open.
func Run(t *testing.T, open Open) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T, server.Backend)
	}{
		{"Organisation", testOrg},
		{"Enrolment", testEnrolment},
		{"Revoke", testRevoke},
		{"PushAndDuplicates", testPush},
		{"WhoSeesWhat", testVisibility},
		{"PullPages", testPullPages},
		{"Members", testMembers},
		{"MoveCase", testMoveCase},
		{"EpochsAndMembershipChanges", testEpochs},
		{"ConcurrentPushesNeverSkipped", testConcurrent},
		{"TeamSettings", testTeam},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := open(t)
			t.Cleanup(func() { b.Close() })
			tc.fn(t, b)
		})
	}
}

var ctx = context.Background()

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// Team is a small organisation: two practitioners and a supervisor in team
// North, a supervisor in team South, and an admin; each with one device.
type Team struct {
	Ann, Ben, Sue, Sid, Ada server.User
	Dev                     map[string]server.Device // by user ID
}

// MustTeam makes Team in b.
func MustTeam(t *testing.T, b server.Backend) Team {
	t.Helper()
	if err := b.Init(ctx, server.Org{Name: "Test Borough", RecoveryBox: random(32), RecoverySign: random(32), TokenKey: random(32)}); err != nil {
		t.Fatal(err)
	}
	tm := Team{
		Ann: server.User{ID: "u-ann", Name: "Ann Worker", Role: protocol.RolePractitioner, Team: "North"},
		Ben: server.User{ID: "u-ben", Name: "Ben Worker", Role: protocol.RolePractitioner, Team: "North"},
		Sue: server.User{ID: "u-sue", Name: "Sue Lead", Role: protocol.RoleSupervisor, Team: "North"},
		Sid: server.User{ID: "u-sid", Name: "Sid Lead", Role: protocol.RoleSupervisor, Team: "South"},
		Ada: server.User{ID: "u-ada", Name: "Ada Admin", Role: protocol.RoleAdmin, Team: "North"},
		Dev: map[string]server.Device{},
	}
	for _, u := range []server.User{tm.Ann, tm.Ben, tm.Sue, tm.Sid, tm.Ada} {
		tm.Dev[u.ID] = MustEnrol(t, b, u)
	}
	return tm
}

// MustEnrol adds u and enrols a new device for them.
func MustEnrol(t *testing.T, b server.Backend, u server.User) server.Device {
	t.Helper()
	if err := b.AddUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	secret := random(protocol.SecretLen)
	if err := b.AddEnrolment(ctx, server.Enrolment{SecretHash: protocol.SecretHash(secret), User: u, Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	d := server.Device{ID: fmt.Sprintf("dev-%x", random(8)), BoxPub: random(32), SignPub: random(32)}
	got, err := b.Enrol(ctx, protocol.SecretHash(secret), d, time.Now())
	if err != nil || got != u {
		t.Fatalf("enrol %s: %+v %v", u.Name, got, err)
	}
	d.UserID = u.ID
	return d
}

func version(caseID, author string) server.Version {
	id := fmt.Sprintf("v-%x", random(8))
	return server.Version{ID: id, CaseID: caseID, Author: author, Envelope: []byte("ciphertext of " + id)}
}

func mustPush(t *testing.T, b server.Backend, u server.User, vs ...server.Version) []protocol.ItemResult {
	t.Helper()
	res, err := b.PutVersions(ctx, u, vs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// pullAll pulls everything u may see after cursor, page by page.
func pullAll(t *testing.T, b server.Backend, u server.User, cursor int64, limit int) ([]protocol.Change, int64) {
	t.Helper()
	var out []protocol.Change
	for range 10000 {
		p, err := b.Pull(ctx, u, cursor, limit)
		if err != nil {
			t.Fatal(err)
		}
		if p.Next < cursor {
			t.Fatalf("the cursor went back from %d to %d", cursor, p.Next)
		}
		out = append(out, p.Changes...)
		cursor = p.Next
		if !p.More {
			return out, cursor
		}
	}
	t.Fatal("pull never ended")
	return nil, 0
}

func versionsIn(cs []protocol.Change) []string {
	var out []string
	for _, c := range cs {
		if c.Kind == protocol.KindVersion {
			out = append(out, string(c.Data))
		}
	}
	return out
}

func testOrg(t *testing.T, b server.Backend) {
	if _, err := b.Org(ctx); !errors.Is(err, server.ErrNoOrg) {
		t.Fatalf("an empty store has an organisation: %v", err)
	}
	o := server.Org{Name: "Test Borough", RecoveryBox: random(32), RecoverySign: random(32), TokenKey: random(32)}
	if err := b.Init(ctx, o); err != nil {
		t.Fatal(err)
	}
	if err := b.Init(ctx, server.Org{Name: "Another", RecoveryBox: random(32), RecoverySign: random(32), TokenKey: random(32)}); !errors.Is(err, server.ErrExists) {
		t.Fatalf("a second init: %v", err)
	}
	got, err := b.Org(ctx)
	if err != nil || got.Name != o.Name || string(got.TokenKey) != string(o.TokenKey) {
		t.Fatalf("%+v %v", got, err)
	}
}

func testEnrolment(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	secret := random(protocol.SecretLen)
	if err := b.AddEnrolment(ctx, server.Enrolment{SecretHash: protocol.SecretHash(secret), User: tm.Ann, Expires: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	d := server.Device{ID: "dev-second", BoxPub: random(32), SignPub: random(32)}
	if _, err := b.Enrol(ctx, protocol.SecretHash(random(protocol.SecretLen)), d, time.Now()); !errors.Is(err, server.ErrBadCode) {
		t.Fatalf("an unknown code: %v", err)
	}
	if _, err := b.Enrol(ctx, protocol.SecretHash(secret), d, time.Now()); err != nil {
		t.Fatal(err)
	}
	d2 := server.Device{ID: "dev-third", BoxPub: random(32), SignPub: random(32)}
	if _, err := b.Enrol(ctx, protocol.SecretHash(secret), d2, time.Now()); !errors.Is(err, server.ErrUsedCode) {
		t.Fatalf("a used code: %v", err)
	}
	if _, err := b.Device(ctx, "dev-third"); !errors.Is(err, server.ErrNoDevice) {
		t.Fatalf("a refused enrolment stored its device: %v", err)
	}
	late := random(protocol.SecretLen)
	b.AddEnrolment(ctx, server.Enrolment{SecretHash: protocol.SecretHash(late), User: tm.Ann, Expires: time.Now().Add(-time.Minute)})
	if _, err := b.Enrol(ctx, protocol.SecretHash(late), d2, time.Now()); !errors.Is(err, server.ErrBadCode) {
		t.Fatalf("an expired code: %v", err)
	}
	if err := b.AddEnrolment(ctx, server.Enrolment{SecretHash: random(32), User: server.User{ID: "nobody"}, Expires: time.Now()}); !errors.Is(err, server.ErrNoUser) {
		t.Fatalf("a code for no one: %v", err)
	}
	got, err := b.Device(ctx, "dev-second")
	if err != nil || got.UserID != tm.Ann.ID || !got.Revoked.IsZero() {
		t.Fatalf("%+v %v", got, err)
	}
	all, _ := b.Devices(ctx)
	users, _ := b.Users(ctx)
	if len(all) != 6 || len(users) != 5 {
		t.Fatalf("%d devices, %d users", len(all), len(users))
	}
}

func testRevoke(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	d := tm.Dev[tm.Ben.ID]
	if err := b.Revoke(ctx, d.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, _ := b.Device(ctx, d.ID)
	if got.Revoked.IsZero() {
		t.Fatal("the device is not revoked")
	}
	if err := b.Revoke(ctx, "dev-none", time.Now()); !errors.Is(err, server.ErrNoDevice) {
		t.Fatal(err)
	}
}

func testPush(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	v1, v2 := version("case-1", tm.Dev[tm.Ann.ID].ID), version("case-1", tm.Dev[tm.Ann.ID].ID)
	res := mustPush(t, b, tm.Ann, v1, v2, v1)
	want := []string{protocol.Accepted, protocol.Accepted, protocol.Duplicate}
	for i, r := range res {
		if r.Status != want[i] || r.ID == "" {
			t.Fatalf("item %d: %+v", i, r)
		}
	}
	c, err := b.Case(ctx, "case-1")
	if err != nil || c.Team != "North" || !slices.Equal(c.Assigned, []string{tm.Ann.ID}) {
		t.Fatalf("a practitioner's new case: %+v %v", c, err)
	}
	if r := mustPush(t, b, tm.Ben, version("case-1", tm.Dev[tm.Ben.ID].ID)); r[0].Status != protocol.Rejected || r[0].Reason == "" {
		t.Fatalf("an unassigned practitioner: %+v", r)
	}
	if r := mustPush(t, b, tm.Sue, version("case-1", tm.Dev[tm.Sue.ID].ID)); r[0].Status != protocol.Accepted {
		t.Fatalf("the team's supervisor: %+v", r)
	}
	for _, u := range []server.User{tm.Sid, tm.Ada} {
		if r := mustPush(t, b, u, version("case-1", tm.Dev[u.ID].ID)); r[0].Status != protocol.Rejected {
			t.Fatalf("%s: %+v", u.Name, r)
		}
	}
	if r := mustPush(t, b, tm.Sue, version("case-new", tm.Dev[tm.Sue.ID].ID)); r[0].Status != protocol.Rejected {
		t.Fatalf("a supervisor made a case by pushing to it: %+v", r)
	}
	if _, err := b.Case(ctx, "case-new"); !errors.Is(err, server.ErrNoCase) {
		t.Fatalf("a rejected push made a case: %v", err)
	}
	if err := b.Assign(ctx, "case-1", tm.Ben.ID); err != nil {
		t.Fatal(err)
	}
	if r := mustPush(t, b, tm.Ben, version("case-1", tm.Dev[tm.Ben.ID].ID)); r[0].Status != protocol.Accepted {
		t.Fatalf("an assigned practitioner: %+v", r)
	}
	if err := b.Unassign(ctx, "case-1", tm.Ben.ID); err != nil {
		t.Fatal(err)
	}
	if r := mustPush(t, b, tm.Ben, version("case-1", tm.Dev[tm.Ben.ID].ID)); r[0].Status != protocol.Rejected {
		t.Fatalf("a practitioner taken off the case: %+v", r)
	}
	if err := b.Unassign(ctx, "case-1", tm.Ben.ID); !errors.Is(err, server.ErrNoCase) {
		t.Fatalf("taken off twice: %v", err)
	}
}

func testVisibility(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	ann := version("case-ann", tm.Dev[tm.Ann.ID].ID)
	ben := version("case-ben", tm.Dev[tm.Ben.ID].ID)
	mustPush(t, b, tm.Ann, ann)
	mustPush(t, b, tm.Ben, ben)
	wrap := server.Wrap{ID: "w-1", CaseID: "case-ann", Recipient: tm.Dev[tm.Sue.ID].ID, Signer: tm.Dev[tm.Ann.ID].ID, Data: []byte("wrapped for sue")}
	if r, err := b.PutWraps(ctx, tm.Ann, []server.Wrap{wrap, wrap}); err != nil || r[0].Status != protocol.Accepted || r[1].Status != protocol.Duplicate {
		t.Fatalf("%+v %v", r, err)
	}
	if r, _ := b.PutWraps(ctx, tm.Ben, []server.Wrap{{ID: "w-2", CaseID: "case-ann", Recipient: tm.Dev[tm.Ben.ID].ID, Data: []byte("x")}}); r[0].Status != protocol.Rejected {
		t.Fatalf("a practitioner wrapped a key of a case not theirs: %+v", r)
	}
	for _, tc := range []struct {
		u     server.User
		want  []string
		wraps int
	}{
		{tm.Ann, []string{string(ann.Envelope)}, 0},
		{tm.Ben, []string{string(ben.Envelope)}, 0},
		{tm.Sue, []string{string(ann.Envelope), string(ben.Envelope)}, 1},
		{tm.Sid, nil, 0},
		{tm.Ada, nil, 0},
	} {
		got, _ := pullAll(t, b, tc.u, 0, 100)
		if v := versionsIn(got); !slices.Equal(v, tc.want) {
			t.Errorf("%s sees %q, want %q", tc.u.Name, v, tc.want)
		}
		devices, wraps := 0, 0
		for _, c := range got {
			switch c.Kind {
			case protocol.KindDevice:
				devices++
			case protocol.KindWrap:
				wraps++
			}
			if c.Kind == protocol.KindVersion {
				cs, err := b.Case(ctx, map[string]string{string(ann.Envelope): "case-ann", string(ben.Envelope): "case-ben"}[string(c.Data)])
				if err != nil || !server.CanRead(tc.u, cs) {
					t.Errorf("%s pulled a version of a case CanRead refuses", tc.u.Name)
				}
			}
		}
		if devices != 5 || wraps != tc.wraps {
			t.Errorf("%s sees %d devices and %d wraps, want 5 and %d", tc.u.Name, devices, wraps, tc.wraps)
		}
	}
}

func testPullPages(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	var want []string
	for range 5 {
		var batch []server.Version
		for range 7 {
			v := version("case-p", tm.Dev[tm.Ann.ID].ID)
			batch = append(batch, v)
			want = append(want, string(v.Envelope))
		}
		mustPush(t, b, tm.Ann, batch...)
		// Changes Ann may not see lie between hers: the cursor passes them.
		mustPush(t, b, tm.Ben, version("case-q", tm.Dev[tm.Ben.ID].ID))
	}
	if n, err := b.Waiting(ctx, tm.Ann, 0); err != nil || n != int64(len(want)) {
		t.Fatalf("%d versions waiting for Ann, want %d (%v)", n, len(want), err)
	}
	got, cursor := pullAll(t, b, tm.Ann, 0, 4)
	if n, err := b.Waiting(ctx, tm.Ann, got[len(got)-1].Seq-1); err != nil || n != 1 {
		t.Fatalf("%d versions waiting after all but the last, want 1 (%v)", n, err)
	}
	if !slices.Equal(versionsIn(got), want) {
		t.Fatalf("paged pull: %d versions, want %d in order", len(versionsIn(got)), len(want))
	}
	p, err := b.Pull(ctx, tm.Ann, cursor, 4)
	if err != nil || len(p.Changes) != 0 || p.More || p.Next != cursor {
		t.Fatalf("a pull with nothing new: %+v %v", p, err)
	}
	v := version("case-p", tm.Dev[tm.Ann.ID].ID)
	mustPush(t, b, tm.Ann, v)
	again, _ := pullAll(t, b, tm.Ann, cursor, 4)
	if got := versionsIn(again); !slices.Equal(got, []string{string(v.Envelope)}) {
		t.Fatalf("after the cursor: %q", got)
	}
}

func testMembers(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	mustPush(t, b, tm.Ann, version("case-m", tm.Dev[tm.Ann.ID].ID))
	extra := MustEnrol(t, b, tm.Sue)
	if err := b.Revoke(ctx, extra.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	ms, err := b.Members(ctx, "case-m")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.UserID)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{tm.Ann.ID, tm.Sue.ID}) {
		t.Fatalf("members %q: want Ann and Sue's one device not revoked", got)
	}
}

func testMoveCase(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	mustPush(t, b, tm.Ann, version("case-mv", tm.Dev[tm.Ann.ID].ID))
	if err := b.MoveCase(ctx, "case-mv", "South"); err != nil {
		t.Fatal(err)
	}
	if got, _ := pullAll(t, b, tm.Sid, 0, 10); len(versionsIn(got)) != 1 {
		t.Fatal("the new team's supervisor does not see the moved case")
	}
	if got, _ := pullAll(t, b, tm.Sue, 0, 10); len(versionsIn(got)) != 0 {
		t.Fatal("the old team's supervisor still sees the moved case")
	}
	if err := b.MoveCase(ctx, "case-none", "South"); !errors.Is(err, server.ErrNoCase) {
		t.Fatal(err)
	}
}

// testConcurrent pushes from several writers at once while a reader pulls
// all the time: the reader must see every version exactly once, in sequence
// order, however the commits interleave.
func testConcurrent(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	const writers, batches, per = 4, 15, 5
	var wg sync.WaitGroup
	made := make(chan string, writers*batches*per)
	for w := range writers {
		wg.Go(func() {
			for range batches {
				var vs []server.Version
				for range per {
					vs = append(vs, version(fmt.Sprintf("case-c%d", w%2), tm.Dev[tm.Ann.ID].ID))
				}
				if _, err := b.PutVersions(ctx, tm.Ann, vs); err != nil {
					t.Error(err)
					return
				}
				for _, v := range vs {
					made <- string(v.Envelope)
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	var seen []protocol.Change
	cursor := int64(0)
	deadline := time.Now().Add(60 * time.Second)
	for finished := false; !finished && time.Now().Before(deadline); {
		select {
		case <-done:
			finished = true
		default:
		}
		got, next := pullAll(t, b, tm.Sue, cursor, 7)
		seen, cursor = append(seen, got...), next
	}
	close(made)
	want := map[string]bool{}
	for v := range made {
		want[v] = true
	}
	got := versionsIn(seen)
	last := int64(0)
	for _, c := range seen {
		if c.Seq <= last {
			t.Fatalf("sequence %d after %d", c.Seq, last)
		}
		last = c.Seq
	}
	dup := map[string]bool{}
	for _, v := range got {
		if dup[v] {
			t.Fatalf("%s pulled twice", v)
		}
		dup[v] = true
		delete(want, v)
	}
	if len(want) != 0 {
		t.Fatalf("%d versions pushed were never pulled", len(want))
	}
}

// caseChanges returns the membership changes of caseID that u may see.
func caseChanges(t *testing.T, b server.Backend, u server.User, caseID string) []protocol.MembersResponse {
	t.Helper()
	got, _ := pullAll(t, b, u, 0, 100)
	var out []protocol.MembersResponse
	for _, c := range got {
		var ms protocol.MembersResponse
		if c.Kind == protocol.KindCase && json.Unmarshal(c.Data, &ms) == nil && ms.CaseID == caseID {
			out = append(out, ms)
		}
	}
	return out
}

// teamChanges are the team settings u is sent, in order.
func teamChanges(t *testing.T, b server.Backend, u server.User) []protocol.TeamSettings {
	t.Helper()
	got, _ := pullAll(t, b, u, 0, 100)
	var out []protocol.TeamSettings
	for _, c := range got {
		var ts protocol.TeamSettings
		if c.Kind == protocol.KindTeam && json.Unmarshal(c.Data, &ts) == nil {
			out = append(out, ts)
		}
	}
	return out
}

// testTeam: the settings a supervisor sets for their team reach every member
// of that team, in the order set, and no one else.
func testTeam(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	for _, days := range []int{14, 42} {
		if err := b.SetTeam(ctx, tm.Sue, protocol.TeamSettings{Team: "South", SupervisionDays: days}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []server.User{tm.Ann, tm.Sue} {
		if got := teamChanges(t, b, u); len(got) != 2 || got[0] != (protocol.TeamSettings{Team: "North", SupervisionDays: 14}) || got[1].SupervisionDays != 42 {
			t.Errorf("%s is sent %+v", u.Name, got)
		}
	}
	if got := teamChanges(t, b, tm.Sid); len(got) != 0 {
		t.Errorf("another team's supervisor is sent %+v", got)
	}
}

func wrapOf(caseID string, epoch uint32, to, by server.Device) server.Wrap {
	return server.Wrap{ID: server.WrapID(caseID, epoch, to.ID), CaseID: caseID, Epoch: epoch, Recipient: to.ID, Signer: by.ID, Data: random(16)}
}

func status(t *testing.T, b server.Backend, u server.User, w server.Wrap) string {
	t.Helper()
	r, err := b.PutWraps(ctx, u, []server.Wrap{w})
	if err != nil {
		t.Fatal(err)
	}
	return r[0].Status
}

// testEpochs: who may read a case changing is a change its readers pull; one
// that takes someone off a case asks for a new epoch; a wrap goes only to a
// member, and one epoch has one maker.
func testEpochs(t *testing.T, b server.Backend) {
	tm := MustTeam(t, b)
	ann, ben, sue, sid := tm.Dev[tm.Ann.ID], tm.Dev[tm.Ben.ID], tm.Dev[tm.Sue.ID], tm.Dev[tm.Sid.ID]
	first := version("case-e", ann.ID)
	first.Epoch = 1
	mustPush(t, b, tm.Ann, first)
	if s := status(t, b, tm.Ann, wrapOf("case-e", 1, sue, ann)); s != protocol.Accepted {
		t.Fatalf("Ann's key to Sue: %s", s)
	}
	if s := status(t, b, tm.Ann, wrapOf("case-e", 1, sid, ann)); s != protocol.Rejected {
		t.Fatalf("a key to another team's supervisor: %s", s)
	}
	if err := b.Assign(ctx, "case-e", tm.Ben.ID); err != nil {
		t.Fatal(err)
	}
	if s := status(t, b, tm.Sue, wrapOf("case-e", 1, ben, sue)); s != protocol.Accepted {
		t.Fatalf("Sue, sent epoch 1, shares it with Ben: %s", s)
	}
	if e, _ := b.Epoch(ctx, "case-e"); e != 0 {
		t.Fatalf("epoch %d asked for before anyone was taken off", e)
	}
	cs := caseChanges(t, b, tm.Sue, "case-e")
	if len(cs) != 1 || len(cs[0].Members) != 3 || cs[0].Epoch != 0 || cs[0].Recovery.DeviceID == "" {
		t.Fatalf("after Ben was assigned Sue sees %+v", cs)
	}

	if err := b.Unassign(ctx, "case-e", tm.Ben.ID); err != nil {
		t.Fatal(err)
	}
	if e, _ := b.Epoch(ctx, "case-e"); e != 2 {
		t.Fatalf("epoch %d asked for after Ben was taken off, want 2", e)
	}
	cs = caseChanges(t, b, tm.Ann, "case-e")
	if last := cs[len(cs)-1]; len(cs) != 2 || last.Epoch != 2 || len(last.Members) != 2 {
		t.Fatalf("Ann sees %+v", cs)
	}
	if got := caseChanges(t, b, tm.Ben, "case-e"); len(got) != 0 {
		t.Fatalf("Ben, taken off, sees %d of the case's membership changes", len(got))
	}
	if s := status(t, b, tm.Ann, wrapOf("case-e", 2, ben, ann)); s != protocol.Rejected {
		t.Fatalf("a key of the new epoch to Ben: %s", s)
	}
	if s := status(t, b, tm.Ann, wrapOf("case-e", 2, ann, ann)); s != protocol.Accepted {
		t.Fatalf("Ann starts epoch 2: %s", s)
	}
	if s := status(t, b, tm.Sue, wrapOf("case-e", 2, sue, sue)); s != protocol.Rejected {
		t.Fatalf("Sue starts epoch 2 after Ann: %s", s)
	}
	if s := status(t, b, tm.Ann, wrapOf("case-e", 2, sue, ann)); s != protocol.Accepted {
		t.Fatalf("Ann sends Sue epoch 2: %s", s)
	}
	// Once Ben is off the case, a version under epoch 1, whose key he holds,
	// is not taken: the device seals it again under epoch 2. One taken
	// before, sent again, is a duplicate still.
	old, again, fresh := version("case-e", ann.ID), first, version("case-e", ann.ID)
	old.Epoch, fresh.Epoch = 1, 2
	res := mustPush(t, b, tm.Ann, old, again, fresh)
	if res[0].Status != protocol.Stale || res[0].Reason == "" || res[1].Status != protocol.Duplicate || res[2].Status != protocol.Accepted {
		t.Fatalf("pushed under epochs 1, 1 (taken before) and 2: %+v", res)
	}
	old.Epoch = 2
	if res := mustPush(t, b, tm.Ann, old); res[0].Status != protocol.Accepted {
		t.Fatalf("sealed again under epoch 2: %+v", res)
	}
	if err := b.MoveCase(ctx, "case-e", "South"); err != nil {
		t.Fatal(err)
	}
	if e, _ := b.Epoch(ctx, "case-e"); e != 3 {
		t.Fatalf("epoch %d asked for after the case moved, want 3", e)
	}
	if err := b.Revoke(ctx, sid.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if e, _ := b.Epoch(ctx, "case-e"); e != 3 {
		t.Fatalf("epoch %d asked for after a second removal before anyone started 3", e)
	}
	if err := b.Revoke(ctx, sid.ID, time.Now()); err != nil {
		t.Fatalf("revoked twice: %v", err)
	}
}
