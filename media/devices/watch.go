package devices

import (
	"context"
	"sort"
	"sync"
	"time"
)

// Change says whether a device came or went.
type Change int

const (
	Appeared Change = iota + 1
	Vanished
)

// Event reports one device coming or going.
type Event struct {
	Change Change
	Device Device
}

// WatchOptions say what to watch. Cameras are only listed when Cameras is
// set: an audio-only call leaves them alone entirely.
type WatchOptions struct {
	Cameras, Microphones, Speakers bool
	// Interval between polls; 0 → 2 s. Polling needs no udev and sees
	// every kind of device the same way.
	Interval time.Duration
	// Listers default to ListCameras (names only, real /dev),
	// ListMicrophones and ListSpeakers.
	ListCameras     func() []Device
	ListMicrophones func() ([]Device, error)
	ListSpeakers    func() ([]Device, error)
}

// Watcher polls the device lists and reports changes.
type Watcher struct {
	opts  WatchOptions
	mu    sync.Mutex
	known map[Kind]map[string]Device
}

// NewWatcher takes a first inventory (reported by Current, not as events).
func NewWatcher(opts WatchOptions) *Watcher {
	if opts.Interval <= 0 {
		opts.Interval = 2 * time.Second
	}
	if opts.ListCameras == nil {
		opts.ListCameras = func() []Device { return ListCameras(CameraOptions{}) }
	}
	if opts.ListMicrophones == nil {
		opts.ListMicrophones = ListMicrophones
	}
	if opts.ListSpeakers == nil {
		opts.ListSpeakers = ListSpeakers
	}
	w := &Watcher{opts: opts, known: map[Kind]map[string]Device{}}
	w.Poll()
	return w
}

// Current lists the devices seen at the last poll, by kind and ID.
func (w *Watcher) Current(k Kind) []Device {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []Device
	for _, d := range w.known[k] {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Poll lists the devices once and returns what changed since the last poll,
// vanished devices first, each group sorted by ID. A lister that fails keeps
// its previous list: a hiccup of the sound server is not an unplugged
// headset.
func (w *Watcher) Poll() []Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	var events []Event
	check := func(k Kind, devs []Device) {
		now := map[string]Device{}
		for _, d := range devs {
			now[d.ID] = d
		}
		old := w.known[k]
		var gone, came []Event
		for id, d := range old {
			if _, ok := now[id]; !ok {
				gone = append(gone, Event{Vanished, d})
			}
		}
		if old != nil { // the first inventory is not news
			for id, d := range now {
				if _, ok := old[id]; !ok {
					came = append(came, Event{Appeared, d})
				}
			}
		}
		byID := func(es []Event) {
			sort.Slice(es, func(i, j int) bool { return es[i].Device.ID < es[j].Device.ID })
		}
		byID(gone)
		byID(came)
		events = append(events, gone...)
		events = append(events, came...)
		w.known[k] = now
	}
	if w.opts.Cameras {
		check(Camera, w.opts.ListCameras())
	}
	if w.opts.Microphones {
		if devs, err := w.opts.ListMicrophones(); err == nil {
			check(Microphone, devs)
		}
	}
	if w.opts.Speakers {
		if devs, err := w.opts.ListSpeakers(); err == nil {
			check(Speaker, devs)
		}
	}
	return events
}

// Run polls every Interval until ctx is done, sending changes to events. It
// closes events when it returns.
func (w *Watcher) Run(ctx context.Context, events chan<- Event) {
	defer close(events)
	tick := time.NewTicker(w.opts.Interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		for _, e := range w.Poll() {
			select {
			case events <- e:
			case <-ctx.Done():
				return
			}
		}
	}
}

// MessageKey says in words what happened, for a notice in the call window.
func (e Event) MessageKey() string {
	switch {
	case e.Change == Appeared && e.Device.Kind == Camera:
		return "media.devices.camera_appeared"
	case e.Change == Vanished && e.Device.Kind == Camera:
		return "media.devices.camera_vanished"
	case e.Change == Appeared && e.Device.Kind == Microphone:
		return "media.devices.microphone_appeared"
	case e.Change == Vanished && e.Device.Kind == Microphone:
		return "media.devices.microphone_vanished"
	case e.Change == Appeared && e.Device.Kind == Speaker:
		return "media.devices.speaker_appeared"
	}
	return "media.devices.speaker_vanished"
}

// MessageArgs names the device for the notice (shown locally only).
func (e Event) MessageArgs() map[string]any { return map[string]any{"Name": e.Device.Label} }
