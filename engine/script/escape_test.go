package script_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/weftworks/weft/engine/jsoncodec"
	"github.com/weftworks/weft/engine/script"
)

// TestEscapeAttemptsFindNoHost tries the usual ways out of a JavaScript
// sandbox; each must end in an ordinary error or a harmless value, never
// in host access.
func TestEscapeAttemptsFindNoHost(t *testing.T) {
	cases := map[string]string{
		"constructor chain":    `return this.constructor.constructor('return process')()`,
		"function constructor": `return Function('return typeof process + typeof require')()`,
		"arrow constructor":    `return (() => {}).constructor('return typeof require')()`,
		"record constructor":   `return msg.constructor.constructor('return typeof process')()`,
		"global from function": `const g = Function('return this')(); return typeof g.process + typeof g.require`,
		"globalThis members":   `return Object.getOwnPropertyNames(globalThis).filter(n => /require|process|module|fs|os|exec|spawn/i.test(n))`,
		"eval":                 `return eval('typeof require + typeof process')`,
		"indirect eval":        `return (0, eval)('typeof process')`,
		"error stack":          `try { null.x } catch (e) { return typeof e.constructor.constructor('return process')() }`,
		"proto of proto":       `return typeof ({}).__proto__.__proto__`,
		"symbol unscopables":   `with (Array.prototype[Symbol.unscopables]) { return typeof require }`,
		"generator ctor":       `return (function*(){}).constructor('yield typeof process')().next().value`,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := call(t, src, map[string]any{"a": 1.0})
			if err != nil {
				var se *script.Error
				require.ErrorAs(t, err, &se, "a failed escape is a script error")
				assert.Contains(t, se.Message, "is not defined")
				return
			}
			text := strings.ToLower(strings.TrimSpace(strings.Join(strings.Fields(toText(got)), " ")))
			for _, host := range []string{"process", "require", "function", "object"} {
				if host == "object" && name == "proto of proto" {
					continue // Object.prototype's prototype is null: "object"
				}
				assert.NotContains(t, text, host, "%s reached %v", name, got)
			}
		})
	}
}

func toText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, p := range v {
			parts[i] = toText(p)
		}
		return strings.Join(parts, " ")
	default:
		return ""
	}
}

// TestNoPollutionBetweenRecords: data that walks __proto__ must not plant
// a property every later record inherits.
func TestNoPollutionBetweenRecords(t *testing.T) {
	p, err := script.Compile("merge.js", `
		const seen = {flag: ({}).isAdmin, arr: [].isAdmin, str: "".isAdmin, fn: (function(){}).isAdmin};
		const target = {};
		target[msg.k1] = target[msg.k1] || {};
		target[msg.k1][msg.k2] = msg.v;          // the classic merge bug
		try { Object.assign(Object.getPrototypeOf([]), {isAdmin: msg.v}) } catch (e) {} // TypeError: not extensible
		try { Object.defineProperty(Object.prototype, 'isAdmin', {value: msg.v}) } catch (e) {}
		return seen`, "msg")
	require.NoError(t, err)
	attack := map[string]any{"k1": "__proto__", "k2": "isAdmin", "v": true}
	for range 3 {
		got, err := p.Call(context.Background(), attack)
		require.NoError(t, err)
		assert.Equal(t, map[string]any{}, jsoncodec.Plain(got), "no record inherits what an earlier one planted")
	}
	for _, k1 := range []string{"constructor", "prototype"} {
		_, err = p.Call(context.Background(), map[string]any{"k1": k1, "k2": "isAdmin", "v": true})
		require.NoError(t, err)
	}
	got, err := call(t, `return ({}).isAdmin === undefined && [].isAdmin === undefined`, nil)
	require.NoError(t, err)
	assert.Equal(t, true, got)
}

func TestOwnFieldsNamedLikeBuiltinsStillWork(t *testing.T) {
	got, err := call(t, `const o = {}; o.toString = "text"; o.constructor = 1; o.valueOf = msg.v; return o`, map[string]any{"v": 2.0})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"toString": "text", "constructor": 1.0, "valueOf": 2.0}, got)
}

