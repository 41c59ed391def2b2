package app

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/childmode"
	"homeward/app/form"
	"homeward/app/kit"
	_ "homeward/app/locale" // as main does, before Fyne reads the locale
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/app/practice"
	"homeward/model"
	"homeward/store"
)

// timers stands in for real timers in tests: nothing fires until the test says.
type timers struct{ pending []func() }

func (tm *timers) after(_ time.Duration, f func()) func() {
	tm.pending = append(tm.pending, f)
	return func() {}
}

// testUI makes a UI in a test app with a window of the given size. Background
// work runs at once and timers wait for the test.
func testUI(t *testing.T, dir string, size fyne.Size) (*UI, *timers) {
	t.Helper()
	a := test.NewTempApp(t)
	w := a.NewWindow("Homeward")
	w.Resize(size)
	u := New(a, w, Config{Dir: dir, Create: pagetest.CreateMinKDF})
	tm := &timers{}
	u.after = tm.after
	u.async = func(work, done func()) {
		work()
		done()
	}
	t.Cleanup(u.Close)
	return u, tm
}

func TestFromSetUpToUnlock(t *testing.T) {
	dir := t.TempDir()
	u, tm := testUI(t, dir, fyne.NewSize(1280, 800))
	now := time.Now().Truncate(time.Minute)
	u.now = func() time.Time { return now }
	u.Start()

	// Set up: a weak passphrase is refused with a message beside the field.
	s := front[*access.Setup](u)
	if s == nil {
		t.Fatal("first run does not show set-up")
	}
	pagetest.Type(s.Name, "Sam Example")
	pagetest.Type(s.Pass, "password1234")
	pagetest.Type(s.Again, "password1234")
	test.Tap(s.Create)
	if s.PassMsg.Text() == "" || u.st != nil {
		t.Fatalf("weak passphrase accepted (message %q)", s.PassMsg.Text())
	}
	pagetest.Type(s.Pass, pagetest.Passphrase)
	pagetest.Type(s.Again, pagetest.Passphrase+" ")
	test.Tap(s.Create)
	if s.AgainMsg.Text() == "" {
		t.Fatal("different passphrases accepted")
	}
	pagetest.Type(s.Again, pagetest.Passphrase)
	s.Again.OnSubmitted(s.Again.Text) // Enter submits
	if top[*cases.Caseload](u) == nil {
		t.Fatal("set-up did not open the caseload")
	}
	if got := u.st.Profile().Name; got != "Sam Example" {
		t.Fatalf("profile name %q", got)
	}

	// Add a child: Save with nothing typed shows messages beside the fields.
	test.Tap(top[*cases.Caseload](u).Add)
	cf := inputs[*form.ChildFields](u)
	test.Tap(top[*form.Form](u).Save)
	if msg := top[*form.Form](u).Fields["name"].Text(); msg != "Enter the child's name." {
		t.Fatalf("name problem %q", msg)
	}
	pagetest.Type(cf.Name, "Alex Example")
	pagetest.Type(cf.DOB.Entry, "03/04/2011")
	cf.Placement.Select.SetSelected("Foster care")
	cf.Looked.SetChecked(true)
	if top[*form.Form](u).Fields["name"].Text() != "" {
		t.Fatal("problem beside the name stays after typing it")
	}
	test.Tap(top[*form.Form](u).Save)
	if top[*cases.ChildPage](u) == nil {
		t.Fatalf("saving the child did not open their page: %s", top[*form.Form](u).Summary.Text())
	}
	caseID := top[*cases.ChildPage](u).CaseID

	// A missing episode: back 40 hours ago.
	test.Tap(top[*cases.ChildPage](u).Episode)
	ef := inputs[*form.EpisodeFields](u)
	pagetest.Type(ef.Went.Entry, pagetest.Stamp(now.Add(-50*time.Hour)))
	pagetest.Type(ef.Returned.Entry, pagetest.Stamp(now.Add(-40*time.Hour)))
	pagetest.Type(ef.WhereFound, "At a friend's flat in town")
	pagetest.Type(ef.Police, "MP/26/00001")
	test.Tap(top[*form.Form](u).Save)
	if top[*cases.ChildPage](u) == nil || len(top[*cases.ChildPage](u).Events) != 1 {
		t.Fatal("the episode is not on the timeline")
	}
	if st := top[*cases.ChildPage](u).Events[0].Due.State; st != model.RHIDue {
		t.Fatalf("episode RHI state %v, want due", st)
	}

	// The return home interview, with the child's voice inline.
	test.Tap(top[*cases.ChildPage](u).Interview)
	ff := inputs[*form.InterviewFields](u)
	if ff == nil {
		t.Fatal("no interview form")
	}
	if !strings.Contains(ff.Deadline.Text, "Due in") && !strings.Contains(ff.Deadline.Text, "within the 72 hours") {
		t.Fatalf("deadline says %q", ff.Deadline.Text)
	}
	pagetest.Type(ff.Offered.Entry, pagetest.Stamp(now.Add(-30*time.Hour)))
	pagetest.Type(ff.HeldAt.Entry, pagetest.Stamp(now.Add(-2*time.Hour)))
	pagetest.Type(ff.Venue, "Youth centre")
	ff.Independent.SetSelected(form.IndependentYes)
	ff.Push.Checks[0].SetChecked(true)
	ff.Pull.Checks[1].SetChecked(true)
	pagetest.Type(ff.WhereStayed, "A flat above the takeaway")
	ff.Indicators["rel.gifts"].Check.SetChecked(true)
	test.Tap(top[*form.Form](u).Save)
	if top[*form.Form](u) == nil || ff.Indicators["rel.gifts"].Problem.Text() == "" {
		t.Fatal("an indicator without evidence was accepted")
	}
	ff.Indicators["rel.gifts"].Evidence.SetSelected(kit.EvidenceLabels[model.EvidenceReported])
	pagetest.Type(ff.Indicators["rel.gifts"].Note, "New phone, says a friend gave it")
	test.Tap(ff.AddVoice[model.MethodWords])
	pagetest.Type(ff.Voices[0].Inputs.Words, "I just wanted somewhere quiet.")
	test.Tap(ff.AddVoice[model.MethodFeelings])
	ff.Voices[1].Inputs.Feelings.Checks[4].SetChecked(true) // Tired
	test.Tap(ff.AddVoice[model.MethodScale])
	pagetest.Type(ff.Voices[2].Inputs.Zero, "not safe at all")
	pagetest.Type(ff.Voices[2].Inputs.Ten, "totally safe")
	ff.Voices[2].Inputs.Value.SetSelectedIndex(6)
	test.Tap(ff.AddVoice[model.MethodThreeHouses])
	pagetest.Type(ff.Voices[3].Inputs.Good, "My foster carer makes pancakes.")
	test.Tap(top[*form.Form](u).Save)
	if top[*cases.ChildPage](u) == nil {
		t.Fatalf("interview not saved: %s", top[*form.Form](u).Summary.Text())
	}
	if n := len(top[*cases.ChildPage](u).Events); n != 6 {
		t.Fatalf("timeline has %d events, want 6 (episode, interview, 4 voice entries)", n)
	}

	// Something typed but not saved survives a lock: start another episode.
	test.Tap(top[*cases.ChildPage](u).Episode)
	pagetest.Type(inputs[*form.EpisodeFields](u).WhereFound, "Half-typed note")
	u.lock()
	if front[*access.Unlock](u) == nil || u.st.Unlocked() {
		t.Fatal("lock did not show the unlock screen")
	}
	ul := front[*access.Unlock](u)
	pagetest.Type(ul.Pass, "wrong words entirely here")
	test.Tap(ul.Button)
	if ul.Msg.Text() == "" || u.st.Unlocked() {
		t.Fatal("a wrong passphrase gave no message")
	}
	if !ul.Button.Disabled() || ul.Wait.Hidden {
		t.Fatal("no wait shown after a wrong passphrase")
	}
	time.Sleep(u.st.UnlockWait())
	for _, f := range tm.pending {
		f()
	}
	tm.pending = nil
	pagetest.Type(ul.Pass, pagetest.Passphrase)
	ul.Pass.OnSubmitted(ul.Pass.Text)
	if !u.st.Unlocked() {
		t.Fatalf("right passphrase did not unlock: %s", ul.Msg.Text())
	}
	if inputs[*form.EpisodeFields](u) == nil || inputs[*form.EpisodeFields](u).WhereFound.Text != "Half-typed note" {
		t.Fatal("the form open at the lock did not come back with what was typed")
	}
	u.back()
	u.goHome()

	// Everything is there after unlocking.
	rows := top[*cases.Caseload](u).Rows
	if len(rows) != 1 || rows[0].Name != "Alex Example" || rows[0].Drafts != 1 {
		t.Fatalf("caseload rows %+v", rows)
	}
	c, _ := u.st.Case(caseID)
	if len(c.Episodes) != 1 || len(c.Interviews) != 1 || len(c.Voices) != 4 {
		t.Fatalf("case has %d episodes, %d interviews, %d voice entries", len(c.Episodes), len(c.Interviews), len(c.Voices))
	}
	ri := c.Interviews[0].Value
	if !ri.Held || ri.Venue != "Youth centre" || len(ri.Indicators) != 1 || ri.Indicators[0].Evidence != model.EvidenceReported {
		t.Fatalf("interview saved as %+v", ri)
	}
	for _, v := range c.Voices {
		if v.Value.InterviewID != c.Interviews[0].RecordID {
			t.Fatalf("voice entry %s not linked to the interview", v.Value.Method)
		}
	}
	if st := c.RHIStatusOf(c.Episodes[0], now); st.State != model.RHIHeld {
		t.Fatalf("RHI state %v, want held", st.State)
	}

	// A second UI on the same folder finds the profile and unlocks it.
	u.Close()
	u2, _ := testUI(t, dir, fyne.NewSize(800, 1280))
	u2.Start()
	if front[*access.Unlock](u2) == nil {
		t.Fatal("second start does not offer unlock")
	}
	pagetest.Type(front[*access.Unlock](u2).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u2).Button)
	if top[*cases.Caseload](u2) == nil || len(top[*cases.Caseload](u2).Rows) != 1 {
		t.Fatal("caseload not there after reopening")
	}
}

