package poll

import (
	"sync/atomic"
	"testing"
)

// Until returns once the condition holds, having asked again until then.
func TestUntilWaitsForTheCondition(t *testing.T) {
	var asked atomic.Int32
	Until(t, "the third question", func() bool { return asked.Add(1) == 3 })
	if n := asked.Load(); n != 3 {
		t.Errorf("asked %d times, want 3", n)
	}
}
