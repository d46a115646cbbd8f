package jsoncodec_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/wtf8"
)

// order is a sample record with the usual shapes: nested objects, an
// array of objects, numbers, strings with and without escapes, literals.
const order = `{"id":"ORD-000042","customer":{"first":"Émile","last":"Zola","email":"e@x.fr","vip":true},
 "items":[{"sku":"Z9","qty":3,"price":"1.50","note":null},{"sku":"Q1","qty":0.5,"price":"12"}],
 "placed_at":"2026-03-01T10:22:33Z","country":"fr","memo":"line\nbreak \"quoted\""}`

// decodeJSON decodes s with encoding/json, the reference.
func decodeJSON(t testing.TB, s string) (v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	return v
}

// requireSameDecode checks that DecodeJSON, and dec (which reuses the
// objects of earlier records), give go-json's value for data, or fall
// back; they must fall back whenever go-json refuses data.
func requireSameDecode(t *testing.T, dec *jsoncodec.Decoder, data []byte) {
	t.Helper()
	var want any
	wantErr := gojson.Unmarshal(data, &want)
	got, err := jsoncodec.DecodeJSON(string(data))
	reused, reusedErr := dec.Decode(string(data))
	require.Equal(t, err, reusedErr)
	if err != nil {
		require.ErrorIs(t, err, jsoncodec.ErrFallback)
		return
	}
	require.NoError(t, wantErr, "DecodeJSON accepted what go-json refuses: %q", data)
	full, err := jsoncodec.DecodeFull(data)
	require.NoError(t, err, "DecodeFull refused what DecodeJSON accepts: %q", data)
	// go-json and DecodeFull replace each lone surrogate; DecodeJSON keeps
	// it as WTF-8.
	requireSameOrdered(t, full, replaceSurrogates(got))
	requireSameOrdered(t, full, replaceSurrogates(reused))
	requireLookups(t, got)
	requireLookups(t, reused)
	require.Equal(t, want, replaceSurrogates(jsoncodec.Plain(jsoncodec.CloneValue(got))))
	dec.Release()
}

// requireSameOrdered checks that two decoded values are equal, with their
// objects' members in the same order.
func requireSameOrdered(t *testing.T, want, got any) {
	t.Helper()
	wantJSON, err := jsoncodec.AppendJSON(nil, want)
	require.NoError(t, err)
	gotJSON, err := jsoncodec.AppendJSON(nil, got)
	require.NoError(t, err)
	require.Equal(t, string(wantJSON), string(gotJSON))
	require.Equal(t, jsoncodec.Plain(jsoncodec.CloneValue(want)), jsoncodec.Plain(jsoncodec.CloneValue(got)))
}

// requireSameFull checks that DecodeFull accepts what encoding/json
// accepts and gives its value, with objects in order.
func requireSameFull(t *testing.T, data []byte) {
	t.Helper()
	var want any
	wantErr := json.Unmarshal(data, &want)
	got, err := jsoncodec.DecodeFull(data)
	if wantErr != nil {
		require.Error(t, err, "DecodeFull accepted what encoding/json refuses: %q", data)
		return
	}
	require.NoError(t, err, "%q", data)
	require.Equal(t, want, jsoncodec.Plain(got))
}

func TestDecodeFull(t *testing.T) {
	for _, s := range decodeSeeds {
		requireSameFull(t, []byte(s))
	}
}

// TestDecodeKeepsKeyOrder: objects keep their members in JavaScript's
// order (array indexes first, ascending; then first-set order, the last
// value of a repeated key at the place of the first), through decoding
// and encoding, as JSON.stringify(JSON.parse(text)) writes them in V8.
func TestDecodeKeepsKeyOrder(t *testing.T) {
	for in, want := range map[string]string{
		`{"b":1,"a":{"z":1,"y":2},"c":[{"q":1,"p":2}]}`:                   `{"b":1,"a":{"z":1,"y":2},"c":[{"q":1,"p":2}]}`,
		`{"b":1,"a":2,"1":3}`:                                             `{"1":3,"b":1,"a":2}`,
		`{"10":1,"9":2,"x":3,"-1":4,"1.5":5,"01":6,"4294967295":7,"0":8}`: `{"0":8,"9":2,"10":1,"x":3,"-1":4,"1.5":5,"01":6,"4294967295":7}`,
		`{"a":1,"b":2,"a":3}`:                                             `{"a":3,"b":2}`,
		`{"ab":1,"ac":2,"ad":3,"ac":4}`:                                   `{"ab":1,"ac":4,"ad":3}`,
		`{"x":1,"":2,"x":3,"":4,"y":5}`:                                   `{"x":3,"":4,"y":5}`,
		`{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"ka":10,"kb":11,"kc":12,"kd":13,"ke":14,"kf":15,"kg":16,"k3":17,"5":18}`: `{"5":18,"k0":0,"k1":1,"k2":2,"k3":17,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"ka":10,"kb":11,"kc":12,"kd":13,"ke":14,"kf":15,"kg":16}`,
	} {
		for name, decode := range map[string]func(string) (any, error){
			"DecodeJSON": jsoncodec.DecodeJSON,
			"DecodeFull": func(s string) (any, error) { return jsoncodec.DecodeFull([]byte(s)) },
		} {
			v, err := decode(in)
			require.NoError(t, err)
			out, err := jsoncodec.AppendJSON(nil, v)
			require.NoError(t, err)
			assert.Equal(t, want, string(out), "%s %s", name, in)
			marshaled, err := json.Marshal(v)
			require.NoError(t, err)
			assert.Equal(t, want, string(marshaled), "json.Marshal after %s %s", name, in)
		}
	}
}

