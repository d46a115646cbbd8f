package app_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/app/alerts"
	"github.com/weftworks/weft/engine/usage"
)

// TestUsageIsPricedAndAnErrorRateAlertFires runs a flow whose script
// throws for every record: the usage report counts the run, its messages
// and errors and prices them, and the error-rate rule posts an alert to a
// webhook on loopback once.
func TestUsageIsPricedAndAnErrorRateAlertFires(t *testing.T) {
	svc, _ := newService(t)
	var mu sync.Mutex
	var got []alerts.Alert
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a alerts.Alert
		_ = json.NewDecoder(r.Body).Decode(&a)
		mu.Lock()
		got = append(got, a)
		mu.Unlock()
	}))
	defer hook.Close()

	bad := app.UsageSettings{Rules: []alerts.Rule{{ID: "r", Metric: "nope"}}}
	assert.ErrorContains(t, svc.SaveUsageSettings(bad), "unknown metric")
	set := app.UsageSettings{
		Prices: usage.Prices{PerRun: 0.5, PerMessage: 0.01, Currency: "EUR", MonthlyBudget: 10},
		Rules: []alerts.Rule{{ID: "errors", Metric: alerts.ErrorRate, Threshold: 0.1, WindowMinutes: 5, Webhook: hook.URL},
			{ID: "slow", Metric: alerts.LatencyMs, Threshold: 60_000, WindowMinutes: 5, Webhook: hook.URL}},
	}
	require.NoError(t, svc.SaveUsageSettings(set))
	stored, err := svc.GetUsageSettings()
	require.NoError(t, err)
	assert.Equal(t, set, stored)

	res, err := svc.SaveFlow(helloFlow(`throw new Error("bad record " + msg.name)`))
	require.NoError(t, err)
	for range 2 {
		id, err := svc.StartRun(res.Flow.ID)
		require.NoError(t, err)
		waitRun(t, svc, id)
	}
	var rep app.UsageReport
	require.Eventually(t, func() bool { // a run's usage and alerts follow its final record
		rep, err = svc.UsageReport(res.Flow.ID, "minute", time.Now().Add(-time.Hour).UnixMilli())
		require.NoError(t, err)
		fired, err := svc.ListAlerts()
		require.NoError(t, err)
		return rep.Total.Runs == 2 && len(fired) == 1
	}, 10*time.Second, 10*time.Millisecond)
	assert.Equal(t, int64(2), rep.Total.Runs)
	assert.Equal(t, int64(4), rep.Total.Messages, "the trigger's two messages a run")
	assert.Equal(t, int64(2), rep.Total.Errors, "one a run: the script node fails at its first throw")
	assert.InDelta(t, 2*0.5+4*0.01, rep.Cost, 1e-9)
	assert.InDelta(t, rep.Cost, rep.MonthCost, 1e-9)
	assert.InDelta(t, rep.Cost/10, rep.BudgetUsed, 1e-9)
	assert.Equal(t, "EUR", rep.Currency)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 1, "the rule fires once in its window; the latency rule not at all")
	assert.Equal(t, "errors", got[0].Rule)
	assert.InDelta(t, 1.0/3, got[0].Value, 1e-9, "fired after the first run: 1 error of 3 messages handled")
	fired, err := svc.ListAlerts()
	require.NoError(t, err)
	require.Len(t, fired, 1)
	assert.Empty(t, fired[0].DeliveryError)
	_, err = svc.UsageReport(res.Flow.ID, "week", 0)
	assert.Error(t, err)
}
