package tflite

// Convolution kernels. Weights are re-laid out at load so the innermost
// loop always runs over output channels (or channels for depthwise) in
// contiguous memory: one input value times a weight row, accumulated into
// the output row.

func (ip *Interpreter) compileConv(op operator, x []float32, xShape []int, out []float32, outShape []int, act func([]float32), constValue func(int) ([]float32, error)) (func(), error) {
	if len(op.inputs) < 2 {
		return nil, badModel("convolution without weights")
	}
	ih, iw, ic, ok1 := nhwc(xShape)
	oh, ow, oc, ok2 := nhwc(outShape)
	if !ok1 || !ok2 {
		return nil, badModel("convolution shapes %v → %v", xShape, outShape)
	}
	w, err := constValue(op.inputs[1])
	if err != nil {
		return nil, err
	}
	bias := make([]float32, oc)
	if len(op.inputs) > 2 && op.inputs[2] >= 0 {
		b, err := constValue(op.inputs[2])
		if err != nil {
			return nil, err
		}
		if len(b) != oc {
			return nil, badModel("bias of %d for %d channels", len(b), oc)
		}
		copy(bias, b)
	}
	if op.strideW < 1 || op.strideH < 1 || op.dilationW < 1 || op.dilationH < 1 {
		return nil, badModel("stride or dilation below 1")
	}
	depthwise := op.code == opDepthwiseConv
	if depthwise && (op.depthMultiplier != 1 || oc != ic) {
		return nil, badModel("depthwise convolution with multiplier %d", op.depthMultiplier)
	}
	// The weight tensor's own shape gives the kernel size.
	wShape := ip.shapeOf(op.inputs[1])
	if len(wShape) != 4 {
		return nil, badModel("weights of rank %d", len(wShape))
	}
	kh, kw := wShape[1], wShape[2]
	if len(w) != elements(wShape) {
		return nil, badModel("weights hold %d values for %v", len(w), wShape)
	}
	if depthwise {
		if wShape[0] != 1 || wShape[3] != oc {
			return nil, badModel("depthwise weights %v", wShape)
		}
	} else if wShape[0] != oc || wShape[3] != ic {
		return nil, badModel("weights %v for %d→%d channels", wShape, ic, oc)
	}
	gh, padT := convGeometry(ih, kh, op.strideH, op.dilationH, op.padding)
	gw, padL := convGeometry(iw, kw, op.strideW, op.dilationW, op.padding)
	if gh != oh || gw != ow {
		return nil, badModel("convolution output %dx%d, file says %dx%d", gh, gw, oh, ow)
	}
	g := convShape{ih: ih, iw: iw, ic: ic, oh: oh, ow: ow, oc: oc, kh: kh, kw: kw,
		sh: op.strideH, sw: op.strideW, dh: op.dilationH, dw: op.dilationW, padT: padT, padL: padL}

	if depthwise {
		wt := append([]float32(nil), w...)
		if !haveFMA || oc%8 != 0 {
			return func() { depthwiseConv(x, wt, bias, out, g, nil); act(out) }, nil
		}
		return compileDepthwiseFMA(x, wt, bias, out, g, act), nil
	}
	return compileDenseConv(x, append([]float32(nil), w...), bias, out, g, act), nil
}

