package expr_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// benchOrders evaluates the "orders to ERP" expressions over one record
// per iteration.
func benchOrders(b *testing.B, compile func(string, expr.Options) (expr.Program, error)) {
	progs := make([]expr.Program, len(ordersExprs))
	for i, src := range ordersExprs {
		p, err := compile(src, expr.Options{})
		require.NoError(b, err)
		progs[i] = p
	}
	rec := testRecords()[0]
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range progs {
			if _, err := p.Eval(ctx, rec); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkOrdersNative(b *testing.B) { benchOrders(b, expr.Compile) }

func BenchmarkOrdersGoja(b *testing.B) { benchOrders(b, expr.CompileGoja) }

// BenchmarkExpr measures each orders expression on its own.
func BenchmarkExpr(b *testing.B) { benchPaths(b, ordersExprs) }

// BenchmarkBuiltins measures expressions using the built-ins compiled
// natively (Object.*, JSON.*, Date, sort, spreads) on both paths.
func BenchmarkBuiltins(b *testing.B) {
	benchPaths(b, []string{
		`Object.keys(customer).length`,
		`Object.entries(customer).map(([k, v]) => k + "=" + v).join("&")`,
		`JSON.stringify(customer)`,
		`JSON.parse('{"a": [1, 2], "b": "x"}').a`,
		`new Date(placed_at).getTime()`,
		`Date.parse(placed_at) - Date.UTC(2026, 0, 1)`,
		`items.slice().sort((a, b) => b.qty - a.qty).map(i => i.sku)`,
		`({...customer, tags: [...tags, "x"]})`,
	})
}

// benchPaths measures each expression natively and in goja.
func benchPaths(b *testing.B, exprs []string) {
	rec := testRecords()[0]
	ctx := context.Background()
	for _, src := range exprs {
		for _, path := range []struct {
			name    string
			compile func(string, expr.Options) (expr.Program, error)
		}{{"native", expr.Compile}, {"goja", expr.CompileGoja}} {
			p, err := path.compile(src, expr.Options{})
			require.NoError(b, err)
			b.Run(path.name+"/"+src, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := p.Eval(ctx, rec); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
