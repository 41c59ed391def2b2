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

func TestDateProblemShownBesideField(t *testing.T) {
	h := newForms(t, fyne.NewSize(800, 1280))
	c := pagetest.AddChild(t, h.Env.Store, "Riley Example")
	AddEpisode(h.Env, c.ID)
	if len(h.Routes) != 1 || h.Routes[0].Kind != page.Form || h.Routes[0].Edit.Kind != model.KindEpisode {
		t.Fatalf("adding an episode went to %+v", h.Routes)
	}
	ef := h.form.Inputs.(*EpisodeFields)
	pagetest.Type(ef.Went.Entry, "31/11/2026 10:00")
	test.Tap(h.form.Save)
	if got := h.form.Fields["went_missing"].Text(); got != string(kit.ErrNoSuchDate) {
		t.Fatalf("went_missing problem %q", got)
	}
	pagetest.Type(ef.Went.Entry, "yesterday 21:30")
	if got := h.form.Fields["went_missing"].Text(); got != "" {
		t.Fatalf("problem %q stays after a good date", got)
	}
	if !strings.Contains(ef.Went.Echo.Text, "21:30") {
		t.Fatalf("the date is not said back: %q", ef.Went.Echo.Text)
	}
	pagetest.Type(ef.Returned.Entry, "2 days ago")
	test.Tap(h.form.Save)
	if got := h.form.Fields["returned"].Text(); got != string(kit.ErrDateTimeFormat) {
		t.Fatalf("returned problem %q", got)
	}
}

func TestHeldAnswerStays(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	openInterview(t, h)
	ff := h.form.Inputs.(*InterviewFields)
	yes := test.WidgetRenderer(ff.Held).Objects()[0].(fyne.Tappable)
	test.Tap(yes)
	if ff.Held.Selected != HeldYes || ff.HeldBlock.Hidden {
		t.Fatalf("tapping the chosen answer cleared it: %q", ff.Held.Selected)
	}
}

func TestNotHeldNotesBesideField(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	openInterview(t, h)
	ff := h.form.Inputs.(*InterviewFields)
	ff.Held.SetSelected(HeldNo)
	ff.Reason.SetSelected(model.NotHeldDecision.Label())
	test.Tap(h.form.Save)
	line, ok := h.form.Fields["not_held_notes"]
	if !ok || line.Text() == "" {
		t.Fatalf("the missing notes are not marked beside their field; summary %q", h.form.Summary.Text())
	}
	if got := ff.NotesLabel.Text; strings.Contains(got, "optional") {
		t.Fatalf("notes labelled %q when they are needed", got)
	}
	pagetest.Type(ff.NotHeldNotes, "The team decided with the social worker.")
	if line.Text() != "" {
		t.Fatal("the problem stays after writing the notes")
	}
	ff.Reason.SetSelected(model.NotHeldRefused.Label())
	if got := ff.NotesLabel.Text; !strings.Contains(got, "optional") {
		t.Fatalf("notes labelled %q when they are optional", got)
	}
}

// TestInterviewBeforeReturnShownBesideField types an interview time before the
// child came back: the problem appears beside that time, and nothing is saved.
func TestInterviewBeforeReturnShownBesideField(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, h.Env.Store, "Robin Example")
	back := time.Now().Add(-10 * time.Hour).Truncate(time.Minute)
	epID := h.Env.Store.NewRecordID()
	if _, err := h.Env.Store.Save(c.ID, epID, nil, model.MissingEpisode{WentMissing: back.Add(-6 * time.Hour), Returned: back, WhereFound: "At the station"}); err != nil {
		t.Fatal(err)
	}
	c, _ = h.Env.Store.Case(c.ID)
	recordInterview(h.Env, c, epID)
	ff := h.form.Inputs.(*InterviewFields)
	pagetest.Type(ff.Offered.Entry, pagetest.Stamp(back.Add(-3*time.Hour)))
	pagetest.Type(ff.HeldAt.Entry, pagetest.Stamp(back.Add(-2*time.Hour)))
	test.Tap(h.form.Save)
	for _, field := range []string{"offered_at", "held_at"} {
		if got := h.form.Fields[field].Text(); !strings.Contains(got, "before the child came back") {
			t.Errorf("%s problem %q", field, got)
		}
	}
	if c, _ := h.Env.Store.Case(c.ID); len(c.Interviews) != 0 {
		t.Fatal("an interview before the return was saved")
	}
}

