package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
)

func init() { register("join", runJoin) }

// runJoin joins a native ring without a window: for power users, tests,
// the demo and benchmarks. Names appear on the user's own terminal only;
// nothing is written anywhere else.
func runJoin(ctx context.Context, c *cli, args []string) int {
	fs := c.flags("join")
	name := fs.String("name", "", c.T("session.join.flag_name"))
	audioOnly := fs.Bool("audio-only", false, c.T("session.join.flag_audio_only"))
	testPattern := fs.Bool("video-test-pattern", false, c.T("session.join.flag_test_pattern"))
	duration := fs.Duration("duration", 0, c.T("session.join.flag_duration"))
	pin := fs.String("pin", "", c.T("session.join.flag_pin"))
	muted := fs.Bool("muted", false, c.T("session.join.flag_muted"))
	noSound := fs.Bool("no-sound", false, c.T("session.join.flag_no_sound"))
	statsEvery := fs.Duration("stats", 5*time.Second, c.T("session.join.flag_stats"))
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || *name == "" {
		fmt.Fprintln(c.stderr, c.T("session.join.usage"))
		return 2
	}
	link, err := ring.Parse(fs.Arg(0))
	if err != nil {
		return c.fail(err)
	}
	if *pin != "" {
		link.PIN = *pin
	}
	s := session.New(session.Options{
		Link: link, Pseudonym: *name,
		AudioOnly: *audioOnly, TestPattern: *testPattern, StartMuted: *muted,
		NullSpeaker: *noSound,
	})
	// Read events from the start so none is missed while joining.
	printed := make(chan struct{})
	go func() {
		defer close(printed)
		for e := range s.Events() {
			printEvent(c, e)
		}
	}()
	fmt.Fprintln(c.stdout, c.T("session.join.joining", map[string]any{"Name": *name}))
	if err := s.Join(ctx); err != nil {
		<-printed
		return c.fail(err)
	}
	var deadline <-chan time.Time
	if *duration > 0 {
		t := time.NewTimer(*duration)
		defer t.Stop()
		deadline = t.C
	}
	var tick <-chan time.Time
	if *statsEvery > 0 {
		t := time.NewTicker(*statsEvery)
		defer t.Stop()
		tick = t.C
	}
	status := 0
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-deadline:
			break loop
		case <-printed:
			// The call ended on its own (the server went away for good).
			status = 1
			break loop
		case <-tick:
			printStats(c, s.Stats())
		}
	}
	printStats(c, s.Stats())
	lctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.Leave(lctx)
	<-printed
	return status
}

func printEvent(c *cli, e session.Event) {
	switch e := e.(type) {
	case session.Joined:
		if e.Rejoined {
			fmt.Fprintln(c.stdout, c.T("session.join.rejoined"))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.joined"))
		}
	case session.ParticipantJoined:
		fmt.Fprintln(c.stdout, c.T("session.join.participant_joined", map[string]any{"Name": e.Name}))
	case session.ParticipantLeft:
		fmt.Fprintln(c.stdout, c.T("session.join.participant_left", map[string]any{"Name": e.Name}))
	case session.ReconnectingEvent:
		fmt.Fprintln(c.stdout, c.T("session.join.reconnecting", map[string]any{"Attempt": e.Attempt}))
	case session.Recording:
		if e.On {
			fmt.Fprintln(c.stdout, c.T("session.join.recording_on"))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.recording_off"))
		}
	case session.Notice:
		fmt.Fprintln(c.stdout, c.T(e.MessageKey()))
	case session.LeftEvent:
		if e.Err != nil {
			fmt.Fprintln(c.stderr, c.catalog.Error(c.lang, e.Err))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.left"))
		}
	}
}

func printStats(c *cli, stats []session.TrackStats) {
	sort.Slice(stats, func(i, j int) bool {
		if stats[i].Name != stats[j].Name {
			return stats[i].Name < stats[j].Name
		}
		return stats[i].Kind < stats[j].Kind
	})
	for _, st := range stats {
		data := map[string]any{"Name": st.Name, "Packets": st.Packets, "Frames": st.FramesDecoded, "Width": st.Width, "Height": st.Height}
		if st.Kind == session.Video {
			fmt.Fprintln(c.stdout, c.T("session.join.stats_video", data))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.stats_audio", data))
		}
	}
}
