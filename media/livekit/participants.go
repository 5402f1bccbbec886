package livekit

import (
	"strings"

	"github.com/pion/webrtc/v4"

	"github.com/ringlet/ringlet/internal/peertext"
	"github.com/ringlet/ringlet/media/call"
)

// A session's view of the others: who is in the room (by the server's
// participant updates), their tracks (by the subscriber connection), and
// the order the client hears of them in.

// applyParticipants takes in a list of participants, whole or changed.
func (s *session) applyParticipants(ps []participant) {
	for _, p := range ps {
		if p.SID == "" || p.Identity == "" {
			continue
		}
		s.mu.Lock()
		self := p.SID == s.selfSID
		s.mu.Unlock()
		if self {
			continue
		}
		if p.State == participantDisconnected {
			s.participantLeft(p)
			continue
		}
		s.participantHere(p)
	}
}

func (s *session) participantHere(p participant) {
	id, name := p.Identity, peertext.Name(p.Name)
	if name == "" {
		name = peertext.Name(id)
	}
	s.mu.Lock()
	s.identities[p.SID] = id
	s.names[id] = name
	live := map[string]bool{}
	for _, sid := range p.Tracks {
		live[sid] = true
	}
	announced := s.announced
	waiting := s.unclaimed[p.SID]
	delete(s.unclaimed, p.SID)
	s.mu.Unlock()
	s.dropTracks(id, live)
	if announced {
		s.cl.participantHere(id, name)
	}
	for _, t := range waiting {
		s.announceRemote(id, t)
	}
}

func (s *session) participantLeft(p participant) {
	id := p.Identity
	s.mu.Lock()
	delete(s.identities, p.SID)
	delete(s.names, id)
	announced := s.announced
	s.mu.Unlock()
	s.dropTracks(id, nil)
	if announced { // before, announce's reconcile sees them gone
		s.cl.participantLeft(id)
	}
}

// dropTracks tells of the end of id's tracks that are not in live.
func (s *session) dropTracks(id string, live map[string]bool) {
	s.mu.Lock()
	var gone []call.TrackRemoved
	for sid, t := range s.tracks {
		if t.ParticipantID == id && !live[sid] {
			gone = append(gone, t)
			delete(s.tracks, sid)
		}
	}
	s.mu.Unlock()
	for _, t := range gone {
		s.emit(t)
	}
}

// onTrack announces a remote track. LiveKit names its stream
// "PARTICIPANT_SID|TRACK_SID".
func (s *session) onTrack(t *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
	participantSID, _, _ := strings.Cut(t.StreamID(), "|")
	s.mu.Lock()
	id, ok := s.identities[participantSID]
	if !ok {
		// The track came before the word of its sender: it waits for
		// participantHere (bounded: a server cannot make it grow without
		// sending tracks, and they end with the session).
		if len(s.unclaimed) < maxUnclaimedTracks {
			s.unclaimed[participantSID] = append(s.unclaimed[participantSID], t)
		}
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	s.announceRemote(id, t)
}

// maxUnclaimedTracks bounds the senders whose tracks wait for them.
const maxUnclaimedTracks = 64

// announceRemote tells of one of id's tracks.
func (s *session) announceRemote(id string, t *webrtc.TrackRemote) {
	kind := call.Audio
	if t.Kind() == webrtc.RTPCodecTypeVideo {
		kind = call.Video
	}
	s.mu.Lock()
	s.tracks[t.ID()] = call.TrackRemoved{ParticipantID: id, Kind: kind}
	s.mu.Unlock()
	s.emit(call.TrackAdded{ParticipantID: id, Kind: kind, Track: &remoteTrack{track: t, pc: s.sub}})
}

// emit passes an event on, or holds it until the session is announced
// (so that the session hears of people before their tracks).
func (s *session) emit(e call.Event) {
	s.mu.Lock()
	if !s.announced {
		s.held = append(s.held, e)
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	s.cl.emit(e)
}

// announce tells the client who is in the ring (after call.Joined), then
// what was held back.
func (s *session) announce() {
	s.mu.Lock()
	names := make(map[string]string, len(s.names))
	for id, n := range s.names {
		names[id] = n
	}
	s.mu.Unlock()
	s.cl.reconcile(names)
	s.mu.Lock()
	held := s.held
	s.held, s.announced = nil, true
	s.mu.Unlock()
	for _, e := range held {
		s.cl.emit(e)
	}
}
