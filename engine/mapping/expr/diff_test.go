package expr_test

import (
	"bufio"
	"context"
	"encoding/json"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/expr"
)

const corpusPath = "../../../testdata/mapping/expr-corpus.txt"

var testOpts = expr.Options{Tables: map[string]map[string]any{
	"countries": {"de": "Germany", "fr": "France", "1": "one"},
}}

// testRecords are the inputs every corpus expression runs over.
func testRecords() []any {
	return []any{
		map[string]any{
			"id":       "ORD-000001",
			"customer": map[string]any{"first": "Ada", "last": "Lovelace", "email": "ADA@EXAMPLE.COM"},
			"items": []any{
				map[string]any{"sku": "A1", "qty": 2.0, "price": "19.99"},
				map[string]any{"sku": "B2", "qty": 1.0, "price": "5.01"},
				map[string]any{"sku": "A3", "qty": 3.0, "price": "0.10"},
			},
			"placed_at": "2026-03-01T10:22:33Z",
			"country":   "de",
			"tags":      []any{"vip", "new"},
			"nested":    map[string]any{"a": map[string]any{"b": map[string]any{"c": -0.0}}},
		},
		map[string]any{
			"id":        42.0,
			"customer":  map[string]any{"first": "Émile", "last": "Zola", "email": "e@x.fr", "middle": "", "address": map[string]any{"city": "Paris"}},
			"items":     []any{map[string]any{"sku": "Z9", "qty": 0.5, "price": "1e3"}},
			"placed_at": "2025-12-31T23:59:59+01:00",
			"country":   "fr",
			"tags":      []any{},
			"nested":    map[string]any{"a": nil, "x": map[string]any{"y": nil}},
			"qtyTotal":  1.5,
		},
		map[string]any{},
		// Lone surrogates, as WTF-8: U+D83D, U+DE00.
		map[string]any{"id": "\xed\xa0\xbdx", "country": "\xed\xb8\x80", "customer": map[string]any{"first": "a\xed\xa0\xbd", "last": " \xed\xb8\x80 "}, "tags": []any{"\xed\xa0\xbd", "\xed\xb8\x80"}},
		map[string]any{
			"id": nil, "customer": nil, "items": []any{}, "placed_at": 17.0, "country": nil,
			"tags": []any{nil, true, 1.0, []any{2.0}}, "nested": "str",
		},
		map[string]any{
			"Math": map[string]any{"round": 1.0}, "undefined": 5.0, "parseFloat": "p", "$": "dollar",
			"id": "shadow", "sum": 3.0, "customer": map[string]any{"first": "A", "last": "B", "email": "Q"},
			"items": []any{map[string]any{"sku": "S", "qty": 1.0, "price": "2"}}, "placed_at": "2026-01-01", "country": "x",
		},
		[]any{1.0, 2.0},
		"just a string",
	}
}

func loadCorpus(t testing.TB) []string { return loadLines(t, corpusPath) }

// loadLines reads the lines of a corpus file that are neither blank nor
// # comments.
func loadLines(t testing.TB, path string) []string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	require.NoError(t, sc.Err())
	return out
}

// same compares JSON-like values exactly (NaN equals NaN), except the
// sign of a zero: goja multiplies integer-valued operands as integers, so
// its -2*0 is 0 where JavaScript (and the native path) give -0. Mapping
// outputs write either as 0, as JSON.stringify does.
func same(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == 0 && y == 0 || math.Float64bits(x) == math.Float64bits(y))
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !same(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		return same(sortedObject(x), b)
	case *jsoncodec.Object:
		if m, ok := b.(map[string]any); ok {
			b = sortedObject(m)
		}
		y, ok := b.(*jsoncodec.Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for i, m := range x.Members() {
			n := y.Members()[i]
			if m.Key != n.Key || !same(m.Value, n.Value) {
				return false
			}
		}
		return true
	}
	return a == b
}

// sortedObject is a map as goja enumerates it: keys sorted.
func sortedObject(m map[string]any) *jsoncodec.Object {
	o := &jsoncodec.Object{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		o.Set(k, m[k])
	}
	return o
}

