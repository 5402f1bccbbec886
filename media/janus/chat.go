package janus

import (
	"encoding/json"
	"strings"
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

type chatWire struct {
	From string `json:"from"`
	Text string `json:"text"`
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

// decodeChat checks one relayed message; anything odd is dropped.
func decodeChat(data []byte) (ChatMessage, bool) {
	if len(data) > MaxChatBytes || !utf8.Valid(data) {
		return ChatMessage{}, false
	}
	var w chatWire
	if err := json.Unmarshal(data, &w); err != nil {
		return ChatMessage{}, false
	}
	w.Text = strings.TrimSpace(w.Text)
	if w.From == "" || w.Text == "" {
		return ChatMessage{}, false
	}
	return ChatMessage{From: w.From, Text: w.Text}, true
}

func (c *call) onChat(m webrtc.DataChannelMessage) {
	msg, ok := decodeChat(m.Data)
	if !ok {
		return
	}
	c.cl.mu.Lock()
	known := false
	for _, d := range c.cl.known {
		known = known || d == msg.From
	}
	c.cl.mu.Unlock()
	if known {
		c.cl.emit(msg)
	}
}
