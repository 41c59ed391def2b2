package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
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

// Columns falls back to one column when two do not fit, rather than asking for
// more width than it has (issue 11, the interview form's part 3 in portrait).
func TestColumnsFitTheWidth(t *testing.T) {
	test.NewTempApp(t)
	a := widget.NewCheck("A long reason that needs most of a portrait tablet's width", nil)
	b := widget.NewCheck("Another long reason", nil)
	c := Columns(2, a, b)
	one := a.MinSize().Width
	c.Resize(fyne.NewSize(one+20, 200))
	if got := c.MinSize().Width; got > one+20 {
		t.Errorf("narrow: needs %v wide, has %v", got, one+20)
	}
	if b.Position().Y <= a.Position().Y {
		t.Errorf("narrow: the second check sits beside the first, at %v and %v", a.Position(), b.Position())
	}
	c.Resize(fyne.NewSize(3*one, 200))
	if b.Position().Y != a.Position().Y {
		t.Errorf("wide: the checks are not side by side, at %v and %v", a.Position(), b.Position())
	}
}

// A PIN field takes digits only (issue 11, item 10).
func TestPINEntryTakesDigits(t *testing.T) {
	a := test.NewTempApp(t)
	c := Controls{Win: a.NewWindow("Homeward"), Touch: func() {}, Escape: func() {}}
	e := c.NewPINEntry("4 to 8 digits")
	test.Type(e, "2a4-6 8")
	if e.Text != "2468" {
		t.Errorf("typed into a PIN field: %q, want 2468", e.Text)
	}
}
