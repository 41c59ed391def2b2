package app

import (
	"cmp"
	"fmt"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/childmode"
	"homeward/app/form"
	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/app/practice"
	"homeward/app/supervise"
	"homeward/demo"
	"homeward/model"
)

// TestScreens renders the main screens to PNG at a landscape and a portrait
// tablet size, into $HOMEWARD_SCREENS or a temporary folder, so a person can look
// at them. It also fails if a screen needs more room than the window has.
func TestScreens(t *testing.T) {
	out := os.Getenv("HOMEWARD_SCREENS")
	if out == "" {
		out = t.TempDir()
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, size := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 1280}} {
		name := func(s string) string {
			return filepath.Join(out, s+"-"+map[bool]string{true: "landscape", false: "portrait"}[size.Width > size.Height]+".png")
		}
		u, _ := unlockedUI(t, size)
		now := time.Now()
		if err := demo.Fill(u.st, now, 40, 7); err != nil {
			t.Fatal(err)
		}
		capture := func(s string) {
			checkLayout(t, u, name(s))
			captureTo(t, u.win, name(s), size)
		}
		u.goHome()
		capture("caseload")

		c, _ := u.st.Case(busiestCase(u.st.Cases(), now))
		u.push(page.Route{Kind: page.Child, CaseID: c.ID})
		capture("child")

		// Screening and planning, for a child who has been screened before.
		pc := screenedCase(t, u)
		u.push(page.Route{Kind: page.Child, CaseID: pc.ID})
		capture("child-screened")
		u.push(page.Route{Kind: page.Screening, CaseID: pc.ID})
		capture("screening")
		// A level other than the computed one, with no reason written yet:
		// Save shows the problem and the screening stays.
		scr := top[*practice.Screening](u)
		other := model.LevelHigh.Label()
		if scr.Chosen.Selected == other {
			other = model.LevelLow.Label()
		}
		scr.Chosen.SetSelected(other)
		test.Tap(scr.Save)
		if top[*practice.Screening](u) != scr {
			t.Fatal("a screening with a level set other than computed and no reason was saved")
		}
		capture("screening-problems")
		u.back()
		u.push(page.Route{Kind: page.HealthReview, CaseID: pc.ID})
		capture("health-review")
		u.back()
		plan, _ := pc.LatestPlan()
		u.push(page.Route{Kind: page.Plan, CaseID: pc.ID, RecordID: plan.RecordID})
		capture("plan")
		pl := top[*practice.Plan](u)
		ids := slices.Sorted(maps.Keys(pl.Findings))
		test.Tap(pl.Findings[ids[0]].Close)
		pagetest.Type(pl.Findings[ids[0]].Asked.Text, "Looked into with the school and police, and ruled out.")
		test.Tap(pl.Findings[ids[0]].Asked.Confirm)
		capture("plan-closed")
		pagetest.DismissDialogs(u.win)
		u.back()
		u.push(page.Route{Kind: page.PlanReview, CaseID: pc.ID})
		capture("plan-review")
		u.back()
		u.back()

		// The busiest child may have no interview yet (one overdue counts
		// most, and which is overdue moves with the clock): the record of an
		// interview is shown from the first child who has one that found
		// something, or else any.
		ic, interviewID := interviewOf(t, u, c)
		u.open(page.Route{Kind: page.Record, CaseID: ic, RecordID: interviewID})
		capture("interview-record")
		u.back()
		if top[*cases.ChildPage](u) == nil {
			t.Fatalf("back from the interview's record is not the child's page: stack %d deep", len(u.stack))
		}

		var episodeID string

		episodeID = c.Episodes[0].RecordID
		u.open(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: episodeID})
		capture("episode-record")
		u.back()

		cp := top[*cases.ChildPage](u)
		if cp == nil {
			var on string
			if n := len(u.stack); n > 0 && u.stack[n-1].view != nil {
				on = fmt.Sprintf("%T %q", u.stack[n-1].view.Screen, u.stack[n-1].view.Title)
			}
			t.Fatalf("back from the episode's record is not the child's page: stack %d deep, on top %s, front %v, locked %v", len(u.stack), on, u.front != nil, u.locked)
		}
		u.open(page.Route{Kind: page.NewInterview, CaseID: c.ID, RecordID: cp.Events[0].Due.EpisodeID})
		if top[*form.Form](u) == nil {
			t.Fatal("no interview form")
		}
		capture("interview-form-1")
		// Every part fits the window at every text size: a form scrolls inside
		// the window and never makes it grow.
		for i := 1; i < 7; i++ {
			top[*form.Form](u).Show(i)
			checkFits(t, u, fmt.Sprintf("interview-form-part-%d", i+1), size)
		}
		top[*form.Form](u).Show(0)
		ff := inputs[*form.InterviewFields](u)
		ff.Held.SetSelected(form.HeldNo)
		ff.Reason.SetSelected(model.NotHeldDecision.Label())
		ff.AddAttempt(top[*form.Form](u), model.Attempt{At: now.Add(-20 * time.Hour), How: "Home visit", Outcome: "Not in"})
		capture("interview-form-not-held")
		ff.Held.SetSelected(form.HeldYes)
		top[*form.Form](u).Show(4)
		for _, acc := range inputs[*form.InterviewFields](u).IndicatorList.Items[:2] {
			acc.Open = true
		}
		inputs[*form.InterviewFields](u).IndicatorList.Refresh()
		inputs[*form.InterviewFields](u).Indicators["rel.gifts"].Check.SetChecked(true)
		capture("interview-form-risks")
		top[*form.Form](u).Show(6)
		test.Tap(inputs[*form.InterviewFields](u).AddVoice[model.MethodScale])
		capture("interview-form-voice")
		test.Tap(top[*form.Form](u).Save)
		capture("interview-form-problems")
		u.back()

		u.open(page.Route{Kind: page.NewEpisode, CaseID: c.ID})
		test.Tap(top[*form.Form](u).Save)
		capture("episode-form-problems")
		u.back()
		u.open(page.Route{Kind: page.NewInformation, CaseID: c.ID})
		capture("information-form")
		test.Tap(top[*form.Form](u).Save)
		capture("information-form-problems")
		u.back()

		u.open(page.Route{Kind: page.NewVoice, CaseID: c.ID})
		if top[*form.Form](u) == nil {
			t.Fatal("no voice form")
		}
		inputs[*form.VoiceInputs](u).Method.SetSelected(model.MethodThreeHouses.Label())
		capture("voice-form")
		u.back()

		u.goHome()
		test.Tap(top[*cases.Caseload](u).Add)
		test.Tap(top[*form.Form](u).Save)
		capture("child-form-problems")
		inputs[*form.ChildFields](u).Placement.Select.SetSelected("Foster care")
		capture("child-form-placement-warning")
		u.back()

		u.push(page.Route{Kind: page.Child, CaseID: c.ID})
		test.Tap(top[*cases.ChildPage](u).ChildMode)
		capture("childmode-handover")
		pagetest.TapDialogButton(t, u.win, "Hand over")
		capture("childmode-pin")
		pagetest.TapDialogButton(t, u.win, "Cancel")
		u.st.SetPIN("2468")
		startChildMode(t, u)
		test.Tap(top[*childmode.Screen](u).Feelings[2])
		capture("childmode-feelings")
		test.Tap(top[*childmode.Screen](u).Tabs[1])
		test.Tap(top[*childmode.Screen](u).Numbers[6])
		capture("childmode-scale")
		test.Tap(top[*childmode.Screen](u).Tabs[2])
		pagetest.Type(top[*childmode.Screen](u).Worries, "When he texts me late at night")
		capture("childmode-houses")
		test.Tap(top[*childmode.Screen](u).Finished)
		capture("childmode-share")
		test.Tap(top[*childmode.Screen](u).ShareYes)
		capture("childmode-handback")
		pagetest.Type(top[*childmode.Screen](u).PIN, "2468")
		test.Tap(top[*childmode.Screen](u).HandBack)
		capture("childmode-done")
		pagetest.DismissDialogs(u.win)

		startChildMode(t, u)
		test.Tap(top[*childmode.Screen](u).NotSafe)
		capture("childmode-not-safe")
		test.Tap(pagetest.FindButton(u.win.Canvas().Content(), "Give the device to my worker"))
		pagetest.Type(top[*childmode.Screen](u).PIN, "2468")
		test.Tap(top[*childmode.Screen](u).HandBack)
		capture("childmode-not-safe-worker")
		pagetest.DismissDialogs(u.win)
		capture("child-not-safe")
		test.Tap(top[*cases.ChildPage](u).DealtWith)
		pagetest.Type(top[*cases.ChildPage](u).Asked.Text, "Sat with Robin and listened; told the duty manager, who is ringing the placement.")
		capture("child-not-safe-record")
		test.Tap(top[*cases.ChildPage](u).Asked.Confirm)
		capture("child-not-safe-dealt-with")

		u.push(page.Route{Kind: page.Settings})
		capture("settings")
		test.Tap(pagetest.FindButton(u.win.Canvas().Content(), "Change the passphrase"))
		capture("settings-passphrase")
		pagetest.DismissDialogs(u.win)
		u.push(page.Route{Kind: page.Drafts})
		capture("drafts")

		conflictCase(t, u, c)
		u.open(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: c.Child.RecordID})
		capture("conflict")

		ep := supervisionOf(t, u, now)
		held := now.Add(-40 * 24 * time.Hour)
		if _, err := u.st.Save(c.ID, u.st.NewRecordID(), nil, model.Supervision{HeldAt: held, Discussion: "The older friends near the station",
			Decisions: "Refer to the exploitation panel", Actions: []model.Action{{What: "Make the referral", Owner: "Sam Example", Due: held.Add(7 * 24 * time.Hour)}}}); err != nil {
			t.Fatal(err)
		}
		u.goHome()
		u.push(page.Route{Kind: page.Child, CaseID: c.ID})
		capture("child-supervised")
		test.Tap(top[*cases.ChildPage](u).AccessLog)
		capture("access-log")
		u.goHome()
		capture("caseload-feedback")
		u.push(page.Route{Kind: page.Team})
		capture("supervisor-home")
		home := top[*supervise.Home](u)
		home.Tabs.SelectIndex(6)
		capture("supervisor-cases")
		home.Tabs.SelectIndex(7)
		capture("supervisor-chart")
		u.open(ep)
		capture("review")
		test.Tap(top[*supervise.ReviewScreen](u).Return)
		capture("review-return")
		pagetest.DismissDialogs(u.win)
		test.Tap(top[*supervise.ReviewScreen](u).SignOff)
		capture("review-sign-off")
		pagetest.DismissDialogs(u.win)
		u.open(page.Route{Kind: page.NewSupervision, CaseID: ep.CaseID})
		capture("supervision-form")
		u.back()

		u.goHome()
		u.app.Preferences().SetString(kit.PrefTextSize, "larger")
		u.applyLook()
		u.refresh()
		capture("caseload-larger-text")
		u.push(page.Route{Kind: page.Child, CaseID: c.ID})
		capture("child-larger-text")
		startChildMode(t, u)
		capture("childmode-feelings-larger-text")
		test.Tap(top[*childmode.Screen](u).Tabs[1])
		capture("childmode-scale-larger-text")
		test.Tap(top[*childmode.Screen](u).Finished)
		pagetest.Type(top[*childmode.Screen](u).PIN, "2468")
		test.Tap(top[*childmode.Screen](u).HandBack)
		pagetest.DismissDialogs(u.win)
		u.app.Preferences().SetString(kit.PrefTextSize, "normal")
		u.applyLook()

		u.lock()
		capture("unlock")
		u.Close()

		u2, _ := testUI(t, t.TempDir(), size)
		u2.Start()
		setup := front[*access.Setup](u2)
		pagetest.Type(setup.Pass, "lantern orbit")
		checkLayout(t, u2, name("setup"))
		captureTo(t, u2.win, name("setup"), size)
		pagetest.Type(setup.Again, "lantern orbits")
		test.Tap(setup.Create)
		checkLayout(t, u2, name("setup-problems"))
		captureTo(t, u2.win, name("setup-problems"), size)
	}
	t.Logf("screens written to %s", out)
}

