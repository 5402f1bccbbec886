package capture

import (
	"bufio"
	"bytes"
	"errors"
	"image"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// writeY4M writes a clip whose frame i has every luma sample i and chroma
// 128 + i: enough to tell frames apart and to see the planes land right.
func writeY4M(t testing.TB, header string, w, h, frames int) string {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(header + "\n")
	for i := range frames {
		b.WriteString("FRAME\n")
		b.Write(bytes.Repeat([]byte{byte(i)}, w*h))
		b.Write(bytes.Repeat([]byte{byte(128 + i)}, w*h/2))
	}
	path := filepath.Join(t.TempDir(), "clip.y4m")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestParseY4MHeader(t *testing.T) {
	good := map[string]y4mHeader{
		"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg":     {640, 480, 30, 1},
		"YUV4MPEG2 W640 H480 F30000:1001 C420mpeg2 XYSC": {640, 480, 30000, 1001},
		"YUV4MPEG2 H16 W16 F1:1":                         {16, 16, 1, 1},
		"YUV4MPEG2  W1280 H720 F60:1 I? C420":            {1280, 720, 60, 1},
	}
	for line, want := range good {
		got, err := parseY4MHeader([]byte(line))
		if err != nil || got != want {
			t.Errorf("%q: got %+v, %v; want %+v", line, got, err, want)
		}
	}
	bad := []string{
		"",
		"YUV4MPEG W640 H480 F30:1",          // wrong magic
		"YUV4MPEG2 W640 F30:1",              // no height
		"YUV4MPEG2 W641 H480 F30:1",         // odd width: 4:2:0 needs even
		"YUV4MPEG2 W1920 H1080 F30:1",       // larger than Open sends
		"YUV4MPEG2 W640 H480",               // no frame rate
		"YUV4MPEG2 W640 H480 F30",           // rate without ':'
		"YUV4MPEG2 W640 H480 F30:0",         // rate over zero
		"YUV4MPEG2 W640 H480 F120:1",        // faster than Open sends
		"YUV4MPEG2 W640 H480 F30:1 C444",    // not 4:2:0
		"YUV4MPEG2 W640 H480 F30:1 C420p10", // not 8 bit
		"YUV4MPEG2 W640 H480 F30:1 It",      // interlaced
		"YUV4MPEG2 Wx H480 F30:1",           // no number
	}
	for _, line := range bad {
		_, err := parseY4MHeader([]byte(line))
		if !errors.Is(err, ErrVideoFormat) {
			t.Errorf("%q: got %v, want ErrVideoFormat", line, err)
		}
	}
}

// The clip plays frame after frame and starts over at its end.
func TestVideoFileLoops(t *testing.T) {
	path := writeY4M(t, "YUV4MPEG2 W16 H16 F60:1 C420jpeg", 16, 16, 3)
	d, r, _, err := startVideoFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if p := d.Properties()[0].Video; p.Width != 16 || p.Height != 16 || p.FrameRate != 60 {
		t.Fatalf("properties %+v, want the clip's 16×16 @ 60", p)
	}
	for i := range 7 {
		img, release, err := r.Read()
		if err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		f := img.(*image.YCbCr)
		want := byte(i % 3)
		if f.Y[0] != want || f.Y[len(f.Y)-1] != want || f.Cb[0] != 128+want || f.Cr[len(f.Cr)-1] != 128+want {
			t.Fatalf("frame %d: Y %d Cb %d Cr %d, want frame %d of the clip", i, f.Y[0], f.Cb[0], f.Cr[len(f.Cr)-1], want)
		}
		release()
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Read(); err != io.EOF {
		t.Fatalf("read after Close: %v, want io.EOF", err)
	}
}

// Open takes the clip's size and rate, and sends its pictures.
func TestOpenWithVideoFile(t *testing.T) {
	path := writeY4M(t, "YUV4MPEG2 W32 H16 F30:1", 32, 16, 2)
	s, err := Open(Options{TestPattern: true, VideoFile: path, Width: 640, Height: 480})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	luma := lumaOf(t, s)
	first, second := luma(), luma()
	if first == second || first > 1 || second > 1 {
		t.Fatalf("luma %d then %d, want the clip's frames 0 and 1 in turn", first, second)
	}
}

// A clip that is missing, not Y4M or cut short fails with a translated
// error, before anything is sent; a frame cut short mid-call is a lost
// camera (black frames follow, see videoSource).
func TestVideoFileBadInput(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(Options{TestPattern: true, VideoFile: filepath.Join(dir, "missing.y4m")}); !errors.Is(err, ErrVideoFile) {
		t.Errorf("missing file: %v, want ErrVideoFile", err)
	}
	notY4M := filepath.Join(dir, "photo.png")
	if err := os.WriteFile(notY4M, []byte("\x89PNG\r\n\x1a\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(Options{TestPattern: true, VideoFile: notY4M}); !errors.Is(err, ErrVideoFormat) {
		t.Errorf("not Y4M: %v, want ErrVideoFormat", err)
	}
	noFrames := writeY4M(t, "YUV4MPEG2 W16 H16 F30:1", 16, 16, 0)
	_, r, _, err := startVideoFile(noFrames)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Read(); !errors.Is(err, ErrVideoFormat) {
		t.Errorf("clip without frames: %v, want ErrVideoFormat", err)
	}
}

// FuzzY4M feeds the header and frame parser arbitrary files: it must
// neither panic nor accept a header outside what Open sends, and a frame it
// accepts has exactly the header's size.
func FuzzY4M(f *testing.F) {
	f.Add([]byte("YUV4MPEG2 W16 H16 F30:1 C420jpeg\nFRAME\n" + string(make([]byte, 384))))
	f.Add([]byte("YUV4MPEG2 W16 H16 F30:1\nFRAME Ixyz\n" + string(make([]byte, 100))))
	f.Add([]byte("YUV4MPEG2 W640 H480 F30000:1001 It A1:1 C444\n"))
	f.Add([]byte("YUV4MPEG2 W16 H16 F1:1\nFRAMEX\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReaderSize(bytes.NewReader(data), y4mMaxHeader)
		line, err := readLine(r)
		if err != nil {
			return
		}
		h, err := parseY4MHeader(line)
		if err != nil {
			if !errors.Is(err, ErrVideoFormat) {
				t.Fatalf("header error %v is not ErrVideoFormat", err)
			}
			return
		}
		if h.Width < 16 || h.Width > 1280 || h.Height < 16 || h.Height > 720 || h.fps() > 60 || h.frameInterval() <= 0 {
			t.Fatalf("accepted %+v", h)
		}
		frame := newY4MFrame(h)
		if got := len(frame.Y) + len(frame.Cb) + len(frame.Cr); got != h.frameSize() {
			t.Fatalf("frame holds %d bytes, header says %d", got, h.frameSize())
		}
		for range 3 {
			if err := readY4MFrame(r, frame); err != nil {
				return
			}
		}
	})
}
