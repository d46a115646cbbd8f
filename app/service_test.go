package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/runtime"
)

// newService returns a service over a fresh bbolt file and the real
// registry.
func newService(t *testing.T) (*app.Service, *app.Hub) {
	t.Helper()
	studio, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "weft.db"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, studio.Close()) })
	return studio.Service, studio.Hub
}

// helloFlow is manual trigger → script → debug.
func helloFlow(code string) flow.Flow {
	return flow.Flow{
		Name: "Hello",
		Nodes: []flow.Node{
			{ID: "n1", Type: "core.manual", Config: map[string]any{"payloads": `[{"name":"Ada"},{"name":"Grace"}]`}},
			{ID: "n2", Type: "core.script", Config: map[string]any{"code": code}},
			{ID: "n3", Type: "core.debug"},
		},
		Edges: []flow.Edge{
			{ID: "e1", From: flow.PortRef{Node: "n1", Port: "out"}, To: flow.PortRef{Node: "n2", Port: "in"}},
			{ID: "e2", From: flow.PortRef{Node: "n2", Port: "out"}, To: flow.PortRef{Node: "n3", Port: "in"}},
		},
		Layout: map[string]flow.Position{"n1": {X: 0, Y: 0}, "n2": {X: 200, Y: 0}, "n3": {X: 400, Y: 0}},
	}
}

func waitRun(t *testing.T, svc *app.Service, id string) *runtime.Record {
	t.Helper()
	var rec *runtime.Record
	require.Eventually(t, func() bool {
		var err error
		rec, err = svc.GetRun(id)
		require.NoError(t, err)
		return rec.Status != runtime.StatusRunning
	}, 10*time.Second, 20*time.Millisecond)
	return rec
}

func TestSaveListGetAndHistory(t *testing.T) {
	svc, _ := newService(t)
	res, err := svc.SaveFlow(helloFlow(`return {greeting: "Hello, " + msg.name};`))
	require.NoError(t, err)
	assert.NotEmpty(t, res.Flow.ID)
	assert.Equal(t, 1, res.Flow.Version)
	assert.Empty(t, errorsOf(res.Problems))

	f, err := svc.GetFlow(res.Flow.ID)
	require.NoError(t, err)
	f.Layout["n2"] = flow.Position{X: 250, Y: 40}
	f.Name = "Hello again"
	res2, err := svc.SaveFlow(*f)
	require.NoError(t, err)
	assert.Equal(t, res.Flow.ID, res2.Flow.ID)
	assert.Equal(t, 2, res2.Flow.Version)

	flows, err := svc.ListFlows()
	require.NoError(t, err)
	require.Len(t, flows, 1)
	assert.Equal(t, "Hello again", flows[0].Name)

	hist, err := svc.FlowHistory(res.Flow.ID)
	require.NoError(t, err)
	require.Len(t, hist, 2)
	assert.Equal(t, 2, hist[0].Version)
	assert.Contains(t, hist[0].Summary, "moved")

	require.NoError(t, svc.DeleteFlow(res.Flow.ID))
	_, err = svc.GetFlow(res.Flow.ID)
	assert.ErrorIs(t, err, app.ErrNotFound)
}

func TestRunRecordsEveryNode(t *testing.T) {
	svc, hub := newService(t)
	events, stop := hub.Subscribe()
	defer stop()
	res, err := svc.SaveFlow(helloFlow(`return {greeting: "Hello, " + msg.name};`))
	require.NoError(t, err)

	id, err := svc.StartRun(res.Flow.ID)
	require.NoError(t, err)
	rec := waitRun(t, svc, id)
	require.Equal(t, runtime.StatusSucceeded, rec.Status, rec.Error)
	assert.Equal(t, res.Flow.ID, rec.FlowID)
	assert.EqualValues(t, 2, rec.Nodes["n1"].Out)
	assert.EqualValues(t, 2, rec.Nodes["n3"].In)
	require.NotEmpty(t, rec.Nodes["n2"].Emitted)
	assert.Equal(t, map[string]any{"greeting": "Hello, Ada"}, jsoncodec.Plain(rec.Nodes["n2"].Emitted[0].Payload))

	runs, err := svc.ListRuns(res.Flow.ID)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, id, runs[0].ID)

	select {
	case e := <-events:
		assert.Equal(t, "run", e.Name)
	case <-time.After(5 * time.Second):
		t.Fatal("no run event published")
	}
}

func TestInvalidFlowIsSavedAsDraftButNotRun(t *testing.T) {
	svc, _ := newService(t)
	f := helloFlow("")
	f.Nodes = append(f.Nodes, flow.Node{ID: "n4", Type: "core.nope"})
	res, err := svc.SaveFlow(f)
	require.NoError(t, err, "a draft must be saved")
	errs := errorsOf(res.Problems)
	require.Len(t, errs, 2)

	_, err = svc.StartRun(res.Flow.ID)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "n2")
	assert.Contains(t, err.Error(), "code")
	assert.Contains(t, err.Error(), "core.nope")
}

func TestScriptThatThrowsFailsTheRunWithReason(t *testing.T) {
	svc, _ := newService(t)
	res, err := svc.SaveFlow(helloFlow("\nthrow new Error('bad ' + msg.name);"))
	require.NoError(t, err)
	id, err := svc.StartRun(res.Flow.ID)
	require.NoError(t, err)
	rec := waitRun(t, svc, id)
	assert.Equal(t, runtime.StatusFailed, rec.Status)
	assert.Contains(t, rec.Error, "n2")
	assert.Contains(t, rec.Error, "bad Ada")
	assert.Contains(t, rec.Error, "line 2")
}

func TestUnknownIDsAreNotFound(t *testing.T) {
	svc, _ := newService(t)
	_, err := svc.GetFlow("missing")
	assert.ErrorIs(t, err, app.ErrNotFound)
	_, err = svc.GetRun("missing")
	assert.ErrorIs(t, err, app.ErrNotFound)
	_, err = svc.StartRun("missing")
	assert.ErrorIs(t, err, app.ErrNotFound)
}

func errorsOf(problems []flow.Problem) []flow.Problem {
	var out []flow.Problem
	for _, p := range problems {
		if p.Severity == "error" {
			out = append(out, p)
		}
	}
	return out
}

func TestSecondOpenOfTheSameFileIsRefusedClearly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	first, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	defer first.Close()
	_, err = app.Open(context.Background(), path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Weft Studio is already running with "+path)
}

func TestCloseStopsRunningRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	studio, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	f := helloFlow("while (true) {}")
	f.Nodes[1].Config["timeoutMs"] = 60000
	res, err := studio.Service.SaveFlow(f)
	require.NoError(t, err)
	id, err := studio.Service.StartRun(res.Flow.ID)
	require.NoError(t, err)
	require.NoError(t, studio.Close())

	reopened, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	defer reopened.Close()
	rec, err := reopened.Service.GetRun(id)
	require.NoError(t, err, "the run record is saved before the file closes")
	assert.Equal(t, runtime.StatusCancelled, rec.Status)
}
