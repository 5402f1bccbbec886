package janus

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
)

// chatLabel names our data channel. It is janus.js's default label, so
// that the channel does not tell anyone in the ring which app a person
// uses.
const chatLabel = "JanusDataChannel"

// MaxChatBytes bounds one chat message on the wire: room for
// peertext.MaxChatRunes of any script, and the JSON around it.
const MaxChatBytes = 4*peertext.MaxChatRunes + 64

// Chat and hands from one feed may come at chatRate a second, in bursts
// of chatBurst (peertext.Limits); the rest is dropped.
const (
	chatRate  = peertext.ChatRate
	chatBurst = peertext.ChatBurst
)

// chatWire is one message on the data channel: a chat text, or (with Hand
// set and no text) a raised or lowered hand. It names no sender: Janus
// says whose it is (see onChat). A "from" field sent by older versions
// or by anyone else is ignored.
type chatWire struct {
	Text string `json:"text,omitempty"`
	Hand *bool  `json:"hand,omitempty"`
}

// SendChat sends text to everyone in the room.
func (cl *Client) SendChat(text string) error {
	text = strings.TrimSpace(text)
	if text == "" || !utf8.ValidString(text) {
		return &Error{Kind: KindInvalidOptions, Reason: "empty chat"}
	}
	if utf8.RuneCountInString(text) > peertext.MaxChatRunes {
		return &Error{Kind: KindChatTooLong}
	}
	data, _ := json.Marshal(chatWire{Text: text})
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
	data, _ := json.Marshal(chatWire{Hand: &up})
	return cl.sendData(data)
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

// decodeData checks one relayed message, decoded once: a chat line
// (cleaned, see peertext.Chat), or (with no text) a raised or lowered
// hand. Anything odd is dropped. The event names nobody yet: onChat adds
// who sent it.
func decodeData(data []byte) (Event, bool) {
	if len(data) > MaxChatBytes || !utf8.Valid(data) {
		return nil, false
	}
	var w chatWire
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, false
	}
	if text := peertext.Chat(w.Text); text != "" {
		return call.Chat{Text: text}, true
	}
	if w.Hand != nil && w.Text == "" {
		return call.Hand{Up: *w.Hand}, true
	}
	return nil, false
}

// feedOfLabel reads the feed a relayed message came from. Janus VideoRoom
// (1.1) relays each publisher's data to subscribers on a channel labelled
// with that publisher's ID: the server's attribution, which no sender can
// choose. Anything else (our own channel, an old Janus that relays without
// a label) is no one's.
func feedOfLabel(label string) (uint64, bool) {
	id, err := strconv.ParseUint(label, 10, 64)
	return id, err == nil && id != 0
}

// chatLimits holds one rate limiter per feed that has sent data.
type chatLimits struct{ peertext.Limits[uint64] }

func (l *chatLimits) allow(feed uint64) bool { return l.Allow(feed) }

func (l *chatLimits) forget(feed uint64) { l.Forget(feed) }

// onChat handles one message relayed on a subscriber data channel: it is
// attributed to the feed the channel's label names, which must be someone
// in the room, and dropped when that feed sends too fast.
func (c *attempt) onChat(label string, m webrtc.DataChannelMessage) {
	feed, ok := feedOfLabel(label)
	if !ok {
		return
	}
	c.cl.mu.Lock()
	from, known := c.cl.known[feed]
	c.cl.mu.Unlock()
	if !known || !c.cl.chatLimits.allow(feed) {
		return // only people who are in the room may speak, and not endlessly
	}
	ev, ok := decodeData(m.Data)
	if !ok {
		return
	}
	switch e := ev.(type) {
	case call.Chat:
		e.ParticipantID, e.From = feedID(feed), from
		ev = e
	case call.Hand:
		e.ParticipantID, e.Name = feedID(feed), from
		ev = e
	}
	c.cl.emit(ev)
}
