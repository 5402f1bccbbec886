package capture

import (
	"context"
	"errors"
	"github.com/ringlet/ringlet/media/capture/capturetest"
	"image"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/driver"
	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/mediadevices/pkg/wave"
	"github.com/pion/rtcp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"
)

// newPair connects two in-process PeerConnections over loopback. sender gets
// the stream's tracks; onTrack is called for every track the receiver gets.
func newPair(t *testing.T, s *Stream, onTrack func(*webrtc.TrackRemote)) (sender, receiver *webrtc.PeerConnection) {
	t.Helper()
	newPC := func() *webrtc.PeerConnection {
		m := &webrtc.MediaEngine{}
		if err := s.ConfigureMediaEngine(m); err != nil {
			t.Fatal(err)
		}
		se := webrtc.SettingEngine{}
		se.SetIncludeLoopbackCandidate(true)
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
		se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
		se.SetInterfaceFilter(func(name string) bool { return name == "lo" })
		api := webrtc.NewAPI(webrtc.WithMediaEngine(m), webrtc.WithSettingEngine(se))
		pc, err := api.NewPeerConnection(webrtc.Configuration{})
		if err != nil {
			t.Fatal(err)
		}
		return pc
	}
	sender, receiver = newPC(), newPC()
	for _, tr := range s.Tracks() {
		if _, err := sender.AddTransceiverFromTrack(tr, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly}); err != nil {
			t.Fatal(err)
		}
	}
	receiver.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) { onTrack(tr) })
	offer, err := sender.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	gather := webrtc.GatheringCompletePromise(sender)
	if err := sender.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	<-gather
	if err := receiver.SetRemoteDescription(*sender.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	answer, err := receiver.CreateAnswer(nil)
	if err != nil {
		t.Fatal(err)
	}
	gather = webrtc.GatheringCompletePromise(receiver)
	if err := receiver.SetLocalDescription(answer); err != nil {
		t.Fatal(err)
	}
	<-gather
	if err := sender.SetRemoteDescription(*receiver.LocalDescription()); err != nil {
		t.Fatal(err)
	}
	return sender, receiver
}

// packetCounter counts RTP packets per MIME type until enough have arrived.
type packetCounter struct {
	mu     sync.Mutex
	counts map[string]int
	done   chan struct{}
	want   map[string]int
	once   sync.Once
}

func newPacketCounter(want map[string]int) *packetCounter {
	return &packetCounter{counts: map[string]int{}, done: make(chan struct{}), want: want}
}

func (c *packetCounter) read(tr *webrtc.TrackRemote) {
	mime := tr.Codec().MimeType
	for {
		if _, _, err := tr.ReadRTP(); err != nil {
			return
		}
		c.mu.Lock()
		c.counts[mime]++
		enough := true
		for m, n := range c.want {
			if c.counts[m] < n {
				enough = false
			}
		}
		c.mu.Unlock()
		if enough {
			c.once.Do(func() { close(c.done) })
		}
	}
}

func (c *packetCounter) snapshot() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.counts {
		out[k] = v
	}
	return out
}

func TestStreamSendsVP8AndOpusToAPeer(t *testing.T) {
	var transformed atomic.Int64
	var notI420 atomic.Int64
	s, err := Open(Options{TestPattern: true, Transform: func(f *image.YCbCr) {
		if f.SubsampleRatio != image.YCbCrSubsampleRatio420 || f.Rect.Dx() != 640 {
			notI420.Add(1)
		}
		transformed.Add(1)
	}})
	if err != nil {
		t.Fatal(err)
	}
	counter := newPacketCounter(map[string]int{webrtc.MimeTypeVP8: 30, webrtc.MimeTypeOpus: 25})
	sender, receiver := newPair(t, s, func(tr *webrtc.TrackRemote) { go counter.read(tr) })
	select {
	case <-counter.done:
	case <-time.After(20 * time.Second): // a generous bound for a stuck test, not a speed assertion
		t.Errorf("not enough packets arrived: %v", counter.snapshot())
	}
	_ = sender.Close()
	_ = receiver.Close()
	if err := s.Close(); err != nil {
		t.Error(err)
	}
	if transformed.Load() == 0 {
		t.Error("the transform hook never saw a frame")
	}
	if notI420.Load() != 0 {
		t.Errorf("%d frames reached the transform not as 640-wide I420", notI420.Load())
	}
}

