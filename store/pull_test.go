package store_test

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"homeward/store"
)

// peer is s as the central store's directory lists it.
func peer(s *store.Store) store.PeerDevice {
	p := s.Public()
	return store.PeerDevice{ID: p.DeviceID(), Box: p.Box[:], Sign: p.Sign}
}

// shared is what a pull would bring b of a's case: a's device, the case's key
// wrapped to b, and a's versions, signed as they leave a.
func shared(t *testing.T, a, b *store.Store, caseID string) store.Incoming {
	t.Helper()
	wraps, err := a.KeysToShare(caseID, []store.PeerDevice{peer(b)})
	if err != nil || len(wraps) != 1 {
		t.Fatalf("%d wraps, %v", len(wraps), err)
	}
	out, err := a.Outbox(1000)
	if err != nil {
		t.Fatal(err)
	}
	in := store.Incoming{Devices: []store.PeerDevice{peer(a)}, Wraps: wraps, Cursor: 7}
	for _, o := range out {
		in.Versions = append(in.Versions, o.Envelope)
	}
	return in
}

func TestApplyBringsAnotherDevicesCase(t *testing.T) {
	a, b := mustCreate(t), mustCreate(t)
	caseID, _ := a.NewCase()
	childID := a.NewRecordID()
	mustSave(t, a, caseID, childID, nil, child("Riley Madeup"))
	got, err := b.Apply(shared(t, a, b, caseID))
	if err != nil || got.Versions != 1 || got.Keys != 1 || got.Devices != 1 || len(got.Refused) != 0 {
		t.Fatalf("%+v %v", got, err)
	}
	if s, ok := b.Summary(caseID); !ok || s.Child.Value.Name != "Riley Madeup" {
		t.Fatalf("%+v", s)
	}
	if b.Pending() != 0 || b.Cursor() != 7 {
		t.Fatalf("%d waiting, cursor %d", b.Pending(), b.Cursor())
	}
	again, err := b.Apply(shared(t, a, b, caseID))
	if err != nil || again.Versions != 0 || again.Duplicates != 1 {
		t.Fatalf("applied twice: %+v %v", again, err)
	}
	b = mustReopen(t, b)
	if c, ok := b.Case(caseID); !ok || c.Child.Value.Name != "Riley Madeup" {
		t.Fatalf("after unlocking again: %+v", c)
	}
	if d := b.Damage(); len(d) != 0 {
		t.Fatalf("what came by sync shows as damage after unlock: %+v", d)
	}
}