// unlockedUI sets up a profile and returns a UI on its caseload.
func unlockedUI(t *testing.T, size fyne.Size) (*UI, *timers) {
	t.Helper()
	dir := t.TempDir()
	u, tm := testUI(t, dir, size)
	s, err := pagetest.CreateMinKDF(filepath.Join(dir, "p"+access.ProfileExt), store.Profile{Name: "Sam Example", Role: model.RolePractitioner}, []byte(pagetest.Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	u.StartUnlocked(s)
	return u, tm
}

func TestChildMode(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c, cm := inChildMode(t, u, "Robin Example")
	if cm == nil || !u.win.FullScreen() {
		t.Fatal("child mode did not start full screen")
	}
	u.escape()
	if u.child == nil {
		t.Fatal("Escape left child mode")
	}
	test.Tap(cm.Feelings[1]) // Happy
	test.Tap(cm.Feelings[5]) // Worried
	test.Tap(cm.Tabs[1])
	test.Tap(cm.Numbers[7])
	test.Tap(cm.Tabs[2])
	pagetest.Type(cm.Worries, "Going back to that flat")
	pagetest.Type(cm.Hopes, "Go to college")
	for _, f := range tm.pending {
		f()
	}
	test.Tap(cm.Finished)
	test.Tap(cm.ShareNo)
	pagetest.Type(cm.PIN, "1111")
	test.Tap(cm.HandBack)
	if u.child == nil || cm.PINMsg.Text() == "" {
		t.Fatal("a wrong PIN let the worker back")
	}
	pagetest.Type(cm.PIN, "2468")
	cm.PIN.OnSubmitted(cm.PIN.Text)
	if u.child != nil || top[*cases.ChildPage](u) == nil || u.win.FullScreen() {
		t.Fatal("the right PIN did not return to the child's page")
	}
	got, _ := u.st.Case(c.ID)
	methods := map[model.VoiceMethod]model.VoiceEntry{}
	for _, v := range got.Voices {
		methods[v.Value.Method] = v.Value
		if v.Value.ChildShare != model.AnswerNo || v.Value.Share != model.ShareWorkerOnly || v.Value.InterviewID != "" {
			t.Errorf("%s saved with the child's answer %q, shared with %q, interview %q", v.Value.Method, v.Value.ChildShare, v.Value.Share, v.Value.InterviewID)
		}
	}
	if len(methods) != 3 {
		t.Fatalf("child mode saved %d entries, want 3", len(methods))
	}
	if f := methods[model.MethodFeelings].Feelings; len(f) != 2 || f[0] != "feel.happy" || f[1] != "feel.worried" {
		t.Errorf("feelings saved as %v", f)
	}
	if s := methods[model.MethodScale].Scale; s == nil || s.Value != 7 || s.Question != kit.DefaultScaleQuestion || s.Zero != "Not safe at all" || s.Ten != "Completely safe" {
		t.Errorf("scale saved as %+v", s)
	}
	if h := methods[model.MethodThreeHouses].Houses; h == nil || h.Worries != "Going back to that flat" || h.HopesDreams != "Go to college" {
		t.Errorf("houses saved as %+v", h)
	}
}

// inChildMode adds a child called name, opens their page, sets the PIN 2468
// and hands the device to them.
func inChildMode(t *testing.T, u *UI, name string) (*model.Case, *childmode.Screen) {
	t.Helper()
	c := pagetest.AddChild(t, u.st, name)
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	if err := u.st.SetPIN("2468"); err != nil {
		t.Fatal(err)
	}
	startChildMode(t, u)
	return c, top[*childmode.Screen](u)
}

// startChildMode taps "Child mode" on the child's page and hands over with the
// scale the worker starts from.
func startChildMode(t *testing.T, u *UI) {
	t.Helper()
	test.Tap(top[*cases.ChildPage](u).ChildMode)
	pagetest.TapDialogButton(t, u.win, "Hand over")
}

func TestChildModeFiveWrongPINs(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c, cm := inChildMode(t, u, "Kai Example")
	test.Tap(cm.Feelings[0])
	test.Tap(cm.Finished)
	test.Tap(cm.NotSure)
	for i := 0; i < 5; i++ {
		pagetest.Type(cm.PIN, "0000")
		test.Tap(cm.HandBack)
	}
	if u.st.Unlocked() || front[*access.Unlock](u) == nil {
		t.Fatal("five wrong PINs did not lock")
	}
	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	got, _ := u.st.Case(c.ID)
	if len(got.Voices) != 1 || u.child != nil || top[*cases.ChildPage](u) == nil {
		t.Fatalf("after the passphrase: %d voice entries saved, child mode %v", len(got.Voices), u.child != nil)
	}
}

// TestIdleLockInChildMode lets the idle lock fire while a child is in child
// mode: the unlock screen offers no other profile and no set-up, and the worker
// who unlocks chooses to carry on or to finish, losing nothing either way.
func TestIdleLockInChildMode(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(800, 1280))
	now := time.Now()
	u.now = func() time.Time { return now }
	c, cm := inChildMode(t, u, "Morgan Example")
	test.Tap(cm.Feelings[1])
	for _, f := range tm.pending {
		f()
	}
	now = now.Add(u.idleLock + time.Second)
	u.checkIdle()
	if u.st.Unlocked() || front[*access.Unlock](u) == nil {
		t.Fatal("the idle lock did not lock in child mode")
	}
	if front[*access.Unlock](u).Switcher.Visible() || front[*access.Unlock](u).NewProfile.Visible() {
		t.Fatal("the unlock screen in child mode offers other profiles or set-up")
	}
	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	if u.child == nil || !u.win.FullScreen() {
		t.Fatal("unlocking ended child mode without asking")
	}
	pagetest.TapDialogButton(t, u.win, "Carry on in child mode")
	if u.child == nil || !top[*childmode.Screen](u).Chosen["feel.happy"] {
		t.Fatal("carrying on lost child mode or what the child chose")
	}
	now = now.Add(u.idleLock + time.Second)
	u.checkIdle()
	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	pagetest.TapDialogButton(t, u.win, "Finish and save")
	got, _ := u.st.Case(c.ID)
	if u.child != nil || top[*cases.ChildPage](u) == nil || len(got.Voices) != 1 {
		t.Fatalf("finishing: child mode %v, %d voice entries saved", u.child != nil, len(got.Voices))
	}
}

func TestIdleLock(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	now := time.Now()
	u.now = func() time.Time { return now }
	u.touch()
	now = now.Add(u.idleLock - time.Second)
	u.checkIdle()
	if !u.st.Unlocked() {
		t.Fatal("locked before the idle time")
	}
	now = now.Add(2 * time.Second)
	u.checkIdle()
	if u.st.Unlocked() || front[*access.Unlock](u) == nil {
		t.Fatal("not locked after the idle time")
	}
}

func TestBackgroundLocks(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	now := time.Now()
	u.now = func() time.Time { return now }
	c := pagetest.AddChild(t, u.st, "Alex Sample")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	u.st.SetPIN("2468")
	startChildMode(t, u)
	u.background() // focus lost while going full screen
	if !u.st.Unlocked() {
		t.Fatal("going full screen for child mode locked the app")
	}
	now = now.Add(3 * time.Second)
	u.background()
	if u.st.Unlocked() || front[*access.Unlock](u) == nil {
		t.Fatal("going into the background did not lock")
	}
}

// TestDesktopLocksWhenAwayForAMinute takes the window's focus away on a
// desktop: a glance at another window does not lock, a minute away does, and a
// loss of focus as the window goes full screen for child mode does not count.
func TestDesktopLocksWhenAwayForAMinute(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	now := time.Now()
	u.now = func() time.Time { return now }
	u.touch()
	u.away()
	now = now.Add(50 * time.Second)
	u.returned()
	u.checkIdle()
	now = now.Add(5 * time.Second)
	u.away()
	now = now.Add(50 * time.Second)
	u.checkIdle()
	if !u.st.Unlocked() {
		t.Fatal("locked after less than a minute away, across two absences")
	}
	now = now.Add(15 * time.Second)
	u.checkIdle()
	if u.st.Unlocked() || front[*access.Unlock](u) == nil {
		t.Fatal("not locked after more than a minute away")
	}

	u2, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	u2.now = u.now
	u2.idleLock = time.Hour
	u2.touch()
	u2.setFullScreen(true)
	u2.away() // focus lost while going full screen
	now = now.Add(2 * time.Minute)
	u2.checkIdle()
	if !u2.st.Unlocked() {
		t.Fatal("going full screen counted as going away")
	}
}

func TestEscapeGoesBack(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Jordan Example")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	test.Tap(top[*cases.ChildPage](u).Episode)
	e := inputs[*form.EpisodeFields](u).WhereFound
	u.win.Canvas().Focus(e)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.win.Canvas().Focused() != nil || top[*form.Form](u) == nil {
		t.Fatal("the first Escape should leave the field and stay on the form")
	}
	u.escape()
	if top[*cases.ChildPage](u) == nil {
		t.Fatal("the second Escape did not go back to the child's page")
	}
	test.Tap(top[*cases.ChildPage](u).Voice)
	inputs[*form.VoiceInputs](u).Words.TypedShortcut(kit.BackShortcut)
	if top[*cases.ChildPage](u) == nil {
		t.Fatal("Alt+Left in a field did not go back")
	}
	u.escape()
	if top[*cases.Caseload](u) == nil {
		t.Fatal("Escape did not go back to the caseload")
	}
}

func TestMergeConflict(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Casey Example")
	conflictCase(t, u, c)
	if u.st.Conflicts() != 1 {
		t.Fatal("no conflict made")
	}
	u.open(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: c.Child.RecordID})
	if top[*cases.RecordScreen](u) == nil || len(top[*cases.RecordScreen](u).Merge) != 2 {
		t.Fatal("the conflict is not shown side by side")
	}
	before, _ := u.st.Heads(c.Child.RecordID)
	for i, h := range before {
		if h.Payload.Record.(model.Child).Placement == "place.residential" {
			test.Tap(top[*cases.RecordScreen](u).Merge[i])
		}
	}
	if top[*form.Form](u) == nil || !strings.HasPrefix(top[*form.Form](u).Title, "Merge") {
		t.Fatal("no merge form")
	}
	pagetest.Type(inputs[*form.ChildFields](u).Worker, "Jo Example")
	test.Tap(top[*form.Form](u).Save)
	heads, err := u.st.Heads(c.Child.RecordID)
	if err != nil || len(heads) != 1 {
		t.Fatalf("after the merge: %d heads, %v", len(heads), err)
	}
	got := heads[0].Payload.Record.(model.Child)
	if got.Placement != "place.residential" || got.AllocatedWorker != "Jo Example" {
		t.Fatalf("merged child %+v", got)
	}
	if len(heads[0].Parents) != 2 {
		t.Fatalf("merge has parents %v, want both heads", heads[0].Parents)
	}
}

