// Package childmode is the calm screen the practitioner hands to a child:
// feelings, a 0 to 10 scale and the three houses, in the child's own words. It
// shows nothing of any other child and has no way out except back to the
// practitioner, with the PIN or the passphrase.
//
// It sees the shell only through Env, which the shell builds for the child's
// case: it can keep drafts of the records it made in that case and save them,
// check the worker's PIN, take the device over, give it back and lock. It can
// list nothing and go to no other screen, so it can show no other child.
//
// While the child holds the device the shell keeps a Session: the case, the
// records the child's entries go in, the activity on screen and whether the
// child has finished. What the child enters is only in the Screen that
// Session.View builds, which the shell drops when the app locks, and in the
// store's drafts, which the Screen is built from again after unlocking. At the
// end it is saved as voice entries of the child's case.
package childmode

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
	"homeward/store"
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
// screen and whether they have finished. It holds nothing the child entered:
// that is in the store's drafts, and in the Screen while it is shown.
type Session struct {
	env     Env
	started time.Time
	ids     map[model.VoiceMethod]string // record IDs of the three entries
	tab     int
	// handingBack is set once the child has said they have finished: a lock from
	// then on ends child mode when the worker unlocks.
	handingBack bool
}

// Screen is child mode as built for the window: its widgets and what the child
// has entered, kept as drafts as they go. Session.View builds it afresh from
// the drafts; the shell drops it when the app locks.
type Screen struct {
	s         *Session
	Tabs      []*widget.Button
	Feelings  []*widget.Button
	Chosen    map[string]bool
	question  *kit.Entry
	Zero      *kit.Entry
	Ten       *kit.Entry
	Numbers   []*widget.Button
	value     int // -1 until a number is chosen
	valueText *widget.Label
	Worries   *kit.Entry
	good      *kit.Entry
	Hopes     *kit.Entry
	Finished  *widget.Button
	PIN       *kit.Entry
	PINMsg    *kit.ProblemLine
	HandBack  *widget.Button
	override  *container.ThemeOverride
	body      *fyne.Container
	stopDraft func()
	pending   bool
}

// Start hands the device to the child of env's case, offering first to set a
// PIN for taking it back.
func Start(env Env) {
	s := &Session{env: env, started: env.Now().Truncate(time.Minute),
		ids: map[model.VoiceMethod]string{
			model.MethodFeelings:    env.NewRecordID(),
			model.MethodScale:       env.NewRecordID(),
			model.MethodThreeHouses: env.NewRecordID(),
		}}
	enter := func() { env.Enter(s) }
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
}

// CaseID is the case of the child who holds the device.
func (s *Session) CaseID() string { return s.env.CaseID }

