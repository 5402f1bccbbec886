// Package capturetest gives tests outside media/capture a camera driver
// that counts every way it is touched, so they can prove that voice only
// never opens, lists or queries a camera, and that closing really turns
// the camera off. It is the exported twin of media/capture's own test spy;
// packages above media/ use it so they need not import mediadevices.
package capturetest

import (
	"errors"
	"image"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// SpyCamera stands in for a hardware camera. Pass its label as
// capture.Options.VideoDevice to capture from it.
type SpyCamera struct {
	Label string
	// Opened, Queried and Recorded count Open, Properties and
	// VideoRecord calls: anything above zero means the camera was used.
	Opened, Queried, Recorded atomic.Int64
	// Fill is the luma of its pictures; the default gives a mid grey
	// with a sharp checkerboard, which a blur visibly smooths.
	Fill byte
	// Unplugged makes reads fail and Open refuse from now on, as when the
	// camera is pulled out.
	Unplugged atomic.Bool

	mu     sync.Mutex
	open   bool
	closed chan struct{}
}

// RegisterSpyCamera makes a spy camera known to mediadevices under label
// until the test ends.
func RegisterSpyCamera(t testing.TB, label string) *SpyCamera {
	t.Helper()
	spy := &SpyCamera{Label: label}
	m := driver.GetManager()
	if err := m.Register(spy, driver.Info{Label: label, DeviceType: driver.Camera, Priority: driver.PriorityHigh}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, d := range m.Query(driver.FilterDeviceType(driver.Camera)) {
			if d.Info().Label == label {
				m.Delete(d.ID())
			}
		}
	})
	return spy
}

// Touched is the number of times the camera was opened, queried or
// asked to record.
func (c *SpyCamera) Touched() int64 {
	return c.Opened.Load() + c.Queried.Load() + c.Recorded.Load()
}

// IsOpen reports whether the camera is on (its light would be lit).
func (c *SpyCamera) IsOpen() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.open
}

// Closed is closed once the camera has been closed after its last Open.
func (c *SpyCamera) Closed() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// Open implements driver.Driver.
func (c *SpyCamera) Open() error {
	if c.Unplugged.Load() {
		return errors.New("spy camera: no such device")
	}
	c.Opened.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open {
		return errors.New("spy camera: already open")
	}
	c.open = true
	c.closed = make(chan struct{})
	return nil
}

// Close implements driver.Driver.
func (c *SpyCamera) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open {
		c.open = false
		close(c.closed)
	}
	return nil
}

// Properties implements driver.Driver.
func (c *SpyCamera) Properties() []prop.Media {
	c.Queried.Add(1)
	return []prop.Media{{Video: prop.Video{Width: 640, Height: 480, FrameRate: 30}}}
}

// VideoRecord implements driver.VideoRecorder: I420 pictures at 30 fps
// until the camera is closed.
func (c *SpyCamera) VideoRecord(p prop.Media) (video.Reader, error) {
	c.Recorded.Add(1)
	c.mu.Lock()
	closed := c.closed
	c.mu.Unlock()
	if closed == nil {
		return nil, errors.New("spy camera: not open")
	}
	w, h := p.Width, p.Height
	if w <= 0 || h <= 0 {
		w, h = 640, 480
	}
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	for y := range h {
		for x := range w {
			v := c.Fill
			if v == 0 {
				// Fine detail everywhere: a sharp room behind the person.
				v = 60
				if (x/4+y/4)%2 == 0 {
					v = 200
				}
			}
			img.Y[y*img.YStride+x] = v
		}
	}
	// The capture's transform (the blur) edits frames in place, as a real
	// camera's fresh buffer would be: each read starts from the original.
	base := append([]uint8(nil), img.Y...)
	tick := time.NewTicker(time.Second / 30)
	return video.ReaderFunc(func() (image.Image, func(), error) {
		select {
		case <-closed:
			tick.Stop()
			return nil, func() {}, io.EOF
		case <-tick.C:
		}
		if c.Unplugged.Load() {
			return nil, func() {}, errors.New("spy camera: no such device")
		}
		copy(img.Y, base)
		for i := range img.Cb {
			img.Cb[i], img.Cr[i] = 128, 128
		}
		return img, func() {}, nil
	}), nil
}