// TestMergeConflictedPlan: a plan changed on two devices opens to a page that
// leads to both versions, not to one of them silently; merged from one, it
// saves with both as parents.
func TestMergeConflictedPlan(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Robin Example")
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	base := model.Plan{ReviewBy: day.AddDate(0, 0, 28), Actions: []model.PlanAction{
		{ID: "a1", What: "Weekly sessions with a specialist worker", Agency: "agency.voluntary", Due: day.AddDate(0, 0, 7)}}}
	planID := u.st.NewRecordID()
	v, err := u.st.Save(c.ID, planID, nil, base)
	if err != nil {
		t.Fatal(err)
	}
	a, b := base, base
	a.Actions = append(slices.Clone(base.Actions), model.PlanAction{ID: "a2", What: "School to check attendance daily", Agency: "agency.school", Due: day.AddDate(0, 0, 7)})
	b.ReviewBy = day.AddDate(0, 0, 14)
	for _, p := range []model.Plan{a, b} {
		if _, err := u.st.Save(c.ID, planID, []string{v}, p); err != nil {
			t.Fatal(err)
		}
	}
	u.open(page.Route{Kind: page.Plan, CaseID: c.ID, RecordID: planID})
	compare, ok := u.stack[len(u.stack)-1].view.Screen.(*widget.Button)
	if !ok || compare.Text != "Compare the versions" {
		t.Fatalf("a plan in conflict opened to %T, not the page that leads to both", u.stack[len(u.stack)-1].view.Screen)
	}
	test.Tap(compare)
	rs := top[*cases.RecordScreen](u)
	if rs == nil || len(rs.Merge) != 2 {
		t.Fatal("the versions are not shown side by side")
	}
	heads, _ := u.st.Heads(planID)
	for i, h := range heads {
		if len(h.Payload.Record.(model.Plan).Actions) == 2 {
			test.Tap(rs.Merge[i])
		}
	}
	p := top[*practice.Plan](u)
	if p == nil || len(p.Actions) != 2 || !strings.HasPrefix(u.stack[len(u.stack)-1].view.Title, "Merge: Plan") {
		t.Fatal("no merge of the plan, from the version chosen")
	}
	pagetest.Type(p.ReviewBy, "15/12/2026")
	test.Tap(p.Save)
	heads, err = u.st.Heads(planID)
	if err != nil || len(heads) != 1 || len(heads[0].Parents) != 2 {
		t.Fatalf("after the merge: %d heads, %v; problems %q", len(heads), err, p.Problems.Text())
	}
	if got := heads[0].Payload.Record.(model.Plan); len(got.Actions) != 2 || !got.ReviewBy.Equal(day.AddDate(0, 0, 14)) {
		t.Errorf("merged plan %+v", got)
	}
}

