package supervise

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
	"homeward/store"
)

// supervisor is a test of a supervisor's screen on a profile of their own.
func supervisor(t *testing.T, size fyne.Size) *pagetest.Recorder {
	t.Helper()
	return pagetest.NewFor(t, size, store.Profile{Name: "Sue Lead", Role: model.RoleSupervisor})
}

// voice saves a voice entry with words in the case, and returns its record
// and version IDs.
func voice(t *testing.T, st *store.Store, caseID, recordID string, parents []string, words string) string {
	t.Helper()
	v, err := st.Save(caseID, recordID, parents, model.VoiceEntry{RecordedAt: time.Now().Add(-time.Hour), Method: model.MethodWords, Words: words})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestHomeListsWorkWaitingOldestFirst: the waiting tab lists every record not
// signed off, oldest first with how long it waited, the search and the
// practitioner filter narrow it, and a row opens the record's review.
func TestHomeListsWorkWaitingOldestFirst(t *testing.T) {
	h := supervisor(t, fyne.NewSize(1280, 800))
	st := h.Env.Store
	morgan := pagetest.AddChild(t, st, "Morgan Example")
	taylor := pagetest.AddChild(t, st, "Taylor Sample")
	edit := taylor.Child.Value
	edit.AllocatedWorker = "Ann Worker"
	if _, err := st.Save(taylor.ID, taylor.Child.RecordID, []string{taylor.Child.VersionID}, edit); err != nil {
		t.Fatal(err)
	}
	v := NewHome(h.Env, &page.Route{Kind: page.Team})
	h.Show(v)
	home := v.Screen.(*Home)
	if len(home.Waiting) != 2 || !strings.HasPrefix(home.Waiting[0].Title, "Morgan Example") || !strings.HasPrefix(home.Waiting[0].Note, "Waiting ") {
		t.Fatalf("waiting: %+v", home.Waiting)
	}
	if len(home.Supervision) != 2 || len(home.Cases) != 2 || !strings.Contains(home.Summary.Text, "2 records waiting for review") {
		t.Fatalf("supervision due %d, cases %d, summary %q", len(home.Supervision), len(home.Cases), home.Summary.Text)
	}
	pagetest.Type(home.Search, "sample")
	if len(home.Waiting) != 1 || !strings.HasPrefix(home.Waiting[0].Title, "Taylor Sample") {
		t.Fatalf("searching: %+v", home.Waiting)
	}
	pagetest.Type(home.Search, "")
	home.Practitioner.SetSelected("Ann Worker")
	if len(home.Cases) != 1 || home.Cases[0].CaseID != taylor.ID {
		t.Fatalf("filtered to Ann Worker: %+v", home.Cases)
	}
	home.Practitioner.SetSelected(AllPractitioners)
	home.lists[0].Select(0)
	if len(h.Routes) != 1 || h.Routes[0].Kind != page.Review || h.Routes[0].CaseID != morgan.ID || h.Routes[0].RecordID != morgan.Child.RecordID {
		t.Fatalf("a waiting row went to %+v", h.Routes)
	}
	if len(home.Figures) != 2 || home.Figures[0].Waiting+home.Figures[1].Waiting != 2 {
		t.Fatalf("the chart's figures: %+v", home.Figures)
	}
}

// TestHomeListsChildrenWhoDoNotFeelSafe: a child who pressed "I don't feel
// safe" in child mode has a row, in red, until what was done is recorded, and
// the row opens the child's page.
func TestHomeListsChildrenWhoDoNotFeelSafe(t *testing.T) {
	h := supervisor(t, fyne.NewSize(1280, 800))
	st := h.Env.Store
	pagetest.AddChild(t, st, "Morgan Example")
	robin := pagetest.AddChild(t, st, "Robin Sample")
	pressed := time.Now().Add(-3 * time.Hour).Truncate(time.Second)
	id := st.NewRecordID()
	v, err := st.Save(robin.ID, id, nil, model.VoiceEntry{RecordedAt: pressed, Method: model.MethodNotSafe})
	if err != nil {
		t.Fatal(err)
	}
	home := NewHome(h.Env, &page.Route{Kind: page.Team})
	h.Show(home)
	hm := home.Screen.(*Home)
	if len(hm.NotSafe) != 1 || hm.NotSafe[0].CaseID != robin.ID || hm.NotSafe[0].Importance != widget.DangerImportance ||
		!strings.Contains(hm.NotSafe[0].Note, "Said they don't feel safe on") || !strings.Contains(hm.Summary.Text, "1 said they don't feel safe") {
		t.Fatalf("not feeling safe: %+v; summary %q", hm.NotSafe, hm.Summary.Text)
	}
	if !strings.HasPrefix(hm.Tabs.Items[1].Text, "Not feeling safe (1)") {
		t.Errorf("the tab says %q", hm.Tabs.Items[1].Text)
	}
	hm.lists[1].Select(0)
	if len(h.Routes) != 1 || h.Routes[0].Kind != page.Child || h.Routes[0].CaseID != robin.ID {
		t.Fatalf("the row went to %+v", h.Routes)
	}
	done := model.VoiceEntry{RecordedAt: pressed, Method: model.MethodNotSafe, Response: &model.NotSafeResponse{At: time.Now(), What: "Talked with Robin; told the duty manager."}}
	if _, err := st.Save(robin.ID, id, []string{v}, done); err != nil {
		t.Fatal(err)
	}
	hm.load()
	if len(hm.NotSafe) != 0 || strings.Contains(hm.Summary.Text, "feel safe") {
		t.Errorf("with what was done recorded: %+v; summary %q", hm.NotSafe, hm.Summary.Text)
	}
}

// TestPlansAndScreeningsWaitForReview: what decides what is done for a child
// (here information from an agency and the plan) waits for review like the
// rest, and its review names each finding the plan answers without an action.
func TestPlansAndScreeningsWaitForReview(t *testing.T) {
	h := supervisor(t, fyne.NewSize(1280, 800))
	st := h.Env.Store
	c := pagetest.AddChild(t, st, "Robin Sample")
	infoID := st.NewRecordID()
	if _, err := st.Save(c.ID, infoID, nil, model.Information{Received: time.Now().Add(-time.Hour), Agency: "agency.police",
		What: "Seen in a car with an adult the police are concerned about."}); err != nil {
		t.Fatal(err)
	}
	planID := st.NewRecordID()
	if _, err := st.Save(c.ID, planID, nil, model.Plan{NoAction: []model.NoAction{{Finding: model.FindingID(infoID, "information"),
		Reason: "The police are already dealing with the adult."}}}); err != nil {
		t.Fatal(err)
	}
	home := NewHome(h.Env, &page.Route{Kind: page.Team})
	h.Show(home)
	if hm := home.Screen.(*Home); hm.waiting != 3 {
		t.Fatalf("%d records waiting, want the child, the information and the plan", hm.waiting)
	}
	v := NewReview(h.Env, c.ID, planID)
	h.Show(v)
	if !rendersText(v.Content, "The police are already dealing with the adult.") {
		t.Error("the plan's review does not show why its finding needs no action")
	}
	got, _ := st.Case(c.ID)
	named := false
	for _, f := range kit.Describe(got.Plans[0].Value, h.Env.Cat, got) {
		named = named || strings.HasPrefix(f.Label, "No action needed: Information from Police, ")
	}
	if !named {
		t.Error("the plan's facts do not name the finding it answers without an action")
	}
}

// TestReviewCommentReturnAndSignOff goes through a review: the difference
// between two versions field by field, a comment, a return, a sign-off that
// a wrong passphrase does not make, and the sign-off going stale when the
// record changes.
func TestReviewCommentReturnAndSignOff(t *testing.T) {
	h := supervisor(t, fyne.NewSize(1280, 800))
	st := h.Env.Store
	c := pagetest.AddChild(t, st, "Morgan Example")
	rid := st.NewRecordID()
	v1 := voice(t, st, c.ID, rid, nil, "I went to the park")
	v2 := voice(t, st, c.ID, rid, []string{v1}, "I went to the park with Jo")
	open := func() *ReviewScreen {
		t.Helper()
		v := NewReview(h.Env, c.ID, rid)
		h.Show(v)
		return v.Screen.(*ReviewScreen)
	}
	r := open()
	if !strings.HasPrefix(r.Status.Text, "Waiting for review") {
		t.Fatalf("status %q", r.Status.Text)
	}
	test.Tap(r.Next)
	if n := len(h.Routes); n != 1 || h.Routes[0].Kind != page.Review || h.Routes[0].RecordID != c.Child.RecordID {
		t.Fatalf("the next record waiting went to %+v", h.Routes)
	}
	if r.From.SelectedIndex() != 0 || r.To.SelectedIndex() != 1 || !rendersText(r.Changes, "Was: I went to the park") || !rendersText(r.Changes, "Now: I went to the park with Jo") {
		t.Fatal("the changes between version 1 and 2 are not shown field by field")
	}

	test.Tap(r.Comment)
	pagetest.Type(r.Asked.Text, "Who is Jo?")
	test.Tap(r.Asked.Confirm)
	got, _ := st.Case(c.ID)
	if len(got.Comments) != 1 || got.Comments[0].Value.On.VersionID != v2 || got.Comments[0].Value.On.Number != 2 {
		t.Fatalf("the comment: %+v", got.Comments)
	}
	pagetest.DismissDialogs(h.Env.Win)

	r = open()
	test.Tap(r.Return)
	test.Tap(r.Asked.Confirm)
	if !r.Asked.Problem.Visible() {
		t.Fatal("a return with nothing said was not refused")
	}
	pagetest.Type(r.Asked.Text, "Say where the park is")
	test.Tap(r.Asked.Confirm)
	pagetest.DismissDialogs(h.Env.Win)
	r = open()
	if !strings.HasPrefix(r.Status.Text, "Returned by Sue Lead") {
		t.Fatalf("after the return: %q", r.Status.Text)
	}

	test.Tap(r.SignOff)
	pagetest.Type(r.Pass, "not my passphrase")
	test.Tap(r.Sign)
	if got, _ := st.Case(c.ID); len(got.SignOffs) != 0 || !r.Problem.Visible() {
		t.Fatal("a wrong passphrase signed off")
	}
	time.Sleep(st.UnlockWait())
	pagetest.Type(r.Pass, pagetest.Passphrase)
	test.Tap(r.Sign)
	pagetest.DismissDialogs(h.Env.Win)
	r = open()
	if !strings.HasPrefix(r.Status.Text, "Signed off version 2 by Sue Lead") || !r.SignOff.Disabled() {
		t.Fatalf("after the sign-off: %q", r.Status.Text)
	}

	voice(t, st, c.ID, rid, []string{v2}, "I went to the park with Jo, by the river")
	r = open()
	if !strings.HasPrefix(r.Status.Text, "Signed off version 2, changed since") || r.SignOff.Disabled() {
		t.Fatalf("after a change: %q", r.Status.Text)
	}
	if r.From.SelectedIndex() != 1 || r.To.SelectedIndex() != 2 {
		t.Fatalf("the changes shown are from version %d to %d, want from the version signed off", r.From.SelectedIndex()+1, r.To.SelectedIndex()+1)
	}
}

// rendersText reports whether a label under o says text.
func rendersText(o fyne.CanvasObject, text string) bool {
	found := false
	pagetest.EachObject(o, func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok && l.Text == text {
			found = true
		}
	})
	return found
}

