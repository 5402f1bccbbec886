package blur

import "encoding/binary"

// Plane helpers work on 8-bit planes with a stride. The background is
// blurred on a copy shrunk by an integer factor and stretched back while
// compositing: a wide blur on the full-size planes would cost ~30× more and
// look the same after the strong blur.

// downscale averages f×f blocks of src (w×h, stride) into dst (sw×sh, packed).
// Blocks cut by the right or bottom edge average the pixels they have.
// sums must hold sw values.
func downscale(dst []uint8, sw, sh int, src []uint8, stride, w, h, f int, sums []uint32) {
	for j := 0; j < sh; j++ {
		for i := range sums[:sw] {
			sums[i] = 0
		}
		y0 := j * f
		y1 := min(y0+f, h)
		// Whole 8-byte words first (f = 2 or 4), then the rest of the row.
		done := 0
		if f == 2 || f == 4 {
			done = sumWords(sums, src, stride, y0, y1, w, f)
		}
		for y := y0; y < y1; y++ {
			row := src[y*stride : y*stride+w]
			i := done / f
			x := done
			for ; x+f <= w; x += f {
				var s uint32
				for _, v := range row[x : x+f] {
					s += uint32(v)
				}
				sums[i] += s
				i++
			}
			if x < w {
				var s uint32
				for _, v := range row[x:w] {
					s += uint32(v)
				}
				sums[i] += s
			}
		}
		rows := uint32(y1 - y0)
		out := dst[j*sw : j*sw+sw]
		for i := range out {
			cols := uint32(min(f, w-i*f))
			n := rows * cols
			out[i] = uint8((sums[i] + n/2) / n)
		}
	}
}

// sumWords adds up the blocks of rows y0…y1 (at most 4) that whole 8-byte
// words of the rows cover, eight pixels per step: the words' byte pairs are
// summed in 16-bit lanes across the rows (at most 4·510, no carry between
// lanes), then folded into blocks of f = 2 or 4. It returns how many
// pixels of each row it covered.
func sumWords(sums []uint32, src []uint8, stride, y0, y1, w, f int) int {
	const bytes = 0x00ff00ff00ff00ff
	const pairs = 0x0000ffff0000ffff
	n := w &^ 7
	for x := 0; x < n; x += 8 {
		var acc uint64
		for y := y0; y < y1; y++ {
			v := binary.LittleEndian.Uint64(src[y*stride+x:])
			acc += v&bytes + v>>8&bytes
		}
		if f == 2 {
			s := sums[x/2 : x/2+4 : x/2+4]
			s[0] += uint32(acc & 0xffff)
			s[1] += uint32(acc >> 16 & 0xffff)
			s[2] += uint32(acc >> 32 & 0xffff)
			s[3] += uint32(acc >> 48)
			continue
		}
		quads := acc&pairs + acc>>16&pairs
		s := sums[x/4 : x/4+2 : x/4+2]
		s[0] += uint32(quads)
		s[1] += uint32(quads >> 32)
	}
	return n
}

// boxScratch is the working memory of boxBlur for planes up to a size.
type boxScratch struct {
	plane  []uint8  // the plane before a pass
	turned []uint8  // the plane transposed
	sums   []uint16 // running sums of every column
	zero   []uint8  // a row of zeros
}

// newBoxScratch sizes boxBlur's working memory for w×h planes.
func newBoxScratch(w, h int) *boxScratch {
	n := max(w, h)
	return &boxScratch{plane: make([]uint8, w*h), turned: make([]uint8, w*h), sums: make([]uint16, n), zero: make([]uint8, n)}
}

// maxBoxRadius keeps a window's sum of bytes within 16 bits.
const maxBoxRadius = 127

// boxBlur blurs a packed w×h plane in place with `passes` vertical and then
// `passes` horizontal running-sum box passes of the given radius (at most
// maxBoxRadius; three passes are close to a Gaussian). Edges repeat the
// border pixel. The horizontal passes run as vertical ones on the
// transposed plane: a vertical pass walks the plane row by row and works on
// sixteen columns at once, where a horizontal one could only add up one
// pixel after another. sc must come from newBoxScratch with at least this
// size.
func boxBlur(p []uint8, w, h, radius, passes int, sc *boxScratch) {
	radius = min(radius, maxBoxRadius)
	if radius <= 0 || w <= 0 || h <= 0 {
		return
	}
	for range passes {
		boxColumns(p, w, h, radius, sc)
	}
	t := sc.turned[:w*h]
	transpose(t, p, w, h)
	for range passes {
		boxColumns(t, h, w, radius, sc)
	}
	transpose(p, t, h, w)
}