// View builds the child's screen, from the drafts kept so far.
func (s *Session) View() *page.View {
	env := s.env
	cm := &Screen{s: s, value: -1, Chosen: map[string]bool{}}
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
	screen := container.NewBorder(container.NewPadded(top), container.NewPadded(container.NewHBox(layout.NewSpacer(), cm.Finished)), nil, nil, cm.body)
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
// third larger than the worker's, but never so large that the row of eleven
// numbers, the three tabs or "I've finished" leave the screen (a portrait tablet
// at the largest text size would otherwise lose 9, 10 and the way out).
func (s *Session) bigTheme() fyne.Theme {
	thm := s.env.Theme()
	scale := thm.ScaleOr1() * 1.3
	if w := s.env.Win.Canvas().Size().Width; w > 0 {
		scale = max(1, min(scale, 1.3*w/800))
	}
	return &kit.Theme{Variant: thm.Variant, Scale: scale}
}

// restore reads back what the child entered before a lock.
func (cm *Screen) restore() {
	env := cm.s.env
	draft := func(m model.VoiceMethod) (model.VoiceEntry, bool) {
		r, ok, err := env.Draft(cm.s.ids[m])
		if err != nil || !ok {
			return model.VoiceEntry{}, false
		}
		v, ok := r.(model.VoiceEntry)
		return v, ok
	}
	cm.question = env.NewEntry(kit.DefaultScaleQuestion)
	cm.question.SetText(kit.DefaultScaleQuestion)
	cm.Zero = env.NewEntry("For example: not safe at all")
	cm.Ten = env.NewEntry("For example: completely safe")
	cm.Worries = env.NewMultiEntry("What worries you?", 6)
	cm.good = env.NewMultiEntry("What is going well?", 6)
	cm.Hopes = env.NewMultiEntry("What do you hope for?", 6)
	if v, ok := draft(model.MethodFeelings); ok {
		for _, f := range v.Feelings {
			cm.Chosen[f] = true
		}
	}
	if v, ok := draft(model.MethodScale); ok && v.Scale != nil {
		cm.question.SetText(v.Scale.Question)
		cm.Zero.SetText(v.Scale.Zero)
		cm.Ten.SetText(v.Scale.Ten)
		cm.value = v.Scale.Value
	}
	if v, ok := draft(model.MethodThreeHouses); ok && v.Houses != nil {
		cm.Worries.SetText(v.Houses.Worries)
		cm.good.SetText(v.Houses.GoodThings)
		cm.Hopes.SetText(v.Houses.HopesDreams)
	}
	for _, e := range []*kit.Entry{cm.question, cm.Zero, cm.Ten, cm.Worries, cm.good, cm.Hopes} {
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

func (cm *Screen) feelingsView() fyne.CanvasObject {
	cm.Feelings = nil
	grid := container.NewGridWrap(fyne.NewSize(200, 96))
	for _, f := range cm.s.env.Cat.Feelings {
		b := cm.s.env.Button(f.Label, nil, nil)
		b.OnTapped = func() {
			cm.s.env.Touch()
			cm.Chosen[f.ID] = !cm.Chosen[f.ID]
			styleFeeling(b, cm.Chosen[f.ID])
			cm.changed()
		}
		styleFeeling(b, cm.Chosen[f.ID])
		cm.Feelings = append(cm.Feelings, b)
		grid.Add(b)
	}
	return container.NewVBox(kit.Subheading("How do you feel? Tap as many as you like."), grid)
}

// styleFeeling shows a chosen feeling by a tick as well as by colour.
func styleFeeling(b *widget.Button, chosen bool) {
	if chosen {
		b.Importance = widget.HighImportance
		b.SetIcon(theme.CheckButtonCheckedIcon())
	} else {
		b.Importance = widget.MediumImportance
		b.SetIcon(theme.CheckButtonIcon())
	}
	b.Refresh()
}

func (cm *Screen) scaleView() fyne.CanvasObject {
	cm.valueText = kit.Subheading("")
	cm.Numbers = nil
	row := container.NewGridWithColumns(11)
	for n := 0; n <= 10; n++ {
		b := cm.s.env.Button(strconv.Itoa(n), nil, nil)
		b.OnTapped = func() {
			cm.s.env.Touch()
			cm.value = n
			cm.styleNumbers()
			cm.changed()
		}
		cm.Numbers = append(cm.Numbers, b)
		row.Add(b)
	}
	zeroEnd, tenEnd := widget.NewLabel(""), widget.NewLabel("")
	zeroEnd.Wrapping, tenEnd.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
	tenEnd.Alignment = fyne.TextAlignTrailing
	ends := func() {
		zeroEnd.SetText("0: " + cm.Zero.Text)
		tenEnd.SetText("10: " + cm.Ten.Text)
	}
	ends()
	cm.Zero.OnChanged = func(string) { ends(); cm.styleNumbers(); cm.changed() }
	cm.Ten.OnChanged = func(string) { ends(); cm.styleNumbers(); cm.changed() }
	cm.styleNumbers()
	return container.NewVBox(
		kit.FieldBlock("The question", "", cm.question),
		container.NewGridWithColumns(2,
			kit.FieldBlock("0 means", "", cm.Zero),
			kit.FieldBlock("10 means", "", cm.Ten)),
		row,
		container.NewGridWithColumns(2, zeroEnd, tenEnd),
		cm.valueText,
	)
}

// styleNumbers marks the number chosen and keeps the numbers off until both ends
// of the scale have words: the ends are agreed first.
func (cm *Screen) styleNumbers() {
	ready := strings.TrimSpace(cm.Zero.Text) != "" && strings.TrimSpace(cm.Ten.Text) != ""
	for n, b := range cm.Numbers {
		b.Importance = widget.MediumImportance
		if n == cm.value {
			b.Importance = widget.HighImportance
		}
		if ready {
			b.Enable()
		} else {
			b.Disable()
		}
		b.Refresh()
	}
	switch {
	case !ready:
		cm.valueText.SetText("First write what 0 and 10 mean. Then choose a number.")
	case cm.value < 0:
		cm.valueText.SetText("Choose a number.")
	default:
		cm.valueText.SetText("You chose " + strconv.Itoa(cm.value) + " out of 10.")
	}
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

// entries are the voice entries the child has made so far: only those with
// something in them.
func (cm *Screen) entries() map[model.VoiceMethod]model.VoiceEntry {
	out := map[model.VoiceMethod]model.VoiceEntry{}
	base := model.VoiceEntry{RecordedAt: cm.s.started, Share: model.ShareNotAsked}
	var feelings []string
	for _, f := range cm.s.env.Cat.Feelings {
		if cm.Chosen[f.ID] {
			feelings = append(feelings, f.ID)
		}
	}
	if len(feelings) > 0 {
		e := base
		e.Method, e.Feelings = model.MethodFeelings, feelings
		out[model.MethodFeelings] = e
	}
	if cm.value >= 0 {
		e := base
		e.Method = model.MethodScale
		e.Scale = &model.Scale{Question: strings.TrimSpace(cm.question.Text), Zero: strings.TrimSpace(cm.Zero.Text),
			Ten: strings.TrimSpace(cm.Ten.Text), Value: cm.value}
		if e.Scale.Question == "" {
			e.Scale.Question = kit.DefaultScaleQuestion
		}
		out[model.MethodScale] = e
	}
	h := model.ThreeHouses{Worries: strings.TrimSpace(cm.Worries.Text), GoodThings: strings.TrimSpace(cm.good.Text),
		HopesDreams: strings.TrimSpace(cm.Hopes.Text)}
	if h.Worries+h.GoodThings+h.HopesDreams != "" {
		e := base
		e.Method, e.Houses = model.MethodThreeHouses, &h
		out[model.MethodThreeHouses] = e
	}
	return out
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

// finish asks for the practitioner: the PIN, or the passphrase through the
// unlock screen.
func (cm *Screen) finish() {
	env := cm.s.env
	cm.keep()
	cm.s.handingBack = true
	thanks := container.NewVBox(
		kit.Heading("Thank you for sharing"),
		kit.Para("Please give the device back to your worker now."),
	)
	back := env.Button("Back to my space", theme.NavigateBackIcon(), func() {
		cm.s.handingBack = false
		env.Refresh()
	})
	if !env.HasPIN() {
		unlock := env.Primary("I'm the worker: unlock with my passphrase", theme.LoginIcon(), env.Lock)
		cm.setBody(container.NewVBox(thanks, kit.WrapRow(back, unlock)))
		return
	}
	cm.PIN = env.NewPINEntry("Worker's PIN")
	cm.PINMsg = kit.NewProblem()
	cm.HandBack = env.Primary("Unlock", theme.LoginIcon(), cm.checkPIN)
	cm.PIN.OnSubmitted = func(string) { cm.checkPIN() }
	cm.setBody(container.NewVBox(thanks, kit.FieldBlock("For the worker: your PIN", "", cm.PIN, cm.PINMsg),
		container.NewHBox(back, layout.NewSpacer(), cm.HandBack)))
	env.Win.Canvas().Focus(cm.PIN)
}

// setBody replaces the whole child mode screen.
func (cm *Screen) setBody(obj fyne.CanvasObject) {
	cm.s.env.Win.SetContent(kit.Surface(kit.ColorNameCalm, container.NewThemeOverride(
		container.NewVScroll(kit.Column(700, container.NewPadded(container.NewVBox(kit.Card(obj))))), cm.s.bigTheme())))
	cm.s.env.Relayout()
}

func (cm *Screen) checkPIN() {
	env := cm.s.env
	pin := cm.PIN.Text
	cm.PIN.SetText("")
	// Cleared first: a fifth wrong PIN locks the store, and the shell drops this
	// screen.
	ok, err := env.CheckPIN(pin)
	switch {
	case ok:
		cm.s.Done()
	case errors.Is(err, store.ErrLocked):
		// Five wrong PINs: the keys are gone and the shell shows the unlock
		// screen; the child's entries are safe in their drafts.
	default:
		cm.PINMsg.Set("That PIN is not right. " + kit.Plural(env.PINTriesLeft(), "try", "tries") + " left before the passphrase is needed.")
		env.Relayout()
	}
}

// Resume follows an unlock that interrupted child mode before the child had
// finished (the idle lock, say), once the shell has shown child mode again: the
// worker who unlocked chooses whether to hand the device back to the child or to
// end child mode and save what they shared.
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
}

// Done saves what the child entered as voice entries of their case and returns to
// the child's page.
func (s *Session) Done() {
	env := s.env
	var saved []string
	for _, m := range []model.VoiceMethod{model.MethodFeelings, model.MethodScale, model.MethodThreeHouses} {
		r, ok, err := env.Draft(s.ids[m])
		if err != nil || !ok {
			continue
		}
		if r.Validate(env.Cat, env.Now()) != nil {
			continue // stays a draft, for the worker to finish
		}
		if err := env.Save(s.ids[m], r); err != nil {
			env.ShowError("What the child shared could not be saved.", err)
			continue
		}
		saved = append(saved, m.Label())
	}
	env.Leave()
	name := s.childName()
	msg := name + " did not enter anything this time."
	if len(saved) > 0 {
		msg = "Saved what " + name + " shared: " + strings.Join(saved, ", ") + ". Open each on the timeline to record whether they agreed who may see it."
	}
	dialog.ShowInformation("Child mode finished", msg, env.Win)
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
