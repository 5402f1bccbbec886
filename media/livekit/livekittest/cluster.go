package livekittest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/livekit/protocol/auth"

	"github.com/ringlet/ringlet/media/janus/janustest"
	"github.com/ringlet/ringlet/media/janus/localring"
	"github.com/ringlet/ringlet/media/livekit/localserver"
)

// Cluster is two LiveKit nodes (regions "a" and "b", media on 127.0.0.1
// and 127.0.0.2) sharing one Redis, in the private namespace.
type Cluster struct {
	Nodes [2]*Server
	redis *exec.Cmd
	port  int
}

// StartClusterT starts Debian's redis-server and two nodes for one test.
func StartClusterT(tb testing.TB) *Cluster {
	tb.Helper()
	if err := janustest.NoNamespace(); err != nil {
		tb.Skipf("livekittest: no private network namespace, so no LiveKit cluster: %v", err)
	}
	bin, err := Binary()
	if err != nil {
		tb.Fatalf("livekittest: %v", err)
	}
	c := &Cluster{}
	if c.port, err = localring.FreePort(); err != nil {
		tb.Fatal(err)
	}
	c.redis = exec.Command("redis-server", "--bind", "127.0.0.1", "--port", strconv.Itoa(c.port), "--save", "", "--appendonly", "no")
	c.redis.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := c.redis.Start(); err != nil {
		tb.Fatalf("livekittest: redis-server (Debian package redis-server): %v", err)
	}
	tb.Cleanup(func() { _ = c.redis.Process.Kill(); _ = c.redis.Wait() })
	if !waitListening(c.port) {
		tb.Fatal("livekittest: redis-server did not listen")
	}
	addr := fmt.Sprintf("127.0.0.1:%d", c.port)
	for i, o := range []Options{{Redis: addr, Region: "a"}, {Redis: addr, Region: "b", NodeIP: localring.ICEAddress}} {
		ls, err := localserver.Start(bin, o, tb.TempDir())
		if err != nil {
			tb.Fatalf("livekittest: node %d: %v", i, err)
		}
		s := &Server{ls}
		tb.Cleanup(func() {
			if tb.Failed() {
				tb.Logf("node %d log tail:\n%s", i, s.LogTail(30))
			}
			s.Stop()
		})
		c.Nodes[i] = s
	}
	return c
}

func waitListening(port int) bool {
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(30 * time.Millisecond) {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return true
		}
	}
	return false
}

// CreateRoom makes a room through node i's API; it lives on node i.
func (c *Cluster) CreateRoom(tb testing.TB, i int, room string) {
	tb.Helper()
	at := auth.NewAccessToken(APIKey, APISecret)
	at.SetVideoGrant(&auth.VideoGrant{RoomCreate: true}).SetValidFor(time.Hour)
	token, err := at.ToJWT()
	if err != nil {
		tb.Fatal(err)
	}
	body := fmt.Sprintf(`{"name":%q,"empty_timeout":600,"departure_timeout":600}`, room)
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("http://127.0.0.1:%d/twirp/livekit.RoomService/CreateRoom", c.Nodes[i].Port()), strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		tb.Fatalf("create room on node %d: %d %s", i, resp.StatusCode, out)
	}
}

// NodeOf tells which node a room lives on, by the cluster's own record
// (Redis' room_node_map and the node's media address), or -1.
func (c *Cluster) NodeOf(tb testing.TB, room string) int {
	tb.Helper()
	id := c.redisCLI(tb, "HGET", "room_node_map", room)
	if id == "" {
		return -1
	}
	info := c.redisCLI(tb, "HGET", "nodes", id)
	if strings.Contains(info, localring.ICEAddress) {
		return 1
	}
	return 0
}

func (c *Cluster) redisCLI(tb testing.TB, args ...string) string {
	tb.Helper()
	out, err := exec.Command("redis-cli", append([]string{"-p", strconv.Itoa(c.port), "--raw"}, args...)...).Output()
	if err != nil {
		tb.Fatalf("redis-cli %v: %v", args, err)
	}
	return string(bytes.TrimSpace(out))
}

// Via is a load balancer for one participant: it passes each connection
// to node prefer, or to the other node while that one is down, the way a
// cluster's load balancer stops sending people to a dead node.
func (c *Cluster) Via(tb testing.TB, prefer int) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	var wg sync.WaitGroup
	tb.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go c.pass(conn, prefer)
		}
	}()
	return "ws://" + ln.Addr().String()
}

func (c *Cluster) pass(conn net.Conn, prefer int) {
	defer conn.Close()
	var up net.Conn
	for _, i := range []int{prefer, 1 - prefer} {
		var err error
		if up, err = net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", c.Nodes[i].Port())); err == nil {
			break
		}
	}
	if up == nil {
		return
	}
	defer up.Close()
	go func() { _, _ = io.Copy(conn, up); conn.Close() }()
	_, _ = io.Copy(up, conn)
}
