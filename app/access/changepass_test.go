package access

import (
	"errors"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/page/pagetest"
	"homeward/store"
)

// Settings changes the passphrase once the one in use is given: a wrong one is
// refused beside its field, and afterwards the old passphrase no longer opens
// the profile and the new one opens everything (issue 11, Settings).
func TestChangePassphraseFromSettings(t *testing.T) {
	r := pagetest.New(t, fyne.NewSize(800, 1280))
	caseID := pagetest.AddChild(t, r.Env.Store, "Ada Example").ID
	dev := Device{
		Prefs:       test.NewTempApp(t).Preferences(),
		ApplyLook:   func() {},
		IdleLock:    func() time.Duration { return 5 * time.Minute },
		SetIdleLock: func(time.Duration) {},
		Async:       func(work, done func()) { work(); done() },
		Joined:      func() {},
		Version:     "0.1.0 (build 1)",
	}
	v := NewSettings(r.Env, dev)
	r.Show(v)
	shown := false
	pagetest.EachObject(r.Env.Win.Content(), func(o fyne.CanvasObject) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Homeward 0.1.0 (build 1)" {
			shown = true
		}
	})
	if !shown {
		t.Error("Settings does not show the version")
	}
	s := v.Screen.(*settingsScreen)
	test.Tap(s.ChangePass)
	c := s.passChange
	const newPass = "kettle harbour violet lantern"
	pagetest.Type(c.old, "not my passphrase at all")
	pagetest.Type(c.pass, newPass)
	pagetest.Type(c.again, newPass)
	test.Tap(c.change)
	if c.oldMsg.Text() == "" {
		t.Fatal("a wrong passphrase in use was not refused beside its field")
	}
	time.Sleep(1100 * time.Millisecond) // the wait after a wrong passphrase
	pagetest.Type(c.old, pagetest.Passphrase)
	test.Tap(c.change)
	if c.oldMsg.Text() != "" || c.passMsg.Text() != "" || c.againMsg.Text() != "" {
		t.Fatalf("the change was refused: %q %q %q", c.oldMsg.Text(), c.passMsg.Text(), c.againMsg.Text())
	}

	st := r.Env.Store
	st.Lock()
	if err := st.Unlock([]byte(pagetest.Passphrase)); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("the old passphrase: %v, want it refused", err)
	}
	time.Sleep(1100 * time.Millisecond)
	if err := st.Unlock([]byte(newPass)); err != nil {
		t.Fatalf("the new passphrase: %v", err)
	}
	if c, ok := st.Case(caseID); !ok || c.Child.Value.Name != "Ada Example" {
		t.Fatal("the new passphrase does not open the child's records")
	}
}