// compileDenseConv prepares a (not depthwise) convolution. Weights stay
// [O][KH·KW·I]: each output channel is one contiguous row, dotted with one
// contiguous input row (a pixel, or a patch for larger kernels). The
// vector kernels want them [KH·KW·I][O] as well: output channels side by
// side.
func compileDenseConv(x, wt, bias, out []float32, g convShape, act func([]float32)) func() {
	patch, oc := g.kh*g.kw*g.ic, g.oc
	vector := haveFMA && oc%8 == 0
	var wKM []float32
	if vector {
		wKM = make([]float32, len(wt))
		for o := 0; o < oc; o++ {
			for i := 0; i < patch; i++ {
				wKM[i*oc+o] = wt[o*patch+i]
			}
		}
	}
	product := func(x []float32, n int) { matMulRows(x, wt, bias, out, n, patch, oc) }
	if vector {
		product = func(x []float32, n int) { matMulRowsFMA(x, wKM, wt, bias, out, n, patch, oc) }
	}
	switch {
	case g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.padT == 0 && g.padL == 0:
		return func() { product(x, g.ih*g.iw); act(out) }
	case vector:
		// Gather the patches straight from a zero-bordered copy of the
		// input, where every window lies inside: im2col's buffer (1.7 MB
		// for the first layer) cost more than the products.
		pg, _, _ := zeroBordered(g)
		xp := make([]float32, pg.ih*pg.iw*g.ic)
		offs := tapOffsets(pg, pg.iw, true)
		patchBuf := make([]float32, patch)
		return func() {
			copyBordered(xp, x, g, pg)
			convGathered(xp, wKM, wt, bias, out, patchBuf, pg, offs)
			act(out)
		}
	}
	cols := make([]float32, g.oh*g.ow*patch)
	return func() {
		im2col(x, cols, g)
		product(cols, g.oh*g.ow)
		act(out)
	}
}

func (ip *Interpreter) shapeOf(t int) []int { return ip.shapes[t] }

// convShape is the geometry of one convolution.
type convShape struct {
	ih, iw, ic, oh, ow, oc int
	kh, kw, sh, sw, dh, dw int
	padT, padL             int
}

// matMulRows computes out[p][o] = bias[o] + Σ_i x[p][i]·w[o][i] for n rows
// of k inputs and m outputs. Blocks of 4 rows × 2 outputs keep eight
// accumulators in registers, so each loaded value serves several products.
func matMulRows(x, w, bias, out []float32, n, k, m int) {
	p := 0
	for ; p+4 <= n; p += 4 {
		x0 := x[(p+0)*k : (p+1)*k]
		x1 := x[(p+1)*k : (p+2)*k][:len(x0)]
		x2 := x[(p+2)*k : (p+3)*k][:len(x0)]
		x3 := x[(p+3)*k : (p+4)*k][:len(x0)]
		o := 0
		for ; o+2 <= m; o += 2 {
			wa := w[o*k : (o+1)*k][:len(x0)]
			wb := w[(o+1)*k : (o+2)*k][:len(x0)]
			var a0, a1, a2, a3, b0, b1, b2, b3 float32
			for i, v0 := range x0 {
				v1, v2, v3 := x1[i], x2[i], x3[i]
				wai, wbi := wa[i], wb[i]
				a0 += v0 * wai
				a1 += v1 * wai
				a2 += v2 * wai
				a3 += v3 * wai
				b0 += v0 * wbi
				b1 += v1 * wbi
				b2 += v2 * wbi
				b3 += v3 * wbi
			}
			ba, bb := bias[o], bias[o+1]
			out[(p+0)*m+o], out[(p+0)*m+o+1] = a0+ba, b0+bb
			out[(p+1)*m+o], out[(p+1)*m+o+1] = a1+ba, b1+bb
			out[(p+2)*m+o], out[(p+2)*m+o+1] = a2+ba, b2+bb
			out[(p+3)*m+o], out[(p+3)*m+o+1] = a3+ba, b3+bb
		}
		for ; o < m; o++ {
			wa := w[o*k : (o+1)*k][:len(x0)]
			var a0, a1, a2, a3 float32
			for i, v0 := range x0 {
				wai := wa[i]
				a0 += v0 * wai
				a1 += x1[i] * wai
				a2 += x2[i] * wai
				a3 += x3[i] * wai
			}
			out[(p+0)*m+o] = a0 + bias[o]
			out[(p+1)*m+o] = a1 + bias[o]
			out[(p+2)*m+o] = a2 + bias[o]
			out[(p+3)*m+o] = a3 + bias[o]
		}
	}
	for ; p < n; p++ {
		xs := x[p*k : (p+1)*k]
		for o := 0; o < m; o++ {
			wa := w[o*k : (o+1)*k][:len(xs)]
			var a float32
			for i, v := range xs {
				a += v * wa[i]
			}
			out[p*m+o] = a + bias[o]
		}
	}
}

