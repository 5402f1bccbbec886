package e2ee

// VP8Kind tells a VP8 key frame from a delta frame by bit 0 of its frame
// tag (RFC 6386, section 9.1), which stays readable in an encrypted frame
// too: the receiver needs it to know how many bytes were left clear.
func VP8Kind(frame []byte) Kind {
	if len(frame) > 0 && frame[0]&0x01 == 0 {
		return VP8Key
	}
	return VP8Delta
}
