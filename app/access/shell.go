package access

import (
	"time"

	"fyne.io/fyne/v2"

	"homeward/app/kit"
	"homeward/app/page"
	"homeward/store"
)

// Shell is what set-up and unlock may ask of the window they are shown in.
// There is no session behind them yet, or it is locked, so they get no page.Env.
type Shell struct {
	kit.Controls
	// Dir is the folder holding profile files.
	Dir string
	// Create makes a new profile file at path, returning it unlocked.
	Create func(path string, p store.Profile, passphrase []byte) (*store.Store, error)
	// DemoPassphrase, when set, is shown on the unlock screen: the profile is a
	// throwaway demo.
	DemoPassphrase string
	Prefs          fyne.Preferences                              // the device's settings, such as the last profile opened
	After          func(d time.Duration, f func()) (stop func()) // runs f on the UI goroutine after d, unless stopped first
	Async          func(work, done func())                       // runs work off the UI goroutine, then done on it

	Show        func(*page.View)     // puts a screen in the window, in front of any locked session
	Front       func() any           // the handle of the screen in front, nil while a session's page is shown
	Session     func() *store.Store  // the open profile, locked or not; nil before one is chosen
	InChildMode func() bool          // whether the session was locked in child mode
	Begin       func(s *store.Store) // starts a session on s, just unlocked: the one that was locked, or a new one
}
