package script_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/script"
)

func TestTimeoutInterruptsLoop(t *testing.T) {
	p, err := script.Compile("loop.js", `if (msg.spin) { while (true) {} } return 1`, "msg")
	require.NoError(t, err)
	p = p.WithOptions(script.Options{Timeout: 50 * time.Millisecond})
	_, err = p.Call(context.Background(), map[string]any{"spin": true})
	require.ErrorIs(t, err, script.ErrTimeout)
	assert.EqualError(t, err, "script timed out after 50ms")

	got, err := p.Call(context.Background(), map[string]any{"spin": false})
	require.NoError(t, err, "the program still works after a timeout")
	assert.Equal(t, 1.0, got)
}

func TestDefaultTimeoutMessage(t *testing.T) {
	p, err := script.Compile("loop.js", `while (true) {}`)
	require.NoError(t, err)
	assert.Equal(t, time.Second, p.Options().Timeout)
	_, err = p.Call(context.Background())
	require.ErrorIs(t, err, script.ErrTimeout)
	assert.EqualError(t, err, "script timed out after 1s")
}

func TestContextCancelInterrupts(t *testing.T) {
	p, err := script.Compile("loop.js", `while (true) {}`)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	_, err = p.WithOptions(script.Options{Timeout: time.Minute}).Call(ctx)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, script.ErrTimeout)

	_, err = p.Call(ctx)
	require.ErrorIs(t, err, context.Canceled, "a done context refuses to start")
}

func TestNoHostAccess(t *testing.T) {
	for _, name := range []string{"require", "console", "process", "module", "exports", "fetch", "XMLHttpRequest", "setTimeout", "Deno", "Bun"} {
		t.Run(name, func(t *testing.T) {
			got, err := call(t, `return typeof `+name, nil)
			require.NoError(t, err)
			assert.Equal(t, "undefined", got)
		})
	}
	_, err := call(t, `return require("fs")`, nil)
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "ReferenceError: require is not defined", se.Message)
}

func TestGlobalsNotSharedBetweenCalls(t *testing.T) {
	p, err := script.Compile("globals.js", `
		const seen = [typeof implicit, typeof explicit];
		implicit = 1;
		globalThis.explicit = 2;
		return seen;`)
	require.NoError(t, err)
	for range 3 {
		got, err := p.Call(context.Background())
		require.NoError(t, err)
		assert.Equal(t, []any{"undefined", "undefined"}, got)
	}
}

func TestGlobalsNotSharedBetweenPrograms(t *testing.T) {
	a, err := script.Compile("a.js", `shared = 1; return 0`)
	require.NoError(t, err)
	b, err := script.Compile("b.js", `return typeof shared`)
	require.NoError(t, err)
	_, err = a.Call(context.Background())
	require.NoError(t, err)
	got, err := b.Call(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "undefined", got)
}

func TestRecursionIsBounded(t *testing.T) {
	_, err := call(t, "function f() { return f() }\nreturn f()", nil)
	var se *script.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "RangeError: Maximum call stack size exceeded", se.Message)
	assert.Equal(t, 1, se.Line)
}
