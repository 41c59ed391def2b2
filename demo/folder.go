package demo

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"homeward/model"
	"homeward/store"
	"homeward/vault"
)

// Passphrase unlocks a demo profile, and is shown on its unlock screen.
const Passphrase = "homeward demo"

// marker is the file that makes a folder a demo folder of Homeward's own: only
// a folder that has it is ever removed.
const marker = ".homeward-demo"

// staleAfter is how old a demo folder left by a run that was killed must be
// before a later run removes it.
const staleAfter = time.Hour

// Open makes a throwaway profile in a fresh folder under root, filled with a
// made-up caseload of n children, and returns the folder and the unlocked
// profile. The folder is marked as a demo's own; remove it with Remove when
// done. Demo folders that earlier runs left over an hour ago are removed
// first, and nothing else under root is touched.
func Open(root string, n int) (string, *store.Store, error) {
	RemoveStale(root)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp(root, "demo-")
	if err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, marker), []byte("A Homeward demo: made-up data, removed when the demo ends.\n"), 0o600); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	s, err := store.Create(filepath.Join(dir, "demo.homeward"), store.Profile{Name: "Demo Worker", Role: model.RolePractitioner}, []byte(Passphrase), kdf)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	if err := Fill(s, time.Now(), n, time.Now().UnixNano()); err != nil {
		s.Close()
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("fill: %w", err)
	}
	return dir, s, nil
}

// Remove deletes a demo folder that Open made, and refuses any other.
func Remove(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
		return errors.New("demo: not a demo folder: left as it is")
	}
	return os.RemoveAll(dir)
}

// RemoveStale deletes the demo folders under root that runs which were killed
// left more than an hour ago: only folders Open marked as its own.
func RemoveStale(root string) {
	old, _ := filepath.Glob(filepath.Join(root, "demo-*"))
	for _, d := range old {
		if fi, err := os.Stat(filepath.Join(d, marker)); err == nil && time.Since(fi.ModTime()) > staleAfter {
			os.RemoveAll(d)
		}
	}
}
