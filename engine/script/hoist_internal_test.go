package script

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWhichFunctionsAreHoisted: declarations in the snippet's own body
// that are only called and close over nothing of the snippet move; the
// others stay.
func TestWhichFunctionsAreHoisted(t *testing.T) {
	cases := map[string][]string{
		`function f(i) { return i.a * 2 } return f(x)`:                          {"f"},
		`function f(i) { return parseFloat(i) } return parseFloat(f(x))`:        {"f"},
		`for (const i of x) f(i); function f(i) { let j = i; return j }`:        {"f"},
		`function f(n) { return n ? f(n - 1) : 0 } return f(3)`:                 {"f"},
		`function a() { return b() } function b() { return 1 } return a()`:      {"a", "b"},
		`function f() { return {x: 1}.x } return f()`:                           {"f"},
		`function f() { return x } return f()`:                                  nil,
		`const k = 1; function f() { return k } return f()`:                     nil,
		`function f() { return k } if (x) { let k = 1 } return f()`:             nil,
		`function a() { return b() } const b = () => 1; return a()`:             nil,
		`function a() { return b() } function b() { return x } return a()`:      nil,
		`function f() { return 1 } return f`:                                    nil,
		`function f() { return 1 } f.y = 1; return f()`:                         nil,
		`function f() { return 1 } return new f()`:                              nil,
		`function f() { return 1 } return {f}`:                                  nil,
		`function f() { return 1 } return typeof f`:                             nil,
		`function f() { return 1 } f = null; return 1`:                          nil,
		`function f() { return 1 } function f() { return 2 } return f()`:        nil,
		`function f() { return 1 } return x?.(f())`:                             {"f"},
		`function x() { return 1 } return x()`:                                  nil,
		`function f() { return 1 } return f?.()`:                                nil,
		`function f(a = 1) { return a } return f()`:                             nil,
		`function f([a]) { return a } return f([1])`:                            nil,
		`function f(...a) { return a } return f()`:                              nil,
		`async function f() { return 1 } return f()`:                            nil,
		`function* f() { yield 1 } return f()`:                                  nil,
		`if (x) { function f() { return 1 } } return f()`:                       nil,
		`function f() { return arguments.length } return f()`:                   nil,
		`"use strict"; function f() { return 1 } return f()`:                    nil,
		`function f() { return 1 } with (x) { return f() }`:                     nil,
		`function f() { const x = 1; return x } return f()`:                     {"f"},
		`function f() { { const x = 1 } return x } return f()`:                  nil,
		`function f() { try {} catch (y) {} return 1 } const y = 2; return f()`: nil,
	}
	for src, want := range cases {
		p, err := Compile("t.js", src, "x")
		require.NoError(t, err, src)
		var got []string
		if p.lits.hoisted != nil {
			got = p.lits.hoisted.names
		}
		assert.ElementsMatch(t, want, got, src)
	}
}
