package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/pion/mediadevices"
	"github.com/pion/mediadevices/pkg/prop"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/pion/webrtc/v4/pkg/media/ivfreader"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/capture"
	"github.com/ringlet/ringlet/media/capture/vp8"
)

// Publishers that only stand in for other people's computers should cost
// almost nothing, or at N = 4 they fill this 2-core machine and starve
// both sides under test (notes/benchmarking.md). So the clip is encoded
// once, by Ringlet's own encoder at its own settings, into an IVF file,
// and the stand-ins replay that file: no camera, no encoder, no decoder.
// They send no sound, as the live publishers (--no-sound) did not.

// replayFrames is how much of the clip the IVF file holds: two loops of
// the 2 s clip, 4 s.
const replayFrames = 120

// replayKeyEvery is the key frame interval of the replayed file. A replay
// cannot answer a newcomer's key frame request (PLI) as a live encoder
// does, so a key frame comes every second: a newcomer waits at most 1 s
// for its first picture (live publishers: key frames every 4 s, and one on
// request).
const replayKeyEvery = 30

// runEncodeClip is the "encode-clip" subcommand: CLIP (Y4M) into OUT (IVF,
// VP8), unless OUT is there already.
func runEncodeClip(args []string) int {
	fs := flag.NewFlagSet("encode-clip", flag.ContinueOnError)
	clip := fs.String("clip", "bench/clip/person.y4m", "Y4M clip to encode")
	out := fs.String("out", "bench/cache/person.ivf", "IVF file to write (kept: bench/cache is git-ignored)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if _, err := os.Stat(*out); err == nil {
		return 0
	}
	if err := encodeClip(*clip, *out, replayFrames); err != nil {
		fmt.Fprintln(os.Stderr, "ringlet-bench encode-clip:", err)
		return 1
	}
	return 0
}

// encodeClip reads n frames of the clip through capture's file camera (at
// the clip's own rate, as `ringlet join --video-file` does) and encodes
// them with capture's VP8 encoder at the default bitrate.
func encodeClip(clip, out string, n int) error {
	stream, err := capture.Open(capture.Options{TestPattern: true, VideoFile: clip, StartMuted: true})
	if err != nil {
		return err
	}
	defer stream.Close()
	track, ok := stream.VideoTrack().(*mediadevices.VideoTrack)
	if !ok {
		return errors.New("the clip gave no video track")
	}
	enc, err := vp8.NewEncoder(track.NewReader(false), prop.Media{Video: prop.Video{Width: 640, Height: 480, FrameRate: 30}},
		vp8.Params{BitRate: capture.DefaultVideoBitrate, KeyFrameInterval: replayKeyEvery})
	if err != nil {
		return err
	}
	defer enc.Close()
	frames := make([][]byte, 0, n)
	for len(frames) < n {
		data, release, err := enc.Read()
		if err != nil {
			return err
		}
		frames = append(frames, append([]byte(nil), data...))
		release()
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp := out + ".part"
	if err := os.WriteFile(tmp, ivfFile(frames, 640, 480, 30), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// ivfFile is frames in the IVF container: a 32-byte file header, then
// each frame with its size and its number as timestamp (time base
// 1/fps). pion's ivfwriter takes RTP packets only.
func ivfFile(frames [][]byte, width, height, fps int) []byte {
	b := make([]byte, 32, 32+len(frames)*(12+4096))
	copy(b, "DKIF")
	binary.LittleEndian.PutUint16(b[6:], 32)
	copy(b[8:], "VP80")
	binary.LittleEndian.PutUint16(b[12:], uint16(width))
	binary.LittleEndian.PutUint16(b[14:], uint16(height))
	binary.LittleEndian.PutUint32(b[16:], uint32(fps))
	binary.LittleEndian.PutUint32(b[20:], 1)
	binary.LittleEndian.PutUint32(b[24:], uint32(len(frames)))
	for i, f := range frames {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(f)))
		b = binary.LittleEndian.AppendUint64(b, uint64(i))
		b = append(b, f...)
	}
	return b
}

// runReplay is the "replay" subcommand: a publisher in the ring at LINK
// (Janus or LiveKit) that sends the frames of an IVF file in a loop at its
// frame rate. It prints "You are in the ring" once joined, as `ringlet
// join` does, and leaves cleanly on SIGINT or SIGTERM.
func runReplay(args []string) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	ivf := fs.String("ivf", "bench/cache/person.ivf", "IVF (VP8) file to send (ringlet-bench encode-clip makes it)")
	name := fs.String("name", "Pub", "pseudonym")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: ringlet-bench replay [-ivf FILE] [-name NAME] LINK")
		return 2
	}
	link, err := ring.Parse(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay: bad link:", err)
		return 2
	}
	frames, interval, err := readIVF(*ivf)
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := replay(ctx, link, *name, frames, interval, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		return 1
	}
	return 0
}

