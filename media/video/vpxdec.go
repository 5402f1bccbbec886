package video

/*
#cgo pkg-config: vpx
#include <stdlib.h>
#include <vpx/vpx_decoder.h>
#include <vpx/vp8dx.h>

typedef struct {
	vpx_codec_ctx_t ctx;
	vpx_image_t *img; // the last picture, owned by libvpx until the next decode
} ringlet_vp8dec;

static ringlet_vp8dec *ringlet_vp8dec_new(int *err) {
	ringlet_vp8dec *d = calloc(1, sizeof *d);
	if (!d) { *err = -1; return NULL; }
	vpx_codec_dec_cfg_t cfg = {0};
	cfg.threads = 1;
	if ((*err = vpx_codec_dec_init(&d->ctx, vpx_codec_vp8_dx(), &cfg, 0)) != 0) { free(d); return NULL; }
	return d;
}

// Returns 0 and sets *got when a picture came out.
static int ringlet_vp8dec_decode(ringlet_vp8dec *d, const unsigned char *data, unsigned int len, int *got) {
	*got = 0;
	d->img = NULL;
	int err = vpx_codec_decode(&d->ctx, data, len, NULL, 0);
	if (err) return err;
	vpx_codec_iter_t iter = NULL;
	vpx_image_t *img;
	while ((img = vpx_codec_get_frame(&d->ctx, &iter)) != NULL) d->img = img; // the newest
	if (d->img && d->img->fmt == VPX_IMG_FMT_I420) *got = 1;
	return 0;
}

static void ringlet_vp8dec_free(ringlet_vp8dec *d) {
	vpx_codec_destroy(&d->ctx);
	free(d);
}
*/
import "C"

import (
	"fmt"
	"image"
	"unsafe"
)

// vp8Decoder is a minimal binding of libvpx's VP8 decoder. Unlike
// mediadevices' decoder it does not copy every picture into a new Go image:
// libvpx keeps the picture until the next frame, and it is copied out only
// when someone wants to see it. A call decodes every frame of every
// participant (the next frame depends on it) but shows far fewer, so most
// of the copying and the garbage it made (about 460 kB per 640×480 frame)
// is gone.
type vp8Decoder struct {
	d    *C.ringlet_vp8dec
	w, h int
}

func newVP8Decoder() (*vp8Decoder, error) {
	var cerr C.int
	d := C.ringlet_vp8dec_new(&cerr)
	if d == nil {
		return nil, fmt.Errorf("video: libvpx decoder init failed (%d)", int(cerr))
	}
	return &vp8Decoder{d: d}, nil
}

// decode feeds one frame; ok reports that a picture came out. Its size is
// in w and h; copyOut copies it until the next decode.
func (v *vp8Decoder) decode(frame []byte) (ok bool, err error) {
	if len(frame) == 0 {
		return false, nil
	}
	var got C.int
	if rc := C.ringlet_vp8dec_decode(v.d, (*C.uchar)(unsafe.Pointer(&frame[0])), C.uint(len(frame)), &got); rc != 0 {
		return false, fmt.Errorf("video: libvpx rejected the frame (%d)", int(rc))
	}
	if got == 0 {
		return false, nil
	}
	v.w, v.h = int(v.d.img.d_w), int(v.d.img.d_h)
	return true, nil
}

// copyOut copies the last picture into a new I420 image.
func (v *vp8Decoder) copyOut() *image.YCbCr {
	img := v.d.img
	if img == nil {
		return nil
	}
	w, h := v.w, v.h
	out := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	copyPlane(out.Y, out.YStride, img.planes[0], int(img.stride[0]), w, h)
	cw, ch := (w+1)/2, (h+1)/2
	copyPlane(out.Cb, out.CStride, img.planes[1], int(img.stride[1]), cw, ch)
	copyPlane(out.Cr, out.CStride, img.planes[2], int(img.stride[2]), cw, ch)
	return out
}

func copyPlane(dst []uint8, dstStride int, src *C.uchar, srcStride, w, h int) {
	plane := unsafe.Slice((*uint8)(unsafe.Pointer(src)), srcStride*(h-1)+w)
	for y := 0; y < h; y++ {
		copy(dst[y*dstStride:y*dstStride+w], plane[y*srcStride:y*srcStride+w])
	}
}

func (v *vp8Decoder) close() {
	if v.d != nil {
		C.ringlet_vp8dec_free(v.d)
		v.d = nil
	}
}
