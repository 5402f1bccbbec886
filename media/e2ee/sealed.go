package e2ee

// LooksSealed reports whether a frame ends like one in this format: an IV
// length byte of 12 and a key index below RingSize, after room for the
// clear header, the tag and the IV. Every encrypted frame does; a plain
// frame does by chance once in 4,096.
func LooksSealed(frame []byte, kind Kind) bool {
	n := len(frame)
	return n >= kind.clearBytes()+tagLength+ivLength+trailerLength &&
		frame[n-2] == ivLength && int(frame[n-1]) < RingSize
}

// SealedGuard protects a receiver that has no key from a sender that
// encrypts (a ring whose server does not require encryption, and a link
// without the key): libvpx would show such frames as garbage and libopus
// play them as noise. It drops a frame that looks sealed when it is the
// first, or when the one before looked sealed too. Every frame of an
// encrypting sender is dropped; of a plain sender only a first frame, once
// in 4,096, or two in a row, once in 16 million. One per sender and
// track; not safe for concurrent use.
type SealedGuard struct {
	started, lastSealed bool
}

// Drop reports whether frame is to be dropped.
func (g *SealedGuard) Drop(frame []byte, kind Kind) bool {
	sealed := LooksSealed(frame, kind)
	drop := sealed && (!g.started || g.lastSealed)
	g.started, g.lastSealed = true, sealed
	return drop
}
