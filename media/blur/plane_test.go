package blur

import (
	"math/rand"
	"testing"
)

// boxColumns (vector kernels where the CPU has them, and the portable
// loops) against a plain sliding average of each column with the border
// repeated: off by at most one; and both paths give the same bytes.
func TestBoxColumnsMatchPlainAverage(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, c := range []struct{ w, h, radius int }{{1, 1, 1}, {3, 7, 1}, {160, 120, 6}, {37, 4, 5}, {5, 30, 13}, {48, 9, 127}} {
		p := make([]uint8, c.w*c.h)
		for i := range p {
			p[i] = uint8(r.Intn(256))
		}
		var results [2][]uint8
		for k, vector := range []bool{true, false} {
			restore := useAVX2(vector)
			got := append([]uint8(nil), p...)
			boxColumns(got, c.w, c.h, c.radius, newBoxScratch(c.w, c.h))
			restore()
			results[k] = got
			for y := 0; y < c.h; y++ {
				for x := 0; x < c.w; x++ {
					var sum int
					for k := y - c.radius; k <= y+c.radius; k++ {
						sum += int(p[min(max(k, 0), c.h-1)*c.w+x])
					}
					n := 2*c.radius + 1
					want := (sum + n/2) / n
					if d := int(got[y*c.w+x]) - want; d < -1 || d > 1 {
						t.Fatalf("%dx%d r=%d vector=%v: (%d,%d) is %d, want %d", c.w, c.h, c.radius, vector, x, y, got[y*c.w+x], want)
					}
				}
			}
		}
		for i := range results[0] {
			if results[0][i] != results[1][i] {
				t.Fatalf("%dx%d r=%d: vector and portable differ at %d: %d, %d", c.w, c.h, c.radius, i, results[0][i], results[1][i])
			}
		}
	}
}

// boxBlur's horizontal passes (run on the transposed plane) blur rows as
// its vertical ones blur columns: a plane and its transpose come out as
// each other's transpose.
func TestBoxBlurTreatsRowsAsColumns(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	w, h := 23, 17
	p := make([]uint8, w*h)
	for i := range p {
		p[i] = uint8(r.Intn(256))
	}
	pt := make([]uint8, w*h)
	transpose(pt, p, w, h)
	boxBlur(p, w, h, 3, 1, newBoxScratch(w, h))
	boxBlur(pt, h, w, 3, 1, newBoxScratch(h, w))
	back := make([]uint8, w*h)
	transpose(back, pt, h, w)
	for i := range p {
		if d := int(p[i]) - int(back[i]); d < -1 || d > 1 {
			t.Fatalf("value %d: %d, transposed %d", i, p[i], back[i])
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
