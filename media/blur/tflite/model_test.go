package tflite

import (
	"errors"
	"math"
	"math/rand"
	"os"
	"testing"
)

func readModel(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../model/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParseSegmentationModels(t *testing.T) {
	cases := []struct {
		file    string
		in, out []int
	}{
		{"selfie_segmentation.tflite", []int{1, 256, 256, 3}, []int{1, 256, 256, 1}},
		{"selfie_segmentation_landscape.tflite", []int{1, 144, 256, 3}, []int{1, 144, 256, 1}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			ip, err := New(readModel(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if got := ip.InputShape(); !equalInts(got, c.in) {
				t.Errorf("input %v, want %v", got, c.in)
			}
			if got := ip.OutputShape(); !equalInts(got, c.out) {
				t.Errorf("output %v, want %v", got, c.out)
			}
			if len(ip.Input()) != c.in[1]*c.in[2]*c.in[3] || len(ip.Output()) != c.out[1]*c.out[2] {
				t.Errorf("buffer sizes %d, %d", len(ip.Input()), len(ip.Output()))
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Every damaged file gets a typed error and never a panic.
func TestCorruptModelsGiveTypedErrors(t *testing.T) {
	good := readModel(t, "selfie_segmentation.tflite")
	flip := func(at int) []byte {
		b := append([]byte(nil), good...)
		for i := at; i < at+16 && i < len(b); i++ {
			b[i] ^= 0xA5
		}
		return b
	}
	cases := map[string][]byte{
		"empty":         nil,
		"not tflite":    []byte("PK\x03\x04 this is a zip file, not a model"),
		"header only":   good[:8],
		"first 1 KB":    good[:1024],
		"half":          good[:len(good)/2],
		"all but last":  good[:len(good)-1],
		"root offset":   append(append([]byte{0xff, 0xff, 0xff, 0x7f}, good[4:8]...), good[8:]...),
		"flipped head":  flip(8),
		"flipped 1/4":   flip(len(good) / 4),
		"flipped tail":  flip(len(good) - 200),
		"flipped 3/4":   flip(3 * len(good) / 4),
		"flipped vtabl": flip(24),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			ip, err := New(data)
			if err == nil {
				// A flip inside weight data still makes a valid model:
				// then it must run without panicking.
				ip.Run()
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.MessageKey() != "blur.error.bad_model" {
				t.Fatalf("error %v (%T), want *Error with blur.error.bad_model", err, err)
			}
		})
	}
}

func TestHalfToFloat(t *testing.T) {
	cases := []struct {
		bits uint16
		want float32
	}{
		{0x0000, 0},
		{0x3c00, 1},
		{0xc000, -2},
		{0x3555, 0.333251953125},
		{0x7bff, 65504},
		{0x0001, 5.960464477539063e-08}, // smallest subnormal
		{0x03ff, 6.097555160522461e-05}, // largest subnormal
		{0x7c00, float32(math.Inf(1))},
	}
	for _, c := range cases {
		if got := halfToFloat(c.bits); got != c.want {
			t.Errorf("half %#04x = %v, want %v", c.bits, got, c.want)
		}
	}
}

// Random damage anywhere in the file: a typed error or a model that runs,
// never a panic or a runaway allocation.
func TestRandomlyDamagedModels(t *testing.T) {
	good := readModel(t, "selfie_segmentation_landscape.tflite")
	r := rand.New(rand.NewSource(11))
	runs := 0
	for i := range 150 {
		b := append([]byte(nil), good...)
		for range 1 + r.Intn(8) {
			b[r.Intn(len(b))] = byte(r.Intn(256))
		}
		ip, err := New(b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("mutation %d: untyped error %v", i, err)
			}
			continue
		}
		if runs < 10 { // running is slow; a few runs show damaged weights are harmless
			ip.Run()
			runs++
		}
	}
}
