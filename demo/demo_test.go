package demo_test

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"testing"
	"time"

	"homeward/demo"
	"homeward/model"
	"homeward/store"
	"homeward/vault"
)

func TestFill(t *testing.T) {
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	s, err := store.Create(filepath.Join(t.TempDir(), "demo.db"), store.Profile{Name: "Demo", Role: model.RolePractitioner}, []byte("demo pass phrase"), kdf)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	now := time.Now()
	if err := demo.Fill(s, now, 40, 1); err != nil {
		t.Fatal(err)
	}
	cases := s.Cases()
	if len(cases) != 40 {
		t.Fatalf("%d cases, want 40", len(cases))
	}
	states := map[model.RHIState]int{}
	cat := model.DefaultCatalogue()
	for _, c := range cases {
		states[c.NextDue(now).State]++
		if err := c.Child.Value.Validate(cat, now); err != nil {
			t.Errorf("%s: %v", c.Child.Value.Name, err)
		}
	}
	for _, st := range []model.RHIState{model.RHIOverdue, model.RHIDue, model.RHIStillMissing} {
		if states[st] == 0 {
			t.Errorf("no child in state %d: the demo should show every state of the clock", st)
		}
	}
}

// TestOpenRemovesOnlyItsOwnFolders leaves beside a demo's folder a folder of
// someone else's that happens to be called demo-something, old enough to look
// stale: it must survive, and only the demo's own marked folders go.
func TestOpenRemovesOnlyItsOwnFolders(t *testing.T) {
	root := t.TempDir()
	theirs := filepath.Join(root, "demo-notes")
	if err := os.Mkdir(theirs, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(theirs, "keep.txt"), []byte("not Homeward's"), 0o600)
	long := time.Now().Add(-2 * time.Hour)
	os.Chtimes(theirs, long, long)

	dir, s, err := demo.Open(root, 3)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := demo.Remove(theirs); err == nil {
		t.Fatal("Remove took a folder the demo did not make")
	}
	// A demo folder left by a run that was killed two hours ago.
	stale, s2, err := demo.Open(root, 1)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	filepath.Walk(stale, func(p string, _ os.FileInfo, _ error) error { return os.Chtimes(p, long, long) })

	demo.RemoveStale(root)
	if _, err := os.Stat(filepath.Join(theirs, "keep.txt")); err != nil {
		t.Fatal("a folder that was not the demo's was removed")
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatal("a stale demo folder was left")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal("a demo folder in use was removed")
	}
	if err := demo.Remove(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatal("Remove left the demo folder")
	}
}