func TestAudioOnlyNeverTouchesTheCamera(t *testing.T) {
	spy := capturetest.RegisterSpyCamera(t, "spy-camera-audio-only")
	var camerasRegistered atomic.Int64
	register := func() error { camerasRegistered.Add(1); return nil }

	s, err := Open(Options{AudioOnly: true, TestPattern: false, AudioDevice: TestAudioLabel, RegisterCameras: register})
	if errors.Is(err, ErrNoMicrophone) {
		// No hardware microphone driver is linked into this package: use the
		// test tone for audio, but keep asking for a real camera.
		s, err = Open(Options{AudioOnly: true, TestPattern: true, RegisterCameras: register})
	}
	if err != nil {
		t.Fatal(err)
	}
	if s.HasVideo() || len(s.Tracks()) != 1 {
		t.Fatalf("audio-only stream has %d tracks", len(s.Tracks()))
	}
	counter := newPacketCounter(map[string]int{webrtc.MimeTypeOpus: 25})
	sender, receiver := newPair(t, s, func(tr *webrtc.TrackRemote) { go counter.read(tr) })
	select {
	case <-counter.done:
	case <-time.After(20 * time.Second):
		t.Errorf("not enough audio arrived: %v", counter.snapshot())
	}
	_ = sender.Close()
	_ = receiver.Close()
	_ = s.Close()
	if got := counter.snapshot()[webrtc.MimeTypeVP8]; got != 0 {
		t.Errorf("audio-only sent %d video packets", got)
	}
	if n := spy.Opened.Load() + spy.Queried.Load() + spy.Recorded.Load(); n != 0 {
		t.Errorf("camera touched in audio-only mode: opened %d, queried %d, recorded %d",
			spy.Opened.Load(), spy.Queried.Load(), spy.Recorded.Load())
	}
	if camerasRegistered.Load() != 0 {
		t.Error("audio-only mode looked for cameras")
	}
}

// The control for the test above: with video wanted, the same spy is found
// and opened, so the spy really detects use.
func TestVideoModeOpensOnlyTheChosenCamera(t *testing.T) {
	chosen := capturetest.RegisterSpyCamera(t, "spy-camera-chosen")
	other := capturetest.RegisterSpyCamera(t, "spy-camera-other")
	var camerasRegistered atomic.Int64
	s, err := Open(Options{
		VideoDevice:     "spy-camera-chosen",
		AudioDevice:     TestAudioLabel,
		TestPattern:     false,
		RegisterCameras: func() error { camerasRegistered.Add(1); return nil },
	})
	if errors.Is(err, ErrNoMicrophone) {
		t.Skip("no microphone driver linked into this test binary")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if chosen.Opened.Load() != 1 || chosen.Recorded.Load() != 1 {
		t.Errorf("chosen camera: opened %d, recorded %d", chosen.Opened.Load(), chosen.Recorded.Load())
	}
	if n := other.Opened.Load() + other.Queried.Load(); n != 0 {
		t.Errorf("the other camera was touched %d times", n)
	}
	if camerasRegistered.Load() != 1 {
		t.Errorf("RegisterCameras called %d times", camerasRegistered.Load())
	}
}

func TestOpenErrorsAreTyped(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"too wide", Options{TestPattern: true, Width: 4000, Height: 480}, ErrBadSize},
		{"odd size", Options{TestPattern: true, Width: 641, Height: 481}, ErrBadSize},
		{"no such camera", Options{VideoDevice: "no-such-camera", AudioDevice: TestAudioLabel}, ErrNoCamera},
		{"no such microphone", Options{AudioOnly: true, AudioDevice: "no-such-microphone"}, ErrNoMicrophone},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(tc.opts)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			if tc.want == ErrNoCamera && errors.Is(err, ErrNoMicrophone) {
				t.Skip("no microphone driver linked into this test binary")
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.MessageKey() == "" {
				t.Fatalf("error %v carries no message key", err)
			}
		})
	}
}

