// Package display tells main how big the display is before the first window
// opens, so the window can start at a size that fits: landscape on a landscape
// display, portrait on a portrait one. Fyne has no way to ask.
package display

// WindowSize is the starting window size for a display of w by h pixels: a
// 1280 by 800 tablet's worth, turned to match the display and no bigger than it.
// Without a display size it is 1280 by 800.
func WindowSize(w, h int, known bool) (float32, float32) {
	long, short := 1280, 800
	if !known {
		return float32(long), float32(short)
	}
	if h > w {
		return float32(min(short, w)), float32(min(long, h))
	}
	return float32(min(long, w)), float32(min(short, h))
}
