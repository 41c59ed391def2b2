package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/childmode"
	"homeward/app/page"
	"homeward/app/page/pagetest"
)

// Child mode with no PIN: once the child has finished, "Back to my space" and
// the worker's unlock button sit side by side without one drawn over the other,
// at every text size and in both orientations (issue 11, item 1).
func TestChildModePassphraseHandBackLayout(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 1280}} {
		t.Run(map[bool]string{true: "landscape", false: "portrait"}[size.Width > size.Height], func(t *testing.T) {
			u, _ := unlockedUI(t, size)
			c := pagetest.AddChild(t, u.st, "Robin Example")
			u.push(page.Route{Kind: page.Child, CaseID: c.ID})
			startChildMode(t, u)
			pagetest.TapDialogButton(t, u.win, "Skip the PIN")
			test.Tap(top[*childmode.Screen](u).Finished)
			if pagetest.FindButton(u.win.Canvas().Content(), "Back to my space") == nil {
				t.Fatal("no way back to the child's space after finishing")
			}
			checkLayout(t, u, "childmode-handback-passphrase")
		})
	}
}