// transpose writes the w×h plane src into dst as h×w.
func transpose(dst, src []uint8, w, h int) {
	dst, src = dst[:w*h], src[:w*h]
	for y := 0; y < h; y++ {
		row := src[y*w : y*w+w]
		for x, v := range row {
			dst[x*h+y] = v
		}
	}
}

// boxColumns box-blurs every column of a w×h plane (window 2·radius+1,
// the border pixel repeated) walking the plane row by row: a running sum
// per column, plus the row entering the window and minus the one leaving.
// An output is (sum + window/2)·⌊2^16/window⌉ >> 16, the rounded average
// give or take one.
func boxColumns(p []uint8, w, h, radius int, sc *boxScratch) {
	src := sc.plane[:w*h]
	copy(src, p)
	sums := sc.sums[:w]
	zero := sc.zero[:w]
	rowAt := func(y int) []uint8 {
		y = min(max(y, 0), h-1)
		return src[y*w : y*w+w]
	}
	clear(sums)
	for k := -radius; k <= radius; k++ {
		slideRow(sums, rowAt(k), zero)
	}
	window := uint32(2*radius + 1)
	recip := uint16((1<<16 + window/2) / window)
	half := uint16(window / 2)
	for y := 0; y < h; y++ {
		emitRow(p[y*w:y*w+w], sums, half, recip)
		if y+1 < h {
			slideRow(sums, rowAt(y+radius+1), rowAt(y-radius))
		}
	}
}

// slideRowPortable adds the row entering a window to the column sums and
// subtracts the one leaving it.
func slideRowPortable(sums []uint16, in, gone []uint8) {
	in, gone = in[:len(sums)], gone[:len(sums)]
	for x := range sums {
		sums[x] += uint16(in[x]) - uint16(gone[x])
	}
}

// emitRowPortable writes the rounded averages of the column sums.
func emitRowPortable(out []uint8, sums []uint16, half, recip uint16) {
	out = out[:len(sums)]
	for x, s := range sums {
		out[x] = uint8(uint32(s+half) * uint32(recip) >> 16)
	}
}

// axis maps every full-size coordinate to the two nearest cells of a small
// grid and the 8-bit weight of the second, so compositing does no division.
// step is 2 or 4 when full is exactly that many times small and the map
// has that factor's fixed pattern (see widen), else 0.
type axis struct {
	i0, i1 []int32
	frac   []int32
	step   int
}

func newAxis(full, small int) axis {
	a := axis{i0: make([]int32, full), i1: make([]int32, full), frac: make([]int32, full)}
	for x := 0; x < full; x++ {
		s := (float32(x)+0.5)*float32(small)/float32(full) - 0.5
		i, f := splitCoord(s, small)
		a.i0[x] = int32(i)
		a.i1[x] = int32(min(i+1, small-1))
		a.frac[x] = f
	}
	for _, step := range []int{2, 4} {
		if full == step*small && small >= 3 && a.hasPattern(step) {
			a.step = step
		}
	}
	return a
}

// stepFracs are the weights of the next cell for the step positions of a
// cell: a cell's step full-size pixels lie at −3/8, −1/8, +1/8, +3/8 (step
// 4) or −1/4, +1/4 (step 2) of a cell from its centre.
var stepFracs = map[int][]int32{2: {192, 64}, 4: {160, 224, 32, 96}}

// hasPattern reports whether the map's inner cells follow stepFracs: pixel
// r of cell i blends cells i−1 and i for the first half, i and i+1 for the
// second.
func (a axis) hasPattern(step int) bool {
	small := len(a.i0) / step
	for i := 1; i < small-1; i++ {
		for r, f := range stepFracs[step] {
			x := i*step + r
			lo := int32(i)
			if r < step/2 {
				lo = int32(i - 1)
			}
			if a.i0[x] != lo || a.i1[x] != lo+1 || a.frac[x] != f {
				return false
			}
		}
	}
	return true
}

