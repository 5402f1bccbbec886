package main

import (
	"encoding/binary"
	"errors"
	"math"
)

// MediaPipe's ImageSegmenter (npm @mediapipe/tasks-vision) refuses a model
// with a float input unless TFLite metadata says how to scale the pixels,
// and the selfie segmentation models on npm (the very files Ringlet embeds)
// carry none. withNormalization gives a model that metadata, so the browser
// runs the same network Ringlet runs, with inputs scaled to [0, 1] as
// Ringlet scales them. The model's own bytes are kept unchanged; a new root
// table in front of them points into them (FlatBuffers offsets point
// forward), adding one buffer and one "TFLITE_METADATA" entry.

// The fields used here, numbered as in TFLite's schema.fbs.
const (
	modelVersion, modelOperatorCodes, modelSubgraphs, modelDescription   = 0, 1, 2, 3
	modelBuffers, modelMetadataBuffer, modelMetadata, modelSignatureDefs = 4, 5, 6, 7
	modelFields                                                          = 8
)

// fbWriter lays out FlatBuffers front to back: a referrer is written before
// what it refers to, and its offset is patched once the target is placed.
type fbWriter struct{ b []byte }

func (w *fbWriter) pad(align int) {
	for len(w.b)%align != 0 {
		w.b = append(w.b, 0)
	}
}

func (w *fbWriter) u32(v uint32) int {
	w.pad(4)
	at := len(w.b)
	w.b = binary.LittleEndian.AppendUint32(w.b, v)
	return at
}

// patch points the offset slot at to target (which must lie after it).
func (w *fbWriter) patch(at, target int) {
	binary.LittleEndian.PutUint32(w.b[at:], uint32(target-at))
}

// field is one table field: a scalar, or a reference patched later.
type field struct {
	present bool
	value   uint32 // scalars (bytes are stored in a 4-byte slot)
}

// table writes a vtable and a table of len(fields) 4-byte slots and returns
// its position and the absolute position of each slot (0 for absent
// fields).
func (w *fbWriter) table(fields []field) (pos int, slots []int) {
	w.pad(4)
	vt := len(w.b)
	w.b = binary.LittleEndian.AppendUint16(w.b, uint16(4+2*len(fields)))
	w.b = binary.LittleEndian.AppendUint16(w.b, uint16(4+4*len(fields)))
	for i, f := range fields {
		off := 0
		if f.present {
			off = 4 + 4*i
		}
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(off))
	}
	w.pad(4)
	t := len(w.b)
	w.b = binary.LittleEndian.AppendUint32(w.b, uint32(int32(t-vt)))
	slots = make([]int, len(fields))
	for i, f := range fields {
		if f.present {
			slots[i] = len(w.b)
		}
		w.b = binary.LittleEndian.AppendUint32(w.b, f.value)
	}
	return t, slots
}

func (w *fbWriter) str(s string) int {
	at := w.u32(uint32(len(s)))
	w.b = append(append(w.b, s...), 0)
	return at
}

func (w *fbWriter) floats(v ...float32) int {
	at := w.u32(uint32(len(v)))
	for _, f := range v {
		w.b = binary.LittleEndian.AppendUint32(w.b, math.Float32bits(f))
	}
	return at
}

// refs writes a vector of n references and returns the slots to patch.
func (w *fbWriter) refs(n int) []int {
	w.u32(uint32(n))
	slots := make([]int, n)
	for i := range slots {
		slots[i] = w.u32(0)
	}
	return slots
}

var (
	present = field{present: true}
	absent  = field{}
)

func scalar(v uint32) field { return field{present: true, value: v} }

// normalizationMetadata is a ModelMetadata buffer (metadata_schema.fbs,
// identifier M001) for one RGB image input scaled by (x − 0) / 255.
func normalizationMetadata(name string) []byte {
	w := &fbWriter{}
	root := w.u32(0)
	w.b = append(w.b, "M001"...)
	// ModelMetadata: name, description, version, subgraph_metadata, author,
	// license, associated_files, min_parser_version.
	mmAt, mm := w.table([]field{present, absent, absent, present, absent, absent, absent, present})
	w.patch(root, mmAt)
	w.patch(mm[0], w.str(name))
	w.patch(mm[7], w.str("1.0.0"))
	sgs := w.refs(1)
	w.patch(mm[3], sgs[0]-4)
	// SubGraphMetadata: name, description, input_tensor_metadata.
	sgAt, sg := w.table([]field{absent, absent, present})
	w.patch(sgs[0], sgAt)
	inputs := w.refs(1)
	w.patch(sg[2], inputs[0]-4)
	// TensorMetadata: name, description, dimension_names, content, process_units.
	tmAt, tm := w.table([]field{present, absent, absent, present, present})
	w.patch(inputs[0], tmAt)
	w.patch(tm[0], w.str("image"))
	// Content: content_properties (type 2 = ImageProperties, value).
	contentAt, content := w.table([]field{scalar(2), present})
	w.patch(tm[3], contentAt)
	imageAt, _ := w.table([]field{scalar(1)}) // ImageProperties: color_space RGB
	w.patch(content[1], imageAt)
	units := w.refs(1)
	w.patch(tm[4], units[0]-4)
	// ProcessUnit: options (type 1 = NormalizationOptions, value).
	unitAt, unit := w.table([]field{scalar(1), present})
	w.patch(units[0], unitAt)
	normAt, norm := w.table([]field{present, present}) // mean, std
	w.patch(unit[1], normAt)
	w.patch(norm[0], w.floats(0))
	w.patch(norm[1], w.floats(255))
	return w.b
}

