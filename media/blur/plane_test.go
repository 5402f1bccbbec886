package blur

import (
	"math/rand"
	"testing"
)

// boxLine against a plain sliding average with the border repeated.
func TestBoxLineMatchesPlainAverage(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, c := range []struct{ n, radius int }{{1, 1}, {2, 3}, {5, 1}, {17, 4}, {160, 6}, {7, 20}} {
		line := make([]uint8, c.n)
		for i := range line {
			line[i] = uint8(r.Intn(256))
		}
		want := make([]uint8, c.n)
		for i := range want {
			var sum int
			for k := i - c.radius; k <= i+c.radius; k++ {
				sum += int(line[min(max(k, 0), c.n-1)])
			}
			w := 2*c.radius + 1
			want[i] = uint8((sum + w/2) / w)
		}
		got := append([]uint8(nil), line...)
		boxLine(got, 1, c.n, c.radius, make([]uint8, c.n+2*c.radius+1))
		for i := range got {
			if d := int(got[i]) - int(want[i]); d < -1 || d > 1 {
				t.Fatalf("n=%d r=%d: value %d is %d, want %d", c.n, c.radius, i, got[i], want[i])
			}
		}
	}
}

// The vector composite kernel (where the CPU has it) gives the portable
// loop's result bit for bit, on random rows of every length up to 40.
func TestCompositeKernelsAgree(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2 on this CPU: only the portable loop runs")
	}
	r := rand.New(rand.NewSource(11))
	u16 := func(n int) []uint16 {
		v := make([]uint16, n)
		for i := range v {
			v[i] = uint16(r.Intn(255*256 + 1))
		}
		return v
	}
	person := func(v []uint16, from, to int) []uint16 {
		for i := from; i < min(to, len(v)); i++ {
			v[i] = 255 * 256
		}
		return v
	}
	for n := 1; n <= 40; n++ {
		for _, fy := range []uint32{0, 1, 77, 128, 255, 256} {
			// Sure person over a stretch of both alpha rows (skipped by
			// the vector kernel), and over a stretch of one only.
			b0, b1 := u16(n), u16(n)
			a0, a1 := person(u16(n), 3, 20), person(u16(n), 0, 17)
			a0 = person(a0, 24, 30)
			row := make([]uint8, n)
			for i := range row {
				row[i] = uint8(r.Intn(256))
			}
			want := append([]uint8(nil), row...)
			compositeRow(want, b0, b1, a0, a1, fy)
			got := append([]uint8(nil), row...)
			compositeRowFast(got, b0, b1, a0, a1, fy)
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("n=%d fy=%d: pixel %d is %d, want %d", n, fy, i, got[i], want[i])
				}
			}
		}
	}
}

// The row-by-row column pass gives what boxLine gives on each column, bit
// for bit, including radii wider than the plane.
func TestBoxColumnsMatchBoxLine(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	for _, c := range []struct{ w, h, radius int }{{1, 1, 1}, {3, 7, 1}, {160, 120, 6}, {9, 4, 5}, {5, 30, 13}} {
		p := make([]uint8, c.w*c.h)
		for i := range p {
			p[i] = uint8(r.Intn(256))
		}
		want := append([]uint8(nil), p...)
		line := make([]uint8, 3*max(c.w, c.h)+1)
		for x := 0; x < c.w; x++ {
			boxLine(want[x:], c.w, c.h, c.radius, line)
		}
		got := append([]uint8(nil), p...)
		boxColumns(got, c.w, c.h, c.radius, newBoxScratch(c.w, c.h))
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%dx%d r=%d: value %d is %d, want %d", c.w, c.h, c.radius, i, got[i], want[i])
			}
		}
	}
}

// downscale against a plain block average, for widths that do and do not
// fill whole words and blocks, with a stride wider than the row.
func TestDownscaleMatchesPlainAverage(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	for _, c := range []struct{ w, h, f int }{{640, 480, 4}, {320, 240, 2}, {37, 11, 4}, {21, 5, 2}, {7, 3, 4}, {13, 9, 3}} {
		stride := c.w + 5
		src := make([]uint8, stride*c.h)
		for i := range src {
			src[i] = uint8(r.Intn(256))
		}
		sw, sh := (c.w+c.f-1)/c.f, (c.h+c.f-1)/c.f
		got := make([]uint8, sw*sh)
		downscale(got, sw, sh, src, stride, c.w, c.h, c.f, make([]uint32, sw))
		for j := 0; j < sh; j++ {
			for i := 0; i < sw; i++ {
				var sum, n int
				for y := j * c.f; y < min((j+1)*c.f, c.h); y++ {
					for x := i * c.f; x < min((i+1)*c.f, c.w); x++ {
						sum += int(src[y*stride+x])
						n++
					}
				}
				if want := uint8((sum + n/2) / n); got[j*sw+i] != want {
					t.Fatalf("%dx%d ÷%d: block (%d,%d) is %d, want %d", c.w, c.h, c.f, i, j, got[j*sw+i], want)
				}
			}
		}
	}
}

// widen with the fixed-step shortcut gives what the tables give, for the
// sizes the stage meets and for sizes without a fixed step.
func TestWidenStepsMatchTables(t *testing.T) {
	r := rand.New(rand.NewSource(29))
	for _, c := range []struct{ full, small, step int }{{640, 160, 4}, {320, 160, 2}, {1280, 320, 4}, {360, 180, 2}, {641, 161, 0}, {12, 3, 4}, {8, 2, 0}} {
		ax := newAxis(c.full, c.small)
		if ax.step != c.step {
			t.Fatalf("%d over %d: step %d, want %d", c.full, c.small, ax.step, c.step)
		}
		src := make([]uint8, c.small*3)
		for i := range src {
			src[i] = uint8(r.Intn(256))
		}
		got := make([]uint16, c.full*3)
		widen(got, c.full, src, c.small, 3, ax)
		want := make([]uint16, c.full*3)
		plain := ax
		plain.step = 0
		widen(want, c.full, src, c.small, 3, plain)
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%d over %d: value %d is %d, want %d", c.full, c.small, i, got[i], want[i])
			}
		}
	}
}
