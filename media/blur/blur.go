// Package blur hides the room behind a person in outgoing video. It finds
// the person (segmentation with an embedded model, a face detector as
// fallback), smooths the mask over time, blurs or replaces the background of
// each I420 frame in place, and measures on the frames that actually went
// out whether the background is blurred. It fails closed: when it cannot
// tell where the person is in time, the whole frame is blurred, never sent
// sharp.
//
// Use it as the capture hook and close it when the call ends:
//
//	stage, err := blur.New(blur.Options{OnEvent: notify})
//	…
//	capture.Options{Transform: stage.Transform}
//	…
//	defer stage.Close()
//
// Segmentation runs on a worker goroutine on every third frame by default,
// less often while the picture is still or the CPU is busy; the capture
// goroutine only shrinks, blurs and composites (about 1 ms per 640×480
// frame; docs/bench/blur.md). Before the first mask, and whenever
// segmentation fails or overruns Options.Budget, whole frames are blurred.
//
// The package has no UI. Verdicts and events carry i18n message keys.
package blur

import (
	"image"
	"sync"
	"time"

	"github.com/ringlet/ringlet/internal/keyerr"
)

// Mode says what happens to the background.
type Mode int

const (
	// ModeBlur blurs the background (the default).
	ModeBlur Mode = iota
	// ModeHideSolid replaces the background with a calm solid colour.
	ModeHideSolid
	// ModeHideImage replaces the background with a built-in image.
	ModeHideImage
)

// MessageKey names the mode for a settings screen.
func (m Mode) MessageKey() string {
	switch m {
	case ModeHideSolid:
		return "blur.mode.hide_solid"
	case ModeHideImage:
		return "blur.mode.hide_image"
	}
	return "blur.mode.blur"
}

// MessageArgs implements i18n.Messager.
func (m Mode) MessageArgs() map[string]any { return nil }

// Strength limits and default. Strength is the blur radius in steps of
// about 1/40 of the frame width.
const (
	MinStrength     = 1
	MaxStrength     = 10
	DefaultStrength = 6
)

// DefaultBudget is how long one segmentation may take before frames are
// blurred entirely instead.
const DefaultBudget = 250 * time.Millisecond

// Options configure a Stage. The zero value is a usable default.
type Options struct {
	// Strength of the blur, MinStrength…MaxStrength; 0 means default.
	Strength int
	// Mode: blur or hide the background.
	Mode Mode
	// Budget is the deadline for finding the person: a segmentation that
	// takes longer makes the stage send fully blurred frames (fail closed)
	// from then until a timely mask arrives.
	Budget time.Duration
	// Clock returns the current time; tests inject one. Default time.Now.
	// It is called from the capture goroutine and the segmentation worker.
	Clock func() time.Time
	// OnEvent is told about fail-closed frames and recovery when the state
	// changes (not for every frame). It runs on the capture goroutine and
	// must not block.
	OnEvent func(Event)
	// Segmenter finds the person. Default: the embedded segmentation model
	// with the face detector as fallback.
	Segmenter Segmenter
	// SegmentEvery hands every n-th frame to the segmentation worker when
	// it is idle (0 = default 3: 10 masks a second at 30 fps, which keeps
	// the worker near a third of a core). Frames in between reuse the
	// smoothed mask. When the CPU is busy — a mask takes longer to come
	// than the frames between two turns last — turns are spaced out, up to
	// maxSpacing times SegmentEvery, and come back once masks are quick
	// again. Frames in between keep the last mask, so nothing goes out
	// unblurred; a segmentation over Budget still blurs whole frames.
	SegmentEvery int
	// VerdictEvery measures every n-th outgoing frame (0 = default 15).
	VerdictEvery int
	// MaxMaskAge bounds how long a mask serves while the picture hardly
	// changes. Segmentation skips its turn while the picture differs
	// little from the frame the mask was made from (see stillSince), until
	// that frame is this old. 0 = default 500 ms; negative: never skip.
	MaxMaskAge time.Duration
}

// DefaultMaxMaskAge is how long a mask serves a still picture before the
// model looks again anyway.
const DefaultMaxMaskAge = 500 * time.Millisecond

// Segmenter finds the person in a frame. The returned mask covers the
// whole frame and stays valid until the next call; confident reports
// whether the segmenter trusts it.
type Segmenter interface {
	Segment(frame *image.YCbCr) (mask Mask, confident bool, err error)
}

// EventKind names what happened.
type EventKind int

