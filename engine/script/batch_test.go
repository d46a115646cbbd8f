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

// outcome is what one call of a batch gave.
type outcome struct {
	res any
	err error
}

// batch calls p once per record with Batch.
func batch(ctx context.Context, p *script.Program, records []any) []outcome {
	var got []outcome
	i := 0
	p.Batch(ctx, func() ([]any, bool) {
		if i == len(records) {
			return nil, false
		}
		i++
		return []any{records[i-1]}, true
	}, func(res any, err error) {
		got = append(got, outcome{jsoncodec.Plain(res), err})
	})
	return got
}

// oneByOne calls p once per record with Call.
func oneByOne(ctx context.Context, p *script.Program, records []any) []outcome {
	var got []outcome
	for _, r := range records {
		res, err := p.Call(ctx, r)
		got = append(got, outcome{jsoncodec.Plain(res), err})
	}
	return got
}

// compileMsg compiles src with parameter "msg" and a 100 ms time limit.
func compileMsg(t *testing.T, src string) *script.Program {
	t.Helper()
	p, err := script.Compile("test.js", src, "msg")
	require.NoError(t, err)
	return p.WithOptions(script.Options{Timeout: 100 * time.Millisecond})
}

// TestBatchTimeoutOfOneRecord: the second record loops forever; it times
// out alone, and the records before and after it map.
func TestBatchTimeoutOfOneRecord(t *testing.T) {
	p := compileMsg(t, `if (msg.slow) { for (;;) {} } return { n: msg.n * 2 }`)
	records := []any{map[string]any{"n": 1.0}, map[string]any{"n": 2.0, "slow": true}, map[string]any{"n": 3.0}}
	got := batch(context.Background(), p, records)
	require.Len(t, got, 3)
	assert.Equal(t, outcome{res: map[string]any{"n": 2.0}}, got[0])
	assert.ErrorIs(t, got[1].err, script.ErrTimeout)
	assert.Equal(t, outcome{res: map[string]any{"n": 6.0}}, got[2])
}

// TestBatchLikeCall: results and errors (with their positions) of a batch
// are those of the same calls made one by one, including a view and an
// array a script keeps on a built-in across records, an exception, a Go
// panic inside goja and an argument that is not JSON-like.
func TestBatchLikeCall(t *testing.T) {
	src := `const prev = JSON.parse, prevItems = JSON.stringify.kept;
JSON.parse = msg; JSON.stringify.kept = msg.items;
if (typeof prev !== "function") { prev.seen = { n: msg.n }; prev.again = prev.seen; }
if (msg.throw) throw new TypeError("bad " + msg.n);
if (msg.panic) boom();
return { n: msg.n, prev: typeof prev === "function" ? "fn" : Object.keys(prev).length,
  items: prevItems === undefined ? null : prevItems.length };`
	records := []any{
		map[string]any{"n": 1.0, "items": []any{1.0, 2.0}},
		map[string]any{"n": 2.0, "items": []any{3.0}},
		map[string]any{"n": 3.0, "throw": true},
		map[string]any{"n": 4.0, "items": []any{}},
		map[string]any{"n": 5.0, "panic": true},
		map[string]any{"n": 6.0, "bad": struct{}{}},
		map[string]any{"n": 7.0},
	}
	lib := script.Library{"boom": func(_ context.Context, args []any) (any, error) {
		return args[5], nil // index out of range
	}}
	compile := func() *script.Program {
		p, err := script.CompileWithLibrary("test.js", src, lib, "msg")
		require.NoError(t, err)
		return p
	}
	want := oneByOne(context.Background(), compile(), records)
	got := batch(context.Background(), compile(), records)
	require.Len(t, got, len(want))
	for i := range want {
		assert.Equal(t, want[i].res, got[i].res, "record %d", i+1)
		assert.Equal(t, want[i].err, got[i].err, "record %d", i+1)
	}
	assert.Equal(t, map[string]any{"n": 2.0, "prev": 2.0, "items": 2.0}, got[1].res)
	var se *script.Error
	require.ErrorAs(t, got[2].err, &se)
	assert.Equal(t, script.Error{Line: 4, Column: 22, Message: "TypeError: bad 3"}, *se)
	assert.ErrorContains(t, got[4].err, "the JavaScript engine failed")
	assert.ErrorIs(t, got[5].err, script.ErrArgument)
}

// TestBatchRecursionLimit: the frames that enter a batch do not count
// against a call's recursion limit: the deepest recursion Call allows
// passes in a batch, and one level more fails.
func TestBatchRecursionLimit(t *testing.T) {
	p, err := script.Compile("test.js", `function down(n) { return n === 0 ? 0 : 1 + down(n - 1) }
return down(msg)`, "msg")
	require.NoError(t, err)
	p = p.WithOptions(script.Options{Timeout: time.Minute})
	lo, hi := 1.0, 100_000.0 // down(lo) passes, down(hi) overflows
	for hi-lo > 1 {
		mid := float64(int((lo + hi) / 2))
		if _, err := p.Call(context.Background(), mid); err != nil {
			require.ErrorContains(t, err, "Maximum call stack size exceeded")
			hi = mid
		} else {
			lo = mid
		}
	}
	got := batch(context.Background(), p, []any{lo, hi, 1.0})
	assert.Equal(t, outcome{res: lo}, got[0])
	assert.ErrorContains(t, got[1].err, "Maximum call stack size exceeded")
	assert.Equal(t, outcome{res: 1.0}, got[2])
}

