package app

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/cases"
	"homeward/app/form"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
	"homeward/store"
)

// TestMergeConflictThatCameBySync makes the conflict as sync makes it: the
// child's details edited offline here and on a supervisor's device, the
// supervisor's version brought in by a pull (store.Apply, the one way in).
// The record shows both side by side, with who made the other; the worker's
// merge names both heads, and once it reaches the supervisor's device both
// devices hold the same one record.
func TestMergeConflictThatCameBySync(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Casey Example")
	sup, err := pagetest.CreateMinKDF(filepath.Join(t.TempDir(), "sup"+".db"), store.Profile{Name: "Sue Lead", Role: model.RoleSupervisor}, []byte(pagetest.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	defer sup.Close()
	pull := func(from, to *store.Store, caseID string) {
		t.Helper()
		p := from.Public()
		in := store.Incoming{Devices: []store.PeerDevice{{ID: p.DeviceID(), Box: p.Box[:], Sign: p.Sign}}}
		wraps, err := from.KeysToShare(caseID, []store.PeerDevice{peerOf(to)})
		if err != nil {
			t.Fatal(err)
		}
		in.Wraps = wraps
		out, err := from.Outbox(100)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			in.Versions = append(in.Versions, o.Envelope)
		}
		if got, err := to.Apply(in); err != nil || len(got.Refused) != 0 {
			t.Fatalf("pull: %+v %v", got, err)
		}
	}
	pull(u.st, sup, c.ID)

	base := c.Child
	mine := base.Value
	mine.Placement, mine.PlacementDetail = "place.residential", "Oak House"
	theirs := base.Value
	theirs.AllocatedWorker = "Jo Example"
	if _, err := sup.Save(c.ID, base.RecordID, []string{base.VersionID}, theirs); err != nil {
		t.Fatal(err)
	}
	if _, err := u.st.Save(c.ID, base.RecordID, []string{base.VersionID}, mine); err != nil {
		t.Fatal(err)
	}
	pull(sup, u.st, c.ID)
	if u.st.Conflicts() != 1 {
		t.Fatalf("%d conflicts after the pull, want 1", u.st.Conflicts())
	}

	u.open(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: base.RecordID})
	rs := top[*cases.RecordScreen](u)
	if rs == nil || len(rs.Merge) != 2 {
		t.Fatal("the conflict that came by sync is not shown side by side")
	}
	if shown := labelsIn(u.win.Content()); !strings.Contains(shown, "Sue Lead") {
		t.Fatalf("the side by side does not say who made the other version:\n%s", shown)
	}
	heads, _ := u.st.Heads(base.RecordID)
	for i, h := range heads {
		if h.Payload.Record.(model.Child).Placement == "place.residential" {
			test.Tap(rs.Merge[i])
		}
	}
	f := top[*form.Form](u)
	if f == nil || !strings.HasPrefix(f.Title, "Merge") {
		t.Fatal("no merge form")
	}
	pagetest.Type(inputs[*form.ChildFields](u).Worker, "Jo Example")
	test.Tap(f.Save)

	pull(u.st, sup, c.ID)
	for who, s := range map[string]*store.Store{"the worker's device": u.st, "the supervisor's device": sup} {
		heads, err := s.Heads(base.RecordID)
		if err != nil || len(heads) != 1 || len(heads[0].Parents) != 2 {
			t.Fatalf("%s: %d heads, %v", who, len(heads), err)
		}
		got := heads[0].Payload.Record.(model.Child)
		if got.Placement != "place.residential" || got.AllocatedWorker != "Jo Example" {
			t.Fatalf("%s holds %+v, not both changes", who, got)
		}
	}
}

func peerOf(s *store.Store) store.PeerDevice {
	p := s.Public()
	return store.PeerDevice{ID: p.DeviceID(), Box: p.Box[:], Sign: p.Sign}
}
