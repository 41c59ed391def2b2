package client_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
	"homeward/sync/client"
	"homeward/sync/protocol"
	"homeward/sync/server"
	"homeward/vault"
)

func voice(words string) model.VoiceEntry {
	return model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: words, Share: model.ShareTeam}
}

// serverCopy is what the server's operator holds of a version: its envelope,
// as the backend keeps it.
func serverCopy(t *testing.T, o *org, versionID string) []byte {
	t.Helper()
	p, err := o.b.Pull(context.Background(), server.User{ID: "u-sue", Role: protocol.RoleSupervisor, Team: "North"}, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		if c.Kind != protocol.KindVersion {
			continue
		}
		if env, err := vault.UnmarshalEnvelope(c.Data); err == nil && env.VersionID == versionID {
			return c.Data
		}
	}
	t.Fatalf("the server does not hold %s", versionID)
	return nil
}

// wrapEpochs lists the epochs of the keys of caseID the server holds wrapped
// to deviceID.
func wrapEpochs(t *testing.T, o *org, u server.User, caseID, deviceID string) []uint32 {
	t.Helper()
	p, err := o.b.Pull(context.Background(), u, 0, 500)
	if err != nil {
		t.Fatal(err)
	}
	var out []uint32
	for _, c := range p.Changes {
		if c.Kind != protocol.KindWrap {
			continue
		}
		w, err := vault.UnmarshalWrappedKey(c.Data)
		if err != nil {
			t.Fatal(err)
		}
		if w.CaseID == caseID && w.Recipient == deviceID {
			out = append(out, w.Epoch)
		}
	}
	return out
}

// sharedCase is a case Ann's device made and synced, with Ben assigned to it
// and Ann's key shared with him.
func sharedCase(t *testing.T, o *org, ann *device) string {
	t.Helper()
	caseID, _ := ann.s.NewCase()
	ann.s.Save(caseID, ann.s.NewRecordID(), nil, child("Riley Madeup"))
	ann.sync(t)
	if err := o.b.Assign(context.Background(), caseID, "u-ben"); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	return caseID
}