// im2col gathers every output pixel's receptive field into one row of
// cols ([KH][KW][I] order, zeros where the window leaves the input).
func im2col(x, cols []float32, g convShape) {
	patch := g.kh * g.kw * g.ic
	for oy := 0; oy < g.oh; oy++ {
		for ox := 0; ox < g.ow; ox++ {
			im2colPixel(x, cols[(oy*g.ow+ox)*patch:(oy*g.ow+ox+1)*patch], g, oy, ox)
		}
	}
}

// im2colPixel gathers the receptive field of output pixel (oy, ox) into row.
func im2colPixel(x, row []float32, g convShape, oy, ox int) {
	for ky := 0; ky < g.kh; ky++ {
		iy := oy*g.sh - g.padT + ky*g.dh
		for kx := 0; kx < g.kw; kx++ {
			ix := ox*g.sw - g.padL + kx*g.dw
			dst := row[(ky*g.kw+kx)*g.ic : (ky*g.kw+kx+1)*g.ic]
			if iy < 0 || iy >= g.ih || ix < 0 || ix >= g.iw {
				clear(dst)
				continue
			}
			src := x[(iy*g.iw+ix)*g.ic:][:len(dst)]
			for i, v := range src { // a loop: copy() costs more for 3 values
				dst[i] = v
			}
		}
	}
}

// convGathered is a KH×KW convolution without an im2col buffer, for a
// geometry whose windows all lie inside x (see zeroBordered). Four output
// pixels at a time go through convTile4Gather, which reads each patch in
// place (offs: byte offsets of the patch's values from the window's first
// input value); a row's last tile overlaps the one before it rather than
// leaving pixels over. Rows narrower than four pixels are gathered into
// patch and go the portable way. wKM is [patch][oc], wMK [oc][patch].
func convGathered(x, wKM, wMK, bias, out, patch []float32, g convShape, offs []uintptr) {
	oc := g.oc
	pixStride := g.sw * g.ic
	lastOff := int(offs[len(offs)-1] / 4)
	for oy := 0; oy < g.oh; oy++ {
		iy0 := oy * g.sh
		if g.ow < 4 {
			for ox := 0; ox < g.ow; ox++ {
				im2colPixel(x, patch, g, oy, ox)
				p := oy*g.ow + ox
				matMulRows(patch, wMK, bias, out[p*oc:(p+1)*oc], 1, len(offs), oc)
			}
			continue
		}
		for ox := 0; ox < g.ow; ox += 4 {
			ox = min(ox, g.ow-4)
			base := (iy0*g.iw + ox*g.sw) * g.ic
			// The fourth window's last value is inside x (checked here
			// once); the kernel reads nothing beyond it.
			_ = x[base+3*pixStride+lastOff]
			convTile4Gather(x[base:], pixStride, offs, wKM, bias, out[(oy*g.ow+ox)*oc:], oc)
		}
	}
}