const (
	// EventFailClosed: the person could not be found in time or at all;
	// frames are sent fully blurred until it works again.
	EventFailClosed EventKind = iota + 1
	// EventRecovered: segmentation works again after failing closed.
	EventRecovered
	// EventUnsupportedFrame: a frame the stage cannot read (not I420, or
	// too short buffers) was blanked instead of sent.
	EventUnsupportedFrame
)

// Event reports a change of the stage's state. Err, when set, says why.
type Event struct {
	Kind EventKind
	Err  error
}

// MessageKey implements i18n.Messager.
func (e Event) MessageKey() string {
	switch e.Kind {
	case EventFailClosed:
		return "blur.event.fail_closed"
	case EventRecovered:
		return "blur.event.recovered"
	}
	return "blur.event.unsupported_frame"
}

// MessageArgs implements i18n.Messager.
func (e Event) MessageArgs() map[string]any { return nil }

// Error is a typed error of this package carrying a message key.
type Error = keyerr.Error

// ErrOverBudget is the cause of a fail-closed frame whose segmentation took
// longer than Options.Budget.
var ErrOverBudget = &Error{Key: "blur.error.over_budget"}

// Stage blurs the background of frames in place. Segmentation runs on a
// worker goroutine, so the capture goroutine only pays for blurring and
// compositing; the newest mask is smoothed into the running one. Transform
// is meant to be called from one goroutine (the capture loop); Verdict from
// any. Close stops the worker.
type Stage struct {
	opts   Options
	radius int

	// Geometry of the current frame size; rebuilt when it changes.
	w, h, cw, ch int
	sw, sh       int
	axY, ayY     axis
	axC, ayC     axis

	smallY, smallU, smallV []uint8 // shrunk (and blurred) planes
	hideY, hideU, hideV    []uint8 // background for the hide modes
	alpha                  []uint8 // smoothed person mask on the small grid
	zero                   []uint8 // all background
	sums                   []uint32
	box                    *boxScratch
	// Background and alpha widened to full width for compositing.
	wideY, wideU, wideV []uint16
	wideA, wideAC       []uint16
	rowLo               []uint8 // smallest alpha of each small row
	refY                []uint8 // shrunk luma of the frame the worker last got
	maskAt              time.Time
	haveMask            bool
	failing             bool
	frame               int
	// Turn spacing: every is the current SegmentEvery (raised while the
	// CPU is busy), sinceTurn counts frames since the last turn, and
	// frameGap is the running mean time between frames.
	every, sinceTurn int
	lastFrameAt      time.Time
	frameGap         time.Duration

	// Segmentation worker. The stage owns job while the worker is idle.
	jobs    chan segJob
	results chan segResult
	job     segJob
	busy    bool
	sentAt  time.Time
	closed  bool

	measureScratch measureScratch
	mu             sync.Mutex
	verdict        Verdict
	measured       int
}

// segJob is a copy of a frame for the worker and the grid it writes the
// mask into.
type segJob struct {
	frame  *image.YCbCr
	grid   []uint8
	sw, sh int
	at     time.Time // when the frame was taken
}

type segResult struct {
	job     segJob
	err     error
	latency time.Duration // from taking the frame to its mask
}

// maxSpacing bounds how far a busy CPU spaces out segmentation turns:
// 4 × 3 frames is 0.4 s at 30 fps, within DefaultMaxMaskAge.
const maxSpacing = 4

// New makes a Stage and starts its segmentation worker. It fails only when
// the default segmenter cannot load its embedded model.
func New(opts Options) (*Stage, error) {
	if opts.Strength == 0 {
		opts.Strength = DefaultStrength
	}
	opts.Strength = max(MinStrength, min(MaxStrength, opts.Strength))
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	if opts.SegmentEvery <= 0 {
		opts.SegmentEvery = 3
	}
	if opts.VerdictEvery <= 0 {
		opts.VerdictEvery = 15
	}
	if opts.MaxMaskAge == 0 {
		opts.MaxMaskAge = DefaultMaxMaskAge
	}
	if opts.Segmenter == nil {
		seg, err := NewDefaultSegmenter()
		if err != nil {
			return nil, err
		}
		opts.Segmenter = seg
	}
	s := &Stage{
		every:     opts.SegmentEvery,
		sinceTurn: opts.SegmentEvery, // the first frame is a turn
		opts:      opts,
		radius:    opts.Strength,
		jobs:      make(chan segJob, 1),
		results:   make(chan segResult, 1),
	}
	go s.work()
	return s, nil
}

