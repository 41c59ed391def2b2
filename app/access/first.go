// Package access holds the screens that open Homeward and look after a
// profile: set-up, unlock and the choice of profile, passphrase advice, and the
// settings. Set-up and unlock come before a session, or in front of a locked
// one, so they are given a Shell rather than a page.Env; later enrolment goes
// here too.
package access

import (
	"log"

	"homeward/app/page"
)

// First is the first screen: set-up when the device has no profile yet,
// otherwise the unlock screen for the profile last used.
func First(sh Shell) *page.View {
	profiles, unreadable, err := listProfiles(sh.Dir)
	if err != nil {
		log.Printf("homeward: listing profiles: %v", err)
	}
	if len(profiles) == 0 {
		return newSetup(sh, false, unreadable)
	}
	return NewUnlock(sh, pickProfile(sh.Prefs, profiles))
}
