package localring

import (
	"errors"
	"fmt"
	"net"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// Process is a server process started for a local ring (Janus here, the
// LiveKit server in media/livekit/localserver): it dies with this
// program, and may be started again, killed or stopped from any goroutine.
// The zero value is a stopped process.
type Process struct {
	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Why Start failed.
var (
	ErrExited       = errors.New("the server exited at start")
	ErrNotListening = errors.New("the server did not listen")
)

// Start starts cmd and waits until it listens on 127.0.0.1:port.
func (p *Process) Start(cmd *exec.Cmd, port int, within time.Duration) error {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	p.mu.Lock()
	p.cmd, p.done = cmd, done
	p.mu.Unlock()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(30 * time.Millisecond) {
		select {
		case <-done:
			return ErrExited
		default:
		}
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
	}
	p.Kill()
	return fmt.Errorf("%w on %d", ErrNotListening, port)
}

// PID of the running process, 0 if stopped.
func (p *Process) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// take hands over the running process, leaving none.
func (p *Process) take() (*exec.Cmd, chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	cmd, done := p.cmd, p.done
	p.cmd = nil
	return cmd, done
}

// Kill ends the process abruptly, like a crash.
func (p *Process) Kill() {
	if cmd, done := p.take(); cmd != nil {
		_ = cmd.Process.Kill()
		<-done
	}
}

// Stop ends the process gently, and for good after five seconds.
func (p *Process) Stop() {
	cmd, done := p.take()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-done
	}
}