// work runs the segmenter on the frames Transform hands over.
func (s *Stage) work() {
	for job := range s.jobs {
		start := s.opts.Clock()
		mask, _, err := s.opts.Segmenter.Segment(job.frame)
		if err == nil && s.opts.Clock().Sub(start) > s.opts.Budget {
			err = ErrOverBudget
		}
		if err == nil && !mask.valid() {
			err = &Error{Key: "blur.error.bad_mask"}
		}
		if err == nil {
			resampleInto(job.grid, job.sw, job.sh, mask)
		}
		s.results <- segResult{job: job, err: err, latency: s.opts.Clock().Sub(job.at)}
	}
}

// Close stops the segmentation worker. Frames transformed afterwards are
// fully blurred.
func (s *Stage) Close() {
	if s.closed {
		return
	}
	s.closed = true
	// A worker still segmenting finishes into the buffered results channel
	// and then ends; Close does not wait for a segmenter that may hang.
	close(s.jobs)
}

// Flush waits for the segmentation in progress, if any, and takes its
// mask into use. The check-up calls it before judging a preview; tests
// call it to make the worker's timing deterministic.
func (s *Stage) Flush() {
	if s.busy && !s.closed {
		s.apply(<-s.results)
	}
}

// shrink is the factor between the luma plane and the small grid. The
// chroma planes are half as large, so they shrink by half of it and land on
// the same grid, which lets one mask serve all three planes.
const shrink = 4

// Transform blurs (or hides) the background of frame in place. Frames it
// cannot read are blanked, never passed on sharp.
func (s *Stage) Transform(frame *image.YCbCr) {
	if frame == nil {
		return
	}
	w, h := frame.Rect.Dx(), frame.Rect.Dy()
	if w <= 0 || h <= 0 {
		return
	}
	yp, up, vp, ok := planes(frame)
	if !ok {
		blank(frame)
		s.emit(Event{Kind: EventUnsupportedFrame})
		return
	}
	if w != s.w || h != s.h {
		s.resize(w, h)
	}
	cw, ch := s.cw, s.ch

	select {
	case r := <-s.results:
		s.apply(r)
	default:
	}
	now := s.opts.Clock()
	// A worker that has not answered within the budget may be stuck or
	// starved: its last mask no longer shows where the person is. (An idle
	// worker gets a frame every SegmentEvery frames, so the mask's age in
	// time depends on the frame rate and is not judged by itself.)
	if s.busy && now.Sub(s.sentAt) > s.opts.Budget {
		s.fail(ErrOverBudget)
	}
	s.frame++
	s.timeFrame(now)
	// The shrunk luma serves the stillness check before it is blurred.
	downscale(s.smallY, s.sw, s.sh, yp, frame.YStride, w, h, shrink, s.sums)
	s.sinceTurn++
	if !s.busy && !s.closed && s.sinceTurn >= s.every && !s.takeTurnStill(now) {
		s.ensureJob()
		copyFrame(s.job.frame, frame, yp, up, vp)
		copy(s.refY, s.smallY)
		s.job.at = now
		s.busy, s.sentAt = true, now
		s.jobs <- s.job
	}

	alpha := s.alpha
	if s.failing || !s.haveMask || s.closed {
		alpha = s.zero
	}
	bgY, bgU, bgV := s.hideY, s.hideU, s.hideV
	if s.opts.Mode == ModeBlur {
		downscale(s.smallU, s.sw, s.sh, up, frame.CStride, cw, ch, shrink/2, s.sums)
		downscale(s.smallV, s.sw, s.sh, vp, frame.CStride, cw, ch, shrink/2, s.sums)
		r := max(1, s.radius*s.sw/160)
		boxBlur(s.smallY, s.sw, s.sh, r, 3, s.box)
		boxBlur(s.smallU, s.sw, s.sh, r, 3, s.box)
		boxBlur(s.smallV, s.sw, s.sh, r, 3, s.box)
		bgY, bgU, bgV = s.smallY, s.smallU, s.smallV
	}
	rowMin(alpha, s.sw, s.sh, s.rowLo)
	widen(s.wideA, w, alpha, s.sw, s.sh, s.axY)
	widen(s.wideAC, cw, alpha, s.sw, s.sh, s.axC)
	widen(s.wideY, w, bgY, s.sw, s.sh, s.axY)
	widen(s.wideU, cw, bgU, s.sw, s.sh, s.axC)
	widen(s.wideV, cw, bgV, s.sw, s.sh, s.axC)
	composite(yp, frame.YStride, w, h, s.wideY, s.wideA, s.ayY, s.rowLo)
	composite(up, frame.CStride, cw, ch, s.wideU, s.wideAC, s.ayC, s.rowLo)
	composite(vp, frame.CStride, cw, ch, s.wideV, s.wideAC, s.ayC, s.rowLo)

	if (s.frame-1)%s.opts.VerdictEvery == 0 {
		v := measure(frame, Mask{W: s.sw, H: s.sh, Pix: s.alpha}, &s.measureScratch)
		s.mu.Lock()
		s.measured++
		v.Frames = s.measured
		s.verdict = v
		s.mu.Unlock()
	}
}

