package blur

import (
	_ "embed"
	"image"

	"github.com/ringlet/ringlet/media/blur/tflite"
)

// MediaPipe's selfie segmentation models (see model/PROVENANCE.md): the
// general one takes a square 256×256 picture, the landscape one 256×144.
var (
	//go:embed model/selfie_segmentation.tflite
	modelGeneral []byte
	//go:embed model/selfie_segmentation_landscape.tflite
	modelLandscape []byte
)

// landscapeFrom is the aspect ratio from which the landscape model fits the
// frame better than the square one (16:9 frames; 4:3 use the square one).
const landscapeFrom = 1.5

// ModelSegmenter finds the person with the embedded segmentation model,
// run in pure Go. Its mask has the model's resolution and is stretched
// over the frame.
type ModelSegmenter struct {
	general, landscape []byte
	ip                 *tflite.Interpreter
	landscapeLoaded    bool
	mw, mh             int
	ax, ay             axis // model pixel → frame luma coordinate
	axC, ayC           axis // model pixel → frame chroma coordinate
	fw, fh             int
	mask               Mask
	// Share of the mask that was neither clearly person nor clearly
	// background in the last run, and the person share.
	unsure, person float64
}

// NewModelSegmenter prepares the embedded models.
func NewModelSegmenter() (*ModelSegmenter, error) {
	return newModelSegmenter(modelGeneral, modelLandscape)
}

func newModelSegmenter(general, landscape []byte) (*ModelSegmenter, error) {
	m := &ModelSegmenter{general: general, landscape: landscape}
	// Load the square model now so a broken embedded file shows at start,
	// not in the middle of a call.
	if err := m.load(false); err != nil {
		return nil, err
	}
	return m, nil
}

func (m *ModelSegmenter) load(landscape bool) error {
	data := m.general
	if landscape {
		data = m.landscape
	}
	ip, err := tflite.New(data)
	if err != nil {
		return &Error{Key: "blur.error.bad_model", Err: err}
	}
	in, out := ip.InputShape(), ip.OutputShape()
	if in[3] != 3 || out[1] != in[1] || out[2] != in[2] || out[3] != 1 {
		return &Error{Key: "blur.error.bad_model"}
	}
	m.ip, m.landscapeLoaded = ip, landscape
	m.mh, m.mw = in[1], in[2]
	m.mask = NewMask(m.mw, m.mh)
	m.fw, m.fh = 0, 0
	return nil
}

// Segment implements Segmenter. It is unsure (confident = false) when much
// of the mask is neither clearly person nor clearly background.
func (m *ModelSegmenter) Segment(frame *image.YCbCr) (Mask, bool, error) {
	_, _, _, ok := planes(frame)
	if !ok {
		return Mask{}, false, &Error{Key: "blur.error.bad_frame"}
	}
	w, h := frame.Rect.Dx(), frame.Rect.Dy()
	wantLandscape := float64(w) >= landscapeFrom*float64(h)
	if wantLandscape != m.landscapeLoaded {
		if err := m.load(wantLandscape); err != nil {
			return Mask{}, false, err
		}
	}
	return m.segmentLoaded(frame)
}

// segmentLoaded runs the model that is loaded now.
func (m *ModelSegmenter) segmentLoaded(frame *image.YCbCr) (Mask, bool, error) {
	yp, up, vp, _ := planes(frame)
	w, h := frame.Rect.Dx(), frame.Rect.Dy()
	if w != m.fw || h != m.fh {
		m.fw, m.fh = w, h
		m.ax, m.ay = newAxis(m.mw, w), newAxis(m.mh, h)
		m.axC, m.ayC = newAxis(m.mw, (w+1)/2), newAxis(m.mh, (h+1)/2)
	}
	fillRGB(m.ip.Input(), m.mw, m.mh, yp, frame.YStride, up, vp, frame.CStride, m.ax, m.ay, m.axC, m.ayC)
	m.ip.Run()
	var unsure, person int
	for i, p := range m.ip.Output() {
		v := uint8(unit(p)*255 + 0.5)
		m.mask.Pix[i] = v
		if v > 51 && v < 204 {
			unsure++
		}
		if v >= 128 {
			person++
		}
	}
	n := float64(len(m.mask.Pix))
	m.unsure, m.person = float64(unsure)/n, float64(person)/n
	confident := m.person >= minPersonShare && m.unsure <= maxUnsureShare*max(m.person, 0.05)
	return m.mask, confident, nil
}

