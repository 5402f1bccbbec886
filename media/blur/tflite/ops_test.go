package tflite

import (
	"encoding/binary"
	"math"
	"math/rand"
	"testing"
)

// Operator tests: small graphs built in code, run through the interpreter
// and compared with straightforward reference formulas written here.

// graphBuilder assembles a graph of float32 tensors.
type graphBuilder struct{ g graph }

func (b *graphBuilder) activation(shape ...int) int {
	b.g.tensors = append(b.g.tensors, tensorInfo{shape: shape, typ: typeFloat32})
	return len(b.g.tensors) - 1
}

func (b *graphBuilder) constant(values []float32, shape ...int) int {
	data := make([]byte, 4*len(values))
	for i, v := range values {
		binary.LittleEndian.PutUint32(data[4*i:], math.Float32bits(v))
	}
	b.g.tensors = append(b.g.tensors, tensorInfo{shape: shape, typ: typeFloat32, data: data})
	return len(b.g.tensors) - 1
}

func (b *graphBuilder) op(op operator) {
	if op.strideW == 0 {
		op.strideW, op.strideH = 1, 1
	}
	if op.dilationW == 0 {
		op.dilationW, op.dilationH = 1, 1
	}
	if op.depthMultiplier == 0 {
		op.depthMultiplier = 1
	}
	b.g.ops = append(b.g.ops, op)
}

func (b *graphBuilder) run(t *testing.T, in, out int, input []float32) []float32 {
	t.Helper()
	b.g.inputs, b.g.outputs = []int{in}, []int{out}
	ip, err := build(&b.g)
	if err != nil {
		t.Fatal(err)
	}
	copy(ip.Input(), input)
	ip.Run()
	return ip.Output()
}

func random(r *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = r.Float32()*2 - 1
	}
	return v
}

func closeTo(t *testing.T, got, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d values, want %d", len(got), len(want))
	}
	for i := range got {
		if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*(1+math.Abs(float64(want[i]))) {
			t.Fatalf("value %d: %v, want %v", i, got[i], want[i])
		}
	}
}

// refConv is a direct convolution (depthwise when depthwise is set) with
// TensorFlow's SAME or VALID padding.
func refConv(x []float32, ih, iw, ic int, w []float32, kh, kw, oc int, bias []float32, stride, padding int, depthwise bool) ([]float32, int, int) {
	oh, padT := convGeometry(ih, kh, stride, 1, padding)
	ow, padL := convGeometry(iw, kw, stride, 1, padding)
	out := make([]float32, oh*ow*oc)
	for oy := 0; oy < oh; oy++ {
		for ox := 0; ox < ow; ox++ {
			for o := 0; o < oc; o++ {
				sum := float64(bias[o])
				for ky := 0; ky < kh; ky++ {
					for kx := 0; kx < kw; kx++ {
						iy, ix := oy*stride-padT+ky, ox*stride-padL+kx
						if iy < 0 || ix < 0 || iy >= ih || ix >= iw {
							continue
						}
						if depthwise {
							sum += float64(x[(iy*iw+ix)*ic+o]) * float64(w[(ky*kw+kx)*oc+o])
							continue
						}
						for i := 0; i < ic; i++ {
							sum += float64(x[(iy*iw+ix)*ic+i]) * float64(w[((o*kh+ky)*kw+kx)*ic+i])
						}
					}
				}
				out[(oy*ow+ox)*oc+o] = float32(sum)
			}
		}
	}
	return out, oh, ow
}

