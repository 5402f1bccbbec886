package janus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/ringlet/ringlet/internal/peertext"
)

// MaxMessageSize bounds one message from the server. A multistream offer
// for a full room is a few tens of kilobytes; anything far bigger is a
// broken or hostile server.
const MaxMessageSize = 1 << 20

// MaxFeeds bounds the people one call follows. VideoRoom rooms are
// configured for a few dozen publishers at most; a server that announces
// more is broken or hostile, and following each would cost a tile, a
// decoder and a share of the window.
const MaxFeeds = 100

// maxDescriptionRunes bounds the room's description.
const maxDescriptionRunes = 200

// message is one Janus API message, in either direction's shape. IDs go up
// to 2^53 and are kept as uint64.
type message struct {
	Janus       string          `json:"janus"`
	Transaction string          `json:"transaction,omitempty"`
	SessionID   uint64          `json:"session_id,omitempty"`
	Sender      uint64          `json:"sender,omitempty"`
	Data        *idData         `json:"data,omitempty"`
	Error       *coreErr        `json:"error,omitempty"`
	PluginData  *pluginData     `json:"plugindata,omitempty"`
	JSEP        *jsep           `json:"jsep,omitempty"`
	Candidate   json.RawMessage `json:"candidate,omitempty"`
	Type        string          `json:"type,omitempty"`   // media events
	Reason      string          `json:"reason,omitempty"` // hangup

	room *roomEvent // decoded plugindata.data
}

type idData struct {
	ID uint64 `json:"id"`
}

type coreErr struct {
	Code   int    `json:"code"`
	Reason string `json:"reason"`
}

type pluginData struct {
	Plugin string          `json:"plugin"`
	Data   json.RawMessage `json:"data"`
}

type jsep struct {
	Type string `json:"type"`
	SDP  string `json:"sdp"`
}

// candidate is a trickled ICE candidate, or the end-of-candidates marker.
type candidate struct {
	Candidate     string  `json:"candidate,omitempty"`
	SDPMid        *string `json:"sdpMid,omitempty"`
	SDPMLineIndex *uint16 `json:"sdpMLineIndex,omitempty"`
	Completed     bool    `json:"completed,omitempty"`
}

// roomEvent is the VideoRoom plugin's payload.
type roomEvent struct {
	VideoRoom   string      `json:"videoroom"`
	Room        uint64      `json:"room"`
	Description string      `json:"description"`
	ID          uint64      `json:"id"`
	PrivateID   uint64      `json:"private_id"`
	Publishers  []publisher `json:"publishers"`
	Unpublished feedRef     `json:"unpublished"`
	Leaving     feedRef     `json:"leaving"`
	Configured  string      `json:"configured"`
	Started     string      `json:"started"`
	Streams     []subStream `json:"streams"`
	Record      *bool       `json:"record"`
	List        []roomInfo  `json:"list"`
	ErrorCode   int         `json:"error_code"`
	Error       string      `json:"error"`
}

// roomInfo is one room in the answer to "list".
type roomInfo struct {
	Room    uint64 `json:"room"`
	Record  bool   `json:"record"`
	Bitrate int64  `json:"bitrate"` // cap per publisher, bits per second; 0 = none
}

type publisher struct {
	ID      uint64      `json:"id"`
	Display string      `json:"display"`
	Streams []pubStream `json:"streams"`
}

type pubStream struct {
	Type     string `json:"type"`
	Mid      string `json:"mid"`
	Disabled bool   `json:"disabled"`
}

// subStream describes one m-line of a subscriber's offer.
type subStream struct {
	Mid         string `json:"mid"`
	Type        string `json:"type"`
	Active      *bool  `json:"active"`
	FeedID      uint64 `json:"feed_id"`
	FeedDisplay string `json:"feed_display"`
	FeedMid     string `json:"feed_mid"`
}

// feedRef is a feed ID or the string "ok" (our own leave/unpublish).
type feedRef struct {
	Set bool
	ID  uint64
	OK  bool
}

func (f *feedRef) UnmarshalJSON(b []byte) error {
	f.Set = true
	if bytes.Equal(b, []byte("null")) {
		*f = feedRef{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s == "ok" {
			f.OK = true
			return nil
		}
		// Rooms configured with string IDs send them quoted.
		id, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("feed reference %q", s)
		}
		f.ID = id
		return nil
	}
	return json.Unmarshal(b, &f.ID)
}

// decode parses one message from the server and checks that it is shaped
// like something we can act on. It never panics on any input.
func decode(data []byte) (*message, error) {
	if len(data) > MaxMessageSize {
		return nil, &Error{Kind: KindProtocol, Reason: "message too large"}
	}
	var m message
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, &Error{Kind: KindProtocol, Err: err}
	}
	if m.Janus == "" {
		return nil, &Error{Kind: KindProtocol, Reason: "no janus field"}
	}
	if m.JSEP != nil {
		if m.JSEP.Type != "offer" && m.JSEP.Type != "answer" {
			return nil, &Error{Kind: KindProtocol, Reason: "bad jsep type"}
		}
		if m.JSEP.SDP == "" {
			return nil, &Error{Kind: KindProtocol, Reason: "empty sdp"}
		}
	}
	if m.PluginData != nil && len(m.PluginData.Data) > 0 {
		var r roomEvent
		if err := json.Unmarshal(m.PluginData.Data, &r); err != nil {
			return nil, &Error{Kind: KindProtocol, Err: err}
		}
		r.clean()
		m.room = &r
	}
	if m.Janus == "trickle" {
		if _, err := m.candidates(); err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// clean bounds and cleans every text in the event that other people
// chose: Janus passes display names on as they were sent, 50 kilobytes
// of them or terminal escapes included. It runs once, at decode, so no
// later layer ever holds the raw text.
func (r *roomEvent) clean() {
	r.Description = peertext.Line(r.Description, maxDescriptionRunes)
	for i := range r.Publishers {
		r.Publishers[i].Display = peertext.Name(r.Publishers[i].Display)
	}
	for i := range r.Streams {
		r.Streams[i].FeedDisplay = peertext.Name(r.Streams[i].FeedDisplay)
	}
}

// candidates returns the trickled candidates: Janus sends one object or,
// when batching, an array.
func (m *message) candidates() ([]candidate, error) {
	raw := bytes.TrimSpace(m.Candidate)
	if len(raw) == 0 {
		return nil, &Error{Kind: KindProtocol, Reason: "trickle without candidate"}
	}
	var list []candidate
	if raw[0] == '[' {
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, &Error{Kind: KindProtocol, Err: err}
		}
	} else {
		var c candidate
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, &Error{Kind: KindProtocol, Err: err}
		}
		list = []candidate{c}
	}
	for _, c := range list {
		if !c.Completed && c.Candidate == "" {
			return nil, &Error{Kind: KindProtocol, Reason: "empty candidate"}
		}
	}
	return list, nil
}

// err returns the error a reply carries, core or plugin, or nil.
func (m *message) err() error {
	if m.Janus == "error" {
		if m.Error == nil {
			return &Error{Kind: KindProtocol, Reason: "error without details"}
		}
		return coreError(m.Error.Code, m.Error.Reason)
	}
	if m.room != nil && (m.room.ErrorCode != 0 || m.room.VideoRoom == "event" && m.room.Error != "") {
		return roomError(m.room.ErrorCode, m.room.Error)
	}
	return nil
}
