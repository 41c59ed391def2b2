// Package childmode is the calm screen the practitioner hands to a child:
// feelings as faces, a 0 to 10 scale and the three houses, in the child's own
// words, then who will see it and the child's own yes or no to sharing it. An
// "I don't feel safe" button on every screen records that at once, and the
// worker sees it first when the device comes back to them. It shows nothing of
// any other child and has no way out except back to the practitioner, with the
// PIN or the passphrase.
//
// It sees the shell only through Env, which the shell builds for the child's
// case: it can keep drafts of the records it made in that case and save them,
// check the worker's PIN, take the device over, give it back and lock. It can
// list nothing and go to no other screen, so it can show no other child.
//
// Before handing over, the worker sets the scale's question and what 0 and 10
// mean; the child sees them and cannot change them. While the child holds the
// device the shell keeps a Session: the case, the interview it was started
// from, the records the child's entries go in, the activity on screen, whether
// the child has finished and when they said they did not feel safe. What the
// child enters, and the scale the worker set, is only in the Screen that
// Session.View builds, which the shell drops when the app locks, and in the
// store's drafts, which the Screen is built from again after unlocking. At the
// end it is saved as voice entries of the child's case.
package childmode

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
)

// Env is all that child mode may use. The shell builds it for one case: what
// child mode keeps or saves goes in that case, and it can list nothing, so the
// only records it knows are those it made with NewRecordID.
type Env struct {
	kit.Controls
	Cat       *model.Catalogue
	Now       func() time.Time
	After     func(d time.Duration, f func()) (stop func()) // runs f on the UI goroutine after d, unless stopped first
	Refresh   func()                                        // builds the screen on top again
	ShowError func(what string, err error)                  // tells the worker something went wrong

	// CaseID is the child's case.
	CaseID string
	// InterviewID is the return interview child mode was started from, which
	// the child's entries belong to, or "" when it was started from the child's
	// page.
	InterviewID string
	// ChildName is the child's name as saved now, or "" when there is none.
	ChildName func() string
	// NewRecordID makes the ID of a new record of the case.
	NewRecordID func() string
	// Draft is the draft kept for a record child mode made, if there is one.
	Draft func(recordID string) (model.Record, bool, error)
	// SaveDraft keeps r as the draft of a record of the case.
	SaveDraft func(recordID string, r model.Record) error
	// DiscardDraft throws away the draft of a record child mode made.
	DiscardDraft func(recordID string) error
	// Save saves r as the first version of a new record of the case.
	Save func(recordID string, r model.Record) error
	// Unlocked reports whether the store is unlocked, so drafts can be kept.
	Unlocked func() bool

	// The worker's PIN, for taking the device back.
	HasPIN       func() bool
	SetPIN       func(pin string) error
	CheckPIN     func(pin string) (bool, error)
	PINTriesLeft func() int

	Enter func(s *Session) // shows s full screen, on top of the page that started it
	Leave func()           // ends child mode and returns to the page that started it
	Lock  func()           // locks the app, for the worker to unlock with their passphrase
	Theme func() *kit.Theme
}

// Session is child mode while the child holds the device: which case, the
// three records their entries are kept in, when it started, the activity on
// screen, whether they have finished and when they said they did not feel
// safe. It holds nothing the child typed or chose: that is in the store's
// drafts, and in the Screen while it is shown.
type Session struct {
	env     Env
	started time.Time
	ids     map[model.VoiceMethod]string // record IDs of the three entries
	tab     int
	// handingBack is set once the child has said they have finished: a lock from
	// then on ends child mode when the worker unlocks.
	handingBack bool
	// notSafe are the times the child pressed "I don't feel safe", each saved
	// at once as an entry of its own, for the worker to see first.
	notSafe []time.Time
}

