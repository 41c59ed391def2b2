package access

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/store"
)

// passphraseChange is the dialog that changes the passphrase: the one in use,
// then the new one twice.
type passphraseChange struct {
	old, pass, again          *kit.Entry
	oldMsg, passMsg, againMsg *kit.ProblemLine
	strength                  *widget.Label
	change, cancel            *widget.Button
	progress                  *fyne.Container
	dialog                    *dialog.CustomDialog
}

// askPassphrase asks for the passphrase in use and a new one, and changes it.
func askPassphrase(env page.Env, dev Device) *passphraseChange {
	c := &passphraseChange{
		old:      env.NewPasswordEntry("The passphrase you use now"),
		pass:     env.NewPasswordEntry("Four or more random words"),
		again:    env.NewPasswordEntry("The new passphrase again"),
		oldMsg:   kit.NewProblem(),
		passMsg:  kit.NewProblem(),
		againMsg: kit.NewProblem(),
		strength: kit.Hint(passphraseAdvice),
	}
	name := env.Store.Profile().Name
	c.pass.OnChanged = func(string) {
		level, msg := rateStrength(c.pass.Text, name)
		c.strength.SetText(msg)
		c.strength.Importance = map[strength]widget.Importance{
			strengthNone: widget.LowImportance, strengthWeak: widget.DangerImportance,
			strengthFair: widget.WarningImportance, strengthGood: widget.SuccessImportance,
		}[level]
		c.strength.Refresh()
	}
	c.progress = container.NewVBox(widget.NewProgressBarInfinite(), kit.Hint("Checking the passphrase you use now and sealing your keys under the new one. This takes a few seconds."))
	c.progress.Hide()
	c.old.OnSubmitted = func(string) { env.Win.Canvas().Focus(c.pass) }
	c.pass.OnSubmitted = func(string) { env.Win.Canvas().Focus(c.again) }
	c.again.OnSubmitted = func(string) { c.submit(env, dev) }
	c.cancel = env.Button("Cancel", theme.CancelIcon(), func() { c.dialog.Hide() })
	c.change = env.Primary("Change it", theme.ConfirmIcon(), func() { c.submit(env, dev) })
	box := container.NewVBox(
		kit.ProblemBlock("Your passphrase now", "", c.oldMsg, c.old),
		kit.ProblemBlock("The new passphrase", "", c.passMsg, c.pass, c.strength),
		kit.ProblemBlock("The new passphrase again", "", c.againMsg, c.again),
		c.progress,
	)
	c.dialog = dialog.NewCustomWithoutButtons("Change the passphrase", box, env.Win)
	c.dialog.SetButtons([]fyne.CanvasObject{c.cancel, c.change})
	c.dialog.Resize(fyne.NewSize(min(560, env.Win.Canvas().Size().Width-40), c.dialog.MinSize().Height))
	c.dialog.Show()
	env.Win.Canvas().Focus(c.old)
	return c
}

// submit checks what was typed and, if it will do, changes the passphrase.
func (c *passphraseChange) submit(env page.Env, dev Device) {
	env.Touch()
	ok := true
	check := func(l *kit.ProblemLine, bad bool, msg string) {
		if !bad {
			msg = ""
		}
		ok = ok && !bad
		l.Set(msg)
	}
	level, _ := rateStrength(c.pass.Text, strings.TrimSpace(env.Store.Profile().Name))
	check(c.oldMsg, c.old.Text == "", "Type the passphrase you use now.")
	check(c.passMsg, level <= strengthWeak, "Choose a longer passphrase that is harder to guess: see the advice below it.")
	check(c.againMsg, c.again.Text != c.pass.Text, "The two new passphrases are not the same. Type them again.")
	if ok && c.pass.Text == c.old.Text {
		ok = false
		c.passMsg.Set("This is the passphrase you use now: choose a new one.")
	}
	c.dialog.Refresh()
	if !ok {
		return
	}
	old, pass := []byte(c.old.Text), []byte(c.pass.Text)
	c.busy(true)
	var err error
	dev.Async(func() {
		err = env.Store.ChangePassphrase(old, pass)
		clear(old)
		clear(pass)
	}, func() {
		c.busy(false)
		switch {
		case errors.Is(err, store.ErrWrongPassphrase):
			c.oldMsg.Set("That is not the passphrase this profile uses now. Check it and try again: is Caps Lock on?")
		case errors.Is(err, store.ErrTooSoon):
			c.oldMsg.Set("Wait a few seconds after a wrong passphrase, then try again.")
		case err != nil:
			c.dialog.Hide()
			env.ShowError("The passphrase could not be changed. The one you use now still opens the profile.", err)
			return
		default:
			c.old.SetText("")
			c.pass.SetText("")
			c.again.SetText("")
			c.dialog.Hide()
			d := dialog.NewInformation("Passphrase changed", "From now on, unlock Homeward on this device with your new passphrase.", env.Win)
			d.Show()
			env.EnterPresses(d, d.Hide)
			return
		}
		c.dialog.Refresh()
	})
}

func (c *passphraseChange) busy(b bool) {
	for _, w := range []fyne.Disableable{c.old, c.pass, c.again, c.change, c.cancel} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	c.progress.Hidden = !b
	c.dialog.Refresh()
}