var decodeSeeds = []string{
	order, `{}`, `[]`, ` [ ] `, `null`, `true`, `false`, `"s"`, `0`, `-0`, `-0.0`, `1023`, `1024`, `12`, `007`,
	`-1`, `1.5e3`, `1E-7`, `1e400`, `-1e-400`, `123456789012345678901234567890`, `0.1`, `1.`, `.5`, `-`, `1e`, `1e+`,
	`{"a":1,"a":2}`, `{"a":[1,[2,[3]],{"b":null}],"c":{}}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{"a" 1}`, `{a:1}`,
	`"esc \" \\ \/ \b \f \n \r \t \u00e9 \u20ac"`, `"\ud83d\ude00"`, `"\ud800"`, `"\x"`, `"\u12"`, `"ctl` + "\x01" + `"`,
	`"bad ` + "\xff" + `"`, `"é日本😀"`, `"` + "\u2028" + `"`, `tru`, `nul`, `[true,false,null]`, "{\"a\":1}\n", `{"a":1} x`,
	`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`, ``, `   `, "\ufeff{}",
}

func TestDecodeJSON(t *testing.T) {
	dec := &jsoncodec.Decoder{}
	for _, s := range decodeSeeds {
		requireSameDecode(t, dec, []byte(s))
	}
	v, err := jsoncodec.DecodeJSON(order)
	require.NoError(t, err)
	assert.Equal(t, decodeJSON(t, order), jsoncodec.Plain(v))
}

// replaceSurrogates returns v with each WTF-8 lone surrogate in its
// strings replaced by U+FFFD, as encoding/json and go-json decode them.
func replaceSurrogates(v any) any {
	switch t := v.(type) {
	case string:
		var b strings.Builder
		for i := 0; i < len(t); i++ {
			if _, ok := wtf8.Surrogate(t[i:]); ok {
				b.WriteRune(utf8.RuneError)
				i += 2
				continue
			}
			b.WriteByte(t[i])
		}
		return b.String()
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = replaceSurrogates(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[replaceSurrogates(k).(string)] = replaceSurrogates(e)
		}
		return out
	case *jsoncodec.Object:
		out := jsoncodec.NewObject(t.Len())
		for _, m := range t.Members() {
			out.Set(replaceSurrogates(m.Key).(string), replaceSurrogates(m.Value))
		}
		return out
	}
	return v
}

func TestDecodeJSONKeepsLoneSurrogates(t *testing.T) {
	for _, c := range []struct{ in, want, again string }{
		{`"\ud83d"`, "\xed\xa0\xbd", `"\ud83d"`},
		{`"a\uDC00b"`, "a\xed\xb0\x80b", `"a\udc00b"`},
		{`"\ud83d\ude00"`, "😀", `"😀"`},
		{`"\ud83d\ud83d\ude00x"`, "\xed\xa0\xbd😀x", `"\ud83d😀x"`},
		{`"\ude00\ud83d"`, "\xed\xb8\x80\xed\xa0\xbd", `"\ude00\ud83d"`},
		{`"\ud83d\n"`, "\xed\xa0\xbd\n", `"\ud83d\n"`},
		{`"\ud83d\u0041"`, "\xed\xa0\xbdA", `"\ud83dA"`},
	} {
		got, err := jsoncodec.DecodeJSON(c.in)
		require.NoError(t, err, c.in)
		assert.Equal(t, c.want, got, c.in)
		out, err := jsoncodec.AppendJSON(nil, got)
		require.NoError(t, err)
		assert.Equal(t, c.again, string(out), "encoding %s again", c.in)
	}
	for _, in := range []string{`"\ud83d\u12"`, `"\ud83`} {
		_, err := jsoncodec.DecodeJSON(in)
		assert.ErrorIs(t, err, jsoncodec.ErrFallback, in)
	}
}

func TestDecodeJSONFallsBack(t *testing.T) {
	for _, s := range []string{`{"a":1,}`, `1e400`, `"bad ` + "\xff" + `"`, `{"a":1} x`, ``} {
		_, err := jsoncodec.DecodeJSON(s)
		assert.ErrorIs(t, err, jsoncodec.ErrFallback, s)
	}
}

// FuzzDecodeJSON checks DecodeJSON against go-json on arbitrary input.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	dec := &jsoncodec.Decoder{}
	f.Fuzz(func(t *testing.T, data []byte) { requireSameDecode(t, dec, data) })
}

func TestDecoderReusesReleasedObjects(t *testing.T) {
	dec := &jsoncodec.Decoder{}
	first, err := dec.Decode(`{"a":{"x":1,"y":[{"z":2}]},"b":2}`)
	require.NoError(t, err)
	kept, err := dec.Decode(`{"k":{"v":1}}`)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"a": map[string]any{"x": 1.0, "y": []any{map[string]any{"z": 2.0}}}, "b": 2.0}, jsoncodec.Plain(jsoncodec.CloneValue(first)))
	dec.Release()
	second, err := dec.Decode(`{"c":{"d":{}},"e":[{}]}`)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"c": map[string]any{"d": map[string]any{}}, "e": []any{map[string]any{}}}, jsoncodec.Plain(jsoncodec.CloneValue(second)))
	assert.NotEqual(t, map[string]any{"k": map[string]any{"v": 1.0}}, jsoncodec.Plain(jsoncodec.CloneValue(kept)), "Release hands back every record since the last one")

	fresh := testing.AllocsPerRun(20, func() { _, _ = jsoncodec.DecodeJSON(order) })
	reused := testing.AllocsPerRun(20, func() {
		_, err := dec.Decode(order)
		require.NoError(t, err)
		dec.Release()
	})
	assert.Less(t, reused, fresh, "released objects are reused")
}
