package e2ee

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"
)

type vector struct {
	Name, Secret, From, Kind string
	KeyIndex, Ratchets       int
	SSRC, Timestamp          uint32
	Plain, Encrypted         string
}

// loadVectors reads frames that livekit-client's own E2EE code encrypted
// (scripts/e2ee-reference/make-vectors.sh says how they were made).
func loadVectors(t *testing.T) []vector {
	t.Helper()
	b, err := os.ReadFile("testdata/livekit-client-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Vectors []vector }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Vectors) < 5 {
		t.Fatalf("%d vectors", len(f.Vectors))
	}
	return f.Vectors
}

func (v vector) kind() Kind {
	switch v.Kind {
	case "key":
		return VP8Key
	case "delta":
		return VP8Delta
	}
	return Opus
}

func (v vector) material(t *testing.T) Material {
	t.Helper()
	if v.From == "passphrase" {
		m, err := FromPassphrase(v.Secret)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	raw, _ := hex.DecodeString(v.Secret)
	m, err := FromBytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Ringlet encrypts exactly as livekit-client does (same bytes, given the
// same send counter), and reads what livekit-client encrypted: the
// passphrase and raw-key derivations, the IV, the clear bytes of VP8 key
// and delta frames and of Opus, key indexes, and ratcheted keys.
func TestKnownAnswersFromLivekitClient(t *testing.T) {
	type group struct {
		ring     *KeyRing
		enc      *Encryptor
		ratchets int
	}
	groups := map[string]*group{}
	for _, v := range loadVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			g := groups[v.From+v.Secret]
			if g == nil {
				g = &group{ring: NewKeyRing()}
				if err := g.ring.SetKey(v.material(t), v.KeyIndex); err != nil {
					t.Fatal(err)
				}
				g.enc = NewEncryptor(g.ring)
				g.enc.firstCount = func() uint32 { return 0 }
				groups[v.From+v.Secret] = g
			}
			for g.ratchets < v.Ratchets {
				if err := g.ring.Ratchet(v.KeyIndex); err != nil {
					t.Fatal(err)
				}
				g.ratchets++
			}
			plain, want := unhex(t, v.Plain), unhex(t, v.Encrypted)
			got, err := g.enc.Encrypt(nil, plain, v.kind(), v.SSRC, v.Timestamp)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("encrypted\n got %x\nwant %x", got, want)
			}
			// A reader who has the same key from the start reads it.
			reader := NewKeyRing()
			m := v.material(t)
			for range v.Ratchets {
				var err error
				if m, err = m.Ratchet(); err != nil {
					t.Fatal(err)
				}
			}
			if err := reader.SetKey(m, v.KeyIndex); err != nil {
				t.Fatal(err)
			}
			out, err := NewDecryptor(reader).Decrypt(nil, want, v.kind())
			if err != nil || !bytes.Equal(out, plain) {
				t.Fatalf("decrypted %x, %v; want %x", out, err, plain)
			}
		})
	}
}

func testRing(t testing.TB, passphrase string, index int) *KeyRing {
	t.Helper()
	m, err := FromPassphrase(passphrase)
	if err != nil {
		t.Fatal(err)
	}
	r := NewKeyRing()
	if err := r.SetKey(m, index); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRoundTripAndKeyChangeMidCall(t *testing.T) {
	sender, receiver := testRing(t, "eins", 0), testRing(t, "eins", 0)
	enc, dec := NewEncryptor(sender), NewDecryptor(receiver)
	frame := bytes.Repeat([]byte{0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a}, 50)
	sealed, err := enc.Encrypt(nil, frame, VP8Key, 1, 3000)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sealed[:10], frame[:10]) || bytes.Contains(sealed, frame[10:40]) {
		t.Fatal("the clear header or the encryption is wrong")
	}
	// A new key at index 1 mid-call: both sides learn it; frames sealed
	// under the old key that are still on their way can be read too.
	m2, _ := FromPassphrase("zwei")
	if err := sender.SetKey(m2, 1); err != nil {
		t.Fatal(err)
	}
	if err := receiver.SetKey(m2, 1); err != nil {
		t.Fatal(err)
	}
	sealed2, err := enc.Encrypt(nil, frame, VP8Delta, 1, 6000)
	if err != nil {
		t.Fatal(err)
	}
	if sealed2[len(sealed2)-1] != 1 {
		t.Fatalf("key index %d, want 1", sealed2[len(sealed2)-1])
	}
	for _, s := range [][]byte{sealed, sealed2} {
		kind := VP8Key
		if s[len(s)-1] == 1 {
			kind = VP8Delta
		}
		got, err := dec.Decrypt(nil, s, kind)
		if err != nil || !bytes.Equal(got, frame) {
			t.Fatalf("decrypt: %v", err)
		}
	}
}

func TestRatchetedSenderIsFollowedWithinTheWindow(t *testing.T) {
	sender, receiver := testRing(t, "eins", 2), testRing(t, "eins", 2)
	for range 3 {
		if err := sender.Ratchet(2); err != nil {
			t.Fatal(err)
		}
	}
	sealed, _ := NewEncryptor(sender).Encrypt(nil, []byte{0x78, 1, 2, 3, 4, 5}, Opus, 9, 960)
	strict := NewDecryptor(receiver)
	if _, err := strict.Decrypt(nil, sealed, Opus); !errors.Is(err, ErrKeyMismatch) {
		t.Fatalf("without a ratchet window: %v", err)
	}
	dec := NewDecryptor(receiver)
	dec.RatchetWindow = 8
	got, err := dec.Decrypt(nil, sealed, Opus)
	if err != nil || !bytes.Equal(got, []byte{0x78, 1, 2, 3, 4, 5}) {
		t.Fatalf("within the window: %x, %v", got, err)
	}
	// The receiver now holds the ratcheted key: the next frame opens
	// without ratcheting again.
	if _, err := strict.Decrypt(nil, sealed, Opus); err != nil {
		t.Fatalf("after catching up: %v", err)
	}
}

