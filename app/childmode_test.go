package app

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/childmode"
	"homeward/app/form"
	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
)

var orientations = []fyne.Size{{Width: 1280, Height: 800}, {Width: 800, Height: 1280}}

func orientation(size fyne.Size) string {
	return map[bool]string{true: "landscape", false: "portrait"}[size.Width > size.Height]
}

// TestChildModeFaces shows every feeling as a large face with its word, in a
// grid that fills the screen down to the foot in both orientations at every
// text size, and a feeling is chosen by tapping its face.
func TestChildModeFaces(t *testing.T) {
	for _, size := range orientations {
		for _, ts := range kit.TextSizes {
			t.Run(orientation(size)+"/"+ts.Name, func(t *testing.T) {
				testFaces(t, size, ts)
			})
		}
	}
}

// testFaces checks the faces in a window of size at text size ts.
func testFaces(t *testing.T, size fyne.Size, ts kit.TextSize) {
	u, _ := unlockedUI(t, size)
	u.app.Preferences().SetString(kit.PrefTextSize, ts.Name)
	u.applyLook()
	_, cm := inChildMode(t, u, "Robin Example")
	if len(cm.Feelings) != len(u.cat.Feelings) {
		t.Fatalf("%d faces for %d feelings", len(cm.Feelings), len(u.cat.Feelings))
	}
	d := fyne.CurrentApp().Driver()
	var bottom float32
	for i, b := range cm.Feelings {
		f := u.cat.Feelings[i]
		if _, ok := childmode.Picture(f.ID); !ok {
			t.Errorf("no face drawn for %s", f.ID)
		}
		if s := b.Size(); s.Width < 150 || s.Height < 150 {
			t.Errorf("the face for %s is %v, not large", f.ID, s)
		}
		bottom = max(bottom, d.AbsolutePositionForObject(b).Y+b.Size().Height)
	}
	if foot := d.AbsolutePositionForObject(cm.NotSafe).Y; foot-bottom > 60 {
		t.Errorf("the faces end at %.0f and the foot starts at %.0f: the grid does not fill the screen", bottom, foot)
	}
	for _, label := range []string{"Sad", "Embarrassed"} {
		if !shows(u.win.Canvas().Content(), label) {
			t.Errorf("the word %q is not under its face", label)
		}
	}
	test.Tap(cm.Feelings[8])
	if !cm.Chosen["feel.scared"] {
		t.Fatal("tapping the face did not choose the feeling")
	}
	test.Tap(cm.Feelings[8])
	if cm.Chosen["feel.scared"] {
		t.Fatal("tapping the face again did not unchoose it")
	}
}

// TestChildModeScale lets the worker set the question and what 0 and 10 mean
// before handing over; the child sees them with big numbers that work at once,
// and nothing on their screen can be typed in.
func TestChildModeScale(t *testing.T) {
	u, _ := unlockedUI(t, fyne.NewSize(800, 1280))
	c := pagetest.AddChild(t, u.st, "Sky Example")
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	u.st.SetPIN("2468")
	test.Tap(top[*cases.ChildPage](u).ChildMode)
	entries := entriesIn(u.win.Canvas().Overlays().Top())
	if len(entries) != 3 || entries[0].Text != "How safe do you feel?" || entries[1].Text != "Not safe at all" || entries[2].Text != "Completely safe" {
		t.Fatalf("the hand-over asks for %d things, starting from %v", len(entries), texts(entries))
	}
	entries[1].SetText("")
	pagetest.TapDialogButton(t, u.win, "Hand over")
	if u.child != nil {
		t.Fatal("handed over with no words for 0")
	}
	entries[0].SetText("How safe do you feel at Oak House?")
	entries[1].SetText("Really scared")
	entries[2].SetText("Safe and happy")
	u.win.Canvas().Unfocus()
	u.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter hands over, as the button does
	cm := top[*childmode.Screen](u)
	if cm == nil {
		t.Fatal("child mode did not start")
	}
	test.Tap(cm.Tabs[1])
	for _, want := range []string{"How safe do you feel at Oak House?", "0 means\nReally scared", "10 means\nSafe and happy"} {
		if !shows(u.win.Canvas().Content(), want) {
			t.Errorf("the child's scale does not show %q", want)
		}
	}
	if e := entriesIn(u.win.Canvas().Content()); len(e) != 0 {
		t.Errorf("the child's scale has %d fields to type in", len(e))
	}
	test.Tap(cm.Numbers[3])
	if cm.Numbers[3].Importance != widget.HighImportance || !shows(u.win.Canvas().Content(), "You chose 3 out of 10.") {
		t.Fatal("tapping a number did not choose it at once")
	}
	test.Tap(cm.Finished)
	test.Tap(cm.ShareYes)
	pagetest.Type(cm.PIN, "2468")
	test.Tap(cm.HandBack)
	got, _ := u.st.Case(c.ID)
	if len(got.Voices) != 1 {
		t.Fatalf("%d entries saved, want the scale", len(got.Voices))
	}
	want := model.Scale{Question: "How safe do you feel at Oak House?", Zero: "Really scared", Ten: "Safe and happy", Value: 3}
	if s := got.Voices[0].Value.Scale; s == nil || *s != want {
		t.Fatalf("the scale saved as %+v, want %+v", s, want)
	}
	if n := len(u.st.Drafts()); n != 0 {
		t.Fatalf("%d drafts left after handing back", n)
	}
}

