package janus

import (
	"context"
	"time"
)

// RoomInfo is what the server says about a room before anyone joins it.
type RoomInfo struct {
	// Bitrate is the room's cap per publisher in bits per second; 0 means
	// the room sets none.
	Bitrate int64
	// Recording: the room records.
	Recording bool
}

// LookUpRoom asks the server about a room over a short signalling session of
// its own (create, attach, "list", destroy), so that the picture size can
// be chosen before the camera is opened. ok is false when the room is not
// listed (Janus leaves private rooms out) or the server did not answer in
// time; the caller then keeps its defaults. Nothing is joined or sent but
// the question.
func LookUpRoom(ctx context.Context, endpoint string, room uint64, onWire func(Direction, []byte)) (info RoomInfo, ok bool) {
	const timeout = 5 * time.Second
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := dial(ctx, endpoint, timeout, onWire)
	if err != nil {
		return RoomInfo{}, false
	}
	defer conn.close(nil)
	defer func() { _ = conn.send(context.Background(), map[string]any{"janus": "destroy"}, 0) }()
	handle, err := conn.attach(ctx, func(*message) {})
	if err != nil {
		return RoomInfo{}, false
	}
	reply, err := conn.request(ctx, map[string]any{"janus": "message", "body": map[string]any{"request": "list"}}, handle, false)
	if err != nil || reply.room == nil {
		return RoomInfo{}, false
	}
	for _, r := range reply.room.List {
		if r.Room == room {
			return RoomInfo{Bitrate: r.Bitrate, Recording: r.Record}, true
		}
	}
	return RoomInfo{}, false
}
