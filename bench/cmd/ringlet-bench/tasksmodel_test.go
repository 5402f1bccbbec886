package main

import (
	"os"
	"slices"
	"testing"

	"github.com/ringlet/ringlet/media/blur/tflite"
)

// The model with metadata in front must still be the same network: Ringlet's
// own interpreter (which ignores metadata) loads both and gets the same
// mask from the same input.
func TestWithNormalizationKeepsTheNetwork(t *testing.T) {
	for _, name := range []string{"selfie_segmentation", "selfie_segmentation_landscape"} {
		orig, err := os.ReadFile("../../../media/blur/model/" + name + ".tflite")
		if err != nil {
			t.Fatal(err)
		}
		withMeta, err := withNormalization(orig, name)
		if err != nil {
			t.Fatal(err)
		}
		if out := os.Getenv("RINGLET_WRITE_TASKS_MODEL"); out != "" {
			_ = os.WriteFile(out+"/"+name+".tflite", withMeta, 0o644)
		}
		a, err := tflite.New(orig)
		if err != nil {
			t.Fatal(err)
		}
		b, err := tflite.New(withMeta)
		if err != nil {
			t.Fatalf("%s with metadata: %v", name, err)
		}
		for i := range a.Input() {
			v := float32(i%251) / 250
			a.Input()[i], b.Input()[i] = v, v
		}
		a.Run()
		b.Run()
		if !slices.Equal(a.Output(), b.Output()) {
			t.Errorf("%s: outputs differ", name)
		}
	}
}
