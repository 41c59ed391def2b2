package access

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/page/pagetest"
)

// TestSetupMarkup pins the first screen a new worker sees, widget by widget, in
// testdata/setup.xml: a change to it shows up as a diff to review.
func TestSetupMarkup(t *testing.T) {
	w, s := firstScreen(t, fyne.NewSize(1280, 800))
	if s == nil {
		t.Fatal("first run does not show set-up")
	}
	test.AssertRendersToMarkup(t, "setup.xml", w.Canvas())
}

// TestStrengthFollowsName rates the passphrase again when the name changes:
// a passphrase made of the person's name is easy to guess.
func TestStrengthFollowsName(t *testing.T) {
	_, s := firstScreen(t, fyne.NewSize(1280, 800))
	pagetest.Type(s.Pass, "morganexample1")
	before := s.Strength.Text
	pagetest.Type(s.Name, "Morgan Example")
	if s.Strength.Text == before || s.Strength.Importance != widget.DangerImportance {
		t.Fatalf("typing the name left the hint at %q", s.Strength.Text)
	}
}

// firstScreen shows the first screen of a device with no profile, as the shell
// does, and returns the window and the set-up screen.
func firstScreen(t *testing.T, size fyne.Size) (fyne.Window, *Setup) {
	w := pagetest.Window(t, size)
	sh := Shell{
		Controls: kit.Controls{Win: w, Touch: func() {}, Escape: func() {}},
		Dir:      t.TempDir(),
		Create:   pagetest.CreateMinKDF,
		Prefs:    fyne.CurrentApp().Preferences(),
		Show: func(v *page.View) {
			w.SetContent(v.Content)
			w.Content().Refresh()
			w.Canvas().Focus(v.Focus)
		},
	}
	v := First(sh)
	sh.Show(v)
	s, _ := v.Screen.(*Setup)
	return w, s
}
