// Package vp8 is a VP8 encoder for mediadevices' codec selector: a minimal
// cgo binding of Debian's libvpx, set up for live calls.
//
// Why not mediadevices' own pkg/codec/vpx encoder: v0.9.4 declares a 1/1000 s
// timebase but passes timestamps and durations in microseconds, so libvpx
// believes every frame lasts about half a minute. In real-time mode libvpx
// picks its speed from the time it thinks it has per frame, and with half a
// minute it picks its slowest setting: about 100 ms per 640×480 frame on the
// 2-core test machine, too slow for 30 frames a second (see
// docs/bench/media.md). This encoder uses frame-count timestamps at the
// configured frame rate and an explicit real-time speed.
package vp8

/*
#cgo pkg-config: vpx
#include <stdlib.h>
#include <string.h>
#include <vpx/vpx_encoder.h>
#include <vpx/vp8cx.h>

typedef struct {
	vpx_codec_ctx_t ctx;
	vpx_codec_enc_cfg_t cfg;
	unsigned char *out;
	size_t out_len, out_cap;
	int key;
} ringlet_vp8;

static ringlet_vp8 *ringlet_vp8_new(int w, int h, int fps, int kbps, int kf_max, int threads, int speed, int *err) {
	ringlet_vp8 *e = calloc(1, sizeof *e);
	if (!e) { *err = -1; return NULL; }
	vpx_codec_iface_t *iface = vpx_codec_vp8_cx();
	if ((*err = vpx_codec_enc_config_default(iface, &e->cfg, 0)) != 0) { free(e); return NULL; }
	e->cfg.g_w = w;
	e->cfg.g_h = h;
	e->cfg.g_timebase.num = 1;
	e->cfg.g_timebase.den = fps;
	e->cfg.g_threads = threads;
	e->cfg.g_lag_in_frames = 0;
	e->cfg.g_error_resilient = VPX_ERROR_RESILIENT_DEFAULT;
	e->cfg.g_pass = VPX_RC_ONE_PASS;
	e->cfg.rc_end_usage = VPX_CBR;
	e->cfg.rc_target_bitrate = kbps;
	e->cfg.rc_min_quantizer = 4;
	e->cfg.rc_max_quantizer = 56;
	e->cfg.rc_undershoot_pct = 100;
	e->cfg.rc_overshoot_pct = 15;
	e->cfg.rc_buf_sz = 1000;
	e->cfg.rc_buf_initial_sz = 500;
	e->cfg.rc_buf_optimal_sz = 600;
	e->cfg.rc_dropframe_thresh = 0;
	e->cfg.rc_resize_allowed = 0;
	e->cfg.kf_mode = VPX_KF_AUTO;
	e->cfg.kf_max_dist = kf_max;
	if ((*err = vpx_codec_enc_init(&e->ctx, iface, &e->cfg, 0)) != 0) { free(e); return NULL; }
	vpx_codec_control(&e->ctx, VP8E_SET_CPUUSED, speed);
	vpx_codec_control(&e->ctx, VP8E_SET_NOISE_SENSITIVITY, 0);
	vpx_codec_control(&e->ctx, VP8E_SET_STATIC_THRESHOLD, 1);
	vpx_codec_control(&e->ctx, VP8E_SET_MAX_INTRA_BITRATE_PCT, 300);
	return e;
}

// encode takes the three I420 planes (not kept) and collects the output.
static int ringlet_vp8_encode(ringlet_vp8 *e, long pts, int force_key,
		unsigned char *y, int ys, unsigned char *u, unsigned char *v, int cs) {
	vpx_image_t img;
	if (!vpx_img_wrap(&img, VPX_IMG_FMT_I420, e->cfg.g_w, e->cfg.g_h, 1, y)) return -1;
	img.planes[VPX_PLANE_Y] = y;
	img.planes[VPX_PLANE_U] = u;
	img.planes[VPX_PLANE_V] = v;
	img.stride[VPX_PLANE_Y] = ys;
	img.stride[VPX_PLANE_U] = cs;
	img.stride[VPX_PLANE_V] = cs;
	vpx_codec_err_t rc = vpx_codec_encode(&e->ctx, &img, pts, 1, force_key ? VPX_EFLAG_FORCE_KF : 0, VPX_DL_REALTIME);
	if (rc != VPX_CODEC_OK) return rc;
	e->out_len = 0;
	e->key = 0;
	vpx_codec_iter_t iter = NULL;
	const vpx_codec_cx_pkt_t *pkt;
	while ((pkt = vpx_codec_get_cx_data(&e->ctx, &iter)) != NULL) {
		if (pkt->kind != VPX_CODEC_CX_FRAME_PKT) continue;
		size_t need = e->out_len + pkt->data.frame.sz;
		if (need > e->out_cap) {
			unsigned char *n = realloc(e->out, need * 2);
			if (!n) return -1;
			e->out = n;
			e->out_cap = need * 2;
		}
		memcpy(e->out + e->out_len, pkt->data.frame.buf, pkt->data.frame.sz);
		e->out_len = need;
		if (pkt->data.frame.flags & VPX_FRAME_IS_KEY) e->key = 1;
	}
	return 0;
}

static int ringlet_vp8_set_bitrate(ringlet_vp8 *e, int kbps) {
	e->cfg.rc_target_bitrate = kbps;
	return vpx_codec_enc_config_set(&e->ctx, &e->cfg);
}

static void ringlet_vp8_free(ringlet_vp8 *e) {
	vpx_codec_destroy(&e->ctx);
	free(e->out);
	free(e);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"image"
	"io"
	"sync"
	"unsafe"

	"github.com/pion/mediadevices/pkg/codec"
	"github.com/pion/mediadevices/pkg/io/video"
	"github.com/pion/mediadevices/pkg/prop"
)

// Params configure the encoder; they implement mediadevices'
// codec.VideoEncoderBuilder, so they plug into a CodecSelector.
type Params struct {
	BitRate          int // bps; 0 → 500 kbit/s
	KeyFrameInterval int // frames; 0 → 120
	// Speed is libvpx's real-time speed, 4 (better pictures) to 16
	// (fastest); 0 → 8, which keeps 1280×720 at 30 fps on two cores.
	Speed int
}

// RTPCodec is VP8 at 90 kHz, packetised by pion's VP8 payloader.
func (p *Params) RTPCodec() *codec.RTPCodec { return codec.NewRTPVP8Codec(90000) }

// BuildVideoEncoder starts an encoder reading frames from r. Frames are
// converted to I420 if they are not already.
func (p *Params) BuildVideoEncoder(r video.Reader, property prop.Media) (codec.ReadCloser, error) {
	return NewEncoder(r, property, *p)
}

// Encoder is one running libvpx VP8 encoder.
type Encoder struct {
	r      video.Reader
	params Params
	fps    int

	mu       sync.Mutex
	c        *C.ringlet_vp8
	w, h     int
	pts      int64
	forceKey bool
	bitrate  int
	closed   bool
}

// NewEncoder is BuildVideoEncoder without the builder.
func NewEncoder(r video.Reader, property prop.Media, params Params) (*Encoder, error) {
	if params.BitRate <= 0 {
		params.BitRate = 500_000
	}
	if params.KeyFrameInterval <= 0 {
		params.KeyFrameInterval = 120
	}
	if params.Speed == 0 {
		params.Speed = 8
	}
	fps := int(property.FrameRate + 0.5)
	if fps <= 0 {
		fps = 30
	}
	e := &Encoder{r: video.ToI420(r), params: params, fps: fps, bitrate: params.BitRate}
	if property.Width > 0 && property.Height > 0 {
		if err := e.init(property.Width, property.Height); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *Encoder) init(w, h int) error {
	if e.c != nil {
		C.ringlet_vp8_free(e.c)
		e.c = nil
	}
	// One thread: libvpx's VP8 worker threads spin-wait for each other,
	// which on a busy two-core machine burns more time than it saves.
	threads := 1
	var cerr C.int
	c := C.ringlet_vp8_new(C.int(w), C.int(h), C.int(e.fps), C.int(e.bitrate/1000), C.int(e.params.KeyFrameInterval), C.int(threads), C.int(-e.params.Speed), &cerr)
	if c == nil {
		return fmt.Errorf("vp8: libvpx refused %dx%d (error %d)", w, h, int(cerr))
	}
	e.c, e.w, e.h = c, w, h
	e.forceKey = true // a new size starts with a keyframe
	return nil
}

// Read encodes the next frame. Frames that change size restart the encoder.
func (e *Encoder) Read() ([]byte, func(), error) {
	img, release, err := e.r.Read()
	if err != nil {
		return nil, func() {}, err
	}
	defer release()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil, func() {}, io.EOF
	}
	yc, ok := img.(*image.YCbCr)
	if !ok || yc.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		return nil, func() {}, errors.New("vp8: frame is not I420")
	}
	w, h := yc.Rect.Dx(), yc.Rect.Dy()
	if w < 2 || h < 2 || len(yc.Y) == 0 || len(yc.Cb) == 0 || len(yc.Cr) == 0 {
		return nil, func() {}, errors.New("vp8: empty frame")
	}
	if w != e.w || h != e.h || e.c == nil {
		if err := e.init(w, h); err != nil {
			return nil, func() {}, err
		}
	}
	y := yc.Y[yc.YOffset(yc.Rect.Min.X, yc.Rect.Min.Y):]
	cOff := yc.COffset(yc.Rect.Min.X, yc.Rect.Min.Y)
	rc := C.ringlet_vp8_encode(e.c, C.long(e.pts), cbool(e.forceKey),
		(*C.uchar)(unsafe.Pointer(&y[0])), C.int(yc.YStride),
		(*C.uchar)(unsafe.Pointer(&yc.Cb[cOff])), (*C.uchar)(unsafe.Pointer(&yc.Cr[cOff])), C.int(yc.CStride))
	if rc != 0 {
		return nil, func() {}, fmt.Errorf("vp8: encode failed (%d)", int(rc))
	}
	e.pts++
	e.forceKey = false
	out := C.GoBytes(unsafe.Pointer(e.c.out), C.int(e.c.out_len))
	return out, func() {}, nil
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// ForceKeyFrame makes the next frame a keyframe (mediadevices calls it on
// RTCP PLI and FIR).
func (e *Encoder) ForceKeyFrame() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.forceKey = true
	return nil
}

// SetBitRate changes the target bitrate in bps (e.g. after REMB).
func (e *Encoder) SetBitRate(bps int) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if bps < 30_000 {
		bps = 30_000
	}
	e.bitrate = bps
	if e.c == nil {
		return nil
	}
	if rc := C.ringlet_vp8_set_bitrate(e.c, C.int(bps/1000)); rc != 0 {
		return fmt.Errorf("vp8: set bitrate failed (%d)", int(rc))
	}
	return nil
}

// Controller lets mediadevices reach ForceKeyFrame and SetBitRate.
func (e *Encoder) Controller() codec.EncoderController { return e }

// Close frees libvpx's state.
func (e *Encoder) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.closed {
		e.closed = true
		if e.c != nil {
			C.ringlet_vp8_free(e.c)
			e.c = nil
		}
	}
	return nil
}
