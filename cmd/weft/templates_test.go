package main

import (
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
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/app/templates"
	"github.com/weftworks/weft/connectors/sql/pgtest"
)

// templateFile writes the gallery template id to a file with each node's
// config fields changed as set says (node id → field → value): its URLs
// and folders made to point at the test's own.
func templateFile(t *testing.T, id string, set map[string]map[string]any) string {
	t.Helper()
	f, err := templates.Flow(id)
	require.NoError(t, err)
	return writeLocalFlow(t, f, id+".flow.json", set)
}

// serveTemplate runs a template with `weft run` on a free loopback port and
// returns the listener's base URL and the stop function.
func serveTemplate(t *testing.T, path string) (string, func() (int, string)) {
	t.Helper()
	port, err := pgtest.FreePort()
	require.NoError(t, err)
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	stop := serveFlow(t, path, "--listen", addr, "--state", filepath.Join(t.TempDir(), "state.db"))
	return "http://" + addr, stop
}

// recorder is a fake partner API on loopback that keeps the JSON bodies
// it was sent, by path, and answers with reply.
type recorder struct {
	mu     sync.Mutex
	bodies map[string][]map[string]any
}

func startRecorder(t *testing.T, status int, reply string) (*recorder, string) {
	t.Helper()
	rec := &recorder{bodies: map[string][]map[string]any{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, "bad json", http.StatusBadRequest)
			return
		}
		rec.mu.Lock()
		rec.bodies[r.Method+" "+r.URL.Path] = append(rec.bodies[r.Method+" "+r.URL.Path], body)
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply)
	}))
	t.Cleanup(srv.Close)
	return rec, srv.URL
}

// waitOrDump waits up to 30s for cond; when it never holds, it stops the
// runner and fails with what the runner printed.
func waitOrDump(t *testing.T, stop func() (int, string), what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	code, stderr := stop()
	t.Fatalf("%s (weft run exited %d):\n%s", what, code, stderr)
}

func (r *recorder) got(key string) []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bodies[key]
}

// TestTemplateEcommerceOrderToERP: a shop order reaches the ERP as a sales
// order and the shop gets the ERP's id; an order without line items gets
// 422 and never reaches the ERP.
func TestTemplateEcommerceOrderToERP(t *testing.T) {
	erp, erpURL := startRecorder(t, http.StatusCreated, `{"id": "SO-1001"}`)
	base, stop := serveTemplate(t, templateFile(t, "ecommerce-order-erp", map[string]map[string]any{
		"erp": {"url": erpURL + "/erp/sales-orders"}}))

	status, body := post(t, base+"/shop/orders", `{"number": 5001, "customer": {"id": "C-7", "email": " Ada@Example.com "},
		"line_items": [{"sku": "MUG", "quantity": 2, "price": "9.95"}, {"sku": "TEE", "quantity": 1, "price": "19.00"}]}`)
	require.Equal(t, http.StatusAccepted, status, body)
	assert.JSONEq(t, `{"accepted": true, "erpOrder": "SO-1001"}`, body)
	assert.Equal(t, []map[string]any{{
		"externalRef": "5001", "customerNo": "C-7", "email": "ada@example.com", "channel": "webshop", "total": 38.9,
		"lines": []any{
			map[string]any{"sku": "MUG", "quantity": 2.0, "unitPrice": 9.95},
			map[string]any{"sku": "TEE", "quantity": 1.0, "unitPrice": 19.0},
		},
	}}, erp.got("POST /erp/sales-orders"))

	status, body = post(t, base+"/shop/orders", `{"number": 5002, "customer": {"id": "C-8", "email": "x@y.z"}}`)
	assert.Equal(t, http.StatusUnprocessableEntity, status, body)
	assert.Contains(t, body, `field \"lines\"`)
	assert.Len(t, erp.got("POST /erp/sales-orders"), 1, "a bad order never reaches the ERP")
	code, stderr := stop()
	assert.Equal(t, 0, code, stderr)
}

// TestTemplateCRMContactToMarketingList: a consenting contact is PUT into
// the newsletter list under its email; one without consent is skipped.
func TestTemplateCRMContactToMarketingList(t *testing.T) {
	list, listURL := startRecorder(t, http.StatusOK, `{"status": "subscribed"}`)
	base, stop := serveTemplate(t, templateFile(t, "crm-contact-marketing", map[string]map[string]any{
		"list": {"url": listURL + "/lists/newsletter/members/{{email}}"}}))

	status, body := post(t, base+"/crm/contacts", `{"email": "Grace@Example.COM", "firstName": "Grace", "source": "fair", "marketingConsent": true}`)
	require.Equal(t, http.StatusOK, status, body)
	assert.JSONEq(t, `{"subscribed": true}`, body)
	status, body = post(t, base+"/crm/contacts", `{"email": "alan@example.com", "marketingConsent": false}`)
	require.Equal(t, http.StatusAccepted, status, body)
	assert.Contains(t, body, "no marketing consent")

	assert.Equal(t, []map[string]any{{"email": "grace@example.com", "firstName": "Grace", "tags": []any{"crm", "fair"}, "status": "subscribed"}},
		list.got("PUT /lists/newsletter/members/grace@example.com"))
	assert.Len(t, list.bodies, 1, "only the consenting contact reached the list")
	code, stderr := stop()
	assert.Equal(t, 0, code, stderr)
}

