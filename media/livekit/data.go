package livekit

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
	"github.com/ringlet/ringlet/media/rtcpriv"
)

// Chat and raised hands travel as LiveKit user data packets on the
// reliable data channel. The server relays them to everyone and stamps
// each with the sender's identity; that stamp is the only attribution
// Ringlet believes. Nothing in the payload names a sender, and anything
// that tries to is ignored.
//
//   - chat: topic "lk-chat-topic", payload {"id": random, "timestamp":
//     milliseconds, "message": text}: the format of LiveKit's own
//     components chat, so that LiveKit Meet shows Ringlet's lines and
//     Ringlet shows Meet's.
//   - hand: topic "hand", payload {"up": true|false}. Newcomers are told
//     again while a hand is up, since the server keeps no data.
const (
	chatTopic = "lk-chat-topic"
	handTopic = "hand"
)

// MaxDataBytes bounds one data packet: room for peertext.MaxChatRunes of
// any script, the JSON and the packet around it.
const MaxDataBytes = 4*peertext.MaxChatRunes + 512

type chatPayload struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
	Message   string `json:"message"`
}

type handPayload struct {
	Up *bool `json:"up"`
}

// SendChat sends text to everyone in the ring.
func (cl *Client) SendChat(text string) error {
	text = strings.TrimSpace(text)
	if text == "" || !utf8.ValidString(text) {
		return wrap(ErrInvalidOptions, errors.New("empty chat"))
	}
	if utf8.RuneCountInString(text) > peertext.MaxChatRunes {
		return ErrChatTooLong
	}
	payload, _ := json.Marshal(chatPayload{ID: rtcpriv.RandomID(), Timestamp: time.Now().UnixMilli(), Message: text})
	return cl.sendData(chatTopic, payload)
}

// SetHand raises or lowers the hand for everyone in the ring.
func (cl *Client) SetHand(up bool) error {
	cl.mu.Lock()
	cl.handUp = up
	cl.mu.Unlock()
	return cl.sendHand(up)
}

func (cl *Client) sendHand(up bool) error {
	payload, _ := json.Marshal(handPayload{Up: &up})
	return cl.sendData(handTopic, payload)
}

// announceHand tells newcomers about a raised hand.
func (cl *Client) announceHand() {
	call.RepeatRaisedHand(cl.isHandUp, func() error { return cl.sendHand(true) })
}

func (cl *Client) isHandUp() bool {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	return cl.handUp
}

func (cl *Client) sendData(topic string, payload []byte) error {
	pkt := userPacket{Topic: topic, Payload: payload}.marshal()
	if len(pkt) > MaxDataBytes {
		return ErrChatTooLong
	}
	s := cl.current()
	if s == nil {
		return ErrChatUnavailable
	}
	s.mu.Lock()
	dc := s.reliable
	s.mu.Unlock()
	if dc == nil || dc.ReadyState() != webrtc.DataChannelStateOpen {
		return ErrChatUnavailable
	}
	if err := dc.Send(pkt); err != nil {
		return wrap(ErrChatUnavailable, err)
	}
	return nil
}

// decodePacket reads one relayed data packet: whose it is (by the
// server's stamp) and what it says. Anything odd is dropped.
func decodePacket(data []byte) (sender string, ev call.Event, ok bool) {
	if len(data) > MaxDataBytes {
		return "", nil, false
	}
	p, err := unmarshalDataPacket(data)
	if err != nil || !p.IsUser {
		return "", nil, false
	}
	sender = p.SenderIdentity
	if sender == "" || sender != p.UserIdentity && p.UserIdentity != "" {
		return "", nil, false
	}
	ev, ok = decodePayload(p.Topic, p.Payload)
	return sender, ev, ok
}

// decodePayload reads a chat line (cleaned, see peertext.Chat) or a hand.
// The event names nobody yet: onData adds who sent it.
func decodePayload(topic string, payload []byte) (call.Event, bool) {
	if !utf8.Valid(payload) {
		return nil, false
	}
	switch topic {
	case chatTopic:
		var c chatPayload
		if json.Unmarshal(payload, &c) != nil {
			return nil, false
		}
		if text := peertext.Chat(c.Message); text != "" {
			return call.Chat{Text: text}, true
		}
	case handTopic:
		var h handPayload
		if json.Unmarshal(payload, &h) != nil || h.Up == nil {
			return nil, false
		}
		return call.Hand{Up: *h.Up}, true
	}
	return nil, false
}

// onData handles one data channel message: attributed to the identity
// the server stamped on it, which must be someone in the ring, and
// dropped when that participant sends too fast.
func (s *session) onData(m webrtc.DataChannelMessage) {
	sender, ev, ok := decodePacket(m.Data)
	if !ok {
		return
	}
	name, known := s.cl.name(sender)
	if !known || !s.cl.chatLimits.Allow(sender) {
		return
	}
	switch e := ev.(type) {
	case call.Chat:
		e.ParticipantID, e.From = sender, name
		ev = e
	case call.Hand:
		e.ParticipantID, e.Name = sender, name
		ev = e
	}
	s.emit(ev)
}
