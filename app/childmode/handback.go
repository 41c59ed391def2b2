package childmode

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/model"
	"homeward/store"
)

// bar is the foot of every child-mode screen: "I don't feel safe" on the left,
// and the screen's way on, if it has one, on the right.
func (cm *Screen) bar(on ...fyne.CanvasObject) fyne.CanvasObject {
	cm.NotSafe = cm.s.env.Button("I don't feel safe", theme.WarningIcon(), cm.notSafe)
	cm.NotSafe.Importance = widget.DangerImportance
	return container.NewPadded(container.NewBorder(nil, nil, cm.NotSafe, container.NewHBox(on...)))
}

// notSafe records at once, with the time, that the child does not feel safe,
// as an entry of its own, and tells them their worker will see it.
func (cm *Screen) notSafe() {
	s, env := cm.s, cm.s.env
	env.Touch()
	at := env.Now().Truncate(time.Second)
	s.notSafe = append(s.notSafe, at)
	e := s.entry(model.MethodNotSafe, model.AnswerNotAsked, func(e *model.VoiceEntry) { e.RecordedAt = at })
	if err := env.Save(env.NewRecordID(), e); err != nil {
		env.ShowError("That the child does not feel safe could not be saved. Talk to them now.", err)
	}
	cm.keep()
	cm.setBody(container.NewVBox(
		kit.Heading("Thank you for telling us"),
		kit.Para("Your worker will see this as soon as you give them the device, and will talk with you about how to help you feel safe."),
		kit.Para("If you are in danger right now, tell an adult near you or call 999. You can talk to Childline for free, any time, on 0800 1111."),
		kit.WrapRow(
			env.Button("Back to my space", theme.NavigateBackIcon(), func() {
				s.handingBack = false
				env.Refresh()
			}),
			env.Primary("Give the device to my worker", theme.ConfirmIcon(), cm.finish)),
	))
}

// finish asks the child who may see what they shared, if they shared anything
// and have not said, then asks for the practitioner.
func (cm *Screen) finish() {
	cm.keep()
	cm.s.handingBack = true
	if cm.shared() && cm.share == model.AnswerNotAsked {
		cm.askShare()
		return
	}
	cm.handBack()
}

// backToSpace is the way back from the last screens to the child's activities.
func (cm *Screen) backToSpace() *widget.Button {
	return cm.s.env.Button("Back to my space", theme.NavigateBackIcon(), func() {
		cm.s.handingBack = false
		cm.s.env.Refresh()
	})
}

// askShare tells the child, in their words, who will see what they shared, and
// asks them whether it may be shared beyond their worker.
func (cm *Screen) askShare() {
	env := cm.s.env
	answer := func(a model.ShareAnswer) func() {
		return func() {
			env.Touch()
			cm.share = a
			cm.pending = true
			cm.keep()
			cm.handBack()
		}
	}
	// All three look the same, so that none is the one to pick.
	cm.ShareYes = env.Button("Yes, that's OK", theme.ConfirmIcon(), answer(model.AnswerYes))
	cm.ShareNo = env.Button("No, just my worker", theme.CancelIcon(), answer(model.AnswerNo))
	cm.NotSure = env.Button("I'm not sure", theme.QuestionIcon(), answer(model.AnswerNotSure))
	cm.setBody(container.NewVBox(
		kit.Heading("Who will see this?"),
		kit.Para("Your worker will read what you put here. It is kept safe and private with your records."),
		kit.Subheading("Is it OK for your worker to share it with the other people who help keep you safe, like your social worker?"),
		container.NewGridWithColumns(1, cm.ShareYes, cm.ShareNo, cm.NotSure),
		kit.Para("If something you shared means you or someone else may not be safe, your worker may need to tell someone who can help. They will talk to you about it first if they can."),
		container.NewHBox(cm.backToSpace()),
	))
}

// handBack thanks the child and asks for the practitioner: the PIN, or the
// passphrase through the unlock screen.
func (cm *Screen) handBack() {
	env := cm.s.env
	thanks := container.NewVBox(
		kit.Heading("Thank you for sharing"),
		kit.Para("Please give the device back to your worker now."),
	)
	if !env.HasPIN() {
		unlock := env.Primary("I'm the worker: unlock with my passphrase", theme.LoginIcon(), env.Lock)
		cm.setBody(container.NewVBox(thanks, kit.WrapRow(cm.backToSpace(), unlock)))
		return
	}
	cm.PIN = env.NewPINEntry("Worker's PIN")
	cm.PINMsg = kit.NewProblem()
	cm.HandBack = env.Primary("Unlock", theme.LoginIcon(), cm.checkPIN)
	cm.PIN.OnSubmitted = func(string) { cm.checkPIN() }
	cm.setBody(container.NewVBox(thanks, kit.FieldBlock("For the worker: your PIN", "", cm.PIN, cm.PINMsg),
		container.NewHBox(cm.backToSpace(), layout.NewSpacer(), cm.HandBack)))
	env.Win.Canvas().Focus(cm.PIN)
}

// setBody replaces the whole child mode screen with obj on a card in the
// middle, over the bar with "I don't feel safe".
func (cm *Screen) setBody(obj fyne.CanvasObject) {
	screen := container.NewBorder(nil, cm.bar(), nil, nil, container.NewVScroll(kit.Column(700,
		container.NewPadded(container.NewVBox(layout.NewSpacer(), kit.Card(obj), layout.NewSpacer())))))
	cm.s.env.Win.SetContent(kit.Surface(kit.ColorNameCalm, container.NewThemeOverride(container.NewPadded(screen), cm.s.bigTheme())))
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

// tellNotSafe shows the worker, on top of everything, when the child said they
// did not feel safe and what to do next.
func (s *Session) tellNotSafe() {
	if len(s.notSafe) == 0 {
		return
	}
	env := s.env
	var when []string
	for _, t := range s.notSafe {
		when = append(when, t.In(time.Local).Format(kit.ShortDateTime))
	}
	title := kit.Heading(s.childName() + " pressed \u201cI don't feel safe\u201d")
	title.Importance = widget.DangerImportance
	box := container.NewVBox(title,
		kit.Para("In child mode, at "+strings.Join(when, ", ")+"."),
		kit.Para(kit.NotSafeNext))
	d := dialog.NewCustomWithoutButtons("Before anything else", box, env.Win)
	d.SetButtons([]fyne.CanvasObject{env.Primary("I've read this", theme.ConfirmIcon(), d.Hide)})
	// Shown at its width first, so that the wrapped text knows how tall it is.
	w := min(620, env.Win.Canvas().Size().Width-40)
	d.Resize(fyne.NewSize(w, 1))
	d.Show()
	d.Resize(fyne.NewSize(w, d.MinSize().Height))
}
