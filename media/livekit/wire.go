package livekit

import (
	"errors"

	"google.golang.org/protobuf/encoding/protowire"
)

// LiveKit's signalling is protobuf (livekit_rtc.proto and
// livekit_models.proto of github.com/livekit/protocol). Ringlet reads and
// writes the few messages and fields it uses with protowire, instead of
// linking LiveKit's generated package: that package is one Go package for
// every LiveKit service (egress, SIP, agents, with twirp, gRPC and zap
// behind it) and made the binary 14 MB larger. The field numbers below
// are the protocol's; the tests check every encoder against LiveKit's own
// generated types, and fuzz the decoders against them.

// Enum values of the protocol that Ringlet uses.
const (
	trackAudio = 0 // TrackType
	trackVideo = 1

	sourceCamera     = 1 // TrackSource
	sourceMicrophone = 2

	targetPublisher  = 0 // SignalTarget
	targetSubscriber = 1

	participantDisconnected = 3 // ParticipantInfo.State

	actionDisconnect = 0 // LeaveRequest.Action

	dataReliable = 0 // DataPacket.Kind
)

// DisconnectReason values.
const (
	reasonClientInitiated    = 1
	reasonDuplicateIdentity  = 2
	reasonServerShutdown     = 3
	reasonParticipantRemoved = 4
	reasonRoomDeleted        = 5
	reasonJoinFailure        = 7
	reasonRoomClosed         = 10
	reasonUserRejected       = 12
)

// sessionDescription is an SDP offer or answer.
type sessionDescription struct {
	Type, SDP string
	ID        uint32
}

// trickleCandidate is one ICE candidate, as JSON of RTCIceCandidateInit.
type trickleCandidate struct {
	CandidateInit string
	Target        uint64
}

// addTrack announces one of our tracks.
type addTrack struct {
	CID          string
	Type, Source uint64
}

// leave is a LeaveRequest, either way.
type leave struct {
	CanReconnect   bool
	Reason, Action uint64
}

// request is a SignalRequest; exactly one field is set.
type request struct {
	Offer, Answer *sessionDescription
	Trickle       *trickleCandidate
	AddTrack      *addTrack
	Leave         *leave
	Ping          int64 // a Ping when not 0
	PingReq       int64 // a PingReq with this timestamp when not 0
}

func (r request) marshal() []byte {
	var b []byte
	switch {
	case r.Offer != nil:
		b = appendMessage(b, 1, r.Offer.marshal())
	case r.Answer != nil:
		b = appendMessage(b, 2, r.Answer.marshal())
	case r.Trickle != nil:
		var t []byte
		t = appendString(t, 1, r.Trickle.CandidateInit)
		t = appendVarint(t, 2, r.Trickle.Target)
		b = appendMessage(b, 3, t)
	case r.AddTrack != nil:
		var t []byte
		t = appendString(t, 1, r.AddTrack.CID)
		t = appendVarint(t, 3, r.AddTrack.Type)
		t = appendVarint(t, 8, r.AddTrack.Source)
		b = appendMessage(b, 4, t)
	case r.Leave != nil:
		b = appendMessage(b, 8, r.Leave.marshal())
	case r.Ping != 0:
		b = protowire.AppendTag(b, 14, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(r.Ping))
	case r.PingReq != 0:
		b = appendMessage(b, 16, appendVarint(nil, 1, uint64(r.PingReq)))
	}
	return b
}

func (d *sessionDescription) marshal() []byte {
	var b []byte
	b = appendString(b, 1, d.Type)
	b = appendString(b, 2, d.SDP)
	return appendVarint(b, 3, uint64(d.ID))
}

func (l *leave) marshal() []byte {
	var b []byte
	if l.CanReconnect {
		b = appendVarint(b, 1, 1)
	}
	b = appendVarint(b, 2, l.Reason)
	return appendVarint(b, 3, l.Action)
}

// participant is a ParticipantInfo: who, under which name, with which
// tracks.
type participant struct {
	SID, Identity, Name string
	State               uint64
	Tracks              []string // track SIDs
}

// joinResponse is what the server says first.
type joinResponse struct {
	Self                      participant
	Others                    []participant
	ICEServerURLs             []string // read only to be ignored (and for tests)
	PingTimeout, PingInterval int64    // seconds
}

// response is a SignalResponse; at most one field is set, and nil fields
// with Other set mean a message Ringlet does not need.
type response struct {
	Join           *joinResponse
	Answer, Offer  *sessionDescription
	Trickle        *trickleCandidate
	Update         []participant
	TrackPublished string // the CID of a track the server accepted
	Leave          *leave
	RefreshToken   string
}

var errMalformed = errors.New("malformed protobuf")

