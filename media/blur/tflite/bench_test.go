package tflite

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process used so far. Benchmarks report it
// per operation next to wall time: on a shared, overloaded machine the wall
// time also counts the time other processes held the core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

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
			start := cpuTime()
			for range b.N {
				ip.Run()
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}
