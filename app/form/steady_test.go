package form

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/page/pagetest"
	"homeward/model"
)

// steady notes where objects are in a form and fails the test when any of them
// has moved since: a field that moves while a person types takes the tap aimed
// at it (issue 11, item 6). Places are taken in the form's scrolled content,
// since Save scrolling to a problem is the person's own doing.
type steady struct {
	t    *testing.T
	f    *Form
	objs map[string]fyne.CanvasObject
	at   map[string]fyne.Position
}

func watch(t *testing.T, f *Form, objs map[string]fyne.CanvasObject) *steady {
	s := &steady{t: t, f: f, objs: objs, at: map[string]fyne.Position{}}
	for name := range objs {
		s.at[name] = s.place(name)
	}
	return s
}

// place is where the object named is in the form's content.
func (s *steady) place(name string) fyne.Position {
	s.f.env.Win.Content().Refresh()
	d := fyne.CurrentApp().Driver()
	return d.AbsolutePositionForObject(s.objs[name]).Subtract(d.AbsolutePositionForObject(s.f.body.Content))
}

// still fails when an object watched is not where it was, after what.
func (s *steady) still(what string) {
	s.t.Helper()
	for name := range s.objs {
		if got := s.place(name); got != s.at[name] {
			s.t.Errorf("%s: %s moved from %v to %v", what, name, s.at[name], got)
		}
	}
}

func TestFieldsStayPutAsPeopleType(t *testing.T) {
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 1280}} {
		turn := map[bool]string{true: "landscape", false: "portrait"}[size.Width > size.Height]
		t.Run("add a child, "+turn, func(t *testing.T) {
			h := newForms(t, size)
			AddChild(h.Env)
			cf := h.form.Inputs.(*ChildFields)
			s := watch(t, h.form, map[string]fyne.CanvasObject{"name": cf.Name, "date of birth": cf.DOB.Entry, "NHS number": cf.nhs})
			pagetest.Type(cf.DOB.Entry, "31/11/2011")
			test.Tap(h.form.Save)
			s.still("an error for the name and the date")
			pagetest.Type(cf.DOB.Entry, "03/04/2011")
			s.still("the date said back")
			pagetest.Type(cf.Name, "Riley Example")
			s.still("the errors put right")
		})
		t.Run("missing episode, "+turn, func(t *testing.T) {
			h := newForms(t, size)
			c := pagetest.AddChild(t, h.Env.Store, "Riley Example")
			AddEpisode(h.Env, c.ID)
			ef := h.form.Inputs.(*EpisodeFields)
			s := watch(t, h.form, map[string]fyne.CanvasObject{"went": ef.Went.Entry, "returned": ef.Returned.Entry, "where found": ef.WhereFound})
			test.Tap(h.form.Save)
			s.still("errors after save")
			pagetest.Type(ef.Went.Entry, "yesterday 21:30")
			s.still("the date said back")
			pagetest.Type(ef.Returned.Entry, "2 days")
			s.still("a date not understood")
		})
		t.Run("attempts, "+turn, func(t *testing.T) {
			h := newForms(t, size)
			openInterview(t, h)
			ff := h.form.Inputs.(*InterviewFields)
			ff.Held.SetSelected(HeldNo)
			ff.AddAttempt(h.form, model.Attempt{})
			row := ff.attempts[0]
			s := watch(t, h.form, map[string]fyne.CanvasObject{"when": row.at.Entry, "how": row.how, "outcome": row.outcome})
			pagetest.Type(row.at.Entry, pagetest.Stamp(time.Now().Add(-30*time.Minute)))
			s.still("the attempt's time said back")
			pagetest.Type(row.at.Entry, "")
			s.still("the attempt's time taken away")
		})
		t.Run("the scale card, "+turn, func(t *testing.T) {
			h := newForms(t, size)
			c := pagetest.AddChild(t, h.Env.Store, "Alex Example")
			AddVoice(h.Env, c.ID)
			vf := h.form.Inputs.(*VoiceInputs)
			vf.Method.SetSelected(model.MethodScale.Label())
			s := watch(t, h.form, map[string]fyne.CanvasObject{"zero": vf.Zero, "ten": vf.Ten, "number": vf.Value, "interpretation": vf.interp})
			pagetest.Type(vf.Zero, "not safe at all")
			test.Tap(h.form.Save)
			s.still("an error for the scale")
			pagetest.Type(vf.Ten, "totally safe")
			vf.Value.SetSelectedIndex(4)
			s.still("the scale put right")
		})
	}
}
