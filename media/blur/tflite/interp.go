package tflite

import (
	"math"
)

// Interpreter runs one parsed model. Weights are widened and re-laid out
// once in New; every activation buffer is planned up front and shared
// between tensors whose lifetimes do not overlap, so Run allocates nothing.
// An Interpreter is not safe for concurrent use.
type Interpreter struct {
	steps  []func()
	values [][]float32 // per tensor: its buffer (activations) or contents (constants)
	shapes [][]int
	input  int
	output int
	inShape,
	outShape []int
}

// New parses a .tflite file and prepares it for running. It fails with a
// typed *Error for a corrupt file or any operator or layout it does not
// implement.
func New(model []byte) (*Interpreter, error) {
	g, err := parse(model)
	if err != nil {
		return nil, err
	}
	return build(g)
}

// build prepares a parsed graph for running.
func build(g *graph) (*Interpreter, error) {
	if len(g.inputs) != 1 || len(g.outputs) != 1 {
		return nil, badModel("%d inputs and %d outputs, want 1 and 1", len(g.inputs), len(g.outputs))
	}
	ip := &Interpreter{
		values: make([][]float32, len(g.tensors)),
		shapes: make([][]int, len(g.tensors)),
		input:  g.inputs[0],
		output: g.outputs[0],
	}
	for t, ti := range g.tensors {
		ip.shapes[t] = ti.shape
	}
	ip.inShape = g.tensors[ip.input].shape
	ip.outShape = g.tensors[ip.output].shape
	if len(ip.inShape) != 4 || ip.inShape[0] != 1 || len(ip.outShape) != 4 {
		return nil, badModel("input shape %v, want [1 H W C]", ip.inShape)
	}
	for _, t := range []int{ip.input, ip.output} {
		if g.tensors[t].typ != typeFloat32 || g.tensors[t].data != nil {
			return nil, badModel("input or output tensor is not a float32 activation")
		}
	}

	// Constants: tensors with data, and DEQUANTIZE outputs of constants.
	constant := make([]bool, len(g.tensors))
	for t, ti := range g.tensors {
		if ti.data != nil {
			constant[t] = true
		}
	}
	var run []operator
	for _, op := range g.ops {
		if op.code == opDequantize && len(op.inputs) == 1 && len(op.outputs) == 1 && constant[op.inputs[0]] {
			v, err := g.floats(op.inputs[0])
			if err != nil {
				return nil, err
			}
			out := op.outputs[0]
			if elements(g.tensors[out].shape) != len(v) {
				return nil, badModel("dequantize changes the element count")
			}
			ip.values[out] = v
			constant[out] = true
			continue
		}
		run = append(run, op)
	}
	constValue := func(t int) ([]float32, error) {
		if t < 0 || !constant[t] {
			return nil, badModel("tensor %d must be constant", t)
		}
		if ip.values[t] == nil {
			v, err := g.floats(t)
			if err != nil {
				return nil, err
			}
			ip.values[t] = v
		}
		return ip.values[t], nil
	}

	run = fuseActivations(g, run)
	if err := ip.planBuffers(g, run, constant); err != nil {
		return nil, err
	}
	for _, op := range run {
		step, err := ip.compile(g, op, constValue)
		if err != nil {
			return nil, err
		}
		ip.steps = append(ip.steps, step)
	}
	return ip, nil
}

// fuseActivations folds a RELU or HARD_SWISH into the convolution that
// feeds it when nothing else reads the convolution's result: one pass over
// memory instead of two.
func fuseActivations(g *graph, run []operator) []operator {
	readers := make([]int, len(g.tensors))
	producer := make([]int, len(g.tensors))
	for i := range producer {
		producer[i] = -1
	}
	for i, op := range run {
		for _, t := range op.inputs {
			if t >= 0 {
				readers[t]++
			}
		}
		for _, t := range op.outputs {
			producer[t] = i
		}
	}
	for _, t := range g.outputs {
		readers[t]++ // the caller reads it too
	}
	drop := make([]bool, len(run))
	for i, op := range run {
		var act int
		switch op.code {
		case opRelu:
			act = actRelu
		case opHardSwish:
			act = actHardSwish
		default:
			continue
		}
		if len(op.inputs) != 1 || len(op.outputs) != 1 {
			continue
		}
		t := op.inputs[0]
		p := producer[t]
		if p < 0 || readers[t] != 1 || drop[p] {
			continue
		}
		conv := &run[p]
		if (conv.code != opConv2D && conv.code != opDepthwiseConv) || conv.activation != actNone {
			continue
		}
		conv.activation = act
		conv.outputs = op.outputs
		producer[op.outputs[0]] = p
		drop[i] = true
	}
	kept := run[:0]
	for i, op := range run {
		if !drop[i] {
			kept = append(kept, op)
		}
	}
	return kept
}

