/* A minimal C face for webrtc::AudioProcessing (libwebrtc-audio-processing
 * 0.3 as Debian ships it), so Go can call it through cgo. Mono float audio
 * in 10 ms frames. */
#ifndef RINGLET_APM_SHIM_H
#define RINGLET_APM_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ringlet_apm ringlet_apm;

/* Returns NULL when the library refuses the configuration. */
ringlet_apm *ringlet_apm_new(int sample_rate, int echo, int noise, int gain);
void ringlet_apm_free(ringlet_apm *a);

/* frame holds sample_rate/100 samples in [-1, 1]. Return 0 on success or
 * the library's negative error code. */
int ringlet_apm_far_end(ringlet_apm *a, const float *frame);
int ringlet_apm_near_end(ringlet_apm *a, float *frame, int delay_ms);

#ifdef __cplusplus
}
#endif
#endif
