package e2ee

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"sync"
)

// RingSize is how many keys a key ring holds (livekit-client's default).
const RingSize = 16

// ivLength is the IV livekit-client writes (and the only one AES-GCM
// takes here).
const ivLength = 12

// tagLength is AES-GCM's authentication tag.
const tagLength = 16

// trailerLength is the IV length byte and the key index byte.
const trailerLength = 2

// Kind is what a frame carries; it decides how many bytes stay clear.
type Kind int

const (
	// VP8Key is a VP8 key frame: its 10-byte header stays clear.
	VP8Key Kind = iota + 1
	// VP8Delta is any other VP8 frame: 3 bytes stay clear.
	VP8Delta
	// Opus is an audio frame: its TOC byte stays clear.
	Opus
	// VP9 frames are encrypted whole.
	VP9
)

// clearBytes is how many leading bytes of a frame of this kind stay
// readable for the server.
func (k Kind) clearBytes() int {
	switch k {
	case VP8Key:
		return 10
	case VP8Delta:
		return 3
	case Opus:
		return 1
	}
	return 0
}

// KeyRing holds the keys of one ring (shared by everyone who has the
// passphrase), by index, and which one encrypts. Safe for concurrent use.
type KeyRing struct {
	mu      sync.RWMutex
	slots   [RingSize]*keySlot
	current uint8
}

type keySlot struct {
	material Material
	aead     cipher.AEAD
}

// NewKeyRing returns an empty key ring.
func NewKeyRing() *KeyRing { return &KeyRing{} }

// PassphraseRing is a key ring holding, at index 0, the key of a shared
// passphrase: the whole key setup of a ring whose link carries one.
func PassphraseRing(passphrase string) (*KeyRing, error) {
	m, err := FromPassphrase(passphrase)
	if err != nil {
		return nil, err
	}
	r := NewKeyRing()
	if err := r.SetKey(m, 0); err != nil {
		return nil, err
	}
	return r, nil
}

// SetKey derives the key at index from m and makes it the one that
// encrypts (a new key mid-call goes to a new index; frames under the old
// one can still be read).
func (r *KeyRing) SetKey(m Material, index int) error {
	slot, err := newSlot(m)
	if err != nil {
		return err
	}
	i := uint8(index % RingSize)
	r.mu.Lock()
	r.slots[i], r.current = slot, i
	r.mu.Unlock()
	return nil
}

// Ratchet replaces the key at index by its ratcheted successor, as every
// holder of the passphrase can, and makes it current.
func (r *KeyRing) Ratchet(index int) error {
	i := uint8(index % RingSize)
	r.mu.RLock()
	slot := r.slots[i]
	r.mu.RUnlock()
	if slot == nil {
		return ErrNoKey
	}
	next, err := slot.material.Ratchet()
	if err != nil {
		return err
	}
	return r.SetKey(next, int(i))
}

func newSlot(m Material) (*keySlot, error) {
	aead, err := m.aead()
	if err != nil {
		return nil, err
	}
	return &keySlot{material: m, aead: aead}, nil
}

func (r *KeyRing) slot(i uint8) *keySlot {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if int(i) >= RingSize {
		return nil
	}
	return r.slots[i]
}

func (r *KeyRing) currentSlot() (uint8, *keySlot) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.current, r.slots[r.current]
}

// replace puts a ratcheted key into slot i if it still holds old (another
// goroutine may have set a new key meanwhile).
func (r *KeyRing) replace(i uint8, old, next *keySlot) {
	r.mu.Lock()
	if r.slots[i] == old {
		r.slots[i], r.current = next, i
	}
	r.mu.Unlock()
}

// Encryptor encrypts the frames of one sender. Not safe for concurrent
// use: each track has its own.
type Encryptor struct {
	ring   *KeyRing
	counts map[uint32]uint32 // per SSRC, as livekit-client keeps them
	iv     [ivLength]byte
	// firstCount picks where a new SSRC's send counter starts: at random,
	// as livekit-client does (tests pin it to compare with its frames).
	firstCount func() uint32
}

// NewEncryptor encrypts with ring's current key.
func NewEncryptor(ring *KeyRing) *Encryptor {
	return &Encryptor{ring: ring, counts: map[uint32]uint32{}, firstCount: randomCount}
}

