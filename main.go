// Command homeward is the Homeward app for practitioners who hold return home
// interviews with children who have been missing. It opens the unlock screen, or
// set-up on first run; --demo opens a throwaway profile with a made-up caseload.
package main

import (
	_ "embed"
	"flag"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"homeward/app"
	"homeward/app/display"
	"homeward/app/kit"
	_ "homeward/app/locale" // before Fyne reads the locale
	"homeward/demo"
	"homeward/store"
	"homeward/vault"
)

// kdfTarget is how long one passphrase derivation should take on this device.
const kdfTarget = 750 * time.Millisecond

// appToml is the app's metadata for `fyne package`, the one place its version
// is written. A plain `go build` does not give it to Fyne, so it is read here.
//
//go:embed FyneApp.toml
var appToml string

// version is the app's version from FyneApp.toml, with its build number and,
// when the binary was built from a git checkout, the commit.
func version() string {
	field := func(name string) string {
		m := regexp.MustCompile(`(?m)^` + name + `\s*=\s*"?([^"\n]*)"?\s*$`).FindStringSubmatch(appToml)
		if m == nil {
			return ""
		}
		return m[1]
	}
	v := field("Version") + " (build " + field("Build")
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 7 {
				v += ", " + s.Value[:7]
			}
		}
	}
	return v + ")"
}

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
	cfg := app.Config{Dir: filepath.Join(root, "profiles"), Create: createProfile, Version: version()}

	if *demoMode {
		dir, s, err := demo.Open(root, 40)
		if err != nil {
			log.Fatalf("homeward: demo: %v", err)
		}
		defer demo.Remove(dir)
		cfg.Dir, cfg.DemoPassphrase = dir, demo.Passphrase
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
