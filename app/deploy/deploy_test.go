package deploy_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/deploy"
	"github.com/weftworks/weft/engine/bundle"
	"github.com/weftworks/weft/engine/flow"
)

// load calls path from workers goroutines until stop is closed, counting
// answers per version and every failed request.
type load struct {
	mu       sync.Mutex
	versions map[string]int
	failures []string
	total    atomic.Int64
	wg       sync.WaitGroup
}

func startLoad(s *server, path string, workers int, stop <-chan struct{}) *load {
	l := &load{versions: map[string]int{}}
	for range workers {
		l.wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				code, version, err := s.call(path)
				l.total.Add(1)
				l.mu.Lock()
				if err != nil || code != http.StatusOK {
					l.failures = append(l.failures, http.StatusText(code)+" "+errString(err))
				} else {
					l.versions[version]++
				}
				l.mu.Unlock()
			}
		})
	}
	return l
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (l *load) seen(version string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.versions[version] > 0
}

func TestSwapUnderLoadFailsNoRequest(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "echo.weft", bundleOf(t, "echo", "1.0.0", echoFlow("echo", "/echo", "v1", 20)))
	s := start(t, dir, nil)
	s.waitVersion("echo.weft", "1.0.0")

	stop := make(chan struct{})
	l := startLoad(s, "/echo", 8, stop)
	require.Eventually(t, func() bool { return l.seen("v1") }, 10*time.Second, 5*time.Millisecond)
	put(t, dir, "echo.weft", bundleOf(t, "echo", "2.0.0", echoFlow("echo", "/echo", "v2", 20)))
	require.Eventually(t, func() bool { return l.seen("v2") }, 15*time.Second, 5*time.Millisecond)
	s.waitVersion("echo.weft", "2.0.0")
	time.Sleep(100 * time.Millisecond) // a few more requests on v2 alone
	close(stop)
	l.wg.Wait()

	t.Logf("%d requests: %v", l.total.Load(), l.versions)
	assert.Empty(t, l.failures, "of %d requests", l.total.Load())
	assert.Positive(t, l.versions["v1"])
	assert.Positive(t, l.versions["v2"])
	b, _ := s.bundleStatus("echo.weft")
	assert.Empty(t, b.Draining, "the old version stopped once it had answered its requests")
}

func TestBadBundleKeepsThePreviousVersionServing(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "echo.weft", bundleOf(t, "echo", "1.0.0", echoFlow("echo", "/echo", "v1", 0)))
	s := start(t, dir, nil)
	s.waitVersion("echo.weft", "1.0.0")

	good := bundleOf(t, "echo", "2.0.0", echoFlow("echo", "/echo", "v2", 0))
	corrupt := append([]byte{}, good...)
	corrupt[len(corrupt)/2] ^= 0xff
	put(t, dir, "echo.weft", corrupt)
	b := s.waitRefused("echo.weft")
	assert.Contains(t, b.Refused.Error, "corrupt bundle")
	require.NotNil(t, b.Current)
	assert.Equal(t, "1.0.0", b.Current.Version)
	s.expect("/echo", "v1")

	put(t, dir, "echo.weft", good) // the fixed bundle is then swapped in
	s.waitVersion("echo.weft", "2.0.0")
	b, _ = s.bundleStatus("echo.weft")
	assert.Nil(t, b.Refused, "a served version clears the refusal")
}

func TestRefusedByVerifyNamesTheReason(t *testing.T) {
	dir := t.TempDir()
	errUnsigned := errors.New("not signed by the required key")
	put(t, dir, "echo.weft", bundleOf(t, "echo", "1.0.0", echoFlow("echo", "/echo", "v1", 0)))
	s := start(t, dir, func(file string, b *bundle.Bundle) error {
		if b.Manifest.Version != "1.0.0" {
			return errUnsigned
		}
		return nil
	})
	s.waitVersion("echo.weft", "1.0.0")
	put(t, dir, "echo.weft", bundleOf(t, "echo", "2.0.0", echoFlow("echo", "/echo", "v2", 0)))
	b := s.waitRefused("echo.weft")
	assert.Equal(t, "2.0.0", b.Refused.Version)
	assert.Equal(t, errUnsigned.Error(), b.Refused.Error)
	assert.Equal(t, "1.0.0", b.Current.Version)
}

