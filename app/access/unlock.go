package access

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
	"homeward/app/page"
	"homeward/store"
)

// Unlock asks for the passphrase of a profile.
type Unlock struct {
	sh         Shell
	Cand       *store.Store // the profile to unlock
	others     []*store.Store
	unreadable []unreadableProfile
	Note       *widget.Label
	who        *widget.Label
	Switcher   *widget.Select
	NewProfile *widget.Button
	Pass       *kit.Entry
	Button     *widget.Button
	Msg        *kit.ProblemLine
	Wait       *widget.Label
	progress   *widget.ProgressBarInfinite
	stopTick   func()
}

// NewUnlock builds the unlock screen for profile cand.
func NewUnlock(sh Shell, cand *store.Store) *page.View {
	s := &Unlock{sh: sh, Cand: cand}
	s.who = kit.Bold("")
	s.Pass = sh.NewPasswordEntry("Passphrase")
	s.Pass.OnSubmitted = func(string) { s.submit() }
	s.Button = sh.Primary("Unlock", theme.LoginIcon(), s.submit)
	s.Msg = kit.NewProblem()
	s.Wait = widget.NewLabel("")
	s.Wait.Wrapping = fyne.TextWrapWord
	s.Wait.Importance = widget.WarningImportance
	s.Wait.Hide()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Hide()
	s.Switcher = widget.NewSelect(nil, s.switchTo)
	s.Switcher.PlaceHolder = "Someone else? Choose their profile"
	s.loadOthers()

	aside := kit.Hint("")
	if sh.DemoPassphrase != "" {
		aside.SetText("This is a demo profile filled with made-up children. Its passphrase is: " + sh.DemoPassphrase)
		aside.Importance = widget.MediumImportance
	} else {
		aside.Hide()
	}
	s.NewProfile = sh.Quiet("Set up a new profile on this device", theme.ContentAddIcon(), func() {
		s.stop()
		s.closeOthers()
		sh.Show(newSetup(sh, true, s.unreadable))
	})
	// A demo's folder is thrown away when the app quits: no real profile may be
	// set up in it.
	s.NewProfile.Hidden = sh.DemoPassphrase != ""
	s.Note = unreadableNote(s.unreadable)
	form := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(kit.HomeIcon()), nil, kit.Heading("Homeward is locked")),
		s.who,
		kit.ProblemBlock("Passphrase", "", s.Msg, s.Pass, s.Wait),
		s.progress,
		container.NewHBox(layout.NewSpacer(), s.Button),
		aside,
		widget.NewSeparator(),
		s.Switcher,
		s.NewProfile,
		s.Note,
	)
	s.Switcher.Hidden = len(s.others) == 0
	if sh.InChildMode() && sh.Session() == cand {
		// Locked in the middle of child mode: the child may be holding the device.
		// Offer nothing but the worker's way back.
		s.Switcher.Hide()
		s.NewProfile.Hide()
		s.Note.Hide()
		aside.SetText("This screen is for your worker. Please give the device back to them.")
		aside.Importance = widget.MediumImportance
		aside.Show()
	}
	s.show()
	return &page.View{Content: formPage(form), Focus: s.Pass, Bare: true, Screen: s}
}

// closeOthers closes the other profiles opened for the switcher.
func (s *Unlock) closeOthers() {
	for _, o := range s.others {
		if o != s.Cand {
			o.Close()
		}
	}
	s.others = nil
}

// loadOthers lists the other profiles on the device for the switcher.
func (s *Unlock) loadOthers() {
	s.closeOthers()
	all, unreadable, err := listProfiles(s.sh.Dir)
	s.unreadable = unreadable
	if err != nil {
		log.Printf("homeward: listing profiles: %v", err)
	}
	var names []string
	for _, o := range all {
		if o.Path() == s.Cand.Path() {
			o.Close()
			continue
		}
		s.others = append(s.others, o)
		names = append(names, profileLabel(o.Profile()))
	}
	s.Switcher.SetOptions(names)
}

