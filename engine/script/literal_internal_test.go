package script

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWhichLiteralsAreRewritten: the simple literals the snippet's own
// body returns become calls; the others, and every literal of a snippet
// that could see the hidden parameter, stay objects.
func TestWhichLiteralsAreRewritten(t *testing.T) {
	cases := map[string][][]string{
		`return {a: 1, b}`: {{"a", "b"}},
		`if (x) return {a: 1}; for (;;) { try { return {b: 2} } finally {} }`: {{"a"}, {"b"}},
		`switch (x) { case 1: return {c: 1} } return {d: 2}`:                  {{"c"}, {"d"}},
		`return {1: 1}`:            nil,
		`return {[x]: 1}`:          nil,
		`return {...x}`:            nil,
		`return {a: 1, a: 2}`:      nil,
		`return {__proto__: null}`: nil,
		`return {toJSON: 1}`:       nil,
		`return {f: () => 1}`:      nil,
		`return {m() {}}`:          nil,
		`return {é: 1}`:            nil,
		`const f = () => { return {a: 1} }; return f()`: nil,
		`with (x) { return {a: 1} }`:                    nil,
		`return {a: arguments.length}`:                  nil,
		`return {a: eval("1")}`:                         nil,
		`return {a: "\u00e9"}`:                          nil,
		`return x`:                                      nil,
	}
	for src, want := range cases {
		p, err := Compile("t.js", src, "x")
		require.NoError(t, err, src)
		assert.Equal(t, want, p.lits.keys, src)
		assert.Equal(t, want != nil, p.lits.param != "", src)
	}
}

func TestHiddenNameAvoidsTheSource(t *testing.T) {
	assert.Equal(t, "__weftResult", hiddenName("return {a: 1}", "__weftResult"))
	assert.Equal(t, "__weftResult1", hiddenName("__weftResult, __weftResult0", "__weftResult"))
}

// TestWhichForOfsAreRewritten: loops over a name or a member of one,
// declaring const or let, not labelled and not reading their own binding.
func TestWhichForOfsAreRewritten(t *testing.T) {
	cases := map[string]bool{
		`for (const i of x.items) {}`:                     true,
		`for (let [a, b] of x) {}`:                        true,
		`if (x) { while (x) { for (const i of x) {} } }`:  true,
		`try {} finally { for (const i of x) {} }`:        true,
		`L: for (const i of x) { for (const j of i) {} }`: true,
		`L: for (const i of x) {}`:                        false,
		`for (var i of x) {}`:                             false,
		`let i; for (i of x) {}`:                          false,
		`for (const i of f(x)) {}`:                        true,
		`for (const i of (x)) {}`:                         true,
		`for (const i of x[0]) {}`:                        false,
		`for (const i of x?.y) {}`:                        false,
		`for (const x of x) {}`:                           false,
		`for (const {a = x} of x) {}`:                     false,
		`const f = () => { for (const i of x) {} }`:       false,
		`for (const i of x) {} return arguments`:          false,
	}
	for src, want := range cases {
		p, err := Compile("t.js", src, "x")
		require.NoError(t, err, src)
		assert.Equal(t, want, p.lits.forOf.fast != "", src)
	}
}
