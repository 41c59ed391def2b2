package access

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
)

// Device is what the settings change beyond the profile: the look of the app on
// this device, and the idle lock of the session.
type Device struct {
	Prefs       fyne.Preferences
	ApplyLook   func() // sets the theme from Prefs
	IdleLock    func() time.Duration
	SetIdleLock func(time.Duration)
	Async       func(work, done func()) // work away from the UI, then done on it
	Joined      func()                  // the profile has just joined a central store: start syncing
	Version     string                  // the app's version, as Settings shows it
}

// settingsScreen holds the settings a person can change.
type settingsScreen struct {
	idle      *widget.Select
	look      *widget.RadioGroup
	size      *widget.RadioGroup
	pinStatus *widget.Label
	setPIN    *widget.Button
	removePIN *widget.Button
	// ChangePass asks for the passphrase in use and a new one, in passChange.
	ChangePass *widget.Button
	passChange *passphraseChange
	central    *centralStore
	interval   *widget.Select // a supervisor's: how often each case is supervised
}

// intervalChoices are the supervision intervals a supervisor picks from.
var intervalChoices = []int{1, 2, 3, 4, 6, 8, 12} // weeks

var idleChoices = []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour}

func minutesLabel(d time.Duration) string {
	return kit.Plural(int(d/time.Minute), "minute", "minutes")
}

// Labels of the theme choice.
const (
	lookLight  = "Light"
	lookDark   = "Dark"
	lookDevice = "Same as the device"
)

// NewSettings builds the settings screen.
func NewSettings(env page.Env, dev Device) *page.View {
	s := &settingsScreen{}
	prefs := dev.Prefs

	var idleLabels []string
	for _, d := range idleChoices {
		idleLabels = append(idleLabels, minutesLabel(d))
	}
	s.idle = widget.NewSelect(idleLabels, func(l string) {
		env.Touch()
		for _, d := range idleChoices {
			if minutesLabel(d) == l && d != dev.IdleLock() {
				if err := env.Store.SetIdleLock(d); err != nil {
					env.ShowError("The idle lock could not be changed.", err)
					return
				}
				dev.SetIdleLock(d)
			}
		}
	})
	s.idle.SetSelected(minutesLabel(dev.IdleLock()))

	s.look = widget.NewRadioGroup([]string{lookLight, lookDark, lookDevice}, func(l string) {
		env.Touch()
		v := map[string]string{lookLight: "light", lookDark: "dark", lookDevice: ""}[l]
		if v != prefs.String(kit.PrefTheme) {
			prefs.SetString(kit.PrefTheme, v)
			dev.ApplyLook()
			env.Refresh()
		}
	})
	s.look.Horizontal = true
	s.look.Required = true
	s.look.SetSelected(map[string]string{"light": lookLight, "dark": lookDark, "": lookDevice}[prefs.String(kit.PrefTheme)])

	var sizeLabels []string
	for _, t := range kit.TextSizes {
		sizeLabels = append(sizeLabels, t.Label)
	}
	s.size = widget.NewRadioGroup(sizeLabels, func(l string) {
		env.Touch()
		for _, t := range kit.TextSizes {
			if t.Label == l && t.Name != kit.TextSizeNamed(prefs.String(kit.PrefTextSize)).Name {
				prefs.SetString(kit.PrefTextSize, t.Name)
				dev.ApplyLook()
				env.Refresh()
			}
		}
	})
	s.size.Horizontal = true
	s.size.Required = true
	s.size.SetSelected(kit.TextSizeNamed(prefs.String(kit.PrefTextSize)).Label)

	s.pinStatus = kit.Para("")
	s.setPIN = env.Button("Set a PIN", theme.ConfirmIcon(), func() { askPIN(env) })
	s.removePIN = env.Quiet("Remove the PIN", theme.DeleteIcon(), func() {
		env.Store.SetPIN("")
		env.Refresh()
	})
	if env.Store.HasPIN() {
		s.pinStatus.SetText("A PIN is set for this session.")
		s.setPIN.SetText("Change the PIN")
	} else {
		s.pinStatus.SetText("No PIN is set.")
		s.removePIN.Hide()
	}

	s.ChangePass = env.Button("Change the passphrase", theme.AccountIcon(), func() { s.passChange = askPassphrase(env, dev) })
	var intervalLabels []string
	for _, w := range intervalChoices {
		intervalLabels = append(intervalLabels, kit.Plural(w, "week", "weeks"))
	}
	s.interval = widget.NewSelect(intervalLabels, func(l string) {
		env.Touch()
		for _, w := range intervalChoices {
			d := time.Duration(w) * 7 * 24 * time.Hour
			if kit.Plural(w, "week", "weeks") == l && d != env.Store.SupervisionInterval() {
				if err := env.Store.SetSupervisionInterval(d); err != nil {
					env.ShowError("The supervision interval could not be changed.", err)
				}
			}
		}
	})
	s.interval.SetSelected(kit.Plural(int(env.Store.SupervisionInterval()/(7*24*time.Hour)), "week", "weeks"))

	supervision := container.NewVBox()
	if kit.Supervises(env.Store) {
		supervision.Add(kit.Subheading("Supervision"))
		hint := "For the children of your team: a case with no supervision recorded within this time shows as due on your home, and a new supervision record suggests its next date this far ahead."
		if en, err := env.Store.Enrolment(); err == nil {
			hint += " It is set for all of team " + en.Team + ": it reaches every device of the team at its next sync."
		}
		supervision.Add(kit.FieldBlock("Supervise each child's case every", hint, s.interval))
		supervision.Add(widget.NewSeparator())
	}

	s.central = newCentralStore(env, dev)
	p := env.Store.Profile()
	body := container.NewVBox(
		kit.Subheading("Locking"),
		kit.FieldBlock("Lock after this long without use", "On a tablet or phone Homeward also locks as soon as it goes into the background; on a computer this time is what locks it. What you are typing is kept as a draft.", s.idle),
		kit.FieldBlock("PIN", "A PIN opens the app again after child mode, while it has not locked. It is forgotten when the app locks, and after five wrong tries the passphrase is needed.", s.pinStatus, container.NewHBox(s.setPIN, s.removePIN)),
		widget.NewSeparator(),
		supervision,
		kit.Subheading("Central store"),
		s.central.box,
		widget.NewSeparator(),
		kit.Subheading("Appearance"),
		kit.FieldBlock("Theme", "", s.look),
		kit.FieldBlock("Text size", "", s.size),
		widget.NewSeparator(),
		kit.Subheading("Profile"),
		kit.Para(p.Name+", "+roleLabels[p.Role]+". Set up on "+p.Created.In(time.Local).Format(kit.LongDate)+"."),
		kit.FieldBlock("Passphrase", "It opens this profile on this device. Changing it changes nothing else: what is recorded stays as it is.", container.NewHBox(s.ChangePass)),
		kit.Hint("Profile file: "+env.Store.Path()),
		widget.NewSeparator(),
		kit.Subheading("About"),
		kit.Para("Homeward "+dev.Version),
	)
	return &page.View{Title: "Settings", Content: container.NewVScroll(kit.Column(780, container.NewPadded(body))), Screen: s}
}

// askPIN asks for a new PIN from the settings.
func askPIN(env page.Env) {
	env.AskNewPIN(env.Store.SetPIN, "Set a PIN", "", "Set PIN", env.Refresh, func(close func()) []fyne.CanvasObject {
		return []fyne.CanvasObject{env.Button("Cancel", theme.CancelIcon(), close)}
	})
}
