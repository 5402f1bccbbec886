package blur

import (
	"fmt"
	"image"
	"math"
)

// VerdictKind is the answer of the blur check.
type VerdictKind int

const (
	// CantTell: the frame does not show enough to judge (a plain wall, a
	// dark room, no person, too little background).
	CantTell VerdictKind = iota
	// Blurred: the background has structure but no fine detail left.
	Blurred
	// NotBlurred: the background is about as detailed as the person.
	NotBlurred
)

// Verdict is the result of measuring one frame (or the latest measured
// outgoing frame of a Stage). It carries a message key for the check-up.
type Verdict struct {
	Kind VerdictKind
	// Ratio is the variance of the Laplacian of the luma outside the person
	// divided by the one inside (≈1 for a sharp frame, ≪0.05 when blurred).
	Ratio float64
	// Outside and Inside are the two variances, Structure the spread of the
	// background's coarse brightness after removing a linear gradient.
	Outside, Inside, Structure float64
	// Frames counts the outgoing frames a Stage verdict is based on.
	Frames int
}

// MessageKey implements i18n.Messager.
func (v Verdict) MessageKey() string {
	switch v.Kind {
	case Blurred:
		return "blur.verdict.blurred"
	case NotBlurred:
		return "blur.verdict.not_blurred"
	}
	return "blur.verdict.cant_tell"
}

// MessageArgs implements i18n.Messager.
func (v Verdict) MessageArgs() map[string]any {
	return map[string]any{"Ratio": fmt.Sprintf("%.3f", v.Ratio)}
}

// Thresholds of the verdict, on 8-bit luma with a 4-neighbour Laplacian.
const (
	// A person region flatter than this gives no reference (dark room).
	minInsideVariance = 8
	// Backgrounds this flat are plain walls or darkness: nothing to judge.
	minOutsideVarianceSharp = 10
	notBlurredRatio         = 0.15
	blurredRatio            = 0.06
	// A background with less fine detail than this is blurred whatever the
	// person looks like (a strong blur leaves well under one grey level²;
	// a sharp room's edges alone give tens).
	blurredVariance = 1.0
	// Coarse brightness spread (grey levels) a blurred room still shows and
	// a plain wall does not.
	minStructure = 4
	// Fewer pixels than this share of the frame on either side: can't tell.
	minRegionShare = 0.02
	// Mask levels: background well away from the feathered edge, and the
	// person's core.
	outsideBelow = 24
	insideAbove  = 200
)

// Measure judges whether the background of frame is blurred, comparing the
// variance of the Laplacian of the luma outside the person with the one
// inside. person is stretched over the frame. A plain or dark background is
// CantTell, never Blurred: it proves nothing.
func Measure(frame *image.YCbCr, person Mask) Verdict {
	return measure(frame, person, &measureScratch{})
}

// measureScratch keeps Measure's buffers between the frames a Stage checks.
type measureScratch struct {
	lum           []uint8 // luma shrunk to ~640 wide for large frames
	sums          []uint32
	grown, shrunk []uint8
	sat           []int32
	blockSum      []float64
	blockN        []int
	cells         []cell
}

type cell struct{ x, y, v float64 }

func measure(frame *image.YCbCr, person Mask, sc *measureScratch) Verdict {
	var v Verdict
	if frame == nil || !person.valid() {
		return v
	}
	lum, stride, w, h, ok := sc.lumaPlane(frame)
	if !ok {
		return v
	}
	// Keep a band around the person's edge out of both regions: its sharp
	// contour against the background is neither room detail nor person.
	outCells, inCells := sc.edgeBand(person)
	out, in, blocks := sc.regionStats(lum, stride, w, h, person, outCells, inCells)
	total := float64((w-2+statsStep-1)/statsStep) * float64((h-2+statsStep-1)/statsStep)
	v.Outside, v.Inside = out.variance(), in.variance()
	v.Structure = residualSpread(blocks.sum, blocks.n, blocks.w, blocks.h, statsBlock*statsBlock*3/4/(statsStep*statsStep), sc.cells[:0])
	if v.Inside > 0 {
		v.Ratio = v.Outside / v.Inside
	}
	v.Kind = judge(v, float64(out.n)/total, float64(in.n)/total)
	return v
}