func TestConvolutions(t *testing.T) {
	cases := []struct {
		name                string
		ih, iw, ic, oc      int
		k, stride, padding  int
		depthwise, fuseRelu bool
	}{
		{"pointwise, odd sizes", 5, 7, 6, 5, 1, 1, 0, false, false},
		{"pointwise + fused relu", 4, 4, 8, 16, 1, 1, 0, false, true},
		{"3x3 stride 2 same", 9, 8, 3, 4, 3, 2, 0, false, false},
		{"3x3 stride 1 valid", 6, 6, 2, 3, 3, 1, 1, false, false},
		{"depthwise 3x3 same", 7, 6, 8, 8, 3, 1, 0, true, false},
		{"depthwise 5x5 stride 2 same", 9, 9, 6, 6, 5, 2, 0, true, false},
		{"depthwise 3x3 + fused relu", 5, 5, 5, 5, 3, 1, 0, true, true},
		// Eight or more outputs take the vector kernels where the CPU has
		// them (patches gathered in place, edges the portable way).
		{"3x3 stride 2 same, 16 outputs", 11, 13, 3, 16, 3, 2, 0, false, false},
		{"3x3 stride 1 same, 8 outputs", 6, 9, 5, 8, 3, 1, 0, false, true},
		{"5x5 stride 1 valid, 24 outputs", 7, 10, 2, 24, 5, 1, 1, false, false},
		{"depthwise 5x5 stride 2 same, 16 channels (zero-bordered copy)", 9, 11, 16, 16, 5, 2, 0, true, false},
		{"depthwise 3x3 same, 8 channels (edges the portable way)", 40, 43, 8, 8, 3, 1, 0, true, true},
	}
	for _, vector := range []bool{true, false} {
		restore := useVectorKernel(vector)
		testConvolutions(t, cases, vector && haveFMA)
		restore()
	}
}

func testConvolutions(t *testing.T, cases []struct {
	name                string
	ih, iw, ic, oc      int
	k, stride, padding  int
	depthwise, fuseRelu bool
}, vector bool) {
	kernel := "portable"
	if vector {
		kernel = "vector"
	}
	r := rand.New(rand.NewSource(7))
	for _, c := range cases {
		t.Run(kernel+"/"+c.name, func(t *testing.T) {
			x := random(r, c.ih*c.iw*c.ic)
			var w []float32
			var wShape []int
			if c.depthwise {
				w, wShape = random(r, c.k*c.k*c.oc), []int{1, c.k, c.k, c.oc}
			} else {
				w, wShape = random(r, c.oc*c.k*c.k*c.ic), []int{c.oc, c.k, c.k, c.ic}
			}
			bias := random(r, c.oc)
			want, oh, ow := refConv(x, c.ih, c.iw, c.ic, w, c.k, c.k, c.oc, bias, c.stride, c.padding, c.depthwise)
			var b graphBuilder
			in := b.activation(1, c.ih, c.iw, c.ic)
			out := b.activation(1, oh, ow, c.oc)
			code := opConv2D
			if c.depthwise {
				code = opDepthwiseConv
			}
			b.op(operator{code: code, inputs: []int{in, b.constant(w, wShape...), b.constant(bias, c.oc)}, outputs: []int{out},
				strideW: c.stride, strideH: c.stride, padding: c.padding})
			final := out
			if c.fuseRelu {
				final = b.activation(1, oh, ow, c.oc)
				b.op(operator{code: opRelu, inputs: []int{out}, outputs: []int{final}})
				for i, v := range want {
					want[i] = max(v, 0)
				}
			}
			closeTo(t, b.run(t, in, final, x), want)
		})
	}
}

func TestTransposeConvolution(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	cases := []struct {
		name           string
		ih, iw, ic, oc int
		k, stride, pad int // pad: 1 SAME, 2 VALID (MediaPipe's encoding)
	}{
		{"2x2 stride 2 same, one output", 4, 5, 6, 1, 2, 2, 1},
		{"3x3 stride 2 valid, overlapping", 3, 4, 2, 3, 3, 2, 2},
		{"2x2 stride 2 same, 16 inputs", 6, 7, 16, 1, 2, 2, 1},
	}
	for _, vector := range []bool{true, false} {
		restore := useVectorKernel(vector)
		kernel := "portable"
		if vector && haveFMA {
			kernel = "vector"
		}
		for _, c := range cases {
			t.Run(kernel+"/"+c.name, func(t *testing.T) { testTransposeConvolution(t, r, c) })
		}
		restore()
	}
}

