package livekittest

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// Meet stands in for a LiveKit Meet deployment's website: its one API
// route, /api/connection-details (localserver.DetailsHandler). LiveKit
// Meet itself is a Next.js app; only this route of it matters to Ringlet.
// It records the requests it got, so tests can see what was sent.
type Meet struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []*http.Request
}

// MeetT starts the stand-in on loopback for one test.
func (s *Server) MeetT(tb testing.TB) *Meet {
	tb.Helper()
	m := &Meet{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	details := s.DetailsHandler()
	m.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.requests = append(m.requests, r.Clone(r.Context()))
		m.mu.Unlock()
		details.ServeHTTP(w, r)
	})}}
	m.srv.Start()
	tb.Cleanup(m.srv.Close)
	return m
}

// RoomLink is the LiveKit Meet page of a room: what a group hands out.
func (m *Meet) RoomLink(room string) string { return m.srv.URL + "/rooms/" + url.PathEscape(room) }

// Requests are the requests the website got so far.
func (m *Meet) Requests() []*http.Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]*http.Request(nil), m.requests...)
}
