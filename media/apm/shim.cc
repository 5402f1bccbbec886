//go:build !windows

// Builds with: pkg-config webrtc-audio-processing (see apm.go).
#include "shim.h"

#include <webrtc/common.h>
#include <webrtc/modules/audio_processing/include/audio_processing.h>

struct ringlet_apm {
  webrtc::AudioProcessing *apm;
  webrtc::StreamConfig config;
};

extern "C" ringlet_apm *ringlet_apm_new(int sample_rate, int echo, int noise, int gain) {
  webrtc::Config cfg;
  // Desktop sound cards report their delay badly: let the canceller find the
  // delay itself, with the longer filter meant for that.
  cfg.Set<webrtc::ExtendedFilter>(new webrtc::ExtendedFilter(true));
  cfg.Set<webrtc::DelayAgnostic>(new webrtc::DelayAgnostic(true));
  // The experimental AGC drives an analog mic volume we do not control.
  cfg.Set<webrtc::ExperimentalAgc>(new webrtc::ExperimentalAgc(false));
  webrtc::AudioProcessing *apm = webrtc::AudioProcessing::Create(cfg);
  if (apm == nullptr) return nullptr;

  webrtc::ProcessingConfig pc = {{
      webrtc::StreamConfig(sample_rate, 1), webrtc::StreamConfig(sample_rate, 1),
      webrtc::StreamConfig(sample_rate, 1), webrtc::StreamConfig(sample_rate, 1),
  }};
  if (apm->Initialize(pc) != webrtc::AudioProcessing::kNoError ||
      apm->high_pass_filter()->Enable(true) != 0 ||
      apm->echo_cancellation()->enable_drift_compensation(false) != 0 ||
      apm->echo_cancellation()->set_suppression_level(webrtc::EchoCancellation::kHighSuppression) != 0 ||
      apm->echo_cancellation()->Enable(echo != 0) != 0 ||
      apm->noise_suppression()->set_level(webrtc::NoiseSuppression::kHigh) != 0 ||
      apm->noise_suppression()->Enable(noise != 0) != 0 ||
      apm->gain_control()->set_mode(webrtc::GainControl::kAdaptiveDigital) != 0 ||
      apm->gain_control()->set_target_level_dbfs(3) != 0 ||
      apm->gain_control()->set_compression_gain_db(9) != 0 ||
      apm->gain_control()->enable_limiter(true) != 0 ||
      apm->gain_control()->Enable(gain != 0) != 0) {
    delete apm;
    return nullptr;
  }
  ringlet_apm *a = new ringlet_apm;
  a->apm = apm;
  a->config = webrtc::StreamConfig(sample_rate, 1);
  return a;
}

extern "C" void ringlet_apm_free(ringlet_apm *a) {
  if (a == nullptr) return;
  delete a->apm;
  delete a;
}

extern "C" int ringlet_apm_far_end(ringlet_apm *a, const float *frame) {
  const float *src[1] = {frame};
  float out[480 * 2];
  float *dst[1] = {out};
  if (a->config.num_frames() > sizeof(out) / sizeof(out[0])) return -1;
  return a->apm->ProcessReverseStream(src, a->config, a->config, dst);
}

extern "C" int ringlet_apm_near_end(ringlet_apm *a, float *frame, int delay_ms) {
  if (a->apm->echo_cancellation()->is_enabled()) a->apm->set_stream_delay_ms(delay_ms);
  float *chan[1] = {frame};
  return a->apm->ProcessStream(chan, a->config, a->config, chan);
}
