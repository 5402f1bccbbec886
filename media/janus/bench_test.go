package janus

import "testing"

// Messages as Debian's Janus 1.1.2 sends them during a call (shortened
// SDP), from the busiest to the most common.
var benchMessages = map[string]string{
	"publishers": `{"janus":"event","session_id":4383733466418339,"sender":2418446447264407,"plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"event","room":1234,"publishers":[{"id":5493857389234123,"display":"Blue Heron","audio_codec":"opus","video_codec":"vp8","streams":[{"type":"audio","mindex":0,"mid":"0","codec":"opus"},{"type":"video","mindex":1,"mid":"1","codec":"vp8"},{"type":"data","mindex":2,"mid":"2"}],"talking":false},{"id":1293847561234987,"display":"Grey Owl","audio_codec":"opus","video_codec":"vp8","streams":[{"type":"audio","mindex":0,"mid":"0","codec":"opus"},{"type":"video","mindex":1,"mid":"1","codec":"vp8"}]}]}}}`,
	"offer":      `{"janus":"event","session_id":4383733466418339,"sender":2418446447264407,"transaction":"3f9a2b","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"attached","room":1234,"streams":[{"type":"audio","active":true,"mindex":0,"mid":"0","ready":false,"send":true,"feed_id":5493857389234123,"feed_display":"Blue Heron","feed_mid":"0","codec":"opus"}]}},"jsep":{"type":"offer","sdp":"v=0\r\no=- 1701 1 IN IP4 127.0.0.2\r\ns=VideoRoom 1234\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=ice-options:trickle\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.2\r\na=sendonly\r\na=mid:0\r\na=rtcp-mux\r\na=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuv\r\na=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\na=setup:actpass\r\na=rtpmap:111 opus/48000/2\r\na=candidate:1 1 udp 2015363327 127.0.0.2 20345 typ host\r\na=end-of-candidates\r\n"}}`,
	"trickle":    `{"janus":"trickle","session_id":4383733466418339,"sender":2418446447264407,"candidate":{"sdpMid":"0","sdpMLineIndex":0,"candidate":"candidate:1 1 udp 2015363327 127.0.0.2 20345 typ host"}}`,
	"media":      `{"janus":"media","session_id":4383733466418339,"sender":2418446447264407,"mid":"1","type":"video","receiving":true}`,
	"ack":        `{"janus":"ack","session_id":4383733466418339,"transaction":"7b1c0e"}`,
}

// BenchmarkDecodeEvent is the signalling side of a call: decoding and
// checking one message from the server (the read loop's work per message).
func BenchmarkDecodeEvent(b *testing.B) {
	for _, name := range []string{"publishers", "offer", "trickle", "media", "ack"} {
		data := []byte(benchMessages[name])
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
