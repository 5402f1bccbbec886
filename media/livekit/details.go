package livekit

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ringlet/ringlet/media/rtcpriv"
)

// ConnectionDetails is what a LiveKit Meet deployment's
// /api/connection-details hands out for one room and one name: the
// LiveKit server and a token that carries the name.
type ConnectionDetails struct {
	ServerURL string
	Token     string
}

// Limits on the answer: LiveKit Meet's is a few hundred bytes; a token is
// a JWT of one or two kilobytes.
const (
	maxDetailsBytes = 64 << 10
	maxTokenBytes   = 16 << 10
)

// FetchConnectionDetails asks the ring's own website for a way in.
// detailsURL is ring.Link.LiveKitDetailsURL: the link's host, with the
// room and name, the name the person chose; nothing else is sent (no
// cookie, a generic User-Agent), and a redirect is not followed. The
// token must show the person under exactly that name: a website that
// puts another one in (a real name from an account, say) is refused.
// onWire, when set, sees the request line and the answer.
func FetchConnectionDetails(ctx context.Context, detailsURL, name string, onWire WireFunc) (ConnectionDetails, error) {
	u, err := url.Parse(detailsURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && rtcpriv.IsLoopbackHost(u.Hostname()))) {
		return ConnectionDetails{}, wrap(ErrInvalidOptions, errors.New("details address"))
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return ConnectionDetails{}, wrap(ErrInvalidOptions, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/json")
	if onWire != nil {
		onWire(true, []byte("GET "+u.String()))
	}
	client := &http.Client{CheckRedirect: refuseRedirect}
	resp, err := client.Do(req)
	if err != nil {
		if errors.Is(err, errRedirect) {
			return ConnectionDetails{}, wrap(ErrConnectionDetails, err)
		}
		return ConnectionDetails{}, wrap(ErrServerGone, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDetailsBytes+1))
	if err != nil {
		return ConnectionDetails{}, wrap(ErrServerGone, err)
	}
	if onWire != nil {
		onWire(false, body)
	}
	if resp.StatusCode != http.StatusOK {
		return ConnectionDetails{}, wrap(ErrConnectionDetails, fmt.Errorf("status %d", resp.StatusCode))
	}
	d, err := decodeConnectionDetails(body)
	if err != nil {
		return ConnectionDetails{}, err
	}
	if got, ok := tokenName(d.Token); !ok || got != name {
		return ConnectionDetails{}, wrap(ErrConnectionDetails, errors.New("the token shows another name"))
	}
	return d, nil
}

// tokenName reads the name a LiveKit token shows its bearer under (the
// "name" claim), without checking the signature: that is the server's
// job; this only makes sure Ringlet never enters under a name the person
// did not choose.
func tokenName(token string) (string, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(token) > maxTokenBytes {
		return "", false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return "", false
	}
	var claims struct {
		Name *string `json:"name"`
	}
	if json.Unmarshal(payload, &claims) != nil || claims.Name == nil || !utf8.ValidString(*claims.Name) {
		return "", false
	}
	return *claims.Name, true
}

// decodeConnectionDetails checks LiveKit Meet's answer:
// {"serverUrl": "wss://…", "roomName": …, "participantName": …,
// "participantToken": "JWT"}. Only the server address and the token are
// used; the server address must be wss:// (ws:// only on loopback).
func decodeConnectionDetails(body []byte) (ConnectionDetails, error) {
	if len(body) > maxDetailsBytes || !utf8.Valid(body) {
		return ConnectionDetails{}, wrap(ErrConnectionDetails, errors.New("answer too long or not text"))
	}
	var w struct {
		ServerURL string `json:"serverUrl"`
		Token     string `json:"participantToken"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&w); err != nil {
		return ConnectionDetails{}, wrap(ErrConnectionDetails, err)
	}
	if _, err := rtcURL(w.ServerURL); err != nil {
		return ConnectionDetails{}, wrap(ErrConnectionDetails, fmt.Errorf("server address: %w", err))
	}
	if !plausibleToken(w.Token) {
		return ConnectionDetails{}, wrap(ErrConnectionDetails, errors.New("token"))
	}
	return ConnectionDetails{ServerURL: w.ServerURL, Token: w.Token}, nil
}

// plausibleToken: a JWT, three base64url parts, of a sane size. It goes
// into an HTTP header, so nothing else may be in it.
func plausibleToken(t string) bool {
	if t == "" || len(t) > maxTokenBytes || strings.Count(t, ".") != 2 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '=') {
			return false
		}
	}
	return true
}
