package practice_test

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/app/practice"
	"homeward/model"
)

// All names in these tests are made up.

var tablet = fyne.NewSize(1280, 800)

// withInterview is a child with a held interview that recorded two indicators,
// and the route of a screen of kind for them.
func withInterview(t *testing.T, r *pagetest.Recorder, kind page.Kind) (*model.Case, *page.Route) {
	t.Helper()
	c := pagetest.AddChild(t, r.Env.Store, "Tamsin Oakridge")
	now := r.Env.Now()
	epID := r.Env.Store.NewRecordID()
	ep := model.MissingEpisode{WentMissing: now.Add(-60 * time.Hour), Returned: now.Add(-50 * time.Hour), WhereFound: "Bus station"}
	if _, err := r.Env.Store.Save(c.ID, epID, nil, ep); err != nil {
		t.Fatal(err)
	}
	rhi := model.ReturnInterview{EpisodeID: epID, OfferedAt: now.Add(-30 * time.Hour), Held: true, HeldAt: now.Add(-26 * time.Hour),
		Interviewer: "Jordan Ellery", Independent: model.Answer(true), Indicators: []model.Observation{
			{Indicator: "rel.cars", Evidence: model.EvidenceReported, Note: "Lifts from an unknown adult"},
			{Indicator: "mis.late", Evidence: model.EvidenceObserved}}}
	if _, err := r.Env.Store.Save(c.ID, r.Env.Store.NewRecordID(), nil, rhi); err != nil {
		t.Fatal(err)
	}
	c, _ = r.Env.Store.Case(c.ID)
	return c, &page.Route{Kind: kind, CaseID: c.ID}
}