// TestTheTeamsInterval: a case supervised ten days ago is due supervision
// with a one-week interval and not with the default four weeks.
func TestTheTeamsInterval(t *testing.T) {
	h := supervisor(t, fyne.NewSize(800, 1280))
	st := h.Env.Store
	c := pagetest.AddChild(t, st, "Morgan Example")
	if _, err := st.Save(c.ID, st.NewRecordID(), nil, model.Supervision{HeldAt: time.Now().Add(-10 * 24 * time.Hour), Discussion: "School"}); err != nil {
		t.Fatal(err)
	}
	home := func() *Home { return NewHome(h.Env, &page.Route{Kind: page.Team}).Screen.(*Home) }
	if n := len(home().Supervision); n != 0 {
		t.Fatalf("%d due supervision at four weeks", n)
	}
	if err := st.SetSupervisionInterval(7 * 24 * time.Hour); err != nil {
		t.Fatal(err)
	}
	if n := len(home().Supervision); n != 1 {
		t.Fatalf("%d due supervision at one week", n)
	}
	if err := st.SetSupervisionInterval(time.Hour); err == nil {
		t.Fatal("an interval of an hour was taken")
	}
}

// TestConflictsQuarantineAndDamageAreShown: a case with a conflict, a version
// the central store refused or a record that does not open is listed, with
// what is wrong.
func TestConflictsQuarantineAndDamageAreShown(t *testing.T) {
	sums := []model.Summary{
		{ID: "a", Child: model.Item[model.Child]{RecordID: "ca", Value: model.Child{Name: "Ash Example"}}, Conflicts: 1},
		{ID: "b", Child: model.Item[model.Child]{RecordID: "cb", Value: model.Child{Name: "Bo Example"}}},
		{ID: "c", Child: model.Item[model.Child]{RecordID: "cc", Value: model.Child{Name: "Cy Example"}}},
		{ID: "d", Child: model.Item[model.Child]{RecordID: "cd", Value: model.Child{Name: "Di Example"}}},
	}
	h := &Home{}
	h.fill(sums, model.DefaultCatalogue(), map[string]int{"c": 2}, map[string]int{"b": 1}, model.DefaultSupervisionInterval, time.Now())
	got := map[string]string{}
	for _, r := range h.Trouble {
		got[r.CaseID] = r.Note
	}
	want := map[string]string{"a": "1 record in conflict", "b": "1 version refused by the central store", "c": "2 records that do not open"}
	if len(got) != len(want) {
		t.Fatalf("trouble: %+v", h.Trouble)
	}
	for id, note := range want {
		if got[id] != note {
			t.Errorf("case %s: %q, want %q", id, got[id], note)
		}
	}
}
