// Package app is the shell of Homeward's user interface, built with Fyne: the
// window, the session (the open profile's store), the stack of routes for back
// navigation, the header and status bar, the lock and the idle lock, and in
// routes.go the one place that follows a route: to the screen it shows, or to
// what it starts.
//
// The screens live in packages by area, which never import each other:
// app/cases (the caseload, a child's page and timeline, a record, the drafts),
// app/form (every record form and its drafts), app/childmode (the child's own
// screen, given only a childmode.Env bound to the child's case) and app/access
// (set-up, unlock, profiles, passphrases and settings). The screens still to
// come go the same way: the supervisor's review in app/review, sync's status
// and quarantine in app/syncview, practice in app/practice; a record in
// conflict is shown side by side, to merge, by its record view in app/cases.
// What a screen is
// given and returns is in app/page; what every screen is made of, with no
// session state, in app/kit.
//
// Every screen is built afresh from the store each time it comes on screen, and
// none is kept while the app is locked. Everything typed in a form is kept as a
// sealed draft as it is typed, so locking, a crash or a flat battery loses
// nothing. Only app/... and main import Fyne.
package app

import (
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/access"
	"homeward/app/childmode"
	"homeward/app/kit"
	"homeward/app/page"
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
	// Version is the app's version as Settings shows it.
	Version string
}

// UI is the running interface: one window, one open profile at a time.
type UI struct {
	app fyne.App
	win fyne.Window
	cfg Config
	cat *model.Catalogue
	thm *kit.Theme

	st       *store.Store // the open profile; nil before one is chosen
	stack    []*visit
	front    *page.View // set-up or unlock, shown in front of the stack; nil while a page of the stack is shown
	locked   bool       // showing the unlock screen over a session
	idleLock time.Duration
	lastUsed time.Time
	screenAt time.Time // when the window last went in or out of full screen
	awayAt   time.Time // when a desktop window lost focus; zero while it has it
	status   *statusBar
	child    *childmode.Session // non-nil while the child holds the device
	ticking  bool               // the idle timer is running
	sync     syncState          // what the status bar says of sync
	syncStop func()             // stops the background sync; nil while it is not running

	// Seams for tests: the clock, background work and timers.
	now   func() time.Time
	async func(work, done func())
	after func(d time.Duration, f func()) (stop func())
}

// visit is one entry of the navigation stack. Its view is built afresh from the
// store whenever the route comes on screen, so going back shows current data and
// a form reopens on its draft.
type visit struct {
	route page.Route
	view  *page.View
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
	// glances at another window would make them type their passphrase all day:
	// there the app locks once its window has been out of focus, or minimised,
	// for longer than a minute (awayLock).
	if fyne.CurrentDevice().IsMobile() {
		a.Lifecycle().SetOnExitedForeground(u.background)
	} else {
		a.Lifecycle().SetOnExitedForeground(u.away)
		a.Lifecycle().SetOnEnteredForeground(u.returned)
	}
	w.SetOnClosed(u.Close)
	return u
}

// Start shows set-up when the device has no profile yet, otherwise the unlock
// screen, and starts the idle lock.
func (u *UI) Start() {
	u.startIdleTimer()
	u.show(access.First(u.door()))
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
	u.stopSync()
	if u.st != nil {
		u.leaveView()
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
		u.app.Preferences().SetString(access.PrefLastProfile, filepath.Base(s.Path()))
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
		if u.child.HandingBack() {
			u.child.Done()
		} else {
			u.setFullScreen(true)
			u.render()
			u.child.Resume()
		}
		return
	}
	if len(u.stack) == 0 {
		u.stack = []*visit{{route: page.Route{Kind: home(u.st)}}}
	}
	u.startSync()
	u.render()
}

// begin starts a session on s, just unlocked: a new one when s is another
// profile, or the one that was locked, with its pages.
func (u *UI) begin(s *store.Store) {
	if s != u.st {
		u.stack, u.child = nil, nil
		u.setStore(s)
	}
	u.sessionStarted()
}

// push opens a new page on top of the stack. A route that shows no screen is
// refused, and the page on top stays.
func (u *UI) push(r page.Route) {
	u.leaveView()
	if p := u.build(r); p != nil {
		u.stack = append(u.stack, p)
		u.frame(p.view)
	}
}

// replaceTop swaps the top page for another, as when a form saves and its
// record opens in its place. A route that shows no screen is refused, and the
// page on top stays.
func (u *UI) replaceTop(r page.Route) {
	u.leaveView()
	if p := u.build(r); p != nil {
		u.stack[len(u.stack)-1] = p
		u.frame(p.view)
	}
}

