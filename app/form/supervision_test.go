package form

import (
	"strings"
	"testing"
	"time"

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

// TestNewInformation records information from the police: with no agency it is
// refused beside the field, and saved it makes a re-screen due on the child's
// summary and is a finding of the plan.
func TestNewInformation(t *testing.T) {
	h := newForms(t, fyne.NewSize(800, 1280))
	c := pagetest.AddChild(t, h.Env.Store, "Morgan Example")
	screened := model.Screening{HeldOn: h.Env.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -10), HeldBy: "Sam Example", Age: 15, Chosen: model.LevelNone}
	if _, err := h.Env.Store.Save(c.ID, h.Env.Store.NewRecordID(), nil, screened); err != nil {
		t.Fatal(err)
	}
	AddInformation(h.Env, c.ID)
	if len(h.Routes) != 1 || h.Routes[0].Edit.Kind != model.KindInformation {
		t.Fatalf("new information went to %+v", h.Routes)
	}
	inf := h.form.Inputs.(*InformationFields)
	pagetest.Type(inf.What, "Seen with two adult men outside the takeaway at 11pm.")
	test.Tap(h.form.Save)
	if h.form.Fields["agency"].Text() != "Choose the agency the information came from." {
		t.Fatalf("no agency: %q", h.form.Fields["agency"].Text())
	}
	inf.Agency.Select.SetSelected("Police")
	test.Tap(h.form.Save)
	got, _ := h.Env.Store.Case(c.ID)
	if len(got.Information) != 1 || got.Information[0].Value.Agency != "agency.police" {
		t.Fatalf("saved %+v; problems %q", got.Information, h.form.Summary.Text())
	}
	sum, _ := h.Env.Store.Summary(c.ID)
	due := sum.PracticeDue(h.Env.Cat, h.Env.Now())
	if len(due) == 0 || due[0].Kind != model.DueRescreen || !strings.Contains(due[0].Why, "new information") {
		t.Errorf("due after new information: %+v", due)
	}
	if f := got.Findings(h.Env.Cat); len(f) != 1 || f[0].Label != "Information from Police" {
		t.Errorf("findings %+v", f)
	}
}
