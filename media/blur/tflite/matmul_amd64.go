//go:build amd64

package tflite

import "golang.org/x/sys/cpu"

// haveFMA reports whether the CPU has the AVX2 and FMA instructions the
// assembly tile kernel uses.
var haveFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// tile4x8 computes a 4-row × 8-output tile of a matrix product:
// out[r][0:8] = bias[0:8] + Σ_i x[r][i]·w[i][0:8] for r = 0…3, with rows of x
// xStride bytes apart, rows of w wStride bytes apart and rows of out
// outStride bytes apart. k is the number of inputs (k ≥ 1).
//
//go:noescape
func tile4x16(x *float32, xStride uintptr, w *float32, wStride uintptr, k int, bias *float32, out *float32, outStride uintptr)

//go:noescape
func tile4x8(x *float32, xStride uintptr, w *float32, wStride uintptr, k int, bias *float32, out *float32, outStride uintptr)

// matMulRowsFMA is matMulRows for m a multiple of 8 with the weights laid
// out [k][m], in tiles of 4 rows × 16 outputs (and 4 × 8 for the last
// eight); rows that do not fill a tile of four go the portable way.
func matMulRowsFMA(x, wKM, wMK, bias, out []float32, n, k, m int) {
	// The slices are checked once here; the kernels then read
	// x[p..p+3][0..k), wKM[0..k)[o..o+16) and write out[p..p+3][o..o+16).
	_ = x[n*k-1]
	_ = wKM[k*m-1]
	_ = out[n*m-1]
	_ = bias[m-1]
	p := 0
	for ; p+4 <= n; p += 4 {
		o := 0
		for ; o+16 <= m; o += 16 {
			tile4x16(&x[p*k], uintptr(k*4), &wKM[o], uintptr(m*4), k, &bias[o], &out[p*m+o], uintptr(m*4))
		}
		if o < m {
			tile4x8(&x[p*k], uintptr(k*4), &wKM[o], uintptr(m*4), k, &bias[o], &out[p*m+o], uintptr(m*4))
		}
	}
	if p < n {
		matMulRows(x[p*k:], wMK, bias, out[p*m:], n-p, k, m)
	}
}

//go:noescape
func tile4x8Gather(x *float32, pixStride uintptr, offs *uintptr, k int, w *float32, wStride uintptr, bias *float32, out *float32, outStride uintptr)

// convTile4Gather computes four neighbouring output pixels (all oc
// channels) of a convolution whose windows start pixStride values apart in
// x and lie inside it (convGathered checks that).
func convTile4Gather(x []float32, pixStride int, offs []uintptr, wKM, bias, out []float32, oc int) {
	_ = out[4*oc-1]
	_ = wKM[len(offs)*oc-1]
	for o := 0; o < oc; o += 8 {
		tile4x8Gather(&x[0], uintptr(pixStride*4), &offs[0], len(offs), &wKM[o], uintptr(oc*4), &bias[o], &out[o], uintptr(oc*4))
	}
}

// useVectorKernel switches the vector kernel off (or back on, where the CPU
// has it) for interpreters built afterwards; tests run both paths.
func useVectorKernel(on bool) (restore func()) {
	was := haveFMA
	haveFMA = on && cpu.X86.HasAVX2 && cpu.X86.HasFMA
	return func() { haveFMA = was }
}

// dwPixel computes one output pixel of a depthwise convolution whose
// window lies inside the input, eight channels at a time (groups of them):
// out[c] = bias[c] + Σ_t x[offs[t]/4 + c]·w[t·C + c]. offs are byte offsets
// of the kernel taps from x; wTapStride is C·4.
//
//go:noescape
func dwPixel(x *float32, offs *uintptr, w *float32, wTapStride uintptr, taps int, groups int, bias *float32, out *float32)

// depthwiseInsideFMA is depthwiseInside with the vector kernel; offs are
// the taps' byte offsets from the window's first input pixel.
func depthwiseInsideFMA(x, wt, bias, o []float32, g convShape, iy0, ix0 int, offs []uintptr) {
	base := (iy0*g.iw + ix0) * g.oc
	// The whole window lies inside x (checked by the caller), so the
	// kernel's reads x[base + offs[t]/4 + c] stay in bounds.
	_ = x[base+int(offs[len(offs)-1]/4)+g.oc-1]
	_ = wt[len(offs)*g.oc-1]
	dwPixel(&x[base], &offs[0], &wt[0], uintptr(g.oc*4), len(offs), g.oc/8, &bias[0], &o[0])
}