// depthwiseConv convolves every channel with its own kernel ([KH][KW][C]).
// Pixels whose window lies inside the input take a path without edge
// tests that keeps four channels' sums in registers across the window.
func depthwiseConv(x, wt, bias, out []float32, g convShape, offs []uintptr) {
	c := g.oc
	for oy := 0; oy < g.oh; oy++ {
		iy0 := oy*g.sh - g.padT
		rowInside := iy0 >= 0 && iy0+(g.kh-1)*g.dh < g.ih
		for ox := 0; ox < g.ow; ox++ {
			o := out[(oy*g.ow+ox)*c : (oy*g.ow+ox+1)*c]
			ix0 := ox*g.sw - g.padL
			if rowInside && ix0 >= 0 && ix0+(g.kw-1)*g.dw < g.iw {
				if offs != nil && ox+4 <= g.ow && ix0+3*g.sw+(g.kw-1)*g.dw < g.iw {
					// Four windows inside: one vector call for them all.
					depthwiseInside4FMA(x, wt, bias, out[(oy*g.ow+ox)*c:], g, iy0, ix0, g.sw*c, offs)
					ox += 3
					continue
				}
				if offs != nil {
					depthwiseInsideFMA(x, wt, bias, o, g, iy0, ix0, offs)
				} else {
					depthwiseInside(x, wt, bias, o, g, iy0, ix0)
				}
				continue
			}
			copy(o, bias)
			for ky := 0; ky < g.kh; ky++ {
				iy := iy0 + ky*g.dh
				if iy < 0 || iy >= g.ih {
					continue
				}
				for kx := 0; kx < g.kw; kx++ {
					ix := ix0 + kx*g.dw
					if ix < 0 || ix >= g.iw {
						continue
					}
					xs := x[(iy*g.iw+ix)*c : (iy*g.iw+ix+1)*c]
					w := wt[(ky*g.kw+kx)*c : (ky*g.kw+kx+1)*c]
					xs, o := xs[:len(w)], o[:len(w)]
					for k, wk := range w {
						o[k] += xs[k] * wk
					}
				}
			}
		}
	}
}

// compileDepthwiseFMA prepares a depthwise convolution for the vector
// kernel. Small inputs, where many windows cross the edge (a 5×5 window on
// 16×16 pixels: 44 %), are first copied into a zero-bordered buffer, so
// every window lies inside and none takes the portable edge path.
func compileDepthwiseFMA(x, wt, bias, out []float32, g convShape, act func([]float32)) func() {
	pg, padB, padR := zeroBordered(g)
	inside := max(0, g.oh-ceilDiv(g.padT, g.sh)-ceilDiv(padB, g.sh)) * max(0, g.ow-ceilDiv(g.padL, g.sw)-ceilDiv(padR, g.sw))
	if inside*10 >= g.oh*g.ow*9 { // at most a tenth of the windows cross the edge
		offs := tapOffsets(g, g.iw, false)
		return func() { depthwiseConv(x, wt, bias, out, g, offs); act(out) }
	}
	xp := make([]float32, pg.ih*pg.iw*g.ic) // the border stays zero
	offs := tapOffsets(g, pg.iw, false)
	return func() {
		copyBordered(xp, x, g, pg)
		depthwiseConv(xp, wt, bias, out, pg, offs)
		act(out)
	}
}

// zeroBordered is the geometry of the convolution g on its input with the
// padding made real: a zero border (padT, padL and the returned padB, padR
// wide) around it, so every window lies inside.
func zeroBordered(g convShape) (pg convShape, padB, padR int) {
	padB = max(0, (g.oh-1)*g.sh+(g.kh-1)*g.dh+1-g.ih-g.padT)
	padR = max(0, (g.ow-1)*g.sw+(g.kw-1)*g.dw+1-g.iw-g.padL)
	pg = g
	pg.ih, pg.iw, pg.padT, pg.padL = g.ih+g.padT+padB, g.iw+g.padL+padR, 0, 0
	return pg, padB, padR
}

// copyBordered copies the input x of g into the middle of xp, laid out as
// pg's input; xp's border keeps its zeros.
func copyBordered(xp, x []float32, g, pg convShape) {
	rowLen := g.iw * g.ic
	for y := 0; y < g.ih; y++ {
		copy(xp[((y+g.padT)*pg.iw+g.padL)*g.ic:][:rowLen], x[y*rowLen:(y+1)*rowLen])
	}
}

