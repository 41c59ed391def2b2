package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// backdrop lies under a screen and counts the pointer moving or tapping where no
// control handles it as activity, for the idle lock.
type backdrop struct {
	widget.BaseWidget
	u *UI
}

func newBackdrop(u *UI) *backdrop {
	b := &backdrop{u: u}
	b.ExtendBaseWidget(b)
	return b
}

// CreateRenderer implements fyne.Widget.
func (b *backdrop) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// MouseIn implements desktop.Hoverable.
func (b *backdrop) MouseIn(*desktop.MouseEvent) { b.u.touch() }

// MouseMoved implements desktop.Hoverable.
func (b *backdrop) MouseMoved(*desktop.MouseEvent) { b.u.touch() }

// MouseOut implements desktop.Hoverable.
func (b *backdrop) MouseOut() {}

// Tapped implements fyne.Tappable.
func (b *backdrop) Tapped(*fyne.PointEvent) { b.u.touch() }

var (
	_ desktop.Hoverable = (*backdrop)(nil)
	_ fyne.Tappable     = (*backdrop)(nil)
)
