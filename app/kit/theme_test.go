package kit

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TestTouchTargets checks that the controls people tap are at least 44 units
// high at every text size.
func TestTouchTargets(t *testing.T) {
	for _, ts := range TextSizes {
		t.Run(ts.Name, func(t *testing.T) {
			a := test.NewTempApp(t)
			a.Settings().SetTheme(&Theme{Variant: FollowDevice, Scale: ts.Scale})
			controls := map[string]fyne.CanvasObject{
				"button": widget.NewButton("Save", nil),
				"entry":  widget.NewEntry(),
				"check":  widget.NewCheck("Looked after", nil),
				"radio":  widget.NewRadioGroup([]string{"Yes"}, nil),
				"select": widget.NewSelect([]string{"Foster care"}, nil),
			}
			for name, c := range controls {
				if h := c.MinSize().Height; h < 44 {
					t.Errorf("%s is %v high, want at least 44", name, h)
				}
			}
		})
	}
}

func TestThemeVariants(t *testing.T) {
	light := &Theme{Variant: theme.VariantLight}
	dark := &Theme{Variant: theme.VariantDark}
	if light.Color(theme.ColorNameBackground, theme.VariantDark) == dark.Color(theme.ColorNameBackground, theme.VariantDark) {
		t.Error("a chosen light theme follows the device's dark variant")
	}
	large := &Theme{Scale: TextSizeNamed("larger").Scale}
	if large.Size(theme.SizeNameText) <= (&Theme{}).Size(theme.SizeNameText) {
		t.Error("larger text is not larger")
	}
	if TextSizeNamed("nonsense").Name != "normal" {
		t.Error("an unknown text size does not fall back to normal")
	}
}

// The colours text is written in stand out from the backgrounds it is written
// on, in both variants, by at least the 4.5:1 that WCAG AA asks of ordinary text
// (issue 11, item 10: the green of a good passphrase was too faint in light).
func TestTextContrast(t *testing.T) {
	texts := []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameSuccess, theme.ColorNameWarning, theme.ColorNameError, theme.ColorNamePrimary, theme.ColorNameHyperlink}
	grounds := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameHeaderBackground}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := &Theme{Variant: v}
		for _, fg := range texts {
			for _, bg := range grounds {
				if r := contrast(th.Color(fg, v), th.Color(bg, v)); r < 4.5 {
					t.Errorf("variant %d: %s on %s has a contrast of %.2f:1, want at least 4.5:1", v, fg, bg, r)
				}
			}
		}
	}
}

// contrast is the WCAG contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// luminance is the WCAG relative luminance of c.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// A focused button looks different from the same button unfocused, the primary
// one above all (Fyne lays the focus colour over the button's own), and its
// words stay readable (issue 11, item 10).
func TestFocusedButtonStandsOut(t *testing.T) {
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		a := test.NewTempApp(t)
		a.Settings().SetTheme(&Theme{Variant: v})
		for _, imp := range []widget.Importance{widget.HighImportance, widget.MediumImportance, widget.DangerImportance} {
			b := widget.NewButton("Save", nil)
			b.Importance = imp
			w := a.NewWindow("x")
			w.SetContent(b)
			bg := func() color.Color {
				for _, o := range test.WidgetRenderer(b).Objects() {
					if r, ok := o.(*canvas.Rectangle); ok && r.FillColor != nil {
						return r.FillColor
					}
				}
				t.Fatal("no background drawn")
				return nil
			}
			still := bg()
			w.Canvas().Focus(b)
			focused := bg()
			if r := contrast(still, focused); r < 1.4 {
				t.Errorf("variant %d, importance %d: focused and not differ by %.2f:1, want at least 1.4:1", v, imp, r)
			}
			fg := a.Settings().Theme().Color(theme.ColorNameForeground, v)
			switch imp {
			case widget.HighImportance:
				fg = a.Settings().Theme().Color(theme.ColorNameForegroundOnPrimary, v)
			case widget.DangerImportance:
				fg = a.Settings().Theme().Color(theme.ColorNameForegroundOnError, v)
			}
			if r := contrast(fg, focused); r < 4.5 {
				t.Errorf("variant %d, importance %d: the words on a focused button have %.2f:1", v, imp, r)
			}
			w.Close()
		}
	}
}
