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

// Once a weak, mismatched passphrase is put right, the problems go as it is
// typed, and "Good" is not left above them until the next try (issue 11, item 3).
func TestSetupProblemsClearWhenFixed(t *testing.T) {
	_, s := firstScreen(t, fyne.NewSize(1280, 800))
	pagetest.Type(s.Name, "Sam Example")
	pagetest.Type(s.Pass, "short")
	pagetest.Type(s.Again, "shirt")
	test.Tap(s.Create)
	if s.PassMsg.Text() == "" || s.AgainMsg.Text() == "" {
		t.Fatalf("a weak, mismatched passphrase was not pointed out: %q, %q", s.PassMsg.Text(), s.AgainMsg.Text())
	}
	pagetest.Type(s.Pass, "lantern orbit pebble meadow")
	if s.Strength.Importance != widget.SuccessImportance {
		t.Fatalf("a strong passphrase rated %q", s.Strength.Text)
	}
	if got := s.PassMsg.Text(); got != "" {
		t.Errorf("the passphrase is strong now but still says %q", got)
	}
	pagetest.Type(s.Again, "lantern orbit pebble meadow")
	if got := s.AgainMsg.Text(); got != "" {
		t.Errorf("the passphrases match now but it still says %q", got)
	}
}