func profileLabel(p store.Profile) string {
	return p.Name + " (" + roleLabels[p.Role] + ")"
}

// switchTo changes which profile is being unlocked.
func (s *Unlock) switchTo(label string) {
	for _, o := range s.others {
		if profileLabel(o.Profile()) == label {
			if s.Cand != s.sh.Session() {
				s.Cand.Close()
			}
			s.Cand = o
			s.stop()
			s.loadOthers()
			s.Switcher.ClearSelected()
			s.Msg.Set("")
			s.show()
			s.sh.Win.Canvas().Focus(s.Pass)
			return
		}
	}
}

// show fills in whose profile it is and any wait after wrong passphrases.
func (s *Unlock) show() {
	p := s.Cand.Profile()
	s.who.SetText("Profile of " + profileLabel(p))
	s.tick()
}

// tick counts down the wait after wrong passphrases, once a second.
func (s *Unlock) tick() {
	w := s.Cand.UnlockWait()
	if w <= 0 {
		s.Wait.Hide()
		s.Button.Enable()
		s.sh.Relayout()
		return
	}
	secs := int(math.Ceil(w.Seconds()))
	unit := "seconds"
	if secs == 1 {
		unit = "second"
	}
	s.Wait.SetText(fmt.Sprintf("After a wrong passphrase Homeward waits a little before the next try. You can try again in %d %s.", secs, unit))
	s.Wait.Show()
	s.Button.Disable()
	s.sh.Relayout()
	s.stopTick = s.sh.After(time.Second, func() {
		if s.sh.Front() == s {
			s.tick()
		}
	})
}

func (s *Unlock) stop() {
	if s.stopTick != nil {
		s.stopTick()
	}
}

// submit tries the passphrase, off the UI goroutine: the key derivation takes
// most of a second.
func (s *Unlock) submit() {
	sh := s.sh
	if s.Cand.UnlockWait() > 0 || s.Button.Disabled() {
		return
	}
	if s.Pass.Text == "" {
		s.Msg.Set("Type your passphrase.")
		sh.Relayout()
		return
	}
	pass := []byte(s.Pass.Text)
	s.busy(true)
	s.Msg.Set("")
	s.progress.Show()
	cand := s.Cand
	var err error
	sh.Async(func() {
		err = cand.Unlock(pass)
		clear(pass)
	}, func() {
		if shown, _ := sh.Front().(*Unlock); shown != s {
			// This screen has gone: the person moved on. A profile that is
			// neither open nor offered now is closed.
			if cand != sh.Session() && (shown == nil || shown.Cand != cand) {
				cand.Close()
			}
			return
		}
		s.progress.Hide()
		s.busy(false)
		s.Pass.SetText("")
		switch {
		case err == nil:
			s.stop()
			s.closeOthers()
			sh.Begin(cand)
			return
		case errors.Is(err, store.ErrWrongPassphrase):
			s.Msg.Set("That passphrase does not open this profile. Check it and try again: is Caps Lock on?")
		case errors.Is(err, store.ErrTooSoon):
			s.Msg.Set("")
		case errors.Is(err, store.ErrDamagedProfile):
			s.Msg.Set("This profile's file was changed outside Homeward, and it could not be opened. If you are sure of your passphrase, ask your administrator for help: nothing has been changed.")
		case errors.Is(err, store.ErrAttemptNotSaved):
			s.Msg.Set("Homeward could not note this attempt on the device, so it did not try the passphrase. Check the device has free space, then try again.")
		default:
			log.Printf("homeward: unlock: %v", err)
			s.Msg.Set("This profile could not be opened. Its file may be damaged. Nothing has been changed; ask your administrator for help.")
		}
		s.tick()
		sh.Win.Canvas().Focus(s.Pass)
	})
}

// busy disables what would change the profile while its passphrase is tried.
func (s *Unlock) busy(b bool) {
	for _, w := range []fyne.Disableable{s.Pass, s.Button, s.Switcher, s.NewProfile} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
}
