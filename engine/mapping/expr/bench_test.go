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
func BenchmarkExpr(b *testing.B) {
	rec := testRecords()[0]
	ctx := context.Background()
	for _, src := range ordersExprs {
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
