package script_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

type ctxKey struct{}

func testLibrary(seen *[]any) script.Library {
	return script.Library{
		"echo": func(_ context.Context, args []any) (any, error) {
			*seen = append(*seen, args...)
			return args, nil
		},
		"apply": func(_ context.Context, args []any) (any, error) {
			fn, ok := args[0].(script.Func)
			if !ok {
				return nil, errors.New("not a function")
			}
			return fn(args[1:]...)
		},
		"fail": func(context.Context, []any) (any, error) { return nil, errors.New("helper failed") },
		"fromCtx": func(ctx context.Context, _ []any) (any, error) {
			v, _ := ctx.Value(ctxKey{}).(string)
			return v, nil
		},
		"nothing": func(context.Context, []any) (any, error) { return script.Undefined, nil },
	}
}

func TestLibraryArgumentsAndResults(t *testing.T) {
	var seen []any
	lib := testLibrary(&seen)
	tests := []struct {
		name string
		src  string
		want any
	}{
		{"values round-trip", `return echo(1, "s", null, true, [1, {a: 2}])`,
			[]any{1.0, "s", nil, true, []any{1.0, map[string]any{"a": 2.0}}}},
		{"undefined argument", `return echo(undefined).length`, 1.0},
		{"undefined result", `return nothing() === undefined`, true},
		{"callback", `return apply((a, b) => a * b, 6, 7)`, 42.0},
		{"callback sees undefined", `return apply(x => typeof x, undefined)`, "undefined"},
		{"helper error is a JS Error", `try { fail() } catch (e) { return e instanceof Error && e.message }`, "helper failed"},
		{"callback exception keeps its value", `try { apply(() => { throw 7 }) } catch (e) { return e }`, 7.0},
		{"library is read-only", `echo = 1; return typeof echo`, "function"},
		{"context reaches the host", `return fromCtx()`, "v"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := script.CompileWithLibrary("lib.js", tt.src, lib)
			require.NoError(t, err)
			got, err := p.Call(context.WithValue(context.Background(), ctxKey{}, "v"))
			require.NoError(t, err)
			assert.Equal(t, tt.want, jsoncodec.Plain(got))
		})
	}
	assert.Contains(t, seen, script.Undefined, "undefined arrives as Undefined")
}

func TestLibraryUncaughtHelperErrorIsLocated(t *testing.T) {
	p, err := script.CompileWithLibrary("lib.js", "\n  return fail()", testLibrary(new([]any)))
	require.NoError(t, err)
	_, err = p.Call(context.Background())
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "Error: helper failed", se.Message)
	assert.Equal(t, 2, se.Line)
}

func TestLibraryCallbackIsInterrupted(t *testing.T) {
	p, err := script.CompileWithLibrary("lib.js", `return apply(() => { while (true) {} })`, testLibrary(new([]any)))
	require.NoError(t, err)
	_, err = p.WithOptions(script.Options{Timeout: 50 * time.Millisecond}).Call(context.Background())
	require.ErrorIs(t, err, script.ErrTimeout)
}

func TestLibraryRejectsBadNames(t *testing.T) {
	_, err := script.CompileWithLibrary("lib.js", "return 1", script.Library{"not a name": nil})
	require.Error(t, err)
}
