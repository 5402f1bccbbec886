package blur

import (
	_ "embed"
	"fmt"
	"image"

	pigo "github.com/esimov/pigo/core"
)

// The face finder cascade of pigo v1.4.6 (see model/PROVENANCE.md).
//
//go:embed model/facefinder
var faceCascade []byte

// FaceSegmenter marks a head-and-shoulders silhouette around every face the
// pigo detector finds. It is the fallback when person segmentation is
// unsure: rougher, but it keeps a face sharp and everything far from it
// blurred. No face means no person: the whole frame counts as background.
type FaceSegmenter struct {
	classifier *pigo.Pigo
	// half is the luma plane at half size: detection there is ~4× cheaper
	// and faces in a video call are large.
	half           []uint8
	hw, hh         int
	sums           []uint32
	mask           Mask
	lastDetections int
}

// faceMaskWidth is the width of the silhouette mask; its height follows
// the frame's aspect.
const faceMaskWidth = 96

// NewFaceSegmenter loads the embedded cascade.
func NewFaceSegmenter() (*FaceSegmenter, error) {
	c, err := unpackCascade(faceCascade)
	if err != nil {
		return nil, err
	}
	return &FaceSegmenter{classifier: c}, nil
}

func unpackCascade(data []byte) (c *pigo.Pigo, err error) {
	defer func() {
		// pigo indexes the packet without bounds checks; a broken cascade
		// must become an error, not a crash.
		if r := recover(); r != nil {
			c, err = nil, &Error{Key: "blur.error.bad_model", Err: fmt.Errorf("face cascade: %v", r)}
		}
	}()
	c, err = pigo.NewPigo().Unpack(data)
	if err != nil {
		return nil, &Error{Key: "blur.error.bad_model", Err: err}
	}
	return c, nil
}

// Faces is how many faces the last Segment call found.
func (f *FaceSegmenter) Faces() int { return f.lastDetections }

// Segment implements Segmenter. It is confident when it found a face.
func (f *FaceSegmenter) Segment(frame *image.YCbCr) (Mask, bool, error) {
	yp, _, _, ok := planes(frame)
	if !ok {
		return Mask{}, false, &Error{Key: "blur.error.bad_frame"}
	}
	w, h := frame.Rect.Dx(), frame.Rect.Dy()
	hw, hh := (w+1)/2, (h+1)/2
	if hw != f.hw || hh != f.hh {
		f.hw, f.hh = hw, hh
		f.half = make([]uint8, hw*hh)
		f.sums = make([]uint32, hw)
		mh := max(1, (faceMaskWidth*h+w/2)/w)
		f.mask = NewMask(faceMaskWidth, mh)
	}
	downscale(f.half, hw, hh, yp, frame.YStride, w, h, 2, f.sums)
	minSide := min(hw, hh)
	params := pigo.CascadeParams{
		MinSize:     max(12, minSide/8),
		MaxSize:     max(13, minSide),
		ShiftFactor: 0.1,
		ScaleFactor: 1.1,
		ImageParams: pigo.ImageParams{Pixels: f.half, Rows: hh, Cols: hw, Dim: hw},
	}
	dets := f.classifier.ClusterDetections(f.classifier.RunCascade(params, 0), 0.2)
	clear(f.mask.Pix)
	f.lastDetections = 0
	for _, d := range dets {
		if d.Q < faceQualityMin {
			continue
		}
		f.lastDetections++
		// Detector coordinates are on the half-size plane; the mask is
		// stretched over the frame, so work in fractions of it.
		cx := (float64(d.Col) + 0.5) / float64(hw)
		cy := (float64(d.Row) + 0.5) / float64(hh)
		s := float64(d.Scale)
		drawSilhouette(f.mask, cx, cy, s/float64(hw), s/float64(hh))
	}
	return f.mask, f.lastDetections > 0, nil
}

// faceQualityMin drops weak detections (pigo's own examples use 5).
const faceQualityMin = 5

// drawSilhouette paints a head ellipse and a shoulders-and-body shape under
// it into m. cx, cy is the face centre and sx, sy the face box size, all as
// fractions of the frame.
func drawSilhouette(m Mask, cx, cy, sx, sy float64) {
	for y := 0; y < m.H; y++ {
		fy := (float64(y) + 0.5) / float64(m.H)
		for x := 0; x < m.W; x++ {
			fx := (float64(x) + 0.5) / float64(m.W)
			// Head with hair: a bit wider and taller than the face box,
			// centred slightly above it.
			dx := (fx - cx) / (0.75 * sx)
			dy := (fy - (cy - 0.1*sy)) / (0.95 * sy)
			inside := dx*dx+dy*dy <= 1
			// Neck and shoulders: a widening trapezoid from the chin down.
			top := cy + 0.45*sy
			if !inside && fy >= top {
				grow := (fy - top) / sy
				half := sx * (0.4 + 1.2*min(grow, 1.0))
				inside = fx >= cx-half && fx <= cx+half
			}
			if inside {
				m.Pix[y*m.W+x] = 255
			}
		}
	}
}
