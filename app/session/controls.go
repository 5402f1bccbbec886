package session

import (
	"github.com/ringlet/ringlet/media/blur"
	"github.com/ringlet/ringlet/media/capture"
)

// What the person does during the call. Each control asks the loop; the
// ones that wait on a device or the server (the camera, chat, the hand)
// take what they need from the loop and do the slow part on the caller's
// goroutine, so that the loop keeps answering.

// SetMuted mutes or unmutes the microphone (silence is sent while muted).
func (s *Session) SetMuted(m bool) {
	if media := s.media(); media != nil {
		media.SetMuted(m)
	}
}

// Muted reports the microphone state.
func (s *Session) Muted() bool {
	media := s.media()
	return media != nil && media.Muted()
}

// SetCamera turns the picture on or off mid-call. Off closes the camera
// itself, so its light goes off, and the others see a black picture; on
// opens it again (blurred as before). The call is not renegotiated. Joining
// audio-only is the way to never open the camera at all: then turning it
// on fails with capture's ErrNoCamera.
func (s *Session) SetCamera(on bool) error {
	media := s.media()
	if media == nil || !media.HasVideo() {
		if on {
			return capture.ErrNoCamera
		}
		return nil
	}
	if !on {
		media.StopCamera()
	} else if err := media.StartCamera(); err != nil {
		return err
	}
	s.do(func() { s.st.cameraOn = on })
	return nil
}

// CameraOn reports whether the own picture is being sent.
func (s *Session) CameraOn() bool {
	on := false
	s.read(func(c *callState) { on = c.cameraOn })
	return on && !s.opts.AudioOnly
}

// SetPushToTalk switches push-to-talk on or off: while on, the microphone
// sends silence unless PushToTalk(true) holds it open.
func (s *Session) SetPushToTalk(on bool) {
	if media := s.media(); media != nil {
		media.SetPushToTalk(on)
	}
}

// PushToTalk reports the push-to-talk key being held or released.
func (s *Session) PushToTalk(pressed bool) {
	if media := s.media(); media != nil {
		media.PushToTalk(pressed)
	}
}

// InputLevel is the own microphone's loudness, 0 to 1 (also while muted,
// so the UI can say "you are muted but speaking").
func (s *Session) InputLevel() float64 {
	if media := s.media(); media != nil {
		return media.InputLevel()
	}
	return 0
}

// SetVolume plays one participant louder or quieter (1 as sent, 0 silent,
// up to 2). Only this computer's playback changes.
func (s *Session) SetVolume(participantID string, v float64) {
	s.do(func() {
		if s.st.mixer != nil {
			s.st.mixer.SetVolume(participantID, v)
		}
	})
}

// Volume is a participant's playback volume.
func (s *Session) Volume(participantID string) float64 {
	v := 1.0
	s.read(func(c *callState) {
		if c.mixer != nil {
			v = c.mixer.Volume(participantID)
		}
	})
	return v
}

// SetHand raises or lowers the own hand for everyone in the ring.
func (s *Session) SetHand(up bool) error {
	conf := s.conference()
	if conf == nil {
		return ErrChatNotReady
	}
	if err := conf.SetHand(up); err != nil {
		return err
	}
	s.do(func() { s.st.handUp = up })
	return nil
}

// HandUp reports whether the own hand is raised.
func (s *Session) HandUp() bool {
	up := false
	s.read(func(c *callState) { up = c.handUp })
	return up
}

// SendChat sends a chat message to everyone in the ring. Nothing of the
// chat is stored.
func (s *Session) SendChat(text string) error {
	conf := s.conference()
	if conf == nil {
		return ErrChatNotReady
	}
	return conf.SendChat(text)
}

// BlurVerdict says whether the pictures that went out were blurred, as
// measured on them (ok false: no picture measured yet, or no camera).
func (s *Session) BlurVerdict() (v blur.Verdict, ok bool) {
	var stage *blur.Stage
	s.read(func(c *callState) { stage = c.stage })
	if stage == nil {
		return blur.Verdict{}, false
	}
	v = stage.Verdict()
	return v, v.Frames > 0
}

// media is the call's own camera and microphone, nil when there are none
// (before joining, after leaving).
func (s *Session) media() LocalMedia {
	var m LocalMedia
	s.do(func() { m = s.st.media })
	return m
}

func (s *Session) conference() Conference {
	var c Conference
	s.do(func() { c = s.st.conf })
	return c
}