// lumaPlane returns the frame's luma, checked, and scaled to about 640
// pixels wide: the variance of the Laplacian depends on the scale, and
// the thresholds were set there.
func (sc *measureScratch) lumaPlane(frame *image.YCbCr) (lum []uint8, stride, w, h int, ok bool) {
	w, h = frame.Rect.Dx(), frame.Rect.Dy()
	if w < 3 || h < 3 || len(frame.Y) < (h-1)*frame.YStride+w {
		return nil, 0, 0, 0, false
	}
	y0 := frame.YOffset(frame.Rect.Min.X, frame.Rect.Min.Y)
	if y0 < 0 || len(frame.Y) < y0+(h-1)*frame.YStride+w {
		return nil, 0, 0, 0, false
	}
	lum, stride = frame.Y[y0:], frame.YStride
	if f := (w + 639) / 640; f > 1 {
		w2, h2 := (w+f-1)/f, (h+f-1)/f
		if cap(sc.lum) < w2*h2 {
			sc.lum, sc.sums = make([]uint8, w2*h2), make([]uint32, w2)
		}
		downscale(sc.lum[:w2*h2], w2, h2, lum, stride, w, h, f, sc.sums[:w2])
		lum, stride, w, h = sc.lum, w2, w2, h2
		if w < 3 || h < 3 {
			return nil, 0, 0, 0, false
		}
	}
	return lum, stride, w, h, true
}

// statsBlock is the side of the background blocks whose mean luma shows
// coarse structure; statsStep samples every second row and column, which
// is enough for these statistics and costs a quarter (the Laplacian
// itself still uses direct neighbours).
const (
	statsBlock = 16
	statsStep  = 2
)

// blockGrid is the background's mean luma per statsBlock block.
type blockGrid struct {
	sum  []float64
	n    []int
	w, h int
}

// regionStats gathers the Laplacian's moments outside (background) and
// inside (person core) the edge band, and the background's block sums.
func (sc *measureScratch) regionStats(lum []uint8, stride, w, h int, person Mask, outCells, inCells []uint8) (out, in moments, blocks blockGrid) {
	bw, bh := (w+statsBlock-1)/statsBlock, (h+statsBlock-1)/statsBlock
	if cap(sc.blockSum) < bw*bh {
		sc.blockSum = make([]float64, bw*bh)
		sc.blockN = make([]int, bw*bh)
		sc.cells = make([]cell, 0, bw*bh)
	}
	blocks = blockGrid{sum: sc.blockSum[:bw*bh], n: sc.blockN[:bw*bh], w: bw, h: bh}
	clear(blocks.sum)
	clear(blocks.n)
	for y := 1; y < h-1; y += statsStep {
		my := y * person.H / h
		outRow := outCells[my*person.W : my*person.W+person.W]
		inRow := inCells[my*person.W : my*person.W+person.W]
		r := lum[y*stride:]
		up := lum[(y-1)*stride:]
		down := lum[(y+1)*stride:]
		for x := 1; x < w-1; x += statsStep {
			mx := x * person.W / w
			isOut, isIn := outRow[mx] == 1, inRow[mx] == 1
			if !isOut && !isIn {
				continue
			}
			c := int(r[x])
			lap := float64(int(up[x]) + int(down[x]) + int(r[x-1]) + int(r[x+1]) - 4*c)
			if isOut {
				out.add(lap)
				b := (y/statsBlock)*bw + x/statsBlock
				blocks.sum[b] += float64(c)
				blocks.n[b]++
			} else {
				in.add(lap)
			}
		}
	}
	return out, in, blocks
}

// judge turns the measures into a verdict; outShare and inShare are the
// parts of the picture that each region covers.
func judge(v Verdict, outShare, inShare float64) VerdictKind {
	switch {
	case outShare < minRegionShare || inShare < minRegionShare:
		return CantTell
	case v.Inside < minInsideVariance:
		return CantTell
	case v.Ratio >= notBlurredRatio && v.Outside >= minOutsideVarianceSharp && v.Structure >= minStructure:
		// Fine detail and visible things: a room. (Fine detail alone may be
		// sensor noise on a plain wall, which shows nothing.)
		return NotBlurred
	case (v.Ratio <= blurredRatio || v.Outside <= blurredVariance) && v.Structure >= minStructure:
		return Blurred
	}
	return CantTell
}

