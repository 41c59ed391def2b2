// Package app is Homeward's user interface, built with Fyne: set-up and unlock,
// the caseload, a child's page and timeline, the forms for a child, a missing
// episode, a return home interview and the child's voice, and child mode.
//
// Screens are functions of their inputs returning a view; the UI type holds the
// session (the open profile's store), a stack of pages for back navigation, and
// the idle lock. Everything typed in a form is kept as a sealed draft as it is
// typed, so locking, a crash or a flat battery loses nothing. Only this package
// and main import Fyne.
package app

import (
	"errors"
	"log"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/model"
	"homeward/store"
)

// Config is what main gives the UI.
type Config struct {
	// Dir is the folder holding profile files, under the app's storage root.
	Dir string
	// Create makes a new profile file at path, returning it unlocked. The real app
	// calibrates the key derivation to the device first, which takes seconds.
	Create func(path string, p store.Profile, passphrase []byte) (*store.Store, error)
	// DemoPassphrase, when set, is shown on the unlock screen: the profile is a
	// throwaway demo.
	DemoPassphrase string
}

// profileExt is the file name extension of a profile.
const profileExt = ".homeward"

// prefLastProfile remembers which profile the unlock screen offers first.
const prefLastProfile = "last_profile"

// UI is the running interface: one window, one open profile at a time.
type UI struct {
	app fyne.App
	win fyne.Window
	cfg Config
	cat *model.Catalogue
	thm *kit.Theme

	st        *store.Store // the open profile; nil before one is chosen
	stack     []*page
	locked    bool // showing the unlock screen over a session
	idleLock  time.Duration
	lastUsed  time.Time
	screenAt  time.Time // when the window last went in or out of full screen
	status    *statusBar
	child     *Mode // non-nil while the child holds the device
	ticking   bool       // the idle timer is running
	caseQuery string     // the caseload search, kept while pages come and go

	// Seams for tests: the clock, background work and timers.
	now   func() time.Time
	async func(work, done func())
	after func(d time.Duration, f func()) (stop func())

	// Screens currently shown, kept so tests can reach their widgets.
	setupView  *Setup
	unlockView *Unlock
	caseload   *Caseload
	childPage  *ChildPage
	form       *Form
	record     *RecordScreen
	settings   *settingsScreen

	childFields     *ChildFields
	episodeFields   *EpisodeFields
	interviewFields *InterviewFields
	voiceFields     *VoiceInputs
}

// page is one entry of the navigation stack. build makes its view afresh from
// the store, so going back shows current data and a form reopens on its draft.
type page struct {
	build func() *view
	view  *view
}

// view is what a screen returns: its title, its content, and the controls it
// adds to the header.
type view struct {
	title   string
	content fyne.CanvasObject
	actions []fyne.CanvasObject
	focus   fyne.Focusable
	leave   func() // called before the view goes away, to keep what was typed
	bare    bool   // no header or status bar: child mode
}

// New makes the UI for window w. Call Start or StartUnlocked next.
func New(a fyne.App, w fyne.Window, cfg Config) *UI {
	u := &UI{app: a, win: w, cfg: cfg, cat: model.DefaultCatalogue(), now: time.Now}
	u.async = func(work, done func()) {
		go func() {
			work()
			fyne.Do(done)
		}()
	}
	u.after = func(d time.Duration, f func()) func() {
		t := time.AfterFunc(d, func() { fyne.Do(f) })
		return func() { t.Stop() }
	}
	u.thm = &kit.Theme{}
	u.applyLook()
	w.SetPadded(false)
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		u.touch()
		switch k.Name {
		case fyne.KeyEscape:
			u.escape()
		case mobile.KeyBack:
			u.hardwareBack()
		}
	})
	w.Canvas().AddShortcut(kit.BackShortcut, func(fyne.Shortcut) {
		u.touch()
		u.escape()
	})
	// On a tablet or phone, leaving the app locks it. On a desktop Fyne reports
	// every loss of window focus the same way, and locking each time a worker
	// looks at another window would make them type their passphrase all day: the
	// idle lock covers a desk left alone.
	if fyne.CurrentDevice().IsMobile() {
		a.Lifecycle().SetOnExitedForeground(u.background)
	}
	w.SetOnClosed(u.Close)
	return u
}

// Start shows set-up when the device has no profile yet, otherwise the unlock
// screen, and starts the idle lock.
func (u *UI) Start() {
	u.startIdleTimer()
	u.showFirstScreen()
}

// showFirstScreen shows set-up when the device has no profile yet, otherwise the
// unlock screen for the profile last used.
func (u *UI) showFirstScreen() {
	profiles, unreadable, err := listProfiles(u.cfg.Dir)
	if err != nil {
		log.Printf("homeward: listing profiles: %v", err)
	}
	if len(profiles) == 0 {
		u.showSetup(false, unreadable)
		return
	}
	u.showUnlock(u.pickProfile(profiles))
}

