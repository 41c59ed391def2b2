package kit

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// iconFile is the icon FyneApp.toml names, at the root of the repository.
var iconFile = filepath.Join("..", "..", "Icon.png")

// TestIcon checks that Icon.png is the icon the app draws, so the packaged icon
// and the window's never drift apart. HOMEWARD_WRITE_ICON=1 writes it afresh.
func TestIcon(t *testing.T) {
	want := drawIcon(512)
	if os.Getenv("HOMEWARD_WRITE_ICON") == "1" {
		f, err := os.Create(iconFile)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, want); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(iconFile)
	if err != nil {
		t.Fatalf("%v (run with HOMEWARD_WRITE_ICON=1 to make it)", err)
	}
	defer f.Close()
	got, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("Icon.png is %v, want %v", got.Bounds(), want.Bounds())
	}
	for y := 0; y < 512; y += 7 {
		for x := 0; x < 512; x += 7 {
			if !sameColor(got, want, x, y) {
				t.Fatalf("Icon.png differs from the drawn icon at %d,%d (run with HOMEWARD_WRITE_ICON=1)", x, y)
			}
		}
	}
	if Icon() == nil {
		t.Fatal("no icon resource")
	}
}

func sameColor(a, b image.Image, x, y int) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}
