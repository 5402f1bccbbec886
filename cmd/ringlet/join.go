package main

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/app/session"
	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
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
	videoFile := fs.String("video-file", "", c.T("session.join.flag_video_file"))
	duration := fs.Duration("duration", 0, c.T("session.join.flag_duration"))
	pin := fs.String("pin", "", c.T("session.join.flag_pin"))
	muted := fs.Bool("muted", false, c.T("session.join.flag_muted"))
	noSound := fs.Bool("no-sound", false, c.T("session.join.flag_no_sound"))
	statsEvery := fs.Duration("stats", 5*time.Second, c.T("session.join.flag_stats"))
	noBlur := fs.Bool("no-blur", false, c.T("session.join.flag_no_blur"))
	blurStrength := fs.Int("blur-strength", 0, c.T("session.join.flag_blur_strength"))
	hideBackground := fs.Bool("hide-background", false, c.T("session.join.flag_hide_background"))
	chat := fs.String("chat", "", c.T("session.join.flag_chat"))
	camera := fs.String("camera", "", c.T("session.join.flag_camera"))
	microphone := fs.String("microphone", "", c.T("session.join.flag_microphone"))
	speaker := fs.String("speaker", "", c.T("session.join.flag_speaker"))
	if err := c.parse(fs, args); err != nil {
		return parseFailed(err)
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
	if *blurStrength != 0 && (*blurStrength < session.MinBlurStrength || *blurStrength > session.MaxBlurStrength) {
		fmt.Fprintln(c.stderr, c.T("session.join.bad_blur_strength", map[string]any{"Min": session.MinBlurStrength, "Max": session.MaxBlurStrength}))
		return 2
	}
	opts := session.Options{
		Link: link, Pseudonym: *name,
		AudioOnly: *audioOnly, TestPattern: *testPattern, VideoFile: *videoFile, StartMuted: *muted,
		NullSpeaker: *noSound,
		VideoDevice: *camera, AudioDevice: *microphone, SpeakerDevice: *speaker,
		Blur: session.BlurOptions{Disabled: *noBlur, Strength: *blurStrength, HideBackground: *hideBackground},
	}
	s := session.New(opts)
	// Read events from the start so none is missed while joining. The
	// chat message, if any, goes out once someone is there to read it:
	// Janus keeps nothing for people who come later.
	printed := make(chan struct{})
	someone := make(chan struct{}, 1)
	go func() {
		defer close(printed)
		for e := range s.Events() {
			if _, ok := e.(call.ParticipantJoined); ok {
				select {
				case someone <- struct{}{}:
				default:
				}
			}
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
	var chatDue <-chan struct{}
	if *chat != "" {
		chatDue = someone
	}
	var chatRetry <-chan time.Time
	status := 0
loop:
	for {
		select {
		case <-chatDue:
			chatDue = nil
			chatRetry = time.After(0)
		case <-chatRetry:
			// The data channel opens a moment after the others arrive.
			chatRetry = nil
			if err := s.SendChat(*chat); err != nil {
				chatRetry = time.After(200 * time.Millisecond)
			} else {
				fmt.Fprintln(c.stdout, c.T("session.join.chat_line", map[string]any{"Name": *name, "Text": *chat}))
			}
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
	// Measured on the pictures that went out, not assumed from a setting.
	if v, ok := s.BlurVerdict(); ok {
		fmt.Fprintln(c.stdout, c.T(v.MessageKey()))
	}
	lctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.Leave(lctx)
	<-printed
	return status
}

func printEvent(c *cli, e call.Event) {
	switch e := e.(type) {
	case call.Joined:
		if e.Rejoined {
			fmt.Fprintln(c.stdout, c.T("session.join.rejoined"))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.joined"))
		}
	case call.ParticipantJoined:
		fmt.Fprintln(c.stdout, c.T("session.join.participant_joined", map[string]any{"Name": fromOthers(e.Name)}))
	case call.ParticipantLeft:
		fmt.Fprintln(c.stdout, c.T("session.join.participant_left", map[string]any{"Name": fromOthers(e.Name)}))
	case call.ConnectionLost:
		fmt.Fprintln(c.stdout, c.T("session.join.reconnecting", map[string]any{"Attempt": e.Attempt}))
	case call.Recording:
		if e.On {
			fmt.Fprintln(c.stdout, c.T("session.join.recording_on"))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.recording_off"))
		}
	case call.Notice:
		fmt.Fprintln(c.stdout, c.T(e.Key, e.Args))
	case call.Chat:
		fmt.Fprintln(c.stdout, c.T("session.join.chat_line", map[string]any{"Name": fromOthers(e.From), "Text": fromOthers(e.Text)}))
	case call.Hand:
		if e.Up {
			fmt.Fprintln(c.stdout, c.T("session.join.hand_up", map[string]any{"Name": fromOthers(e.Name)}))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.hand_down", map[string]any{"Name": fromOthers(e.Name)}))
		}
	case call.BlurChanged:
		fmt.Fprintln(c.stdout, c.T(e.MessageKey()))
	case call.KeyMismatch:
		fmt.Fprintln(c.stdout, c.T(e.MessageKey(), map[string]any{"Name": fromOthers(e.Name)}))
	case call.Ended:
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
		data := map[string]any{"Name": fromOthers(st.Name), "Packets": st.Packets, "Frames": st.FramesDecoded, "Width": st.Width, "Height": st.Height}
		if st.Kind == call.Video {
			fmt.Fprintln(c.stdout, c.T("session.join.stats_video", data))
		} else {
			fmt.Fprintln(c.stdout, c.T("session.join.stats_audio", data))
		}
	}
}

// fromOthers makes what other people chose (names, chat) safe to print:
// an escape sequence from a stranger must not write to the clipboard
// (OSC 52), clear the screen or retitle the terminal, and a line break
// must not start a line that looks like someone else's.
func fromOthers(s string) string { return peertext.Terminal(s, false) }
