package access

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"homeward/store"
)

// listProfiles opens, locked, every profile file in dir. Several practitioners may
// share a device: each has a file of their own, and opening one never touches
// another. It also returns the names of the profile files that could not be
// opened: they are left exactly as they are, and the screens say so.
func listProfiles(dir string) (profiles []*store.Store, unreadable []unreadableProfile, err error) {
	names, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	for _, n := range names {
		if n.IsDir() || !strings.HasSuffix(n.Name(), ProfileExt) {
			continue
		}
		s, err := store.Open(filepath.Join(dir, n.Name()))
		if err != nil {
			log.Printf("homeward: profile %s cannot be opened: %v", n.Name(), err)
			unreadable = append(unreadable, unreadableProfile{file: n.Name(), newer: errors.Is(err, store.ErrNewerLayout)})
			continue
		}
		profiles = append(profiles, s)
	}
	slices.SortFunc(profiles, func(a, b *store.Store) int {
		return strings.Compare(strings.ToLower(a.Profile().Name), strings.ToLower(b.Profile().Name))
	})
	return profiles, unreadable, nil
}

// unreadableProfile is a profile file on the device that could not be opened.
type unreadableProfile struct {
	file  string
	newer bool // written by a later Homeward: updating the app opens it
}

// unreadableNote says which profile files on the device could not be opened and
// what to do, or is hidden when there are none.
func unreadableNote(list []unreadableProfile) *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	l.Importance = widget.DangerImportance
	var damaged, newer []string
	for _, p := range list {
		if p.newer {
			newer = append(newer, p.file)
		} else {
			damaged = append(damaged, p.file)
		}
	}
	var parts []string
	switch len(damaged) {
	case 0:
	case 1:
		parts = append(parts, "A profile on this device could not be opened: its file ("+damaged[0]+") may be damaged. "+
			"Nothing in it has been changed or deleted. Ask your administrator for help before setting it up again.")
	default:
		parts = append(parts, fmt.Sprintf("%d profiles on this device could not be opened: their files (%s) may be damaged. "+
			"Nothing in them has been changed or deleted. Ask your administrator for help before setting them up again.",
			len(damaged), strings.Join(damaged, ", ")))
	}
	switch len(newer) {
	case 0:
	case 1:
		parts = append(parts, "A newer version of Homeward wrote a profile on this device ("+newer[0]+"). "+
			"Update Homeward to open it; nothing in it has been changed.")
	default:
		parts = append(parts, "A newer version of Homeward wrote "+strconv.Itoa(len(newer))+" profiles on this device ("+
			strings.Join(newer, ", ")+"). Update Homeward to open them; nothing in them has been changed.")
	}
	l.SetText(strings.Join(parts, "\n\n"))
	l.Hidden = len(parts) == 0
	return l
}

// pickProfile keeps the profile used last open and closes the others.
func pickProfile(prefs fyne.Preferences, profiles []*store.Store) *store.Store {
	last := prefs.String(PrefLastProfile)
	pick := profiles[0]
	for _, s := range profiles {
		if filepath.Base(s.Path()) == last {
			pick = s
		}
	}
	for _, s := range profiles {
		if s != pick {
			s.Close()
		}
	}
	return pick
}

// newProfilePath is a fresh file name for a profile in dir.
func newProfilePath(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	b := make([]byte, 8)
	rand.Read(b)
	return filepath.Join(dir, hex.EncodeToString(b)+ProfileExt), nil
}

// ProfileExt is the file name extension of a profile.
const ProfileExt = ".homeward"

// PrefLastProfile remembers which profile the unlock screen offers first.
const PrefLastProfile = "last_profile"
