package app

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"homeward/app/access"
	"homeward/app/cases"
	"homeward/app/childmode"
	"homeward/app/form"
	"homeward/app/page"
	"homeward/app/page/pagetest"
	"homeward/model"
	"homeward/store"
)

// TestLockDropsBuiltScreens locks with a form open, and again in child mode:
// no page of the stack, nothing of child mode and nothing of the status bar
// keeps a built screen, or what was typed, behind the unlock screen.
func TestLockDropsBuiltScreens(t *testing.T) {
	const typed = "Half-typed note about the flat"
	check := func(t *testing.T, u *UI) {
		t.Helper()
		if front[*access.Unlock](u) == nil {
			t.Fatal("lock did not show the unlock screen")
		}
		for i, p := range u.stack {
			if p.view != nil {
				t.Errorf("page %d of the stack keeps its built screen", i)
			}
		}
		if u.status != nil {
			t.Error("the status bar outlived the lock")
		}
		if u.child != nil {
			if where := heldBuilt(reflect.ValueOf(u.child), typed, "child", map[uintptr]bool{}); where != "" {
				t.Errorf("child mode keeps %s behind the unlock screen", where)
			}
		}
	}
	unlock := func(u *UI) {
		pagetest.Type(front[*access.Unlock](u).Pass, pagetest.Passphrase)
		test.Tap(front[*access.Unlock](u).Button)
	}

	t.Run("form", func(t *testing.T) {
		u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
		c := pagetest.AddChild(t, u.st, "Sky Example")
		u.push(page.Route{Kind: page.Child, CaseID: c.ID})
		test.Tap(top[*cases.ChildPage](u).Episode)
		pagetest.Type(inputs[*form.EpisodeFields](u).WhereFound, typed)
		u.lock()
		check(t, u)
		unlock(u)
		if inputs[*form.EpisodeFields](u) == nil || inputs[*form.EpisodeFields](u).WhereFound.Text != typed {
			t.Fatal("the form did not come back with what was typed")
		}
	})

	t.Run("child mode", func(t *testing.T) {
		u, _ := unlockedUI(t, fyne.NewSize(1280, 800))
		c, cm := inChildMode(t, u, "Robin Example")
		test.Tap(cm.Feelings[1])
		test.Tap(cm.Tabs[1])
		test.Tap(cm.Numbers[7])
		test.Tap(cm.Tabs[2])
		pagetest.Type(cm.Worries, typed)
		u.lock()
		check(t, u)
		unlock(u)
		pagetest.TapDialogButton(t, u.win, "Carry on in child mode")
		cm = top[*childmode.Screen](u)
		if cm == nil || !cm.Chosen["feel.happy"] || cm.Worries.Text != typed {
			t.Fatal("child mode did not come back with what the child entered")
		}
		u.st.SetPIN("2468") // a PIN lasts until the app locks
		test.Tap(cm.Finished)
		test.Tap(cm.ShareYes)
		pagetest.Type(cm.PIN, "2468")
		test.Tap(cm.HandBack)
		got, _ := u.st.Case(c.ID)
		for _, v := range got.Voices {
			if v.Value.Method == model.MethodScale && v.Value.Scale.Value != 7 {
				t.Fatalf("the scale came back as %d, want 7", v.Value.Scale.Value)
			}
		}
		if len(got.Voices) != 3 {
			t.Fatalf("%d voice entries saved, want 3", len(got.Voices))
		}
	})
}

var (
	canvasObject = reflect.TypeFor[fyne.CanvasObject]()
	window       = reflect.TypeFor[fyne.Window]()
	storeType    = reflect.TypeFor[*store.Store]()
	catalogue    = reflect.TypeFor[*model.Catalogue]()
	clock        = reflect.TypeFor[time.Time]()
	shell        = reflect.TypeFor[*UI]()
)

// heldBuilt looks through v, which path names, for a built widget or a string
// holding typed, and says where it is, or "" when there is none. It does not look
// into funcs, the shell, the window, the store or the catalogue: what a screen
// is given, not what it built.
func heldBuilt(v reflect.Value, typed, path string, seen map[uintptr]bool) string {
	if !v.IsValid() {
		return ""
	}
	switch v.Type() {
	case window, storeType, catalogue, clock, shell:
		return ""
	}
	if v.Kind() != reflect.Interface && v.Type().Implements(canvasObject) && !(v.Kind() == reflect.Pointer && v.IsNil()) {
		return "a " + v.Type().String() + " at " + path
	}
	switch v.Kind() {
	case reflect.String:
		if strings.Contains(v.String(), typed) {
			return "what was typed at " + path
		}
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return ""
		}
		seen[v.Pointer()] = true
		return heldBuilt(v.Elem(), typed, path, seen)
	case reflect.Interface:
		return heldBuilt(v.Elem(), typed, path, seen)
	case reflect.Struct:
		for i := range v.NumField() {
			if w := heldBuilt(v.Field(i), typed, path+"."+v.Type().Field(i).Name, seen); w != "" {
				return w
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if w := heldBuilt(v.Index(i), typed, path+"[]", seen); w != "" {
				return w
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if w := heldBuilt(it.Value(), typed, path+"[]", seen); w != "" {
				return w
			}
		}
	}
	return ""
}

// After the idle lock the passphrase field has the focus, so the worker can type
// at once, and the Unlock button stays where it is as they type and as the
// clock ticks (issue 11, c).
func TestIdleLockFocusesPassphrase(t *testing.T) {
	u, tm := unlockedUI(t, fyne.NewSize(800, 1280))
	now := time.Now()
	u.now = func() time.Time { return now }
	u.touch()
	now = now.Add(u.idleLock + time.Second)
	u.checkIdle()
	s := front[*access.Unlock](u)
	if s == nil {
		t.Fatal("not locked after the idle time")
	}
	if got := u.win.Canvas().Focused(); got != s.Pass {
		t.Errorf("focus is on %T, not the passphrase field", got)
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.Button)
	for _, f := range tm.pending {
		f()
	}
	test.Type(s.Pass, "lantern")
	if moved := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.Button); moved != at {
		t.Errorf("the Unlock button moved from %v to %v", at, moved)
	}
}
