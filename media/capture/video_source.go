package capture

import (
	"image"
	"io"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// videoSource adapts a camera driver and its reader to mediadevices'
// Source, with a fresh random ID: the driver's own ID lives as long as the
// process and would link two sessions if it ever reached the SDP. When the
// camera stops delivering (unplugged, taken by the system) it sends black
// frames at the same size and pace instead of ending the track, so the call
// goes on and SwitchCamera can bring a picture back.
type videoSource struct {
	id        string
	w, h, fps int
	onLost    func(error)

	mu     sync.Mutex
	r      video.Reader
	d      driver.Driver // nil while black
	gen    int           // counts replacements, so a stale failure is ignored
	lost   bool
	closed bool
	black  *image.YCbCr
	tick   *time.Ticker
	// A driver replaced or paused while a frame was being read is closed
	// only when that read returns: mediadevices' test pattern (and maybe
	// other drivers) blocks that read forever when closed under it.
	reading bool
	toClose driver.Driver
}

func (v *videoSource) ID() string { return v.id }

// release closes d now, or after the read in flight when there is one.
// Called with v.mu held; returns the driver to close now (or nil).
func (v *videoSource) release(d driver.Driver) driver.Driver {
	if d == nil || !v.reading {
		return d
	}
	v.toClose = d
	return nil
}

func (v *videoSource) Read() (image.Image, func(), error) {
	v.mu.Lock()
	r, gen, closed := v.r, v.gen, v.closed
	v.mu.Unlock()
	if closed {
		return nil, func() {}, io.EOF
	}
	if r != nil {
		v.mu.Lock()
		v.reading = true
		v.mu.Unlock()
		img, release, err := r.Read()
		v.mu.Lock()
		v.reading = false
		stale, later := v.gen != gen, v.toClose
		v.toClose = nil
		v.mu.Unlock()
		if later != nil {
			_ = later.Close()
		}
		if stale {
			// Paused or switched meanwhile: this picture is from before.
			if err == nil {
				release()
			}
			return v.blackFrame()
		}
		if err == nil {
			return img, release, nil
		}
		v.cameraFailed(gen, err)
	}
	return v.blackFrame()
}

// cameraFailed switches to black frames, unless the reader was replaced or
// the source closed meanwhile.
func (v *videoSource) cameraFailed(gen int, err error) {
	v.mu.Lock()
	if v.closed || v.r == nil || v.gen != gen {
		v.mu.Unlock()
		return
	}
	d := v.d
	v.r, v.d, v.lost = nil, nil, true
	onLost := v.onLost
	v.mu.Unlock()
	if d != nil {
		_ = d.Close()
	}
	if onLost != nil {
		onLost(err)
	}
}

// Blank paints a picture video-black (Y 16, no colour).
func Blank(img *image.YCbCr) {
	for i := range img.Cb {
		img.Cb[i] = 128
	}
	for i := range img.Cr {
		img.Cr[i] = 128
	}
	for i := range img.Y {
		img.Y[i] = 16
	}
}

func (v *videoSource) blackFrame() (image.Image, func(), error) {
	v.mu.Lock()
	if v.black == nil {
		v.black = image.NewYCbCr(image.Rect(0, 0, v.w, v.h), image.YCbCrSubsampleRatio420)
		Blank(v.black)
		v.tick = time.NewTicker(time.Second / time.Duration(max(v.fps, 1)))
	}
	tick, img := v.tick, v.black
	v.mu.Unlock()
	<-tick.C
	v.mu.Lock()
	closed := v.closed
	v.mu.Unlock()
	if closed {
		return nil, func() {}, io.EOF
	}
	return img, func() {}, nil
}

// pause closes the camera driver, so its light goes off, and sends black
// frames from then on. Unlike a lost camera this is the person's own
// choice: OnCameraLost is not called and CameraLost stays false.
func (v *videoSource) pause() {
	v.mu.Lock()
	d := v.release(v.d)
	v.r, v.d = nil, nil
	v.gen++ // a read still running on the old reader must not count as a loss
	v.mu.Unlock()
	if d != nil {
		_ = d.Close()
	}
}

func (v *videoSource) replace(d driver.Driver, r video.Reader) {
	v.mu.Lock()
	old := v.release(v.d)
	v.d, v.r, v.lost = d, r, false
	v.gen++
	v.mu.Unlock()
	if old != nil {
		_ = old.Close()
	}
}

func (v *videoSource) isLost() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.lost
}

func (v *videoSource) Close() error {
	v.mu.Lock()
	d := v.d
	v.closed, v.d, v.r = true, nil, nil
	if v.tick != nil {
		v.tick.Stop()
	}
	v.mu.Unlock()
	if d != nil {
		return d.Close()
	}
	return nil
}

// startCamera finds, opens and starts one camera driver.
func startCamera(opts Options, test bool, w, h, fps int) (driver.Driver, video.Reader, []Notice, error) {
	var notices []Notice
	if !test && opts.VideoFile == "" && opts.RegisterCameras != nil {
		if err := opts.RegisterCameras(); err != nil {
			return nil, nil, nil, wrap(ErrCameraFailed, err)
		}
	}
	if opts.VideoFile != "" {
		return startVideoFile(opts.VideoFile)
	}
	id := opts.VideoDevice
	if test {
		id = ""
	}
	d := pickDriver(videoFilter(test, id), id)
	if d == nil && !test && opts.FallbackToTestPattern {
		test = true
		notices = append(notices, NoticeTestPattern)
		d = pickDriver(videoFilter(true, ""), "")
	}
	if d == nil {
		return nil, nil, nil, ErrNoCamera
	}
	if err := d.Open(); err != nil {
		return nil, nil, nil, wrap(ErrCameraFailed, err)
	}
	want := prop.MediaConstraints{VideoConstraints: prop.VideoConstraints{
		Width:     prop.Int(w),
		Height:    prop.Int(h),
		FrameRate: prop.Float(fps),
	}}
	p, _ := bestProp(d, want)
	if test {
		// The test pattern draws at any size: give it exactly what was asked.
		p.Width, p.Height, p.FrameRate, p.FrameFormat = w, h, float32(fps), frame.FormatI420
	}
	r, err := d.(driver.VideoRecorder).VideoRecord(p)
	if err != nil {
		_ = d.Close()
		return nil, nil, nil, wrap(ErrCameraFailed, err)
	}
	return d, r, notices, nil
}

func openVideo(opts Options, selector *mediadevices.CodecSelector, w, h, fps int) (mediadevices.Track, *videoSource, []Notice, error) {
	d, r, notices, err := startCamera(opts, opts.TestPattern, w, h, fps)
	if err != nil {
		return nil, nil, nil, err
	}
	src := &videoSource{r: r, d: d, id: uuid.NewString(), w: w, h: h, fps: fps, onLost: opts.OnCameraLost}
	track := mediadevices.NewVideoTrack(src, selector).(*mediadevices.VideoTrack)
	if opts.Transform != nil {
		track.Transform(video.ToI420, transformInPlace(opts.Transform))
	}
	return track, src, notices, nil
}
