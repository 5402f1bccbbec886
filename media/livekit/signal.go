package livekit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/ringlet/ringlet/media/rtcpriv"
)

// protocolVersion is the LiveKit signalling protocol Ringlet speaks: new
// enough for server-side identity-based reconnection and leave actions,
// old enough that the server does not expect room moves.
const protocolVersion = 15

// userAgent says nothing about the OS, the program or its version.
const userAgent = "Mozilla/5.0"

// maxSignalBytes bounds one signalling message from the server. A join
// response for a full ring with its SDP fits many times over.
const maxSignalBytes = 1 << 20

// WireFunc sees every signalling message, sent or received, as protobuf
// bytes. It must never be wired to a log: the messages hold the token
// (and with it the name) and the room.
type WireFunc func(sent bool, msg []byte)

// signal is one WebSocket to the server's /rtc endpoint, speaking
// protobuf SignalRequest and SignalResponse (see wire.go).
type signal struct {
	ws     *websocket.Conn
	onWire WireFunc

	writeMu sync.Mutex
	in      chan response
	done    chan struct{}
	errMu   sync.Mutex
	err     error
}

// rtcURL turns the server address into its signalling endpoint. The
// connection settings go in the query; nothing there describes this
// computer (no sdk, os, version or device, which LiveKit's own clients
// send and the server would keep as the participant's ClientInfo).
func rtcURL(server string) (string, error) {
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return "", wrap(ErrInvalidOptions, fmt.Errorf("server address"))
	}
	switch u.Scheme {
	case "wss", "https":
		u.Scheme = "wss"
	case "ws", "http":
		if !rtcpriv.IsLoopbackHost(u.Hostname()) {
			return "", wrap(ErrInvalidOptions, errors.New("plain ws only for loopback"))
		}
		u.Scheme = "ws"
	default:
		return "", wrap(ErrInvalidOptions, fmt.Errorf("scheme %q", u.Scheme))
	}
	u.User, u.Fragment, u.RawQuery = nil, "", ""
	u.Path = strings.TrimSuffix(u.Path, "/") + "/rtc"
	q := url.Values{}
	q.Set("protocol", fmt.Sprint(protocolVersion))
	q.Set("auto_subscribe", "1")
	q.Set("adaptive_stream", "0")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// dialSignal opens the signalling connection. The token goes in the
// Authorization header, not the URL, so that no proxy log keeps it.
func dialSignal(ctx context.Context, server, token string, onWire WireFunc) (*signal, error) {
	endpoint, err := rtcURL(server)
	if err != nil {
		return nil, err
	}
	ws, resp, err := websocket.Dial(ctx, endpoint, &websocket.DialOptions{
		HTTPHeader: http.Header{
			"User-Agent":    []string{userAgent},
			"Authorization": []string{"Bearer " + token},
		},
		HTTPClient: &http.Client{CheckRedirect: refuseRedirect},
	})
	if err != nil {
		return nil, dialError(resp, err)
	}
	ws.SetReadLimit(maxSignalBytes)
	s := &signal{ws: ws, onWire: onWire, in: make(chan response, 64), done: make(chan struct{})}
	go s.readLoop()
	return s, nil
}

// dialError sorts a refused WebSocket into what the person can act on.
// LiveKit answers a bad token with 401 and a full server with 503. A room
// that refuses one more person (max_participants) is a 500 whose body is
// "connection closed by media": the room closed the new participant
// before its first word, after the token was accepted. livekit-server
// v1.13.5 says nothing more specific, so that answer counts as full.
func dialError(resp *http.Response, err error) error {
	if errors.Is(err, errRedirect) {
		return wrap(ErrServerGone, err)
	}
	if resp == nil {
		return wrap(ErrServerGone, err)
	}
	if resp.Body != nil {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		if strings.Contains(string(body), "max participants") || strings.Contains(string(body), "connection closed by media") {
			return wrap(ErrRoomFull, err)
		}
	}
	switch resp.StatusCode {
	case http.StatusUnauthorized, http.StatusForbidden:
		return wrap(ErrBadToken, err)
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		return wrap(ErrRoomFull, err)
	case http.StatusNotFound:
		return wrap(ErrRemoved, err)
	}
	if resp.StatusCode >= 500 {
		return wrap(ErrServerGone, err)
	}
	return wrap(ErrProtocol, err)
}

var errRedirect = errors.New("the server answered with a redirect")

// refuseRedirect never follows a redirect: the link decides where the
// token goes, not the server.
func refuseRedirect(*http.Request, []*http.Request) error { return errRedirect }

func (s *signal) readLoop() {
	defer close(s.in)
	for {
		typ, data, err := s.ws.Read(context.Background())
		if err != nil {
			s.fail(wrap(ErrServerGone, err))
			return
		}
		if s.onWire != nil {
			s.onWire(false, data)
		}
		if typ != websocket.MessageBinary {
			continue
		}
		msg, err := unmarshalResponse(data)
		if err != nil {
			s.fail(wrap(ErrProtocol, err))
			return
		}
		select {
		case s.in <- msg:
		case <-s.done:
			return
		}
	}
}

// send writes one request.
func (s *signal) send(req request) error {
	data := req.marshal()
	if s.onWire != nil {
		s.onWire(true, data)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.ws.Write(ctx, websocket.MessageBinary, data); err != nil {
		s.fail(wrap(ErrServerGone, err))
		return wrap(ErrServerGone, err)
	}
	return nil
}

// fail records why the connection ended, once, and closes it.
func (s *signal) fail(err error) {
	s.errMu.Lock()
	first := s.err == nil
	if first {
		s.err = err
		close(s.done)
	}
	s.errMu.Unlock()
	if first {
		_ = s.ws.CloseNow()
	}
}

// cause is why the connection ended, nil while it is up.
func (s *signal) cause() error {
	s.errMu.Lock()
	defer s.errMu.Unlock()
	return s.err
}

// close ends the connection politely.
func (s *signal) close() {
	s.errMu.Lock()
	first := s.err == nil
	if first {
		s.err = wrap(ErrServerGone, errors.New("closed"))
		close(s.done)
	}
	s.errMu.Unlock()
	if first {
		_ = s.ws.Close(websocket.StatusNormalClosure, "")
	}
}
