package kit

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
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

// Enter, with no field focused, does a dialog's OK while it is open, and goes
// back to what it did before once the dialog has closed (issue 11, item 10).
func TestEnterPressesOK(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("x")
	w.Resize(fyne.NewSize(800, 600))
	before := 0
	w.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) { before++ })
	c := Controls{Win: w, Touch: func() {}, Escape: func() {}}
	confirmed := 0
	d := dialog.NewConfirm("Carry on?", "A draft was kept.", func(ok bool) {
		if ok {
			confirmed++
		}
	}, w)
	d.Show()
	c.EnterPresses(d, d.Confirm)
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if confirmed != 1 || w.Canvas().Overlays().Top() != nil {
		t.Fatalf("Enter confirmed %d times; the dialog is still open: %v", confirmed, w.Canvas().Overlays().Top() != nil)
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if confirmed != 1 || before != 1 {
		t.Fatalf("after the dialog, Enter confirmed %d times and reached the window %d times", confirmed, before)
	}
}
