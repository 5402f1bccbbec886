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
		return func() { depthwiseConv(x, wt, bias, out, g); act(out) }, nil
	}
	// [O, KH, KW, I] → [KH, KW, I, O].
	wt := make([]float32, len(w))
	for o := 0; o < oc; o++ {
		for k := 0; k < kh*kw; k++ {
			for i := 0; i < ic; i++ {
				wt[(k*ic+i)*oc+o] = w[(o*kh*kw+k)*ic+i]
			}
		}
	}
	if kh == 1 && kw == 1 && g.sh == 1 && g.sw == 1 {
		return func() { pointwiseConv(x, wt, bias, out, ih*iw, ic, oc); act(out) }, nil
	}
	return func() { conv(x, wt, bias, out, g); act(out) }, nil
}

func (ip *Interpreter) shapeOf(t int) []int { return ip.shapes[t] }

// convShape is the geometry of one convolution.
type convShape struct {
	ih, iw, ic, oh, ow, oc int
	kh, kw, sh, sw, dh, dw int
	padT, padL             int
}

// pointwiseConv is a 1×1 convolution: a matrix product of the pixels
// (rows of ic values) with the weights ([ic][oc]). Four pixels share each
// weight row load.
func pointwiseConv(x, wt, bias, out []float32, pixels, ic, oc int) {
	p := 0
	for ; p+4 <= pixels; p += 4 {
		o0 := out[(p+0)*oc : (p+1)*oc]
		o1 := out[(p+1)*oc : (p+2)*oc]
		o2 := out[(p+2)*oc : (p+3)*oc]
		o3 := out[(p+3)*oc : (p+4)*oc]
		copy(o0, bias)
		copy(o1, bias)
		copy(o2, bias)
		copy(o3, bias)
		x0 := x[(p+0)*ic : (p+1)*ic]
		x1 := x[(p+1)*ic : (p+2)*ic]
		x2 := x[(p+2)*ic : (p+3)*ic]
		x3 := x[(p+3)*ic : (p+4)*ic]
		for i := 0; i < ic; i++ {
			a0, a1, a2, a3 := x0[i], x1[i], x2[i], x3[i]
			w := wt[i*oc : i*oc+oc]
			o0, o1, o2, o3 := o0[:len(w)], o1[:len(w)], o2[:len(w)], o3[:len(w)]
			for k, wk := range w {
				o0[k] += a0 * wk
				o1[k] += a1 * wk
				o2[k] += a2 * wk
				o3[k] += a3 * wk
			}
		}
	}
	for ; p < pixels; p++ {
		o := out[p*oc : p*oc+oc]
		copy(o, bias)
		xs := x[p*ic : p*ic+ic]
		for i, a := range xs {
			w := wt[i*oc : i*oc+oc]
			o := o[:len(w)]
			for k, wk := range w {
				o[k] += a * wk
			}
		}
	}
}

// conv is a general convolution with weights laid out [KH][KW][I][O].
func conv(x, wt, bias, out []float32, g convShape) {
	for oy := 0; oy < g.oh; oy++ {
		for ox := 0; ox < g.ow; ox++ {
			o := out[(oy*g.ow+ox)*g.oc : (oy*g.ow+ox+1)*g.oc]
			copy(o, bias)
			for ky := 0; ky < g.kh; ky++ {
				iy := oy*g.sh - g.padT + ky*g.dh
				if iy < 0 || iy >= g.ih {
					continue
				}
				for kx := 0; kx < g.kw; kx++ {
					ix := ox*g.sw - g.padL + kx*g.dw
					if ix < 0 || ix >= g.iw {
						continue
					}
					xs := x[(iy*g.iw+ix)*g.ic : (iy*g.iw+ix+1)*g.ic]
					base := (ky*g.kw + kx) * g.ic
					for i, a := range xs {
						w := wt[(base+i)*g.oc : (base+i+1)*g.oc]
						o := o[:len(w)]
						for k, wk := range w {
							o[k] += a * wk
						}
					}
				}
			}
		}
	}
}

// depthwiseConv convolves every channel with its own kernel ([KH][KW][C]).
func depthwiseConv(x, wt, bias, out []float32, g convShape) {
	c := g.oc
	for oy := 0; oy < g.oh; oy++ {
		for ox := 0; ox < g.ow; ox++ {
			o := out[(oy*g.ow+ox)*c : (oy*g.ow+ox+1)*c]
			copy(o, bias)
			for ky := 0; ky < g.kh; ky++ {
				iy := oy*g.sh - g.padT + ky*g.dh
				if iy < 0 || iy >= g.ih {
					continue
				}
				for kx := 0; kx < g.kw; kx++ {
					ix := ox*g.sw - g.padL + kx*g.dw
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

// compileTransposeConv implements MediaPipe's Convolution2DTransposeBias:
// a transposed convolution (weights [O, KH, KW, I]) plus bias. Its custom
// options are three little-endian int32: padding (1 SAME, 2 VALID),
// stride width, stride height.
func (ip *Interpreter) compileTransposeConv(op operator, x []float32, xShape []int, out []float32, outShape []int, constValue func(int) ([]float32, error)) (func(), error) {
	if len(op.inputs) != 3 || len(op.customOptions) < 12 {
		return nil, badModel("transposed convolution inputs or options")
	}
	le := func(b []byte) int { return int(int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)) }
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
	// [O, KH, KW, I] → [KH, KW, I, O].
	wt := make([]float32, len(w))
	for o := 0; o < oc; o++ {
		for k := 0; k < kh*kw; k++ {
			for i := 0; i < ic; i++ {
				wt[(k*ic+i)*oc+o] = w[(o*kh*kw+k)*ic+i]
			}
		}
	}
	bias := append([]float32(nil), b...)
	return func() {
		for p := 0; p < oh*ow; p++ {
			copy(out[p*oc:(p+1)*oc], bias)
		}
		for iy := 0; iy < ih; iy++ {
			for ix := 0; ix < iw; ix++ {
				xs := x[(iy*iw+ix)*ic : (iy*iw+ix+1)*ic]
				for ky := 0; ky < kh; ky++ {
					oy := iy*sh - padT + ky
					if oy < 0 || oy >= oh {
						continue
					}
					for kx := 0; kx < kw; kx++ {
						ox := ix*sw - padL + kx
						if ox < 0 || ox >= ow {
							continue
						}
						o := out[(oy*ow+ox)*oc : (oy*ow+ox+1)*oc]
						base := (ky*kw + kx) * ic
						for i, a := range xs {
							wr := wt[(base+i)*oc : (base+i+1)*oc]
							o := o[:len(wr)]
							for k, wk := range wr {
								o[k] += a * wk
							}
						}
					}
				}
			}
		}
	}, nil
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
		return func() { globalMean(x, ih*iw, c, out); act(out) }, nil
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
	return func() {
		for oy, vy := range ty {
			r0 := x[vy.i0*iw*c : (vy.i0+1)*iw*c]
			r1 := x[vy.i1*iw*c : (vy.i1+1)*iw*c]
			for ox, vx := range tx {
				o := out[(oy*ow+ox)*c : (oy*ow+ox+1)*c]
				a, b := r0[vx.i0*c:(vx.i0+1)*c], r0[vx.i1*c:(vx.i1+1)*c]
				d, e := r1[vx.i0*c:(vx.i0+1)*c], r1[vx.i1*c:(vx.i1+1)*c]
				fy, fx := vy.f, vx.f
				for k := range o {
					top := a[k] + (b[k]-a[k])*fx
					bot := d[k] + (e[k]-d[k])*fx
					o[k] = top + (bot-top)*fy
				}
			}
		}
	}, nil
}
