package access

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/store"
	"homeward/sync/client"
	"homeward/sync/protocol"
)

// centralStore is the part of the settings about the central store: joining
// it with an enrolment code, who the profile is there, and what it refused.
type centralStore struct {
	box     fyne.CanvasObject
	code    *kit.Entry
	join    *widget.Button
	message *widget.Label
	who     *widget.Label
}

func newCentralStore(env page.Env, dev Device) *centralStore {
	c := &centralStore{message: kit.Para(""), who: kit.Para("")}
	e, err := env.Store.Enrolment()
	if err == nil {
		c.who.SetText("Enrolled as " + e.Name + ", " + e.Role + ", team " + e.Team + ", with the central store at " + e.Addr + ". Your work is sent whenever the device can reach it.")
		rows := []fyne.CanvasObject{c.who}
		for _, q := range env.Store.QuarantinedVersions() {
			again := env.Quiet("Send it again", theme.ViewRefreshIcon(), func() {
				if err := env.Store.SendAgain(q.VersionID); err != nil {
					env.ShowError("The record could not be sent again.", err)
					return
				}
				env.Refresh()
			})
			rows = append(rows, kit.FieldBlock("Not taken by the central store on "+q.At.In(time.Local).Format(kit.LongDate),
				"It is kept on this device and not lost. "+q.Reason, again))
		}
		c.box = container.NewVBox(rows...)
		return c
	}
	c.code = env.NewEntry("XXXX-XXXX-XXXX-…")
	c.join = env.Button("Join", theme.LoginIcon(), func() { c.start(env, dev) })
	c.code.OnSubmitted = func(string) { c.start(env, dev) }
	if !errors.Is(err, store.ErrNotEnrolled) {
		c.message.SetText("The enrolment kept in this profile cannot be read: join again with a new code.")
		c.message.Importance = widget.DangerImportance
	}
	c.box = container.NewVBox(
		kit.FieldBlock("Enrolment code", "Type the code your admin gave you, as it is shown, or paste it. Dashes and capitals do not matter.", c.code),
		c.join, c.message)
	return c
}

// start joins the central store the code names, away from the UI.
func (c *centralStore) start(env page.Env, dev Device) {
	env.Touch()
	code := c.code.Text
	c.join.Disable()
	c.message.Importance = widget.MediumImportance
	c.message.SetText("Joining…")
	var joined store.Enrolment
	var err error
	dev.Async(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		joined, err = client.Join(ctx, code, env.Store)
	}, func() {
		c.join.Enable()
		if err != nil {
			c.message.Importance = widget.DangerImportance
			c.message.SetText(joinProblem(err))
			return
		}
		c.message.Importance = widget.SuccessImportance
		c.message.SetText("Joined as " + joined.Name + ", " + joined.Role + ", team " + joined.Team + ".")
		if dev.Joined != nil {
			dev.Joined()
		}
		env.Refresh()
	})
}

// joinProblem says what a failed join means and what to do.
func joinProblem(err error) string {
	var refused *client.Error
	switch {
	case errors.Is(err, protocol.ErrBadCode):
		// ParseCode says what is wrong after the sentinel's words.
		msg := strings.TrimPrefix(err.Error(), protocol.ErrBadCode.Error()+": ")
		return strings.ToUpper(msg[:1]) + msg[1:] + "."
	case errors.As(err, &refused):
		return refused.Body.Message
	case errors.Is(err, client.ErrNotPinned):
		return err.Error()
	default:
		return "The central store could not be reached. Check the device is online and try again; if it keeps failing, tell your admin."
	}
}