func TestPathServedByAnotherBundleIsRefused(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "a.weft", bundleOf(t, "a", "1.0.0", echoFlow("a", "/echo", "a", 0)))
	s := start(t, dir, nil)
	s.waitVersion("a.weft", "1.0.0")
	put(t, dir, "b.weft", bundleOf(t, "b", "1.0.0", echoFlow("b", "/echo", "b", 0)))
	b := s.waitRefused("b.weft")
	assert.Contains(t, b.Refused.Error, "/echo is already served by a.weft")
	assert.Nil(t, b.Current)
	s.expect("/echo", "a")
}

func TestRemovedBundleDrainsAndStops(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "echo.weft", bundleOf(t, "echo", "1.0.0", echoFlow("echo", "/echo", "v1", 300)))
	put(t, dir, "other.weft", bundleOf(t, "other", "1.0.0", echoFlow("other", "/other", "o", 0)))
	s := start(t, dir, nil)
	s.waitVersion("echo.weft", "1.0.0")

	slow := make(chan int, 1)
	go func() {
		code, _, _ := s.call("/echo")
		slow <- code
	}()
	time.Sleep(100 * time.Millisecond) // the request is held by the delay node
	require.NoError(t, os.Remove(filepath.Join(dir, "echo.weft")))
	assert.Equal(t, http.StatusOK, <-slow, "a request taken before the removal is answered")
	require.Eventually(t, func() bool {
		_, listed := s.bundleStatus("echo.weft")
		return !listed
	}, 10*time.Second, 10*time.Millisecond)
	code, _, err := s.call("/echo")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, code)
	s.expect("/other", "o")
}

func TestStatusListsBundlesVersionsAndFlows(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "echo.weft", bundleOf(t, "echo", "1.2.3", echoFlow("echo", "/echo", "v1", 0)))
	put(t, dir, "notes.txt", []byte("not a bundle"))
	s := start(t, dir, nil)
	s.waitVersion("echo.weft", "1.2.3")
	st := s.d.Status()
	require.Len(t, st.Bundles, 1)
	cur := st.Bundles[0].Current
	assert.Equal(t, "echo", cur.Name)
	assert.Equal(t, []string{"/echo"}, cur.Paths)
	require.Len(t, cur.Flows, 1)
	assert.Equal(t, "echo", cur.Flows[0].ID)
	assert.Equal(t, "running", cur.Flows[0].Status)
	assert.NotEmpty(t, cur.Flows[0].RunID)
	assert.Len(t, cur.SHA256, 64)
}

// TestSwapNeverRunsAnExclusiveTriggerTwice: a flow with a folder watch,
// queue or schedule is stopped in the old version before the new version
// starts it; when the new version then fails to start, the old version's
// flow runs again.
func TestSwapNeverRunsAnExclusiveTriggerTwice(t *testing.T) {
	dir := t.TempDir()
	p := &probe{}
	put(t, dir, "w.weft", bundleOf(t, "w", "1.0.0", exclusiveFlow(false), echoFlow("echo", "/echo", "v1", 0)))
	s := startWith(t, dir, nil, p)
	s.waitVersion("w.weft", "1.0.0")
	require.Equal(t, int64(1), p.active.Load())

	put(t, dir, "w.weft", bundleOf(t, "w", "2.0.0", exclusiveFlow(false), echoFlow("echo", "/echo", "v2", 0)))
	s.waitVersion("w.weft", "2.0.0")
	require.Eventually(t, func() bool { return p.starts.Load() == 2 && p.active.Load() == 1 }, 10*time.Second, 5*time.Millisecond)
	assert.Equal(t, int64(1), p.peak.Load(), "the two versions' triggers overlapped")

	put(t, dir, "w.weft", bundleOf(t, "w", "3.0.0", exclusiveFlow(true), echoFlow("echo", "/echo", "v3", 0)))
	b := s.waitRefused("w.weft")
	assert.Contains(t, b.Refused.Error, "this trigger cannot start")
	require.Eventually(t, func() bool { return p.starts.Load() == 3 && p.active.Load() == 1 }, 10*time.Second, 5*time.Millisecond,
		"the previous version's flow was not restarted")
	assert.Equal(t, int64(1), p.peak.Load())
	b, _ = s.bundleStatus("w.weft")
	assert.Equal(t, "2.0.0", b.Current.Version)
	s.expect("/echo", "v2")
}

func TestBundleNameServedByAnotherFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "a.weft", bundleOf(t, "orders", "1.0.0", echoFlow("a", "/a", "a", 0)))
	s := start(t, dir, nil)
	s.waitVersion("a.weft", "1.0.0")
	put(t, dir, "b.weft", bundleOf(t, "orders", "1.0.1", echoFlow("b", "/b", "b", 0)))
	b := s.waitRefused("b.weft")
	assert.Equal(t, `bundle "orders" is already served by a.weft`, b.Refused.Error)
	code, _, err := s.call("/b")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, code)
}

// A bundle of batch flows runs them once and shows them completed.
func TestBatchBundleCompletes(t *testing.T) {
	dir := t.TempDir()
	batch := &flow.Flow{FormatVersion: flow.FormatVersion, ID: "once", Name: "Once",
		Nodes: []flow.Node{{ID: "in", Type: "core.manual", Config: map[string]any{"payloads": `[{"n": 1}]`}},
			{ID: "d", Type: "core.debug"}},
		Edges: []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "in", Port: "out"}, To: flow.PortRef{Node: "d", Port: "in"}}}}
	put(t, dir, "once.weft", bundleOf(t, "once", "1.0.0", batch))
	s := start(t, dir, nil)
	require.Eventually(t, func() bool {
		b, ok := s.bundleStatus("once.weft")
		return ok && b.Current != nil && b.Current.State == deploy.StateCompleted
	}, 10*time.Second, 10*time.Millisecond, "%+v", s.d.Status())
	b, _ := s.bundleStatus("once.weft")
	assert.Equal(t, "succeeded", b.Current.Flows[0].Status)
}

// A serving flow whose run fails is started again after a backoff; the
// rest of the bundle keeps serving meanwhile.
func TestFailedServingFlowIsRestarted(t *testing.T) {
	dir := t.TempDir()
	p := &probe{crash: make(chan struct{})}
	put(t, dir, "w.weft", bundleOf(t, "w", "1.0.0", exclusiveFlow(false), echoFlow("echo", "/echo", "v1", 0)))
	s := startWith(t, dir, nil, p)
	s.waitVersion("w.weft", "1.0.0")
	for n := int64(2); n <= 3; n++ {
		p.crash <- struct{}{}
		require.Eventually(t, func() bool { return p.starts.Load() == n && p.active.Load() == 1 },
			10*time.Second, 5*time.Millisecond, "restart %d never came", n-1)
	}
	b, _ := s.bundleStatus("w.weft")
	restarts := map[string]int{}
	for _, f := range b.Current.Flows {
		restarts[f.ID] = f.Restarts
	}
	assert.Equal(t, map[string]int{"watch": 2, "echo": 0}, restarts)
	assert.Equal(t, deploy.StateRunning, b.Current.State)
	s.expect("/echo", "v1")
}

func TestReservedPathIsRefused(t *testing.T) {
	dir := t.TempDir()
	put(t, dir, "ops.weft", bundleOf(t, "ops", "1.0.0", echoFlow("ops", "/metrics/custom", "x", 0)))
	reg := testRegistry(t, &probe{})
	d := deploy.New(deploy.Config{Dir: dir, Registry: reg, Reserved: []string{"/metrics"}, Settle: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	require.Eventually(t, func() bool { return d.Ready() == nil }, 10*time.Second, 5*time.Millisecond)
	st := d.Status()
	cancel()
	require.NoError(t, <-done)
	require.Len(t, st.Bundles, 1)
	require.NotNil(t, st.Bundles[0].Refused)
	assert.Equal(t, "webhook path /metrics/custom is reserved: weft serves /metrics there", st.Bundles[0].Refused.Error)
}
