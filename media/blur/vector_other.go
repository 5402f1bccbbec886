//go:build !amd64

package blur

// haveAVX2 is false where there is no vector kernel.
const haveAVX2 = false

func compositeRowFast(row []uint8, b0, b1, a0, a1 []uint16, fy uint32) {
	compositeRow(row, b0, b1, a0, a1, fy)
}

func useAVX2(bool) (restore func()) { return func() {} }

func slideRow(sums []uint16, in, gone []uint8) { slideRowPortable(sums, in, gone) }

func emitRow(out []uint8, sums []uint16, half, recip uint16) {
	emitRowPortable(out, sums, half, recip)
}
