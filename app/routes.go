package app

import (
	"strconv"
	"time"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/childmode"
	"homeward/app/form"
	"homeward/app/kit"
	"homeward/app/page"
	"homeward/store"
)

// screen builds the screen a route shows, afresh from the store. It is the one
// place that knows which package each screen is in: a new screen is one case
// here.
func (u *UI) screen(r *page.Route) *page.View {
	env := u.env()
	switch r.Kind {
	case page.Caseload:
		return cases.NewCaseload(env, r)
	case page.Child:
		return cases.NewChild(env, r.CaseID)
	case page.Record:
		return cases.NewRecord(env, r.CaseID, r.RecordID)
	case page.Drafts:
		return cases.NewDrafts(env)
	case page.Settings:
		return access.NewSettings(env, u.device())
	case page.Form:
		return form.New(env, r.Edit)
	case page.ChildMode:
		return u.child.View()
	}
	panic("app: no screen for route kind " + strconv.Itoa(int(r.Kind)))
}

// open goes where r leads. A route to a screen pushes it on the stack; a route
// that starts something is handed to its area, which may ask a question (carry on
// with a draft? which episode? a PIN?) before it goes on to a screen.
func (u *UI) open(r page.Route) {
	switch r.Kind {
	case page.NewChild, page.NewEpisode, page.NewInterview, page.NewVoice, page.EditChild, page.EditRecord, page.OpenDraft:
		form.Start(u.env(), r)
	case page.StartChildMode:
		childmode.Start(u.env(), childShell{u}, r.CaseID)
	default:
		u.push(r)
	}
}

// env is what the screens of the open session may use.
func (u *UI) env() page.Env {
	return page.Env{
		Controls:      u.ctl(),
		Store:         u.st,
		Cat:           u.cat,
		Now:           u.now,
		After:         u.after,
		Go:            u.open,
		Replace:       u.replaceTop,
		Back:          u.back,
		Refresh:       u.refresh,
		StatusChanged: u.refreshStatus,
	}
}

// door is what set-up and unlock may use, before a session or while it is
// locked.
func (u *UI) door() access.Shell {
	return access.Shell{
		Controls:       u.ctl(),
		Dir:            u.cfg.Dir,
		Create:         u.cfg.Create,
		DemoPassphrase: u.cfg.DemoPassphrase,
		Prefs:          u.app.Preferences(),
		After:          u.after,
		Async:          u.async,
		Show:           u.show,
		Front: func() any {
			if u.front == nil {
				return nil
			}
			return u.front.Screen
		},
		Session:     func() *store.Store { return u.st },
		InChildMode: func() bool { return u.child != nil },
		Begin:       u.begin,
	}
}

// device is what the settings change beyond the profile.
func (u *UI) device() access.Device {
	return access.Device{
		Prefs:       u.app.Preferences(),
		ApplyLook:   u.applyLook,
		IdleLock:    func() time.Duration { return u.idleLock },
		SetIdleLock: func(d time.Duration) { u.idleLock = d },
	}
}

// childShell is what child mode may ask of the shell.
type childShell struct{ u *UI }

// Enter implements childmode.Shell.
func (c childShell) Enter(m *childmode.Mode) {
	c.u.child = m
	c.u.setFullScreen(true)
	c.u.push(page.Route{Kind: page.ChildMode})
}

// Leave implements childmode.Shell.
func (c childShell) Leave() {
	u := c.u
	u.child = nil
	u.setFullScreen(false)
	if n := len(u.stack); n > 1 {
		u.stack = u.stack[:n-1]
	}
	u.render()
}

// Lock implements childmode.Shell.
func (c childShell) Lock() { c.u.lock() }

// Theme implements childmode.Shell.
func (c childShell) Theme() *kit.Theme { return c.u.thm }
