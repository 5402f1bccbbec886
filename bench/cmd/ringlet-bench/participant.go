package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/media/call"
)

// runParticipant is the "participant" subcommand: one Ringlet call in this
// process, the way the GUI runs it (app/session, which blurs the outgoing
// picture unless told not to), but without a window. It exists because
// `ringlet join` writes no profiles, and the benchmark needs them.
//
// It prints "first-frame" when the first remote picture is decoded and a
// "frames N FEEDS" line every --stats, and nothing about who is in the ring.
func runParticipant(args []string) int {
	fs := flag.NewFlagSet("participant", flag.ContinueOnError)
	name := fs.String("name", "Subject", "pseudonym")
	withBlur := fs.Bool("blur", false, "blur the outgoing picture as the GUI does (app/session's default)")
	duration := fs.Duration("duration", 0, "leave after this long (0: at SIGINT)")
	statsEvery := fs.Duration("stats", time.Second, "how often to print frame counts")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the call here")
	memProfile := fs.String("memprofile", "", "write an allocation profile of the call here")
	width := fs.Int("width", 640, "picture width")
	height := fs.Int("height", 480, "picture height")
	fps := fs.Int("fps", 30, "frames per second")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ringlet-bench participant [flags] LINK")
		return 2
	}
	link, err := ring.Parse(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "participant: bad link:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *memProfile != "" {
		// Sample every 64 KiB allocated (8× the default) so a minute's
		// profile is detailed without slowing the call noticeably.
		runtime.MemProfileRate = 64 << 10
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "participant:", err)
			return 1
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "participant:", err)
			return 1
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}

	// Frames are counted from the session's stats, as `ringlet join` does:
	// nobody takes the pictures, so none is copied out of the decoder.
	opts := session.Options{
		Link: link, Pseudonym: *name, TestPattern: true, NullSpeaker: true,
		Width: *width, Height: *height, FrameRate: *fps,
		Blur: session.BlurOptions{Disabled: !*withBlur},
	}
	s := session.New(opts)
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		for range s.Events() {
		}
	}()
	jctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	err = s.Join(jctx)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "participant: join failed:", err)
		return 1
	}
	fmt.Println("joined")
	var deadline <-chan time.Time
	if *duration > 0 {
		deadline = time.After(*duration)
	}
	tick := time.NewTicker(*statsEvery)
	defer tick.Stop()
	// The first frame is looked for every 20 ms until it is there.
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	firstSeen := false
	counts := func() (frames uint64, feeds int) {
		for _, st := range s.Stats() {
			if st.Kind == call.Video && st.FramesDecoded > 0 {
				frames += st.FramesDecoded
				feeds++
			}
		}
		return frames, feeds
	}
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-deadline:
			break loop
		case <-ended:
			break loop
		case <-poll.C:
			if n, _ := counts(); n > 0 && !firstSeen {
				firstSeen = true
				fmt.Println("first-frame")
				poll.Stop()
			}
		case <-tick.C:
			n, f := counts()
			fmt.Printf("frames %d %d\n", n, f)
		}
	}
	n, f := counts()
	fmt.Printf("frames %d %d\n", n, f)
	if *memProfile != "" {
		f, err := os.Create(*memProfile)
		if err == nil {
			// "allocs" holds every sampled allocation since the start,
			// which is what costs CPU in the garbage collector.
			_ = pprof.Lookup("allocs").WriteTo(f, 0)
			f.Close()
		}
	}
	lctx, lcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer lcancel()
	_ = s.Leave(lctx)
	return 0
}
