package access

import (
	"testing"

	"fyne.io/fyne/v2"

	"homeward/app/kit"
	"homeward/app/page/pagetest"
)

// A form shorter than the window sits in its middle, not pinned to the top
// (issue 11, item 10).
func TestFormPageCentresTheCard(t *testing.T) {
	w := pagetest.Window(t, fyne.NewSize(1280, 800))
	l := kit.Para("Homeward is locked")
	w.SetContent(formPage(l))
	mid := fyne.CurrentApp().Driver().AbsolutePositionForObject(l).Y + l.Size().Height/2
	if d := mid - 400; d < -10 || d > 10 {
		t.Fatalf("the card's middle is %v from the window's", d)
	}
}
