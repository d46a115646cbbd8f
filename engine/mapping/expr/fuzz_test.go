package expr_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// FuzzNativeVsGoja compiles arbitrary expressions; whenever one compiles
// natively, it must give goja's results and error-ness on every test
// record. Syntax errors must be the same on both paths.
func FuzzNativeVsGoja(f *testing.F) {
	for _, src := range ordersExprs {
		f.Add(src)
	}
	for _, src := range loadLines(f, v8Expressions) {
		f.Add(src)
	}
	for _, src := range loadLines(f, builtinsDir+"expressions.txt") {
		f.Add(src)
	}
	opts := testOpts
	// Long enough that a busy machine does not time out a simple
	// expression in goja; short enough for inputs that loop.
	opts.Timeout = 2 * time.Second
	f.Fuzz(func(t *testing.T, src string) {
		n, nerr := expr.Compile(src, opts)
		g, gerr := expr.CompileGoja(src, opts)
		if nerr != nil || gerr != nil {
			require.Equal(t, nerr == nil, gerr == nil, "compile errors: native %v, goja %v", nerr, gerr)
			require.Equal(t, gerr.Error(), nerr.Error())
			var e *expr.Error
			require.ErrorAs(t, nerr, &e)
			return
		}
		if !n.Native() {
			return
		}
		compareOn(t, src, n, g)
	})
}
