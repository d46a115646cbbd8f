package jsoncodec_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// requireSameJSON checks that AppendJSON writes what encoding/json and
// go-json write for v, less their HTML escaping: JavaScript's
// JSON.stringify leaves <, >, &, U+2028 and U+2029 literal.
func requireSameJSON(t *testing.T, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	want := unescapeSeparators(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	var fast bytes.Buffer
	fenc := gojson.NewEncoder(&fast)
	fenc.SetEscapeHTML(false)
	require.NoError(t, fenc.Encode(v))
	require.Equal(t, string(want), string(unescapeSeparators(bytes.TrimSuffix(fast.Bytes(), []byte("\n")))), "encoding/json and go-json differ")
	got, err := jsoncodec.AppendJSON([]byte("x"), v)
	require.NoError(t, err)
	assert.Equal(t, "x"+string(want), string(got))
}

// unescapeSeparators writes the escapes \u2028 and \u2029 of JSON text
// as the characters.
func unescapeSeparators(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			out = append(out, b[i])
			continue
		}
		if rest := string(b[i:]); strings.HasPrefix(rest, `\u2028`) || strings.HasPrefix(rest, `\u2029`) {
			out = utf8.AppendRune(out, rune(0x2020+int(rest[5]-'0')))
			i += 5
			continue
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	return out
}

func TestAppendJSON(t *testing.T) {
	values := []any{
		nil, true, false, "", "plain", `quote " back \ slash`, "<a&b>", "tab\tnl\ncr\rbs\bff\f\x00\x1f",
		"é ü 日本 😀", "bad \xff utf8 \xc3", "line\u2028sep\u2029", 0.0, math.Copysign(0, -1), 1.0, -3.0,
		19.99, 1e20, 1e21, 123456789012345680000.0, 1e-6, 1e-7, 1.5e-300, 9007199254740993.0,
		-9007199254740992.0, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.1 + 0.2,
		[]any{}, []any{1.0, "a", nil, []any{true}}, map[string]any{},
		map[string]any{"b": 1.0, "a": map[string]any{"z": []any{}, "<k>": "v"}, "": nil, "é": "x", "B": 2.0},
		decodeJSON(t, order),
	}
	for _, v := range values {
		requireSameJSON(t, v)
	}
}

// TestAppendJSONHundredths checks the numbers with at most two decimals
// (prices, rounded totals), which AppendJSON writes without strconv's
// search, against encoding/json: every hundredth up to ±1000, values
// whose product by 100 is inexact, and values around the bound of that
// path and beyond it.
func TestAppendJSONHundredths(t *testing.T) {
	var values []float64
	for k := -100000; k <= 100000; k++ {
		values = append(values, float64(k)/100, float64(k)/10, float64(k)/100+0.001, float64(k)/1000)
	}
	values = append(values, 0.29, 1.005, 0.015, 1234.565, -0.01, -0.5, 8.5, 0.1+0.2,
		87960930222.07, 87960930222.08, 87960930223.04, 87960930221.99, -87960930222.09,
		9007199254740.99, 90071992547409.91, 1e15+0.5, 123456789.12, math.Nextafter(0.07, 1), math.Nextafter(0.07, 0))
	for _, f := range values {
		requireSameJSON(t, f)
	}
}

// FuzzAppendJSONNumber checks that AppendJSON writes any finite double,
// and hundredths of any whole number, as encoding/json does.
func FuzzAppendJSONNumber(f *testing.F) {
	f.Add(uint64(0x3FD28F5C28F5C28F), int64(29))
	f.Add(math.Float64bits(-87960930222.08), int64(-8796093022208))
	f.Fuzz(func(t *testing.T, bits uint64, cents int64) {
		for _, x := range []float64{math.Float64frombits(bits), float64(cents) / 100, float64(cents>>20) / 100} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				continue
			}
			want, err := json.Marshal(x)
			require.NoError(t, err)
			got, err := jsoncodec.AppendJSON(nil, x)
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), "%b", x)
		}
	})
}

func TestAppendJSONRefusesNaN(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), map[string]any{"a": []any{math.Inf(-1)}}} {
		got, err := jsoncodec.AppendJSON([]byte("keep"), v)
		require.ErrorIs(t, err, jsoncodec.ErrNotJSON)
		assert.Equal(t, "keep", string(got))
	}
}

// FuzzAppendJSON checks that AppendJSON encodes arbitrary bytes as a
// string, and arbitrary JSON decoded, as encoding/json does.
func FuzzAppendJSON(f *testing.F) {
	f.Add([]byte(order))
	f.Add([]byte(`{"a":[1e-7,1e21,-0,0.1,"<\u2028>"],"b":{"\u00e9":null}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if wtf8.Has(string(data)) {
			requireRoundTrip(t, string(data))
			return
		}
		requireSameJSON(t, string(data))
		var v any
		if json.Unmarshal(data, &v) != nil {
			return
		}
		requireSameJSON(t, v)
	})
}

// requireRoundTrip checks that a string with WTF-8 surrogates decodes
// back from its encoding, with neighbouring surrogates joined and other
// invalid bytes replaced (as JavaScript reads them).
func requireRoundTrip(t *testing.T, s string) {
	t.Helper()
	b, err := jsoncodec.AppendJSON(nil, s)
	require.NoError(t, err)
	require.True(t, utf8.Valid(b), "the encoding is UTF-8: %q", b)
	back, err := jsoncodec.DecodeJSON(string(b))
	require.NoError(t, err)
	require.Equal(t, wtf8.FromUTF16(wtf8.ToUTF16(s)), back)
}

func TestAppendStringWritesSurrogatesAsEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"\xed\xa0\xbd":             `"\ud83d"`,
		"a\xed\xbf\xbfb":           `"a\udfffb"`,
		"\xed\xa0\xbd\xed\xb8\x80": `"\ud83d\ude00"`,
		"\xed\x9f\xbf":             "\"\ud7ff\"",
		"\xed\xa0":                 `"\ufffd\ufffd"`,
		"<&>\u2028\u2029":          "\"<&>\u2028\u2029\"",
	} {
		assert.Equal(t, want, string(jsoncodec.AppendString(nil, in)), "%q", in)
		requireRoundTrip(t, in)
	}
}