// tapOffsets are the byte offsets of a window's taps (each of its ic
// values when perValue) from the window's start, in an input iw wide.
func tapOffsets(g convShape, iw int, perValue bool) []uintptr {
	var offs []uintptr
	for ky := 0; ky < g.kh; ky++ {
		for kx := 0; kx < g.kw; kx++ {
			at := (ky*g.dh*iw + kx*g.dw) * g.ic
			if !perValue {
				offs = append(offs, uintptr(at*4))
				continue
			}
			for c := 0; c < g.ic; c++ {
				offs = append(offs, uintptr((at+c)*4))
			}
		}
	}
	return offs
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func depthwiseInside(x, wt, bias, o []float32, g convShape, iy0, ix0 int) {
	c := g.oc
	k := 0
	for ; k+4 <= c; k += 4 {
		b := bias[k : k+4 : k+4]
		a0, a1, a2, a3 := b[0], b[1], b[2], b[3]
		for ky := 0; ky < g.kh; ky++ {
			row := ((iy0+ky*g.dh)*g.iw+ix0)*c + k
			wrow := ky*g.kw*c + k
			for kx := 0; kx < g.kw; kx++ {
				xs := x[row+kx*g.dw*c:][:4:4]
				ws := wt[wrow+kx*c:][:4:4]
				a0 += xs[0] * ws[0]
				a1 += xs[1] * ws[1]
				a2 += xs[2] * ws[2]
				a3 += xs[3] * ws[3]
			}
		}
		r := o[k : k+4 : k+4]
		r[0], r[1], r[2], r[3] = a0, a1, a2, a3
	}
	for ; k < c; k++ {
		a := bias[k]
		for ky := 0; ky < g.kh; ky++ {
			for kx := 0; kx < g.kw; kx++ {
				a += x[((iy0+ky*g.dh)*g.iw+ix0+kx*g.dw)*c+k] * wt[(ky*g.kw+kx)*c+k]
			}
		}
		o[k] = a
	}
}

// compileTransposeConv implements MediaPipe's Convolution2DTransposeBias:
// a transposed convolution (weights [O, KH, KW, I]) plus bias. Its custom
// options are three little-endian int32: padding (1 SAME, 2 VALID),
// stride width, stride height.
func (ip *Interpreter) compileTransposeConv(op operator, x []float32, xShape []int, out []float32, outShape []int, constValue func(int) ([]float32, error)) (func(), error) {
	if len(op.inputs) != 3 || len(op.customOptions) < 12 {
		return nil, badModel("transposed convolution inputs or options")
	}
	le := func(b []byte) int {
		return int(int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24))
	}
	padding, sw, sh := le(op.customOptions[0:]), le(op.customOptions[4:]), le(op.customOptions[8:])
	ih, iw, ic, ok1 := nhwc(xShape)
	oh, ow, oc, ok2 := nhwc(outShape)
	w, err := constValue(op.inputs[1])
	if err != nil {
		return nil, err
	}
	b, err := constValue(op.inputs[2])
	if err != nil {
		return nil, err
	}
	wShape := ip.shapeOf(op.inputs[1])
	if !ok1 || !ok2 || len(wShape) != 4 || wShape[0] != oc || wShape[3] != ic || len(b) != oc || sw < 1 || sh < 1 {
		return nil, badModel("transposed convolution shapes %v %v %v", xShape, wShape, outShape)
	}
	kh, kw := wShape[1], wShape[2]
	var padT, padL int
	switch padding {
	case 1: // SAME: the output is input × stride; centre the kernel overlap
		if oh != ih*sh || ow != iw*sw {
			return nil, badModel("transposed convolution output %dx%d", oh, ow)
		}
		padT = max(0, ((ih-1)*sh+kh-oh)/2)
		padL = max(0, ((iw-1)*sw+kw-ow)/2)
	case 2:
		if oh != (ih-1)*sh+kh || ow != (iw-1)*sw+kw {
			return nil, badModel("transposed convolution output %dx%d", oh, ow)
		}
	default:
		return nil, badModel("transposed convolution padding %d", padding)
	}
	// Every input pixel's contributions to its KH×KW output pixels are one
	// matrix product with the weights as rows [O·KH·KW][I]; the products
	// are then added where they land. With the vector kernel the rows are
	// padded to a multiple of eight with zeros.
	wt := append([]float32(nil), w...)
	bias := append([]float32(nil), b...)
	m := oc * kh * kw
	mPad := m
	product := func(contrib []float32) { matMulRows(x, wt, make([]float32, m), contrib, ih*iw, ic, m) }
	if haveFMA {
		mPad = (m + 7) &^ 7
		wMK := make([]float32, mPad*ic)
		copy(wMK, wt)
		wKM := make([]float32, ic*mPad)
		for r := 0; r < m; r++ {
			for i := 0; i < ic; i++ {
				wKM[i*mPad+r] = wt[r*ic+i]
			}
		}
		zero := make([]float32, mPad)
		product = func(contrib []float32) { matMulRowsFMA(x, wKM, wMK, zero, contrib, ih*iw, ic, mPad) }
	}
	contrib := make([]float32, ih*iw*mPad)
	g := transposeShape{ih: ih, iw: iw, oh: oh, ow: ow, oc: oc, kh: kh, kw: kw, sh: sh, sw: sw, padT: padT, padL: padL, m: mPad}
	return func() {
		product(contrib)
		scatterTransposed(contrib, bias, out, g)
	}, nil
}

