package form

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/page/pagetest"
)

// Foster care or a children's home with "looked after" unticked is very likely
// a slip: a warning says so beside the tick box, and goes when they agree
// (issue 11, b).
func TestPlacementWarnsWhenNotLookedAfter(t *testing.T) {
	h := newForms(t, fyne.NewSize(800, 1280))
	AddChild(h.Env)
	cf := h.form.Inputs.(*ChildFields)
	if cf.LookedNote.Visible() {
		t.Fatalf("a warning before anything is chosen: %q", cf.LookedNote.Text)
	}
	for _, placement := range []string{"Foster care", "Children's home"} {
		cf.Looked.SetChecked(false)
		cf.Placement.Select.SetSelected(placement)
		if !cf.LookedNote.Visible() || cf.LookedNote.Text == "" {
			t.Errorf("%s, not looked after: no warning", placement)
		}
		cf.Looked.SetChecked(true)
		if cf.LookedNote.Visible() {
			t.Errorf("%s, looked after: still warns %q", placement, cf.LookedNote.Text)
		}
	}
	cf.Looked.SetChecked(false)
	cf.Placement.Select.SetSelected("Living with family")
	if cf.LookedNote.Visible() {
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
