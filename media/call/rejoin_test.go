package call

import (
	"context"
	"errors"
	"testing"
	"time"
)

var errGone, errRefused = errors.New("server gone"), errors.New("wrong PIN")

func quickPolicy() RejoinPolicy {
	return RejoinPolicy{MinBackoff: time.Millisecond, MaxBackoff: 4 * time.Millisecond, MaxOutage: time.Hour,
		Permanent: func(err error) bool { return errors.Is(err, errRefused) }}
}

// failing answers with errs in turn, then succeeds.
func failing(errs ...error) func(context.Context) error {
	return func(context.Context) error {
		if len(errs) == 0 {
			return nil
		}
		err := errs[0]
		errs = errs[1:]
		return err
	}
}

func TestRejoinTriesUntilItIsBackAndSaysEachAttempt(t *testing.T) {
	var said []Event
	err, left := Rejoin(quickPolicy(), errGone, make(chan struct{}), func(e Event) { said = append(said, e) }, failing(errGone, errGone))
	if err != nil || left {
		t.Fatalf("err %v, left %v", err, left)
	}
	if len(said) != 3 || said[2].(ConnectionLost).Attempt != 3 {
		t.Errorf("said %v, want three attempts", said)
	}
}

func TestRejoinStopsAtAPermanentError(t *testing.T) {
	err, left := Rejoin(quickPolicy(), errGone, make(chan struct{}), func(Event) {}, failing(errGone, errRefused, errGone))
	if !errors.Is(err, errRefused) || left {
		t.Fatalf("err %v, left %v", err, left)
	}
}

func TestRejoinGivesUpAfterTheOutage(t *testing.T) {
	p := quickPolicy()
	p.MaxOutage = 0
	err, left := Rejoin(p, errGone, make(chan struct{}), func(Event) {}, failing(errGone, errGone))
	if !errors.Is(err, errGone) || left {
		t.Fatalf("err %v, left %v", err, left)
	}
}

// Leaving ends a connect that hangs on a server that does not answer.
func TestRejoinEndsWhenThePersonLeaves(t *testing.T) {
	leaving := make(chan struct{})
	hanging := func(ctx context.Context) error {
		close(leaving)
		<-ctx.Done()
		return ctx.Err()
	}
	err, left := Rejoin(quickPolicy(), errGone, leaving, func(Event) {}, hanging)
	if err != nil || !left {
		t.Fatalf("err %v, left %v", err, left)
	}
}
