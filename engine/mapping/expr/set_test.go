package expr_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// TestSetMatchesEval evaluates corpus expressions together in Sets (native
// and goja programs, and a nil one) and compares every result and error
// with the program's own Eval, on records that shadow globals too.
func TestSetMatchesEval(t *testing.T) {
	srcs := append(append([]string{}, ordersExprs...), fastExprs...)
	srcs = append(srcs, loadCorpus(t)...)
	records := append(append(orderedRecords(t), testRecords()...), mistypedRecords(t)...)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for start := 0; start < len(srcs); start += 9 {
		var progs []expr.Program
		for _, src := range srcs[start:min(start+9, len(srcs))] {
			p, err := expr.Compile(src, testOpts)
			require.NoError(t, err, src)
			progs = append(progs, p)
		}
		progs = append(progs, nil)
		set := expr.NewSet(progs)
		for _, ctx := range []context.Context{context.Background(), cancelled} {
			for r, rec := range records {
				res, errs := make([]any, len(progs)), make([]error, len(progs))
				res[len(progs)-1] = "left alone"
				set.Eval(ctx, rec, res, errs)
				require.Equal(t, "left alone", res[len(progs)-1])
				for i, p := range progs[:len(progs)-1] {
					want, werr := p.Eval(ctx, rec)
					require.Equal(t, werr, errs[i], "program %d of set %d on record %d", i, start, r)
					require.True(t, identical(want, res[i]), "program %d of set %d on record %d: %#v, want %#v", i, start, r, res[i], want)
				}
			}
		}
	}
}
