package app

import (
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	_ "homeward/app/locale" // as main does, before Fyne reads the locale
	"homeward/model"
	"homeward/store"
	"homeward/vault"
)

const testPassphrase = "lantern orbit pebble meadow"

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
	u := New(a, w, Config{Dir: dir, Create: createMinKDF})
	tm := &timers{}
	u.after = tm.after
	u.async = func(work, done func()) {
		work()
		done()
	}
	t.Cleanup(u.Close)
	return u, tm
}

// createMinKDF makes a profile with the weakest key derivation allowed, to keep
// tests fast.
func createMinKDF(path string, p store.Profile, pass []byte) (*store.Store, error) {
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	return store.Create(path, p, pass, kdf)
}

// typeInto replaces an entry's text as a person would type it.
func typeInto(e *kit.Entry, text string) {
	e.SetText("")
	test.Type(e, text)
}

func stamp(t time.Time) string { return t.In(time.Local).Format(kit.DateTimeLayout) }

func TestFromSetUpToUnlock(t *testing.T) {
	dir := t.TempDir()
	u, tm := testUI(t, dir, fyne.NewSize(1280, 800))
	now := time.Now().Truncate(time.Minute)
	u.now = func() time.Time { return now }
	u.Start()

	// Set up: a weak passphrase is refused with a message beside the field.
	s := u.setupView
	if s == nil {
		t.Fatal("first run does not show set-up")
	}
	typeInto(s.Name, "Sam Example")
	typeInto(s.Pass, "password1234")
	typeInto(s.Again, "password1234")
	test.Tap(s.Create)
	if s.PassMsg.Text() == "" || u.st != nil {
		t.Fatalf("weak passphrase accepted (message %q)", s.PassMsg.Text())
	}
	typeInto(s.Pass, testPassphrase)
	typeInto(s.Again, testPassphrase+" ")
	test.Tap(s.Create)
	if s.AgainMsg.Text() == "" {
		t.Fatal("different passphrases accepted")
	}
	typeInto(s.Again, testPassphrase)
	s.Again.OnSubmitted(s.Again.Text) // Enter submits
	if u.caseload == nil {
		t.Fatal("set-up did not open the caseload")
	}
	if got := u.st.Profile().Name; got != "Sam Example" {
		t.Fatalf("profile name %q", got)
	}

	// Add a child: Save with nothing typed shows messages beside the fields.
	test.Tap(u.caseload.Add)
	cf := u.childFields
	test.Tap(u.form.Save)
	if msg := u.form.Fields["name"].Text(); msg != "Enter the child's name." {
		t.Fatalf("name problem %q", msg)
	}
	typeInto(cf.Name, "Alex Example")
	typeInto(cf.DOB.Entry, "03/04/2011")
	cf.Placement.Select.SetSelected("Foster care")
	cf.Looked.SetChecked(true)
	if u.form.Fields["name"].Text() != "" {
		t.Fatal("problem beside the name stays after typing it")
	}
	test.Tap(u.form.Save)
	if u.childPage == nil {
		t.Fatalf("saving the child did not open their page: %s", u.form.Summary.Text())
	}
	caseID := u.childPage.CaseID

	// A missing episode: back 40 hours ago.
	test.Tap(u.childPage.Episode)
	ef := u.episodeFields
	typeInto(ef.Went.Entry, stamp(now.Add(-50*time.Hour)))
	typeInto(ef.Returned.Entry, stamp(now.Add(-40*time.Hour)))
	typeInto(ef.WhereFound, "At a friend's flat in town")
	typeInto(ef.Police, "MP/26/00001")
	test.Tap(u.form.Save)
	if u.childPage == nil || len(u.childPage.Events) != 1 {
		t.Fatal("the episode is not on the timeline")
	}
	if st := u.childPage.Events[0].Due.State; st != model.RHIDue {
		t.Fatalf("episode RHI state %v, want due", st)
	}

	// The return home interview, with the child's voice inline.
	test.Tap(u.childPage.Interview)
	ff := u.interviewFields
	if ff == nil {
		t.Fatal("no interview form")
	}
	if !strings.Contains(ff.Deadline.Text, "Due in") && !strings.Contains(ff.Deadline.Text, "within the 72 hours") {
		t.Fatalf("deadline says %q", ff.Deadline.Text)
	}
	typeInto(ff.Offered.Entry, stamp(now.Add(-30*time.Hour)))
	typeInto(ff.HeldAt.Entry, stamp(now.Add(-2*time.Hour)))
	typeInto(ff.Venue, "Youth centre")
	ff.Push.Checks[0].SetChecked(true)
	ff.Pull.Checks[1].SetChecked(true)
	typeInto(ff.WhereStayed, "A flat above the takeaway")
	ff.Indicators["rel.gifts"].Check.SetChecked(true)
	test.Tap(u.form.Save)
	if u.form == nil || u.form.Fields["indicators"].Text() == "" {
		t.Fatal("an indicator without evidence was accepted")
	}
	ff.Indicators["rel.gifts"].Evidence.SetSelected(kit.EvidenceLabels[model.EvidenceReported])
	typeInto(ff.Indicators["rel.gifts"].Note, "New phone, says a friend gave it")
	test.Tap(ff.AddVoice[model.MethodWords])
	typeInto(ff.Voices[0].Inputs.Words, "I just wanted somewhere quiet.")
	test.Tap(ff.AddVoice[model.MethodFeelings])
	ff.Voices[1].Inputs.Feelings.Checks[4].SetChecked(true) // Tired
	test.Tap(ff.AddVoice[model.MethodScale])
	typeInto(ff.Voices[2].Inputs.Zero, "not safe at all")
	typeInto(ff.Voices[2].Inputs.Ten, "totally safe")
	ff.Voices[2].Inputs.Value.SetSelectedIndex(6)
	test.Tap(ff.AddVoice[model.MethodThreeHouses])
	typeInto(ff.Voices[3].Inputs.Good, "My foster carer makes pancakes.")
	test.Tap(u.form.Save)
	if u.childPage == nil {
		t.Fatalf("interview not saved: %s", u.form.Summary.Text())
	}
	if n := len(u.childPage.Events); n != 6 {
		t.Fatalf("timeline has %d events, want 6 (episode, interview, 4 voice entries)", n)
	}

	// Something typed but not saved survives a lock: start another episode.
	test.Tap(u.childPage.Episode)
	typeInto(u.episodeFields.WhereFound, "Half-typed note")
	u.lock()
	if u.unlockView == nil || u.st.Unlocked() {
		t.Fatal("lock did not show the unlock screen")
	}
	ul := u.unlockView
	typeInto(ul.Pass, "wrong words entirely here")
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
	typeInto(ul.Pass, testPassphrase)
	ul.Pass.OnSubmitted(ul.Pass.Text)
	if !u.st.Unlocked() {
		t.Fatalf("right passphrase did not unlock: %s", ul.Msg.Text())
	}
	if u.episodeFields == nil || u.episodeFields.WhereFound.Text != "Half-typed note" {
		t.Fatal("the form open at the lock did not come back with what was typed")
	}
	u.back()
	u.goHome()

	// Everything is there after unlocking.
	rows := u.caseload.Rows
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
	if u2.unlockView == nil {
		t.Fatal("second start does not offer unlock")
	}
	typeInto(u2.unlockView.Pass, testPassphrase)
	test.Tap(u2.unlockView.Button)
	if u2.caseload == nil || len(u2.caseload.Rows) != 1 {
		t.Fatal("caseload not there after reopening")
	}
}

