package app

import (
	"log"
	"time"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/childmode"
	"homeward/app/form"
	"homeward/app/kit"
	"homeward/app/page"
	"homeward/app/practice"
	"homeward/app/supervise"
	"homeward/model"
	"homeward/store"
)

// screen builds the screen a route shows, afresh from the store, or logs why
// there is none and returns nil. It is the one place that knows which package
// each screen is in: a new screen is one case here.
func (u *UI) screen(r *page.Route) *page.View {
	env := u.env()
	switch r.Kind {
	case page.Caseload:
		return cases.NewCaseload(env, r)
	case page.Team:
		return supervise.NewHome(env, r)
	case page.Review:
		return supervise.NewReview(env, r.CaseID, r.RecordID)
	case page.AccessLog:
		return cases.NewAccessLog(env, r.CaseID)
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
	case page.Screening:
		return practice.NewScreening(env, r)
	case page.HealthReview:
		return practice.NewHealthReview(env, r)
	case page.Plan:
		return practice.NewPlan(env, r)
	case page.PlanReview:
		return practice.NewPlanReview(env, r)
	case page.ChildMode:
		if u.child == nil || u.child.CaseID() != r.CaseID {
			refuse(*r, "child mode is not open for that case")
			return nil
		}
		return u.child.View()
	}
	refuse(*r, "no screen shows it")
	return nil
}

// open goes where r leads: a route to a screen pushes it on the stack; a route
// that starts something may ask a question first (carry on with a draft? which
// episode? a PIN?) and then goes on to a screen. Between them, open and screen
// are every route there is.
func (u *UI) open(r page.Route) {
	env := u.env()
	switch r.Kind {
	case page.NewChild:
		form.AddChild(env)
	case page.NewEpisode:
		form.AddEpisode(env, r.CaseID)
	case page.NewInterview:
		form.RecordInterview(env, r.CaseID, r.RecordID)
	case page.NewVoice:
		form.AddVoice(env, r.CaseID)
	case page.EditChild:
		form.EditChild(env, r.CaseID)
	case page.EditRecord:
		form.OpenForm(env, r.Edit)
	case page.OpenDraft:
		form.OpenDraft(env, r.RecordID)
	case page.NewSupervision:
		form.AddSupervision(env, r.CaseID)
	case page.NewInformation:
		form.AddInformation(env, r.CaseID)
	case page.StartChildMode:
		childmode.Start(u.childEnv(r.CaseID, r.RecordID))
	case page.ChildMode:
		refuse(r, "child mode is entered only by StartChildMode")
	default:
		u.push(r)
	}
}

// logOpening records in the access log that r opens a child's record: their
// page or a review of one of their records. It is called as a page is first
// put on the stack, not each time it is built again.
func (u *UI) logOpening(r page.Route) {
	switch r.Kind {
	case page.Child:
		u.logAccess(r.CaseID, model.AccessPage, "")
	case page.Review:
		u.logAccess(r.CaseID, model.AccessReview, r.RecordID)
	}
}

// logAccess records in the access log that the person opened the child of
// caseID. A log that cannot be written is logged, without the child, and the
// page opens all the same.
func (u *UI) logAccess(caseID string, how model.AccessHow, recordID string) {
	if err := u.st.LogAccess(caseID, how, recordID); err != nil {
		log.Printf("homeward: the access log could not be written: %v", err)
	}
}

// home is the kind of the first page of a session: a supervisor's home for
// a supervisor, the caseload for anyone else.
func home(st *store.Store) page.Kind {
	if kit.Supervises(st) {
		return page.Team
	}
	return page.Caseload
}

// refuse logs that the shell will not go to r, and why. A route that cannot be
// followed is a mistake in the code; the person stays where they are.
func refuse(r page.Route, why string) {
	log.Printf("homeward: refused a route of kind %d: %s", r.Kind, why)
}

// env is what the screens of the open session may use.
func (u *UI) env() page.Env {
	return page.Env{
		Controls:      u.ctl(),
		Store:         u.st,
		Cat:           u.cat,
		Now:           u.now,
		Async:         u.async,
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
		Async:       u.async,
		Joined:      u.startSync,
		Version:     u.cfg.Version,
	}
}

// childEnv is what child mode may use while the child of caseID holds the
// device: the store's calls it makes, saving only into their case, and no way
// to any other screen. What the child enters belongs to interview interviewID
// of the case, if it is not "".
func (u *UI) childEnv(caseID, interviewID string) childmode.Env {
	env, st := u.env(), u.st
	return childmode.Env{
		Controls:    env.Controls,
		Cat:         env.Cat,
		Now:         env.Now,
		After:       env.After,
		Refresh:     env.Refresh,
		ShowError:   env.ShowError,
		CaseID:      caseID,
		InterviewID: interviewID,
		ChildName: func() string {
			if c, ok := st.Case(caseID); ok && c.Child.RecordID != "" {
				return c.Child.Value.Name
			}
			return ""
		},
		NewRecordID:  st.NewRecordID,
		Draft:        st.Draft,
		SaveDraft:    func(recordID string, r model.Record) error { return st.SaveDraft(caseID, recordID, r) },
		DiscardDraft: st.DiscardDraft,
		Save: func(recordID string, r model.Record) error {
			_, err := st.Save(caseID, recordID, nil, r)
			return err
		},
		Unlocked:     st.Unlocked,
		HasPIN:       st.HasPIN,
		SetPIN:       st.SetPIN,
		CheckPIN:     st.CheckPIN,
		PINTriesLeft: st.PINTriesLeft,
		Enter: func(s *childmode.Session) {
			u.logAccess(caseID, model.AccessChildMode, "")
			u.child = s
			u.setFullScreen(true)
			u.push(page.Route{Kind: page.ChildMode, CaseID: caseID})
		},
		Leave: u.leaveChildMode,
		Lock:  u.lock,
		Theme: func() *kit.Theme {
			// The app's theme as it stands, which a test may set; it is u.thm
			// in the app.
			if t, ok := u.app.Settings().Theme().(*kit.Theme); ok {
				return t
			}
			return u.thm
		},
	}
}

// leaveChildMode ends child mode and returns to the page that started it.
func (u *UI) leaveChildMode() {
	u.child = nil
	u.setFullScreen(false)
	if n := len(u.stack); n > 1 {
		u.stack = u.stack[:n-1]
	}
	u.render()
}
