//go:build !amd64

package blur

// haveAVX2 is false where there is no vector kernel.
const haveAVX2 = false

func compositeRowFast(row []uint8, b0, b1, a0, a1 []uint16, fy uint32) {
	compositeRow(row, b0, b1, a0, a1, fy)
}

func useAVX2(bool) (restore func()) { return func() {} }
