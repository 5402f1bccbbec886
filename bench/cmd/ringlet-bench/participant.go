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
	a, ok := parseParticipantArgs(args)
	if !ok {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if a.memProfile != "" {
		// Sample every 64 KiB allocated (8× the default) so a minute's
		// profile is detailed without slowing the call noticeably.
		runtime.MemProfileRate = 64 << 10
	}
	if a.cpuProfile != "" {
		stopProfile, err := startCPUProfile(a.cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "participant:", err)
			return 1
		}
		defer stopProfile()
	}
	s, ended, err := joinAsSubject(ctx, a)
	if err != nil {
		fmt.Fprintln(os.Stderr, "participant: join failed:", err)
		return 1
	}
	fmt.Println("joined")
	printFrames(ctx, s, ended, a)
	if a.memProfile != "" {
		writeAllocProfile(a.memProfile)
	}
	lctx, lcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer lcancel()
	_ = s.Leave(lctx)
	return 0
}

// participantArgs are the participant's flags and link.
type participantArgs struct {
	link                   ring.Link
	name                   string
	blur                   bool
	duration, statsEvery   time.Duration
	cpuProfile, memProfile string
	width, height, fps     int
	videoFile              string // Y4M clip sent instead of the test pattern
}

// parseParticipantArgs reads the flags and the link; it says what is
// wrong when it returns !ok.
func parseParticipantArgs(args []string) (a participantArgs, ok bool) {
	fs := flag.NewFlagSet("participant", flag.ContinueOnError)
	fs.StringVar(&a.name, "name", "Subject", "pseudonym")
	fs.BoolVar(&a.blur, "blur", false, "blur the outgoing picture as the GUI does (app/session's default)")
	fs.DurationVar(&a.duration, "duration", 0, "leave after this long (0: at SIGINT)")
	fs.DurationVar(&a.statsEvery, "stats", time.Second, "how often to print frame counts")
	fs.StringVar(&a.cpuProfile, "cpuprofile", "", "write a CPU profile of the call here")
	fs.StringVar(&a.memProfile, "memprofile", "", "write an allocation profile of the call here")
	fs.IntVar(&a.width, "width", 640, "picture width")
	fs.IntVar(&a.height, "height", 480, "picture height")
	fs.IntVar(&a.fps, "fps", 30, "frames per second")
	fs.StringVar(&a.videoFile, "video-file", "", "send this Y4M clip, looped, instead of the test pattern")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ringlet-bench participant [flags] LINK")
		return a, false
	}
	link, err := ring.Parse(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "participant: bad link:", err)
		return a, false
	}
	a.link = link
	return a, true
}

// startCPUProfile records a CPU profile into path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// writeAllocProfile writes the "allocs" profile, which holds every
// sampled allocation since the start: what costs CPU in the garbage
// collector.
func writeAllocProfile(path string) {
	f, err := os.Create(path)
	if err == nil {
		_ = pprof.Lookup("allocs").WriteTo(f, 0)
		f.Close()
	}
}

// joinAsSubject joins with the test picture and no speaker. ended closes
// when the session's events end.
func joinAsSubject(ctx context.Context, a participantArgs) (s *session.Session, ended <-chan struct{}, err error) {
	// Frames are counted from the session's stats, as `ringlet join` does:
	// nobody takes the pictures, so none is copied out of the decoder.
	s = session.New(session.Options{
		Link: a.link, Pseudonym: a.name, TestPattern: true, VideoFile: a.videoFile, NullSpeaker: true,
		Width: a.width, Height: a.height, FrameRate: a.fps,
		Blur: session.BlurOptions{Disabled: !a.blur},
	})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range s.Events() {
		}
	}()
	jctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := s.Join(jctx); err != nil {
		return nil, nil, err
	}
	return s, done, nil
}

// printFrames prints "first-frame" once a picture is decoded and the
// frame counts every a.statsEvery, until the duration is over, SIGINT or
// the call ends, and the counts once more at the end.
func printFrames(ctx context.Context, s *session.Session, ended <-chan struct{}, a participantArgs) {
	var deadline <-chan time.Time
	if a.duration > 0 {
		deadline = time.After(a.duration)
	}
	tick := time.NewTicker(a.statsEvery)
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
	defer func() {
		n, f := counts()
		fmt.Printf("frames %d %d\n", n, f)
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case <-deadline:
			return
		case <-ended:
			return
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
}