// scatterTiles is scatterTransposed where the kernel tiles the output
// (stride = kernel size, no padding: MediaPipe's 2×2 upsampling): every
// output value is its bias plus exactly one contribution, so it is set
// row by row without clearing or index tests.
func scatterTiles(contrib, bias, out []float32, g transposeShape) {
	oc := g.oc
	for oy := 0; oy < g.oh; oy++ {
		iy, ky := oy/g.kh, oy%g.kh
		o := out[oy*g.ow*oc : (oy+1)*g.ow*oc]
		for ix := 0; ix < g.iw; ix++ {
			row := contrib[(iy*g.iw+ix)*g.m : (iy*g.iw+ix+1)*g.m]
			for kx := 0; kx < g.kw; kx++ {
				dst := o[(ix*g.kw+kx)*oc : (ix*g.kw+kx+1)*oc]
				for c := range dst {
					dst[c] = bias[c] + row[(c*g.kh+ky)*g.kw+kx]
				}
			}
		}
	}
}

// transposeShape is the geometry of a transposed convolution; m is the
// row length of the contributions (O·KH·KW, maybe padded).
type transposeShape struct {
	ih, iw, oh, ow, oc, kh, kw, sh, sw, padT, padL, m int
}

// scatterTransposed sets out to the bias plus every input pixel's
// contributions (rows of m values, [O][KH][KW]) at the output pixels they
// land on.
func scatterTransposed(contrib, bias, out []float32, g transposeShape) {
	if g.sh == g.kh && g.sw == g.kw && g.padT == 0 && g.padL == 0 && g.oh == g.ih*g.sh && g.ow == g.iw*g.sw {
		scatterTiles(contrib, bias, out, g)
		return
	}
	for p := 0; p < g.oh*g.ow; p++ {
		copy(out[p*g.oc:(p+1)*g.oc], bias)
	}
	for iy := 0; iy < g.ih; iy++ {
		for ix := 0; ix < g.iw; ix++ {
			row := contrib[(iy*g.iw+ix)*g.m : (iy*g.iw+ix+1)*g.m]
			for ky := 0; ky < g.kh; ky++ {
				oy := iy*g.sh - g.padT + ky
				if oy < 0 || oy >= g.oh {
					continue
				}
				for kx := 0; kx < g.kw; kx++ {
					ox := ix*g.sw - g.padL + kx
					if ox < 0 || ox >= g.ow {
						continue
					}
					o := out[(oy*g.ow+ox)*g.oc : (oy*g.ow+ox+1)*g.oc]
					for c := range o {
						o[c] += row[(c*g.kh+ky)*g.kw+kx]
					}
				}
			}
		}
	}
}

