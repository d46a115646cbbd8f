package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/alerts"
)

// runOnce runs flowID and waits until its run's alerts were checked: the
// run is final and the usage counts it.
func runOnce(t *testing.T, svc *app.Service, flowID string, runs int64) {
	t.Helper()
	id, err := svc.StartRun(flowID)
	require.NoError(t, err)
	waitRun(t, svc, id)
	require.Eventually(t, func() bool {
		rep, err := svc.UsageReport(flowID, "minute", time.Now().Add(-time.Hour).UnixMilli())
		return err == nil && rep.Total.Runs == runs
	}, 10*time.Second, 5*time.Millisecond)
}

// TestFiredAlertsResolveAndOutliveARestart fires an error-rate alert, has
// it resolved by runs without errors, and finds it, resolved, after the
// Studio's file is opened again.
func TestFiredAlertsResolveAndOutliveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "weft.db")
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer hook.Close()
	studio, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	svc := studio.Service
	require.NoError(t, svc.SaveUsageSettings(app.UsageSettings{Rules: []alerts.Rule{
		{ID: "errors", Metric: alerts.ErrorRate, Threshold: 0.1, WindowMinutes: 5, Webhook: hook.URL}}}))
	res, err := svc.SaveFlow(helloFlow(`throw new Error("bad")`))
	require.NoError(t, err)
	runOnce(t, svc, res.Flow.ID, 1)
	var fired []app.FiredAlert
	require.Eventually(t, func() bool {
		fired, err = svc.ListAlerts()
		return err == nil && len(fired) == 1
	}, 10*time.Second, 5*time.Millisecond)
	assert.Equal(t, app.AlertFired, fired[0].State)
	assert.Equal(t, "errors", fired[0].Rule)

	good := helloFlow(`return msg;`)
	good.ID = res.Flow.ID
	_, err = svc.SaveFlow(good)
	require.NoError(t, err)
	for runs := int64(2); runs <= 6; runs++ { // 1 error of 3 handled, then 2 more messages a run: under 0.1 by the 5th run
		runOnce(t, svc, res.Flow.ID, runs)
	}
	require.Eventually(t, func() bool {
		fired, err = svc.ListAlerts()
		return err == nil && len(fired) == 1 && fired[0].State == app.AlertResolved
	}, 10*time.Second, 5*time.Millisecond, "the alert resolves once the rate is back under the threshold: %+v", fired)
	assert.NotZero(t, fired[0].ResolvedAt)
	require.NoError(t, studio.Close())

	again, err := app.Open(context.Background(), path)
	require.NoError(t, err)
	defer func() { require.NoError(t, again.Close()) }()
	kept, err := again.Service.ListAlerts()
	require.NoError(t, err)
	assert.Equal(t, fired, kept, "the fired alerts and their state outlive the restart")
}