func randomCount() uint32 {
	var b [2]byte
	_, _ = rand.Read(b[:])
	return uint32(binary.BigEndian.Uint16(b[:])) % 0xffff
}

// Encrypt writes frame, encrypted, into dst (reusing its capacity) and
// returns it. ssrc and timestamp are the RTP SSRC and timestamp the frame
// will be sent with. With no key it returns ErrNoKey and nothing: a frame
// is never sent in the clear by mistake.
func (e *Encryptor) Encrypt(dst, frame []byte, kind Kind, ssrc, timestamp uint32) ([]byte, error) {
	index, slot := e.ring.currentSlot()
	if slot == nil {
		return dst[:0], ErrNoKey
	}
	count, ok := e.counts[ssrc]
	if !ok {
		count = e.firstCount()
	}
	e.counts[ssrc] = count + 1
	binary.BigEndian.PutUint32(e.iv[0:], ssrc)
	binary.BigEndian.PutUint32(e.iv[4:], timestamp)
	binary.BigEndian.PutUint32(e.iv[8:], timestamp-count%0xffff)

	clearLen := min(kind.clearBytes(), len(frame))
	out := append(dst[:0], frame[:clearLen]...)
	out = slot.aead.Seal(out, e.iv[:], frame[clearLen:], frame[:clearLen])
	out = append(out, e.iv[:]...)
	return append(out, ivLength, index), nil
}

// Decryptor reads the frames of one sender. Not safe for concurrent use.
type Decryptor struct {
	ring *KeyRing
	// RatchetWindow is how many ratchet steps ahead of its key a sender
	// may be (livekit-client: 8 for per-participant keys, 0 for a shared
	// passphrase, which LiveKit Meet uses).
	RatchetWindow int
	mismatches    int
}

// NewDecryptor reads frames encrypted under ring's keys.
func NewDecryptor(ring *KeyRing) *Decryptor { return &Decryptor{ring: ring} }

// MismatchesInARow counts frames in a row that no key opened: a few of
// them mean this sender's key is not ours.
func (d *Decryptor) MismatchesInARow() int { return d.mismatches }

// Decrypt writes frame, decrypted, into dst (reusing its capacity) and
// returns it. A frame it cannot read (truncated, forged, under another
// key) returns an error and nothing to play or show.
func (d *Decryptor) Decrypt(dst, frame []byte, kind Kind) ([]byte, error) {
	clearLen := kind.clearBytes()
	if len(frame) < clearLen+tagLength+ivLength+trailerLength {
		return dst[:0], ErrBadFrame
	}
	n := len(frame)
	index, ivLen := frame[n-1], int(frame[n-2])
	if ivLen != ivLength || int(index) >= RingSize {
		return dst[:0], ErrBadFrame
	}
	iv := frame[n-trailerLength-ivLength : n-trailerLength]
	header, sealed := frame[:clearLen], frame[clearLen:n-trailerLength-ivLength]
	slot := d.ring.slot(index)
	if slot == nil {
		d.mismatches++
		return dst[:0], ErrNoKey
	}
	out, err := slot.aead.Open(append(dst[:0], header...), iv, sealed, header)
	if err == nil {
		d.mismatches = 0
		return out, nil
	}
	if out, ok := d.ratchetAndOpen(index, slot, dst, header, iv, sealed); ok {
		d.mismatches = 0
		return out, nil
	}
	d.mismatches++
	return dst[:0], ErrKeyMismatch
}

// ratchetAndOpen tries the next RatchetWindow keys of slot's chain; the
// first that opens the frame takes the slot's place, as livekit-client
// does when a sender has ratcheted ahead.
func (d *Decryptor) ratchetAndOpen(index uint8, slot *keySlot, dst, header, iv, sealed []byte) ([]byte, bool) {
	m := slot.material
	for range d.RatchetWindow {
		next, err := m.Ratchet()
		if err != nil {
			return nil, false
		}
		candidate, err := newSlot(next)
		if err != nil {
			return nil, false
		}
		if out, err := candidate.aead.Open(append(dst[:0], header...), iv, sealed, header); err == nil {
			d.ring.replace(index, slot, candidate)
			return out, true
		}
		m = next
	}
	return nil, false
}