// TestBatchPromiseJobs: jobs a call leaves run before its result is
// converted, as under Call, and jobs that never end time the call out.
func TestBatchPromiseJobs(t *testing.T) {
	src := `const o = { a: msg };
if (msg === 2) { const f = () => Promise.resolve().then(f); f(); }
Promise.resolve().then(() => { o.a = o.a * 10 });
return o;`
	records := []any{1.0, 2.0, 3.0}
	want := oneByOne(context.Background(), compileMsg(t, src), records)
	got := batch(context.Background(), compileMsg(t, src), records)
	assert.Equal(t, outcome{res: map[string]any{"a": 10.0}}, want[0])
	assert.ErrorIs(t, want[1].err, script.ErrTimeout)
	assert.Equal(t, want, got)
}

// TestBatchPromiseJobsOfExport: jobs a result's toJSON leaves run under
// the call's time limit, as under Call, whose export leaves the runtime
// after toJSON.
func TestBatchPromiseJobsOfExport(t *testing.T) {
	src := `const r = { toJSON() {
  if (msg === 2) { const f = () => Promise.resolve().then(f); f(); }
  if (msg === 3) Promise.resolve().then(() => { r.late = 1 });
  return msg } };
return { r };`
	records := []any{1.0, 2.0, 3.0, 4.0}
	want := oneByOne(context.Background(), compileMsg(t, src), records)
	got := batch(context.Background(), compileMsg(t, src), records)
	assert.Equal(t, outcome{res: map[string]any{"r": 1.0}}, want[0])
	assert.ErrorIs(t, want[1].err, script.ErrTimeout)
	assert.Equal(t, want, got)
}

// TestBatchStackTraces: a snippet that reads a stack trace sees the same
// frames as under Call.
func TestBatchStackTraces(t *testing.T) {
	src := `return new Error("x").stack`
	records := []any{nil, nil}
	want := oneByOne(context.Background(), compileMsg(t, src), records)
	got := batch(context.Background(), compileMsg(t, src), records)
	assert.Equal(t, want, got)
	assert.NotContains(t, got[0].res, "weft:batch")
}

// TestBatchCancelled: a cancelled context fails every call.
func TestBatchCancelled(t *testing.T) {
	p := compileMsg(t, `return 1`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := batch(ctx, p, []any{nil, nil})
	require.Len(t, got, 2)
	for _, o := range got {
		assert.ErrorIs(t, o.err, context.Canceled)
	}
}

// TestBatchCallerPanic: a panic in the caller's emit is not taken for
// the engine's: it reaches the caller.
func TestBatchCallerPanic(t *testing.T) {
	p := compileMsg(t, `return 1`)
	boom := errors.New("boom")
	assert.PanicsWithValue(t, boom, func() {
		p.Batch(context.Background(), func() ([]any, bool) { return []any{nil}, true },
			func(any, error) { panic(boom) })
	})
	res, err := p.Call(context.Background(), nil)
	require.NoError(t, err)
	assert.Equal(t, 1.0, res)
}

// TestBatchTimeoutAfterSlowCaller: the timer that polls between a
// batch's calls still stops a call that loops after the caller took its
// time to hand it over, for limits above and below the poll interval.
func TestBatchTimeoutAfterSlowCaller(t *testing.T) {
	for _, limit := range []time.Duration{8 * time.Millisecond, 100 * time.Millisecond} {
		p, err := script.Compile("test.js", `if (msg) { for (;;) {} } return 1`, "msg")
		require.NoError(t, err)
		p = p.WithOptions(script.Options{Timeout: limit})
		records := []any{false, true, false, true}
		var got []outcome
		i := 0
		p.Batch(context.Background(), func() ([]any, bool) {
			if i == len(records) {
				return nil, false
			}
			time.Sleep(30 * time.Millisecond) // several poll intervals
			i++
			return []any{records[i-1]}, true
		}, func(res any, err error) { got = append(got, outcome{res, err}) })
		require.Len(t, got, 4)
		assert.ErrorIs(t, got[1].err, script.ErrTimeout, "limit %s", limit)
		assert.ErrorIs(t, got[3].err, script.ErrTimeout, "limit %s", limit)
		if limit > 10*time.Millisecond { // a busy machine may take longer for the others
			assert.Equal(t, outcome{res: 1.0}, got[0])
			assert.Equal(t, outcome{res: 1.0}, got[2])
		}
	}
}
