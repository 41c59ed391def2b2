package access

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"homeward/app/kit"
)

// formPage centres a pre-session form (set-up, unlock) on a scrolling page.
func formPage(content fyne.CanvasObject) fyne.CanvasObject {
	gap := canvas.NewRectangle(color.Transparent)
	gap.SetMinSize(fyne.NewSize(1, 24))
	return kit.Surface(theme.ColorNameBackground, container.NewVScroll(
		kit.Column(620, container.NewPadded(container.NewVBox(gap, kit.Card(content))))))
}