// apply takes a worker result into use: a failure fails closed, a mask is
// feathered and smoothed into the running one.
func (s *Stage) apply(r segResult) {
	s.busy = false
	s.job = r.job
	if r.job.sw != s.sw || r.job.sh != s.sh {
		return // the frame size changed meanwhile; the next job has the new one
	}
	if r.err != nil {
		s.fail(r.err)
		return
	}
	s.maskAt = r.job.at
	s.space(r.latency)
	fresh := r.job.grid
	boxBlur(fresh, s.sw, s.sh, 1, 1, s.box) // feather the edge
	if s.haveMask {
		smoothTowards(s.alpha, fresh)
	} else {
		copy(s.alpha, fresh)
		s.haveMask = true
	}
	if s.failing {
		s.failing = false
		s.emit(Event{Kind: EventRecovered})
	}
}

func (s *Stage) fail(err error) {
	if !s.failing {
		s.failing = true
		s.emit(Event{Kind: EventFailClosed, Err: err})
	}
}

func (s *Stage) emit(e Event) {
	if s.opts.OnEvent != nil {
		s.opts.OnEvent(e)
	}
}

// Verdict is the blur check of the latest measured outgoing frame.
func (s *Stage) Verdict() Verdict {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.verdict
}

// resize allocates everything that depends on the frame size, so steady
// state allocates nothing.
func (s *Stage) resize(w, h int) {
	s.w, s.h = w, h
	s.cw, s.ch = (w+1)/2, (h+1)/2
	s.sw, s.sh = (w+shrink-1)/shrink, (h+shrink-1)/shrink
	n := s.sw * s.sh
	s.smallY, s.smallU, s.smallV = make([]uint8, n), make([]uint8, n), make([]uint8, n)
	s.alpha, s.zero = make([]uint8, n), make([]uint8, n)
	s.sums = make([]uint32, s.sw)
	s.box = newBoxScratch(s.sw, s.sh)
	s.wideY, s.wideA = make([]uint16, s.sh*w), make([]uint16, s.sh*w)
	s.wideU, s.wideV, s.wideAC = make([]uint16, s.sh*s.cw), make([]uint16, s.sh*s.cw), make([]uint16, s.sh*s.cw)
	s.rowLo = make([]uint8, s.sh)
	s.refY = make([]uint8, n)
	s.axY, s.ayY = newAxis(w, s.sw), newAxis(h, s.sh)
	s.axC, s.ayC = newAxis(s.cw, s.sw), newAxis(s.ch, s.sh)
	s.haveMask = false
	if !s.busy {
		// While busy the worker owns the old job; apply drops its result
		// and hands the buffers back, and the next job gets new ones.
		s.job = segJob{}
	}
	s.hideY, s.hideU, s.hideV = make([]uint8, n), make([]uint8, n), make([]uint8, n)
	switch s.opts.Mode {
	case ModeHideSolid:
		fillSolid(s.hideY, s.hideU, s.hideV)
	case ModeHideImage:
		paintScenery(s.hideY, s.hideU, s.hideV, s.sw, s.sh)
		// Soften the hill lines, drawn hard on the coarse grid.
		for _, p := range [][]uint8{s.hideY, s.hideU, s.hideV} {
			boxBlur(p, s.sw, s.sh, 1, 1, s.box)
		}
	}
}

// timeFrame keeps the running mean of the time between frames.
func (s *Stage) timeFrame(now time.Time) {
	if !s.lastFrameAt.IsZero() {
		gap := now.Sub(s.lastFrameAt)
		if s.frameGap == 0 {
			s.frameGap = gap
		} else {
			s.frameGap += (gap - s.frameGap) / 8
		}
	}
	s.lastFrameAt = now
}