func testTransposeConvolution(t *testing.T, r *rand.Rand, c struct {
	name           string
	ih, iw, ic, oc int
	k, stride, pad int
}) {
	x, w, bias := random(r, c.ih*c.iw*c.ic), random(r, c.oc*c.k*c.k*c.ic), random(r, c.oc)
	oh, ow := c.ih*c.stride, c.iw*c.stride
	if c.pad == 2 {
		oh, ow = (c.ih-1)*c.stride+c.k, (c.iw-1)*c.stride+c.k
	}
	padT := max(0, ((c.ih-1)*c.stride+c.k-oh)/2)
	padL := max(0, ((c.iw-1)*c.stride+c.k-ow)/2)
	// Scatter every input pixel through the kernel.
	want := make([]float32, oh*ow*c.oc)
	for p := 0; p < oh*ow; p++ {
		copy(want[p*c.oc:], bias)
	}
	for iy := 0; iy < c.ih; iy++ {
		for ix := 0; ix < c.iw; ix++ {
			for ky := 0; ky < c.k; ky++ {
				for kx := 0; kx < c.k; kx++ {
					oy, ox := iy*c.stride-padT+ky, ix*c.stride-padL+kx
					if oy < 0 || ox < 0 || oy >= oh || ox >= ow {
						continue
					}
					for o := 0; o < c.oc; o++ {
						for i := 0; i < c.ic; i++ {
							want[(oy*ow+ox)*c.oc+o] += x[(iy*c.iw+ix)*c.ic+i] * w[((o*c.k+ky)*c.k+kx)*c.ic+i]
						}
					}
				}
			}
		}
	}
	opts := make([]byte, 12)
	binary.LittleEndian.PutUint32(opts[0:], uint32(c.pad))
	binary.LittleEndian.PutUint32(opts[4:], uint32(c.stride))
	binary.LittleEndian.PutUint32(opts[8:], uint32(c.stride))
	var b graphBuilder
	in := b.activation(1, c.ih, c.iw, c.ic)
	out := b.activation(1, oh, ow, c.oc)
	b.op(operator{code: opCustom, custom: "Convolution2DTransposeBias",
		inputs: []int{in, b.constant(w, c.oc, c.k, c.k, c.ic), b.constant(bias, c.oc)}, outputs: []int{out}, customOptions: opts})
	closeTo(t, b.run(t, in, out, x), want)
}

func TestResizeBilinearHalfPixel(t *testing.T) {
	// 1×2 → 1×4 with half-pixel centres: source positions −0.25, 0.25,
	// 0.75, 1.25 (clamped at the ends).
	var b graphBuilder
	in := b.activation(1, 1, 2, 1)
	out := b.activation(1, 1, 4, 1)
	b.op(operator{code: opResizeBilinear, inputs: []int{in, b.constant([]float32{1, 4}, 2)}, outputs: []int{out}, halfPixelCenters: true})
	closeTo(t, b.run(t, in, out, []float32{10, 20}), []float32{10, 12.5, 17.5, 20})

	// align_corners: 1×3 → 1×5 hits every source value exactly.
	b = graphBuilder{}
	in = b.activation(1, 1, 3, 1)
	out = b.activation(1, 1, 5, 1)
	b.op(operator{code: opResizeBilinear, inputs: []int{in, b.constant([]float32{1, 5}, 2)}, outputs: []int{out}, alignCorners: true})
	closeTo(t, b.run(t, in, out, []float32{0, 10, 30}), []float32{0, 5, 10, 20, 30})
}

