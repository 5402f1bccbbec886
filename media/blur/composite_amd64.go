//go:build amd64

package blur

import "golang.org/x/sys/cpu"

// haveAVX2 reports whether compositing may use the AVX2 kernel.
var haveAVX2 = cpu.X86.HasAVX2

//go:noescape
func compositeRowAVX2(row *uint8, n int, b0, b1, a0, a1 *uint16, fy uint32)

// compositeRowFast is compositeRow with the bulk of the row done eight
// pixels at a time where the CPU can; the result is the same bit for bit.
func compositeRowFast(row []uint8, b0, b1, a0, a1 []uint16, fy uint32) {
	n := len(row) &^ 7
	if haveAVX2 && n > 0 {
		// The kernel reads n values of each of the four rows.
		_, _, _, _ = b0[n-1], b1[n-1], a0[n-1], a1[n-1]
		compositeRowAVX2(&row[0], n, &b0[0], &b1[0], &a0[0], &a1[0], fy)
		row, b0, b1, a0, a1 = row[n:], b0[n:], b1[n:], a0[n:], a1[n:]
	}
	compositeRow(row, b0, b1, a0, a1, fy)
}

// useAVX2 switches the vector kernels off (or back on, where the CPU has
// them); tests compare both paths.
func useAVX2(on bool) (restore func()) {
	was := haveAVX2
	haveAVX2 = on && cpu.X86.HasAVX2
	return func() { haveAVX2 = was }
}
