package app

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"homeward/store"
)

// listProfiles opens, locked, every profile file in dir. Several practitioners may
// share a device: each has a file of their own, and opening one never touches
// another.
func listProfiles(dir string) ([]*store.Store, error) {
	names, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*store.Store
	for _, n := range names {
		if n.IsDir() || !strings.HasSuffix(n.Name(), profileExt) {
			continue
		}
		s, err := store.Open(filepath.Join(dir, n.Name()))
		if err != nil {
			log.Printf("homeward: skipping profile %s: %v", n.Name(), err)
			continue
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *store.Store) int {
		return strings.Compare(strings.ToLower(a.Profile().Name), strings.ToLower(b.Profile().Name))
	})
	return out, nil
}

// pickProfile keeps the profile used last open and closes the others.
func (u *UI) pickProfile(profiles []*store.Store) *store.Store {
	last := u.app.Preferences().String(prefLastProfile)
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
	return filepath.Join(dir, hex.EncodeToString(b)+profileExt), nil
}