func TestDraftOfferedBack(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Sasha Example")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	test.Tap(top[*cases.ChildPage](u).Voice)
	pagetest.Type(inputs[*form.VoiceInputs](u).Words, "I liked the park")
	for _, f := range tm.pending {
		f()
	}
	if len(u.st.Drafts()) != 1 {
		t.Fatal("typing did not keep a draft")
	}
	u.back()
	u.push(page.Route{Kind: page.Drafts})
	openFirstDraft(u)
	if inputs[*form.VoiceInputs](u) == nil || inputs[*form.VoiceInputs](u).Words.Text != "I liked the park" {
		t.Fatal("the draft did not come back")
	}
}

// TestCaseloadClockMoves leaves the caseload on screen while an interview's 72
// hours run out, and checks that it turns overdue without a tap.
func TestCaseloadClockMoves(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	now := time.Now().Truncate(time.Minute)
	u.now = func() time.Time { return now }
	c := pagetest.AddChild(t, u.st, "Jordan Example")
	back := now.Add(-model.RHIWindow + 30*time.Second)
	if _, err := u.st.Save(c.ID, u.st.NewRecordID(), nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back, WhereFound: "At a friend's house"}); err != nil {
		t.Fatal(err)
	}
	u.goHome()
	if got := top[*cases.Caseload](u).Rows[0].Due.State; got != model.RHIDue {
		t.Fatalf("state %v, want due", got)
	}
	now = now.Add(time.Minute)
	u.lastUsed = now
	for _, f := range tm.pending {
		f()
	}
	if got := top[*cases.Caseload](u).Rows[0].Due.State; got != model.RHIOverdue {
		t.Fatalf("state a minute later %v, want overdue", got)
	}
}

