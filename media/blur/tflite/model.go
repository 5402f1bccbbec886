// Package tflite runs small TensorFlow Lite models in pure Go: it parses the
// .tflite FlatBuffers file itself and implements exactly the float
// operators the embedded person segmentation model uses. It loads weights
// once (fp16 weights are widened at load), plans every buffer up front and
// allocates nothing per inference. On amd64 CPUs with AVX2 and FMA the
// convolutions use small assembly tile kernels; elsewhere the same work runs
// in portable Go.
package tflite

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/ringlet/ringlet/internal/keyerr"
)

// Error is a typed failure: a corrupt or unsupported model, or bad input.
// Key is an i18n message key; Detail says what exactly for developers.
type Error = keyerr.Error

func badModel(format string, args ...any) *Error {
	return &Error{Key: "blur.error.bad_model", Err: fmt.Errorf(format, args...)}
}

// Tensor types of the schema that this package reads.
const (
	typeFloat32 = 0
	typeFloat16 = 1
	typeInt32   = 2
)

// Builtin operator codes of the TFLite schema.
const (
	opAdd            = 0
	opAveragePool2D  = 1
	opConv2D         = 3
	opDepthwiseConv  = 4
	opDequantize     = 6
	opLogistic       = 14
	opMul            = 18
	opRelu           = 19
	opReshape        = 22
	opResizeBilinear = 23
	opCustom         = 32
	opMean           = 40
	opHardSwish      = 117
)

// Activation functions fused into an operator.
const (
	actNone  = 0
	actRelu  = 1
	actRelu6 = 3
	// actHardSwish is not in the schema: it marks a HARD_SWISH operator
	// fused into the convolution before it.
	actHardSwish = 100
)

// maxTensorElements bounds any one tensor (the largest of the segmentation
// models has 128·128·72 ≈ 1.2 M).
const maxTensorElements = 1 << 23

// tensorInfo is one tensor of the graph as the file describes it.
type tensorInfo struct {
	name  string
	shape []int
	typ   int
	data  []byte // constant contents, nil for activations
}

// operator is one node of the graph with its options decoded.
type operator struct {
	code    int
	custom  string
	inputs  []int
	outputs []int

	// Options (only those of the op's kind are set).
	padding              int // 0 SAME, 1 VALID (schema enum)
	strideW, strideH     int
	dilationW, dilationH int
	filterW, filterH     int
	depthMultiplier      int
	activation           int
	alignCorners         bool
	halfPixelCenters     bool
	keepDims             bool
	customOptions        []byte
}

// graph is a parsed model: the first subgraph, which is all these models
// have.
type graph struct {
	tensors []tensorInfo
	ops     []operator
	inputs  []int
	outputs []int
}

// parse reads a .tflite file.
func parse(data []byte) (*graph, error) {
	if len(data) < 8 || string(data[4:8]) != "TFL3" {
		return nil, badModel("not a TFLite file")
	}
	r := &reader{b: data}
	model := r.root()
	codes := r.fieldTables(model, 1)
	subgraphs := r.fieldTables(model, 2)
	buffers := r.fieldTables(model, 4)
	if r.err != nil {
		return nil, r.err
	}
	if len(subgraphs) != 1 {
		return nil, badModel("%d subgraphs, want 1", len(subgraphs))
	}
	opcodes := readOpcodes(r, codes)
	sg := subgraphs[0]
	g := &graph{inputs: r.fieldInts(sg, 1), outputs: r.fieldInts(sg, 2)}
	for _, t := range r.fieldTables(sg, 0) {
		ti, err := readTensor(r, t, buffers)
		if err != nil {
			return nil, err
		}
		g.tensors = append(g.tensors, ti)
	}
	for _, o := range r.fieldTables(sg, 3) {
		idx := int(r.fieldU32(o, 0, 0))
		if idx >= len(opcodes) {
			return nil, badModel("operator code %d of %d", idx, len(opcodes))
		}
		op := operator{
			code:          opcodes[idx].code,
			custom:        opcodes[idx].custom,
			inputs:        r.fieldInts(o, 1),
			outputs:       r.fieldInts(o, 2),
			customOptions: r.fieldBytes(o, 5),
			strideW:       1, strideH: 1, dilationW: 1, dilationH: 1, depthMultiplier: 1,
		}
		if opt, ok := r.fieldTable(o, 4); ok {
			decodeOptions(r, &op, opt)
		}
		g.ops = append(g.ops, op)
	}
	if r.err != nil {
		return nil, r.err
	}
	if err := g.checkReferences(); err != nil {
		return nil, err
	}
	return g, nil
}

// opcode is one entry of the model's operator code table.
type opcode struct {
	code   int
	custom string
}

func readOpcodes(r *reader, codes []table) []opcode {
	opcodes := make([]opcode, len(codes))
	for i, c := range codes {
		code := int(r.fieldI32(c, 3, 0))
		if dep := int(r.fieldU8(c, 0, 0)); dep > code {
			// Older files only fill the deprecated byte-sized field.
			code = dep
		}
		opcodes[i] = opcode{code: code, custom: r.fieldString(c, 1)}
	}
	return opcodes
}

