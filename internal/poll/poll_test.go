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

// A condition that fails the test ends the wait there.
func TestUntilStopsWhenTheConditionFailsTheTest(t *testing.T) {
	inner := &testing.T{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Until(inner, "never", func() bool {
			inner.FailNow()
			return false
		})
	}()
	<-done
	if !inner.Failed() {
		t.Error("the failed condition did not fail the test")
	}
}
