package form

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/page/pagetest"
)

// Foster care or a children's home with "looked after" unticked is very likely
// a slip: the note beside the tick box turns into a warning, and back when
// they agree (issue 11, b), and the field below it does not move.
func TestPlacementWarnsWhenNotLookedAfter(t *testing.T) {
	h := newForms(t, fyne.NewSize(800, 1280))
	AddChild(h.Env)
	cf := h.form.Inputs.(*ChildFields)
	warns := func() bool { return cf.LookedNote.Importance == widget.WarningImportance }
	if warns() {
		t.Fatalf("a warning before anything is chosen: %q", cf.LookedNote.Text)
	}
	s := watch(t, h.form, map[string]fyne.CanvasObject{"allocated worker": cf.Worker})
	for _, placement := range []string{"Foster care", "Children's home"} {
		cf.Looked.SetChecked(false)
		cf.Placement.Select.SetSelected(placement)
		if !warns() || cf.LookedNote.Text == "" {
			t.Errorf("%s, not looked after: no warning", placement)
		}
		s.still(placement + ", not looked after")
		cf.Looked.SetChecked(true)
		if warns() {
			t.Errorf("%s, looked after: still warns %q", placement, cf.LookedNote.Text)
		}
		s.still(placement + ", looked after")
	}
	cf.Looked.SetChecked(false)
	cf.Placement.Select.SetSelected("Living with family")
	if warns() {
		t.Errorf("living with family: warns %q", cf.LookedNote.Text)
	}
}

// Throwing changes away is marked as the dangerous choice, and keeping them as
// the safe one (issue 11, item 10).
func TestDiscardDialogMarksTheDanger(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	AddChild(h.Env)
	test.Tap(h.form.discard)
	top := h.Env.Win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	discard, keep := pagetest.FindButton(top, "Discard"), pagetest.FindButton(top, "Keep them")
	if discard == nil || keep == nil {
		t.Fatal(`the dialog does not offer "Discard" and "Keep them"`)
	}
	if discard.Importance != widget.DangerImportance || keep.Importance == widget.DangerImportance {
		t.Errorf("discard is styled %v and keep %v", discard.Importance, keep.Importance)
	}
}

// childNamedInAShortWindow is the form for a new child with the name and the
// date of birth typed, in a window too short to show the whole form.
func childNamedInAShortWindow(t *testing.T) (*forms, *ChildFields) {
	h := newForms(t, fyne.NewSize(1280, 480))
	AddChild(h.Env)
	cf := h.form.Inputs.(*ChildFields)
	pagetest.Type(cf.Name, "Robin Example")
	pagetest.Type(cf.DOB.Entry, "03/04/2012")
	return h, cf
}

// Save with a problem below the fold scrolls the form to it, so the person
// sees what to put right (here, where the child lives, after name and date of
// birth are typed at the top of a short window).
func TestSaveScrollsToTheProblem(t *testing.T) {
	h, _ := childNamedInAShortWindow(t)
	line := h.form.Fields["placement"]
	d := fyne.CurrentApp().Driver()
	visible := func() bool {
		top := d.AbsolutePositionForObject(h.form.body).Y
		y := d.AbsolutePositionForObject(line).Y
		return y >= top && y+line.Size().Height <= top+h.form.body.Size().Height
	}
	if visible() {
		t.Fatal("the placement is in view before Save: the test shows nothing")
	}
	test.Tap(h.form.Save)
	if line.Text() == "" {
		t.Fatalf("no problem beside where the child lives; summary %q", h.form.Summary.Text())
	}
	if !visible() {
		t.Fatalf("Save left the problem out of view at offset %v", h.form.body.Offset)
	}
}

// Putting the last problem right takes the count of problems away from the
// foot of the form; the room it had stays, so that with the form scrolled to
// its end the box to tick next does not slide away from the finger (seen in the
// real app: the tap landed on the field above).
func TestLastProblemPutRightMovesNothing(t *testing.T) {
	h, cf := childNamedInAShortWindow(t)
	test.Tap(h.form.Save)
	if h.form.Summary.Text() == "" {
		t.Fatal("no count of problems after Save")
	}
	h.form.body.ScrollToBottom()
	d := fyne.CurrentApp().Driver()
	h.Env.Win.Content().Refresh()
	before := d.AbsolutePositionForObject(cf.Looked)
	cf.Placement.Select.SetSelected("Foster care")
	h.Env.Win.Content().Refresh()
	if h.form.Summary.Text() != "" {
		t.Fatalf("the count stays after the problem is put right: %q", h.form.Summary.Text())
	}
	if got := d.AbsolutePositionForObject(cf.Looked); got != before {
		t.Fatalf("the looked-after box moved from %v to %v", before, got)
	}
}
