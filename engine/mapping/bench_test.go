package mapping_test

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/mapping"
)

// orderLine is one NDJSON record of bench/mapbench's workload.
const orderLine = `{"id":"ORD-000001","customer":{"first":"Ada","last":"Lovelace","email":"ADA.LOVELACE@EXAMPLE.COM"},` +
	`"items":[{"sku":"A1","qty":2,"price":"19.99"},{"sku":"B2","qty":1,"price":"5.00"},{"sku":"C3","qty":4,"price":"7.25"}],` +
	`"placed_at":"2026-03-01T10:22:33Z","country":"de"}`

const (
	declarativeFile  = "../../bench/mapbench/orders.mapping.json"
	scriptFile       = "../../bench/mapbench/orders-script.mapping.json"        // a native script
	loopScriptFile   = "../../bench/mapbench/orders-script-loop.mapping.json"   // a for-of loop: native
	helperScriptFile = "../../bench/mapbench/orders-script-helper.mapping.json" // a helper of two statements: native
)

func compileFile(b testing.TB, path string, opts mapping.Options) *mapping.Compiled {
	data, err := os.ReadFile(path)
	require.NoError(b, err)
	m, err := mapping.Decode(data)
	require.NoError(b, err)
	c, err := mapping.CompileWith(m, opts)
	require.NoError(b, err)
	return c
}

// benchApply maps one decoded order per iteration.
func benchApply(b *testing.B, path string) {
	c := compileFile(b, path, mapping.Options{})
	rec, err := jsoncodec.DecodeJSON(orderLine)
	require.NoError(b, err)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if out, errs := c.Apply(ctx, rec); len(errs) > 0 || out == nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkApplyDeclarative(b *testing.B) { benchApply(b, declarativeFile) }

func BenchmarkApplyScript(b *testing.B) { benchApply(b, scriptFile) }

// benchLine does what weft map does per NDJSON line: decode (reusing
// objects), map, encode.
func benchLine(b *testing.B, path string, opts mapping.Options) {
	c := compileFile(b, path, opts)
	ctx := context.Background()
	dec := c.NewDecoder()
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		rec, err := dec.Decode(orderLine)
		if err != nil {
			b.Fatal(err)
		}
		var errs []mapping.FieldError
		if buf, errs, err = c.AppendRecord(ctx, buf[:0], rec); len(errs) > 0 || err != nil {
			b.Fatal(errs, err)
		}
		dec.Release()
	}
}

func BenchmarkLineDeclarative(b *testing.B) { benchLine(b, declarativeFile, mapping.Options{}) }

// BenchmarkLineScript runs the bench's script natively.
func BenchmarkLineScript(b *testing.B) { benchLine(b, scriptFile, mapping.Options{}) }

// BenchmarkLineScriptInGoja runs the same script in goja: the baseline of
// BenchmarkLineScript.
func BenchmarkLineScriptInGoja(b *testing.B) {
	benchLine(b, scriptFile, mapping.Options{GojaScript: true})
}

// BenchmarkLineScriptLoop runs the script with a for-of loop natively.
func BenchmarkLineScriptLoop(b *testing.B) { benchLine(b, loopScriptFile, mapping.Options{}) }

// BenchmarkLineScriptLoopInGoja runs the same script in goja: the
// baseline of BenchmarkLineScriptLoop.
func BenchmarkLineScriptLoopInGoja(b *testing.B) {
	benchLine(b, loopScriptFile, mapping.Options{GojaScript: true})
}

// BenchmarkLineScriptHelper runs the script with a helper function
// natively.
func BenchmarkLineScriptHelper(b *testing.B) { benchLine(b, helperScriptFile, mapping.Options{}) }

// BenchmarkLineScriptHelperInGoja runs the same script in goja (the
// bench's goja line): the baseline of BenchmarkLineScriptHelper.
func BenchmarkLineScriptHelperInGoja(b *testing.B) {
	benchLine(b, helperScriptFile, mapping.Options{GojaScript: true})
}

func BenchmarkDecodeJSON(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsoncodec.DecodeJSON(orderLine); err != nil {
			b.Fatal(err)
		}
	}
}