func TestApplyRefusesWhatDoesNotVerify(t *testing.T) {
	a, b, c := mustCreate(t), mustCreate(t), mustCreate(t)
	caseID, _ := a.NewCase()
	mustSave(t, a, caseID, a.NewRecordID(), nil, child("Riley Madeup"))
	in := shared(t, a, b, caseID)

	t.Run("author not in the directory", func(t *testing.T) {
		got, _ := b.Apply(store.Incoming{Versions: in.Versions})
		if got.Versions != 0 || len(got.Refused) != 1 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("a device whose keys are not its name", func(t *testing.T) {
		bad := peer(a)
		bad.Sign = ed25519.PublicKey(make([]byte, 32))
		got, _ := b.Apply(store.Incoming{Devices: []store.PeerDevice{bad}})
		if got.Devices != 0 || len(got.Refused) != 1 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("a key wrapped by a device not trusted", func(t *testing.T) {
		got, _ := b.Apply(store.Incoming{Wraps: in.Wraps})
		if got.Keys != 0 || len(got.Refused) != 1 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("a key for another device", func(t *testing.T) {
		got, _ := c.Apply(store.Incoming{Devices: in.Devices, Wraps: in.Wraps})
		if got.Keys != 0 {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("a version changed on the way", func(t *testing.T) {
		changed := append([]byte(nil), in.Versions[0]...)
		changed[len(changed)/2] ^= 1
		got, _ := b.Apply(store.Incoming{Devices: in.Devices, Versions: [][]byte{changed}})
		if got.Versions != 0 || len(got.Refused) != 1 {
			t.Fatalf("%+v", got)
		}
	})
	if _, ok := b.Summary(caseID); ok {
		t.Fatal("a refused version left its case behind")
	}
	if _, ok := c.Summary(caseID); ok {
		t.Fatal("a key for another device made a case")
	}
}

// A version that comes before the key that opens it is kept and counted, and
// shows once the key comes.
func TestVersionsBeforeTheirKey(t *testing.T) {
	a, b := mustCreate(t), mustCreate(t)
	caseID, _ := a.NewCase()
	mustSave(t, a, caseID, a.NewRecordID(), nil, child("Riley Madeup"))
	in := shared(t, a, b, caseID)
	got, err := b.Apply(store.Incoming{Devices: in.Devices, Versions: in.Versions, Cursor: 3})
	if err != nil || got.Versions != 1 {
		t.Fatalf("%+v %v", got, err)
	}
	if s, ok := b.Summary(caseID); !ok || s.Child.Value.Name != "" {
		t.Fatalf("before the key: %+v %v", s, ok)
	}
	if _, err := b.Apply(store.Incoming{Wraps: in.Wraps, Cursor: 5}); err != nil {
		t.Fatal(err)
	}
	if s, _ := b.Summary(caseID); s.Child.Value.Name != "Riley Madeup" {
		t.Fatalf("after the key: %+v", s)
	}
	b = mustReopen(t, b)
	if d := b.Damage(); len(d) != 0 {
		t.Fatalf("after unlocking again: %+v", d)
	}
}

// A cursor moved forward in the file would skip changes: one without this
// identity's mark counts as 0, and everything is pulled again.
func TestCursorEditedInTheFileStartsAgain(t *testing.T) {
	a, b := mustCreate(t), mustCreate(t)
	caseID, _ := a.NewCase()
	mustSave(t, a, caseID, a.NewRecordID(), nil, child("Riley Madeup"))
	if _, err := b.Apply(shared(t, a, b, caseID)); err != nil {
		t.Fatal(err)
	}
	path := b.Path()
	b.Close()
	if _, err := rawDB(t, path).Exec(`UPDATE meta SET value = '9999' WHERE key = 'sync_cursor'`); err != nil {
		t.Fatal(err)
	}
	b = mustOpen(t, path)
	if got := b.Cursor(); got != 0 {
		t.Fatalf("an edited cursor is %d", got)
	}
}

// TestSaveAndLockWhileApplying applies pages while the same store saves and is
// locked and unlocked again: a page's checks run outside the store's lock, and
// must neither see keys wiped under them nor keep a page a lock overtook. Run
// with the race detector (scripts/test.sh).
func TestSaveAndLockWhileApplying(t *testing.T) {
	a, b := mustCreate(t), mustCreate(t)
	caseID, _ := a.NewCase()
	mustSave(t, a, caseID, a.NewRecordID(), nil, child("Riley Madeup"))
	for range 40 {
		mustSave(t, a, caseID, a.NewRecordID(), nil, voice4K(rand.New(rand.NewPCG(3, 4))))
	}
	in := shared(t, a, b, caseID)
	own, _ := b.NewCase()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 20 {
			got, err := b.Apply(in)
			if err != nil && !errors.Is(err, store.ErrLocked) {
				t.Errorf("apply: %v", err)
				return
			}
			if len(got.Refused) != 0 {
				t.Errorf("refused while the store was saving and locking: %+v", got.Refused)
				return
			}
		}
	}()
	for i := range 20 {
		if _, err := b.Save(own, b.NewRecordID(), nil, child(fmt.Sprintf("Sam %d Madeup", i))); err != nil && !errors.Is(err, store.ErrLocked) {
			t.Fatal(err)
		}
		if i%5 == 4 {
			b.Lock()
			if err := b.Unlock(testPass); err != nil {
				t.Fatal(err)
			}
		}
	}
	<-done
	got, err := b.Apply(in)
	if err != nil || len(got.Refused) != 0 || got.Versions+got.Duplicates != len(in.Versions) {
		t.Fatalf("the page after: %+v %v", got, err)
	}
	if s, ok := b.Summary(caseID); !ok || s.Child.Value.Name != "Riley Madeup" {
		t.Fatalf("%+v", s)
	}
}
