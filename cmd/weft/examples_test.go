package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	natsserver "github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/runner"
	"github.com/weftworks/weft/connectors/sql/pgtest"
	"github.com/weftworks/weft/engine/flow"
)

// serveFlow runs `weft run` on a flow file with extra arguments until the
// test ends, and returns a function that stops it and gives its exit code
// and stderr.
func serveFlow(t *testing.T, args ...string) func() (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"run"}, args...), &stdout, &stderr) }()
	stopped := false
	stop := func() (int, string) {
		if stopped {
			return 0, ""
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			return code, stderr.String()
		case <-time.After(30 * time.Second):
			t.Fatal("weft run did not stop within 30s of its context ending")
			return -1, ""
		}
	}
	t.Cleanup(func() { stop() })
	return stop
}

// post sends body to url, retrying while the listener is not up yet or
// answers 503 (still starting its triggers), and returns the status and
// the response body.
func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	var (
		status int
		data   []byte
	)
	require.Eventually(t, func() bool {
		resp, err := http.Post(url, "application/json", strings.NewReader(body))
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		status = resp.StatusCode
		data, err = io.ReadAll(resp.Body)
		require.NoError(t, err)
		return status != http.StatusServiceUnavailable
	}, 20*time.Second, 50*time.Millisecond, "the webhook listener never answered")
	return status, string(data)
}