// TestMergeDraftReopened starts a merge, leaves it as a draft, and finishes it
// from the drafts list: saving must still replace both heads.
func TestMergeDraftReopened(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Casey Example")
	conflictCase(t, u, c)
	u.open(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: c.Child.RecordID})
	test.Tap(top[*cases.RecordScreen](u).Merge[0])
	pagetest.Type(inputs[*form.ChildFields](u).Worker, "Jo Example")
	for _, f := range tm.pending {
		f()
	}
	u.goHome()
	u.push(page.Route{Kind: page.Drafts})
	openFirstDraft(u)
	if top[*form.Form](u) == nil || !strings.HasPrefix(top[*form.Form](u).Title, "Merge") {
		t.Fatal("the merge draft did not reopen as a merge")
	}
	test.Tap(top[*form.Form](u).Save)
	if heads, err := u.st.Heads(c.Child.RecordID); err != nil || len(heads) != 1 || len(heads[0].Parents) != 2 {
		t.Fatalf("after saving the reopened merge: %d heads, %v", len(heads), err)
	}
}

// TestEditChildInConflict opens details in conflict side by side rather than
// as an edit of one head.
func TestEditChildInConflict(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Casey Example")
	conflictCase(t, u, c)
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	test.Tap(top[*cases.ChildPage](u).Edit)
	if top[*cases.RecordScreen](u) == nil || len(top[*cases.RecordScreen](u).Merge) != 2 {
		t.Fatal("editing details in conflict did not show the conflict to merge")
	}
}