// build makes a visit to r with its screen built, or returns nil when r shows
// no screen. A visit that opens a child's record is logged in their access log.
func (u *UI) build(r page.Route) *visit {
	u.logOpening(r)
	p := &visit{route: r}
	if p.view = u.screen(&p.route); p.view == nil {
		return nil
	}
	return p
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
		if v := u.stack[n-1].view; v != nil && v.Leave != nil {
			v.Leave()
		}
	}
}

// render builds the page on top of the stack again and shows it in its frame.
// Every route on the stack showed a screen when it was pushed.
func (u *UI) render() {
	p := u.stack[len(u.stack)-1]
	p.view = u.screen(&p.route)
	u.frame(p.view)
}

// frame shows v, the page on top of the stack, with the header and status bar
// unless it is bare.
func (u *UI) frame(v *page.View) {
	u.front = nil
	content := v.Content
	if !v.Bare {
		u.status = newStatusBar(u)
		u.refreshStatus()
		content = container.NewBorder(u.header(v), u.status.box, nil, nil, v.Content)
	}
	u.win.SetContent(container.NewStack(newBackdrop(u), content))
	// Wrapped text knows its height only once it has a width: lay out twice.
	u.ctl().Relayout()
	if v.Focus != nil {
		u.win.Canvas().Focus(v.Focus)
	}
}

// show puts set-up or unlock in front of the stack, with no session open or the
// session locked.
func (u *UI) show(v *page.View) {
	u.front = v
	u.win.SetContent(v.Content)
	u.ctl().Relayout()
	u.win.Canvas().Focus(v.Focus)
}

// header is the bar above every page: back, the title, the page's own actions
// and the lock button.
func (u *UI) header(v *page.View) fyne.CanvasObject {
	title := widget.NewLabel(v.Title)
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
	right := container.NewHBox(append(append([]fyne.CanvasObject{}, v.Actions...), lock)...)
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

// refreshClock lets the page on screen keep what it says of time current: the
// caseload, once a minute, so that an interview falls due, or overdue, in front
// of the worker rather than at the next tap.
func (u *UI) refreshClock() {
	if n := len(u.stack); n > 0 && !u.locked && u.front == nil {
		if v := u.stack[n-1].view; v != nil && v.Tick != nil {
			v.Tick()
		}
	}
}

// awayLock is how long a desktop window may be out of focus or minimised
// before the app locks.
const awayLock = time.Minute

// checkIdle locks the session when nothing has been done for the idle time, or
// a desktop window has been away for longer than awayLock.
func (u *UI) checkIdle() {
	if u.st == nil || u.locked {
		return
	}
	idle := u.idleLock > 0 && u.now().Sub(u.lastUsed) >= u.idleLock
	away := !u.awayAt.IsZero() && u.now().Sub(u.awayAt) > awayLock
	if idle || away {
		u.lock()
	}
}

// away notes that a desktop window lost focus or was minimised; checkIdle
// locks once that has lasted longer than awayLock. A loss of focus as the
// window goes in or out of full screen, for child mode, is not going away.
func (u *UI) away() {
	if u.now().Sub(u.screenAt) < 2*time.Second {
		return
	}
	if u.awayAt.IsZero() {
		u.awayAt = u.now()
	}
}

// returned notes that a desktop window has focus again.
func (u *UI) returned() { u.awayAt = time.Time{} }

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
	u.locked = true
	u.st.Lock()
	u.lockedOut()
}

// lockedOut shows the unlock screen over the session, dropping every screen
// built so far, child mode's and the status bar included: they hold what was
// typed, which is safe in drafts, and are built again after unlocking.
func (u *UI) lockedOut() {
	u.locked = true
	u.stopSync()
	for _, p := range u.stack {
		p.view = nil
	}
	u.status = nil
	if len(u.stack) > 0 {
		u.stack[0].route.Query = "" // the caseload's search
	}
	ov := u.win.Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
	u.setFullScreen(false)
	u.show(access.NewUnlock(u.door(), u.st))
}

// ctl makes controls whose use counts as activity for the idle lock.
func (u *UI) ctl() kit.Controls { return kit.Controls{Win: u.win, Touch: u.touch, Escape: u.escape} }

// applyLook sets the theme from the saved preferences.
func (u *UI) applyLook() {
	u.thm = kit.Look(u.app.Preferences())
	u.app.Settings().SetTheme(u.thm)
}
