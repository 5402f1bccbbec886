package localserver

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// Token mints an access token for room, with identity and the name the
// person is shown under: a JWT (HS256) with LiveKit's claims, as LiveKit
// Meet's website makes them.
func Token(key, secret, room, identity, name string, validFor time.Duration) (string, error) {
	now := time.Now()
	claims := map[string]any{
		"iss":   key,
		"sub":   identity,
		"name":  name,
		"nbf":   now.Unix(),
		"exp":   now.Add(validFor).Unix(),
		"video": map[string]any{"roomJoin": true, "room": room},
	}
	header, _ := json.Marshal(map[string]string{"alg": "HS256", "typ": "JWT"})
	body, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(header) + "." + enc.EncodeToString(body)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signing))
	return signing + "." + enc.EncodeToString(mac.Sum(nil)), nil
}

// Token mints a token for this server.
func (s *Server) Token(room, identity, name string) (string, error) {
	return Token(APIKey, APISecret, room, identity, name, time.Hour)
}

// DetailsHandler answers as a LiveKit Meet website does:
// GET /api/connection-details?roomName=…&participantName=… returns the
// server's address and a token for a random identity with that name.
func (s *Server) DetailsHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/connection-details" || r.Method != http.MethodGet {
			http.NotFound(w, r)
			return
		}
		room, name := r.URL.Query().Get("roomName"), r.URL.Query().Get("participantName")
		if room == "" || name == "" {
			http.Error(w, "Missing required query parameter", http.StatusBadRequest)
			return
		}
		var id [8]byte
		_, _ = rand.Read(id[:])
		token, err := s.Token(room, "p-"+hex.EncodeToString(id[:]), name)
		if err != nil {
			http.Error(w, "token", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{
			"serverUrl": s.URL(), "roomName": room, "participantName": name, "participantToken": token})
	})
}

// ErrNoBinary: livekit-server is nowhere to be found.
var ErrNoBinary = errors.New("localserver: no livekit-server (RINGLET_LIVEKIT_SERVER, PATH, or the cache scripts/livekit-server.sh builds)")

// FindBinary looks for livekit-server: $RINGLET_LIVEKIT_SERVER, then the
// PATH, then the cache scripts/livekit-server.sh builds into.
func FindBinary() (string, error) {
	if p := os.Getenv("RINGLET_LIVEKIT_SERVER"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("livekit-server"); err == nil {
		return p, nil
	}
	cache, err := os.UserCacheDir()
	if err == nil {
		p := filepath.Join(cache, "ringlet-livekit", Version, "livekit-server")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBinary
}
