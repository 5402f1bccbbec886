package blur

import "math"

// Backgrounds for the hide modes. They are made in code, so nothing needs to
// be loaded and nothing of the room can shine through.

// Solid hide colour: a calm mid blue-grey, in BT.601 video range.
const (
	solidY = 110
	solidU = 136
	solidV = 122
)

func fillSolid(y, u, v []uint8) {
	for i := range y {
		y[i], u[i], v[i] = solidY, solidU, solidV
	}
}

// paintScenery draws a soft landscape — sky fading to a warm horizon, two
// gentle hills — on a w×h grid of the three planes.
func paintScenery(y, u, v []uint8, w, h int) {
	for j := 0; j < h; j++ {
		fy := (float64(j) + 0.5) / float64(h)
		for i := 0; i < w; i++ {
			fx := (float64(i) + 0.5) / float64(w)
			// Sky: light blue at the top, pale peach near the horizon.
			r := 150 + 90*fy
			g := 190 + 30*fy
			b := 235 - 60*fy
			far := 0.62 + 0.06*math.Sin(fx*5.1+0.7)
			near := 0.74 + 0.05*math.Sin(fx*3.3+2.1)
			switch {
			case fy > near:
				r, g, b = 96, 140, 92
			case fy > far:
				r, g, b = 128, 166, 136
			}
			k := j*w + i
			y[k], u[k], v[k] = rgbToYUV(r, g, b)
		}
	}
}

// rgbToYUV converts full-range RGB to BT.601 video-range YCbCr.
func rgbToYUV(r, g, b float64) (uint8, uint8, uint8) {
	yy := 16 + 0.257*r + 0.504*g + 0.098*b
	cb := 128 - 0.148*r - 0.291*g + 0.439*b
	cr := 128 + 0.439*r - 0.368*g - 0.071*b
	return clampByte(yy), clampByte(cb), clampByte(cr)
}

func clampByte(f float64) uint8 {
	if f <= 0 {
		return 0
	}
	if f >= 255 {
		return 255
	}
	return uint8(f + 0.5)
}
