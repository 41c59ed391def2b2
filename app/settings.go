package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// settingsScreen holds the settings a person can change.
type settingsScreen struct {
	idle      *widget.Select
	look      *widget.RadioGroup
	size      *widget.RadioGroup
	pinStatus *widget.Label
	setPIN    *widget.Button
	removePIN *widget.Button
}

var idleChoices = []time.Duration{time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute, time.Hour}

func minutesLabel(d time.Duration) string {
	return plural(int(d/time.Minute), "minute", "minutes")
}

// Labels of the theme choice.
const (
	lookLight  = "Light"
	lookDark   = "Dark"
	lookDevice = "Same as the device"
)

// applyLook sets the theme from the saved preferences.
func (u *UI) applyLook() {
	p := u.app.Preferences()
	t := &appTheme{variant: followDevice, scale: textSizeNamed(p.String(prefTextSize)).Scale}
	switch p.String(prefTheme) {
	case "light":
		t.variant = theme.VariantLight
	case "dark":
		t.variant = theme.VariantDark
	}
	u.thm = t
	u.app.Settings().SetTheme(t)
}

func (u *UI) settingsView() *view {
	s := &settingsScreen{}
	u.settings = s
	prefs := u.app.Preferences()

	var idleLabels []string
	for _, d := range idleChoices {
		idleLabels = append(idleLabels, minutesLabel(d))
	}
	s.idle = widget.NewSelect(idleLabels, func(l string) {
		u.touch()
		for _, d := range idleChoices {
			if minutesLabel(d) == l && d != u.idleLock {
				if err := u.st.SetIdleLock(d); err != nil {
					u.showError("The idle lock could not be changed.", err)
					return
				}
				u.idleLock = d
			}
		}
	})
	s.idle.SetSelected(minutesLabel(u.idleLock))

	s.look = widget.NewRadioGroup([]string{lookLight, lookDark, lookDevice}, func(l string) {
		u.touch()
		v := map[string]string{lookLight: "light", lookDark: "dark", lookDevice: ""}[l]
		if v != prefs.String(prefTheme) {
			prefs.SetString(prefTheme, v)
			u.applyLook()
			u.refresh()
		}
	})
	s.look.Horizontal = true
	s.look.Required = true
	s.look.SetSelected(map[string]string{"light": lookLight, "dark": lookDark, "": lookDevice}[prefs.String(prefTheme)])

	var sizeLabels []string
	for _, t := range textSizes {
		sizeLabels = append(sizeLabels, t.Label)
	}
	s.size = widget.NewRadioGroup(sizeLabels, func(l string) {
		u.touch()
		for _, t := range textSizes {
			if t.Label == l && t.Name != textSizeNamed(prefs.String(prefTextSize)).Name {
				prefs.SetString(prefTextSize, t.Name)
				u.applyLook()
				u.refresh()
			}
		}
	})
	s.size.Horizontal = true
	s.size.Required = true
	s.size.SetSelected(textSizeNamed(prefs.String(prefTextSize)).Label)

	s.pinStatus = para("")
	s.setPIN = u.button("Set a PIN", theme.ConfirmIcon(), u.askPIN)
	s.removePIN = u.quiet("Remove the PIN", theme.DeleteIcon(), func() {
		u.st.SetPIN("")
		u.refresh()
	})
	if u.st.HasPIN() {
		s.pinStatus.SetText("A PIN is set for this session.")
		s.setPIN.SetText("Change the PIN")
	} else {
		s.pinStatus.SetText("No PIN is set.")
		s.removePIN.Hide()
	}

	p := u.st.Profile()
	body := container.NewVBox(
		subheading("Locking"),
		fieldBlock("Lock after this long without use", "On a tablet or phone Homeward also locks as soon as it goes into the background; on a computer this time is what locks it. What you are typing is kept as a draft.", s.idle),
		fieldBlock("PIN", "A PIN opens the app again after child mode, while it has not locked. It is forgotten when the app locks, and after five wrong tries the passphrase is needed.", s.pinStatus, container.NewHBox(s.setPIN, s.removePIN)),
		widget.NewSeparator(),
		subheading("Appearance"),
		fieldBlock("Theme", "", s.look),
		fieldBlock("Text size", "", s.size),
		widget.NewSeparator(),
		subheading("Profile"),
		para(p.Name+", "+roleLabels[p.Role]+". Set up on "+p.Created.In(time.Local).Format(longDate)+"."),
		hint("Profile file: "+u.st.Path()),
	)
	return &view{title: "Settings", content: container.NewVScroll(column(780, container.NewPadded(body)))}
}

// askPIN asks for a new PIN from the settings.
func (u *UI) askPIN() {
	u.askNewPIN("Set a PIN", "", "Set PIN", u.refresh, func(close func()) []fyne.CanvasObject {
		return []fyne.CanvasObject{u.button("Cancel", theme.CancelIcon(), close)}
	})
}

// askNewPIN asks for a new PIN, twice, in a dialog. onSet runs once the PIN is
// set. The buttons others makes, given a way to close the dialog, go before the
// one that sets it.
func (u *UI) askNewPIN(title, intro, setLabel string, onSet func(), others func(close func()) []fyne.CanvasObject) {
	pin := u.newPasswordEntry("4 to 8 digits")
	again := u.newPasswordEntry("The same PIN again")
	msg := newProblem()
	box := container.NewVBox()
	if intro != "" {
		box.Add(para(intro))
	}
	box.Add(fieldBlock("PIN", "", pin))
	box.Add(fieldBlock("PIN again", "", again))
	box.Add(msg)
	var d *dialog.CustomDialog
	set := func() {
		if pin.Text == "" {
			msg.set("Type a PIN of 4 to 8 digits, twice.")
			d.Refresh()
			return
		}
		if pin.Text != again.Text {
			msg.set("The two PINs are not the same.")
			d.Refresh()
			return
		}
		if err := u.st.SetPIN(pin.Text); err != nil {
			msg.set("A PIN is 4 to 8 digits, such as 2468 (not your passphrase).")
			d.Refresh()
			return
		}
		d.Hide()
		onSet()
	}
	again.OnSubmitted = func(string) { set() }
	d = dialog.NewCustomWithoutButtons(title, box, u.win)
	d.SetButtons(append(others(d.Hide), u.primary(setLabel, theme.ConfirmIcon(), set)))
	d.Resize(fyne.NewSize(min(520, u.win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
	u.win.Canvas().Focus(pin)
}
