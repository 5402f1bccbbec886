package capture

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// A video file stands in for the camera when Options.VideoFile is set: a
// YUV4MPEG2 (Y4M) clip, the raw format Chromium's
// --use-file-for-fake-video-capture reads too, so a benchmark can send the
// same pictures from both sides. The clip plays at its own frame rate and
// starts over at its end. Only 8-bit 4:2:0 is read (the encoder's format).

// ErrVideoFile says the video file is missing or unreadable; ErrVideoFormat
// that it is not a Y4M clip Ringlet can send.
var (
	ErrVideoFile   = &Error{Key: "media.capture.video_file_unreadable"}
	ErrVideoFormat = &Error{Key: "media.capture.video_file_format"}
)

// y4mMaxHeader bounds the header and FRAME lines, so a file without a line
// end is not read into memory whole.
const y4mMaxHeader = 1024

// y4mHeader is what a clip's stream header says about its frames.
type y4mHeader struct {
	Width, Height int
	RateNum       int // frames per RateDen seconds
	RateDen       int
}

// frameInterval is the time between two frames at the clip's own rate.
func (h y4mHeader) frameInterval() time.Duration {
	return time.Duration(int64(time.Second) * int64(h.RateDen) / int64(h.RateNum))
}

// frameSize is the bytes of one 4:2:0 frame after its FRAME line.
func (h y4mHeader) frameSize() int {
	cw, ch := (h.Width+1)/2, (h.Height+1)/2
	return h.Width*h.Height + 2*cw*ch
}

// fps is the frame rate rounded to whole frames per second, at least 1.
func (h y4mHeader) fps() int {
	return max(1, (h.RateNum+h.RateDen/2)/h.RateDen)
}

func formatErr(format string, args ...any) error {
	return &Error{Key: ErrVideoFormat.Key, Err: fmt.Errorf(format, args...)}
}

// readLine reads one line of at most y4mMaxHeader bytes without its '\n'.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		b, err := r.ReadByte()
		if err != nil {
			if err == io.EOF && len(line) > 0 {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if b == '\n' {
			return line, nil
		}
		if len(line) == y4mMaxHeader {
			return nil, formatErr("line longer than %d bytes", y4mMaxHeader)
		}
		line = append(line, b)
	}
}

// parseY4MHeader reads the stream header line ("YUV4MPEG2 W640 H480 F30:1
// …", without its '\n'). It accepts progressive 8-bit 4:2:0 up to the sizes
// and rates Open accepts, and ignores tags it does not need (aspect, X…).
func parseY4MHeader(line []byte) (y4mHeader, error) {
	fields := bytes.Fields(line)
	if len(fields) == 0 || string(fields[0]) != "YUV4MPEG2" {
		return y4mHeader{}, formatErr("not a YUV4MPEG2 file")
	}
	var h y4mHeader
	for _, f := range fields[1:] {
		tag, val := f[0], string(f[1:])
		var err error
		switch tag {
		case 'W':
			h.Width, err = strconv.Atoi(val)
		case 'H':
			h.Height, err = strconv.Atoi(val)
		case 'F':
			h.RateNum, h.RateDen, err = parseRatio(val)
		case 'I':
			if val != "p" && val != "?" {
				err = errors.New("interlaced frames")
			}
		case 'C':
			switch val {
			case "420", "420jpeg", "420paldv", "420mpeg2":
			default:
				err = fmt.Errorf("colour space %q, not 8-bit 4:2:0", val)
			}
		}
		if err != nil {
			return y4mHeader{}, formatErr("header %q: %v", f, err)
		}
	}
	if h.Width < 16 || h.Height < 16 || h.Width > 1280 || h.Height > 720 || h.Width%2 != 0 || h.Height%2 != 0 {
		return y4mHeader{}, formatErr("size %d×%d", h.Width, h.Height)
	}
	if h.RateNum <= 0 || h.RateDen <= 0 || h.RateNum > 60*h.RateDen || h.RateNum < h.RateDen {
		return y4mHeader{}, formatErr("frame rate %d:%d", h.RateNum, h.RateDen)
	}
	return h, nil
}

// parseRatio reads "num:den" with both small positive integers.
func parseRatio(s string) (int, int, error) {
	num, den, ok := bytes.Cut([]byte(s), []byte{':'})
	if !ok {
		return 0, 0, errors.New("no ':'")
	}
	n, err := strconv.ParseUint(string(num), 10, 31)
	if err != nil {
		return 0, 0, err
	}
	d, err := strconv.ParseUint(string(den), 10, 31)
	if err != nil {
		return 0, 0, err
	}
	return int(n), int(d), nil
}