func TestFallbackToTestPatternWhenNoCamera(t *testing.T) {
	s, err := Open(Options{TestPattern: false, VideoDevice: "no-such-camera", AudioDevice: TestAudioLabel, FallbackToTestPattern: true})
	if errors.Is(err, ErrNoMicrophone) {
		t.Skip("no microphone driver linked into this test binary")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.HasVideo() || len(s.Notices()) != 1 || s.Notices()[0] != NoticeTestPattern {
		t.Fatalf("video %v, notices %v", s.HasVideo(), s.Notices())
	}
}

func TestMuteSendsSilenceAndMeterKeepsMeasuring(t *testing.T) {
	s, err := Open(Options{TestPattern: true, AudioOnly: true, StartMuted: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Muted() {
		t.Fatal("StartMuted not honoured")
	}
	// Read what the encoder would get.
	r := s.AudioTrack().(*mediadevices.AudioTrack).NewReader(false)
	peak := func() float64 {
		chunk, _, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		m := 0.0
		for i := 0; i < chunk.ChunkInfo().Len; i++ {
			v := float64(wave.Float32SampleFormat.Convert(chunk.At(i, 0)).(wave.Float32Sample))
			m = math.Max(m, math.Abs(v))
		}
		return m
	}
	for range 3 {
		if p := peak(); p != 0 {
			t.Fatalf("muted chunk has peak %v", p)
		}
	}
	// The test tone is a sine of amplitude 0.25: −15 dBFS RMS, 0.75 on the meter.
	if l := s.InputLevel(); l < 0.6 || l > 0.9 {
		t.Errorf("muted input level %v, want about 0.75", l)
	}
	s.SetMuted(false)
	for range 2 { // a chunk may already be on its way
		peak()
	}
	if p := peak(); p < 0.2 {
		t.Errorf("unmuted chunk has peak %v, want the tone's 0.25", p)
	}
}

func TestLevel(t *testing.T) {
	sine := func(amp float64) []float32 {
		out := make([]float32, 960)
		for i := range out {
			out[i] = float32(amp * math.Sin(2*math.Pi*1000*float64(i)/48000))
		}
		return out
	}
	tests := []struct {
		name     string
		samples  []float32
		min, max float64
	}{
		{"empty", nil, 0, 0},
		{"silence", make([]float32, 480), 0, 0},
		{"full scale sine (−3 dBFS RMS)", sine(1), 0.94, 0.96},
		{"−40 dB sine", sine(0.01), 0.27, 0.29},
		{"below the floor", sine(0.0001), 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Level(tc.samples); got < tc.min || got > tc.max {
				t.Errorf("Level = %v, want %v..%v", got, tc.min, tc.max)
			}
		})
	}
}

func TestPushToTalk(t *testing.T) {
	s, err := Open(Options{TestPattern: true, AudioOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		name                string
		muted, ptt, pressed bool
		sending             bool
	}{
		{"open microphone", false, false, false, true},
		{"muted", true, false, false, false},
		{"push-to-talk, key up", false, true, false, false},
		{"push-to-talk, key down", false, true, true, true},
		{"muted wins over the key", true, true, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s.SetMuted(tc.muted)
			s.SetPushToTalk(tc.ptt)
			s.PushToTalk(tc.pressed)
			if s.Sending() != tc.sending {
				t.Errorf("Sending() = %v", s.Sending())
			}
		})
	}
}

// TestPictureLossGetsAKeyFrame checks that an RTCP PLI from the receiver
// (what Janus sends when a subscriber joins) makes the VP8 encoder send a
// keyframe long before its regular keyframe interval.
func TestPictureLossGetsAKeyFrame(t *testing.T) {
	s, err := Open(Options{TestPattern: true, Width: 320, Height: 240})
	if err != nil {
		t.Fatal(err)
	}
	type frameInfo struct{ key bool }
	frames := make(chan frameInfo, 1000)
	var remoteSSRC atomic.Uint32
	sender, receiver := newPair(t, s, func(tr *webrtc.TrackRemote) {
		if tr.Kind() != webrtc.RTPCodecTypeVideo {
			return
		}
		remoteSSRC.Store(uint32(tr.SSRC()))
		go func() {
			for {
				pkt, _, err := tr.ReadRTP()
				if err != nil {
					close(frames)
					return
				}
				var vp8 codecs.VP8Packet
				payload, err := vp8.Unmarshal(pkt.Payload)
				if err != nil || vp8.S != 1 || vp8.PID != 0 || len(payload) == 0 {
					continue // not the start of a frame
				}
				frames <- frameInfo{key: payload[0]&1 == 0}
			}
		}()
	})
	defer func() {
		_ = sender.Close()
		_ = receiver.Close()
		_ = s.Close()
	}()
	next := func() frameInfo {
		select {
		case f := <-frames:
			return f
		case <-time.After(10 * time.Second):
			t.Fatal("no video frames")
		}
		return frameInfo{}
	}
	// The very first keyframe may be sent before the connection is up and
	// get lost; Janus asks for one anyway. Let the stream settle.
	for range 5 {
		next()
	}
	for range 10 {
		if next().key {
			t.Fatal("keyframe without being asked; the test could not tell")
		}
	}
	if err := receiver.WriteRTCP([]rtcp.Packet{&rtcp.PictureLossIndication{MediaSSRC: remoteSSRC.Load()}}); err != nil {
		t.Fatal(err)
	}
	// The regular interval is 120 frames from the start; the PLI must win
	// well before.
	for i := 0; i < 60; i++ {
		if next().key {
			t.Logf("keyframe %d frames after the PLI", i+1)
			return
		}
	}
	t.Error("no keyframe within 60 frames of a PLI")
}

func TestCameraUnpluggedMidCallThenSwitched(t *testing.T) {
	first := capturetest.RegisterSpyCamera(t, "spy-camera-first")
	first.Fill = 200
	second := capturetest.RegisterSpyCamera(t, "spy-camera-second")
	second.Fill = 100
	lost := make(chan error, 1)
	opts := Options{
		VideoDevice:  "spy-camera-first",
		AudioDevice:  TestAudioLabel,
		Width:        320,
		Height:       240,
		OnCameraLost: func(err error) { lost <- err },
	}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	luma := lumaOf(t, s)
	if l := luma(); l != 200 {
		t.Fatalf("first camera's luma %d", l)
	}
	first.Unplugged.Store(true)
	// Frames are only pulled while someone reads (as the encoder does).
	for gone := false; !gone; {
		select {
		case <-lost:
			gone = true
		default:
			luma()
		}
	}
	for range 3 {
		if l := luma(); l != 16 {
			t.Fatalf("after the camera went: luma %d, want black (16)", l)
		}
	}
	if !s.CameraLost() {
		t.Error("CameraLost() = false")
	}
	select {
	case <-first.Closed(): // released, so it can be opened again when back
	default:
		t.Error("the lost camera's driver was not closed")
	}
	if err := s.SwitchCamera(opts, "spy-camera-second"); err != nil {
		t.Fatal(err)
	}
	got := luma()
	for i := 0; got == 16 && i < 3; i++ { // a black frame may be on its way
		got = luma()
	}
	if got != 100 || s.CameraLost() {
		t.Errorf("after switching: luma %d, lost %v", got, s.CameraLost())
	}
	if err := s.SwitchCamera(opts, "no-such-camera"); !errors.Is(err, ErrNoCamera) {
		t.Errorf("switching to a missing camera: %v", err)
	}
	// Drivers are process-wide: the test tone is free again only now.
	_ = s.Close()
	audioOnly, err := Open(Options{AudioOnly: true, TestPattern: true})
	if err != nil {
		t.Fatal(err)
	}
	defer audioOnly.Close()
	if err := audioOnly.SwitchCamera(opts, "spy-camera-second"); !errors.Is(err, ErrNoCamera) {
		t.Errorf("audio-only stream switched camera: %v", err)
	}
}

// spyMicrophone stands in for a USB headset that can be pulled out.
type spyMicrophone struct {
	unplugged atomic.Bool
}

func (m *spyMicrophone) Open() error  { return nil }
func (m *spyMicrophone) Close() error { return nil }
func (m *spyMicrophone) Properties() []prop.Media {
	return []prop.Media{{Audio: prop.Audio{SampleRate: SampleRate, ChannelCount: 1, Latency: 20 * time.Millisecond}}}
}

func (m *spyMicrophone) AudioRecord(p prop.Media) (audio.Reader, error) {
	tick := time.NewTicker(20 * time.Millisecond)
	return audio.ReaderFunc(func() (wave.Audio, func(), error) {
		<-tick.C
		if m.unplugged.Load() {
			tick.Stop()
			return nil, func() {}, errors.New("spy microphone: no such device")
		}
		chunk := wave.NewFloat32Interleaved(wave.ChunkInfo{Len: SampleRate / 50, Channels: 1, SamplingRate: SampleRate})
		for i := range chunk.Data {
			chunk.Data[i] = 0.5
		}
		return chunk, func() {}, nil
	}), nil
}

func TestMicrophoneUnpluggedMidCallThenSwitched(t *testing.T) {
	spy := &spyMicrophone{}
	m := driver.GetManager()
	if err := m.Register(spy, driver.Info{Label: "spy-mic", DeviceType: driver.Microphone}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, d := range m.Query(driver.FilterDeviceType(driver.Microphone)) {
			if d.Info().Label == "spy-mic" {
				m.Delete(d.ID())
			}
		}
	})
	lost := make(chan error, 1)
	opts := Options{AudioOnly: true, AudioDevice: "spy-mic", OnMicrophoneLost: func(err error) { lost <- err }}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := s.AudioTrack().(*mediadevices.AudioTrack).NewReader(false)
	peak := func() float64 {
		chunk, _, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		p := 0.0
		for i := 0; i < chunk.ChunkInfo().Len; i++ {
			p = math.Max(p, math.Abs(float64(wave.Float32SampleFormat.Convert(chunk.At(i, 0)).(wave.Float32Sample))))
		}
		return p
	}
	if p := peak(); p != 0.5 {
		t.Fatalf("spy microphone peak %v", p)
	}
	spy.unplugged.Store(true)
	for gone := false; !gone; {
		select {
		case <-lost:
			gone = true
		default:
			peak()
		}
	}
	if p := peak(); p != 0 || !s.MicrophoneLost() {
		t.Fatalf("after unplugging: peak %v, lost %v", p, s.MicrophoneLost())
	}
	if err := s.SwitchMicrophone(opts, TestAudioLabel); err != nil {
		t.Fatal(err)
	}
	p := peak()
	for i := 0; p == 0 && i < 3; i++ {
		p = peak()
	}
	if p < 0.2 || s.MicrophoneLost() {
		t.Errorf("after switching to the test tone: peak %v, lost %v", p, s.MicrophoneLost())
	}
	if err := s.SwitchMicrophone(opts, "no-such-microphone"); !errors.Is(err, ErrNoMicrophone) {
		t.Errorf("switching to a missing microphone: %v", err)
	}
}

// Turning the camera off mid-call must really close it (so its light goes
// off), not just send black over an open camera.
func TestCameraOffClosesTheCameraAndOnReopensIt(t *testing.T) {
	spy := capturetest.RegisterSpyCamera(t, "spy-camera-off")
	spy.Fill = 180
	lost := make(chan error, 1)
	opts := Options{VideoDevice: "spy-camera-off", AudioDevice: TestAudioLabel, Width: 320, Height: 240,
		OnCameraLost: func(err error) { lost <- err }}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	luma := lumaOf(t, s)
	if l := luma(); l != 180 {
		t.Fatalf("camera's luma %d", l)
	}
	s.StopCamera()
	select {
	case <-spy.Closed():
	default:
		t.Fatal("StopCamera left the camera driver open")
	}
	if s.CameraOpen() {
		t.Error("CameraOpen() = true after StopCamera")
	}
	for i := 0; i < 3; i++ {
		if l := luma(); l != 16 && i > 0 { // one frame may have been on its way
			t.Fatalf("camera off: luma %d, want black (16)", l)
		}
	}
	if s.CameraLost() {
		t.Error("turning the camera off was reported as losing it")
	}
	select {
	case err := <-lost:
		t.Fatalf("OnCameraLost called for a deliberate stop: %v", err)
	default:
	}
	if err := s.StartCamera(opts, "spy-camera-off"); err != nil {
		t.Fatal(err)
	}
	got := luma()
	for i := 0; got == 16 && i < 3; i++ {
		got = luma()
	}
	if got != 180 || !s.CameraOpen() || spy.Opened.Load() != 2 {
		t.Errorf("after StartCamera: luma %d, open %v, opened %d times", got, s.CameraOpen(), spy.Opened.Load())
	}
}

// A camera pulled out mid-call is replaced by another one without anyone
// doing anything; the chosen one is taken back first when it returns.
func TestFollowReplacesALostCamera(t *testing.T) {
	first := capturetest.RegisterSpyCamera(t, "spy-follow-first")
	first.Fill = 60
	second := capturetest.RegisterSpyCamera(t, "spy-follow-second")
	second.Fill = 120
	lost := make(chan error, 4)
	opts := Options{VideoDevice: "spy-follow-first", AudioDevice: TestAudioLabel, Width: 320, Height: 240,
		OnCameraLost: func(err error) { lost <- err }}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	luma := lumaOf(t, s)
	if l := luma(); l != 60 {
		t.Fatalf("first camera's luma %d", l)
	}
	back := make(chan FollowEvent, 4)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Follow(ctx, FollowOptions{
		Capture:  opts,
		Interval: 20 * time.Millisecond,
		Cameras:  func() []string { return []string{"spy-follow-first", "spy-follow-second"} },
		OnChange: func(e FollowEvent) { back <- e },
	})
	first.Unplugged.Store(true)
	deadline := time.After(20 * time.Second)
	for done := false; !done; {
		select {
		case e := <-back:
			if e.Kind != CameraBack || e.Device != "spy-follow-second" {
				t.Fatalf("follow event %+v", e)
			}
			done = true
		case <-deadline:
			t.Fatal("the lost camera was never replaced")
		default:
			luma() // frames flow only while someone reads, as the encoder does
		}
	}
	got := luma()
	for i := 0; got != 120 && i < 5; i++ {
		got = luma()
	}
	if got != 120 || s.CameraLost() {
		t.Errorf("after the replacement: luma %d, lost %v", got, s.CameraLost())
	}
	if len(lost) != 1 {
		t.Errorf("OnCameraLost called %d times, want once", len(lost))
	}
}

// lumaOf reads the stream's next outgoing picture (as the encoder would:
// frames flow only while someone reads) and returns its first luma value.
func lumaOf(t *testing.T, s *Stream) func() byte {
	r := s.VideoTrack().(*mediadevices.VideoTrack).NewReader(false)
	return func() byte {
		t.Helper()
		img, _, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		return img.(*image.YCbCr).Y[0]
	}
}

// A source that delivers faster than real time (miniaudio's "null"
// microphone on a computer without a sound card) is held to the clock; one
// that keeps the clock's pace is never made to wait.
func TestRealTimePacing(t *testing.T) {
	clock := time.Unix(1_700_000_000, 0)
	now := func() time.Time { return clock }
	var slept time.Duration
	sleep := func(d time.Duration) { slept += d; clock = clock.Add(d) }

	var fast realTime
	for range 500 { // 500 chunks of 20 ms handed out with no time passing
		fast.after(1, 20*time.Millisecond, now, sleep)
	}
	if ahead := 10*time.Second - slept; ahead < 0 || ahead > 100*time.Millisecond {
		t.Errorf("an unpaced source was held back %v for 10 s of sound", slept)
	}

	slept = 0
	var real realTime
	for range 500 { // a real microphone: 20 ms of sound every 20 ms
		real.after(1, 20*time.Millisecond, now, sleep)
		clock = clock.Add(20 * time.Millisecond)
	}
	if slept != 0 {
		t.Errorf("a real-time source was made to wait %v", slept)
	}

	// After a stall the count starts afresh: no burst to catch up, and the
	// source is not held back for the time it lost.
	clock = clock.Add(5 * time.Second)
	real.after(1, 20*time.Millisecond, now, sleep)
	real.after(1, 20*time.Millisecond, now, sleep)
	if slept != 0 {
		t.Errorf("after a stall the source waited %v", slept)
	}
}
