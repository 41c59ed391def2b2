package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestSetupMarkup pins the first screen a new worker sees, widget by widget, in
// testdata/setup.xml: a change to it shows up as a diff to review.
func TestSetupMarkup(t *testing.T) {
	u, _ := testUI(t, t.TempDir(), fyne.NewSize(1280, 800))
	u.Start()
	if u.setupView == nil {
		t.Fatal("first run does not show set-up")
	}
	test.AssertRendersToMarkup(t, "setup.xml", u.win.Canvas())
}