// readTensor reads one tensor's shape, type, name and constant data, and
// bounds its size: a damaged shape must not ask for gigabytes.
func readTensor(r *reader, t table, buffers []table) (tensorInfo, error) {
	ti := tensorInfo{
		shape: r.fieldInts(t, 0),
		typ:   int(r.fieldU8(t, 1, 0)),
		name:  r.fieldString(t, 3),
	}
	if b := int(r.fieldU32(t, 2, 0)); b > 0 {
		if b >= len(buffers) {
			return ti, badModel("tensor %q names buffer %d of %d", ti.name, b, len(buffers))
		}
		ti.data = r.fieldBytes(buffers[b], 0)
	}
	n := 1
	for _, d := range ti.shape {
		if d < 0 || d > 1<<16 {
			return ti, badModel("tensor %q has dimension %d", ti.name, d)
		}
		// Bound the size before multiplying on.
		if n *= d; n > maxTensorElements {
			return ti, badModel("tensor %q has %v elements", ti.name, ti.shape)
		}
	}
	return ti, nil
}

// checkReferences makes sure every tensor an operator or the graph names
// exists.
func (g *graph) checkReferences() error {
	for _, op := range g.ops {
		for _, t := range append(append([]int(nil), op.inputs...), op.outputs...) {
			if t >= len(g.tensors) || t < -1 {
				return badModel("operator uses tensor %d of %d", t, len(g.tensors))
			}
		}
	}
	for _, t := range append(append([]int(nil), g.inputs...), g.outputs...) {
		if t < 0 || t >= len(g.tensors) {
			return badModel("graph input/output %d of %d", t, len(g.tensors))
		}
	}
	return nil
}

// decodeOptions reads the builtin options table of op (its layout depends
// on the operator kind).
func decodeOptions(r *reader, op *operator, t table) {
	switch op.code {
	case opConv2D:
		op.padding = int(r.fieldU8(t, 0, 0))
		op.strideW = int(r.fieldI32(t, 1, 1))
		op.strideH = int(r.fieldI32(t, 2, 1))
		op.activation = int(r.fieldU8(t, 3, 0))
		op.dilationW = int(r.fieldI32(t, 4, 1))
		op.dilationH = int(r.fieldI32(t, 5, 1))
	case opDepthwiseConv:
		op.padding = int(r.fieldU8(t, 0, 0))
		op.strideW = int(r.fieldI32(t, 1, 1))
		op.strideH = int(r.fieldI32(t, 2, 1))
		op.depthMultiplier = int(r.fieldI32(t, 3, 1))
		op.activation = int(r.fieldU8(t, 4, 0))
		op.dilationW = int(r.fieldI32(t, 5, 1))
		op.dilationH = int(r.fieldI32(t, 6, 1))
	case opAveragePool2D:
		op.padding = int(r.fieldU8(t, 0, 0))
		op.strideW = int(r.fieldI32(t, 1, 1))
		op.strideH = int(r.fieldI32(t, 2, 1))
		op.filterW = int(r.fieldI32(t, 3, 1))
		op.filterH = int(r.fieldI32(t, 4, 1))
		op.activation = int(r.fieldU8(t, 5, 0))
	case opAdd, opMul:
		op.activation = int(r.fieldU8(t, 0, 0))
	case opResizeBilinear:
		op.alignCorners = r.fieldU8(t, 2, 0) != 0
		op.halfPixelCenters = r.fieldU8(t, 3, 0) != 0
	case opMean:
		op.keepDims = r.fieldU8(t, 0, 0) != 0
	}
}

// floats returns the constant contents of tensor t as float32, widening
// fp16. It fails for activations and other types.
func (g *graph) floats(t int) ([]float32, error) {
	ti := g.tensors[t]
	n := elements(ti.shape)
	switch ti.typ {
	case typeFloat32:
		if len(ti.data) != 4*n {
			return nil, badModel("tensor %q holds %d bytes for %d floats", ti.name, len(ti.data), n)
		}
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(ti.data[4*i:]))
		}
		return out, nil
	case typeFloat16:
		if len(ti.data) != 2*n {
			return nil, badModel("tensor %q holds %d bytes for %d halves", ti.name, len(ti.data), n)
		}
		out := make([]float32, n)
		for i := range out {
			out[i] = halfToFloat(binary.LittleEndian.Uint16(ti.data[2*i:]))
		}
		return out, nil
	case typeInt32:
		if len(ti.data) != 4*n {
			return nil, badModel("tensor %q holds %d bytes for %d ints", ti.name, len(ti.data), n)
		}
		out := make([]float32, n)
		for i := range out {
			out[i] = float32(int32(binary.LittleEndian.Uint32(ti.data[4*i:])))
		}
		return out, nil
	}
	return nil, badModel("tensor %q has unsupported type %d", ti.name, ti.typ)
}

func elements(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