// Nothing that is not a whole frame under our key comes out: a wrong
// key, a changed header, a flipped bit, a cut frame, a bad trailer.
func TestBadFramesAreDropped(t *testing.T) {
	ring := testRing(t, "eins", 0)
	frame := bytes.Repeat([]byte{0x10, 0x20, 0x30}, 40)
	sealed, _ := NewEncryptor(ring).Encrypt(nil, frame, VP8Key, 7, 90)
	mutate := func(f func([]byte) []byte) []byte { return f(append([]byte(nil), sealed...)) }
	cases := map[string]struct {
		frame []byte
		want  error
	}{
		"wrong key":       {sealed, ErrKeyMismatch},
		"header changed":  {mutate(func(b []byte) []byte { b[0] ^= 1; return b }), ErrKeyMismatch},
		"ciphertext flip": {mutate(func(b []byte) []byte { b[20] ^= 0x80; return b }), ErrKeyMismatch},
		"truncated":       {sealed[:len(sealed)-5], ErrBadFrame},
		"too short":       {sealed[:20], ErrBadFrame},
		"empty":           {nil, ErrBadFrame},
		"iv length 16":    {mutate(func(b []byte) []byte { b[len(b)-2] = 16; return b }), ErrBadFrame},
		"key index 200":   {mutate(func(b []byte) []byte { b[len(b)-1] = 200; return b }), ErrBadFrame},
		"unknown index":   {mutate(func(b []byte) []byte { b[len(b)-1] = 5; return b }), ErrNoKey},
	}
	for name, c := range cases {
		r := ring
		if name == "wrong key" {
			r = testRing(t, "falsch", 0)
		}
		dec := NewDecryptor(r)
		got, err := dec.Decrypt(nil, c.frame, VP8Key)
		if !errors.Is(err, c.want) || len(got) != 0 {
			t.Errorf("%s: %x, %v; want nothing and %v", name, got, err, c.want)
		}
	}
	dec := NewDecryptor(testRing(t, "falsch", 0))
	for range 3 {
		_, _ = dec.Decrypt(nil, sealed, VP8Key)
	}
	if dec.MismatchesInARow() != 3 {
		t.Errorf("%d mismatches in a row counted, want 3", dec.MismatchesInARow())
	}
}

func TestNothingIsSentWithoutAKey(t *testing.T) {
	out, err := NewEncryptor(NewKeyRing()).Encrypt(nil, []byte{1, 2, 3}, Opus, 1, 1)
	if !errors.Is(err, ErrNoKey) || len(out) != 0 {
		t.Fatalf("%x, %v", out, err)
	}
	if _, err := FromPassphrase(""); !errors.Is(err, ErrEmptySecret) {
		t.Fatal("an empty passphrase was taken")
	}
}

func TestNoAllocationPerFrame(t *testing.T) {
	ring := testRing(t, "eins", 0)
	enc, dec := NewEncryptor(ring), NewDecryptor(ring)
	frame := make([]byte, 1200)
	sealed, _ := enc.Encrypt(nil, frame, VP8Delta, 1, 0)
	out := make([]byte, 0, 2048)
	plain := make([]byte, 0, 2048)
	allocs := testing.AllocsPerRun(200, func() {
		s, _ := enc.Encrypt(out, frame, VP8Delta, 1, 90)
		_, _ = dec.Decrypt(plain, s, VP8Delta)
	})
	if allocs != 0 {
		t.Fatalf("%.1f allocations per frame", allocs)
	}
	_ = sealed
}

func BenchmarkEncryptVP8Frame(b *testing.B) {
	ring := testRing(b, "eins", 0)
	enc := NewEncryptor(ring)
	frame := make([]byte, 4000) // a 640×480 VP8 delta frame at 1 Mbit/s, 30 fps
	out := make([]byte, 0, 4096)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for i := range b.N {
		out, _ = enc.Encrypt(out, frame, VP8Delta, 1, uint32(i))
	}
}

func BenchmarkDecryptVP8Frame(b *testing.B) {
	ring := testRing(b, "eins", 0)
	frame := make([]byte, 4000)
	sealed, _ := NewEncryptor(ring).Encrypt(nil, frame, VP8Delta, 1, 0)
	dec := NewDecryptor(ring)
	out := make([]byte, 0, 4096)
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for range b.N {
		out, _ = dec.Decrypt(out, sealed, VP8Delta)
	}
}

func FuzzDecrypt(f *testing.F) {
	ring := testRing(f, "eins", 0)
	enc := NewEncryptor(ring)
	enc.firstCount = func() uint32 { return 0 } // the same frame in every fuzzing process
	sealed, _ := enc.Encrypt(nil, []byte("0123456789abcdefghij"), VP8Key, 1, 2)
	f.Add(sealed, uint8(VP8Key))
	f.Add([]byte{}, uint8(Opus))
	f.Add(make([]byte, 40), uint8(VP8Delta))
	f.Fuzz(func(t *testing.T, frame []byte, kind uint8) {
		dec := NewDecryptor(ring)
		dec.RatchetWindow = 1
		out, err := dec.Decrypt(nil, frame, Kind(kind%5))
		if err != nil && len(out) != 0 {
			t.Fatalf("a failed frame gave %d bytes", len(out))
		}
		if err == nil && !bytes.Equal(frame, sealed) {
			t.Fatalf("a frame we never sealed opened: %x", frame)
		}
	})
}
