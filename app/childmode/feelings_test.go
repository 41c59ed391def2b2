package childmode

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"homeward/assets"
	"homeward/model"
)

// TestEveryFeelingHasAFace checks that each feeling of the catalogue has a
// face that is well-formed SVG, and that no face is left over.
func TestEveryFeelingHasAFace(t *testing.T) {
	used := map[string]bool{}
	for _, f := range model.DefaultCatalogue().Feelings {
		res, ok := Picture(f.ID)
		if !ok {
			t.Errorf("no face for %s", f.ID)
			continue
		}
		used[res.Name()] = true
		d := xml.NewDecoder(bytes.NewReader(res.Content()))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("the face for %s is not well-formed: %v", f.ID, err)
				break
			}
		}
	}
	files, err := fs.Glob(assets.Feelings, "feelings/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if name := strings.TrimPrefix(f, "feelings/"); !used[name] {
			t.Errorf("%s is the face of no feeling", f)
		}
	}
}

// TestFillGrid lays twelve cells out in the columns that make them largest
// while filling the room: six across a landscape screen, three down a portrait
// one, and four, its least, when nothing fits.
func TestFillGrid(t *testing.T) {
	test.NewTempApp(t)
	var cells []fyne.CanvasObject
	for range 12 {
		r := canvas.NewRectangle(nil)
		r.SetMinSize(fyne.NewSize(150, 110))
		cells = append(cells, r)
	}
	for _, tt := range []struct {
		name string
		size fyne.Size
		cols int
	}{
		{"landscape", fyne.NewSize(1240, 460), 6},
		{"portrait", fyne.NewSize(760, 960), 3},
		{"too small", fyne.NewSize(300, 300), 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			g := fillGrid{}
			g.Layout(cells, tt.size)
			cols := 0
			for _, c := range cells {
				if c.Position().Y == 0 {
					cols++
				}
			}
			if cols != tt.cols {
				t.Errorf("%d columns, want %d", cols, tt.cols)
			}
			if tt.cols != 4 {
				last := cells[len(cells)-1]
				if right, bottom := last.Position().X+last.Size().Width, last.Position().Y+last.Size().Height; right < tt.size.Width-1 || bottom < tt.size.Height-1 {
					t.Errorf("the cells end at %.0f, %.0f in %v: they do not fill it", right, bottom, tt.size)
				}
			}
		})
	}
	p := theme.Padding()
	if got, want := (fillGrid{}).MinSize(cells), fyne.NewSize(4*150+3*p, 3*110+2*p); got != want {
		t.Errorf("MinSize = %v, want %v, the room of four columns", got, want)
	}
}