// openInterview adds a child back from missing an hour ago and opens their
// return home interview form.
func openInterview(t *testing.T, u *UI) *model.Case {
	t.Helper()
	c := pagetest.AddChild(t, u.st, "Robin Example")
	back := u.now().Add(-time.Hour)
	if _, err := u.st.Save(c.ID, u.st.NewRecordID(), nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back, WhereFound: "At a friend's house"}); err != nil {
		t.Fatal(err)
	}
	c, _ = u.st.Case(c.ID)
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	test.Tap(top[*cases.ChildPage](u).Interview)
	if inputs[*form.InterviewFields](u) == nil {
		t.Fatal("no interview form")
	}
	return c
}

// TestSetupBackToUnlockKeepsSession goes from a locked session to set-up and
// back: the same profile is offered, and unlocking returns to the page that was
// open, with no second idle timer.
func TestSetupBackToUnlockKeepsSession(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Quinn Example")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	st := u.st
	u.lock()
	test.Tap(front[*access.Unlock](u).NewProfile)
	if front[*access.Setup](u) == nil || front[*access.Setup](u).Cancel.Hidden {
		t.Fatal("no set-up screen with a way back")
	}
	timers := len(tm.pending)
	test.Tap(front[*access.Setup](u).Cancel)
	if front[*access.Unlock](u) == nil || front[*access.Unlock](u).Cand != st || u.st != st {
		t.Fatal("back from set-up did not offer the open profile")
	}
	if len(tm.pending) != timers {
		t.Fatalf("back from set-up started %d more timers", len(tm.pending)-timers)
	}
	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	if top[*cases.ChildPage](u) == nil || len(u.stack) != 2 {
		t.Fatalf("unlocking did not return to the child's page (%d pages)", len(u.stack))
	}
}

