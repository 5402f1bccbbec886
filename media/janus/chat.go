package janus

import (
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pion/webrtc/v4"
)

// chatLabel names our data channel; Janus keeps the label when relaying.
const chatLabel = "ringlet-chat"

// MaxChatBytes bounds one chat message on the wire.
const MaxChatBytes = 4096

// ChatMessage: someone wrote in the chat. Chat is never stored: it lives
// in the events and in whatever the UI keeps in memory.
type ChatMessage struct {
	From string
	Text string
}

func (ChatMessage) isEvent() {}

// HandChanged: someone raised or lowered their hand. FeedID is 0 when the
// name matches nobody known (then the event is dropped, see onChat).
type HandChanged struct {
	FeedID uint64
	From   string
	Up     bool
}

func (HandChanged) isEvent() {}

// chatWire is one message on the data channel: a chat text, or (with Hand
// set and no text) a raised or lowered hand.
type chatWire struct {
	From string `json:"from"`
	Text string `json:"text,omitempty"`
	Hand *bool  `json:"hand,omitempty"`
}

// SendChat sends text to everyone in the room. Janus relays data per
// publisher without saying whose it is, so the message names its sender;
// receivers only accept names of people who are in the room.
func (cl *Client) SendChat(text string) error {
	text = strings.TrimSpace(text)
	if text == "" || !utf8.ValidString(text) {
		return &Error{Kind: KindInvalidOptions, Reason: "empty chat"}
	}
	data, _ := json.Marshal(chatWire{From: cl.opts.Display, Text: text})
	if len(data) > MaxChatBytes {
		return &Error{Kind: KindChatTooLong}
	}
	return cl.sendData(data)
}

// SetHand raises or lowers the hand for everyone in the room. People who
// come in later are told again while the hand is up (see announceHand),
// since Janus keeps nothing of what went over the data channel.
func (cl *Client) SetHand(up bool) error {
	cl.mu.Lock()
	cl.handUp = up
	cl.mu.Unlock()
	return cl.sendHand(up)
}

func (cl *Client) sendHand(up bool) error {
	data, _ := json.Marshal(chatWire{From: cl.opts.Display, Hand: &up})
	return cl.sendData(data)
}

// handRepeat is how long after someone arrives a raised hand is announced
// again: their subscription to our feed, and so our data, needs a moment.
const handRepeat = 2 * time.Second

// announceHand tells newcomers about a raised hand.
func (cl *Client) announceHand() {
	cl.mu.Lock()
	up := cl.handUp
	cl.mu.Unlock()
	if !up {
		return
	}
	time.AfterFunc(handRepeat, func() {
		cl.mu.Lock()
		up := cl.handUp
		cl.mu.Unlock()
		if up {
			_ = cl.sendHand(true)
		}
	})
}

func (cl *Client) sendData(data []byte) error {
	cl.mu.Lock()
	c := cl.cur
	cl.mu.Unlock()
	if c == nil {
		return &Error{Kind: KindChatUnavailable}
	}
	c.mu.Lock()
	dc := c.chat
	c.mu.Unlock()
	if dc == nil || dc.ReadyState() != webrtc.DataChannelStateOpen {
		return &Error{Kind: KindChatUnavailable}
	}
	if err := dc.SendText(string(data)); err != nil {
		return &Error{Kind: KindChatUnavailable, Err: err}
	}
	return nil
}

// decodeData checks one relayed message, decoded once: a chat line, or
// (with no text) a raised or lowered hand. Anything odd is dropped.
func decodeData(data []byte) (ev Event, from string, ok bool) {
	if len(data) > MaxChatBytes || !utf8.Valid(data) {
		return nil, "", false
	}
	var w chatWire
	if err := json.Unmarshal(data, &w); err != nil || w.From == "" {
		return nil, "", false
	}
	if text := strings.TrimSpace(w.Text); text != "" {
		return ChatMessage{From: w.From, Text: text}, w.From, true
	}
	if w.Hand != nil {
		return HandChanged{From: w.From, Up: *w.Hand}, w.From, true
	}
	return nil, "", false
}

// decodeChat is decodeData for chat lines only.
func decodeChat(data []byte) (ChatMessage, bool) {
	ev, _, _ := decodeData(data)
	m, ok := ev.(ChatMessage)
	return m, ok
}

// decodeHand is decodeData for hands only.
func decodeHand(data []byte) (HandChanged, bool) {
	ev, _, _ := decodeData(data)
	h, ok := ev.(HandChanged)
	return h, ok
}

func (c *call) onChat(m webrtc.DataChannelMessage) {
	ev, from, ok := decodeData(m.Data)
	if !ok {
		return
	}
	c.cl.mu.Lock()
	var feed uint64
	for id, d := range c.cl.known {
		if d == from {
			feed = id
		}
	}
	c.cl.mu.Unlock()
	if feed == 0 {
		return // only people who are in the room may speak
	}
	if h, isHand := ev.(HandChanged); isHand {
		h.FeedID = feed
		ev = h
	}
	c.cl.emit(ev)
}