// orderedRecords are testRecords decoded from JSON as the mapping
// pipeline decodes them (ordered objects), plus one whose keys are out of
// sorted order and include array indexes.
func orderedRecords(t testing.TB) []any {
	var out []any
	for _, rec := range testRecords() {
		data, err := json.Marshal(rec)
		require.NoError(t, err)
		v, err := jsoncodec.DecodeFull(data)
		require.NoError(t, err)
		out = append(out, v)
	}
	v, err := jsoncodec.DecodeJSON(`{"z":1,"customer":{"last":"Byron","first":"Ada","2":"two","1":"one"},"id":"X","items":[{"qty":1,"sku":"Q","price":"3"}],"b":{"10":1,"9":2}}`)
	require.NoError(t, err)
	return append(out, v)
}

// compareOn evaluates both programs over every record and reports the
// first difference.
func compareOn(t testing.TB, src string, native, goja expr.Program) {
	t.Helper()
	compareOnRecords(t, src, native, goja, testRecords())
	compareOnRecords(t, src, native, goja, orderedRecords(t))
}

// compareOnRecords is compareOn over records.
func compareOnRecords(t testing.TB, src string, native, goja expr.Program, records []any) {
	t.Helper()
	ctx := context.Background()
	for i, rec := range records {
		nv, nerr := native.Eval(ctx, rec)
		gv, gerr := goja.Eval(ctx, rec)
		if (nerr == nil) != (gerr == nil) {
			t.Fatalf("%s on record %d: native error %v, goja error %v (native %#v, goja %#v)", src, i, nerr, gerr, nv, gv)
		}
		if nerr != nil {
			var e *expr.Error
			require.ErrorAs(t, nerr, &e, "native errors are *Error")
			continue
		}
		if !same(nv, gv) {
			t.Fatalf("%s on record %d: native %#v, goja %#v", src, i, nv, gv)
		}
	}
}

func TestCorpusNativeMatchesGoja(t *testing.T) {
	corpus := loadCorpus(t)
	require.GreaterOrEqual(t, len(corpus), 400)
	native, evals, fallbacks := 0, 0, int64(0)
	for _, src := range corpus {
		n, nerr := expr.Compile(src, testOpts)
		g, gerr := expr.CompileGoja(src, testOpts)
		require.Equal(t, nerr == nil, gerr == nil, "%s: compile errors %v / %v", src, nerr, gerr)
		if nerr != nil {
			assert.Equal(t, gerr.Error(), nerr.Error())
			continue
		}
		compareOn(t, src, n, g)
		if n.Native() {
			native++
			evals += len(testRecords())
			fallbacks += expr.Fallbacks(n)
			if testing.Verbose() && expr.Fallbacks(n) > 0 {
				t.Logf("fell back %d times: %s", expr.Fallbacks(n), src)
			}
		}
	}
	t.Logf("corpus: %d expressions, %d compile natively (%.0f%%); %d of their %d evaluations fell back to goja at run time",
		len(corpus), native, 100*float64(native)/float64(len(corpus)), fallbacks, evals)
	assert.Greater(t, native*100/len(corpus), 75, "most corpus expressions run natively")
}

// ordersExprs are the "orders to ERP" expressions.
var ordersExprs = []string{
	`id`,
	`customer.first + " " + customer.last`,
	`customer.email.toLowerCase()`,
	`items.length`,
	`Math.round(items.reduce((s, i) => s + i.qty * parseFloat(i.price), 0) * 100) / 100`,
	`placed_at.substring(0, 10)`,
	`country.toUpperCase()`,
}

func TestOrdersExpressionsAreNative(t *testing.T) {
	want := []any{"ORD-000001", "Ada Lovelace", "ada@example.com", 3.0, 45.29, "2026-03-01", "DE"}
	rec := testRecords()[0]
	for i, src := range ordersExprs {
		p, err := expr.Compile(src, expr.Options{})
		require.NoError(t, err)
		assert.True(t, p.Native(), src)
		got, err := p.Eval(context.Background(), rec)
		require.NoError(t, err)
		assert.Equal(t, want[i], got, src)
	}
}
