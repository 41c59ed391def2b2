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

// TestThrowAwayDiscardsInlineVoice edits a saved interview, adds a voice entry
// inside it, leaves, and throws the draft away when offered it back: the voice
// entry's draft goes too.
func TestThrowAwayDiscardsInlineVoice(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	st, now := h.Env.Store, h.Env.Now()
	c := openInterview(t, h)
	pagetest.Type(h.interview().Offered.Entry, pagetest.Stamp(now.Add(-30*time.Minute)))
	h.interview().Independent.SetSelected(IndependentYes)
	pagetest.Type(h.interview().HeldAt.Entry, pagetest.Stamp(now.Add(-10*time.Minute)))
	test.Tap(h.form.Save)
	c, _ = st.Case(c.ID)
	if len(c.Interviews) != 1 {
		t.Fatalf("interview not saved: %s", h.form.Summary.Text())
	}
	interviewID := c.Interviews[0].RecordID
	h.edit(t, c.ID, interviewID)
	ff := h.interview()
	test.Tap(ff.AddVoice[model.MethodWords])
	pagetest.Type(ff.Voices[0].Inputs.Words, "I was scared.")
	h.RunTimers()
	if n := len(st.Drafts()); n != 2 {
		t.Fatalf("%d drafts kept, want the interview's and its voice entry's", n)
	}
	h.Leave()
	// A slip: "Throw away" asks again, and keeping them opens the draft.
	h.edit(t, c.ID, interviewID)
	pagetest.TapDialogButton(t, h.Env.Win, "Throw away")
	pagetest.TapDialogButton(t, h.Env.Win, "Keep them")
	if n := len(st.Drafts()); n != 2 || len(h.interview().Voices) != 1 {
		t.Fatalf("keeping the changes left %d drafts and %d voice entries", n, len(h.interview().Voices))
	}
	h.Leave()
	h.edit(t, c.ID, interviewID)
	pagetest.TapDialogButton(t, h.Env.Win, "Throw away")
	pagetest.TapDialogButton(t, h.Env.Win, "Throw away")
	if d := st.Drafts(); len(d) != 0 {
		t.Fatalf("throwing the draft away left %d drafts", len(d))
	}
	if len(h.interview().Voices) != 0 {
		t.Fatal("the voice entry came back after throwing the draft away")
	}
}

// TestRetryAfterVoiceSaveFails saves an interview whose voice entry cannot be
// saved, drops that entry, and saves again: the retry builds on the interview
// just saved rather than failing as a second first version.
func TestRetryAfterVoiceSaveFails(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	now := h.Env.Now()
	c := openInterview(t, h)
	ff := h.interview()
	pagetest.Type(ff.Offered.Entry, pagetest.Stamp(now.Add(-30*time.Minute)))
	ff.Independent.SetSelected(IndependentYes)
	pagetest.Type(ff.HeldAt.Entry, pagetest.Stamp(now.Add(-10*time.Minute)))
	// A voice entry whose record ID is the episode's: the store refuses it.
	ff.AddInlineVoice(h.form, c.Episodes[0].RecordID, model.VoiceEntry{Method: model.MethodWords, Words: "I was fine.", RecordedAt: now.Truncate(time.Minute)})
	test.Tap(h.form.Save)
	overlays := h.Env.Win.Canvas().Overlays()
	if h.Backs != 0 || overlays.Top() == nil {
		t.Fatal("the failed save was not reported")
	}
	pagetest.DismissDialogs(h.Env.Win)
	test.Tap(pagetest.FindButton(ff.Voices[0].Box, "Remove"))
	test.Tap(h.form.Save)
	if overlays.Top() != nil || h.Backs != 1 {
		t.Fatal("saving again failed")
	}
	got, _ := h.Env.Store.Case(c.ID)
	if len(got.Interviews) != 1 || got.Interviews[0].Conflict {
		t.Fatalf("%d interviews after the retry", len(got.Interviews))
	}
}

