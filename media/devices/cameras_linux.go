package devices

import (
	"errors"
	"image"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blackjack/webcam"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/frame"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// CameraOptions say where to look. The zero value reads the real /dev and
// opens nothing.
type CameraOptions struct {
	// Root is prefixed to /dev (tests build a /dev tree in a temporary
	// folder). "" is the real root.
	Root string
	// Probe, when set, is asked about every node; nodes it rejects are left
	// out and a non-empty label it returns replaces the name-derived one.
	// ProbeV4L2 opens the node: only use it where the camera may be touched.
	Probe func(path string) (label string, ok bool)
}

// ProbeV4L2 opens a node and asks the kernel whether it captures video and
// what it is called. Opening does not start the camera (its light stays off),
// but it is still touching it: never call this in audio-only mode.
func ProbeV4L2(path string) (string, bool) {
	cam, err := webcam.Open(path)
	if err != nil {
		return "", false
	}
	defer cam.Close()
	name, _ := cam.GetName()
	return name, true
}

// ListCameras lists the cameras under Root/dev by reading names and symlinks.
// USB cameras expose a second node for metadata; by-id and by-path name the
// real one "-video-index0" and that is the one kept.
func ListCameras(opts CameraOptions) []Device {
	dev := filepath.Join(opts.Root, "/dev")
	seen := map[string]bool{} // kernel names already listed or known to be secondary
	var out []Device
	add := func(kernel, id, label string) {
		seen[kernel] = true
		path := filepath.Join(dev, kernel)
		if opts.Probe != nil {
			probed, ok := opts.Probe(path)
			if !ok {
				return
			}
			if probed != "" {
				label = probed
			}
		}
		out = append(out, Device{Kind: Camera, ID: id, Label: label, Path: path})
	}
	for _, dir := range []string{"v4l/by-id", "v4l/by-path"} {
		entries, _ := filepath.Glob(filepath.Join(dev, dir, "*"))
		sort.Strings(entries)
		for _, e := range entries {
			target, err := os.Readlink(e)
			if err != nil {
				continue
			}
			kernel := filepath.Base(target)
			if !strings.HasPrefix(kernel, "video") || seen[kernel] {
				continue
			}
			name := filepath.Base(e)
			if !strings.HasSuffix(name, "-video-index0") {
				seen[kernel] = true // the metadata node of a camera listed by its index0
				continue
			}
			add(kernel, name, labelFromLinkName(name))
		}
	}
	nodes, _ := filepath.Glob(filepath.Join(dev, "video*"))
	for _, n := range nodes {
		kernel := filepath.Base(n)
		if _, err := strconv.Atoi(strings.TrimPrefix(kernel, "video")); err != nil || seen[kernel] {
			continue
		}
		add(kernel, kernel, kernel)
	}
	// The lowest kernel number is what most programs take first.
	sort.SliceStable(out, func(i, j int) bool { return kernelNumber(out[i].Path) < kernelNumber(out[j].Path) })
	if len(out) > 0 {
		out[0].Default = true
	}
	return out
}

func kernelNumber(path string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(path), "video"))
	if err != nil {
		return 1 << 30
	}
	return n
}

// labelFromLinkName turns "usb-Acme_HD_Webcam_1234-video-index0" into
// "Acme HD Webcam 1234".
func labelFromLinkName(name string) string {
	name = strings.TrimSuffix(name, "-video-index0")
	if i := strings.Index(name, "-"); i >= 0 && i < 8 {
		name = name[i+1:] // bus prefix: usb-, pci-, platform-
	}
	return strings.ReplaceAll(name, "_", " ")
}

var registry struct {
	sync.Mutex
	byID map[string]string // camera ID → mediadevices driver ID
}

// RegisterCameras makes the cameras ListCameras finds known to mediadevices,
// under their stable IDs as labels, and forgets the ones that are gone. It
// opens nothing; a camera is opened when capture starts on it. Fits
// capture.Options.RegisterCameras.
func RegisterCameras(opts CameraOptions) error {
	registry.Lock()
	defer registry.Unlock()
	if registry.byID == nil {
		registry.byID = map[string]string{}
	}
	m := driver.GetManager()
	present := map[string]bool{}
	for _, cam := range ListCameras(opts) {
		present[cam.ID] = true
		if _, ok := registry.byID[cam.ID]; ok {
			continue
		}
		if err := m.Register(&v4l2Camera{path: cam.Path}, driver.Info{
			Label:      cam.ID,
			DeviceType: driver.Camera,
			Priority:   priorityOf(cam),
		}); err != nil {
			return err
		}
		for _, d := range m.Query(driver.FilterDeviceType(driver.Camera)) {
			if d.Info().Label == cam.ID {
				registry.byID[cam.ID] = d.ID()
			}
		}
	}
	for id, driverID := range registry.byID {
		if !present[id] {
			for _, d := range m.Query(driver.FilterID(driverID)) {
				if d.Status() == driver.StateClosed {
					m.Delete(driverID)
					delete(registry.byID, id)
				}
			}
		}
	}
	return nil
}

