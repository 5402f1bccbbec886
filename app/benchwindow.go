//go:build benchwindow

package app

// A benchmarking build only (go build -tags benchwindow, made by
// scripts/bench-gui.sh CAMERA=1). This machine has no camera, so with
// RINGLET_BENCH_VIDEO_FILE set the window's camera is that Y4M clip, through
// the same blur and encoder as a camera's pictures, and the pre-join screen
// starts with the camera chosen (a keyboard user's Enter joins with it).
// Every second the window prints to stderr what it decoded and sent:
// counts and the blur's verdict, never a name. The product binary has none
// of this (cmd/ringlet's TestProductBinaryHasNoScreenshotHook looks for the
// variable's name).

import (
	"fmt"
	"image"
	"os"
	"sync/atomic"
	"time"

	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/media/call"
)

func benchVideoFile() string { return os.Getenv("RINGLET_BENCH_VIDEO_FILE") }

// benchWatch counts the pictures that go out (after the blur, into the
// encoder) and, once the session exists, prints the counters.
func benchWatch(opts *session.Options) func(*session.Session) {
	var out atomic.Uint64
	inner := opts.Transform
	opts.Transform = func(f *image.YCbCr) {
		out.Add(1)
		if inner != nil {
			inner(f)
		}
	}
	return func(s *session.Session) {
		go func() {
			for range time.Tick(time.Second) {
				if s.State() == call.Left {
					return
				}
				var decoded uint64
				feeds := 0
				for _, st := range s.Stats() {
					if st.Kind == call.Video {
						decoded += st.FramesDecoded
						feeds++
					}
				}
				verdict, _ := s.BlurVerdict()
				fmt.Fprintf(os.Stderr, "bench: %d pictures out, %d frames decoded from %d feeds, blur %s\n",
					out.Load(), decoded, feeds, verdict.MessageKey())
			}
		}()
	}
}
