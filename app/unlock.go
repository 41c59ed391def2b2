package app

import (
	"errors"
	"fmt"
	"log"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/store"
)

// unlockScreen asks for the passphrase of a profile.
type unlockScreen struct {
	u          *UI
	cand       *store.Store // the profile to unlock
	others     []*store.Store
	unreadable []unreadableProfile
	note       *widget.Label
	who        *widget.Label
	switcher   *widget.Select
	newProfile *widget.Button
	pass       *kit.Entry
	unlock     *widget.Button
	msg        *kit.ProblemLine
	wait       *widget.Label
	progress   *widget.ProgressBarInfinite
	stopTick   func()
}

// showUnlock shows the unlock screen for profile cand.
func (u *UI) showUnlock(cand *store.Store) {
	s := &unlockScreen{u: u, cand: cand}
	s.who = kit.Bold("")
	s.pass = u.ctl().NewPasswordEntry("Passphrase")
	s.pass.OnSubmitted = func(string) { s.submit() }
	s.unlock = u.ctl().Primary("Unlock", theme.LoginIcon(), s.submit)
	s.msg = kit.NewProblem()
	s.wait = widget.NewLabel("")
	s.wait.Wrapping = fyne.TextWrapWord
	s.wait.Importance = widget.WarningImportance
	s.wait.Hide()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Hide()
	s.switcher = widget.NewSelect(nil, s.switchTo)
	s.switcher.PlaceHolder = "Someone else? Choose their profile"
	s.loadOthers()

	aside := kit.Hint("")
	if u.cfg.DemoPassphrase != "" {
		aside.SetText("This is a demo profile filled with made-up children. Its passphrase is: " + u.cfg.DemoPassphrase)
		aside.Importance = widget.MediumImportance
	} else {
		aside.Hide()
	}
	s.newProfile = u.ctl().Quiet("Set up a new profile on this device", theme.ContentAddIcon(), func() {
		s.stop()
		s.closeOthers()
		u.showSetup(true, s.unreadable)
	})
	// A demo's folder is thrown away when the app quits: no real profile may be
	// set up in it.
	s.newProfile.Hidden = u.cfg.DemoPassphrase != ""
	s.note = unreadableNote(s.unreadable)
	form := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(kit.HomeIcon()), nil, kit.Heading("Homeward is locked")),
		s.who,
		kit.FieldBlock("Passphrase", "", s.pass, s.msg, s.wait),
		s.progress,
		container.NewHBox(layout.NewSpacer(), s.unlock),
		aside,
		widget.NewSeparator(),
		s.switcher,
		s.newProfile,
		s.note,
	)
	s.switcher.Hidden = len(s.others) == 0
	if u.child != nil && u.st == cand {
		// Locked in the middle of child mode: the child may be holding the device.
		// Offer nothing but the worker's way back.
		s.switcher.Hide()
		s.newProfile.Hide()
		s.note.Hide()
		aside.SetText("This screen is for your worker. Please give the device back to them.")
		aside.Importance = widget.MediumImportance
		aside.Show()
	}
	u.clearScreens()
	u.unlockView = s
	s.show()
	u.win.SetContent(formPage(form))
	u.relayout()
	u.win.Canvas().Focus(s.pass)
}

// closeOthers closes the other profiles opened for the switcher.
func (s *unlockScreen) closeOthers() {
	for _, o := range s.others {
		if o != s.cand {
			o.Close()
		}
	}
	s.others = nil
}

// loadOthers lists the other profiles on the device for the switcher.
func (s *unlockScreen) loadOthers() {
	s.closeOthers()
	all, unreadable, err := listProfiles(s.u.cfg.Dir)
	s.unreadable = unreadable
	if err != nil {
		log.Printf("homeward: listing profiles: %v", err)
	}
	var names []string
	for _, o := range all {
		if o.Path() == s.cand.Path() {
			o.Close()
			continue
		}
		s.others = append(s.others, o)
		names = append(names, profileLabel(o.Profile()))
	}
	s.switcher.SetOptions(names)
}

func profileLabel(p store.Profile) string {
	return p.Name + " (" + roleLabels[p.Role] + ")"
}

// switchTo changes which profile is being unlocked.
func (s *unlockScreen) switchTo(label string) {
	for _, o := range s.others {
		if profileLabel(o.Profile()) == label {
			if s.cand != s.u.st {
				s.cand.Close()
			}
			s.cand = o
			s.stop()
			s.loadOthers()
			s.switcher.ClearSelected()
			s.msg.Set("")
			s.show()
			s.u.win.Canvas().Focus(s.pass)
			return
		}
	}
}

// show fills in whose profile it is and any wait after wrong passphrases.
func (s *unlockScreen) show() {
	p := s.cand.Profile()
	s.who.SetText("Profile of " + profileLabel(p))
	s.tick()
}

// tick counts down the wait after wrong passphrases, once a second.
func (s *unlockScreen) tick() {
	w := s.cand.UnlockWait()
	if w <= 0 {
		s.wait.Hide()
		s.unlock.Enable()
		s.u.relayout()
		return
	}
	secs := int(math.Ceil(w.Seconds()))
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	s.wait.SetText(fmt.Sprintf("After a wrong passphrase Homeward waits a little before the next try. You can try again in %d %s.", secs, unit))
	s.wait.Show()
	s.unlock.Disable()
	s.u.relayout()
	s.stopTick = s.u.after(time.Second, func() {
		if s.u.unlockView == s {
			s.tick()
		}
	})
}

func (s *unlockScreen) stop() {
	if s.stopTick != nil {
		s.stopTick()
	}
}

// submit tries the passphrase, off the UI goroutine: the key derivation takes
// most of a second.
func (s *unlockScreen) submit() {
	u := s.u
	if s.cand.UnlockWait() > 0 || s.unlock.Disabled() {
		return
	}
	if s.pass.Text == "" {
		s.msg.Set("Type your passphrase.")
		u.relayout()
		return
	}
	pass := []byte(s.pass.Text)
	s.busy(true)
	s.msg.Set("")
	s.progress.Show()
	cand := s.cand
	var err error
	u.async(func() {
		err = cand.Unlock(pass)
		clear(pass)
	}, func() {
		if u.unlockView != s {
			// This screen has gone: the person moved on. A profile that is
			// neither open nor offered now is closed.
			if cand != u.st && (u.unlockView == nil || u.unlockView.cand != cand) {
				cand.Close()
			}
			return
		}
		s.progress.Hide()
		s.busy(false)
		s.pass.SetText("")
		switch {
		case err == nil:
			s.stop()
			s.closeOthers()
			if cand != u.st {
				u.stack, u.child = nil, nil
				u.setStore(cand)
			}
			u.sessionStarted()
			return
		case errors.Is(err, store.ErrWrongPassphrase):
			s.msg.Set("That passphrase does not open this profile. Check it and try again: is Caps Lock on?")
		case errors.Is(err, store.ErrTooSoon):
			s.msg.Set("")
		default:
			log.Printf("homeward: unlock: %v", err)
			s.msg.Set("This profile could not be opened. Its file may be damaged. Nothing has been changed; ask your administrator for help.")
		}
		s.tick()
		u.win.Canvas().Focus(s.pass)
	})
}

// busy disables what would change the profile while its passphrase is tried.
func (s *unlockScreen) busy(b bool) {
	for _, w := range []fyne.Disableable{s.pass, s.unlock, s.switcher, s.newProfile} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}