// planBuffers gives every activation tensor a buffer. A buffer returns to
// the pool after the last operator reading it, and later tensors reuse a
// pooled buffer that is large enough.
func (ip *Interpreter) planBuffers(g *graph, run []operator, constant []bool) error {
	lastUse := make([]int, len(g.tensors))
	for i, op := range run {
		for _, t := range op.inputs {
			if t >= 0 {
				lastUse[t] = i
			}
		}
	}
	lastUse[ip.output] = len(run) // the caller reads it after the last step

	var pool [][]float32
	take := func(n int) []float32 {
		best := -1
		for i, b := range pool {
			if cap(b) >= n && (best < 0 || cap(b) < cap(pool[best])) {
				best = i
			}
		}
		if best < 0 {
			return make([]float32, n)
		}
		b := pool[best]
		pool = append(pool[:best], pool[best+1:]...)
		return b[:n]
	}
	activation := func(t int) error {
		ti := g.tensors[t]
		if ti.typ != typeFloat32 {
			return badModel("activation %q is not float32", ti.name)
		}
		ip.values[t] = take(elements(ti.shape))
		return nil
	}
	if err := activation(ip.input); err != nil {
		return err
	}
	for i, op := range run {
		for _, t := range op.outputs {
			if constant[t] || ip.values[t] != nil {
				return badModel("tensor %q written twice", g.tensors[t].name)
			}
			if err := activation(t); err != nil {
				return err
			}
		}
		for _, t := range op.inputs {
			if t >= 0 && !constant[t] {
				if ip.values[t] == nil {
					return badModel("operator reads tensor %q before it is written", g.tensors[t].name)
				}
				if lastUse[t] == i && t != ip.output {
					pool = append(pool, ip.values[t])
				}
			}
		}
	}
	return nil
}

// InputShape is the model's input shape, [1 H W C].
func (ip *Interpreter) InputShape() []int { return append([]int(nil), ip.inShape...) }

// OutputShape is the model's output shape.
func (ip *Interpreter) OutputShape() []int { return append([]int(nil), ip.outShape...) }

// Input is the input tensor (NHWC float32): write into it, then Run.
func (ip *Interpreter) Input() []float32 { return ip.values[ip.input] }

// Output is the output tensor after Run. It is overwritten by the next Run.
func (ip *Interpreter) Output() []float32 { return ip.values[ip.output] }

// Run executes the model on the current input.
func (ip *Interpreter) Run() {
	for _, s := range ip.steps {
		s()
	}
}

// nhwc checks a 4-D batch-1 shape and returns its H, W, C.
func nhwc(shape []int) (h, w, c int, ok bool) {
	if len(shape) != 4 || shape[0] != 1 {
		return 0, 0, 0, false
	}
	return shape[1], shape[2], shape[3], true
}

// samePadding returns the output size and the padding before the first
// element, as TensorFlow computes them.
func convGeometry(in, k, stride, dilation, padding int) (out, before int) {
	eff := (k-1)*dilation + 1
	if padding == 0 { // SAME
		out = (in + stride - 1) / stride
		total := max((out-1)*stride+eff-in, 0)
		return out, total / 2
	}
	return (in-eff)/stride + 1, 0
}

// compile turns one operator into a closure over its planned buffers.
func (ip *Interpreter) compile(g *graph, op operator, constValue func(int) ([]float32, error)) (func(), error) {
	if len(op.outputs) != 1 {
		return nil, badModel("operator %d has %d outputs", op.code, len(op.outputs))
	}
	outShape := g.tensors[op.outputs[0]].shape
	out := ip.values[op.outputs[0]]
	in := func(i int) ([]float32, []int, error) {
		if i >= len(op.inputs) || op.inputs[i] < 0 {
			return nil, nil, badModel("operator %d lacks input %d", op.code, i)
		}
		t := op.inputs[i]
		if ip.values[t] == nil {
			// A constant operand (say, a bias added element-wise).
			v, err := constValue(t)
			if err != nil {
				return nil, nil, err
			}
			return v, g.tensors[t].shape, nil
		}
		return ip.values[t], g.tensors[t].shape, nil
	}
	x, xShape, err := in(0)
	if err != nil {
		return nil, err
	}
	act, err := activationFunc(op.activation)
	if err != nil {
		return nil, err
	}

	switch op.code {
	case opConv2D, opDepthwiseConv:
		return ip.compileConv(op, x, xShape, out, outShape, act, constValue)
	case opCustom:
		if op.custom != "Convolution2DTransposeBias" {
			return nil, badModel("custom operator %q", op.custom)
		}
		return ip.compileTransposeConv(op, x, xShape, out, outShape, constValue)
	case opAveragePool2D:
		return compileAvgPool(op, x, xShape, out, outShape, act)
	case opMean:
		return compileMean(op, x, xShape, out, constValue)
	case opAdd, opMul:
		y, yShape, err := in(1)
		if err != nil {
			return nil, err
		}
		return compileBinary(op, x, xShape, y, yShape, out, act)
	case opRelu:
		return func() { copy(out, x); reluFast(out) }, sameSize(x, out)
	case opHardSwish:
		return func() { hardSwishFast(x, out) }, sameSize(x, out)
	case opLogistic:
		return func() { logisticFast(x, out) }, sameSize(x, out)
	case opReshape:
		return func() { copy(out, x) }, sameSize(x, out)
	case opResizeBilinear:
		return compileResize(op, x, xShape, out, outShape)
	}
	return nil, badModel("operator %d not implemented", op.code)
}

