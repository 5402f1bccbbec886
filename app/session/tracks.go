package session

import (
	"context"
	"image"
	"time"

	"github.com/ringlet/ringlet/media/audio"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/video"
)

// remoteTrack is one received stream, its decoder and its counters.
type remoteTrack struct {
	participant string
	kind        call.Kind
	video       *video.Receiver
	audio       *audio.JitterBuffer
	cancel      context.CancelFunc
}

func trackKey(id string, k call.Kind) string { return id + "/" + k.String() }

// addTrack starts playing one received stream: video through a decoder
// to OnFrame, sound through a jitter buffer into the mixer.
func (s *Session) addTrack(e call.TrackAdded) {
	ctx, cancel := context.WithCancel(context.Background())
	t := &remoteTrack{participant: e.ParticipantID, kind: e.Kind, cancel: cancel}
	if old := s.st.tracks[trackKey(e.ParticipantID, e.Kind)]; old != nil {
		old.cancel()
	}
	s.st.tracks[trackKey(e.ParticipantID, e.Kind)] = t
	var err error
	if e.Kind == call.Video {
		err = s.playVideo(ctx, t, e.Track)
	} else {
		err = s.playAudio(ctx, t, e.Track)
	}
	if err != nil {
		cancel()
		return
	}
	s.emit(call.MediaStarted{ParticipantID: e.ParticipantID, Kind: e.Kind})
}

func (s *Session) playVideo(ctx context.Context, t *remoteTrack, src call.RemoteTrack) error {
	// Without a taker (headless join) pictures stay inside the decoder:
	// no copy per frame.
	var show func(*image.YCbCr)
	if onFrame, id := s.opts.OnFrame, t.participant; onFrame != nil {
		show = func(f *image.YCbCr) { onFrame(id, f) }
	}
	opts := video.ReceiveOptions{
		OnFrame:         show,
		WantFrame:       RateGate(s.opts.MaxPictureRate),
		RequestKeyFrame: src.RequestKeyframe,
	}
	if s.st.e2e != nil {
		opts.Decrypt = s.st.e2e.VideoOpener(t.participant)
	} else {
		opts.OnSealed = s.tellSealed(t.participant)
	}
	r, err := video.NewReceiver(opts)
	if err != nil {
		s.emit(call.Notice{Key: "session.notice.video_decoder"})
		return err
	}
	t.video = r
	go func() { _ = r.Run(ctx, src) }()
	return nil
}

func (s *Session) playAudio(ctx context.Context, t *remoteTrack, src call.RemoteTrack) error {
	jb, err := audio.NewJitterBuffer(audio.JitterOptions{})
	if err != nil {
		s.emit(call.Notice{Key: "session.notice.audio_decoder"})
		return err
	}
	t.audio = jb
	s.st.mixer.Add(t.participant, jb)
	if e2e := s.st.e2e; e2e != nil {
		open := e2e.AudioOpener(t.participant)
		go func() { _ = audio.ReceiveEncrypted(ctx, src, jb, open) }()
		return nil
	}
	go func() { _ = audio.Receive(ctx, src, jb) }()
	return nil
}

func (s *Session) removeTrack(id string, kind call.Kind) {
	t := s.st.tracks[trackKey(id, kind)]
	if t == nil {
		return
	}
	delete(s.st.tracks, trackKey(id, kind))
	t.cancel()
	if kind == call.Audio && s.st.mixer != nil {
		s.st.mixer.Remove(id)
	}
	s.emit(call.MediaStopped{ParticipantID: id, Kind: kind})
}

// TrackStats counts one received stream.
type TrackStats struct {
	ParticipantID, Name string
	Kind                call.Kind
	Packets             uint64
	FramesDecoded       uint64 // video only
	AudioConcealed      uint64 // audio only: lost frames hidden
	Width, Height       int    // video only
}

// Stats returns the counters of every received stream.
func (s *Session) Stats() []TrackStats {
	var out []TrackStats
	s.read(func(c *callState) {
		out = make([]TrackStats, 0, len(c.tracks))
		for _, t := range c.tracks {
			out = append(out, t.stats(c.people))
		}
	})
	return out
}

func (t *remoteTrack) stats(people *roster) TrackStats {
	st := TrackStats{ParticipantID: t.participant, Kind: t.kind}
	st.Name, _ = people.name(t.participant)
	if t.video != nil {
		vs := t.video.Stats()
		st.Packets, st.FramesDecoded = vs.Packets, vs.FramesDecoded
		st.Width, st.Height = t.video.Size()
	}
	if t.audio != nil {
		as := t.audio.Stats()
		st.Packets, st.AudioConcealed = as.Received, as.Concealed
	}
	return st
}

// Participants returns who is in the call (ID → name).
func (s *Session) Participants() map[string]string {
	var out map[string]string
	s.read(func(c *callState) { out = c.people.all() })
	return out
}

// RateGate lets through at most perSecond calls a second, for one
// goroutine (no lock); nil for perSecond ≤ 0, which means all.
func RateGate(perSecond int) func() bool { return rateGate(perSecond, time.Now) }

func rateGate(perSecond int, now func() time.Time) func() bool {
	if perSecond <= 0 {
		return nil
	}
	every := time.Second / time.Duration(perSecond)
	var last time.Time
	return func() bool {
		t := now()
		// A little slack, so that a 30 fps stream gated at 15 shows every
		// other frame instead of beating against the jitter.
		if t.Sub(last) < every-every/8 {
			return false
		}
		last = t
		return true
	}
}
