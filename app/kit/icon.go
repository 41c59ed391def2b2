package kit

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"

	"fyne.io/fyne/v2"
)

// drawIcon draws Homeward's icon: a light house with a lit window on a calm teal
// tile. Each pixel averages 4x4 samples so the edges are smooth.
func drawIcon(size int) *image.NRGBA {
	teal := color.NRGBA{R: 0x1f, G: 0x74, B: 0x72, A: 0xff}
	paper := color.NRGBA{R: 0xfa, G: 0xf8, B: 0xf4, A: 0xff}
	light := color.NRGBA{R: 0xf2, G: 0xb5, B: 0x44, A: 0xff}
	type shape struct {
		in func(x, y float64) bool
		c  color.NRGBA
	}
	rect := func(x0, y0, x1, y1 float64) func(x, y float64) bool {
		return func(x, y float64) bool { return x >= x0 && x <= x1 && y >= y0 && y <= y1 }
	}
	roundRect := func(x0, y0, x1, y1, r float64) func(x, y float64) bool {
		return func(x, y float64) bool {
			cx := math.Max(x0+r, math.Min(x, x1-r))
			cy := math.Max(y0+r, math.Min(y, y1-r))
			return x >= x0 && x <= x1 && y >= y0 && y <= y1 && math.Hypot(x-cx, y-cy) <= r
		}
	}
	roof := func(x, y float64) bool {
		// A triangle with its apex at (0.5, 0.17) and its eaves at y = 0.5.
		if y < 0.17 || y > 0.5 {
			return false
		}
		half := (y - 0.17) / 0.33 * 0.34
		return math.Abs(x-0.5) <= half
	}
	door := func(x, y float64) bool {
		return rect(0.435, 0.63, 0.565, 0.8)(x, y) || math.Hypot(x-0.5, y-0.63) <= 0.065
	}
	window := func(x, y float64) bool { return math.Hypot(x-0.5, y-0.4) <= 0.05 }
	shapes := []shape{
		{roundRect(0, 0, 1, 1, 0.22), teal},
		{roof, paper},
		{rect(0.26, 0.46, 0.74, 0.8), paper},
		{door, teal},
		{window, light},
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					var c color.NRGBA
					for _, s := range shapes {
						if s.in(x, y) {
							c = s.c
						}
					}
					fa := float64(c.A) / 255
					r += float64(c.R) * fa
					g += float64(c.G) * fa
					b += float64(c.B) * fa
					a += fa
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)), G: uint8(math.Round(g / a)), B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a / ss / ss * 255)),
			})
		}
	}
	return img
}

// Icon is Homeward's icon as a PNG resource, for the window and the app.
func Icon() fyne.Resource {
	var buf bytes.Buffer
	if err := png.Encode(&buf, drawIcon(256)); err != nil {
		return nil
	}
	return fyne.NewStaticResource("Icon.png", buf.Bytes())
}
