package tflite

import "testing"

func BenchmarkInference(b *testing.B) {
	for _, name := range []string{"selfie_segmentation.tflite", "selfie_segmentation_landscape.tflite"} {
		b.Run(name, func(b *testing.B) {
			ip, err := New(readModel(b, name))
			if err != nil {
				b.Fatal(err)
			}
			for i := range ip.Input() {
				ip.Input()[i] = float32(i%255) / 255
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				ip.Run()
			}
		})
	}
}
