package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme choices as stored in preferences.
const (
	themeSystem   = ""
	themeLight    = "light"
	themeDark     = "dark"
	themeContrast = "contrast"
)

// Text size choices as stored in preferences.
const (
	textNormal = ""
	textLarge  = "large"
	textLarger = "larger"
)

func textScale(size string) float32 {
	switch size {
	case textLarge:
		return 1.25
	case textLarger:
		return 1.5
	}
	return 1
}

// ringletTheme is Fyne's default theme with a chosen light/dark variant, a
// high-contrast palette and larger text for people who need it. Sizes grow
// with the text so that buttons still fit their labels.
type ringletTheme struct {
	base     fyne.Theme
	variant  string
	scale    float32
	contrast bool
}

func newTheme(choice, textSize string) *ringletTheme {
	return &ringletTheme{
		base:     theme.DefaultTheme(),
		variant:  choice,
		scale:    textScale(textSize),
		contrast: choice == themeContrast,
	}
}

func (t *ringletTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch t.variant {
	case themeLight:
		v = theme.VariantLight
	case themeDark:
		v = theme.VariantDark
	case themeContrast:
		if c, ok := contrastColors[n]; ok {
			return c
		}
		v = theme.VariantDark
	}
	if c, ok := accessibleColors[v][n]; ok {
		return c
	}
	if n == theme.ColorNameFocus {
		// Fyne's own focus tint is 16 % blue in the light theme, hard to
		// see; someone working by keyboard must always see where they are.
		r, g, b, _ := t.base.Color(theme.ColorNamePrimary, v).RGBA()
		return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x90}
	}
	return t.base.Color(n, v)
}

// accessibleColors replace the Fyne defaults that fall short of WCAG AA
// (4.5:1) for text: white on the primary blue was 4.47:1, a disabled
// button's label 1.26:1, orange and green labels on white about 2:1.
// The dark variant puts dark text on a lighter blue: no blue is both
// light enough for blue text on the dark window and dark enough for white
// text on it. TestEveryTextMeetsWCAGAA holds every pair to 4.5:1.
var accessibleColors = map[fyne.ThemeVariant]map[fyne.ThemeColorName]color.Color{
	theme.VariantLight: {
		theme.ColorNamePrimary:             color.RGBA{R: 0x1a, G: 0x5f, B: 0xd6, A: 0xff},
		theme.ColorNameHyperlink:           color.RGBA{R: 0x1a, G: 0x5f, B: 0xd6, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.White,
		theme.ColorNameError:               color.RGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff},
		theme.ColorNameForegroundOnError:   color.White,
		theme.ColorNameWarning:             color.RGBA{R: 0xa3, G: 0x5c, B: 0x00, A: 0xff},
		theme.ColorNameForegroundOnWarning: color.White,
		theme.ColorNameSuccess:             color.RGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff},
		theme.ColorNameForegroundOnSuccess: color.White,
		theme.ColorNamePlaceHolder:         color.Gray{Y: 0x63},
		theme.ColorNameDisabled:            color.Gray{Y: 0x60},
	},
	theme.VariantDark: {
		theme.ColorNamePrimary:             color.RGBA{R: 0x5c, G: 0x9d, B: 0xff, A: 0xff},
		theme.ColorNameHyperlink:           color.RGBA{R: 0x5c, G: 0x9d, B: 0xff, A: 0xff},
		theme.ColorNameForegroundOnPrimary: color.Black,
		theme.ColorNameDisabled:            color.Gray{Y: 0x9a},
	},
}

// contrastColors: white on black, yellow for what can be pressed or has
// focus, following common high-contrast schemes.
var contrastColors = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          color.Black,
	theme.ColorNameForeground:          color.White,
	theme.ColorNameButton:              color.Gray{Y: 0x20},
	theme.ColorNameInputBackground:     color.Black,
	theme.ColorNameInputBorder:         color.White,
	theme.ColorNameMenuBackground:      color.Black,
	theme.ColorNameOverlayBackground:   color.Black,
	theme.ColorNamePrimary:             color.RGBA{R: 0xff, G: 0xe0, B: 0x00, A: 0xff},
	theme.ColorNameForegroundOnPrimary: color.Black,
	theme.ColorNameFocus:               color.RGBA{R: 0xff, G: 0xe0, B: 0x00, A: 0xff},
	theme.ColorNameHover:               color.Gray{Y: 0x40},
	theme.ColorNamePressed:             color.Gray{Y: 0x60},
	theme.ColorNameSelection:           color.RGBA{R: 0x60, G: 0x50, B: 0x00, A: 0xff},
	theme.ColorNameSeparator:           color.White,
	theme.ColorNameDisabled:            color.Gray{Y: 0xa0},
	theme.ColorNameDisabledButton:      color.Gray{Y: 0x30},
	theme.ColorNamePlaceHolder:         color.Gray{Y: 0xc0},
	theme.ColorNameError:               color.RGBA{R: 0xff, G: 0x80, B: 0x80, A: 0xff},
	theme.ColorNameWarning:             color.RGBA{R: 0xff, G: 0xb0, B: 0x40, A: 0xff},
	theme.ColorNameSuccess:             color.RGBA{R: 0x80, G: 0xff, B: 0x80, A: 0xff},
	theme.ColorNameHyperlink:           color.RGBA{R: 0x80, G: 0xd0, B: 0xff, A: 0xff},
	theme.ColorNameShadow:              color.Transparent,
}

func (t *ringletTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base.Font(s) }
func (t *ringletTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *ringletTheme) Size(n fyne.ThemeSizeName) float32 {
	s := t.base.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return s * t.scale
	case theme.SizeNameInputBorder, theme.SizeNameSelectionRadius:
		if t.contrast {
			return s * 2
		}
	}
	return s
}

// applyTheme sets the theme from the stored preferences.
func (u *ui) applyTheme() {
	u.app.Settings().SetTheme(newTheme(u.prefs.get(prefTheme), u.prefs.get(prefTextSize)))
}
