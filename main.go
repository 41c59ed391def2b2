// Command homeward is the Homeward app for practitioners who hold return home
// interviews with children who have been missing. It opens the unlock screen, or
// set-up on first run; --demo opens a throwaway profile with a made-up caseload.
package main

import (
	"crypto/rand"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"homeward/app"
	"homeward/app/display"
	"homeward/app/kit"
	_ "homeward/app/locale" // before Fyne reads the locale
	"homeward/demo"
	"homeward/model"
	"homeward/store"
	"homeward/vault"
)

// kdfTarget is how long one passphrase derivation should take on this device.
const kdfTarget = 750 * time.Millisecond

// demoPassphrase unlocks the demo profile, and is shown on its unlock screen.
const demoPassphrase = "homeward demo"

func main() {
	demoMode := flag.Bool("demo", false, "open a throwaway profile filled with a made-up caseload of 40 children")
	dataDir := flag.String("data", "", "folder to keep profiles in (default: the app's own storage folder)")
	flag.Parse()

	a := fyneapp.NewWithID("org.homeward.app")
	a.SetIcon(kit.Icon())
	root := *dataDir
	if root == "" {
		root = a.Storage().RootURI().Path()
	}
	root, err := filepath.Abs(root)
	if err != nil {
		log.Fatalf("homeward: data folder: %v", err)
	}
	w := a.NewWindow("Homeward")
	w.Resize(fyne.NewSize(display.WindowSize(display.Size())))
	cfg := app.Config{Dir: filepath.Join(root, "profiles"), Create: createProfile}

	if *demoMode {
		dir, s, err := openDemo(root)
		if err != nil {
			log.Fatalf("homeward: demo: %v", err)
		}
		defer os.RemoveAll(dir)
		cfg.Dir, cfg.DemoPassphrase = dir, demoPassphrase
		app.New(a, w, cfg).StartUnlocked(s)
	} else {
		app.New(a, w, cfg).Start()
	}

	// Quit cleanly on a signal, so the demo's folder is removed.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	w.ShowAndRun()
}

// createProfile makes a profile with key derivation calibrated to this device.
func createProfile(path string, p store.Profile, passphrase []byte) (*store.Store, error) {
	kdf, err := vault.Calibrate(kdfTarget)
	if err != nil {
		return nil, err
	}
	return store.Create(path, p, passphrase, kdf)
}

// openDemo makes a throwaway profile in a fresh folder under root, filled with a
// made-up caseload, and returns the folder and the unlocked profile. Demo folders
// left by a run that was killed are removed after an hour.
func openDemo(root string) (string, *store.Store, error) {
	if old, _ := filepath.Glob(filepath.Join(root, "demo-*")); len(old) > 0 {
		for _, d := range old {
			if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > time.Hour {
				os.RemoveAll(d)
			}
		}
	}
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", nil, err
	}
	dir, err := os.MkdirTemp(root, "demo-")
	if err != nil {
		return "", nil, err
	}
	kdf := vault.MinKDF
	kdf.Salt = make([]byte, 16)
	rand.Read(kdf.Salt)
	s, err := store.Create(filepath.Join(dir, "demo.homeward"), store.Profile{Name: "Demo Worker", Role: model.RolePractitioner}, []byte(demoPassphrase), kdf)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	if err := demo.Fill(s, time.Now(), 40, time.Now().UnixNano()); err != nil {
		s.Close()
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("fill: %w", err)
	}
	return dir, s, nil
}
