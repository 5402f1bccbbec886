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
