package session

import (
	"context"
	"image"
	"slices"
	"testing"
	"time"

	"github.com/ringlet/ringlet/app/ring"
	"github.com/ringlet/ringlet/media/janus/janustest"
)

// BenchmarkLinkToFirstFrame measures what a person waits for: from the
// pasted link to the first picture of someone already in the ring, on
// loopback against Debian's Janus. Run with -benchtime=20x for the median
// of 20 joins (see docs/bench/janus.md).
func BenchmarkLinkToFirstFrame(b *testing.B) {
	srv := janustest.StartT(b, janustest.Options{})
	heron := joinOther(b, srv, "Blue Heron")
	_ = heron
	linkText := srv.Link(1234)
	var samples []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		first := make(chan struct{}, 1)
		start := time.Now()
		l, err := ring.Parse(linkText)
		if err != nil {
			b.Fatal(err)
		}
		s := New(Options{Link: l, Pseudonym: "Stille Eule", TestPattern: true, NullSpeaker: true,
			OnFrame: func(string, *image.YCbCr) {
				select {
				case first <- struct{}{}:
				default:
				}
			}})
		events := collect(s)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := s.Join(ctx); err != nil {
			b.Fatal(err)
		}
		select {
		case <-first:
			samples = append(samples, time.Since(start))
		case <-ctx.Done():
			b.Fatal("no first frame")
		}
		b.StopTimer()
		_ = s.Leave(ctx)
		<-events.done
		cancel()
		b.StartTimer()
	}
	b.StopTimer()
	slices.Sort(samples)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(samples[len(samples)/2]), "median-ms")
	b.ReportMetric(ms(samples[0]), "min-ms")
	b.ReportMetric(ms(samples[len(samples)-1]), "max-ms")
	b.ReportMetric(0, "ns/op")
}
