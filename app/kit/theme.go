package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Preference keys for the look of the app. They are per device, not per profile,
// and hold no case data.
const (
	PrefTheme    = "theme"     // "light", "dark" or "" to follow the device
	PrefTextSize = "text_size" // one of TextSizes
)

// TextSize is a text-size setting. Android ignores the system font size in Fyne
// apps, so the app carries its own.
type TextSize struct {
	Name  string
	Label string
	Scale float32
}

// TextSizes are the text sizes a person can choose, the usual one first.
var TextSizes = []TextSize{
	{"normal", "Normal", 1},
	{"large", "Large", 1.2},
	{"larger", "Larger", 1.4},
}

// TextSizeNamed is the text size called name, or the usual one when there is
// none by that name.
func TextSizeNamed(name string) TextSize {
	for _, s := range TextSizes {
		if s.Name == name {
			return s
		}
	}
	return TextSizes[0]
}

// Theme is Homeward's theme: calm colours, a chosen light or dark variant,
// room around controls so every touch target is at least 44 units high, and text
// scaled by the text-size setting.
type Theme struct {
	Variant fyne.ThemeVariant // or FollowDevice
	Scale   float32
}

// FollowDevice is the variant that means "whatever the device uses".
const FollowDevice fyne.ThemeVariant = 99

var _ fyne.Theme = (*Theme)(nil)

var (
	calmTeal      = color.NRGBA{R: 0x1f, G: 0x74, B: 0x72, A: 0xff}
	calmTealDark  = color.NRGBA{R: 0x5f, G: 0xc0, B: 0xba, A: 0xff}
	warmPaper     = color.NRGBA{R: 0xfa, G: 0xf8, B: 0xf4, A: 0xff}
	inkDark       = color.NRGBA{R: 0x1c, G: 0x23, B: 0x2a, A: 0xff}
	nightBlue     = color.NRGBA{R: 0x17, G: 0x1c, B: 0x22, A: 0xff}
	nightInput    = color.NRGBA{R: 0x22, G: 0x29, B: 0x31, A: 0xff}
	softHeader    = color.NRGBA{R: 0xee, G: 0xeb, B: 0xe4, A: 0xff}
	nightHeader   = color.NRGBA{R: 0x20, G: 0x27, B: 0x2e, A: 0xff}
	overdueRed    = color.NRGBA{R: 0xb0, G: 0x26, B: 0x26, A: 0xff}
	overdueRedDk  = color.NRGBA{R: 0xff, G: 0x8a, B: 0x80, A: 0xff}
	dueAmber      = color.NRGBA{R: 0x9a, G: 0x5b, B: 0x00, A: 0xff}
	dueAmberDark  = color.NRGBA{R: 0xff, G: 0xc1, B: 0x5a, A: 0xff}
	goodGreen     = color.NRGBA{R: 0x22, G: 0x70, B: 0x3a, A: 0xff} // 5.1:1 on the header, the palest ground text sits on
	goodGreenDark = color.NRGBA{R: 0x7f, G: 0xd6, B: 0x8f, A: 0xff}
	childModeSky  = color.NRGBA{R: 0xee, G: 0xf5, B: 0xf4, A: 0xff}
	childModeNite = color.NRGBA{R: 0x1a, G: 0x26, B: 0x27, A: 0xff}
)

// ColorNameCalm is the soft background of child mode.
const ColorNameCalm fyne.ThemeColorName = "homewardCalm"

// Color implements fyne.Theme.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.Variant != FollowDevice {
		v = t.Variant
	}
	if v != theme.VariantDark {
		v = theme.VariantLight
	}
	dark := v == theme.VariantDark
	pick := func(light, night color.Color) color.Color {
		if dark {
			return night
		}
		return light
	}
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return pick(calmTeal, calmTealDark)
	case theme.ColorNameForegroundOnPrimary:
		return pick(color.White, nightBlue)
	case theme.ColorNameFocus:
		// Fyne marks a focused button by laying this colour over its own, so it
		// must differ from the primary: a shade of the ink in light, a mid grey
		// in dark (which darkens the light teal and lightens the dark buttons),
		// so that it shows on the primary button as on every other.
		return pick(color.NRGBA{R: 0x1c, G: 0x23, B: 0x2a, A: 0x66}, color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0x99})
	case theme.ColorNameSelection:
		return pick(color.NRGBA{R: 0x1f, G: 0x74, B: 0x72, A: 0x33}, color.NRGBA{R: 0x5f, G: 0xc0, B: 0xba, A: 0x33})
	case theme.ColorNameBackground:
		return pick(warmPaper, nightBlue)
	case theme.ColorNameInputBackground:
		return pick(color.White, nightInput)
	case theme.ColorNameHeaderBackground:
		return pick(softHeader, nightHeader)
	case theme.ColorNameForeground:
		return pick(inkDark, color.NRGBA{R: 0xe8, G: 0xea, B: 0xec, A: 0xff})
	case theme.ColorNameError:
		return pick(overdueRed, overdueRedDk)
	case theme.ColorNameWarning:
		return pick(dueAmber, dueAmberDark)
	case theme.ColorNameSuccess:
		return pick(goodGreen, goodGreenDark)
	case ColorNameCalm:
		return pick(childModeSky, childModeNite)
	}
	return theme.DefaultTheme().Color(n, v)
}

// Font implements fyne.Theme.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

// Icon implements fyne.Theme.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// ScaleOr1 is the text scale, 1 when unset.
func (t *Theme) ScaleOr1() float32 {
	if t.Scale == 0 {
		return 1
	}
	return t.Scale
}

// Size implements fyne.Theme.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	scale := t.ScaleOr1()
	switch n {
	case theme.SizeNameText:
		return 15 * scale
	case theme.SizeNameHeadingText:
		return 24 * scale
	case theme.SizeNameSubHeadingText:
		return 18 * scale
	case theme.SizeNameCaptionText:
		return 13 * scale
	case theme.SizeNameInlineIcon:
		return 22 * scale
	case theme.SizeNameInnerPadding:
		return 12
	case theme.SizeNamePadding:
		return 5
	case theme.SizeNameInputRadius:
		return 6
	case theme.SizeNameScrollBar:
		return 14
	}
	return theme.DefaultTheme().Size(n)
}

// Look is the theme the preferences p choose.
func Look(p fyne.Preferences) *Theme {
	t := &Theme{Variant: FollowDevice, Scale: TextSizeNamed(p.String(PrefTextSize)).Scale}
	switch p.String(PrefTheme) {
	case "light":
		t.Variant = theme.VariantLight
	case "dark":
		t.Variant = theme.VariantDark
	}
	return t
}
