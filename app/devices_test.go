package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestDeviceChoiceIsKeptAsATokenAndCamerasAreListedOnlyWithCamera(t *testing.T) {
	var asked []DeviceKind
	list := func(k DeviceKind) []DeviceInfo {
		asked = append(asked, k)
		switch k {
		case DeviceMicrophone:
			return []DeviceInfo{{ID: "mic-1", Label: "Built-in", Default: true}, {ID: "mic-2", Label: "Annas Headset"}}
		case DeviceCamera:
			return []DeviceInfo{{ID: "usb-Logi_C920_SERIAL123-video-index0", Label: "C920"}}
		}
		return nil
	}
	var got JoinRequest
	a := test.NewTempApp(t)
	t.Setenv("LANGUAGE", "en")
	spy := &spyPrefs{Preferences: a.Preferences(), written: map[string]bool{}}
	u := newUI(Options{App: a, Preferences: spy, Random: zeroReader{}, ListDevices: list,
		RealName: func(string) bool { return false },
		Join:     func(_ context.Context, req JoinRequest) (Call, error) { got = req; return newFakeCall(), nil }})
	u.async = func(f func()) { f() }
	u.start([]string{nativeLink})
	test.Tap(u.link.join)
	for _, k := range asked {
		if k == DeviceCamera {
			t.Fatal("cameras were listed in voice-only mode")
		}
	}
	u.preview.microphone.sel.SetSelectedIndex(2) // "Annas Headset"
	stored := a.Preferences().String(string(prefMicrophone))
	if stored == "" || strings.Contains(stored, "mic") || strings.Contains(stored, "Anna") {
		t.Fatalf("stored %q for the microphone", stored)
	}
	test.Tap(u.preview.withCamera)
	if u.preview.camera == nil {
		t.Fatal("no camera menu after choosing the camera")
	}
	u.preview.camera.sel.SetSelectedIndex(1)
	if s := a.Preferences().String(string(prefCamera)); strings.Contains(s, "SERIAL") || s == "" {
		t.Fatalf("stored %q for the camera", s)
	}
	u.join()
	if got.Microphone != "mic-2" || got.Camera != "usb-Logi_C920_SERIAL123-video-index0" || got.AudioOnly {
		t.Fatalf("joined with %+v", got)
	}

	// Next time the menus start on the same devices.
	u.leave()
	u.showLinkStep(opening{text: nativeLink})
	test.Tap(u.link.join)
	if u.preview.microphone.sel.Selected != "Annas Headset" {
		t.Errorf("microphone menu starts on %q", u.preview.microphone.sel.Selected)
	}
	for k := range spy.written {
		if !allowedPrefs[prefKey(k)] {
			t.Errorf("wrote %q", k)
		}
	}
}