//go:noescape
func dwTile4(x *float32, pixStride uintptr, offs *uintptr, w *float32, wTapStride uintptr, taps int, groups int, bias *float32, out *float32)

// depthwiseInside4FMA computes four neighbouring output pixels whose
// windows (starting pixStride values apart, the first at window (iy0,
// ix0)) lie inside the input; o holds the four pixels' channels.
func depthwiseInside4FMA(x, wt, bias, o []float32, g convShape, iy0, ix0, pixStride int, offs []uintptr) {
	base := (iy0*g.iw + ix0) * g.oc
	// The fourth window's last tap ends inside x; the kernel reads
	// nothing beyond it, and writes 4·C values of o.
	_ = x[base+3*pixStride+int(offs[len(offs)-1]/4)+g.oc-1]
	_ = wt[len(offs)*g.oc-1]
	_ = o[4*g.oc-1]
	dwTile4(&x[base], uintptr(pixStride*4), &offs[0], &wt[0], uintptr(g.oc*4), len(offs), g.oc/8, &bias[0], &o[0])
}

//go:noescape
func reluVec(v *float32, n int)

//go:noescape
func hardSwishVec(x *float32, out *float32, n int, three, six, sixth float32)

// reluFast is relu, eight values at a time where the CPU can.
func reluFast(v []float32) {
	n := len(v) &^ 7
	if haveFMA && n > 0 {
		reluVec(&v[0], n)
		v = v[n:]
	}
	relu(v)
}

// hardSwishFast is hardSwish, eight values at a time where the CPU can.
func hardSwishFast(x, out []float32) {
	out = out[:len(x)]
	n := len(x) &^ 7
	if haveFMA && n > 0 {
		hardSwishVec(&x[0], &out[0], n, 3, 6, 1.0/6)
		x, out = x[n:], out[n:]
	}
	hardSwish(x, out)
}

//go:noescape
func addVec(x, y, out *float32, n, c int)

//go:noescape
func mulVec(x, y, out *float32, n, c int)

//go:noescape
func sumRowsVec(x *float32, rows, c int, out *float32)

//go:noescape
func lerpVec(a, b, out *float32, n int, f float32)

// addFast is add, eight values at a time where the CPU can and c allows.
func addFast(x, y []float32, c int, out []float32) {
	if haveFMA && c%8 == 0 && len(x) > 0 && len(x)%c == 0 && len(y) >= c && len(out) >= len(x) {
		addVec(&x[0], &y[0], &out[0], len(x), c)
		return
	}
	add(x, y, c, out)
}

// mulFast is mul, eight values at a time where the CPU can and c allows.
func mulFast(x, y []float32, c int, out []float32) {
	if haveFMA && c%8 == 0 && len(x) > 0 && len(x)%c == 0 && len(y) >= c && len(out) >= len(x) {
		mulVec(&x[0], &y[0], &out[0], len(x), c)
		return
	}
	mul(x, y, c, out)
}

// globalMeanFast is globalMean, eight channels at a time where the CPU can.
func globalMeanFast(x []float32, pixels, c int, out []float32) {
	if !haveFMA || c%8 != 0 || pixels < 1 || len(x) < pixels*c || len(out) < c {
		globalMean(x, pixels, c, out)
		return
	}
	sumRowsVec(&x[0], pixels, c, &out[0])
	inv := 1 / float32(pixels)
	for i := range out[:c] {
		out[i] *= inv
	}
}

// lerpFast sets out = a + (b − a)·f, eight values at a time where the CPU can.
func lerpFast(a, b, out []float32, f float32) {
	out = out[:len(a)]
	b = b[:len(a)]
	n := len(a) &^ 7
	if haveFMA && n > 0 {
		lerpVec(&a[0], &b[0], &out[0], n, f)
		a, b, out = a[n:], b[n:], out[n:]
	}
	for i, v := range a {
		out[i] = v + (b[i]-v)*f
	}
}

//go:noescape
func logisticVec(x, out *float32, n int, c *[12]float32)

// logisticFast is logisticPortable, eight values at a time where the CPU can.
func logisticFast(x, out []float32) {
	out = out[:len(x)]
	n := len(x) &^ 7
	if haveFMA && n > 0 {
		logisticVec(&x[0], &out[0], n, &logisticConsts)
		x, out = x[n:], out[n:]
	}
	logisticPortable(x, out)
}