// edgeBand marks, per mask cell, whether every cell within about 2 % of
// the mask's width is background (out) or person core (in). Summed-area
// tables make each window a four-lookup sum, whatever its radius.
func (sc *measureScratch) edgeBand(m Mask) (out, in []uint8) {
	n := m.W * m.H
	if cap(sc.grown) < n {
		sc.grown, sc.shrunk = make([]uint8, n), make([]uint8, n)
	}
	if cap(sc.sat) < 2*(m.W+1)*(m.H+1) {
		sc.sat = make([]int32, 2*(m.W+1)*(m.H+1))
	}
	out, in = sc.grown[:n], sc.shrunk[:n]
	sw := m.W + 1
	personish := sc.sat[:sw*(m.H+1)]
	notCore := sc.sat[sw*(m.H+1) : 2*sw*(m.H+1)]
	clear(personish[:sw])
	clear(notCore[:sw])
	for y := 0; y < m.H; y++ {
		var rowP, rowN int32
		personish[(y+1)*sw] = 0
		notCore[(y+1)*sw] = 0
		for x := 0; x < m.W; x++ {
			v := m.Pix[y*m.W+x]
			if v >= outsideBelow {
				rowP++
			}
			if v <= insideAbove {
				rowN++
			}
			personish[(y+1)*sw+x+1] = personish[y*sw+x+1] + rowP
			notCore[(y+1)*sw+x+1] = notCore[y*sw+x+1] + rowN
		}
	}
	r := max(1, (m.W+49)/50)
	for y := 0; y < m.H; y++ {
		y0, y1 := max(0, y-r), min(m.H, y+r+1)
		for x := 0; x < m.W; x++ {
			x0, x1 := max(0, x-r), min(m.W, x+r+1)
			p := personish[y1*sw+x1] - personish[y0*sw+x1] - personish[y1*sw+x0] + personish[y0*sw+x0]
			c := notCore[y1*sw+x1] - notCore[y0*sw+x1] - notCore[y1*sw+x0] + notCore[y0*sw+x0]
			out[y*m.W+x] = b2u(p == 0)
			in[y*m.W+x] = b2u(c == 0)
		}
	}
	return out, in
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// moments accumulates a running mean and variance.
type moments struct {
	n         int
	sum, sum2 float64
}

func (m *moments) add(v float64) { m.n++; m.sum += v; m.sum2 += v * v }

func (m moments) variance() float64 {
	if m.n < 2 {
		return 0
	}
	mean := m.sum / float64(m.n)
	return math.Max(0, m.sum2/float64(m.n)-mean*mean)
}

// residualSpread fits a plane a+b·x+c·y to the means of the blocks that hold
// at least minN background pixels and returns the standard deviation of
// what the plane does not explain. A lighting gradient on a wall is not
// structure; shelves, windows and pictures, even blurred, are.
func residualSpread(sum []float64, n []int, bw, bh, minN int, cells []cell) float64 {
	// Normal equations of the least-squares plane.
	var s1, sx, sy, sxx, sxy, syy, sv, sxv, syv float64
	for by := 0; by < bh; by++ {
		for bx := 0; bx < bw; bx++ {
			i := by*bw + bx
			if n[i] < minN {
				continue
			}
			x, y, v := float64(bx), float64(by), sum[i]/float64(n[i])
			cells = append(cells, cell{x, y, v})
			s1++
			sx += x
			sy += y
			sxx += x * x
			sxy += x * y
			syy += y * y
			sv += v
			sxv += x * v
			syv += y * v
		}
	}
	if len(cells) < 4 {
		return 0
	}
	a, b, c, ok := solve3(
		[3][3]float64{{s1, sx, sy}, {sx, sxx, sxy}, {sy, sxy, syy}},
		[3]float64{sv, sxv, syv})
	if !ok {
		// Degenerate layout (a single row or column of blocks): use the
		// plain spread around the mean.
		a, b, c = sv/s1, 0, 0
	}
	var r2 float64
	for _, e := range cells {
		d := e.v - (a + b*e.x + c*e.y)
		r2 += d * d
	}
	return math.Sqrt(r2 / float64(len(cells)))
}

// solve3 solves a 3×3 linear system by Cramer's rule.
func solve3(m [3][3]float64, r [3]float64) (float64, float64, float64, bool) {
	det := func(m [3][3]float64) float64 {
		return m[0][0]*(m[1][1]*m[2][2]-m[1][2]*m[2][1]) -
			m[0][1]*(m[1][0]*m[2][2]-m[1][2]*m[2][0]) +
			m[0][2]*(m[1][0]*m[2][1]-m[1][1]*m[2][0])
	}
	d := det(m)
	if math.Abs(d) < 1e-9 {
		return 0, 0, 0, false
	}
	var out [3]float64
	for k := range 3 {
		mk := m
		for i := range 3 {
			mk[i][k] = r[i]
		}
		out[k] = det(mk) / d
	}
	return out[0], out[1], out[2], true
}