// readY4MFrame reads the next "FRAME" line and the frame's planes into
// dst, which has the header's size. io.EOF means the clip ended cleanly
// between frames; a frame cut short is io.ErrUnexpectedEOF.
func readY4MFrame(r *bufio.Reader, dst *image.YCbCr) error {
	line, err := readLine(r)
	if err != nil {
		return err
	}
	if !bytes.Equal(line, []byte("FRAME")) && !bytes.HasPrefix(line, []byte("FRAME ")) {
		return formatErr("frame does not start with FRAME")
	}
	for _, plane := range [][]byte{dst.Y, dst.Cb, dst.Cr} {
		if _, err := io.ReadFull(r, plane); err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// newY4MFrame makes a frame whose planes are exactly as a Y4M frame lays
// them out, so each plane is read in one piece.
func newY4MFrame(h y4mHeader) *image.YCbCr {
	return image.NewYCbCr(image.Rect(0, 0, h.Width, h.Height), image.YCbCrSubsampleRatio420)
}

// readY4MHeaderFile reads only the header of the clip at path.
func readY4MHeaderFile(path string) (y4mHeader, error) {
	f, err := os.Open(path)
	if err != nil {
		return y4mHeader{}, wrap(ErrVideoFile, err)
	}
	defer f.Close()
	line, err := readLine(bufio.NewReaderSize(f, y4mMaxHeader))
	if err != nil {
		return y4mHeader{}, formatErr("header: %v", err)
	}
	return parseY4MHeader(line)
}

// fileCamera is a mediadevices driver that plays a Y4M clip, looped, at
// the clip's own frame rate.
type fileCamera struct {
	path string

	mu     sync.Mutex
	file   *os.File
	header y4mHeader
	start  int64 // offset of the first FRAME line
	done   chan struct{}
}

func newFileCamera(path string) *fileCamera { return &fileCamera{path: path} }

// Open opens the file and checks its header; frames are read as played.
func (c *fileCamera) Open() error {
	f, err := os.Open(c.path)
	if err != nil {
		return wrap(ErrVideoFile, err)
	}
	r := bufio.NewReaderSize(f, y4mMaxHeader)
	line, err := readLine(r)
	if err == nil {
		c.header, err = parseY4MHeader(line)
	} else {
		err = formatErr("header: %v", err)
	}
	if err != nil {
		_ = f.Close()
		return err
	}
	c.mu.Lock()
	c.file, c.start, c.done = f, int64(len(line)+1), make(chan struct{})
	c.mu.Unlock()
	return nil
}

// Close ends playback: a read in progress or the next one returns io.EOF.
func (c *fileCamera) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil {
		return nil
	}
	close(c.done)
	err := c.file.Close()
	c.file = nil
	return err
}

func (c *fileCamera) Properties() []prop.Media {
	return []prop.Media{{Video: prop.Video{
		Width: c.header.Width, Height: c.header.Height, FrameRate: float32(c.header.fps()),
	}}}
}

func (c *fileCamera) ID() string { return "video-file" }

func (c *fileCamera) Info() driver.Info {
	return driver.Info{Label: "video-file", DeviceType: driver.Camera}
}

func (c *fileCamera) Status() driver.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file != nil {
		return driver.StateRunning
	}
	return driver.StateClosed
}

// VideoRecord plays the clip whatever p asks: its size and rate are the
// clip's. One frame buffer is reused, as mediadevices' own test pattern
// does: the encoder is done with a frame before it asks for the next.
func (c *fileCamera) VideoRecord(prop.Media) (video.Reader, error) {
	c.mu.Lock()
	f, h, start, done := c.file, c.header, c.start, c.done
	c.mu.Unlock()
	if f == nil {
		return nil, ErrVideoFile
	}
	if _, err := f.Seek(start, io.SeekStart); err != nil {
		return nil, wrap(ErrVideoFile, err)
	}
	p := &y4mPlayer{file: f, r: bufio.NewReaderSize(f, 1<<16), start: start, frame: newY4MFrame(h), done: done}
	p.tick = time.NewTicker(h.frameInterval())
	return video.ReaderFunc(p.read), nil
}

// y4mPlayer reads the clip frame by frame in step with a ticker.
type y4mPlayer struct {
	file  *os.File
	r     *bufio.Reader
	start int64
	frame *image.YCbCr
	tick  *time.Ticker
	done  chan struct{}
	empty bool // the last pass from the start found no frame
}

func (p *y4mPlayer) read() (image.Image, func(), error) {
	select {
	case <-p.done:
		p.tick.Stop()
		return nil, func() {}, io.EOF
	case <-p.tick.C:
	}
	err := readY4MFrame(p.r, p.frame)
	if err == io.EOF && !p.empty {
		// The clip ended: start over.
		if _, err = p.file.Seek(p.start, io.SeekStart); err != nil {
			return nil, func() {}, wrap(ErrVideoFile, err)
		}
		p.r.Reset(p.file)
		p.empty = true
		err = readY4MFrame(p.r, p.frame)
	}
	if err != nil {
		if err == io.EOF {
			err = formatErr("no frames")
		}
		return nil, func() {}, err
	}
	p.empty = false
	return p.frame, func() {}, nil
}

// startVideoFile opens the clip at path as the camera.
func startVideoFile(path string) (driver.Driver, video.Reader, []Notice, error) {
	d := newFileCamera(path)
	if err := d.Open(); err != nil {
		return nil, nil, nil, err
	}
	r, err := d.VideoRecord(prop.Media{})
	if err != nil {
		_ = d.Close()
		return nil, nil, nil, err
	}
	return d, r, nil, nil
}
