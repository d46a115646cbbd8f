package lib_test

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/mapping/lib"
	"github.com/weftworks/weft/engine/script"
)

func call(t *testing.T, name string, args ...any) (any, error) {
	t.Helper()
	l := lib.New(map[string]map[string]any{"countries": {"de": "Germany", "1": "one"}})
	fn, ok := l[name]
	require.True(t, ok, name)
	return fn(context.Background(), args)
}

func double(args ...any) (any, error) { return lib.ToNumber(args[0]) * 2, nil }

func TestHelpers(t *testing.T) {
	u := lib.Undefined
	tests := []struct {
		name string
		args []any
		want any
	}{
		{"trim", []any{"  a b \u00a0"}, "a b"},
		{"upper", []any{"straße"}, "STRASSE"},
		{"lower", []any{"ÉCOLE"}, "école"},
		{"upper", []any{nil}, nil},
		{"pad", []any{7.0, 3.0, "0"}, "007"},
		{"pad", []any{"ab", 5.0, "-", "right"}, "ab---"},
		{"pad", []any{"abcdef", 3.0}, "abcdef"},
		{"pad", []any{"é", 3.0, "xy"}, "xyé"},
		{"split", []any{"a,b", ","}, []any{"a", "b"}},
		{"split", []any{"a;b"}, []any{"a;b"}},
		{"replace", []any{"a-b-c", "-", "+"}, "a+b+c"},
		{"lookup", []any{"countries", "de", "?"}, "Germany"},
		{"lookup", []any{"countries", 1.0, "?"}, "one"},
		{"lookup", []any{"countries", "xx", "?"}, "?"},
		{"lookup", []any{"countries", "xx"}, u},
		{"sum", []any{[]any{1.0, "2", nil}}, 3.0},
		{"sum", []any{[]any{1.0, 2.0}, script.Func(double)}, 6.0},
		{"sum", []any{nil}, 0.0},
		{"min", []any{[]any{3.0, nil, 1.0, 2.0}}, 1.0},
		{"max", []any{[]any{3.0, 1.0}, script.Func(double)}, 6.0},
		{"max", []any{[]any{}}, u},
		{"count", []any{[]any{1.0, 0.0, 2.0}}, 3.0},
		{"count", []any{[]any{1.0, 0.0, 2.0}, script.Func(func(a ...any) (any, error) { return a[0], nil })}, 2.0},
		{"sha256", []any{"abc"}, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"coalesce", []any{nil, u, "", "x"}, ""},
		{"coalesce", []any{nil, u}, nil},
		{"parseNumber", []any{"1.234,56", "de"}, 1234.56},
		{"parseNumber", []any{"1,234.56"}, 1234.56},
		{"parseNumber", []any{"12 345,5", "fr"}, 12345.5},
		{"parseNumber", []any{"-0,5", "de-AT"}, -0.5},
		{"round", []any{1.005, 2.0}, 1.01},
		{"round", []any{-2.5, 0.0}, -3.0},
		{"round", []any{1234.5678, -2.0}, 1200.0},
		{"round", []any{tenth + 2*tenth, 2.0}, 0.3},
		{"parseDate", []any{"01.03.2026", "dd.MM.yyyy"}, "2026-03-01T00:00:00Z"},
		{"parseDate", []any{"2026-03-01 10:22", "yyyy-MM-dd HH:mm", "Europe/Berlin"}, "2026-03-01T10:22:00+01:00"},
		{"parseDate", []any{"2026-03-01T10:22:33Z"}, "2026-03-01T10:22:33Z"},
		{"parseDate", []any{nil}, nil},
		{"formatDate", []any{"2026-03-01T10:22:33Z", "dd.MM.yyyy HH:mm", "Europe/Berlin"}, "01.03.2026 11:22"},
		{"formatDate", []any{"2026-07-01", "EEE, d MMM yy 'at' h a"}, "Wed, 1 Jul 26 at 12 AM"},
		{"addDate", []any{"2026-01-31T00:00:00Z", 1.0, "month"}, "2026-03-03T00:00:00Z"},
		{"addDate", []any{"2026-03-01T10:00:00Z", -2.0, "days"}, "2026-02-27T10:00:00Z"},
		{"addDate", []any{"2026-03-01T10:00:00Z", 90.0, "minutes"}, "2026-03-01T11:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := call(t, tt.name, tt.args...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestHelperErrors(t *testing.T) {
	tests := []struct {
		name string
		args []any
	}{
		{"lookup", []any{"nope", "x"}},
		{"pad", []any{"x", 1e9}},
		{"pad", []any{"x", 3.0, " ", "middle"}},
		{"sum", []any{"not an array"}},
		{"sum", []any{[]any{1.0}, "not a function"}},
		{"parseDate", []any{"31/02", "dd/MM"}},
		{"parseDate", []any{"x", "dd.QQ"}},
		{"parseDate", []any{"2026-01-01", nil, "Mars/Olympus"}},
		{"formatDate", []any{"yesterday", "yyyy"}},
		{"addDate", []any{"2026-01-01", 1.5, "days"}},
		{"addDate", []any{"2026-01-01", 1.0, "fortnights"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := call(t, tt.name, tt.args...)
			require.Error(t, err)
			assert.ErrorIs(t, err, lib.ErrArgument)
		})
	}
}

func TestParseNumberNotANumber(t *testing.T) {
	got, err := call(t, "parseNumber", "12abc")
	require.NoError(t, err)
	assert.True(t, math.IsNaN(got.(float64)))
}

func TestCallbacksStopOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := lib.New(nil)["sum"](ctx, []any{[]any{1.0}, script.Func(double)})
	require.ErrorIs(t, err, context.Canceled)
}

func TestNamesListsEveryHelper(t *testing.T) {
	assert.ElementsMatch(t, []string{"parseDate", "formatDate", "addDate", "parseNumber", "round", "trim", "pad",
		"split", "upper", "lower", "replace", "lookup", "sum", "min", "max", "count", "sha256", "coalesce"}, lib.Names())
}

var tenth = 0.1

func TestToString(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{lib.Undefined, "undefined"}, {nil, "null"}, {true, "true"}, {tenth + 2*tenth, "0.30000000000000004"},
		{1e21, "1e+21"}, {math.Copysign(0, -1), "0"}, {[]any{1.0, nil, []any{"a", lib.Undefined}}, "1,,a,"},
		{map[string]any{}, "[object Object]"}, {math.NaN(), "NaN"}, {math.Inf(-1), "-Infinity"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, lib.ToString(tt.in))
	}
}
