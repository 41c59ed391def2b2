package kit

import (
	"testing"

	"fyne.io/fyne/v2"
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