// TestUnlockInProgress keeps the profile from changing while its passphrase is
// tried, and ignores the result once the screen has gone.
func TestUnlockInProgress(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	var done func()
	u.async = func(work, d func()) {
		work()
		done = d
	}
	u.lock()
	s := front[*access.Unlock](u)
	pagetest.Type(s.Pass, pagetest.Passphrase)
	test.Tap(s.Button)
	if done == nil {
		t.Fatal("the unlock did not run in the background")
	}
	if !s.Switcher.Disabled() || !s.NewProfile.Disabled() {
		t.Fatal("the profile can be changed while it is being unlocked")
	}
	u.show(access.NewUnlock(u.door(), u.st)) // the screen is replaced, as when the app locks again
	again := front[*access.Unlock](u)
	done()
	if front[*access.Unlock](u) != again || top[*cases.Caseload](u) != nil {
		t.Fatal("a finished unlock acted on a screen that had gone")
	}
}

// TestBackButton answers a tablet's Back button as Escape: out of a field, then
// back a page, and never out of child mode.
func TestBackButton(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Jordan Example")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	test.Tap(top[*cases.ChildPage](u).Episode)
	back := &fyne.KeyEvent{Name: mobile.KeyBack}
	e := inputs[*form.EpisodeFields](u).WhereFound
	u.win.Canvas().Focus(e)
	e.TypedKey(back)
	if u.win.Canvas().Focused() != nil || top[*form.Form](u) == nil {
		t.Fatal("Back in a field should leave the field and stay on the form")
	}
	u.win.Canvas().OnTypedKey()(back)
	if top[*cases.ChildPage](u) == nil {
		t.Fatal("Back did not go back to the child's page")
	}
	u.st.SetPIN("2468")
	startChildMode(t, u)
	u.win.Canvas().OnTypedKey()(back)
	if u.child == nil {
		t.Fatal("Back left child mode")
	}
}

