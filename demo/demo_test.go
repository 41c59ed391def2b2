package demo_test

import (
	"crypto/rand"
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
