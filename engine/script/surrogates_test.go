package script_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// hi and lo are the WTF-8 forms of the lone surrogates U+D83D and U+DE00.
const (
	hi = "\xed\xa0\xbd"
	lo = "\xed\xb8\x80"
)

// TestLoneSurrogates checks that lone surrogates cross into goja and back
// as code units, and survive the built-ins goja runs on UTF-8. The
// expected values are what Node 20 gives (lone surrogates as WTF-8).
func TestLoneSurrogates(t *testing.T) {
	tests := map[string]any{
		`return s.length`:                                     1.0,
		`return s.charCodeAt(0)`:                              55357.0,
		`return s`:                                            hi,
		`return "😀".slice(0, 1)`:                              hi,
		`return "😀a".split("")`:                               []any{hi, lo, "a"},
		`return String.fromCharCode(0xd83d)`:                  hi,
		`return s + "\ude00"`:                                 "😀",
		`return JSON.stringify(s)`:                            `"\ud83d"`,
		`return (" a" + s + " ").trim()`:                      "a" + hi,
		`return (" a " + s + " b ").trimStart()`:              "a " + hi + " b ",
		`return (" a " + s + " b ").trimEnd()`:                " a " + hi + " b",
		`return ("ß" + s + "x").toUpperCase()`:                "SS" + hi + "X",
		`return (s + "A").toLowerCase()`:                      hi + "a",
		`return (s + "e\u0301").normalize()`:                  hi + "é",
		`return [..."a😀b"].length`:                            3.0,
		`return JSON.parse('"\\ud83d"')`:                      hi,
		`return JSON.parse('"\\ud83d\\ude00"')`:               "😀",
		`return JSON.parse('["\\ude00", {"k": "x\\ud83d"}]')`: []any{lo, map[string]any{"k": "x" + hi}},
		`return JSON.parse('"' + s + '\\ude00"')`:             "😀",
		`return JSON.parse('["' + s + '"]')[0]`:               hi,
	}
	for src, want := range tests {
		p, err := script.Compile("s.js", src, "s")
		require.NoError(t, err)
		got, err := p.Call(context.Background(), hi)
		require.NoError(t, err, src)
		assert.Equal(t, want, jsoncodec.Plain(got), src)
	}
}

// TestJSONParse checks the JSON.parse that replaces goja's: JavaScript's
// values, the built-in's errors, and a reviver.
func TestJSONParse(t *testing.T) {
	tests := map[string]any{
		`return JSON.parse("1e400")`:                                                        "Infinity",
		`return JSON.parse("-1e400")`:                                                       "-Infinity",
		`return 1 / JSON.parse("-1e-400")`:                                                  "-Infinity",
		`return JSON.parse(' {"b": [1, true, null, "x"], "a": {}} ')`:                       map[string]any{"a": map[string]any{}, "b": []any{1.0, true, nil, "x"}},
		`return Object.keys(JSON.parse('{"b": 1, "a": 2, "b": 3}'))`:                        []any{"b", "a"},
		`return Object.getPrototypeOf(JSON.parse('{"__proto__": 1}')) === Object.prototype`: true,
		`return JSON.parse('{"__proto__": 1}').__proto__`:                                   1.0,
		`return JSON.parse("[1, 2]", (k, v) => typeof v === "number" ? v * 2 : v)`:          []any{2.0, 4.0},
		`try { JSON.parse("[1,]") } catch (e) { return e.name }`:                            "SyntaxError",
		`try { JSON.parse("01") } catch (e) { return e.name }`:                              "SyntaxError",
		`try { JSON.parse('"\\x"') } catch (e) { return e.name }`:                           "SyntaxError",
		`return JSON.parse.name + JSON.parse.length`:                                        "parse2",
	}
	for src, want := range tests {
		if s, ok := want.(string); ok && (s == "Infinity" || s == "-Infinity") {
			src = "var v = (function () { " + src + " })(); return String(v)"
		}
		p, err := script.Compile("p.js", src)
		require.NoError(t, err)
		got, err := p.Call(context.Background())
		require.NoError(t, err, src)
		assert.Equal(t, want, jsoncodec.Plain(got), src)
	}
}