// TestChildModeSharingAnswer asks the child who will see what they shared, in
// their words, and keeps their own answer on every entry; what they enter in
// child mode started from an interview belongs to that interview.
func TestChildModeSharingAnswer(t *testing.T) {
	for _, tt := range []struct {
		tap   func(cm *childmode.Screen) *widget.Button
		want  model.ShareAnswer
		scope model.ShareScope
	}{
		{func(cm *childmode.Screen) *widget.Button { return cm.ShareYes }, model.AnswerYes, model.ShareTeam},
		{func(cm *childmode.Screen) *widget.Button { return cm.ShareNo }, model.AnswerNo, model.ShareWorkerOnly},
		{func(cm *childmode.Screen) *widget.Button { return cm.NotSure }, model.AnswerNotSure, model.ShareNotAsked},
	} {
		t.Run(string(tt.want), func(t *testing.T) {
			u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
			c := openInterview(t, u)
			interviewID := u.stack[len(u.stack)-1].route.Edit.RecordID
			u.st.SetPIN("2468")
			test.Tap(inputs[*form.InterviewFields](u).ChildMode)
			pagetest.TapDialogButton(t, u.win, "Hand over")
			cm := top[*childmode.Screen](u)
			test.Tap(cm.Feelings[0])
			test.Tap(cm.Tabs[2])
			pagetest.Type(cm.Hopes, "My own room")
			test.Tap(cm.Finished)
			for _, want := range []string{"Who will see this?", "Your worker will read what you put here."} {
				if !shows(u.win.Canvas().Content(), want) {
					t.Fatalf("the child is not told %q", want)
				}
			}
			test.Tap(tt.tap(cm))
			pagetest.Type(cm.PIN, "2468")
			test.Tap(cm.HandBack)
			if inputs[*form.InterviewFields](u) == nil {
				t.Fatal("handing back did not return to the interview")
			}
			got, _ := u.st.Case(c.ID)
			if len(got.Voices) != 2 {
				t.Fatalf("%d entries saved, want 2", len(got.Voices))
			}
			for _, v := range got.Voices {
				if v.Value.ChildShare != tt.want || v.Value.Share != tt.scope || v.Value.InterviewID != interviewID {
					t.Errorf("%s saved with the child's answer %q, shared with %q, interview %q; want %q, %q, %q",
						v.Value.Method, v.Value.ChildShare, v.Value.Share, v.Value.InterviewID, tt.want, tt.scope, interviewID)
				}
			}
			top[*form.Form](u).Show(6) // the child's voice
			if !shows(u.win.Canvas().Content(), "Feelings: Safe") {
				t.Error("the interview does not list what the child entered")
			}
			// The worker reads the child's own answer, and editing the entry
			// keeps it.
			u.back()
			u.open(page.Route{Kind: page.Record, CaseID: c.ID, RecordID: got.Voices[0].RecordID})
			if !shows(u.win.Canvas().Content(), tt.want.Label()) {
				t.Errorf("the record does not show the child's answer %q", tt.want.Label())
			}
			test.Tap(top[*cases.RecordScreen](u).Edit)
			if !shows(u.win.Canvas().Content(), "In child mode, the child answered: "+tt.want.Label()+".") {
				t.Error("the form does not show the child's answer")
			}
			test.Tap(top[*form.Form](u).Save)
			if h, _ := u.st.History(got.Voices[0].RecordID); len(h) != 2 {
				t.Fatalf("the edit saved %d versions, want 2", len(h))
			}
			got, _ = u.st.Case(c.ID)
			for _, v := range got.Voices {
				if v.Value.ChildShare != tt.want {
					t.Errorf("after an edit, %s has the child's answer %q, want %q", v.Value.Method, v.Value.ChildShare, tt.want)
				}
			}
		})
	}
}

