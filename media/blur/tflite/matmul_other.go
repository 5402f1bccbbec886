//go:build !amd64

package tflite

// haveFMA is false where there is no assembly tile kernel.
const haveFMA = false

func matMulRowsFMA(x, wKM, wMK, bias, out []float32, n, k, m int) {
	matMulRows(x, wMK, bias, out, n, k, m)
}

func useVectorKernel(bool) (restore func()) { return func() {} }

func depthwiseInsideFMA(x, wt, bias, o []float32, g convShape, iy0, ix0 int, offs []uintptr) {
	depthwiseInside(x, wt, bias, o, g, iy0, ix0)
}

func reluFast(v []float32) { relu(v) }

func hardSwishFast(x, out []float32) { hardSwish(x, out) }

// convTile4Gather is only reached with the vector kernels; the portable
// form keeps the package building elsewhere.
func convTile4Gather(x []float32, pixStride int, offs []uintptr, wKM, bias, out []float32, oc int) {
	for r := 0; r < 4; r++ {
		for o := 0; o < oc; o++ {
			a := bias[o]
			for i, off := range offs {
				a += x[r*pixStride+int(off/4)] * wKM[i*oc+o]
			}
			out[r*oc+o] = a
		}
	}
}

func depthwiseInside4FMA(x, wt, bias, o []float32, g convShape, iy0, ix0, pixStride int, offs []uintptr) {
	for r := 0; r < 4; r++ {
		depthwiseInside(x, wt, bias, o[r*g.oc:(r+1)*g.oc], g, iy0, ix0+r*g.sw)
	}
}

func addFast(x, y []float32, c int, out []float32) { add(x, y, c, out) }

func mulFast(x, y []float32, c int, out []float32) { mul(x, y, c, out) }

func globalMeanFast(x []float32, pixels, c int, out []float32) { globalMean(x, pixels, c, out) }

func lerpFast(a, b, out []float32, f float32) {
	out, b = out[:len(a)], b[:len(a)]
	for i, v := range a {
		out[i] = v + (b[i]-v)*f
	}
}

func logisticFast(x, out []float32) { logisticPortable(x, out) }
