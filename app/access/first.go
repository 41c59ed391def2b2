package access

import (
	"homeward/app/page"
	"log"
)

// First is the first screen: set-up when the device has no profile yet,
// otherwise the unlock screen for the profile last used.
func First(sh Shell) *page.View {
	profiles, unreadable, err := listProfiles(sh.Dir)
	if err != nil {
		log.Printf("homeward: listing profiles: %v", err)
	}
	if len(profiles) == 0 {
		return NewSetup(sh, false, unreadable)
	}
	return NewUnlock(sh, pickProfile(sh.Prefs, profiles))
}