// TestEpisodeReturnCheckedAgainstInterview moves an episode's return to after
// the interview recorded for it: the problem shows beside the return time, and
// the episode as saved is unchanged.
func TestEpisodeReturnCheckedAgainstInterview(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	st, now := h.Env.Store, h.Env.Now()
	c := openInterview(t, h)
	ff := h.interview()
	pagetest.Type(ff.Offered.Entry, pagetest.Stamp(now.Add(-30*time.Minute)))
	ff.Independent.SetSelected(IndependentYes)
	pagetest.Type(ff.HeldAt.Entry, pagetest.Stamp(now.Add(-10*time.Minute)))
	test.Tap(h.form.Save)
	c, _ = st.Case(c.ID)
	if len(c.Interviews) != 1 {
		t.Fatalf("interview not saved: %s", h.form.Summary.Text())
	}
	ep := c.Episodes[0]
	h.edit(t, c.ID, ep.RecordID)
	pagetest.Type(h.form.Inputs.(*EpisodeFields).Returned.Entry, pagetest.Stamp(now.Add(-5*time.Minute)))
	test.Tap(h.form.Save)
	if got := h.form.Fields["returned"].Text(); !strings.Contains(got, "offered or held before this time") {
		t.Fatalf("returned problem %q", got)
	}
	if c, _ := st.Case(c.ID); !c.Episodes[0].Value.Returned.Equal(ep.Value.Returned) {
		t.Fatal("an episode contradicting its interview was saved")
	}
}

// TestAttemptsKeptWhenHeldLater records an interview as not held after two
// attempts, then records that it took place: the attempts stay on the record.
func TestAttemptsKeptWhenHeldLater(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	st, now := h.Env.Store, h.Env.Now()
	c := openInterview(t, h)
	ff := h.interview()
	ff.Held.SetSelected(HeldNo)
	ff.Reason.SetSelected(model.NotHeldNoContact.Label())
	ff.Independent.SetSelected(IndependentYes)
	ff.AddAttempt(h.form, model.Attempt{At: now.Add(-40 * time.Minute), How: "Home visit", Outcome: "Not in"})
	ff.AddAttempt(h.form, model.Attempt{At: now.Add(-20 * time.Minute), How: "Phone call", Outcome: "No answer"})
	test.Tap(h.form.Save)
	c, _ = st.Case(c.ID)
	if len(c.Interviews) != 1 {
		t.Fatalf("not-held interview not saved: %s", h.form.Summary.Text())
	}
	h.edit(t, c.ID, c.Interviews[0].RecordID)
	ff = h.interview()
	if ff.AttemptsBlock.Hidden {
		t.Fatal("the attempts are not shown when editing")
	}
	ff.Held.SetSelected(HeldYes)
	if ff.AttemptsBlock.Hidden {
		t.Fatal("choosing that it took place hid the attempts")
	}
	pagetest.Type(ff.Offered.Entry, pagetest.Stamp(now.Add(-15*time.Minute)))
	pagetest.Type(ff.HeldAt.Entry, pagetest.Stamp(now.Add(-5*time.Minute)))
	test.Tap(h.form.Save)
	c, _ = st.Case(c.ID)
	if r := c.Interviews[0].Value; !r.Held || len(r.Attempts) != 2 {
		t.Fatalf("after recording it held: held %v, %d attempts (%s)", r.Held, len(r.Attempts), h.form.Summary.Text())
	}
}

// interview is the interview form's fields, or nil when the form on screen is
// another.
func (h *forms) interview() *InterviewFields {
	ff, _ := h.form.Inputs.(*InterviewFields)
	return ff
}

// edit opens the form for a saved record of case caseID, as the record view's
// Edit does.
func (h *forms) edit(t *testing.T, caseID, recordID string) {
	t.Helper()
	heads, err := h.Env.Store.Heads(recordID)
	if err != nil || len(heads) != 1 {
		t.Fatalf("record %s has %d heads: %v", recordID, len(heads), err)
	}
	saved := heads[0]
	OpenForm(h.Env, &page.Edit{Kind: saved.Payload.Kind, CaseID: caseID, RecordID: recordID, Parents: []string{saved.ID}, From: saved.ID})
}