// TestExampleWebhookOrdersIntoPostgres runs testdata/flows/
// webhook-orders-postgres.flow.json against a real PostgreSQL: a good
// order is stored and echoed with 201, the same order again is refused by
// the primary key (409), an order the mapping cannot read gets 422, and
// the server keeps serving through all of it.
func TestExampleWebhookOrdersIntoPostgres(t *testing.T) {
	pg := pgtest.StartOrSkip(t)
	dsn := pg.DSN("postgres", pgtest.Password)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE orders (id text PRIMARY KEY, customer text NOT NULL, email text, total numeric NOT NULL)`)
	require.NoError(t, err)
	t.Setenv("WEFT_CREDENTIAL_ORDERS_DB", fmt.Sprintf(`{"name": "orders-db", "kind": "dsn", "fields": {"dsn": %q}}`, dsn))

	port, err := pgtest.FreePort()
	require.NoError(t, err)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	stop := serveFlow(t, "../../testdata/flows/webhook-orders-postgres.flow.json", "--listen", addr, "--state", t.TempDir()+"/state.db")
	url := "http://" + addr + "/orders"

	order := `{"id": "ORD-1", "customer": {"first": "Ada", "last": "Lovelace", "email": "ADA@EXAMPLE.COM"},
		"items": [{"sku": "A1", "qty": 2, "price": "19.99"}, {"sku": "B2", "qty": 1, "price": "5.50"}]}`
	status, body := post(t, url, order)
	require.Equal(t, http.StatusCreated, status, body)
	var row map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &row))
	assert.Equal(t, map[string]any{"id": "ORD-1", "customer": "Ada Lovelace", "email": "ada@example.com", "total": 45.48}, row)

	status, body = post(t, url, order)
	assert.Equal(t, http.StatusConflict, status, body)
	assert.Contains(t, body, "duplicate key")

	status, body = post(t, url, `{"id": "ORD-2", "items": []}`)
	assert.Equal(t, http.StatusUnprocessableEntity, status, body)
	assert.Contains(t, body, "customer")

	var n int
	var total string
	require.NoError(t, conn.QueryRow(ctx, `SELECT count(*), max(total)::text FROM orders`).Scan(&n, &total))
	assert.Equal(t, 1, n)
	assert.Equal(t, "45.48", total)

	code, stderr := stop()
	assert.Equal(t, 0, code, "stopping a server is not a failure: %s", stderr)
}

// localFlow writes a copy of testdata/flows/name with each node's config
// fields changed as set says (node id → field → value): the example's
// folders and URLs made to point at the test's own.
func localFlow(t *testing.T, name string, set map[string]map[string]any) string {
	t.Helper()
	f, err := runner.LoadFlow("../../testdata/flows/" + name)
	require.NoError(t, err)
	return writeLocalFlow(t, f, name, set)
}

// writeLocalFlow writes f to a file named name in a temporary folder with each
// node's config fields changed as set says (node id → field → value).
func writeLocalFlow(t *testing.T, f *flow.Flow, name string, set map[string]map[string]any) string {
	t.Helper()
	for id, fields := range set {
		n := f.Node(id)
		require.NotNil(t, n, "node %s", id)
		for k, v := range fields {
			n.Config[k] = v
		}
	}
	data, err := flow.Encode(f)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o600))
	return path
}

// TestExampleCSVOrdersRouting runs testdata/flows/csv-orders-routing
// .flow.json: a partner file with three rows lands in the inbox; the big
// order reaches the ERP server, the two small ones the JSON lines file,
// and the file moves to processed/.
func TestExampleCSVOrdersRouting(t *testing.T) {
	var mu sync.Mutex
	var erp []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var order map[string]any
		if r.URL.Path != "/big-orders" || json.NewDecoder(r.Body).Decode(&order) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		mu.Lock()
		erp = append(erp, order)
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer srv.Close()
	dir := t.TempDir()
	inbox, out := filepath.Join(dir, "inbox"), filepath.Join(dir, "out", "small.ndjson")
	require.NoError(t, os.MkdirAll(inbox, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(inbox, "partner-1.csv"),
		[]byte("id,customer,total\nA-1,Ada,25.5\nA-2,Grace,240\nA-3,Alan,99.99\n"), 0o644))
	path := localFlow(t, "csv-orders-routing.flow.json", map[string]map[string]any{
		"watch": {"dir": inbox}, "erp": {"url": srv.URL + "/big-orders"}, "lines": {"path": out}})
	stop := serveFlow(t, path, "--state", filepath.Join(dir, "state.db"))

	require.Eventually(t, func() bool {
		_, err := os.Stat(filepath.Join(inbox, "processed", "partner-1.csv"))
		return err == nil
	}, 30*time.Second, 20*time.Millisecond, "the file never reached processed/")
	code, stderr := stop()
	require.Equal(t, 0, code, stderr)

	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []map[string]any{{"id": "A-2", "customer": "Grace", "total": 240.0}}, erp)
	lines, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, `{"id":"A-1","customer":"Ada","total":25.5}`+"\n"+`{"id":"A-3","customer":"Alan","total":99.99}`+"\n", string(lines),
		"records keep the CSV's column order")
}

// TestExampleSensorBatches runs testdata/flows/sensor-batches.flow.json
// against an embedded NATS server: seven readings become two batches of
// three at once and, at shutdown, a last batch of one, each one line of
// the lake file.
func TestExampleSensorBatches(t *testing.T) {
	ns, err := natsserver.NewServer(&natsserver.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true})
	require.NoError(t, err)
	ns.Start()
	defer ns.Shutdown()
	require.True(t, ns.ReadyForConnections(10*time.Second))
	base := ns.NumSubscriptions()
	lake := filepath.Join(t.TempDir(), "lake", "temperatures.ndjson")
	path := localFlow(t, "sensor-batches.flow.json", map[string]map[string]any{
		"sub": {"url": ns.ClientURL()}, "file": {"path": lake}})
	stop := serveFlow(t, path, "--state", filepath.Join(t.TempDir(), "state.db"))

	nc, err := nats.Connect(ns.ClientURL())
	require.NoError(t, err)
	defer nc.Close()
	// Core NATS delivers only to subscribers present: wait for the flow's.
	require.Eventually(t, func() bool {
		return ns.NumSubscriptions() > base
	}, 20*time.Second, 20*time.Millisecond, "the flow never subscribed")
	for i := 1; i <= 7; i++ {
		require.NoError(t, nc.Publish(fmt.Sprintf("sensors.s%d.temperature", i%2), []byte(fmt.Sprintf(`{"reading": %d}`, i))))
	}
	require.NoError(t, nc.Flush())
	require.Eventually(t, func() bool {
		data, _ := os.ReadFile(lake)
		return strings.Count(string(data), "\n") >= 2
	}, 20*time.Second, 20*time.Millisecond, "two full batches never reached the file")
	code, stderr := stop()
	require.Equal(t, 0, code, stderr)

	data, err := os.ReadFile(lake)
	require.NoError(t, err)
	assert.Equal(t, `[{"reading":1},{"reading":2},{"reading":3}]`+"\n"+
		`[{"reading":4},{"reading":5},{"reading":6}]`+"\n"+
		`[{"reading":7}]`+"\n", string(data), "the last batch is flushed at shutdown")
}
