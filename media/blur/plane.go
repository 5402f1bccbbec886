package blur

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
		for y := y0; y < y1; y++ {
			row := src[y*stride : y*stride+w]
			i := 0
			x := 0
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

// boxBlur blurs a packed w×h plane in place with `passes` horizontal and
// vertical running-sum box passes of the given radius (three passes are
// close to a Gaussian). Edges repeat the border pixel. tmp must hold
// max(w, h) values.
func boxBlur(p []uint8, w, h, radius, passes int, tmp []uint8) {
	if radius <= 0 || w <= 0 || h <= 0 {
		return
	}
	for range passes {
		for y := 0; y < h; y++ {
			boxLine(p[y*w:], 1, w, radius, tmp)
		}
		for x := 0; x < w; x++ {
			boxLine(p[x:], w, h, radius, tmp)
		}
	}
}

// boxLine box-blurs n values spaced step apart, starting at line[0].
func boxLine(line []uint8, step, n, radius int, tmp []uint8) {
	for i := 0; i < n; i++ {
		tmp[i] = line[i*step]
	}
	last := n - 1
	at := func(i int) int32 {
		if i < 0 {
			return int32(tmp[0])
		}
		if i > last {
			return int32(tmp[last])
		}
		return int32(tmp[i])
	}
	window := int32(2*radius + 1)
	var sum int32
	for i := -radius; i <= radius; i++ {
		sum += at(i)
	}
	for i := 0; i < n; i++ {
		line[i*step] = uint8((sum + window/2) / window)
		sum += at(i+radius+1) - at(i-radius)
	}
}

// axis maps every full-size coordinate to the two nearest cells of a small
// grid and the 8-bit weight of the second, so compositing does no division.
type axis struct {
	i0, i1 []int32
	frac   []int32
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
	return a
}

// composite mixes a full-size plane with a background and an alpha that
// both live on the small sw×sh grid, stretched with bilinear filtering:
// out = bg + (in − bg)·alpha. rowBG and rowA hold sw values each.
func composite(p []uint8, stride, w, h int, bg, alpha []uint8, sw int, ax, ay axis, rowBG, rowA []int32) {
	for y := 0; y < h; y++ {
		y0, y1, fy := int(ay.i0[y]), int(ay.i1[y]), ay.frac[y]
		b0, b1 := bg[y0*sw:y0*sw+sw], bg[y1*sw:y1*sw+sw]
		a0, a1 := alpha[y0*sw:y0*sw+sw], alpha[y1*sw:y1*sw+sw]
		var anyPerson, anyBackground bool
		for i := 0; i < sw; i++ {
			rowBG[i] = int32(b0[i])*(256-fy) + int32(b1[i])*fy
			a := int32(a0[i])*(256-fy) + int32(a1[i])*fy
			rowA[i] = a
			if a != 0 {
				anyPerson = true
			}
			if a != 255*256 {
				anyBackground = true
			}
		}
		row := p[y*stride : y*stride+w]
		if !anyBackground {
			continue // the person covers the whole row: keep it sharp
		}
		i0s, i1s, fs := ax.i0[:w], ax.i1[:w], ax.frac[:w]
		if !anyPerson {
			for x := range row {
				i0, i1, fx := i0s[x], i1s[x], fs[x]
				row[x] = uint8((rowBG[i0]*(256-fx) + rowBG[i1]*fx + 1<<15) >> 16)
			}
			continue
		}
		for x := range row {
			i0, i1, fx := i0s[x], i1s[x], fs[x]
			b := (rowBG[i0]*(256-fx) + rowBG[i1]*fx + 1<<15) >> 16
			a := (rowA[i0]*(256-fx) + rowA[i1]*fx + 1<<15) >> 16
			v := b + ((int32(row[x])-b)*a*257+1<<15)>>16
			row[x] = uint8(v)
		}
	}
}
