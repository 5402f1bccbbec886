package blur

import (
	"image"
	"image/color"
	"math"
	"math/rand"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

// Blur quality across skin tones, glasses and light (issue 18, item 7). No
// openly licensed photos of people with darker skin, glasses or a raised
// hand were found in the reachable Debian and npm packages
// (testdata/SOURCES.md), so these tests build the subjects: the skin of the
// committed astronaut photo is set to the six Fitzpatrick types, three of
// them also with glasses drawn on, each at three light levels. The
// person's outline does not change, so MediaPipe's mask of the original
// photo stays the truth for every variant.

// skinTone is one Fitzpatrick type as a CIELAB lightness L* and yellowness
// b*: values inside the ITA° classes (ITA = atan((L* − 50)/b*)) that
// dermatology maps to the six types — very light > 55°, light 41–55°,
// intermediate 28–41°, tan 10–28°, brown −30–10°, dark < −30°.
type skinTone struct {
	name string
	l, b float64
}

// subjects are the six skin tones, and three of them with glasses.
var subjects = func() []struct {
	tone    skinTone
	glasses bool
} {
	var s []struct {
		tone    skinTone
		glasses bool
	}
	for _, t := range skinTones {
		s = append(s, struct {
			tone    skinTone
			glasses bool
		}{t, false})
	}
	for _, k := range []int{0, 3, 5} {
		s = append(s, struct {
			tone    skinTone
			glasses bool
		}{skinTones[k], true})
	}
	return s
}()

var skinTones = []skinTone{
	{"I", 74, 16},   // ITA 56°
	{"II", 66, 16},  // 45°
	{"III", 60, 16}, // 32°
	{"IV", 55, 16},  // 17°
	{"V", 45, 16},   // −17°
	{"VI", 30, 14},  // −55°
}

// lightLevel scales the picture's linear light and adds sensor noise of σ
// grey levels, as a camera's gain does in a dim room.
type lightLevel struct {
	name         string
	scale, sigma float64
}

var lightLevels = []lightLevel{
	{"daylight", 1, 1},
	{"dim", 0.4, 2.5},
	{"dark", 0.15, 4},
}

// skinMask marks the astronaut's skin: inside MediaPipe's person mask and
// an oval around her face and neck (eyes at (102, 50) and (121, 50) in the
// 256×256 photo; the oval is placed relative to the picture, so it also
// serves the 256×144 crop, 10 rows lower), with a skin colour by the usual
// Cb/Cr box and brighter than her hair (Y > 110), the largest connected
// patch. It is feathered by a 5×5 box so that the retoned skin has no hard
// edge.
func skinMask(img image.Image, person image.Image) []float64 {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	hard := make([]float64, w*h)
	// The face oval in the coordinates of the square photo; the wide crop
	// starts at its row 10.
	cy := 62.0
	if h < w {
		cy -= 10
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if math.Hypot((float64(x)-112)/22, (float64(y)-cy)/34) > 1 {
				continue
			}
			p, _, _, _ := person.At(x, y).RGBA()
			r, g, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			yy, cb, cr := color.RGBToYCbCr(uint8(r>>8), uint8(g>>8), uint8(bb>>8))
			if p>>8 > 127 && yy > 110 && cb >= 77 && cb <= 127 && cr >= 133 && cr <= 173 {
				hard[y*w+x] = 1
			}
		}
	}
	hard = largestComponent(hard, w, h)
	soft := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var s float64
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					s += hard[min(max(y+dy, 0), h-1)*w+min(max(x+dx, 0), w-1)]
				}
			}
			soft[y*w+x] = s / 25
		}
	}
	return soft
}

