package form

import (
	"testing"

	"fyne.io/fyne/v2"
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
