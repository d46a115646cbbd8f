package deploy_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/deploy"
	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime/runtimetest"
	"github.com/weftworks/weft/engine/spec"
)

// echoFlow answers POST path with {"version": version} after delayMs.
func echoFlow(id, path, version string, delayMs float64) *flow.Flow {
	return &flow.Flow{FormatVersion: flow.FormatVersion, ID: id, Name: "Echo " + version,
		Nodes: []flow.Node{
			{ID: "in", Type: "http.webhook", Config: map[string]any{"path": path}},
			{ID: "wait", Type: "control.delay", Config: map[string]any{"delayMs": delayMs}},
			{ID: "out", Type: "http.response", Config: map[string]any{"body": `{"version": "` + version + `"}`}},
		},
		Edges: []flow.Edge{
			{ID: "e1", From: flow.PortRef{Node: "in", Port: "out"}, To: flow.PortRef{Node: "wait", Port: "in"}},
			{ID: "e2", From: flow.PortRef{Node: "wait", Port: "out"}, To: flow.PortRef{Node: "out", Port: "in"}},
		}}
}

// bundleOf builds a bundle named name at version of flows.
func bundleOf(t *testing.T, name, version string, flows ...*flow.Flow) []byte {
	t.Helper()
	reg := testRegistry(t, &probe{})
	data, err := bundle.Build(flows, bundle.Meta{Name: name, Version: version}, reg)
	require.NoError(t, err)
	return data
}

// put writes a bundle file the way an operator's cp does: in place.
func put(t *testing.T, dir, file string, data []byte) {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, file), data, 0o644))
}

// server is a running Deployer over a folder, with its webhooks served.
type server struct {
	t   *testing.T
	dir string
	d   *deploy.Deployer
	url string
}

// start runs a Deployer over dir until the test ends.
func start(t *testing.T, dir string, verify func(string, *bundle.Bundle) error) *server {
	t.Helper()
	return startWith(t, dir, verify, &probe{})
}

// startWith is start with p counting the test.exclusive triggers.
func startWith(t *testing.T, dir string, verify func(string, *bundle.Bundle) error, p *probe) *server {
	t.Helper()
	reg := testRegistry(t, p)
	d := deploy.New(deploy.Config{Dir: dir, Registry: reg, Verify: verify, Drain: 5 * time.Second,
		Settle: 50 * time.Millisecond, RestartBackoff: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	srv := httptest.NewServer(d.Handler())
	t.Cleanup(func() {
		srv.Close()
		cancel()
		require.NoError(t, <-done)
	})
	require.Eventually(t, func() bool { return d.Ready() == nil }, 10*time.Second, 5*time.Millisecond)
	return &server{t: t, dir: dir, d: d, url: srv.URL}
}

// call POSTs to path and returns the status and the "version" answered.
func (s *server) call(path string) (int, string, error) {
	resp, err := http.Post(s.url+path, "application/json", nil)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "", err
	}
	var out struct{ Version string }
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &out); err != nil {
			return resp.StatusCode, "", fmt.Errorf("body %q: %w", body, err)
		}
	}
	return resp.StatusCode, out.Version, nil
}

// bundleStatus is the status of file; ok false when the Deployer does not
// list it.
func (s *server) bundleStatus(file string) (deploy.BundleStatus, bool) {
	for _, b := range s.d.Status().Bundles {
		if b.File == file {
			return b, true
		}
	}
	return deploy.BundleStatus{}, false
}

// waitVersion waits until file's current version is version and running.
func (s *server) waitVersion(file, version string) {
	s.t.Helper()
	require.Eventually(s.t, func() bool {
		b, ok := s.bundleStatus(file)
		return ok && b.Current != nil && b.Current.Version == version && b.Current.State == deploy.StateRunning
	}, 15*time.Second, 10*time.Millisecond, "%s never ran version %s: %+v", file, version, s.d.Status())
}

// probe counts the running test.exclusive triggers: how many run now, the
// most that ever ran at once, and how many started.
type probe struct {
	active, peak, starts atomic.Int64
	// crash, when set, makes a running trigger fail (one per receive).
	crash chan struct{}
}

// node is a test.exclusive trigger: it fails at once when fail is set,
// else it runs until stopped.
func (p *probe) node(fail bool) registry.Node {
	return nodeFunc(func(ctx context.Context, _ registry.IO) error {
		if fail {
			return errors.New("this trigger cannot start")
		}
		n := p.active.Add(1)
		p.starts.Add(1)
		for {
			peak := p.peak.Load()
			if n <= peak || p.peak.CompareAndSwap(peak, n) {
				break
			}
		}
		defer p.active.Add(-1)
		select {
		case <-ctx.Done():
			return nil
		case <-p.crash:
			return errors.New("lost the connection")
		}
	})
}

type nodeFunc = runtimetest.NodeFunc

// testRegistry is every connector plus test.exclusive, a trigger that
// must never run twice at once, counted by p.
func testRegistry(t *testing.T, p *probe) *registry.Registry {
	t.Helper()
	reg, err := all.Registry()
	require.NoError(t, err)
	require.NoError(t, reg.Register(spec.Spec{Type: "test.exclusive", Title: "Exclusive", Category: spec.Trigger,
		Outputs: []spec.Port{{Name: "out"}},
		Config:  []spec.Field{{Name: "fail", Title: "Fail", Type: spec.Boolean}}},
		func(_ flow.Node, cfg map[string]any) (registry.Node, error) {
			fail, _ := cfg["fail"].(bool)
			return p.node(fail), nil
		}))
	return reg
}

// exclusiveFlow is one test.exclusive trigger into a debug node.
func exclusiveFlow(fail bool) *flow.Flow {
	return &flow.Flow{FormatVersion: flow.FormatVersion, ID: "watch", Name: "Watch",
		Nodes: []flow.Node{
			{ID: "t", Type: "test.exclusive", Config: map[string]any{"fail": fail}},
			{ID: "d", Type: "core.debug"},
		},
		Edges: []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "t", Port: "out"}, To: flow.PortRef{Node: "d", Port: "in"}}}}
}

// waitRefused waits until file has a refusal and returns its status.
func (s *server) waitRefused(file string) deploy.BundleStatus {
	s.t.Helper()
	require.Eventually(s.t, func() bool {
		b, _ := s.bundleStatus(file)
		return b.Refused != nil
	}, 10*time.Second, 10*time.Millisecond, "%s was never refused: %+v", file, s.d.Status())
	b, _ := s.bundleStatus(file)
	return b
}

// expect checks that path answers 200 with version.
func (s *server) expect(path, version string) {
	s.t.Helper()
	code, got, err := s.call(path)
	require.NoError(s.t, err)
	assert.Equal(s.t, http.StatusOK, code)
	assert.Equal(s.t, version, got)
}
