package devices

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/ringlet/ringlet/media/capture"
)

// fakeDev builds a /dev tree with the names and symlinks udev makes for a
// USB camera (capture node + metadata node) and a built-in one. The nodes are
// plain files: this machine has no camera, so the camera is what is faked.
func fakeDev(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dev := filepath.Join(root, "dev")
	for _, d := range []string{"v4l/by-id", "v4l/by-path"} {
		if err := os.MkdirAll(filepath.Join(dev, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"video0", "video1", "video2", "vhci"} {
		if err := os.WriteFile(filepath.Join(dev, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"v4l/by-id/usb-Acme_HD_Cam_42-video-index0":                  "../../video0",
		"v4l/by-id/usb-Acme_HD_Cam_42-video-index1":                  "../../video1",
		"v4l/by-path/pci-0000:00:14.0-usb-0:1:1.0-video-index0":      "../../video0",
		"v4l/by-path/pci-0000:00:14.0-usb-0:1:1.0-video-index1":      "../../video1",
		"v4l/by-path/platform-builtin-video-index0-but-not-a-camera": "../../vhci",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dev, name)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestListCameras(t *testing.T) {
	root := fakeDev(t)
	tests := []struct {
		name string
		opts CameraOptions
		want []Device
	}{
		{"names only", CameraOptions{Root: root}, []Device{
			{Kind: Camera, ID: "usb-Acme_HD_Cam_42-video-index0", Label: "Acme HD Cam 42", Default: true, Path: filepath.Join(root, "dev/video0")},
			{Kind: Camera, ID: "video2", Label: "video2", Path: filepath.Join(root, "dev/video2")},
		}},
		{"probe rejects a node and names another", CameraOptions{Root: root, Probe: func(p string) (string, bool) {
			return "Acme HD Cam (from the kernel)", filepath.Base(p) != "video2"
		}}, []Device{
			{Kind: Camera, ID: "usb-Acme_HD_Cam_42-video-index0", Label: "Acme HD Cam (from the kernel)", Default: true, Path: filepath.Join(root, "dev/video0")},
		}},
		{"no /dev at all", CameraOptions{Root: t.TempDir()}, nil},
		{"real V4L2 probe on files that are no cameras", CameraOptions{Root: root, Probe: ProbeV4L2}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ListCameras(tc.opts)
			if len(got) != len(tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("camera %d: got %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func cameraDrivers(label string) int {
	n := 0
	for _, d := range driver.GetManager().Query(driver.FilterDeviceType(driver.Camera)) {
		if d.Info().Label == label {
			n++
		}
	}
	return n
}

func TestRegisterCamerasFollowsTheDevTree(t *testing.T) {
	root := fakeDev(t)
	opts := CameraOptions{Root: root}
	for range 2 {
		if err := RegisterCameras(opts); err != nil {
			t.Fatal(err)
		}
	}
	if n := cameraDrivers("usb-Acme_HD_Cam_42-video-index0"); n != 1 {
		t.Fatalf("%d drivers for the USB camera after two registrations", n)
	}
	// Capture through the adapter: the node is a plain file, so opening it
	// as a camera must fail cleanly with a typed error.
	_, err := capture.Open(capture.Options{
		VideoDevice:     "usb-Acme_HD_Cam_42-video-index0",
		AudioDevice:     capture.TestAudioLabel,
		RegisterCameras: func() error { return RegisterCameras(opts) },
	})
	if !errors.Is(err, capture.ErrCameraFailed) {
		t.Errorf("opening a non-camera: got %v, want ErrCameraFailed", err)
	}
	// Unplugged: the driver goes away.
	if err := os.Remove(filepath.Join(root, "dev/video2")); err != nil {
		t.Fatal(err)
	}
	if err := RegisterCameras(opts); err != nil {
		t.Fatal(err)
	}
	if cameraDrivers("video2") != 0 || cameraDrivers("usb-Acme_HD_Cam_42-video-index0") != 1 {
		t.Error("registry does not follow the unplugged camera")
	}
	// Leave the global registry as found for other tests.
	if err := RegisterCameras(CameraOptions{Root: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
}

func TestWatcherReportsHotPlug(t *testing.T) {
	root := fakeDev(t)
	cams := func() []Device { return ListCameras(CameraOptions{Root: root}) }
	w := NewWatcher(WatchOptions{Cameras: true, ListCameras: cams})
	if got := w.Current(Camera); len(got) != 2 {
		t.Fatalf("first inventory: %+v", got)
	}
	if ev := w.Poll(); len(ev) != 0 {
		t.Fatalf("nothing changed but got %+v", ev)
	}
	// Plug in a second USB camera, unplug the built-in one.
	dev := filepath.Join(root, "dev")
	if err := os.WriteFile(filepath.Join(dev, "video4"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../video4", filepath.Join(dev, "v4l/by-id/usb-Other_Cam-video-index0")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dev, "video2")); err != nil {
		t.Fatal(err)
	}
	ev := w.Poll()
	if len(ev) != 2 || ev[0].Change != Vanished || ev[0].Device.ID != "video2" ||
		ev[1].Change != Appeared || ev[1].Device.ID != "usb-Other_Cam-video-index0" {
		t.Fatalf("events %+v", ev)
	}
	// The call falls back to what is left.
	if d, ok := Choose(w.Current(Camera), "video2"); !ok || d.ID == "video2" {
		t.Errorf("fallback chose %+v", d)
	}
}

func TestWatcherLeavesCamerasAloneWhenAudioOnly(t *testing.T) {
	calls := 0
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The watch ends after its fifth look at the microphones (the first
	// is NewWatcher's inventory), so it has polled a few times.
	micLooks := 0
	w := NewWatcher(WatchOptions{
		Microphones: true,
		Speakers:    true,
		Interval:    time.Millisecond,
		ListCameras: func() []Device { calls++; return nil },
		ListMicrophones: func() ([]Device, error) {
			if micLooks++; micLooks == 5 {
				cancel()
			}
			return ListMicrophones()
		},
	})
	events := make(chan Event)
	done := make(chan struct{})
	go func() {
		for range events {
		}
		close(done)
	}()
	w.Run(ctx, events)
	<-done
	if calls != 0 {
		t.Errorf("cameras listed %d times in an audio-only watch", calls)
	}
}

func TestWatcherKeepsListWhenTheSoundServerHiccups(t *testing.T) {
	fail := false
	mics := func() ([]Device, error) {
		if fail {
			return nil, ErrAudioSystem
		}
		return []Device{{Kind: Microphone, ID: "0a", Label: "Headset"}}, nil
	}
	w := NewWatcher(WatchOptions{Microphones: true, ListMicrophones: mics})
	fail = true
	if ev := w.Poll(); len(ev) != 0 {
		t.Errorf("a failed listing reported %+v", ev)
	}
	fail = false
	if ev := w.Poll(); len(ev) != 0 {
		t.Errorf("recovery reported %+v", ev)
	}
}

func TestRealAudioListingDoesNotCrash(t *testing.T) {
	// Whatever this machine has (often nothing, or miniaudio's null
	// device): listing must work or fail with a typed error.
	for _, list := range []func() ([]Device, error){ListMicrophones, ListSpeakers} {
		devs, err := list()
		if err != nil && !errors.Is(err, ErrAudioSystem) {
			t.Errorf("untyped error %v", err)
		}
		for _, d := range devs {
			if d.ID == "" {
				t.Errorf("device without ID: %+v", d)
			}
		}
		t.Logf("%d devices", len(devs))
	}
}

func TestChoose(t *testing.T) {
	devs := []Device{{ID: "a"}, {ID: "b", Default: true}, {ID: "c"}}
	tests := []struct {
		name      string
		devs      []Device
		preferred string
		want      string
		ok        bool
	}{
		{"preferred present", devs, "c", "c", true},
		{"preferred gone: default", devs, "x", "b", true},
		{"no preference: default", devs, "", "b", true},
		{"no default: first", devs[:1], "x", "a", true},
		{"nothing there", nil, "a", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := Choose(tc.devs, tc.preferred)
			if ok != tc.ok || d.ID != tc.want {
				t.Errorf("got %q %v, want %q %v", d.ID, ok, tc.want, tc.ok)
			}
		})
	}
}

// TestCaptureFromTheRealMicrophoneDriver opens the default microphone the
// way a call does, among those mediadevices' microphone driver found through
// miniaudio (on a machine without a sound card: miniaudio's null device),
// audio-only, and reads audio from it, so the hardware path is exercised,
// not only the test tone. The first device listed need not be openable
// (ALSA's JACK plugin without a JACK server, pulled in by Wine): the default
// is the first that opens.
func TestCaptureFromTheRealMicrophoneDriver(t *testing.T) {
	mics, err := ListMicrophones()
	if err != nil || len(mics) == 0 {
		t.Skipf("no microphone at all (%v)", err)
	}
	s, err := capture.Open(capture.Options{AudioOnly: true})
	if err != nil {
		t.Fatalf("none of %d microphones opens: %v", len(mics), err)
	}
	defer s.Close()
	if s.HasVideo() {
		t.Fatal("audio-only stream has video")
	}
	r := s.AudioTrack().(*mediadevices.AudioTrack).NewReader(false)
	for range 3 {
		chunk, _, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		if info := chunk.ChunkInfo(); info.Channels != 1 || info.Len == 0 {
			t.Fatalf("chunk %+v, want mono samples", info)
		}
	}
}

func TestEventsCarryMessageKeys(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range []Kind{Camera, Microphone, Speaker} {
		for _, c := range []Change{Appeared, Vanished} {
			e := Event{Change: c, Device: Device{Kind: k, Label: "X"}}
			if seen[e.MessageKey()] || e.MessageArgs()["Name"] != "X" {
				t.Errorf("%v %v: key %q args %v", k, c, e.MessageKey(), e.MessageArgs())
			}
			seen[e.MessageKey()] = true
		}
	}
}
