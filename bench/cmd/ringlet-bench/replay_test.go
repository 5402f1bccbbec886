package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The IVF file written for the replaying publishers reads back through
// pion's ivfreader with every frame and the frame rate.
func TestIVFFileReadsBack(t *testing.T) {
	frames := [][]byte{{0x10, 0x02, 0x00}, {0x31}, bytes.Repeat([]byte{7}, 5000)}
	path := filepath.Join(t.TempDir(), "clip.ivf")
	if err := os.WriteFile(path, ivfFile(frames, 640, 480, 30), 0o644); err != nil {
		t.Fatal(err)
	}
	got, interval, err := readIVF(path)
	if err != nil {
		t.Fatal(err)
	}
	if interval != time.Second/30 {
		t.Errorf("frame interval %v, want 1/30 s", interval)
	}
	if len(got) != len(frames) {
		t.Fatalf("%d frames read back, want %d", len(got), len(frames))
	}
	for i := range frames {
		if !bytes.Equal(got[i], frames[i]) {
			t.Errorf("frame %d differs", i)
		}
	}
}
