package jsoncodec_test

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
)

// TestBoxesKeepEveryValue boxes more values than one slab holds, collects
// garbage in between, and checks that every boxed value is still what it
// was, of the type a plain conversion gives.
func TestBoxesKeepEveryValue(t *testing.T) {
	var b jsoncodec.Boxes
	var strs, nums []any
	for i := range 1000 {
		strs = append(strs, b.String("s"+strconv.Itoa(i)))
		nums = append(nums, b.Float64(float64(i)+0.5))
		if i%300 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	for i := range 1000 {
		require.Equal(t, any("s"+strconv.Itoa(i)), strs[i])
		require.Equal(t, any(float64(i)+0.5), nums[i])
	}
	assert.Equal(t, "s7", fmt.Sprint(strs[7]))
	assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() { _ = b.String("x") }), "boxing shares a slab")
}

// TestBoxesTextAndElems carves strings and arrays (bare and boxed) of
// every size around the slab sizes, collects garbage in between, and
// checks that each keeps what was written into it and that appending to
// an array leaves the next one alone.
func TestBoxesTextAndElems(t *testing.T) {
	var b jsoncodec.Boxes
	var texts [][]byte
	var arrs [][]any
	for i := range 2000 {
		n := i % 1100
		text := b.Text(n)
		require.Len(t, text, n)
		for j := range text {
			text[j] = byte('a' + (i+j)%26)
		}
		texts = append(texts, text)
		elems := make([]any, i%70)
		for j := range elems {
			elems[j] = float64(i*100 + j)
		}
		if i%2 == 0 {
			arrs = append(arrs, b.Elems(elems))
		} else {
			boxed := b.Array(elems)
			require.IsType(t, []any(nil), boxed)
			arrs = append(arrs, boxed.([]any))
		}
		clear(elems) // Elems copied them
		if i%500 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	for i := range 2000 {
		n := i % 1100
		for j := range n {
			require.Equal(t, byte('a'+(i+j)%26), texts[i][j])
		}
		require.Len(t, arrs[i], i%70)
		for j, v := range arrs[i] {
			require.Equal(t, any(float64(i*100+j)), v)
		}
	}
	grown := append(arrs[10], "more")
	require.Equal(t, any(float64(1100)), arrs[11][0], "appending reallocates")
	require.Len(t, grown, 11)
	assert.Equal(t, 0.0, testing.AllocsPerRun(100, func() { _, _, _ = b.Text(10), b.Elems(arrs[3]), b.Array(arrs[3]) }), "carving shares a slab")
}

// TestDecoderBoxesStringsAndNumbers decodes with a Decoder, releases and
// decodes again: values of earlier records stay intact.
func TestDecoderBoxesStringsAndNumbers(t *testing.T) {
	dec := &jsoncodec.Decoder{}
	var kept []any
	for i := range 300 {
		v, err := dec.Decode(fmt.Sprintf(`{"s":"v%d","n":%d.25}`, i, i))
		require.NoError(t, err)
		kept = append(kept, jsoncodec.Plain(v))
		dec.Release()
	}
	runtime.GC()
	for i, v := range kept {
		require.Equal(t, map[string]any{"s": "v" + strconv.Itoa(i), "n": float64(i) + 0.25}, v)
	}
}

// BenchmarkDecoder decodes the sample order per iteration, releasing it,
// as weft map does per record.
func BenchmarkDecoder(b *testing.B) {
	dec := &jsoncodec.Decoder{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dec.Decode(order); err != nil {
			b.Fatal(err)
		}
		dec.Release()
	}
}

// BenchmarkAppendJSON encodes the decoded sample order per iteration.
func BenchmarkAppendJSON(b *testing.B) {
	v, err := jsoncodec.DecodeJSON(order)
	if err != nil {
		b.Fatal(err)
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		if buf, err = jsoncodec.AppendJSON(buf[:0], v); err != nil {
			b.Fatal(err)
		}
	}
}
