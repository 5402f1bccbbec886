package app

import (
	"context"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/app/remember"
	"github.com/ringlet/ringlet/media/call"
)

// Golden renderings of the key screens. After a deliberate change of a
// screen, delete the file in testdata/ and run the test once: Fyne writes
// the new rendering to testdata/failed/, to look at and copy over.

func capture(t *testing.T, u *ui, name string) {
	t.Helper()
	// Wrapped labels learn their height from their width; one more layout
	// pass lets the test canvas settle as a real window does.
	u.win.Content().Refresh()
	test.AssertImageMatches(t, name, u.win.Canvas().Capture())
}

func TestGoldenLinkScreen(t *testing.T) {
	for _, l := range []string{"en", "de"} {
		u := newTestUI(t, l, Options{Random: zeroReader{}})
		u.link.entry.SetText(screenshotLink)
		capture(t, u, "link_valid."+l+".png")
		u.link.entry.SetText("https://zoom.us@evil.example/j/1")
		capture(t, u, "link_error."+l+".png")
	}
}

func TestGoldenFlowScreens(t *testing.T) {
	for _, l := range []string{"en", "de"} {
		u, _ := joinedUI(t, l, Options{Random: zeroReader{}, CheckUp: screenshotFindings})
		for _, ev := range newScreenshotCall().script() {
			u.apply(ev)
		}
		u.apply(call.Recording{On: true})
		u.call.showFrame("2", testPicture())
		capture(t, u, "call."+l+".png")

		u.leave()
		capture(t, u, "left."+l+".png")

		u.showLinkStep(opening{text: nativeLink})
		test.Tap(u.link.join)
		capture(t, u, "join."+l+".png")
		u.showCheckStep()
		capture(t, u, "checkup."+l+".png")
	}
}

func TestGoldenHandoff(t *testing.T) {
	// With the check-up's banner: for a hand-off a Google sign-in matters.
	u := newTestUI(t, "de", Options{Random: zeroReader{}, CheckUp: screenshotFindings,
		OpenPrivate: func(context.Context, Handoff) (<-chan error, error) { return nil, nil }})
	u.link.entry.SetText(meetLink)
	test.Tap(u.link.join)
	capture(t, u, "handoff.de.png")
}

func TestGoldenHighContrastLargeText(t *testing.T) {
	t.Setenv("LANGUAGE", "de")
	a := test.NewTempApp(t)
	// Stored before start, as after a restart: the theme applies from the
	// first screen on.
	a.Preferences().SetString(string(prefTheme), themeContrast)
	a.Preferences().SetString(string(prefTextSize), textLarger)
	u := newUI(Options{App: a, Random: zeroReader{}, RealName: func(string) bool { return false }})
	u.async = func(f func()) { f() }
	u.start([]string{nativeLink})
	capture(t, u, "link_contrast_larger.de.png")
	applyLanguage("en")
}

// testPicture stands in for a participant's video frame.
func testPicture() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 160, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 160; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(60 + y), B: 140, A: 255})
		}
	}
	return img
}

func TestGoldenCallWithLargeText(t *testing.T) {
	t.Setenv("LANGUAGE", "de")
	a := test.NewTempApp(t)
	a.Preferences().SetString(string(prefTheme), themeContrast)
	a.Preferences().SetString(string(prefTextSize), textLarger)
	c := newFakeCall()
	u := newUI(Options{App: a, Random: zeroReader{}, RealName: func(string) bool { return false },
		Join: func(context.Context, JoinRequest) (Call, error) { return c, nil }})
	u.async = func(f func()) { f() }
	u.start([]string{nativeLink})
	test.Tap(u.link.join)
	u.join()
	for _, ev := range newScreenshotCall().script() {
		u.apply(ev)
	}
	capture(t, u, "call_contrast_larger.de.png")
	applyLanguage("en")
}

func TestGoldenSettings(t *testing.T) {
	u := newTestUI(t, "de", Options{Random: zeroReader{}})
	u.showSettings()
	capture(t, u, "settings.de.png")
}

func TestGoldenJoinWithRemember(t *testing.T) {
	mem := &memoryRemember{m: map[string]remember.Secret{}}
	u := newTestUI(t, "de", Options{Random: zeroReader{}, Remember: mem})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	capture(t, u, "join_remember.de.png")
}

func TestGoldenJoinError(t *testing.T) {
	u := newTestUI(t, "de", Options{Random: zeroReader{},
		Join: func(context.Context, JoinRequest) (Call, error) { return nil, errNoNativeJoin }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	u.join()
	capture(t, u, "join_error.de.png")
}

func TestGoldenCloseDuringCall(t *testing.T) {
	u, _ := joinedUI(t, "de", Options{Random: zeroReader{}})
	u.onCloseRequested()
	capture(t, u, "close_during_call.de.png")
}
