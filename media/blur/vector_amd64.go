//go:build amd64

package blur

import "golang.org/x/sys/cpu"

// haveAVX2 reports whether compositing and blurring may use the AVX2
// kernels.
var haveAVX2 = cpu.X86.HasAVX2

//go:noescape
func compositeRowAVX2(row *uint8, n int, b0, b1, a0, a1 *uint16, fy, fy0 uint32)

// compositeRowFast is compositeRow with the bulk of the row done eight
// pixels at a time where the CPU can; the result is the same bit for bit.
func compositeRowFast(row []uint8, b0, b1, a0, a1 []uint16, fy uint32) {
	n := len(row) &^ 7
	if haveAVX2 && n > 0 {
		// The kernel reads n values of each of the four rows.
		_, _, _, _ = b0[n-1], b1[n-1], a0[n-1], a1[n-1]
		compositeRowAVX2(&row[0], n, &b0[0], &b1[0], &a0[0], &a1[0], fy, 256-fy)
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

//go:noescape
func slideRowAVX2(sums *uint16, in, gone *uint8, n int)

//go:noescape
func emitRowAVX2(out *uint8, sums *uint16, n int, half, recip uint16)

// slideRow is slideRowPortable, sixteen columns at a time where the CPU can.
func slideRow(sums []uint16, in, gone []uint8) {
	n := len(sums) &^ 15
	if haveAVX2 && n > 0 {
		_, _ = in[n-1], gone[n-1]
		slideRowAVX2(&sums[0], &in[0], &gone[0], n)
		sums, in, gone = sums[n:], in[n:], gone[n:]
	}
	slideRowPortable(sums, in, gone)
}

// emitRow is emitRowPortable, sixteen columns at a time where the CPU can.
func emitRow(out []uint8, sums []uint16, half, recip uint16) {
	n := len(sums) &^ 15
	if haveAVX2 && n > 0 {
		_ = out[n-1]
		emitRowAVX2(&out[0], &sums[0], n, half, recip)
		out, sums = out[n:], sums[n:]
	}
	emitRowPortable(out, sums, half, recip)
}
