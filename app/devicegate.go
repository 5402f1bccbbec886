package app

import (
	"context"
	"sync"
)

// deviceGate lets a call or a try-out open camera and microphone only
// once the call before it has let go of them. A call is left in the
// background (the goodbye to the server may take seconds), so whoever
// joins again at once, or opens the try-out, would otherwise find the
// microphone still held ("already opened") and fail for no reason they
// could see.
type deviceGate struct {
	mu       sync.Mutex
	released <-chan struct{} // closed once the last call released its devices; nil: none
}

// waitFree returns once the last call's devices are released, or ctx ends.
func (g *deviceGate) waitFree(ctx context.Context) error {
	g.mu.Lock()
	released := g.released
	g.mu.Unlock()
	if released == nil {
		return nil
	}
	select {
	case <-released:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// join joins a native ring once the devices are free.
func (g *deviceGate) join(ctx context.Context, req JoinRequest) (Call, error) {
	if err := g.waitFree(ctx); err != nil {
		return nil, err
	}
	c, err := joinSession(ctx, req)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.released = c.released
	g.mu.Unlock()
	return c, nil
}

// openPreview opens the try-out once the devices are free. A call that
// takes longer than its own goodbye to let go is not waited for: the
// try-out then says what it cannot open, as it always does.
func (g *deviceGate) openPreview(req PreviewRequest) (Preview, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*leaveTimeout)
	defer cancel()
	_ = g.waitFree(ctx)
	return openPreviewDevices(req)
}