func compileAvgPool(op operator, x []float32, xShape []int, out []float32, outShape []int, act func([]float32)) (func(), error) {
	ih, iw, c, ok1 := nhwc(xShape)
	oh, ow, oc, ok2 := nhwc(outShape)
	if !ok1 || !ok2 || oc != c || op.filterH < 1 || op.filterW < 1 || op.strideH < 1 || op.strideW < 1 {
		return nil, badModel("average pool shapes %v → %v", xShape, outShape)
	}
	gh, padT := convGeometry(ih, op.filterH, op.strideH, 1, op.padding)
	gw, padL := convGeometry(iw, op.filterW, op.strideW, 1, op.padding)
	if gh != oh || gw != ow {
		return nil, badModel("average pool output %dx%d, file says %dx%d", gh, gw, oh, ow)
	}
	if oh == 1 && ow == 1 && op.filterH == ih && op.filterW == iw {
		return func() { globalMeanFast(x, ih*iw, c, out); act(out) }, nil
	}
	return func() {
		for oy := 0; oy < oh; oy++ {
			for ox := 0; ox < ow; ox++ {
				o := out[(oy*ow+ox)*c : (oy*ow+ox+1)*c]
				clear(o)
				n := 0
				for ky := 0; ky < op.filterH; ky++ {
					iy := oy*op.strideH - padT + ky
					if iy < 0 || iy >= ih {
						continue
					}
					for kx := 0; kx < op.filterW; kx++ {
						ix := ox*op.strideW - padL + kx
						if ix < 0 || ix >= iw {
							continue
						}
						n++
						xs := x[(iy*iw+ix)*c : (iy*iw+ix+1)*c]
						for k, v := range xs {
							o[k] += v
						}
					}
				}
				if n > 0 {
					inv := 1 / float32(n)
					for k := range o {
						o[k] *= inv
					}
				}
			}
		}
		act(out)
	}, nil
}

// compileResize implements RESIZE_BILINEAR as TFLite computes it, with
// precomputed source rows and columns.
func compileResize(op operator, x []float32, xShape []int, out []float32, outShape []int) (func(), error) {
	ih, iw, c, ok1 := nhwc(xShape)
	oh, ow, oc, ok2 := nhwc(outShape)
	if !ok1 || !ok2 || oc != c || oh < 1 || ow < 1 {
		return nil, badModel("resize shapes %v → %v", xShape, outShape)
	}
	type tap struct {
		i0, i1 int
		f      float32
	}
	taps := func(in, outN int) []tap {
		scale := float32(in) / float32(outN)
		if op.alignCorners && outN > 1 {
			scale = float32(in-1) / float32(outN-1)
		}
		t := make([]tap, outN)
		for o := range t {
			var s float32
			if op.halfPixelCenters {
				s = (float32(o)+0.5)*scale - 0.5
			} else {
				s = float32(o) * scale
			}
			fl := float32(int(s))
			if s < 0 && fl != s {
				fl-- // floor for negatives
			}
			i0 := max(int(fl), 0)
			i1 := min(int(fl)+1, in-1)
			if s == fl {
				i1 = min(i0, in-1) // ceil(s) == s
			}
			t[o] = tap{i0: min(i0, in-1), i1: max(i1, 0), f: s - fl}
		}
		return t
	}
	ty, tx := taps(ih, oh), taps(iw, ow)
	// Each output row interpolates its two source rows once into row, then
	// every output pixel interpolates two pixels of row.
	row := make([]float32, iw*c)
	return func() {
		for oy, vy := range ty {
			r0 := x[vy.i0*iw*c : (vy.i0+1)*iw*c]
			r1 := x[vy.i1*iw*c : (vy.i1+1)*iw*c]
			lerpFast(r0, r1, row, vy.f)
			for ox, vx := range tx {
				o := out[(oy*ow+ox)*c : (oy*ow+ox+1)*c]
				lerpFast(row[vx.i0*c:(vx.i0+1)*c], row[vx.i1*c:(vx.i1+1)*c], o, vx.f)
			}
		}
	}, nil
}
