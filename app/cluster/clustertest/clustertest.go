package clustertest

import (
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// startTimeout bounds the wait for the cluster to elect its leader;
// readyTimeout the wait for each attempt's servers to take connections.
const (
	startTimeout  = 30 * time.Second
	readyTimeout  = 10 * time.Second
	startAttempts = 3
)

// Cluster is a running JetStream cluster of embedded servers.
type Cluster struct {
	mu      sync.Mutex
	servers []*server.Server
	down    []bool
}

// Start starts n servers that route to each other on loopback ports and
// keep their JetStream files under dir, and waits until JetStream has a
// leader. The route ports are picked free and bound a moment later; when
// another process takes one in between, that server never starts (the
// embedded server logs nothing), so Start tries again with other ports.
func Start(dir string, n int) (*Cluster, error) {
	var err error
	for attempt := 1; attempt <= startAttempts; attempt++ {
		var c *Cluster
		if c, err = start(filepath.Join(dir, fmt.Sprintf("try%d", attempt)), n); err == nil {
			return c, nil
		}
	}
	return nil, err
}

// start is one attempt of Start.
func start(dir string, n int) (*Cluster, error) {
	ports, err := freePorts(n)
	if err != nil {
		return nil, err
	}
	var routes []string
	for _, p := range ports {
		routes = append(routes, fmt.Sprintf("nats://127.0.0.1:%d", p))
	}
	c := &Cluster{}
	for i := range n {
		o := &server.Options{ServerName: fmt.Sprintf("n%d", i+1), Host: "127.0.0.1", Port: -1,
			JetStream: true, StoreDir: filepath.Join(dir, fmt.Sprintf("n%d", i+1)), NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "weft", Host: "127.0.0.1", Port: ports[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ","))}
		s, err := server.NewServer(o)
		if err != nil {
			c.Shutdown()
			return nil, err
		}
		go s.Start()
		c.servers = append(c.servers, s)
		c.down = append(c.down, false)
	}
	if err := c.waitReady(); err != nil {
		c.Shutdown()
		return nil, err
	}
	return c, nil
}

// MustStart is Start for a test: the cluster lives in t's temporary
// folder and is shut down when t ends.
func MustStart(t testing.TB, n int) *Cluster {
	t.Helper()
	c, err := Start(t.TempDir(), n)
	if err != nil {
		t.Fatalf("starting %d NATS servers: %v", n, err)
	}
	t.Cleanup(c.Shutdown)
	return c
}

// freePorts returns n loopback ports that were free a moment ago.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			_ = l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// waitReady waits until every server takes connections and one leads
// JetStream's meta group with every server current.
func (c *Cluster) waitReady() error {
	ready := time.Now().Add(readyTimeout)
	for _, s := range c.servers {
		if !s.ReadyForConnections(time.Until(ready)) {
			return errors.New("a NATS server did not start")
		}
	}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		leader, current := false, true
		for _, s := range c.servers {
			leader = leader || s.JetStreamIsLeader()
			current = current && s.JetStreamIsCurrent()
		}
		if leader && current {
			return nil
		}
		time.Sleep(25 * time.Millisecond)
	}
	return errors.New("the NATS servers elected no JetStream leader in time")
}

// URL is the client URL of every running server, comma-separated.
func (c *Cluster) URL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var urls []string
	for i, s := range c.servers {
		if !c.down[i] {
			urls = append(urls, s.ClientURL())
		}
	}
	return strings.Join(urls, ",")
}

// ServerURL is the client URL of server i.
func (c *Cluster) ServerURL(i int) string { return c.servers[i].ClientURL() }

// Stop shuts server i down (its files stay), as a machine going away.
func (c *Cluster) Stop(i int) {
	c.mu.Lock()
	c.down[i] = true
	s := c.servers[i]
	c.mu.Unlock()
	s.Shutdown()
	s.WaitForShutdown()
}

// Shutdown stops every server.
func (c *Cluster) Shutdown() {
	for i := range c.servers {
		c.Stop(i)
	}
}
