// Package locale makes the process locale one that Fyne can read, before Fyne
// reads it. Fyne's lang package reads LC_ALL, LC_MESSAGES and LANG in its own
// init and prints an error for "C", "C.UTF-8" or "POSIX", which minimal systems
// and containers use. Importing this package for its side effect, from main,
// sets LANG=en_GB.UTF-8 in that case. The Go specification initialises packages
// in import-path order as soon as their imports are ready, so this package,
// which needs only os, runs before Fyne's lang package, which needs
// text/template and with it os.
package locale

import (
	"os"
	"strings"
)

// Fallback is the locale used when the environment's cannot be read.
const Fallback = "en_GB.UTF-8"

func init() { Fix() }

// Fix sets LANG to Fallback, and clears LC_ALL and LC_MESSAGES, when the first of
// them that is set names the C or POSIX locale, or none is set. It reports
// whether it changed anything.
func Fix() bool {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if lang, _, _ := strings.Cut(v, "."); lang != "C" && lang != "POSIX" {
			return false
		}
		os.Unsetenv(name)
	}
	os.Setenv("LANG", Fallback)
	return true
}
