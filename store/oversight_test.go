package store_test

import (
	"errors"
	"testing"
	"time"

	"homeward/model"
	"homeward/store"
)

// TestOversightFollowsTheRecords saves an interview, returns it, answers the
// return with a new version, signs that off, and changes it again: the case's
// summary says at each step what waits for review, what was returned and
// whether the sign-off still stands, and says the same after the profile is
// opened again.
func TestOversightFollowsTheRecords(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Tamsin Madeup"))
	voiceID := s.NewRecordID()
	v1 := mustSave(t, s, caseID, voiceID, nil, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "I felt safe at my nan's"})
	over := func() model.Oversight {
		t.Helper()
		sum, ok := s.Summary(caseID)
		if !ok {
			t.Fatal("no summary")
		}
		return sum.Oversight
	}
	if o := over(); o.Waiting != 2 || o.Oldest.Kind != model.KindChild {
		t.Fatalf("waiting after two saves: %+v", o)
	}
	awaiting := func() []model.Awaiting {
		c, _ := s.Case(caseID)
		return c.Awaiting()
	}
	if w := awaiting(); len(w) != 2 || w[1].VersionID != v1 {
		t.Fatalf("the records waiting: %+v", w)
	}

	mustSave(t, s, caseID, s.NewRecordID(), nil, model.Return{On: model.On{RecordID: voiceID, VersionID: v1, Number: 1}, MustChange: "Say where she was"})
	o := over()
	if len(o.Returned) != 1 || o.Returned[0].MustChange != "Say where she was" || o.Waiting != 1 {
		t.Fatalf("after a return: %+v", o)
	}

	v2 := mustSave(t, s, caseID, voiceID, []string{v1}, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "I felt safe at my nan's in Leeds"})
	if o := over(); len(o.Returned) != 0 || o.Waiting != 2 {
		t.Fatalf("a changed record still returned, or not waiting: %+v", o)
	}
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.SignOff{On: model.On{RecordID: voiceID, VersionID: v2, Number: 2, Saved: time.Now().Add(-time.Hour)}})
	o = over()
	if o.Waiting != 1 || o.SignedOffBy != "Test Worker" || o.Waited < time.Hour {
		t.Fatalf("after the sign-off: %+v", o)
	}

	mustSave(t, s, caseID, voiceID, []string{v2}, model.VoiceEntry{RecordedAt: time.Now(), Method: model.MethodWords, Words: "Changed since"})
	if w := awaiting(); over().Waiting != 2 || len(w) != 2 || w[1].Signed != 2 {
		t.Fatalf("a changed record is not shown as signed off version 2, changed since: %+v", w)
	}

	s = mustReopen(t, s)
	if w := awaiting(); over().Waiting != 2 || len(w) != 2 || w[1].Signed != 2 {
		t.Fatalf("after reopening: %+v", w)
	}
	c, _ := s.Case(caseID)
	for _, v := range c.Voices {
		if r := c.ReviewOf(model.Head{RecordID: v.RecordID, VersionID: v.VersionID}); !r.Stale || r.SignedOff == nil {
			t.Fatalf("the record's review: %+v", r)
		}
	}
}

// TestCommentThreadAndSupervision answers a comment and records a case
// supervision with an action: an answered comment is no longer new, and the
// action falls overdue on its date.
func TestCommentThreadAndSupervision(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	childID := s.NewRecordID()
	v1 := mustSave(t, s, caseID, childID, nil, child("Tamsin Madeup"))
	on := model.On{RecordID: childID, VersionID: v1, Number: 1}
	q := s.NewRecordID()
	mustSave(t, s, caseID, q, nil, model.Comment{On: on, Text: "Is the placement still with her aunt?"})
	sum, _ := s.Summary(caseID)
	if len(sum.Oversight.Comments) != 1 || sum.Oversight.Comments[0].Author != s.DeviceID() {
		t.Fatalf("the new comment: %+v", sum.Oversight.Comments)
	}
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.Comment{On: on, ReplyTo: q, Text: "Yes, since March"})
	sum, _ = s.Summary(caseID)
	if len(sum.Oversight.Comments) != 1 || sum.Oversight.Comments[0].Text != "Yes, since March" {
		t.Fatalf("after the answer, only the answer is new: %+v", sum.Oversight.Comments)
	}

	held := time.Now().Add(-30 * 24 * time.Hour)
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.Supervision{HeldAt: held, Discussion: "Her safety at school",
		Actions: []model.Action{{What: "Speak to the school", Owner: "Test Worker", Due: held.Add(7 * 24 * time.Hour)}}})
	sum, _ = s.Summary(caseID)
	now := time.Now()
	if !sum.Oversight.SupervisionOverdue(model.DefaultSupervisionInterval, now) || len(sum.Oversight.OverdueActions(now)) != 1 {
		t.Fatalf("supervision 30 days ago is not overdue against 4 weeks, or its action not overdue: %+v", sum.Oversight)
	}
	if sum.Oversight.SupervisionOverdue(model.DefaultSupervisionInterval, held.Add(24*time.Hour)) {
		t.Fatal("overdue the day after it was held")
	}
	c, _ := s.Case(caseID)
	if tl := c.Timeline(model.DefaultCatalogue()); len(tl) != 1 || tl[0].Kind != model.KindSupervision {
		t.Fatalf("the timeline: %+v", tl)
	}
}

