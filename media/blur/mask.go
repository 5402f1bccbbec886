package blur

// Mask is a person probability map covering the whole frame: Pix[y*W+x] is
// 0 for certain background and 255 for certain person. A mask may have any
// size and aspect; it is stretched over the frame it belongs to.
type Mask struct {
	W, H int
	Pix  []uint8
}

// NewMask allocates an all-background mask.
func NewMask(w, h int) Mask {
	if w < 0 {
		w = 0
	}
	if h < 0 {
		h = 0
	}
	return Mask{W: w, H: h, Pix: make([]uint8, w*h)}
}

// valid reports whether Pix holds W×H values.
func (m Mask) valid() bool {
	return m.W > 0 && m.H > 0 && len(m.Pix) >= m.W*m.H
}

// At returns the mask value at the frame position (x, y) of a w×h frame,
// nearest neighbour. It is meant for measuring, not for hot loops.
func (m Mask) At(x, y, w, h int) uint8 {
	if !m.valid() || w <= 0 || h <= 0 {
		return 0
	}
	mx := x * m.W / w
	my := y * m.H / h
	if mx >= m.W {
		mx = m.W - 1
	}
	if my >= m.H {
		my = m.H - 1
	}
	if mx < 0 {
		mx = 0
	}
	if my < 0 {
		my = 0
	}
	return m.Pix[my*m.W+mx]
}

// resampleInto stretches src over dst with bilinear filtering. Both are
// assumed valid; dst keeps its own size.
func resampleInto(dst []uint8, dw, dh int, src Mask) {
	for y := 0; y < dh; y++ {
		sy := (float32(y)+0.5)*float32(src.H)/float32(dh) - 0.5
		y0, fy := splitCoord(sy, src.H)
		y1 := y0 + 1
		if y1 >= src.H {
			y1 = src.H - 1
		}
		r0 := src.Pix[y0*src.W : y0*src.W+src.W]
		r1 := src.Pix[y1*src.W : y1*src.W+src.W]
		out := dst[y*dw : y*dw+dw]
		for x := range out {
			sx := (float32(x)+0.5)*float32(src.W)/float32(dw) - 0.5
			x0, fx := splitCoord(sx, src.W)
			x1 := x0 + 1
			if x1 >= src.W {
				x1 = src.W - 1
			}
			top := int32(r0[x0])*(256-fx) + int32(r0[x1])*fx
			bot := int32(r1[x0])*(256-fx) + int32(r1[x1])*fx
			out[x] = uint8((top*(256-fy) + bot*fy + 1<<15) >> 16)
		}
	}
}

// splitCoord clamps a source coordinate into [0, n-1] and splits it into an
// integer index and an 8-bit fraction.
func splitCoord(s float32, n int) (int, int32) {
	if s <= 0 {
		return 0, 0
	}
	if s >= float32(n-1) {
		return n - 1, 0
	}
	i := int(s)
	return i, int32((s - float32(i)) * 256)
}

// smoothTowards moves the running mask prev part of the way towards fresh
// (an exponential moving average), so a mask that jitters between frames
// does not make the edge flicker. A pixel turning into background moves
// faster (45 %) than one turning into person (30 %), so a person who moves
// away uncovers blur, not a sharp ghost of the room.
func smoothTowards(prev, fresh []uint8) {
	for i, n := range fresh {
		p := int32(prev[i])
		d := int32(n) - p
		if d < 0 {
			prev[i] = uint8(p + (d*115)>>8)
		} else {
			prev[i] = uint8(p + (d*77+255)>>8)
		}
	}
}