// Screen is child mode as built for the window: its widgets and what the child
// has entered, kept as drafts as they go. Session.View builds it afresh from
// the drafts; the shell drops it when the app locks.
type Screen struct {
	s        *Session
	Tabs     []*widget.Button
	Feelings []*widget.Button
	Chosen   map[string]bool
	// scale is the scale the worker set, with the number the child chose, or
	// -1 until they choose one.
	scale     model.Scale
	Numbers   []*widget.Button
	numbers   []func() // colour each number's figure
	valueText *widget.Label
	Worries   *kit.Entry
	good      *kit.Entry
	Hopes     *kit.Entry
	// share is the child's own answer about sharing, once they give it.
	share    model.ShareAnswer
	Finished *widget.Button
	// NotSafe is the "I don't feel safe" button of the screen shown now.
	NotSafe *widget.Button
	// ShareYes, ShareNo and NotSure answer "Who will see this?".
	ShareYes, ShareNo, NotSure *widget.Button
	PIN                        *kit.Entry
	PINMsg                     *kit.ProblemLine
	HandBack                   *widget.Button
	override                   *container.ThemeOverride
	body                       *fyne.Container
	stopDraft                  func()
	pending                    bool
}

// The scale the worker starts from before handing over.
const (
	defaultZero = "Not safe at all"
	defaultTen  = "Completely safe"
)

// Start asks the worker for the scale's question and what 0 and 10 mean, then
// offers to set a PIN for taking the device back, and hands the device to the
// child of env's case.
func Start(env Env) {
	s := &Session{env: env, started: env.Now().Truncate(time.Minute),
		ids: map[model.VoiceMethod]string{
			model.MethodFeelings:    env.NewRecordID(),
			model.MethodScale:       env.NewRecordID(),
			model.MethodThreeHouses: env.NewRecordID(),
		}}
	askScale(env, func(sc model.Scale) {
		enter := func() {
			// The scale is kept as the draft of its entry, with no number yet,
			// so that it is sealed like what the child enters.
			sc.Value = -1
			env.SaveDraft(s.ids[model.MethodScale], s.entry(model.MethodScale, model.AnswerNotAsked, func(e *model.VoiceEntry) { e.Scale = &sc }))
			env.Enter(s)
		}
		if env.HasPIN() {
			enter()
			return
		}
		env.AskNewPIN(env.SetPIN, "Before you hand over the device",
			"Choose a PIN to take the device back with when the child has finished. It lasts until the app next locks and never protects data on the device. Without a PIN you will need your passphrase.",
			"Set PIN", enter, func(close func()) []fyne.CanvasObject {
				return []fyne.CanvasObject{
					env.Button("Cancel", theme.CancelIcon(), close),
					env.Button("Skip the PIN", theme.LoginIcon(), func() { close(); enter() }),
				}
			})
	})
}

