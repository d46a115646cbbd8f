package script_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// ordersScript is bench/mapbench's whole-record script mapping.
const ordersScript = `return {
  orderId: $.id,
  customerName: $.customer.first + " " + $.customer.last,
  email: $.customer.email.toLowerCase(),
  lineCount: $.items.length,
  total: Math.round($.items.reduce((s, i) => s + i.qty * parseFloat(i.price), 0) * 100) / 100,
  placedDate: $.placed_at.substring(0, 10),
  country: $.country.toUpperCase(),
};`

// orderRecord is one order of bench/mapbench's workload.
const orderRecord = `{"id":"ORD-000001","customer":{"first":"Ada","last":"Lovelace","email":"ADA.LOVELACE@EXAMPLE.COM"},` +
	`"items":[{"sku":"A1","qty":2,"price":"19.99"},{"sku":"B2","qty":1,"price":"5.00"},{"sku":"C3","qty":4,"price":"7.25"}],` +
	`"placed_at":"2026-03-01T10:22:33Z","country":"de"}`

var ordersWant = map[string]any{
	"orderId": "ORD-000001", "customerName": "Ada Lovelace", "email": "ada.lovelace@example.com",
	"lineCount": 3.0, "total": 73.98, "placedDate": "2026-03-01", "country": "DE",
}

func TestOrdersScript(t *testing.T) {
	p, rec := ordersProgram(t, ordersScript)
	got, err := p.Call(context.Background(), rec, map[string]any{})
	require.NoError(t, err)
	require.Equal(t, ordersWant, jsoncodec.Plain(got))
}

// BenchmarkCallOrders is one whole-record script call as weft map makes it.
func BenchmarkCallOrders(b *testing.B) {
	p, rec := ordersProgram(b, ordersScript)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Call(ctx, rec, map[string]any{}); err != nil {
			b.Fatal(err)
		}
	}
}

// ordersLoopScript is bench/mapbench's goja script: ordersScript with a
// for…of loop.
const ordersLoopScript = `let total = 0;
for (const i of $.items) total += i.qty * parseFloat(i.price);
return {
  orderId: $.id,
  customerName: $.customer.first + " " + $.customer.last,
  email: $.customer.email.toLowerCase(),
  lineCount: $.items.length,
  total: Math.round(total * 100) / 100,
  placedDate: $.placed_at.substring(0, 10),
  country: $.country.toUpperCase(),
};`

func TestOrdersLoopScript(t *testing.T) {
	p, rec := ordersProgram(t, ordersLoopScript)
	got, err := p.Call(context.Background(), rec, map[string]any{})
	require.NoError(t, err)
	require.Equal(t, ordersWant, jsoncodec.Plain(got))
}

// BenchmarkCallOrdersLoop is BenchmarkCallOrders with the loop script.
func BenchmarkCallOrdersLoop(b *testing.B) {
	p, rec := ordersProgram(b, ordersLoopScript)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Call(context.Background(), rec, map[string]any{}); err != nil {
			b.Fatal(err)
		}
	}
}

func ordersProgram(t testing.TB, src string) (*script.Program, map[string]any) {
	lib := script.Library{"upper": func(context.Context, []any) (any, error) { return nil, nil }}
	p, err := script.CompileWithLibrary("orders.js", src, lib, "$", "out")
	require.NoError(t, err)
	var rec map[string]any
	require.NoError(t, json.Unmarshal([]byte(orderRecord), &rec))
	return p, rec
}

// batchRecords is how many calls BenchmarkBatchOrders makes per batch,
// as many as weft map's batches hold.
const batchRecords = 256

// BenchmarkBatchOrders makes BenchmarkCallOrdersLoop's calls in batches,
// as weft map does, alternating with as many calls made with Call, and
// reports the time per call of both and their ratio.
func BenchmarkBatchOrders(b *testing.B) {
	p, rec := ordersProgram(b, ordersLoopScript)
	ctx := context.Background()
	args := []any{rec, map[string]any{}}
	var batched, called time.Duration
	for b.Loop() {
		start, n := time.Now(), 0
		p.Batch(ctx, func() ([]any, bool) {
			n++
			return args, n <= batchRecords
		}, func(_ any, err error) {
			if err != nil {
				b.Fatal(err)
			}
		})
		batched += time.Since(start)
		start = time.Now()
		for range batchRecords {
			if _, err := p.Call(ctx, args...); err != nil {
				b.Fatal(err)
			}
		}
		called += time.Since(start)
	}
	calls := float64(b.N * batchRecords)
	b.ReportMetric(float64(batched.Nanoseconds())/calls, "ns/batched-call")
	b.ReportMetric(float64(called.Nanoseconds())/calls, "ns/call")
	b.ReportMetric(float64(called)/float64(batched), "call/batched")
}