// TestSearchKeptOnBack keeps the caseload search when coming back to it, and
// the rows it finds keep their count of drafts.
func TestSearchKeptOnBack(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	pagetest.AddChild(t, u.st, "Morgan Example")
	c := pagetest.AddChild(t, u.st, "Taylor Sample")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	test.Tap(top[*cases.ChildPage](u).Voice)
	pagetest.Type(inputs[*form.VoiceInputs](u).Words, "I liked the park")
	for _, f := range tm.pending {
		f()
	}
	u.goHome()
	pagetest.Type(top[*cases.Caseload](u).Search, "sample")
	top[*cases.Caseload](u).List.Select(0)
	u.back()
	if got := top[*cases.Caseload](u).Search.Text; got != "sample" {
		t.Fatalf("search after Back is %q", got)
	}
	if rows := top[*cases.Caseload](u).Rows; len(rows) != 1 || rows[0].Name != "Taylor Sample" || rows[0].Drafts != 1 {
		t.Fatalf("rows after Back: %+v", rows)
	}
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	u.goHome()
	if got := top[*cases.Caseload](u).Search.Text; got != "sample" {
		t.Fatalf("search after going home is %q", got)
	}
}

// TestFormPartKept reopens the interview form at the part that was open before
// the app locked.
func TestFormPartKept(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	openInterview(t, u)
	top[*form.Form](u).Show(3)
	u.lock()
	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	if top[*form.Form](u) == nil || top[*form.Form](u).Current != 3 {
		t.Fatal("the form did not reopen at the part that was open")
	}
	u.refresh()
	if top[*form.Form](u).Current != 3 {
		t.Fatal("a rebuild moved the form back to part 1")
	}
}

// TestChildModePINCancel lets the worker change their mind before handing over,
// at the scale or at the PIN, and leaves no draft behind.
func TestChildModePINCancel(t *testing.T) {
	for _, at := range []string{"scale", "PIN"} {
		t.Run(at, func(t *testing.T) {
			u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
			c := pagetest.AddChild(t, u.st, "Robin Example")
			u.push(page.Route{Kind: page.Child, CaseID: c.ID})
			test.Tap(top[*cases.ChildPage](u).ChildMode)
			if at == "PIN" {
				pagetest.TapDialogButton(t, u.win, "Hand over")
			}
			pagetest.TapDialogButton(t, u.win, "Cancel")
			if u.child != nil || top[*cases.ChildPage](u) == nil || u.win.Canvas().Overlays().Top() != nil || u.win.FullScreen() {
				t.Fatal("Cancel did not return to the child's page")
			}
			if d := u.st.Drafts(); len(d) != 0 {
				t.Fatalf("Cancel left %d drafts", len(d))
			}
		})
	}
}

// TestEditFormAfterLock locks while an edit form is open with nothing changed:
// after unlocking, the form shows the saved record again.
func TestEditFormAfterLock(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := pagetest.AddChild(t, u.st, "Sky Example")
	back := u.now().Add(-3 * time.Hour)
	epID := u.st.NewRecordID()
	if _, err := u.st.Save(c.ID, epID, nil, model.MissingEpisode{WentMissing: back.Add(-4 * time.Hour), Returned: back, WhereFound: "At the leisure centre"}); err != nil {
		t.Fatal(err)
	}
	u.open(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: epID})
	test.Tap(top[*cases.RecordScreen](u).Edit)
	u.lock()
	if inputs[*form.EpisodeFields](u) != nil {
		t.Fatal("the form's fields outlived the lock")
	}
	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	if inputs[*form.EpisodeFields](u) == nil || inputs[*form.EpisodeFields](u).WhereFound.Text != "At the leisure centre" {
		t.Fatal("the edit form did not come back with the saved episode")
	}
}

// top is the handle of the screen on top of the stack, or nil when that is not
// a T or set-up or unlock is shown in front of it.
func top[T any](u *UI) T {
	var none T
	n := len(u.stack)
	if u.front != nil || n == 0 || u.stack[n-1].view == nil {
		return none
	}
	s, _ := u.stack[n-1].view.Screen.(T)
	return s
}

// front is the handle of set-up or unlock when it is shown in front of the
// stack.
func front[T any](u *UI) T {
	var none T
	if u.front == nil {
		return none
	}
	s, _ := u.front.Screen.(T)
	return s
}

// inputs are the inputs of the form on top of the stack, when they are a T.
func inputs[T any](u *UI) T {
	var none T
	f := top[*form.Form](u)
	if f == nil {
		return none
	}
	s, _ := f.Inputs.(T)
	return s
}

// openFirstDraft opens the first draft, as the list of drafts does.
func openFirstDraft(u *UI) {
	d := u.st.Drafts()[0]
	u.open(page.Route{Kind: page.OpenDraft, CaseID: d.CaseID, RecordID: d.RecordID})
}