// TestTemplatePartnerCSVToDatabase: a partner price list is upserted into
// a real PostgreSQL by SKU (an existing row is updated), the row whose
// price is not a number is kept in the rejects file, and its file goes to
// failed/ while a clean file goes to processed/.
func TestTemplatePartnerCSVToDatabase(t *testing.T) {
	pg := pgtest.StartOrSkip(t)
	dsn := pg.DSN("postgres", pgtest.Password)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE products (sku text PRIMARY KEY, name text NOT NULL, price numeric NOT NULL, stock integer NOT NULL);
		INSERT INTO products VALUES ('MUG-1', 'Old mug', 5, 1)`)
	require.NoError(t, err)
	t.Setenv("WEFT_CREDENTIAL_PARTNER_DB", fmt.Sprintf(`{"name": "partner-db", "kind": "dsn", "fields": {"dsn": %q}}`, dsn))

	dir := t.TempDir()
	inbox, rejects := filepath.Join(dir, "inbox"), filepath.Join(dir, "rejects.ndjson")
	require.NoError(t, os.MkdirAll(inbox, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(inbox, "acme.csv"),
		[]byte("sku,name,price,stock\nmug-1, Blue mug ,7.5,12\nbad-3,Broken,n/a,1\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(inbox, "beta.csv"), []byte("sku,name,price,stock\ntee-2,Tee,19,\n"), 0o644))
	path := templateFile(t, "partner-csv-database", map[string]map[string]any{
		"watch": {"dir": inbox}, "rejects": {"path": rejects}})
	stop := serveFlow(t, path, "--state", filepath.Join(dir, "state.db"))
	waitOrDump(t, stop, "the files never reached failed/ (a rejected row) and processed/", func() bool {
		_, failed := os.Stat(filepath.Join(inbox, "failed", "acme.csv"))
		_, done := os.Stat(filepath.Join(inbox, "processed", "beta.csv"))
		return failed == nil && done == nil
	})
	code, stderr := stop()
	require.Equal(t, 0, code, stderr)

	rows, err := conn.Query(ctx, `SELECT sku || '|' || name || '|' || price::text || '|' || stock FROM products ORDER BY sku`)
	require.NoError(t, err)
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	assert.Equal(t, []string{"MUG-1|Blue mug|7.5|12", "TEE-2|Tee|19|0"}, got)
	data, err := os.ReadFile(rejects)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(data), "\n"), string(data))
	assert.Contains(t, string(data), "bad-3")
	assert.Contains(t, string(data), "price")
}

// TestTemplateIoTEventsToLake: a gateway batch is acknowledged at once and
// each reading lands in its metric/day partition; a reading with a bad
// time goes to the rejected file.
func TestTemplateIoTEventsToLake(t *testing.T) {
	lake := filepath.Join(t.TempDir(), "lake")
	base, stop := serveTemplate(t, templateFile(t, "iot-events-lake", map[string]map[string]any{
		"lake": {"path": lake + "/{{metric}}/{{day}}.ndjson"}, "rejected": {"path": lake + "/_rejected.ndjson"}}))

	status, body := post(t, base+"/iot/events", `{"gateway": "gw-1", "events": [
		{"device": "t-1", "metric": "Temperature", "value": "21.5", "ts": "2026-03-01T23:59:00Z"},
		{"device": "t-1", "metric": "temperature", "value": 22, "ts": 1772409600000},
		{"device": "h-9", "metric": "humidity", "value": 40, "ts": "2026-03-01T10:00:00Z"},
		{"device": "h-9", "metric": "humidity", "value": 41, "ts": "not a time"}]}`)
	require.Equal(t, http.StatusAccepted, status, body)
	files := map[string]int{"temperature/2026-03-01.ndjson": 1, "temperature/2026-03-02.ndjson": 1, "humidity/2026-03-01.ndjson": 1, "_rejected.ndjson": 1}
	require.Eventually(t, func() bool {
		for name, lines := range files {
			data, _ := os.ReadFile(filepath.Join(lake, name))
			if strings.Count(string(data), "\n") != lines {
				return false
			}
		}
		return true
	}, 20*time.Second, 20*time.Millisecond, "the readings never all reached the lake")
	code, stderr := stop()
	require.Equal(t, 0, code, stderr)

	data, err := os.ReadFile(filepath.Join(lake, "temperature/2026-03-01.ndjson"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"device": "t-1", "metric": "temperature", "value": 21.5, "time": "2026-03-01T23:59:00.000Z", "day": "2026-03-01"}`, string(data))
	data, err = os.ReadFile(filepath.Join(lake, "_rejected.ndjson"))
	require.NoError(t, err)
	assert.Contains(t, string(data), "not a time")
}

// TestTemplateWebhookAPIValidation: a valid signup gets 201 and the
// cleaned record; an invalid one gets 422 naming every bad field.
func TestTemplateWebhookAPIValidation(t *testing.T) {
	base, stop := serveTemplate(t, templateFile(t, "webhook-api-validation", nil))
	status, body := post(t, base+"/api/signups", `{"email": "Ada@Example.com", "name": " Ada "}`)
	require.Equal(t, http.StatusCreated, status, body)
	assert.JSONEq(t, `{"email": "ada@example.com", "name": "Ada", "plan": "free"}`, body)

	status, body = post(t, base+"/api/signups", `{"email": "nope", "plan": "gold"}`)
	require.Equal(t, http.StatusUnprocessableEntity, status, body)
	var problem map[string]string
	require.NoError(t, json.Unmarshal([]byte(body), &problem), body)
	assert.Contains(t, problem["error"], "email: must be an email address")
	assert.Contains(t, problem["error"], "name: is required")
	assert.Contains(t, problem["error"], "plan: must be free or pro")
	code, stderr := stop()
	assert.Equal(t, 0, code, stderr)
}
