package capture

import (
	"image"
	"math"

	"github.com/pion/mediadevices/pkg/io/audio"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/wave"
)

// transformInPlace hands each frame to fn. video.ToI420 runs first and
// returns I420 frames untouched, so cameras that already deliver I420 cost no
// copy; others are converted once, which the encoder would do anyway.
func transformInPlace(fn func(*image.YCbCr)) video.TransformFunc {
	return func(r video.Reader) video.Reader {
		return video.ReaderFunc(func() (image.Image, func(), error) {
			img, release, err := r.Read()
			if err != nil {
				return nil, release, err
			}
			if yc, ok := img.(*image.YCbCr); ok && yc.SubsampleRatio == image.YCbCrSubsampleRatio420 {
				fn(yc)
				return img, release, nil
			}
			// ToI420 ran first, so this is a frame the transform (the blur)
			// cannot see: sending it would show the room unblurred. Send
			// black of the same size instead.
			release()
			b := img.Bounds()
			black := image.NewYCbCr(b, image.YCbCrSubsampleRatio420)
			Blank(black)
			return black, func() {}, nil
		})
	}
}

// processAudio runs the filter, measures the level and applies mute.
func (s *Stream) processAudio(filter func([]float32)) audio.TransformFunc {
	var scratch []float32
	return func(r audio.Reader) audio.Reader {
		return audio.ReaderFunc(func() (wave.Audio, func(), error) {
			chunk, release, err := r.Read()
			if err != nil {
				return nil, release, err
			}
			var samples []float32
			switch a := chunk.(type) {
			case *wave.Float32Interleaved:
				samples = a.Data
				if filter != nil {
					filter(samples)
				}
			case *wave.Int16Interleaved:
				if cap(scratch) < len(a.Data) {
					scratch = make([]float32, len(a.Data))
				}
				samples = scratch[:len(a.Data)]
				for i, v := range a.Data {
					samples[i] = float32(v) / 32768
				}
				if filter != nil {
					filter(samples)
					for i, v := range samples {
						a.Data[i] = floatToInt16(v)
					}
				}
			}
			s.updateLevel(samples)
			if !s.Sending() {
				chunk = silence(chunk)
			}
			return chunk, release, nil
		})
	}
}

func floatToInt16(v float32) int16 {
	switch {
	case v >= 1:
		return math.MaxInt16
	case v <= -1:
		return math.MinInt16
	}
	return int16(v * 32767)
}

// silence clears the chunk in place, or replaces it by a silent one when its
// format cannot be edited: a muted microphone must never leak a sample.
func silence(chunk wave.Audio) wave.Audio {
	switch a := chunk.(type) {
	case *wave.Float32Interleaved:
		clear(a.Data)
		return a
	case *wave.Int16Interleaved:
		clear(a.Data)
		return a
	}
	return wave.NewInt16Interleaved(chunk.ChunkInfo())
}

// levelDecay lets the meter fall smoothly (about 10 dB per 100 ms at 20 ms
// chunks) instead of flickering.
const levelDecay = 0.7

func (s *Stream) updateLevel(samples []float32) {
	now := Level(samples)
	prev := s.InputLevel()
	if decayed := prev * levelDecay; decayed > now {
		now = decayed
	}
	s.levelBits.Store(math.Float64bits(now))
}

// Level maps the RMS of samples to 0..1 on a 60 dB scale: −60 dBFS and below
// is 0, full scale is 1. Meters use a log scale because loudness is heard so.
func Level(samples []float32) float64 {
	if len(samples) == 0 {
		return 0
	}
	var sum float64
	for _, v := range samples {
		sum += float64(v) * float64(v)
	}
	rms := math.Sqrt(sum / float64(len(samples)))
	if rms <= 0 {
		return 0
	}
	db := 20 * math.Log10(rms)
	l := (db + 60) / 60
	return math.Max(0, math.Min(1, l))
}
