package call

import "time"

// HandRepeat is how long after someone arrives a raised hand is told
// again: their subscription to our data needs a moment, and what is sent
// before it is lost (neither Janus nor LiveKit keeps it for newcomers).
const HandRepeat = 2 * time.Second

// RepeatRaisedHand tells a newcomer about the own raised hand, HandRepeat
// after they arrived, if it is still up then. up reports the hand; send
// sends "hand up" on the engine's data channel.
func RepeatRaisedHand(up func() bool, send func() error) {
	if !up() {
		return
	}
	time.AfterFunc(HandRepeat, func() {
		if up() {
			_ = send()
		}
	})
}