// StartUnlocked begins a session with a store that is already unlocked, such as
// the demo profile, and shows the caseload.
func (u *UI) StartUnlocked(s *store.Store) {
	u.startIdleTimer()
	u.setStore(s)
	u.sessionStarted()
}

// Close locks and closes the open profile.
func (u *UI) Close() {
	if u.st != nil {
		u.leaveView()
		if u.child != nil {
			u.child.keep()
		}
		u.st.Close()
		u.st = nil
	}
}

// setStore makes s the open profile, closing the previous one.
func (u *UI) setStore(s *store.Store) {
	if u.st == s {
		return
	}
	if u.st != nil {
		u.st.Close()
	}
	u.st = s
	if u.cfg.DemoPassphrase == "" {
		u.app.Preferences().SetString(prefLastProfile, filepath.Base(s.Path()))
	}
	s.Subscribe(func() {
		fyne.Do(func() {
			if u.st == s {
				u.storeChanged()
			}
		})
	})
}

// storeChanged runs after any change to the open store: a save, a lock, an
// unlock.
func (u *UI) storeChanged() {
	if u.st == nil {
		return
	}
	if !u.st.Unlocked() {
		// Locked underneath us, by five wrong PINs for instance.
		if !u.locked && len(u.stack) > 0 {
			u.lockedOut()
		}
		return
	}
	u.refreshStatus()
}

// sessionStarted runs after a successful unlock or set-up.
func (u *UI) sessionStarted() {
	u.locked = false
	u.idleLock = u.st.IdleLock()
	u.touch()
	if u.child != nil {
		if u.child.handingBack {
			u.child.done()
		} else {
			u.child.resume()
		}
		return
	}
	if len(u.stack) == 0 {
		u.caseQuery = ""
		u.stack = []*page{{build: u.caseloadView}}
	}
	u.render()
}

// push opens a new page on top of the stack.
func (u *UI) push(build func() *view) {
	u.leaveView()
	u.stack = append(u.stack, &page{build: build})
	u.render()
}

// replaceTop swaps the top page for another, as when a form saves and its
// record opens in its place.
func (u *UI) replaceTop(build func() *view) {
	u.leaveView()
	u.stack[len(u.stack)-1] = &page{build: build}
	u.render()
}

// back returns to the previous page, rebuilt from the store.
func (u *UI) back() {
	if len(u.stack) <= 1 || u.locked {
		return
	}
	u.leaveView()
	u.stack = u.stack[:len(u.stack)-1]
	u.render()
}

// goHome empties the stack down to the caseload.
func (u *UI) goHome() {
	if len(u.stack) == 0 {
		return
	}
	u.leaveView()
	u.stack = u.stack[:1]
	u.render()
}

// refresh rebuilds the page on top, after a setting changes say.
func (u *UI) refresh() {
	u.leaveView()
	u.render()
}

// leaveView lets the page on top keep what was typed before it goes away.
func (u *UI) leaveView() {
	if n := len(u.stack); n > 0 {
		if v := u.stack[n-1].view; v != nil && v.leave != nil {
			v.leave()
		}
	}
}

// render builds the page on top of the stack and shows it in its frame.
func (u *UI) render() {
	p := u.stack[len(u.stack)-1]
	u.clearScreens()
	p.view = p.build()
	v := p.view
	content := v.content
	if !v.bare {
		u.status = newStatusBar(u)
		u.refreshStatus()
		content = container.NewBorder(u.header(v), u.status.box, nil, nil, v.content)
	}
	u.win.SetContent(container.NewStack(newBackdrop(u), content))
	// Wrapped text knows its height only once it has a width: lay out twice.
	u.relayout()
	if v.focus != nil {
		u.win.Canvas().Focus(v.focus)
	}
}

func (u *UI) clearScreens() {
	u.setupView, u.unlockView, u.caseload, u.childPage = nil, nil, nil, nil
	u.form, u.record, u.settings = nil, nil, nil
	u.childFields, u.episodeFields, u.interviewFields, u.voiceFields = nil, nil, nil, nil
}

