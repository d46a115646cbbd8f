package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/format"
	"github.com/weftworks/weft/engine/mapping"
	"github.com/weftworks/weft/engine/mapping/pipeline"
)

// benchRecords is how many orders one iteration of BenchmarkRun maps.
const benchRecords = 10_000

// orders returns n NDJSON orders shaped like bench/mapbench's workload.
func orders(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"id":"ORD-%06d","customer":{"first":"Ada","last":"Lovelace","email":"ADA.LOVELACE@EXAMPLE.COM"},`+
			`"items":[{"sku":"A%d","qty":%d,"price":"19.%02d"},{"sku":"B2","qty":1,"price":"5.00"},{"sku":"C3","qty":4,"price":"7.25"}],`+
			`"placed_at":"2026-03-01T10:22:33Z","country":"de"}`+"\n", i, i%100, 1+i%5, i%100)
	}
	return b.Bytes()
}

// benchRun maps benchRecords orders per iteration through the whole
// pipeline (read, decode, map, encode, write) on one worker, and reports
// the time per record.
func benchRun(b *testing.B, mappingFile string, opts mapping.Options) {
	data, err := os.ReadFile(mappingFile)
	require.NoError(b, err)
	m, err := mapping.Decode(data)
	require.NoError(b, err)
	c, err := mapping.CompileWith(m, opts)
	require.NoError(b, err)
	in := orders(benchRecords)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		r, err := format.NewReader(bytes.NewReader(in), format.FormatNDJSON)
		require.NoError(b, err)
		st, err := pipeline.Run(context.Background(), c, r, 1, io.Discard, io.Discard)
		if err != nil || st.Failed > 0 {
			b.Fatal(err, st)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchRecords), "ns/record")
}

func BenchmarkRunDeclarative(b *testing.B) {
	benchRun(b, "../../../bench/mapbench/orders.mapping.json", mapping.Options{})
}

func BenchmarkRunScript(b *testing.B) {
	benchRun(b, "../../../bench/mapbench/orders-script.mapping.json", mapping.Options{})
}

// BenchmarkRunScriptGoja runs bench/mapbench's helper script in goja (its
// calls batched per batch of records).
func BenchmarkRunScriptGoja(b *testing.B) {
	benchRun(b, "../../../bench/mapbench/orders-script-helper.mapping.json", mapping.Options{GojaScript: true})
}