// interviewOf is a held interview of c that found something, or else of the
// first case that has one, or else any interview of c or of another case,
// with its case's ID.
func interviewOf(t *testing.T, u *UI, c *model.Case) (caseID, recordID string) {
	t.Helper()
	cases := []*model.Case{c}
	for _, sum := range u.st.Cases() {
		if other, ok := u.st.Case(sum.ID); ok && sum.ID != c.ID {
			cases = append(cases, other)
		}
	}
	for _, found := range []bool{true, false} {
		for _, x := range cases {
			for _, r := range x.Interviews {
				if !found || r.Value.Held && len(r.Value.Indicators) > 0 {
					return x.ID, r.RecordID
				}
			}
		}
	}
	t.Fatal("no interview in the demo")
	return "", ""
}

// screenedCase is a case of the demo with a screening, a plan and findings
// on it.
func screenedCase(t *testing.T, u *UI) *model.Case {
	t.Helper()
	cases := u.st.Cases()
	slices.SortFunc(cases, func(a, b model.Summary) int { return cmp.Compare(a.ID, b.ID) }) // the same child each run
	for _, sum := range cases {
		c, _ := u.st.Case(sum.ID)
		if _, ok := c.LatestPlan(); ok && len(c.Screenings) > 0 && len(c.Findings(u.cat)) > 1 {
			return c
		}
	}
	t.Fatal("the demo has no child screened and planned for")
	return nil
}

