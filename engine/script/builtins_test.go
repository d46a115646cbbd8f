package script_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// TestSpecFixes checks the built-ins corrected to give V8's answers; the
// expected values are what Node 20 prints.
func TestSpecFixes(t *testing.T) {
	tests := map[string]any{
		`return [-0].includes(0)`:                              true,
		`return [0].includes(-0)`:                              true,
		`return [NaN].includes(NaN)`:                           true,
		`return [1, 0].includes(0, 2)`:                         false,
		`return [1, 2].includes.length`:                        1.0,
		`return Date.parse("2026-03-01T10:22:33z")`:            1772360553000.0,
		`return Date.parse("2026-03-01t10:22:33.5Z")`:          1772360553500.0,
		`return Date.parse("2026-03-01T10:22:33+01:00")`:       1772356953000.0,
		`return isNaN(Date.parse("not a date"))`:               true,
		`return new Date("2026-03-01t10:22:33z").getTime()`:    1772360553000.0,
		`return isNaN(Date.parse(1700000000000))`:              true,
		`return isNaN(new Date("1700000000000"))`:              true,
		`return Date.parse("20240")`:                           576545472000000.0,
		`return new Date(0) instanceof Date`:                   true,
		`return Date.prototype.constructor === Date`:           true,
		`return Date.name + Date.length + typeof Date()`:       "Date7string",
		`return new Date(new Date(5)).getTime()`:               5.0,
		`class D extends Date {}; return new D(7).getTime()`:   7.0,
		`return (1e21).toString(36)`:                           "5v1j4f4ds7c000",
		`return (-(2 ** 70) + 2 ** 20).toString(7)`:            "-6106454640561632553000000",
		`return (255).toString(16) + (0.5).toString(2)`:        "ff0.1",
		`return (1e21).toString() + new Number(5).toString(2)`: "1e+21101",
	}
	for src, want := range tests {
		p, err := script.Compile("fix.js", src)
		require.NoError(t, err)
		got, err := p.Call(context.Background())
		require.NoError(t, err, src)
		assert.Equal(t, want, got, src)
	}
	p, err := script.Compile("fix.js", `return Number.prototype.toString.call("x", 2)`)
	require.NoError(t, err)
	_, err = p.Call(context.Background())
	assert.ErrorContains(t, err, "TypeError", "a non-number still throws")
}

// TestStringifyResults checks Options.Stringify: JSON.stringify's rules
// instead of ErrResult.
func TestStringifyResults(t *testing.T) {
	p, err := script.Compile("s.js", `return [NaN, -Infinity, () => 1, {f() {}, n: 1 / 0, s: Symbol("x"), k: 1}]`)
	require.NoError(t, err)
	_, err = p.Call(context.Background())
	assert.ErrorIs(t, err, script.ErrResult)
	got, err := p.WithOptions(script.Options{Stringify: true}).Call(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []any{nil, nil, nil, map[string]any{"n": nil, "k": 1.0}}, jsoncodec.Plain(got))
}