// TestRemovedMemberGetsNoNewEpoch takes a practitioner off a case and then
// revokes a supervisor's device: each time the next device to sync that holds
// the case's key starts a new epoch wrapped only to those who remain, new
// versions are sealed under it, and the one removed keeps the keys to what
// was written before but cannot open what is written after, even given its
// ciphertext by the server's operator.
func TestRemovedMemberGetsNoNewEpoch(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	ctx := context.Background()

	caseID, _ := ann.s.NewCase()
	ann.s.Save(caseID, ann.s.NewRecordID(), nil, child("Riley Madeup"))
	ann.sync(t)
	if err := o.b.Assign(ctx, caseID, "u-ben"); err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	before, err := ann.s.Save(caseID, ann.s.NewRecordID(), nil, voice("made-up words before"))
	if err != nil {
		t.Fatal(err)
	}
	ann.sync(t)
	ben.sync(t)
	sue.sync(t)
	if c, ok := ben.s.Case(caseID); !ok || len(c.Voices) != 1 || c.Child.Value.Name != "Riley Madeup" {
		t.Fatalf("Ben, assigned, reads %+v", c)
	}

	// Ben is taken off the case, and Ann, offline, saves before she hears
	// of it, under epoch 1. Her next sync starts epoch 2 before it pushes,
	// and what she saved leaves sealed again under epoch 2.
	if err := o.b.Unassign(ctx, caseID, "u-ben"); err != nil {
		t.Fatal(err)
	}
	if e, _ := o.b.Epoch(ctx, caseID); e != 2 {
		t.Fatalf("the server asks for epoch %d, want 2", e)
	}
	offline, _ := ann.s.Save(caseID, ann.s.NewRecordID(), nil, voice("made-up words saved offline"))
	if r := ann.sync(t); r.Pushed != 1 || r.Keys != 1 {
		t.Fatalf("Ann's sync after Ben was taken off: %+v", r)
	}
	if e := ann.s.KeyEpoch(caseID); e != 2 {
		t.Fatalf("Ann saves under epoch %d, want 2", e)
	}
	after, _ := ann.s.Save(caseID, ann.s.NewRecordID(), nil, voice("made-up words after"))
	ann.sync(t)
	if r := sue.sync(t); r.Keys != 1 || r.Pulled != 2 {
		t.Fatalf("Sue's sync: %+v", r)
	}
	if c, _ := sue.s.Case(caseID); len(c.Voices) != 3 {
		t.Fatalf("Sue reads %d of 3 entries", len(c.Voices))
	}
	ann.s.Lock()
	if err := ann.s.Unlock([]byte("a made-up passphrase")); err != nil {
		t.Fatal(err)
	}
	if c, _ := ann.s.Case(caseID); len(c.Voices) != 3 || len(ann.s.Damage()) != 0 {
		t.Fatalf("Ann, unlocked again, reads %d of her 3 entries, with %v damaged", len(c.Voices), ann.s.Damage())
	}
	if r := sue.sync(t); r.Keys != 0 {
		t.Fatalf("Sue started another epoch: %+v", r)
	}

	// Ben holds epoch 1 and was never sent epoch 2; given the new
	// ciphertext, he keeps it unopened, and still reads what came before.
	ben.sync(t)
	if got := wrapEpochs(t, o, server.User{ID: "u-ben"}, caseID, ben.s.DeviceID()); len(got) != 1 || got[0] != 1 {
		t.Fatalf("the server holds Ben's keys of epochs %v, want only 1", got)
	}
	newer := serverCopy(t, o, after)
	for _, v := range []string{offline, after} {
		if env, _ := vault.UnmarshalEnvelope(serverCopy(t, o, v)); env.KeyEpoch != 2 {
			t.Fatalf("a version saved after Ben was taken off left under epoch %d", env.KeyEpoch)
		}
	}
	if env, _ := vault.UnmarshalEnvelope(serverCopy(t, o, before)); env.KeyEpoch != 1 {
		t.Fatalf("the version before is sealed under epoch %d", env.KeyEpoch)
	}
	if a, err := ben.s.Apply(store.Incoming{Versions: [][]byte{newer, serverCopy(t, o, offline)}, Cursor: ben.s.Cursor()}); err != nil || a.Versions != 2 {
		t.Fatalf("%+v %v", a, err)
	}
	if c, ok := ben.s.Case(caseID); !ok || len(c.Voices) != 1 || c.Voices[0].VersionID != before || c.Child.Value.Name != "Riley Madeup" {
		t.Fatalf("Ben reads %+v", c)
	}

	// Sue's tablet is revoked and she enrols a new one: her new device is
	// sent the keys at Ann's next sync, and the case moves to epoch 3, which
	// the revoked device is never sent.
	sue2 := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	if err := o.b.Revoke(ctx, sue.s.DeviceID(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if r := ann.sync(t); r.Keys != 1 {
		t.Fatalf("Ann's sync after the revocation: %+v", r)
	}
	if e := ann.s.KeyEpoch(caseID); e != 3 {
		t.Fatalf("Ann saves under epoch %d, want 3", e)
	}
	latest, _ := ann.s.Save(caseID, ann.s.NewRecordID(), nil, voice("made-up words latest"))
	ann.sync(t)
	if r := sue2.sync(t); r.Keys != 3 {
		t.Fatalf("Sue's new device: %+v", r)
	}
	if c, _ := sue2.s.Case(caseID); len(c.Voices) != 4 {
		t.Fatalf("Sue's new device reads %d of 4 entries", len(c.Voices))
	}
	sueU := server.User{ID: "u-sue"}
	if got := wrapEpochs(t, o, sueU, caseID, sue.s.DeviceID()); len(got) != 2 {
		t.Fatalf("the revoked device was sent epochs %v, want 1 and 2", got)
	}
	if got := wrapEpochs(t, o, sueU, caseID, sue2.s.DeviceID()); len(got) != 3 {
		t.Fatalf("the new device was sent epochs %v, want 1, 2 and 3", got)
	}
	if env, _ := vault.UnmarshalEnvelope(serverCopy(t, o, latest)); env.KeyEpoch != 3 {
		t.Fatalf("the latest version is sealed under epoch %d", env.KeyEpoch)
	}
}

// TestRemovalBetweenPullAndPush takes a practitioner off a case in the moment
// between a device's pull and its push, forced through the engine's Progress,
// which runs after each page pulled: the central store answers that what was
// saved is sealed under the old epoch, and the same sync starts the new epoch,
// seals it again under that and sends it; nothing leaves under a key the one
// taken off holds, and nothing is quarantined.
func TestRemovalBetweenPullAndPush(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	ctx := context.Background()
	caseID := sharedCase(t, o, ann)
	ben.sync(t)

	saved, _ := ann.s.Save(caseID, ann.s.NewRecordID(), nil, voice("made-up words saved as Ben is taken off"))
	removed := false
	ann.e.Progress = func(client.Report) {
		if !removed {
			removed = true
			if err := o.b.Unassign(ctx, caseID, "u-ben"); err != nil {
				t.Error(err)
			}
		}
	}
	r := ann.sync(t)
	ann.e.Progress = nil
	if r.Stale != 1 || r.Pushed != 1 || r.Quarantined != 0 || len(ann.s.QuarantinedVersions()) != 0 {
		t.Fatalf("the sync Ben was taken off in: %+v", r)
	}
	if env, _ := vault.UnmarshalEnvelope(serverCopy(t, o, saved)); env.KeyEpoch != 2 {
		t.Fatalf("the version left under epoch %d, want 2", env.KeyEpoch)
	}
	if got := wrapEpochs(t, o, server.User{ID: "u-ben"}, caseID, ben.s.DeviceID()); len(got) != 1 || got[0] != 1 {
		t.Fatalf("the server holds Ben's keys of epochs %v, want only 1", got)
	}
	if r := ann.sync(t); r.Pushed != 0 || r.Stale != 0 {
		t.Fatalf("the next sync: %+v", r)
	}
}

// TestStaleCaseHoldsNoOtherBack: when the new key of a case cannot be had yet
// (another device started its epoch and has not shared it), that case's
// versions wait for the next sync, and the other cases' still go, even one
// at a time behind them.
func TestStaleCaseHoldsNoOtherBack(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	o.device("Ben Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	ctx := context.Background()
	other, _ := ann.s.NewCase()
	ann.s.Save(other, ann.s.NewRecordID(), nil, child("Sasha Madeup"))
	stuck := sharedCase(t, o, ann)

	ann.s.Save(stuck, ann.s.NewRecordID(), nil, voice("made-up words that wait"))
	goes, _ := ann.s.Save(other, ann.s.NewRecordID(), nil, voice("made-up words that go"))
	ann.e.Batch = 1
	removed := false
	ann.e.Progress = func(client.Report) {
		if removed {
			return
		}
		removed = true
		if err := o.b.Unassign(ctx, stuck, "u-ben"); err != nil {
			t.Error(err)
		}
		// Sue's device starts epoch 2 first, and has not shared it yet.
		sueDev := server.Device{ID: sue.s.DeviceID()}
		w := server.Wrap{ID: server.WrapID(stuck, 2, sueDev.ID), CaseID: stuck, Epoch: 2, Recipient: sueDev.ID, Signer: sueDev.ID, Data: []byte("made-up wrapped key")}
		if res, err := o.b.PutWraps(ctx, server.User{ID: "u-sue", Role: protocol.RoleSupervisor, Team: "North"}, []server.Wrap{w}); err != nil || res[0].Status != protocol.Accepted {
			t.Errorf("Sue's epoch 2: %+v %v", res, err)
		}
	}
	r := ann.sync(t)
	if r.Pushed != 1 || r.Stale == 0 || r.Quarantined != 0 || ann.s.Pending() != 1 {
		t.Fatalf("the sync: %+v, %d waiting", r, ann.s.Pending())
	}
	serverCopy(t, o, goes) // the other case's version reached the central store
}

// TestTwoDevicesStartingOneEpoch has two devices that hold a case's key see
// the same removal at once: the central store takes the first new key, the
// second device is sent it, and both seal under the one key.
func TestTwoDevicesStartingOneEpoch(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	ctx := context.Background()
	caseID := sharedCase(t, o, ann)
	sue.sync(t)
	ben.sync(t)
	o.b.Unassign(ctx, caseID, "u-ben")
	// Both see the removal; neither has yet pulled the other's key.
	ms, err := sue.e.Conn.Members(ctx, caseID)
	if err != nil || ms.Epoch != 2 {
		t.Fatalf("%+v %v", ms, err)
	}
	to := []store.PeerDevice{{ID: ms.Recovery.DeviceID, Box: ms.Recovery.BoxPub, Sign: ms.Recovery.SignPub}}
	for _, m := range ms.Members {
		to = append(to, store.PeerDevice{ID: m.DeviceID, Box: m.BoxPub, Sign: m.SignPub})
	}
	sues, err := sue.s.NewEpoch(caseID, 2, to)
	if err != nil {
		t.Fatal(err)
	}
	ann.sync(t) // Ann is first
	res, err := sue.e.Conn.PushWraps(ctx, sues)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status == protocol.Accepted {
			t.Fatalf("Sue's own key for epoch 2 was taken after Ann's (item %d): %+v", i, r)
		}
	}
	sue.sync(t)
	if sue.s.KeyEpoch(caseID) != 2 {
		t.Fatalf("Sue holds epoch %d", sue.s.KeyEpoch(caseID))
	}
	v, _ := sue.s.Save(caseID, sue.s.NewRecordID(), nil, voice("made-up words"))
	sue.sync(t)
	ann.sync(t)
	if c, _ := ann.s.Case(caseID); len(c.Voices) != 1 || c.Voices[0].VersionID != v {
		t.Fatalf("Ann cannot read what Sue sealed under epoch 2: %+v", c.Voices)
	}
}

// TestKeysReachMembersWhoJoinLater: a supervisor who joins the team later and
// a practitioner newly assigned are sent the case's keys at the next sync of
// a device that holds them, with nothing of the case waiting to be pushed.
func TestKeysReachMembersWhoJoinLater(t *testing.T) {
	o := newOrg(t)
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	caseID, _ := ann.s.NewCase()
	ann.s.Save(caseID, ann.s.NewRecordID(), nil, child("Riley Madeup"))
	ann.sync(t)

	tom := o.device("Tom Lead", protocol.RoleSupervisor, "North")
	ben := o.device("Ben Worker", protocol.RolePractitioner, "North")
	if err := o.b.Assign(context.Background(), caseID, "u-ben"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*device{tom, ben} {
		if r := d.sync(t); r.Pulled != 1 || r.Keys != 0 {
			t.Fatalf("before Ann's sync: %+v", r)
		}
	}
	if ann.s.Pending() != 0 {
		t.Fatal("something of Ann's waits to be pushed")
	}
	if r := ann.sync(t); r.Pushed != 0 {
		t.Fatalf("Ann pushed %+v", r)
	}
	for _, d := range []*device{tom, ben} {
		if r := d.sync(t); r.Keys != 1 {
			t.Fatalf("after Ann's sync: %+v", r)
		}
		if c, ok := d.s.Case(caseID); !ok || c.Child.Value.Name != "Riley Madeup" {
			t.Fatalf("reads %+v", c)
		}
	}
}

// TestEpochStartedButNotSent: the central store takes a device's own wrap of
// a new epoch, and the answer never comes, so the wraps to the others are not
// sent. The device's next sync brings its key back and sends it on.
func TestEpochStartedButNotSent(t *testing.T) {
	rs := newRestarter(t)
	o := rs.o
	ann := o.device("Ann Worker", protocol.RolePractitioner, "North")
	sue := o.device("Sue Lead", protocol.RoleSupervisor, "North")
	o.device("Ben Worker", protocol.RolePractitioner, "North")
	ctx := context.Background()
	caseID, _ := ann.s.NewCase()
	ann.s.Save(caseID, ann.s.NewRecordID(), nil, child("Riley Madeup"))
	ann.sync(t)
	o.b.Assign(ctx, caseID, "u-ben")
	o.b.Unassign(ctx, caseID, "u-ben")

	rs.dieOn(protocol.PathWraps, 1)
	if _, err := ann.e.SyncOnce(ctx); err == nil {
		t.Fatal("the sync whose wraps died went through")
	}
	<-rs.died
	rs.dies.Store(func(*http.Request) bool { return false })
	ann.e.Conn.Close()
	if r := ann.sync(t); r.Keys != 1 || ann.s.KeyEpoch(caseID) != 2 {
		t.Fatalf("Ann's next sync: %+v, epoch %d", r, ann.s.KeyEpoch(caseID))
	}
	if r := sue.sync(t); r.Keys != 2 || sue.s.KeyEpoch(caseID) != 2 {
		t.Fatalf("Sue's sync: %+v, epoch %d", r, sue.s.KeyEpoch(caseID))
	}
	v, _ := ann.s.Save(caseID, ann.s.NewRecordID(), nil, voice("made-up words"))
	ann.sync(t)
	sue.sync(t)
	if c, _ := sue.s.Case(caseID); len(c.Voices) != 1 || c.Voices[0].VersionID != v {
		t.Fatalf("Sue reads %+v", c.Voices)
	}
}
