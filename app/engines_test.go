package app

import (
	"errors"
	"os/exec"
	"strings"

	"github.com/ringlet/ringlet/app/browser"

	"github.com/ringlet/ringlet/app/ring"

	"context"
	"testing"

	"fyne.io/fyne/v2"

	"fyne.io/fyne/v2/test"

	"github.com/ringlet/ringlet/app/privacy"
)

func TestPrivacyFindingsAreTranslatedWithTheirFix(t *testing.T) {
	got := fromPrivacy(privacy.Report{Findings: []privacy.Finding{
		{Status: privacy.StatusWarn, Title: privacy.Message{Key: "privacy.camera.not_blurred.title"},
			Text: privacy.Message{Key: "privacy.camera.not_blurred.text"},
			Fix:  privacy.Fix{Kind: privacy.FixTurnCameraOff, ButtonKey: "privacy.fix.turn_camera_off"}},
		{Status: privacy.StatusCantCheck, Title: privacy.Message{Key: "privacy.timeout.title"}},
		{Status: privacy.StatusOK, Title: privacy.Message{Key: "privacy.camera.off.title"}},
		{Status: privacy.StatusInfo, Title: privacy.Message{Key: "privacy.camera.off.title"}},
	}})
	if len(got) != 4 {
		t.Fatalf("got %d findings", len(got))
	}
	if got[0].Status != FindingWarn || got[0].FixKind != FixTurnCameraOff || got[0].FixButton.Key != "privacy.fix.turn_camera_off" {
		t.Errorf("warn finding: %+v", got[0])
	}
	if got[1].Status != FindingUnknown || got[2].Status != FindingOK || got[3].Status != FindingInfo {
		t.Errorf("statuses: %v %v %v", got[1].Status, got[2].Status, got[3].Status)
	}

	// The fix button works in the pre-join screen's banner, and the
	// finding it settled leaves the banner.
	u := newTestUI(t, "en", Options{CheckUp: func(context.Context, CheckRequest) []Finding { return got }})
	u.link.entry.SetText(nativeLink)
	test.Tap(u.link.join)
	var fix *button
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if labelOf(o) == "Turn camera off" {
			fix = o.(*button)
		}
	})
	if fix == nil {
		t.Fatal("no fix button")
	}
	test.Tap(fix)
	fix = nil
	walk(u.win.Content(), func(o fyne.CanvasObject) {
		if labelOf(o) == "Turn camera off" {
			fix = o.(*button)
		}
	})
	if !u.flow.audioOnly || fix != nil {
		t.Error("the camera fix did not choose voice only, or stayed in the banner")
	}
}

func TestSystemRealNameUsesTheAccount(t *testing.T) {
	names := osRealNames()
	if len(names) == 0 || names[len(names)-1] == "" {
		t.Skip("no account name on this system")
	}
	if !systemRealName("Hallo " + names[len(names)-1]) {
		t.Errorf("the login name %q was not recognised", names[len(names)-1])
	}
	if systemRealName("Stille Eule") {
		t.Error("a generated name matched")
	}
}

func TestSystemHandoffPrefillsJitsi(t *testing.T) {
	l, err := ring.Parse("https://meet.jit.si/Mittwochsgruppe")
	if err != nil {
		t.Fatal(err)
	}
	h, err := systemHandoff(l, "Stille Eule", true)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.URL, "displayName") || len(h.Protects) == 0 || len(h.CannotProtect) == 0 {
		t.Errorf("hand-off %+v", h)
	}
	for _, k := range append(h.Protects, h.CannotProtect...) {
		if translate(k, nil) == k {
			t.Errorf("%q is not translated", k)
		}
	}
}

// The try-out once existed only for screenshots: real users saw no
// picture, no meter and no test tone.
func TestWireEnginesFillsThePreviewTryOut(t *testing.T) {
	var opts Options
	wireEngines(&opts)
	if opts.OpenPreview == nil || opts.PlayTestTone == nil {
		t.Fatal("the preview's try-out is not wired to the real devices")
	}
}

// noBrowsers is a computer without any browser Ringlet can start
// privately; opened records what went to the everyday browser.
func noBrowsers(opened *[]string) browser.Options {
	return browser.Options{
		GOOS:        "linux",
		LookPath:    func(string) (string, error) { return "", exec.ErrNotFound },
		Exists:      func(string) bool { return false },
		OpenDefault: func(u string) error { *opened = append(*opened, u); return nil },
		// Even when allowed, openPrivate must not use the fallback.
		AllowDefault: true,
	}
}

func TestOpenPrivateNeverFallsBackByItself(t *testing.T) {
	var opened []string
	_, err := openPrivateWith(context.Background(), noBrowsers(&opened), Handoff{URL: meetLink})
	if !errors.Is(err, errNoPrivateBrowser) {
		t.Fatalf("got %v, want errNoPrivateBrowser", err)
	}
	if len(opened) != 0 {
		t.Fatalf("opened %q in the everyday browser without asking", opened)
	}
}

func TestOpenDefaultUsesOnlyTheEverydayBrowser(t *testing.T) {
	var opened []string
	o := noBrowsers(&opened)
	o.AllowDefault = false
	// A private browser that turned up meanwhile is not started behind
	// the user's back: they agreed to the everyday one.
	o.LookPath = func(name string) (string, error) { return "/usr/bin/" + name, nil }
	o.Command = func(name string, args ...string) *exec.Cmd {
		t.Errorf("started %s", name)
		return exec.Command("false")
	}
	if err := openDefaultWith(o, Handoff{URL: meetLink}); err != nil {
		t.Fatal(err)
	}
	if len(opened) != 1 || opened[0] != meetLink {
		t.Fatalf("everyday browser got %q", opened)
	}
	if err := openDefaultWith(o, Handoff{URL: "--remote-debugging-port=1"}); err == nil {
		t.Error("a link that is no link was handed to the browser")
	}
}
