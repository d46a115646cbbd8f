package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/app/cluster/clustertest"
	"github.com/weftworks/weft/app/deploy"
	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/flow"
)

// webhookFlow answers POST /hello with body.
func webhookFlow(body string) flow.Flow {
	return flow.Flow{Name: "Hello hook",
		Nodes: []flow.Node{
			{ID: "in", Type: "http.webhook", Config: map[string]any{"path": "/hello"}},
			{ID: "out", Type: "http.response", Config: map[string]any{"body": body}},
		},
		Edges: []flow.Edge{{ID: "e1", From: flow.PortRef{Node: "in", Port: "out"}, To: flow.PortRef{Node: "out", Port: "in"}}}}
}

// runnerOver runs a real Deployer over dir, as `weft serve --bundles dir`
// does, until the test ends, and returns the URL of its webhooks.
func runnerOver(t *testing.T, dir string) (*deploy.Deployer, string) {
	t.Helper()
	reg, err := all.Registry()
	require.NoError(t, err)
	d := deploy.New(deploy.Config{Dir: dir, Registry: reg, Drain: time.Second, Settle: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	srv := httptest.NewServer(d.Handler())
	t.Cleanup(func() {
		srv.Close()
		cancel()
		require.NoError(t, <-done)
	})
	return d, srv.URL
}

// answer is what POST url answers, or the error.
func answer(url string) string {
	resp, err := http.Post(url, "application/json", nil)
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func TestDeployToAFolderIsServedByTheRunnerWatchingIt(t *testing.T) {
	svc, _ := newService(t)
	dir := t.TempDir()
	_, url := runnerOver(t, dir)
	require.NoError(t, svc.SaveDeployTargets([]app.DeployTarget{{ID: "prod", Name: "Production", Kind: app.TargetFolder, Folder: dir}}))
	res, err := svc.SaveFlow(webhookFlow(`{"v": 1}`))
	require.NoError(t, err)
	req := app.DeployRequest{Target: "prod", FlowIDs: []string{res.Flow.ID}, Name: "hello", Version: "1.0.0"}

	out, err := svc.Deploy(req)
	require.NoError(t, err)
	assert.Equal(t, "hello.weft", out.FileName)
	assert.Equal(t, filepath.Join(dir, "hello.weft"), out.Location)
	require.Eventually(t, func() bool { return answer(url+"/hello") == `{"v": 1}` }, 15*time.Second, 20*time.Millisecond)

	f := webhookFlow(`{"v": 2}`)
	f.ID = res.Flow.ID
	_, err = svc.SaveFlow(f)
	require.NoError(t, err)
	req.Version = "1.0.1"
	_, err = svc.Deploy(req)
	require.NoError(t, err)
	require.Eventually(t, func() bool { return answer(url+"/hello") == `{"v": 2}` }, 15*time.Second, 20*time.Millisecond,
		"a second deploy of the same name replaces the first on the runner")
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	assert.Equal(t, []string{filepath.Join(dir, "hello.weft")}, left, "one file, no temporary left behind")

	e := entriesOf(t, svc, "bundle.deploy")
	assert.Equal(t, "local", e.Actor)
	assert.Equal(t, "prod/hello.weft", e.Target)
	assert.Contains(t, e.Detail, "hello 1.0.1")
}

// approvalGate lets a flow go in the versions (digests) approved, unless
// the actor is the approver; asked is the last digest asked about.
type approvalGate struct {
	approver string
	approved map[string]bool // flow id + digest
	asked    string
}

func (g *approvalGate) CheckRelease(actor, flowID, digest string) error {
	g.asked = digest
	if g.approved[flowID+digest] && actor != g.approver {
		return nil
	}
	return assert.AnError
}

func TestADeployNeedsTheGateAndARefusalIsAudited(t *testing.T) {
	svc, _ := newService(t)
	dir := t.TempDir()
	require.NoError(t, svc.SaveDeployTargets([]app.DeployTarget{{ID: "prod", Kind: app.TargetFolder, Folder: dir}}))
	res, err := svc.SaveFlow(webhookFlow(`{}`))
	require.NoError(t, err)
	gate := &approvalGate{approver: "dee", approved: map[string]bool{}}
	app.SetReleaseGate(svc, gate)
	dan := app.AsActor(svc, "dan")
	req := app.DeployRequest{Target: "prod", FlowIDs: []string{res.Flow.ID}, Name: "hello", Version: "1"}

	_, err = dan.Deploy(req)
	require.ErrorIs(t, err, assert.AnError)
	assert.NoFileExists(t, filepath.Join(dir, "hello.weft"))
	refused := entriesOf(t, svc, "deploy.refused")
	assert.Equal(t, "dan", refused.Actor)
	assert.Equal(t, "prod/hello.weft", refused.Target)

	gate.approved[res.Flow.ID+gate.asked] = true
	_, err = dan.Deploy(req)
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(dir, "hello.weft"))
	assert.Equal(t, "dan", entriesOf(t, svc, "bundle.deploy").Actor)

	_, err = app.AsActor(svc, "ada").Deploy(app.DeployRequest{Target: "staging", FlowIDs: req.FlowIDs, Name: "x"})
	assert.ErrorIs(t, err, app.ErrNoTarget)
}

func TestDeployTargetsAreCheckedAndKept(t *testing.T) {
	svc, _ := newService(t)
	err := svc.SaveDeployTargets([]app.DeployTarget{
		{ID: "a", Kind: app.TargetFolder, Folder: "relative/dir"},
		{ID: "b", Kind: app.TargetCluster, Cluster: "not a url"},
		{ID: "b", Kind: "ftp"},
		{ID: "", Kind: app.TargetFolder, Folder: "/srv", RunnerURL: "ftp://x"},
	})
	require.Error(t, err)
	for _, want := range []string{"not an absolute path", "want nats://", "listed twice", "unknown kind", "needs an id", "not an http(s) URL"} {
		assert.ErrorContains(t, err, want)
	}
	list, err := svc.ListDeployTargets()
	require.NoError(t, err)
	assert.Empty(t, list, "nothing is saved when a target is wrong")

	good := []app.DeployTarget{{ID: "c", Kind: app.TargetCluster, Cluster: "nats://127.0.0.1:4222,nats://127.0.0.1:4223", BundleBucket: "b"}}
	require.NoError(t, svc.SaveDeployTargets(good))
	list, err = svc.ListDeployTargets()
	require.NoError(t, err)
	assert.Equal(t, good, list)

	res, err := svc.SaveFlow(webhookFlow(`{}`))
	require.NoError(t, err)
	require.NoError(t, svc.SaveDeployTargets([]app.DeployTarget{{ID: "gone", Kind: app.TargetFolder, Folder: filepath.Join(t.TempDir(), "missing")}}))
	_, err = svc.Deploy(app.DeployRequest{Target: "gone", FlowIDs: []string{res.Flow.ID}, Name: "hello", Version: "1"})
	assert.ErrorContains(t, err, "is missing")
	assert.Contains(t, entriesOf(t, svc, "deploy.failed").Detail, "is missing", "a deploy the target did not take is audited")
	_, err = svc.Deploy(app.DeployRequest{Target: "gone", FlowIDs: []string{res.Flow.ID}, Name: "  "})
	assert.ErrorContains(t, err, "needs a bundle name")
}

func TestDeployToAClusterReachesItsBundleSet(t *testing.T) {
	dir := t.TempDir()
	nats := clustertest.MustStart(t, 3)
	svc, _ := newService(t)
	require.NoError(t, svc.SaveDeployTargets([]app.DeployTarget{{ID: "fleet", Kind: app.TargetCluster, Cluster: nats.URL(), BundleBucket: "weft_release_test"}}))
	res, err := svc.SaveFlow(webhookFlow(`{"v": 1}`))
	require.NoError(t, err)
	out, err := svc.Deploy(app.DeployRequest{Target: "fleet", FlowIDs: []string{res.Flow.ID}, Name: "hello", Version: "1"})
	require.NoError(t, err)
	assert.Contains(t, out.Location, "hello.weft in nats://")

	c, err := cluster.Connect(context.Background(), cluster.Config{URL: nats.URL(), BundleBucket: "weft_release_test"})
	require.NoError(t, err)
	defer c.Close()
	mirror := filepath.Join(dir, "mirror")
	require.NoError(t, os.Mkdir(mirror, 0o755))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ready := make(chan struct{})
	go func() { _ = c.MirrorBundles(ctx, mirror, func() { close(ready) }) }()
	select {
	case <-ready:
	case <-ctx.Done():
		t.Fatal("the mirror never got ready")
	}
	_, url := runnerOver(t, mirror)
	require.Eventually(t, func() bool { return answer(url+"/hello") == `{"v": 1}` }, 15*time.Second, 20*time.Millisecond,
		"a runner mirroring the cluster's set serves the deployed bundle")
}