// TestChildModeNotSafe puts "I don't feel safe" on every screen of child mode;
// pressing it saves an entry with the time at once, for sync to carry, and the
// worker sees it first when the device comes back: on handing back, after an
// unlock, and at the top of the child's page.
func TestChildModeNotSafe(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(800, 1280))
	now := time.Date(2026, 3, 4, 15, 30, 12, 0, time.Local)
	u.now = func() time.Time { return now }
	c, cm := inChildMode(t, u, "Robin Example")
	hasNotSafe := func(where string) {
		t.Helper()
		if b := pagetest.FindButton(u.win.Canvas().Content(), "I don't feel safe"); b == nil || b != cm.NotSafe {
			t.Errorf("no \"I don't feel safe\" on %s", where)
		}
	}
	for i, tab := range []string{"feelings", "scale", "three houses"} {
		test.Tap(cm.Tabs[i])
		hasNotSafe(tab)
	}
	test.Tap(cm.Feelings[6])
	test.Tap(cm.Finished)
	hasNotSafe("who will see this")
	test.Tap(cm.NotSure)
	hasNotSafe("handing back")
	test.Tap(pagetest.FindButton(u.win.Canvas().Content(), "Back to my space"))
	cm = top[*childmode.Screen](u)

	before := u.st.Pending()
	test.Tap(cm.NotSafe)
	got, _ := u.st.Case(c.ID)
	if len(got.Voices) != 1 || got.Voices[0].Value.Method != model.MethodNotSafe || !got.Voices[0].Value.RecordedAt.Equal(now) {
		t.Fatalf("pressing it saved %+v", got.Voices)
	}
	pressed := now
	if u.st.Pending() <= before {
		t.Error("what the child pressed is not waiting to sync")
	}
	if !shows(u.win.Canvas().Content(), "Thank you for telling us") {
		t.Fatal("the child is not told their worker will see it")
	}
	hasNotSafe("thank you for telling us")

	// The idle lock: the worker who unlocks reads it before anything else.
	for _, f := range tm.pending {
		f()
	}
	now = now.Add(u.idleLock + time.Second)
	u.checkIdle()
	pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
	test.Tap(front[*access.Unlock](u).Button)
	if !notSafeOnTop(u) {
		t.Fatal("after unlocking, the worker is not told first")
	}
	pagetest.TapDialogButton(t, u.win, "I've read this")
	pagetest.TapDialogButton(t, u.win, "Carry on in child mode")
	cm = top[*childmode.Screen](u)
	u.st.SetPIN("2468")
	test.Tap(cm.Finished)
	pagetest.Type(cm.PIN, "2468")
	test.Tap(cm.HandBack)
	if !notSafeOnTop(u) {
		t.Fatal("on handing back, the worker is not told first")
	}
	pagetest.DismissDialogs(u.win)
	banner, name := labelSaying(u, "Robin Example said they don't feel safe"), labelSaying(u, "Robin Example")
	if top[*cases.ChildPage](u) == nil || banner == nil {
		t.Fatal("the child's page does not say it")
	}
	if d := fyne.CurrentApp().Driver(); d.AbsolutePositionForObject(banner).Y > d.AbsolutePositionForObject(name).Y {
		t.Error("the child's page does not lead with it")
	}
	for _, s := range []string{"What to do next", "call 999"} {
		if !shows(u.win.Canvas().Content(), s) {
			t.Errorf("the child's page does not say %q", s)
		}
	}
	test.Tap(pagetest.FindButton(u.win.Canvas().Content(), "Open it"))
	if rs := top[*cases.RecordScreen](u); rs == nil || rs.Edit != nil || !shows(u.win.Canvas().Content(), "What to do next") {
		t.Error("what the child pressed opens as something to edit, or without what to do next")
	}
	u.back()

	// Until what was done is recorded, it does not fade: a week later the
	// child's page still leads with it, their row tops the caseload, and the
	// caseload counts and filters it.
	now = now.Add(8 * 24 * time.Hour)
	u.refresh()
	if labelSaying(u, "Robin Example said they don't feel safe") == nil {
		t.Fatal("a week later, with nothing done recorded, the page no longer says it")
	}
	u.goHome()
	cl := top[*cases.Caseload](u)
	if len(cl.Rows) == 0 || cl.Rows[0].CaseID != c.ID || cl.Rows[0].NotSafe.IsZero() || !strings.HasPrefix(cl.Rows[0].DueText, "Said they don't feel safe on") {
		t.Fatalf("the caseload does not lead with it: %+v", cl.Rows)
	}
	if !shows(u.win.Canvas().Content(), "1 said they don't feel safe") {
		t.Error("the caseload's count does not say it")
	}
	cl.Filter.SetSelected(cases.ShowNotSafe)
	if len(top[*cases.Caseload](u).Rows) != 1 {
		t.Errorf("the filter shows %d children, want 1", len(top[*cases.Caseload](u).Rows))
	}

	// Recording what was done: nothing written is refused; then it is kept
	// on the entry, and the page says it quietly.
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	cp := top[*cases.ChildPage](u)
	if cp.DealtWith == nil {
		t.Fatal("no way to record what was done")
	}
	test.Tap(cp.DealtWith)
	test.Tap(cp.Asked.Confirm)
	if !cp.Asked.Problem.Visible() {
		t.Error("saving with nothing written is not refused")
	}
	pagetest.Type(cp.Asked.Text, "Talked with Robin about the party; told the duty manager, Sam Example.")
	test.Tap(cp.Asked.Confirm)
	got, _ = u.st.Case(c.ID)
	if n := got.NotSafeSince(time.Time{}); len(n) != 1 || n[0].Value.Response == nil || !strings.Contains(n[0].Value.Response.What, "duty manager") ||
		!n[0].Value.Response.At.Equal(now) || !n[0].Value.RecordedAt.Equal(pressed) {
		t.Fatalf("what was done is not kept on the entry, with the press's time unchanged: %+v", n)
	}
	if labelSaying(u, "Robin Example said they don't feel safe") != nil || top[*cases.ChildPage](u).DealtWith != nil {
		t.Error("with what was done recorded, the page still asks for it")
	}
	if !shows(u.win.Canvas().Content(), "What was done, recorded by Sam Example") {
		t.Error("the page does not say what was done")
	}
	u.goHome()
	if r := top[*cases.Caseload](u).Rows; len(r) != 0 {
		t.Errorf("with what was done recorded, the filter still finds the child: %+v", r)
	}
	top[*cases.Caseload](u).Filter.SetSelected(cases.ShowEveryone)
	if r := top[*cases.Caseload](u).Rows; len(r) != 1 || !r[0].NotSafe.IsZero() {
		t.Errorf("with what was done recorded, the caseload still flags it: %+v", r)
	}
	now = now.Add(8 * 24 * time.Hour)
	u.push(page.Route{Kind: page.Child, CaseID: c.ID})
	if shows(u.win.Canvas().Content(), "What was done, recorded by") {
		t.Error("a week after it was dealt with the page still leads with it; the timeline keeps it")
	}
}