// checkLayout fails the test for each layout problem (pagetest.LayoutProblems)
// of what u's window shows, at every text size in both themes, and puts u's own
// look back afterwards.
func checkLayout(t *testing.T, u *UI, path string) {
	t.Helper()
	seen := map[string]bool{}
	for _, size := range kit.TextSizes {
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			test.ApplyTheme(t, &kit.Theme{Variant: v, Scale: size.Scale})
			for _, p := range pagetest.LayoutProblems(u.win) {
				if !seen[p] {
					seen[p] = true
					t.Errorf("%s, %s text, %s theme: %s", filepath.Base(path), size.Label, map[fyne.ThemeVariant]string{theme.VariantLight: "light", theme.VariantDark: "dark"}[v], p)
				}
			}
		}
	}
	test.ApplyTheme(t, u.thm)
}

// checkFits fails the test when what u's window shows needs more room than size
// at any text size, and for the layout problems checkLayout finds.
func checkFits(t *testing.T, u *UI, name string, size fyne.Size) {
	t.Helper()
	checkLayout(t, u, name)
	for _, ts := range kit.TextSizes {
		test.ApplyTheme(t, &kit.Theme{Variant: u.thm.Variant, Scale: ts.Scale})
		if got := u.win.Canvas().Content().MinSize(); got.Width > size.Width+1 || got.Height > size.Height+1 {
			t.Errorf("%s at %s text needs %v, more than the window's %v", name, ts.Label, got, size)
		}
	}
	test.ApplyTheme(t, u.thm)
}

