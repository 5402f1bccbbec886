// Package media holds everything that touches audio and video: capture,
// blur, codecs, playback and the Janus WebRTC client in its subpackages.
// Only packages under media import pion.
package media
