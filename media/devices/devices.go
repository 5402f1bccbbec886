// Package devices lists cameras, microphones and speakers by stable IDs,
// watches for them coming and going, and makes cameras known to
// mediadevices only when a camera is actually wanted.
//
// # Cameras are only touched on request
//
// mediadevices' own Linux camera driver opens every /dev/video* node in its
// package init, so merely linking it would touch the cameras of a participant
// who joins audio-only. This package never imports it. ListCameras reads the
// /dev tree (names and symlinks only) unless a Probe is given, and
// RegisterCameras registers a V4L2 adapter of its own (via
// github.com/blackjack/webcam) that opens a node only when capture starts.
// Nothing here is called in audio-only mode: the Watcher polls cameras only
// when told to.
//
// Stable IDs: a camera's ID is its /dev/v4l/by-id name (vendor, model and
// serial: the same camera keeps it on every port), else its by-path name,
// else the kernel name (video0). Microphones and speakers use miniaudio's
// device ID in hex, the same string mediadevices' microphone driver uses as
// its label. Labels are for the device menu only and are never sent.
//
// Microphones are captured through mediadevices' microphone driver, which
// media/capture links (its init enumerates capture devices with miniaudio;
// that opens no microphone). It registers the microphones present at start;
// a microphone plugged in later is listed and reported by the Watcher but can
// only be captured from after a restart.
package devices

import "github.com/ringlet/ringlet/internal/keyerr"
import "fmt"

// Kind is what sort of device it is.
type Kind int

const (
	Camera Kind = iota + 1
	Microphone
	Speaker
)

func (k Kind) String() string {
	switch k {
	case Camera:
		return "camera"
	case Microphone:
		return "microphone"
	case Speaker:
		return "speaker"
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Device is one camera, microphone or speaker.
type Device struct {
	Kind    Kind
	ID      string // stable, see the package doc
	Label   string // for the menu only; never sent anywhere
	Default bool   // the system's default of its kind
	Path    string // cameras: the device node
}

// Choose picks the device to use from what is there: the preferred ID if it
// is present, else the system default, else the first. ok is false when the
// list is empty: for a camera that means going on audio-only.
func Choose(devs []Device, preferred string) (d Device, ok bool) {
	if len(devs) == 0 {
		return Device{}, false
	}
	for _, d := range devs {
		if d.ID == preferred && preferred != "" {
			return d, true
		}
	}
	for _, d := range devs {
		if d.Default {
			return d, true
		}
	}
	return devs[0], true
}

// Error is a device failure the GUI translates by its message key.
type Error = keyerr.Error

// Sentinels for errors.Is.
var (
	ErrAudioSystem  = &Error{Key: "media.devices.audio_system_failed"}
	ErrCameraFormat = &Error{Key: "media.devices.camera_format"}
)

// MessageKey names the kind in words for menus.
func (k Kind) MessageKey() string {
	switch k {
	case Camera:
		return "media.devices.kind_camera"
	case Microphone:
		return "media.devices.kind_microphone"
	}
	return "media.devices.kind_speaker"
}

// MessageArgs implements i18n.Messager.
func (k Kind) MessageArgs() map[string]any { return nil }
