package access

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"homeward/app/kit"
)

// formPage centres a pre-session form (set-up, unlock) on a scrolling page,
// across and, when it is shorter than the window, from top to bottom.
func formPage(content fyne.CanvasObject) fyne.CanvasObject {
	gap := func() fyne.CanvasObject {
		r := canvas.NewRectangle(color.Transparent)
		r.SetMinSize(fyne.NewSize(1, 24))
		return r
	}
	return kit.Surface(theme.ColorNameBackground, container.NewVScroll(
		kit.Column(620, container.NewPadded(container.NewVBox(gap(), layout.NewSpacer(), kit.Card(content), layout.NewSpacer(), gap())))))
}
