package e2ee

import (
	"crypto/rand"
	"testing"
)

// Every frame an encryptor makes is dropped by a keyless receiver's
// guard; of random plain frames, almost none.
func TestSealedGuard(t *testing.T) {
	r := testRing(t, "Mond", 0)
	enc := NewEncryptor(r)
	var g SealedGuard
	for i := range 200 {
		frame := make([]byte, 40+i)
		_, _ = rand.Read(frame)
		sealed, err := enc.Encrypt(nil, frame, VP8Kind(frame), 1, uint32(i))
		if err != nil {
			t.Fatal(err)
		}
		if !g.Drop(sealed, VP8Kind(sealed)) {
			t.Fatalf("encrypted frame %d let through", i)
		}
	}
	var plain SealedGuard
	dropped := 0
	for range 100_000 {
		frame := make([]byte, 60)
		_, _ = rand.Read(frame)
		if plain.Drop(frame, Opus) {
			dropped++
		}
	}
	// Two plain frames in a row look sealed once in 16 million: with
	// 100,000 frames, more than a handful of drops means the guard is
	// wrong, not unlucky.
	if dropped > 3 {
		t.Fatalf("%d of 100,000 plain frames dropped", dropped)
	}
	// A plain frame that happens to end like a sealed one is let through
	// unless it is the first.
	odd := make([]byte, 60)
	odd[58], odd[59] = ivLength, 3
	var g2 SealedGuard
	if g2.Drop([]byte{1, 2, 3}, Opus) || g2.Drop(odd, Opus) {
		t.Fatal("one odd plain frame after a plain one was dropped")
	}
	var g3 SealedGuard
	if !g3.Drop(odd, Opus) {
		t.Fatal("a first frame that looks sealed was let through")
	}
}