// TestAccessLogHoldsWhatWasOpened logs two openings and reads them back
// after the profile is opened again.
func TestAccessLogHoldsWhatWasOpened(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	childID := s.NewRecordID()
	mustSave(t, s, caseID, childID, nil, child("Tamsin Madeup"))
	if err := s.LogAccess(caseID, model.AccessPage, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.LogAccess(caseID, model.AccessChildMode, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.LogAccess("no-such-case", model.AccessPage, ""); !errors.Is(err, store.ErrNoCase) {
		t.Fatalf("logging a case not held: %v", err)
	}
	s = mustReopen(t, s)
	c, _ := s.Case(caseID)
	if len(c.Access) != 1 {
		t.Fatalf("%d access-log records, want the one of this device, whose versions are the openings", len(c.Access))
	}
	log, err := s.AccessLog(caseID)
	if err != nil || len(log) != 2 {
		t.Fatalf("%d openings logged (%v)", len(log), err)
	}
	for _, a := range log {
		if a.Who != "Test Worker" || a.DeviceID != s.DeviceID() || time.Since(a.At) > time.Minute {
			t.Fatalf("entry %+v", a)
		}
	}
	if log[0].How != model.AccessChildMode && log[1].How != model.AccessChildMode {
		t.Fatalf("child mode's opening is not logged: %+v", log)
	}
}

// TestCheckPassphrase asks for the passphrase again while unlocked.
func TestCheckPassphrase(t *testing.T) {
	s := mustCreate(t)
	if err := s.CheckPassphrase([]byte("not it")); !errors.Is(err, store.ErrWrongPassphrase) {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	time.Sleep(s.UnlockWait())
	if err := s.CheckPassphrase(testPass); err != nil {
		t.Fatal(err)
	}
	if !s.Unlocked() {
		t.Fatal("checking the passphrase locked the store")
	}
}

// TestSummaryOfTheLayoutBeforeOversight opens a profile whose summary was
// written by the first layout, before summaries said where a case stands with
// its supervisor, since when a child missing now has been missing, or that
// they said they do not feel safe: it is made again from the case's versions,
// with nothing shown as damage, so the caseload says "missing for N hours".
func TestSummaryOfTheLayoutBeforeOversight(t *testing.T) {
	s := mustCreate(t)
	caseID, _ := s.NewCase()
	mustSave(t, s, caseID, s.NewRecordID(), nil, child("Tamsin Madeup"))
	went := time.Now().UTC().Add(-5 * time.Hour).Truncate(time.Second)
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.MissingEpisode{WentMissing: went})
	pressed := went.Add(-time.Hour)
	mustSave(t, s, caseID, s.NewRecordID(), nil, model.VoiceEntry{RecordedAt: pressed, Method: model.MethodNotSafe})
	if err := s.WriteSummaryLayout1(caseID); err != nil {
		t.Fatal(err)
	}
	if sum, _ := s.Summary(caseID); sum.Oversight.Waiting != 0 || !sum.Open[0].WentMissing.IsZero() || !sum.NotSafe.IsZero() {
		t.Fatal("the old summary was not written as it was")
	}
	for round := range 2 {
		s = mustReopen(t, s)
		sum, _ := s.Summary(caseID)
		if sum.Oversight.Waiting != 3 || sum.Child.Value.Name != "Tamsin Madeup" || len(sum.Open) != 1 || !sum.Open[0].WentMissing.Equal(went) || !sum.NotSafe.Equal(pressed) {
			t.Fatalf("round %d: the summary after unlock: %+v", round, sum)
		}
		if d := sum.NextDue(time.Now()).Describe(time.Now()); d != "Missing for 5 hours" {
			t.Errorf("round %d: the caseload says %q", round, d)
		}
		if d := s.Damage(); len(d) != 0 {
			t.Fatalf("round %d: %v", round, d)
		}
	}
}