// Confidence thresholds of the model's mask.
const (
	// Less person than this: probably nobody there, or missed.
	minPersonShare = 0.01
	// More undecided pixels than this share of the person area: unsure.
	maxUnsureShare = 0.25
)

// fillRGB samples the frame bilinearly at the model's resolution and writes
// RGB in [0, 1] (JFIF full-range conversion, as image.YCbCr defines it).
func fillRGB(dst []float32, mw, mh int, yp []uint8, ys int, up, vp []uint8, cs int, ax, ay, axC, ayC axis) {
	const inv = 1.0 / 255
	const scale = inv / 65536 // bilerp results carry 16 fractional bits
	for j := 0; j < mh; j++ {
		y0, y1, fy := int(ay.i0[j]), int(ay.i1[j]), ay.frac[j]
		c0, c1, fc := int(ayC.i0[j]), int(ayC.i1[j]), ayC.frac[j]
		ry0, ry1 := yp[y0*ys:], yp[y1*ys:]
		ru0, ru1 := up[c0*cs:], up[c1*cs:]
		rv0, rv1 := vp[c0*cs:], vp[c1*cs:]
		out := dst[j*mw*3 : (j+1)*mw*3]
		for i := 0; i < mw; i++ {
			x0, x1, fx := ax.i0[i], ax.i1[i], ax.frac[i]
			yy := float32(bilerp(ry0[x0], ry0[x1], ry1[x0], ry1[x1], fx, fy)) * scale
			cx0, cx1, fcx := axC.i0[i], axC.i1[i], axC.frac[i]
			cb := float32(bilerp(ru0[cx0], ru0[cx1], ru1[cx0], ru1[cx1], fcx, fc))*scale - 128*inv
			cr := float32(bilerp(rv0[cx0], rv0[cx1], rv1[cx0], rv1[cx1], fcx, fc))*scale - 128*inv
			r := yy + 1.402*cr
			g := yy - 0.34414*cb - 0.71414*cr
			b := yy + 1.772*cb
			px := out[3*i : 3*i+3 : 3*i+3]
			px[0], px[1], px[2] = unit(r), unit(g), unit(b)
		}
	}
}

// unit clamps v to [0, 1]. (The built-in min and max handle NaN and signed
// zeros for floats, which made them the slowest part of fillRGB.)
func unit(v float32) float32 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}

// bilerp interpolates four bytes with 8-bit fractions; the result has 16
// fractional bits.
func bilerp(a, b, c, d uint8, fx, fy int32) int32 {
	top := int32(a)*(256-fx) + int32(b)*fx
	bot := int32(c)*(256-fx) + int32(d)*fx
	return top*(256-fy) + bot*fy
}

// FallbackSegmenter runs the model and, when its mask is unsure, adds the
// face detector's head-and-shoulders silhouette, so a face the model is
// unsure about stays visible and everything far from it stays blurred.
type FallbackSegmenter struct {
	Model *ModelSegmenter
	Face  *FaceSegmenter
	mask  Mask
	// UsedFallback tells whether the last frame needed the face detector.
	UsedFallback bool
}

// Segment implements Segmenter.
func (s *FallbackSegmenter) Segment(frame *image.YCbCr) (Mask, bool, error) {
	m, confident, err := s.Model.Segment(frame)
	s.UsedFallback = false
	if err != nil || confident {
		return m, confident, err
	}
	f, found, err := s.Face.Segment(frame)
	if err != nil || !found {
		// Nobody the face finder can see either: trust the model, which
		// marks little or nothing as person, so the room stays blurred.
		return m, false, nil
	}
	s.UsedFallback = true
	if s.mask.W != m.W || s.mask.H != m.H {
		s.mask = NewMask(m.W, m.H)
	}
	// Union: the face silhouette, stretched onto the model's grid, plus
	// whatever the model marked.
	resampleInto(s.mask.Pix, m.W, m.H, f)
	for i, v := range m.Pix {
		s.mask.Pix[i] = max(s.mask.Pix[i], v)
	}
	return s.mask, true, nil
}

// NewDefaultSegmenter returns the segmenter a Stage uses when none is
// given: the embedded model with the face detector as fallback.
func NewDefaultSegmenter() (Segmenter, error) {
	model, err := NewModelSegmenter()
	if err != nil {
		return nil, err
	}
	face, err := NewFaceSegmenter()
	if err != nil {
		return nil, err
	}
	return &FallbackSegmenter{Model: model, Face: face}, nil
}
