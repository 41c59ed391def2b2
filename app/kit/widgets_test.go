package kit

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestTabLeavesMultiLineEntry keeps the keyboard from being trapped in a
// multi-line entry: Tab moves on rather than being typed.
func TestTabLeavesMultiLineEntry(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("Homeward")
	c := Controls{Win: w, Touch: func() {}, Escape: func() {}}
	e := c.NewMultiEntry("", 3)
	if e.AcceptsTab() {
		t.Fatal("a multi-line entry takes Tab, trapping the keyboard")
	}
}