// notSafeOnTop says whether the dialog on top of u's window tells the worker
// the child pressed "I don't feel safe" and what to do next.
func notSafeOnTop(u *UI) bool {
	top := u.win.Canvas().Overlays().Top()
	return top != nil && shows(top, "pressed \u201cI don't feel safe\u201d") && shows(top, "What to do next")
}

// labelSaying is the label of u's window that says exactly s, or nil.
func labelSaying(u *UI, s string) *widget.Label {
	var found *widget.Label
	pagetest.EachObject(u.win.Canvas().Content(), func(x fyne.CanvasObject) {
		if l, ok := x.(*widget.Label); ok && l.Text == s && found == nil {
			found = l
		}
	})
	return found
}

// shows says whether a label or text under o says s, or has it in what it says.
func shows(o fyne.CanvasObject, s string) bool {
	found := false
	pagetest.EachObject(o, func(x fyne.CanvasObject) {
		switch l := x.(type) {
		case *widget.Label:
			found = found || strings.Contains(l.Text, s)
		case *canvas.Text:
			found = found || strings.Contains(l.Text, s)
		}
	})
	return found
}

// entriesIn are the text fields under o.
func entriesIn(o fyne.CanvasObject) []*widget.Entry {
	var out []*widget.Entry
	pagetest.EachObject(o, func(x fyne.CanvasObject) {
		switch e := x.(type) {
		case *widget.Entry:
			out = append(out, e)
		case *kit.Entry:
			out = append(out, &e.Entry)
		}
	})
	return out
}

func texts(es []*widget.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Text)
	}
	return out
}
