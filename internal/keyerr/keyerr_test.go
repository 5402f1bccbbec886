package keyerr

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

func TestErrorsMatchByKeyAndUnwrap(t *testing.T) {
	sentinel := New("media.capture.no_camera")
	err := fmt.Errorf("opening: %w", Wrap("media.capture.no_camera", io.EOF))
	if !errors.Is(err, sentinel) {
		t.Error("a wrapped error with the sentinel's key does not match it")
	}
	if !errors.Is(err, io.EOF) {
		t.Error("the cause is lost")
	}
	if errors.Is(err, New("media.capture.no_microphone")) {
		t.Error("another key matches")
	}
	var ke *Error
	if !errors.As(err, &ke) || ke.MessageKey() != "media.capture.no_camera" {
		t.Errorf("As: %v", ke)
	}
	if got := Wrap("k", io.EOF).Error(); got != "k: EOF" {
		t.Errorf("Error() = %q", got)
	}
	if got := New("k").Error(); got != "k" {
		t.Errorf("Error() = %q", got)
	}
	withArgs := &Error{Key: "k", Args: map[string]any{"N": 3}}
	if withArgs.MessageArgs()["N"] != 3 {
		t.Error("args lost")
	}
}