func TestPoolingAndElementwise(t *testing.T) {
	x := []float32{1, -2, 3, 4, 5, -6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16} // 1×2×4×2
	t.Run("average pool 2x2 stride 2", func(t *testing.T) {
		var b graphBuilder
		in := b.activation(1, 2, 4, 2)
		out := b.activation(1, 1, 2, 2)
		b.op(operator{code: opAveragePool2D, inputs: []int{in}, outputs: []int{out}, filterW: 2, filterH: 2, strideW: 2, strideH: 2, padding: 1})
		// Window 1: pixels (0,0),(0,1),(1,0),(1,1); channel 0: 1,3,9,11.
		closeTo(t, b.run(t, in, out, x), []float32{6, 6, 10, 8})
	})
	t.Run("mean over height and width", func(t *testing.T) {
		var b graphBuilder
		in := b.activation(1, 2, 4, 2)
		out := b.activation(1, 1, 1, 2)
		b.op(operator{code: opMean, inputs: []int{in, b.constant([]float32{1, 2}, 2)}, outputs: []int{out}, keepDims: true})
		closeTo(t, b.run(t, in, out, x), []float32{8, 7})
	})
	t.Run("multiply by a per-channel vector, then hard swish", func(t *testing.T) {
		var b graphBuilder
		in := b.activation(1, 2, 4, 2)
		mid := b.activation(1, 2, 4, 2)
		out := b.activation(1, 2, 4, 2)
		b.op(operator{code: opMul, inputs: []int{in, b.constant([]float32{0.5, -1}, 1, 1, 1, 2)}, outputs: []int{mid}})
		b.op(operator{code: opHardSwish, inputs: []int{mid}, outputs: []int{out}})
		want := make([]float32, len(x))
		for i, v := range x {
			m := v * []float32{0.5, -1}[i%2]
			want[i] = m * min(max(m+3, 0), 6) / 6
		}
		closeTo(t, b.run(t, in, out, x), want)
	})
	t.Run("add, relu6 fused, logistic", func(t *testing.T) {
		var b graphBuilder
		in := b.activation(1, 2, 4, 2)
		mid := b.activation(1, 2, 4, 2)
		out := b.activation(1, 2, 4, 2)
		b.op(operator{code: opAdd, inputs: []int{in, b.constant(make([]float32, 16), 1, 2, 4, 2)}, outputs: []int{mid}, activation: actRelu6})
		b.op(operator{code: opLogistic, inputs: []int{mid}, outputs: []int{out}})
		want := make([]float32, len(x))
		for i, v := range x {
			want[i] = float32(1 / (1 + math.Exp(-float64(min(max(v, 0), 6)))))
		}
		closeTo(t, b.run(t, in, out, x), want)
	})
}

// Graphs the interpreter cannot run are refused with a typed error.
func TestUnsupportedGraphs(t *testing.T) {
	cases := map[string]func(b *graphBuilder) (in, out int){
		"unknown operator": func(b *graphBuilder) (int, int) {
			in, out := b.activation(1, 2, 2, 1), b.activation(1, 2, 2, 1)
			b.op(operator{code: 99, inputs: []int{in}, outputs: []int{out}})
			return in, out
		},
		"unknown custom operator": func(b *graphBuilder) (int, int) {
			in, out := b.activation(1, 2, 2, 1), b.activation(1, 2, 2, 1)
			b.op(operator{code: opCustom, custom: "Mystery", inputs: []int{in}, outputs: []int{out}})
			return in, out
		},
		"convolution output size disagrees": func(b *graphBuilder) (int, int) {
			in, out := b.activation(1, 4, 4, 1), b.activation(1, 3, 3, 1)
			b.op(operator{code: opConv2D, inputs: []int{in, b.constant([]float32{1}, 1, 1, 1, 1), b.constant([]float32{0}, 1)}, outputs: []int{out}})
			return in, out
		},
		"weights not constant": func(b *graphBuilder) (int, int) {
			in, out, w := b.activation(1, 2, 2, 1), b.activation(1, 2, 2, 1), b.activation(1, 1, 1, 1)
			b.op(operator{code: opConv2D, inputs: []int{in, w}, outputs: []int{out}})
			return in, out
		},
		"broadcast that does not fit": func(b *graphBuilder) (int, int) {
			in, out := b.activation(1, 2, 2, 3), b.activation(1, 2, 2, 3)
			b.op(operator{code: opAdd, inputs: []int{in, b.constant([]float32{1, 2}, 2)}, outputs: []int{out}})
			return in, out
		},
		"fused tanh": func(b *graphBuilder) (int, int) {
			in, out := b.activation(1, 2, 2, 1), b.activation(1, 2, 2, 1)
			b.op(operator{code: opAdd, inputs: []int{in, in}, outputs: []int{out}, activation: 4})
			return in, out
		},
	}
	for name, make := range cases {
		t.Run(name, func(t *testing.T) {
			var b graphBuilder
			in, out := make(&b)
			b.g.inputs, b.g.outputs = []int{in}, []int{out}
			_, err := build(&b.g)
			var e *Error
			if err == nil || !asError(err, &e) || e.MessageKey() != "blur.error.bad_model" {
				t.Fatalf("error %v, want a typed bad-model error", err)
			}
		})
	}
}

func asError(err error, target **Error) bool {
	e, ok := err.(*Error)
	if ok {
		*target = e
	}
	return ok
}

