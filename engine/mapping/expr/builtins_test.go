package expr_test

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/expr"
)

// The built-ins corpus: expressions using the built-ins the native
// evaluator compiles (Object.*, JSON.*, Date, sort, spreads,
// destructuring...), with V8's answers in expected.ndjson.
const builtinsDir = "../../../testdata/mapping/v8-builtins/"

// builtinsGoja lists the corpus expressions that are not compiled
// natively, on purpose.
var builtinsGoja = map[string]bool{}

// builtinsV8Differences lists the corpus expressions where both paths
// (native and corrected goja, which agree) differ from V8; each is a known
// difference in docs/mapping-format.md.
var builtinsV8Differences = map[string]bool{}

// TestBuiltinsCorpus checks every expression of the built-ins corpus three
// ways on every record: it compiles natively, the native path gives
// corrected goja's answer, and it gives V8's answer (the same JSON value,
// or an error where V8 threw).
func TestBuiltinsCorpus(t *testing.T) {
	records := loadRecords(t, builtinsDir+"records.ndjson")
	cases := loadExpected(t, builtinsDir+"expected.ndjson")
	require.Len(t, cases, len(loadLines(t, builtinsDir+"expressions.txt")))
	evals, fallbacks := 0, int64(0)
	for _, c := range cases {
		n, err := expr.Compile(c.Expr, expr.Options{})
		require.NoError(t, err, c.Expr)
		assert.Equal(t, !builtinsGoja[c.Expr], n.Native(), "compiles natively: %s", c.Expr)
		g, err := expr.CompileGoja(c.Expr, expr.Options{})
		require.NoError(t, err, c.Expr)
		compareOnRecords(t, c.Expr, n, g, records)
		for i, rec := range records {
			got, err := n.Eval(context.Background(), rec)
			if !builtinsV8Differences[c.Expr] {
				checkV8(t, c.Expr, i, got, err, c.Out[i])
			}
		}
		evals += 2 * len(records)
		fallbacks += expr.Fallbacks(n)
	}
	t.Logf("built-ins corpus: %d expressions x %d records; %d of %d native evaluations fell back to goja",
		len(cases), len(records), fallbacks, evals)
}

type expectedCase struct {
	Expr string    `json:"expr"`
	Out  []*string `json:"out"`
}

func loadExpected(t *testing.T, path string) []expectedCase {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var cases []expectedCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var c expectedCase
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c))
		cases = append(cases, c)
	}
	require.NoError(t, sc.Err())
	return cases
}

// checkV8 compares a native result with V8's line {"v": value} (no v for
// undefined; nil where V8 threw), as JSON values.
func checkV8(t *testing.T, src string, rec int, got any, err error, want *string) {
	t.Helper()
	if want == nil {
		assert.Error(t, err, "%s on record %d: V8 threw", src, rec)
		return
	}
	if !assert.NoError(t, err, "%s on record %d", src, rec) {
		return
	}
	var w map[string]any
	require.NoError(t, json.Unmarshal([]byte(*want), &w))
	wv, defined := w["v"]
	if got == expr.Undefined {
		assert.False(t, defined, "%s on record %d: undefined, V8 %s", src, rec, *want)
		return
	}
	b, err := json.Marshal(got)
	require.NoError(t, err)
	var g any
	require.NoError(t, json.Unmarshal(b, &g))
	assert.True(t, same(g, wv), "%s on record %d: native %s, V8 %s", src, rec, b, *want)
}

// TestDatesInHelpersMatchGoja: the helper library does not take Date
// objects, so an evaluation that hands one to a helper runs in goja.
func TestDatesInHelpersMatchGoja(t *testing.T) {
	for _, src := range []string{
		`formatDate(new Date(0), "yyyy-MM-dd")`,
		`coalesce(new Date(0), 1)`,
		`count([new Date(0)])`,
		`sum([1, 2], x => new Date(x))`,
		`sum(items, i => i.qty) + new Date(0).getTime()`,
	} {
		n, err := expr.Compile(src, testOpts)
		require.NoError(t, err)
		require.True(t, n.Native(), src)
		g, err := expr.CompileGoja(src, testOpts)
		require.NoError(t, err)
		compareOn(t, src, n, g)
	}
}

// TestJSONParseErrorsMatchGoja: JSON.parse throws goja's SyntaxError
// natively, with the same message and position.
func TestJSONParseErrorsMatchGoja(t *testing.T) {
	for _, src := range []string{`JSON.parse(s)`, "[1].map(x =>\n  JSON.parse(s))"} {
		n, err := expr.Compile(src, testOpts)
		require.NoError(t, err)
		g, err := expr.CompileGoja(src, testOpts)
		require.NoError(t, err)
		for _, text := range []string{"12abc", "", "[1", `{"a":1}}`, `"x" 1`, "nul", `{"a" 1}`, "[1,]", `"\x"`, "[]]", "tru"} {
			rec := map[string]any{"s": text}
			_, nerr := n.Eval(context.Background(), rec)
			_, gerr := g.Eval(context.Background(), rec)
			require.Error(t, gerr, text)
			require.Error(t, nerr, text)
			assert.Equal(t, gerr.Error(), nerr.Error(), "%s over %q", src, text)
		}
		assert.Zero(t, expr.Fallbacks(n), src)
	}
}