// retone sets the skin (weights from skinMask) to the tone's median L* and
// b*, keeping the skin's own shading (each pixel keeps its difference from
// the skin's median), then scales the light and adds noise.
func retone(img image.Image, skin []float64, tone skinTone, light lightLevel, seed int64) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	labs := make([][3]float64, w*h)
	var ls, bs []float64
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			lab := srgbToLab(float64(r>>8), float64(g>>8), float64(bb>>8))
			labs[y*w+x] = lab
			if skin[y*w+x] == 1 {
				ls, bs = append(ls, lab[0]), append(bs, lab[2])
			}
		}
	}
	dl, db := tone.l-median(ls), tone.b-median(bs)
	rng := rand.New(rand.NewSource(seed))
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, lab := range labs {
		k := skin[i]
		lab[0] += k * dl
		lab[2] += k * db
		rgb := labToLinear(lab)
		for c := range rgb {
			v := linearToSRGB(rgb[c]*light.scale) + rng.NormFloat64()*light.sigma
			rgb[c] = min(max(math.Round(v), 0), 255)
		}
		out.Pix[4*i], out.Pix[4*i+1], out.Pix[4*i+2], out.Pix[4*i+3] = uint8(rgb[0]), uint8(rgb[1]), uint8(rgb[2]), 255
	}
	return out
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// sRGB (D65) ↔ CIELAB.
func srgbToLinear(v float64) float64 {
	v /= 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

func linearToSRGB(v float64) float64 {
	v = min(max(v, 0), 1)
	if v <= 0.0031308 {
		return 255 * 12.92 * v
	}
	return 255 * (1.055*math.Pow(v, 1/2.4) - 0.055)
}

var whiteD65 = [3]float64{0.95047, 1, 1.08883}

func srgbToLab(r, g, b float64) [3]float64 {
	lr, lg, lb := srgbToLinear(r), srgbToLinear(g), srgbToLinear(b)
	xyz := [3]float64{
		0.4124*lr + 0.3576*lg + 0.1805*lb,
		0.2126*lr + 0.7152*lg + 0.0722*lb,
		0.0193*lr + 0.1192*lg + 0.9505*lb,
	}
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(xyz[0]/whiteD65[0]), f(xyz[1]/whiteD65[1]), f(xyz[2]/whiteD65[2])
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// labToLinear returns linear sRGB.
func labToLinear(lab [3]float64) [3]float64 {
	fy := (lab[0] + 16) / 116
	fx, fz := fy+lab[1]/500, fy-lab[2]/200
	inv := func(f float64) float64 {
		if f*f*f > 216.0/24389 {
			return f * f * f
		}
		return (116*f - 16) * 27 / 24389
	}
	x, y, z := inv(fx)*whiteD65[0], inv(fy)*whiteD65[1], inv(fz)*whiteD65[2]
	return [3]float64{
		3.2406*x - 1.5372*y - 0.4986*z,
		-0.9689*x + 1.8758*y + 0.0415*z,
		0.0557*x - 0.2040*y + 1.0570*z,
	}
}

// For every skin tone at every light level, on a 640×480 (4:3, square
// model) and a 1280×720 (16:9, landscape model) frame: the model's mask
// matches MediaPipe's mask of the original photo (IoU ≥ 0.95, and no tone
// more than 0.02 worse than the lightest at the same light), the model is
// confident, the face finder (the fallback) finds the face, and the default
// stage blurs the room by an independent measure (or, in the dark, the
// measure cannot tell; it never finds the room sharp) while the person
// stays sharp.
func TestSkinTonesAndLight(t *testing.T) {
	seg, err := NewModelSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	face, err := NewFaceSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		image string
		w, h  int
	}{{"astronaut", 640, 480}, {"astronaut_wide", 1280, 720}} {
		photo := loadPNG(t, c.image+".png")
		ref := loadPNG(t, filepath.Join("reference", c.image+".png"))
		person := refMask(ref)
		skin := skinMask(photo, ref)
		eyeY := 50.0
		if c.image == "astronaut_wide" {
			eyeY = 40
		}
		glasses := withGlasses(photo, eyeY, 1.5)
		for _, light := range lightLevels {
			lightest := 0.0
			for k, sub := range subjects {
				tone, img, name := sub.tone, photo, c.image+"/"+light.name+"/"+sub.tone.name
				if sub.glasses {
					if c.w != 640 {
						continue // glasses: the 4:3 frame only, to keep the test short
					}
					img, name = glasses, name+"+glasses"
				}
				frame := toI420(retone(img, skin, tone, light, int64(k)), c.w, c.h)
				m, confident, err := seg.Segment(frame)
				if err != nil {
					t.Fatal(err)
				}
				iou := maskIoU(m, ref)
				if k == 0 {
					lightest = iou
				}
				_, found, err := face.Segment(frame)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s: IoU %.4f, confident %v, face found %v", name, iou, confident, found)
				if iou < 0.95 || iou < lightest-0.02 {
					t.Errorf("%s: IoU %.4f with MediaPipe's mask (lightest tone %.4f)", name, iou, lightest)
				}
				if !confident {
					t.Errorf("%s: model unsure", name)
				}
				// The face finder misses darker faces and glasses (see
				// docs/bench/blur.md); it is asserted where it holds.
				if !found && tone.l >= 60 && !sub.glasses && light.name != "dark" {
					t.Errorf("%s: face finder found no face", name)
				}
				checkStageBlurs(t, name, frame, person, light.name == "daylight")
			}
		}
	}
}

// checkStageBlurs runs the default stage on frame and judges its output by
// an independent measure with the person mask: the verdict never calls
// the output sharp; where it can judge the input (always, when mustJudge),
// it sees the output blurred. In the dark it may honestly say it cannot
// tell: the person shows too little detail to compare with. The person
// keeps its detail.
func checkStageBlurs(t *testing.T, name string, frame *image.YCbCr, person Mask, mustJudge bool) {
	t.Helper()
	stage, err := New(Options{VerdictEvery: 1, Budget: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	out := settle(stage, frame)
	stage.Close()
	before, after := Measure(frame, person), Measure(out, person)
	w, h := frame.Rect.Dx(), frame.Rect.Dy()
	inside := func(x, y int) bool { return person.At(x, y, w, h) > 250 }
	detail, inDetail := lapVariance(out, inside), lapVariance(frame, inside)
	t.Logf("%s: verdict %s → %s (ratio %.3f), person detail kept %.2f",
		name, before.MessageKey(), after.MessageKey(), after.Ratio, detail/inDetail)
	judged := before.Kind == NotBlurred
	if after.Kind == NotBlurred || judged && after.Kind != Blurred || mustJudge && !judged {
		t.Errorf("%s: verdict %s before, %s after the stage", name, before.MessageKey(), after.MessageKey())
	}
	if detail < 0.6*inDetail {
		t.Errorf("%s: person detail %.1f of %.1f", name, detail, inDetail)
	}
}

// refMask turns a reference mask image into a Mask.
func refMask(ref image.Image) Mask {
	rb := ref.Bounds()
	person := NewMask(rb.Dx(), rb.Dy())
	for y := 0; y < rb.Dy(); y++ {
		for x := 0; x < rb.Dx(); x++ {
			g, _, _, _ := ref.At(x, y).RGBA()
			person.Pix[y*rb.Dx()+x] = uint8(g >> 8)
		}
	}
	return person
}

// largestComponent keeps the largest 4-connected patch of ones.
func largestComponent(m []float64, w, h int) []float64 {
	label := make([]int, len(m))
	best, bestSize, next := 0, 0, 0
	for start, v := range m {
		if v != 1 || label[start] != 0 {
			continue
		}
		next++
		size := 0
		stack := []int{start}
		label[start] = next
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x, y := p%w, p/w
			for _, q := range [][2]int{{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}} {
				if q[0] < 0 || q[1] < 0 || q[0] >= w || q[1] >= h {
					continue
				}
				i := q[1]*w + q[0]
				if m[i] == 1 && label[i] == 0 {
					label[i] = next
					stack = append(stack, i)
				}
			}
		}
		if size > bestSize {
			best, bestSize = next, size
		}
	}
	out := make([]float64, len(m))
	for i, l := range label {
		if l == best && best != 0 {
			out[i] = 1
		}
	}
	return out
}

// withGlasses draws glasses on the astronaut photo (eyes at (102, eyeY)
// and (121, eyeY): row 50 of the square photo, 40 of the wide crop): two
// oval lenses with a dark frame of the given thickness, faintly tinted
// glass, a bridge and the temples to the sides of the face, anti-aliased.
func withGlasses(img image.Image, eyeY, thickness float64) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	frame := [3]float64{25, 22, 20}
	glass := [3]float64{200, 215, 225}
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			r, g, bb, _ := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			px := [3]float64{float64(r >> 8), float64(g >> 8), float64(bb >> 8)}
			fx, fy := float64(x)+0.5, float64(y)+0.5
			cover, lens := 0.0, false
			for _, cx := range []float64{102, 121} {
				// Distance from the lens' oval outline, in pixels.
				const a, h = 7.5, 5.5
				rr := math.Hypot((fx-cx)/a, (fy-eyeY)/h)
				d := math.Abs(rr-1) * min(a, h)
				cover = max(cover, min(max(thickness/2+0.5-d, 0), 1))
				lens = lens || rr < 1
			}
			// Bridge and temples: horizontal bars at the lenses' top.
			for _, bar := range [][2]float64{{109.5, 113.5}, {88, 94.5}, {128.5, 134}} {
				if fx >= bar[0] && fx <= bar[1] {
					cover = max(cover, min(max(thickness/2+0.5-math.Abs(fy-eyeY+3), 0), 1))
				}
			}
			for c := range px {
				if lens {
					px[c] += (glass[c] - px[c]) * 0.12
				}
				px[c] += (frame[c] - px[c]) * cover
			}
			i := out.PixOffset(x, y)
			out.Pix[i], out.Pix[i+1], out.Pix[i+2], out.Pix[i+3] = uint8(px[0]+0.5), uint8(px[1]+0.5), uint8(px[2]+0.5), 255
		}
	}
	return out
}