func priorityOf(d Device) driver.Priority {
	if d.Default {
		return driver.PriorityHigh
	}
	return driver.PriorityNormal
}

// fourcc builds a V4L2 pixel format code.
func fourcc(s string) webcam.PixelFormat {
	return webcam.PixelFormat(uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24)
}

// pixelFormats maps what cameras deliver to what mediadevices decodes. I420
// first: it needs no conversion before the encoder.
var pixelFormats = []struct {
	v4l2  webcam.PixelFormat
	frame frame.Format
}{
	{fourcc("YU12"), frame.FormatI420},
	{fourcc("NV12"), frame.FormatNV12},
	{fourcc("YUYV"), frame.FormatYUYV},
	{fourcc("UYVY"), frame.FormatUYVY},
	{fourcc("MJPG"), frame.FormatMJPEG},
}

// commonSizes are offered for cameras that describe ranges, not sizes.
var commonSizes = [][2]uint32{{320, 240}, {640, 480}, {1280, 720}}

// v4l2Camera is a mediadevices driver adapter for one V4L2 node.
type v4l2Camera struct {
	path string

	mu   sync.Mutex
	cam  *webcam.Webcam
	stop chan struct{}
}

func (c *v4l2Camera) Open() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	cam, err := webcam.Open(c.path)
	if err != nil {
		return err
	}
	// Two buffers: fresh frames, low delay.
	if err := cam.SetBufferCount(2); err != nil {
		cam.Close()
		return err
	}
	c.cam, c.stop = cam, make(chan struct{})
	return nil
}

func (c *v4l2Camera) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cam == nil {
		return nil
	}
	close(c.stop)
	_ = c.cam.StopStreaming()
	err := c.cam.Close()
	c.cam = nil
	return err
}

func (c *v4l2Camera) Properties() []prop.Media {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cam == nil {
		return nil
	}
	supported := c.cam.GetSupportedFormats()
	var props []prop.Media
	for _, pf := range pixelFormats {
		if _, ok := supported[pf.v4l2]; !ok {
			continue
		}
		for _, fs := range c.cam.GetSupportedFrameSizes(pf.v4l2) {
			sizes := [][2]uint32{{fs.MaxWidth, fs.MaxHeight}}
			if fs.MinWidth != fs.MaxWidth || fs.MinHeight != fs.MaxHeight {
				sizes = nil
				for _, s := range commonSizes {
					if s[0] >= fs.MinWidth && s[0] <= fs.MaxWidth && s[1] >= fs.MinHeight && s[1] <= fs.MaxHeight {
						sizes = append(sizes, s)
					}
				}
			}
			for _, s := range sizes {
				props = append(props, prop.Media{Video: prop.Video{
					Width: int(s[0]), Height: int(s[1]), FrameFormat: pf.frame, FrameRate: 30,
				}})
			}
		}
	}
	return props
}

// frameTimeout is how long a started camera may stay silent before capture
// gives up on it (unplugged, or taken by the system).
const frameTimeoutSeconds = 5

func (c *v4l2Camera) VideoRecord(p prop.Media) (video.Reader, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cam == nil {
		return nil, errors.New("devices: camera not open")
	}
	var pf webcam.PixelFormat
	for _, f := range pixelFormats {
		if f.frame == p.FrameFormat {
			pf = f.v4l2
		}
	}
	if pf == 0 {
		return nil, &Error{Key: ErrCameraFormat.Key, Args: map[string]any{"Format": string(p.FrameFormat)}}
	}
	decoder, err := frame.NewDecoder(p.FrameFormat)
	if err != nil {
		return nil, &Error{Key: ErrCameraFormat.Key, Args: map[string]any{"Format": string(p.FrameFormat)}, Err: err}
	}
	_, w, h, err := c.cam.SetImageFormat(pf, uint32(p.Width), uint32(p.Height))
	if err != nil {
		return nil, err
	}
	if p.FrameRate > 0 {
		_ = c.cam.SetFramerate(p.FrameRate) // not all cameras allow it; their own rate is fine
	}
	if err := c.cam.StartStreaming(); err != nil {
		return nil, err
	}
	cam, stop := c.cam, c.stop
	return video.ReaderFunc(func() (image.Image, func(), error) {
		for {
			select {
			case <-stop:
				return nil, func() {}, io.EOF
			default:
			}
			err := cam.WaitForFrame(frameTimeoutSeconds)
			var timeout *webcam.Timeout
			if errors.As(err, &timeout) {
				return nil, func() {}, io.EOF
			}
			if err != nil {
				return nil, func() {}, err
			}
			data, err := cam.ReadFrame()
			if err != nil || len(data) == 0 {
				continue // the buffer was not ready yet
			}
			// ReadFrame's bytes are the driver's mmap buffer, handed back to
			// the camera at once, and some decoders (I420) wrap rather than
			// copy: give each frame its own bytes.
			img, release, err := decoder.Decode(append([]byte(nil), data...), int(w), int(h))
			if err != nil {
				continue // a torn frame; the next one will do
			}
			return img, release, nil
		}
	}), nil
}
