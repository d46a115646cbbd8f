package expr_test

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping/expr"
)

// fastExprs exercise every typed fast path (fast.go) and their edges.
var fastExprs = []string{
	`items.reduce((a, b) => a + b.qty, 0)`,
	`items.reduce((a, b) => a - b.qty * 2 % 3, 1) / -2`,
	`Math.floor(items.reduce((s, i) => s + i.qty * parseFloat(i.price), 0.5))`,
	`Math.abs(-qtyTotal) + Math.ceil(qtyTotal) + Math.trunc(-qtyTotal)`,
	`+qtyTotal + 1`,
	`+customer.first + 1`,
	`items[0].qty * 10`,
	`items[5].qty`,
	`$.customer.first + " " + $.customer.last + "!"`,
	`customer.first + customer.last`,
	`customer.first.slice(1, -1) + customer.last.substring(2)`,
	`customer.first.slice(items.length)`,
	`customer.email.indexOf("@") + 1`,
	`customer.last.charCodeAt(0)`,
	`customer.first.length * 2 + tags.length`,
	`id.length`,
	`country.toUpperCase() + id.toLowerCase()`,
	`parseFloat(customer.first)`,
	`parseFloat(items[0].price) + parseFloat(id)`,
	`nested.a.b.c * -1`,
	`Math.round(nested.a.b.c)`,
	`customer.email.toLowerCase().trim().length`,
}

// mistypedRecords hold the members the fast paths read with other types
// than the common ones, or not at all.
func mistypedRecords(t testing.TB) []any {
	var out []any
	for _, src := range []string{
		`{"customer":{"first":7,"last":null,"email":["x"]},"items":[{"qty":"2","price":3}],"id":1,"country":true,"qtyTotal":"1.5","tags":"ab"}`,
		`{"customer":{"first":"Ada","last":"Byron","email":"A@B.C"},"items":{"0":{"qty":1,"price":"2"},"length":1},"id":"x","country":"de","qtyTotal":-2.5,"tags":[]}`,
		`{"customer":"Ada","items":[1,2,3],"nested":{"a":{"b":{"c":"-0"}}},"qtyTotal":null}`,
		`{"customer":{"first":"\ud83d\ude00x","last":"\u00e9t\u00e9","email":" MIXED@Case "},"items":[{"qty":1e308,"price":"1e308"},{"qty":1e308,"price":"x"}],"id":"\u0130","country":"\u00df"}`,
		`{"items":[{"qty":1,"price":"2"},null],"Math":1}`,
		`{"$":{"customer":{"first":"shadow"}},"customer":{"first":"a","last":"b"},"parseFloat":2}`,
	} {
		v, err := jsoncodec.DecodeJSON(src)
		require.NoError(t, err, src)
		out = append(out, v)
	}
	return out
}

// identical is equality of results that also tells -0 from 0.
func identical(a, b any) bool {
	if x, ok := a.(float64); ok {
		y, ok := b.(float64)
		return ok && math.Float64bits(x) == math.Float64bits(y)
	}
	return reflect.DeepEqual(a, b)
}

// TestFastPathsChangeNothing compares every corpus expression compiled with
// and without the typed fast paths: same values, same errors, on the V8
// corpus records, the differential records and records with mistyped and
// missing members.
func TestFastPathsChangeNothing(t *testing.T) {
	var exprs []string
	exprs = append(exprs, fastExprs...)
	exprs = append(exprs, ordersExprs...)
	exprs = append(exprs, loadCorpus(t)...)
	exprs = append(exprs, loadLines(t, v8Expressions)...)
	exprs = append(exprs, loadLines(t, builtinsDir+"expressions.txt")...)
	var records []any
	records = append(records, testRecords()...)
	records = append(records, orderedRecords(t)...)
	records = append(records, mistypedRecords(t)...)
	records = append(records, loadRecords(t, v8Records)...)
	ctx := context.Background()
	for _, src := range exprs {
		fast, ferr := expr.Compile(src, testOpts)
		generic, gerr := expr.CompileGeneric(src, testOpts)
		require.Equal(t, ferr, gerr, src)
		if ferr != nil || !fast.Native() {
			continue
		}
		require.True(t, generic.Native(), src)
		for i, rec := range records {
			fv, ferr := fast.Eval(ctx, rec)
			gv, gerr := generic.Eval(ctx, rec)
			require.Equal(t, gerr, ferr, "%s on record %d", src, i)
			require.True(t, identical(fv, gv), "%s on record %d: fast %#v, generic %#v", src, i, fv, gv)
		}
	}
}

// TestFastPathsTakeTheCommonCase checks the fast paths give the result
// themselves on records of the expected shape, and step aside for the
// mistyped ones.
func TestFastPathsTakeTheCommonCase(t *testing.T) {
	rec, err := jsoncodec.DecodeJSON(`{"id":"ORD-1","customer":{"first":"Ada","last":"Lovelace","email":"ADA@EXAMPLE.COM"},` +
		`"items":[{"sku":"A","qty":2,"price":"19.99"},{"qty":1,"price":"5.01"}],"placed_at":"2026-03-01T10:22:33Z",` +
		`"country":"de","qtyTotal":1.5}`)
	require.NoError(t, err)
	for _, src := range append(fastExprs[:5:5], ordersExprs[1:]...) {
		fast := expr.FastPath(src)
		if src == "items.length" {
			assert.Nil(t, fast, "plain reads have no fast path of their own")
			continue
		}
		require.NotNil(t, fast, src)
		p, err := expr.CompileGeneric(src, testOpts)
		require.NoError(t, err)
		want, err := p.Eval(context.Background(), rec)
		require.NoError(t, err, src)
		got, ok := fast(rec)
		require.True(t, ok, "%s takes its fast path on %v", src, rec)
		assert.True(t, identical(want, got), "%s: fast %#v, generic %#v", src, got, want)
	}
	mistyped := mistypedRecords(t)[0]
	for _, src := range ordersExprs[1:] {
		if fast := expr.FastPath(src); fast != nil {
			_, ok := fast(mistyped)
			assert.False(t, ok, "%s steps aside on %v", src, mistyped)
		}
	}
	assert.Nil(t, expr.FastPath(`items.map(i => i.qty)`), "no fast path for arrays")
	_, ok := expr.FastPath(`customer.first + 1`)(rec)
	assert.False(t, ok, "string + number is left to the generic path")
}

// FuzzFastVsGeneric compares expressions with and without the typed fast
// paths over the differential and mistyped records.
func FuzzFastVsGeneric(f *testing.F) {
	for _, src := range append(append([]string{}, fastExprs...), ordersExprs...) {
		f.Add(src)
	}
	records := append(orderedRecords(f), testRecords()...)
	f.Fuzz(func(t *testing.T, src string) {
		fast, ferr := expr.Compile(src, testOpts)
		generic, gerr := expr.CompileGeneric(src, testOpts)
		require.Equal(t, ferr, gerr)
		if ferr != nil || !fast.Native() {
			return
		}
		for i, rec := range append(records, mistypedRecords(t)...) {
			fv, ferr := fast.Eval(context.Background(), rec)
			gv, gerr := generic.Eval(context.Background(), rec)
			require.Equal(t, gerr, ferr, "record %d", i)
			require.True(t, identical(fv, gv), "record %d: fast %#v, generic %#v", i, fv, gv)
		}
	})
}
