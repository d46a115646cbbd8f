package inproc_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app"
	"github.com/weftworks/weft/connectors/all"
	"github.com/weftworks/weft/engine/flow"
	"github.com/weftworks/weft/engine/runtime"
)

// order is one order as bench/runnerbench posts it.
const order = `{"id":"ORD-000001","customer":{"first":"Grace","last":"Hopper","email":"Grace.HOPPER@EXAMPLE.COM"},` +
	`"items":[{"sku":"A1","qty":2,"price":"10.50"},{"sku":"B2","qty":1,"price":"3.25"},{"sku":"C3","qty":4,"price":"1.99"}],` +
	`"placed_at":"2026-03-14T09:26:53Z","country":"us"}`

// answer is the ERP record the flow answers order with.
const answer = `{"country":"US","customerName":"Grace Hopper","email":"grace.hopper@example.com","lineCount":3,` +
	`"orderId":"ORD-000001","placedDate":"2026-03-14","total":32.21}`

// startFlow runs the benchmark's flow until the test ends and returns the
// handler its webhook is served by, once the webhook listens.
func startFlow(tb testing.TB) http.Handler {
	tb.Helper()
	data, err := os.ReadFile("../../../testdata/flows/bench-orders-webhook.flow.json")
	require.NoError(tb, err)
	f, err := flow.Decode(data)
	require.NoError(tb, err)
	reg, err := all.Registry()
	require.NoError(tb, err)
	plan, err := runtime.Compile(f, reg)
	require.NoError(tb, err)
	host := app.NewHost(nil, filepath.Join(tb.TempDir(), "state.db"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *runtime.Record, 1)
	go func() {
		done <- plan.Run(ctx, runtime.Options{RunID: "bench", Services: host.Services(f.ID), IsolateFailures: true})
	}()
	tb.Cleanup(func() {
		cancel()
		<-done
		assert.NoError(tb, host.Close())
	})
	require.Eventually(tb, func() bool { return len(host.Listener.Paths()) == 1 }, 5*time.Second, time.Millisecond)
	return host.Listener
}

func post(h http.Handler) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/orders", bytes.NewReader([]byte(order)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestWebhookPathAnswersTheMappedOrder(t *testing.T) {
	rec := post(startFlow(t))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.JSONEq(t, answer, rec.Body.String())
}

// BenchmarkWebhookPath posts the order from 16 goroutines per CPU, as
// wrk -c16 does.
func BenchmarkWebhookPath(b *testing.B) {
	h := startFlow(b)
	b.ReportAllocs()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if rec := post(h); rec.Code != http.StatusOK {
				b.Errorf("status %d: %s", rec.Code, rec.Body)
				return
			}
		}
	})
}
