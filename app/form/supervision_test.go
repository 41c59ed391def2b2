package form

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
)

// TestSupervisionWithAnAction records a case supervision with an action: an
// action with no owner is refused beside the actions, and once it has one the
// supervision is saved with the next date the form started with.
func TestSupervisionWithAnAction(t *testing.T) {
	h := newForms(t, fyne.NewSize(800, 1280))
	c := pagetest.AddChild(t, h.Env.Store, "Riley Example")
	AddSupervision(h.Env, c.ID)
	if len(h.Routes) != 1 || h.Routes[0].Kind != page.Form || h.Routes[0].Edit.Kind != model.KindSupervision {
		t.Fatalf("a new supervision went to %+v", h.Routes)
	}
	sf := h.form.Inputs.(*SupervisionFields)
	pagetest.Type(sf.Discussion, "Her safety on the way to school")
	test.Tap(sf.AddAction)
	pagetest.Type(sf.Actions[0].What, "Speak to the school")
	pagetest.Type(sf.Actions[0].Due.Entry, kit.FormatDate(h.Env.Now().AddDate(0, 0, 7)))
	test.Tap(h.form.Save)
	if h.form.Fields["actions"].Text() != "Say who does action 1." {
		t.Fatal("an action with no owner was not refused beside the actions")
	}
	pagetest.Type(sf.Actions[0].Owner, "Sam Example")
	test.Tap(h.form.Save)
	got, _ := h.Env.Store.Case(c.ID)
	if len(got.Supervisions) != 1 {
		t.Fatalf("%d supervisions saved; problems %q", len(got.Supervisions), h.form.Summary.Text())
	}
	s := got.Supervisions[0].Value
	if len(s.Actions) != 1 || s.Actions[0].Owner != "Sam Example" || s.Next.Sub(s.HeldAt) < 27*24*60*60*1e9 {
		t.Fatalf("saved %+v", s)
	}
}
