package app

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2's relative luminance of an opaque colour.
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

// over lays a possibly translucent colour over an opaque one.
func over(fg, bg color.Color) color.Color {
	fr, fg2, fb, fa := fg.RGBA()
	br, bg2, bb, _ := bg.RGBA()
	mix := func(f, b uint32) uint16 { return uint16((f*0xffff + b*(0xffff-fa)) / 0xffff) }
	_ = fr
	return color.RGBA64{R: mix(fr, br), G: mix(fg2, bg2), B: mix(fb, bb), A: 0xffff}
}

// contrast is WCAG 2's contrast ratio of text fg on bg.
func contrast(fg, bg color.Color) float64 {
	bg = over(bg, color.Black)
	fg = over(fg, bg)
	a, b := luminance(fg), luminance(bg)
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}

// textOn lists every text colour Ringlet draws and what it is drawn on:
// labels of each importance on the window, button labels on their
// button of each importance, disabled buttons, fields.
var textOn = [][2]fyne.ThemeColorName{
	{theme.ColorNameForeground, theme.ColorNameBackground},
	{theme.ColorNamePrimary, theme.ColorNameBackground},   // high-importance label
	{theme.ColorNameWarning, theme.ColorNameBackground},   // warning label
	{theme.ColorNameError, theme.ColorNameBackground},     // danger label
	{theme.ColorNameSuccess, theme.ColorNameBackground},   // success label
	{theme.ColorNameHyperlink, theme.ColorNameBackground}, // links
	{theme.ColorNameForeground, theme.ColorNameButton},    // medium button
	{theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
	{theme.ColorNameForegroundOnError, theme.ColorNameError},
	{theme.ColorNameForegroundOnWarning, theme.ColorNameWarning},
	{theme.ColorNameForegroundOnSuccess, theme.ColorNameSuccess},
	{theme.ColorNameDisabled, theme.ColorNameDisabledButton}, // disabled button
	{theme.ColorNameDisabled, theme.ColorNameBackground},     // disabled check box
	{theme.ColorNameForeground, theme.ColorNameInputBackground},
	{theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
}

// Every text and button meets WCAG AA (4.5:1) in every theme and variant.
func TestEveryTextMeetsWCAGAA(t *testing.T) {
	for _, choice := range []string{themeSystem, themeLight, themeDark, themeContrast} {
		th := newTheme(choice, textNormal)
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			for _, p := range textOn {
				fg, bg := th.Color(p[0], v), th.Color(p[1], v)
				// A translucent surface is drawn on the window.
				bg = over(bg, over(th.Color(theme.ColorNameBackground, v), color.Black))
				if r := contrast(fg, bg); r < 4.5 {
					t.Errorf("theme %q variant %d: %s on %s is %s:1", choice, v, p[0], p[1], fmt.Sprintf("%.2f", r))
				}
			}
		}
	}
}
