package janus

import (
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		kind  ErrorKind // 0: decodes
		check func(*testing.T, *message)
	}{
		{name: "joined with big ids", in: `{"janus":"event","sender":9007199254740991,"transaction":"t","plugindata":{"plugin":"x","data":{"videoroom":"joined","room":1234,"id":9007199254740993,"private_id":1,"publishers":[{"id":4503599627370496,"display":"Blue Heron"}]}}}`,
			check: func(t *testing.T, m *message) {
				if m.Sender != 9007199254740991 || m.room.ID != 9007199254740993 || m.room.Publishers[0].ID != 4503599627370496 {
					t.Errorf("ids lost precision: %+v", m.room)
				}
			}},
		{name: "unpublished ok", in: `{"janus":"event","plugindata":{"plugin":"x","data":{"videoroom":"event","unpublished":"ok"}}}`,
			check: func(t *testing.T, m *message) {
				if !m.room.Unpublished.OK {
					t.Error("want ok")
				}
			}},
		{name: "leaving id", in: `{"janus":"event","plugindata":{"plugin":"x","data":{"videoroom":"event","leaving":77}}}`,
			check: func(t *testing.T, m *message) {
				if m.room.Leaving.ID != 77 {
					t.Error("want 77")
				}
			}},
		{name: "wrong pin", in: `{"janus":"event","plugindata":{"plugin":"x","data":{"videoroom":"event","error_code":433,"error":"Unauthorized"}}}`,
			check: func(t *testing.T, m *message) {
				if !errors.Is(m.err(), ErrWrongPIN) {
					t.Errorf("err %v", m.err())
				}
			}},
		{name: "core error", in: `{"janus":"error","error":{"code":403,"reason":"Unauthorized request"}}`,
			check: func(t *testing.T, m *message) {
				if !errors.Is(m.err(), ErrUnauthorized) {
					t.Errorf("err %v", m.err())
				}
			}},
		{name: "trickle array", in: `{"janus":"trickle","sender":1,"candidate":[{"candidate":"candidate:1 1 udp 1 127.0.0.2 2 typ host","sdpMid":"0","sdpMLineIndex":0},{"completed":true}]}`,
			check: func(t *testing.T, m *message) {
				if c, _ := m.candidates(); len(c) != 2 {
					t.Errorf("candidates %v", c)
				}
			}},
		{name: "not json", in: `{"janus":`, kind: KindProtocol},
		{name: "no janus field", in: `{"transaction":"x"}`, kind: KindProtocol},
		{name: "array", in: `[1,2]`, kind: KindProtocol},
		{name: "negative id", in: `{"janus":"success","data":{"id":-1}}`, kind: KindProtocol},
		{name: "id too big", in: `{"janus":"success","data":{"id":1e30}}`, kind: KindProtocol},
		{name: "bad jsep", in: `{"janus":"event","jsep":{"type":"pranswer","sdp":"v=0"}}`, kind: KindProtocol},
		{name: "empty sdp", in: `{"janus":"event","jsep":{"type":"offer","sdp":""}}`, kind: KindProtocol},
		{name: "plugindata not object", in: `{"janus":"event","plugindata":{"plugin":"x","data":"hi"}}`, kind: KindProtocol},
		{name: "publishers not array", in: `{"janus":"event","plugindata":{"plugin":"x","data":{"publishers":{}}}}`, kind: KindProtocol},
		{name: "feed ref garbage", in: `{"janus":"event","plugindata":{"plugin":"x","data":{"leaving":"soon"}}}`, kind: KindProtocol},
		{name: "trickle without candidate", in: `{"janus":"trickle","sender":1}`, kind: KindProtocol},
		{name: "trickle empty candidate", in: `{"janus":"trickle","candidate":{"sdpMid":"0"}}`, kind: KindProtocol},
		{name: "oversized", in: `{"janus":"event","x":"` + strings.Repeat("a", MaxMessageSize) + `"}`, kind: KindProtocol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := decode([]byte(tt.in))
			if tt.kind != 0 {
				var e *Error
				if !errors.As(err, &e) || e.Kind != tt.kind {
					t.Fatalf("err = %v, want kind %d", err, tt.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, m)
		})
	}
}

func TestErrorsCarryMessageKeys(t *testing.T) {
	for k := KindProtocol; k <= KindChatTooLong; k++ {
		e := &Error{Kind: k}
		if !strings.HasPrefix(e.MessageKey(), "janus.error.") {
			t.Errorf("kind %d: key %q", k, e.MessageKey())
		}
	}
}

// FuzzDecode: whatever the server sends, decoding and everything done with
// a decoded message must not panic.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"janus":"success","transaction":"a","data":{"id":4503599627370495}}`,
		`{"janus":"ack","session_id":1,"transaction":"b"}`,
		`{"janus":"event","session_id":1,"sender":2,"transaction":"c","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"joined","room":1234,"description":"Test Room","id":5,"private_id":6,"publishers":[{"id":7,"display":"Blue Heron","streams":[{"type":"audio","mid":"0"},{"type":"video","mid":"1"}]}]}}}`,
		`{"janus":"event","sender":2,"plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"attached","room":1234,"streams":[{"mindex":0,"mid":"0","type":"audio","feed_id":7,"feed_display":"Blue Heron","feed_mid":"0"}]}},"jsep":{"type":"offer","sdp":"v=0\r\n"}}`,
		`{"janus":"event","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"event","room":1234,"unpublished":7}}}`,
		`{"janus":"event","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"event","room":1234,"leaving":"ok"}}}`,
		`{"janus":"event","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"event","error_code":426,"error":"No such room (99)"}}}`,
		`{"janus":"trickle","session_id":1,"sender":2,"candidate":{"candidate":"candidate:1 1 udp 2015363327 127.0.0.2 40000 typ host","sdpMid":"0","sdpMLineIndex":0}}`,
		`{"janus":"trickle","candidate":{"completed":true}}`,
		`{"janus":"error","error":{"code":458,"reason":"No such session"}}`,
		`{"janus":"hangup","sender":2,"reason":"DTLS alert"}`,
		`{"janus":"media","sender":2,"type":"video","receiving":true}`,
		`{"janus":"timeout","session_id":1}`,
		`{"janus":"event","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"talking","room":1234,"id":7}}}`,
		`{"janus":"event","plugindata":{"plugin":"janus.plugin.videoroom","data":{"videoroom":"event","record":true}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := decode(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.MessageKey() == "" {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if m.Janus == "" {
			t.Fatal("decoded without janus field")
		}
		_ = m.err()
		if m.Janus == "trickle" {
			if _, err := m.candidates(); err != nil {
				t.Fatal("trickle passed decode but not candidates")
			}
		}
		if m.room != nil {
			_ = m.room.Unpublished.ID
			for _, s := range m.room.Streams {
				_ = s.Active != nil && *s.Active
			}
		}
	})
}