// unmarshalResponse reads a SignalResponse.
func unmarshalResponse(b []byte) (response, error) {
	var r response
	err := eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		var err error
		switch num {
		case 1:
			var j joinResponse
			j, err = unmarshalJoin(v)
			r.Join = &j
		case 2:
			r.Answer, err = unmarshalDescription(v)
		case 3:
			r.Offer, err = unmarshalDescription(v)
		case 4:
			r.Trickle, err = unmarshalTrickle(v)
		case 5:
			err = eachField(v, func(num protowire.Number, v []byte, _ uint64) error {
				if num != 1 {
					return nil
				}
				p, err := unmarshalParticipant(v)
				r.Update = append(r.Update, p)
				return err
			})
		case 6:
			err = eachField(v, func(num protowire.Number, v []byte, _ uint64) error {
				if num == 1 {
					r.TrackPublished = string(v)
				}
				return nil
			})
		case 8:
			r.Leave, err = unmarshalLeave(v)
		case 16:
			r.RefreshToken = string(v)
		}
		return err
	})
	return r, err
}

func unmarshalJoin(b []byte) (joinResponse, error) {
	var j joinResponse
	err := eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		var err error
		switch num {
		case 2:
			j.Self, err = unmarshalParticipant(v)
		case 3:
			var p participant
			p, err = unmarshalParticipant(v)
			j.Others = append(j.Others, p)
		case 5:
			err = eachField(v, func(num protowire.Number, v []byte, _ uint64) error {
				if num == 1 {
					j.ICEServerURLs = append(j.ICEServerURLs, string(v))
				}
				return nil
			})
		case 10:
			j.PingTimeout = int64(int32(n))
		case 11:
			j.PingInterval = int64(int32(n))
		}
		return err
	})
	return j, err
}

func unmarshalParticipant(b []byte) (participant, error) {
	var p participant
	err := eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		switch num {
		case 1:
			p.SID = string(v)
		case 2:
			p.Identity = string(v)
		case 3:
			p.State = n
		case 4:
			return eachField(v, func(num protowire.Number, v []byte, _ uint64) error {
				if num == 1 {
					p.Tracks = append(p.Tracks, string(v))
				}
				return nil
			})
		case 9:
			p.Name = string(v)
		}
		return nil
	})
	return p, err
}

func unmarshalDescription(b []byte) (*sessionDescription, error) {
	var d sessionDescription
	err := eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		switch num {
		case 1:
			d.Type = string(v)
		case 2:
			d.SDP = string(v)
		case 3:
			d.ID = uint32(n)
		}
		return nil
	})
	return &d, err
}

func unmarshalTrickle(b []byte) (*trickleCandidate, error) {
	var t trickleCandidate
	err := eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		switch num {
		case 1:
			t.CandidateInit = string(v)
		case 2:
			t.Target = n
		}
		return nil
	})
	return &t, err
}

func unmarshalLeave(b []byte) (*leave, error) {
	var l leave
	err := eachField(b, func(num protowire.Number, v []byte, n uint64) error {
		switch num {
		case 1:
			l.CanReconnect = n != 0
		case 2:
			l.Reason = n
		case 3:
			l.Action = n
		}
		return nil
	})
	return &l, err
}

// userPacket is a DataPacket carrying a UserPacket: what chat and hands
// travel in.
type userPacket struct {
	// SenderIdentity is the DataPacket's participant_identity and
	// UserIdentity the UserPacket's: both are stamped by the server.
	SenderIdentity, UserIdentity string
	Topic                        string
	Payload                      []byte
	IsUser                       bool
}

func (p userPacket) marshal() []byte {
	var u []byte
	u = appendBytes(u, 2, p.Payload)
	u = appendString(u, 4, p.Topic)
	b := appendVarint(nil, 1, dataReliable)
	return appendMessage(b, 2, u)
}

func unmarshalDataPacket(b []byte) (userPacket, error) {
	var p userPacket
	err := eachField(b, func(num protowire.Number, v []byte, _ uint64) error {
		switch num {
		case 4:
			p.SenderIdentity = string(v)
		case 2:
			p.IsUser = true
			return eachField(v, func(num protowire.Number, v []byte, _ uint64) error {
				switch num {
				case 2:
					p.Payload = v
				case 4:
					p.Topic = string(v)
				case 5:
					p.UserIdentity = string(v)
				}
				return nil
			})
		}
		return nil
	})
	return p, err
}

// eachField calls f for every field of a message: v holds a
// length-delimited field's bytes, n a varint field's value. Fields of
// other wire types are skipped; a malformed message is an error.
func eachField(b []byte, f func(num protowire.Number, v []byte, n uint64) error) error {
	for len(b) > 0 {
		num, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return errMalformed
		}
		b = b[l:]
		var v []byte
		var n uint64
		switch typ {
		case protowire.BytesType:
			v, l = protowire.ConsumeBytes(b)
		case protowire.VarintType:
			n, l = protowire.ConsumeVarint(b)
		default:
			l = protowire.ConsumeFieldValue(num, typ, b)
		}
		if l < 0 {
			return errMalformed
		}
		b = b[l:]
		if typ != protowire.BytesType && typ != protowire.VarintType {
			continue
		}
		if err := f(num, v, n); err != nil {
			return err
		}
	}
	return nil
}

func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, s)
}

func appendBytes(b []byte, num protowire.Number, v []byte) []byte {
	if len(v) == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

func appendMessage(b []byte, num protowire.Number, m []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, m)
}

func appendVarint(b []byte, num protowire.Number, n uint64) []byte {
	if n == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, n)
}