// The vector kernel (where the CPU has it) and the portable one agree.
func TestMatMulKernelsAgree(t *testing.T) {
	if !haveFMA {
		t.Skip("no AVX2/FMA on this CPU: only the portable kernel runs")
	}
	r := rand.New(rand.NewSource(3))
	for _, c := range []struct{ n, k, m int }{{4, 1, 8}, {7, 3, 16}, {9, 27, 16}, {13, 72, 24}, {1, 5, 8}, {8, 16, 72}, {5, 128, 32}} {
		x, wMK, bias := random(r, c.n*c.k), random(r, c.m*c.k), random(r, c.m)
		wKM := make([]float32, len(wMK))
		for o := 0; o < c.m; o++ {
			for i := 0; i < c.k; i++ {
				wKM[i*c.m+o] = wMK[o*c.k+i]
			}
		}
		want, got := make([]float32, c.n*c.m), make([]float32, c.n*c.m)
		matMulRows(x, wMK, bias, want, c.n, c.k, c.m)
		matMulRowsFMA(x, wKM, wMK, bias, got, c.n, c.k, c.m)
		closeTo(t, got, want)
	}
}

// The vector element-wise kernels (add, multiply, mean over pixels,
// interpolation, where the CPU has them) agree with the portable loops, and
// so does a whole RESIZE_BILINEAR with channels in multiples of eight.
func TestElementwiseKernelsAgree(t *testing.T) {
	if !haveFMA {
		t.Skip("no AVX2/FMA on this CPU: only the portable loops run")
	}
	r := rand.New(rand.NewSource(19))
	for _, c := range []struct{ pixels, c int }{{1, 8}, {3, 16}, {7, 24}, {5, 8}} {
		n := c.pixels * c.c
		x, y, same := random(r, n), random(r, c.c), random(r, n)
		for _, k := range []struct {
			name           string
			fast, portable func(x, y []float32, c int, out []float32)
			y              []float32
			period         int
		}{
			{"add, per channel", addFast, add, y, c.c},
			{"add, same shape", addFast, add, same, n},
			{"mul, per channel", mulFast, mul, y, c.c},
			{"mul, same shape", mulFast, mul, same, n},
		} {
			want, got := make([]float32, n), make([]float32, n)
			k.portable(x, k.y, k.period, want)
			k.fast(x, k.y, k.period, got)
			closeTo(t, got, want)
		}
		want, got := make([]float32, c.c), make([]float32, c.c)
		globalMean(x, c.pixels, c.c, want)
		globalMeanFast(x, c.pixels, c.c, got)
		closeTo(t, got, want)
		for _, f := range []float32{0, 0.25, 1} {
			out := make([]float32, n)
			lerpFast(x, same, out, f)
			want := make([]float32, n)
			for i := range want {
				want[i] = x[i] + (same[i]-x[i])*f
			}
			closeTo(t, out, want)
		}
	}
	for _, halfPixel := range []bool{true, false} {
		x := random(r, 3*5*16)
		var outs [2][]float32
		for i, vector := range []bool{true, false} {
			restore := useVectorKernel(vector)
			var b graphBuilder
			in := b.activation(1, 3, 5, 16)
			out := b.activation(1, 6, 10, 16)
			b.op(operator{code: opResizeBilinear, inputs: []int{in, b.constant([]float32{6, 10}, 2)}, outputs: []int{out}, halfPixelCenters: halfPixel})
			outs[i] = append([]float32(nil), b.run(t, in, out, x)...)
			restore()
		}
		closeTo(t, outs[0], outs[1])
	}
}

// logisticFast (the vector kernel where the CPU has it) and
// logisticPortable against math.Exp over the whole useful range and beyond.
func TestLogisticFast(t *testing.T) {
	var x []float32
	for v := float32(-120); v <= 120; v += 0.0137 {
		x = append(x, v)
	}
	x = append(x, -1e30, 1e30, 0)
	want := make([]float32, len(x))
	logistic(x, want)
	for name, f := range map[string]func(x, out []float32){"fast": logisticFast, "portable": logisticPortable} {
		got := make([]float32, len(x))
		f(x, got)
		for i := range x {
			d := math.Abs(float64(got[i] - want[i]))
			if d > 1e-7 || (math.Abs(float64(x[i])) <= 16 && d > 1e-6*float64(want[i])) {
				t.Fatalf("%s: logistic(%v) = %v, want %v", name, x[i], got[i], want[i])
			}
		}
	}
}