// header is the bar above every page: back, the title, the page's own actions
// and the lock button.
func (u *UI) header(v *view) fyne.CanvasObject {
	title := widget.NewLabel(v.title)
	title.SizeName = theme.SizeNameSubHeadingText
	title.TextStyle.Bold = true
	title.Truncation = fyne.TextTruncateEllipsis
	var left fyne.CanvasObject
	if len(u.stack) > 1 {
		left = u.ctl().Button("Back", theme.NavigateBackIcon(), u.back)
	} else {
		left = widget.NewIcon(kit.HomeIcon())
	}
	lock := u.ctl().Button("Lock", theme.LogoutIcon(), u.lock)
	right := container.NewHBox(append(append([]fyne.CanvasObject{}, v.actions...), lock)...)
	bar := container.NewBorder(nil, nil, left, right, title)
	return container.NewVBox(kit.Surface(theme.ColorNameHeaderBackground, container.NewPadded(bar)), widget.NewSeparator())
}

// escape goes back a page, unless something must not be left this way.
func (u *UI) escape() {
	if u.child != nil || u.locked || len(u.stack) == 0 {
		return
	}
	if u.win.Canvas().Overlays().Top() != nil {
		return // a dialog is open
	}
	u.back()
}

// hardwareBack answers the Back button of a tablet or phone as Escape, except
// that on the first page, with nothing else to leave, it leaves the app as
// Android people expect. Child mode never leaves this way.
func (u *UI) hardwareBack() {
	if u.child == nil && u.win.Canvas().Overlays().Top() == nil && (u.locked || len(u.stack) <= 1) {
		if d, ok := u.app.Driver().(mobile.Driver); ok {
			d.GoBack()
			return
		}
	}
	u.escape()
}

// relayout lays the whole window out again after parts of a screen appeared or
// went.
func (u *UI) relayout() {
	if c := u.win.Content(); c != nil {
		c.Refresh()
	}
}

// touch records that the person did something, for the idle lock.
func (u *UI) touch() { u.lastUsed = u.now() }

// startIdleTimer checks for idleness every few seconds, and keeps the caseload's
// clock moving.
func (u *UI) startIdleTimer() {
	if u.ticking {
		return
	}
	u.ticking = true
	var tick func()
	tick = func() {
		u.checkIdle()
		u.refreshClock()
		u.after(5*time.Second, tick)
	}
	u.after(5*time.Second, tick)
}

// refreshClock rebuilds the caseload once a minute while it is on screen, so that
// an interview falls due, or overdue, in front of the worker rather than at the
// next tap.
func (u *UI) refreshClock() {
	if c := u.caseload; c != nil && !u.locked && u.now().Sub(c.loadedAt) >= time.Minute {
		c.load()
	}
}

// checkIdle locks the session when nothing has been done for the idle time.
func (u *UI) checkIdle() {
	if u.st == nil || u.locked || u.idleLock <= 0 {
		return
	}
	if u.now().Sub(u.lastUsed) >= u.idleLock {
		u.lock()
	}
}

// background locks the app when it leaves the foreground. Some desktops report
// the window losing focus while it goes in or out of full screen for child mode;
// that is not leaving the app.
func (u *UI) background() {
	if u.now().Sub(u.screenAt) < 2*time.Second {
		return
	}
	u.lock()
}

// setFullScreen puts the window in or out of full screen.
func (u *UI) setFullScreen(on bool) {
	if u.win.FullScreen() != on {
		u.screenAt = u.now()
		u.win.SetFullScreen(on)
	}
}

// lock keeps what is being typed as a draft, drops the keys and shows the
// unlock screen. The page that was open comes back after unlocking.
func (u *UI) lock() {
	if u.st == nil || u.locked || !u.st.Unlocked() {
		return
	}
	u.leaveView()
	if u.child != nil {
		u.child.keep()
	}
	u.locked = true
	u.st.Lock()
	u.lockedOut()
}

// lockedOut shows the unlock screen over the session, dropping every screen
// built so far: they hold what was typed, which is safe in drafts.
func (u *UI) lockedOut() {
	u.locked = true
	for _, p := range u.stack {
		p.view = nil
	}
	u.caseQuery = ""
	if u.child != nil {
		u.child.forget()
	}
	ov := u.win.Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
	u.setFullScreen(false)
	u.showUnlock(u.st)
}

// showError tells the person something went wrong, in words they can act on.
func (u *UI) showError(what string, err error) {
	msg := what
	var p model.Problems
	switch {
	case errors.As(err, &p):
		msg += "\n\n" + p.Error()
	case errors.Is(err, store.ErrLocked):
		msg += "\n\nThe app locked. Unlock it and try again: what you typed is kept."
	case err != nil:
		msg += "\n\nNothing you typed is lost: it is kept as a draft. If this keeps happening, tell your administrator."
		log.Printf("homeward: %s: %v", what, err)
	}
	d := dialog.NewInformation("Something went wrong", msg, u.win)
	d.Show()
}

// ctl makes controls whose use counts as activity for the idle lock.
func (u *UI) ctl() kit.Controls { return kit.Controls{Win: u.win, Touch: u.touch, Escape: u.escape} }
