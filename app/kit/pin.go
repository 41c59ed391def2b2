package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
)

// AskNewPIN asks for a new PIN, twice, in a dialog, and sets it with setPIN.
// onSet runs once the PIN is set. The buttons others makes, given a way to close
// the dialog, go before the one that sets it.
func (c Controls) AskNewPIN(setPIN func(pin string) error, title, intro, setLabel string, onSet func(), others func(close func()) []fyne.CanvasObject) {
	pin := c.NewPINEntry("4 to 8 digits")
	again := c.NewPINEntry("The same PIN again")
	msg := NewMessage()
	box := container.NewVBox()
	if intro != "" {
		box.Add(Para(intro))
	}
	box.Add(FieldBlock("PIN", "", pin))
	box.Add(FieldBlock("PIN again", "", again))
	box.Add(msg)
	var d *dialog.CustomDialog
	set := func() {
		if pin.Text == "" {
			msg.Set("Type a PIN of 4 to 8 digits, twice.")
			d.Refresh()
			return
		}
		if pin.Text != again.Text {
			msg.Set("The two PINs are not the same.")
			d.Refresh()
			return
		}
		if err := setPIN(pin.Text); err != nil {
			msg.Set("A PIN is 4 to 8 digits, such as 2468 (not your passphrase).")
			d.Refresh()
			return
		}
		d.Hide()
		onSet()
	}
	pin.OnSubmitted = func(string) { c.Win.Canvas().Focus(again) }
	again.OnSubmitted = func(string) { set() }
	d = dialog.NewCustomWithoutButtons(title, box, c.Win)
	d.SetButtons(append(others(d.Hide), c.Primary(setLabel, theme.ConfirmIcon(), set)))
	d.Resize(fyne.NewSize(min(520, c.Win.Canvas().Size().Width-40), d.MinSize().Height))
	d.Show()
	c.EnterPresses(d, set)
	c.Win.Canvas().Focus(pin)
}