// replayConn is a replaying publisher's connection to its ring, on
// either engine (replay_janus.go, replay_livekit.go).
type replayConn interface {
	// watch prints "someone is here" to out for each participant that
	// comes, as `ringlet join` prints a line (scripts/bench-gui.sh counts
	// them), and never a name; it returns when ctx ends or the
	// connection does.
	watch(ctx context.Context, out io.Writer)
	Leave(ctx context.Context) error
}

// replay joins the ring as name, sends frames in a loop, one per
// interval, until ctx ends, and then leaves.
func replay(ctx context.Context, link ring.Link, name string, frames [][]byte, interval time.Duration, out io.Writer) error {
	track, err := webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeVP8, ClockRate: 90000},
		"video", randomID())
	if err != nil {
		return err
	}
	jctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	conn, err := joinReplay(jctx, link, name, track)
	cancel()
	if err != nil {
		return fmt.Errorf("join: %w", err)
	}
	fmt.Fprintln(out, "You are in the ring")
	go conn.watch(ctx, out)
	sendLoop(ctx, track, frames, interval)
	lctx, lcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer lcancel()
	return conn.Leave(lctx)
}

// joinReplay enters a native ring with the engine its link names.
func joinReplay(ctx context.Context, link ring.Link, name string, track webrtc.TrackLocal) (replayConn, error) {
	switch {
	case link.Kind != ring.KindNative:
		return nil, errors.New("not a ring Ringlet joins itself (Janus or LiveKit)")
	case link.Encrypted():
		return nil, errors.New("the ring is encrypted end to end, and a replaying publisher sends unencrypted")
	case link.Platform == ring.PlatformLiveKit:
		return joinLiveKitReplay(ctx, link, name, track)
	}
	return joinJanusReplay(ctx, link, name, track)
}

// readIVF loads all frames of an IVF file and its frame interval.
func readIVF(path string) ([][]byte, time.Duration, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	r, h, err := ivfreader.NewWith(f)
	if err != nil {
		return nil, 0, err
	}
	if h.TimebaseDenominator == 0 || h.TimebaseNumerator == 0 {
		return nil, 0, errors.New("IVF file without a frame rate")
	}
	var frames [][]byte
	for {
		data, _, err := r.ParseNextFrame()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		frames = append(frames, data)
	}
	if len(frames) == 0 {
		return nil, 0, errors.New("IVF file without frames")
	}
	return frames, time.Second * time.Duration(h.TimebaseNumerator) / time.Duration(h.TimebaseDenominator), nil
}

// sendLoop writes the frames in a loop, one per interval, until ctx ends.
func sendLoop(ctx context.Context, track *webrtc.TrackLocalStaticSample, frames [][]byte, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for i := 0; ; i = (i + 1) % len(frames) {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := track.WriteSample(media.Sample{Data: frames[i], Duration: interval}); err != nil {
			return
		}
	}
}

// randomID is a random stream ID (the brief: no fixed stream IDs).
func randomID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