// TestScaleNotChosenIsNotZero fills in a scale's two ends but no number: the
// form asks for the child's number instead of saving a 0 they never chose.
func TestScaleNotChosenIsNotZero(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, h.Env.Store, "Alex Example")
	AddVoice(h.Env, c.ID)
	vf := h.form.Inputs.(*VoiceInputs)
	vf.Method.SetSelected(model.MethodScale.Label())
	pagetest.Type(vf.Zero, "not safe at all")
	pagetest.Type(vf.Ten, "totally safe")
	test.Tap(h.form.Save)
	if got := h.form.Fields["scale"].Text(); !strings.Contains(got, "Choose the number") {
		t.Fatalf("scale problem %q", got)
	}
	if c, _ := h.Env.Store.Case(c.ID); len(c.Voices) != 0 {
		t.Fatal("a scale with no number chosen was saved")
	}
	vf.Value.SetSelectedIndex(0)
	test.Tap(h.form.Save)
	c, _ = h.Env.Store.Case(c.ID)
	if len(c.Voices) != 1 || c.Voices[0].Value.Scale.Value != 0 {
		t.Fatalf("a chosen 0 was not saved: %+v", c.Voices)
	}
	if h.Backs != 1 {
		t.Fatalf("saving went back %d times, want once", h.Backs)
	}
}

// forms shows forms under test: it follows each route to a form, showing the
// form in the window.
type forms struct {
	*pagetest.Recorder
	form *Form // the form on screen
}

func newForms(t *testing.T, size fyne.Size) *forms {
	h := &forms{Recorder: pagetest.New(t, size)}
	h.Open = func(r page.Route) {
		if r.Kind == page.Form {
			v := New(h.Env, r.Edit)
			h.form, _ = v.Screen.(*Form)
			h.Show(v)
		}
	}
	return h
}

// openInterview adds a child back from missing an hour ago and opens their
// return home interview form, as the child's page does when it is due.
func openInterview(t *testing.T, h *forms) *model.Case {
	t.Helper()
	st := h.Env.Store
	c := pagetest.AddChild(t, st, "Robin Example")
	back := h.Env.Now().Add(-time.Hour)
	epID := st.NewRecordID()
	if _, err := st.Save(c.ID, epID, nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back, WhereFound: "At a friend's house"}); err != nil {
		t.Fatal(err)
	}
	c, _ = st.Case(c.ID)
	recordInterview(h.Env, c, epID)
	if _, ok := h.form.Inputs.(*InterviewFields); !ok {
		t.Fatal("no interview form")
	}
	return c
}

// The mouse wheel scrolls a form while the pointer rests on a text field, one
// line or several, and scrolls the text of a field that holds more than it
// shows (issue 11, item 8).
func TestWheelOverFieldScrollsForm(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, h.Env.Store, "Riley Example")
	AddEpisode(h.Env, c.ID)
	ef := h.form.Inputs.(*EpisodeFields)
	for name, e := range map[string]*kit.Entry{"one line": ef.Went.Entry, "several lines": ef.WhereFound} {
		h.form.body.ScrollToTop()
		if !pagetest.Wheel(h.Env.Win, e, -40) {
			t.Fatalf("%s: nothing under the pointer takes the wheel", name)
		}
		if h.form.body.Offset.Y == 0 {
			t.Errorf("%s: the wheel over the field did not scroll the form", name)
		}
	}
	h.form.body.ScrollToTop()
	pagetest.Type(ef.not, strings.Repeat("A long note about the evening. ", 15))
	h.Env.Win.Content().Refresh()
	pagetest.Wheel(h.Env.Win, ef.not, -40)
	if h.form.body.Offset.Y != 0 {
		t.Error("the wheel over a field of more text than it shows scrolled the form, not the text")
	}
}

// A missing episode records who reported the child missing and the police's
// grade of risk (issue 11, the return interview).
func TestEpisodeKeepsReporterAndPoliceRisk(t *testing.T) {
	h := newForms(t, fyne.NewSize(800, 1280))
	c := pagetest.AddChild(t, h.Env.Store, "Riley Example")
	AddEpisode(h.Env, c.ID)
	ef := h.form.Inputs.(*EpisodeFields)
	pagetest.Type(ef.Went.Entry, pagetest.Stamp(h.Env.Now().Add(-3*time.Hour)))
	pagetest.Type(ef.ReportedBy, "The foster carer")
	ef.Risk.SetSelected(model.PoliceRiskMedium.Label())
	test.Tap(h.form.Save)
	c, _ = h.Env.Store.Case(c.ID)
	if len(c.Episodes) != 1 {
		t.Fatalf("the episode was not saved: %s", h.form.Summary.Text())
	}
	if e := c.Episodes[0].Value; e.ReportedBy != "The foster carer" || e.PoliceRisk != model.PoliceRiskMedium {
		t.Fatalf("saved %q, %q", e.ReportedBy, e.PoliceRisk)
	}
}
