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

// joinPlan is what ringlet join does once in the ring: how long it stays,
// how often it prints statistics and what it says in the chat (under the
// user's pseudonym, name).
type joinPlan struct {
	duration, statsEvery time.Duration
	name, chat           string
}

// runJoin joins a native ring without a window: for power users, tests,
// the demo and benchmarks. Names appear on the user's own terminal only;
// nothing is written anywhere else.
func runJoin(ctx context.Context, c *cli, args []string) int {
	opts, plan, status, ok := c.parseJoinArgs(args)
	if !ok {
		return status
	}
	s := session.New(opts)
	printed, someone := printEvents(c, s)
	fmt.Fprintln(c.stdout, c.T("session.join.joining", map[string]any{"Name": opts.Pseudonym}))
	if err := s.Join(ctx); err != nil {
		<-printed
		return c.fail(err)
	}
	status = stayInRing(ctx, c, s, plan, printed, someone)
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

// parseJoinArgs reads ringlet join's flags and link into the session's
// options. When it returns !ok, it has said what is wrong and status is
// the exit status.
func (c *cli) parseJoinArgs(args []string) (opts session.Options, plan joinPlan, status int, ok bool) {
	fs := c.flags("join")
	fs.StringVar(&plan.name, "name", "", c.T("session.join.flag_name"))
	audioOnly := fs.Bool("audio-only", false, c.T("session.join.flag_audio_only"))
	testPattern := fs.Bool("video-test-pattern", false, c.T("session.join.flag_test_pattern"))
	videoFile := fs.String("video-file", "", c.T("session.join.flag_video_file"))
	fs.DurationVar(&plan.duration, "duration", 0, c.T("session.join.flag_duration"))
	pin := fs.String("pin", "", c.T("session.join.flag_pin"))
	muted := fs.Bool("muted", false, c.T("session.join.flag_muted"))
	noSound := fs.Bool("no-sound", false, c.T("session.join.flag_no_sound"))
	fs.DurationVar(&plan.statsEvery, "stats", 5*time.Second, c.T("session.join.flag_stats"))
	noBlur := fs.Bool("no-blur", false, c.T("session.join.flag_no_blur"))
	blurStrength := fs.Int("blur-strength", 0, c.T("session.join.flag_blur_strength"))
	hideBackground := fs.Bool("hide-background", false, c.T("session.join.flag_hide_background"))
	fs.StringVar(&plan.chat, "chat", "", c.T("session.join.flag_chat"))
	camera := fs.String("camera", "", c.T("session.join.flag_camera"))
	microphone := fs.String("microphone", "", c.T("session.join.flag_microphone"))
	speaker := fs.String("speaker", "", c.T("session.join.flag_speaker"))
	if err := c.parse(fs, args); err != nil {
		return opts, plan, parseFailed(err), false
	}
	if fs.NArg() != 1 || plan.name == "" {
		fmt.Fprintln(c.stderr, c.T("session.join.usage"))
		return opts, plan, 2, false
	}
	link, err := ring.Parse(fs.Arg(0))
	if err != nil {
		return opts, plan, c.fail(err), false
	}
	if *pin != "" {
		link.PIN = *pin
	}
	if *blurStrength != 0 && (*blurStrength < session.MinBlurStrength || *blurStrength > session.MaxBlurStrength) {
		fmt.Fprintln(c.stderr, c.T("session.join.bad_blur_strength", map[string]any{"Min": session.MinBlurStrength, "Max": session.MaxBlurStrength}))
		return opts, plan, 2, false
	}
	opts = session.Options{
		Link: link, Pseudonym: plan.name,
		AudioOnly: *audioOnly, TestPattern: *testPattern, VideoFile: *videoFile, StartMuted: *muted,
		NullSpeaker: *noSound,
		VideoDevice: *camera, AudioDevice: *microphone, SpeakerDevice: *speaker,
		Blur: session.BlurOptions{Disabled: *noBlur, Strength: *blurStrength, HideBackground: *hideBackground},
	}
	return opts, plan, 0, true
}

// printEvents prints the session's events from the start, so none is
// missed while joining. printed closes when the events end; someone
// ticks when another participant's sound or picture arrives: then they
// are fully in the ring, and (having come in before their media could
// reach us) are following ours, so a chat line reaches them. Their mere
// arrival is too early: Janus drops data for whoever has not subscribed
// yet.
func printEvents(c *cli, s *session.Session) (printed <-chan struct{}, someone <-chan struct{}) {
	done := make(chan struct{})
	arrived := make(chan struct{}, 1)
	go func() {
		defer close(done)
		for e := range s.Events() {
			if _, ok := e.(call.MediaStarted); ok {
				select {
				case arrived <- struct{}{}:
				default:
				}
			}
			printEvent(c, e)
		}
	}()
	return done, arrived
}

// stayInRing stays until the duration is over, Ctrl-C or the call ends on
// its own, printing statistics and sending the chat line on the way. It
// returns the exit status.
func stayInRing(ctx context.Context, c *cli, s *session.Session, plan joinPlan, printed, someone <-chan struct{}) int {
	var deadline <-chan time.Time
	if plan.duration > 0 {
		t := time.NewTimer(plan.duration)
		defer t.Stop()
		deadline = t.C
	}
	var tick <-chan time.Time
	if plan.statsEvery > 0 {
		t := time.NewTicker(plan.statsEvery)
		defer t.Stop()
		tick = t.C
	}
	// The chat message, if any, goes out once someone is there to read
	// it (see printEvents): Janus keeps nothing for people who come later.
	var chatDue <-chan struct{}
	if plan.chat != "" {
		chatDue = someone
	}
	var chatRetry <-chan time.Time
	for {
		select {
		case <-chatDue:
			chatDue = nil
			chatRetry = time.After(0)
		case <-chatRetry:
			// The data channel opens a moment after the others arrive.
			chatRetry = nil
			if err := s.SendChat(plan.chat); err != nil {
				chatRetry = time.After(200 * time.Millisecond)
			} else {
				fmt.Fprintln(c.stdout, c.T("session.join.chat_line", map[string]any{"Name": plan.name, "Text": plan.chat}))
			}
		case <-ctx.Done():
			return 0
		case <-deadline:
			return 0
		case <-printed:
			// The call ended on its own (the server went away for good).
			return 1
		case <-tick:
			printStats(c, s.Stats())
		}
	}
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