// askScale asks the worker what the scale asks and what its ends mean, starting
// from a question about feeling safe, and calls next with them.
func askScale(env Env, next func(model.Scale)) {
	question := env.NewEntry(kit.DefaultScaleQuestion)
	question.SetText(kit.DefaultScaleQuestion)
	zero := env.NewEntry(defaultZero)
	zero.SetText(defaultZero)
	ten := env.NewEntry(defaultTen)
	ten.SetText(defaultTen)
	msg := kit.NewProblem()
	box := container.NewVBox(
		kit.Para("The child will see this question, what 0 and 10 mean, and the numbers to choose from. They cannot change the words: agree them together first."),
		kit.FieldBlock("The question", "", question),
		kit.FieldBlock("0 means", "", zero),
		kit.FieldBlock("10 means", "", ten),
		msg)
	var d *dialog.CustomDialog
	handOver := func() {
		sc := model.Scale{Question: strings.TrimSpace(question.Text), Zero: strings.TrimSpace(zero.Text), Ten: strings.TrimSpace(ten.Text)}
		if sc.Question == "" || sc.Zero == "" || sc.Ten == "" {
			msg.Set("Write the question and what 0 and 10 mean.")
			d.Refresh()
			return
		}
		d.Hide()
		next(sc)
	}
	ten.OnSubmitted = func(string) { handOver() }
	d = dialog.NewCustomWithoutButtons("Before you hand over: the scale", box, env.Win)
	d.SetButtons([]fyne.CanvasObject{
		env.Button("Cancel", theme.CancelIcon(), d.Hide),
		env.Primary("Hand over", theme.ConfirmIcon(), handOver),
	})
	d.Resize(fyne.NewSize(min(560, env.Win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
	env.EnterPresses(d, handOver)
}

// CaseID is the case of the child who holds the device.
func (s *Session) CaseID() string { return s.env.CaseID }

// entry is a voice entry of method m made in this session, with the child's
// answer about sharing, filled in by fill.
func (s *Session) entry(m model.VoiceMethod, share model.ShareAnswer, fill func(*model.VoiceEntry)) model.VoiceEntry {
	e := model.VoiceEntry{InterviewID: s.env.InterviewID, RecordedAt: s.started, Method: m, ChildShare: share, Share: share.Scope()}
	fill(&e)
	return e
}

// View builds the child's screen, from the drafts kept so far.
func (s *Session) View() *page.View {
	env := s.env
	cm := &Screen{s: s, Chosen: map[string]bool{}}
	cm.restore()
	cm.Tabs = []*widget.Button{
		env.Button("How I feel", theme.AccountIcon(), func() { cm.show(0) }),
		env.Button("My scale", theme.MoreHorizontalIcon(), func() { cm.show(1) }),
		env.Button("My three houses", theme.HomeIcon(), func() { cm.show(2) }),
	}
	cm.body = container.NewStack()
	cm.Finished = env.Primary("I've finished", theme.ConfirmIcon(), cm.finish)
	intro := container.NewVBox(
		kit.Heading("Your space"),
		kit.Para("No right or wrong answers. Share only what you want to."),
	)
	top := container.NewVBox(intro, container.NewGridWithColumns(3, cm.Tabs[0], cm.Tabs[1], cm.Tabs[2]))
	screen := container.NewBorder(container.NewPadded(top), cm.bar(cm.Finished), nil, nil, cm.body)
	cm.override = container.NewThemeOverride(container.NewPadded(screen), s.bigTheme())
	cm.show(s.tab)
	return &page.View{
		Title:   "Child mode",
		Content: kit.Surface(kit.ColorNameCalm, cm.override),
		Leave:   cm.keep,
		Bare:    true,
		Screen:  cm,
	}
}

// bigTheme is the app's theme with larger text and controls, for the child: a
// third larger than the worker's, but never so large for the shorter side of
// the screen that the row of eleven numbers, the three tabs or "I've finished"
// leave it, or the faces no longer fit six across and two down (a portrait
// tablet at the largest text size would otherwise lose 9, 10 and the way out,
// and a landscape one would shrink the faces to a third). It follows the app's
// theme as that changes, light or dark and its text size.
func (s *Session) bigTheme() fyne.Theme { return childTheme{s} }

// childTheme works out the child's theme from the app's whenever it is asked.
type childTheme struct{ s *Session }

func (c childTheme) now() *kit.Theme {
	thm := c.s.env.Theme()
	scale := thm.ScaleOr1() * 1.3
	if size := c.s.env.Win.Canvas().Size(); size.Width > 0 && size.Height > 0 {
		scale = max(1, min(scale, 1.3*min(size.Width, size.Height)/800))
	}
	return &kit.Theme{Variant: thm.Variant, Scale: scale}
}

// Color implements fyne.Theme.
func (c childTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return c.now().Color(n, v)
}

// Font implements fyne.Theme.
func (c childTheme) Font(st fyne.TextStyle) fyne.Resource { return c.now().Font(st) }

// Icon implements fyne.Theme.
func (c childTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return c.now().Icon(n) }

// Size implements fyne.Theme.
func (c childTheme) Size(n fyne.ThemeSizeName) float32 { return c.now().Size(n) }

// restore reads back what the child entered before a lock, and the scale the
// worker set.
func (cm *Screen) restore() {
	env := cm.s.env
	draft := func(m model.VoiceMethod) (model.VoiceEntry, bool) {
		r, ok, err := env.Draft(cm.s.ids[m])
		if err != nil || !ok {
			return model.VoiceEntry{}, false
		}
		v, ok := r.(model.VoiceEntry)
		if ok && v.ChildShare != model.AnswerNotAsked {
			cm.share = v.ChildShare // the same on every entry
		}
		return v, ok
	}
	cm.scale = model.Scale{Question: kit.DefaultScaleQuestion, Zero: defaultZero, Ten: defaultTen, Value: -1}
	cm.Worries = env.NewMultiEntry("What worries you?", 6)
	cm.good = env.NewMultiEntry("What is going well?", 6)
	cm.Hopes = env.NewMultiEntry("What do you hope for?", 6)
	if v, ok := draft(model.MethodFeelings); ok {
		for _, f := range v.Feelings {
			cm.Chosen[f] = true
		}
	}
	if v, ok := draft(model.MethodScale); ok && v.Scale != nil {
		cm.scale = *v.Scale
	}
	if v, ok := draft(model.MethodThreeHouses); ok && v.Houses != nil {
		cm.Worries.SetText(v.Houses.Worries)
		cm.good.SetText(v.Houses.GoodThings)
		cm.Hopes.SetText(v.Houses.HopesDreams)
	}
	for _, e := range []*kit.Entry{cm.Worries, cm.good, cm.Hopes} {
		e.OnChanged = func(string) { cm.changed() }
	}
}

// show moves between the three activities.
func (cm *Screen) show(i int) {
	cm.s.tab = i
	for j, t := range cm.Tabs {
		t.Importance = widget.MediumImportance
		if j == i {
			t.Importance = widget.HighImportance
		}
		t.Refresh()
	}
	var content fyne.CanvasObject
	switch i {
	case 0:
		content = cm.feelingsView()
	case 1:
		content = cm.scaleView()
	default:
		content = cm.housesView()
	}
	cm.body.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(content))}
	cm.override.Refresh()
}

func (cm *Screen) housesView() fyne.CanvasObject {
	house := func(title string, e *kit.Entry) fyne.CanvasObject {
		icon := widget.NewIcon(theme.NewPrimaryThemedResource(theme.HomeIcon()))
		return kit.Card(container.NewVBox(container.NewBorder(nil, nil, icon, nil, kit.Subheading(title)), e))
	}
	return container.New(&columnsOrRows{breakpoint: 900},
		house("House of worries", cm.Worries),
		house("House of good things", cm.good),
		house("House of hopes and dreams", cm.Hopes))
}

// entries are the voice entries of this session as they stand: the scale
// always, as it holds what the worker set, and the others only when there is
// something in them.
func (cm *Screen) entries() map[model.VoiceMethod]model.VoiceEntry {
	s := cm.s
	out := map[model.VoiceMethod]model.VoiceEntry{}
	var feelings []string
	for _, f := range s.env.Cat.Feelings {
		if cm.Chosen[f.ID] {
			feelings = append(feelings, f.ID)
		}
	}
	if len(feelings) > 0 {
		out[model.MethodFeelings] = s.entry(model.MethodFeelings, cm.share, func(e *model.VoiceEntry) { e.Feelings = feelings })
	}
	sc := cm.scale
	out[model.MethodScale] = s.entry(model.MethodScale, cm.share, func(e *model.VoiceEntry) { e.Scale = &sc })
	h := model.ThreeHouses{Worries: strings.TrimSpace(cm.Worries.Text), GoodThings: strings.TrimSpace(cm.good.Text),
		HopesDreams: strings.TrimSpace(cm.Hopes.Text)}
	if h.Worries+h.GoodThings+h.HopesDreams != "" {
		out[model.MethodThreeHouses] = s.entry(model.MethodThreeHouses, cm.share, func(e *model.VoiceEntry) { e.Houses = &h })
	}
	return out
}

// shared says whether the child has entered anything yet: a feeling, a number
// or something in a house.
func (cm *Screen) shared() bool {
	_, feelings := cm.entries()[model.MethodFeelings]
	_, houses := cm.entries()[model.MethodThreeHouses]
	return feelings || houses || cm.scale.Value >= 0
}

func (cm *Screen) changed() {
	cm.s.env.Touch()
	cm.pending = true
	if cm.stopDraft != nil {
		cm.stopDraft()
	}
	cm.stopDraft = cm.s.env.After(kit.DraftDelay, cm.keep)
}

// keep seals what the child has entered as drafts, at once.
func (cm *Screen) keep() {
	env := cm.s.env
	if cm.stopDraft != nil {
		cm.stopDraft()
		cm.stopDraft = nil
	}
	if !cm.pending || !env.Unlocked() {
		return
	}
	got := cm.entries()
	for m, id := range cm.s.ids {
		if e, ok := got[m]; ok {
			env.SaveDraft(id, e)
		} else {
			env.DiscardDraft(id)
		}
	}
	cm.pending = false
}

// childName is the child's name, read from the store when needed rather than
// kept through a lock.
func (s *Session) childName() string {
	if name := s.env.ChildName(); name != "" {
		return name
	}
	return "The child"
}

// HandingBack reports whether the child has said they have finished: unlocking
// then ends child mode.
func (s *Session) HandingBack() bool { return s.handingBack }

// Resume follows an unlock that interrupted child mode before the child had
// finished (the idle lock, say), once the shell has shown child mode again: the
// worker who unlocked chooses whether to hand the device back to the child or to
// end child mode and save what they shared. If the child said they do not feel
// safe, the worker reads that first.
func (s *Session) Resume() {
	env := s.env
	d := dialog.NewConfirm("Child mode is still open",
		"The app locked while "+s.childName()+" was in child mode. What they entered is kept. Hand the device back to them to carry on, or finish and save what they shared?",
		func(carryOn bool) {
			if !carryOn {
				s.Done()
			}
		}, env.Win)
	d.SetConfirmText("Carry on in child mode")
	d.SetDismissText("Finish and save")
	d.Show()
	s.tellNotSafe()
}

// Done saves what the child entered as voice entries of their case and returns to
// the page that started child mode. If the child said they do not feel safe,
// the worker reads that first, on top of what was saved.
func (s *Session) Done() {
	env := s.env
	var saved []string
	share := model.AnswerNotAsked
	for _, m := range []model.VoiceMethod{model.MethodFeelings, model.MethodScale, model.MethodThreeHouses} {
		r, ok, err := env.Draft(s.ids[m])
		if err != nil || !ok {
			continue
		}
		if v, ok := r.(model.VoiceEntry); ok && v.Scale != nil && v.Scale.Value < 0 {
			env.DiscardDraft(s.ids[m]) // the child chose no number
			continue
		}
		if r.Validate(env.Cat, env.Now()) != nil {
			continue // stays a draft, for the worker to finish
		}
		if err := env.Save(s.ids[m], r); err != nil {
			env.ShowError("What the child shared could not be saved.", err)
			continue
		}
		share = r.(model.VoiceEntry).ChildShare
		saved = append(saved, m.Label())
	}
	env.Leave()
	name := s.childName()
	msg := name + " did not enter anything this time."
	if len(saved) > 0 {
		msg = "Saved what " + name + " shared: " + strings.Join(saved, ", ") + ". " + shareSaid(share)
	}
	d := dialog.NewInformation("Child mode finished", msg, env.Win)
	d.Show()
	env.EnterPresses(d, d.Hide)
	s.tellNotSafe()
}

// shareSaid tells the worker what the child answered about sharing.
func shareSaid(a model.ShareAnswer) string {
	switch a {
	case model.AnswerYes:
		return "They said yes to sharing it with the people who help keep them safe."
	case model.AnswerNo:
		return "They said no to sharing it: only you may see it, unless sharing is needed to keep them or someone else safe."
	case model.AnswerNotSure:
		return "They were not sure about sharing it: talk it through with them, and record what they agree on each entry."
	}
	return "They were not asked who may see it: talk it through with them, and record what they agree on each entry."
}

// columnsOrRows puts its objects in equal columns on a wide screen and one under
// another on a narrow one.
type columnsOrRows struct{ breakpoint float32 }

// MinSize implements fyne.Layout.
func (l *columnsOrRows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height + theme.Padding()
	}
	return fyne.NewSize(w, h)
}

// Layout implements fyne.Layout.
func (l *columnsOrRows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p := theme.Padding()
	if size.Width >= l.breakpoint {
		w := (size.Width - p*float32(len(objs)-1)) / float32(len(objs))
		var h float32
		for _, o := range objs {
			h = max(h, o.MinSize().Height)
		}
		for i, o := range objs {
			o.Move(fyne.NewPos(float32(i)*(w+p), 0))
			o.Resize(fyne.NewSize(w, h))
		}
		return
	}
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h + p
	}
}
