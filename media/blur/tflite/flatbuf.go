package tflite

import (
	"encoding/binary"
	"errors"
	"math"
)

// reader reads FlatBuffers tables from a byte slice with every offset
// checked. The first out-of-range access records an error and makes all
// later reads return zero values, so parsing code stays linear and a
// corrupt file can never index outside the buffer.
type reader struct {
	b   []byte
	err error
}

// table is the position of a FlatBuffers table; vt is its vtable.
type table struct {
	pos, vt, vtLen int
}

func (r *reader) fail(what string) {
	if r.err == nil {
		r.err = &Error{Key: "blur.error.bad_model", Err: errors.New(what)}
	}
}

func (r *reader) ok(pos, n int) bool {
	if r.err != nil {
		return false
	}
	if pos < 0 || n < 0 || pos > len(r.b)-n {
		r.fail("offset out of range")
		return false
	}
	return true
}

func (r *reader) u8(pos int) uint8 {
	if !r.ok(pos, 1) {
		return 0
	}
	return r.b[pos]
}

func (r *reader) u16(pos int) uint16 {
	if !r.ok(pos, 2) {
		return 0
	}
	return binary.LittleEndian.Uint16(r.b[pos:])
}

func (r *reader) u32(pos int) uint32 {
	if !r.ok(pos, 4) {
		return 0
	}
	return binary.LittleEndian.Uint32(r.b[pos:])
}

func (r *reader) i32(pos int) int32 { return int32(r.u32(pos)) }

// root returns the root table of the buffer.
func (r *reader) root() table { return r.tableAt(int(r.u32(0))) }

func (r *reader) tableAt(pos int) table {
	vt := pos - int(r.i32(pos))
	vtLen := int(r.u16(vt))
	if r.err == nil && (vtLen < 4 || !r.ok(vt, vtLen)) {
		r.fail("bad vtable")
		return table{}
	}
	return table{pos: pos, vt: vt, vtLen: vtLen}
}

// field returns the absolute position of field i, or 0 when absent.
func (r *reader) field(t table, i int) int {
	if r.err != nil {
		return 0
	}
	o := 4 + 2*i
	if o+2 > t.vtLen {
		return 0
	}
	off := int(r.u16(t.vt + o))
	if off == 0 {
		return 0
	}
	return t.pos + off
}

func (r *reader) fieldU8(t table, i int, def uint8) uint8 {
	if p := r.field(t, i); p != 0 {
		return r.u8(p)
	}
	return def
}

func (r *reader) fieldI32(t table, i int, def int32) int32 {
	if p := r.field(t, i); p != 0 {
		return r.i32(p)
	}
	return def
}

func (r *reader) fieldU32(t table, i int, def uint32) uint32 {
	if p := r.field(t, i); p != 0 {
		return r.u32(p)
	}
	return def
}

// fieldTable follows an offset field to a sub-table; ok is false when
// the field is absent.
func (r *reader) fieldTable(t table, i int) (table, bool) {
	p := r.field(t, i)
	if p == 0 {
		return table{}, false
	}
	return r.tableAt(p + int(r.u32(p))), r.err == nil
}

// vector returns the start of the elements and the length of a vector
// field whose elements are elemSize bytes wide.
func (r *reader) vector(t table, i, elemSize int) (start, n int) {
	p := r.field(t, i)
	if p == 0 {
		return 0, 0
	}
	v := p + int(r.u32(p))
	n = int(r.u32(v))
	if !r.ok(v+4, n*elemSize) || n > len(r.b) {
		return 0, 0
	}
	return v + 4, n
}

func (r *reader) fieldString(t table, i int) string {
	start, n := r.vector(t, i, 1)
	if n == 0 {
		return ""
	}
	return string(r.b[start : start+n])
}

func (r *reader) fieldBytes(t table, i int) []byte {
	start, n := r.vector(t, i, 1)
	if n == 0 {
		return nil
	}
	return r.b[start : start+n]
}

func (r *reader) fieldInts(t table, i int) []int {
	start, n := r.vector(t, i, 4)
	out := make([]int, n)
	for k := range out {
		out[k] = int(r.i32(start + 4*k))
	}
	return out
}

// fieldTables returns the tables of a vector-of-tables field.
func (r *reader) fieldTables(t table, i int) []table {
	start, n := r.vector(t, i, 4)
	out := make([]table, 0, n)
	for k := 0; k < n && r.err == nil; k++ {
		p := start + 4*k
		out = append(out, r.tableAt(p+int(r.u32(p))))
	}
	return out
}

// halfToFloat converts an IEEE 754 binary16 value.
func halfToFloat(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h & 0x3ff)
	switch {
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: normalise
		e := uint32(127 - 15 + 1)
		for frac&0x400 == 0 {
			frac <<= 1
			e--
		}
		frac &= 0x3ff
		return math.Float32frombits(sign | e<<23 | frac<<13)
	case exp == 0x1f:
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}
