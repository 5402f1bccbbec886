package peertext

import "testing"

// Each sender has a burst of ChatBurst, then is cut off; others are not
// affected, and a sender that left starts afresh.
func TestLimitsPerSender(t *testing.T) {
	var l Limits[string]
	passed := 0
	for i := 0; i < 5*ChatBurst; i++ {
		if l.Allow("fox") {
			passed++
		}
	}
	// A few more may pass while the loop runs (ChatRate a second).
	if passed < ChatBurst || passed > ChatBurst+2 {
		t.Errorf("%d of a flood passed, want about %d", passed, ChatBurst)
	}
	if !l.Allow("owl") {
		t.Error("the flood cut off someone else")
	}
	l.Forget("fox")
	if !l.Allow("fox") {
		t.Error("a sender who left and came back is still cut off")
	}
}
