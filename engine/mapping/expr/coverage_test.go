package expr_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// The shares (in percent) of the V8 corpus' expressions that must compile
// natively (v8CompileFloor) and, of all expressions, that must also
// evaluate every corpus record natively, without handing it to goja at
// run time (v8FullFloor). Raise them as native coverage grows; never
// lower them.
const (
	v8CompileFloor = 92
	v8FullFloor    = 80
)

// TestV8CorpusNativeCoverage prints how much of the V8 corpus runs
// natively: expressions that compile natively, and of those the ones that
// evaluate all corpus records natively (no run-time fallback to goja).
// With -v it lists the expressions that do not.
func TestV8CorpusNativeCoverage(t *testing.T) {
	records := loadRecords(t, v8Records)
	exprs := loadLines(t, v8Expressions)
	compiled, full := 0, 0
	for _, src := range exprs {
		p, err := expr.Compile(src, expr.Options{})
		require.NoError(t, err, src)
		if !p.Native() {
			t.Logf("goja:     %s", src)
			continue
		}
		compiled++
		for _, r := range records {
			_, _ = p.Eval(context.Background(), r)
		}
		if n := expr.Fallbacks(p); n > 0 {
			t.Logf("fallback: %s (%d of %d records)", src, n, len(records))
			continue
		}
		full++
	}
	pct := func(n int) float64 { return 100 * float64(n) / float64(len(exprs)) }
	t.Logf("V8 corpus: %d expressions; compile natively %d (%.1f%%); native on every record %d (%.1f%%)",
		len(exprs), compiled, pct(compiled), full, pct(full))
	assert.GreaterOrEqual(t, pct(compiled), float64(v8CompileFloor), "native compilation of the V8 corpus dropped")
	assert.GreaterOrEqual(t, pct(full), float64(v8FullFloor), "native evaluation of the V8 corpus dropped")
}
