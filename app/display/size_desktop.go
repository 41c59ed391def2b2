//go:build !android && !ios && !js && !wasm

package display

import "github.com/go-gl/glfw/v3.3/glfw"

// Size is the primary display's size in pixels, when it can be known. It must be
// called on the main goroutine before the app runs; GLFW's initialisation is
// shared with Fyne's.
func Size() (w, h int, ok bool) {
	if err := glfw.Init(); err != nil {
		return 0, 0, false
	}
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return 0, 0, false
	}
	mode := m.GetVideoMode()
	if mode == nil {
		return 0, 0, false
	}
	return mode.Width, mode.Height, true
}
