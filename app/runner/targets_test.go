package runner_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/alerts"
	"github.com/weftworks/weft/app/cluster"
	"github.com/weftworks/weft/app/cluster/clustertest"
	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/engine/message"
	"github.com/weftworks/weft/engine/registry"
	"github.com/weftworks/weft/engine/runtime"
	"github.com/weftworks/weft/engine/spec"
	"github.com/weftworks/weft/engine/spool"
)

// TestADeadLetterOnARunnerFiresAStudioAlert: a message whose work keeps
// failing on a real weft serve is dead-lettered; Studio, watching the
// runner of its deploy target, posts a deadLetters alert to a webhook on
// loopback and keeps it; once the dead letter is purged the alert
// resolves.
func TestADeadLetterOnARunnerFiresAStudioAlert(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	t.Cleanup(upstream.Close)
	base := serveInbox(t, inboxRegistry(t, &spec.TriggerTraits{Kind: spec.TriggerHTTP, PathField: "route", Spooled: true}), upstream.URL)

	var mu sync.Mutex
	var got []alerts.Alert
	hook := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		var a alerts.Alert
		_ = json.NewDecoder(r.Body).Decode(&a)
		mu.Lock()
		got = append(got, a)
		mu.Unlock()
	}))
	t.Cleanup(hook.Close)
	studio, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "weft.db"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, studio.Close()) })
	svc := studio.Service
	require.NoError(t, svc.SaveDeployTargets([]app.DeployTarget{
		{ID: "local", Kind: app.TargetFolder, Folder: t.TempDir(), RunnerURL: base},
		{ID: "blind", Kind: app.TargetFolder, Folder: t.TempDir()}, // no runner URL: nothing to ask
	}))
	require.NoError(t, svc.SaveUsageSettings(app.UsageSettings{Rules: []alerts.Rule{
		{ID: "dead", Metric: alerts.DeadLetters, Threshold: 0, WindowMinutes: 10, Webhook: hook.URL}}}))
	ctx, cancel := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() { app.WatchDeadLetters(ctx, svc, runner.TargetDeadLetters, 20*time.Millisecond); close(watched) }()
	t.Cleanup(func() { cancel(); <-watched })

	resp, err := http.Post(base+"/inbox", "application/json", strings.NewReader(`{"order": "A1"}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1
	}, 20*time.Second, 10*time.Millisecond, "no dead-letter alert reached the webhook")
	mu.Lock()
	assert.Equal(t, "dead", got[0].Rule)
	assert.Equal(t, "inbox", got[0].FlowID, "the flow of the runner's scope inbox/inbox")
	assert.Equal(t, 1.0, got[0].Value)
	mu.Unlock()
	var fired []app.FiredAlert
	require.Eventually(t, func() bool { // stored once delivered
		fired, err = svc.ListAlerts()
		return err == nil && len(fired) == 1
	}, 10*time.Second, 5*time.Millisecond)
	assert.Equal(t, app.AlertFired, fired[0].State)

	dead := deadLetters(t, base)
	require.Len(t, dead, 1)
	require.NoError(t, runner.NewRemote(base).Purge(dead[0].ID))
	require.Eventually(t, func() bool {
		fired, err = svc.ListAlerts()
		return err == nil && len(fired) == 1 && fired[0].State == app.AlertResolved
	}, 20*time.Second, 10*time.Millisecond, "the alert never resolved: %+v", fired)
	mu.Lock()
	defer mu.Unlock()
	assert.Len(t, got, 1, "the rule fires once in its window")
}

// TestAnUnreachableRunnerIsListedOnce: a target whose runner does not
// answer is a failed alert, listed once however often it is asked.
func TestAnUnreachableRunnerIsListedOnce(t *testing.T) {
	studio, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "weft.db"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, studio.Close()) })
	svc := studio.Service
	require.NoError(t, svc.SaveDeployTargets([]app.DeployTarget{
		{ID: "gone", Kind: app.TargetFolder, Folder: t.TempDir(), RunnerURL: "http://" + freeAddr(t)}}))
	require.NoError(t, svc.SaveUsageSettings(app.UsageSettings{Rules: []alerts.Rule{
		{ID: "dead", Metric: alerts.DeadLetters, WindowMinutes: 10, Webhook: "http://127.0.0.1:1/"}}}))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	app.WatchDeadLetters(ctx, svc, runner.TargetDeadLetters, 10*time.Millisecond)
	fired, err := svc.ListAlerts()
	require.NoError(t, err)
	require.Len(t, fired, 1)
	assert.Equal(t, app.AlertFailed, fired[0].State)
	assert.Contains(t, fired[0].Message, "deploy target gone")
}

// TestADeadLetterInTheClusterFiresAStudioAlert: a message dead-lettered
// in a NATS cluster (clustertest's embedded servers) fires the
// deadLetters rule of a Studio whose cluster target names that cluster.
func TestADeadLetterInTheClusterFiresAStudioAlert(t *testing.T) {
	nats := clustertest.MustStart(t, 3)
	cl, err := cluster.Connect(context.Background(), cluster.Config{URL: nats.URL()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cl.Close() })
	dead := make(chan string, 1)
	j := cl.Journal("orders/intake", spool.RetryPolicy{Attempts: 1, OnDeadLetter: func(d spool.DeadLetter) { dead <- d.ID }}, "hook")
	ctx, cancel := context.WithCancel(context.Background())
	redelivered := make(chan error, 1)
	go func() {
		redelivered <- j.Redeliver(ctx, "hook", func(_ string, m *message.Message) error {
			j.Settle("hook", m.ID, registry.Outcome{Status: registry.OutcomeFailed, Node: "map", Err: errors.New("bad record")})
			return nil
		})
	}()
	t.Cleanup(func() { cancel(); require.NoError(t, <-redelivered) })
	require.ErrorIs(t, j.Accept("hook", "out", message.New(map[string]any{"order": "A1"})), runtime.ErrHandedOff)
	select {
	case <-dead:
	case <-time.After(30 * time.Second):
		t.Fatal("the message was never dead-lettered")
	}

	got := make(chan alerts.Alert, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		var a alerts.Alert
		_ = json.NewDecoder(r.Body).Decode(&a)
		got <- a
	}))
	t.Cleanup(hook.Close)
	studio, err := app.Open(context.Background(), filepath.Join(t.TempDir(), "weft.db"))
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, studio.Close()) })
	svc := studio.Service
	require.NoError(t, svc.SaveDeployTargets([]app.DeployTarget{{ID: "fleet", Kind: app.TargetCluster, Cluster: nats.URL()}}))
	require.NoError(t, svc.SaveUsageSettings(app.UsageSettings{Rules: []alerts.Rule{
		{ID: "dead", FlowID: "intake", Metric: alerts.DeadLetters, WindowMinutes: 10, Webhook: hook.URL}}}))
	wctx, stop := context.WithCancel(context.Background())
	watched := make(chan struct{})
	go func() {
		app.WatchDeadLetters(wctx, svc, runner.TargetDeadLetters, 100*time.Millisecond)
		close(watched)
	}()
	t.Cleanup(func() { stop(); <-watched })
	select {
	case a := <-got:
		assert.Equal(t, "dead", a.Rule)
		assert.Equal(t, "intake", a.FlowID)
		assert.Equal(t, 1.0, a.Value)
	case <-time.After(30 * time.Second):
		t.Fatal("no dead-letter alert reached the webhook")
	}
}
