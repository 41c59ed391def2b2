package access

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
	"homeward/store"
)

// Setup makes a profile on this device: who the person is and the
// passphrase that protects everything they record.
type Setup struct {
	sh       Shell
	Name     *kit.Entry
	role     *widget.RadioGroup
	Pass     *kit.Entry
	Again    *kit.Entry
	Strength *widget.Label
	nameMsg  *kit.ProblemLine
	roleMsg  *kit.ProblemLine
	PassMsg  *kit.ProblemLine
	AgainMsg *kit.ProblemLine
	Create   *widget.Button
	Cancel   *widget.Button
	progress *fyne.Container
	failed   *kit.ProblemLine
}

var roleLabels = map[model.Role]string{
	model.RolePractitioner: "Practitioner",
	model.RoleSupervisor:   "Supervisor",
	model.RoleAdmin:        "Admin",
}

// newSetup builds the set-up screen. canCancel offers a way back to the unlock
// screen when other profiles exist; unreadable names profile files on the device
// that could not be opened, so that no one takes the device for an empty one.
func newSetup(sh Shell, canCancel bool, unreadable []unreadableProfile) *page.View {
	s := &Setup{sh: sh}
	s.Name = sh.NewEntry("For example Sam Example")
	var roles []string
	for _, r := range model.Roles {
		roles = append(roles, roleLabels[r])
	}
	s.role = widget.NewRadioGroup(roles, func(string) { sh.Touch() })
	s.role.Horizontal = true
	s.role.Required = true
	s.role.SetSelected(roleLabels[model.RolePractitioner])
	s.Pass = sh.NewPasswordEntry("Four or more random words")
	s.Again = sh.NewPasswordEntry("The same passphrase again")
	s.Strength = kit.Hint(passphraseAdvice)
	s.nameMsg, s.PassMsg, s.AgainMsg = kit.NewProblem(), kit.NewProblem(), kit.NewProblem()
	s.roleMsg = kit.NewMessage() // a role is always chosen: it keeps no room
	s.failed = kit.NewMessage()
	// The name feeds the check for guessable passphrases: either changing
	// rates the passphrase again.
	s.Pass.OnChanged = func(string) { s.rate(); s.cleared() }
	s.Name.OnChanged = func(string) { s.rate(); s.cleared() }
	s.Again.OnChanged = func(string) { s.cleared() }
	s.Name.OnSubmitted = func(string) { sh.Win.Canvas().Focus(s.Pass) }
	s.Pass.OnSubmitted = func(string) { sh.Win.Canvas().Focus(s.Again) }
	s.Again.OnSubmitted = func(string) { s.submit() }
	s.Create = sh.Primary("Create my profile", theme.ConfirmIcon(), s.submit)
	s.Cancel = sh.Quiet("Back to unlock", theme.NavigateBackIcon(), func() {
		if sh.Session() != nil {
			// A session is open underneath: unlock that one, keeping its pages.
			sh.Show(NewUnlock(sh, sh.Session()))
			return
		}
		sh.Show(First(sh))
	})
	s.Cancel.Hidden = !canCancel
	s.progress = container.NewVBox(widget.NewProgressBarInfinite(),
		kit.Hint("Setting up encryption for this device. This takes a few seconds: Homeward measures how fast the device is, so that guessing your passphrase is slow for anyone else."))
	s.progress.Hide()

	form := container.NewVBox(
		container.NewBorder(nil, nil, widget.NewIcon(kit.HomeIcon()), nil, kit.Heading("Welcome to Homeward")),
		unreadableNote(unreadable),
		kit.Para("Set up your profile on this device. Everything you record is encrypted with your passphrase. Nobody can recover it if you forget it, so choose one you will remember."),
		kit.ProblemBlock("Your name", "", s.nameMsg, s.Name),
		kit.ProblemBlock("Your role", "", s.roleMsg, s.role),
		kit.ProblemBlock("Passphrase", "", s.PassMsg, s.Pass, s.Strength),
		kit.ProblemBlock("Type the passphrase again", "", s.AgainMsg, s.Again),
		s.failed,
		s.progress,
		container.NewHBox(s.Cancel, layout.NewSpacer(), s.Create),
	)
	return &page.View{Content: formPage(form), Focus: s.Name, Bare: true, Screen: s}
}

// rate says how hard the passphrase typed is to guess.
func (s *Setup) rate() {
	level, msg := rateStrength(s.Pass.Text, s.Name.Text)
	s.Strength.SetText(msg)
	s.Strength.Importance = map[strength]widget.Importance{
		strengthNone: widget.LowImportance, strengthWeak: widget.DangerImportance,
		strengthFair: widget.WarningImportance, strengthGood: widget.SuccessImportance,
	}[level]
	s.Strength.Refresh()
}

// cleared takes away each problem shown that what is typed now puts right. New
// problems wait for the next try, so that none appears while a person types.
func (s *Setup) cleared() {
	moved := false
	fix := func(l *kit.ProblemLine, fixed bool) {
		if fixed && l.Text() != "" {
			moved = l.Set("") || moved
		}
	}
	fix(s.nameMsg, strings.TrimSpace(s.Name.Text) != "")
	level, _ := rateStrength(s.Pass.Text, strings.TrimSpace(s.Name.Text))
	fix(s.PassMsg, level > strengthWeak)
	fix(s.AgainMsg, s.Again.Text == s.Pass.Text)
	if moved {
		s.sh.Relayout()
	}
}

// submit checks the answers and makes the profile.
func (s *Setup) submit() {
	sh := s.sh
	name := strings.TrimSpace(s.Name.Text)
	ok := true
	check := func(l *kit.ProblemLine, bad bool, msg string) {
		if bad {
			ok = false
			l.Set(msg)
		} else {
			l.Set("")
		}
	}
	check(s.nameMsg, name == "", "Enter your name as colleagues know it: it is shown beside what you record.")
	check(s.roleMsg, s.role.Selected == "", "Choose your role.")
	level, _ := rateStrength(s.Pass.Text, name)
	check(s.PassMsg, level <= strengthWeak, "Choose a longer passphrase that is harder to guess: see the advice below it.")
	check(s.AgainMsg, s.Again.Text != s.Pass.Text, "The two passphrases are not the same. Type them again.")
	sh.Relayout()
	if !ok {
		return
	}
	role := model.RolePractitioner
	for r, l := range roleLabels {
		if l == s.role.Selected {
			role = r
		}
	}
	pass := []byte(s.Pass.Text)
	s.busy(true)
	var st *store.Store
	var err error
	sh.Async(func() {
		path, perr := newProfilePath(sh.Dir)
		if perr != nil {
			err = perr
			return
		}
		st, err = sh.Create(path, store.Profile{Name: name, Role: role}, pass)
		clear(pass)
	}, func() {
		s.busy(false)
		if err != nil {
			s.failed.Set("The profile could not be made: " + err.Error())
			sh.Relayout()
			return
		}
		s.Pass.SetText("")
		s.Again.SetText("")
		sh.Begin(st)
	})
}

func (s *Setup) busy(b bool) {
	for _, w := range []fyne.Disableable{s.Name, s.role, s.Pass, s.Again, s.Create, s.Cancel} {
		if b {
			w.Disable()
		} else {
			w.Enable()
		}
	}
	s.progress.Hidden = !b
	s.sh.Relayout()
}