// captureTo writes a PNG of window w to path, and fails the test if the window
// had to grow beyond size to fit its content. Under the race detector painting
// is many times slower and exercises none of our code, so it paints only when
// HOMEWARD_SCREENS asks for the pictures.
func captureTo(t *testing.T, w fyne.Window, path string, size fyne.Size) {
	t.Helper()
	c := w.Canvas()
	if got := c.Content().MinSize(); got.Width > size.Width+1 || got.Height > size.Height+1 {
		t.Errorf("%s needs %v, more than the window's %v", filepath.Base(path), got, size)
	}
	if raceDetector && os.Getenv("HOMEWARD_SCREENS") == "" {
		return
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(f, c.Capture()); err != nil {
		t.Fatal(err)
	}
}

// busiestCase picks an overdue child with the most records, to show a full page.
func busiestCase(cases []model.Summary, now time.Time) string {
	var best *model.Summary
	score := func(c *model.Summary) int {
		n := c.Records()
		if c.NextDue(now).State == model.RHIOverdue {
			n += 100
		}
		return n
	}
	for i := range cases {
		if best == nil || score(&cases[i]) > score(best) || score(&cases[i]) == score(best) && cases[i].ID < best.ID {
			best = &cases[i]
		}
	}
	return best.ID
}

// supervisionOf gives the caseload some oversight: a few records signed off
// or returned, a case supervision with an action overdue, and an episode with
// two versions to review. It returns that episode's route.
func supervisionOf(t *testing.T, u *UI, now time.Time) page.Route {
	t.Helper()
	save := func(caseID, recordID string, parents []string, r model.Record) string {
		v, err := u.st.Save(caseID, recordID, parents, r)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	var ep page.Route
	for i, sum := range u.st.Cases() {
		c, _ := u.st.Case(sum.ID)
		if len(c.Episodes) == 0 || c.Child.RecordID == "" || c.Child.Conflict {
			continue
		}
		e := c.Episodes[0]
		on := model.On{RecordID: e.RecordID, VersionID: e.VersionID, Number: 1, Saved: e.SavedAt}
		switch i % 4 {
		case 0:
			save(c.ID, u.st.NewRecordID(), nil, model.SignOff{On: on})
		case 1:
			save(c.ID, u.st.NewRecordID(), nil, model.Return{On: on, MustChange: "Say who brought them home and when"})
		case 2:
			held := now.Add(-time.Duration(10+i) * 24 * time.Hour)
			save(c.ID, u.st.NewRecordID(), nil, model.Supervision{HeldAt: held, Discussion: "Safety at school and the older friends",
				Actions: []model.Action{{What: "Ask the school about lateness", Owner: "Sam Example", Due: held.Add(5 * 24 * time.Hour)}}})
		}
		if ep.RecordID == "" && i%4 == 3 {
			edit := e.Value
			edit.Notes = "Found by a neighbour, who called the police"
			save(c.ID, e.RecordID, []string{e.VersionID}, edit)
			ep = page.Route{Kind: page.Review, CaseID: c.ID, RecordID: e.RecordID}
		}
	}
	if ep.RecordID == "" {
		t.Fatal("no episode to review")
	}
	return ep
}

// conflictCase gives the child's record two heads, as two devices would.
func conflictCase(t *testing.T, u *UI, c *model.Case) {
	t.Helper()
	base := c.Child
	a := base.Value
	a.Placement = "place.residential"
	a.PlacementDetail = "Oak House"
	b := base.Value
	b.AllocatedWorker = "Jo Example"
	for _, v := range []model.Child{a, b} {
		if _, err := u.st.Save(c.ID, base.RecordID, []string{base.VersionID}, v); err != nil {
			t.Fatal(err)
		}
	}
}