// unlockedUI sets up a profile and returns a UI on its caseload.
func unlockedUI(t *testing.T, size fyne.Size) (*UI, *timers) {
	t.Helper()
	dir := t.TempDir()
	u, tm := testUI(t, dir, size)
	s, err := createMinKDF(filepath.Join(dir, "p"+profileExt), store.Profile{Name: "Sam Example", Role: model.RolePractitioner}, []byte(testPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	u.StartUnlocked(s)
	return u, tm
}

func addTestChild(t *testing.T, u *UI, name string) *model.Case {
	t.Helper()
	id, err := u.st.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	child := model.Child{Name: name, DateOfBirth: time.Date(2011, 4, 3, 0, 0, 0, 0, time.UTC), Placement: "place.foster", AllocatedWorker: "Sam Example"}
	if _, err := u.st.Save(id, u.st.NewRecordID(), nil, child); err != nil {
		t.Fatal(err)
	}
	c, _ := u.st.Case(id)
	return c
}

func TestChildMode(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Robin Example")
	u.push(func() *view { return u.childView(c.ID) })
	if err := u.st.SetPIN("2468"); err != nil {
		t.Fatal(err)
	}
	test.Tap(u.childPage.ChildMode)
	cm := u.child
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
	if !cm.Numbers[7].Disabled() {
		t.Fatal("the scale can be chosen before its ends are defined")
	}
	typeInto(cm.Zero, "really scared")
	typeInto(cm.Ten, "safe and happy")
	test.Tap(cm.Numbers[7])
	test.Tap(cm.Tabs[2])
	typeInto(cm.Worries, "Going back to that flat")
	typeInto(cm.Hopes, "Go to college")
	for _, f := range tm.pending {
		f()
	}
	test.Tap(cm.Finished)
	typeInto(cm.PIN, "1111")
	test.Tap(cm.HandBack)
	if u.child == nil || cm.PINMsg.Text() == "" {
		t.Fatal("a wrong PIN let the worker back")
	}
	typeInto(cm.PIN, "2468")
	cm.PIN.OnSubmitted(cm.PIN.Text)
	if u.child != nil || u.childPage == nil || u.win.FullScreen() {
		t.Fatal("the right PIN did not return to the child's page")
	}
	got, _ := u.st.Case(c.ID)
	methods := map[model.VoiceMethod]model.VoiceEntry{}
	for _, v := range got.Voices {
		methods[v.Value.Method] = v.Value
	}
	if len(methods) != 3 {
		t.Fatalf("child mode saved %d entries, want 3", len(methods))
	}
	if f := methods[model.MethodFeelings].Feelings; len(f) != 2 || f[0] != "feel.happy" || f[1] != "feel.worried" {
		t.Errorf("feelings saved as %v", f)
	}
	if s := methods[model.MethodScale].Scale; s == nil || s.Value != 7 || s.Zero != "really scared" || s.Ten != "safe and happy" {
		t.Errorf("scale saved as %+v", s)
	}
	if h := methods[model.MethodThreeHouses].Houses; h == nil || h.Worries != "Going back to that flat" || h.HopesDreams != "Go to college" {
		t.Errorf("houses saved as %+v", h)
	}
}

func TestChildModeFiveWrongPINs(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Kai Example")
	u.push(func() *view { return u.childView(c.ID) })
	u.st.SetPIN("2468")
	test.Tap(u.childPage.ChildMode)
	cm := u.child
	test.Tap(cm.Feelings[0])
	test.Tap(cm.Finished)
	for i := 0; i < 5; i++ {
		typeInto(cm.PIN, "0000")
		test.Tap(cm.HandBack)
	}
	if u.st.Unlocked() || u.unlockView == nil {
		t.Fatal("five wrong PINs did not lock")
	}
	typeInto(u.unlockView.Pass, testPassphrase)
	test.Tap(u.unlockView.Button)
	got, _ := u.st.Case(c.ID)
	if len(got.Voices) != 1 || u.child != nil || u.childPage == nil {
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
	c := addTestChild(t, u, "Morgan Example")
	u.push(func() *view { return u.childView(c.ID) })
	u.st.SetPIN("2468")
	test.Tap(u.childPage.ChildMode)
	test.Tap(u.child.Feelings[1])
	for _, f := range tm.pending {
		f()
	}
	now = now.Add(u.idleLock + time.Second)
	u.checkIdle()
	if u.st.Unlocked() || u.unlockView == nil {
		t.Fatal("the idle lock did not lock in child mode")
	}
	if u.unlockView.Switcher.Visible() || u.unlockView.NewProfile.Visible() {
		t.Fatal("the unlock screen in child mode offers other profiles or set-up")
	}
	typeInto(u.unlockView.Pass, testPassphrase)
	test.Tap(u.unlockView.Button)
	if u.child == nil || !u.win.FullScreen() {
		t.Fatal("unlocking ended child mode without asking")
	}
	tapDialogButton(t, u, "Carry on in child mode")
	if u.child == nil || !u.child.Chosen["feel.happy"] {
		t.Fatal("carrying on lost child mode or what the child chose")
	}
	now = now.Add(u.idleLock + time.Second)
	u.checkIdle()
	typeInto(u.unlockView.Pass, testPassphrase)
	test.Tap(u.unlockView.Button)
	tapDialogButton(t, u, "Finish and save")
	got, _ := u.st.Case(c.ID)
	if u.child != nil || u.childPage == nil || len(got.Voices) != 1 {
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
	if u.st.Unlocked() || u.unlockView == nil {
		t.Fatal("not locked after the idle time")
	}
}

func TestBackgroundLocks(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	now := time.Now()
	u.now = func() time.Time { return now }
	c := addTestChild(t, u, "Alex Sample")
	u.push(func() *view { return u.childView(c.ID) })
	u.st.SetPIN("2468")
	test.Tap(u.childPage.ChildMode)
	u.background() // focus lost while going full screen
	if !u.st.Unlocked() {
		t.Fatal("going full screen for child mode locked the app")
	}
	now = now.Add(3 * time.Second)
	u.background()
	if u.st.Unlocked() || u.unlockView == nil {
		t.Fatal("going into the background did not lock")
	}
}

func TestEscapeGoesBack(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Jordan Example")
	u.push(func() *view { return u.childView(c.ID) })
	test.Tap(u.childPage.Episode)
	e := u.episodeFields.WhereFound
	u.win.Canvas().Focus(e)
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.win.Canvas().Focused() != nil || u.form == nil {
		t.Fatal("the first Escape should leave the field and stay on the form")
	}
	u.escape()
	if u.childPage == nil {
		t.Fatal("the second Escape did not go back to the child's page")
	}
	test.Tap(u.childPage.Voice)
	u.voiceFields.Words.TypedShortcut(kit.BackShortcut)
	if u.childPage == nil {
		t.Fatal("Alt+Left in a field did not go back")
	}
	u.escape()
	if u.caseload == nil {
		t.Fatal("Escape did not go back to the caseload")
	}
}

func TestDateProblemShownBesideField(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(800, 1280))
	c := addTestChild(t, u, "Riley Example")
	u.addEpisode(c)
	ef := u.episodeFields
	typeInto(ef.Went.Entry, "31/11/2026 10:00")
	test.Tap(u.form.Save)
	if got := u.form.Fields["went_missing"].Text(); got != string(kit.ErrNoSuchDate) {
		t.Fatalf("went_missing problem %q", got)
	}
	typeInto(ef.Went.Entry, "yesterday 21:30")
	if got := u.form.Fields["went_missing"].Text(); got != "" {
		t.Fatalf("problem %q stays after a good date", got)
	}
	if !strings.Contains(ef.Went.Echo.Text, "21:30") {
		t.Fatalf("the date is not said back: %q", ef.Went.Echo.Text)
	}
	typeInto(ef.Returned.Entry, "2 days ago")
	test.Tap(u.form.Save)
	if got := u.form.Fields["returned"].Text(); got != string(kit.ErrDateTimeFormat) {
		t.Fatalf("returned problem %q", got)
	}
}

func TestSearchCaseload(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	addTestChild(t, u, "Morgan Example")
	addTestChild(t, u, "Taylor Sample")
	u.goHome()
	if n := len(u.caseload.Rows); n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
	typeInto(u.caseload.Search, "sample")
	if rows := u.caseload.Rows; len(rows) != 1 || rows[0].Name != "Taylor Sample" {
		t.Fatalf("search found %+v", rows)
	}
	u.caseload.List.Select(0)
	if u.childPage == nil || u.win.Content() == nil {
		t.Fatal("choosing a child did not open their page")
	}
}

func TestMergeConflict(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Casey Example")
	conflictCase(t, u, c)
	if u.st.Conflicts() != 1 {
		t.Fatal("no conflict made")
	}
	u.openRecord(c.ID, c.Child.RecordID)
	if u.record == nil || len(u.record.Merge) != 2 {
		t.Fatal("the conflict is not shown side by side")
	}
	before, _ := u.st.Heads(c.Child.RecordID)
	for i, h := range before {
		if h.Payload.Record.(model.Child).Placement == "place.residential" {
			test.Tap(u.record.Merge[i])
		}
	}
	if u.form == nil || !strings.HasPrefix(u.form.Title, "Merge") {
		t.Fatal("no merge form")
	}
	typeInto(u.childFields.Worker, "Jo Example")
	test.Tap(u.form.Save)
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

func TestDraftOfferedBack(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Sasha Example")
	u.push(func() *view { return u.childView(c.ID) })
	test.Tap(u.childPage.Voice)
	typeInto(u.voiceFields.Words, "I liked the park")
	for _, f := range tm.pending {
		f()
	}
	if len(u.st.Drafts()) != 1 {
		t.Fatal("typing did not keep a draft")
	}
	u.back()
	u.push(u.draftsView)
	u.openDraft(u.st.Drafts()[0])
	if u.voiceFields == nil || u.voiceFields.Words.Text != "I liked the park" {
		t.Fatal("the draft did not come back")
	}
}

// TestCaseloadClockMoves leaves the caseload on screen while an interview's 72
// hours run out, and checks that it turns overdue without a tap.
func TestCaseloadClockMoves(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	now := time.Now().Truncate(time.Minute)
	u.now = func() time.Time { return now }
	c := addTestChild(t, u, "Jordan Example")
	back := now.Add(-model.RHIWindow + 30*time.Second)
	if _, err := u.st.Save(c.ID, u.st.NewRecordID(), nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back, WhereFound: "At a friend's house"}); err != nil {
		t.Fatal(err)
	}
	u.goHome()
	if got := u.caseload.Rows[0].Due.State; got != model.RHIDue {
		t.Fatalf("state %v, want due", got)
	}
	now = now.Add(time.Minute)
	u.lastUsed = now
	for _, f := range tm.pending {
		f()
	}
	if got := u.caseload.Rows[0].Due.State; got != model.RHIOverdue {
		t.Fatalf("state a minute later %v, want overdue", got)
	}
}

// TestMergeDraftReopened starts a merge, leaves it as a draft, and finishes it
// from the drafts list: saving must still replace both heads.
func TestMergeDraftReopened(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Casey Example")
	conflictCase(t, u, c)
	u.openRecord(c.ID, c.Child.RecordID)
	test.Tap(u.record.Merge[0])
	typeInto(u.childFields.Worker, "Jo Example")
	for _, f := range tm.pending {
		f()
	}
	u.goHome()
	u.push(u.draftsView)
	u.openDraft(u.st.Drafts()[0])
	if u.form == nil || !strings.HasPrefix(u.form.Title, "Merge") {
		t.Fatal("the merge draft did not reopen as a merge")
	}
	test.Tap(u.form.Save)
	if heads, err := u.st.Heads(c.Child.RecordID); err != nil || len(heads) != 1 || len(heads[0].Parents) != 2 {
		t.Fatalf("after saving the reopened merge: %d heads, %v", len(heads), err)
	}
}

// TestEditChildInConflict opens details in conflict side by side rather than
// as an edit of one head.
func TestEditChildInConflict(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Casey Example")
	conflictCase(t, u, c)
	u.push(func() *view { return u.childView(c.ID) })
	test.Tap(u.childPage.Edit)
	if u.record == nil || len(u.record.Merge) != 2 {
		t.Fatal("editing details in conflict did not show the conflict to merge")
	}
}

// openInterview adds a child back from missing an hour ago and opens their
// return home interview form.
func openInterview(t *testing.T, u *UI) *model.Case {
	t.Helper()
	c := addTestChild(t, u, "Robin Example")
	back := u.now().Add(-time.Hour)
	if _, err := u.st.Save(c.ID, u.st.NewRecordID(), nil, model.MissingEpisode{WentMissing: back.Add(-5 * time.Hour), Returned: back, WhereFound: "At a friend's house"}); err != nil {
		t.Fatal(err)
	}
	c, _ = u.st.Case(c.ID)
	u.push(func() *view { return u.childView(c.ID) })
	test.Tap(u.childPage.Interview)
	if u.interviewFields == nil {
		t.Fatal("no interview form")
	}
	return c
}

func TestHeldAnswerStays(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	openInterview(t, u)
	ff := u.interviewFields
	yes := test.WidgetRenderer(ff.Held).Objects()[0].(fyne.Tappable)
	test.Tap(yes)
	if ff.Held.Selected != heldYes || ff.HeldBlock.Hidden {
		t.Fatalf("tapping the chosen answer cleared it: %q", ff.Held.Selected)
	}
}

func TestNotHeldNotesBesideField(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	openInterview(t, u)
	ff := u.interviewFields
	ff.Held.SetSelected(heldNo)
	ff.Reason.SetSelected(model.NotHeldDecision.Label())
	test.Tap(u.form.Save)
	line, ok := u.form.Fields["not_held_notes"]
	if !ok || line.Text() == "" {
		t.Fatalf("the missing notes are not marked beside their field; summary %q", u.form.Summary.Text())
	}
	if got := ff.NotesLabel.Text; strings.Contains(got, "optional") {
		t.Fatalf("notes labelled %q when they are needed", got)
	}
	typeInto(ff.NotHeldNotes, "The team decided with the social worker.")
	if line.Text() != "" {
		t.Fatal("the problem stays after writing the notes")
	}
	ff.Reason.SetSelected(model.NotHeldRefused.Label())
	if got := ff.NotesLabel.Text; !strings.Contains(got, "optional") {
		t.Fatalf("notes labelled %q when they are optional", got)
	}
}

// tapDialogButton taps the button labelled text in the dialog on top.
func tapDialogButton(t *testing.T, u *UI, text string) {
	t.Helper()
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog to tap %q in", text)
	}
	b := findButton(top, text)
	if b == nil {
		t.Fatalf("no %q button in the dialog", text)
	}
	test.Tap(b)
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	eachObject(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// eachObject calls fn for o and for everything under it, the insides of widgets
// included.
func eachObject(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		eachObject(k, fn)
	}
}

// TestThrowAwayDiscardsInlineVoice edits a saved interview, adds a voice entry
// inside it, leaves, and throws the draft away when offered it back: the voice
// entry's draft goes too.
func TestThrowAwayDiscardsInlineVoice(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := openInterview(t, u)
	typeInto(u.interviewFields.Offered.Entry, stamp(u.now().Add(-30*time.Minute)))
	typeInto(u.interviewFields.HeldAt.Entry, stamp(u.now().Add(-10*time.Minute)))
	test.Tap(u.form.Save)
	c, _ = u.st.Case(c.ID)
	if len(c.Interviews) != 1 {
		t.Fatalf("interview not saved: %s", u.form.Summary.Text())
	}
	u.openRecord(c.ID, c.Interviews[0].RecordID)
	test.Tap(u.record.Edit)
	ff := u.interviewFields
	test.Tap(ff.AddVoice[model.MethodWords])
	typeInto(ff.Voices[0].Inputs.Words, "I was scared.")
	for _, f := range tm.pending {
		f()
	}
	if n := len(u.st.Drafts()); n != 2 {
		t.Fatalf("%d drafts kept, want the interview's and its voice entry's", n)
	}
	u.back()
	// A slip: "Throw away" asks again, and keeping them opens the draft.
	test.Tap(u.record.Edit)
	tapDialogButton(t, u, "Throw away")
	tapDialogButton(t, u, "Keep them")
	if n := len(u.st.Drafts()); n != 2 || len(u.interviewFields.Voices) != 1 {
		t.Fatalf("keeping the changes left %d drafts and %d voice entries", n, len(u.interviewFields.Voices))
	}
	u.back()
	test.Tap(u.record.Edit)
	tapDialogButton(t, u, "Throw away")
	tapDialogButton(t, u, "Throw away")
	if d := u.st.Drafts(); len(d) != 0 {
		t.Fatalf("throwing the draft away left %d drafts", len(d))
	}
	if len(u.interviewFields.Voices) != 0 {
		t.Fatal("the voice entry came back after throwing the draft away")
	}
}

// TestSetupBackToUnlockKeepsSession goes from a locked session to set-up and
// back: the same profile is offered, and unlocking returns to the page that was
// open, with no second idle timer.
func TestSetupBackToUnlockKeepsSession(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Quinn Example")
	u.push(func() *view { return u.childView(c.ID) })
	st := u.st
	u.lock()
	test.Tap(u.unlockView.NewProfile)
	if u.setupView == nil || u.setupView.Cancel.Hidden {
		t.Fatal("no set-up screen with a way back")
	}
	timers := len(tm.pending)
	test.Tap(u.setupView.Cancel)
	if u.unlockView == nil || u.unlockView.Cand != st || u.st != st {
		t.Fatal("back from set-up did not offer the open profile")
	}
	if len(tm.pending) != timers {
		t.Fatalf("back from set-up started %d more timers", len(tm.pending)-timers)
	}
	typeInto(u.unlockView.Pass, testPassphrase)
	test.Tap(u.unlockView.Button)
	if u.childPage == nil || len(u.stack) != 2 {
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
	s := u.unlockView
	typeInto(s.Pass, testPassphrase)
	test.Tap(s.Button)
	if done == nil {
		t.Fatal("the unlock did not run in the background")
	}
	if !s.Switcher.Disabled() || !s.NewProfile.Disabled() {
		t.Fatal("the profile can be changed while it is being unlocked")
	}
	u.showUnlock(u.st) // the screen is replaced, as when the app locks again
	again := u.unlockView
	done()
	if u.unlockView != again || u.caseload != nil {
		t.Fatal("a finished unlock acted on a screen that had gone")
	}
}

// TestBackButton answers a tablet's Back button as Escape: out of a field, then
// back a page, and never out of child mode.
func TestBackButton(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Jordan Example")
	u.push(func() *view { return u.childView(c.ID) })
	test.Tap(u.childPage.Episode)
	back := &fyne.KeyEvent{Name: mobile.KeyBack}
	e := u.episodeFields.WhereFound
	u.win.Canvas().Focus(e)
	e.TypedKey(back)
	if u.win.Canvas().Focused() != nil || u.form == nil {
		t.Fatal("Back in a field should leave the field and stay on the form")
	}
	u.win.Canvas().OnTypedKey()(back)
	if u.childPage == nil {
		t.Fatal("Back did not go back to the child's page")
	}
	u.st.SetPIN("2468")
	test.Tap(u.childPage.ChildMode)
	u.win.Canvas().OnTypedKey()(back)
	if u.child == nil {
		t.Fatal("Back left child mode")
	}
}

// TestTabLeavesMultiLineEntry keeps the keyboard from being trapped in a
// multi-line entry: Tab moves on rather than being typed.
func TestTabLeavesMultiLineEntry(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	e := u.ctl().NewMultiEntry("", 3)
	if e.AcceptsTab() {
		t.Fatal("a multi-line entry takes Tab, trapping the keyboard")
	}
}

// TestSearchKeptOnBack keeps the caseload search when coming back to it, and
// the rows it finds keep their count of drafts.
func TestSearchKeptOnBack(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(1280, 800))
	addTestChild(t, u, "Morgan Example")
	c := addTestChild(t, u, "Taylor Sample")
	u.push(func() *view { return u.childView(c.ID) })
	test.Tap(u.childPage.Voice)
	typeInto(u.voiceFields.Words, "I liked the park")
	for _, f := range tm.pending {
		f()
	}
	u.goHome()
	typeInto(u.caseload.Search, "sample")
	u.caseload.List.Select(0)
	u.back()
	if got := u.caseload.Search.Text; got != "sample" {
		t.Fatalf("search after Back is %q", got)
	}
	if rows := u.caseload.Rows; len(rows) != 1 || rows[0].Name != "Taylor Sample" || rows[0].Drafts != 1 {
		t.Fatalf("rows after Back: %+v", rows)
	}
	u.push(func() *view { return u.childView(c.ID) })
	u.goHome()
	if got := u.caseload.Search.Text; got != "sample" {
		t.Fatalf("search after going home is %q", got)
	}
}

// TestFormPartKept reopens the interview form at the part that was open before
// the app locked.
func TestFormPartKept(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	openInterview(t, u)
	u.form.Show(3)
	u.lock()
	typeInto(u.unlockView.Pass, testPassphrase)
	test.Tap(u.unlockView.Button)
	if u.form == nil || u.form.Current != 3 {
		t.Fatal("the form did not reopen at the part that was open")
	}
	u.refresh()
	if u.form.Current != 3 {
		t.Fatal("a rebuild moved the form back to part 1")
	}
}

// TestChildModePINCancel lets the worker change their mind before handing over.
func TestChildModePINCancel(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Robin Example")
	u.push(func() *view { return u.childView(c.ID) })
	test.Tap(u.childPage.ChildMode)
	tapDialogButton(t, u, "Cancel")
	if u.child != nil || u.childPage == nil || u.win.Canvas().Overlays().Top() != nil || u.win.FullScreen() {
		t.Fatal("Cancel did not return to the child's page")
	}
}

// TestRetryAfterVoiceSaveFails saves an interview whose voice entry cannot be
// saved, drops that entry, and saves again: the retry builds on the interview
// just saved rather than failing as a second first version.
func TestRetryAfterVoiceSaveFails(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := openInterview(t, u)
	ff := u.interviewFields
	typeInto(ff.Offered.Entry, stamp(u.now().Add(-30*time.Minute)))
	typeInto(ff.HeldAt.Entry, stamp(u.now().Add(-10*time.Minute)))
	// A voice entry whose record ID is the episode's: the store refuses it.
	ff.AddInlineVoice(u.form, c.Episodes[0].RecordID, model.VoiceEntry{Method: model.MethodWords, Words: "I was fine.", RecordedAt: u.now().Truncate(time.Minute)})
	test.Tap(u.form.Save)
	if u.form == nil || u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the failed save was not reported")
	}
	dismissDialogs(u)
	test.Tap(findButton(ff.Voices[0].Box, "Remove"))
	test.Tap(u.form.Save)
	if u.win.Canvas().Overlays().Top() != nil || u.childPage == nil {
		t.Fatal("saving again failed")
	}
	got, _ := u.st.Case(c.ID)
	if len(got.Interviews) != 1 || got.Interviews[0].Conflict {
		t.Fatalf("%d interviews after the retry", len(got.Interviews))
	}
}

// TestStrengthFollowsName rates the passphrase again when the name changes:
// a passphrase made of the person's name is easy to guess.
func TestStrengthFollowsName(t *testing.T) {
	u, _ := testUI(t, t.TempDir(), fyne.NewSize(1280, 800))
	u.Start()
	s := u.setupView
	typeInto(s.Pass, "morganexample1")
	before := s.Strength.Text
	typeInto(s.Name, "Morgan Example")
	if s.Strength.Text == before || s.Strength.Importance != widget.DangerImportance {
		t.Fatalf("typing the name left the hint at %q", s.Strength.Text)
	}
}

// TestInterviewBeforeReturnShownBesideField types an interview time before the
// child came back: the problem appears beside that time, and nothing is saved.
func TestInterviewBeforeReturnShownBesideField(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Robin Example")
	back := time.Now().Add(-10 * time.Hour).Truncate(time.Minute)
	epID := u.st.NewRecordID()
	if _, err := u.st.Save(c.ID, epID, nil, model.MissingEpisode{WentMissing: back.Add(-6 * time.Hour), Returned: back, WhereFound: "At the station"}); err != nil {
		t.Fatal(err)
	}
	c, _ = u.st.Case(c.ID)
	u.recordInterview(c, epID)
	ff := u.interviewFields
	typeInto(ff.Offered.Entry, stamp(back.Add(-3*time.Hour)))
	typeInto(ff.HeldAt.Entry, stamp(back.Add(-2*time.Hour)))
	test.Tap(u.form.Save)
	for _, field := range []string{"offered_at", "held_at"} {
		if got := u.form.Fields[field].Text(); !strings.Contains(got, "after the child comes back") {
			t.Errorf("%s problem %q", field, got)
		}
	}
	if c, _ := u.st.Case(c.ID); len(c.Interviews) != 0 {
		t.Fatal("an interview before the return was saved")
	}
}

// TestScaleNotChosenIsNotZero fills in a scale's two ends but no number: the
// form asks for the child's number instead of saving a 0 they never chose.
func TestScaleNotChosenIsNotZero(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Alex Example")
	u.addVoice(c)
	vf := u.voiceFields
	vf.Method.SetSelected(model.MethodScale.Label())
	typeInto(vf.Zero, "not safe at all")
	typeInto(vf.Ten, "totally safe")
	test.Tap(u.form.Save)
	if got := u.form.Fields["scale"].Text(); !strings.Contains(got, "Choose the number") {
		t.Fatalf("scale problem %q", got)
	}
	if c, _ := u.st.Case(c.ID); len(c.Voices) != 0 {
		t.Fatal("a scale with no number chosen was saved")
	}
	vf.Value.SetSelectedIndex(0)
	test.Tap(u.form.Save)
	c, _ = u.st.Case(c.ID)
	if len(c.Voices) != 1 || c.Voices[0].Value.Scale.Value != 0 {
		t.Fatalf("a chosen 0 was not saved: %+v", c.Voices)
	}
}

// TestEpisodeReturnCheckedAgainstInterview moves an episode's return to after
// the interview recorded for it: the problem shows beside the return time, and
// the episode as saved is unchanged.
func TestEpisodeReturnCheckedAgainstInterview(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := openInterview(t, u)
	ff := u.interviewFields
	typeInto(ff.Offered.Entry, stamp(u.now().Add(-30*time.Minute)))
	typeInto(ff.HeldAt.Entry, stamp(u.now().Add(-10*time.Minute)))
	test.Tap(u.form.Save)
	c, _ = u.st.Case(c.ID)
	if len(c.Interviews) != 1 {
		t.Fatalf("interview not saved: %s", u.form.Summary.Text())
	}
	ep := c.Episodes[0]
	u.openRecord(c.ID, ep.RecordID)
	test.Tap(u.record.Edit)
	typeInto(u.episodeFields.Returned.Entry, stamp(u.now().Add(-5*time.Minute)))
	test.Tap(u.form.Save)
	if got := u.form.Fields["returned"].Text(); !strings.Contains(got, "offered or held before this time") {
		t.Fatalf("returned problem %q", got)
	}
	if c, _ := u.st.Case(c.ID); !c.Episodes[0].Value.Returned.Equal(ep.Value.Returned) {
		t.Fatal("an episode contradicting its interview was saved")
	}
}

// TestAttemptsKeptWhenHeldLater records an interview as not held after two
// attempts, then records that it took place: the attempts stay on the record.
func TestAttemptsKeptWhenHeldLater(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := openInterview(t, u)
	ff := u.interviewFields
	ff.Held.SetSelected(heldNo)
	ff.Reason.SetSelected(model.NotHeldNoContact.Label())
	ff.AddAttempt(u.form, model.Attempt{At: u.now().Add(-40 * time.Minute), How: "Home visit", Outcome: "Not in"})
	ff.AddAttempt(u.form, model.Attempt{At: u.now().Add(-20 * time.Minute), How: "Phone call", Outcome: "No answer"})
	test.Tap(u.form.Save)
	c, _ = u.st.Case(c.ID)
	if len(c.Interviews) != 1 {
		t.Fatalf("not-held interview not saved: %s", u.form.Summary.Text())
	}
	u.openRecord(c.ID, c.Interviews[0].RecordID)
	test.Tap(u.record.Edit)
	ff = u.interviewFields
	if ff.AttemptsBlock.Hidden {
		t.Fatal("the attempts are not shown when editing")
	}
	ff.Held.SetSelected(heldYes)
	if ff.AttemptsBlock.Hidden {
		t.Fatal("choosing that it took place hid the attempts")
	}
	typeInto(ff.Offered.Entry, stamp(u.now().Add(-15*time.Minute)))
	typeInto(ff.HeldAt.Entry, stamp(u.now().Add(-5*time.Minute)))
	test.Tap(u.form.Save)
	c, _ = u.st.Case(c.ID)
	if r := c.Interviews[0].Value; !r.Held || len(r.Attempts) != 2 {
		t.Fatalf("after recording it held: held %v, %d attempts (%s)", r.Held, len(r.Attempts), u.form.Summary.Text())
	}
}

// TestEditFormAfterLock locks while an edit form is open with nothing changed:
// after unlocking, the form shows the saved record again.
func TestEditFormAfterLock(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
	c := addTestChild(t, u, "Sky Example")
	back := u.now().Add(-3 * time.Hour)
	epID := u.st.NewRecordID()
	if _, err := u.st.Save(c.ID, epID, nil, model.MissingEpisode{WentMissing: back.Add(-4 * time.Hour), Returned: back, WhereFound: "At the leisure centre"}); err != nil {
		t.Fatal(err)
	}
	u.openRecord(c.ID, epID)
	test.Tap(u.record.Edit)
	u.lock()
	if u.episodeFields != nil {
		t.Fatal("the form's fields outlived the lock")
	}
	typeInto(u.unlockView.Pass, testPassphrase)
	test.Tap(u.unlockView.Button)
	if u.episodeFields == nil || u.episodeFields.WhereFound.Text != "At the leisure centre" {
		t.Fatal("the edit form did not come back with the saved episode")
	}
}
