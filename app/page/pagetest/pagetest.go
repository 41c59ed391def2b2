// Package pagetest helps test a screen on its own, as net/http/httptest helps
// test a handler: a window framed as the shell frames its own, a new unlocked
// profile with the weakest key derivation allowed, a fixed clock, and navigation
// that is recorded rather than followed.
package pagetest

import (
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/model"
	"homeward/store"
	"homeward/vault"
)

// Passphrase opens the profiles tests make.
const Passphrase = "lantern orbit pebble meadow"

// CreateMinKDF makes a profile with the weakest key derivation allowed, to keep
// tests fast.
func CreateMinKDF(path string, p store.Profile, pass []byte) (*store.Store, error) {
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	return store.Create(path, p, pass, kdf)
}

// Window makes a window of the given size in a test app, with the app's theme
// and without padding, as the shell has it.
func Window(t testing.TB, size fyne.Size) fyne.Window {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(kit.Look(a.Preferences()))
	w := a.NewWindow("Homeward")
	w.SetPadded(false)
	w.Resize(size)
	return w
}

// Recorder is an Env for a screen under test, which records where the screen
// asks to go.
type Recorder struct {
	Env page.Env
	// Routes are the routes the screen asked for, with Go or Replace, in order.
	Routes []page.Route
	// Backs counts the times the screen asked to go back.
	Backs int
	// Open, when set, is called with each route asked for, to follow it.
	Open func(page.Route)

	clock  time.Time  // what Env.Now says
	shown  *page.View // the view Show put in the window
	timers []func()   // set with Env.After, waiting for RunTimers
}

// New makes a Recorder for a screen shown in a window of the given size, on a
// new unlocked profile of a practitioner called Sam Example. Timers fire only
// when the test calls RunTimers.
func New(t testing.TB, size fyne.Size) *Recorder {
	t.Helper()
	return NewFor(t, size, store.Profile{Name: "Sam Example", Role: model.RolePractitioner})
}

// NewFor is New for a profile of someone else: a supervisor, say.
func NewFor(t testing.TB, size fyne.Size, p store.Profile) *Recorder {
	t.Helper()
	w := Window(t, size)
	st, err := CreateMinKDF(filepath.Join(t.TempDir(), "p.homeward"), p, []byte(Passphrase))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &Recorder{clock: time.Now().Truncate(time.Minute)}
	follow := func(to page.Route) {
		r.Leave()
		r.Routes = append(r.Routes, to)
		if r.Open != nil {
			r.Open(to)
		}
	}
	r.Env = page.Env{
		Controls: kit.Controls{Win: w, Touch: func() {}, Escape: func() {}},
		Store:    st,
		Cat:      model.DefaultCatalogue(),
		Now:      func() time.Time { return r.clock },
		Async:    func(work, done func()) { work(); done() },
		After: func(_ time.Duration, f func()) func() {
			stopped := false
			r.timers = append(r.timers, func() {
				if !stopped {
					f()
				}
			})
			return func() { stopped = true }
		},
		Go:      follow,
		Replace: follow,
		Back: func() {
			r.Leave()
			r.Backs++
		},
		Refresh:       func() {},
		StatusChanged: func() {},
	}
	return r
}

// Show puts v in the window, as the shell shows a page.
func (r *Recorder) Show(v *page.View) {
	r.shown = v
	w := r.Env.Win
	w.SetContent(v.Content)
	w.Content().Refresh()
	if v.Focus != nil {
		w.Canvas().Focus(v.Focus)
	}
}

// Leave lets the view on screen keep what was typed, as the shell does before
// another takes its place: the screen asks to go elsewhere, or the person goes
// back.
func (r *Recorder) Leave() {
	if r.shown != nil && r.shown.Leave != nil {
		r.shown.Leave()
	}
	r.shown = nil
}

// RunTimers runs every timer set and not stopped since the last call, as time
// passing would: drafts are kept, for instance.
func (r *Recorder) RunTimers() {
	due := r.timers
	r.timers = nil
	for _, f := range due {
		f()
	}
}

// AddChild saves a child called name, born on 3 April 2011 and in foster care,
// in a case of their own.
func AddChild(t testing.TB, st *store.Store, name string) *model.Case {
	t.Helper()
	id, err := st.NewCase()
	if err != nil {
		t.Fatal(err)
	}
	child := model.Child{Name: name, DateOfBirth: time.Date(2011, 4, 3, 0, 0, 0, 0, time.UTC), Placement: "place.foster", AllocatedWorker: "Sam Example"}
	if _, err := st.Save(id, st.NewRecordID(), nil, child); err != nil {
		t.Fatal(err)
	}
	c, _ := st.Case(id)
	return c
}

// Type replaces an entry's text as a person would type it.
func Type(e *kit.Entry, text string) {
	e.SetText("")
	test.Type(e, text)
}

// Stamp writes t as a person types a date and time.
func Stamp(t time.Time) string { return t.In(time.Local).Format(kit.DateTimeLayout) }

// TapDialogButton taps the button labelled text in the dialog on top of w.
func TapDialogButton(t testing.TB, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog to tap %q in", text)
	}
	b := FindButton(top, text)
	if b == nil {
		t.Fatalf("no %q button in the dialog", text)
	}
	test.Tap(b)
}

// DismissDialogs closes every dialog open in w.
func DismissDialogs(w fyne.Window) {
	ov := w.Canvas().Overlays()
	for ov.Top() != nil {
		ov.Remove(ov.Top())
	}
}

// FindButton is the first button labelled text in o or under it, or nil.
func FindButton(o fyne.CanvasObject, text string) *widget.Button {
	var found *widget.Button
	EachObject(o, func(x fyne.CanvasObject) {
		if b, ok := x.(*widget.Button); ok && b.Text == text && found == nil {
			found = b
		}
	})
	return found
}

// EachObject calls fn for o and for everything under it, the insides of widgets
// included.
func EachObject(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	}
	for _, k := range kids {
		EachObject(k, fn)
	}
}

// Wheel turns the mouse wheel by dy with the pointer over the middle of o in
// window w, as the desktop driver does: the turn goes to the last scrollable
// object under the pointer, walking the tree from its root, so the innermost.
// It reports whether anything took the turn.
func Wheel(w fyne.Window, o fyne.CanvasObject, dy float32) bool {
	d := fyne.CurrentApp().Driver()
	at := d.AbsolutePositionForObject(o).Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
	var under fyne.Scrollable
	var walk func(x fyne.CanvasObject, pos fyne.Position)
	walk = func(x fyne.CanvasObject, pos fyne.Position) {
		if x == nil || !x.Visible() {
			return
		}
		pos = pos.Add(x.Position())
		if at.X < pos.X || at.Y < pos.Y || at.X >= pos.X+x.Size().Width || at.Y >= pos.Y+x.Size().Height {
			return
		}
		if s, ok := x.(fyne.Scrollable); ok {
			under = s
		}
		switch c := x.(type) {
		case *fyne.Container:
			for _, k := range c.Objects {
				walk(k, pos)
			}
		case fyne.Widget:
			for _, k := range test.WidgetRenderer(c).Objects() {
				walk(k, pos)
			}
		}
	}
	walk(w.Canvas().Content(), fyne.NewPos(0, 0))
	if under == nil {
		return false
	}
	under.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, dy)})
	return true
}
