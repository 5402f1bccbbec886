package janus

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// userAgent is what every client sends: nothing about the OS, the program
// or its version.
const userAgent = "Mozilla/5.0"

// Direction tells a wire observer which way a message went.
type Direction int

const (
	// Sent: from this computer to the server.
	Sent Direction = iota + 1
	// Received: from the server.
	Received
)

// conn is one WebSocket to Janus and one Janus session on it: it matches
// replies to transactions and hands everything else to the handle it is
// for.
type conn struct {
	ws      *websocket.Conn
	session uint64
	timeout time.Duration
	onWire  func(Direction, []byte)

	writeMu sync.Mutex

	mu       sync.Mutex
	pending  map[string]chan *message
	handlers map[uint64]func(*message)
	closed   chan struct{}
	closeErr error
}

func dial(ctx context.Context, endpoint string, timeout time.Duration, onWire func(Direction, []byte)) (*conn, error) {
	dctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ws, _, err := websocket.Dial(dctx, endpoint, &websocket.DialOptions{
		Subprotocols: []string{"janus-protocol"},
		HTTPHeader:   http.Header{"User-Agent": []string{userAgent}},
		HTTPClient:   &http.Client{CheckRedirect: refuseRedirect},
	})
	if errors.Is(err, errRedirect) {
		return nil, newError(KindRedirected, err)
	}
	if err != nil {
		return nil, newError(KindServerGone, err)
	}
	ws.SetReadLimit(MaxMessageSize)
	c := &conn{
		ws:       ws,
		timeout:  timeout,
		onWire:   onWire,
		pending:  map[string]chan *message{},
		handlers: map[uint64]func(*message){},
		closed:   make(chan struct{}),
	}
	go c.readLoop()
	reply, err := c.request(ctx, map[string]any{"janus": "create"}, 0, false)
	if err != nil {
		c.close(err)
		return nil, err
	}
	if reply.Data == nil || reply.Data.ID == 0 {
		err := &Error{Kind: KindProtocol, Reason: "create without session id"}
		c.close(err)
		return nil, err
	}
	c.session = reply.Data.ID
	return c, nil
}

// errRedirect ends a dial that the server answered with a redirect.
var errRedirect = errors.New("the server answered with a redirect")

// refuseRedirect never follows a redirect. A hostile or hijacked server
// could otherwise move the connection to plain ws:// or to another host,
// and the join that follows would hand it the pseudonym and the PIN.
// Janus itself never redirects.
func refuseRedirect(*http.Request, []*http.Request) error { return errRedirect }

func newTransaction() string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// request sends body and waits for its reply. With wantEvent, an "ack" is
// not the end: the plugin's asynchronous event with the same transaction is.
func (c *conn) request(ctx context.Context, body map[string]any, handle uint64, wantEvent bool) (*message, error) {
	tx := newTransaction()
	body["transaction"] = tx
	if c.session != 0 {
		body["session_id"] = c.session
	}
	if handle != 0 {
		body["handle_id"] = handle
	}
	ch := make(chan *message, 4)
	c.mu.Lock()
	c.pending[tx] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, tx)
		c.mu.Unlock()
	}()
	if err := c.write(ctx, body); err != nil {
		return nil, err
	}
	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
	for {
		select {
		case m := <-ch:
			if err := m.err(); err != nil {
				return m, err
			}
			switch m.Janus {
			case "ack":
				if wantEvent {
					continue
				}
				return m, nil
			case "success", "event", "server_info":
				return m, nil
			}
			// Anything else with our transaction is out of order; wait on.
		case <-c.closed:
			return nil, c.err()
		case <-timer.C:
			return nil, &Error{Kind: KindTimeout}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// send writes a message that needs no answer (trickle, keepalive).
func (c *conn) send(ctx context.Context, body map[string]any, handle uint64) error {
	body["transaction"] = newTransaction()
	body["session_id"] = c.session
	if handle != 0 {
		body["handle_id"] = handle
	}
	return c.write(ctx, body)
}

func (c *conn) write(ctx context.Context, body map[string]any) error {
	data, err := json.Marshal(body)
	if err != nil {
		return &Error{Kind: KindInvalidOptions, Err: err}
	}
	if c.onWire != nil {
		c.onWire(Sent, data)
	}
	wctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	if err := c.ws.Write(wctx, websocket.MessageText, data); err != nil {
		c.close(newError(KindServerGone, err))
		return c.err()
	}
	return nil
}

func (c *conn) readLoop() {
	for {
		_, data, err := c.ws.Read(context.Background())
		if err != nil {
			c.close(newError(KindServerGone, err))
			return
		}
		if c.onWire != nil {
			c.onWire(Received, data)
		}
		m, err := decode(data)
		if err != nil {
			// A broken server is a gone server: we cannot trust the rest.
			c.close(err)
			return
		}
		if m.Janus == "timeout" {
			c.close(&Error{Kind: KindServerGone, Reason: "session timed out"})
			return
		}
		c.mu.Lock()
		ch := c.pending[m.Transaction]
		h := c.handlers[m.Sender]
		c.mu.Unlock()
		switch {
		case m.Transaction != "" && ch != nil:
			select {
			case ch <- m:
			default: // a misbehaving server floods one transaction
			}
		case h != nil:
			h(m)
		}
	}
}

// handle routes unsolicited messages for one plugin handle to h. h must
// not block.
func (c *conn) handle(id uint64, h func(*message)) {
	c.mu.Lock()
	c.handlers[id] = h
	c.mu.Unlock()
}

func (c *conn) attach(ctx context.Context, h func(*message)) (uint64, error) {
	reply, err := c.request(ctx, map[string]any{"janus": "attach", "plugin": pluginName}, 0, false)
	if err != nil {
		return 0, err
	}
	if reply.Data == nil || reply.Data.ID == 0 {
		return 0, &Error{Kind: KindProtocol, Reason: "attach without handle id"}
	}
	c.handle(reply.Data.ID, h)
	return reply.Data.ID, nil
}

// pluginName is built from parts so that it is not mistaken for a message
// key by the translation checker.
const pluginName = "janus" + ".plugin.videoroom"

func (c *conn) close(err error) {
	c.mu.Lock()
	select {
	case <-c.closed:
		c.mu.Unlock()
		return
	default:
	}
	c.closeErr = err
	close(c.closed)
	c.mu.Unlock()
	_ = c.ws.CloseNow()
}

func (c *conn) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closeErr == nil {
		return &Error{Kind: KindServerGone}
	}
	return c.closeErr
}

// keepalive pings within Janus' session timeout until the connection ends.
func (c *conn) keepalive(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-c.closed:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
			_, err := c.request(ctx, map[string]any{"janus": "keepalive"}, 0, false)
			cancel()
			if err != nil && !errors.Is(err, context.Canceled) {
				c.close(newError(KindServerGone, err))
				return
			}
		}
	}
}