// fbTable is a table of an existing buffer: its position and its fields'
// positions (0: absent).
func readTable(b []byte, pos, n int) ([]int, error) {
	if pos < 0 || pos+4 > len(b) {
		return nil, errors.New("table out of range")
	}
	vt := pos - int(int32(binary.LittleEndian.Uint32(b[pos:])))
	if vt < 0 || vt+4 > len(b) {
		return nil, errors.New("vtable out of range")
	}
	vtLen := int(binary.LittleEndian.Uint16(b[vt:]))
	out := make([]int, n)
	for i := range out {
		if 4+2*i+2 > vtLen || vt+4+2*i+2 > len(b) {
			continue
		}
		if off := int(binary.LittleEndian.Uint16(b[vt+4+2*i:])); off != 0 {
			out[i] = pos + off
		}
	}
	return out, nil
}

// deref follows the offset stored at pos.
func deref(b []byte, pos int) int { return pos + int(binary.LittleEndian.Uint32(b[pos:])) }

// vectorRefs returns the targets of a vector of references at pos.
func vectorRefs(b []byte, pos int) ([]int, error) {
	if pos+4 > len(b) {
		return nil, errors.New("vector out of range")
	}
	n := int(binary.LittleEndian.Uint32(b[pos:]))
	if n < 0 || pos+4+4*n > len(b) {
		return nil, errors.New("vector out of range")
	}
	out := make([]int, n)
	for i := range out {
		out[i] = deref(b, pos+4+4*i)
	}
	return out, nil
}

// withNormalization returns model (a TFLite flatbuffer without metadata)
// with normalizationMetadata added, under a new root placed in front.
func withNormalization(model []byte, name string) ([]byte, error) {
	if len(model) < 8 || string(model[4:8]) != "TFL3" {
		return nil, errors.New("not a TFLite model")
	}
	old, err := readTable(model, int(binary.LittleEndian.Uint32(model)), modelFields)
	if err != nil {
		return nil, err
	}
	if old[modelBuffers] == 0 || old[modelSubgraphs] == 0 {
		return nil, errors.New("model without buffers or subgraphs")
	}
	buffers, err := vectorRefs(model, deref(model, old[modelBuffers]))
	if err != nil {
		return nil, err
	}
	var metadata []int
	if old[modelMetadata] != 0 {
		if metadata, err = vectorRefs(model, deref(model, old[modelMetadata])); err != nil {
			return nil, err
		}
	}

	w := &fbWriter{}
	root := w.u32(0)
	w.b = append(w.b, "TFL3"...)
	fields := make([]field, modelFields)
	for i, at := range old {
		if at != 0 {
			fields[i] = present
		}
	}
	fields[modelBuffers], fields[modelMetadata] = present, present
	if old[modelVersion] != 0 {
		fields[modelVersion] = scalar(binary.LittleEndian.Uint32(model[old[modelVersion]:]))
	}
	mtAt, mt := w.table(fields)
	w.patch(root, mtAt)
	// References into the old model, which follows the prefix unchanged.
	var intoOld []struct{ slot, target int }
	for _, i := range []int{modelOperatorCodes, modelSubgraphs, modelDescription, modelMetadataBuffer, modelSignatureDefs} {
		if old[i] != 0 {
			intoOld = append(intoOld, struct{ slot, target int }{mt[i], deref(model, old[i])})
		}
	}
	bufs := w.refs(len(buffers) + 1)
	w.patch(mt[modelBuffers], bufs[0]-4)
	for i, t := range buffers {
		intoOld = append(intoOld, struct{ slot, target int }{bufs[i], t})
	}
	metas := w.refs(len(metadata) + 1)
	w.patch(mt[modelMetadata], metas[0]-4)
	for i, t := range metadata {
		intoOld = append(intoOld, struct{ slot, target int }{metas[i], t})
	}
	// Metadata: name, buffer (index of the new buffer).
	entryAt, entry := w.table([]field{present, scalar(uint32(len(buffers)))})
	w.patch(metas[len(metadata)], entryAt)
	w.patch(entry[0], w.str("TFLITE_METADATA"))
	// Buffer: data, aligned to 16 like the converter's.
	bufAt, buf := w.table([]field{present})
	w.patch(bufs[len(buffers)], bufAt)
	meta := normalizationMetadata(name)
	for (len(w.b)+4)%16 != 0 {
		w.b = append(w.b, 0)
	}
	w.patch(buf[0], w.u32(uint32(len(meta))))
	w.b = append(w.b, meta...)
	w.pad(16)
	base := len(w.b)
	for _, r := range intoOld {
		w.patch(r.slot, base+r.target)
	}
	return append(w.b, model...), nil
}