// capture saves what the window shows as a PNG under the test's temporary
// folder, or $HOMEWARD_SCREENS, for a person to look at.
func capture(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("HOMEWARD_SCREENS")
	if dir == "" {
		dir = t.TempDir()
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

func TestScreeningTakesUpTheInterview(t *testing.T) {
	r := pagetest.New(t, tablet)
	c, route := withInterview(t, r, page.Screening)
	v := practice.NewScreening(r.Env, route)
	r.Show(v)
	s := v.Screen.(*practice.Screening)
	for _, id := range []string{"rel.cars", "mis.late"} {
		row := s.Ticks[id]
		if !row.Tick.Checked || !strings.HasPrefix(row.Source.Text, "From the return home interview") {
			t.Errorf("%s: ticked %v, source %q", id, row.Tick.Checked, row.Source.Text)
		}
	}
	if s.Ticks["rel.gifts"].Tick.Checked {
		t.Error("an indicator nobody found is ticked")
	}
	// Each comes with a way back to the interview, to read it as written.
	rhiID := c.Interviews[0].RecordID
	if o := s.Ticks["rel.cars"].Open; o.Hidden || !s.Ticks["rel.gifts"].Open.Hidden {
		t.Fatalf("open the source: shown %v, and for an indicator with none %v", !o.Hidden, !s.Ticks["rel.gifts"].Open.Hidden)
	}
	test.Tap(s.Ticks["rel.cars"].Open)
	if n := len(r.Routes); n != 1 || r.Routes[0].Kind != page.Record || r.Routes[0].RecordID != rhiID {
		t.Fatalf("opening where an indicator came from went to %+v", r.Routes)
	}
	r.Routes = nil
	// A significant indicator now: 5 points plus 1, and at least medium; the
	// level set follows until the person sets one.
	if s.Score.Text != "Score 6: medium risk. Level set: medium risk" || s.Chosen.Selected != model.LevelMedium.Label() {
		t.Errorf("score %q, chosen %q", s.Score.Text, s.Chosen.Selected)
	}
	// What an interview found comes from the agency that holds them, so far
	// the only one.
	for _, id := range []string{"rel.cars", "mis.late"} {
		if got := s.Ticks[id].Agency.Selected; got != "Voluntary sector project" {
			t.Errorf("%s arrives from %q, want the agency that holds interviews", id, got)
		}
	}
	if !strings.HasPrefix(s.SingleAgency.Text, "Only one agency has contributed") {
		t.Errorf("a screening from one agency says %q", s.SingleAgency.Text)
	}
	capture(t, r.Env.Win, "screening-test")

	// An indicator ticked by hand asks for its agency.
	s.Ticks["rel.gifts"].Tick.SetChecked(true)
	s.Ticks["rel.gifts"].Evidence.SetSelected("Reported")
	test.Tap(s.Save)
	if !strings.Contains(s.Problems.Text(), "Choose which agency contributed") || r.Backs != 0 {
		t.Fatalf("problems %q, backs %d", s.Problems.Text(), r.Backs)
	}
	s.Ticks["rel.gifts"].Tick.SetChecked(false)
	pagetest.Type(s.Contributed["agency.police"], "Two reports of the same car outside the home")
	if !s.SingleAgency.Hidden {
		t.Error("two agencies are still flagged as one")
	}
	// Another level needs a reason.
	s.Chosen.SetSelected(model.LevelHigh.Label())
	test.Tap(s.Save)
	if !strings.Contains(s.Problems.Text(), "write why") || r.Backs != 0 {
		t.Fatalf("a level set without a reason: problems %q", s.Problems.Text())
	}
	pagetest.Type(s.Reason, "Police intelligence this week shows the car belongs to an adult known to exploit children.")
	test.Tap(s.Save)
	if r.Backs != 1 {
		t.Fatalf("not saved: %q", s.Problems.Text())
	}
	c, _ = r.Env.Store.Case(c.ID)
	if len(c.Screenings) != 1 {
		t.Fatalf("%d screenings saved", len(c.Screenings))
	}
	got := c.Screenings[0].Value
	if got.Computed != model.LevelMedium || got.Chosen != model.LevelHigh || got.Points != 6 || got.Indicators[0].Source == "" {
		t.Errorf("saved %+v", got)
	}
	if sum, _ := r.Env.Store.Summary(c.ID); sum.Practice.Risk != model.LevelHigh {
		t.Errorf("the caseload's risk is %q, want the level chosen", sum.Practice.Risk)
	}
}

// A partnership whose model is professional judgement (or a matrix) says so
// in its data: the screening shows no score and sets no level, asks for the
// level and the reasons, and keeps the screening as a judgement.
func TestJudgementScreening(t *testing.T) {
	for _, m := range []model.ScreeningModel{model.ModelJudgement, model.ModelMatrix} {
		t.Run(string(m), func(t *testing.T) {
			r := pagetest.New(t, tablet)
			judged := *r.Env.Cat
			judged.Screening.Model = m
			r.Env.Cat = &judged
			c, route := withInterview(t, r, page.Screening)
			v := practice.NewScreening(r.Env, route)
			r.Show(v)
			s := v.Screen.(*practice.Screening)
			if !strings.HasPrefix(s.Score.Text, "Your partnership screens ") || strings.Contains(s.Score.Text, "Score") || s.Chosen.Selected != "" {
				t.Fatalf("score %q, level set %q", s.Score.Text, s.Chosen.Selected)
			}
			if !s.Ticks["rel.cars"].Tick.Checked {
				t.Error("the interview's indicators are not ticked under a judgement model")
			}
			pagetest.Type(s.Contributed["agency.police"], "Two reports of the same car outside the home")
			s.Chosen.SetSelected(model.LevelMedium.Label())
			test.Tap(s.Save)
			if !strings.Contains(s.Problems.Text(), "Write the reasons") || r.Backs != 0 {
				t.Fatalf("a judgement without reasons: problems %q, backs %d", s.Problems.Text(), r.Backs)
			}
			pagetest.Type(s.Reason, "Lifts from an adult the family does not know, and out late with no account of where.")
			test.Tap(s.Save)
			if r.Backs != 1 {
				t.Fatalf("not saved: %q", s.Problems.Text())
			}
			c, _ = r.Env.Store.Case(c.ID)
			if got := c.Screenings[0].Value; !got.Judgement || got.Points != 0 || got.Chosen != model.LevelMedium || got.Reason == "" {
				t.Errorf("saved %+v", got)
			}
		})
	}
}

func TestHealthReviewScreen(t *testing.T) {
	r := pagetest.New(t, tablet)
	c, route := withInterview(t, r, page.HealthReview)
	v := practice.NewHealthReview(r.Env, route)
	r.Show(v)
	h := v.Screen.(*practice.Health)
	pagetest.Type(h.HeldBy, "Looked-after children's nurse")
	pagetest.Type(h.Concerns["health.injuries"], "Bruising on both wrists she would not explain")
	pagetest.Type(h.SDQ, "twenty")
	capture(t, r.Env.Win, "health-review-test")
	test.Tap(h.Save)
	if !strings.Contains(h.Problems.Text(), "as a number from 0 to 40") || r.Backs != 0 {
		t.Fatalf("problems %q", h.Problems.Text())
	}
	pagetest.Type(h.SDQ, "21")
	test.Tap(h.Save)
	if r.Backs != 1 {
		t.Fatalf("not saved: %q", h.Problems.Text())
	}
	c, _ = r.Env.Store.Case(c.ID)
	if len(c.HealthReviews) != 1 || len(c.HealthReviews[0].Value.Concerns) != 1 || *c.HealthReviews[0].Value.SDQ != 21 {
		t.Fatalf("saved %+v", c.HealthReviews)
	}
	// The concern arrives ticked in the next screening, as unexplained injuries.
	next := practice.NewScreening(r.Env, &page.Route{Kind: page.Screening, CaseID: c.ID})
	if row := next.Screen.(*practice.Screening).Ticks["hea.injuries"]; !row.Tick.Checked || !strings.Contains(row.Source.Text, "health review") {
		t.Errorf("the health concern did not reach the screening: %v, %q", row.Tick.Checked, row.Source.Text)
	}
}

func TestPlanCannotBeAgreedWithAFindingOpen(t *testing.T) {
	r := pagetest.New(t, tablet)
	c, route := withInterview(t, r, page.Plan)
	v := practice.NewPlan(r.Env, route)
	r.Show(v)
	p := v.Screen.(*practice.Plan)
	if len(p.Findings) != 2 || !strings.HasPrefix(p.Open.Text, "2 of 2 open findings not addressed") {
		t.Fatalf("findings %d, %q", len(p.Findings), p.Open.Text)
	}
	test.Tap(p.Add)
	a := p.Actions[0]
	pagetest.Type(a.What, "Disrupt the adult's contact: police to visit the address")
	a.Agency.SetSelected("Police")
	pagetest.Type(a.Person, "PC Rhiannon Tully")
	var carsID, lateID string
	for id := range p.Findings {
		if strings.HasSuffix(id, "/rel.cars") {
			carsID = id
		} else {
			lateID = id
		}
	}
	test.Tap(p.Findings[carsID].Source)
	if n := len(r.Routes); n != 1 || r.Routes[0].Kind != page.Record || r.Routes[0].RecordID != c.Interviews[0].RecordID {
		t.Fatalf("opening where a finding came from went to %+v", r.Routes)
	}
	a.Addresses[carsID].SetChecked(true)
	if !strings.HasPrefix(p.Findings[carsID].Status.Text, "Addressed by: Disrupt") || !strings.HasPrefix(p.Findings[lateID].Status.Text, "Not addressed") {
		t.Errorf("statuses %q, %q", p.Findings[carsID].Status.Text, p.Findings[lateID].Status.Text)
	}
	p.Agreed.SetChecked(true)
	pagetest.Type(p.AgreedOn, r.Env.Now().Format("2/1/2006"))
	pagetest.Type(p.ReviewBy, r.Env.Now().AddDate(0, 0, 28).Format("2/1/2006"))
	capture(t, r.Env.Win, "plan-test")
	test.Tap(p.Save)
	if !strings.Contains(p.Problems.Text(), "1 finding not addressed") || r.Backs != 0 {
		t.Fatalf("agreed with a finding open: problems %q", p.Problems.Text())
	}
	pagetest.Type(p.Findings[lateID].Reason, "Her carers and she agreed a later curfew; staying out late has stopped.")
	if p.Open.Text != "Every finding is addressed." {
		t.Errorf("open: %q", p.Open.Text)
	}
	test.Tap(p.Save)
	if r.Backs != 1 {
		t.Fatalf("not saved: %q", p.Problems.Text())
	}
	c, _ = r.Env.Store.Case(c.ID)
	if len(c.Plans) != 1 || !c.Plans[0].Value.Agreed || len(c.Plans[0].Value.NoAction) != 1 {
		t.Fatalf("saved %+v", c.Plans)
	}
	sum, _ := r.Env.Store.Summary(c.ID)
	if due := sum.PracticeDue(r.Env.Cat, r.Env.Now()); len(due) == 0 {
		t.Error("nothing due after a plan was agreed with a review date")
	}
}

func TestPlanReviewRecordsProgressOnEveryAction(t *testing.T) {
	r := pagetest.New(t, tablet)
	c, _ := withInterview(t, r, page.PlanReview)
	day := time.Date(r.Env.Now().Year(), r.Env.Now().Month(), r.Env.Now().Day(), 0, 0, 0, 0, time.UTC)
	plan := model.Plan{Agreed: true, AgreedOn: day, ReviewBy: day.AddDate(0, 0, 28), Actions: []model.PlanAction{
		{ID: "a1", What: "Weekly sessions with a specialist worker", Agency: "agency.voluntary", Due: day.AddDate(0, 0, 7)},
		{ID: "a2", What: "School to check attendance daily", Agency: "agency.school", Due: day.AddDate(0, 0, 7)}}}
	if _, err := r.Env.Store.Save(c.ID, r.Env.Store.NewRecordID(), nil, plan); err != nil {
		t.Fatal(err)
	}
	v := practice.NewPlanReview(r.Env, &page.Route{Kind: page.PlanReview, CaseID: c.ID})
	r.Show(v)
	rv := v.Screen.(*practice.Review)
	rv.Progress["a1"].SetSelected(model.ProgressUnderway.Label())
	pagetest.Type(rv.ChildView, "The sessions help. I want school to stop ringing my mum.")
	test.Tap(rv.Save)
	if !strings.Contains(rv.Problems.Text(), "School to check attendance daily") || r.Backs != 0 {
		t.Fatalf("an action with no progress: problems %q", rv.Problems.Text())
	}
	rv.Progress["a2"].SetSelected(model.ProgressDone.Label())
	test.Tap(rv.Save)
	if r.Backs != 1 {
		t.Fatalf("not saved: %q", rv.Problems.Text())
	}
	c, _ = r.Env.Store.Case(c.ID)
	if len(c.PlanReviews) != 1 || len(c.PlanReviews[0].Value.Progress) != 2 {
		t.Fatalf("saved %+v", c.PlanReviews)
	}
	sum, _ := r.Env.Store.Summary(c.ID)
	if !sum.Practice.ReviewDue.Equal(day.AddDate(0, 0, 42)) {
		t.Errorf("next plan review due %s, want the date the review set", sum.Practice.ReviewDue)
	}
}

func TestWhatWasTypedIsKeptAsADraft(t *testing.T) {
	r := pagetest.New(t, tablet)
	c, route := withInterview(t, r, page.HealthReview)
	v := practice.NewHealthReview(r.Env, route)
	r.Show(v)
	r.Leave() // nothing typed: no draft
	if len(r.Env.Store.Drafts()) != 0 {
		t.Fatal("a draft was kept of a screen nobody typed in")
	}
	v = practice.NewHealthReview(r.Env, route)
	r.Show(v)
	pagetest.Type(v.Screen.(*practice.Health).Concerns["health.substances"], "Smelt of cannabis at the review")
	r.Leave() // the app locks, say
	if d := r.Env.Store.Drafts(); len(d) != 1 || d[0].CaseID != c.ID || d[0].Kind != model.KindHealth {
		t.Fatalf("drafts: %+v", d)
	}
	// Built again from the same route, the screen starts from the draft; saved,
	// the draft goes.
	v = practice.NewHealthReview(r.Env, route)
	r.Show(v)
	h := v.Screen.(*practice.Health)
	if h.Concerns["health.substances"].Text != "Smelt of cannabis at the review" {
		t.Fatalf("the draft did not come back: %q", h.Concerns["health.substances"].Text)
	}
	pagetest.Type(h.HeldBy, "School nurse")
	test.Tap(h.Save)
	if r.Backs != 1 || len(r.Env.Store.Drafts()) != 0 {
		t.Fatalf("backs %d, drafts %d, problems %q", r.Backs, len(r.Env.Store.Drafts()), h.Problems.Text())
	}
}

// TestDraftsKeptAsThePersonWorks: a draft is kept a moment after each change,
// a tick included, not only when the screen goes; a new screen of the kind
// carries on from it, saying so; and Discard throws it away after asking.
func TestDraftsKeptAsThePersonWorks(t *testing.T) {
	r := pagetest.New(t, tablet)
	c, route := withInterview(t, r, page.Screening)
	v := practice.NewScreening(r.Env, route)
	r.Show(v)
	s := v.Screen.(*practice.Screening)
	r.RunTimers()
	if len(r.Env.Store.Drafts()) != 0 || !s.Discard.Hidden {
		t.Fatal("a draft was kept of a screen nobody changed")
	}
	s.Ticks["rel.gifts"].Tick.SetChecked(true)
	r.RunTimers()
	if d := r.Env.Store.Drafts(); len(d) != 1 || d[0].CaseID != c.ID || d[0].Kind != model.KindScreening {
		t.Fatalf("after a tick and a moment: drafts %+v", d)
	}
	if s.Discard.Hidden {
		t.Error("Discard is not offered once a draft is kept")
	}

	// Started again from the child's page, a screening carries on from it.
	again := practice.NewScreening(r.Env, &page.Route{Kind: page.Screening, CaseID: c.ID})
	r.Show(again)
	s = again.Screen.(*practice.Screening)
	if !s.Ticks["rel.gifts"].Tick.Checked || s.Discard.Hidden {
		t.Fatalf("a new screening did not carry on from the one begun: ticked %v", s.Ticks["rel.gifts"].Tick.Checked)
	}
	if !strings.Contains(textOf(again.Content), "Carrying on from your changes kept on") {
		t.Error("the screen does not say it carries on from a draft")
	}
	test.Tap(s.Discard)
	pagetest.TapDialogButton(t, r.Env.Win, "Keep them")
	if len(r.Env.Store.Drafts()) != 1 || r.Backs != 0 {
		t.Fatal("Keep them threw the draft away")
	}
	test.Tap(s.Discard)
	pagetest.TapDialogButton(t, r.Env.Win, "Discard")
	if len(r.Env.Store.Drafts()) != 0 || r.Backs != 1 {
		t.Fatalf("after Discard: drafts %d, backs %d", len(r.Env.Store.Drafts()), r.Backs)
	}
}

// TestPlanActionsCanBeRemoved: a blank action goes at once; one with words in
// it goes after asking, and the rest are numbered again.
func TestPlanActionsCanBeRemoved(t *testing.T) {
	r := pagetest.New(t, tablet)
	_, route := withInterview(t, r, page.Plan)
	v := practice.NewPlan(r.Env, route)
	r.Show(v)
	p := v.Screen.(*practice.Plan)
	test.Tap(p.Add)
	test.Tap(p.Add)
	test.Tap(p.Add)
	pagetest.Type(p.Actions[0].What, "Weekly sessions with a specialist worker")
	pagetest.Type(p.Actions[2].What, "School to check attendance daily")
	test.Tap(p.Actions[1].Remove)
	if len(p.Actions) != 2 || r.Env.Win.Canvas().Overlays().Top() != nil {
		t.Fatalf("a blank action: %d actions left, asked %v", len(p.Actions), r.Env.Win.Canvas().Overlays().Top() != nil)
	}
	if !strings.Contains(textOf(v.Content), "Action 2") || strings.Contains(textOf(v.Content), "Action 3") {
		t.Error("the actions left are not numbered again")
	}
	test.Tap(p.Actions[0].Remove)
	pagetest.TapDialogButton(t, r.Env.Win, "Remove")
	if len(p.Actions) != 1 || p.Actions[0].What.Text != "School to check attendance daily" {
		t.Fatalf("after removing the first: %d actions", len(p.Actions))
	}
	r.RunTimers()
	d, ok, err := r.Env.Store.Draft(route.RecordID)
	if err != nil || !ok || len(d.(model.Plan).Actions) != 1 {
		t.Fatalf("the draft does not hold the one action left: %v %v", ok, err)
	}
}

// TestPlanFindingsClose: a finding the plan no longer needs is closed with a
// reason, which nothing written refuses; it moves under "Closed findings", no
// longer holds the plan back from being agreed, is saved with the plan, and
// opens again.
func TestPlanFindingsClose(t *testing.T) {
	r := pagetest.New(t, tablet)
	c, route := withInterview(t, r, page.Plan)
	v := practice.NewPlan(r.Env, route)
	r.Show(v)
	p := v.Screen.(*practice.Plan)
	var lateID, carsID string
	for id := range p.Findings {
		if strings.HasSuffix(id, "/mis.late") {
			lateID = id
		} else {
			carsID = id
		}
	}
	late := p.Findings[lateID]
	test.Tap(late.Close)
	test.Tap(late.Asked.Confirm)
	if !late.Asked.Problem.Visible() || late.Reopen.Visible() {
		t.Fatal("a finding closed with nothing written")
	}
	pagetest.Type(late.Asked.Text, "The curfew was agreed with her carers and she has kept it for two months.")
	test.Tap(late.Asked.Confirm)
	if !late.Reopen.Visible() || late.Close.Visible() || !strings.HasPrefix(late.Status.Text, "Closed on ") ||
		!strings.Contains(textOf(v.Content), "Closed findings") || !strings.HasPrefix(p.Open.Text, "1 of 1 open findings") {
		t.Fatalf("after closing: status %q, open %q", late.Status.Text, p.Open.Text)
	}
	test.Tap(p.Add)
	a := p.Actions[0]
	pagetest.Type(a.What, "Police to visit the address of the adult giving lifts")
	a.Agency.SetSelected("Police")
	a.Addresses[carsID].SetChecked(true)
	p.Agreed.SetChecked(true)
	pagetest.Type(p.AgreedOn, r.Env.Now().Format("2/1/2006"))
	pagetest.Type(p.ReviewBy, r.Env.Now().AddDate(0, 0, 28).Format("2/1/2006"))
	if !strings.HasPrefix(p.Open.Text, "Every open finding is addressed; 1 closed") {
		t.Errorf("open: %q", p.Open.Text)
	}
	test.Tap(p.Save)
	if r.Backs != 1 {
		t.Fatalf("not saved: %q", p.Problems.Text())
	}
	c, _ = r.Env.Store.Case(c.ID)
	if len(c.Plans) != 1 || len(c.Plans[0].Value.Closed) != 1 || c.Plans[0].Value.Closed[0].Finding != lateID || !strings.Contains(c.Plans[0].Value.Closed[0].Reason, "curfew") {
		t.Fatalf("saved %+v", c.Plans)
	}

	// Opened again, the plan shows it closed; opening it again puts it back
	// among the open ones, and the plan can no longer be agreed as it is.
	v = practice.NewPlan(r.Env, &page.Route{Kind: page.Plan, CaseID: c.ID, RecordID: c.Plans[0].RecordID})
	r.Show(v)
	p = v.Screen.(*practice.Plan)
	late = p.Findings[lateID]
	if !late.Reopen.Visible() {
		t.Fatal("the saved plan does not show the finding closed")
	}
	test.Tap(late.Reopen)
	if late.Reopen.Visible() || !late.Close.Visible() || strings.Contains(textOf(v.Content), "Closed findings") {
		t.Error("opened again, the finding is still shown closed")
	}
	test.Tap(p.Save)
	if !strings.Contains(p.Problems.Text(), "1 finding not addressed") {
		t.Errorf("agreed with the finding open again: %q", p.Problems.Text())
	}
}

// textOf is every label's text under o, for what a screen says.
func textOf(o fyne.CanvasObject) string {
	var b strings.Builder
	pagetest.EachObject(o, func(x fyne.CanvasObject) {
		switch w := x.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.RichText:
			b.WriteString(w.String() + "\n")
		}
	})
	return b.String()
}
