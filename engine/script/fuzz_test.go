package script_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// FuzzExport runs arbitrary expressions and checks that every result that
// converts is JSON-like and within the output limit.
func FuzzExport(f *testing.F) {
	f.Add(`{a: [1, "x", null, true], b: {c: -0.5}}`)
	f.Add(`[0/0]`)
	f.Add(`new Date(0)`)
	opts := script.Options{Timeout: 200 * time.Millisecond, MaxOutputBytes: 4096}
	f.Fuzz(func(t *testing.T, expr string) {
		p, err := script.Compile("fuzz.js", "return (\n"+expr+"\n);")
		if err != nil {
			var se *script.Error
			require.ErrorAs(t, err, &se)
			return
		}
		got, err := p.WithOptions(opts).Call(context.Background())
		if err != nil || got == script.Undefined {
			return
		}
		requireJSONLike(t, got, 0)
		data, err := json.Marshal(got)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(data), 2*opts.MaxOutputBytes, "the size estimate is roughly right")
	})
}

// FuzzRoundTrip passes decoded JSON through a script unchanged, as is and
// through JSON.stringify and JSON.parse; lone surrogates included (the
// records' decoder keeps them as WTF-8).
func FuzzRoundTrip(f *testing.F) {
	f.Add([]byte(`{"a": [1, "x", null, true], "b": {"c": -0.5}}`))
	f.Add([]byte(`{"\ud83d": ["\ude00x", "\ud83d\ude00", "<\u2028&>"]}`))
	var progs []*script.Program
	for _, src := range []string{"return v", "return JSON.parse(JSON.stringify(v))"} {
		p, err := script.Compile("identity.js", src, "v")
		require.NoError(f, err)
		progs = append(progs, p)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := jsoncodec.DecodeJSON(string(data))
		if err != nil && json.Unmarshal(data, &in) != nil {
			return
		}
		for _, p := range progs {
			got, err := p.Call(context.Background(), in)
			if errors.Is(err, script.ErrArgument) || errors.Is(err, script.ErrTooLarge) || errors.Is(err, script.ErrResult) {
				return // too deep or too large for the limits
			}
			require.NoError(t, err)
			assert.Equal(t, jsoncodec.Plain(in), jsoncodec.Plain(got))
		}
	})
}

func requireJSONLike(t *testing.T, v any, depth int) {
	t.Helper()
	require.Less(t, depth, 200)
	switch x := v.(type) {
	case nil, bool, string, float64:
	case []any:
		for _, e := range x {
			requireJSONLike(t, e, depth+1)
		}
	case *jsoncodec.Object:
		for _, m := range x.Members() {
			requireJSONLike(t, m.Value, depth+1)
		}
	default:
		t.Fatalf("not JSON-like: %T", v)
	}
}
