package childmode

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"homeward/app/kit"
	"homeward/assets"
)

// Picture is the face drawn for feeling id (feel.safe is assets'
// feelings/safe.svg), or false when there is none.
func Picture(id string) (fyne.Resource, bool) {
	name := strings.TrimPrefix(id, "feel.") + ".svg"
	b, err := assets.Feelings.ReadFile("feelings/" + name)
	if err != nil {
		return nil, false
	}
	return fyne.NewStaticResource(name, b), true
}

// feelingsView is a grid of large faces, each with its word, that fills the
// space there is: a feeling is chosen by tapping its face, and shown as chosen
// by a ring and a tick as well as by colour.
func (cm *Screen) feelingsView() fyne.CanvasObject {
	cm.Feelings = nil
	grid := container.New(&fillGrid{})
	for _, f := range cm.s.env.Cat.Feelings {
		b := cm.s.env.Button("", nil, nil)
		// At the size of the rest of the child's text, so that six fit across a
		// landscape screen at the largest text size.
		word := widget.NewLabel(f.Label)
		word.Alignment = fyne.TextAlignCenter
		var face fyne.CanvasObject = layout.NewSpacer()
		if res, ok := Picture(f.ID); ok {
			img := canvas.NewImageFromResource(res)
			img.FillMode = canvas.ImageFillContain
			img.SetMinSize(fyne.NewSquareSize(48))
			face = img
		}
		ring := canvas.NewRectangle(tint(theme.Color(theme.ColorNamePrimary)))
		ring.StrokeColor = theme.Color(theme.ColorNamePrimary)
		ring.StrokeWidth = 6
		ring.CornerRadius = theme.InputRadiusSize()
		tick := canvas.NewImageFromResource(theme.NewPrimaryThemedResource(theme.ConfirmIcon()))
		tick.SetMinSize(fyne.NewSquareSize(2 * theme.IconInlineSize()))
		mark := func() {
			on := cm.Chosen[f.ID]
			ring.Hidden, tick.Hidden = !on, !on
			word.TextStyle.Bold = on
			ring.Refresh()
			word.Refresh()
			tick.Refresh()
		}
		b.OnTapped = func() {
			cm.s.env.Touch()
			cm.Chosen[f.ID] = !cm.Chosen[f.ID]
			mark()
			cm.changed()
		}
		mark()
		cm.Feelings = append(cm.Feelings, b)
		grid.Add(container.NewStack(b, ring,
			container.NewPadded(container.NewBorder(nil, word, nil, nil, face)),
			container.NewVBox(container.NewHBox(layout.NewSpacer(), tick))))
	}
	return container.NewBorder(kit.Subheading("How do you feel? Tap as many as you like."), nil, nil, nil, grid)
}

// tint is c, faint enough to lay over a face without hiding it.
func tint(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x38}
}

// fillGrid lays out cells of equal size in the number of columns that makes
// them largest while filling all the room there is, so that the faces fill the
// screen in portrait and landscape alike. It needs the room of four columns.
type fillGrid struct{}

const fillGridMinColumns = 4

// cell is the least room any cell needs.
func (fillGrid) cell(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

// MinSize implements fyne.Layout.
func (g fillGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	cols := min(fillGridMinColumns, len(objs))
	return g.need(g.cell(objs), cols, rowsOf(len(objs), cols))
}

// need is the room of cols columns and rows rows of cells of size cell.
func (fillGrid) need(cell fyne.Size, cols, rows int) fyne.Size {
	p := theme.Padding()
	return fyne.NewSize(float32(cols)*cell.Width+float32(cols-1)*p, float32(rows)*cell.Height+float32(rows-1)*p)
}

func rowsOf(n, cols int) int { return (n + cols - 1) / cols }

// Layout implements fyne.Layout.
func (g fillGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	n := len(objs)
	if n == 0 {
		return
	}
	p := theme.Padding()
	cell := g.cell(objs)
	best, bestSide := min(fillGridMinColumns, n), float32(-1)
	for cols := 1; cols <= n; cols++ {
		rows := rowsOf(n, cols)
		need := g.need(cell, cols, rows)
		if need.Width > size.Width || need.Height > size.Height {
			continue
		}
		w := (size.Width - float32(cols-1)*p) / float32(cols)
		h := (size.Height - float32(rows-1)*p) / float32(rows)
		if side := min(w, h); side > bestSide {
			best, bestSide = cols, side
		}
	}
	rows := rowsOf(n, best)
	w := (size.Width - float32(best-1)*p) / float32(best)
	h := (size.Height - float32(rows-1)*p) / float32(rows)
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i%best)*(w+p), float32(i/best)*(h+p)))
		o.Resize(fyne.NewSize(w, h))
	}
}
