package pagetest

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// place puts o at x, y with size w, h in a container without a layout.
func place(o fyne.CanvasObject, x, y, w, h float32) fyne.CanvasObject {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	return o
}

// The check looks below the fold of a scroll area, as a person scrolls there,
// and compares what is in it with what is outside it only where it is in view.
func TestLayoutProblemsBelowTheFold(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewWindow(nil)
	defer w.Close()
	w.Resize(fyne.NewSize(400, 300))
	due := widget.NewLabel("Return home interview overdue by 57 hours")
	due.Truncation = fyne.TextTruncateEllipsis
	placed := container.NewWithoutLayout(
		place(widget.NewButton("Top", nil), 0, 0, 200, 40),
		// Far below what is in view: two buttons drawn over each other, and
		// the urgent words cut short.
		place(widget.NewButton("Save", nil), 0, 900, 200, 40),
		place(widget.NewButton("Discard", nil), 100, 910, 200, 40),
		place(due, 0, 1000, 80, 40),
		// Where the footer would be, were the content not scrolled.
		place(widget.NewButton("Under the footer", nil), 0, 260, 200, 40),
	)
	tall := canvas.NewRectangle(color.Transparent)
	tall.SetMinSize(fyne.NewSize(400, 1100))
	scroll := container.NewVScroll(container.NewStack(tall, placed))
	footer := widget.NewButton("Footer", nil)
	root := container.NewWithoutLayout(place(scroll, 0, 0, 400, 240), place(footer, 0, 250, 400, 50))
	w.SetContent(root)
	root.Resize(fyne.NewSize(400, 300))
	got := strings.Join(LayoutProblems(w), "\n")
	for _, want := range []string{`button "Save" and button "Discard" overlap`, `"Return home interview overdue by 57 hours" is cut short`} {
		if !strings.Contains(got, want) {
			t.Errorf("below the fold, no %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Footer") {
		t.Errorf("what is scrolled out of view was compared with the footer:\n%s", got)
	}
}