// widen stretches every row of a small sw×sh plane to the full width w
// (bilinear, 8 fractional bits kept), so compositing only interpolates
// between two prepared rows per output row. Where the axis has a fixed
// step pattern the inner cells are widened without the tables; the result
// is the same.
func widen(dst []uint16, w int, src []uint8, sw, sh int, ax axis) {
	for j := 0; j < sh; j++ {
		row := src[j*sw : j*sw+sw]
		out := dst[j*w : j*w+w]
		switch ax.step {
		case 4:
			widen4(out, row)
		case 2:
			widen2(out, row)
		default:
			widenSpan(out, row, ax, 0, w)
			continue
		}
		// The first and last cell's pixels come from the tables.
		widenSpan(out, row, ax, 0, ax.step)
		widenSpan(out, row, ax, w-ax.step, w)
	}
}

// widenSpan widens the pixels from…to of one row by the axis' tables.
func widenSpan(out []uint16, row []uint8, ax axis, from, to int) {
	i0s, i1s, fs := ax.i0[from:to], ax.i1[from:to], ax.frac[from:to]
	for x, fx := range fs {
		out[from+x] = uint16(int32(row[i0s[x]])*(256-fx) + int32(row[i1s[x]])*fx)
	}
}

// widen4 widens the inner cells of a row four times (stepFracs[4]).
func widen4(out []uint16, row []uint8) {
	for i := 1; i+1 < len(row); i++ {
		p, c, n := int32(row[i-1]), int32(row[i]), int32(row[i+1])
		o := out[4*i : 4*i+4 : 4*i+4]
		o[0] = uint16(p*96 + c*160)
		o[1] = uint16(p*32 + c*224)
		o[2] = uint16(c*224 + n*32)
		o[3] = uint16(c*160 + n*96)
	}
}

// widen2 widens the inner cells of a row twice (stepFracs[2]).
func widen2(out []uint16, row []uint8) {
	for i := 1; i+1 < len(row); i++ {
		p, c, n := int32(row[i-1]), int32(row[i]), int32(row[i+1])
		o := out[2*i : 2*i+2 : 2*i+2]
		o[0] = uint16(p*64 + c*192)
		o[1] = uint16(c*192 + n*64)
	}
}

// rowMin records the smallest alpha of each small row, so compositing can
// skip rows that are all person.
func rowMin(alpha []uint8, sw, sh int, lo []uint8) {
	for j := 0; j < sh; j++ {
		l := uint8(255)
		for _, v := range alpha[j*sw : j*sw+sw] {
			l = min(l, v)
		}
		lo[j] = l
	}
}

// composite mixes a full-size plane with a background and an alpha that
// were widened (see widen) from the small grid; rows are interpolated
// vertically: out = bg + (in − bg)·alpha.
func composite(p []uint8, stride, w, h int, bg, alpha []uint16, ay axis, lo []uint8) {
	for y := 0; y < h; y++ {
		j0, j1, fy := int(ay.i0[y]), int(ay.i1[y]), uint32(ay.frac[y])
		if lo[j0] == 255 && lo[j1] == 255 {
			continue // the person covers the whole row: keep it sharp
		}
		row := p[y*stride : y*stride+w]
		b0, b1 := bg[j0*w : j0*w+w][:len(row)], bg[j1*w : j1*w+w][:len(row)]
		a0, a1 := alpha[j0*w : j0*w+w][:len(row)], alpha[j1*w : j1*w+w][:len(row)]
		compositeRowFast(row, b0, b1, a0, a1, fy)
	}
}

// compositeRow mixes one row: the background and alpha rows b0, a0 and
// b1, a1 (widened, 8 fractional bits) are interpolated with weight fy/256
// for the second, then out = bg + (in − bg)·alpha.
func compositeRow(row []uint8, b0, b1, a0, a1 []uint16, fy uint32) {
	b0, b1, a0, a1 = b0[:len(row)], b1[:len(row)], a0[:len(row)], a1[:len(row)]
	for x, v := range row {
		b := int32((uint32(b0[x])*(256-fy) + uint32(b1[x])*fy + 1<<15) >> 16)
		a := int32((uint32(a0[x])*(256-fy) + uint32(a1[x])*fy + 1<<15) >> 16)
		row[x] = uint8(b + ((int32(v)-b)*a*257+1<<15)>>16)
	}
}