// space sets the turn spacing from how long the last mask took: longer
// than the frames between two turns last means the worker cannot keep up
// (a busy CPU), so turns come half as often; a mask in under a quarter of
// that brings them back.
func (s *Stage) space(latency time.Duration) {
	turn := time.Duration(s.every) * s.frameGap
	switch {
	case s.frameGap <= 0:
	case latency > turn:
		s.every = min(2*s.every, maxSpacing*s.opts.SegmentEvery)
	case latency < turn/4:
		s.every = max(s.every/2, s.opts.SegmentEvery)
	}
}

// takeTurnStill starts a turn and reports whether segmentation may skip
// it because the picture is still.
func (s *Stage) takeTurnStill(now time.Time) bool {
	s.sinceTurn = 0
	return s.stillSince(now)
}

// Stillness: a cell of the shrunk luma (4×4 pixels) has changed when it
// differs by more than stillDelta grey levels from the frame the mask was
// made from — sensor noise, even σ = 6 in a dim room, stays below that
// (0.2 % of the cells; a person swaying changes 30–50 %). The picture is
// still while at most stillShare of the cells changed.
const (
	stillDelta = 10
	stillShare = 1.0 / 200
)

// stillSince reports whether segmentation may skip its turn: there is a
// good mask, made from a frame younger than MaxMaskAge, and the picture has
// hardly changed since that frame.
func (s *Stage) stillSince(now time.Time) bool {
	if s.opts.MaxMaskAge < 0 || !s.haveMask || s.failing || now.Sub(s.maskAt) >= s.opts.MaxMaskAge {
		return false
	}
	return changedCells(s.smallY, s.refY, stillDelta) <= int(stillShare*float64(len(s.refY)))
}

// changedCells counts the positions where a and b differ by more than delta.
func changedCells(a, b []uint8, delta int) int {
	b = b[:len(a)]
	n := 0
	for i, v := range a {
		if d := int(v) - int(b[i]); d > delta || d < -delta {
			n++
		}
	}
	return n
}

// ensureJob gives the worker's job buffers the current frame size.
func (s *Stage) ensureJob() {
	if s.job.frame == nil || s.job.frame.Rect.Dx() != s.w || s.job.frame.Rect.Dy() != s.h {
		s.job.frame = image.NewYCbCr(image.Rect(0, 0, s.w, s.h), image.YCbCrSubsampleRatio420)
	}
	if s.job.sw != s.sw || s.job.sh != s.sh {
		s.job.grid = make([]uint8, s.sw*s.sh)
		s.job.sw, s.job.sh = s.sw, s.sh
	}
}

// copyFrame copies the visible part of an I420 frame (planes from planes())
// into dst, a compact frame of the same size.
func copyFrame(dst, src *image.YCbCr, yp, up, vp []uint8) {
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	cw, ch := (w+1)/2, (h+1)/2
	for y := 0; y < h; y++ {
		copy(dst.Y[y*dst.YStride:y*dst.YStride+w], yp[y*src.YStride:])
	}
	for y := 0; y < ch; y++ {
		copy(dst.Cb[y*dst.CStride:y*dst.CStride+cw], up[y*src.CStride:])
		copy(dst.Cr[y*dst.CStride:y*dst.CStride+cw], vp[y*src.CStride:])
	}
}

// planes returns the three planes of an I420 frame starting at its
// rectangle, or ok=false when the frame is not I420 or its buffers are too
// short for its rectangle.
func planes(f *image.YCbCr) (y, u, v []uint8, ok bool) {
	if f.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		return nil, nil, nil, false
	}
	w, h := f.Rect.Dx(), f.Rect.Dy()
	cw, ch := (w+1)/2, (h+1)/2
	if f.YStride < w || f.CStride < cw || f.Rect.Min.X%2 != 0 || f.Rect.Min.Y%2 != 0 {
		return nil, nil, nil, false
	}
	yo := f.YOffset(f.Rect.Min.X, f.Rect.Min.Y)
	co := f.COffset(f.Rect.Min.X, f.Rect.Min.Y)
	if yo < 0 || co < 0 ||
		len(f.Y) < yo+(h-1)*f.YStride+w ||
		len(f.Cb) < co+(ch-1)*f.CStride+cw ||
		len(f.Cr) < co+(ch-1)*f.CStride+cw {
		return nil, nil, nil, false
	}
	return f.Y[yo:], f.Cb[co:], f.Cr[co:], true
}

// blank overwrites every byte the frame holds with mid grey: a frame the
// stage cannot read must not leave the computer as it came.
func blank(f *image.YCbCr) {
	for i := range f.Y {
		f.Y[i] = 128
	}
	for i := range f.Cb {
		f.Cb[i] = 128
	}
	for i := range f.Cr {
		f.Cr[i] = 128
	}
}
