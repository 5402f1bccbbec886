package audio

// #include <stdlib.h>
import "C"

import (
	"errors"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/gen2brain/malgo"
)

// nullBackend is miniaudio's ma_backend_null. malgo v0.11.24's BackendNull
// constant is one too low: its list lacks ma_backend_custom, so BackendNull
// names the custom backend and fails with "No backend".
const nullBackend = malgo.Backend(malgo.BackendNull + 1)

// PlayerOptions say where the mixed audio goes.
type PlayerOptions struct {
	// DeviceID is a speaker's stable ID as media/devices lists it
	// ("" = the system default).
	DeviceID string
	// Null plays through miniaudio's null backend: a real device thread with
	// a real clock that plays to nowhere. For headless runs, tests and
	// benchmarks.
	Null bool
	// PeriodMillis is the device period; 0 → 10 ms, which echo
	// cancellation wants.
	PeriodMillis int
	// Fill produces the next samples (mono, 48 kHz); usually Mixer.Mix. It
	// runs on the audio thread and must not block.
	Fill func(out []float32)
	// Played sees every chunk after Fill, e.g. as the far end for echo
	// cancellation. Also on the audio thread.
	Played func(samples []float32)
	// OnStopped is called (on its own goroutine) when the device stops by
	// itself, e.g. headphones unplugged; not after Close. Start a new
	// Player on another speaker from there.
	OnStopped func()
}

// Player plays the mix on a speaker (or nowhere, with Null).
type Player struct {
	ctx     *malgo.AllocatedContext
	dev     *malgo.Device
	played  atomic.Uint64
	closing atomic.Bool
	once    sync.Once
}

// StartPlayer opens the speaker and starts pulling from opts.Fill.
func StartPlayer(opts PlayerOptions) (*Player, error) {
	if opts.Fill == nil {
		return nil, &Error{Key: ErrPlayback.Key, Err: errors.New("audio: no Fill function")}
	}
	if opts.PeriodMillis <= 0 {
		opts.PeriodMillis = 10
	}
	var backends []malgo.Backend
	if opts.Null {
		backends = []malgo.Backend{nullBackend}
	}
	// miniaudio's log messages name devices: they are dropped, not printed.
	ctx, err := malgo.InitContext(backends, malgo.ContextConfig{}, func(string) {})
	if err != nil {
		return nil, &Error{Key: ErrPlayback.Key, Err: err}
	}
	p := &Player{ctx: ctx}

	cfg := malgo.DefaultDeviceConfig(malgo.Playback)
	cfg.Playback.Format = malgo.FormatF32
	cfg.Playback.Channels = 1
	cfg.SampleRate = SampleRate
	cfg.PeriodSizeInMilliseconds = uint32(opts.PeriodMillis)
	if opts.DeviceID != "" && !opts.Null {
		infos, err := ctx.Devices(malgo.Playback)
		if err != nil {
			p.free()
			return nil, &Error{Key: ErrPlayback.Key, Err: err}
		}
		found := false
		for i := range infos {
			if infos[i].ID.String() == opts.DeviceID {
				idPtr := infos[i].ID.Pointer() // C copy; miniaudio copies it again on init
				defer C.free(idPtr)
				cfg.Playback.DeviceID = idPtr
				found = true
				break
			}
		}
		if !found {
			p.free()
			return nil, ErrNoDevice
		}
	}
	fill, played := opts.Fill, opts.Played
	callbacks := malgo.DeviceCallbacks{
		Data: func(out, _ []byte, frames uint32) {
			if len(out) < int(frames)*4 || frames == 0 {
				return
			}
			samples := unsafe.Slice((*float32)(unsafe.Pointer(&out[0])), frames)
			fill(samples)
			if played != nil {
				played(samples)
			}
			p.played.Add(uint64(frames))
		},
		Stop: func() {
			if opts.OnStopped != nil && !p.closing.Load() {
				go opts.OnStopped()
			}
		},
	}
	dev, err := malgo.InitDevice(ctx.Context, cfg, callbacks)
	if err != nil {
		p.free()
		return nil, &Error{Key: ErrPlayback.Key, Err: err}
	}
	p.dev = dev
	if err := dev.Start(); err != nil {
		p.closing.Store(true)
		p.free()
		return nil, &Error{Key: ErrPlayback.Key, Err: err}
	}
	return p, nil
}

// SamplesPlayed counts samples handed to the device so far.
func (p *Player) SamplesPlayed() uint64 { return p.played.Load() }

// Close stops playing and frees the device.
func (p *Player) Close() error {
	p.closing.Store(true)
	p.once.Do(p.free)
	return nil
}

func (p *Player) free() {
	if p.dev != nil {
		_ = p.dev.Stop()
		p.dev.Uninit()
		p.dev = nil
	}
	if p.ctx != nil {
		_ = p.ctx.Uninit()
		p.ctx.Free()
		p.ctx = nil
	}
}