func TestLogOfSubnormals(t *testing.T) {
	// What Node 20 prints for Math.log(x).
	for x, want := range map[float64]float64{5e-324: -744.4400719213812, 1e-310: -713.8013788281542, 3e-320: -735.7286286023058, 0x1p-1022: -708.3964185322641} {
		assert.Equal(t, want, script.Log(x), "%g", x)
		p, err := script.Compile("log.js", "return Math.log(x)", "x")
		require.NoError(t, err)
		got, err := p.Call(context.Background(), x)
		require.NoError(t, err)
		assert.Equal(t, want, got, "Math.log(%g) in goja", x)
	}
	for _, x := range []float64{0, 1, 2.5, 1e300, math.Inf(1)} {
		assert.Equal(t, math.Log(x), script.Log(x), "%g", x)
	}
	assert.True(t, math.IsNaN(script.Log(-1)))
}

// TestLoneSurrogateKeys checks that an object key with a lone surrogate
// keeps it (goja's own Keys would write U+FFFD and lose the member).
func TestLoneSurrogateKeys(t *testing.T) {
	p, err := script.Compile("k.js", `var o = {}; o[s] = 1; o["\ud83d\ude00"] = 2; o.x = {[s + "y"]: [s]}; return o`, "s")
	require.NoError(t, err)
	got, err := p.Call(context.Background(), hi)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{hi: 1.0, "😀": 2.0, "x": map[string]any{hi + "y": []any{hi}}}, jsoncodec.Plain(got))
}

// TestStringMethodsOnASCII checks the wrapped methods' ASCII fast path
// against what JavaScript gives.
func TestStringMethodsOnASCII(t *testing.T) {
	tests := map[string]any{
		`return " \t\v\f\r\nAb c\n ".trim()`:                         "Ab c",
		`return " \tAb c ".trimStart()`:                              "Ab c ",
		`return " Ab c\n".trimEnd()`:                                 " Ab c",
		`return "Ab-c".toUpperCase() + "Ab-C".toLowerCase()`:         "AB-Cab-c",
		`return "Ab".toLocaleUpperCase() + "AB".toLocaleLowerCase()`: "ABab",
		`return "\u00a0x\ufeff".trim() + "é".toUpperCase()`:          "xÉ",
		`return String.prototype.trim.call(12) + "x".trim.name`:      "12trim",
		`return new String(" s ").trim()`:                            "s",
	}
	for src, want := range tests {
		p, err := script.Compile("a.js", src)
		require.NoError(t, err)
		got, err := p.Call(context.Background())
		require.NoError(t, err, src)
		assert.Equal(t, want, jsoncodec.Plain(got), src)
	}
}

// TestArgumentKeysWithLoneSurrogates checks that an argument object with
// a lone surrogate in a key reads and enumerates it (a view's Go string
// keys would read as U+FFFD and lose the member).
func TestArgumentKeysWithLoneSurrogates(t *testing.T) {
	rec := map[string]any{hi: 1.0, "a": map[string]any{"__proto__": 2.0, lo: []any{hi}}}
	p, err := script.Compile("k.js", `return [Object.keys($), $[String.fromCharCode(0xd83d)], JSON.stringify($), $.a.__proto__, {...$}]`, "$")
	require.NoError(t, err)
	got, err := p.Call(context.Background(), rec)
	require.NoError(t, err)
	assert.Equal(t, []any{
		[]any{"a", hi}, 1.0, `{"a":{"__proto__":2,"\ude00":["\ud83d"]},"\ud83d":1}`, 2.0,
		map[string]any{hi: 1.0, "a": map[string]any{"__proto__": 2.0, lo: []any{hi}}},
	}, jsoncodec.Plain(got))
}

func TestMathSign(t *testing.T) {
	// What Node 20 prints.
	const want = "NaN,0,0,-Infinity,NaN,-1,1,1,sign"
	p, err := script.Compile("sign.js", `return [Math.sign(undefined), Math.sign(null), Math.sign("0"), 1 / Math.sign("-0"),
		Math.sign("x"), Math.sign("-3"), Math.sign(2), Math.sign.length, Math.sign.name].join()`)
	require.NoError(t, err)
	got, err := p.Call(context.Background())
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