// TestHugeBuiltinsThrowBeforeAllocating: built-ins that build a string or
// walk an array inside Go code cannot be interrupted, so they refuse
// sizes past the limits up front.
func TestHugeBuiltinsThrowBeforeAllocating(t *testing.T) {
	for _, src := range []string{
		`return 'x'.repeat(2**31).length`,
		`return 'ab'.repeat(2**26 + 1).length`,
		`return ''.padStart(2**40).length`,
		`return 'x'.padEnd(2**30, 'y').length`,
		`return new Array(2**32 - 1).fill(0).length`,
		`return new Array(2**30).join('x').length`,
		`return Array.from({length: 2**31}).length`,
		`const a = []; a.length = 2**32 - 1; return a.fill(1).length`,
		`const a = []; a.length = 2**32 - 1; return a.indexOf(1)`,
		`const a = [1]; a.length = 2**32 - 1; return a.includes(2)`,
		`const a = []; a.length = 2**32 - 1; a.forEach(x => x); return 1`,
		`const a = []; a.length = 2**32 - 1; return a.reduce((s, x) => s + x, 0)`,
		`const a = []; a.length = 2**32 - 1; return String(a)`,
		`const a = []; a.length = 2**32 - 1; return a.slice(0).length`,
		`const a = []; a.length = 2**32 - 1; return a.reverse().length`,
	} {
		t.Run(src, func(t *testing.T) {
			_, err := call(t, src, nil)
			var se *script.Error
			require.ErrorAs(t, err, &se)
			assert.True(t, strings.HasPrefix(se.Message, "RangeError: Invalid "), se.Message)
		})
	}
	got, err := call(t, `return ['a','b'].join('-') + 'x'.repeat(3) + '7'.padStart(3, '0') + Array.from('hi').length + [1,2].fill(0)`, nil)
	require.NoError(t, err)
	assert.Equal(t, "a-bxxx00720,0", got, "ordinary sizes work as before")
	got, err = call(t, `const a = [3, 1, 2]; return [a.indexOf(1), a.includes(2), a.map(x => x * 2), a.slice(1), [...a].sort(), a.reduce((s, x) => s + x, 0), String(a), [[1], [2]].flat()]`, nil)
	require.NoError(t, err)
	assert.Equal(t, []any{1.0, true, []any{6.0, 2.0, 4.0}, []any{1.0, 2.0}, []any{1.0, 2.0, 3.0}, 6.0, "3,1,2", []any{1.0, 2.0}}, got, "the guarded methods work as before")
}

// TestMemoryBlowUpIsStopped: a script that keeps what it allocates is
// interrupted once the heap grew past its limit, and the program (and the
// process) go on working.
func TestMemoryBlowUpIsStopped(t *testing.T) {
	for _, src := range []string{
		`const keep = []; while (true) keep.push('y'.repeat(1 << 16) + keep.length)`,
		`let s = 'x'; while (true) s = s + s`,
		`const keep = []; while (true) keep.push(new Array(1 << 16).fill(keep.length))`,
	} {
		t.Run(src, func(t *testing.T) {
			p, err := script.Compile("blowup.js", `if (msg.go) { `+src+` } return 'ok'`, "msg")
			require.NoError(t, err)
			p = p.WithOptions(script.Options{Timeout: time.Minute, MaxMemoryBytes: 64 << 20})
			_, err = p.Call(context.Background(), map[string]any{"go": true})
			require.ErrorIs(t, err, script.ErrMemoryLimit)
			assert.Contains(t, err.Error(), "more than the 64 MiB allowed")
			runtime.GC()
			got, err := p.Call(context.Background(), map[string]any{"go": false})
			require.NoError(t, err)
			assert.Equal(t, "ok", got)
		})
	}
}

func TestDefaultMemoryLimit(t *testing.T) {
	p, err := script.Compile("x.js", `return 1`)
	require.NoError(t, err)
	assert.Equal(t, uint64(script.DefaultMaxMemory), p.Options().MaxMemoryBytes)
}
