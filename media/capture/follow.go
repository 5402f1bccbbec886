package capture

import (
	"context"
	"sort"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
)

// FollowEvent says that a lost device was replaced while Follow watched.
type FollowEvent struct {
	Kind   FollowKind
	Device string // stable ID of the device now in use
}

// FollowKind names what came back.
type FollowKind int

const (
	// CameraBack: a camera delivers pictures again after one was lost.
	CameraBack FollowKind = iota + 1
	// MicrophoneBack: a microphone delivers sound again.
	MicrophoneBack
)

// FollowOptions say how Follow looks for replacements.
type FollowOptions struct {
	// Capture are the options the Stream was opened with (device choice,
	// size, RegisterCameras, test pattern).
	Capture Options
	// Interval between looks; 0 → 2 s. Polling needs no udev and treats
	// cameras and headsets alike.
	Interval time.Duration
	// Cameras and Microphones list the stable IDs that could replace a lost
	// device. Nil lists the registered drivers (after RegisterCameras).
	Cameras, Microphones func() []string
	// OnChange is told when a device came back; it must not block.
	OnChange func(FollowEvent)
}

// Follow keeps a running call's devices working until ctx ends: when the
// camera or microphone is lost (unplugged mid-call, see OnCameraLost) it
// tries, once per interval, the chosen device first and then every other
// one, and switches the running track over without renegotiating. The
// camera is looked for only while the Stream has video, and never while the
// person has turned it off (StopCamera), so audio-only stays camera-free.
func (s *Stream) Follow(ctx context.Context, opts FollowOptions) {
	every := opts.Interval
	if every <= 0 {
		every = 2 * time.Second
	}
	if opts.Cameras == nil {
		opts.Cameras = func() []string { return driverLabels(opts.Capture, driver.Camera) }
	}
	if opts.Microphones == nil {
		opts.Microphones = func() []string { return driverLabels(opts.Capture, driver.Microphone) }
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if s.CameraLost() {
			if id, ok := tryEach(opts.Capture.VideoDevice, opts.Cameras(), func(id string) error {
				return s.SwitchCamera(opts.Capture, id)
			}); ok && opts.OnChange != nil {
				opts.OnChange(FollowEvent{Kind: CameraBack, Device: id})
			}
		}
		if s.MicrophoneLost() {
			if id, ok := tryEach(opts.Capture.AudioDevice, opts.Microphones(), func(id string) error {
				return s.SwitchMicrophone(opts.Capture, id)
			}); ok && opts.OnChange != nil {
				opts.OnChange(FollowEvent{Kind: MicrophoneBack, Device: id})
			}
		}
	}
}

// tryEach switches to the preferred device if it is there, else to the
// first other one that opens.
func tryEach(preferred string, ids []string, switchTo func(string) error) (string, bool) {
	order := make([]string, 0, len(ids))
	for _, id := range ids {
		if id == preferred {
			order = append([]string{id}, order...)
		} else {
			order = append(order, id)
		}
	}
	for _, id := range order {
		if switchTo(id) == nil {
			return id, true
		}
	}
	return "", false
}

// driverLabels lists the devices of one kind that capture could open now:
// hardware ones only, unless the call runs on the test drivers.
func driverLabels(opts Options, kind driver.DeviceType) []string {
	if kind == driver.Camera && !opts.TestPattern && opts.RegisterCameras != nil {
		_ = opts.RegisterCameras() // forget unplugged cameras, learn new ones
	}
	var filter driver.FilterFn
	if kind == driver.Camera {
		filter = videoFilter(opts.TestPattern, "")
	} else {
		filter = audioFilter(opts.TestPattern, "")
	}
	var ids []string
	for _, d := range driver.GetManager().Query(filter) {
		ids = append(ids, d.Info().Label)
	}
	sort.Strings(ids)
	return ids
}
