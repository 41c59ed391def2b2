//go:build android || ios || js || wasm

package display

// Size is unknown here: on a phone or tablet the window fills the display.
func Size() (w, h int, ok bool) { return 0, 0, false }