// compileMean is the global average over height and width, the only mean
// the selfie models use.
func compileMean(op operator, x []float32, xShape []int, out []float32, constValue func(int) ([]float32, error)) (func(), error) {
	if len(op.inputs) < 2 {
		return nil, badModel("mean without axes")
	}
	axes, err := constValue(op.inputs[1])
	if err != nil {
		return nil, err
	}
	h, w, c, ok := nhwc(xShape)
	if !ok || len(axes) != 2 || axes[0] != 1 || axes[1] != 2 || len(out) != c {
		return nil, badModel("mean over axes %v of %v", axes, xShape)
	}
	return func() { globalMeanFast(x, h*w, c, out) }, nil
}

// compileBinary is an element-wise add or multiply, the smaller operand
// broadcast per channel when the shapes differ.
func compileBinary(op operator, x []float32, xShape []int, y []float32, yShape []int, out []float32, act func([]float32)) (func(), error) {
	if elements(xShape) < elements(yShape) {
		x, y, xShape, yShape = y, x, yShape, xShape
	}
	if len(out) != len(x) {
		return nil, badModel("binary operator output size")
	}
	c := 0
	switch {
	case len(x) == len(y):
		c = len(x)
	case len(yShape) > 0 && len(y) == yShape[len(yShape)-1] && len(x)%len(y) == 0 && len(xShape) > 0 && xShape[len(xShape)-1] == len(y):
		c = len(y) // per-channel broadcast
	default:
		return nil, badModel("broadcast %v with %v", xShape, yShape)
	}
	if op.code == opAdd {
		return func() { addFast(x, y, c, out); act(out) }, nil
	}
	return func() { mulFast(x, y, c, out); act(out) }, nil
}

func sameSize(a, b []float32) error {
	if len(a) != len(b) {
		return badModel("element-wise operator changes the size")
	}
	return nil
}

func activationFunc(a int) (func([]float32), error) {
	switch a {
	case actNone:
		return func([]float32) {}, nil
	case actRelu:
		return reluFast, nil
	case actRelu6:
		return relu6, nil
	case actHardSwish:
		return func(v []float32) { hardSwishFast(v, v) }, nil
	}
	return nil, badModel("fused activation %d not implemented", a)
}

func relu(v []float32) {
	for i, x := range v {
		if x < 0 {
			v[i] = 0
		}
	}
}

func relu6(v []float32) {
	for i, x := range v {
		v[i] = min(max(x, 0), 6)
	}
}

func hardSwish(x, out []float32) {
	out = out[:len(x)]
	for i, v := range x {
		out[i] = v * min(max(v+3, 0), 6) * (1.0 / 6)
	}
}

func logistic(x, out []float32) {
	out = out[:len(x)]
	for i, v := range x {
		out[i] = float32(1 / (1 + math.Exp(-float64(v))))
	}
}

// logisticConsts are the constants of logisticPortable and of the vector
// kernel: −log2 e, the clamp of the exponent, ln 2, 1, and the Taylor
// coefficients of e^f from 1/2! to 1/8!.
var logisticConsts = [12]float32{-1.4426950408889634, -126, 126, 0.6931471805599453, 1,
	1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320}

// logisticPortable is logistic with e^−x computed in float32 as 2^k·e^f (k
// the integer nearest to −x·log2 e, |f| ≤ ln2/2, e^f by its Taylor series
// to the 8th power), as the vector kernel does it: off by less than 1e-7
// (the mask keeps 8 bits), relative error below 1e-6 for |x| ≤ 16.
// TestLogisticFast checks both.
func logisticPortable(x, out []float32) {
	c := &logisticConsts
	out = out[:len(x)]
	for i, v := range x {
		t := min(max(v*c[0], c[1]), c[2]) // e^−v = 2^t
		k := float32(math.RoundToEven(float64(t)))
		f := (t - k) * c[3]
		p := 1 + f*(1+f*(c[5]+f*(c[6]+f*(c[7]+f*(c[8]+f*(c[9]+f*(c[10]+f*c[11])))))))
		out[i] = 1 / (1 + p*math.Float32frombits(uint32(int32(k)+127)<<23))
	}
}

// add and mul combine x with y, where y repeats every c elements (c ==
// len(x) means same shape).
func add(x, y []float32, c int, out []float32) {
	for p := 0; p < len(x); p += c {
		xs, os := x[p:p+c], out[p:p+c]
		ys := y[:c]
		for i := range os {
			os[i] = xs[i] + ys[i]
		}
	}
}

func mul(x, y []float32, c int, out []float32) {
	for p := 0; p < len(x); p += c {
		xs, os := x[p:p+c], out[p:p+c]
		ys := y[:c]
		for i := range os {
			os[i] = xs[i] * ys[i]
		}
	}
}

func globalMean(x []float32, pixels, c int, out []float32) {
	clear(out)
	for p := 0; p < pixels; p++ {
		row := x[p*c : p*c+c]
		for i, v := range row {
			out[i] += v
		}
	}
	inv := 1 / float32(pixels)
	for i := range out {
		out[i] *= inv
	}
}
