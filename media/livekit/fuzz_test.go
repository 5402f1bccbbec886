package livekit

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	lkproto "github.com/livekit/protocol/livekit"
	"google.golang.org/protobuf/proto"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
)

// FuzzDecodeConnectionDetails: whatever a ring's website answers, the
// decoder returns a usable server address and token or a message-keyed
// error, never a panic.
func FuzzDecodeConnectionDetails(f *testing.F) {
	for _, s := range []string{
		`{"serverUrl":"wss://lk.example.org","roomName":"r","participantName":"Eule","participantToken":"a.b.c"}`,
		`{"serverUrl":"ws://127.0.0.1:7880","participantToken":"eyJ.eyJ.sig"}`,
		`{"serverUrl":"ws://lk.example.org","participantToken":"a.b.c"}`,
		`{"serverUrl":"javascript:alert(1)","participantToken":"a.b.c"}`,
		`{"serverUrl":"wss://lk.example.org","participantToken":"a.b.c\r\nX-Evil: 1"}`,
		`{"serverUrl":"wss://user:pw@lk.example.org/x?y#z","participantToken":"a.b.c"}`,
		`<html>not found</html>`,
		`{"serverUrl":1}`,
		``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := decodeConnectionDetails(body)
		if err != nil {
			if !errors.Is(err, ErrConnectionDetails) {
				t.Fatalf("error without its key: %v", err)
			}
			return
		}
		if _, err := rtcURL(d.ServerURL); err != nil || !plausibleToken(d.Token) {
			t.Fatalf("accepted %q / %q", d.ServerURL, d.Token)
		}
		if strings.ContainsAny(d.Token, "\r\n ") {
			t.Fatalf("token with spacing %q", d.Token)
		}
	})
}

// FuzzDecodePacket: whatever another participant (or the server) puts on
// the data channel, the decoder drops it or returns a clean chat line or
// hand, with the server's sender stamp.
func FuzzDecodePacket(f *testing.F) {
	add := func(identity, userIdentity, topic, payload string) {
		b, _ := proto.Marshal(&lkproto.DataPacket{ParticipantIdentity: identity,
			Value: &lkproto.DataPacket_User{User: &lkproto.UserPacket{ParticipantIdentity: userIdentity, Payload: []byte(payload), Topic: &topic}}})
		f.Add(b)
	}
	add("id-1", "id-1", chatTopic, `{"id":"x","timestamp":1,"message":"Hallo"}`)
	add("id-1", "", chatTopic, `{"message":"\u202eevil\u0000"}`)
	add("id-1", "id-2", chatTopic, `{"message":"forged"}`)
	add("id-1", "id-1", handTopic, `{"up":true}`)
	add("id-1", "id-1", handTopic, `{"up":"yes"}`)
	add("", "", chatTopic, `{"message":"nobody"}`)
	add("id-1", "id-1", "other", `{}`)
	f.Add([]byte{0xff, 0x00, 0x12})
	f.Fuzz(func(t *testing.T, data []byte) {
		sender, ev, ok := decodePacket(data)
		if !ok {
			return
		}
		if sender == "" {
			t.Fatal("an event without a sender")
		}
		switch e := ev.(type) {
		case call.Chat:
			if e.Text == "" || e.Text != peertext.Chat(e.Text) || e.ParticipantID != "" || e.From != "" {
				t.Fatalf("chat %+v", e)
			}
		case call.Hand:
			if e.ParticipantID != "" || e.Name != "" {
				t.Fatalf("hand %+v", e)
			}
		default:
			t.Fatalf("event %T", ev)
		}
	})
}

// FuzzTokenName: whatever token a website hands out, reading its name
// never panics, and a name it reads is valid text.
func FuzzTokenName(f *testing.F) {
	for _, s := range []string{
		"eyJhbGciOiJIUzI1NiJ9.eyJuYW1lIjoiU3RpbGxlIEV1bGUifQ.sig",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig",
		"a.b.c", "a.b", "", "..", "a.eyJuYW1lIjoxfQ.c",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		name, ok := tokenName(token)
		if ok && !utf8.ValidString(name) {
			t.Fatalf("name %q", name)
		}
	})
}