// After a save that failed, what appears next (an attempt or a referral added,
// "independent" unticked, harm ticked) is not marked before anything is typed:
// its problem shows when the person leaves the field or saves, beside the field,
// and an indicator's beside the indicator (issue 11, item 7).
func TestNoProblemBeforeAnythingIsTyped(t *testing.T) {
	h := newForms(t, fyne.NewSize(800, 1280))
	openInterview(t, h)
	ff := h.interview()
	test.Tap(h.form.Save)
	if h.form.Fields["held_at"].Text() == "" {
		t.Fatal("a failed save marked nothing")
	}
	unmarked := func(what string, lines ...*kit.ProblemLine) {
		t.Helper()
		for _, l := range lines {
			if l.Text() != "" {
				t.Errorf("%s: %q shown before anything is typed", what, l.Text())
			}
		}
	}
	marked := func(what string, l *kit.ProblemLine) {
		t.Helper()
		if l.Text() == "" {
			t.Errorf("%s: no problem shown beside the field", what)
		}
	}

	ff.Independent.SetSelected(IndependentNo)
	unmarked("not independent", h.form.Fields["not_independent_reason"])
	ff.harm.SetChecked(true)
	unmarked("harm ticked", h.form.Fields["action_taken"])
	ff.AddAttempt(h.form, model.Attempt{})
	h.form.changed()
	row := ff.attempts[0]
	unmarked("an attempt added", row.atProb, row.HowProb)
	ff.addReferral(h.form, model.Referral{})
	h.form.changed()
	unmarked("a referral added", ff.referrals[0].ToProb)

	c := h.Env.Win.Canvas()
	c.Focus(row.at.Entry)
	c.Focus(row.how)
	marked("leaving an attempt's time", row.atProb)
	unmarked("still in the attempt's way", row.HowProb)
	h.form.Show(1)
	c.Focus(ff.notIndReason)
	c.Unfocus()
	marked("leaving the reason", h.form.Fields["not_independent_reason"])

	gifts := ff.Indicators["rel.gifts"]
	gifts.Check.SetChecked(true)
	unmarked("an indicator ticked", gifts.Problem)
	test.Tap(h.form.Save)
	marked("the way of an attempt, after saving", row.HowProb)
	marked("the referral, after saving", ff.referrals[0].ToProb)
	marked("the action, after saving", h.form.Fields["action_taken"])
	marked("the indicator, after saving", gifts.Problem)
	unmarked("the list of indicators", h.form.Fields["indicators"])
	if !ff.IndicatorList.Items[gifts.fold].Open {
		t.Error("the indicator's problem is in a closed fold")
	}
}

// Whether the interviewer is independent of the child's care is the worker's
// answer, not a tick already made: nothing is chosen in a new interview, and
// Save asks for it beside the question (issue 11, item 10).
func TestIndependentIsAskedNotAssumed(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	openInterview(t, h)
	ff := h.interview()
	if ff.Independent.Selected != "" {
		t.Fatalf("a new interview already answers %q", ff.Independent.Selected)
	}
	test.Tap(h.form.Save)
	if h.form.Fields["independent"].Text() == "" {
		t.Fatal("saving without an answer is not marked beside the question")
	}
	ff.Independent.SetSelected(IndependentYes)
	if got := h.form.Fields["independent"].Text(); got != "" {
		t.Fatalf("the problem %q stays after answering", got)
	}
}

// An interview held after the 72 hours asks why it was late, beside the field,
// and keeps the reason (issue 11, the return interview).
func TestLateInterviewAsksWhy(t *testing.T) {
	h := newForms(t, fyne.NewSize(1280, 800))
	st, now := h.Env.Store, h.Env.Now()
	c := pagetest.AddChild(t, st, "Robin Example")
	back := now.Add(-80 * time.Hour)
	epID := st.NewRecordID()
	if _, err := st.Save(c.ID, epID, nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back, WhereFound: "At a friend's house"}); err != nil {
		t.Fatal(err)
	}
	c, _ = st.Case(c.ID)
	recordInterview(h.Env, c, epID)
	ff := h.interview()
	pagetest.Type(ff.Offered.Entry, pagetest.Stamp(back.Add(2*time.Hour)))
	pagetest.Type(ff.HeldAt.Entry, pagetest.Stamp(now.Add(-time.Hour)))
	ff.Independent.SetSelected(IndependentYes)
	test.Tap(h.form.Save)
	if h.form.Fields["late_reason"].Text() == "" {
		t.Fatalf("a late interview was not asked why; summary %q", h.form.Summary.Text())
	}
	pagetest.Type(ff.LateReason, "The child asked to wait until after the weekend.")
	test.Tap(h.form.Save)
	c, _ = st.Case(c.ID)
	if len(c.Interviews) != 1 || c.Interviews[0].Value.LateReason == "" {
		t.Fatalf("the late interview was not saved with its reason: %s", h.form.Summary.Text())
	}
}
